//! This server's own log lines, kept in a bounded buffer for `logs()`, at the level of the
//! server's `logLevel` option. Each line also goes to `tracing`, so PACT_MOCK_SERVER_LOG still
//! shows every server's lines on stderr.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// How many lines a server keeps; older ones are dropped first.
pub const LOG_LINE_LIMIT: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub const NAMES: &'static str = "'error', 'warn', 'info', 'debug', 'trace'";

    pub fn parse(name: &str) -> Option<LogLevel> {
        match name {
            "error" => Some(LogLevel::Error),
            "warn" => Some(LogLevel::Warn),
            "info" => Some(LogLevel::Info),
            "debug" => Some(LogLevel::Debug),
            "trace" => Some(LogLevel::Trace),
            _ => None,
        }
    }
}

/// One line of `logs()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    /// Milliseconds since the Unix epoch (`new Date(line.time)` in JavaScript).
    pub time: f64,
    pub level: LogLevel,
    pub message: String,
}

pub struct ServerLog {
    level: LogLevel,
    lines: Mutex<VecDeque<LogLine>>,
}

impl ServerLog {
    pub fn new(level: LogLevel) -> Self {
        ServerLog {
            level,
            lines: Mutex::new(VecDeque::new()),
        }
    }

    /// Whether a line at `level` is kept; callers check it before building an expensive message.
    pub fn enabled(&self, level: LogLevel) -> bool {
        level <= self.level || tracing_enabled(level)
    }

    pub fn log(&self, level: LogLevel, message: impl FnOnce() -> String) {
        let keep = level <= self.level;
        if !keep && !tracing_enabled(level) {
            return;
        }
        let message = message();
        emit_tracing(level, &message);
        if !keep {
            return;
        }
        let time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64() * 1000.0)
            .unwrap_or_default();
        let mut lines = self.lines.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if lines.len() == LOG_LINE_LIMIT {
            lines.pop_front();
        }
        lines.push_back(LogLine { time, level, message });
    }

    /// The kept lines, oldest first.
    pub fn lines(&self) -> Vec<LogLine> {
        let lines = self.lines.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        lines.iter().cloned().collect()
    }
}

fn tracing_enabled(level: LogLevel) -> bool {
    match level {
        LogLevel::Error => tracing::enabled!(tracing::Level::ERROR),
        LogLevel::Warn => tracing::enabled!(tracing::Level::WARN),
        LogLevel::Info => tracing::enabled!(tracing::Level::INFO),
        LogLevel::Debug => tracing::enabled!(tracing::Level::DEBUG),
        LogLevel::Trace => tracing::enabled!(tracing::Level::TRACE),
    }
}

fn emit_tracing(level: LogLevel, message: &str) {
    match level {
        LogLevel::Error => tracing::error!("{message}"),
        LogLevel::Warn => tracing::warn!("{message}"),
        LogLevel::Info => tracing::info!("{message}"),
        LogLevel::Debug => tracing::debug!("{message}"),
        LogLevel::Trace => tracing::trace!("{message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_at_or_above_its_level() {
        let log = ServerLog::new(LogLevel::Warn);
        log.log(LogLevel::Info, || "request received".into());
        log.log(LogLevel::Warn, || "mismatch".into());
        log.log(LogLevel::Error, || "failed".into());
        let kept: Vec<(LogLevel, String)> = log.lines().into_iter().map(|line| (line.level, line.message)).collect();
        assert_eq!(
            kept,
            [(LogLevel::Warn, "mismatch".into()), (LogLevel::Error, "failed".into())]
        );
        assert!(log.lines()[0].time > 1.0e12);
    }

    #[test]
    fn the_buffer_is_bounded_and_drops_the_oldest() {
        let log = ServerLog::new(LogLevel::Trace);
        for n in 0..LOG_LINE_LIMIT + 5 {
            log.log(LogLevel::Debug, || format!("line {n}"));
        }
        let lines = log.lines();
        assert_eq!(lines.len(), LOG_LINE_LIMIT);
        assert_eq!(lines[0].message, "line 5");
    }

    #[test]
    fn level_names_parse() {
        assert_eq!(LogLevel::parse("debug"), Some(LogLevel::Debug));
        assert_eq!(LogLevel::parse("verbose"), None);
        assert!(LogLevel::Error < LogLevel::Trace);
    }
}

//! One error type for everything the engine can refuse, with the stable codes of api.md.

use std::fmt;

/// The stable code a caller can branch on. The binding passes it through as `error.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    PactInvalid,
    InvalidOption,
    AddressInUse,
    AddressInvalid,
    TlsConfig,
    PactWrite,
    PactMismatch,
    /// A plugin the pact needs is missing, or failed to start or answer.
    Plugin,
    /// A bug in this package (a panic, a task that vanished). Never the caller's fault.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::PactInvalid => "ERR_PACT_INVALID",
            ErrorCode::InvalidOption => "ERR_INVALID_OPTION",
            ErrorCode::AddressInUse => "ERR_ADDRESS_IN_USE",
            ErrorCode::AddressInvalid => "ERR_ADDRESS_INVALID",
            ErrorCode::TlsConfig => "ERR_TLS_CONFIG",
            ErrorCode::PactWrite => "ERR_PACT_WRITE",
            ErrorCode::PactMismatch => "ERR_PACT_MISMATCH",
            ErrorCode::Plugin => "ERR_PLUGIN",
            ErrorCode::Internal => "ERR_INTERNAL",
        }
    }
}

impl AsRef<str> for ErrorCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    pub code: ErrorCode,
    pub message: String,
}

impl EngineError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        EngineError {
            code,
            message: message.into(),
        }
    }

    pub fn pact_invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PactInvalid, message)
    }

    pub fn invalid_option(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidOption, message)
    }

    pub fn pact_write(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PactWrite, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            ErrorCode::Internal,
            format!(
                "{} (this is a bug in pact-mock-server: please report it with the pact that caused it)",
                message.into()
            ),
        )
    }

    /// Turns a caught panic payload into an internal error that names what was being done.
    pub fn from_panic(doing: &str, payload: Box<dyn std::any::Any + Send>) -> Self {
        Self::internal(format!("panic while {doing}: {}", panic_message(&payload)))
    }
}

pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for EngineError {}

pub type EngineResult<T> = Result<T, EngineError>;

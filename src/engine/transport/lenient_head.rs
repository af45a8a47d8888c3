//! Request heads that hyper would refuse with a bare 400, made readable so that the request is
//! matched and recorded like any other.
//!
//! Two things in a header value stop hyper's parser: obsolete line folding (a value continued
//! on the next line, which is how a line break inside a value travels) and control characters.
//! RFC 9112 §5.2 lets a server replace each fold with spaces, and RFC 9110 §5.5 lets it replace
//! CR and NUL with a space; the other control characters, which no rule covers, are shown as
//! their Unicode control pictures (U+2400…) so that a report says what arrived.
//!
//! Only request heads are touched, and only when they need it: the reader follows each request's
//! framing (Content-Length or chunked) to know where the next head starts, and passes everything
//! through unchanged from the moment it meets anything it does not follow (HTTP/2, an upgrade,
//! an unknown transfer coding, a malformed chunk), leaving that to hyper.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A head this long without its blank line is left to hyper, which refuses it.
const HEAD_LIMIT: usize = 256 * 1024;
/// A chunk-size line or trailer line this long is not something we follow.
const LINE_LIMIT: usize = 8 * 1024;

pub struct LenientHeads<T> {
    inner: T,
    mode: Mode,
    /// Bytes read but not yet looked at.
    input: BytesMut,
    /// Bytes looked at and ready for hyper.
    output: BytesMut,
    /// The head being collected, up to its blank line.
    head: Vec<u8>,
}

#[derive(Debug, PartialEq)]
enum Mode {
    Head,
    Body { remaining: u64 },
    Chunked(Chunk),
    PassThrough,
}

#[derive(Debug, PartialEq)]
enum Chunk {
    SizeLine(Vec<u8>),
    Data { remaining: u64 },
    DataEnd { seen: usize },
    Trailers(Vec<u8>),
}

impl<T> LenientHeads<T> {
    pub fn new(inner: T) -> Self {
        LenientHeads {
            inner,
            mode: Mode::Head,
            input: BytesMut::new(),
            output: BytesMut::new(),
            head: Vec::new(),
        }
    }

    /// Moves what can be decided from `input` to `output`.
    fn process_input(&mut self) {
        while !self.input.is_empty() {
            match &mut self.mode {
                Mode::PassThrough => {
                    let rest = self.input.split();
                    self.output.extend_from_slice(&rest);
                }
                Mode::Head => self.collect_head(),
                Mode::Body { .. } | Mode::Chunked(_) => {
                    let mut input = std::mem::take(&mut self.input);
                    let passed = self.follow_body(&input);
                    self.output.extend_from_slice(&input.split_to(passed));
                    self.input = input;
                }
            }
        }
    }

    fn collect_head(&mut self) {
        let end = head_end(&self.head, &self.input);
        let taken = end.unwrap_or(self.input.len());
        self.head.extend_from_slice(&self.input[..taken]);
        self.input.advance(taken);
        // Waiting for the end of something that is not a request would only delay hyper's 400.
        if self.head.len() > HEAD_LIMIT || !may_be_request_start(&self.head) {
            self.output.extend_from_slice(&self.head);
            self.head.clear();
            self.mode = Mode::PassThrough;
            return;
        }
        if end.is_some() {
            let head = std::mem::take(&mut self.head);
            let head = repaired(&head).unwrap_or(head);
            self.mode = mode_after(&head);
            self.output.extend_from_slice(&head);
        }
    }

    /// Follows the current body through `bytes`; returns how many of them belong to it. The mode
    /// moves on to the next head when the body ends.
    fn follow_body(&mut self, bytes: &[u8]) -> usize {
        let mut used = 0;
        while used < bytes.len() {
            let rest = &bytes[used..];
            match &mut self.mode {
                Mode::Body { remaining } => {
                    let take = (*remaining).min(rest.len() as u64);
                    *remaining -= take;
                    used += take as usize;
                    if *remaining == 0 {
                        self.mode = Mode::Head;
                        return used;
                    }
                }
                Mode::Chunked(chunk) => {
                    let (taken, next) = follow_chunk(chunk, rest);
                    used += taken;
                    match next {
                        // Not a body we follow: everything from here on goes through as it is.
                        Some(Mode::PassThrough) => {
                            self.mode = Mode::PassThrough;
                            return bytes.len();
                        }
                        Some(Mode::Head) => {
                            self.mode = Mode::Head;
                            return used;
                        }
                        Some(next) => self.mode = next,
                        None => {}
                    }
                }
                Mode::Head | Mode::PassThrough => return used,
            }
        }
        used
    }
}

/// One step through a chunked body: the bytes used, and the mode to switch to, if any.
fn follow_chunk(chunk: &mut Chunk, bytes: &[u8]) -> (usize, Option<Mode>) {
    match chunk {
        Chunk::SizeLine(line) => match collect_line(line, bytes) {
            LineStep::Partial(used, next) => (used, next),
            LineStep::Complete(used) => {
                let next = match chunk_size(line) {
                    None => Mode::PassThrough,
                    Some(0) => Mode::Chunked(Chunk::Trailers(Vec::new())),
                    Some(size) => Mode::Chunked(Chunk::Data { remaining: size }),
                };
                (used, Some(next))
            }
        },
        Chunk::Data { remaining } => {
            let take = (*remaining).min(bytes.len() as u64);
            *remaining -= take;
            let next = (*remaining == 0).then_some(Mode::Chunked(Chunk::DataEnd { seen: 0 }));
            (take as usize, next)
        }
        Chunk::DataEnd { seen } => match (bytes[0], *seen) {
            (b'\r', 0) => {
                *seen = 1;
                (1, None)
            }
            (b'\n', _) => (1, Some(Mode::Chunked(Chunk::SizeLine(Vec::new())))),
            _ => (0, Some(Mode::PassThrough)),
        },
        Chunk::Trailers(line) => match collect_line(line, bytes) {
            LineStep::Partial(used, next) => (used, next),
            LineStep::Complete(used) => {
                let blank = line == b"\n" || line == b"\r\n";
                line.clear();
                (used, blank.then_some(Mode::Head))
            }
        },
    }
}

enum LineStep {
    /// No newline yet: all bytes used, and pass-through once the line is too long to be real.
    Partial(usize, Option<Mode>),
    /// The line (in the buffer) ends with its newline; the bytes used.
    Complete(usize),
}

/// Appends `bytes` to `line` up to and including the first newline.
fn collect_line(line: &mut Vec<u8>, bytes: &[u8]) -> LineStep {
    match bytes.iter().position(|&b| b == b'\n') {
        None => {
            line.extend_from_slice(bytes);
            let next = (line.len() > LINE_LIMIT).then_some(Mode::PassThrough);
            LineStep::Partial(bytes.len(), next)
        }
        Some(newline) => {
            line.extend_from_slice(&bytes[..=newline]);
            LineStep::Complete(newline + 1)
        }
    }
}

fn chunk_size(line: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(line).ok()?;
    let size = text.split(';').next()?.trim();
    if size.is_empty() || size.len() > 16 {
        return None;
    }
    u64::from_str_radix(size, 16).ok()
}

/// Where in `more` the head ends (just after its blank line), given what is already collected.
fn head_end(collected: &[u8], more: &[u8]) -> Option<usize> {
    // Leading empty lines before a request line are allowed (RFC 9112 §2.2) and are not its end.
    let mut previous: Vec<u8> = collected.iter().rev().take(3).rev().copied().collect();
    let mut started = collected.iter().any(|&b| b != b'\r' && b != b'\n');
    for (index, &byte) in more.iter().enumerate() {
        if byte != b'\r' && byte != b'\n' {
            started = true;
        }
        previous.push(byte);
        if previous.len() > 4 {
            previous.remove(0);
        }
        if started && byte == b'\n' && (previous.ends_with(b"\n\n") || previous.ends_with(b"\n\r\n")) {
            return Some(index + 1);
        }
    }
    None
}

/// The head with folds unfolded and control characters replaced, or `None` when it needs neither.
fn repaired(head: &[u8]) -> Option<Vec<u8>> {
    let lines = split_lines(head);
    let request_line = lines.iter().position(|line| !line.is_empty())?;
    let header_lines = &lines[request_line + 1..];
    let folded = header_lines.iter().any(|line| starts_with_space(line));
    let controlled = header_lines.iter().any(|line| line.iter().any(|&b| needs_replacing(b)));
    if !folded && !controlled {
        return None;
    }
    let mut fields: Vec<Vec<u8>> = Vec::new();
    for line in header_lines.iter().filter(|line| !line.is_empty()) {
        match fields.last_mut() {
            Some(field) if starts_with_space(line) => {
                trim_end_spaces(field);
                field.push(b' ');
                field.extend_from_slice(line.trim_ascii_start());
            }
            _ => fields.push(line.to_vec()),
        }
    }
    let mut out = Vec::with_capacity(head.len() + 16);
    for line in &lines[..=request_line] {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    for field in fields {
        for byte in field {
            replace_control(byte, &mut out);
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    Some(out)
}

/// Lines without their CRLF or LF; the blank line that ends the head is not among them.
fn split_lines(head: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .collect();
    // The head ends "…\n\n": the split leaves the blank line and an empty tail.
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

fn starts_with_space(line: &[u8]) -> bool {
    matches!(line.first(), Some(b' ' | b'\t'))
}

fn trim_end_spaces(field: &mut Vec<u8>) {
    while matches!(field.last(), Some(b' ' | b'\t')) {
        field.pop();
    }
}

/// Bytes hyper refuses inside a header line: controls other than tab, and DEL.
fn needs_replacing(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

fn replace_control(byte: u8, out: &mut Vec<u8>) {
    match byte {
        b'\r' | 0 => out.push(b' '),
        0x7f => out.extend_from_slice("\u{2421}".as_bytes()),
        byte if needs_replacing(byte) => {
            let picture = char::from_u32(0x2400 + u32::from(byte)).expect("U+2400..U+241F are characters");
            let mut encoded = [0; 4];
            out.extend_from_slice(picture.encode_utf8(&mut encoded).as_bytes());
        }
        byte => out.push(byte),
    }
}

/// How the bytes after this head are framed.
/// False once `head` cannot begin an HTTP/1 request: a method that is not a token, or a first
/// line that does not end in an HTTP version.
fn may_be_request_start(head: &[u8]) -> bool {
    const LONGEST_METHOD: usize = 32;
    let start = head
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(head.len());
    let line = &head[start..];
    let method_end = line.iter().position(|&b| b == b' ');
    let method = &line[..method_end.unwrap_or(line.len())];
    let is_tchar = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if method.len() > LONGEST_METHOD || !method.iter().all(is_tchar) {
        return false;
    }
    match line.iter().position(|&b| b == b'\n') {
        Some(end) => {
            let first_line = line[..end].strip_suffix(b"\r").unwrap_or(&line[..end]);
            let version = first_line.rsplit(|&b| b == b' ').next().unwrap_or_default();
            version.len() == 8 && version.starts_with(b"HTTP/")
        }
        None => true,
    }
}

fn mode_after(head: &[u8]) -> Mode {
    let lines = split_lines(head);
    let Some(request_line) = lines.iter().position(|line| !line.is_empty()) else {
        return Mode::PassThrough;
    };
    let method = lines[request_line].split(|&b| b == b' ').next().unwrap_or_default();
    if method == b"PRI" || method.eq_ignore_ascii_case(b"CONNECT") {
        return Mode::PassThrough;
    }
    let mut lengths = Vec::new();
    let mut codings = Vec::new();
    for line in &lines[request_line + 1..] {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = line[..colon].trim_ascii();
        let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).to_string();
        if name.eq_ignore_ascii_case(b"content-length") {
            lengths.extend(value.split(',').map(|length| length.trim().to_string()));
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            codings.extend(value.split(',').map(|coding| coding.trim().to_ascii_lowercase()));
        } else if name.eq_ignore_ascii_case(b"upgrade") {
            return Mode::PassThrough;
        }
    }
    if !codings.is_empty() {
        return if codings.last().is_some_and(|coding| coding == "chunked") {
            Mode::Chunked(Chunk::SizeLine(Vec::new()))
        } else {
            Mode::PassThrough
        };
    }
    match lengths.first() {
        None => Mode::Head,
        Some(first) if lengths.iter().all(|length| length == first) => match first.parse::<u64>() {
            Ok(0) => Mode::Head,
            Ok(remaining) if first.bytes().all(|b| b.is_ascii_digit()) => Mode::Body { remaining },
            _ => Mode::PassThrough,
        },
        Some(_) => Mode::PassThrough,
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for LenientHeads<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if !this.output.is_empty() {
                let take = this.output.len().min(buf.remaining());
                buf.put_slice(&this.output.split_to(take));
                return Poll::Ready(Ok(()));
            }
            if !this.input.is_empty() {
                this.process_input();
                continue;
            }
            if this.mode == Mode::PassThrough {
                return Pin::new(&mut this.inner).poll_read(cx, buf);
            }
            if matches!(this.mode, Mode::Body { .. } | Mode::Chunked(_)) {
                // Body bytes go straight into hyper's buffer; what follows the body is kept back.
                let before = buf.filled().len();
                ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
                let read = buf.filled().len() - before;
                if read == 0 {
                    return Poll::Ready(Ok(()));
                }
                let body = this.follow_body(&buf.filled()[before..]);
                if body < read {
                    this.input.extend_from_slice(&buf.filled()[before + body..]);
                    buf.set_filled(before + body);
                }
                if body > 0 {
                    return Poll::Ready(Ok(()));
                }
                continue;
            }
            let mut scratch = [0u8; 8192];
            let mut scratch = ReadBuf::new(&mut scratch);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut scratch))?;
            if scratch.filled().is_empty() {
                // The peer is done: whatever head there is goes to hyper as it is.
                if this.head.is_empty() {
                    return Poll::Ready(Ok(()));
                }
                let head = std::mem::take(&mut this.head);
                this.output.extend_from_slice(&head);
                this.mode = Mode::PassThrough;
                continue;
            }
            this.input.extend_from_slice(scratch.filled());
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for LenientHeads<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    #[test]
    fn only_what_may_start_a_request_is_held_back() {
        assert!(may_be_request_start(b"GE"));
        assert!(may_be_request_start(b"\r\nGET /a HTTP/1.1\r\nX: 1"));
        assert!(!may_be_request_start(b"\x89PNG\r\n"));
        assert!(!may_be_request_start(b"GET /a\r\n"));
        assert!(!may_be_request_start(&[b'A'; 40]));
    }

    #[tokio::test]
    async fn garbage_reaches_hyper_at_once() {
        use tokio::io::AsyncWriteExt;
        // The peer keeps the connection open: nothing but the bytes themselves may release them.
        let (mut peer, ours) = tokio::io::duplex(8192);
        peer.write_all(&[0xff; 4096]).await.unwrap();
        let mut reader = LenientHeads::new(ours);
        let mut first = [0u8; 16];
        let read = tokio::time::timeout(std::time::Duration::from_secs(2), reader.read(&mut first))
            .await
            .expect("garbage was held back waiting for a blank line")
            .unwrap();
        assert_eq!(read, 16);
    }

    /// A peer that sends `data` a few bytes at a time.
    struct Trickle {
        data: Vec<u8>,
        sent: usize,
        step: usize,
    }

    impl AsyncRead for Trickle {
        fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
            let end = (self.sent + self.step)
                .min(self.data.len())
                .min(self.sent + buf.remaining());
            buf.put_slice(&self.data[self.sent..end]);
            self.sent = end;
            Poll::Ready(Ok(()))
        }
    }

    /// What hyper reads when the peer sends `data`, for every way of cutting it into pieces.
    async fn read_through(data: &[u8]) -> Vec<u8> {
        let mut outputs = Vec::new();
        for step in [1, 2, 3, 5, 8, 13, 64, data.len().max(1)] {
            let peer = Trickle {
                data: data.to_vec(),
                sent: 0,
                step,
            };
            let mut read = Vec::new();
            LenientHeads::new(peer).read_to_end(&mut read).await.unwrap();
            outputs.push(read);
        }
        assert!(
            outputs.windows(2).all(|pair| pair[0] == pair[1]),
            "the output depends on how the input was cut"
        );
        outputs.pop().unwrap()
    }

    #[tokio::test]
    async fn valid_requests_pass_unchanged_bodies_included() {
        let data: &[u8] = b"\r\nPOST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nab\r\n  \x01\r\n\tcd\
GET /b?q=1 HTTP/1.1\nHost: x\n\n\
PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nx\r\n \x00\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n\
DELETE /d HTTP/1.1\r\nContent-Length: 0\r\nX-Tab: a\tb\r\nX-Latin: caf\xe9\r\n\r\n";
        assert_eq!(read_through(data).await, data);
    }

    #[tokio::test]
    async fn folded_header_values_are_unfolded_with_a_space() {
        let data = b"GET / HTTP/1.1\r\nContent-Type: text/x; a=1;\r\n    b=2\r\nX-Two: one\n\t two \r\n  three\r\nHost: x\r\n\r\n";
        assert_eq!(
            read_through(data).await,
            b"GET / HTTP/1.1\r\nContent-Type: text/x; a=1; b=2\r\nX-Two: one two three\r\nHost: x\r\n\r\n"
        );
    }

    #[tokio::test]
    async fn control_characters_become_spaces_or_control_pictures() {
        let data = b"GET / HTTP/1.1\r\nX-Ctl: a\x01b\x00c\rd\x7f\x1b\r\n\r\n";
        assert_eq!(
            String::from_utf8(read_through(data).await).unwrap(),
            "GET / HTTP/1.1\r\nX-Ctl: a\u{2401}b c d\u{2421}\u{241b}\r\n\r\n"
        );
    }

    #[tokio::test]
    async fn every_head_on_a_connection_is_repaired_and_no_body() {
        let data = b"POST / HTTP/1.1\r\nContent-Length: 8\r\n\r\na:\r\n  b\x01\
POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\n\r\n \r\n0\r\n\r\n\
GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n";
        let expected = b"POST / HTTP/1.1\r\nContent-Length: 8\r\n\r\na:\r\n  b\x01\
POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\n\r\n \r\n0\r\n\r\n\
GET / HTTP/1.1\r\nX-A: 1 2\r\n\r\n";
        assert_eq!(read_through(data).await, expected);
    }

    #[tokio::test]
    async fn what_it_does_not_follow_passes_through_untouched() {
        for data in [
            // HTTP/2 with prior knowledge.
            &b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\r\n x"[..],
            // A transfer coding it does not know, then a folded head it no longer looks at.
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b\r\n x\r\nGET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n",
            // A chunk size that is not hexadecimal.
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n",
            // Conflicting lengths.
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab\r\n x",
            // An upgrade.
            b"GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x81\x05\r\n x",
        ] {
            assert_eq!(read_through(data).await, data, "{}", String::from_utf8_lossy(data));
        }
    }

    #[tokio::test]
    async fn a_head_past_the_limit_reaches_hyper_as_sent() {
        let mut data = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        data.resize(HEAD_LIMIT + 10, b'a');
        data.extend_from_slice(b"\r\nX-A: 1\r\n 2\r\n\r\n");
        let mut read = Vec::new();
        let peer = Trickle {
            data: data.clone(),
            sent: 0,
            step: 4096,
        };
        LenientHeads::new(peer).read_to_end(&mut read).await.unwrap();
        assert_eq!(read, data);
    }

    #[tokio::test]
    async fn an_unfinished_head_reaches_hyper_as_sent() {
        let data = b"GET / HTTP/1.1\r\nX-A: 1\r\n 2";
        assert_eq!(read_through(data).await, data);
    }
}

//! A deadline for a connection's first bytes. hyper's header timeout starts only once HTTP/1 has
//! been told apart from HTTP/2, and telling them apart waits for bytes with no deadline: without
//! this, a client that connects and sends nothing holds its connection until shutdown.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// The HTTP/2 preface is 24 bytes: once that many arrived, hyper's own timeouts take over.
const FIRST_BYTES: usize = 24;

pub struct FirstBytesDeadline<I> {
    io: I,
    deadline: Option<Pin<Box<Sleep>>>,
    remaining: usize,
}

impl<I> FirstBytesDeadline<I> {
    pub fn new(io: I, timeout: Duration) -> Self {
        FirstBytesDeadline {
            io,
            deadline: Some(Box::pin(tokio::time::sleep(timeout))),
            remaining: FIRST_BYTES,
        }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for FirstBytesDeadline<I> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(result) => {
                let read = buf.filled().len() - before;
                if result.is_err() || read == 0 || read >= this.remaining {
                    this.deadline = None;
                    this.remaining = 0;
                } else {
                    this.remaining -= read;
                }
                Poll::Ready(result)
            }
            Poll::Pending => {
                let expired = this
                    .deadline
                    .as_mut()
                    .is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready());
                if expired {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client sent no request in time",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for FirstBytesDeadline<I> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    #[tokio::test]
    async fn silence_times_out_and_enough_bytes_lift_the_deadline() {
        let (mut client, server) = tokio::io::duplex(64);
        let mut guarded = FirstBytesDeadline::new(server, Duration::from_millis(100));
        let mut buf = [0u8; 64];
        let err = guarded.read(&mut buf).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);

        let (mut client2, server2) = tokio::io::duplex(64);
        let mut guarded = FirstBytesDeadline::new(server2, Duration::from_millis(100));
        client2.write_all(&[b'x'; FIRST_BYTES]).await.unwrap();
        assert_eq!(guarded.read(&mut buf).await.unwrap(), FIRST_BYTES);
        // Past the first bytes, waiting is hyper's business: no timeout from here.
        tokio::time::sleep(Duration::from_millis(200)).await;
        client2.write_all(b"more").await.unwrap();
        assert_eq!(guarded.read(&mut buf).await.unwrap(), 4);
        client.shutdown().await.unwrap();
    }

    #[tokio::test]
    async fn a_trickle_of_bytes_does_not_restart_the_deadline() {
        let (mut client, server) = tokio::io::duplex(64);
        let mut guarded = FirstBytesDeadline::new(server, Duration::from_millis(300));
        let trickle = tokio::spawn(async move {
            for _ in 0..20 {
                if client.write_all(b"P").await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        let mut buf = [0u8; 1];
        let started = tokio::time::Instant::now();
        let outcome = loop {
            match guarded.read(&mut buf).await {
                Ok(_) => continue,
                Err(err) => break err,
            }
        };
        assert_eq!(outcome.kind(), io::ErrorKind::TimedOut);
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
        trickle.abort();
    }
}

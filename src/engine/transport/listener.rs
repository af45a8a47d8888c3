//! Binding, accepting and the bounded graceful shutdown.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;
use tracing::{debug, warn};

use super::first_bytes::FirstBytesDeadline;
use super::lenient_head::LenientHeads;
use crate::engine::config::SHUTDOWN_GRACE;
use crate::engine::error::{EngineError, EngineResult, ErrorCode};
use crate::engine::service::{handle, ServerState};

/// Binds `host`. "localhost" binds both loopbacks on one port, so a client that resolves
/// `localhost` to either address connects.
pub async fn bind(host: &str, port: u16) -> EngineResult<Vec<TcpListener>> {
    if host.eq_ignore_ascii_case("localhost") {
        return bind_both_loopbacks(port).await;
    }
    let address = resolve(host, port).await?;
    let listener = TcpListener::bind(address)
        .await
        .map_err(|err| bind_error(host, port, &err))?;
    Ok(vec![listener])
}

async fn resolve(host: &str, port: u16) -> EngineResult<SocketAddr> {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let mut found = tokio::net::lookup_host((host, port)).await.map_err(|err| {
        EngineError::new(
            ErrorCode::AddressInvalid,
            format!("host {host:?} cannot be bound: it is not an IP address and does not resolve ({err}); use \"127.0.0.1\", \"::1\" or \"localhost\""),
        )
    })?;
    found.next().ok_or_else(|| {
        EngineError::new(
            ErrorCode::AddressInvalid,
            format!("host {host:?} resolves to no address"),
        )
    })
}

async fn bind_both_loopbacks(port: u16) -> EngineResult<Vec<TcpListener>> {
    const ATTEMPTS: usize = 10;
    for _ in 0..ATTEMPTS {
        let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|err| bind_error("localhost", port, &err))?;
        let chosen = v4
            .local_addr()
            .map_err(|err| bind_error("localhost", port, &err))?
            .port();
        match TcpListener::bind((Ipv6Addr::LOCALHOST, chosen)).await {
            Ok(v6) => return Ok(vec![v4, v6]),
            // The system gave us a port that is free on 127.0.0.1 but taken on ::1: try another.
            Err(err) if err.kind() == io::ErrorKind::AddrInUse && port == 0 => continue,
            Err(err) if err.kind() == io::ErrorKind::AddrInUse => return Err(bind_error("localhost", port, &err)),
            // No IPv6 on this machine: 127.0.0.1 alone is what localhost can mean here.
            Err(err) => {
                debug!("::1 is not available ({err}); localhost serves 127.0.0.1 only");
                return Ok(vec![v4]);
            }
        }
    }
    Err(EngineError::new(
        ErrorCode::AddressInUse,
        format!("no port was free on both 127.0.0.1 and ::1 after {ATTEMPTS} attempts"),
    ))
}

fn bind_error(host: &str, port: u16, err: &io::Error) -> EngineError {
    match err.kind() {
        io::ErrorKind::AddrInUse => EngineError::new(
            ErrorCode::AddressInUse,
            format!("port {port} on {host} is already in use: stop what holds it, or pass port 0 to let the system pick a free port"),
        ),
        io::ErrorKind::AddrNotAvailable => EngineError::new(
            ErrorCode::AddressInvalid,
            format!("cannot listen on {host}: no network interface of this machine has that address ({err}); use \"127.0.0.1\", \"::1\", \"localhost\", or \"0.0.0.0\" / \"::\" for every interface"),
        ),
        io::ErrorKind::PermissionDenied => EngineError::new(
            ErrorCode::AddressInvalid,
            format!("not allowed to listen on {host} port {port} ({err}): ports below 1024 need privileges; pass port 0 to let the system pick a free port"),
        ),
        _ => EngineError::new(
            ErrorCode::AddressInvalid,
            format!("cannot listen on {host} port {port}: {err}"),
        ),
    }
}

/// Serves every listener until `shutdown` turns true. Each returned task ends only after its
/// listener is closed and its connections are finished or, after a grace period, dropped.
pub fn serve(
    listeners: Vec<TcpListener>,
    state: Arc<ServerState>,
    tls: Option<TlsAcceptor>,
    shutdown: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(state.config.header_read_timeout)
        // A client may shut its sending side once its request is out, and still read the answer.
        .half_close(true);
    // HTTP/2 has no header timeout; a peer that leaves a ping unanswered is dropped instead, so a
    // preface followed by silence does not hold its connection until shutdown.
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(state.config.header_read_timeout)
        .keep_alive_timeout(state.config.header_read_timeout);
    let connection = Arc::new(ConnectionSetup { builder, state, tls });
    listeners
        .into_iter()
        .map(|listener| tokio::spawn(accept_loop(listener, connection.clone(), shutdown.clone())))
        .collect()
}

/// What every connection of a server is served with.
struct ConnectionSetup {
    builder: auto::Builder<TokioExecutor>,
    state: Arc<ServerState>,
    tls: Option<TlsAcceptor>,
}

async fn accept_loop(listener: TcpListener, setup: Arc<ConnectionSetup>, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                // Each connection, its TLS handshake included, is its own task: a slow client
                // never holds up the next accept.
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, setup.clone(), shutdown.clone()));
                }
                Err(err) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    warn!("accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            () = stop_requested(&mut shutdown) => break,
        }
        while connections.try_join_next().is_some() {}
    }
    // From here the port refuses connections; those already open get the grace period.
    drop(listener);
    let finished = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, finished).await.is_err() {
        debug!("connections still open after the grace period are closed");
    }
    connections.shutdown().await;
}

async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    // A closed channel means the server handle is gone: stop as well.
    let _ = shutdown.wait_for(|stop| *stop).await;
}

async fn serve_connection(stream: TcpStream, setup: Arc<ConnectionSetup>, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let Some(acceptor) = &setup.tls else {
        return serve_http(LenientHeads::new(stream), &setup, shutdown).await;
    };
    let timeout = setup.state.config.tls_handshake_timeout;
    let handshake = tokio::time::timeout(timeout, acceptor.accept(stream));
    let stream = tokio::select! {
        handshaken = handshake => match handshaken {
            Ok(Ok(stream)) => stream,
            Ok(Err(err)) => return debug!("TLS handshake failed: {err}"),
            Err(_) => return debug!("no TLS handshake within {timeout:?}: connection closed"),
        },
        // A handshake is not worth finishing on a server that is stopping.
        () = stop_requested(&mut shutdown) => return,
    };
    serve_http(LenientHeads::new(stream), &setup, shutdown).await;
}

/// HTTP/1.1 or HTTP/2 (by ALPN or by the client's preface) until the client is done or the
/// server stops; stopping lets a request being answered finish.
async fn serve_http<I>(io: I, setup: &ConnectionSetup, mut shutdown: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(FirstBytesDeadline::new(io, setup.state.config.header_read_timeout));
    let state = setup.state.clone();
    let service = service_fn(move |request| handle(state.clone(), request));
    let connection = setup.builder.serve_connection(io, service);
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = stop_requested(&mut shutdown) => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = result {
        debug!("connection ended: {err}");
    }
}

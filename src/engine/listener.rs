//! Binding, accepting and the bounded graceful shutdown.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tracing::{debug, warn};

use super::config::SHUTDOWN_GRACE;
use super::error::{EngineError, EngineResult, ErrorCode};
use super::lenient_head::LenientHeads;
use super::service::{handle, ServerState};

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
    shutdown: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(state.config.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    listeners
        .into_iter()
        .map(|listener| {
            let task = accept_loop(listener, builder.clone(), state.clone(), shutdown.clone());
            tokio::spawn(task)
        })
        .collect()
}

async fn accept_loop(
    listener: TcpListener,
    builder: auto::Builder<TokioExecutor>,
    state: Arc<ServerState>,
    mut shutdown: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let connection = serve_connection(stream, &builder, &state, &graceful);
                    connections.spawn(connection);
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
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        debug!("connections still open after the grace period are closed");
    }
    connections.shutdown().await;
}

async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    // A closed channel means the server handle is gone: stop as well.
    let _ = shutdown.wait_for(|stop| *stop).await;
}

fn serve_connection(
    stream: TcpStream,
    builder: &auto::Builder<TokioExecutor>,
    state: &Arc<ServerState>,
    graceful: &GracefulShutdown,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    let _ = stream.set_nodelay(true);
    let state = state.clone();
    let service = service_fn(move |request| handle(state.clone(), request));
    let connection = builder
        .serve_connection(TokioIo::new(LenientHeads::new(stream)), service)
        .into_owned();
    let connection = graceful.watch(connection);
    async move {
        if let Err(err) = connection.await {
            debug!("connection ended: {err}");
        }
    }
}

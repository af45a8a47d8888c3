//! Unary gRPC calls to a plugin over one HTTP/2 connection (hyper's client): a 5-byte frame
//! header, the protobuf message, and `grpc-status` in the trailers.

use std::time::Duration;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use http::{HeaderMap, Request};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http2::SendRequest;
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use tokio::net::TcpStream;

const SERVICE: &str = "io.pact.plugin.PactPlugin";

#[derive(Clone)]
pub struct Channel {
    sender: SendRequest<Full<Bytes>>,
}

impl Channel {
    pub async fn connect(port: u16) -> Result<Channel, String> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|err| format!("could not connect to the plugin on port {port}: {err}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .map_err(|err| format!("the plugin on port {port} does not speak HTTP/2 (gRPC): {err}"))?;
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!("the connection to a plugin ended: {err}");
            }
        });
        Ok(Channel { sender })
    }

    /// The plugin closed the connection (it exited, or is exiting).
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    /// Calls `method` and decodes its answer; every failure (the plugin gone, a gRPC error
    /// status, silence past `within`) is a sentence saying what happened.
    pub async fn call<Q: Message, A: Message + Default>(
        &self,
        method: &str,
        request: &Q,
        within: Duration,
    ) -> Result<A, String> {
        match tokio::time::timeout(within, self.call_unbounded(method, request)).await {
            Ok(answer) => answer,
            Err(_) => Err(format!(
                "the plugin did not answer {method} within {} ms (option pluginTimeout)",
                within.as_millis()
            )),
        }
    }

    async fn call_unbounded<Q: Message, A: Message + Default>(&self, method: &str, request: &Q) -> Result<A, String> {
        let message = request.encode_to_vec();
        let mut frame = BytesMut::with_capacity(5 + message.len());
        frame.put_u8(0);
        frame.put_u32(message.len() as u32);
        frame.put_slice(&message);
        let http_request = Request::post(format!("http://127.0.0.1/{SERVICE}/{method}"))
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(Full::new(frame.freeze()))
            .map_err(|err| err.to_string())?;
        let mut sender = self.sender.clone();
        sender
            .ready()
            .await
            .map_err(|err| format!("the connection to the plugin is closed ({err})"))?;
        let response = sender
            .send_request(http_request)
            .await
            .map_err(|err| format!("calling {method} on the plugin failed: {err}"))?;
        let (parts, body) = response.into_parts();
        let collected = body
            .collect()
            .await
            .map_err(|err| format!("the plugin's answer to {method} broke off: {err}"))?;
        let trailers = collected.trailers().cloned().unwrap_or_default();
        // A call that fails at once may answer "trailers only": the status is in the headers.
        check_status(
            method,
            if trailers.contains_key("grpc-status") {
                &trailers
            } else {
                &parts.headers
            },
        )?;
        let mut data = collected.to_bytes();
        if data.len() < 5 {
            return Err(format!("the plugin's answer to {method} holds no message"));
        }
        let compressed = data.get_u8();
        let length = data.get_u32() as usize;
        if compressed != 0 || data.len() < length {
            return Err(format!("the plugin's answer to {method} is compressed or cut short"));
        }
        A::decode(&data[..length])
            .map_err(|err| format!("the plugin's answer to {method} is not what the protocol says: {err}"))
    }
}

fn check_status(method: &str, headers: &HeaderMap) -> Result<(), String> {
    let status = headers
        .get("grpc-status")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if status == "0" {
        return Ok(());
    }
    let message = headers
        .get("grpc-message")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    Err(format!(
        "the plugin answered {method} with gRPC status {status:?} {message}"
    ))
}

//! The HTTP side: accept loop, optional TLS, request parsing, dispatch by protocol.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use crate::Shared;

/// Request bodies above this are refused: panel forms are small.
const MAX_BODY: usize = 1 << 20;
/// A client that opens a TLS connection and says nothing is dropped after this.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = async { let _ = stop.wait_for(|s| *s).await; } => break,
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        tracing::warn!("fake panel: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let shared = shared.clone();
                let tls = tls.clone();
                conns.spawn(async move {
                    match tls {
                        None => serve_conn(tcp, peer, shared).await,
                        Some(acc) => match tokio::time::timeout(HANDSHAKE_TIMEOUT, acc.accept(tcp)).await {
                            Ok(Ok(s)) => serve_conn(s, peer, shared).await,
                            Ok(Err(e)) => tracing::debug!("fake panel: TLS handshake with {peer} failed: {e}"),
                            Err(_) => tracing::debug!("fake panel: TLS handshake with {peer} timed out"),
                        },
                    }
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
}

async fn serve_conn<S>(io: S, peer: SocketAddr, shared: Arc<Shared>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(&shared, req, peer).await) }
    });
    if let Err(e) = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(io), svc).await {
        tracing::debug!("fake panel: connection from {peer}: {e}");
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_owned())));
    *r.status_mut() = status;
    r.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("text/plain"));
    r
}

async fn handle(shared: &Shared, req: Request<Incoming>, peer: SocketAddr) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    if path != shared.base_path && path.strip_suffix('/') != Some(shared.base_path.as_str()) {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    if req.method() != Method::GET && req.method() != Method::POST {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET or POST");
    }
    let mut params = match parse_form(req.uri().query().unwrap_or("").as_bytes()) {
        Some(p) => p,
        None => return plain(StatusCode::BAD_REQUEST, "malformed query string"),
    };
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return plain(StatusCode::PAYLOAD_TOO_LARGE, &format!("cannot read the request body: {e}")),
    };
    match parse_form(&body) {
        Some(p) => params.extend(p),
        None => return plain(StatusCode::BAD_REQUEST, "malformed form body"),
    }
    let (content_type, text, ignored) = match shared.panel.protocol {
        panelkit_spec::Protocol::Ispsystem => crate::isp::handle(shared, &params, peer.ip()),
        panelkit_spec::Protocol::Brainycp => {
            let (ct, text) = crate::brainy::handle(shared, &params);
            (ct, text, Vec::new())
        }
    };
    let mut r = Response::new(Full::new(Bytes::from(text)));
    crate::isp::ignored_header(&mut r, &ignored);
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

/// `application/x-www-form-urlencoded` pairs; `None` when the bytes are not text.
fn parse_form(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    if bytes.is_empty() {
        return Some(Vec::new());
    }
    std::str::from_utf8(bytes).ok()?;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).ok()
}

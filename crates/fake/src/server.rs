//! The HTTP side: accept loop, optional TLS, request parsing, dispatch by protocol.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use crate::record::RecordedRequest;
use crate::request::{FormError, parse_form_into};
use crate::{ScriptedReply, Shared};

/// Request bodies above this are refused: panel forms are small.
const MAX_BODY: usize = 1 << 20;
/// A client that opens a TLS connection and says nothing is dropped after this.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection that sends no complete request head for this long (idle keep-alive
/// included) is closed, so idle sockets cannot pile up.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body must arrive within this.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more are closed on accept.
pub(crate) const MAX_CONNECTIONS: usize = 512;

pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(shared.max_connections));
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
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    tracing::warn!("fake panel: {} connections open; closing the one from {peer}", shared.max_connections);
                    drop(tcp);
                    continue;
                };
                let shared = shared.clone();
                let tls = tls.clone();
                conns.spawn(async move {
                    let _slot = slot;
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
    let header_timeout = shared.header_timeout;
    let svc = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(&shared, req, peer).await) }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    // half_close: a client that shuts its write side after the request still gets the answer.
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout).half_close(true);
    if let Err(e) = http.serve_connection(TokioIo::new(io), svc).await {
        tracing::debug!("fake panel: connection from {peer}: {e}");
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_owned())));
    *r.status_mut() = status;
    r.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("text/plain"));
    r
}

async fn handle(shared: &Arc<Shared>, req: Request<Incoming>, peer: SocketAddr) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    if path != shared.base_path && path.strip_suffix('/') != Some(shared.base_path.as_str()) {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    if req.method() != Method::GET && req.method() != Method::POST {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET or POST");
    }
    let xml_names = shared.panel.protocol == panelkit_spec::Protocol::Ispsystem;
    // What only a recording needs is copied only when recording (before the body consumes `req`).
    let seen = shared.record_requests.then(|| {
        let headers: Vec<(String, String)> = req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        (req.method().to_string(), path.to_owned(), headers)
    });
    let query = req.uri().query().unwrap_or("").to_owned();
    let mut params = Vec::new();
    let query_parsed = parse_form_into(query.as_bytes(), xml_names, &mut params);
    // Without recording, a bad query is refused before the body is read, as before.
    if let Err(e) = &query_parsed
        && !shared.record_requests
    {
        return refuse(shared, e);
    }
    let body = match tokio::time::timeout(BODY_TIMEOUT, Limited::new(req.into_body(), MAX_BODY).collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) => return plain(StatusCode::PAYLOAD_TOO_LARGE, &format!("cannot read the request body: {e}")),
        Err(_) => return plain(StatusCode::REQUEST_TIMEOUT, "the request body did not arrive in time"),
    };
    let n_query = params.len();
    let body_parsed = if query_parsed.is_ok() { parse_form_into(&body, xml_names, &mut params) } else { Ok(()) };
    if let Some((method, path, headers)) = seen {
        let secret = params.iter().filter(|(k, _)| crate::log::is_secret(shared, k)).map(|(k, _)| k.clone()).collect();
        let rec = RecordedRequest {
            method,
            path,
            query,
            body: String::from_utf8_lossy(&body).into_owned(),
            query_params: params[..n_query].to_vec(),
            body_params: params[n_query..].to_vec(),
            headers,
            secret,
        };
        shared.lock().requests.push(rec);
    }
    if let Err(e) = query_parsed.and(body_parsed) {
        return refuse(shared, &e);
    }
    if let Some(s) = scripted(shared, &params) {
        if !s.delay.is_zero() {
            tokio::time::sleep(s.delay).await;
        }
        let mut r = Response::new(Full::new(Bytes::from(s.body)));
        *r.status_mut() = StatusCode::from_u16(s.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Ok(v) = hyper::header::HeaderValue::from_str(&s.content_type) {
            r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
        }
        return r;
    }
    // The handlers are synchronous and take the state lock: run them off the
    // async workers so a heavy request cannot stall other connections' I/O.
    let sh = shared.clone();
    let ip = peer.ip();
    let answered = tokio::task::spawn_blocking(move || {
        let (content_type, text, ignored) = match sh.panel.protocol {
            panelkit_spec::Protocol::Ispsystem => crate::isp::handle(&sh, &params, ip),
            panelkit_spec::Protocol::Brainycp => {
                let (ct, text) = crate::brainy::handle(&sh, &params);
                (ct, text, Vec::new())
            }
        };
        if sh.log_requests {
            crate::log::request(&sh, &params, &text);
        }
        (content_type, text, ignored)
    })
    .await;
    let (content_type, text, ignored) = match answered {
        Ok(x) => x,
        Err(e) => return plain(StatusCode::INTERNAL_SERVER_ERROR, &format!("the handler failed: {e}")),
    };
    let mut r = Response::new(Full::new(Bytes::from(text)));
    crate::isp::ignored_header(&mut r, &ignored);
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

/// The scripted reply for the function `params` call, if any.
fn scripted(shared: &Shared, params: &[(String, String)]) -> Option<ScriptedReply> {
    let inner = shared.lock();
    if inner.scripts.is_empty() {
        return None;
    }
    let get = |n: &str| params.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.trim());
    let named = match shared.panel.protocol {
        panelkit_spec::Protocol::Ispsystem => get("func"),
        panelkit_spec::Protocol::Brainycp => get("subdo"),
    };
    if let Some(s) = named.and_then(|f| inner.scripts.get(f)) {
        return Some(s.clone());
    }
    // BrainyCP's other wire form sends the function's name as a parameter (`delcerts=delcerts`).
    if shared.panel.protocol == panelkit_spec::Protocol::Brainycp {
        return params.iter().find_map(|(k, _)| inner.scripts.get(k)).cloned();
    }
    None
}

/// Refused parameters, answered in the panel's own error format so clients show a panel error.
fn refuse(shared: &Shared, e: &FormError) -> Response<Full<Bytes>> {
    let (content_type, text) = match shared.panel.protocol {
        panelkit_spec::Protocol::Ispsystem => {
            let v4 = shared.panel.family == panelkit_spec::Family::Ispmanager
                && shared.panel.version.split('.').next() == Some("4");
            let object = e.param().chars().filter(|c| panelkit_runtime::reply::is_xml_char(*c)).collect::<String>();
            let err = crate::isp::IspError::value("en", &object, None, &e.to_string());
            let doc = panelkit_runtime::Node::new("doc").with_child(err.to_el("en", v4));
            (crate::doc::Out::Xml.content_type(), crate::doc::Out::Xml.render(&doc))
        }
        panelkit_spec::Protocol::Brainycp => {
            let body = serde_json::json!({ "error": 5, "mess": e.to_string(), "data": null });
            ("application/json", body.to_string())
        }
    };
    if shared.log_requests {
        eprintln!("fake panel: refused request: {e}");
    }
    let mut r = Response::new(Full::new(Bytes::from(text)));
    r.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
    r
}

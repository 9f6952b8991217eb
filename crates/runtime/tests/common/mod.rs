//! Shared pieces of the runtime's integration tests: test panels, hand-written
//! requests, and real HTTP servers on loopback.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{Method as HttpMethod, header};
use axum::response::{IntoResponse, Response};
use panelkit_runtime::reply::{write_json, write_xml};
use panelkit_runtime::{
    DecodeError, Done, ElidInfo, FuncInfo, FuncKind, Node, PanelDef, ParamInfo, Params, Protocol, Request, Secret,
    ValueKind,
};

pub const PASSWORD: &str = "Pa55-w0rd-SECRET";
pub const NEW_USER_PASSWORD: &str = "NewUser-Secret-42";
pub const SESSION_PREFIX: &str = "SESSIONID-7f3a9c";

/// ISPmanager-like test panel.
#[derive(Debug, Clone, Copy)]
pub struct TestIsp;
impl PanelDef for TestIsp {
    const ID: &'static str = "testisp";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "/ispmgr";
    const MGR: &'static str = "ispmgr";
}

/// Another ISPsystem panel, to show requests are bound to their panel.
#[derive(Debug, Clone, Copy)]
pub struct OtherIsp;
impl PanelDef for OtherIsp {
    const ID: &'static str = "ispmgr4";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "/manager/ispmgr";
    const MGR: &'static str = "ispmgr";
}

// ---- `user` (list) ----

pub static USER_INFO: FuncInfo = FuncInfo {
    name: "user",
    module: None,
    kind: FuncKind::List,
    typed: true,
    elid: None,
    plid: false,
    params: &[],
    rules: &[],
};

#[derive(Debug, Default)]
pub struct UserList;

#[derive(Debug, PartialEq)]
pub struct UserElem {
    pub name: String,
    pub active: bool,
    pub disk: Option<panelkit_runtime::UsedLimit>,
}

impl panelkit_runtime::FromElem for UserElem {
    fn from_elem(e: &Node) -> Result<Self, DecodeError> {
        Ok(UserElem {
            name: panelkit_runtime::decode::text(e, "name").ok_or_else(|| DecodeError::new("name", "missing"))?,
            active: panelkit_runtime::decode::flag(e, "active"),
            disk: panelkit_runtime::decode::used_limit(e, "disk")?,
        })
    }
}

impl Request for UserList {
    type Panel = TestIsp;
    type Output = Vec<UserElem>;
    const INFO: &'static FuncInfo = &USER_INFO;
    fn encode(&self, _out: &mut Params) {}
}
impl panelkit_runtime::ForPanel<TestIsp> for UserList {}

// ---- `user.edit` (form: create/edit, and read) ----

pub static USER_EDIT_INFO: FuncInfo = FuncInfo {
    name: "user.edit",
    module: None,
    kind: FuncKind::Form,
    typed: true,
    elid: Some(ElidInfo { required: false, multiple: false }),
    plid: false,
    params: &[
        ParamInfo { name: "name", kind: ValueKind::Text, required: true, feature: None },
        ParamInfo { name: "passwd", kind: ValueKind::Password, required: true, feature: None },
        ParamInfo {
            name: "disklimit",
            kind: ValueKind::Int { min: Some(0), max: Some(1000), infinity: None },
            required: false,
            feature: None,
        },
    ],
    rules: &[],
};

#[derive(Debug)]
pub struct UserEdit {
    pub name: String,
    pub passwd: Secret,
    pub disklimit: Option<i64>,
    pub elid: Option<String>,
}

impl UserEdit {
    pub fn new(name: &str, passwd: &str) -> Self {
        UserEdit { name: name.into(), passwd: Secret::new(passwd), disklimit: None, elid: None }
    }
}

impl Request for UserEdit {
    type Panel = TestIsp;
    type Output = Done;
    const INFO: &'static FuncInfo = &USER_EDIT_INFO;
    fn encode(&self, out: &mut Params) {
        if let Some(e) = &self.elid {
            out.set("elid", e.clone());
        }
        out.set("name", self.name.clone());
        out.set_secret("passwd", self.passwd.clone());
        if let Some(d) = self.disklimit {
            out.set("disklimit", d.to_string());
        }
        out.set("sok", "ok");
    }
}
impl panelkit_runtime::ForPanel<TestIsp> for UserEdit {}

#[derive(Debug)]
pub struct UserEditGet {
    pub elid: String,
}

#[derive(Debug, PartialEq)]
pub struct UserForm {
    pub elid: String,
    pub name: String,
    pub disklimit: Option<i64>,
}

impl panelkit_runtime::FromDoc for UserForm {
    fn from_doc(doc: &Node) -> Result<Self, DecodeError> {
        Ok(UserForm {
            elid: panelkit_runtime::decode::text(doc, "elid").unwrap_or_default(),
            name: panelkit_runtime::decode::text(doc, "name").ok_or_else(|| DecodeError::new("name", "missing"))?,
            disklimit: panelkit_runtime::decode::int(doc, "disklimit")?,
        })
    }
}

pub static USER_EDIT_GET_INFO: FuncInfo = FuncInfo {
    name: "user.edit",
    module: None,
    kind: FuncKind::Form,
    typed: true,
    elid: Some(ElidInfo { required: true, multiple: false }),
    plid: false,
    params: &[],
    rules: &[],
};

impl Request for UserEditGet {
    type Panel = TestIsp;
    type Output = UserForm;
    const INFO: &'static FuncInfo = &USER_EDIT_GET_INFO;
    fn encode(&self, out: &mut Params) {
        out.set("elid", self.elid.clone());
    }
}
impl panelkit_runtime::ForPanel<TestIsp> for UserEditGet {}

// ---- a fake ISPsystem panel ----

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub query: String,
    pub body: String,
    pub params: Vec<(String, String)>,
}

impl Recorded {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
pub struct PanelState {
    pub requests: Vec<Recorded>,
    pub sessions: Vec<String>,
    pub logins: usize,
    /// Refuse every login after the first.
    pub refuse_relogin: bool,
    /// Refuse every session, even fresh ones.
    pub refuse_all_sessions: bool,
    pub keys: Vec<(String, String)>,
}

pub type Shared = Arc<Mutex<PanelState>>;

pub struct Panel {
    pub addr: SocketAddr,
    pub state: Shared,
}

impl Panel {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }
    pub fn funcs(&self) -> Vec<String> {
        self.requests().iter().map(|r| r.get("func").unwrap_or("").to_owned()).collect()
    }
}

fn el(name: &str, text: &str) -> Node {
    let mut n = Node::new(name);
    n.text = text.into();
    n
}

fn error_doc(kind: &str, object: &str, value: &str, msg: Option<&str>) -> Node {
    let mut err = Node::new("error");
    err.attrs = vec![("type".into(), kind.into()), ("object".into(), object.into()), ("lang".into(), "en".into())];
    let mut p = el("param", object);
    p.attrs = vec![("name".into(), "object".into()), ("type".into(), "msg".into()), ("msg".into(), "User".into())];
    err.children.push(p);
    let mut v = el("param", value);
    v.attrs = vec![("name".into(), "value".into())];
    err.children.push(v);
    err.children.push(el("group", "__object__ with value '__value__' already exists"));
    err.children.push(el("detail", "__object__ '__value__' exists"));
    if let Some(m) = msg {
        err.children.push(el("msg", m));
    }
    let mut doc = Node::new("doc");
    doc.children.push(err);
    doc
}

fn reply(doc: &Node, out: &str) -> Response {
    if out.contains("json") || out == "JSONdata" {
        ([(header::CONTENT_TYPE, "application/json")], write_json(doc)).into_response()
    } else {
        ([(header::CONTENT_TYPE, "text/xml; charset=UTF-8")], write_xml(doc)).into_response()
    }
}

async fn handle(State(state): State<Shared>, method: HttpMethod, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let query = query.unwrap_or_default();
    let body_s = String::from_utf8_lossy(&body).into_owned();
    let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    params.extend(url::form_urlencoded::parse(body_s.as_bytes()).into_owned());
    let rec = Recorded { method: method.to_string(), query, body: body_s, params };
    let get = |n: &str| rec.get(n).unwrap_or("").to_owned();
    let (func, out) = (get("func"), get("out"));
    state.lock().unwrap().requests.push(rec.clone());

    match func.as_str() {
        "html" => {
            return (
                [(header::CONTENT_TYPE, "text/html")],
                "<!DOCTYPE html>\n<html><head><title>ISPmanager login</title></head><body>Please log in</body></html>",
            )
                .into_response();
        }
        "truncated" => {
            return (
                [(header::CONTENT_TYPE, "text/xml")],
                "<?xml version=\"1.0\"?>\n<doc><elem><name>a</name></elem><elem><na",
            )
                .into_response();
        }
        "malformed" => {
            return ([(header::CONTENT_TYPE, "text/xml")], "<doc>\n  <elem><name>a</nam></elem>\n</doc>")
                .into_response();
        }
        "slow" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        _ => {}
    }

    if func == "auth" {
        let mut st = state.lock().unwrap();
        let good = get("username") == "admin" && get("password") == PASSWORD;
        if !good || (st.refuse_relogin && st.logins >= 1) {
            drop(st);
            let mut d =
                error_doc("auth", "badpassword", "remote_addr: [127.0.0.1]", Some("Invalid username or password"));
            d.children[0].children.retain(|c| c.name != "group" && c.name != "detail");
            return reply(&d, &out);
        }
        st.logins += 1;
        let id = format!("{SESSION_PREFIX}{}", st.logins);
        st.sessions.push(id.clone());
        let mut auth = el("auth", &id);
        auth.attrs = vec![("id".into(), id.clone()), ("level".into(), "16".into())];
        let mut doc = Node::new("doc");
        doc.children.push(auth);
        return reply(&doc, &out);
    }

    // Authentication of every other call.
    {
        let st = state.lock().unwrap();
        let by_info = get("authinfo") == format!("admin:{PASSWORD}");
        let by_session = !get("auth").is_empty() && st.sessions.contains(&get("auth")) && !st.refuse_all_sessions;
        if !by_info && !by_session {
            drop(st);
            let mut d = error_doc("auth", "badauth", "", Some("Session expired or invalid"));
            d.children[0].children.retain(|c| c.name != "group" && c.name != "detail");
            return reply(&d, &out);
        }
    }

    let mut doc = Node::new("doc");
    match func.as_str() {
        "user" => {
            for (name, active, used) in [("alice", true, "3"), ("bob & co", false, "0")] {
                let mut e = Node::new("elem");
                e.children.push(el("name", name));
                if active {
                    e.children.push(Node::new("active"));
                }
                let mut disk = Node::new("disk");
                disk.attrs = vec![("used".into(), used.into()), ("limit".into(), "10".into())];
                e.children.push(disk);
                doc.children.push(e);
            }
        }
        "user.edit" if get("sok").is_empty() => {
            doc.children.push(el("elid", &get("elid")));
            doc.children.push(el("name", &get("elid")));
            doc.children.push(el("disklimit", "500"));
        }
        "user.edit" if get("name") == "leak" => {
            // A panel echoing the offending secret back in its error.
            doc = error_doc("value", "passwd", &get("passwd"), Some(&format!("bad password {}", get("passwd"))));
        }
        "user.edit" if get("name") == "exists" => {
            doc = error_doc("exists", "user", "exists", None);
        }
        "user.edit" => doc.children.push(Node::new("ok")),
        "restart" => doc.children.push(el("ok", "restart")),
        "session.newkey" => {
            state.lock().unwrap().keys.push((get("username"), get("key")));
            doc.children.push(Node::new("ok"));
        }
        "logout" => {
            state.lock().unwrap().sessions.retain(|s| *s != get("auth"));
            doc.children.push(Node::new("ok"));
        }
        "isp4error" => {
            let mut e = el("error", "Domain exists");
            e.attrs =
                vec![("code".into(), "2".into()), ("obj".into(), "domain".into()), ("val".into(), "a.com".into())];
            doc.children.push(e);
        }
        "echo" => {
            for (k, v) in &rec.params {
                if k != "auth" && k != "authinfo" {
                    doc.children.push(el(k, v));
                }
            }
        }
        _ => {
            doc = error_doc("missed", "func", &func, None);
        }
    }
    reply(&doc, &out)
}

pub fn router(state: Shared) -> axum::Router {
    axum::Router::new().route("/ispmgr", axum::routing::any(handle)).with_state(state)
}

/// Starts the fake ISPsystem panel on 127.0.0.1:0.
pub async fn start_panel() -> Panel {
    let state: Shared = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Panel { addr, state }
}

// ---- TLS ----

pub struct Tls {
    pub addr: SocketAddr,
    pub cert_der: Vec<u8>,
    pub state: Shared,
}

/// An axum listener that terminates TLS; failed handshakes are skipped.
pub struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else { continue };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Self-signed certificate for `localhost` and 127.0.0.1: (cert DER, key DER).
pub fn self_signed() -> (Vec<u8>, Vec<u8>) {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    (ck.cert.der().to_vec(), ck.signing_key.serialize_der())
}

/// The fake panel over HTTPS with a fresh self-signed certificate.
pub async fn start_tls_panel() -> Tls {
    let (cert, key) = self_signed();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls_pki_types::CertificateDer::from(cert.clone())],
            rustls_pki_types::PrivateKeyDer::Pkcs8(key.into()),
        )
        .unwrap();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let listener = TlsListener { tcp, acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)) };
    let state: Shared = Arc::default();
    let app = router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Tls { addr, cert_der: cert, state }
}

// ---- raw HTTP ----

/// A server that reads one request per connection and writes `response` bytes verbatim, then closes.
pub async fn start_raw(response: &'static [u8]) -> SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read headers and the declared body before answering.
                loop {
                    let Ok(n) = sock.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let _ = sock.write_all(response).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    addr
}

/// Where the shared fixtures live (relative to the workspace root), if present.
///
/// Absent, tests skip, except under CI (env `CI` set), which always has them:
/// there a missing folder is a broken path and fails rather than passing on nothing.
pub fn shared_dir(sub: &str) -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared").join(sub);
    if !dir.is_dir() && std::env::var_os("CI").is_some() {
        panic!("{} is absent but CI is set: the shared fixtures must be there", dir.display());
    }
    dir.is_dir().then_some(dir)
}

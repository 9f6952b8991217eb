//! The BrainyCP client against a real HTTP server on loopback.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::IntoResponse;
use common::{PASSWORD, Recorded};
use panelkit_runtime::{
    BrainyClient, BrainyError, BrainyRequest, BrainyWire, DecodeError, Error, ForPanel, FromCode, FromPayload,
    FuncInfo, FuncKind, PanelDef, ParamInfo, Params, Protocol, ReplyError, Request, ValueKind,
};

#[derive(Debug, Clone, Copy)]
struct Brainy;
impl PanelDef for Brainy {
    const ID: &'static str = "brainycp";
    const PROTOCOL: Protocol = Protocol::Brainycp;
    const ENDPOINT: &'static str = "/api/api.php";
    const MGR: &'static str = "";
}

static DELCERTS: FuncInfo = FuncInfo {
    name: "delcerts",
    module: Some("certs_control"),
    kind: FuncKind::Action,
    typed: true,
    elid: None,
    plid: false,
    params: &[ParamInfo { name: "key_name", kind: ValueKind::Text, required: true, feature: None }],
    rules: &[],
};

struct Delcerts {
    key_name: String,
}

#[derive(Debug, PartialEq)]
struct Certs(Vec<String>);

impl FromPayload for Certs {
    fn from_payload(p: &serde_json::Value) -> Result<Self, DecodeError> {
        match p {
            serde_json::Value::Null => Ok(Certs(vec![])),
            serde_json::Value::Array(a) => Ok(Certs(a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())),
            _ => Err(DecodeError::new("data", "expected a list")),
        }
    }
}

#[derive(Debug, PartialEq)]
enum DelcertsError {
    InUse,
    NoSuchKey,
    NotAdmin,
    Unknown { code: i64, message: String },
}

impl FromCode for DelcertsError {
    fn from_code(code: i64, message: String) -> Self {
        match code {
            1 => DelcertsError::InUse,
            2 => DelcertsError::NoSuchKey,
            1000 => DelcertsError::NotAdmin,
            _ => DelcertsError::Unknown { code, message },
        }
    }
}

impl Request for Delcerts {
    type Panel = Brainy;
    type Output = Certs;
    const INFO: &'static FuncInfo = &DELCERTS;
    fn encode(&self, out: &mut Params) {
        out.set("key_name", self.key_name.clone());
    }
}
impl ForPanel<Brainy> for Delcerts {}
impl BrainyRequest for Delcerts {
    type Error = DelcertsError;
}

type Log = Arc<Mutex<Vec<Recorded>>>;

async fn api(State(log): State<Log>, RawQuery(q): RawQuery, body: Bytes) -> axum::response::Response {
    let body_s = String::from_utf8_lossy(&body).into_owned();
    let query = q.unwrap_or_default();
    let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    params.extend(url::form_urlencoded::parse(body_s.as_bytes()).into_owned());
    let rec = Recorded { method: String::new(), query, body: body_s, params };
    log.lock().unwrap().push(rec.clone());
    let key = rec.get("key_name").unwrap_or("");
    if rec.get("password") != Some(PASSWORD) {
        return axum::Json(serde_json::json!({"error": 1000, "mess": "У вас нет прав администратора"})).into_response();
    }
    let reply = match key {
        "ok" => r#"{"error":0,"mess":"done","data":["a.crt","b.crt"]}"#,
        "detail" => r#"{"err":"0","message":"done","detail":["c.crt"],"code":200}"#,
        "inuse" => r#"{"error":1,"mess":"Требуемый сертификат не может быть удален"}"#,
        "odd" => r#"{"error":77,"mess":"strange"}"#,
        "html" => return ([(header::CONTENT_TYPE, "text/html")], "<html><body>Login</body></html>").into_response(),
        "nocode" => r#"{"mess":"what"}"#,
        "cut" => r#"{"error":0,"mess":"do"#,
        _ => r#"{"error":5,"mess":"Ошибка в блоке параметров"}"#,
    };
    ([(header::CONTENT_TYPE, "application/json")], reply).into_response()
}

async fn start() -> (String, Log) {
    let log: Log = Arc::default();
    let app = axum::Router::new().route("/api/api.php", axum::routing::any(api)).with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

#[tokio::test]
async fn success_error_codes_and_tolerated_fields() {
    let (url, log) = start().await;
    let c = BrainyClient::<Brainy>::builder(&url, "root", PASSWORD).language("en").panel_user("vasya").build().unwrap();
    let got = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap();
    assert_eq!(got, Certs(vec!["a.crt".into(), "b.crt".into()]));
    let r = log.lock().unwrap()[0].clone();
    assert!(r.query.is_empty(), "POST keeps credentials out of the URL");
    assert_eq!(r.get("module"), Some("certs_control"));
    assert_eq!(r.get("subdo"), Some("delcerts"));
    assert_eq!((r.get("username"), r.get("password")), (Some("root"), Some(PASSWORD)));
    assert_eq!((r.get("language"), r.get("panel_user")), (Some("en"), Some("vasya")));

    // `err`, `message`, `detail`, a string code and an extra `code` are tolerated.
    assert_eq!(c.call(&Delcerts { key_name: "detail".into() }).await.unwrap(), Certs(vec!["c.crt".into()]));

    let err = c.call(&Delcerts { key_name: "inuse".into() }).await.unwrap_err();
    let BrainyError::Api { code, error, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*code, error), (1, &DelcertsError::InUse));
    let err = c.call(&Delcerts { key_name: "odd".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Api { error: DelcertsError::Unknown { code: 77, .. }, .. }));
}

#[tokio::test]
async fn bad_password_is_the_no_admin_rights_code() {
    let (url, _) = start().await;
    let c = BrainyClient::<Brainy>::builder(&url, "root", "wrong-password").build().unwrap();
    let err = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Api { code: 1000, error: DelcertsError::NotAdmin, .. }), "{err:?}");
}

#[tokio::test]
async fn seeds_wire_form_is_one_switch() {
    let (url, log) = start().await;
    let c = BrainyClient::<Brainy>::builder(&url, "root", PASSWORD).wire(BrainyWire::SEEDS).build().unwrap();
    c.call(&Delcerts { key_name: "ok".into() }).await.unwrap();
    let r = log.lock().unwrap()[0].clone();
    assert_eq!((r.get("certs_control"), r.get("delcerts")), (Some("certs_control"), Some("delcerts")));
    assert_eq!(r.get("module"), None);
}

#[tokio::test]
async fn unusable_replies_and_invalid_requests() {
    let (url, log) = start().await;
    let c = BrainyClient::<Brainy>::builder(&url, "root", PASSWORD).build().unwrap();
    let err = c.call(&Delcerts { key_name: "html".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Unrecognized { .. }))), "{err:?}");
    let err = c.call(&Delcerts { key_name: "cut".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Truncated { .. }))), "{err:?}");
    let err = c.call(&Delcerts { key_name: "nocode".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Malformed { .. }))), "{err:?}");
    let n = log.lock().unwrap().len();
    let err = c.call(&Delcerts { key_name: String::new() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Invalid(_))), "{err:?}");
    assert_eq!(log.lock().unwrap().len(), n, "an invalid request is not sent");
    assert!(!format!("{c:?}").contains(PASSWORD));
}

#[test]
fn blocking_brainy_client() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (url, _) = rt.block_on(start());
    let c = panelkit_runtime::blocking::BrainyClient::new(
        BrainyClient::<Brainy>::builder(url, "root", PASSWORD).build().unwrap(),
    )
    .unwrap();
    assert_eq!(c.call(&Delcerts { key_name: "ok".into() }).unwrap().0.len(), 2);
}

#[test]
fn credentials_or_a_query_in_the_url_are_refused() {
    for url in [
        "https://root:hunter2@panel.example.com:8002",
        "https://root@panel.example.com:8002",
        "https://panel.example.com:8002/api/api.php?token=hunter2",
        "https://panel.example.com:8002/api/api.php#hunter2",
    ] {
        let err = BrainyClient::<Brainy>::builder(url, "root", PASSWORD).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err:?}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
    assert!(BrainyClient::<Brainy>::builder("https://panel.example.com:8002", "root", PASSWORD).build().is_ok());
}

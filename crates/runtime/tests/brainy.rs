//! The BrainyCP client against the fake panel serving `spec/brainycp` on loopback.

mod common;

use common::PASSWORD;
use panelkit_fake::{Account, Builder, FakeHandle, FakePanel, Level, ScriptedReply};
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

/// The fake BrainyCP: `root` (admin, [`PASSWORD`]) and `vasya` (a user) with certificates
/// `ok` and `inuse` (the one domain `a.com` uses), requests recorded.
fn fake() -> Builder {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/brainycp");
    let spec = panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("spec/brainycp: {e}"));
    let state = serde_json::json!({ "brainy": {
        "certs": { "vasya": [{ "name": "ok" }, { "name": "inuse" }] },
        "domain_certs": { "vasya": [{ "domain": "a.com", "key": "inuse", "key_mail": "no" }] },
    } });
    FakePanel::builder(spec)
        .user(Account::new("root", PASSWORD, Level::Admin))
        .user(Account::new("vasya", "vasya-pw", Level::User))
        .record_requests(true)
        .state_json(state)
        .expect("test state")
}

async fn start() -> FakeHandle {
    fake().start().await.expect("fake panel starts")
}

/// Names of `user`'s certificates in the fake's state.
fn certs_of(f: &FakeHandle, user: &str) -> Vec<String> {
    let st = f.state();
    let list = st["brainy"]["certs"][user].as_array().cloned().unwrap_or_default();
    list.iter().filter_map(|c| c["name"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn success_error_codes_and_tolerated_fields() {
    let f = start().await;
    let c = BrainyClient::<Brainy>::builder(f.base_url(), "root", PASSWORD)
        .language("en")
        .panel_user("vasya")
        .build()
        .unwrap();
    let got = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap();
    assert_eq!(got, Certs(vec![]));
    assert_eq!(certs_of(&f, "vasya"), ["inuse"], "deleted for the panel user");
    let r = f.requests()[0].clone();
    assert_eq!(r.method, "POST");
    assert!(r.query.is_empty(), "POST keeps credentials out of the URL");
    assert_eq!(r.get("module"), Some("certs_control"));
    assert_eq!(r.get("subdo"), Some("delcerts"));
    assert_eq!((r.get("username"), r.get("password")), (Some("root"), Some(PASSWORD)));
    assert_eq!((r.get("language"), r.get("panel_user")), (Some("en"), Some("vasya")));

    // Documented error codes of the function.
    let err = c.call(&Delcerts { key_name: "inuse".into() }).await.unwrap_err();
    let BrainyError::Api { code, error, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*code, error), (1, &DelcertsError::InUse));
    let err = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Api { code: 2, error: DelcertsError::NoSuchKey, .. }), "{err:?}");

    // Reply shapes no spec makes the fake send, canned: a data list; `err`, `message`,
    // `detail`, a string code and an extra `code`; an undocumented code.
    f.script("delcerts", ScriptedReply::json(r#"{"error":0,"mess":"done","data":["a.crt","b.crt"]}"#));
    let got = c.call(&Delcerts { key_name: "x".into() }).await.unwrap();
    assert_eq!(got, Certs(vec!["a.crt".into(), "b.crt".into()]));
    f.script("delcerts", ScriptedReply::json(r#"{"err":"0","message":"done","detail":["c.crt"],"code":200}"#));
    assert_eq!(c.call(&Delcerts { key_name: "x".into() }).await.unwrap(), Certs(vec!["c.crt".into()]));
    f.script("delcerts", ScriptedReply::json(r#"{"error":77,"mess":"strange"}"#));
    let err = c.call(&Delcerts { key_name: "x".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Api { error: DelcertsError::Unknown { code: 77, .. }, .. }), "{err:?}");
}

#[tokio::test]
async fn acting_for_another_user_without_admin_rights_is_the_no_admin_code() {
    let f = start().await;
    let c = BrainyClient::<Brainy>::builder(f.base_url(), "vasya", "vasya-pw").panel_user("root").build().unwrap();
    let err = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Api { code: 1000, error: DelcertsError::NotAdmin, .. }), "{err:?}");
    assert_eq!(certs_of(&f, "vasya"), ["ok", "inuse"]);
}

#[tokio::test]
async fn bad_password_is_an_api_error() {
    let f = start().await;
    let c = BrainyClient::<Brainy>::builder(f.base_url(), "root", "wrong-password").build().unwrap();
    let err = c.call(&Delcerts { key_name: "ok".into() }).await.unwrap_err();
    // The fake's (undocumented) code for wrong credentials.
    assert!(
        matches!(err, BrainyError::Api { code: 401, error: DelcertsError::Unknown { code: 401, .. }, .. }),
        "{err:?}"
    );
    assert_eq!(f.funcs(), ["delcerts"]);
}

#[tokio::test]
async fn seeds_wire_form_is_one_switch() {
    let f = start().await;
    let c = BrainyClient::<Brainy>::builder(f.base_url(), "root", PASSWORD)
        .panel_user("vasya")
        .wire(BrainyWire::SEEDS)
        .build()
        .unwrap();
    c.call(&Delcerts { key_name: "ok".into() }).await.unwrap();
    let r = f.requests()[0].clone();
    assert_eq!((r.get("certs_control"), r.get("delcerts")), (Some("certs_control"), Some("delcerts")));
    assert_eq!(r.get("module"), None);
    assert_eq!(certs_of(&f, "vasya"), ["inuse"], "the fake understood the call");
}

#[tokio::test]
async fn unusable_replies_and_invalid_requests() {
    let f = start().await;
    let c = BrainyClient::<Brainy>::builder(f.base_url(), "root", PASSWORD).build().unwrap();
    f.script("delcerts", ScriptedReply::new("text/html", "<html><body>Login</body></html>"));
    let err = c.call(&Delcerts { key_name: "x".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Unrecognized { .. }))), "{err:?}");
    f.script("delcerts", ScriptedReply::json(r#"{"error":0,"mess":"do"#));
    let err = c.call(&Delcerts { key_name: "x".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Truncated { .. }))), "{err:?}");
    f.script("delcerts", ScriptedReply::json(r#"{"mess":"what"}"#));
    let err = c.call(&Delcerts { key_name: "x".into() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Reply(ReplyError::Malformed { .. }))), "{err:?}");
    let n = f.requests().len();
    assert_eq!(n, 3);
    let err = c.call(&Delcerts { key_name: String::new() }).await.unwrap_err();
    assert!(matches!(err, BrainyError::Client(Error::Invalid(_))), "{err:?}");
    assert_eq!(f.requests().len(), n, "an invalid request is not sent");
    assert!(!format!("{c:?}").contains(PASSWORD));
}

#[test]
fn blocking_brainy_client() {
    let f = fake().spawn().expect("fake panel starts");
    let c = panelkit_runtime::blocking::BrainyClient::new(
        BrainyClient::<Brainy>::builder(f.base_url(), "root", PASSWORD).panel_user("vasya").build().unwrap(),
    )
    .unwrap();
    assert_eq!(c.call(&Delcerts { key_name: "ok".into() }).unwrap(), Certs(vec![]));
    assert_eq!(certs_of(&f, "vasya"), ["inuse"]);
    let err = c.call(&Delcerts { key_name: "inuse".into() }).unwrap_err();
    assert!(matches!(err, BrainyError::Api { code: 1, error: DelcertsError::InUse, .. }), "{err:?}");
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

//! End to end on ISPmanager 4 and 6: the generated bindings, the runtime's `IspClient`
//! and the fake panel served from `spec/`, over real loopback sockets (HTTP and HTTPS).
//! Outcomes are read back from the panel (list calls) and from `FakeHandle::state()`.

use std::path::Path;
use std::sync::OnceLock;

use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use panelkit_ispsystem::ispmgr4::{self, Ispmgr4};
use panelkit_ispsystem::ispmgr6::{self, Ispmgr6};
use panelkit_runtime::{
    CertPin, Error, ErrorKind, IspClient, OutFormat, PanelDef, Problem, Request, Secret, Unchecked,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn spec(id: &str) -> panelkit_spec::Panel {
    static CACHE: OnceLock<std::sync::Mutex<Vec<panelkit_spec::Panel>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = c.iter().find(|p| p.id == id) {
        return p.clone();
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec").join(id);
    let p = panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("spec/{id}: {e}"));
    c.push(p.clone());
    p
}

async fn fake(id: &str) -> FakeHandle {
    FakePanel::builder(spec(id))
        .user(Account::new("root", "secret", Level::Admin))
        .user(Account::new("bob", "bobsecret", Level::User))
        .start()
        .await
        .expect("fake panel starts")
}

fn client<P: PanelDef>(f: &FakeHandle, out: OutFormat) -> IspClient<P> {
    IspClient::<P>::builder(f.base_url()).session("root", "secret").format(out).build().expect("client")
}

/// The objects of list `list` in the fake's state.
fn objects(f: &FakeHandle, list: &str) -> Vec<Value> {
    f.state()["objects"][list].as_array().cloned().unwrap_or_default()
}

fn names<T>(elems: &[T], name: impl Fn(&T) -> Option<&String>) -> Vec<String> {
    elems.iter().filter_map(|e| name(e).cloned()).collect()
}

/// A plain HTTP GET of `url` (served by `f`), body as text.
async fn raw_get(f: &FakeHandle, url: &str) -> String {
    let path = url.strip_prefix(&f.base_url()).expect("URL on the fake panel");
    let mut s = tokio::net::TcpStream::connect(f.addr()).await.expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", f.addr());
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.expect("read");
    String::from_utf8_lossy(&out).into_owned()
}

fn panel_error(e: Error) -> Box<panelkit_runtime::PanelError> {
    match e {
        Error::Panel(p) => p,
        other => panic!("expected a panel error, got {other:?}"),
    }
}

// ---- ISPmanager 4 ---------------------------------------------------------------

async fn ispmgr4_cycles(out: OutFormat) {
    let f = fake("ispmgr4").await;
    let c = client::<Ispmgr4>(&f, out);

    // Users: create, list, edit, read the form back, delete.
    c.call(&ispmgr4::UserEdit::new().name("alice").passwd("alice-pass-1").confirm("alice-pass-1")).await.unwrap();
    let users = c.call(&ispmgr4::User::new()).await.unwrap();
    assert_eq!(names(&users, |u| u.name.as_ref()), ["bob", "alice"], "{out:?}");
    c.call(&ispmgr4::UserEdit::new().elid("alice").note("first customer")).await.unwrap();
    let form = c.call(&ispmgr4::UserEditGet::new("alice")).await.unwrap();
    assert_eq!(form.name.as_deref(), Some("alice"));
    let users = c.call(&ispmgr4::User::new()).await.unwrap();
    assert_eq!(users[1].note.as_deref(), Some("first customer"));
    // The created user is an account that can log in, with the user level (1).
    let alice = IspClient::<Ispmgr4>::builder(f.base_url()).session("alice", "alice-pass-1").build().unwrap();
    assert_eq!(alice.login().await.unwrap().level, Some(1));

    // Web domains.
    c.call(&ispmgr4::WwwdomainEdit::new().domain("example.com").owner("alice").docroot("/var/www/example.com"))
        .await
        .unwrap();
    let www = c.call(&ispmgr4::Wwwdomain::new()).await.unwrap();
    assert_eq!(names(&www, |w| w.name.as_ref()), ["example.com"]);
    assert_eq!(www[0].docroot.as_deref(), Some("/var/www/example.com"));
    c.call(&ispmgr4::WwwdomainEdit::new().elid("example.com").docroot("/var/www/new")).await.unwrap();
    let www = c.call(&ispmgr4::Wwwdomain::new()).await.unwrap();
    assert_eq!(www[0].docroot.as_deref(), Some("/var/www/new"));
    assert_eq!(objects(&f, "wwwdomain")[0]["_owner"], "alice");
    // A duplicate is refused with `exists`.
    let dup = c.call(&ispmgr4::WwwdomainEdit::new().domain("example.com")).await.unwrap_err();
    assert_eq!(panel_error(dup).kind, ErrorKind::Exists);
    c.call(&ispmgr4::WwwdomainDelete::new(["example.com"])).await.unwrap();
    assert!(c.call(&ispmgr4::Wwwdomain::new()).await.unwrap().is_empty());

    // Mailboxes: the form takes name + domain, the list shows name@domain.
    c.call(&ispmgr4::EmailEdit::new().name("info").domain("example.com").passwd("mail-pass-1").confirm("mail-pass-1"))
        .await
        .unwrap();
    let mail = c.call(&ispmgr4::Email::new()).await.unwrap();
    assert_eq!(names(&mail, |m| m.name.as_ref()), ["info@example.com"]);
    c.call(&ispmgr4::EmailEdit::new().elid("info@example.com").note("sales")).await.unwrap();
    let mail = c.call(&ispmgr4::Email::new()).await.unwrap();
    assert_eq!(mail[0].note.as_deref(), Some("sales"));
    // (The ISPmanager 4 spec has no `email.delete`; mailboxes go with their mail domain.)

    // DNS: a zone and typed records under it.
    c.call(&ispmgr4::DomainEdit::new().name("example.com").ip("192.0.2.1".parse().unwrap()).ns(["ns1.example.com."]))
        .await
        .unwrap();
    c.call(
        &ispmgr4::DomainSublistEdit::new("example.com")
            .name("www")
            .sdtype(ispmgr4::DomainSublistEditSdtype::A)
            .addr("192.0.2.10"),
    )
    .await
    .unwrap();
    c.call(
        &ispmgr4::DomainSublistEdit::new("example.com")
            .name("example.com.")
            .sdtype(ispmgr4::DomainSublistEditSdtype::Mx { prio: Some(10) })
            .addr("mx.example.com."),
    )
    .await
    .unwrap();
    let records = c.call(&ispmgr4::DomainSublist::new("example.com")).await.unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    let mx = records.iter().find(|r| r.type_.as_deref() == Some("MX")).expect("MX record listed");
    assert_eq!(mx.addr.as_deref(), Some("mx.example.com."));
    let mx_key = mx.key.clone().expect("record id");
    assert!(mx_key.contains("MX") && mx_key.contains("10"), "{mx_key}");
    let www_key = records.iter().find(|r| r.type_.as_deref() == Some("A")).and_then(|r| r.key.clone()).unwrap();
    // Edit the A record, then read its form back.
    c.call(&ispmgr4::DomainSublistEdit::new("example.com").elid(www_key.clone()).addr("192.0.2.20")).await.unwrap();
    let form = c.call(&ispmgr4::DomainSublistEditGet::new("example.com", www_key.clone())).await.unwrap();
    assert_eq!(form.addr.as_deref(), Some("192.0.2.20"));
    assert_eq!(form.sdtype, Some(ispmgr4::DomainSublistEditFormSdtype::A));
    c.call(&ispmgr4::DomainSublistDelete::new("example.com", [mx_key])).await.unwrap();
    let records = c.call(&ispmgr4::DomainSublist::new("example.com")).await.unwrap();
    assert_eq!(records.len(), 1);
    // An unknown zone is `not found` (missed, naming the list).
    let e = c.call(&ispmgr4::DomainSublist::new("nowhere.example")).await.unwrap_err();
    assert_eq!(panel_error(e).kind, ErrorKind::Missed);
    // Deleting the zone takes its records along.
    c.call(&ispmgr4::DomainDeleteConfirm::new(["example.com"])).await.unwrap();
    assert!(c.call(&ispmgr4::Domain::new()).await.unwrap().is_empty());
    assert!(objects(&f, "domain.sublist").is_empty(), "{}", f.state());

    // Users last: deleting one removes its account.
    c.call(&ispmgr4::UserDelete::new(["alice"])).await.unwrap();
    assert_eq!(names(&c.call(&ispmgr4::User::new()).await.unwrap(), |u| u.name.as_ref()), ["bob"]);
    assert!(alice.call(&ispmgr4::User::new()).await.is_err(), "a deleted user's session still works");
}

#[tokio::test]
async fn ispmgr4_cycles_xml() {
    ispmgr4_cycles(OutFormat::Xml).await;
}

#[tokio::test]
async fn ispmgr4_cycles_json() {
    ispmgr4_cycles(OutFormat::Json).await;
}

#[tokio::test]
async fn ispmgr4_cycles_sjson() {
    ispmgr4_cycles(OutFormat::Sjson).await;
}

#[tokio::test]
async fn auth_modes() {
    let f = fake("ispmgr4").await;

    // Session login exposes the level (ISPmanager 4 admin = 7), one session serves many calls.
    let root = client::<Ispmgr4>(&f, OutFormat::Xml);
    assert_eq!(root.login().await.unwrap().level, Some(7));
    root.call(&ispmgr4::DomainEdit::new().name("a.example").ip("192.0.2.1".parse().unwrap())).await.unwrap();
    assert_eq!(f.session_count(), 1);

    // authinfo on every request: works, opens no session.
    let ai = IspClient::<Ispmgr4>::builder(f.base_url()).authinfo("root", "secret").build().unwrap();
    let domains = ai.call(&ispmgr4::Domain::new()).await.unwrap();
    assert_eq!(names(&domains, |d| d.name.as_ref()), ["a.example"]);
    assert_eq!(f.session_count(), 1);
    let bad = IspClient::<Ispmgr4>::builder(f.base_url()).authinfo("root", "wrong").build().unwrap();
    assert!(panel_error(bad.call(&ispmgr4::Domain::new()).await.unwrap_err()).is_auth());

    // An existing session id (opened elsewhere).
    let id = f.open_session("root").unwrap();
    let by_id = IspClient::<Ispmgr4>::builder(f.base_url()).session_id(id).build().unwrap();
    assert_eq!(by_id.call(&ispmgr4::Domain::new()).await.unwrap().len(), 1);

    // Key login: the admin registers a one-time key; the returned URL logs bob in once.
    let key = IspClient::<Ispmgr4>::random_key().unwrap();
    let url = root.new_key_login("bob", &key).await.unwrap();
    assert!(!format!("{url:?}").contains(key.expose()), "the URL is kept secret in Debug");
    let first = raw_get(&f, url.expose()).await;
    assert!(first.contains("<auth") && !first.contains("<error"), "{first}");
    let second = raw_get(&f, url.expose()).await;
    assert!(second.contains("<error"), "a login key works once: {second}");
    // Keys shorter than 16 characters are refused before anything is sent.
    assert!(matches!(root.new_key_login("bob", &Secret::new("short")).await, Err(Error::Config(_))));

    // su: root acts as bob; what it creates is bob's.
    let as_bob = IspClient::<Ispmgr4>::builder(f.base_url()).session("root", "secret").su("bob").build().unwrap();
    as_bob.call(&ispmgr4::WwwdomainEdit::new().domain("bob.example")).await.unwrap();
    let www = objects(&f, "wwwdomain");
    assert_eq!(www[0]["name"], "bob.example");
    assert_eq!(www[0]["_owner"], "bob");
    // A user (level 1) may not su to the admin.
    let bob = IspClient::<Ispmgr4>::builder(f.base_url()).session("bob", "bobsecret").su("root").build().unwrap();
    let e = bob.call(&ispmgr4::Domain::new()).await.unwrap_err();
    assert_eq!(panel_error(e).kind, ErrorKind::Access);
    let bob = IspClient::<Ispmgr4>::builder(f.base_url()).session("bob", "bobsecret").build().unwrap();
    assert_eq!(bob.login().await.unwrap().level, Some(1));
    // Bob sees his own site only; root sees everything.
    assert_eq!(names(&bob.call(&ispmgr4::Wwwdomain::new()).await.unwrap(), |w| w.name.as_ref()), ["bob.example"]);

    // Bad credentials are an auth error, never a loop of logins.
    let wrong = IspClient::<Ispmgr4>::builder(f.base_url()).session("root", "nope").build().unwrap();
    assert!(panel_error(wrong.call(&ispmgr4::Domain::new()).await.unwrap_err()).is_auth());
}

#[tokio::test]
async fn expired_session_is_renewed_once() {
    let f = fake("ispmgr4").await;
    let c = client::<Ispmgr4>(&f, OutFormat::Json);
    c.call(&ispmgr4::DomainEdit::new().name("a.example").ip("192.0.2.1".parse().unwrap())).await.unwrap();
    let before = c.session().unwrap().id;
    f.expire_sessions();
    // The call after expiry succeeds on a fresh session, transparently.
    let domains = c.call(&ispmgr4::Domain::new()).await.unwrap();
    assert_eq!(domains.len(), 1);
    let after = c.session().unwrap().id;
    assert_ne!(before, after, "a new session was opened");
    // A given session id cannot be renewed: the expiry comes back as an auth error.
    let id = f.open_session("root").unwrap();
    let fixed = IspClient::<Ispmgr4>::builder(f.base_url()).session_id(id).build().unwrap();
    fixed.call(&ispmgr4::Domain::new()).await.unwrap();
    f.expire_sessions();
    assert!(panel_error(fixed.call(&ispmgr4::Domain::new()).await.unwrap_err()).is_auth());
}

#[tokio::test]
async fn rule_violation_caught_before_sending_and_by_the_panel() {
    let f = fake("ispmgr4").await;
    let c = client::<Ispmgr4>(&f, OutFormat::Xml);
    // `prio` on an A record: the typed enum cannot express it, the escape hatch can.
    let bad = ispmgr4::DomainSublistEdit::new("example.com")
        .name("www")
        .sdtype(ispmgr4::DomainSublistEditSdtype::A)
        .addr("192.0.2.10")
        .unchecked("prio", "10");
    let v = bad.validate().unwrap_err();
    assert!(v.list.iter().all(|x| x.param == "prio"), "{v}");
    let forbidden = v.list.iter().find_map(|x| match &x.problem {
        Problem::Forbidden(rule) => Some(rule),
        _ => None,
    });
    let rule = forbidden.unwrap_or_else(|| panic!("no rule forbids prio: {v}"));
    assert_eq!((rule.param, rule.when), ("sdtype", panelkit_runtime::Cond::Equals("A")));

    // `call` refuses it locally: no login, nothing reaches the panel.
    match c.call(&bad).await {
        Err(Error::Invalid(v2)) => assert_eq!(v2, v),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(f.session_count(), 0, "nothing was sent");

    c.call(&ispmgr4::DomainEdit::new().name("example.com").ip("192.0.2.1".parse().unwrap())).await.unwrap();
    // Unchecked, the panel refuses it naming the same parameter and rule.
    let e = panel_error(c.call_unchecked(&bad).await.unwrap_err());
    assert_eq!(e.kind, ErrorKind::Value);
    assert_eq!(e.object.as_deref(), Some("prio"));
    assert!(e.msg.contains("sdtype") && e.msg.contains('A'), "the rule is named: {}", e.msg);
    assert!(objects(&f, "domain.sublist").is_empty(), "the panel stored nothing");
}

#[tokio::test]
async fn tls_with_pinned_certificate() {
    let f = FakePanel::builder(spec("ispmgr4"))
        .user(Account::new("root", "secret", Level::Admin))
        .tls(true)
        .start()
        .await
        .unwrap();
    assert!(f.base_url().starts_with("https://"));
    let pin = CertPin::Sha256(f.fingerprint_sha256().unwrap());
    let pinned =
        IspClient::<Ispmgr4>::builder(f.base_url()).session("root", "secret").pin_certificate(pin).build().unwrap();
    pinned.call(&ispmgr4::DomainEdit::new().name("tls.example").ip("192.0.2.1".parse().unwrap())).await.unwrap();
    assert_eq!(names(&pinned.call(&ispmgr4::Domain::new()).await.unwrap(), |d| d.name.as_ref()), ["tls.example"]);
    // The same fingerprint as text (as `PANELKIT_PIN_SHA256` would give it).
    let from_hex = CertPin::sha256_hex(&f.fingerprint().unwrap()).unwrap();
    let c = IspClient::<Ispmgr4>::builder(f.base_url()).authinfo("root", "secret").pin_certificate(from_hex);
    assert_eq!(c.build().unwrap().call(&ispmgr4::Domain::new()).await.unwrap().len(), 1);

    // Without the pin the self-signed certificate is refused, before credentials are sent.
    let plain = IspClient::<Ispmgr4>::builder(f.base_url()).session("root", "secret").build().unwrap();
    match plain.call(&ispmgr4::Domain::new()).await {
        Err(Error::Transport(t)) => assert_eq!(t.kind, panelkit_runtime::TransportKind::Tls, "{t}"),
        other => panic!("expected a TLS failure, got {other:?}"),
    }
    // A wrong pin is refused too.
    let wrong = IspClient::<Ispmgr4>::builder(f.base_url())
        .session("root", "secret")
        .pin_certificate(CertPin::Sha256([7; 32]))
        .build()
        .unwrap();
    assert!(matches!(wrong.call(&ispmgr4::Domain::new()).await, Err(Error::Transport(_))));
    assert_eq!(f.session_count(), 1, "only the pinned client logged in");
}

// ---- ISPmanager 6 ---------------------------------------------------------------

async fn ispmgr6_cycles(out: OutFormat) {
    let f = fake("ispmgr6").await;
    let c = client::<Ispmgr6>(&f, out);
    // COREmanager levels: admin 29.
    assert_eq!(c.login().await.unwrap().level, Some(29));

    // Users: ISPmanager 6 creates through the wizard's last step.
    c.call(&ispmgr6::UserAddFinish::new("alice", "alice-pass-1").confirm("alice-pass-1").fullname("Alice A."))
        .await
        .unwrap();
    let users = c.call(&ispmgr6::User::new()).await.unwrap();
    assert_eq!(names(&users, |u| u.name.as_ref()), ["bob", "alice"]);
    assert_eq!(users[1].fullname.as_deref(), Some("Alice A."));
    let dup = c.call(&ispmgr6::UserAddFinish::new("alice", "x-pass-12")).await.unwrap_err();
    assert_eq!(panel_error(dup).kind, ErrorKind::Exists);
    let alice = IspClient::<Ispmgr6>::builder(f.base_url()).session("alice", "alice-pass-1").build().unwrap();
    assert_eq!(alice.login().await.unwrap().level, Some(16));

    // Web domains.
    c.call(&ispmgr6::WebdomainEdit::new().name("example.com").owner("alice")).await.unwrap();
    let sites = c.call(&ispmgr6::Webdomain::new()).await.unwrap();
    assert_eq!(names(&sites, |s| s.name.as_ref()), ["example.com"]);
    assert_eq!(sites[0].owner.as_deref(), Some("alice"));
    c.call(&ispmgr6::WebdomainEdit::new().elid("example.com").home("/www/example")).await.unwrap();
    assert_eq!(objects(&f, "webdomain")[0]["home"], "/www/example");
    // Alice sees her site.
    assert_eq!(alice.call(&ispmgr6::Webdomain::new()).await.unwrap().len(), 1);
    c.call(&ispmgr6::WebdomainDelete::new(["example.com"])).await.unwrap();
    assert!(c.call(&ispmgr6::Webdomain::new()).await.unwrap().is_empty());

    // Mailboxes: `name` + `domainname`, listed as name@domain; the mail domain comes first.
    c.call(&ispmgr6::EmaildomainEdit::new().name("example.com").owner("alice")).await.unwrap();
    c.call(&ispmgr6::EmailEdit::new().name("info").domainname("example.com").passwd("mail-pass-1").note("desk"))
        .await
        .unwrap();
    let mail = c.call(&ispmgr6::Email::new()).await.unwrap();
    assert_eq!(names(&mail, |m| m.name.as_ref()), ["info@example.com"]);
    c.call(&ispmgr6::EmailEdit::new().elid("info@example.com").note("sales")).await.unwrap();
    assert_eq!(c.call(&ispmgr6::Email::new()).await.unwrap()[0].note.as_deref(), Some("sales"));
    c.call(&ispmgr6::EmailDelete::new(["info@example.com"])).await.unwrap();
    assert!(c.call(&ispmgr6::Email::new()).await.unwrap().is_empty());

    // DNS: zone and records with the typed record kinds.
    c.call(&ispmgr6::DomainEdit::new().name("example.com").owner("alice").ns(["ns1.example.com."])).await.unwrap();
    c.call(&ispmgr6::DomainRecordEdit::new(
        "example.com",
        "www",
        ispmgr6::DomainRecordEditRtype::A { ip: Some("192.0.2.10".parse().unwrap()) },
    ))
    .await
    .unwrap();
    c.call(&ispmgr6::DomainRecordEdit::new(
        "example.com",
        "example.com.",
        ispmgr6::DomainRecordEditRtype::Mx { domain: Some("mx.example.com.".into()), priority: Some(10) },
    ))
    .await
    .unwrap();
    let records = c.call(&ispmgr6::DomainRecord::new("example.com")).await.unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    let mx = records.iter().find(|r| r.rtype.as_deref() == Some("mx")).expect("MX listed");
    let mx_key = mx.rkey.clone().expect("record id");
    assert!(mx_key.contains("mx.example.com."), "{mx_key}");
    let a_key = records.iter().find(|r| r.rtype.as_deref() == Some("a")).and_then(|r| r.rkey.clone()).unwrap();
    c.call(
        &ispmgr6::DomainRecordEdit::new(
            "example.com",
            "www",
            ispmgr6::DomainRecordEditRtype::A { ip: Some("192.0.2.20".parse().unwrap()) },
        )
        .elid(a_key.clone())
        .ttl(600),
    )
    .await
    .unwrap();
    let records = c.call(&ispmgr6::DomainRecord::new("example.com")).await.unwrap();
    let a = records.iter().find(|r| r.rtype.as_deref() == Some("a")).unwrap();
    assert_eq!(a.ttl, Some(600));
    c.call(&ispmgr6::DomainRecordDelete::new("example.com", [mx_key])).await.unwrap();
    assert_eq!(c.call(&ispmgr6::DomainRecord::new("example.com")).await.unwrap().len(), 1);
    c.call(&ispmgr6::DomainDelete::new(["example.com"])).await.unwrap();
    assert!(c.call(&ispmgr6::Domain::new()).await.unwrap().is_empty());
    assert!(objects(&f, "domain.record").is_empty(), "{}", f.state());

    c.call(&ispmgr6::UserDelete::new(["alice"])).await.unwrap();
    assert_eq!(names(&c.call(&ispmgr6::User::new()).await.unwrap(), |u| u.name.as_ref()), ["bob"]);
    assert!(f.state()["users"].as_array().unwrap().iter().all(|u| u["name"] != "alice"));
}

#[tokio::test]
async fn ispmgr6_cycles_xml() {
    ispmgr6_cycles(OutFormat::Xml).await;
}

#[tokio::test]
async fn ispmgr6_cycles_json() {
    ispmgr6_cycles(OutFormat::Json).await;
}

#[tokio::test]
async fn ispmgr6_cycles_sjson() {
    ispmgr6_cycles(OutFormat::Sjson).await;
}

#[tokio::test]
async fn ispmgr6_key_login_and_su() {
    let f = fake("ispmgr6").await;
    let root = client::<Ispmgr6>(&f, OutFormat::Sjson);
    let key = Secret::new("0123456789abcdef-key");
    let url = root.new_key_login("bob", &key).await.unwrap();
    assert!(url.expose().starts_with(&f.url()), "{}", url.expose());
    assert!(raw_get(&f, url.expose()).await.contains("<auth"));
    assert!(raw_get(&f, url.expose()).await.contains("<error"));
    let as_bob = IspClient::<Ispmgr6>::builder(f.base_url()).authinfo("root", "secret").su("bob").build().unwrap();
    as_bob.call(&ispmgr6::WebdomainEdit::new().name("bob.example")).await.unwrap();
    assert_eq!(objects(&f, "webdomain")[0]["_owner"], "bob");
}

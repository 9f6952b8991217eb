//! End to end on ISPmanager 6 with the typed bindings, over loopback: the billing flow
//! (a user with a site, mailbox, database, FTP user and DNS zone; suspend; resume; delete
//! cascades), the ACME DNS-01 flow as certbot-dns-ispmanager sends it (TXT by typed
//! record, list, delete by record key with `elid` + `elname`), IDN zones, and a Let's
//! Encrypt order.

use std::path::Path;

use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use panelkit_ispsystem::ispmgr6::{self as isp, Ispmgr6};
use panelkit_runtime::{Error, ErrorKind, IspClient, OutFormat, RecordKey, Request};
use serde_json::Value;

const PW: &str = "Xk9#mQ2vL7pR";

async fn fake() -> FakeHandle {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/ispmgr6");
    let spec = panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("spec/ispmgr6: {e}"));
    FakePanel::builder(spec).user(Account::new("root", "secret", Level::Admin)).start().await.expect("fake starts")
}

fn client(f: &FakeHandle) -> IspClient<Ispmgr6> {
    IspClient::<Ispmgr6>::builder(f.base_url())
        .session("root", "secret")
        .format(OutFormat::Json)
        .build()
        .expect("client")
}

fn panel_error(e: Error) -> Box<panelkit_runtime::PanelError> {
    match e {
        Error::Panel(p) => p,
        other => panic!("expected a panel error, got {other:?}"),
    }
}

/// Names of the objects of `list` in the fake's state owned by `owner`.
fn owned(f: &FakeHandle, list: &str, owner: &str) -> Vec<String> {
    let objects = f.state()["objects"][list].as_array().cloned().unwrap_or_default();
    objects
        .iter()
        .filter(|o| o["_owner"] == Value::String(owner.into()))
        .filter_map(|o| o["name"].as_str().or(o["key"].as_str()).map(str::to_owned))
        .collect()
}

fn wire_names(r: &impl Request) -> Vec<String> {
    let mut v: Vec<String> = r.to_params().entries().iter().map(|e| e.name.to_string()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn billing_flow_user_with_site_mailbox_database_suspend_resume_delete() {
    let f = fake().await;
    let c = client(&f);

    // confirm must equal passwd.
    let bad = isp::UserAddFinish::new("alice", PW).confirm("other");
    assert_eq!(panel_error(c.call(&bad).await.unwrap_err()).kind, ErrorKind::Value);
    c.call(&isp::UserAddFinish::new("alice", PW).confirm(PW).fullname("Alice").email("alice@example.org"))
        .await
        .expect("user created");
    let dup = c.call(&isp::UserAddFinish::new("alice", PW)).await.unwrap_err();
    assert_eq!(panel_error(dup).kind, ErrorKind::Exists);
    let active = |users: &[isp::UserElem]| users.iter().find(|u| u.name.as_deref() == Some("alice")).map(|u| u.active);
    assert_eq!(active(&c.call(&isp::User::new()).await.unwrap()), Some(true), "a created user is active");

    // An owner must exist.
    let e = c.call(&isp::WebdomainEdit::new().name("example.org").owner("nobody")).await.unwrap_err();
    assert_eq!(panel_error(e).kind, ErrorKind::Missed);
    c.call(&isp::WebdomainEdit::new().name("example.org").owner("alice")).await.expect("site");
    // A mailbox needs an existing mail domain.
    let mailbox = || isp::EmailEdit::new().name("info").domainname("example.org").passwd(PW).confirm(PW);
    let e = c.call(&mailbox()).await.unwrap_err();
    let e = panel_error(e);
    assert_eq!((e.kind.clone(), e.object.as_deref()), (ErrorKind::Missed, Some("emaildomain")), "{e:?}");
    c.call(&isp::EmaildomainEdit::new().name("example.org").owner("alice")).await.expect("mail domain");
    c.call(&mailbox()).await.expect("mailbox");
    c.call(&isp::DbEdit::new().name("alice_db").owner("alice").server("MySQL")).await.expect("database");
    c.call(&isp::FtpUserEdit::new().name("alice_ftp").owner("alice").passwd(PW).confirm(PW)).await.expect("ftp");
    c.call(&isp::DomainEdit::new().name("example.org").owner("alice")).await.expect("zone");
    c.call(&isp::DomainRecordEdit::new(
        "example.org",
        "www.example.org.",
        isp::DomainRecordEditRtype::A { ip: Some("192.0.2.10".parse().unwrap()) },
    ))
    .await
    .expect("record");
    for list in ["webdomain", "emaildomain", "email", "db", "ftp.user", "domain"] {
        assert_eq!(owned(&f, list, "alice").len(), 1, "{list}: {}", f.state()["objects"][list]);
    }

    c.call(&isp::UserSuspend::new(["alice"])).await.expect("suspend");
    assert_eq!(active(&c.call(&isp::User::new()).await.unwrap()), Some(false));
    let alice = IspClient::<Ispmgr6>::builder(f.base_url()).session("alice", PW).build().unwrap();
    assert_eq!(panel_error(alice.call(&isp::Webdomain::new()).await.unwrap_err()).kind, ErrorKind::Auth);
    c.call(&isp::UserResume::new(["alice"])).await.expect("resume");
    assert_eq!(active(&c.call(&isp::User::new()).await.unwrap()), Some(true));
    assert_eq!(alice.call(&isp::Webdomain::new()).await.expect("alice logs in again").len(), 1);

    c.call(&isp::UserDelete::new(["alice"])).await.expect("delete");
    for list in ["user", "webdomain", "emaildomain", "email", "db", "ftp.user", "domain"] {
        assert!(owned(&f, list, "alice").is_empty(), "{list} kept alice's: {}", f.state()["objects"][list]);
    }
    assert_eq!(f.state()["objects"]["domain.record"].as_array().map_or(0, Vec::len), 0, "records go with the zone");
    assert!(c.call(&isp::User::new()).await.unwrap().iter().all(|u| u.name.as_deref() != Some("alice")));
}

/// certbot-dns-ispmanager / cert-manager webhook: add a TXT, list, delete by key.
#[tokio::test]
async fn acme_dns01_flow_with_typed_record_and_record_key() {
    let f = fake().await;
    let c = client(&f);
    let token = "gfj9Xq-RsoN7d0Eyo1v3kGJ8ksqwUv-3dp8fGH2A6n8";
    c.call(&isp::DomainEdit::new().name("example.org")).await.expect("zone");

    let add = isp::DomainRecordEdit::new(
        "example.org",
        "_acme-challenge.example.org.",
        isp::DomainRecordEditRtype::Txt { value: Some(token.into()) },
    );
    // Exactly the requests the plugin sends: plid, name, rtype, value, sok.
    assert_eq!(wire_names(&add), ["name", "plid", "rtype", "sok", "value"]);
    c.call(&add).await.expect("TXT added");

    let key = RecordKey::new("_acme-challenge.example.org.", "txt", token).to_string();
    assert_eq!(key, format!("_acme-challenge.example.org. TXT  {token}"));
    let records = c.call(&isp::DomainRecord::new("example.org")).await.expect("list");
    assert!(records.iter().any(|r| r.rkey.as_deref() == Some(key.as_str())), "{records:?}");

    let delete = isp::DomainRecordDelete::new("example.org", [key.clone()]).elname(key.clone());
    assert_eq!(wire_names(&delete), ["elid", "elname", "plid"], "no sok, as the plugin sends it");
    c.call(&delete).await.expect("TXT deleted");
    assert!(c.call(&isp::DomainRecord::new("example.org")).await.unwrap().is_empty());
    let e = c.call(&delete).await.unwrap_err();
    assert_eq!(panel_error(e).kind, ErrorKind::Missed, "gone");
}

#[tokio::test]
async fn record_types_take_their_own_values() {
    let a6 = isp::DomainRecordEdit::new(
        "example.org",
        "www.example.org.",
        isp::DomainRecordEditRtype::A { ip: Some("2001:db8::1".parse().unwrap()) },
    );
    let v = a6.validate().unwrap_err();
    assert!(v.to_string().contains("an `a` record takes an IPv4 address"), "{v}");
    let aaaa4 = isp::DomainRecordEdit::new(
        "example.org",
        "www.example.org.",
        isp::DomainRecordEditRtype::Aaaa { ip: Some("192.0.2.1".parse().unwrap()) },
    );
    assert!(aaaa4.validate().is_err());
    let txt =
        isp::DomainRecordEdit::new("example.org", "x.example.org.", isp::DomainRecordEditRtype::Txt { value: None });
    assert!(txt.validate().unwrap_err().to_string().contains("`value` is required"));
    // The fake refuses the same, naming the parameter.
    let f = fake().await;
    let c = client(&f);
    c.call(&isp::DomainEdit::new().name("example.org")).await.unwrap();
    let e = c.call_unchecked(&a6).await.unwrap_err();
    let e = panel_error(e);
    assert_eq!((e.kind.clone(), e.object.as_deref()), (ErrorKind::Value, Some("ip")), "{e:?}");
}

#[tokio::test]
async fn idn_zone_is_one_zone_in_both_spellings() {
    let f = fake().await;
    let c = client(&f);
    let create = isp::DomainEdit::new().name("пример.рф");
    assert_eq!(create.to_params().get("name"), Some("xn--e1afmkfd.xn--p1ai"), "sent as punycode");
    c.call(&create).await.expect("IDN zone");
    let zones = c.call(&isp::Domain::new()).await.unwrap();
    let names: Vec<_> = zones.iter().filter_map(|z| z.name.clone()).collect();
    assert_eq!(names, ["xn--e1afmkfd.xn--p1ai"], "the list keeps the panel's form");
    let dup = c.call(&isp::DomainEdit::new().name("xn--e1afmkfd.xn--p1ai")).await.unwrap_err();
    assert_eq!(panel_error(dup).kind, ErrorKind::Exists);
    // Records under either spelling land in the one zone.
    for zone in ["пример.рф", "xn--e1afmkfd.xn--p1ai"] {
        let ip = if zone.is_ascii() { "192.0.2.2" } else { "192.0.2.1" };
        let rec =
            isp::DomainRecordEdit::new(zone, "@", isp::DomainRecordEditRtype::A { ip: Some(ip.parse().unwrap()) });
        c.call(&rec).await.unwrap_or_else(|e| panic!("{zone}: {e}"));
    }
    assert_eq!(c.call(&isp::DomainRecord::new("пример.рф")).await.unwrap().len(), 2);
    // Label lengths count the punycode form.
    let long = isp::DomainEdit::new().name(format!("{}.рф", "пример".repeat(10)));
    assert!(long.validate().is_err());
}

#[tokio::test]
async fn lets_encrypt_order() {
    let f = fake().await;
    let c = client(&f);
    let order = isp::LetsencryptGenerate::new()
        .domain_name("пример.рф")
        .crtname("site_le")
        .email("admin@example.org")
        .wildcard(false);
    assert_eq!(order.to_params().get("domain_name"), Some("xn--e1afmkfd.xn--p1ai"));
    c.call(&order).await.expect("order accepted");
    let bad = isp::LetsencryptGenerate::new().domain_name("not a domain");
    assert!(bad.validate().is_err());
    assert!(c.call(&bad).await.is_err(), "nothing is sent when validate() fails");
}

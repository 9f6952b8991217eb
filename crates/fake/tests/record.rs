//! Recorded requests, scripted replies and the served certificate: what tests of a client
//! use to see what it sent.

mod common;

use std::time::{Duration, Instant};

use common::*;
use panelkit_fake::{Account, FakePanel, Level, ScriptedReply};

#[tokio::test]
async fn requests_are_recorded_with_wire_names_and_secrets_masked_in_debug() {
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "rootpw-SECRET", Level::Admin))
        .record_requests(true)
        .start()
        .await
        .unwrap();
    let path = fake.base_path().to_owned();
    get(fake.addr(), &path, "func=user&authinfo=root:rootpw-SECRET&out=xml").await;
    let body = form(&[("func", "user.edit"), ("name", "vasya"), ("passwd", "pw-SECRET-2"), ("sok", "ok")]);
    post(fake.addr(), &format!("{path}?authinfo=root:rootpw-SECRET"), &body).await;
    // Refused requests are recorded too.
    get(fake.addr(), &path, "func=user&x=%FF").await;

    let reqs = fake.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(fake.funcs(), ["user", "user.edit", "user"]);
    assert_eq!((reqs[0].method.as_str(), reqs[0].path.as_str()), ("GET", path.as_str()));
    assert_eq!(reqs[0].get("out"), Some("xml"));
    assert!(reqs[0].body.is_empty());
    assert_eq!(reqs[1].method, "POST");
    assert_eq!(reqs[1].query_params, [("authinfo".to_owned(), "root:rootpw-SECRET".to_owned())]);
    assert_eq!(reqs[1].get("passwd"), Some("pw-SECRET-2"));
    assert_eq!(reqs[1].body, body);
    assert_eq!(reqs[1].header("content-type"), Some("application/x-www-form-urlencoded"));
    for r in &reqs {
        let d = format!("{r:?}");
        assert!(!d.contains("SECRET"), "{d}");
    }
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn nothing_is_recorded_by_default() {
    let fake = FakePanel::builder(spec("ispmgr4mini")).start().await.unwrap();
    get(fake.addr(), fake.base_path(), "func=user").await;
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_scripted_function_gets_its_canned_reply() {
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .record_requests(true)
        .script("restart", ScriptedReply::xml("<doc><ok>restart</ok></doc>"))
        .start()
        .await
        .unwrap();
    let r = get(fake.addr(), fake.base_path(), "func=restart").await;
    assert_eq!((r.status, r.body.as_str()), (200, "<doc><ok>restart</ok></doc>"));
    assert!(r.content_type.starts_with("text/xml"), "{}", r.content_type);

    fake.script(
        "html",
        ScriptedReply::new("text/html", "<html>login</html>").status(403).delay(Duration::from_millis(200)),
    );
    let t = Instant::now();
    let r = get(fake.addr(), fake.base_path(), "func=html").await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_eq!((r.status, r.content_type.as_str(), r.body.as_str()), (403, "text/html", "<html>login</html>"));

    fake.unscript("restart");
    let r = get(fake.addr(), fake.base_path(), "func=restart").await;
    assert!(r.body.contains("type=\"auth\""), "answered from the spec again: {}", r.body);
    assert_eq!(fake.funcs(), ["restart", "html", "restart"]);
}

#[tokio::test]
async fn the_certificate_is_the_one_fingerprinted() {
    let fake = FakePanel::builder(spec("ispmgr4mini")).tls(true).start().await.unwrap();
    let der = fake.certificate_der().expect("TLS on");
    use sha2::Digest;
    let fp: [u8; 32] = sha2::Sha256::digest(der).into();
    assert_eq!(Some(fp), fake.fingerprint_sha256());
    let plain = FakePanel::builder(spec("ispmgr4mini")).start().await.unwrap();
    assert!(plain.certificate_der().is_none());
}

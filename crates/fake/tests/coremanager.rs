//! A COREmanager 5+ panel (ISPmanager 6 shapes): levels, `$`-keyed JSON errors,
//! `domain.record` ids, the alias table, and the handle's test hooks.

mod common;

use common::{form, get, post};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use serde_json::json;

const EP: &str = "/ispmgr";

async fn start() -> FakeHandle {
    start_with(false).await
}

async fn start_with(strict: bool) -> FakeHandle {
    FakePanel::builder(common::spec("ispmgr6mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .strict(strict)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn login_level_and_json_errors() {
    let fake = start().await;
    let r = get(fake.addr(), EP, "func=auth&username=root&password=secret&out=sjson").await;
    let v = r.json();
    assert_eq!(v["doc"]["auth"]["$level"], "29", "{v}");
    let r = get(fake.addr(), EP, "func=auth&username=root&password=bad&out=sjson").await;
    let e = &r.json()["doc"]["error"];
    assert_eq!(e["$type"], "auth");
    assert_eq!(e["$object"], "badpassword");
    assert_eq!(e["param"][0]["$name"], "object");
    assert!(e["msg"]["$"].as_str().unwrap().contains("Invalid username or password"), "{e}");
    assert!(e.get("$code").is_none(), "numeric codes are ISPmanager 4 only: {e}");
    let r = get(fake.addr(), EP, "func=auth&username=root&password=bad&out=JSONdata").await;
    assert_eq!(r.json()["error"]["type"], "auth");
}

/// By default the fake ignores, like a real panel, what a form does not take and the
/// fields its rules hide, and names them in a header.
#[tokio::test]
async fn unknown_and_hidden_parameters_are_ignored_and_named() {
    let fake = start().await;
    let a = fake.addr();
    let auth = "authinfo=root:secret&out=sjson";
    get(a, EP, &format!("{auth}&func=domain.edit&name=example.com&sok=ok")).await;
    let r = get(
        a,
        EP,
        &format!("{auth}&func=domain.record.edit&plid=example.com&name=www.example.com.&rtype=a&ip=192.0.2.2&priority=5&bogus=1&sok=ok"),
    )
    .await;
    assert!(r.json()["doc"]["ok"].is_object(), "{}", r.body);
    assert_eq!(r.ignored.as_deref(), Some("bogus, priority"), "{}", r.body);
    let r = get(a, EP, &format!("{auth}&func=domain.record&elid=example.com")).await;
    assert!(!r.body.contains("\"priority\""), "an ignored field is not stored: {}", r.body);
    // A well-formed request names nothing.
    let r = get(a, EP, &format!("{auth}&func=domain.record&elid=example.com")).await;
    assert_eq!(r.ignored, None);
}

#[tokio::test]
async fn records_with_rkey() {
    // Strict: hidden fields are refused with the rule that hides them.
    let fake = start_with(true).await;
    let a = fake.addr();
    let auth = "authinfo=root:secret&out=sjson";
    get(a, EP, &format!("{auth}&func=domain.edit&name=example.com&sok=ok")).await;
    let r = get(
        a,
        EP,
        &format!("{auth}&func=domain.record.edit&plid=example.com&name=www.example.com.&rtype=a&ip=192.0.2.1&sok=ok"),
    )
    .await;
    assert!(r.json()["doc"]["ok"].is_object(), "{}", r.body);
    // A rule the request lacks: `priority` only with mx.
    let r = get(
        a,
        EP,
        &format!("{auth}&func=domain.record.edit&plid=example.com&name=www.example.com.&rtype=a&ip=192.0.2.2&priority=5&sok=ok"),
    )
    .await;
    let e = &r.json()["doc"]["error"];
    assert_eq!(e["$object"], "priority", "{e}");
    assert!(e["msg"]["$"].as_str().unwrap().contains("rtype = mx enables domain, priority"), "{e}");

    let r = get(a, EP, &format!("{auth}&func=domain.record&elid=example.com")).await;
    let v = r.json();
    assert_eq!(v["doc"]["elem"][0]["rkey"]["$"], "www.example.com. A  192.0.2.1", "{v}");
    let r = post(
        a,
        EP,
        &form(&[
            ("authinfo", "root:secret"),
            ("func", "domain.record.delete"),
            ("plid", "example.com"),
            ("elid", "www.example.com. A  192.0.2.1"),
        ]),
    )
    .await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
}

#[tokio::test]
async fn alias_table_and_test_hooks() {
    let fake = start().await;
    let a = fake.addr();
    let r = get(a, EP, "authinfo=root:secret&func=user.add.finish&name=dave&passwd=davepass&sok=ok").await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    // user.add.finish made what `user` lists, and dave can log in.
    let r = get(a, EP, "authinfo=root:secret&func=user").await;
    assert!(r.body.contains("<name>dave</name>"), "{}", r.body);
    let r = get(a, EP, "authinfo=dave:davepass&func=webdomain").await;
    assert!(!r.body.contains("<error"), "{}", r.body);
    get(a, EP, "authinfo=root:secret&func=user.suspend&elid=dave").await;
    let r = get(a, EP, "authinfo=root:secret&func=user").await;
    assert!(r.body.contains("<active>off</active>"), "{}", r.body);

    // site.edit stores a webdomain (site_ prefix dropped), with the enum default.
    let r = get(a, EP, "authinfo=root:secret&func=site.edit&site_name=shop.example&sok=ok").await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=webdomain").await;
    assert!(r.body.contains("<name>shop.example</name><php_mode>php_mode_fcgi_nginxfpm</php_mode>"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=site.edit&elid=shop.example").await;
    assert!(r.body.contains("<site_name>shop.example</site_name>"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=webdomain.delete&elid=shop.example&remove_directory=on").await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);

    // Hooks: sessions opened directly, state replaced and read back.
    let s = fake.open_session("root").expect("session");
    let r = get(a, EP, &format!("auth={s}&func=domain")).await;
    assert!(!r.body.contains("<error"), "{}", r.body);
    assert!(fake.open_session("nobody").is_none());
    fake.set_state(json!({"objects": {"domain": [{"name": "loaded.example", "_owner": "root"}]}})).unwrap();
    let r = get(a, EP, &format!("auth={s}&func=domain")).await;
    assert!(r.body.contains("<name>loaded.example</name>"), "{}", r.body);
    assert!(fake.set_state(json!({"users": "nope"})).is_err());
    assert!(format!("{fake:?}").contains("127.0.0.1"));
    let acc = Account::new("x", "hunter2", Level::User);
    assert!(!format!("{acc:?}").contains("hunter2"));
    fake.shutdown().await;
}

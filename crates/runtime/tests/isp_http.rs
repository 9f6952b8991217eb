//! The ISPsystem client against the fake panel (and a few broken servers) on loopback.

mod common;

use std::time::Duration;

use common::*;
use panelkit_fake::{Account, FakeHandle, Level, ScriptedReply};
use panelkit_runtime::reply::{write_json, write_xml};
use panelkit_runtime::{
    Done, Error, ErrorKind, IspClient, Node, OutFormat, Params, ReplyError, Secret, Syntax, TransportKind,
};

/// The `level` the fake reports for an admin of a COREmanager 5+ panel.
const ADMIN_LEVEL: u32 = 29;

fn client(panel: &FakeHandle) -> panelkit_runtime::IspClientBuilder<TestIsp> {
    IspClient::<TestIsp>::builder(panel.base_url())
}

#[tokio::test]
async fn session_login_exposes_level_and_sends_the_id() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    let info = c.login().await.unwrap();
    assert_eq!(info.level, Some(ADMIN_LEVEL));
    assert_eq!(c.session_level(), Some(ADMIN_LEVEL));
    let users = c.call(&UserList).await.unwrap();
    assert_eq!(users.len(), 2);
    let reqs = panel.requests();
    assert_eq!(reqs[0].get("func"), Some("auth"));
    assert_eq!(reqs[1].get("auth"), Some(info.id.expose()));
    assert_eq!(reqs[1].get("out"), Some("xml"));
}

#[tokio::test]
async fn session_logs_in_lazily_and_logs_out() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    assert!(c.session().is_none());
    c.call(&UserList).await.unwrap();
    assert!(c.session().is_some());
    assert_eq!(panel.session_count(), 1);
    c.logout().await.unwrap();
    assert!(c.session().is_none());
    assert_eq!(panel.funcs(), ["auth", "user", "logout"]);
    assert_eq!(panel.session_count(), 0);
}

#[tokio::test]
async fn authinfo_on_every_request() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    c.call(&UserList).await.unwrap();
    c.call(&UserList).await.unwrap();
    let reqs = panel.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.get("authinfo") == Some(&*format!("admin:{PASSWORD}"))));
    assert_eq!(panel.session_count(), 0);
}

#[tokio::test]
async fn existing_session_id() {
    let panel = start_panel().await;
    let id = panel.open_session("admin").unwrap();
    let c = client(&panel).session_id(id.clone()).build().unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
    assert_eq!(panel.requests()[0].get("auth"), Some(id.as_str()));
    // It cannot be renewed: once the panel drops it, the auth error is returned.
    panel.drop_sessions();
    let err = c.call(&UserList).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Auth);
    assert_eq!(panel.funcs(), ["user", "user"]);
}

#[tokio::test]
async fn bad_credentials_are_a_typed_auth_error() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", "wrong-password").build().unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let p = err.panel().expect("panel error");
    assert_eq!(p.kind, ErrorKind::Auth);
    assert_eq!(p.object.as_deref(), Some("badpassword"));
    assert_eq!(p.msg, "Invalid username or password");
    // One login attempt, no call, no loop.
    assert_eq!(panel.funcs(), ["auth"]);

    let c = client(&panel).authinfo("admin", "wrong-password").build().unwrap();
    assert_eq!(c.call(&UserList).await.unwrap_err().panel().unwrap().kind, ErrorKind::Auth);
}

#[tokio::test]
async fn expired_session_is_renewed_once() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    c.call(&UserList).await.unwrap();
    panel.drop_sessions(); // the panel forgets the session
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
    assert_eq!(panel.funcs(), ["auth", "user", "user", "auth", "user"]);
    let reqs = panel.requests();
    assert!(reqs[2].get("auth").is_some());
    assert_ne!(reqs[2].get("auth"), reqs[4].get("auth"));
}

#[tokio::test]
async fn failed_renewal_does_not_loop() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    c.call(&UserList).await.unwrap();
    // The panel forgets the session and the password changes: the new login is refused.
    panel.drop_sessions();
    panel
        .set_state(serde_json::json!({ "users": [{ "name": "admin", "password": "changed", "level": "admin" }] }))
        .unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Auth);
    assert_eq!(panel.funcs(), ["auth", "user", "user", "auth"]);
}

#[tokio::test]
async fn refused_fresh_session_does_not_loop() {
    // Sessions expire at once: even a fresh one is refused.
    let panel = builder().session_ttl(Duration::ZERO).start().await.unwrap();
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Auth);
    assert_eq!(panel.funcs(), ["auth", "user", "auth", "user"]);
}

/// An `exists` error with the templates a real panel sends (`__object__`, `__value__`).
fn templated_error() -> Node {
    fn el(name: &str, text: &str) -> Node {
        Node::with_text(name, text)
    }
    let mut err = Node::new("error");
    err.attrs = vec![("type".into(), "exists".into()), ("object".into(), "user".into()), ("lang".into(), "en".into())];
    let mut p = el("param", "user");
    p.attrs = vec![("name".into(), "object".into()), ("type".into(), "msg".into()), ("msg".into(), "User".into())];
    err.children.push(p);
    let mut v = el("param", "exists");
    v.attrs = vec![("name".into(), "value".into())];
    err.children.push(v);
    err.children.push(el("group", "__object__ with value '__value__' already exists"));
    err.children.push(el("detail", "__object__ '__value__' exists"));
    Node::new("doc").with_child(err)
}

#[tokio::test]
async fn reply_shapes_in_xml_json_and_sjson() {
    for out in [OutFormat::Xml, OutFormat::Json, OutFormat::Sjson] {
        let panel = start_panel().await;
        let c = client(&panel).authinfo("admin", PASSWORD).format(out).build().unwrap();
        // list
        let users = c.call(&UserList).await.unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].name, "alice");
        assert!(users[0].active);
        assert_eq!(users[1].name, "bob & co");
        assert!(!users[1].active);
        assert_eq!(users[0].disk.unwrap().used, Some(3.0));
        assert_eq!(users[0].disk.unwrap().limit, Some(10.0));
        // form
        let form = c.call(&UserEditGet { elid: "alice".into() }).await.unwrap();
        assert_eq!(form, UserForm { elid: "alice".into(), name: "alice".into(), disklimit: Some(10) });
        // ok
        assert_eq!(c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap(), Done { restart: false });
        assert_eq!(c.call(&UserList).await.unwrap().len(), 3);
        // ok restart: no spec says when a panel asks for one, so it is scripted.
        panel.script("restart", ScriptedReply::xml("<doc><ok>restart</ok></doc>"));
        let doc = c.call_raw("restart", Params::new()).await.unwrap();
        assert_eq!(doc.child_text("ok"), Some("restart"));
        // error
        let err = c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap_err();
        let p = err.panel().unwrap();
        assert_eq!(p.kind, ErrorKind::Exists);
        assert_eq!(p.object.as_deref(), Some("user"));
        assert_eq!(p.value.as_deref(), Some("carol"));
        assert_eq!(p.msg, "user with value 'carol' already exists");
        // error with templates filled, in the format asked for
        let doc = templated_error();
        let reply = match out {
            OutFormat::Xml => ScriptedReply::xml(write_xml(&doc)),
            _ => ScriptedReply::json(write_json(&doc)),
        };
        panel.script("user.exists", reply);
        let err = c.call_raw("user.exists", Params::new()).await.unwrap_err();
        let p = err.panel().unwrap();
        assert_eq!(p.kind, ErrorKind::Exists);
        assert_eq!(p.object.as_deref(), Some("user"));
        assert_eq!(p.value.as_deref(), Some("exists"));
        assert_eq!(p.msg, "User with value 'exists' already exists");
        assert_eq!(p.detail.as_deref(), Some("User 'exists' exists"));
        assert!(panel.requests().iter().all(|r| r.get("out") == Some(out.as_wire())));
    }
}

#[tokio::test]
async fn isp4_numeric_error_codes() {
    // ISPmanager 4's bare numeric error (no `type`): canned, as the fake always sends a type.
    let panel = builder()
        .script(
            "isp4error",
            ScriptedReply::xml(r#"<doc><error code="2" obj="domain" val="a.com">Domain exists</error></doc>"#),
        )
        .start()
        .await
        .unwrap();
    let c = IspClient::<TestIsp>::builder(panel.base_url()).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call_raw("isp4error", Params::new()).await.unwrap_err();
    let p = err.panel().unwrap();
    assert_eq!((p.kind.clone(), p.code), (ErrorKind::Exists, Some(2)));
    assert_eq!((p.object.as_deref(), p.value.as_deref()), (Some("domain"), Some("a.com")));
    assert_eq!(p.msg, "Domain exists");
}

#[tokio::test]
async fn isp4_codes_from_the_fake_ispmanager4() {
    let mut spec = common::spec();
    spec.version = "4".into();
    let panel = builder_for(spec).start().await.unwrap();
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call(&UserEdit::new("alice", NEW_USER_PASSWORD)).await.unwrap_err();
    let p = err.panel().unwrap();
    assert_eq!((p.kind.clone(), p.code), (ErrorKind::Exists, Some(2)));
    assert_eq!((p.object.as_deref(), p.value.as_deref()), (Some("user"), Some("alice")));
}

#[tokio::test]
async fn invalid_request_is_not_sent() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let mut req = UserEdit::new("", NEW_USER_PASSWORD);
    req.disklimit = Some(5000);
    let err = c.call(&req).await.unwrap_err();
    let Error::Invalid(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.list.len(), 2, "{v}");
    assert!(panel.requests().is_empty());
    // call_unchecked lets the panel decide (and this one refuses it).
    let err = c.call_unchecked(&req).await.unwrap_err();
    assert!(err.panel().is_some(), "{err:?}");
    assert_eq!(panel.requests().len(), 1);
    assert_eq!(panel.requests()[0].get("disklimit"), Some("5000"));
}

#[tokio::test]
async fn post_by_default_keeps_secrets_out_of_the_url() {
    let panel = builder().user(Account::new("bob", "bob-pw", Level::Reseller)).start().await.unwrap();
    let c = client(&panel).session("admin", PASSWORD).su("bob").lang("en").build().unwrap();
    c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap();
    let reqs = panel.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(r.method, "POST");
        assert!(r.query.is_empty(), "query: {}", r.query);
        assert!(!r.query.contains(PASSWORD) && !r.query.contains(NEW_USER_PASSWORD));
        assert_eq!(r.get("lang"), Some("en"));
    }
    assert_eq!(reqs[0].get("su"), None, "login is not done as another user");
    assert_eq!(reqs[1].get("su"), Some("bob"));
    assert_eq!(reqs[1].get("passwd"), Some(NEW_USER_PASSWORD));
}

#[tokio::test]
async fn get_on_request() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).use_get().build().unwrap();
    c.call(&UserList).await.unwrap();
    let r = &panel.requests()[0];
    assert_eq!(r.method, "GET");
    assert!(r.query.contains("func=user"));
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn endpoint_is_overridable() {
    // The fake serves the test panel under another panel's endpoint.
    let panel = builder().base_path("/manager/ispmgr").start().await.unwrap();
    let c = IspClient::<TestIsp>::builder(panel.base_url())
        .endpoint("/manager/ispmgr")
        .authinfo("admin", PASSWORD)
        .build()
        .unwrap();
    let doc = c.call_raw("user", Params::new()).await.unwrap();
    assert_eq!(doc.children_named("elem").count(), 2);
    assert_eq!(panel.requests()[0].path, "/manager/ispmgr");
    // The default endpoint of the panel is not served here.
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    assert!(matches!(
        c.call_raw("user", Params::new()).await.unwrap_err(),
        Error::Reply(ReplyError::Unrecognized { status: Some(404), .. })
    ));
    // OtherIsp's default endpoint is its own.
    let c = IspClient::<OtherIsp>::builder(panel.base_url()).authinfo("admin", PASSWORD).build().unwrap();
    assert_eq!(c.call_raw("user", Params::new()).await.unwrap().children_named("elem").count(), 2);
}

#[tokio::test]
async fn empty_404_is_an_empty_reply() {
    // A web server without the panel: 404 and no body.
    let addr = start_raw(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").await;
    let c = IspClient::<TestIsp>::builder(format!("http://{addr}")).authinfo("admin", PASSWORD).build().unwrap();
    assert!(matches!(
        c.call_raw("user", Params::new()).await.unwrap_err(),
        Error::Reply(ReplyError::Empty { status: Some(404) })
    ));
}

#[tokio::test]
async fn key_login_returns_the_url_for_the_user() {
    let panel = builder().user(Account::new("vasya", "vasya-pw", Level::User)).start().await.unwrap();
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let short = c.new_key_login("vasya", &Secret::new("too-short")).await.unwrap_err();
    assert!(matches!(short, Error::Config(_)));
    assert!(panel.requests().is_empty());

    let key = IspClient::<TestIsp>::random_key().unwrap();
    assert!(key.expose().len() >= 16);
    let url = c.new_key_login("vasya", &key).await.unwrap();
    assert_eq!(
        url.expose(),
        format!("{}/ispmgr?func=auth&username=vasya&key={}&checkcookie=no", panel.base_url(), key.expose())
    );
    assert!(!format!("{url:?}").contains(key.expose()));
    let reqs = panel.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!((reqs[0].func(), reqs[0].get("username")), ("session.newkey", Some("vasya")));
    assert_eq!(reqs[0].get("key"), Some(key.expose()));
    assert!(reqs[0].query.is_empty());
    // The URL logs vasya in, once.
    let first = raw_get(&panel, url.expose()).await;
    assert!(first.contains("<auth ") && first.contains("level=\"16\""), "{first}");
    let again = raw_get(&panel, url.expose()).await;
    assert!(again.contains("badpassword"), "{again}");
}

/// A plain HTTP GET of `url` (served by `panel`), the whole reply as text.
async fn raw_get(panel: &FakeHandle, url: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let path = url.strip_prefix(&panel.base_url()).expect("URL on the fake panel");
    let mut s = tokio::net::TcpStream::connect(panel.addr()).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", panel.addr());
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn call_raw_sends_any_function() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    for name in ["a", "b"] {
        c.call(&UserEdit::new(name, NEW_USER_PASSWORD)).await.unwrap();
    }
    let mut p = Params::new();
    p.set("elid", "a, b");
    p.set("sok", "ok");
    let doc = c.call_raw("user.delete", p).await.unwrap();
    assert!(doc.child("ok").is_some(), "{doc:?}");
    let r = panel.requests().pop().unwrap();
    assert_eq!((r.func(), r.get("elid"), r.get("sok")), ("user.delete", Some("a, b"), Some("ok")));
    let names: Vec<String> = c.call(&UserList).await.unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["alice", "bob & co"]);
    let err = c.call_raw("no.such.func", Params::new()).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Missed);
    assert_eq!(panel.funcs().last().map(String::as_str), Some("no.such.func"));
}

#[tokio::test]
async fn html_reply_is_a_clear_error() {
    let panel = start_panel().await;
    panel.script(
        "html",
        ScriptedReply::new(
            "text/html",
            "<!DOCTYPE html>\n<html><head><title>ISPmanager login</title></head><body>Please log in</body></html>",
        ),
    );
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call_raw("html", Params::new()).await.unwrap_err();
    let Error::Reply(ReplyError::Unrecognized { status, content_type, snippet }) = &err else { panic!("{err:?}") };
    assert_eq!(*status, Some(200));
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert!(snippet.starts_with("<!DOCTYPE html> <html><head><title>ISPmanager login"), "{snippet}");
    assert!(err.to_string().contains("neither XML nor JSON"));
}

#[tokio::test]
async fn truncated_and_malformed_replies() {
    // Whole HTTP replies whose XML is cut or broken: canned bytes for one function each.
    let panel = start_panel().await;
    panel.script(
        "truncated",
        ScriptedReply::new("text/xml", "<?xml version=\"1.0\"?>\n<doc><elem><name>a</name></elem><elem><na"),
    );
    panel.script("malformed", ScriptedReply::new("text/xml", "<doc>\n  <elem><name>a</nam></elem>\n</doc>"));
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call_raw("truncated", Params::new()).await.unwrap_err();
    assert!(matches!(err, Error::Reply(ReplyError::Truncated { syntax: Some(Syntax::Xml), .. })), "{err:?}");
    let err = c.call_raw("malformed", Params::new()).await.unwrap_err();
    let Error::Reply(ReplyError::Malformed { line, .. }) = &err else { panic!("{err:?}") };
    assert_eq!(*line, 2, "{err}");
}

#[tokio::test]
async fn connection_dropped_mid_body_is_truncated() {
    let addr =
        start_raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<doc><elem><name>x</name>")
            .await;
    let c = IspClient::<TestIsp>::builder(format!("http://{addr}")).build().unwrap();
    let err = c.call_raw("user", Params::new()).await.unwrap_err();
    assert!(matches!(err, Error::Reply(ReplyError::Truncated { syntax: None, .. })), "{err:?}");
}

#[tokio::test]
async fn refused_connection() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c =
        IspClient::<TestIsp>::builder(format!("http://127.0.0.1:{port}")).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Connect, "{err}");
    assert_eq!(t.target, format!("http://127.0.0.1:{port}/ispmgr"));
}

#[tokio::test]
async fn request_timeout() {
    let panel = start_panel().await;
    panel.script("slow", ScriptedReply::xml("<doc><ok/></doc>").delay(Duration::from_secs(30)));
    let c = client(&panel).authinfo("admin", PASSWORD).timeout(Duration::from_millis(300)).build().unwrap();
    let err = c.call_raw("slow", Params::new()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // Not retried.
    assert_eq!(panel.funcs(), ["slow"]);
}

#[tokio::test]
async fn blocking_client_same_api() {
    let panel = start_panel().await;
    let url = panel.base_url();
    let (users, level, funcs_ok) = tokio::task::spawn_blocking(move || {
        let c = panelkit_runtime::blocking::IspClient::new(
            IspClient::<TestIsp>::builder(url).session("admin", PASSWORD).build().unwrap(),
        )
        .unwrap();
        let users = c.call(&UserList).unwrap();
        let level = c.session_level();
        c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).unwrap();
        c.logout().unwrap();
        (users.len(), level, c.session().is_none())
    })
    .await
    .unwrap();
    assert_eq!((users, level, funcs_ok), (2, Some(ADMIN_LEVEL), true));
    assert_eq!(panel.funcs(), ["auth", "user", "user.edit", "logout"]);
    assert_eq!(panel.session_count(), 0);
}

#[test]
fn credentials_in_the_url_are_refused() {
    let err = IspClient::<TestIsp>::builder(format!("http://admin:{PASSWORD}@127.0.0.1:1")).build().unwrap_err();
    assert!(!err.to_string().contains(PASSWORD));
}

//! The ISPsystem client against a real HTTP server on loopback.

mod common;

use std::time::Duration;

use common::*;
use panelkit_runtime::{
    Done, Error, ErrorKind, IspClient, OutFormat, Params, ReplyError, Secret, Syntax, TransportKind,
};

fn client(panel: &Panel) -> panelkit_runtime::IspClientBuilder<TestIsp> {
    IspClient::<TestIsp>::builder(panel.url())
}

#[tokio::test]
async fn session_login_exposes_level_and_sends_the_id() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    let info = c.login().await.unwrap();
    assert_eq!(info.level, Some(16));
    assert_eq!(c.session_level(), Some(16));
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
    c.logout().await.unwrap();
    assert!(c.session().is_none());
    assert_eq!(panel.funcs(), ["auth", "user", "logout"]);
    assert!(panel.state.lock().unwrap().sessions.is_empty());
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
}

#[tokio::test]
async fn existing_session_id() {
    let panel = start_panel().await;
    panel.state.lock().unwrap().sessions.push("given-session-id-123".into());
    let c = client(&panel).session_id("given-session-id-123").build().unwrap();
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
    // It cannot be renewed: once the panel drops it, the auth error is returned.
    panel.state.lock().unwrap().sessions.clear();
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
    panel.state.lock().unwrap().sessions.clear(); // the panel forgets the session
    assert_eq!(c.call(&UserList).await.unwrap().len(), 2);
    assert_eq!(panel.funcs(), ["auth", "user", "user", "auth", "user"]);
    let reqs = panel.requests();
    assert_ne!(reqs[2].get("auth"), reqs[4].get("auth"));
}

#[tokio::test]
async fn failed_renewal_does_not_loop() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    c.call(&UserList).await.unwrap();
    {
        let mut st = panel.state.lock().unwrap();
        st.sessions.clear();
        st.refuse_relogin = true;
    }
    let err = c.call(&UserList).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Auth);
    assert_eq!(panel.funcs(), ["auth", "user", "user", "auth"]);
}

#[tokio::test]
async fn refused_fresh_session_does_not_loop() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).build().unwrap();
    panel.state.lock().unwrap().refuse_all_sessions = true;
    let err = c.call(&UserList).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Auth);
    assert_eq!(panel.funcs(), ["auth", "user", "auth", "user"]);
}

#[tokio::test]
async fn reply_shapes_in_xml_json_and_sjson() {
    for out in [OutFormat::Xml, OutFormat::Json, OutFormat::Sjson] {
        let panel = start_panel().await;
        let c = client(&panel).authinfo("admin", PASSWORD).format(out).build().unwrap();
        // list
        let users = c.call(&UserList).await.unwrap();
        assert_eq!(users[0].name, "alice");
        assert!(users[0].active);
        assert_eq!(users[1].name, "bob & co");
        assert!(!users[1].active);
        assert_eq!(users[0].disk.unwrap().used, Some(3.0));
        // form
        let form = c.call(&UserEditGet { elid: "alice".into() }).await.unwrap();
        assert_eq!(form, UserForm { elid: "alice".into(), name: "alice".into(), disklimit: Some(500) });
        // ok
        assert_eq!(c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap(), Done { restart: false });
        // ok restart
        let doc = c.call_raw("restart", Params::new()).await.unwrap();
        assert_eq!(doc.child_text("ok"), Some("restart"));
        // error with templates filled
        let err = c.call(&UserEdit::new("exists", NEW_USER_PASSWORD)).await.unwrap_err();
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
    let panel = start_panel().await;
    let c = IspClient::<TestIsp>::builder(panel.url()).authinfo("admin", PASSWORD).build().unwrap();
    let err = c.call_raw("isp4error", Params::new()).await.unwrap_err();
    let p = err.panel().unwrap();
    assert_eq!((p.kind.clone(), p.code), (ErrorKind::Exists, Some(2)));
    assert_eq!((p.object.as_deref(), p.value.as_deref()), (Some("domain"), Some("a.com")));
    assert_eq!(p.msg, "Domain exists");
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
    // call_unchecked lets the panel decide.
    c.call_unchecked(&req).await.unwrap();
    assert_eq!(panel.requests().len(), 1);
}

#[tokio::test]
async fn post_by_default_keeps_secrets_out_of_the_url() {
    let panel = start_panel().await;
    let c = client(&panel).session("admin", PASSWORD).su("bob").lang("en").build().unwrap();
    c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap();
    for r in panel.requests() {
        assert_eq!(r.method, "POST");
        assert!(r.query.is_empty(), "query: {}", r.query);
        assert!(!r.query.contains(PASSWORD) && !r.query.contains(NEW_USER_PASSWORD));
        assert_eq!(r.get("lang"), Some("en"));
    }
    let reqs = panel.requests();
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
    let panel = start_panel().await;
    let c =
        IspClient::<OtherIsp>::builder(panel.url()).endpoint("/ispmgr").authinfo("admin", PASSWORD).build().unwrap();
    let doc = c.call_raw("user", Params::new()).await.unwrap();
    assert_eq!(doc.children_named("elem").count(), 2);
    // The default endpoint of that panel is not served here.
    let c = IspClient::<OtherIsp>::builder(panel.url()).authinfo("admin", PASSWORD).build().unwrap();
    assert!(matches!(
        c.call_raw("user", Params::new()).await.unwrap_err(),
        Error::Reply(ReplyError::Empty { status: Some(404) })
    ));
}

#[tokio::test]
async fn key_login_returns_the_url_for_the_user() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let short = c.new_key_login("vasya", &Secret::new("too-short")).await.unwrap_err();
    assert!(matches!(short, Error::Config(_)));
    assert!(panel.requests().is_empty());

    let key = IspClient::<TestIsp>::random_key().unwrap();
    assert!(key.expose().len() >= 16);
    let url = c.new_key_login("vasya", &key).await.unwrap();
    assert_eq!(
        url.expose(),
        format!("{}/ispmgr?func=auth&username=vasya&key={}&checkcookie=no", panel.url(), key.expose())
    );
    assert!(!format!("{url:?}").contains(key.expose()));
    let st = panel.state.lock().unwrap();
    assert_eq!(st.keys, [("vasya".to_owned(), key.expose().to_owned())]);
    assert!(st.requests[0].query.is_empty());
}

#[tokio::test]
async fn call_raw_sends_any_function() {
    let panel = start_panel().await;
    let c = client(&panel).authinfo("admin", PASSWORD).build().unwrap();
    let mut p = Params::new();
    p.set("elid", "a, b");
    p.set("sok", "ok");
    let doc = c.call_raw("echo", p).await.unwrap();
    assert_eq!(doc.child_text("elid"), Some("a, b"));
    assert_eq!(doc.child_text("func"), Some("echo"));
    let err = c.call_raw("no.such.func", Params::new()).await.unwrap_err();
    assert_eq!(err.panel().unwrap().kind, ErrorKind::Missed);
}

#[tokio::test]
async fn html_reply_is_a_clear_error() {
    let panel = start_panel().await;
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
    let panel = start_panel().await;
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
    let c = client(&panel).authinfo("admin", PASSWORD).timeout(Duration::from_millis(300)).build().unwrap();
    let err = c.call_raw("slow", Params::new()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // Not retried.
    assert_eq!(panel.funcs(), ["slow"]);
}

#[tokio::test]
async fn blocking_client_same_api() {
    let panel = start_panel().await;
    let url = panel.url();
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
    assert_eq!((users, level, funcs_ok), (2, Some(16), true));
    assert_eq!(panel.funcs(), ["auth", "user", "user.edit", "logout"]);
}

#[test]
fn credentials_in_the_url_are_refused() {
    let err = IspClient::<TestIsp>::builder(format!("http://admin:{PASSWORD}@127.0.0.1:1")).build().unwrap_err();
    assert!(!err.to_string().contains(PASSWORD));
}

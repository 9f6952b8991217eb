//! No password, key or session id in any Debug string, error message or log
//! line of a full login-call-logout cycle.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use panelkit_fake::{Account, Level, ScriptedReply};
use panelkit_runtime::{Error, IspClient, Params, Secret};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

#[tokio::test]
async fn full_cycle_leaks_nothing() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let panel = builder().user(Account::new("vasya", "vasya-pw", Level::User)).start().await.unwrap();
    let key = Secret::new("KEY-0123456789abcdefXYZ");
    let mut seen: Vec<String> = Vec::new();
    let c = IspClient::<TestIsp>::builder(panel.base_url()).session("admin", PASSWORD).build().unwrap();
    seen.push(format!("{c:?}"));
    seen.push(format!(
        "{:?}",
        IspClient::<TestIsp>::builder(format!("http://admin:{PASSWORD}@h:1500?authinfo=admin:{PASSWORD}"))
            .session("admin", PASSWORD)
    ));

    let info = c.login().await.unwrap();
    seen.push(format!("{info:?}"));
    seen.push(format!("{:?}", c.session()));
    seen.push(format!("{:?}", c.call(&UserList).await.unwrap()));
    let create = UserEdit::new("carol", NEW_USER_PASSWORD);
    seen.push(format!("{:?}", create.to_params_debug()));
    seen.push(format!("{:?}", c.call(&create).await.unwrap()));

    // Errors: a panel that echoes the password, validation, an HTML page, expiry and bad login.
    let mut errors: Vec<Error> = Vec::new();
    panel.script("user.edit", ScriptedReply::xml(leaking_error(NEW_USER_PASSWORD)));
    errors.push(c.call(&UserEdit::new("leak", NEW_USER_PASSWORD)).await.unwrap_err());
    panel.unscript("user.edit");
    let mut bad = UserEdit::new("carol", NEW_USER_PASSWORD);
    bad.disklimit = Some(-1);
    errors.push(c.call(&bad).await.unwrap_err());
    panel.script("html", ScriptedReply::new("text/html", "<!DOCTYPE html><html><body>Please log in</body></html>"));
    errors.push(c.call_raw("html", Params::new()).await.unwrap_err());
    panel.drop_sessions();
    seen.push(format!("{:?}", c.call(&UserList).await.unwrap()));
    let url = c.new_key_login("vasya", &key).await.unwrap();
    seen.push(format!("{url:?} {url}"));
    c.logout().await.unwrap();
    let wrong = IspClient::<TestIsp>::builder(panel.base_url()).session("admin", NEW_USER_PASSWORD).build().unwrap();
    errors.push(wrong.call(&UserList).await.unwrap_err());
    let refused =
        IspClient::<TestIsp>::builder("http://127.0.0.1:1").authinfo("admin", PASSWORD).use_get().build().unwrap();
    errors.push(refused.call(&UserList).await.unwrap_err());
    for e in &errors {
        seen.push(format!("{e:?}"));
        seen.push(e.to_string());
    }
    assert!(errors[0].panel().unwrap().msg.contains("***"), "{}", errors[0]);

    drop(_guard);
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("panel call"), "tracing events are emitted: {logs}");
    assert!(logs.contains("func=\"user\"") || logs.contains("func=user"), "{logs}");
    seen.push(logs);

    assert_eq!(panel.session_count(), 0);
    let mut needles = vec![PASSWORD.to_owned(), NEW_USER_PASSWORD.to_owned(), key.expose().to_owned()];
    needles.push(info.id.expose().to_owned());
    // Every session id the client sent (the first login's and the renewed one).
    let sent: Vec<String> = panel.requests().iter().filter_map(|r| r.get("auth").map(str::to_owned)).collect();
    assert!(sent.iter().any(|s| s != info.id.expose()), "the session was renewed: {sent:?}");
    needles.extend(sent);
    // The recorded requests hold every secret; their Debug form shows none.
    seen.push(format!("{:?}", panel.requests()));
    for text in &seen {
        for n in &needles {
            assert!(!text.contains(n.as_str()), "`{n}` leaked in: {text}");
        }
    }
}

/// A panel echoing the offending secret back in its error, as some do.
fn leaking_error(secret: &str) -> String {
    format!(
        "<doc><error type=\"value\" object=\"passwd\" lang=\"en\"><param name=\"object\">passwd</param>\
         <param name=\"value\">{secret}</param><msg>bad password {secret}</msg></error></doc>"
    )
}

trait ParamsDebug {
    fn to_params_debug(&self) -> Params;
}

impl<R: panelkit_runtime::Request> ParamsDebug for R {
    fn to_params_debug(&self) -> Params {
        self.to_params()
    }
}

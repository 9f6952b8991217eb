//! `--log`: one line per request on stderr, so a user sees what their code sent
//! (function, parameters with secrets masked) and what kind of reply it got.

use panelkit_spec::{ParamType, Protocol};

use crate::Shared;

/// Names whose values are never printed, besides the spec's password-typed params.
const SECRET_WORDS: &[&str] = &["pass", "auth", "key", "secret", "token", "session"];

/// Writes the line for one answered request.
pub(crate) fn request(sh: &Shared, params: &[(String, String)], reply: &str) {
    eprintln!("{}", line(sh, params, reply));
}

/// The line: `func=user.edit name=vasya passwd=*** -> error value (Invalid value ...)`.
pub(crate) fn line(sh: &Shared, params: &[(String, String)], reply: &str) -> String {
    let mut out = String::from("fake panel:");
    let func_key = |k: &str| matches!(k, "func" | "module" | "subdo");
    for (k, v) in params.iter().filter(|(k, _)| func_key(k)) {
        out.push_str(&format!(" {k}={v}"));
    }
    for (k, v) in params.iter().filter(|(k, _)| !func_key(k)) {
        let shown = if is_secret(sh, k) { "***".to_owned() } else { short(v) };
        out.push_str(&format!(" {k}={shown}"));
    }
    out.push_str(" -> ");
    out.push_str(&reply_kind(sh.panel.protocol, reply));
    out
}

pub(crate) fn is_secret(sh: &Shared, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
        || sh.panel.functions.iter().flat_map(|f| &f.params).any(|p| p.name == name && p.ty == ParamType::Password)
}

fn short(v: &str) -> String {
    let clean: String = v.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if clean.chars().count() > 60 { clean.chars().take(60).collect::<String>() + "…" } else { clean }
}

fn reply_kind(protocol: Protocol, reply: &str) -> String {
    match protocol {
        Protocol::Ispsystem => match panelkit_runtime::parse_reply(reply.as_bytes(), None, None) {
            Err(e) => format!("unreadable reply ({e})"),
            Ok(doc) => match panelkit_runtime::PanelError::from_doc(&doc) {
                Some(e) => format!("error {} ({})", e.kind, short(&e.msg)),
                None if doc.child("ok").is_some() => "ok".into(),
                None if doc.child("auth").is_some() => "session".into(),
                None => match doc.children_named("elem").count() {
                    0 => "document".into(),
                    n => format!("list of {n}"),
                },
            },
        },
        Protocol::Brainycp => match serde_json::from_str::<serde_json::Value>(reply) {
            Ok(v) => match v.get("error") {
                Some(serde_json::Value::Number(n)) if n.as_i64() == Some(0) => "ok".into(),
                Some(code) => format!("error {code}"),
                None => "reply without a code".into(),
            },
            Err(e) => format!("unreadable reply ({e})"),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::{Account, FakePanel, Level};

    fn panel() -> panelkit_spec::Panel {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
        panelkit_spec::load_dir(&dir).unwrap().into_iter().find(|p| p.id == "ispmgr4mini").unwrap()
    }

    #[test]
    fn one_line_with_secrets_masked_and_the_reply_kind() {
        let (sh, ..) = FakePanel::builder(panel()).user(Account::new("root", "pw", Level::Admin)).prepare().unwrap();
        let params: Vec<(String, String)> =
            [("authinfo", "root:pw"), ("func", "user.edit"), ("name", "vasya"), ("passwd", "hunter2")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into();
        let reply = "<doc><error type=\"value\" object=\"name\"><msg>Invalid value</msg></error></doc>";
        let line = super::line(&sh, &params, reply);
        assert_eq!(
            line,
            "fake panel: func=user.edit authinfo=*** name=vasya passwd=*** -> error value (Invalid value)"
        );
        assert_eq!(super::line(&sh, &params[1..2], "<doc><ok/></doc>"), "fake panel: func=user.edit -> ok");
        assert!(super::line(&sh, &params[1..2], "<doc><elem/><elem/></doc>").ends_with("-> list of 2"));
    }
}

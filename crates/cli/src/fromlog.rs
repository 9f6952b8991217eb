//! `panelkit from-log`: panel log lines to requests in four forms.

use std::fmt::Write as _;

use panelkit_harvest::log::LogRequest;
use panelkit_runtime::Params;
use panelkit_spec::{Function, Panel, ParamType, Protocol};
use serde_json::{Map, Value, json};

/// The forms a request is printed in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    /// All four.
    All,
    /// Rust: the typed builder, or `call_raw`.
    Rust,
    /// `curl` POST with `authinfo` from the environment.
    Curl,
    /// `mgrctl` on the panel host.
    Mgrctl,
    /// `panelkit call`.
    Call,
}

/// The environment variable a secret parameter's value is read from (never the log's value).
pub fn secret_var(name: &str) -> String {
    let n: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("PANELKIT_PARAM_{n}")
}

/// One request, ready to print.
pub struct Rendered {
    /// `func`.
    pub func: String,
    /// Validation problems, in the validator's words.
    pub problems: Vec<String>,
    /// Form name and text.
    pub forms: Vec<(&'static str, String)>,
}

/// Validates and renders one logged request.
pub fn render(panel: &Panel, req: &LogRequest, format: Format) -> Result<Rendered, String> {
    let func = req.func.clone().ok_or("the request has no `func`")?;
    let f = panel.functions.iter().find(|f| f.name == func);
    let secret = |k: &str| crate::specs::is_secret(f, k);
    let mut problems = Vec::new();
    match f {
        None => problems.push(format!("`{}` has no function `{func}`", panel.id)),
        Some(f) => {
            let mut params = Params::new();
            for (k, v) in &req.params {
                if secret(k) {
                    params.set_secret(k.clone(), v.clone().into());
                } else {
                    params.set(k.clone(), v.clone());
                }
            }
            if let Err(v) = crate::specs::validate(f, &params) {
                problems.extend(v.list.iter().map(|v| v.to_string()));
            }
        }
    }
    // From here on secrets are placeholders: nothing below can print a logged secret.
    let shown: Vec<(String, Shown)> = req
        .params
        .iter()
        .map(|(k, v)| (k.clone(), if secret(k) { Shown::Env(secret_var(k)) } else { Shown::Plain(v.clone()) }))
        .collect();
    let mut forms = Vec::new();
    let want = |x: Format| format == Format::All || format == x;
    if want(Format::Rust) {
        forms.push(("rust", rust(panel, f, &func, &shown)));
    }
    if want(Format::Curl) {
        forms.push(("curl", curl(panel, &func, &shown)));
    }
    if want(Format::Mgrctl) {
        forms.push(("mgrctl", mgrctl(panel, &func, &shown)));
    }
    if want(Format::Call) {
        forms.push(("call", call(panel, &func, &shown)));
    }
    Ok(Rendered { func, problems, forms })
}

/// The request as JSON (one object per request).
pub fn to_json(req: &LogRequest, r: &Rendered, panel: &Panel) -> Value {
    let f = panel.functions.iter().find(|f| f.name == r.func);
    let mut params = Map::new();
    for (k, v) in &req.params {
        let v = if crate::specs::is_secret(f, k) { format!("${}", secret_var(k)) } else { v.clone() };
        params.insert(k.clone(), Value::String(v));
    }
    let forms: Map<String, Value> = r.forms.iter().map(|(k, v)| ((*k).to_owned(), Value::String(v.clone()))).collect();
    json!({
        "line": req.line,
        "user": req.user,
        "func": r.func,
        "params": params,
        "dropped": req.dropped,
        "problems": r.problems,
        "forms": forms,
    })
}

/// A value as printed.
enum Shown {
    Plain(String),
    /// Read from this environment variable.
    Env(String),
}

/// A shell word: single-quoted unless plainly safe.
fn sh(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || b"-_./:@%+=,".contains(&c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn sh_pair(k: &str, v: &Shown) -> String {
    match v {
        Shown::Plain(v) => sh(&format!("{k}={v}")),
        Shown::Env(var) => format!("\"{}=${var}\"", k.replace(['"', '$', '`', '\\'], "_")),
    }
}

fn curl(panel: &Panel, func: &str, params: &[(String, Shown)]) -> String {
    let mut s = format!("curl -sS -X POST \"$PANELKIT_URL{}\" \\\n", panel.endpoint);
    if panel.protocol == Protocol::Ispsystem {
        s.push_str("  --data-urlencode \"authinfo=$PANELKIT_USER:$PANELKIT_PASSWORD\" \\\n");
        let _ = writeln!(s, "  --data-urlencode {} \\", sh(&format!("func={func}")));
    } else {
        s.push_str(
            "  --data-urlencode \"username=$PANELKIT_USER\" --data-urlencode \"password=$PANELKIT_PASSWORD\" \\\n",
        );
    }
    for (k, v) in params {
        let _ = writeln!(s, "  --data-urlencode {} \\", sh_pair(k, v));
    }
    s.push_str("  --data-urlencode out=xml");
    s
}

fn mgrctl(panel: &Panel, func: &str, params: &[(String, Shown)]) -> String {
    let path =
        if panel.id.starts_with("ispmgr4") { "/usr/local/ispmgr/sbin/mgrctl" } else { "/usr/local/mgr5/sbin/mgrctl" };
    let mut s = format!("{path} -m {} {}", panel.mgr.as_deref().unwrap_or("ispmgr"), sh(func));
    let mut secrets = String::new();
    for (k, v) in params {
        match v {
            Shown::Plain(_) => {
                let _ = write!(s, " {}", sh_pair(k, v));
            }
            // `-e 'k=$VAR'`: mgrctl expands the variable itself, so the secret stays out of `ps`.
            Shown::Env(var) => {
                let _ = write!(secrets, " -e {}", sh(&format!("{k}=${var}")));
            }
        }
    }
    s.push_str(&secrets);
    s
}

fn call(panel: &Panel, func: &str, params: &[(String, Shown)]) -> String {
    let mut s = format!("panelkit call --panel {} {}", sh(&panel.id), sh(func));
    for (k, v) in params {
        match v {
            Shown::Plain(v) => {
                let _ = write!(s, " {}", sh(&format!("{k}={v}")));
            }
            Shown::Env(var) => {
                let _ = write!(s, " {}", sh(&format!("{k}=@env:{var}")));
            }
        }
    }
    s
}

/// A Rust string expression for a shown value.
fn rs(v: &Shown) -> String {
    match v {
        Shown::Plain(v) => format!("{v:?}"),
        Shown::Env(var) => format!("std::env::var({var:?}).expect(\"{var} is set\")"),
    }
}

fn rust_raw(panel: &Panel, func: &str, params: &[(String, Shown)], why: &str) -> String {
    let mut s = format!("// {why}: sent as a raw call.\nlet mut params = panelkit_runtime::Params::new();\n");
    for (k, v) in params {
        let _ = writeln!(s, "params.set({k:?}, {});", rs(v));
    }
    let _ = write!(s, "let reply = client.call_raw({func:?}, params).await?; // client: IspClient of `{}`", panel.id);
    s
}

/// What a request's parameter becomes in the typed builder.
enum Arg {
    /// A builder argument expression.
    Expr(String),
    /// Not expressible as the binding's setter: `.unchecked(..)`.
    Unchecked,
}

/// The expression of a typed setter's argument, when the binding's setter type is plain.
fn typed_arg(p: &panelkit_spec::Param, v: &Shown) -> Arg {
    let Shown::Plain(v) = v else { return Arg::Unchecked };
    let text = |ty: ParamType| {
        matches!(
            ty,
            ParamType::Text
                | ParamType::Domain
                | ParamType::Email
                | ParamType::Path
                | ParamType::Url
                | ParamType::Date
                | ParamType::Datetime
        )
    };
    match p.ty {
        t if text(t) => Arg::Expr(format!("{v:?}")),
        ParamType::Int if p.infinity.is_none() && v.parse::<i64>().is_ok() => Arg::Expr(v.clone()),
        ParamType::Flag if v == "on" || v == "off" => Arg::Expr((v == "on").to_string()),
        ParamType::Ip | ParamType::Ipv4 | ParamType::Ipv6 if v.parse::<std::net::IpAddr>().is_ok() => {
            Arg::Expr(format!("{v:?}.parse().expect(\"an IP address\")"))
        }
        ParamType::List if p.values.is_empty() && text(p.item.unwrap_or(ParamType::Text)) => {
            let sep = p.separator.as_deref().unwrap_or(" ");
            let items: Vec<String> = v.split(sep).filter(|i| !i.is_empty()).map(|i| format!("{i:?}")).collect();
            Arg::Expr(format!("[{}]", items.join(", ")))
        }
        _ => Arg::Unchecked,
    }
}

/// Parameters the typed builder sets itself or takes as arguments.
const BUILDER_OWN: &[&str] = &["new", "elid", "plid", "unchecked", "validate", "sok"];

fn rust(panel: &Panel, f: Option<&Function>, func: &str, params: &[(String, Shown)]) -> String {
    let Some(f) = f else { return rust_raw(panel, func, params, "the spec has no such function") };
    if panel.protocol != Protocol::Ispsystem || !crate::specs::is_shipped(&panel.id) {
        return rust_raw(panel, func, params, "no generated binding for this panel");
    }
    if !f.typed {
        return rust_raw(panel, func, params, "the binding's function is untyped");
    }
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let in_rule = |k: &str| {
        f.rules.iter().any(|r| r.param == k || r.enables.iter().chain(&r.forbids).chain(&r.readonly).any(|n| n == k))
    };
    // `new(..)`: plid, a required elid, then the required parameters, in spec order.
    let mut new_args = Vec::new();
    let mut used: Vec<&str> = vec!["sok"];
    if f.plid.is_some() {
        match get("plid") {
            Some(v @ Shown::Plain(_)) => new_args.push(rs(v)),
            _ => return rust_raw(panel, func, params, "the log has no `plid` the binding needs"),
        }
        used.push("plid");
    }
    let elid = f.elid.as_ref();
    if let Some(e) = elid.filter(|e| e.required) {
        match get("elid") {
            Some(Shown::Plain(v)) if e.multiple => {
                let ids: Vec<String> = v.split(", ").map(|i| format!("{i:?}")).collect();
                new_args.push(format!("[{}]", ids.join(", ")));
            }
            Some(v @ Shown::Plain(_)) => new_args.push(rs(v)),
            _ => return rust_raw(panel, func, params, "the log has no `elid` the binding needs"),
        }
        used.push("elid");
    }
    for p in f.params.iter().filter(|p| p.required) {
        let arg = match get(&p.name) {
            Some(v) if !in_rule(&p.name) => typed_arg(p, v),
            _ => Arg::Unchecked,
        };
        match arg {
            Arg::Expr(e) => new_args.push(e),
            Arg::Unchecked => {
                return rust_raw(panel, func, params, &format!("required `{}` has no plain builder argument", p.name));
            }
        }
        used.push(&p.name);
    }
    let ty = f.rust_name.clone().unwrap_or_else(|| camel(&f.name));
    let module = snake(&panel.id);
    let mut s = format!("let req = panelkit_ispsystem::{module}::{ty}::new({})", new_args.join(", "));
    if let (Some(e), Some(v @ Shown::Plain(_))) = (elid.filter(|e| !e.required), get("elid")) {
        let _ = write!(s, "\n    .elid({})", rs(v));
        let _ = e;
        used.push("elid");
    }
    for (k, v) in params.iter().filter(|(k, _)| !used.contains(&k.as_str())) {
        let spec_param = f.params.iter().find(|p| p.name == k);
        let setter = spec_param.map(|p| p.rust_name.clone().unwrap_or_else(|| snake(&p.name)));
        let arg = match (spec_param, &setter) {
            (Some(p), Some(name)) if !in_rule(k) && !BUILDER_OWN.contains(&name.as_str()) => typed_arg(p, v),
            _ => Arg::Unchecked,
        };
        match (arg, setter) {
            (Arg::Expr(e), Some(name)) => {
                let _ = write!(s, "\n    .{name}({e})");
            }
            _ => {
                let _ = write!(s, "\n    .unchecked({k:?}, {})", rs(v));
            }
        }
    }
    s.push_str(";\n// client.call(&req).await?;");
    if s.contains("\n    .unchecked(") {
        // `unchecked` is a trait method: without the import the snippet does not compile.
        s.insert_str(0, "use panelkit_runtime::Unchecked;\n");
    }
    s
}

/// `domain.record.edit` -> `DomainRecordEdit` (the generator's naming).
fn camel(s: &str) -> String {
    let mut out: String = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_ascii_lowercase();
            let mut cs = w.chars();
            cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// `key-name` -> `key_name` (the generator's naming).
fn snake(s: &str) -> String {
    let mut out = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "p_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

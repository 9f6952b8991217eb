//! BrainyCP `api.php`: module + operation, credentials on every request, numeric
//! error codes with messages from the spec in the requested `language`.
//!
//! Module and operation are accepted both as `module=M&subdo=OP` (the one public
//! client) and as parameters named after the constants (`certs_control=..&listcerts=..`,
//! the seeds' wording), so a client written either way works.

use panelkit_runtime::validate::validate;
use panelkit_runtime::{Params, Secret};
use panelkit_spec::{Function, Level, ParamType, Payload};
use serde_json::{Map, Value, json};

use crate::isp::pick_lang;
use crate::state::{Account, BrainyState, Record};
use crate::{Inner, Shared};

/// Parameter block error (seeds: "Ошибка в блоке параметров").
const BAD_PARAMS: i64 = 5;
/// No admin rights for `panel_user`.
const NO_ADMIN: i64 = 1000;
/// `panel_user` does not exist.
const NO_USER: i64 = 1001;
/// The module is not available to the caller.
const NO_MODULE: i64 = 400;
/// Wrong credentials. The seeds document no code for this; unverified.
const AUTH_FAILED: i64 = 401;

/// Credential parameters, in both spellings seen (seeds: `username`/`password`; jbs: `login`/`pass`).
const CREDENTIALS: &[&str] = &["username", "password", "login", "pass"];

struct Req<'a> {
    params: &'a [(String, String)],
    lang: String,
}

impl Req<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn nonempty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

/// A reply: code, message, payload.
struct Reply {
    code: i64,
    msg: String,
    payload: Option<Value>,
}

fn default_msg(code: i64, ru: bool) -> &'static str {
    match (code, ru) {
        (0, true) => "Запрос выполнен",
        (0, false) => "Request completed",
        (BAD_PARAMS, true) => "Ошибка в блоке параметров",
        (BAD_PARAMS, false) => "Error in the parameter block",
        (NO_ADMIN, true) => "У вас нет прав администратора",
        (NO_ADMIN, false) => "You have no administrator rights",
        (NO_USER, true) => "Такой пользователь отсутствует в ISP-панели:<user>",
        (NO_USER, false) => "No such user in the ISP panel:<user>",
        (NO_MODULE, true) => "К сожалению, модуль вам не доступен",
        (NO_MODULE, false) => "Unfortunately, the module is not available to you",
        (AUTH_FAILED, true) => "Неверный логин или пароль",
        (AUTH_FAILED, false) => "Invalid login or password",
        (_, true) => "Ошибка",
        (_, false) => "Error",
    }
}

/// The message for `code`: the function's documented text in `lang`, placeholders filled.
fn message(f: Option<&Function>, code: i64, lang: &str, vars: &[(&str, &str)]) -> String {
    let documented = f.and_then(|f| {
        let from_errors = f.errors.iter().find(|e| e.code == code).and_then(|e| e.message.get(lang));
        from_errors.or_else(|| if code == 0 { f.result.message.get(lang) } else { None })
    });
    let mut s = documented.unwrap_or_else(|| default_msg(code, lang == "ru")).to_owned();
    for (k, v) in vars {
        s = s.replace(&format!("<{k}>"), v);
    }
    s
}

fn render(f: Option<&Function>, r: Reply) -> (&'static str, String) {
    let mess_key = f.and_then(|f| f.result.message_key.clone()).unwrap_or_else(|| "mess".into());
    let payload_key = f.and_then(|f| f.result.payload_key.clone()).unwrap_or_else(|| "data".into());
    let mut m = Map::new();
    m.insert("error".into(), json!(r.code));
    m.insert(mess_key, Value::String(r.msg));
    if let Some(p) = r.payload {
        m.insert(payload_key, p);
    }
    ("application/json; charset=UTF-8", Value::Object(m).to_string())
}

/// Answers one `api.php` request.
pub(crate) fn handle(sh: &Shared, params: &[(String, String)]) -> (&'static str, String) {
    let mut req = Req { params, lang: String::new() };
    req.lang = pick_lang(&sh.panel, req.get("language"), "ru");
    let lang = req.lang.clone();
    let fail = |f: Option<&Function>, code: i64, vars: &[(&str, &str)]| {
        render(f, Reply { code, msg: message(f, code, &lang, vars), payload: None })
    };

    let modules: Vec<&str> = sh.panel.functions.iter().filter_map(|f| f.module.as_deref()).collect();
    let module = req
        .nonempty("module")
        .map(str::to_owned)
        .or_else(|| params.iter().find(|(k, _)| modules.contains(&k.as_str())).map(|(k, _)| k.clone()));
    let in_module = |f: &Function| module.is_none() || f.module.as_deref() == module.as_deref();
    let op = req.nonempty("subdo").map(str::to_owned).or_else(|| {
        params
            .iter()
            .find(|(k, _)| sh.panel.functions.iter().any(|f| f.name == *k && in_module(f)))
            .map(|(k, _)| k.clone())
    });
    let idx =
        op.as_deref().and_then(|op| sh.by_name.get(op)?.iter().copied().find(|&i| in_module(&sh.panel.functions[i])));
    let f = idx.map(|i| &sh.panel.functions[i]);

    let mut inner = sh.lock();
    let user = req.get("username").or(req.get("login")).unwrap_or("");
    let pass = req.get("password").or(req.get("pass")).unwrap_or("");
    let Some(me) = inner.state.account(user).filter(|a| !a.suspended && a.password == pass).cloned() else {
        return fail(f, AUTH_FAILED, &[]);
    };
    let Some(i) = idx else {
        let known_module = module.as_deref().is_some_and(|m| modules.contains(&m));
        return fail(None, if known_module { BAD_PARAMS } else { NO_MODULE }, &[]);
    };
    let f = &sh.panel.functions[i];
    let documents = |code: i64| f.errors.iter().any(|e| e.code == code);

    if me.level != Level::Admin && documents(NO_MODULE) || !f.levels.is_empty() && !f.levels.contains(&me.level) {
        return fail(Some(f), if documents(NO_MODULE) { NO_MODULE } else { NO_ADMIN }, &[]);
    }

    // Validate with the runtime validator, constants and credentials aside.
    let mut p = Params::new();
    for (k, v) in params {
        let constant = module.as_deref() == Some(k.as_str()) || op.as_deref() == Some(k.as_str());
        if constant || CREDENTIALS.contains(&k.as_str()) {
            continue;
        }
        if f.param(k).is_some_and(|p| p.ty == ParamType::Password) {
            p.set_secret(k.clone(), Secret::new(v.clone()));
        } else {
            p.set(k.clone(), v.clone());
        }
    }
    if let Err(v) = validate(sh.infos[i], &p, None) {
        tracing::debug!("fake brainycp: {v}");
        // A function that documents its own code for a parameter (`bad_command` for
        // `command`, `no_id` for `id`) answers with it; everything else is the parameter block.
        let own = v.list.iter().find_map(|x| {
            f.errors.iter().find(|e| e.code != BAD_PARAMS && e.name.split('_').any(|w| w == x.param)).map(|e| e.code)
        });
        return fail(Some(f), own.unwrap_or(BAD_PARAMS), &[]);
    }

    let target = match req.nonempty("panel_user") {
        None => me.clone(),
        Some(pu) if pu == me.name => me.clone(),
        Some(pu) => {
            if me.level != Level::Admin {
                return fail(Some(f), NO_ADMIN, &[]);
            }
            match inner.state.account(pu) {
                Some(a) => a.clone(),
                None => return fail(Some(f), NO_USER, &[("user", pu)]),
            }
        }
    };
    let r = run(&req, f, &mut inner, &target);
    render(Some(f), r)
}

fn names_or_fields(f: &Function, records: &[Record], name_key: &str) -> Value {
    if f.result.fields.is_empty() {
        Value::Array(records.iter().filter_map(|r| r.get(name_key)).map(|n| Value::String(n.clone())).collect())
    } else {
        Value::Array(
            records
                .iter()
                .map(|r| {
                    let m: Map<String, Value> = f
                        .result
                        .fields
                        .iter()
                        .filter_map(|fd| {
                            r.get(fd.name.as_str()).map(|v| (fd.name.to_string(), Value::String(v.clone())))
                        })
                        .collect();
                    Value::Object(m)
                })
                .collect(),
        )
    }
}

fn empty_payload(f: &Function) -> Option<Value> {
    match f.result.payload? {
        Payload::List => Some(json!([])),
        Payload::Object => Some(json!({})),
        Payload::Text => Some(json!("")),
        Payload::Number => Some(json!(0)),
        Payload::Any => None,
    }
}

/// The seeds' certificate and mail-queue semantics; other functions answer success.
fn run(req: &Req<'_>, f: &Function, inner: &mut Inner, target: &Account) -> Reply {
    let lang = req.lang.as_str();
    let user = target.name.as_str();
    let b: &mut BrainyState = &mut inner.state.brainy;
    let ok = |payload: Option<Value>, vars: &[(&str, &str)]| Reply {
        code: 0,
        msg: message(Some(f), 0, lang, vars),
        payload,
    };
    let err = |code: i64, vars: &[(&str, &str)]| Reply { code, msg: message(Some(f), code, lang, vars), payload: None };
    let arg = |k: &str| req.nonempty(k).unwrap_or("").to_owned();
    match f.name.as_str() {
        "listcerts" => {
            let certs = b.certs.get(user).cloned().unwrap_or_default();
            ok(Some(names_or_fields(f, &certs, "name")), &[("name", user)])
        }
        "addcerts" => {
            let domain = arg("domain");
            let certs = b.certs.entry(user.to_owned()).or_default();
            let mut name = domain.clone();
            let mut n = 1;
            while certs.iter().any(|c| c.get("name") == Some(&name)) {
                n += 1;
                name = format!("{domain}_{n}");
            }
            let mut r = Record::new();
            r.insert("name".into(), name.clone());
            for k in ["domain", "key_size", "country", "state", "city", "company", "division"] {
                if let Some(v) = req.nonempty(k) {
                    r.insert(k.into(), v.to_owned());
                }
            }
            r.entry("key_size".into()).or_insert_with(|| "2048".into());
            certs.push(r);
            ok(Some(Value::String(name)), &[("name", user)])
        }
        "delcerts" => {
            let key = arg("key_name");
            let in_use = b.domain_certs.get(user).is_some_and(|d| d.iter().any(|r| r.get("key") == Some(&key)));
            let certs = b.certs.entry(user.to_owned()).or_default();
            match certs.iter().position(|c| c.get("name") == Some(&key)) {
                None => err(2, &[]),
                Some(_) if in_use => err(1, &[]),
                Some(i) => {
                    certs.remove(i);
                    ok(None, &[("name", user)])
                }
            }
        }
        "savedomaincerts" => {
            let (domain, key) = (arg("domain"), arg("key"));
            let known =
                key == "letencrypt" || b.certs.get(user).is_some_and(|c| c.iter().any(|r| r.get("name") == Some(&key)));
            if !known {
                return err(BAD_PARAMS, &[]);
            }
            let list = b.domain_certs.entry(user.to_owned()).or_default();
            list.retain(|r| r.get("domain") != Some(&domain));
            let mut r = Record::new();
            r.insert("domain".into(), domain.clone());
            r.insert("key".into(), key);
            r.insert("key_mail".into(), req.nonempty("key_mail").unwrap_or("no").to_owned());
            list.push(r);
            ok(None, &[("domain", &domain)])
        }
        "listdomaincerts" => {
            let list = b.domain_certs.get(user).cloned().unwrap_or_default();
            ok(Some(names_or_fields(f, &list, "domain")), &[("name", user)])
        }
        "deldomaincerts" => {
            let domain = arg("domain");
            let list = b.domain_certs.entry(user.to_owned()).or_default();
            match list.iter().position(|r| r.get("domain") == Some(&domain)) {
                None => err(1, &[]),
                Some(i) => {
                    list.remove(i);
                    ok(None, &[("domain", &domain)])
                }
            }
        }
        "list_msg" => {
            if b.mail_queue.is_empty() {
                return err(100, &[]);
            }
            let list = b.mail_queue.iter().map(|r| json!(r)).collect();
            ok(Some(Value::Array(list)), &[])
        }
        "count_msg" => ok(Some(json!(b.mail_queue.len())), &[]),
        "controll_msg" => {
            let id = arg("id");
            let command = arg("command");
            if command != "delete" && command != "reship" {
                return err(100, &[]);
            }
            let Some(i) = b.mail_queue.iter().position(|r| r.get("id") == Some(&id)) else { return err(101, &[]) };
            if command == "delete" {
                b.mail_queue.remove(i);
            } else {
                b.mail_queue[i].insert("frozen".into(), "no".into());
            }
            ok(Some(json!([format!("{command} {id}")])), &[])
        }
        "delete_all_msg" => {
            let n = b.mail_queue.len();
            b.mail_queue.clear();
            ok(Some(json!([format!("{n} messages deleted")])), &[])
        }
        "delete_frozen_msg" => {
            let before = b.mail_queue.len();
            b.mail_queue.retain(|r| r.get("frozen").map(String::as_str) != Some("yes"));
            ok(Some(json!([format!("{} messages deleted", before - b.mail_queue.len())])), &[])
        }
        "clamav" | "spamassassin" => {
            let command = arg("command");
            let status = b.services.entry(f.name.clone()).or_insert_with(|| "off".into());
            match command.as_str() {
                "status" => {}
                "on" | "off" => *status = command.clone(),
                _ => return err(100, &[]),
            }
            let s = status.clone();
            ok(Some(Value::String(s)), &[])
        }
        _ => ok(empty_payload(f), &[("name", user), ("user", user)]),
    }
}

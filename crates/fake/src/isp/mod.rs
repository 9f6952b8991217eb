//! ISPsystem panels: `func=` requests, sessions, `authinfo`, one-time keys, `su`, `lang`, `out`.

mod devel;
mod error;
mod groups;
mod ops;

use std::cell::RefCell;
use std::net::IpAddr;
use std::time::Instant;

use panelkit_spec::{Family, Level, Panel};

use panelkit_runtime::Node;

use crate::doc::Out;
use crate::state::{Account, OWNER, Record, State};
use crate::{Inner, Shared};

pub(crate) use error::IspError;
pub(crate) use groups::Groups;

/// Keys for `session.newkey` must be at least this long (seeds 002, 004).
const MIN_KEY_LEN: usize = 16;

/// The `level` a login reports.
///
/// COREmanager 5+ (ISPmanager 5/6, IPmanager 5): user 16, reseller 24, admin 29
/// (ispmanager.com developer guide "Access levels"; the server's own `root` is 30).
/// ISPmanager 4: admin 7 (brief); its reseller and user numbers are unverified.
pub(crate) fn wire_level(panel: &Panel, level: Level) -> u8 {
    if is_v4(panel) {
        match level {
            Level::Admin => 7,
            Level::Reseller => 5,
            Level::User => 1,
        }
    } else {
        match level {
            Level::Admin => 29,
            Level::Reseller => 24,
            Level::User => 16,
        }
    }
}

/// ISPmanager 4 also carries numeric error codes.
fn is_v4(panel: &Panel) -> bool {
    panel.family == Family::Ispmanager && panel.version.split('.').next() == Some("4")
}

/// What one request carries besides its parameters.
pub(crate) struct Ctx<'a> {
    pub sh: &'a Shared,
    pub lang: String,
    pub ip: IpAddr,
    pub params: &'a [(String, String)],
    /// Parameters the request sent that the function ignored (not strict mode).
    pub ignored: RefCell<Vec<String>>,
}

impl Ctx<'_> {
    /// A parameter (the last one when repeated).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A parameter with a non-empty value.
    pub fn get_nonempty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

/// The answer's language: `lang=` when the panel speaks it, else English when it can, else its first.
pub(crate) fn pick_lang(panel: &Panel, asked: Option<&str>, fallback: &str) -> String {
    let speaks = |l: &str| {
        if panel.languages.is_empty() { l == "en" || l == "ru" } else { panel.languages.iter().any(|x| x == l) }
    };
    match asked {
        Some(l) if speaks(l) => l.to_owned(),
        _ if speaks(fallback) => fallback.to_owned(),
        _ => panel.languages.first().cloned().unwrap_or_else(|| fallback.to_owned()),
    }
}

/// The response header naming the parameters a request sent that the panel ignored.
pub(crate) const IGNORED_HEADER: &str = "x-panelkit-ignored";

/// Adds [`IGNORED_HEADER`] when something was ignored.
pub(crate) fn ignored_header<B>(r: &mut hyper::Response<B>, ignored: &[String]) {
    if ignored.is_empty() {
        return;
    }
    if let Ok(v) = hyper::header::HeaderValue::from_str(&ignored.join(", ")) {
        r.headers_mut().insert(IGNORED_HEADER, v);
    }
}

/// Answers one request: `(content type, body, parameters ignored)`.
pub(crate) fn handle(sh: &Shared, params: &[(String, String)], ip: IpAddr) -> (&'static str, String, Vec<String>) {
    let mut ctx = Ctx { sh, lang: String::new(), ip, params, ignored: RefCell::new(Vec::new()) };
    ctx.lang = pick_lang(&sh.panel, ctx.get("lang"), "en");
    let out = Out::parse(ctx.get("out"));
    // Surrounding blanks are not part of a name (spyric/ispmanager-sdk sends `func=%20ftp.user`).
    let func = ctx.get("func").unwrap_or("").trim().to_owned();
    let mut doc = Node::new("doc").with_attr("lang", &ctx.lang).with_attr("func", &func);
    match run(&ctx, &func) {
        Ok(children) => doc.children = children,
        Err(e) => doc.push(e.to_el(&ctx.lang, is_v4(&sh.panel))),
    }
    let ignored = ctx.ignored.into_inner();
    if !ignored.is_empty() {
        tracing::info!("fake panel: `{func}` ignored parameters it does not take: {}", ignored.join(", "));
    }
    (out.content_type(), out.render(&doc), ignored)
}

fn run(ctx: &Ctx<'_>, func: &str) -> Result<Vec<Node>, IspError> {
    let lang = ctx.lang.as_str();
    let mut inner = ctx.sh.lock();
    if func == "auth" {
        return login(ctx, &mut inner);
    }
    let me = authenticate(ctx, &mut inner)?;
    let actor = match ctx.get_nonempty("su") {
        None => me,
        Some(target) => su(&inner.state, &me, target).ok_or_else(|| IspError::access(lang, "su"))?,
    };
    if func.is_empty() {
        return Err(IspError::missed_param(lang, "func"));
    }
    let spec_fn = ctx.sh.by_name.get(func).and_then(|v| v.first().copied());
    if func == "logout" && spec_fn.is_none() {
        // COREmanager's `func=logout` ends the session (the runtime's `IspClient::logout`);
        // specs seldom list it.
        if let Some(id) = ctx.get_nonempty("auth") {
            inner.sessions.remove(id);
        }
        return Ok(vec![Node::new("ok")]);
    }
    if func == "session.newkey" {
        if let Some(i) = spec_fn {
            ops::check_request(ctx, i, None)?;
        }
        return new_key(ctx, &mut inner, &actor);
    }
    let Some(i) = spec_fn else { return Err(IspError::unknown_func(lang, func)) };
    let f = &ctx.sh.panel.functions[i];
    if !f.levels.is_empty() && !f.levels.contains(&actor.level) {
        return Err(IspError::access(lang, func));
    }
    // `out=devel` without `sok` reads a form's or list's metadata instead of running it.
    if ctx.get("out") == Some("devel")
        && ctx.get_nonempty("sok").is_none()
        && let Some(meta) = devel::metadata(f, lang)
    {
        return Ok(meta);
    }
    ops::execute(ctx, &mut inner, i, &actor)
}

/// `func=auth`: with `username` + `password`, or `username` + a one-time `key`.
fn login(ctx: &Ctx<'_>, inner: &mut Inner) -> Result<Vec<Node>, IspError> {
    let lang = ctx.lang.as_str();
    let bad = || IspError::bad_password(lang, &ctx.ip.to_string());
    let user = ctx.get("username").unwrap_or("");
    let account = inner.state.account(user).filter(|a| !a.suspended).cloned().ok_or_else(bad)?;
    if let Some(key) = ctx.get_nonempty("key") {
        // One use only: a wrong key does not burn the right one, a right key is gone after this.
        if inner.keys.get(user).map(String::as_str) != Some(key) {
            return Err(bad());
        }
        inner.keys.remove(user);
    } else if ctx.get("password") != Some(account.password.as_str()) {
        return Err(bad());
    }
    let id = inner.new_session(&account.name, ctx.ip);
    let level = wire_level(&ctx.sh.panel, account.level).to_string();
    Ok(vec![Node::with_text("auth", &id).with_attr("id", &id).with_attr("level", level)])
}

/// The account a request acts as: `auth=` session (idle expiry, bound to the client
/// address) or `authinfo=user:pass`.
fn authenticate(ctx: &Ctx<'_>, inner: &mut Inner) -> Result<Account, IspError> {
    let lang = ctx.lang.as_str();
    if let Some(id) = ctx.get_nonempty("auth") {
        let ttl = ctx.sh.session_ttl;
        let now = Instant::now();
        let live =
            inner.sessions.get(id).is_some_and(|s| !s.expired && now.duration_since(s.last) <= ttl && s.ip == ctx.ip);
        if !live {
            if inner.sessions.get(id).is_some_and(|s| s.ip == ctx.ip) {
                inner.sessions.remove(id);
            }
            return Err(IspError::no_session(lang));
        }
        let Some(s) = inner.sessions.get_mut(id) else { return Err(IspError::no_session(lang)) };
        s.last = now;
        let user = s.user.clone();
        return match inner.state.account(&user).filter(|a| !a.suspended) {
            Some(a) => Ok(a.clone()),
            None => {
                inner.sessions.remove(id);
                Err(IspError::no_session(lang))
            }
        };
    }
    if let Some(info) = ctx.get_nonempty("authinfo") {
        let (user, pass) = info.split_once(':').unwrap_or((info, ""));
        return inner
            .state
            .account(user)
            .filter(|a| !a.suspended && a.password == pass)
            .cloned()
            .ok_or_else(|| IspError::bad_password(lang, &ctx.ip.to_string()));
    }
    Err(IspError::no_session(lang))
}

/// `su=`: admins become anyone, resellers their own users, users nobody.
fn su(state: &State, me: &Account, target: &str) -> Option<Account> {
    let t = state.account(target)?;
    let allowed = match me.level {
        Level::Admin => true,
        Level::Reseller => t.name == me.name || t.owner.as_deref() == Some(&me.name),
        Level::User => t.name == me.name,
    };
    allowed.then(|| t.clone())
}

/// `session.newkey`: an admin registers a one-time login key for a user.
fn new_key(ctx: &Ctx<'_>, inner: &mut Inner, actor: &Account) -> Result<Vec<Node>, IspError> {
    let lang = ctx.lang.as_str();
    if actor.level != Level::Admin {
        return Err(IspError::access(lang, "session.newkey"));
    }
    let user = ctx.get_nonempty("username").ok_or_else(|| IspError::missed_param(lang, "username"))?;
    let key = ctx.get_nonempty("key").ok_or_else(|| IspError::missed_param(lang, "key"))?;
    if key.chars().count() < MIN_KEY_LEN {
        return Err(IspError::value(lang, "key", None, &format!("at least {MIN_KEY_LEN} characters")));
    }
    if inner.state.account(user).is_none() {
        return Err(IspError::not_found(lang, "user", user));
    }
    inner.keys.insert(user.to_owned(), key.to_owned());
    Ok(vec![Node::new("ok")])
}

/// Accounts below admin level show up in the account list (`user`) when the panel has one.
pub(crate) fn seed_accounts(groups: &Groups, state: &mut State) {
    if !groups.key.contains_key(groups::ACCOUNT_LIST) {
        return;
    }
    let key = groups.key_of(groups::ACCOUNT_LIST).to_owned();
    let accounts: Vec<(String, Option<String>)> =
        state.users.iter().filter(|a| a.level != Level::Admin).map(|a| (a.name.clone(), a.owner.clone())).collect();
    let list = state.objects.entry(groups::ACCOUNT_LIST.to_owned()).or_default();
    for (name, owner) in accounts {
        if !list.iter().any(|r| r.get(&key) == Some(&name)) {
            let mut r = Record::new();
            r.insert(key.clone(), name.clone());
            if key != "name" {
                r.insert("name".into(), name.clone());
            }
            // An account record belongs to the account's reseller; without one, only admins see it.
            r.insert(OWNER.into(), owner.unwrap_or_default());
            list.push(r);
        }
    }
}

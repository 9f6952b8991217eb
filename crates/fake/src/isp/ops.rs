//! What functions do to the state: lists, forms (read / create / edit), group operations.

use panelkit_runtime::domain;
use panelkit_runtime::validate::{PROTOCOL_PARAMS, Problem, validate};
use panelkit_runtime::{Params, Secret};
use panelkit_spec::{Field, FieldType, Function, FunctionKind, ParamType};

use super::Ctx;
use super::error::IspError;
use super::groups::{ACCOUNT_LIST, Op, Target};
use crate::state::{Account, OWNER, PLID, Record, SUSPENDED, State};
use crate::{Inner, Level};
use panelkit_runtime::Node;

/// Parameter names whose values are always secret.
const SECRET_NAMES: &[&str] = &["password", "authinfo", "auth", "key"];

/// Validates the request against function `i` with the runtime's validator.
/// `existing` fills required parameters an edit does not repeat.
pub(crate) fn check_request(
    ctx: &Ctx<'_>,
    i: usize,
    existing: Option<(&Record, Option<&str>)>,
) -> Result<(), IspError> {
    let f = &ctx.sh.panel.functions[i];
    let info = ctx.sh.infos[i];
    let lang = ctx.lang.as_str();
    let mut params = Params::new();
    for (k, v) in ctx.params {
        let secret = SECRET_NAMES.contains(&k.as_str()) || f.param(k).is_some_and(|p| p.ty == ParamType::Password);
        if secret {
            params.set_secret(k.clone(), Secret::new(v.clone()));
        } else {
            params.set(k.clone(), v.clone());
        }
    }
    if let Some((rec, strip)) = existing {
        for p in f.params.iter().filter(|p| p.required) {
            if params.get(&p.name).is_none_or(str::is_empty)
                && let Some(v) = rec.get(stored_name(&p.name, strip))
            {
                params.set(p.name.clone(), v.clone());
            }
        }
    }
    let mut list = validate(info, &params, None).err().map(|v| v.list).unwrap_or_default();
    if !ctx.sh.strict {
        // A real panel ignores what a form does not take, and the values of fields its
        // rules hide (UIs and form replicas send every field): so does the fake, and says so.
        let mut ignored = ctx.ignored.borrow_mut();
        list.retain(|x| {
            let ignore = matches!(x.problem, Problem::Unknown | Problem::NotEnabled(_));
            if ignore && !ignored.contains(&x.param) {
                ignored.push(x.param.clone());
            }
            !ignore
        });
    }
    if !list.is_empty() {
        // The panel names one parameter: the first one wrong, with a rule it breaks before
        // a rule it lacks (the more direct explanation).
        let v = Violations { list };
        let param = v.list.first().map(|x| x.param.clone()).unwrap_or_default();
        let rank = |p: &Problem| match p {
            Problem::Forbidden(_) | Problem::ReadOnly(_) => 0,
            Problem::NotEnabled(_) => 2,
            _ => 1,
        };
        let mut mine: Vec<_> = v.list.iter().filter(|x| x.param == param).collect();
        mine.sort_by_key(|x| rank(&x.problem));
        if let Some(first) = mine.first() {
            let sent = params.entries().iter().find(|e| e.name == first.param);
            let shown = sent.filter(|e| !e.value.is_secret()).map(|e| e.value.expose().to_owned());
            return Err(match &first.problem {
                Problem::Missing => IspError::missed_param(lang, &first.param),
                Problem::Invalid { value, .. } => {
                    IspError::value(lang, &first.param, Some(value.clone()), &first.to_string())
                }
                _ => IspError::value(lang, &first.param, shown, &first.to_string()),
            });
        }
    }
    for p in f.params.iter().filter(|p| p.readonly) {
        if ctx.get_nonempty(&p.name).is_some() {
            return Err(IspError::value(lang, &p.name, None, &format!("`{}` is read-only", p.name)));
        }
    }
    Ok(())
}

/// The violations [`check_request`] reports (one function's).
struct Violations {
    list: Vec<panelkit_runtime::Violation>,
}

/// Record ids compare as written, and domain names also across their Unicode and
/// punycode spellings (`пример.рф` is `xn--e1afmkfd.xn--p1ai`).
pub(crate) fn key_eq(stored: &str, given: &str) -> bool {
    stored == given || ((!stored.is_ascii() || !given.is_ascii()) && domain::same_name(stored, given))
}

fn stored_name<'a>(name: &'a str, strip: Option<&str>) -> &'a str {
    strip.and_then(|s| name.strip_prefix(s)).unwrap_or(name)
}

/// Runs function `i` as `actor`.
pub(crate) fn execute(ctx: &Ctx<'_>, inner: &mut Inner, i: usize, actor: &Account) -> Result<Vec<Node>, IspError> {
    let f = &ctx.sh.panel.functions[i];
    let target = ctx.sh.groups.targets.get(&f.name).cloned();
    match target {
        Some(t) if t.op == Op::List => {
            check_request(ctx, i, None)?;
            list(ctx, &inner.state, f, &t, actor)
        }
        Some(t) if matches!(t.op, Op::Form | Op::Create) => form(ctx, inner, i, &t, actor),
        Some(t) => {
            check_request(ctx, i, None)?;
            group(ctx, inner, &t, actor)
        }
        None => {
            let is_form = matches!(f.kind, FunctionKind::Form | FunctionKind::Confirm);
            if is_form && ctx.get_nonempty("sok").is_none() {
                return Ok(echo_form(ctx, f));
            }
            check_request(ctx, i, None)?;
            Ok(vec![Node::new("ok")])
        }
    }
}

/// A form no list stands behind: its defaults and what was sent.
fn echo_form(ctx: &Ctx<'_>, f: &Function) -> Vec<Node> {
    let mut out = vec![Node::with_text("elid", ctx.get("elid").unwrap_or(""))];
    for p in f.params.iter().filter(|p| p.ty != ParamType::Password) {
        if let Some(v) = ctx.get(p.name.as_str()).map(str::to_owned).or_else(|| p.default.as_deref().map(str::to_owned))
        {
            out.push(Node::with_text(p.name.as_str(), v));
        }
    }
    out
}

fn visible(state: &State, actor: &Account, r: &Record) -> bool {
    state.may_act_on(actor, r.get(OWNER).map(String::as_str))
}

fn find(state: &State, list: &str, key: &str, scope: Option<&str>, id: &str, actor: &Account) -> Option<usize> {
    state.objects.get(list)?.iter().position(|r| {
        r.get(PLID).map(String::as_str) == scope
            && r.get(key).is_some_and(|k| key_eq(k, id))
            && visible(state, actor, r)
    })
}

/// The parent scope of a child list, checked to exist: the parent's stored id and owner;
/// `None` for top-level lists. A child named by its own id alone (`db.users.edit&elid=..`
/// without `plid`) is looked up under every parent.
fn scope(
    ctx: &Ctx<'_>,
    state: &State,
    list: &str,
    given: Option<&str>,
    actor: &Account,
) -> Result<Option<(String, Option<String>)>, IspError> {
    let groups = &ctx.sh.groups;
    let Some(parent) = groups.parent.get(list) else { return Ok(None) };
    let pid = match given {
        Some(p) => p.to_owned(),
        None => {
            let key = groups.key_of(list);
            let first = ctx.get_nonempty("elid").and_then(|e| e.split(", ").next());
            let found = first.and_then(|id| {
                state
                    .objects
                    .get(list)?
                    .iter()
                    .find(|r| r.get(key).is_some_and(|k| key_eq(k, id)) && visible(state, actor, r))?
                    .get(PLID)
                    .cloned()
            });
            found.ok_or_else(|| IspError::missed_param(&ctx.lang, "plid"))?
        }
    };
    let pkey = groups.key_of(parent);
    let idx =
        find(state, parent, pkey, None, &pid, actor).ok_or_else(|| IspError::not_found(&ctx.lang, parent, &pid))?;
    let rec = state.objects.get(parent).and_then(|l| l.get(idx));
    let id = rec.and_then(|r| r.get(pkey).cloned()).unwrap_or(pid);
    Ok(Some((id, rec.and_then(|r| r.get(OWNER).cloned()))))
}

fn list(ctx: &Ctx<'_>, state: &State, f: &Function, t: &Target, actor: &Account) -> Result<Vec<Node>, IspError> {
    let key = ctx.sh.groups.key_of(&t.list);
    // Child lists take their parent as `elid` (`domain.sublist&elid=example.com`) or `plid`.
    let given = ctx.get_nonempty("elid").or(ctx.get_nonempty("plid"));
    let child = ctx.sh.groups.parent.contains_key(&t.list);
    // A child list asked without its parent (`db.users` alone) lists every parent's records.
    let sc = if child && given.is_none() { None } else { scope(ctx, state, &t.list, given, actor)? };
    let all = child && given.is_none();
    let sc = sc.map(|(p, _)| p);
    let records = state.objects.get(&t.list).map(Vec::as_slice).unwrap_or(&[]);
    Ok(records
        .iter()
        .filter(|r| (all || r.get(PLID).map(String::as_str) == sc.as_deref()) && visible(state, actor, r))
        .map(|r| {
            let mut e = Node::new("elem");
            render_record(r, key, &f.result.fields, &mut e);
            e
        })
        .collect())
}

/// A record's value for a reply field: by name, or by a stored name ending in it
/// (ISPmanager 4 lists show `type` for the form's `sdtype`).
fn field_value<'a>(r: &'a Record, name: &str) -> Option<&'a str> {
    r.get(name)
        .or_else(|| {
            r.iter().find(|(k, _)| !k.starts_with('_') && k.len() > name.len() && k.ends_with(name)).map(|(_, v)| v)
        })
        .map(String::as_str)
}

fn is_on(v: &str) -> bool {
    !matches!(v, "" | "off" | "no" | "false" | "0")
}

fn render_record(r: &Record, key: &str, fields: &[Field], e: &mut Node) {
    if fields.is_empty() {
        for (k, v) in r.iter().filter(|(k, _)| !k.starts_with('_')) {
            e.push(Node::with_text(k, v));
        }
        return;
    }
    if !fields.iter().any(|f| f.name == key)
        && let Some(v) = r.get(key)
    {
        e.push(Node::with_text(key, v));
    }
    for f in fields {
        match f.ty {
            FieldType::Flag => {
                if field_value(r, &f.name).is_some_and(is_on) {
                    e.push(Node::new(f.name.as_str()));
                }
            }
            FieldType::UsedLimit => {
                let limit = r.get(&format!("{}limit", f.name)).or(r.get(f.name.as_str())).cloned().unwrap_or_default();
                // Usage is stored as `{name}used` (`diskused`), else nothing is used.
                let used = r.get(&format!("{}used", f.name)).map(String::as_str).unwrap_or("0");
                e.push(Node::new(f.name.as_str()).with_attr("used", used).with_attr("limit", limit));
            }
            _ => {
                if let Some(v) = field_value(r, &f.name) {
                    e.push(Node::with_text(f.name.as_str(), v));
                }
            }
        }
    }
}

/// DNS-style id of a child record when the key is not a form field:
/// `www.example.com. A  192.0.2.10` (MX / SRV put the priority before the value).
fn synth_key(fields: &Record, plid: &str) -> Option<String> {
    let ty = ["sdtype", "rtype", "type"].iter().find_map(|k| fields.get(*k))?;
    let name = fields.get("name").map(String::as_str).unwrap_or("");
    let zone = plid.trim_end_matches('.');
    let fqdn = if name.ends_with('.') {
        name.to_owned()
    } else if name.is_empty() || name == "@" {
        format!("{zone}.")
    } else {
        format!("{name}.{zone}.")
    };
    let value =
        ["addr", "ip", "value", "domain", "srvdomain"].iter().find_map(|k| fields.get(*k).filter(|v| !v.is_empty()));
    let prio = ["prio", "priority"].iter().find_map(|k| fields.get(*k).filter(|v| !v.is_empty()));
    let mut s = format!("{fqdn} {}  ", ty.to_uppercase());
    if let Some(p) = prio {
        s.push_str(p);
        s.push(' ');
    }
    s.push_str(value.map(String::as_str).unwrap_or(""));
    Some(s.trim_end().to_owned())
}

/// Mailboxes are listed as `name@domain` while their form takes the two apart
/// (`email.edit`: `name=info&domain=example.com`; ISPmanager 6: `name=info&domainname=example.com`).
fn mailbox_key(f: &Function, key: &str, v: &str, fields: &Record, scope: Option<&str>) -> String {
    let domain_param = f.param("domain").is_some_and(|p| p.ty == ParamType::Domain);
    let domain = if domain_param { fields.get("domain") } else { fields.get("domainname") };
    let domain_param = domain_param || f.param("domainname").is_some();
    match domain {
        Some(d) if key == "name" && scope.is_none() && domain_param && !v.contains('@') && !d.is_empty() => {
            format!("{v}@{d}")
        }
        _ => v.to_owned(),
    }
}

fn form(ctx: &Ctx<'_>, inner: &mut Inner, i: usize, t: &Target, actor: &Account) -> Result<Vec<Node>, IspError> {
    let f = &ctx.sh.panel.functions[i];
    let lang = ctx.lang.as_str();
    let list = t.list.as_str();
    let key = ctx.sh.groups.key_of(list).to_owned();
    let strip = t.strip_prefix.as_deref();
    let sc = scope(ctx, &inner.state, list, ctx.get_nonempty("plid"), actor)?;
    let scope_id = sc.as_ref().map(|(p, _)| p.as_str());
    let elid = if t.op == Op::Create { None } else { ctx.get_nonempty("elid") };
    let existing = match elid {
        None => None,
        Some(id) => Some(
            find(&inner.state, list, &key, scope_id, id, actor).ok_or_else(|| IspError::not_found(lang, list, id))?,
        ),
    };
    let record = |state: &State, idx: usize| state.objects.get(list).and_then(|l| l.get(idx)).cloned();

    if ctx.get_nonempty("sok").is_none() {
        // A read (or a setvalues round trip): the form's current values.
        let rec = existing.and_then(|idx| record(&inner.state, idx)).unwrap_or_default();
        let mut out = vec![Node::with_text("elid", elid.unwrap_or(""))];
        if let Some(p) = scope_id {
            out.push(Node::with_text("plid", p));
        }
        for p in f.params.iter().filter(|p| p.ty != ParamType::Password) {
            let v = rec
                .get(stored_name(&p.name, strip))
                .cloned()
                .or_else(|| existing.is_none().then(|| p.default.as_deref().map(str::to_owned)).flatten());
            if let Some(v) = v {
                out.push(Node::with_text(p.name.as_str(), v));
            }
        }
        return Ok(out);
    }

    let rec = existing.and_then(|idx| record(&inner.state, idx));
    check_request(ctx, i, rec.as_ref().map(|r| (r, strip)))?;
    let mut fields = Record::new();
    let mut password = None;
    for (k, v) in ctx.params {
        if PROTOCOL_PARAMS.contains(&k.as_str()) || k == "key" {
            continue;
        }
        match f.param(k) {
            Some(p) if p.ty == ParamType::Password => password = password.or(Some(v.clone())),
            Some(_) if ctx.ignored.borrow().contains(k) => {}
            // Panels store and list domain names in punycode.
            Some(p) if p.ty == ParamType::Domain => {
                let v = domain::to_ascii(v).map(|c| c.into_owned()).unwrap_or_else(|_| v.clone());
                fields.insert(stored_name(k, strip).to_owned(), v);
            }
            Some(_) => {
                fields.insert(stored_name(k, strip).to_owned(), v.clone());
            }
            None if !f.typed => {
                fields.insert(stored_name(k, strip).to_owned(), v.clone());
            }
            None => {}
        }
    }
    check_object_refs(ctx, &inner.state, f, &fields, existing.is_none())?;
    let free = free_address(&inner.state, list, &fields);
    let objects = inner.state.objects.entry(list.to_owned()).or_default();
    let dup = |objects: &[Record], id: &str, skip: Option<usize>| {
        objects.iter().enumerate().any(|(j, r)| {
            Some(j) != skip && r.get(PLID).map(String::as_str) == scope_id && r.get(&key).is_some_and(|k| key_eq(k, id))
        })
    };
    match existing {
        Some(idx) => {
            let new_key = fields.get(&key).cloned();
            if let Some(k) = new_key.as_deref()
                && dup(objects, k, Some(idx))
            {
                return Err(IspError::exists(lang, list, k));
            }
            let old_key = objects[idx].get(&key).cloned().unwrap_or_default();
            objects[idx].extend(fields);
            if list == ACCOUNT_LIST
                && let Some(a) = inner.state.users.iter_mut().find(|a| a.name == old_key)
            {
                {
                    if let Some(p) = password {
                        a.password = p;
                    }
                    if let Some(k) = new_key {
                        a.name = k;
                    }
                }
            }
        }
        None => {
            for p in &f.params {
                if let Some(d) = &p.default
                    && p.ty != ParamType::Password
                {
                    fields.entry(stored_name(&p.name, strip).to_owned()).or_insert_with(|| d.to_string());
                }
            }
            let id = match fields.get(&key).filter(|v| !v.is_empty()) {
                Some(v) => mailbox_key(f, &key, v, &fields, scope_id),
                None => match scope_id.and_then(|p| synth_key(&fields, p)).or(free) {
                    Some(k) => k,
                    None => fields
                        .get("name")
                        // A form that does not take its list's key names the object by
                        // `domain` (ISPmanager 4 `wwwdomain.edit&domain=..` lists as `name`).
                        .or_else(|| if f.param(&key).is_none() { fields.get("domain") } else { None })
                        .filter(|v| !v.is_empty())
                        .cloned()
                        .ok_or_else(|| IspError::missed_param(lang, &key))?,
                },
            };
            if dup(objects, &id, None) {
                return Err(IspError::exists(lang, list, &id));
            }
            let owner = if list == ACCOUNT_LIST {
                match fields.get("owner") {
                    _ if actor.level == Level::Reseller => actor.name.clone(),
                    Some(o) if inner.state.account(o).is_some() => o.clone(),
                    _ => String::new(),
                }
            } else if let Some((_, Some(parent_owner))) = &sc {
                parent_owner.clone()
            } else {
                match fields.get("owner") {
                    Some(o) if inner.state.account(o).is_some() && inner.state.may_act_on(actor, Some(o)) => o.clone(),
                    _ => actor.name.clone(),
                }
            };
            let owner = mail_domain_owner(&inner.state, list, &fields, actor).unwrap_or(owner);
            let objects = inner.state.objects.entry(list.to_owned()).or_default();
            // A created object is active until suspended.
            if ctx.sh.panel.function(list).is_some_and(|lf| lf.result.fields.iter().any(|x| x.name == "active")) {
                fields.entry("active".into()).or_insert_with(|| "on".into());
            }
            fields.insert(key.clone(), id.clone());
            if let Some(p) = scope_id {
                fields.insert(PLID.into(), p.to_owned());
            }
            let account_owner = (!owner.is_empty()).then(|| owner.clone());
            fields.insert(OWNER.into(), owner);
            objects.push(fields);
            if list == ACCOUNT_LIST && inner.state.account(&id).is_none() {
                let mut a = Account::new(id.clone(), password.unwrap_or_default(), Level::User);
                a.owner = account_owner;
                inner.state.users.push(a);
            }
            // The created object's id, as ISPmanager 6 answers (`doc.id`, read by clients).
            return Ok(vec![Node::new("ok"), Node::with_text("id", id)]);
        }
    }
    Ok(vec![Node::new("ok")])
}

fn group(ctx: &Ctx<'_>, inner: &mut Inner, t: &Target, actor: &Account) -> Result<Vec<Node>, IspError> {
    let lang = ctx.lang.as_str();
    let list = t.list.as_str();
    let key = ctx.sh.groups.key_of(list).to_owned();
    let elid = ctx.get_nonempty("elid").ok_or_else(|| IspError::missed_param(lang, "elid"))?;
    let sc = scope(ctx, &inner.state, list, ctx.get_nonempty("plid"), actor)?;
    let scope_id = sc.as_ref().map(|(p, _)| p.as_str());
    let ids: Vec<&str> = elid.split(", ").map(str::trim).filter(|s| !s.is_empty()).collect();
    let mut idxs = Vec::new();
    for id in &ids {
        let idx =
            find(&inner.state, list, &key, scope_id, id, actor).ok_or_else(|| IspError::not_found(lang, list, id))?;
        idxs.push(idx);
    }
    let list_fn = ctx.sh.panel.function(list);
    let has_field = |n: &str| list_fn.is_some_and(|f| f.result.fields.iter().any(|x| x.name == n));
    match t.op {
        Op::Delete => {
            idxs.sort_unstable();
            idxs.dedup();
            if let Some(objects) = inner.state.objects.get_mut(list) {
                for idx in idxs.into_iter().rev() {
                    objects.remove(idx);
                }
            }
            for (child, parent) in &ctx.sh.groups.parent {
                if parent == list
                    && let Some(objs) = inner.state.objects.get_mut(child)
                {
                    objs.retain(|r| !r.get(PLID).is_some_and(|p| ids.contains(&p.as_str())));
                }
            }
            if list == ACCOUNT_LIST {
                inner.state.users.retain(|a| !ids.contains(&a.name.as_str()) || a.level == Level::Admin);
                inner.sessions.retain(|_, s| !ids.contains(&s.user.as_str()));
                // Deleting a user deletes what it owns: sites, mailboxes, databases, FTP
                // users, DNS zones, and the records under them.
                for objs in inner.state.objects.values_mut() {
                    objs.retain(|r| !r.get(OWNER).is_some_and(|o| ids.contains(&o.as_str())));
                }
                sweep_orphans(ctx, &mut inner.state);
            }
        }
        Op::Suspend | Op::Resume => {
            let on = t.op == Op::Suspend;
            if let Some(objects) = inner.state.objects.get_mut(list) {
                for idx in idxs {
                    let r = &mut objects[idx];
                    if has_field("disabled") {
                        r.insert("disabled".into(), if on { "on" } else { "off" }.into());
                    } else if has_field("active") {
                        r.insert("active".into(), if on { "off" } else { "on" }.into());
                    } else if on {
                        r.insert(SUSPENDED.into(), "on".into());
                    } else {
                        r.remove(SUSPENDED);
                    }
                }
            }
            if list == ACCOUNT_LIST {
                for a in
                    inner.state.users.iter_mut().filter(|a| ids.contains(&a.name.as_str()) && a.level != Level::Admin)
                {
                    a.suspended = on;
                }
            }
        }
        _ => {}
    }
    Ok(vec![Node::new("ok")])
}

/// The mail domain a mailbox is created in (`email.edit&domainname=..`).
const MAILBOX: (&str, &str, &str) = ("email", "domainname", "emaildomain");

/// What a form refers to must exist: the password confirmation matches, an `owner` is an
/// account, a new mailbox's mail domain exists.
fn check_object_refs(
    ctx: &Ctx<'_>,
    state: &State,
    f: &Function,
    fields: &Record,
    creating: bool,
) -> Result<(), IspError> {
    let lang = ctx.lang.as_str();
    if let Some(confirm) = ctx.get_nonempty("confirm")
        && f.param("confirm").is_some_and(|p| p.ty == ParamType::Password)
    {
        let password = ["passwd", "password"].iter().find_map(|n| ctx.get(n));
        if password != Some(confirm) {
            return Err(IspError::value(lang, "confirm", None, "the confirmation differs from the password"));
        }
    }
    if let Some(owner) = fields.get("owner").filter(|o| !o.is_empty())
        && state.account(owner).is_none()
    {
        return Err(IspError::not_found(lang, ACCOUNT_LIST, owner));
    }
    let (mailboxes, domain_field, domains) = MAILBOX;
    if creating
        && ctx.sh.groups.targets.get(&f.name).is_some_and(|t| t.list == mailboxes)
        && let Some(d) = fields.get(domain_field).filter(|d| !d.is_empty())
    {
        let key = ctx.sh.groups.key_of(domains);
        let known =
            state.objects.get(domains).is_some_and(|l| l.iter().any(|r| r.get(key).is_some_and(|k| key_eq(k, d))));
        if !known {
            return Err(IspError::not_found(lang, domains, d));
        }
    }
    Ok(())
}

/// A mailbox an admin creates belongs to the owner of its mail domain.
fn mail_domain_owner(state: &State, list: &str, fields: &Record, actor: &Account) -> Option<String> {
    let (mailboxes, domain_field, domains) = MAILBOX;
    if list != mailboxes || actor.level == Level::User {
        return None;
    }
    let d = fields.get(domain_field)?;
    let rec = state.objects.get(domains)?.iter().find(|r| r.get("name").is_some_and(|k| key_eq(k, d)))?;
    rec.get(OWNER).filter(|o| !o.is_empty()).cloned()
}

/// Removes child records whose parent is gone, level by level.
fn sweep_orphans(ctx: &Ctx<'_>, state: &mut State) {
    let groups = &ctx.sh.groups;
    for _ in 0..=groups.parent.len() {
        let mut removed = false;
        for (child, parent) in &groups.parent {
            let pkey = groups.key_of(parent);
            let keys: std::collections::HashSet<String> = state
                .objects
                .get(parent)
                .map(|l| l.iter().filter_map(|r| r.get(pkey).cloned()).collect())
                .unwrap_or_default();
            if let Some(objs) = state.objects.get_mut(child) {
                let before = objs.len();
                objs.retain(|r| r.get(PLID).is_none_or(|p| keys.contains(p)));
                removed |= objs.len() != before;
            }
        }
        if !removed {
            break;
        }
    }
}

/// IP addresses created with an empty `name` get the next free documentation address
/// (RFC 5737 / RFC 3849) of their `iptype`, as a panel picks one from its pool.
fn free_address(state: &State, list: &str, fields: &Record) -> Option<String> {
    if list != "ipaddr" {
        return None;
    }
    let taken = |a: &str| {
        state.objects.get(list).is_some_and(|l| l.iter().any(|r| r.get("name").map(String::as_str) == Some(a)))
    };
    let v6 = fields.get("iptype").is_some_and(|t| t == "ipv6");
    (1..=254u32).map(|n| if v6 { format!("2001:db8::{n:x}") } else { format!("192.0.2.{n}") }).find(|a| !taken(a))
}

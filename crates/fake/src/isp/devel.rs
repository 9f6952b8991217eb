//! `out=devel`: the metadata a real panel writes about a form or list, derived
//! from the spec, in the vocabulary the harvester reads from plugin files.
//!
//! Forms: `<form>` > `<page>` > `<field>` > one control chosen by parameter type
//! (`checkbox` for flags, `select` + `<slist>` for enums, `input check="int"
//! checkargs="MIN,MAX"`, `check="ip"`, ...), `required`, `readonly`,
//! `remove_if`, `if=FEATURE`, and the spec's rules as `<if value|empty=..
//! hide=.. [shadow="yes"]>` inside the controlling control. Lists: `<coldata>`
//! and `<toolbar>`. Labels, hints and value labels go to `<messages>` in the
//! reply's language.
//!
//! Metadata only says "hide T when the controller is V". A spec rule that
//! *enables* T under some values is written as "hide T under every other value",
//! which needs the controller's values to be known (flags, enums); rules that
//! cannot be written that way are left out (the harvester's round-trip test lists
//! them).

use panelkit_spec::{Condition, Function, FunctionKind, Param, ParamType, RemoveIf};

use panelkit_runtime::Node;

/// The devel reply's children for `f`, or `None` when the spec cannot describe it
/// (untyped functions and kinds without a form or list: those run as usual).
pub(crate) fn metadata(f: &Function, lang: &str) -> Option<Vec<Node>> {
    if !f.typed {
        return None;
    }
    let mut out = Vec::new();
    let mut meta = Node::new("metadata").with_attr("name", &f.name);
    match f.kind {
        FunctionKind::Form => {
            meta = meta.with_attr("type", "form").with_child(form(f));
        }
        FunctionKind::List => {
            meta = meta.with_attr("type", "list");
            if let Some(k) = &f.result.key {
                meta = meta.with_attr("key", k);
            }
            meta.push(coldata(f));
            if !f.toolbar.is_empty() {
                let grp = f
                    .toolbar
                    .iter()
                    .fold(Node::new("toolgrp"), |g, t| g.with_child(Node::new("toolbtn").with_attr("func", t)));
                meta.push(Node::new("toolbar").with_child(grp));
            }
        }
        _ => return None,
    }
    out.push(meta);
    out.push(messages(f, lang));
    for p in &f.params {
        if matches!(p.ty, ParamType::Enum | ParamType::List) && !p.values.is_empty() {
            let mut sl = Node::new("slist").with_attr("name", p.name.as_str());
            for v in &p.values {
                sl.push(Node::with_text("val", v.label.get(lang).unwrap_or("")).with_attr("key", v.value.as_str()));
            }
            out.push(sl);
        }
    }
    Some(out)
}

fn form(f: &Function) -> Node {
    let mut form = Node::new("form");
    // Consecutive parameters of one page share a <page>; page-less ones sit in the form.
    let mut page: Option<Node> = None;
    for p in &f.params {
        let field = field(f, p);
        let same = page.as_ref().is_some_and(|pg| pg.attrs.first().map(|(_, v)| v.as_str()) == p.page.as_deref());
        if !same && let Some(pg) = page.take() {
            form.push(pg);
        }
        match &p.page {
            Some(name) => page.get_or_insert_with(|| Node::new("page").with_attr("name", name.as_str())).push(field),
            None => form.push(field),
        }
    }
    if let Some(pg) = page {
        form.push(pg);
    }
    form
}

fn field(f: &Function, p: &Param) -> Node {
    let mut field = Node::new("field").with_attr("name", p.name.as_str());
    match p.remove_if {
        Some(RemoveIf::New) => field = field.with_attr("remove_if", "new"),
        Some(RemoveIf::Edit) => field = field.with_attr("remove_if", "edit"),
        None => {}
    }
    if let Some(feat) = &p.feature {
        field = field.with_attr("if", feat.as_str());
    }
    let mut c = control(p);
    if p.required {
        c = c.with_attr("required", "yes");
    }
    if p.readonly {
        c = c.with_attr("readonly", "yes");
    }
    c.children.extend(rules_of(f, p));
    field.with_child(c)
}

fn control(p: &Param) -> Node {
    let input = |ty: &str| Node::new("input").with_attr("type", ty).with_attr("name", p.name.as_str());
    match p.ty {
        ParamType::Flag => input("checkbox"),
        ParamType::Password => input("password"),
        ParamType::Enum => Node::new("select").with_attr("name", p.name.as_str()),
        ParamType::List => Node::new("select").with_attr("name", p.name.as_str()).with_attr("type", "multiple"),
        ParamType::Text => {
            let mut c = input("text");
            if let Some(ch) = &p.check {
                c = c.with_attr("check", ch.as_str());
            }
            if let Some(a) = &p.checkargs {
                c = c.with_attr("checkargs", a.as_str());
            }
            c
        }
        ty => {
            let mut c = input("text").with_attr("check", check_of(ty));
            if ty == ParamType::Int {
                if p.min.is_some() || p.max.is_some() {
                    let b = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
                    c = c.with_attr("checkargs", format!("{},{}", b(p.min), b(p.max)));
                }
            } else if let Some(a) = &p.checkargs {
                c = c.with_attr("checkargs", a.as_str());
            }
            c
        }
    }
}

/// The panel validator that stands for a typed parameter.
fn check_of(ty: ParamType) -> &'static str {
    match ty {
        ParamType::Int => "int",
        ParamType::Float => "float",
        ParamType::Ip => "ip",
        ParamType::Ipv4 => "ipv4",
        ParamType::Ipv6 => "ipv6",
        ParamType::Domain => "domain",
        ParamType::Email => "email",
        ParamType::Path => "path",
        ParamType::Url => "url",
        ParamType::Date => "date",
        ParamType::Datetime => "datetime",
        _ => "",
    }
}

/// A condition metadata can state: a value, or (not) empty.
#[derive(Clone, PartialEq, Eq)]
enum When {
    Value(String),
    Empty(bool),
}

/// The values `p` can take, when the spec says (flags and enums).
fn domain(f: &Function, p: &Param) -> Option<Vec<String>> {
    match p.ty {
        ParamType::Flag => Some(vec!["on".into(), "off".into()]),
        ParamType::Enum => {
            let mut d: Vec<String> = p.values.iter().map(|v| v.value.to_string()).collect();
            for r in f.rules.iter().filter(|r| r.param == p.name) {
                let vs = match &r.when {
                    Condition::Equals(v) => std::slice::from_ref(v),
                    Condition::NotIn(vs) => vs.as_slice(),
                    _ => &[],
                };
                for v in vs {
                    if !d.iter().any(|x| x == v) {
                        d.push(v.to_string());
                    }
                }
            }
            Some(d)
        }
        _ => None,
    }
}

/// The conditions `when` covers, as metadata can state them.
fn stated(when: &Condition, dom: Option<&[String]>) -> Option<Vec<When>> {
    Some(match when {
        Condition::On => vec![When::Value("on".into())],
        Condition::Off => vec![When::Value("off".into())],
        Condition::Equals(v) => vec![When::Value(v.to_string())],
        Condition::Empty => vec![When::Empty(true)],
        Condition::NotEmpty => vec![When::Empty(false)],
        Condition::NotIn(vs) => {
            dom?.iter().filter(|v| !vs.iter().any(|x| x == *v)).map(|v| When::Value(v.clone())).collect()
        }
    })
}

/// The complement of the union of `whens` (when a target that they enable is hidden).
fn complement(whens: &[When], dom: Option<&[String]>) -> Option<Vec<When>> {
    if whens.iter().all(|w| matches!(w, When::Empty(_))) {
        let e: Vec<bool> = whens.iter().map(|w| matches!(w, When::Empty(true))).collect();
        return match (e.contains(&true), e.contains(&false)) {
            (true, false) => Some(vec![When::Empty(false)]),
            (false, true) => Some(vec![When::Empty(true)]),
            _ => Some(Vec::new()),
        };
    }
    if whens.iter().any(|w| matches!(w, When::Empty(_))) {
        return None;
    }
    Some(dom?.iter().filter(|v| !whens.contains(&When::Value((*v).clone()))).map(|v| When::Value(v.clone())).collect())
}

/// `<if>` elements for the rules controlled by `p`.
fn rules_of(f: &Function, p: &Param) -> Vec<Node> {
    let dom = domain(f, p);
    let dom = dom.as_deref();
    // (condition, shadow) -> targets, in first-seen order.
    let mut hides: Vec<(When, bool, Vec<String>)> = Vec::new();
    let mut add = |w: When, shadow: bool, t: &str| {
        let i = match hides.iter().position(|(x, s, _)| *x == w && *s == shadow) {
            Some(i) => i,
            None => {
                hides.push((w, shadow, Vec::new()));
                hides.len() - 1
            }
        };
        if !hides[i].2.iter().any(|x| x == t) {
            hides[i].2.push(t.to_owned());
        }
    };
    let mine: Vec<_> = f.rules.iter().filter(|r| r.param == p.name).collect();
    let mut enabled: Vec<&panelkit_spec::CompactString> = Vec::new();
    for r in &mine {
        for (targets, shadow) in [(&r.forbids, false), (&r.readonly, true)] {
            for t in targets {
                for w in stated(&r.when, dom).unwrap_or_default() {
                    add(w, shadow, t);
                }
            }
        }
        for t in &r.enables {
            if !enabled.contains(&t) {
                enabled.push(t);
            }
        }
    }
    for t in enabled {
        let mut whens = Vec::new();
        let mut ok = true;
        for r in mine.iter().filter(|r| r.enables.contains(t)) {
            match stated(&r.when, dom) {
                Some(ws) => whens.extend(ws),
                None => ok = false,
            }
        }
        if !ok {
            continue;
        }
        for w in complement(&whens, dom).unwrap_or_default() {
            add(w, false, t);
        }
    }
    hides
        .into_iter()
        .map(|(w, shadow, targets)| {
            let mut e = match w {
                When::Value(v) => Node::new("if").with_attr("value", v),
                When::Empty(yes) => Node::new("if").with_attr("empty", if yes { "yes" } else { "no" }),
            };
            e = e.with_attr("hide", targets.join(" "));
            if shadow {
                e = e.with_attr("shadow", "yes");
            }
            e
        })
        .collect()
}

fn coldata(f: &Function) -> Node {
    let mut cd = Node::new("coldata");
    for fld in &f.result.fields {
        let ty = if fld.ty == panelkit_spec::FieldType::Flag { "toggle" } else { "data" };
        cd.push(Node::new("col").with_attr("name", fld.name.as_str()).with_attr("type", ty));
    }
    cd
}

fn messages(f: &Function, lang: &str) -> Node {
    let mut m = Node::new("messages").with_attr("name", &f.name);
    let mut msg = |name: String, text: Option<&str>| {
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            m.push(Node::with_text("msg", t).with_attr("name", name));
        }
    };
    msg("title".into(), f.title.get(lang));
    for p in &f.params {
        msg(p.name.to_string(), p.label.get(lang));
        msg(format!("hint_{}", p.name), p.hint.get(lang));
    }
    for fld in &f.result.fields {
        if !f.params.iter().any(|p| p.name == fld.name) {
            msg(fld.name.to_string(), fld.label.get(lang));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use panelkit_spec::{EnumValue, Param, Rule, Text};

    use super::*;
    use panelkit_runtime::reply::write_xml;

    fn form() -> Function {
        let mut f = Function::new("site.edit", FunctionKind::Form);
        let mut level = Param::new("level", ParamType::Int);
        (level.min, level.max, level.required) = (Some(1), Some(9), true);
        let mut mode = Param::new("mode", ParamType::Enum);
        mode.values =
            ["a", "b", "c"].iter().map(|v| EnumValue { value: (*v).into(), label: Text::default() }).collect();
        mode.label = Text { ru: None, en: Some("Mode".into()) };
        f.params = vec![Param::new("gzip", ParamType::Flag), level, mode, Param::new("ip", ParamType::Ip)];
        let rule = |param: &str, when, enables: &[&str], forbids: &[&str], readonly: &[&str]| Rule {
            param: param.into(),
            when,
            enables: enables.iter().map(|s| (*s).into()).collect(),
            forbids: forbids.iter().map(|s| (*s).into()).collect(),
            readonly: readonly.iter().map(|s| (*s).into()).collect(),
        };
        f.rules = vec![
            rule("gzip", Condition::On, &["level"], &[], &[]),
            rule("mode", Condition::Equals("a".into()), &[], &["ip"], &[]),
            rule("mode", Condition::Equals("b".into()), &[], &[], &["ip"]),
        ];
        f
    }

    #[test]
    fn controls_checks_and_rules_follow_the_spec() {
        let mut doc = Node::new("doc");
        metadata(&form(), "en").unwrap().into_iter().for_each(|m| doc.push(m));
        let xml = write_xml(&doc);
        for want in [
            r#"<metadata name="site.edit" type="form">"#,
            r#"<input type="checkbox" name="gzip"><if value="off" hide="level"/></input>"#,
            r#"<input type="text" name="level" check="int" checkargs="1,9" required="yes"/>"#,
            r#"<select name="mode"><if value="a" hide="ip"/><if value="b" hide="ip" shadow="yes"/></select>"#,
            r#"<input type="text" name="ip" check="ip"/>"#,
            r#"<messages name="site.edit"><msg name="mode">Mode</msg></messages>"#,
            r#"<slist name="mode"><val key="a"/><val key="b"/><val key="c"/></slist>"#,
        ] {
            assert!(xml.contains(want), "missing {want}\nin {xml}");
        }
    }

    #[test]
    fn untyped_functions_and_actions_have_no_metadata() {
        let mut f = form();
        f.typed = false;
        assert!(metadata(&f, "en").is_none());
        let g = Function::new("site.delete", FunctionKind::Group);
        assert!(metadata(&g, "en").is_none());
    }
}

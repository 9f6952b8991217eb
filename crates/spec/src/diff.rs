//! Differences between two versions of a panel's spec (`cargo xtask spec diff`),
//! each marked breaking when code generated from the old spec would stop
//! compiling or start sending requests the new panel rejects.
//!
//! Functions are matched by name and module, parameters, fields and enum values
//! by wire name, error cases by code, rules by their trigger (controlling
//! parameter and condition).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::lint::when_text;
use crate::model::{CompactString, Condition, EnumValue, Field, Function, Panel, Param, Rule};

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// New in the new spec.
    Added,
    /// Gone from the new spec.
    Removed,
    /// In both, different.
    Changed,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        })
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Code generated from the old spec breaks (compile error or rejected requests).
    pub breaking: bool,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The function (`name`, or `module/name` for BrainyCP); empty for panel-level changes.
    pub function: String,
    /// What inside it: `function`, `param ftplimit`, `value sdtype=MX`, `rule sdtype equals MX`,
    /// `result field disk`, `error 3`, `result`, `panel`.
    pub item: String,
    /// Old and new, in words, for changes.
    pub detail: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.breaking { "BREAKING" } else { "        " };
        write!(f, "{mark} {:<7} ", self.kind.to_string())?;
        if self.function.is_empty() {
            write!(f, "{}", self.item)?;
        } else if self.item == "function" {
            write!(f, "function `{}`", self.function)?;
        } else {
            write!(f, "`{}` {}", self.function, self.item)?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

struct Out {
    changes: Vec<Change>,
    function: String,
}

impl Out {
    fn push(&mut self, breaking: bool, kind: ChangeKind, item: impl Into<String>, detail: impl Into<String>) {
        self.changes.push(Change {
            breaking,
            kind,
            function: self.function.clone(),
            item: item.into(),
            detail: detail.into(),
        });
    }
}

fn fn_key(f: &Function) -> String {
    match &f.module {
        Some(m) => format!("{m}/{}", f.name),
        None => f.name.clone(),
    }
}

fn dbg<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Everything that differs from `old` to `new`, functions in name order.
pub fn diff(old: &Panel, new: &Panel) -> Vec<Change> {
    let mut out = Out { changes: Vec::new(), function: String::new() };
    if old.protocol != new.protocol {
        out.push(
            true,
            ChangeKind::Changed,
            "panel protocol",
            format!("{} -> {}", dbg(&old.protocol), dbg(&new.protocol)),
        );
    }
    if old.endpoint != new.endpoint {
        out.push(false, ChangeKind::Changed, "panel endpoint", format!("`{}` -> `{}`", old.endpoint, new.endpoint));
    }
    let of: BTreeSet<&str> = old.features.iter().map(|f| f.name.as_str()).collect();
    let nf: BTreeSet<&str> = new.features.iter().map(|f| f.name.as_str()).collect();
    for f in of.difference(&nf) {
        out.push(false, ChangeKind::Removed, format!("panel feature `{f}`"), "");
    }
    for f in nf.difference(&of) {
        out.push(false, ChangeKind::Added, format!("panel feature `{f}`"), "");
    }

    let olds: BTreeMap<String, &Function> = old.functions.iter().map(|f| (fn_key(f), f)).collect();
    let news: BTreeMap<String, &Function> = new.functions.iter().map(|f| (fn_key(f), f)).collect();
    let keys: BTreeSet<&String> = olds.keys().chain(news.keys()).collect();
    for k in keys {
        out.function = k.clone();
        match (olds.get(k), news.get(k)) {
            (Some(_), None) => out.push(true, ChangeKind::Removed, "function", ""),
            (None, Some(f)) => out.push(false, ChangeKind::Added, "function", dbg(&f.kind)),
            (Some(a), Some(b)) => diff_function(&mut out, a, b),
            (None, None) => {}
        }
    }
    out.changes
}

fn diff_function(out: &mut Out, a: &Function, b: &Function) {
    use ChangeKind::*;
    if a.kind != b.kind {
        out.push(true, Changed, "kind", format!("{} -> {}", dbg(&a.kind), dbg(&b.kind)));
    }
    if a.typed != b.typed {
        // Typed and untyped functions get different request types.
        out.push(true, Changed, "typed", format!("{} -> {}", a.typed, b.typed));
    }
    if a.rust_name != b.rust_name {
        out.push(true, Changed, "rust_name", format!("{} -> {}", dbg(&a.rust_name), dbg(&b.rust_name)));
    }
    if a.elid != b.elid {
        let (ar, br) = (a.elid.as_ref().is_some_and(|e| e.required), b.elid.as_ref().is_some_and(|e| e.required));
        let (am, bm) = (a.elid.as_ref().is_some_and(|e| e.multiple), b.elid.as_ref().is_some_and(|e| e.multiple));
        let breaking = (!ar && br) || (am && !bm) || (a.elid.is_some() && b.elid.is_none());
        out.push(breaking, Changed, "elid", format!("{} -> {}", dbg(&a.elid), dbg(&b.elid)));
    }
    if a.plid != b.plid {
        let breaking = a.plid.is_none() != b.plid.is_none();
        out.push(breaking, Changed, "plid", format!("{} -> {}", dbg(&a.plid), dbg(&b.plid)));
    }
    diff_params(out, a, b);
    diff_rules(out, a, b);
    diff_result(out, a, b);
    let ae: BTreeMap<i64, _> = a.errors.iter().map(|e| (e.code, e)).collect();
    let be: BTreeMap<i64, _> = b.errors.iter().map(|e| (e.code, e)).collect();
    for (code, e) in &ae {
        match be.get(code) {
            None => out.push(true, Removed, format!("error {code}"), format!("`{}`", e.name)),
            Some(n) if n.name != e.name => {
                out.push(true, Changed, format!("error {code}"), format!("name `{}` -> `{}`", e.name, n.name))
            }
            Some(n) if n.message != e.message => out.push(false, Changed, format!("error {code}"), "message"),
            _ => {}
        }
    }
    for (code, e) in &be {
        if !ae.contains_key(code) {
            out.push(false, Added, format!("error {code}"), format!("`{}`", e.name));
        }
    }
}

fn diff_params(out: &mut Out, a: &Function, b: &Function) {
    use ChangeKind::*;
    for p in &a.params {
        if b.param(&p.name).is_none() {
            out.push(true, Removed, format!("param `{}`", p.name), "");
        }
    }
    for q in &b.params {
        match a.param(&q.name) {
            None if q.required => out.push(true, Added, format!("param `{}`", q.name), "required"),
            None => out.push(false, Added, format!("param `{}`", q.name), dbg(&q.ty)),
            Some(p) => diff_param(out, p, q),
        }
    }
}

fn diff_param(out: &mut Out, p: &Param, q: &Param) {
    use ChangeKind::*;
    let item = format!("param `{}`", p.name);
    if p.ty != q.ty {
        out.push(true, Changed, &item, format!("type {} -> {}", dbg(&p.ty), dbg(&q.ty)));
    }
    if p.item != q.item {
        out.push(true, Changed, &item, format!("item type {} -> {}", dbg(&p.item), dbg(&q.item)));
    }
    if p.required != q.required {
        out.push(q.required, Changed, &item, if q.required { "became required" } else { "became optional" });
    }
    // Narrower bounds reject values the old code could send.
    let narrower = |old: Option<i64>, new: Option<i64>, lower: bool| match (old, new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(o), Some(n)) => (lower && n > o) || (!lower && n < o),
    };
    if p.min != q.min {
        out.push(narrower(p.min, q.min, true), Changed, &item, format!("min {} -> {}", dbg(&p.min), dbg(&q.min)));
    }
    if p.max != q.max {
        out.push(narrower(p.max, q.max, false), Changed, &item, format!("max {} -> {}", dbg(&p.max), dbg(&q.max)));
    }
    if p.infinity != q.infinity {
        let breaking = p.infinity.is_some();
        out.push(breaking, Changed, &item, format!("infinity {} -> {}", dbg(&p.infinity), dbg(&q.infinity)));
    }
    if p.feature != q.feature {
        out.push(false, Changed, &item, format!("feature {} -> {}", dbg(&p.feature), dbg(&q.feature)));
    }
    if p.readonly != q.readonly {
        out.push(q.readonly, Changed, &item, if q.readonly { "became read-only" } else { "no longer read-only" });
    }
    if p.default != q.default {
        out.push(false, Changed, &item, format!("default {} -> {}", dbg(&p.default), dbg(&q.default)));
    }
    if p.rust_name != q.rust_name {
        out.push(true, Changed, &item, format!("rust_name {} -> {}", dbg(&p.rust_name), dbg(&q.rust_name)));
    }
    diff_values(out, &p.name, &p.values, &q.values);
}

fn diff_values(out: &mut Out, owner: &str, a: &[EnumValue], b: &[EnumValue]) {
    let av: BTreeSet<&str> = a.iter().map(|v| v.value.as_str()).collect();
    let bv: BTreeSet<&str> = b.iter().map(|v| v.value.as_str()).collect();
    for v in av.difference(&bv) {
        out.push(true, ChangeKind::Removed, format!("value `{owner}`=`{v}`"), "");
    }
    for v in bv.difference(&av) {
        out.push(false, ChangeKind::Added, format!("value `{owner}`=`{v}`"), "");
    }
}

fn rule_key(r: &Rule) -> String {
    let when = match &r.when {
        Condition::NotIn(vs) => {
            let mut vs = vs.clone();
            vs.sort();
            Condition::NotIn(vs)
        }
        c => c.clone(),
    };
    when_text(&r.param, &when)
}

/// Parameters some rule enables: they may only be sent while one of those rules holds.
fn enabled_somewhere(f: &Function) -> BTreeSet<&str> {
    f.rules.iter().flat_map(|r| r.enables.iter().map(CompactString::as_str)).collect()
}

fn diff_rules(out: &mut Out, a: &Function, b: &Function) {
    use ChangeKind::*;
    let ar: BTreeMap<String, Vec<&Rule>> = group_rules(a);
    let br: BTreeMap<String, Vec<&Rule>> = group_rules(b);
    let (a_gated, b_gated) = (enabled_somewhere(a), enabled_somewhere(b));
    let keys: BTreeSet<&String> = ar.keys().chain(br.keys()).collect();
    for k in keys {
        let item = format!("rule when {k}");
        let targets = |rules: Option<&Vec<&Rule>>, pick: fn(&Rule) -> &Vec<CompactString>| -> BTreeSet<CompactString> {
            rules.into_iter().flatten().flat_map(|r| pick(r).iter().cloned()).collect()
        };
        let (ra, rb) = (ar.get(k), br.get(k));
        if ra.is_none() {
            out.push(false, Added, &item, "");
        } else if rb.is_none() {
            out.push(false, Removed, &item, "");
        }
        for (what, pick) in [
            ("forbids", (|r: &Rule| &r.forbids) as fn(&Rule) -> &Vec<CompactString>),
            ("readonly", |r: &Rule| &r.readonly),
            ("enables", |r: &Rule| &r.enables),
        ] {
            let (ta, tb) = (targets(ra, pick), targets(rb, pick));
            for t in tb.difference(&ta) {
                // A new forbid rejects what was sent before; a new enable gates a
                // parameter that was free unless it was gated already.
                let breaking = what != "enables" || !a_gated.contains(t.as_str());
                out.push(breaking, Changed, &item, format!("now {what} `{t}`"));
            }
            for t in ta.difference(&tb) {
                // Dropping one of several enabling rules narrows when the target may be sent.
                let breaking = what == "enables" && b_gated.contains(t.as_str());
                out.push(breaking, Changed, &item, format!("no longer {what} `{t}`"));
            }
        }
    }
}

fn group_rules(f: &Function) -> BTreeMap<String, Vec<&Rule>> {
    let mut m: BTreeMap<String, Vec<&Rule>> = BTreeMap::new();
    for r in &f.rules {
        m.entry(rule_key(r)).or_default().push(r);
    }
    m
}

fn diff_result(out: &mut Out, a: &Function, b: &Function) {
    use ChangeKind::*;
    let (ra, rb) = (&a.result, &b.result);
    if ra.kind != rb.kind {
        out.push(true, Changed, "result", format!("kind {} -> {}", dbg(&ra.kind), dbg(&rb.kind)));
    }
    if ra.key != rb.key {
        out.push(true, Changed, "result", format!("key {} -> {}", dbg(&ra.key), dbg(&rb.key)));
    }
    if ra.payload != rb.payload {
        out.push(true, Changed, "result", format!("payload {} -> {}", dbg(&ra.payload), dbg(&rb.payload)));
    }
    if ra.restart != rb.restart {
        out.push(false, Changed, "result", format!("restart {} -> {}", ra.restart, rb.restart));
    }
    let fa: BTreeMap<&str, &Field> = ra.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    let fb: BTreeMap<&str, &Field> = rb.fields.iter().map(|f| (f.name.as_str(), f)).collect();
    for (n, f) in &fa {
        match fb.get(n) {
            None => out.push(true, Removed, format!("result field `{n}`"), ""),
            Some(g) => {
                if f.ty != g.ty {
                    out.push(
                        true,
                        Changed,
                        format!("result field `{n}`"),
                        format!("type {} -> {}", dbg(&f.ty), dbg(&g.ty)),
                    );
                }
                if f.rust_name != g.rust_name {
                    out.push(true, Changed, format!("result field `{n}`"), "rust_name");
                }
                diff_values(out, n, &f.values, &g.values);
            }
        }
    }
    for (n, g) in &fb {
        if !fa.contains_key(n) {
            out.push(false, Added, format!("result field `{n}`"), dbg(&g.ty));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_panel_from_strs;

    const PANEL: &str = "id='t'\nfamily='ispmanager'\nversion='4'\nprotocol='ispsystem'\nendpoint='/x'\n";

    fn panel(fns: &str) -> Panel {
        load_panel_from_strs(PANEL, &[("f.toml", fns)]).unwrap_or_else(|d| panic!("{d}"))
    }

    fn lines(old: &str, new: &str) -> Vec<String> {
        diff(&panel(old), &panel(new)).iter().map(ToString::to_string).collect()
    }

    const BASE: &str = r#"
[[function]]
name = "domain.sublist.edit"
kind = "form"
params = [
  { name = "sdtype", type = "enum", values = [{ value = "A" }, { value = "MX" }] },
  { name = "prio", type = "int", min = 0, max = 100 },
  { name = "ttl", type = "int" },
]
rules = [{ param = "sdtype", when = { equals = "MX" }, enables = ["prio"] }]
result = { kind = "form" }

[[function]]
name = "user"
kind = "list"
result = { kind = "list", fields = [{ name = "name", type = "text" }, { name = "disk", type = "used_limit" }] }

[[function]]
name = "user.delete"
kind = "group"
"#;

    #[test]
    fn identical_specs_have_no_changes() {
        assert!(lines(BASE, BASE).is_empty());
    }

    #[test]
    fn removed_function_is_breaking_added_is_not() {
        let new = BASE.replace("name = \"user.delete\"", "name = \"user.suspend\"");
        assert_eq!(
            lines(BASE, &new),
            vec![
                "BREAKING removed function `user.delete`".to_string(),
                "         added   function `user.suspend`: \"group\"".to_string(),
            ]
        );
    }

    #[test]
    fn param_changes() {
        let new = BASE
            .replace(
                "{ name = \"ttl\", type = \"int\" }",
                "{ name = \"ttl\", type = \"text\" }, { name = \"x\", type = \"text\", required = true }",
            )
            .replace("min = 0, max = 100", "min = 0, max = 50");
        assert_eq!(
            lines(BASE, &new),
            vec![
                "BREAKING changed `domain.sublist.edit` param `prio`: max 100 -> 50",
                "BREAKING changed `domain.sublist.edit` param `ttl`: type \"int\" -> \"text\"",
                "BREAKING added   `domain.sublist.edit` param `x`: required",
            ]
        );
        let looser = BASE.replace("min = 0, max = 100", "min = 0, max = 200");
        assert_eq!(lines(BASE, &looser), vec!["         changed `domain.sublist.edit` param `prio`: max 100 -> 200"]);
        let removed = BASE.replace("  { name = \"ttl\", type = \"int\" },\n", "");
        assert_eq!(lines(BASE, &removed), vec!["BREAKING removed `domain.sublist.edit` param `ttl`"]);
        let required =
            BASE.replace("{ name = \"ttl\", type = \"int\" }", "{ name = \"ttl\", type = \"int\", required = true }");
        assert_eq!(lines(BASE, &required), vec!["BREAKING changed `domain.sublist.edit` param `ttl`: became required"]);
        assert_eq!(lines(&required, BASE), vec!["         changed `domain.sublist.edit` param `ttl`: became optional"]);
    }

    #[test]
    fn enum_values() {
        let new = BASE.replace("{ value = \"A\" }, { value = \"MX\" }", "{ value = \"MX\" }, { value = \"SRV\" }");
        assert_eq!(
            lines(BASE, &new),
            vec![
                "BREAKING removed `domain.sublist.edit` value `sdtype`=`A`",
                "         added   `domain.sublist.edit` value `sdtype`=`SRV`",
            ]
        );
    }

    #[test]
    fn rules() {
        let forbid = BASE.replace("enables = [\"prio\"] }", "enables = [\"prio\"], forbids = [\"ttl\"] }");
        assert_eq!(
            lines(BASE, &forbid),
            vec!["BREAKING changed `domain.sublist.edit` rule when `sdtype` equals `MX`: now forbids `ttl`"]
        );
        assert_eq!(
            lines(&forbid, BASE),
            vec!["         changed `domain.sublist.edit` rule when `sdtype` equals `MX`: no longer forbids `ttl`"]
        );
        // A second rule enabling `prio` widens when it may be sent; a first one gating `ttl` narrows it.
        let more = BASE.replace(
            "enables = [\"prio\"] }]",
            "enables = [\"prio\"] }, { param = \"sdtype\", when = { equals = \"A\" }, enables = [\"prio\", \"ttl\"] }]",
        );
        assert_eq!(
            lines(BASE, &more),
            vec![
                "         added   `domain.sublist.edit` rule when `sdtype` equals `A`",
                "         changed `domain.sublist.edit` rule when `sdtype` equals `A`: now enables `prio`",
                "BREAKING changed `domain.sublist.edit` rule when `sdtype` equals `A`: now enables `ttl`",
            ]
        );
        assert_eq!(
            lines(&more, BASE),
            vec![
                "         removed `domain.sublist.edit` rule when `sdtype` equals `A`",
                "BREAKING changed `domain.sublist.edit` rule when `sdtype` equals `A`: no longer enables `prio`",
                "         changed `domain.sublist.edit` rule when `sdtype` equals `A`: no longer enables `ttl`",
            ]
        );
    }

    #[test]
    fn result_fields_and_kind() {
        let new = BASE
            .replace(
                "{ name = \"disk\", type = \"used_limit\" }",
                "{ name = \"disk\", type = \"int\" }, { name = \"ip\", type = \"text\" }",
            )
            .replace("{ name = \"name\", type = \"text\" }, ", "");
        assert_eq!(
            lines(BASE, &new),
            vec![
                "BREAKING changed `user` result field `disk`: type \"used_limit\" -> \"int\"",
                "BREAKING removed `user` result field `name`",
                "         added   `user` result field `ip`: \"text\"",
            ]
        );
        let kind = BASE.replace("result = { kind = \"form\" }", "result = { kind = \"ok\" }");
        assert_eq!(lines(BASE, &kind), vec!["BREAKING changed `domain.sublist.edit` result: kind \"form\" -> \"ok\""]);
    }

    #[test]
    fn error_codes_and_json() {
        let old = "[[function]]\nname='add'\nmodule='mailserver'\nkind='action'\nerrors=[{code=1,name='exists'},{code=2,name='bad'}]\n";
        let new = "[[function]]\nname='add'\nmodule='mailserver'\nkind='action'\nerrors=[{code=2,name='bad'},{code=3,name='quota'}]\n";
        let changes = diff(&panel(old), &panel(new));
        let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "BREAKING removed `mailserver/add` error 1: `exists`",
                "         added   `mailserver/add` error 3: `quota`"
            ]
        );
        let json = serde_json::to_value(&changes).unwrap();
        assert_eq!(json[0]["breaking"], true);
        assert_eq!(json[0]["kind"], "removed");
        assert_eq!(json[0]["function"], "mailserver/add");
        assert_eq!(json[0]["item"], "error 1");
    }
}

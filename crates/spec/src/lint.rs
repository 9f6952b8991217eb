//! Semantic lints: what serde cannot see (duplicates, dangling names, rules that
//! contradict each other or a parameter's `required`).
//!
//! Findings name a key path inside a function (`params[2].name`); the loader
//! turns paths into file, line and column.

use std::collections::{BTreeSet, HashMap};

use crate::load::Severity;
use crate::model::{CompactString, Condition, Function, FunctionKind, Panel, Param, ParamType, Rule};
use crate::source::SpanIndex;

/// Where a function (or the panel) came from.
pub(crate) struct Site {
    /// Index into the loader's sources.
    pub(crate) file: usize,
    /// Its key paths.
    pub(crate) index: SpanIndex,
}

/// One problem, located by function and key path.
pub(crate) struct Finding {
    /// Function index, `None` for `panel.toml`.
    pub(crate) function: Option<usize>,
    /// Key path inside the function (or panel).
    pub(crate) path: String,
    pub(crate) severity: Severity,
    pub(crate) message: String,
}

/// Renders where a path is, as `(file, line)`, for messages that point at a first definition.
pub(crate) type Locate<'a> = &'a dyn Fn(Option<usize>, &str) -> (String, usize);

/// How a function is named in messages.
pub(crate) fn label(f: &Function) -> String {
    match &f.module {
        Some(m) => format!("function `{}` (module `{m}`)", f.name),
        None => format!("function `{}`", f.name),
    }
}

/// A condition in words, for messages.
pub(crate) fn when_text(param: &str, c: &Condition) -> String {
    match c {
        Condition::On => format!("`{param}` is on"),
        Condition::Off => format!("`{param}` is off"),
        Condition::Equals(v) => format!("`{param}` equals `{v}`"),
        Condition::NotIn(vs) => {
            let list: Vec<String> = vs.iter().map(|v| format!("`{v}`")).collect();
            format!("`{param}` is none of {}", list.join(", "))
        }
        Condition::Empty => format!("`{param}` is empty"),
        Condition::NotEmpty => format!("`{param}` is not empty"),
    }
}

/// A comparable form of a rule's trigger: `not_in` lists compare as sets.
fn trigger(r: &Rule) -> (String, String) {
    let c = match &r.when {
        Condition::NotIn(vs) => {
            let set: BTreeSet<&CompactString> = vs.iter().collect();
            format!("not_in {set:?}")
        }
        other => format!("{other:?}"),
    };
    (r.param.to_string(), c)
}

fn ty_name(t: ParamType) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

struct Linter<'a> {
    out: Vec<Finding>,
    locate: Locate<'a>,
}

impl Linter<'_> {
    fn err(&mut self, function: Option<usize>, path: String, message: String) {
        self.out.push(Finding { function, path, severity: Severity::Error, message });
    }

    fn warn(&mut self, function: Option<usize>, path: String, message: String) {
        self.out.push(Finding { function, path, severity: Severity::Warning, message });
    }

    fn line(&self, function: Option<usize>, path: &str) -> usize {
        (self.locate)(function, path).1
    }
}

/// Lints a loaded panel. `lintable[i]` is false for functions that lost keys to
/// type errors: their remains would only produce follow-up noise.
pub(crate) fn lint(panel: &Panel, lintable: &[bool], folder: Option<&str>, locate: Locate<'_>) -> Vec<Finding> {
    let mut l = Linter { out: Vec::new(), locate };
    if let Some(folder) = folder
        && folder != panel.id
    {
        l.err(None, "id".into(), format!("panel id `{}` differs from its folder name `{folder}`", panel.id));
    }
    let mut features: HashMap<&str, usize> = HashMap::new();
    for (i, feat) in panel.features.iter().enumerate() {
        if let Some(first) = features.insert(&feat.name, i) {
            let line = l.line(None, &format!("features[{first}].name"));
            l.err(
                None,
                format!("features[{i}].name"),
                format!("duplicate feature `{}` (first at line {line})", feat.name),
            );
        }
    }

    let mut seen: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (fi, f) in panel.functions.iter().enumerate() {
        if let Some(first) = seen.insert((&f.name, f.module.as_deref()), fi) {
            let (file, line) = (l.locate)(Some(first), "name");
            l.err(Some(fi), "name".into(), format!("duplicate {} (first defined at {file}:{line})", label(f)));
        }
    }
    let names: BTreeSet<&str> = panel.functions.iter().map(|f| f.name.as_str()).collect();
    for (fi, f) in panel.functions.iter().enumerate() {
        if !lintable.get(fi).copied().unwrap_or(true) {
            continue;
        }
        lint_function(&mut l, fi, f, panel, &features, &names);
    }
    l.out
}

fn lint_function(
    l: &mut Linter<'_>,
    fi: usize,
    f: &Function,
    panel: &Panel,
    features: &HashMap<&str, usize>,
    names: &BTreeSet<&str>,
) {
    let fname = label(f);
    let at = Some(fi);
    for (key, target) in [
        ("elid", f.elid.as_ref().and_then(|e| e.function.as_deref())),
        ("plid", f.plid.as_ref().map(|p| p.function.as_str())),
    ] {
        if let Some(t) = target
            && !names.contains(t)
        {
            l.warn(
                at,
                format!("{key}.function"),
                format!("{fname}: `{key}.function` names `{t}`, which panel `{}` does not have", panel.id),
            );
        }
    }

    if let Some(w) = &f.works_on {
        match panel.function(&w.list) {
            None => l.warn(
                at,
                "works_on.list".into(),
                format!("{fname}: `works_on.list` names `{}`, which panel `{}` does not have", w.list, panel.id),
            ),
            Some(list) if list.kind != FunctionKind::List => l.err(
                at,
                "works_on.list".into(),
                format!(
                    "{fname}: `works_on.list` names `{}`, which is a {}, not a list",
                    w.list,
                    format!("{:?}", list.kind).to_lowercase()
                ),
            ),
            Some(_) => {}
        }
    }

    let mut params: HashMap<&str, usize> = HashMap::new();
    for (pi, p) in f.params.iter().enumerate() {
        if let Some(first) = params.insert(&p.name, pi) {
            let line = l.line(at, &format!("params[{first}].name"));
            l.err(
                at,
                format!("params[{pi}].name"),
                format!("{fname}: duplicate parameter `{}` (first at line {line})", p.name),
            );
        }
        lint_param(l, fi, pi, &fname, p, panel, features);
    }

    let mut codes: HashMap<i64, usize> = HashMap::new();
    for (ei, e) in f.errors.iter().enumerate() {
        if let Some(first) = codes.insert(e.code, ei) {
            let line = l.line(at, &format!("errors[{first}].code"));
            l.err(
                at,
                format!("errors[{ei}].code"),
                format!("{fname}: duplicate error code {} (first at line {line})", e.code),
            );
        }
    }

    let mut fields: HashMap<&str, usize> = HashMap::new();
    for (ri, field) in f.result.fields.iter().enumerate() {
        let path = format!("result.fields[{ri}]");
        if let Some(first) = fields.insert(&field.name, ri) {
            let line = l.line(at, &format!("result.fields[{first}].name"));
            l.err(
                at,
                format!("{path}.name"),
                format!("{fname}: duplicate result field `{}` (first at line {line})", field.name),
            );
        }
        if !field.values.is_empty()
            && field.ty != crate::model::FieldType::Enum
            && field.ty != crate::model::FieldType::List
        {
            l.err(
                at,
                format!("{path}.values"),
                format!(
                    "{fname}: result field `{}` has `values`, but only enum and list fields take values",
                    field.name
                ),
            );
        }
        dup_values(
            l,
            at,
            &path,
            &format!("{fname}: result field `{}`", field.name),
            field.values.iter().map(|v| v.value.as_str()),
        );
    }

    lint_rules(l, fi, f, &fname, &params);
}

fn dup_values<'a>(
    l: &mut Linter<'_>,
    at: Option<usize>,
    path: &str,
    what: &str,
    values: impl Iterator<Item = &'a str>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (vi, v) in values.enumerate() {
        if let Some(first) = seen.insert(v, vi) {
            let line = l.line(at, &format!("{path}.values[{first}].value"));
            l.err(
                at,
                format!("{path}.values[{vi}].value"),
                format!("{what}: duplicate value `{v}` (first at line {line})"),
            );
        }
    }
}

fn lint_param(
    l: &mut Linter<'_>,
    fi: usize,
    pi: usize,
    fname: &str,
    p: &Param,
    panel: &Panel,
    features: &HashMap<&str, usize>,
) {
    let at = Some(fi);
    let path = format!("params[{pi}]");
    let what = format!("{fname}: parameter `{}`", p.name);
    let ty = ty_name(p.ty);
    match p.ty {
        ParamType::Enum if p.values.is_empty() => {
            l.err(at, format!("{path}.type"), format!("{what} is an enum without `values`"));
        }
        ParamType::Enum | ParamType::List => {}
        _ if !p.values.is_empty() => {
            l.err(
                at,
                format!("{path}.values"),
                format!("{what} has `values`, but it is of type {ty}: only enum and list parameters take values"),
            );
        }
        _ => {}
    }
    dup_values(l, at, &path, &what, p.values.iter().map(|v| v.value.as_str()));
    if p.ty != ParamType::Int {
        for (key, set) in [("min", p.min.is_some()), ("max", p.max.is_some()), ("infinity", p.infinity.is_some())] {
            if set {
                l.err(
                    at,
                    format!("{path}.{key}"),
                    format!("{what} has `{key}`, but it is of type {ty}: only int parameters take it"),
                );
            }
        }
    }
    if p.ty != ParamType::List {
        for (key, set) in [("item", p.item.is_some()), ("separator", p.separator.is_some())] {
            if set {
                l.err(
                    at,
                    format!("{path}.{key}"),
                    format!("{what} has `{key}`, but it is of type {ty}: only list parameters take it"),
                );
            }
        }
    }
    if let (Some(min), Some(max)) = (p.min, p.max)
        && min > max
    {
        l.err(at, format!("{path}.min"), format!("{what}: min {min} is greater than max {max}"));
    }
    if let Some(feat) = &p.feature
        && !features.contains_key(feat.as_str())
    {
        l.err(
            at,
            format!("{path}.feature"),
            format!("{what} depends on feature `{feat}`, which panel `{}` does not declare in `features`", panel.id),
        );
    }
}

fn lint_rules(l: &mut Linter<'_>, fi: usize, f: &Function, fname: &str, params: &HashMap<&str, usize>) {
    let at = Some(fi);
    for (ri, r) in f.rules.iter().enumerate() {
        let path = format!("rules[{ri}]");
        match params.get(r.param.as_str()).map(|&i| &f.params[i]) {
            None => l.err(
                at,
                format!("{path}.param"),
                format!("{fname}: rule on `{}`: the function has no parameter `{}`", r.param, r.param),
            ),
            Some(ctl) => lint_condition(l, at, &path, fname, r, ctl),
        }
        for (key, targets) in [("enables", &r.enables), ("forbids", &r.forbids), ("readonly", &r.readonly)] {
            for (ti, t) in targets.iter().enumerate() {
                if !params.contains_key(t.as_str()) {
                    l.err(
                        at,
                        format!("{path}.{key}[{ti}]"),
                        format!("{fname}: rule on `{}` {key} `{t}`, but the function has no parameter `{t}`", r.param),
                    );
                }
            }
        }
        for (ti, t) in r.forbids.iter().enumerate() {
            if r.enables.contains(t) {
                l.err(
                    at,
                    format!("{path}.forbids[{ti}]"),
                    format!(
                        "{fname}: rule on `{}` both enables and forbids `{t}` when {}",
                        r.param,
                        when_text(&r.param, &r.when)
                    ),
                );
            }
        }
    }

    // Two rules with the same trigger: one enabling what the other forbids.
    let mut by_trigger: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (ri, r) in f.rules.iter().enumerate() {
        by_trigger.entry(trigger(r)).or_default().push(ri);
    }
    let mut groups: Vec<&Vec<usize>> = by_trigger.values().filter(|v| v.len() > 1).collect();
    groups.sort();
    for group in groups {
        for &a in group {
            for &b in group {
                if a == b {
                    continue;
                }
                let (ra, rb) = (&f.rules[a], &f.rules[b]);
                for (ti, t) in rb.forbids.iter().enumerate() {
                    if ra.enables.contains(t) {
                        let line = l.line(at, &format!("rules[{a}]"));
                        l.err(
                            at,
                            format!("rules[{b}].forbids[{ti}]"),
                            format!(
                                "{fname}: when {} this rule forbids `{t}`, but the rule at line {line} enables it",
                                when_text(&rb.param, &rb.when)
                            ),
                        );
                    }
                }
            }
        }
    }

    for p in f.params.iter().filter(|p| p.required) {
        for (ri, r) in f.rules.iter().enumerate() {
            let when = when_text(&r.param, &r.when);
            if let Some(ti) = r.forbids.iter().position(|t| *t == p.name) {
                l.err(
                    at,
                    format!("rules[{ri}].forbids[{ti}]"),
                    format!("{fname}: parameter `{}` is required, but this rule forbids it when {when}", p.name),
                );
            }
            if let Some(ti) = r.enables.iter().position(|t| *t == p.name) {
                l.err(
                    at,
                    format!("rules[{ri}].enables[{ti}]"),
                    format!(
                        "{fname}: parameter `{}` is required, but this rule enables it, so it may only be sent when {when}",
                        p.name
                    ),
                );
            }
            if let Some(ti) = r.readonly.iter().position(|t| *t == p.name) {
                l.warn(
                    at,
                    format!("rules[{ri}].readonly[{ti}]"),
                    format!(
                        "{fname}: parameter `{}` is required, but this rule makes it read-only when {when}",
                        p.name
                    ),
                );
            }
        }
    }
}

fn lint_condition(l: &mut Linter<'_>, at: Option<usize>, path: &str, fname: &str, r: &Rule, ctl: &Param) {
    let ty = ty_name(ctl.ty);
    match &r.when {
        Condition::On | Condition::Off if ctl.ty != ParamType::Flag => {
            let c = if r.when == Condition::On { "on" } else { "off" };
            l.err(
                at,
                format!("{path}.when"),
                format!(
                    "{fname}: rule on `{}`: condition `{c}` needs a flag, but `{}` is of type {ty}",
                    r.param, r.param
                ),
            );
        }
        Condition::Equals(v) => check_values(l, at, path, fname, r, ctl, std::slice::from_ref(v)),
        Condition::NotIn(vs) => check_values(l, at, path, fname, r, ctl, vs),
        _ => {}
    }
}

fn check_values(
    l: &mut Linter<'_>,
    at: Option<usize>,
    path: &str,
    fname: &str,
    r: &Rule,
    ctl: &Param,
    vs: &[CompactString],
) {
    if ctl.ty != ParamType::Enum || ctl.values.is_empty() {
        return;
    }
    for v in vs {
        if !ctl.values.iter().any(|x| x.value == *v) {
            let known: Vec<&str> = ctl.values.iter().map(|x| x.value.as_str()).collect();
            l.err(
                at,
                format!("{path}.when"),
                format!(
                    "{fname}: rule on `{}`: `{v}` is not a value of `{}` (values: {})",
                    r.param,
                    r.param,
                    known.join(", ")
                ),
            );
        }
    }
}

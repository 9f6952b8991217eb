//! `panelkit functions` and `panelkit describe`: the spec as a person reads it.

use std::fmt::Write as _;

use panelkit_spec::{Condition, Function, Panel, Param, ParamType, Text};

fn text(t: &Text) -> Option<&str> {
    t.en.as_deref().or(t.ru.as_deref()).filter(|s| !s.is_empty())
}

fn kind(f: &Function) -> String {
    format!("{:?}", f.kind).to_lowercase()
}

/// One line per function whose name contains `pattern`.
pub fn functions(panel: &Panel, pattern: Option<&str>) -> String {
    let mut s = String::new();
    for f in panel.functions.iter().filter(|f| pattern.is_none_or(|p| f.name.contains(p))) {
        let _ = writeln!(s, "{:<40} {:<8} {}", f.name, kind(f), text(&f.title).unwrap_or(""));
    }
    s
}

fn ty(p: &Param) -> String {
    let base = format!("{:?}", p.ty).to_lowercase();
    match p.ty {
        ParamType::List => {
            let item = p.item.map(|i| format!("{i:?}").to_lowercase()).unwrap_or_else(|| "text".into());
            format!("list of {item} (separated by {:?})", p.separator.as_deref().unwrap_or(" "))
        }
        _ => base,
    }
}

fn cond(c: &Condition) -> String {
    match c {
        Condition::On => "is on".into(),
        Condition::Off => "is off".into(),
        Condition::Equals(v) => format!("= {v}"),
        Condition::NotIn(vs) => format!("is none of {}", vs.join(", ")),
        Condition::Empty => "is empty".into(),
        Condition::NotEmpty => "is not empty".into(),
    }
}

/// Everything the spec says about one function (what `mgrctl -i FUNC` would, offline).
pub fn describe(panel: &Panel, f: &Function) -> String {
    let mut s = format!("{} ({}) — {}\n", f.name, panel.id, kind(f));
    if let Some(t) = text(&f.title) {
        let _ = writeln!(s, "  {t}");
    }
    if let Some(d) = text(&f.description) {
        let _ = writeln!(s, "  {d}");
    }
    if !f.typed {
        s.push_str("  untyped: the spec does not list its parameters; any name is accepted\n");
    }
    if f.inferred {
        s.push_str("  partly inferred (not confirmed by the panel's documentation)\n");
    }
    if !f.levels.is_empty() {
        let _ = writeln!(
            s,
            "  levels: {}",
            f.levels.iter().map(|l| format!("{l:?}").to_lowercase()).collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(p) = &f.plid {
        let _ = writeln!(s, "  plid: required, the `{}` of `{}`", p.field, p.function);
    }
    if let Some(e) = &f.elid {
        let what = match (&e.function, &e.field) {
            (Some(func), Some(field)) => format!(", the `{field}` of `{func}`"),
            (Some(func), None) => format!(", an id of `{func}`"),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  elid: {}{}{what}",
            if e.required { "required" } else { "optional (edits instead of creating)" },
            if e.multiple { ", several joined by \", \"" } else { "" }
        );
    }
    if let Some(w) = &f.works_on {
        let op = format!("{:?}", w.op).to_lowercase();
        let _ = write!(s, "  works on: the records of `{}` ({op})", w.list);
        if let Some(prefix) = &w.strip_prefix {
            let _ = write!(s, "; `{prefix}NAME` is their `NAME`");
        }
        s.push('\n');
    }
    if !f.params.is_empty() {
        s.push_str("  parameters:\n");
    }
    // One column for every name, however long (`site_php_lsapi_version`).
    let width = f.params.iter().map(|p| p.name.chars().count()).max().unwrap_or(0).max(20);
    let value_width =
        f.params.iter().flat_map(|p| &p.values).map(|v| v.value.chars().count()).max().unwrap_or(0).max(16);
    for p in &f.params {
        let _ = write!(s, "    {:<width$} {}", p.name, ty(p));
        if p.required {
            s.push_str(", required");
        }
        if p.min.is_some() || p.max.is_some() {
            let b = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            let _ = write!(s, ", {}..{}", b(p.min), b(p.max));
        }
        if let Some(i) = p.infinity {
            let _ = write!(s, ", {i} = unlimited");
        }
        if let Some(d) = &p.default {
            let _ = write!(s, ", default {d}");
        }
        if let Some(feat) = &p.feature {
            let _ = write!(s, ", needs feature `{feat}`");
        }
        if p.readonly {
            s.push_str(", read-only");
        }
        if p.inferred {
            s.push_str(", inferred");
        }
        if let Some(l) = text(&p.label) {
            let _ = write!(s, " — {l}");
        }
        s.push('\n');
        for v in &p.values {
            let line = format!("        {:<value_width$} {}", v.value, text(&v.label).unwrap_or(""));
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
    if !f.rules.is_empty() {
        s.push_str("  rules:\n");
    }
    for r in &f.rules {
        let mut parts = Vec::new();
        for (verb, list) in [("enables", &r.enables), ("forbids", &r.forbids), ("makes read-only", &r.readonly)] {
            if !list.is_empty() {
                parts.push(format!("{verb} {}", list.join(", ")));
            }
        }
        let _ = writeln!(s, "    when {} {}: {}", r.param, cond(&r.when), parts.join("; "));
    }
    let result = format!("{:?}", f.result.kind).to_lowercase();
    let _ = write!(s, "  reply: {result}");
    if let Some(k) = &f.result.key {
        let _ = write!(s, ", key `{k}`");
    }
    s.push('\n');
    for fl in &f.result.fields {
        let _ = writeln!(s, "    {:<20} {}", fl.name, format!("{:?}", fl.ty).to_lowercase());
    }
    for e in &f.errors {
        let _ = writeln!(s, "  error {} {}: {}", e.code, e.name, text(&e.message).unwrap_or(""));
    }
    s
}

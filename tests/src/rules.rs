//! Drives every dependency rule of a panel's tables into a violation and checks that
//! `validate()` refuses it naming that rule. Used by the generated all-functions tests.

use panelkit_runtime::validate::{RuleDisplay, holds};
use panelkit_runtime::{Cond, FuncInfo, Params, Problem, RuleInfo, ValueKind, validate};

/// A wire value the validator accepts for `kind`.
pub fn sample(kind: &ValueKind) -> String {
    match *kind {
        ValueKind::Int { min, max, .. } => {
            1i64.clamp(min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX).max(min.unwrap_or(i64::MIN))).to_string()
        }
        ValueKind::Float => "1.5".into(),
        ValueKind::Flag => "on".into(),
        ValueKind::Enum(vs) => vs.first().copied().unwrap_or("x").into(),
        ValueKind::List { item, .. } => sample(item),
        ValueKind::Ipv4 | ValueKind::Ip => "192.0.2.1".into(),
        ValueKind::Ipv6 => "2001:db8::1".into(),
        ValueKind::Domain => "example.com".into(),
        ValueKind::Email => "admin@example.com".into(),
        ValueKind::Url => "https://example.com/".into(),
        ValueKind::Date => "2026-01-01".into(),
        ValueKind::Datetime => "2026-01-01 00:00:00".into(),
        ValueKind::Text | ValueKind::Password | ValueKind::Path => "x".into(),
    }
}

fn kind_of(info: &FuncInfo, name: &str) -> ValueKind {
    info.param(name).map(|p| p.kind).unwrap_or(ValueKind::Text)
}

/// Sets the controlling parameter so that `r` holds (`true`) or does not (`false`).
fn control(info: &FuncInfo, r: &RuleInfo, hold: bool, p: &mut Params) {
    let kind = kind_of(info, r.param);
    let other = |avoid: &[&str]| -> Option<String> {
        match kind {
            ValueKind::Enum(vs) => vs.iter().find(|v| !avoid.contains(v)).map(|v| (*v).to_owned()),
            _ => Some("zz-other".to_owned()),
        }
    };
    let value = match (r.when, hold) {
        (Cond::On, true) | (Cond::Off, false) => Some("on".to_owned()),
        (Cond::On, false) | (Cond::Off, true) => None,
        (Cond::Equals(v), true) => Some(v.to_owned()),
        (Cond::Equals(v), false) => other(&[v]),
        (Cond::NotIn(vs), true) => other(vs),
        (Cond::NotIn(vs), false) => vs.first().map(|v| (*v).to_owned()),
        (Cond::Empty, true) | (Cond::NotEmpty, false) => None,
        (Cond::Empty, false) | (Cond::NotEmpty, true) => Some(sample(&kind)),
    };
    if let Some(v) = value {
        p.set(r.param, v);
    }
}

/// Every rule of `funcs` violated once per target: returns what was not refused as expected,
/// and how many violations were checked.
pub fn violations_not_refused(funcs: &[&'static FuncInfo]) -> (Vec<String>, usize) {
    let mut fails = Vec::new();
    let mut checked = 0;
    for info in funcs.iter().copied() {
        for r in info.rules {
            let named = RuleDisplay(r).to_string();
            let cases = r
                .forbids
                .iter()
                .map(|t| (t, "forbids"))
                .chain(r.readonly.iter().map(|t| (t, "read-only")))
                .chain(r.enables.iter().map(|t| (t, "enables")));
            for (&t, how) in cases {
                if t == r.param {
                    continue;
                }
                let mut p = Params::new();
                control(info, r, how != "enables", &mut p);
                p.set(t, sample(&kind_of(info, t)));
                if how == "enables" && info.rules.iter().filter(|x| x.enables.contains(&t)).any(|x| holds(x, &p)) {
                    continue; // another rule enables `t` in this request: nothing to refuse
                }
                checked += 1;
                let err = match validate(info, &p, None) {
                    Ok(()) => {
                        fails.push(format!("{}: `{named}` ({how} `{t}`) was not refused", info.name));
                        continue;
                    }
                    Err(e) => e,
                };
                let hit = err.list.iter().any(|v| {
                    v.param == t
                        && match (&v.problem, how) {
                            (Problem::Forbidden(x), "forbids") | (Problem::ReadOnly(x), "read-only") => x == r,
                            (Problem::NotEnabled(xs), "enables") => xs.contains(r),
                            _ => false,
                        }
                });
                if !hit || !err.to_string().contains(&named) {
                    fails
                        .push(format!("{}: `{named}` ({how} `{t}`) refused without naming the rule: {err}", info.name));
                }
            }
        }
    }
    (fails, checked)
}

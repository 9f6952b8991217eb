//! The one validator: encoded parameters checked against a function's static table.
//!
//! Non-generic on purpose: generated code only supplies tables, so every
//! binding shares this code instead of compiling its own checks. The fake panel
//! calls the same function on the requests it receives.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::params::{Entry, Params};
use crate::table::{Cond, FuncInfo, ParamInfo, RuleInfo, ValueKind};

/// Parameters every ISPsystem / BrainyCP request may carry that no function table lists.
pub const PROTOCOL_PARAMS: &[&str] = &[
    "func",
    "out",
    "auth",
    "authinfo",
    "su",
    "lang",
    "sok",
    "elid",
    "plid",
    "sfrom",
    "clicked_button",
    "progressid",
    "operafake",
    "sv_field",
    "checkcookie",
    "language",
    "panel_user",
    "username",
    "password",
    "subdo",
    "module",
    // What web UIs and public clients send besides a form's fields (PANEL-FACTS: panels
    // ignore them): the element's display name beside `elid`, list paging and filtering,
    // the UI theme, click statistics.
    "elname",
    "p_num",
    "p_cnt",
    "filter",
    "theme",
    "clickstat",
];

/// What is wrong with one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required parameter is missing or empty.
    Missing,
    /// The value does not fit the parameter's type.
    Invalid {
        /// The value as sent (`***` for secrets).
        value: String,
        /// Why it does not fit.
        reason: String,
    },
    /// The function takes no parameter of this name.
    Unknown,
    /// A rule that holds forbids the parameter.
    Forbidden(RuleInfo),
    /// The parameter is only allowed while one of these rules holds, and none does.
    NotEnabled(Vec<RuleInfo>),
    /// A rule that holds makes the parameter read-only.
    ReadOnly(RuleInfo),
    /// The parameter depends on a panel feature the server lacks.
    NeedsFeature(&'static str),
}

/// One violation: a parameter and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Wire name of the parameter.
    pub param: String,
    /// The problem.
    pub problem: Problem,
}

/// Every violation of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations {
    /// The function checked.
    pub func: &'static str,
    /// The violations, in parameter order.
    pub list: Vec<Violation>,
}

impl std::error::Error for Violations {}

/// Writes a rule the way a user reads it: `sdtype = A forbids prio, wght, port`.
pub struct RuleDisplay<'a>(pub &'a RuleInfo);

impl fmt::Display for RuleDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.0;
        match r.when {
            Cond::On => write!(f, "{} = on", r.param)?,
            Cond::Off => write!(f, "{} = off", r.param)?,
            Cond::Equals(v) => write!(f, "{} = {v}", r.param)?,
            Cond::NotIn(vs) => write!(f, "{} not in [{}]", r.param, vs.join(", "))?,
            Cond::Empty => write!(f, "{} empty", r.param)?,
            Cond::NotEmpty => write!(f, "{} not empty", r.param)?,
        }
        let mut sep = " ";
        for (verb, list) in [("enables", r.enables), ("forbids", r.forbids), ("makes read-only", r.readonly)] {
            if !list.is_empty() {
                write!(f, "{sep}{verb} {}", list.join(", "))?;
                sep = ", ";
            }
        }
        Ok(())
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.param;
        match &self.problem {
            Problem::Missing => write!(f, "`{p}` is required"),
            Problem::Invalid { value, reason } => write!(f, "`{p}` = `{value}` is invalid: {reason}"),
            Problem::Unknown => write!(f, "`{p}` is not a parameter of this function"),
            Problem::Forbidden(r) => write!(f, "`{p}` is forbidden by rule `{}`", RuleDisplay(r)),
            Problem::NotEnabled(rs) => {
                write!(f, "`{p}` is only allowed when ")?;
                for (i, r) in rs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "rule `{}` holds", RuleDisplay(r))?;
                }
                Ok(())
            }
            Problem::ReadOnly(r) => write!(f, "`{p}` is read-only by rule `{}`", RuleDisplay(r)),
            Problem::NeedsFeature(feat) => write!(f, "`{p}` needs panel feature `{feat}`, which the server lacks"),
        }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}` request: ", self.func)?;
        for (i, v) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// Checks `params` against `info`. `features`, when given, tells whether the
/// server has a panel feature; without it feature dependencies are not checked.
pub fn validate(
    info: &'static FuncInfo,
    params: &Params,
    features: Option<&dyn Fn(&str) -> bool>,
) -> Result<(), Violations> {
    let mut list = Vec::new();
    let mut add = |param: &str, problem: Problem| list.push(Violation { param: param.to_owned(), problem });

    if let Some(elid) = info.elid {
        match params.get("elid") {
            None | Some("") if elid.required => add("elid", Problem::Missing),
            Some(v) if !elid.multiple && v.contains(", ") => {
                add("elid", Problem::Invalid { value: v.to_owned(), reason: "this function takes a single id".into() })
            }
            _ => {}
        }
    }
    if info.plid && params.get("plid").is_none_or(str::is_empty) {
        add("plid", Problem::Missing);
    }
    for p in info.params {
        if p.required && params.get(p.name).is_none_or(str::is_empty) {
            add(p.name, Problem::Missing);
        }
    }
    for e in params.entries() {
        // A function's own table wins: BrainyCP lists `language` and `panel_user` as parameters.
        let Some(p) = info.param(&e.name) else {
            if info.typed && !e.unchecked && !PROTOCOL_PARAMS.contains(&e.name.as_ref()) {
                add(&e.name, Problem::Unknown);
            }
            continue;
        };
        // An empty value is a blank form field: not sent (required ones are reported above).
        if e.value.expose().is_empty() {
            continue;
        }
        if let Err(reason) = check_value(&p.kind, e.value.expose()) {
            add(p.name, Problem::Invalid { value: shown(e), reason });
        }
        if let (Some(feat), Some(has)) = (p.feature, features)
            && is_set(p, e)
            && !has(feat)
        {
            add(p.name, Problem::NeedsFeature(feat));
        }
    }
    check_rules(info, params, &mut add);
    if info.typed && crate::record::RECORD_FUNCS.contains(&info.name) && info.param("rtype").is_some() {
        for v in crate::record::check_record(params) {
            if !list.contains(&v) {
                list.push(v);
            }
        }
    }

    if list.is_empty() { Ok(()) } else { Err(Violations { func: info.name, list }) }
}

fn shown(e: &Entry) -> String {
    if e.value.is_secret() { "***".to_owned() } else { e.value.expose().to_owned() }
}

/// A parameter counts as sent when it has a value; a flag only when it is not `off`.
fn is_set(p: &ParamInfo, e: &Entry) -> bool {
    let v = e.value.expose();
    !v.is_empty() && (!matches!(p.kind, ValueKind::Flag) || v != "off")
}

fn sent(info: &FuncInfo, params: &Params, name: &str) -> bool {
    let Some(e) = params.entries().iter().find(|e| e.name == name) else { return false };
    match info.param(name) {
        Some(p) => is_set(p, e),
        None => !e.value.expose().is_empty(),
    }
}

/// The controlling parameter of an enabling rule may itself be forbidden while
/// the enabled parameter is set (ISPmanager 4 `domain.edit`: `owner = root`
/// enables `reversezone`, and `reversezone = on` hides `owner`). A hidden field
/// keeps the value that showed the enabled one, so such an enabler counts as
/// holding when its parameter is absent and a holding rule forbids it.
fn hidden_by_holding_rule(info: &FuncInfo, params: &Params, controlling: &str) -> bool {
    params.get(controlling).is_none() && info.rules.iter().any(|r| r.forbids.contains(&controlling) && holds(r, params))
}

/// Whether a rule's condition holds for the request.
pub fn holds(rule: &RuleInfo, params: &Params) -> bool {
    let v = params.get(rule.param);
    match rule.when {
        Cond::On => v == Some("on"),
        Cond::Off => v != Some("on"),
        Cond::Equals(x) => v == Some(x),
        Cond::NotIn(xs) => !v.is_some_and(|v| xs.contains(&v)),
        Cond::Empty => v.is_none_or(str::is_empty),
        Cond::NotEmpty => v.is_some_and(|v| !v.is_empty()),
    }
}

fn check_rules(info: &FuncInfo, params: &Params, add: &mut impl FnMut(&str, Problem)) {
    // Parameters in any `enables` list need one enabling rule that holds.
    let mut seen: Vec<&str> = Vec::new();
    for r in info.rules {
        for &t in r.enables {
            if seen.contains(&t) || !sent(info, params, t) {
                continue;
            }
            seen.push(t);
            let enablers: Vec<RuleInfo> = info.rules.iter().filter(|r| r.enables.contains(&t)).copied().collect();
            if !enablers.iter().any(|r| holds(r, params) || hidden_by_holding_rule(info, params, r.param)) {
                add(t, Problem::NotEnabled(enablers));
            }
        }
    }
    for r in info.rules.iter().filter(|r| holds(r, params)) {
        for &t in r.forbids {
            if sent(info, params, t) {
                add(t, Problem::Forbidden(*r));
            }
        }
        for &t in r.readonly {
            if sent(info, params, t) {
                add(t, Problem::ReadOnly(*r));
            }
        }
    }
}

/// Checks one wire value against a value kind; the error says why it does not fit.
pub fn check_value(kind: &ValueKind, v: &str) -> Result<(), String> {
    match *kind {
        ValueKind::Text | ValueKind::Password | ValueKind::Path | ValueKind::Datetime => Ok(()),
        ValueKind::Int { min, max, infinity } => {
            let n: i64 = v.trim().parse().map_err(|_| "not an integer".to_owned())?;
            if Some(n) == infinity {
                return Ok(());
            }
            if let Some(min) = min.filter(|&m| n < m) {
                return Err(format!("below the minimum {min}"));
            }
            if let Some(max) = max.filter(|&m| n > m) {
                return Err(format!("above the maximum {max}"));
            }
            Ok(())
        }
        ValueKind::Float => v.trim().parse::<f64>().map(|_| ()).map_err(|_| "not a number".to_owned()),
        ValueKind::Flag => match v {
            "on" | "off" => Ok(()),
            _ => Err("expected `on` or `off`".to_owned()),
        },
        ValueKind::Enum(values) => {
            if values.contains(&v) {
                Ok(())
            } else {
                Err(format!("expected one of: {}", values.join(", ")))
            }
        }
        ValueKind::List { item, separator } => {
            for part in v.split(separator).filter(|s| !s.is_empty()) {
                check_value(item, part).map_err(|e| format!("item `{part}`: {e}"))?;
            }
            Ok(())
        }
        ValueKind::Ipv4 => v.parse::<Ipv4Addr>().map(|_| ()).map_err(|_| "not an IPv4 address".to_owned()),
        ValueKind::Ipv6 => v.parse::<Ipv6Addr>().map(|_| ()).map_err(|_| "not an IPv6 address".to_owned()),
        ValueKind::Ip => v.parse::<IpAddr>().map(|_| ()).map_err(|_| "not an IP address".to_owned()),
        ValueKind::Domain => check_domain(v),
        ValueKind::Email => match v.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !local.contains(char::is_whitespace) => {
                check_domain(domain).map_err(|e| format!("domain part: {e}"))
            }
            _ => Err("not an e-mail address".to_owned()),
        },
        ValueKind::Url => {
            if v.contains("://") && !v.contains(char::is_whitespace) {
                Ok(())
            } else {
                Err("not a URL".to_owned())
            }
        }
        ValueKind::Date => {
            let b = v.as_bytes();
            let ok = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if ok { Ok(()) } else { Err("not a date (YYYY-MM-DD)".to_owned()) }
        }
    }
}

fn check_domain(v: &str) -> Result<(), String> {
    crate::domain::check(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ElidInfo, FuncKind};

    static SDTYPE: ValueKind = ValueKind::Enum(&["A", "MX", "SRV"]);
    static RECORD: FuncInfo = FuncInfo {
        name: "domain.sublist.edit",
        module: None,
        kind: FuncKind::Form,
        typed: true,
        elid: Some(ElidInfo { required: false, multiple: false }),
        plid: true,
        params: &[
            ParamInfo { name: "name", kind: ValueKind::Text, required: true, feature: None },
            ParamInfo { name: "sdtype", kind: SDTYPE, required: false, feature: None },
            ParamInfo {
                name: "prio",
                kind: ValueKind::Int { min: Some(0), max: Some(65535), infinity: None },
                required: false,
                feature: None,
            },
            ParamInfo {
                name: "port",
                kind: ValueKind::Int { min: None, max: None, infinity: None },
                required: false,
                feature: None,
            },
            ParamInfo { name: "ip6", kind: ValueKind::Ipv6, required: false, feature: Some("ipv6") },
        ],
        rules: &[
            RuleInfo {
                param: "sdtype",
                when: Cond::Equals("MX"),
                enables: &["prio"],
                forbids: &["port"],
                readonly: &[],
            },
            RuleInfo {
                param: "sdtype",
                when: Cond::Equals("SRV"),
                enables: &["prio", "port"],
                forbids: &[],
                readonly: &[],
            },
            RuleInfo {
                param: "sdtype",
                when: Cond::Equals("A"),
                enables: &[],
                forbids: &["prio", "port"],
                readonly: &[],
            },
        ],
    };

    fn params(kv: &[(&'static str, &str)]) -> Params {
        let mut p = Params::new();
        for (k, v) in kv {
            p.set(*k, *v);
        }
        p
    }

    #[test]
    fn valid_mx_passes() {
        let p = params(&[("plid", "example.com"), ("name", "www"), ("sdtype", "MX"), ("prio", "10")]);
        assert_eq!(validate(&RECORD, &p, None), Ok(()));
    }

    #[test]
    fn every_violation_is_reported_with_its_rule() {
        let p = params(&[("name", ""), ("sdtype", "A"), ("prio", "70000"), ("bogus", "1")]);
        let err = validate(&RECORD, &p, None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`plid` is required"), "{text}");
        assert!(text.contains("`name` is required"), "{text}");
        assert!(text.contains("`prio` = `70000` is invalid: above the maximum 65535"), "{text}");
        assert!(text.contains("`bogus` is not a parameter"), "{text}");
        assert!(text.contains("`prio` is forbidden by rule `sdtype = A forbids prio, port`"), "{text}");
        assert!(text.contains("`prio` is only allowed when rule `sdtype = MX enables prio, forbids port` holds or rule `sdtype = SRV enables prio, port` holds"), "{text}");
        assert_eq!(err.list.len(), 6, "{text}");
    }

    #[test]
    fn features_are_checked_only_when_known() {
        let p = params(&[("plid", "z"), ("name", "n"), ("ip6", "::1")]);
        assert_eq!(validate(&RECORD, &p, None), Ok(()));
        let err = validate(&RECORD, &p, Some(&|f: &str| f != "ipv6")).unwrap_err();
        assert_eq!(err.list, vec![Violation { param: "ip6".into(), problem: Problem::NeedsFeature("ipv6") }]);
    }

    #[test]
    fn unchecked_parameters_pass_unknown_name_check() {
        let mut p = params(&[("plid", "z"), ("name", "n")]);
        p.set_unchecked("newer_panel_param", crate::params::Value::Plain("x".into()));
        assert_eq!(validate(&RECORD, &p, None), Ok(()));
    }

    static DOMAIN: FuncInfo = FuncInfo {
        name: "domain.edit",
        module: None,
        kind: FuncKind::Form,
        typed: true,
        elid: None,
        plid: false,
        params: &[
            ParamInfo { name: "owner", kind: ValueKind::Text, required: false, feature: None },
            ParamInfo { name: "reversezone", kind: ValueKind::Flag, required: false, feature: None },
            ParamInfo { name: "subnetwork", kind: ValueKind::Text, required: false, feature: None },
            ParamInfo { name: "language", kind: ValueKind::Enum(&["en", "ru"]), required: false, feature: None },
        ],
        rules: &[
            RuleInfo {
                param: "owner",
                when: Cond::Equals("root"),
                enables: &["reversezone"],
                forbids: &[],
                readonly: &[],
            },
            RuleInfo {
                param: "reversezone",
                when: Cond::On,
                enables: &["subnetwork"],
                forbids: &["owner"],
                readonly: &[],
            },
        ],
    };

    #[test]
    fn a_hidden_controlling_parameter_keeps_its_enabler() {
        let p = params(&[("reversezone", "on"), ("subnetwork", "192.0.2.0/24")]);
        assert_eq!(validate(&DOMAIN, &p, None), Ok(()));
        let p = params(&[("reversezone", "on"), ("owner", "root")]);
        let err = validate(&DOMAIN, &p, None).unwrap_err();
        assert_eq!(err.list.len(), 1, "{err}");
        assert_eq!(err.list[0].param, "owner");
        let p = params(&[("owner", "bob"), ("reversezone", "on")]);
        let err = validate(&DOMAIN, &p, None).unwrap_err();
        assert!(err.to_string().contains("`owner` is forbidden"), "{err}");
    }

    #[test]
    fn protocol_names_a_function_lists_are_checked() {
        let p = params(&[("language", "de")]);
        let err = validate(&DOMAIN, &p, None).unwrap_err();
        assert!(err.to_string().contains("`language` = `de` is invalid"), "{err}");
        let p = params(&[("lang", "de"), ("sok", "ok")]);
        assert_eq!(validate(&DOMAIN, &p, None), Ok(()));
    }

    #[test]
    fn values_by_kind() {
        assert!(check_value(&ValueKind::Ipv4, "192.0.2.1").is_ok());
        assert!(check_value(&ValueKind::Ipv4, "::1").is_err());
        assert!(check_value(&ValueKind::Domain, "ns1.example.com.").is_ok());
        assert!(check_value(&ValueKind::Domain, "bad domain").is_err());
        assert!(check_value(&ValueKind::Email, "a@example.com").is_ok());
        assert!(check_value(&ValueKind::Email, "example.com").is_err());
        let inf = ValueKind::Int { min: Some(0), max: Some(100), infinity: Some(10000) };
        assert!(check_value(&inf, "10000").is_ok());
        assert!(check_value(&inf, "101").is_err());
        static IP: ValueKind = ValueKind::Ipv4;
        let list = ValueKind::List { item: &IP, separator: " " };
        assert!(check_value(&list, "192.0.2.1 192.0.2.2").is_ok());
        assert_eq!(check_value(&list, "192.0.2.1 x").unwrap_err(), "item `x`: not an IPv4 address");
        assert!(check_value(&ValueKind::Date, "2026-11-24").is_ok());
        assert!(check_value(&ValueKind::Date, "24.11.2026").is_err());
    }
}

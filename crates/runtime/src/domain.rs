//! Internationalized domain names: `domain`-typed values accept Unicode and go on the
//! wire as punycode (IDNA / UTS 46), the form panels store and compare.
//!
//! Label and name lengths are limits of the DNS, so they are counted on the punycode
//! form: `пример.рф` is `xn--e1afmkfd.xn--p1ai`. Replies are not touched: list
//! replies keep whatever form the panel sent (ISPmanager 6 sends punycode and marks
//! the column `$convert="punycode"`), and [`to_unicode`] is there for display.

use std::borrow::Cow;

use crate::params::Params;
use crate::table::{FuncInfo, ValueKind};

/// Longest domain name without the trailing dot (RFC 1035: 255 octets on the wire).
const MAX_NAME: usize = 253;
/// Longest label.
const MAX_LABEL: usize = 63;

/// The wire (ASCII) form of a domain name: ASCII input unchanged, Unicode labels as punycode.
/// A trailing dot is kept.
pub fn to_ascii(name: &str) -> Result<Cow<'_, str>, String> {
    if name.is_ascii() {
        return Ok(Cow::Borrowed(name));
    }
    let (body, dot) = match name.strip_suffix('.') {
        Some(b) => (b, "."),
        None => (name, ""),
    };
    let ascii =
        idna::domain_to_ascii(body).map_err(|_| format!("`{name}` is not a valid internationalized domain name"))?;
    Ok(Cow::Owned(format!("{ascii}{dot}")))
}

/// The display (Unicode) form of a domain name; names that do not decode are returned as given.
pub fn to_unicode(name: &str) -> String {
    let (unicode, result) = idna::domain_to_unicode(name);
    if result.is_ok() { unicode } else { name.to_owned() }
}

/// Two spellings of one domain name (`пример.рф`, `XN--E1AFMKFD.xn--p1ai.`) compare equal.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| to_ascii(s).map(|c| c.trim_end_matches('.').to_ascii_lowercase()).ok();
    match (norm(a), norm(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Checks a domain name; lengths are counted on its punycode form.
pub fn check(name: &str) -> Result<(), String> {
    let ascii = to_ascii(name)?;
    let body = ascii.strip_suffix('.').unwrap_or(&ascii);
    if body.is_empty() {
        return Err("not a domain name".to_owned());
    }
    if body.len() > MAX_NAME {
        return Err(format!("longer than {MAX_NAME} characters (punycode form)"));
    }
    for label in body.split('.') {
        if label.is_empty() || label.len() > MAX_LABEL {
            return Err(format!("label `{label}` must have 1 to {MAX_LABEL} characters (punycode form)"));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*') {
            return Err(format!("bad label `{label}` in domain name"));
        }
    }
    Ok(())
}

/// Rewrites the `domain`-typed parameters of an encoded request (also list items of
/// domains and the domain part of e-mail addresses) to punycode. Values that do not
/// convert are left as they are, for `validate()` to report.
pub fn encode_idn(info: &FuncInfo, params: &mut Params) {
    let mut changed: Vec<(&'static str, String)> = Vec::new();
    for p in info.params {
        let Some(v) = params.get(p.name) else { continue };
        if v.is_ascii() {
            continue;
        }
        let wire = match p.kind {
            ValueKind::Domain => to_ascii(v).ok().map(Cow::into_owned),
            ValueKind::Email => {
                v.rsplit_once('@').and_then(|(local, d)| Some(format!("{local}@{}", to_ascii(d).ok()?)))
            }
            ValueKind::List { item: ValueKind::Domain, separator } => v
                .split(separator)
                .map(|d| to_ascii(d).map(Cow::into_owned))
                .collect::<Result<Vec<_>, _>>()
                .ok()
                .map(|ds| ds.join(separator)),
            _ => None,
        };
        if let Some(w) = wire {
            changed.push((p.name, w));
        }
    }
    for (name, v) in changed {
        let secret = params.entries().iter().any(|e| e.name == name && e.value.is_secret());
        if !secret {
            params.set(name, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{FuncKind, ParamInfo};

    #[test]
    fn unicode_names_go_out_as_punycode() {
        assert_eq!(to_ascii("пример.рф").unwrap(), "xn--e1afmkfd.xn--p1ai");
        assert_eq!(to_ascii("пример.рф.").unwrap(), "xn--e1afmkfd.xn--p1ai.");
        assert_eq!(to_ascii("_acme-challenge.Example.org.").unwrap(), "_acme-challenge.Example.org.");
        assert_eq!(to_unicode("xn--e1afmkfd.xn--p1ai"), "пример.рф");
        assert!(same_name("пример.рф", "XN--E1AFMKFD.xn--p1ai."));
        assert!(!same_name("пример.рф", "example.org"));
    }

    #[test]
    fn label_lengths_count_the_punycode_form() {
        // 60 Cyrillic letters fit 63 characters, their punycode label does not.
        let long = "пример".repeat(10);
        assert!(long.chars().count() <= MAX_LABEL);
        let err = check(&format!("{long}.рф")).unwrap_err();
        assert!(err.contains("punycode"), "{err}");
        assert!(check("пример.рф").is_ok());
        assert!(check(&format!("{}.org", "a".repeat(64))).is_err());
        assert!(check("bad domain").is_err());
        assert!(check("").is_err());
    }

    static INFO: FuncInfo = FuncInfo {
        name: "webdomain.edit",
        module: None,
        kind: FuncKind::Form,
        typed: true,
        elid: None,
        plid: false,
        params: &[
            ParamInfo { name: "name", kind: ValueKind::Domain, required: false, feature: None },
            ParamInfo { name: "email", kind: ValueKind::Email, required: false, feature: None },
            ParamInfo {
                name: "aliases",
                kind: ValueKind::List { item: &ValueKind::Domain, separator: " " },
                required: false,
                feature: None,
            },
            ParamInfo { name: "note", kind: ValueKind::Text, required: false, feature: None },
        ],
        rules: &[],
    };

    #[test]
    fn only_domain_typed_values_are_rewritten() {
        let mut p = Params::new();
        p.set("name", "пример.рф");
        p.set("email", "admin@пример.рф");
        p.set("aliases", "www.пример.рф example.org");
        p.set("note", "пример.рф");
        encode_idn(&INFO, &mut p);
        assert_eq!(p.get("name"), Some("xn--e1afmkfd.xn--p1ai"));
        assert_eq!(p.get("email"), Some("admin@xn--e1afmkfd.xn--p1ai"));
        assert_eq!(p.get("aliases"), Some("www.xn--e1afmkfd.xn--p1ai example.org"));
        assert_eq!(p.get("note"), Some("пример.рф"));
    }
}

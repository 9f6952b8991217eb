//! DNS records of ISPmanager 5/6 and DNSmanager (`domain.record*`): the record id
//! (`rkey`) and the per-type value rules the spec model cannot state.
//!
//! A record's id is `"<fqdn>. <TYPE>  <value>"`: the absolute name, the type in upper
//! case, then two spaces (`_acme-challenge.example.org. TXT  token`). Every DNS client
//! rebuilds it by hand to delete what it created; [`RecordKey`] builds it once.
//!
//! `A` and `AAAA` share one wire field `ip`, and a type's value field is required only
//! for that type: the spec's rules can enable fields per type but cannot narrow a
//! field's type or require it per type, so [`check_record`] (run by `validate()` for
//! [`RECORD_FUNCS`]) holds those rules until the model can.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::domain;
use crate::params::Params;
use crate::validate::{Problem, Violation};

/// Functions whose `rtype` decides the record's value fields.
pub const RECORD_FUNCS: &[&str] = &["domain.record.edit"];

/// The id of one DNS record, as `domain.record` lists it in `rkey`.
///
/// ```
/// use panelkit_runtime::RecordKey;
/// let key = RecordKey::new("_acme-challenge", "txt", "token").in_zone("example.org");
/// assert_eq!(key.to_string(), "_acme-challenge.example.org. TXT  token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKey {
    name: String,
    rtype: String,
    value: String,
    priority: Option<i64>,
    zone: Option<String>,
}

impl RecordKey {
    /// A record's id from its name (absolute with a trailing dot, or relative to the zone
    /// given with [`RecordKey::in_zone`]), type (any case) and value.
    pub fn new(name: impl Into<String>, rtype: impl Into<String>, value: impl Into<String>) -> Self {
        RecordKey { name: name.into(), rtype: rtype.into(), value: value.into(), priority: None, zone: None }
    }

    /// Resolves a relative name (`www`, `@`, empty) against the zone.
    pub fn in_zone(mut self, zone: impl Into<String>) -> Self {
        self.zone = Some(zone.into());
        self
    }

    /// MX and SRV ids carry the priority before the value (`example.org. MX  10 mx.example.org.`).
    pub fn priority(mut self, p: i64) -> Self {
        self.priority = Some(p);
        self
    }

    /// The absolute name with its trailing dot, in punycode.
    pub fn fqdn(&self) -> String {
        let ascii = |s: &str| domain::to_ascii(s).map(|c| c.into_owned()).unwrap_or_else(|_| s.to_owned());
        let name = ascii(&self.name);
        if name.ends_with('.') {
            return name;
        }
        match self.zone.as_deref().map(|z| ascii(z.trim_end_matches('.'))) {
            Some(zone) if name.is_empty() || name == "@" => format!("{zone}."),
            Some(zone) if name == zone || name.ends_with(&format!(".{zone}")) => format!("{name}."),
            Some(zone) => format!("{name}.{zone}."),
            None => format!("{name}."),
        }
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}  ", self.fqdn(), self.rtype.to_ascii_uppercase())?;
        if let Some(p) = self.priority {
            write!(f, "{p} ")?;
        }
        f.write_str(&self.value)
    }
}

impl From<RecordKey> for String {
    fn from(k: RecordKey) -> String {
        k.to_string()
    }
}

/// The value rules of one record type: `A` takes an IPv4 `ip`, `AAAA` an IPv6 one, and
/// `TXT` needs its `value`. Returns nothing for an unknown or absent `rtype`.
pub fn check_record(params: &Params) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(rtype) = params.get("rtype") else { return out };
    let rtype = rtype.to_ascii_lowercase();
    let value = |n: &str| params.get(n).filter(|v| !v.is_empty());
    let mut need = |n: &str| {
        if value(n).is_none() {
            out.push(Violation { param: n.to_owned(), problem: Problem::Missing });
        }
    };
    // A TXT record is its value (what every ACME client sends). Whether the other types'
    // fields are required is not in the evidence; the model's rules would need a
    // `requires` to say it per type (then the variant field would stop being optional).
    if rtype == "txt" {
        need("value");
    }
    if let Some(ip) = value("ip") {
        let wrong = match rtype.as_str() {
            "a" => ip.parse::<Ipv4Addr>().is_err().then_some("an `a` record takes an IPv4 address"),
            "aaaa" => ip.parse::<Ipv6Addr>().is_err().then_some("an `aaaa` record takes an IPv6 address"),
            _ => None,
        };
        if let Some(reason) = wrong {
            out.push(Violation {
                param: "ip".to_owned(),
                problem: Problem::Invalid { value: ip.to_owned(), reason: reason.to_owned() },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_the_panels_spelling() {
        let k = RecordKey::new("_acme-challenge.example.org.", "txt", "tok");
        assert_eq!(k.to_string(), "_acme-challenge.example.org. TXT  tok");
        assert_eq!(
            RecordKey::new("@", "a", "192.0.2.1").in_zone("example.org.").to_string(),
            "example.org. A  192.0.2.1"
        );
        assert_eq!(RecordKey::new("www.example.org", "A", "1").in_zone("example.org").fqdn(), "www.example.org.");
        assert_eq!(
            RecordKey::new("", "mx", "mx.example.org.").in_zone("example.org").priority(10).to_string(),
            "example.org. MX  10 mx.example.org."
        );
        assert_eq!(RecordKey::new("www", "a", "1").in_zone("пример.рф").fqdn(), "www.xn--e1afmkfd.xn--p1ai.");
    }

    fn params(kv: &[(&'static str, &str)]) -> Params {
        let mut p = Params::new();
        for (k, v) in kv {
            p.set(*k, *v);
        }
        p
    }

    #[test]
    fn a_takes_ipv4_aaaa_ipv6_and_txt_needs_a_value() {
        assert!(check_record(&params(&[("rtype", "a"), ("ip", "192.0.2.1")])).is_empty());
        let v = check_record(&params(&[("rtype", "a"), ("ip", "2001:db8::1")]));
        assert_eq!(v.len(), 1);
        assert!(v[0].to_string().contains("IPv4"), "{}", v[0]);
        assert!(check_record(&params(&[("rtype", "aaaa"), ("ip", "2001:db8::1")])).is_empty());
        assert_eq!(check_record(&params(&[("rtype", "aaaa"), ("ip", "192.0.2.1")])).len(), 1);
        let v = check_record(&params(&[("rtype", "txt")]));
        assert_eq!(v, vec![Violation { param: "value".into(), problem: Problem::Missing }]);
        assert_eq!(check_record(&params(&[("rtype", "txt"), ("value", "")])).len(), 1);
        assert!(check_record(&params(&[("rtype", "cname"), ("domain", "x.example.org.")])).is_empty());
        assert!(check_record(&params(&[("rtype", "a")])).is_empty(), "the smoke test's A without ip");
        assert!(check_record(&params(&[("name", "x")])).is_empty());
    }
}

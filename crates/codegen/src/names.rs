//! Wire names to Rust identifiers, deterministically and without collisions.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Splits a wire name into lowercase words on anything that is not a letter or digit.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect()
}

/// `domain.sublist.edit` -> `DomainSublistEdit`; a leading digit gets a `V` prefix.
pub fn camel(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `key-name` -> `key_name`; keywords get a trailing `_`; a leading digit gets `p_`.
pub fn snake(s: &str) -> String {
    let mut out = words(s).join("_");
    if out.is_empty() {
        out.push_str("empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "p_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `DomainSublistEdit` (a [`camel`] name) -> `DOMAIN_SUBLIST_EDIT`.
pub fn screaming(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// An identifier (callers pass sanitized names).
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Hands out unique names within one scope: a repeated name gets `2`, `3`, ... appended.
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// Reserves names that must not be handed out.
    pub fn reserve(&mut self, names: &[&str]) {
        self.taken.extend(names.iter().map(|s| (*s).to_owned()));
    }

    /// A unique variant of `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) || base.ends_with('_') { "_" } else { "" };
        (2..)
            .map(|i| format!("{base}{sep}{i}"))
            .find(|n| self.taken.insert(n.clone()))
            .expect("an unbounded range always has a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(camel("domain.sublist.edit"), "DomainSublistEdit");
        assert_eq!(camel("user.add.finish"), "UserAddFinish");
        assert_eq!(camel("AAAA"), "Aaaa");
        assert_eq!(camel("controll_msg"), "ControllMsg");
        assert_eq!(camel("2fa"), "V2fa");
        assert_eq!(camel(""), "Empty");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("key-name"), "key_name");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("1x"), "p_1x");
        assert_eq!(screaming("DomainSublistEdit"), "DOMAIN_SUBLIST_EDIT");
        let mut s = Scope::default();
        assert_eq!(s.unique("A"), "A");
        assert_eq!(s.unique("A"), "A2");
        assert_eq!(s.unique("V2"), "V2");
        assert_eq!(s.unique("V2"), "V2_2");
    }
}

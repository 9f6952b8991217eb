//! Doc text from spec text (decided while building the IR), and [`attrs`], which prints it.

use panelkit_spec::{CompactString, Condition, Function, Param, ParamType, Rule, Text};
use proc_macro2::TokenStream;
use quote::quote;

/// Escapes text so rustdoc reads it as prose: no HTML tags, no intra-doc links.
pub fn esc(s: &str) -> String {
    s.replace('<', "&lt;").replace('>', "&gt;").replace('[', "\\[").replace(']', "\\]").replace('\r', "")
}

/// `#[doc]` attributes, one per line; an empty line separates paragraphs.
pub fn attrs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for l in lines {
        for part in l.split('\n') {
            let text = if part.is_empty() { String::new() } else { format!(" {}", part.trim_end()) };
            out.extend(quote!(#[doc = #text]));
        }
    }
    out
}

/// One language: English when the spec has it, else Russian.
pub fn text(t: &Text) -> Option<String> {
    t.best().map(|x| esc(x.trim()))
}

/// True when rule `r` forbidding `name` says nothing new: every rule that enables `name`
/// is on the same controlling parameter and `r` is not one of them, so `name` is already
/// refused whenever `r` holds.
pub fn implied_forbid(f: &Function, r: &Rule, name: &str) -> bool {
    let mut enablers = f.rules.iter().filter(|e| e.enables.iter().any(|n| n == name)).peekable();
    enablers.peek().is_some() && enablers.all(|e| e.param == r.param && e.when != r.when)
}

/// True when the Rust type of `p`'s setter or field says all its type phrase would
/// (`String`, `Secret`, `bool`, `std::net` addresses, a generated enum, `i64`, `f64`);
/// checked text kinds (domain, e-mail, path, ..), bounds and lists still need words.
fn type_said_by_rust(p: &Param) -> bool {
    match p.ty {
        ParamType::Text
        | ParamType::Password
        | ParamType::Flag
        | ParamType::Ipv4
        | ParamType::Ipv6
        | ParamType::Ip
        | ParamType::Float => true,
        ParamType::Enum => !p.values.is_empty(),
        ParamType::Int => p.min.is_none() && p.max.is_none(),
        _ => false,
    }
}

/// A sentence for a parameter's value type.
pub fn type_phrase(p: &Param) -> String {
    match p.ty {
        ParamType::Int => {
            let mut s = "integer".to_owned();
            match (p.min, p.max) {
                (Some(a), Some(b)) => s.push_str(&format!(" in {a}..={b}")),
                (Some(a), None) => s.push_str(&format!(" >= {a}")),
                (None, Some(b)) => s.push_str(&format!(" <= {b}")),
                (None, None) => {}
            }
            s
        }
        ParamType::List => {
            let sep = p.separator.as_deref().unwrap_or(" ");
            let item = p.item.map(|t| format!("{t:?}").to_lowercase()).unwrap_or_else(|| "text".to_owned());
            format!("list of {item} separated by `{}`", if sep == " " { "␠" } else { sep })
        }
        t => format!("{t:?}").to_lowercase(),
    }
}

fn cond(c: &Condition) -> String {
    match c {
        Condition::On => "on".to_owned(),
        Condition::Off => "off".to_owned(),
        Condition::Equals(v) => format!("`{}`", esc(v)),
        Condition::NotIn(vs) => {
            format!("none of {}", vs.iter().map(|v| format!("`{}`", esc(v))).collect::<Vec<_>>().join(", "))
        }
        Condition::Empty => "empty".to_owned(),
        Condition::NotEmpty => "not empty".to_owned(),
    }
}

/// `` `sdtype` = `MX` ``.
pub fn rule_when(r: &Rule) -> String {
    format!("`{}` = {}", esc(&r.param), cond(&r.when))
}

/// One doc line for a parameter: label, wire name and type, then what constrains it
/// (required, infinity, default, feature, the rules that allow, forbid or freeze it).
/// What its own values enable is left to [`effects`], on the type that carries them.
///
/// `shown` is the name the reader sees the parameter by (the setter's or field's Rust name,
/// or the wire name where the text around says it).
pub fn param_line(f: &Function, p: &Param, shown: &str) -> String {
    param_line_in(f, p, shown, None)
}

/// [`param_line`] for a field of what `carrier`'s value carries (a variant of its enum, the
/// struct its flag takes when on): the carrier's own rules enabling the field and a panel
/// feature the carrier already names go without saying there.
pub fn carried_line(f: &Function, p: &Param, shown: &str, carrier: &Param) -> String {
    param_line_in(f, p, shown, Some(carrier))
}

fn param_line_in(f: &Function, p: &Param, shown: &str, carrier: Option<&Param>) -> String {
    let label = text(&p.label).map(|l| l.trim_end_matches('.').to_owned());
    // Under a label, the line names only what the signature does not: the wire name when the
    // Rust name had to differ from it, the type when the Rust type does not already say it.
    // Without one, the wire name and type are the line's subject.
    let mut facts = Vec::new();
    let renamed = shown != p.name.as_str();
    match (label.is_none() || renamed, label.is_none() || !type_said_by_rust(p)) {
        (true, true) => facts.push(format!("`{}`: {}", esc(&p.name), type_phrase(p))),
        (true, false) => facts.push(format!("`{}`", esc(&p.name))),
        (false, true) => facts.push(type_phrase(p)),
        (false, false) => {}
    }
    if p.required {
        facts.push("required".to_owned());
    }
    if let Some(inf) = p.infinity {
        facts.push(format!("`{inf}` = unlimited"));
    }
    if let Some(d) = &p.default {
        facts.push(format!("default `{}`", esc(d)));
    }
    if let Some(feat) = p.feature.as_ref().filter(|feat| carrier.is_none_or(|c| c.feature.as_ref() != Some(*feat))) {
        facts.push(format!("panel feature `{}`", esc(feat)));
    }
    let enabled: Vec<String> = f
        .rules
        .iter()
        .filter(|r| r.enables.contains(&p.name) && carrier.is_none_or(|c| c.name != r.param))
        .map(rule_when)
        .collect();
    if !enabled.is_empty() {
        facts.push(format!("only when {}", enabled.join(" or ")));
    }
    let forbidden: Vec<String> = f
        .rules
        .iter()
        .filter(|r| r.forbids.contains(&p.name) && !implied_forbid(f, r, &p.name))
        .map(rule_when)
        .collect();
    if !forbidden.is_empty() {
        facts.push(format!("not when {}", forbidden.join(" or ")));
    }
    let ro: Vec<String> = f.rules.iter().filter(|r| r.readonly.contains(&p.name)).map(rule_when).collect();
    if !ro.is_empty() {
        facts.push(format!("read-only when {}", ro.join(" or ")));
    }
    if p.readonly {
        facts.push("read-only".to_owned());
    }
    let mut line = match label {
        Some(l) if facts.is_empty() => format!("{l}."),
        Some(l) => format!("{l} ({}).", facts.join("; ")),
        None => format!("{}.", facts.join("; ")),
    };
    if let Some(h) = text(&p.hint) {
        line.push(' ');
        line.push_str(&h);
    }
    line
}

/// What `p`'s own values do to other parameters, one bullet per rule (empty when nothing).
pub fn effects(f: &Function, p: &Param) -> Vec<String> {
    let mut lines = Vec::new();
    for r in f.rules.iter().filter(|r| r.param == p.name) {
        let mut eff = Vec::new();
        let forbids: Vec<CompactString> = r.forbids.iter().filter(|n| !implied_forbid(f, r, n)).cloned().collect();
        for (verb, list) in [("enables", &r.enables), ("forbids", &forbids), ("makes read-only", &r.readonly)] {
            if !list.is_empty() {
                let names: Vec<String> = list.iter().map(|n| format!("`{}`", esc(n))).collect();
                eff.push(format!("{verb} {}", names.join(", ")));
            }
        }
        if !eff.is_empty() {
            lines.push(format!("- When {}: {}.", cond(&r.when), eff.join("; ")));
        }
    }
    if !lines.is_empty() {
        lines.insert(0, String::new());
    }
    lines
}

/// [`param_line`], then [`effects`] run into it for a setter whose type does not carry them.
pub fn setter(f: &Function, p: &Param, shown: &str, typed_effects: bool) -> Vec<String> {
    let mut v = vec![param_line(f, p, shown)];
    if !typed_effects {
        v.extend(effects(f, p));
    }
    v
}

/// The one doc line of an untyped function's alias.
pub fn untyped(f: &Function) -> String {
    match f.title.best() {
        Some(t) => format!("{} (`{}`).", esc(t.trim()), esc(&f.name)),
        None => format!("`{}`.", esc(&f.name)),
    }
}

/// Doc lines of a typed function's request.
pub fn function(f: &Function) -> Vec<String> {
    let mut lines = Vec::new();
    let wire = match &f.module {
        Some(m) => format!("`{}` / `{}`", esc(m), esc(&f.name)),
        None => format!("`{}`", esc(&f.name)),
    };
    lines.push(match text(&f.title) {
        Some(t) => format!("{t}: {wire}."),
        None => format!("Function {wire}."),
    });
    if let Some(d) = text(&f.description) {
        lines.push(String::new());
        lines.push(d);
    }
    lines.push(String::new());
    let mut facts = vec![format!("Kind: {}", format!("{:?}", f.kind).to_lowercase())];
    if let Some(ct) = &f.catalog_type {
        facts.push(format!("catalog type `{}`", esc(ct)));
    }
    if !f.levels.is_empty() {
        let l: Vec<String> = f.levels.iter().map(|l| format!("{l:?}").to_lowercase()).collect();
        facts.push(format!("levels: {}", l.join(", ")));
    }
    if let Some(pl) = &f.plid {
        facts.push(format!("`plid` is the `{}` of `{}`", esc(&pl.field), esc(&pl.function)));
    }
    if let Some(e) = &f.elid {
        let mut s = "`elid`".to_owned();
        if let (Some(func), Some(field)) = (&e.function, &e.field) {
            s.push_str(&format!(" is the `{}` of `{}`", esc(field), esc(func)));
        }
        if e.multiple {
            s.push_str(", several joined by `, `");
        }
        if e.required {
            s.push_str(", required");
        }
        facts.push(s);
    }
    if f.result.restart {
        facts.push("may ask for a restart".to_owned());
    }
    if let Some(m) = text(&f.result.message) {
        facts.push(format!("success message: {m}"));
    }
    if let Some(k) = &f.result.payload_key {
        facts.push(format!("payload under `{}`", esc(k)));
    }
    if let Some(k) = &f.result.message_key {
        facts.push(format!("message under `{}`", esc(k)));
    }
    if !f.toolbar.is_empty() {
        let t: Vec<String> = f.toolbar.iter().map(|n| format!("`{}`", esc(n))).collect();
        facts.push(format!("toolbar: {}", t.join(", ")));
    }
    if f.inferred {
        facts.push("partly inferred".to_owned());
    }
    if !f.typed {
        facts.push("untyped: parameters are set by wire name".to_owned());
    }
    lines.push(format!("{}.", facts.join("; ")));
    if !f.errors.is_empty() {
        lines.push(String::new());
        lines.push("Documented errors:".to_owned());
        for e in &f.errors {
            let msg = text(&e.message).map(|m| format!(": {m}")).unwrap_or_default();
            lines.push(format!("- `{}` {}{msg}", e.code, esc(&e.name)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(src: &str) -> Function {
        toml::from_str(src).unwrap()
    }

    #[test]
    fn what_the_carrier_says_is_not_repeated_on_its_fields() {
        let f = function(
            "name = \"site.edit\"\nkind = \"form\"\n\
             params = [{ name = \"ssl\", type = \"flag\", feature = \"ssl\" },\n\
               { name = \"sslport\", type = \"int\", feature = \"ssl\" },\n\
               { name = \"cert\", type = \"text\", feature = \"certs\" },\n\
               { name = \"mode\", type = \"text\" }]\n\
             [[rules]]\nparam = \"ssl\"\nwhen = \"on\"\nenables = [\"sslport\", \"cert\"]\n\
             [[rules]]\nparam = \"mode\"\nwhen = { equals = \"x\" }\nenables = [\"cert\"]\n",
        );
        let (ssl, port, cert) = (&f.params[0], &f.params[1], &f.params[2]);
        // On the setter, everything is said.
        assert_eq!(param_line(&f, port, "sslport"), "`sslport`: integer; panel feature `ssl`; only when `ssl` = on.");
        // Inside what `ssl` carries: not its rule, not its feature ...
        assert_eq!(carried_line(&f, port, "sslport", ssl), "`sslport`: integer.");
        // ... but another feature and another parameter's rule still are.
        assert_eq!(carried_line(&f, cert, "cert", ssl), "`cert`: text; panel feature `certs`; only when `mode` = `x`.");
    }

    #[test]
    fn under_a_label_the_line_names_only_what_the_signature_does_not() {
        let f = function(
            "name = \"user.edit\"\nkind = \"form\"\n\
             params = [{ name = \"shell\", type = \"flag\", label = { en = \"Shell access\" } },\n\
               { name = \"domain\", type = \"domain\", label = { en = \"Domain\" } },\n\
               { name = \"disk\", type = \"int\", min = 0, label = { en = \"Disk\" } },\n\
               { name = \"type\", type = \"text\", label = { en = \"Type\" } },\n\
               { name = \"ip6\", type = \"ipv6\", feature = \"ipv6\", label = { en = \"IPv6\" } }]\n",
        );
        let p = &f.params;
        // `bool` says flag, the name is the wire name: the label alone.
        assert_eq!(param_line(&f, &p[0], "shell"), "Shell access.");
        // A checked kind and bounds are not in the Rust type.
        assert_eq!(param_line(&f, &p[1], "domain"), "Domain (domain).");
        assert_eq!(param_line(&f, &p[2], "disk"), "Disk (integer >= 0).");
        // A Rust name that differs from the wire name keeps the wire name.
        assert_eq!(param_line(&f, &p[3], "type_"), "Type (`type`).");
        assert_eq!(param_line(&f, &p[4], "ip6"), "IPv6 (panel feature `ipv6`).");
    }
}

//! The reverse direction: a [`Node`] written as a panel would send it. Used by
//! fake panels and tests; the output parses back to the same tree.
//!
//! Both writers walk the tree on an explicit stack, so any depth is safe.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::node::Node;

/// `<?xml ...?>` and the node as XML, attributes and text escaped.
///
/// Element and attribute names are written as they are: callers that take names
/// from outside check them with [`is_xml_name`] first (a name cannot be escaped).
pub fn write_xml(node: &Node) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    enum Step<'a> {
        Open(&'a Node),
        Close(&'a Node),
    }
    let mut stack = vec![Step::Open(node)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(n) => {
                let _ = write!(out, "</{}>", n.name);
            }
            Step::Open(n) => {
                let _ = write!(out, "<{}", n.name);
                for (k, v) in &n.attrs {
                    let _ = write!(out, " {k}=\"{}\"", escape(v));
                }
                if n.text.is_empty() && n.children.is_empty() {
                    out.push_str("/>");
                    continue;
                }
                out.push('>');
                out.push_str(&escape(&n.text));
                stack.push(Step::Close(n));
                stack.extend(n.children.iter().rev().map(Step::Open));
            }
        }
    }
    out
}

/// Text or an attribute value escaped for XML (`<`, `>`, `&`, `'`, `"`).
///
/// Characters XML 1.0 cannot carry at all (NUL and most other C0 controls) are
/// written as U+FFFD, so the output is always well-formed; input paths should
/// refuse such values instead of relying on this.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| !is_xml_char(c)) {
        let cleaned: String = s.chars().map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' }).collect();
        return std::borrow::Cow::Owned(quick_xml::escape::escape(cleaned.as_str()).into_owned());
    }
    quick_xml::escape::escape(s)
}

/// A character XML 1.0 allows in a document (`Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// True when `s` is an XML name usable as an element or attribute name
/// (ASCII letters, digits, `_`, `-`, `.`, `:`; non-ASCII letters; not starting
/// with a digit, `-` or `.`).
pub fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let start = |c: char| c.is_alphabetic() || c == '_' || c == ':';
    start(first) && chars.all(|c| start(c) || c.is_alphanumeric() || matches!(c, '-' | '.'))
}

/// The node as `$`-keyed JSON wrapped in `{"<name>": ...}` (`{"doc": {...}}`, as `out=sjson`).
/// Repeated children become an array; a single child an object.
pub fn write_json(node: &Node) -> String {
    enum Step<'a> {
        Body(&'a Node),
        Lit(&'static str),
        Key(&'a str),
    }
    let mut out = String::from("{");
    json_str(&node.name, &mut out);
    out.push(':');
    let mut stack = vec![Step::Lit("}"), Step::Body(node)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Lit(s) => out.push_str(s),
            Step::Key(k) => {
                json_str(k, &mut out);
                out.push(':');
            }
            Step::Body(n) => {
                out.push('{');
                let mut first = true;
                for (k, v) in &n.attrs {
                    if !std::mem::take(&mut first) {
                        out.push(',');
                    }
                    json_str(&format!("${k}"), &mut out);
                    out.push(':');
                    json_str(v, &mut out);
                }
                if !n.text.is_empty() {
                    if !std::mem::take(&mut first) {
                        out.push(',');
                    }
                    out.push_str("\"$\":");
                    json_str(&n.text, &mut out);
                }
                // Children grouped by name in order of first appearance, in one pass.
                let mut order: Vec<Vec<&Node>> = Vec::new();
                let mut slot: HashMap<&str, usize> = HashMap::new();
                for c in &n.children {
                    let i = *slot.entry(c.name.as_str()).or_insert_with(|| {
                        order.push(Vec::new());
                        order.len() - 1
                    });
                    order[i].push(c);
                }
                let mut steps: Vec<Step<'_>> = Vec::new();
                for group in &order {
                    if !std::mem::take(&mut first) {
                        steps.push(Step::Lit(","));
                    }
                    steps.push(Step::Key(&group[0].name));
                    if group.len() == 1 {
                        steps.push(Step::Body(group[0]));
                    } else {
                        steps.push(Step::Lit("["));
                        for (i, c) in group.iter().enumerate() {
                            if i > 0 {
                                steps.push(Step::Lit(","));
                            }
                            steps.push(Step::Body(c));
                        }
                        steps.push(Step::Lit("]"));
                    }
                }
                steps.push(Step::Lit("}"));
                stack.extend(steps.into_iter().rev());
            }
        }
    }
    out
}

fn json_str(s: &str, out: &mut String) {
    // serde_json's string escaping, written straight into the buffer.
    let _ = write!(out, "{}", serde_json::Value::String(s.to_owned()));
}

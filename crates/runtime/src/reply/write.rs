//! The reverse direction: a [`Node`] written as a panel would send it: XML, `$`-keyed JSON
//! (compact `out=sjson` or indented `out=json`) and flat `out=JSONdata`. The fake panel and the
//! tests write with these; the output parses back to the same tree.
//!
//! Both writers walk the tree on an explicit stack, so any depth is safe.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::node::Node;

/// `<?xml ...?>` and the node as XML, attributes and text escaped.
///
/// A name cannot be escaped: elements and attributes whose names are not XML names
/// ([`is_xml_name`]) are left out, with a warning, so the output is always well-formed.
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
                // A name cannot be escaped: an element whose name is not an XML name is left out
                // (with its subtree), an attribute likewise, so no stored name forges markup.
                if !is_xml_name(&n.name) {
                    tracing::warn!("element name {:?} is not an XML name; left out of the XML", n.name);
                    continue;
                }
                let _ = write!(out, "<{}", n.name);
                for (k, v) in n.attrs.iter().filter(|(k, _)| is_xml_name(k)) {
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

/// Children that panels always send as a JSON array, even when there is only one. Read off a
/// real ISPmanager 6 `sjson` list reply: `"elem":[{..}]` for a one-element list, and one
/// `page`, `toolbtn`, `hide` or `show` is an array too, while one `tip` or `toggle` is an
/// object. `param` (error parameters) likewise, as error readers index it.
pub const ALWAYS_ARRAY: &[&str] = &["elem", "param", "page", "toolbtn", "hide", "show"];

/// The node as `$`-keyed JSON wrapped in `{"<name>": ...}` (`{"doc": {...}}`, as `out=sjson`):
/// attributes as `$name`, text as `$`, children grouped by name in order of first appearance.
/// A repeated child (and always [`ALWAYS_ARRAY`]) is an array; a single one an object.
pub fn write_json(node: &Node) -> String {
    let mut out = String::from("{");
    json_str(&node.name, &mut out);
    out.push(':');
    write_json_body(node, Flavor::Keyed, &mut out);
    out.push('}');
    out
}

/// [`write_json`] indented as `out=json` replies are (two spaces a level).
pub fn write_json_pretty(node: &Node) -> String {
    indent_json(&write_json(node))
}

/// The flat `out=JSONdata` form: no `doc` wrapper, attributes as plain keys, text `$`,
/// an element with only text written as its string.
pub fn write_json_data(node: &Node) -> String {
    let mut out = String::new();
    write_json_body(node, Flavor::Data, &mut out);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    /// `$`-keyed attributes and text.
    Keyed,
    /// JSONdata: plain attribute keys; a text-only element is a string.
    Data,
}

fn write_json_body(root: &Node, flavor: Flavor, out: &mut String) {
    enum Step<'a> {
        Body(&'a Node),
        Lit(&'static str),
        Key(&'a str),
    }
    let mut stack = vec![Step::Body(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Lit(s) => out.push_str(s),
            Step::Key(k) => {
                json_str(k, out);
                out.push(':');
            }
            Step::Body(n) if flavor == Flavor::Data && n.attrs.is_empty() && n.children.is_empty() => {
                json_str(&n.text, out);
            }
            Step::Body(n) => {
                out.push('{');
                let mut first = true;
                for (k, v) in &n.attrs {
                    if !std::mem::take(&mut first) {
                        out.push(',');
                    }
                    match flavor {
                        Flavor::Keyed => json_str(&format!("${k}"), out),
                        Flavor::Data => json_str(k, out),
                    }
                    out.push(':');
                    json_str(v, out);
                }
                if !n.text.is_empty() {
                    if !std::mem::take(&mut first) {
                        out.push(',');
                    }
                    out.push_str("\"$\":");
                    json_str(&n.text, out);
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
                    if group.len() == 1 && !ALWAYS_ARRAY.contains(&group[0].name.as_str()) {
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
}

/// Indents compact JSON (as written above) two spaces a level, in one pass over its bytes.
fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        (0..depth).for_each(|_| out.push_str("  "));
    };
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

fn json_str(s: &str, out: &mut String) {
    // serde_json's string escaping, written straight into the buffer.
    let _ = write!(out, "{}", serde_json::Value::String(s.to_owned()));
}

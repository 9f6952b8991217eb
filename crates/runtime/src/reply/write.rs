//! The reverse direction: a [`Node`] written as a panel would send it. Used by
//! fake panels and tests; the output parses back to the same tree.

use std::fmt::Write as _;

use crate::node::Node;

/// `<?xml ...?>` and the node as XML, attributes and text escaped.
pub fn write_xml(node: &Node) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml_node(node, &mut out);
    out
}

fn xml_node(node: &Node, out: &mut String) {
    let _ = write!(out, "<{}", node.name);
    for (k, v) in &node.attrs {
        let _ = write!(out, " {k}=\"{}\"", quick_xml::escape::escape(v.as_str()));
    }
    if node.text.is_empty() && node.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&quick_xml::escape::escape(node.text.as_str()));
    for c in &node.children {
        xml_node(c, out);
    }
    let _ = write!(out, "</{}>", node.name);
}

/// The node as `$`-keyed JSON wrapped in `{"<name>": ...}` (`{"doc": {...}}`, as `out=sjson`).
/// Repeated children become an array; a single child an object.
pub fn write_json(node: &Node) -> String {
    let mut out = String::from("{");
    json_str(&node.name, &mut out);
    out.push(':');
    json_body(node, &mut out);
    out.push('}');
    out
}

fn json_body(node: &Node, out: &mut String) {
    out.push('{');
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
    };
    for (k, v) in &node.attrs {
        sep(out);
        json_str(&format!("${k}"), out);
        out.push(':');
        json_str(v, out);
    }
    if !node.text.is_empty() {
        sep(out);
        out.push_str("\"$\":");
        json_str(&node.text, out);
    }
    let mut done: Vec<&str> = Vec::new();
    for c in &node.children {
        if done.contains(&c.name.as_str()) {
            continue;
        }
        done.push(&c.name);
        let same: Vec<&Node> = node.children_named(&c.name).collect();
        sep(out);
        json_str(&c.name, out);
        out.push(':');
        if same.len() == 1 {
            json_body(same[0], out);
        } else {
            out.push('[');
            for (i, n) in same.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_body(n, out);
            }
            out.push(']');
        }
    }
    out.push('}');
}

fn json_str(s: &str, out: &mut String) {
    out.push_str(&serde_json::Value::String(s.to_owned()).to_string());
}

//! `$`-keyed JSON replies (`out=json`, `out=sjson`) and the flat `out=JSONdata` form.
//!
//! The mapping mirrors the XML tree: `"$name"` keys are attributes, `"$"` is the
//! text, any other key is a child; an array under a key is that child repeated
//! (a single child may come as a plain object); a string, number or boolean is a
//! child with that text; `{}` and `null` are empty children. Key order is kept,
//! so documents read the same as their XML twins.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;

use super::{ReplyError, Syntax};
use crate::node::Node;

/// Parses a JSON reply into its `doc` node.
///
/// `{"doc": {...}}` yields the inner object; any other object (the `JSONdata`
/// form) is itself the document; a top-level array is a list of `elem`s.
pub fn parse_json(body: &[u8]) -> Result<Node, ReplyError> {
    let value: JValue = serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Eof => {
            ReplyError::Truncated { syntax: Some(Syntax::Json), received: body.len(), message: e.to_string() }
        }
        _ => ReplyError::Malformed {
            syntax: Syntax::Json,
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        },
    })?;
    match value {
        JValue::Object(mut entries) => {
            let only_doc = entries.len() == 1 && entries[0].0 == "doc";
            if only_doc {
                let (_, inner) = entries.remove(0);
                let mut out = Vec::new();
                into_nodes("doc", inner, &mut out);
                Ok(out.pop().unwrap_or_else(|| Node::new("doc")))
            } else {
                Ok(object_node("doc", entries))
            }
        }
        JValue::Array(items) => {
            let mut doc = Node::new("doc");
            for item in items {
                into_nodes("elem", item, &mut doc.children);
            }
            Ok(doc)
        }
        _ => Err(ReplyError::Malformed {
            syntax: Syntax::Json,
            line: 1,
            column: 1,
            message: "expected an object or an array at the top level".into(),
        }),
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// A JSON value with object key order kept.
enum JValue {
    Null,
    Scalar(String),
    Array(Vec<JValue>),
    Object(Vec<(String, JValue)>),
}

impl JValue {
    fn into_text(self) -> String {
        match self {
            JValue::Null => String::new(),
            JValue::Scalar(s) => s,
            // An attribute or text given as a structure: keep its children's texts.
            JValue::Array(items) => items.into_iter().map(JValue::into_text).collect::<Vec<_>>().join(" "),
            JValue::Object(entries) => entries.into_iter().map(|(_, v)| v.into_text()).collect::<Vec<_>>().join(" "),
        }
    }
}

fn object_node(name: &str, entries: Vec<(String, JValue)>) -> Node {
    let mut node = Node::new(name);
    for (key, value) in entries {
        if key == "$" {
            node.text = value.into_text();
        } else if let Some(attr) = key.strip_prefix('$') {
            node.attrs.push((attr.to_owned(), value.into_text()));
        } else {
            into_nodes(&key, value, &mut node.children);
        }
    }
    node
}

fn into_nodes(name: &str, value: JValue, out: &mut Vec<Node>) {
    match value {
        JValue::Null => out.push(Node::new(name)),
        JValue::Scalar(s) => {
            let mut n = Node::new(name);
            n.text = s;
            out.push(n);
        }
        JValue::Array(items) => {
            for item in items {
                into_nodes(name, item, out);
            }
        }
        JValue::Object(entries) => out.push(object_node(name, entries)),
    }
}

impl<'de> Deserialize<'de> for JValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JVisitor)
    }
}

struct JVisitor;

impl<'de> Visitor<'de> for JVisitor {
    type Value = JValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JValue, E> {
        Ok(JValue::Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JValue, E> {
        Ok(JValue::Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JValue, E> {
        Ok(JValue::Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JValue, E> {
        Ok(JValue::Scalar(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<JValue, E> {
        Ok(JValue::Scalar(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<JValue, E> {
        Ok(JValue::Scalar(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<JValue, E> {
        Ok(JValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<JValue, E> {
        Ok(JValue::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JValue, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(JValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JValue, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, JValue>()? {
            entries.push((k, v));
        }
        Ok(JValue::Object(entries))
    }
}

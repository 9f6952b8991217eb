//! `$`-keyed JSON replies (`out=json`, `out=sjson`) and the flat `out=JSONdata` form.
//!
//! The mapping mirrors the XML tree: `"$name"` keys are attributes, `"$"` is the
//! text, any other key is a child; an array under a key is that child repeated
//! (a single child may come as a plain object); a string, number or boolean is a
//! child with that text; `{}` and `null` are empty children. Key order is kept,
//! so documents read the same as their XML twins.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;

use super::{CLOCK_EVERY, ParseLimits, ReplyError, Syntax};
use crate::node::Node;

/// Prefix of the errors a [`ParseLimits`] bound raises inside serde_json.
const LIMIT_MARK: &str = "parse limit: ";

/// Parses a JSON reply into its `doc` node.
///
/// `{"doc": {...}}` yields the inner object; any other object (the `JSONdata`
/// form) is itself the document; a top-level array is a list of `elem`s.
/// A leading byte-order mark is skipped, as for XML. `{"doc": [...]}` is
/// refused: several documents in one reply could hide an error behind a success.
pub fn parse_json(body: &[u8]) -> Result<Node, ReplyError> {
    parse_json_with(body, &ParseLimits::default())
}

/// [`parse_json`] within explicit [`ParseLimits`].
pub fn parse_json_with(body: &[u8], limits: &ParseLimits) -> Result<Node, ReplyError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Some(e) = super::cut_off(body, Syntax::Json, b"}]") {
        return Err(e);
    }
    let clock = Cell::new(CLOCK_EVERY);
    let seed = Seed { depth: 1, limits, clock: &clock };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)).map_err(|e| {
        let text = e.to_string();
        match e.classify() {
            Category::Eof => ReplyError::Truncated { syntax: Some(Syntax::Json), received: body.len(), message: text },
            _ if text.starts_with(LIMIT_MARK) || text.starts_with("recursion limit exceeded") => ReplyError::Limit {
                syntax: Syntax::Json,
                line: e.line().max(1),
                column: e.column().max(1),
                message: strip_position(&e).trim_start_matches(LIMIT_MARK).to_owned(),
            },
            _ => ReplyError::Malformed {
                syntax: Syntax::Json,
                line: e.line().max(1),
                column: e.column().max(1),
                message: strip_position(&e),
            },
        }
    })?;
    let malformed =
        |message: &str| ReplyError::Malformed { syntax: Syntax::Json, line: 1, column: 1, message: message.into() };
    match value {
        JValue::Object(mut entries) => {
            let only_doc = entries.len() == 1 && entries[0].0 == "doc";
            if only_doc {
                let (_, inner) = entries.remove(0);
                if matches!(inner, JValue::Array(_)) {
                    return Err(malformed("`doc` is an array; a reply is one document"));
                }
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
        _ => Err(malformed("expected an object or an array at the top level")),
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

/// Reads one value at `depth`, counting levels and looking at the clock now and then.
#[derive(Clone, Copy)]
struct Seed<'a> {
    depth: usize,
    limits: &'a ParseLimits,
    clock: &'a Cell<u32>,
}

impl Seed<'_> {
    fn tick<E: de::Error>(&self) -> Result<(), E> {
        let left = self.clock.get() - 1;
        if left > 0 {
            self.clock.set(left);
            return Ok(());
        }
        self.clock.set(CLOCK_EVERY);
        if self.limits.expired() {
            return Err(E::custom(format!("{LIMIT_MARK}parsing ran past the request deadline")));
        }
        Ok(())
    }

    fn deeper<E: de::Error>(&self) -> Result<Seed<'_>, E> {
        if self.depth > self.limits.max_depth {
            return Err(E::custom(format!("{LIMIT_MARK}values nested deeper than {} levels", self.limits.max_depth)));
        }
        Ok(Seed { depth: self.depth + 1, ..*self })
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = JValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
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
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            self.tick()?;
            items.push(v);
        }
        Ok(JValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JValue, A::Error> {
        let inner = self.deeper()?;
        let mut entries = Vec::new();
        // `$name` keys are attributes and `$` the text: one of each, as XML allows one
        // attribute of a name (a second would silently replace or duplicate the first).
        let mut seen = std::collections::HashSet::new();
        while let Some(k) = map.next_key::<String>()? {
            if k.starts_with('$') && !seen.insert(k.clone()) {
                return Err(de::Error::custom(format!("key `{k}` repeated in one object")));
            }
            let v = map.next_value_seed(inner)?;
            self.tick()?;
            entries.push((k, v));
        }
        Ok(JValue::Object(entries))
    }
}

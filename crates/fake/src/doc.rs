//! ISPsystem reply documents and their wire forms: XML, `$`-keyed JSON, and flat `JSONdata`.

use panelkit_runtime::reply::{escape, is_xml_name};
use serde_json::{Map, Value};

/// Children the panels always send as a JSON array, even when there is only one
/// (real `sjson` captures show `"elem":[{..}]` for a one-element list).
const ALWAYS_ARRAY: &[&str] = &["elem", "param"];

/// One element of a reply document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct El {
    /// Element name.
    pub name: String,
    /// Attributes in order.
    pub attrs: Vec<(String, String)>,
    /// Text content.
    pub text: String,
    /// Children in order.
    pub children: Vec<El>,
}

impl El {
    /// An empty element.
    pub fn new(name: impl Into<String>) -> Self {
        El { name: name.into(), ..El::default() }
    }

    /// An element holding text.
    pub fn text(name: impl Into<String>, text: impl Into<String>) -> Self {
        El { name: name.into(), text: text.into(), ..El::default() }
    }

    /// Adds an attribute.
    pub fn attr(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.attrs.push((k.into(), v.into()));
        self
    }

    /// Adds a child.
    pub fn child(mut self, c: El) -> Self {
        self.children.push(c);
        self
    }

    /// Adds a child in place.
    pub fn push(&mut self, c: El) {
        self.children.push(c);
    }
}

/// The reply format asked for with `out=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Out {
    /// `out=xml` (also the fallback for absent or browser-only formats).
    Xml,
    /// `out=json` (pretty) or `out=sjson` (compact).
    Json {
        /// Pretty-printed.
        pretty: bool,
    },
    /// `out=JSONdata`: data only, no `$` keys, no `doc` wrapper.
    JsonData,
}

impl Out {
    /// Parses `out=`; formats the fake does not render (html, devel, text, print) answer as XML.
    pub fn parse(v: Option<&str>) -> Out {
        match v {
            Some("json") => Out::Json { pretty: true },
            Some("sjson") => Out::Json { pretty: false },
            Some("JSONdata") => Out::JsonData,
            _ => Out::Xml,
        }
    }

    /// The `Content-Type` of a reply.
    pub fn content_type(self) -> &'static str {
        match self {
            Out::Xml => "text/xml; charset=UTF-8",
            _ => "application/json; charset=UTF-8",
        }
    }

    /// Renders a document.
    pub fn render(self, doc: &El) -> String {
        match self {
            Out::Xml => to_xml(doc),
            Out::Json { pretty } => {
                let mut m = Map::new();
                m.insert(doc.name.clone(), to_json(doc));
                let v = Value::Object(m);
                let s = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
                s.unwrap_or_default()
            }
            Out::JsonData => serde_json::to_string(&to_json_data(doc)).unwrap_or_default(),
        }
    }
}

/// `<?xml ..?>` followed by the document.
pub fn to_xml(doc: &El) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_xml(doc, &mut s);
    s.push('\n');
    s
}

fn write_xml(e: &El, out: &mut String) {
    // Names come from specs and from stored request parameters; the request side
    // refuses non-XML names, and this keeps any that slipped in (a loaded state
    // file) from forging markup.
    if !is_xml_name(&e.name) {
        tracing::warn!("fake panel: element name {:?} is not an XML name; left out of the reply", e.name);
        return;
    }
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in e.attrs.iter().filter(|(k, _)| is_xml_name(k)) {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(&escape(v));
        out.push('"');
    }
    if e.text.is_empty() && e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&escape(&e.text));
    for c in &e.children {
        write_xml(c, out);
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// The `$`-keyed JSON of an element (without its name): attributes as `$name`,
/// text as `$`, children by name (an array when repeated or always-array).
pub fn to_json(e: &El) -> Value {
    let mut m = Map::new();
    for (k, v) in &e.attrs {
        m.insert(format!("${k}"), Value::String(v.clone()));
    }
    if !e.text.is_empty() {
        m.insert("$".into(), Value::String(e.text.clone()));
    }
    group_children(e, &mut m, to_json);
    Value::Object(m)
}

fn group_children(e: &El, m: &mut Map<String, Value>, conv: fn(&El) -> Value) {
    let mut names: Vec<&str> = Vec::new();
    for c in &e.children {
        if !names.contains(&c.name.as_str()) {
            names.push(&c.name);
        }
    }
    for name in names {
        let items: Vec<Value> = e.children.iter().filter(|c| c.name == name).map(conv).collect();
        let v = if items.len() == 1 && !ALWAYS_ARRAY.contains(&name) {
            items.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(items)
        };
        m.insert(name.to_owned(), v);
    }
}

/// Flat data: a text-only element is its string; others are objects of
/// attributes (plain keys), `$` text and children. The `doc` wrapper is dropped.
pub fn to_json_data(e: &El) -> Value {
    if e.attrs.is_empty() && e.children.is_empty() {
        return Value::String(e.text.clone());
    }
    let mut m = Map::new();
    for (k, v) in &e.attrs {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    if !e.text.is_empty() {
        m.insert("$".into(), Value::String(e.text.clone()));
    }
    group_children(e, &mut m, to_json_data);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> El {
        El::new("doc").child(
            El::new("elem").child(El::text("name", "a&b")).child(El::new("disk").attr("used", "0").attr("limit", "5")),
        )
    }

    #[test]
    fn xml_escapes_and_self_closes() {
        let x = to_xml(&list());
        assert!(x.contains("<doc><elem><name>a&amp;b</name><disk used=\"0\" limit=\"5\"/></elem></doc>"), "{x}");
    }

    #[test]
    fn json_keeps_single_elem_an_array() {
        let v: Value = serde_json::from_str(&Out::Json { pretty: false }.render(&list())).unwrap();
        assert_eq!(v["doc"]["elem"][0]["name"]["$"], "a&b");
        assert_eq!(v["doc"]["elem"][0]["disk"]["$used"], "0");
        let ok: Value =
            serde_json::from_str(&Out::Json { pretty: true }.render(&El::new("doc").child(El::new("ok")))).unwrap();
        assert_eq!(ok, serde_json::json!({"doc": {"ok": {}}}));
    }

    #[test]
    fn json_data_is_flat() {
        let v: Value = serde_json::from_str(&Out::JsonData.render(&list())).unwrap();
        assert_eq!(v["elem"][0]["name"], "a&b");
        assert_eq!(v["elem"][0]["disk"]["limit"], "5");
    }
}

//! The reply format a request asks for (`out=`) and rendering a document in it.
//!
//! Documents are the runtime's [`Node`] and are written by the runtime's writers, so the fake
//! panel sends exactly what the client's readers are tested against.

use panelkit_runtime::Node;
use panelkit_runtime::reply::{write_json, write_json_data, write_json_pretty, write_xml};

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
    pub fn render(self, doc: &Node) -> String {
        match self {
            Out::Xml => {
                let mut s = write_xml(doc);
                s.push('\n');
                s
            }
            Out::Json { pretty: true } => write_json_pretty(doc),
            Out::Json { pretty: false } => write_json(doc),
            Out::JsonData => write_json_data(doc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn list() -> Node {
        Node::new("doc").with_child(
            Node::new("elem")
                .with_child(Node::with_text("name", "a&b"))
                .with_child(Node::new("disk").with_attr("used", "0").with_attr("limit", "5")),
        )
    }

    #[test]
    fn xml_escapes_and_self_closes() {
        let x = Out::Xml.render(&list());
        assert!(x.contains("<doc><elem><name>a&amp;b</name><disk used=\"0\" limit=\"5\"/></elem></doc>"), "{x}");
    }

    #[test]
    fn json_keeps_single_elem_an_array() {
        for pretty in [false, true] {
            let text = Out::Json { pretty }.render(&list());
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["doc"]["elem"][0]["name"]["$"], "a&b");
            assert_eq!(v["doc"]["elem"][0]["disk"]["$used"], "0");
            assert_eq!(text.contains('\n'), pretty, "{text}");
        }
        let ok: Value =
            serde_json::from_str(&Out::Json { pretty: true }.render(&Node::new("doc").with_child(Node::new("ok"))))
                .unwrap();
        assert_eq!(ok, serde_json::json!({"doc": {"ok": {}}}));
    }

    #[test]
    fn json_data_is_flat() {
        let v: Value = serde_json::from_str(&Out::JsonData.render(&list())).unwrap();
        assert_eq!(v["elem"][0]["name"], "a&b");
        assert_eq!(v["elem"][0]["disk"]["limit"], "5");
    }
}

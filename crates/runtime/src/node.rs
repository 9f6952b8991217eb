//! The reply tree: one shape for XML and `$`-keyed JSON replies.

/// An element of a reply document.
///
/// XML `<disk used="1" limit="10">x</disk>` and JSON
/// `{"disk": {"$used": "1", "$limit": "10", "$": "x"}}` both become a node
/// named `disk` with attributes `used`, `limit` and text `x`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// Element name.
    pub name: String,
    /// Attributes in document order.
    pub attrs: Vec<(String, String)>,
    /// Text content.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Node>,
}

impl Node {
    /// A node with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        Node { name: name.into(), ..Node::default() }
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

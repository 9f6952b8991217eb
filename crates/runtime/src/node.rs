//! The reply tree: one shape for XML and `$`-keyed JSON replies.
//!
//! A tree can be as deep as a hostile body makes it (the parsers bound depth,
//! but code can build trees by hand), so every operation that walks it —
//! drop, clone, comparison, `Debug` — runs on an explicit stack, never on the
//! call stack.

use std::fmt;

/// An element of a reply document.
///
/// XML `<disk used="1" limit="10">x</disk>` and JSON
/// `{"disk": {"$used": "1", "$limit": "10", "$": "x"}}` both become a node
/// named `disk` with attributes `used`, `limit` and text `x`.
#[derive(Default)]
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
        Node { name: name.into(), attrs: Vec::new(), text: String::new(), children: Vec::new() }
    }

    /// A node with a name and text (`<name>text</name>`).
    pub fn with_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Node { name: name.into(), attrs: Vec::new(), text: text.into(), children: Vec::new() }
    }

    /// This node with one more attribute (for writing replies: fake panels, tests).
    pub fn with_attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attrs.push((name.into(), value.into()));
        self
    }

    /// This node with one more child.
    pub fn with_child(mut self, child: Node) -> Self {
        self.children.push(child);
        self
    }

    /// Appends a child.
    pub fn push(&mut self, child: Node) {
        self.children.push(child);
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

    /// Levels below this node (0 for a leaf).
    pub fn depth(&self) -> usize {
        let mut max = 0;
        let mut stack = vec![(self, 0usize)];
        while let Some((n, d)) = stack.pop() {
            max = max.max(d);
            stack.extend(n.children.iter().map(|c| (c, d + 1)));
        }
        max
    }

    fn shallow_clone(&self) -> Node {
        Node {
            name: self.name.clone(),
            attrs: self.attrs.clone(),
            text: self.text.clone(),
            children: Vec::with_capacity(self.children.len()),
        }
    }

    fn shallow_eq(&self, other: &Node) -> bool {
        self.name == other.name
            && self.attrs == other.attrs
            && self.text == other.text
            && self.children.len() == other.children.len()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if self.children.iter().all(|c| c.children.is_empty()) {
            return;
        }
        // Detach every descendant into one flat list so each drop below is shallow.
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut n) = pending.pop() {
            // Leaves drop in place (shallow): moving a 100,000-element list into `pending`
            // first would cost as much memory again as the list itself.
            if n.children.iter().any(|c| !c.children.is_empty()) {
                pending.append(&mut n.children);
            }
        }
    }
}

impl Clone for Node {
    fn clone(&self) -> Self {
        // (source, its copy so far, index of the next child to copy)
        let mut stack: Vec<(&Node, Node, usize)> = vec![(self, self.shallow_clone(), 0)];
        loop {
            let top = stack.last_mut().expect("the root frame is popped last");
            if let Some(child) = top.0.children.get(top.2) {
                top.2 += 1;
                stack.push((child, child.shallow_clone(), 0));
                continue;
            }
            let (_, done, _) = stack.pop().expect("checked above");
            match stack.last_mut() {
                Some(parent) => parent.1.children.push(done),
                None => return done,
            }
        }
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        let mut stack = vec![(self, other)];
        while let Some((a, b)) = stack.pop() {
            if !a.shallow_eq(b) {
                return false;
            }
            stack.extend(a.children.iter().zip(&b.children));
        }
        true
    }
}

impl Eq for Node {}

/// Deepest indentation (in steps) `{:#?}` writes.
const MAX_INDENT: usize = 64;

impl fmt::Debug for Node {
    /// The derived format (`Node { name: .., attrs: .., text: .., children: [..] }`),
    /// written without recursion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        let newline = |f: &mut fmt::Formatter<'_>, depth: usize| -> fmt::Result {
            f.write_str("\n")?;
            // Indentation stops growing past a depth, so `{:#?}` of a deep tree stays linear in size.
            for _ in 0..depth.min(MAX_INDENT) {
                f.write_str("    ")?;
            }
            Ok(())
        };
        let open = |f: &mut fmt::Formatter<'_>, n: &Node, depth: usize| -> fmt::Result {
            if !pretty {
                return write!(f, "Node {{ name: {:?}, attrs: {:?}, text: {:?}, children: [", n.name, n.attrs, n.text);
            }
            f.write_str("Node {")?;
            newline(f, depth + 1)?;
            write!(f, "name: {:?},", n.name)?;
            newline(f, depth + 1)?;
            write!(f, "attrs: {:?},", n.attrs)?;
            newline(f, depth + 1)?;
            write!(f, "text: {:?},", n.text)?;
            newline(f, depth + 1)?;
            f.write_str("children: [")
        };
        // (node, next child, depth in levels of indentation)
        let mut stack: Vec<(&Node, usize, usize)> = vec![(self, 0, 0)];
        open(f, self, 0)?;
        while let Some(top) = stack.last_mut() {
            let (node, next, depth) = *top;
            if let Some(child) = node.children.get(next) {
                top.1 += 1;
                if pretty {
                    newline(f, depth + 2)?;
                } else if next > 0 {
                    f.write_str(", ")?;
                }
                open(f, child, depth + 2)?;
                stack.push((child, 0, depth + 2));
                continue;
            }
            stack.pop();
            if !pretty {
                f.write_str("] }")?;
                continue;
            }
            if !node.children.is_empty() {
                newline(f, depth + 1)?;
            }
            f.write_str("],")?;
            newline(f, depth)?;
            f.write_str("}")?;
            if !stack.is_empty() {
                f.write_str(",")?;
            }
        }
        Ok(())
    }
}

//! XML replies through quick-xml's streaming reader.

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::{BytesStart, Event};

use super::{CLOCK_EVERY, ParseLimits, ReplyError, Syntax, line_col};
use crate::decode::{DecodeError, ElemSink};
use crate::node::Node;

/// Parses an XML reply into its root node (normally `<doc>`).
///
/// Entities and character references are resolved, CDATA is text, comments and
/// processing instructions are skipped, and text is trimmed (panels pad it only
/// when pretty-printing). Input that ends inside the document is
/// [`ReplyError::Truncated`]; any other fault is [`ReplyError::Malformed`] with its line and column.
/// Nesting deeper than [`super::DEFAULT_MAX_DEPTH`] is [`ReplyError::Limit`].
pub fn parse_xml(body: &[u8]) -> Result<Node, ReplyError> {
    parse_xml_with(body, &ParseLimits::default())
}

/// [`parse_xml`] within explicit [`ParseLimits`]; the tree is built on an
/// explicit stack, so no input depth reaches the call stack.
pub fn parse_xml_with(body: &[u8], limits: &ParseLimits) -> Result<Node, ReplyError> {
    parse_xml_into(body, limits, None)
}

/// [`parse_xml_with`], handing each `<elem>` child of the root to `sink` as soon as it closes
/// instead of keeping it in the tree (the returned root holds the other children). The
/// nodes of a handed-over element are recycled for the next one, so a list of any length
/// costs the allocations of its largest element. A decode error stops the decoding (not the
/// parsing) and reaches the sink's [`ElemSink::fail`] with the element's line and column.
pub(crate) fn parse_xml_into(
    body: &[u8],
    limits: &ParseLimits,
    mut sink: Option<&mut dyn ElemSink>,
) -> Result<Node, ReplyError> {
    if let Some(e) = super::cut_off(body, Syntax::Xml, b">") {
        return Err(e);
    }
    if let Some(s) = sink.as_deref_mut() {
        s.reset();
    }
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut until_clock = CLOCK_EVERY;
    let mut pool = Pool { on: sink.is_some(), ..Pool::default() };
    let src = Src { body, text: std::str::from_utf8(body).ok() };
    // Where the open child of the root began (for the position of a decode error).
    let mut elem_start = 0usize;
    let mut failed = false;
    let mut hinted = false;
    loop {
        let before = reader.buffer_position() as usize;
        // A slice reader lends events straight from the body: no copy per event.
        let event = reader.read_event();
        let pos = reader.buffer_position() as usize;
        let malformed = |offset: usize, message: String| {
            let (line, column) = line_col(body, offset);
            ReplyError::Malformed { syntax: Syntax::Xml, line, column, message }
        };
        let limit = |message: String| {
            let (line, column) = line_col(body, pos);
            ReplyError::Limit { syntax: Syntax::Xml, line, column, message }
        };
        let opened = |o: Open, pos: usize| match o {
            Open::Malformed(m) => malformed(pos, m),
            Open::Limit(m) => limit(m),
        };
        until_clock -= 1;
        if until_clock == 0 {
            until_clock = CLOCK_EVERY;
            if limits.expired() {
                return Err(limit("parsing ran past the request deadline".into()));
            }
        }
        let event = match event {
            Ok(e) => e,
            Err(XmlError::Syntax(
                e @ (SyntaxError::UnclosedTag
                | SyntaxError::UnclosedCData
                | SyntaxError::UnclosedComment
                | SyntaxError::UnclosedDoctype
                | SyntaxError::UnclosedPIOrXmlDecl),
            )) => {
                return Err(ReplyError::Truncated {
                    syntax: Some(Syntax::Xml),
                    received: body.len(),
                    message: e.to_string(),
                });
            }
            Err(e) => return Err(malformed(reader.error_position() as usize, e.to_string())),
        };
        match event {
            Event::Start(start) => {
                if root.is_some() {
                    return Err(malformed(pos, "content after the root element".into()));
                }
                if stack.len() >= limits.max_depth {
                    return Err(limit(format!("elements nested deeper than {} levels", limits.max_depth)));
                }
                if stack.len() == 1 {
                    elem_start = before;
                }
                // Filled in place on the stack: one move of the node fewer.
                stack.push(pool.fresh());
                let node = stack.last_mut().expect("just pushed");
                fill(&start, &reader, &src, limits.max_attrs, &mut pool, node).map_err(|o| opened(o, pos))?;
            }
            Event::Empty(start) => {
                if stack.len() >= limits.max_depth {
                    return Err(limit(format!("elements nested deeper than {} levels", limits.max_depth)));
                }
                if stack.len() >= 2 {
                    // Inside an element of the root: filled in place as the parent's last child.
                    let parent = stack.last_mut().expect("checked above");
                    parent.children.push(pool.fresh());
                    let node = parent.children.last_mut().expect("just pushed");
                    fill(&start, &reader, &src, limits.max_attrs, &mut pool, node).map_err(|o| opened(o, pos))?;
                    continue;
                }
                if stack.len() == 1 {
                    elem_start = before;
                }
                let node = open(&start, &reader, &src, limits.max_attrs, &mut pool).map_err(|o| opened(o, pos))?;
                if let (Some(s), true) = (sink.as_deref_mut(), stack.len() == 1 && node.name == "elem") {
                    hand_over(s, &node, &mut failed, body, (elem_start, pos), &mut hinted);
                    pool.recycle(node);
                    continue;
                }
                close(node, &mut stack, &mut root).map_err(|m| malformed(pos, m))?;
            }
            Event::End(_) => {
                // quick-xml already checked that the end name matches.
                let mut node = stack.pop().ok_or_else(|| malformed(pos, "unexpected closing tag".into()))?;
                finish_text(&mut node, pool.on);
                if let (Some(s), true) = (sink.as_deref_mut(), stack.len() == 1 && node.name == "elem") {
                    hand_over(s, &node, &mut failed, body, (elem_start, pos), &mut hinted);
                    pool.recycle(node);
                    continue;
                }
                close(node, &mut stack, &mut root).map_err(|m| malformed(pos, m))?;
            }
            Event::Text(t) => {
                // Leading whitespace is trimmed anyway: skip the indentation of pretty-printed replies.
                if t.iter().all(u8::is_ascii_whitespace) && stack.last().is_none_or(|n| n.text.is_empty()) {
                    continue;
                }
                let text = match src.str(&t) {
                    Some(s) => std::borrow::Cow::Borrowed(s),
                    None => t.decode().map_err(|e| malformed(pos, e.to_string()))?,
                };
                push_text(&mut stack, &text, || malformed(pos, "text outside the root element".into()))?;
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&mut stack, &text, || malformed(pos, "CDATA outside the root element".into()))?;
            }
            Event::GeneralRef(r) => {
                let mut utf8 = [0u8; 4];
                let resolved: &str = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.encode_utf8(&mut utf8),
                    Ok(None) => {
                        let name = match src.str(&r) {
                            Some(s) => std::borrow::Cow::Borrowed(s),
                            None => r.decode().map_err(|e| malformed(pos, e.to_string()))?,
                        };
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| malformed(pos, format!("unknown entity `&{name};`")))?
                    }
                    Err(e) => return Err(malformed(pos, e.to_string())),
                };
                push_text(&mut stack, resolved, || malformed(pos, "entity outside the root element".into()))?;
            }
            Event::Eof => {
                return match (root, stack.last()) {
                    (Some(root), _) => Ok(root),
                    (None, Some(open)) => Err(ReplyError::Truncated {
                        syntax: Some(Syntax::Xml),
                        received: body.len(),
                        message: format!("element <{}> is not closed", open.name),
                    }),
                    (None, None) => Err(ReplyError::Truncated {
                        syntax: Some(Syntax::Xml),
                        received: body.len(),
                        message: "no root element".into(),
                    }),
                };
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
}

/// Decodes one element of the list (unless one already failed); a failure gets its position.
/// Most rows [`ElemSink::reserve`] is told to expect (a guess must not cost more than the body).
const MAX_RESERVE: usize = 1 << 16;

fn hand_over(
    sink: &mut dyn ElemSink,
    node: &Node,
    failed: &mut bool,
    body: &[u8],
    (start, end): (usize, usize),
    hinted: &mut bool,
) {
    if *failed {
        return;
    }
    if !*hinted {
        // A list's elements are alike: the first one's size guesses how many follow.
        *hinted = true;
        let rest = body.len().saturating_sub(end) / end.saturating_sub(start).max(1);
        sink.reserve((rest + rest / 8).min(MAX_RESERVE));
    }
    if let Err(e) = sink.elem(node) {
        *failed = true;
        let (line, column) = line_col(body, start);
        sink.fail(DecodeError::new(format!("{} (line {line}, column {column})", e.at), e.message));
    }
}

/// Nodes (and attribute strings) of elements already handed to a sink, cleared but keeping
/// their allocations, for the elements still to come.
#[derive(Default)]
struct Pool {
    /// Streaming: nodes come from and go back to the pool, and keep their spare capacity.
    on: bool,
    nodes: Vec<Node>,
    attrs: Vec<(String, String)>,
}

impl Pool {
    /// An empty node: from the pool when streaming.
    #[inline(always)]
    fn fresh(&mut self) -> Node {
        if self.on { self.nodes.pop().unwrap_or_default() } else { Node::default() }
    }

    fn attr(&mut self) -> (String, String) {
        self.attrs.pop().unwrap_or_default()
    }

    /// Clears `node` and its descendants into the pool (breadth-first, no recursion).
    fn recycle(&mut self, node: Node) {
        let Pool { nodes, attrs, .. } = self;
        let mut i = nodes.len();
        nodes.push(node);
        while i < nodes.len() {
            let n = &mut nodes[i];
            n.name.clear();
            n.text.clear();
            if !n.attrs.is_empty() {
                for (mut k, mut v) in n.attrs.drain(..) {
                    k.clear();
                    v.clear();
                    attrs.push((k, v));
                }
            }
            if !n.children.is_empty() {
                let mut kids = std::mem::take(&mut n.children);
                nodes.append(&mut kids);
                nodes[i].children = kids;
            }
            i += 1;
        }
    }
}

/// The body, and the same bytes as text when all of it is UTF-8 (checked once, not per name and value).
struct Src<'b> {
    body: &'b [u8],
    text: Option<&'b str>,
}

impl<'b> Src<'b> {
    /// `bytes` as text, when they are a slice of a UTF-8 body (events of a slice reader are).
    #[inline(always)]
    fn str(&self, bytes: &[u8]) -> Option<&'b str> {
        let offset = (bytes.as_ptr() as usize).checked_sub(self.body.as_ptr() as usize)?;
        self.text?.get(offset..offset.checked_add(bytes.len())?)
    }

    #[inline(always)]
    fn decode<'x>(&self, reader: &Reader<&[u8]>, bytes: &'x [u8]) -> Result<std::borrow::Cow<'x, str>, String>
    where
        'b: 'x,
    {
        match self.str(bytes) {
            Some(s) => Ok(std::borrow::Cow::Borrowed(s)),
            None => reader.decoder().decode(bytes).map_err(|e| e.to_string()),
        }
    }
}

fn open(
    start: &BytesStart<'_>,
    reader: &Reader<&[u8]>,
    src: &Src<'_>,
    max_attrs: usize,
    pool: &mut Pool,
) -> Result<Node, Open> {
    let mut node = pool.fresh();
    fill(start, reader, src, max_attrs, pool, &mut node)?;
    Ok(node)
}

/// Gives an empty `node` the name and attributes of `start`.
fn fill(
    start: &BytesStart<'_>,
    reader: &Reader<&[u8]>,
    src: &Src<'_>,
    max_attrs: usize,
    pool: &mut Pool,
    node: &mut Node,
) -> Result<(), Open> {
    node.name.push_str(&src.decode(reader, start.name().as_ref())?);
    if start.attributes_raw().iter().all(u8::is_ascii_whitespace) {
        // No attributes (most elements): nothing to iterate or check.
        return Ok(());
    }
    // quick-xml's duplicate check compares each attribute with all before it
    // (quadratic in their count); one set does it in linear time.
    for attr in start.attributes().with_checks(false) {
        if node.attrs.len() == max_attrs {
            return Err(Open::Limit(format!("more than {max_attrs} attributes in <{}>", node.name)));
        }
        let attr = attr.map_err(|e| e.to_string())?;
        let (mut key, mut value) = if pool.on { pool.attr() } else { Default::default() };
        key.push_str(&src.decode(reader, attr.key.as_ref())?);
        let fast = src.str(&attr.value).and_then(|v| match v.contains('&') {
            true => quick_xml::escape::unescape(v).ok(),
            false => Some(std::borrow::Cow::Borrowed(v)),
        });
        match fast {
            Some(v) => value.push_str(&v),
            // Not UTF-8 or a bad reference: quick-xml's own path words the error.
            _ => value.push_str(&attr.decode_and_unescape_value(reader.decoder()).map_err(|e| e.to_string())?),
        }
        node.attrs.push((key, value));
    }
    if !pool.on {
        // A vector's first allocation holds four pairs (192 bytes); most elements have one or two.
        node.attrs.shrink_to_fit();
    }
    if let Some(dup) = duplicate(&node.attrs) {
        return Err(Open::Malformed(format!("attribute `{dup}` repeated in <{}>", node.name)));
    }
    Ok(())
}

/// Why an element could not be opened.
enum Open {
    Malformed(String),
    Limit(String),
}

impl From<String> for Open {
    fn from(m: String) -> Self {
        Open::Malformed(m)
    }
}

fn duplicate(attrs: &[(String, String)]) -> Option<&str> {
    if attrs.len() <= 8 {
        return attrs
            .iter()
            .enumerate()
            .find(|(i, (k, _))| attrs[..*i].iter().any(|(o, _)| o == k))
            .map(|(_, (k, _))| k.as_str());
    }
    let mut seen = std::collections::HashSet::with_capacity(attrs.len());
    attrs.iter().map(|(k, _)| k.as_str()).find(|k| !seen.insert(*k))
}

fn push_text(stack: &mut [Node], text: &str, outside: impl FnOnce() -> ReplyError) -> Result<(), ReplyError> {
    match stack.last_mut() {
        Some(node) => {
            node.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(outside()),
    }
}

fn finish_text(node: &mut Node, pooled: bool) {
    let b = node.text.as_bytes();
    if b.is_empty()
        || (!b[0].is_ascii_whitespace()
            && !b[b.len() - 1].is_ascii_whitespace()
            && b[0] < 0x80
            && b[b.len() - 1] < 0x80)
    {
        // Nothing to trim (ASCII ends that are not blank; other ends take `trim`'s Unicode rules).
        if !pooled {
            node.children.shrink_to_fit();
        }
        return;
    }
    let end = node.text.trim_end().len();
    let mut trimmed = end < node.text.len();
    node.text.truncate(end);
    let start = node.text.len() - node.text.trim_start().len();
    trimmed |= start > 0;
    if start > 0 {
        node.text.drain(..start);
    }
    if !pooled {
        if trimmed {
            node.text.shrink_to_fit();
        }
        // Growth leaves up to half of a large child list unused; a closed element gets no more
        // children, so the tree keeps only what it holds (a reply's memory tracks its size).
        node.children.shrink_to_fit();
    }
}

fn close(node: Node, stack: &mut [Node], root: &mut Option<Node>) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => {
            parent.children.push(node);
            Ok(())
        }
        None if root.is_none() => {
            *root = Some(node);
            Ok(())
        }
        None => Err("a second root element".into()),
    }
}

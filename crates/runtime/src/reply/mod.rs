//! Reply bodies into the [`Node`] tree: XML, `$`-keyed JSON (`out=json` / `sjson`)
//! and the flat `out=JSONdata` form, with errors that say where a body broke.
//!
//! The format is sniffed from the body, not trusted from the request, because
//! panels answer some failures (an expired login, a proxy error) with HTML.

mod json;
mod write;
mod xml;

use std::fmt;
use std::time::Instant;

use crate::decode::ElemSink;
use crate::node::Node;

pub use json::{parse_json, parse_json_with};
pub use write::{
    ALWAYS_ARRAY, escape, is_xml_char, is_xml_name, write_json, write_json_data, write_json_pretty, write_xml,
};
pub use xml::{parse_xml, parse_xml_with};

/// Default deepest element nesting a reply may have; real replies stay under 10.
pub const DEFAULT_MAX_DEPTH: usize = 256;
/// Default most attributes per element; metadata replies stay under 30.
pub const DEFAULT_MAX_ATTRS: usize = 1024;

/// What a reply may cost to parse: hostile bodies stop with [`ReplyError::Limit`].
///
/// Size is bounded before parsing (the HTTP client caps the body); these bound
/// the work done on what arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Deepest element nesting accepted (the root is level 1). JSON is
    /// additionally capped at 128 levels by serde_json.
    pub max_depth: usize,
    /// Most attributes one XML element may carry (real replies have a handful).
    pub max_attrs: usize,
    /// Parsing stops when this instant passes (clients set it to the end of the request timeout).
    pub deadline: Option<Instant>,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits { max_depth: DEFAULT_MAX_DEPTH, max_attrs: DEFAULT_MAX_ATTRS, deadline: None }
    }
}

impl ParseLimits {
    /// Limits with a deadline.
    pub fn until(deadline: Instant) -> Self {
        ParseLimits { deadline: Some(deadline), ..ParseLimits::default() }
    }

    pub(crate) fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// Events or values parsed between two looks at the clock.
pub(crate) const CLOCK_EVERY: u32 = 4096;

/// The syntax of a reply body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// XML (`out=xml`, `out=devel`).
    Xml,
    /// JSON (`out=json`, `out=sjson`, `out=JSONdata`).
    Json,
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Xml => "XML",
            Syntax::Json => "JSON",
        })
    }
}

/// A reply body that is not a usable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyError {
    /// The body is XML or JSON but broken at `line`:`column` (1-based).
    Malformed {
        /// Syntax of the body.
        syntax: Syntax,
        /// Line of the fault.
        line: usize,
        /// Column of the fault (in characters).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The body ended in the middle of the document (a dropped connection or a cut proxy buffer).
    Truncated {
        /// Syntax of the body, when known.
        syntax: Option<Syntax>,
        /// Bytes received.
        received: usize,
        /// What was still open.
        message: String,
    },
    /// The body is neither XML nor JSON (an HTML login page, a proxy error page, plain text).
    Unrecognized {
        /// HTTP status, when the reply came over HTTP.
        status: Option<u16>,
        /// `Content-Type`, when given.
        content_type: Option<String>,
        /// The first characters of the body, whitespace collapsed and secrets removed.
        snippet: String,
    },
    /// The body broke a [`ParseLimits`] bound at `line`:`column` (nesting too deep,
    /// parse time exhausted): it is refused rather than parsed further.
    Limit {
        /// Syntax of the body.
        syntax: Syntax,
        /// Line where parsing stopped.
        line: usize,
        /// Column where parsing stopped (in characters).
        column: usize,
        /// Which limit.
        message: String,
    },
    /// The body is empty.
    Empty {
        /// HTTP status, when the reply came over HTTP.
        status: Option<u16>,
    },
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::Malformed { syntax, line, column, message } => {
                write!(f, "malformed {syntax} reply at line {line}, column {column}: {message}")
            }
            ReplyError::Truncated { syntax, received, message } => {
                let s = syntax.map(|s| format!("{s} ")).unwrap_or_default();
                write!(f, "truncated {s}reply after {received} bytes: {message}")
            }
            ReplyError::Unrecognized { status, content_type, snippet } => {
                f.write_str("reply is neither XML nor JSON")?;
                if let Some(s) = status {
                    write!(f, " (HTTP {s}")?;
                    if let Some(ct) = content_type {
                        write!(f, ", {ct}")?;
                    }
                    f.write_str(")")?;
                }
                write!(f, ": \"{snippet}\"")
            }
            ReplyError::Limit { syntax, line, column, message } => {
                write!(f, "{syntax} reply refused at line {line}, column {column}: {message}")
            }
            ReplyError::Empty { status: Some(s) } => write!(f, "empty reply (HTTP {s})"),
            ReplyError::Empty { status: None } => f.write_str("empty reply"),
        }
    }
}

impl std::error::Error for ReplyError {}

/// A body whose last non-blank byte cannot end its syntax (`>` for XML, `}`/`]` for JSON) is
/// cut off: said at once, before a tree of the whole body is built only to be thrown away.
pub(crate) fn cut_off(body: &[u8], syntax: Syntax, closers: &[u8]) -> Option<ReplyError> {
    let end = body.iter().rposition(|b| !b.is_ascii_whitespace())?;
    if closers.contains(&body[end]) {
        return None;
    }
    let want: Vec<String> = closers.iter().map(|c| format!("`{}`", *c as char)).collect();
    // The body's own bytes stay out of the message: a reply may echo what was sent.
    Some(ReplyError::Truncated {
        syntax: Some(syntax),
        received: body.len(),
        message: format!("the body ends without a closing {}", want.join(" or ")),
    })
}

/// Longest snippet of an unrecognized body kept in an error.
pub const SNIPPET_CHARS: usize = 120;

/// Parses a reply body of either syntax into its `doc` node.
///
/// `status`/`content_type` only enrich the error for a body that is neither syntax.
/// The snippet is whitespace-collapsed and cut to [`SNIPPET_CHARS`]; callers that
/// know secrets scrub it further (see `crate::redact`).
pub fn parse_reply(body: &[u8], status: Option<u16>, content_type: Option<&str>) -> Result<Node, ReplyError> {
    parse_reply_with(body, status, content_type, &ParseLimits::default())
}

/// [`parse_reply`] within explicit [`ParseLimits`].
pub fn parse_reply_with(
    body: &[u8],
    status: Option<u16>,
    content_type: Option<&str>,
    limits: &ParseLimits,
) -> Result<Node, ReplyError> {
    parse_reply_into(body, status, content_type, limits, None)
}

/// [`parse_reply_with`], handing the `<elem>` children of the root to `sink` instead of
/// keeping them in the returned tree. XML elements are decoded as each one closes and their
/// nodes reused for the next; a decode error reaches [`ElemSink::fail`] with the element's
/// line and column. JSON is parsed whole first, then its elements handed over in order.
pub fn parse_reply_into(
    body: &[u8],
    status: Option<u16>,
    content_type: Option<&str>,
    limits: &ParseLimits,
    sink: Option<&mut dyn ElemSink>,
) -> Result<Node, ReplyError> {
    let trimmed = trim_start(body);
    match trimmed.first() {
        None => Err(ReplyError::Empty { status }),
        Some(b'{') | Some(b'[') => {
            let mut doc = parse_json_with(body, limits)?;
            if let Some(sink) = sink {
                hand_over_elems(&mut doc, sink);
            }
            Ok(doc)
        }
        Some(b'<') if !looks_like_html(trimmed) => xml::parse_xml_into(body, limits, sink),
        _ => Err(ReplyError::Unrecognized {
            status,
            content_type: content_type.map(str::to_owned),
            snippet: snippet(body),
        }),
    }
}

/// Moves the `<elem>` children of a parsed document into `sink`, in order.
fn hand_over_elems(doc: &mut Node, sink: &mut dyn ElemSink) {
    sink.reset();
    let mut failed = false;
    let children = std::mem::take(&mut doc.children);
    for child in children {
        if child.name != "elem" {
            doc.children.push(child);
        } else if !failed && let Err(e) = sink.elem(&child) {
            failed = true;
            sink.fail(e);
        }
    }
}

fn trim_start(body: &[u8]) -> &[u8] {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let n = body.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &body[n..]
}

fn looks_like_html(body: &[u8]) -> bool {
    let head: Vec<u8> = body.iter().take(64).map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html") || head.starts_with(b"<head")
}

/// The start of a body for an error message: lossy UTF-8, whitespace collapsed, cut short.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_CHARS * 4)]);
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > SNIPPET_CHARS {
        out = out.chars().take(SNIPPET_CHARS).collect::<String>() + "…";
    }
    out
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

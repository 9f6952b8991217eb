//! Small non-generic helpers generated `FromElem` / `FromDoc` impls call, one per field.

use std::fmt;

use crate::node::Node;
use crate::request::{FromDoc, FromElem};
use crate::secret::Secret;

/// A reply that could not be decoded into the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where: `elem[3].disk@used`, `doc`, `line 4, column 7`.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl DecodeError {
    /// Builds an error.
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError { at: at.into(), message: message.into() }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode reply at {}: {}", self.at, self.message)
    }
}

impl std::error::Error for DecodeError {}

/// A successful action: `<ok/>` or `<ok>restart</ok>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    /// The panel asks for a web server restart.
    pub restart: bool,
}

impl FromDoc for Done {
    fn from_doc(doc: &Node) -> Result<Self, DecodeError> {
        match doc.child("ok") {
            Some(ok) => Ok(Done { restart: ok.text.trim() == "restart" }),
            // Some panels answer a successful action with an empty document.
            None if doc.child("elem").is_none() => Ok(Done { restart: false }),
            None => Err(DecodeError::new("doc", "expected <ok/>, got a list")),
        }
    }
}

impl FromDoc for Node {
    fn from_doc(doc: &Node) -> Result<Self, DecodeError> {
        Ok(doc.clone())
    }
}

impl<T: FromElem> FromDoc for Vec<T> {
    fn from_doc(doc: &Node) -> Result<Self, DecodeError> {
        doc.children_named("elem").enumerate().map(|(i, e)| T::from_elem(e).map_err(|err| in_elem(i, err))).collect()
    }

    fn streamed<'a>() -> Option<Box<dyn Streamed<Self> + 'a>>
    where
        Self: 'a,
    {
        Some(Box::new(ElemList::<T> { items: Vec::new(), error: None }))
    }
}

fn in_elem(i: usize, err: DecodeError) -> DecodeError {
    DecodeError::new(format!("elem[{i}].{}", err.at), err.message)
}

/// Takes the `<elem>` children of a reply's root one by one while the body is parsed
/// ([`crate::reply::parse_reply_into`]), so a list reply is decoded without a tree of the whole list.
pub trait ElemSink: Send {
    /// Forgets what earlier elements gave (a parse starts).
    fn reset(&mut self);
    /// Decodes the next element, in document order.
    fn elem(&mut self, elem: &Node) -> Result<(), DecodeError>;
    /// An element failed to decode (the error names it and its position); no more follow.
    fn fail(&mut self, err: DecodeError);
    /// About `additional` more elements are likely to follow (a guess from the first one's size).
    fn reserve(&mut self, additional: usize) {
        let _ = additional;
    }
}

/// A reply type decoded while its body is parsed ([`FromDoc::streamed`]).
pub trait Streamed<T>: ElemSink {
    /// The sink the parser feeds.
    fn sink(&mut self) -> &mut dyn ElemSink;
    /// The reply, from the elements taken and the rest of the document (`doc` without its `<elem>`s).
    fn finish(self: Box<Self>, doc: &Node) -> Result<T, DecodeError>;
}

/// `Vec<T>` streamed: each element decoded into a row as soon as it closes.
struct ElemList<T> {
    items: Vec<T>,
    error: Option<DecodeError>,
}

impl<T: FromElem> ElemSink for ElemList<T> {
    fn reset(&mut self) {
        self.items.clear();
        self.error = None;
    }

    fn elem(&mut self, elem: &Node) -> Result<(), DecodeError> {
        let row = T::from_elem(elem).map_err(|err| in_elem(self.items.len(), err))?;
        self.items.push(row);
        Ok(())
    }

    fn fail(&mut self, err: DecodeError) {
        self.error.get_or_insert(err);
    }

    fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
    }
}

impl<T: FromElem> Streamed<Vec<T>> for ElemList<T> {
    fn sink(&mut self) -> &mut dyn ElemSink {
        self
    }

    fn finish(self: Box<Self>, _doc: &Node) -> Result<Vec<T>, DecodeError> {
        match self.error {
            Some(e) => Err(e),
            None => {
                let mut items = self.items;
                // The reservation was a guess; a list that came out much shorter gives the rest back.
                if items.capacity() - items.len() > items.len() / 4 {
                    items.shrink_to_fit();
                }
                Ok(items)
            }
        }
    }
}

/// Parses a reply body (XML or JSON) and decodes it as `T`, the way the ISPsystem client does:
/// a list's elements are decoded while the body is parsed ([`FromDoc::streamed`]), and an
/// error reply is [`crate::Error::Panel`].
pub fn decode_reply<T: FromDoc>(body: &[u8]) -> Result<T, crate::Error> {
    decode_reply_with(body, &crate::ParseLimits::default())
}

/// [`decode_reply`] within explicit [`crate::ParseLimits`].
pub fn decode_reply_with<T: FromDoc>(body: &[u8], limits: &crate::ParseLimits) -> Result<T, crate::Error> {
    let mut streamed = T::streamed();
    let doc = crate::reply::parse_reply_into(body, None, None, limits, streamed.as_mut().map(|s| s.sink()))
        .map_err(crate::Error::Reply)?;
    if let Some(err) = crate::PanelError::from_doc(&doc) {
        return Err(crate::Error::Panel(Box::new(err)));
    }
    match streamed {
        Some(s) => s.finish(&doc),
        None => T::from_doc(&doc),
    }
    .map_err(crate::Error::Decode)
}

/// A `used` / `limit` pair (`<disk used="39" limit="50"/>`). Values are kept as
/// numbers when they parse; panels print sizes with decimals.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct UsedLimit {
    /// Used amount.
    pub used: Option<f64>,
    /// Limit; `None` when unlimited or not given.
    pub limit: Option<f64>,
}

/// Text of a child element.
pub fn text(n: &Node, name: &str) -> Option<String> {
    n.child(name).map(|c| c.text.clone())
}

/// A child parsed as an integer; absent or empty is `None`.
pub fn int(n: &Node, name: &str) -> Result<Option<i64>, DecodeError> {
    n.field(name)
}

/// A child parsed as a decimal number; absent or empty is `None`.
pub fn float(n: &Node, name: &str) -> Result<Option<f64>, DecodeError> {
    n.field(name)
}

/// A property flag: present as an empty element, or with text `on` / `yes`.
pub fn flag(n: &Node, name: &str) -> bool {
    n.child(name).is_some_and(is_on)
}

fn is_on(c: &Node) -> bool {
    matches!(trim(&c.text), "" | "on" | "yes" | "true" | "1")
}

/// A space-separated list.
pub fn list(n: &Node, name: &str) -> Vec<String> {
    n.child(name).map(|c| c.text.split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
}

/// A `used` / `limit` attribute pair.
pub fn used_limit(n: &Node, name: &str) -> Result<Option<UsedLimit>, DecodeError> {
    n.field(name)
}

fn used_limit_of(c: &Node, name: &str) -> Result<UsedLimit, DecodeError> {
    let num = |attr: &str| -> Result<Option<f64>, DecodeError> {
        match c.attr(attr).map(trim) {
            None | Some("") => Ok(None),
            Some(t) => parse_f64(t)
                .map(Some)
                .ok_or_else(|| DecodeError::new(format!("{name}@{attr}"), format!("`{t}` is not a number"))),
        }
    };
    Ok(UsedLimit { used: num("used")?, limit: num("limit")? })
}

/// A reply field's Rust type, decoded from the child element of that name: one generic
/// [`Node::field`] (or [`Fields::field`]) instead of a decoder call chosen per field in generated code.
pub trait FromField: Sized {
    /// Decodes the field from its element `c` (`None`: absent, which is `None`, `false` or empty);
    /// `name` is the field's wire name, for errors.
    fn from_child(c: Option<&Node>, name: &str) -> Result<Self, DecodeError>;

    /// Decodes child `name` of `n` (absent is `None`, `false` or empty).
    fn from_field(n: &Node, name: &str) -> Result<Self, DecodeError> {
        Self::from_child(n.child(name), name)
    }
}

/// `str::trim`, without its Unicode scan when both ends are plain ASCII (the usual value).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A decimal number; sizes are mostly whole, and up to 15 digits convert exactly without the float parser.
fn parse_f64(t: &str) -> Option<f64> {
    if t.len() <= 15 {
        let mut n = 0u64;
        for b in t.bytes() {
            if !b.is_ascii_digit() {
                return t.parse().ok();
            }
            n = n * 10 + u64::from(b - b'0');
        }
        if !t.is_empty() {
            return Some(n as f64);
        }
    }
    t.parse().ok()
}

fn num<T: std::str::FromStr>(c: Option<&Node>, at: &str, what: &str) -> Result<Option<T>, DecodeError> {
    match c.map(|c| trim(&c.text)) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| DecodeError::new(at, format!("`{t}` is not {what}"))),
    }
}

impl FromField for Option<String> {
    fn from_child(c: Option<&Node>, _: &str) -> Result<Self, DecodeError> {
        Ok(c.map(|c| c.text.clone()))
    }
}

impl FromField for Option<i64> {
    fn from_child(c: Option<&Node>, name: &str) -> Result<Self, DecodeError> {
        num(c, name, "an integer")
    }
}

impl FromField for Option<f64> {
    fn from_child(c: Option<&Node>, name: &str) -> Result<Self, DecodeError> {
        num(c, name, "a number")
    }
}

impl FromField for bool {
    fn from_child(c: Option<&Node>, _: &str) -> Result<Self, DecodeError> {
        Ok(c.is_some_and(is_on))
    }
}

impl FromField for Vec<String> {
    fn from_child(c: Option<&Node>, _: &str) -> Result<Self, DecodeError> {
        Ok(c.map(|c| c.text.split_whitespace().map(str::to_owned).collect()).unwrap_or_default())
    }
}

impl FromField for Option<UsedLimit> {
    fn from_child(c: Option<&Node>, name: &str) -> Result<Self, DecodeError> {
        c.map(|c| used_limit_of(c, name)).transpose()
    }
}

impl FromField for Option<crate::Secret> {
    fn from_child(c: Option<&Node>, _: &str) -> Result<Self, DecodeError> {
        Ok(c.map(|c| Secret::new(c.text.clone())))
    }
}

impl<E: WireEnum> FromField for Option<E> {
    fn from_child(c: Option<&Node>, _: &str) -> Result<Self, DecodeError> {
        Ok(c.map(|c| E::from_wire(&c.text)))
    }
}

impl Node {
    /// Child `name` decoded as a reply field of type `T` ([`FromField`]).
    pub fn field<T: FromField>(&self, name: &str) -> Result<T, DecodeError> {
        T::from_field(self, name)
    }

    /// A cursor over this element's fields, for decoding them in declaration order ([`Fields::field`]).
    pub fn fields(&self) -> Fields<'_> {
        Fields { node: self, next: 0, in_order: true }
    }
}

/// Decodes the fields of one element in declaration order. Panels send fields in that order,
/// so the search for the next field starts after the last one found; the result is always
/// [`Node::field`]'s (the first child of the name), provided each name is asked once (as in
/// generated decoders, whose fields have distinct wire names).
pub struct Fields<'a> {
    node: &'a Node,
    /// The child after the last one found.
    next: usize,
    /// Every child before `next` was found in turn (none skipped), so each of them is named
    /// after a field already asked for, and a name asked now first appears at `next` or later.
    in_order: bool,
}

/// `a == b`, rejecting most different names of one length by their first byte before comparing all.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Byte by byte: field names are short, and a library compare costs more than the loop.
    a.len() == b.len() && a.first() == b.first() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl<'a> Fields<'a> {
    /// Child `name` decoded as a reply field of type `T` ([`FromField`]).
    pub fn field<T: FromField>(&mut self, name: &str) -> Result<T, DecodeError> {
        T::from_child(self.child(name), name)
    }

    fn child(&mut self, name: &str) -> Option<&'a Node> {
        let kids = &self.node.children;
        let from = if self.in_order { self.next } else { 0 };
        let i = from + kids.get(from..)?.iter().position(|c| same_name(&c.name, name))?;
        if i != self.next {
            self.in_order = false;
        }
        self.next = i + 1;
        Some(&kids[i])
    }
}

/// A reply enum: its known values as a static table, and `Unknown` for the rest.
///
/// Generated reply enums implement it with one table line instead of two `match`es;
/// decoding and spelling are these provided methods.
pub trait WireEnum: Sized + Clone + PartialEq + 'static {
    /// Wire value and variant of every known value.
    const WIRE: &'static [(&'static str, Self)];

    /// The `Unknown` variant's constructor (`Self::Unknown`, a `fn` item: no body to generate).
    const UNKNOWN: fn(String) -> Self;

    /// The text of the `Unknown` variant; `None` for a known value.
    fn as_unknown(&self) -> Option<&str>;

    /// Decodes a wire value (`Unknown` when the table does not list it).
    fn from_wire(s: &str) -> Self {
        Self::WIRE
            .iter()
            .find(|(w, _)| *w == s)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| (Self::UNKNOWN)(s.to_owned()))
    }

    /// The value on the wire.
    fn wire(&self) -> &str {
        match self.as_unknown() {
            Some(s) => s,
            None => Self::WIRE.iter().find(|(_, v)| v == self).map_or("", |(w, _)| w),
        }
    }
}

/// A form reply's secret field (panels rarely send them back).
pub fn secret(n: &Node, name: &str) -> Option<Secret> {
    n.child(name).map(|c| Secret::new(c.text.clone()))
}

/// A list field split by a separator other than whitespace.
pub fn list_by(n: &Node, name: &str, sep: &str) -> Vec<String> {
    n.child(name)
        .map(|c| c.text.split(sep).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

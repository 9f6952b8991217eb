//! XML well-formedness and positions, apart from what the elements mean.
//!
//! Metadata files come from third-party plugins and from live panels, so a broken
//! one must stop with the file, line and column a maintainer can open, never panic
//! and never pass silently. quick-xml checks less than that (text after the root,
//! unclosed elements at the end, undefined entities, encodings), so those checks
//! live here, once, instead of in every element handler. The loop keeps open
//! elements on an explicit stack: nesting depth costs memory, never the call stack.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::events::{BytesCData, BytesDecl, BytesRef, BytesStart, BytesText, Event};

use super::{Context, Parser};
use crate::Warning;
use crate::position::byte_position;

/// Malformed XML: where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct XmlError {
    /// The input file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// One attribute of an element: `(name, value)`, the value unescaped. Both borrow from
/// the input unless the value had to be unescaped.
pub(super) type Attr<'a> = (&'a str, Cow<'a, str>);

/// A start tag being interpreted: its name and attributes, read once, borrowed from the input.
#[derive(Clone, Copy)]
pub(super) struct Tag<'t, 'a> {
    pub(super) name: &'a str,
    pub(super) attrs: &'t [Attr<'a>],
    /// Byte offset of the `<`.
    pub(super) at: u64,
}

/// The value of attribute `key`, if given.
pub(super) fn attr<'v>(attrs: &'v [Attr<'_>], key: &str) -> Option<&'v str> {
    attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_ref())
}

/// `inner` as a part of `outer` (which it was sliced from), without decoding it again.
fn part_of<'a>(outer: &'a str, inner: &[u8]) -> Option<&'a str> {
    let start = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    outer.get(start..start.checked_add(inner.len())?)
}

/// The input as text: a leading byte order mark dropped, anything but UTF-8 refused.
pub(super) fn decode_utf8<'i>(input: &'i [u8], file: &str) -> Result<&'i str, XmlError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    std::str::from_utf8(input).map_err(|e| {
        let (line, column) = byte_position(input, e.valid_up_to());
        XmlError { file: file.into(), line, column, message: "invalid UTF-8".into() }
    })
}

/// Most attributes one tag may have. Metadata tags carry a dozen at most; the bound keeps
/// the check for repeated names (each against those before it) from turning quadratic on a
/// hostile file.
const MAX_ATTRS: usize = 1024;

/// The attributes of the tag at `text[..end]`, from byte `from` (just after its name), still
/// escaped, when they are all well formed and distinct: `None` (with `out` partly filled) at
/// anything quick-xml would refuse, so that its own reading reports it. The same grammar as
/// quick-xml's (XML, not HTML, attributes), without its allocation per tag for finding
/// repeated names.
///
/// Names and values are found eight bytes at a time ([`scan`]): they are short (a few bytes
/// each in real files), so a byte loop pays a mispredicted exit for nearly every one, several
/// per tag. The scans may read past `end` (the rest of the document); nothing there is used.
fn split_attrs<'a>(text: &'a str, from: usize, end: usize, out: &mut Vec<Attr<'a>>) -> Option<Refs> {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let skip_ws = |mut i: usize| {
        while i < end && is_ws(b[i]) {
            i += 1;
        }
        i
    };
    let mut refs = Refs::None;
    let mut i = skip_ws(from);
    while i < end {
        let key_start = i;
        let key_end = scan(b, i, end, |w| eq_mask(w, b'=') | below_33_mask(w), |c| c == b'=' || is_ws(c));
        i = skip_ws(key_end);
        if key_end == key_start || i >= end || b[i] != b'=' {
            return None;
        }
        i = skip_ws(i + 1);
        let quote = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) if i < end => q,
            _ => return None,
        };
        let value_start = i + 1;
        let mut value_end = value_start;
        loop {
            value_end = scan(b, value_end, end, |w| eq_mask(w, quote) | eq_mask(w, b'&'), |c| c == quote || c == b'&');
            if value_end < end && b[value_end] == b'&' {
                refs = Refs::Some;
                value_end += 1;
                continue;
            }
            break;
        }
        let (Some(key), Some(value)) = (text.get(key_start..key_end), text.get(value_start..value_end)) else {
            return None;
        };
        if value_end >= end || out.len() >= MAX_ATTRS || out.iter().any(|(k, _)| *k == key) {
            return None;
        }
        out.push((key, Cow::Borrowed(value)));
        i = skip_ws(value_end + 1);
    }
    Some(refs)
}

/// XML whitespace, as quick-xml reads it between attributes.
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\r' | b'\n' | b'\t')
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `c`. Exact up to its lowest set bit (above a
/// match, a borrow may flag more), which is all [`scan`] uses.
fn eq_mask(word: u64, c: u8) -> u64 {
    let x = word ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `word` below 33 (space and the control characters), exact up
/// to its lowest set bit.
fn below_33_mask(word: u64) -> u64 {
    word.wrapping_sub(ONES * 33) & !word & HIGHS
}

/// The first index in `i..end` whose byte `is_stop` accepts, else `end`. `candidates` flags,
/// for eight bytes read as one little-endian word, a superset of the stops (exact up to its
/// lowest flag); a flagged byte that is not a stop is stepped over.
fn scan(b: &[u8], mut i: usize, end: usize, candidates: impl Fn(u64) -> u64, is_stop: impl Fn(u8) -> bool) -> usize {
    while i < end {
        match b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            Some(chunk) => {
                let flags = candidates(u64::from_le_bytes(*chunk));
                if flags == 0 {
                    i += 8;
                    continue;
                }
                let j = i + (flags.trailing_zeros() / 8) as usize;
                if j >= end {
                    return end;
                }
                if is_stop(b[j]) {
                    return j;
                }
                i = j + 1;
            }
            None => {
                if is_stop(b[i]) {
                    return i;
                }
                i += 1;
            }
        }
    }
    end
}

/// Whether some attribute value holds a reference (`&...;`) to resolve.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refs {
    None,
    Some,
}

/// Where in the tag (after `<`) an attribute error is, and what it is.
fn attr_error(err: &AttrError) -> (usize, &'static str) {
    match err {
        AttrError::ExpectedEq(p) => (*p, "a name must be followed by `=`"),
        AttrError::ExpectedValue(p) => (*p, "`=` must be followed by a value"),
        AttrError::UnquotedValue(p) => (*p, "value must be in quotes"),
        AttrError::ExpectedQuote(p, _) => (*p, "closing quote missing"),
        AttrError::Duplicated(p, _) => (*p, "attribute given twice"),
    }
}

/// The elements open at a point of the reading, and what was seen of the root.
#[derive(Default)]
struct Tree {
    /// Open elements, innermost last, each with the byte offset of its start tag.
    open: Vec<(Context, u64)>,
    /// For each open element, whether its text is kept: it holds text, or it is inline
    /// markup inside an element that does. Found once when it opens, so deep inline
    /// markup costs no walk back per element.
    holders: Vec<bool>,
    /// The text of the innermost text-holding element (holders never nest: everything
    /// inside one is inline markup), cleared when one opens.
    text: String,
    root_name: String,
    seen_root: bool,
    root_closed: bool,
}

impl Tree {
    /// Whether text read now is kept (the innermost element holds text).
    fn keeps_text(&self) -> bool {
        self.open.last().is_some_and(|(context, _)| context.keeps_text())
    }

    /// Adds text to the nearest text-holding element, looking through inline markup.
    fn append_text(&mut self, s: &str) {
        if let Some(true) = self.holders.last() {
            self.text.push_str(s);
        }
    }

    fn push(&mut self, context: Context, at: u64) {
        let holder = if matches!(context, Context::Inline) {
            self.holders.last().copied().unwrap_or(false)
        } else {
            context.holds_text()
        };
        self.open.push((context, at));
        self.holders.push(holder);
    }

    fn pop(&mut self) -> Option<(Context, u64)> {
        self.holders.pop();
        self.open.pop()
    }

    fn note_closed(&mut self) {
        if self.open.is_empty() {
            self.root_closed = true;
        }
    }
}

impl<'a> Parser<'a> {
    /// Line and column of a byte offset.
    pub(super) fn position(&mut self, offset: u64) -> (usize, usize) {
        self.lines.position(usize::try_from(offset).unwrap_or(usize::MAX))
    }

    pub(super) fn error(&mut self, offset: u64, message: impl Into<String>) -> XmlError {
        let (line, column) = self.position(offset);
        XmlError { file: self.file.clone(), line, column, message: message.into() }
    }

    pub(super) fn warn(&mut self, offset: u64, message: impl Into<String>) {
        let (line, column) = self.position(offset);
        self.doc.warnings.push(Warning { file: self.file.clone(), line, column, message: message.into() });
    }

    /// A warning tied to a line only.
    pub(super) fn warn_at_line(&mut self, line: usize, message: impl Into<String>) {
        self.doc.warnings.push(Warning::new(&self.file, line, message));
    }

    /// Warns about each attribute of `tag` not in `known`.
    pub(super) fn check_attrs(&mut self, tag: Tag<'_, '_>, known: &[&str]) {
        for (k, _) in tag.attrs {
            if !known.contains(k) {
                self.warn(tag.at, format!("unknown attribute `{k}` on <{}> ignored", tag.name));
            }
        }
    }

    /// All attributes of the tag `raw` (the text between `<` and `>`, its name the first
    /// `name_len` bytes) into `out`, unescaped only when they contain a reference;
    /// malformed ones are errors.
    fn read_attrs(&mut self, raw: &'a str, name_len: usize, at: u64, out: &mut Vec<Attr<'a>>) -> Result<(), XmlError> {
        let name = raw.get(..name_len).unwrap_or(raw);
        // `raw` is a part of the input (see `start_element`), so the scans may read on past it;
        // were it not, quick-xml's own reading below takes it.
        let tag_start = (raw.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|&start| start.checked_add(raw.len()).and_then(|end| self.text.get(start..end)) == Some(raw));
        let fast = tag_start.and_then(|start| split_attrs(self.text, start + name_len, start + raw.len(), out));
        if let Some(refs) = fast {
            if refs == Refs::None {
                return Ok(());
            }
            for (key, value) in out.iter_mut() {
                if value.contains('&') {
                    let v = quick_xml::escape::unescape(value)
                        .map_err(|err| self.error(at, format!("bad value of attribute `{key}` in <{name}>: {err}")))?;
                    *value = Cow::Owned(v.into_owned());
                }
            }
            return Ok(());
        }
        // Something is off: quick-xml's reading says what and where.
        out.clear();
        for a in Attributes::new(raw, name_len) {
            if out.len() >= MAX_ATTRS {
                return Err(self.error(at, format!("more than {MAX_ATTRS} attributes in <{name}>")));
            }
            let a = a.map_err(|err| {
                let (pos, what) = attr_error(&err);
                self.error(at + 1 + pos as u64, format!("bad attribute in <{name}>: {what}"))
            })?;
            let key = part_of(raw, a.key.into_inner()).unwrap_or_default();
            let value = match &a.value {
                Cow::Borrowed(b) => part_of(raw, b).unwrap_or_default(),
                Cow::Owned(_) => return Err(self.error(at, format!("bad value of attribute `{key}` in <{name}>"))),
            };
            let value = if value.contains('&') {
                let v = quick_xml::escape::unescape(value)
                    .map_err(|err| self.error(at, format!("bad value of attribute `{key}` in <{name}>: {err}")))?;
                Cow::Owned(v.into_owned())
            } else {
                Cow::Borrowed(value)
            };
            out.push((key, value));
        }
        Ok(())
    }

    /// Reads the whole document, handing each element to `Parser::open` and
    /// `Parser::close`.
    pub(super) fn read_document(&mut self) -> Result<(), XmlError> {
        let mut reader = Reader::from_str(self.text);
        let mut tree = Tree::default();
        loop {
            let at = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    let offset = reader.error_position();
                    return Err(self.error(offset, err.to_string()));
                }
            };
            match event {
                Event::Decl(decl) => self.read_declaration(&decl, at)?,
                Event::Start(_) | Event::Empty(_) if tree.root_closed => {
                    return Err(self.error(at, "content after the root element"));
                }
                Event::Start(start) => {
                    let context = self.start_element(&mut tree, start, at)?;
                    tree.push(context, at);
                }
                Event::Empty(start) => {
                    let context = self.start_element(&mut tree, start, at)?;
                    self.close(context, at, &tree.text);
                    tree.note_closed();
                }
                Event::End(_) => {
                    let Some((context, _)) = tree.pop() else {
                        return Err(self.error(at, "end tag without a start tag"));
                    };
                    self.close(context, at, &tree.text);
                    tree.note_closed();
                }
                Event::Text(text) => self.read_text(&mut tree, &text, at)?,
                Event::CData(cdata) => self.read_cdata(&mut tree, &cdata, at)?,
                Event::GeneralRef(reference) => self.read_reference(&mut tree, &reference, at)?,
                Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => return self.finish(&tree, at),
            }
        }
    }

    fn start_element(&mut self, tree: &mut Tree, start: BytesStart<'_>, at: u64) -> Result<Context, XmlError> {
        tree.seen_root = true;
        let name_len = start.name().as_ref().len();
        // The reader borrows from the input, so the tag is a part of it.
        let Some(raw) = part_of(self.text, &start) else {
            return Err(self.error(at, "start tag not read from the input"));
        };
        let name = raw.get(..name_len).unwrap_or(raw);
        if tree.open.is_empty() && tree.root_name.is_empty() {
            tree.root_name = name.to_string();
        }
        let mut attrs = std::mem::take(&mut self.attr_buf);
        attrs.clear();
        let read = self.read_attrs(raw, name_len, at, &mut attrs);
        let context = read.and_then(|()| {
            let parent = tree.open.last().map(|(context, _)| context);
            self.open(parent, Tag { name, attrs: &attrs, at })
        });
        attrs.clear();
        self.attr_buf = attrs;
        let context = context?;
        if matches!(context, Context::Inline) {
            tree.append_text(" ");
        } else if context.keeps_text() {
            tree.text.clear();
        }
        Ok(context)
    }

    fn read_declaration(&mut self, decl: &BytesDecl<'_>, at: u64) -> Result<(), XmlError> {
        if let Some(encoding) = decl.encoding() {
            let encoding = encoding.map_err(|err| self.error(at, format!("bad XML declaration: {err}")))?;
            let encoding = String::from_utf8_lossy(&encoding).into_owned();
            self.check_encoding(&encoding, at)?;
        }
        Ok(())
    }

    fn read_text(&mut self, tree: &mut Tree, text: &BytesText<'_>, at: u64) -> Result<(), XmlError> {
        // The input is valid UTF-8 already: only text that is kept gets decoded.
        if !tree.open.is_empty() && !tree.keeps_text() {
            return Ok(());
        }
        let s = text.decode().map_err(|err| self.error(at, err.to_string()))?;
        if !tree.open.is_empty() {
            tree.append_text(&s);
        } else if !s.trim().is_empty() {
            return Err(self.error(at, "text outside the root element"));
        }
        Ok(())
    }

    fn read_cdata(&mut self, tree: &mut Tree, cdata: &BytesCData<'_>, at: u64) -> Result<(), XmlError> {
        if tree.open.is_empty() {
            return Err(self.error(at, "CDATA outside the root element"));
        }
        let s = cdata.decode().map_err(|err| self.error(at, err.to_string()))?;
        tree.append_text(&s);
        Ok(())
    }

    /// `&name;` and `&#n;`: only XML's predefined entities exist (no DTD is read).
    fn read_reference(&mut self, tree: &mut Tree, reference: &BytesRef<'_>, at: u64) -> Result<(), XmlError> {
        if tree.open.is_empty() {
            return Err(self.error(at, "entity reference outside the root element"));
        }
        let resolved: String = if reference.is_char_ref() {
            match reference.resolve_char_ref() {
                Ok(Some(c)) => c.to_string(),
                Ok(None) | Err(_) => {
                    let n = String::from_utf8_lossy(reference).into_owned();
                    return Err(self.error(at, format!("invalid character reference `&{n};`")));
                }
            }
        } else {
            let n = String::from_utf8_lossy(reference).into_owned();
            match quick_xml::escape::resolve_predefined_entity(&n) {
                Some(s) => s.to_string(),
                None => return Err(self.error(at, format!("undefined entity `&{n};`"))),
            }
        };
        tree.append_text(&resolved);
        Ok(())
    }

    fn finish(&mut self, tree: &Tree, at: u64) -> Result<(), XmlError> {
        if let Some((_, open_at)) = tree.open.first() {
            let (line, column) = self.position(*open_at);
            let end = self.text.len() as u64;
            let name = &tree.root_name;
            return Err(self.error(
                end,
                format!("unexpected end of input: <{name}> opened at line {line}, column {column} is not closed"),
            ));
        }
        if !tree.seen_root {
            return Err(self.error(at, "no root element"));
        }
        Ok(())
    }

    /// Only UTF-8 is read. A file declaring another encoding is readable only while
    /// it stays ASCII: the first byte that would need the declared decoder is an error
    /// (this is also where expat stops on such files).
    fn check_encoding(&mut self, encoding: &str, at: u64) -> Result<(), XmlError> {
        let lower = encoding.to_ascii_lowercase();
        if lower == "utf-8" || lower == "us-ascii" || lower == "ascii" {
            return Ok(());
        }
        if let Some(i) = self.text.bytes().position(|b| b >= 0x80) {
            let msg = format!(
                "byte 0x{:02X} cannot be read as declared encoding `{encoding}` (only UTF-8 is supported; \
                 declare encoding=\"UTF-8\")",
                self.text.as_bytes()[i]
            );
            return Err(self.error(i as u64, msg));
        }
        self.warn(at, format!("declared encoding `{encoding}` is not UTF-8; the file is plain ASCII, read as is"));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use quick_xml::events::attributes::Attributes;

    use super::{Refs, split_attrs};

    /// What quick-xml reads of the attributes of `tag` (its name one byte long).
    fn quick_xml_reading(tag: &str) -> Result<Vec<(&str, &str)>, ()> {
        Attributes::new(tag, 1)
            .map(|a| {
                let a = a.map_err(|_| ())?;
                let k = std::str::from_utf8(a.key.into_inner()).unwrap();
                let v = match a.value {
                    Cow::Borrowed(v) => std::str::from_utf8(v).unwrap(),
                    Cow::Owned(_) => unreachable!(),
                };
                Ok((k, v))
            })
            .collect()
    }

    /// The fast split of `tag` agrees with quick-xml, alone and followed by more of a
    /// document (the eight-byte scans read on past the tag). With `strict`, it also accepts
    /// whatever quick-xml accepts; without, it may refuse more (what it refuses goes to
    /// quick-xml's own reading, so refusing costs time, never a different result).
    fn check(tag: &str, strict: bool) {
        let expected = quick_xml_reading(tag);
        for after in ["", ">", "> x=\"&amp;\" y='2'=\n \"<b c=\"d\"/>"] {
            let text = format!("{tag}{after}");
            let mut fast = Vec::new();
            match split_attrs(&text, 1, tag.len(), &mut fast) {
                Some(refs) => {
                    let fast: Vec<(&str, &str)> = fast.iter().map(|(k, v)| (*k, v.as_ref())).collect();
                    assert_eq!(Ok(fast.clone()), expected, "{tag:?} followed by {after:?}");
                    let has_ref = fast.iter().any(|(_, v)| v.contains('&'));
                    assert_eq!(refs == Refs::Some, has_ref, "{tag:?}: references flagged wrongly");
                }
                None => assert!(!strict || expected.is_err(), "{tag:?}: refused, but quick-xml reads {expected:?}"),
            }
        }
    }

    /// Wherever the fast split accepts a tag, it reads what quick-xml reads.
    #[test]
    fn split_attrs_agrees_with_quick_xml() {
        let tags = [
            "a",
            "a ",
            "a x=\"1\"",
            "a x='1' y=\"2\"",
            "a x=\"1\"y='2'",
            "a  x = \"1\"\t\n y\r=\n'a\"b' ",
            "a x=\"&amp;\" y=\"\"",
            "a x",
            "a x=",
            "a x=1",
            "a x=\"1",
            "a x='1\"",
            "a x=\"1\" x='2'",
            "a =\"1\"",
            "a x==\"1\"",
            "a x\"y=\"1\"",
            "a x=\"1\" y",
            "a é=\"ü\" ü='é'",
            "a x=\"1\"=\"2\"",
            // Names and values across the eight-byte steps, references anywhere in a value.
            "a checkargs_long_name=\"a value longer than sixteen bytes\" b='x'",
            "a abcdefg=\"abcdefgh\" abcdefgh='abcdefg&amp;' c=\"&lt;xxxxxxxxxxxxxxx&gt;\"",
            "a x=\"1234567&\"",
            // A control character is part of a name for quick-xml, not whitespace.
            "a x\u{1}y=\"1\"",
            "a x=\"1\"\u{1}y=\"2\"",
            "a \u{7f}\u{80}=\"1\"",
        ];
        for tag in tags {
            check(tag, true);
        }
    }

    /// The same over generated tags: every symbol the splitter treats specially, in every
    /// arrangement a small random walk finds.
    #[test]
    fn split_attrs_agrees_with_quick_xml_on_generated_tags() {
        let symbols = ["x", "y", "é", "=", "\"", "'", " ", "\t", "\n", "&", ";", "\u{1}", "=\"", "\" ", "abcdefgh"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..20_000 {
            let mut tag = String::from("a ");
            for _ in 0..next() % 24 {
                tag.push_str(symbols[next() % symbols.len()]);
            }
            // quick-xml takes a name that starts with `=` (`a x="1" ="2"`); the split refuses it.
            check(&tag, false);
        }
    }
}

//! XML replies through quick-xml's streaming reader.

use quick_xml::Reader;
use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::{BytesStart, Event};

use super::{ReplyError, Syntax, line_col};
use crate::node::Node;

/// Parses an XML reply into its root node (normally `<doc>`).
///
/// Entities and character references are resolved, CDATA is text, comments and
/// processing instructions are skipped, and text is trimmed (panels pad it only
/// when pretty-printing). Input that ends inside the document is
/// [`ReplyError::Truncated`]; any other fault is [`ReplyError::Malformed`] with its line and column.
pub fn parse_xml(body: &[u8]) -> Result<Node, ReplyError> {
    let mut reader = Reader::from_reader(body);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        // A slice reader lends events straight from the body: no copy per event.
        let event = reader.read_event();
        let pos = reader.buffer_position() as usize;
        let malformed = |offset: usize, message: String| {
            let (line, column) = line_col(body, offset);
            ReplyError::Malformed { syntax: Syntax::Xml, line, column, message }
        };
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
                stack.push(open(&start, &reader).map_err(|m| malformed(pos, m))?);
            }
            Event::Empty(start) => {
                let node = open(&start, &reader).map_err(|m| malformed(pos, m))?;
                close(node, &mut stack, &mut root).map_err(|m| malformed(pos, m))?;
            }
            Event::End(_) => {
                // quick-xml already checked that the end name matches.
                let mut node = stack.pop().ok_or_else(|| malformed(pos, "unexpected closing tag".into()))?;
                finish_text(&mut node);
                close(node, &mut stack, &mut root).map_err(|m| malformed(pos, m))?;
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&mut stack, &text, || malformed(pos, "text outside the root element".into()))?;
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| malformed(pos, e.to_string()))?;
                push_text(&mut stack, &text, || malformed(pos, "CDATA outside the root element".into()))?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| malformed(pos, e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| malformed(pos, format!("unknown entity `&{name};`")))?
                            .to_owned()
                    }
                    Err(e) => return Err(malformed(pos, e.to_string())),
                };
                push_text(&mut stack, &resolved, || malformed(pos, "entity outside the root element".into()))?;
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

fn open(start: &BytesStart<'_>, reader: &Reader<&[u8]>) -> Result<Node, String> {
    let name = reader.decoder().decode(start.name().as_ref()).map_err(|e| e.to_string())?.into_owned();
    let mut node = Node::new(name);
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = reader.decoder().decode(attr.key.as_ref()).map_err(|e| e.to_string())?.into_owned();
        let value = attr.decode_and_unescape_value(reader.decoder()).map_err(|e| e.to_string())?.into_owned();
        node.attrs.push((key, value));
    }
    Ok(node)
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

fn finish_text(node: &mut Node) {
    let trimmed = node.text.trim();
    if trimmed.len() != node.text.len() {
        node.text = trimmed.to_owned();
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

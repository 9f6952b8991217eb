//! TOML text with positions: parsing that keeps going after the first error, and
//! an index from key paths (`params[2].name`) to where they sit in the file.
//!
//! Serde stops at the first problem of a document. To report every problem of a
//! run, each `[[function]]` is deserialized on its own from the spanned tree; when
//! that fails, the offending key (or array element) is cut out of the tree, the
//! error is recorded, and deserialization is tried again.

use std::collections::HashMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeValue, ValueDeserializer};

/// A file's text with a table of line starts, for 1-based line and column.
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Text<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect::<Vec<_>>();
        Self { text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// Where a key and its value sit in a file.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The key (for array elements: the element itself).
    pub(crate) key: Range<usize>,
    /// The value.
    pub(crate) value: Range<usize>,
}

/// Key paths (`params[2].values[0].value`) to their places.
#[derive(Debug, Default, Clone)]
pub(crate) struct SpanIndex {
    places: HashMap<String, Place>,
    root: Range<usize>,
}

impl SpanIndex {
    pub(crate) fn build(root: &Spanned<DeValue<'_>>) -> Self {
        let mut idx = SpanIndex { places: HashMap::new(), root: root.span() };
        idx.walk(String::new(), root.get_ref());
        idx
    }

    fn walk(&mut self, prefix: String, v: &DeValue<'_>) {
        match v {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    let path =
                        if prefix.is_empty() { k.get_ref().to_string() } else { format!("{prefix}.{}", k.get_ref()) };
                    self.places.insert(path.clone(), Place { key: k.span(), value: v.span() });
                    self.walk(path, v.get_ref());
                }
            }
            DeValue::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let path = format!("{prefix}[{i}]");
                    self.places.insert(path.clone(), Place { key: v.span(), value: v.span() });
                    self.walk(path, v.get_ref());
                }
            }
            _ => {}
        }
    }

    /// The place of `path`, or of its nearest existing ancestor, or the root.
    pub(crate) fn find(&self, path: &str) -> Range<usize> {
        let mut p = path;
        loop {
            if let Some(place) = self.places.get(p) {
                return place.value.clone();
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.root.clone(),
            }
        }
    }

    /// The key's place of `path` (for tables: the key, not the whole value).
    pub(crate) fn find_key(&self, path: &str) -> Range<usize> {
        match self.places.get(path) {
            Some(place) => place.key.clone(),
            None => self.find(path),
        }
    }
}

/// One problem met while deserializing.
#[derive(Debug)]
pub(crate) struct DeProblem {
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
    /// Only an unknown key was cut: the value is otherwise complete.
    pub(crate) unknown_key: bool,
}

/// Deserializes `value` into `T`, cutting out whatever fails until it succeeds or
/// nothing more can be cut. Returns the value (when one could be built) and every problem.
pub(crate) fn lenient<T: DeserializeOwned>(value: &mut Spanned<DeValue<'_>>) -> (Option<T>, Vec<DeProblem>) {
    let mut problems = Vec::new();
    let mut cut_names: Vec<String> = Vec::new();
    // Every round cuts at least one key or element, so the loop ends.
    loop {
        let de = ValueDeserializer::from(value.clone());
        match T::deserialize(de) {
            Ok(t) => return (Some(t), problems),
            Err(e) => {
                let span = e.span().unwrap_or_else(|| value.span());
                let unknown_key = e.message().starts_with("unknown field");
                if let Some(field) = e.message().strip_prefix("missing field `").and_then(|r| r.split('`').next())
                    && cut_names.iter().any(|c: &String| c == field)
                {
                    // Follow-up of a value cut for a type error: already reported.
                    return (None, problems);
                }
                let cut = cut_at(value, &span);
                if let Some(c) = &cut {
                    cut_names.push(c.rsplit(['.', '[']).next().unwrap_or_default().to_string());
                }
                // Only the key is named: indexes shift as elements are cut, and the
                // line already says which table.
                let leaf = cut.as_deref().and_then(|c| c.rsplit('.').next()).filter(|l| !l.contains('['));
                let message = match leaf {
                    Some(key) if !unknown_key => format!("`{key}`: {}", tidy(e.message())),
                    _ => tidy(e.message()),
                };
                problems.push(DeProblem { span, message, unknown_key });
                if cut.is_none() {
                    return (None, problems);
                }
            }
        }
    }
}

/// Serde's wording, adjusted to TOML: fields are keys.
fn tidy(message: &str) -> String {
    let m = message.trim_end();
    let m = m.strip_prefix("unknown field").map_or(m.to_string(), |rest| format!("unknown key{rest}"));
    let m = m.strip_prefix("missing field").map_or(m.clone(), |rest| format!("missing key{rest}"));
    m.replace("unknown variant", "unknown value")
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// One step of a path into the tree.
enum Step<'i> {
    Key(Spanned<toml::de::DeString<'i>>),
    Index(usize),
}

/// The path to the innermost key or element whose key or value holds `span`.
///
/// Container spans are not trusted (an array of tables has no span covering all
/// its tables), so the whole tree is searched.
fn find_path<'i>(value: &DeValue<'i>, span: &Range<usize>) -> Option<Vec<Step<'i>>> {
    let children: Vec<(Step<'i>, Range<usize>, &Spanned<DeValue<'i>>)> = match value {
        DeValue::Table(t) => t.iter().map(|(k, v)| (Step::Key(k.clone()), k.span(), v)).collect(),
        DeValue::Array(a) => a.iter().enumerate().map(|(i, v)| (Step::Index(i), v.span(), v)).collect(),
        _ => return None,
    };
    let mut shallow = None;
    for (step, key_span, v) in children {
        if let Some(mut deeper) = find_path(v.get_ref(), span) {
            deeper.insert(0, step);
            return Some(deeper);
        }
        if shallow.is_none() && (contains(&key_span, span) || contains(&v.span(), span)) {
            shallow = Some(step);
        }
    }
    shallow.map(|s| vec![s])
}

/// Removes the innermost key or array element holding `span` and returns its
/// path; `None` when the problem is the root itself.
fn cut_at(value: &mut Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<String> {
    let steps = find_path(value.get_ref(), span)?;
    let mut node = value.get_mut();
    let mut path = String::new();
    for (n, step) in steps.iter().enumerate() {
        let last = n + 1 == steps.len();
        match (step, node) {
            (Step::Key(k), DeValue::Table(t)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k.get_ref());
                if last {
                    t.remove(k);
                    return Some(path);
                }
                node = t.get_mut(k)?.get_mut();
            }
            (Step::Index(i), DeValue::Array(a)) => {
                path.push_str(&format!("[{i}]"));
                if last {
                    let mut kept = DeArray::new();
                    for (j, v) in a.iter().enumerate() {
                        if j != *i {
                            kept.push(v.clone());
                        }
                    }
                    *a = kept;
                    return Some(path);
                }
                node = a.as_mut().get_mut(*i)?.get_mut();
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let t = Text::new("ab\ncdé\nx");
        assert_eq!(t.position(0), (1, 1));
        assert_eq!(t.position(3), (2, 1));
        assert_eq!(t.position(7), (2, 4));
        assert_eq!(t.position(8), (3, 1));
    }
}

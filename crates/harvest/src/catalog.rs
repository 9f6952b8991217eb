//! The `mgrctl -m <mgr> -i` function catalog.
//!
//! One entry per function: the name padded to column 45, then a description
//! wrapped with continuation lines indented by spaces. The description is
//! dot-separated pieces (title, button, hint) ending in `Function type: <type>`,
//! or the literal `Description is not available`, or pieces with no type at all.
//! Wrapping may split anywhere between words, including inside the type, so
//! continuation lines are joined with one space before anything is interpreted.

use panelkit_spec::{Function, FunctionKind, Text};

use crate::Warning;

const TYPE_MARKER: &str = "Function type:";
const NOT_AVAILABLE: &str = "Description is not available";

/// One function as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// Wire name (`admin.delete`).
    pub name: String,
    /// 1-based line of the entry's first line.
    pub line: usize,
    /// The whole description with wrapped lines joined by one space.
    pub text: String,
    /// Title / button / hint pieces, in order, without the type.
    pub pieces: Vec<String>,
    /// The type as printed (`group operation`), when the entry has one.
    pub catalog_type: Option<String>,
    /// The entry says `Description is not available`.
    pub not_available: bool,
}

impl CatalogEntry {
    /// The function kind the catalog type means ([`FunctionKind::Unknown`] when
    /// there is no type or the type is not one this crate knows).
    pub fn kind(&self) -> FunctionKind {
        self.catalog_type.as_deref().map_or(FunctionKind::Unknown, kind_of)
    }

    /// The entry as an untyped spec function; texts go into language `lang`.
    pub fn to_function(&self, lang: &str) -> Function {
        let text = |s: &str| {
            if lang == "ru" { Text { ru: Some(s.into()), en: None } } else { Text { ru: None, en: Some(s.into()) } }
        };
        let title = self.pieces.first().map(|s| text(s)).unwrap_or_default();
        let rest = self.pieces.get(1..).unwrap_or_default().join(". ");
        Function {
            catalog_type: self.catalog_type.clone(),
            typed: false,
            title,
            description: if rest.is_empty() { Text::default() } else { text(&rest) },
            ..Function::new(self.name.clone(), self.kind())
        }
    }
}

/// Maps a catalog type string to a kind; unknown strings give [`FunctionKind::Unknown`].
pub fn kind_of(catalog_type: &str) -> FunctionKind {
    match catalog_type {
        "list" => FunctionKind::List,
        "form" => FunctionKind::Form,
        "group operation" => FunctionKind::Group,
        "validator" => FunctionKind::Validator,
        "report" => FunctionKind::Report,
        "dashboard" => FunctionKind::Dashboard,
        "helpboard" => FunctionKind::Helpboard,
        "external function" => FunctionKind::External,
        "none" => FunctionKind::None,
        _ => FunctionKind::Unknown,
    }
}

/// A parsed catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Entries in input order.
    pub entries: Vec<CatalogEntry>,
    /// Oddities found on the way (the parse itself never fails).
    pub warnings: Vec<Warning>,
}

impl Catalog {
    /// The entries as untyped spec functions (see [`CatalogEntry::to_function`]).
    pub fn functions(&self, lang: &str) -> Vec<Function> {
        self.entries.iter().map(|e| e.to_function(lang)).collect()
    }
}

/// Parses `mgrctl -i` output. Never fails: lines it cannot place become warnings.
pub fn parse_catalog(input: &str, file: &str) -> Catalog {
    let mut cat = Catalog::default();
    let mut seen = std::collections::HashSet::new();
    for (idx, raw) in input.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            match cat.entries.last_mut() {
                Some(e) => {
                    if !e.text.is_empty() {
                        e.text.push(' ');
                    }
                    e.text.push_str(line.trim());
                }
                None => {
                    cat.warnings.push(Warning::new(file, line_no, "continuation line before any function: ignored"))
                }
            }
            continue;
        }
        let (name, rest) = match line.find(char::is_whitespace) {
            Some(i) => (&line[..i], line[i..].trim()),
            None => (line, ""),
        };
        if !seen.insert(name.to_string()) {
            cat.warnings.push(Warning::new(file, line_no, format!("function `{name}` listed again: both kept")));
        }
        cat.entries.push(CatalogEntry {
            name: name.to_string(),
            line: line_no,
            text: rest.to_string(),
            pieces: Vec::new(),
            catalog_type: None,
            not_available: false,
        });
    }
    for e in &mut cat.entries {
        interpret(e, file, &mut cat.warnings);
    }
    cat
}

fn interpret(e: &mut CatalogEntry, file: &str, warnings: &mut Vec<Warning>) {
    let text = e.text.as_str();
    if text == NOT_AVAILABLE {
        e.not_available = true;
        return;
    }
    let body = match text.rfind(TYPE_MARKER) {
        Some(i) => {
            let ty = text[i + TYPE_MARKER.len()..].trim();
            if ty.is_empty() {
                warnings.push(Warning::new(file, e.line, format!("`{}`: `Function type:` without a type", e.name)));
            } else {
                if kind_of(ty) == FunctionKind::Unknown {
                    warnings.push(Warning::new(
                        file,
                        e.line,
                        format!("`{}`: unknown function type `{ty}` kept", e.name),
                    ));
                }
                e.catalog_type = Some(ty.to_string());
            }
            &text[..i]
        }
        None => text,
    };
    e.pieces = split_pieces(body);
}

/// Splits `Title . Button. Hint text. More hint .` into pieces. A spaced dot
/// (` . `) always separates pieces; without one, the first sentence is the title
/// and the rest one piece, because hints themselves contain sentences.
fn split_pieces(body: &str) -> Vec<String> {
    let body = body.trim().trim_end_matches(['.', ' ']);
    if body.is_empty() {
        return Vec::new();
    }
    let mut pieces: Vec<String> = Vec::new();
    let spaced: Vec<&str> = body.split(" . ").map(str::trim).filter(|p| !p.is_empty()).collect();
    let parts = if spaced.len() > 1 {
        spaced
    } else {
        match body.split_once(". ") {
            Some((a, b)) => vec![a.trim(), b.trim()],
            None => vec![body],
        }
    };
    for p in parts {
        let p = p.trim_end_matches(['.', ' ']).trim();
        if !p.is_empty() {
            pieces.push(p.to_string());
        }
    }
    pieces
}

//! Loading spec folders: `panel.toml` plus every other `*.toml` of `[[function]]`s,
//! with every problem of a run reported at once (see `docs/spec-format.md`).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::lint::{self, Finding, Site};
use crate::model::{Function, Panel};
use crate::source::{SpanIndex, Text, lenient};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec is wrong: loading fails.
    Error,
    /// Suspicious but loadable (e.g. an `elid.function` naming a function the panel lacks).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong, in a maintainer's words.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl Diagnostic {
    fn error(file: &Path, message: String) -> Self {
        Diagnostic { file: file.to_path_buf(), line: 0, column: 0, message, severity: Severity::Error }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.file.display(), self.line, self.column, self.severity, self.message)
    }
}

/// Every problem of a load, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when some diagnostic is an error (not only warnings).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        write!(f, "{errors} error(s), {} warning(s)", self.0.len() - errors)
    }
}

impl std::error::Error for Diagnostics {}

/// Loads one panel folder: `panel.toml` plus every other `*.toml` holding `[[function]]`s.
/// Fails with every error found; warnings are dropped (see [`check_panel`]).
pub fn load_panel(dir: &Path) -> Result<Panel, Diagnostics> {
    into_result(check_panel(dir))
}

/// Loads every panel folder under `root` (each folder holding a `panel.toml`), sorted by id.
/// Folders without `panel.toml` (such as `spec/overlays/`) are skipped.
pub fn load_dir(root: &Path) -> Result<Vec<Panel>, Diagnostics> {
    let (panels, diags) = check_dir(root);
    if diags.has_errors() { Err(diags) } else { Ok(panels) }
}

/// Loads a panel from texts, for tests and tools: `panel_toml` as `panel.toml` and
/// `files` as `(file name, text)` pairs of `[[function]]` files, in the given order.
pub fn load_panel_from_strs(panel_toml: &str, files: &[(&str, &str)]) -> Result<Panel, Diagnostics> {
    into_result(check_panel_from_strs(panel_toml, files))
}

/// Like [`load_panel_from_strs`], but returns warnings too, and the panel whenever one could be built.
pub fn check_panel_from_strs(panel_toml: &str, files: &[(&str, &str)]) -> (Option<Panel>, Diagnostics) {
    let mut sources = vec![(PathBuf::from("panel.toml"), panel_toml.to_string())];
    sources.extend(files.iter().map(|(n, t)| (PathBuf::from(n), t.to_string())));
    check_sources(&sources, None)
}

/// Loads one panel folder and returns every diagnostic, warnings included, plus the
/// panel whenever one could be built (even with errors).
pub fn check_panel(dir: &Path) -> (Option<Panel>, Diagnostics) {
    let panel_file = dir.join("panel.toml");
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    match std::fs::read_to_string(&panel_file) {
        Ok(t) => sources.push((panel_file.clone(), t)),
        Err(e) => return (None, Diagnostics(vec![Diagnostic::error(&panel_file, format!("cannot read: {e}"))])),
    }
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "panel.toml"))
            .collect(),
        Err(e) => return (None, Diagnostics(vec![Diagnostic::error(dir, format!("cannot read folder: {e}"))])),
    };
    files.sort();
    for f in files {
        match std::fs::read_to_string(&f) {
            Ok(t) => sources.push((f, t)),
            Err(e) => diags.push(Diagnostic::error(&f, format!("cannot read: {e}"))),
        }
    }
    let folder = dir.file_name().and_then(|n| n.to_str());
    let (panel, mut more) = check_sources(&sources, folder);
    diags.append(&mut more.0);
    (panel, Diagnostics(diags))
}

/// Loads every panel folder under `root` and returns the panels that loaded without
/// errors plus every diagnostic (warnings included) of all of them.
pub fn check_dir(root: &Path) -> (Vec<Panel>, Diagnostics) {
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("panel.toml").is_file()).collect(),
        Err(e) => return (Vec::new(), Diagnostics(vec![Diagnostic::error(root, format!("cannot read folder: {e}"))])),
    };
    dirs.sort();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for d in dirs {
        let (panel, mut ds) = check_panel(&d);
        if let Some(p) = panel.filter(|_| !ds.has_errors()) {
            out.push(p);
        }
        diags.append(&mut ds.0);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    (out, Diagnostics(diags))
}

fn into_result((panel, diags): (Option<Panel>, Diagnostics)) -> Result<Panel, Diagnostics> {
    match panel {
        Some(p) if !diags.has_errors() => Ok(p),
        _ => Err(diags),
    }
}

/// What one function file contributed, per function: the function, its spans,
/// and whether it deserialized cleanly enough (at most unknown keys cut) for the
/// semantic lints to be meaningful.
type Parsed = Vec<(Function, SpanIndex, bool)>;

/// `sources[0]` is `panel.toml`; the rest hold functions.
fn check_sources(sources: &[(PathBuf, String)], folder: Option<&str>) -> (Option<Panel>, Diagnostics) {
    let texts: Vec<Text<'_>> = sources.iter().map(|(_, t)| Text::new(t)).collect();
    let mut diags = Vec::new();
    let mut push = |file: usize, span: Range<usize>, severity: Severity, message: String| {
        let (line, column) = texts[file].position(span.start);
        diags.push(Diagnostic { file: sources[file].0.clone(), line, column, message, severity });
    };

    let panel_text = &sources[0].1;
    let (mut panel, panel_index) = match parse_panel(panel_text, &mut |span, m| push(0, span, Severity::Error, m)) {
        Some((p, idx)) => (Some(p), idx),
        None => (None, SpanIndex::default()),
    };

    let mut sites: Vec<Site> = Vec::new();
    let mut functions = Vec::new();
    let mut lintable = Vec::new();
    for (i, (_, text)) in sources.iter().enumerate().skip(1) {
        let parsed = parse_functions(text, &mut |span, m| push(i, span, Severity::Error, m));
        for (f, idx, clean) in parsed {
            functions.push(f);
            sites.push(Site { file: i, index: idx });
            lintable.push(clean);
        }
    }

    let Some(p) = panel.as_mut() else {
        return (None, Diagnostics(diags));
    };
    p.functions = functions;
    let panel_site = Site { file: 0, index: panel_index };
    let locate = |site: &Site, path: &str| -> (usize, Range<usize>) { (site.file, site.index.find_key(path)) };
    let findings: Vec<Finding> = lint::lint(p, &lintable, folder, &|fi, path| {
        let site = fi.map_or(&panel_site, |i| &sites[i]);
        let (file, span) = locate(site, path);
        let (line, _) = texts[file].position(span.start);
        (sources[file].0.display().to_string(), line)
    });
    for f in findings {
        let site = f.function.map_or(&panel_site, |i| &sites[i]);
        let (file, span) = locate(site, &f.path);
        push(file, span, f.severity, f.message);
    }
    diags.sort_by(|a, b| {
        (sources.iter().position(|s| s.0 == a.file), a.line, a.column).cmp(&(
            sources.iter().position(|s| s.0 == b.file),
            b.line,
            b.column,
        ))
    });
    (panel, Diagnostics(diags))
}

/// Parses a document, reporting syntax errors; `None` when nothing usable remains.
fn parse_doc<'a>(text: &'a str, report: &mut dyn FnMut(Range<usize>, String)) -> Option<Spanned<DeTable<'a>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        report(e.span().unwrap_or(0..0), format!("TOML syntax: {}", e.message().trim_end()));
    }
    None
}

fn parse_panel(text: &str, report: &mut dyn FnMut(Range<usize>, String)) -> Option<(Panel, SpanIndex)> {
    let doc = parse_doc(text, report)?;
    let span = doc.span();
    let mut root = Spanned::new(span, DeValue::Table(doc.into_inner()));
    if let Some(DeValue::Table(t)) = Some(root.get_ref())
        && let Some((k, _)) = t.get_key_value("functions")
    {
        report(
            k.span(),
            "functions do not go in panel.toml: put `[[function]]` tables in another file of the folder".into(),
        );
    }
    let (panel, problems) = lenient::<Panel>(&mut root);
    for p in problems {
        report(p.span, p.message);
    }
    let index = SpanIndex::build(&root);
    panel.map(|p| (p, index))
}

fn parse_functions(text: &str, report: &mut dyn FnMut(Range<usize>, String)) -> Parsed {
    let mut out = Parsed::new();
    let Some(doc) = parse_doc(text, report) else { return out };
    for k in doc.get_ref().keys() {
        if k.get_ref() == "function" {
            continue;
        }
        report(k.span(), format!("unknown key `{}`: a function file holds only `[[function]]` tables", k.get_ref()));
    }
    let Some(list) = doc.get_ref().get("function") else { return out };
    let DeValue::Array(items) = list.get_ref() else {
        report(list.span(), "`function` must be an array of tables: write `[[function]]`".into());
        return out;
    };
    for item in items.iter() {
        let mut item = item.clone();
        if !item.get_ref().is_table() {
            report(item.span(), format!("a function must be a table, found {}", item.get_ref().type_str()));
            continue;
        }
        let label = match (
            item.get_ref().get("name").and_then(|n| n.get_ref().as_str()),
            item.get_ref().get("module").and_then(|n| n.get_ref().as_str()),
        ) {
            (Some(n), Some(m)) => format!("function `{n}` (module `{m}`)"),
            (Some(n), None) => format!("function `{n}`"),
            _ => "function".to_string(),
        };
        let (f, problems) = lenient::<Function>(&mut item);
        let clean = problems.iter().all(|p| p.unknown_key);
        for p in problems {
            report(p.span, format!("{label}: {}", p.message));
        }
        if let Some(f) = f {
            out.push((f, SpanIndex::build(&item), clean));
        }
    }
    out
}

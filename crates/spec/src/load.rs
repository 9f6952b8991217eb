//! Loading spec folders (placeholder: replaced by the full loader with lint).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{Function, Panel};

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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

/// Every problem of a load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[derive(serde::Deserialize)]
struct FunctionFile {
    #[serde(default)]
    function: Vec<Function>,
}

/// Loads one panel folder: `panel.toml` plus every other `*.toml` holding `[[function]]`s.
pub fn load_panel(dir: &Path) -> Result<Panel, Diagnostics> {
    let err = |file: &Path, message: String| {
        Diagnostics(vec![Diagnostic { file: file.to_path_buf(), line: 0, column: 0, message }])
    };
    let panel_file = dir.join("panel.toml");
    let text = std::fs::read_to_string(&panel_file).map_err(|e| err(&panel_file, e.to_string()))?;
    let mut panel: Panel = toml::from_str(&text).map_err(|e| err(&panel_file, e.to_string()))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err(dir, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "panel.toml"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| err(&f, e.to_string()))?;
        let ff: FunctionFile = toml::from_str(&text).map_err(|e| err(&f, e.to_string()))?;
        panel.functions.extend(ff.function);
    }
    Ok(panel)
}

/// Loads every panel folder under `root` (each folder holding a `panel.toml`), sorted by id.
pub fn load_dir(root: &Path) -> Result<Vec<Panel>, Diagnostics> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|e| {
            Diagnostics(vec![Diagnostic { file: root.to_path_buf(), line: 0, column: 0, message: e.to_string() }])
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("panel.toml").is_file())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for d in dirs {
        match load_panel(&d) {
            Ok(p) => out.push(p),
            Err(e) => diags.extend(e.0),
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(Diagnostics(diags)) }
}

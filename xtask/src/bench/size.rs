//! Generated source per function: bytes of the formatted bindings, as regen writes them.
//!
//! Byte counts do not depend on the machine, so their targets are absolute.

use std::path::Path;

use panelkit_codegen::{Options, generate_panel};
use panelkit_spec::Panel;

/// Bytes of one panel's generated bindings.
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    /// Panel id.
    pub panel: String,
    /// How many functions the figure divides by.
    pub functions: usize,
    /// Bytes those functions add to the formatted file (the file with them minus the file without).
    pub bytes: usize,
    /// Bytes of doc-comment lines among them.
    pub doc_bytes: usize,
}

impl Size {
    /// Bytes per function.
    pub fn per_function(&self) -> f64 {
        self.bytes as f64 / self.functions.max(1) as f64
    }
}

/// The two figures the issue sets targets for.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// ISPmanager 4, every function typed.
    pub typed: Size,
    /// ISPmanager 6, its untyped functions only.
    pub untyped: Size,
}

fn formatted(root: &Path, panel: &Panel) -> Result<(usize, usize), String> {
    let opts = Options { examples: Some("panelkit_ispsystem".to_owned()), ..Options::regen() };
    let files = generate_panel(panel, &opts).map_err(|e| format!("{}: {e}", panel.id))?;
    let mut bytes = 0;
    let mut doc = 0;
    for f in &files.files {
        let src = panelkit_devkit::regen::rustfmt(root, &f.contents)?;
        bytes += src.len();
        doc += src.lines().filter(|l| l.trim_start().starts_with("///")).map(|l| l.len() + 1).sum::<usize>();
    }
    Ok((bytes, doc))
}

/// Bytes `keep`'s functions of `panel` add to its file.
fn size(root: &Path, panel: &Panel, keep: impl Fn(&panelkit_spec::Function) -> bool) -> Result<Size, String> {
    let mut with = panel.clone();
    with.functions.retain(&keep);
    let mut without = panel.clone();
    // One function stays so the panel is still a valid spec; it is in both files.
    let anchor = panel.functions.iter().find(|f| !keep(f)).cloned();
    without.functions = anchor.clone().into_iter().collect();
    with.functions.extend(anchor);
    let (b1, d1) = formatted(root, &with)?;
    let (b0, d0) = formatted(root, &without)?;
    Ok(Size {
        panel: panel.id.clone(),
        functions: panel.functions.iter().filter(|f| keep(f)).count(),
        bytes: b1.saturating_sub(b0),
        doc_bytes: d1.saturating_sub(d0),
    })
}

/// Measures both figures from `spec/`.
pub fn run(root: &Path) -> Result<Figures, String> {
    let panels = panelkit_spec::load_dir(&root.join("spec")).map_err(|e| e.to_string())?;
    let get = |id: &str| panels.iter().find(|p| p.id == id).ok_or_else(|| format!("no spec/{id}"));
    let isp4 = get("ispmgr4")?;
    // ISPmanager 4 is wholly typed: its whole file over its function count.
    let (bytes, doc_bytes) = formatted(root, isp4)?;
    let typed = Size { panel: isp4.id.clone(), functions: isp4.functions.len(), bytes, doc_bytes };
    let untyped = size(root, get("ispmgr6")?, |f| !f.typed)?;
    Ok(Figures { typed, untyped })
}

//! Panel API specs: the model ([`model`]), the TOML spec format under `spec/`
//! (reference: `docs/spec-format.md`), a loader that reports every problem of a
//! spec with file, line and column, and a diff of two spec versions ([`diff`]).
//!
//! ```no_run
//! let panels = panelkit_spec::load_dir(std::path::Path::new("spec")).unwrap();
//! for p in &panels { println!("{}: {} functions", p.id, p.functions.len()); }
//! ```

pub mod diff;
pub mod dump;
mod lint;
mod load;
pub mod lower;
pub mod model;
mod source;

pub use load::{
    Diagnostic, Diagnostics, Severity, check_dir, check_panel, check_panel_from_strs, load_dir, load_panel,
    load_panel_from_strs,
};
pub use model::*;

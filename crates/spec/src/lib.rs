//! Panel API specs: the model ([`model`]), the TOML spec format under `spec/`,
//! and a loader that reports every problem of a spec with file and line.
//!
//! ```no_run
//! let panels = panelkit_spec::load_dir(std::path::Path::new("spec")).unwrap();
//! for p in &panels { println!("{}: {} functions", p.id, p.functions.len()); }
//! ```

mod load;
pub mod model;

pub use load::{Diagnostic, Diagnostics, load_dir, load_panel};
pub use model::*;

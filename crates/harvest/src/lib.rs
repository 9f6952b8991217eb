//! Turns what a panel says about itself into spec.
//!
//! Inputs: the `mgrctl -m <mgr> -i` catalog ([`parse_catalog`]) and metadata
//! XML, i.e. plugin files `<mgr>_mod_*.xml` and `out=devel` replies
//! ([`parse_metadata`]). [`Harvest`] combines them into a [`panelkit_spec::Panel`];
//! [`merge_overlay`] lays a hand-written overlay over it; [`render_spec_files`]
//! writes the result as spec files for a maintainer to review.
//!
//! Nothing here panics on bad input: the catalog parser never fails (odd lines
//! become [`Warning`]s), the XML parser tolerates unknown elements and
//! attributes (warnings) and rejects malformed XML with an [`XmlError`] naming
//! file, line and column.

mod assemble;
mod atomic;
mod catalog;
mod header;
pub mod live;
pub mod log;
mod merge;
mod metadata;
mod pipeline;
mod position;
mod render;

use std::fmt;

pub use assemble::Harvest;
pub use atomic::{Keep, write_dir_atomically};
pub use catalog::{Catalog, CatalogEntry, kind_of, parse_catalog};
pub use header::{
    REQUIRED_KEYS, defaults_for_mgr, defaults_from_file_name, family_of_mgr, missing_header_keys,
    missing_header_message,
};
pub use merge::{MergeReport, Overlay, OverlayError, load_overlay, merge_overlay, parse_header, parse_overlay};
pub use metadata::{HookEvent, MessageSet, MetadataDoc, XmlError, parse_metadata};
pub use pipeline::{GENERATED_NOTE, HarvestOutcome, harvest_panel, harvest_panel_over};
pub use render::{function_file_name, render_spec_files};

/// Something odd in an input that did not stop the harvest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    /// The input file (or `""` for warnings about the assembled panel).
    pub file: String,
    /// 1-based line, 0 when not tied to a line.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is odd.
    pub message: String,
}

impl Warning {
    /// A warning at a line (column unknown).
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        Warning { file: file.to_string(), line, column: 0, message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file.is_empty(), self.line, self.column) {
            (true, _, _) => write!(f, "warning: {}", self.message),
            (false, 0, _) => write!(f, "{}: warning: {}", self.file, self.message),
            (false, l, 0) => write!(f, "{}:{l}: warning: {}", self.file, self.message),
            (false, l, c) => write!(f, "{}:{l}:{c}: warning: {}", self.file, self.message),
        }
    }
}

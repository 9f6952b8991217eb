//! Generates bindings for the plugin's own spec into OUT_DIR.

use std::path::{Path, PathBuf};

fn main() {
    let spec = Path::new("spec/hello");
    println!("cargo::rerun-if-changed=spec");
    let panel = panelkit_spec::load_panel(spec).unwrap_or_else(|e| panic!("spec/hello is invalid:\n{e}"));
    let opts = panelkit_codegen::Options::build_script("spec/hello");
    let files = panelkit_codegen::generate_panel(&panel, &opts).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for f in &files.files {
        std::fs::write(out.join(&f.path), &f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
}

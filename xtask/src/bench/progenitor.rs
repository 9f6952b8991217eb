//! The anchor of the compile-cost rows: a progenitor client of the same synthetic spec.
//!
//! `cargo xtask spec openapi`'s exporter writes the synthetic 1,000-function panel
//! (`panelkit_devkit::synth::panel(1000)`) as OpenAPI 3.0; a scratch generator binary
//! (`target/bench-synth/progenitor-gen`, crate `progenitor` 0.15 from crates.io, built
//! optimized once) turns it into the source of a scratch client crate
//! (`target/bench-synth/progenitor-crate`). Nothing progenitor generates is committed:
//! it is rebuilt from the spec on every run. The client crate's dependencies build
//! first; the timed build is the crate alone, as for ours.

use std::path::{Path, PathBuf};

use super::inproc::cargo;

const GEN_TOML: &str = r#"[package]
name = "progenitor-gen"
version = "0.0.0"
edition = "2021"
publish = false

# Scratch crate of `cargo xtask bench`, not part of the panelkit workspace.
[workspace]

[dependencies]
progenitor = { version = "0.15", default-features = false }
openapiv3 = "2"
serde_json = "1"
syn = { version = "2", features = ["full"] }
prettyplease = "0.2"
"#;

const GEN_MAIN: &str = r#"//! Scratch generator of `cargo xtask bench`: OpenAPI document in, progenitor client source out.
fn main() {
    let mut args = std::env::args().skip(1);
    let (input, output) = (args.next().expect("openapi.json"), args.next().expect("lib.rs"));
    let file = std::fs::File::open(&input).expect("open the document");
    let spec: openapiv3::OpenAPI = serde_json::from_reader(file).expect("an OpenAPI 3.0 document");
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).expect("progenitor generates the client");
    let ast = syn::parse2(tokens).expect("generated tokens parse");
    std::fs::write(&output, prettyplease::unparse(&ast)).expect("write the client");
}
"#;

/// The client crate: what progenitor's generated code uses (its README's list).
const CLIENT_TOML: &str = r#"[package]
name = "progenitor-bench-client"
version = "0.0.0"
edition = "2021"
publish = false

# Scratch crate of `cargo xtask bench`, not part of the panelkit workspace.
[workspace]

[profile.dev.package."*"]
debug = false

[dependencies]
progenitor-client = "0.15"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "form", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
futures = "0.3"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
regress = "0.10"
uuid = { version = "1", features = ["serde"] }
"#;

/// The client crate's package name (what the timed build cleans and builds).
pub const PACKAGE: &str = "progenitor-bench-client";

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // Rewrite only on change, so cargo's fingerprints stay valid between runs.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Exports the synthetic spec, generates the progenitor client from it and returns the
/// client crate's directory (dependencies not built yet).
pub fn prepare(root: &Path) -> Result<PathBuf, String> {
    let base = root.join("target/bench-synth");
    let doc = crate::spec::openapi::document(&panelkit_devkit::synth::panel(1_000));
    let json = base.join("progenitor-crate/openapi.json");
    write(&json, &serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?)?;
    let gen_dir = base.join("progenitor-gen");
    write(&gen_dir.join("Cargo.toml"), GEN_TOML)?;
    write(&gen_dir.join("src/main.rs"), GEN_MAIN)?;
    let client = base.join("progenitor-crate");
    write(&client.join("Cargo.toml"), CLIENT_TOML)?;
    let lib = client.join("src/lib.rs");
    std::fs::create_dir_all(client.join("src")).map_err(|e| format!("{}: {e}", client.display()))?;
    eprintln!("bench: generating the progenitor client of the synthetic spec...");
    let status = cargo()
        .current_dir(&gen_dir)
        .env("CARGO_TARGET_DIR", base.join("target-progenitor-gen"))
        .args(["run", "--quiet", "--release", "--"])
        .arg(&json)
        .arg(&lib)
        .status()
        .map_err(|e| format!("cannot run the progenitor generator: {e}"))?;
    if !status.success() {
        return Err(format!("the progenitor generator failed on {} ({status})", json.display()));
    }
    let src = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let lib_rs =
        format!("#![allow(warnings, clippy::all)]\n{}", src.trim_start_matches("#![allow(warnings, clippy::all)]\n"));
    write(&lib, &lib_rs)?;
    Ok(client)
}

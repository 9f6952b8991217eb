//! The Rust form `from-log` prints for the seed's log line compiles against the
//! generated bindings: one scratch crate, checked with only the `ispmgr6` feature and the
//! runtime without its HTTP stack (the snippet builds a request; it sends nothing), so the
//! scratch build does not compile reqwest and rustls a second time.

use std::path::Path;
use std::process::Command;

const SEED: &str = "Feb 6 08:08:07 [2346:23826] core_module INFO Request [188.120.252.33][root] 'clicked_button=ok&email_inaccess=&func=domain.edit&ip=8.8.8.8&ip_existing=&maildomain=off&name=domain.name&ns=ns1.example.com.%20ns2.example.com.&operafake=1486357687433&owner=www%2Droot&owner_admins=off&progressid=false&reversezone=&sfrom=ajax&sok=ok&web_inaccess=&webdomain=off&zoom-ip=&zoom-ns='";

#[test]
fn the_rust_form_of_the_seed_line_compiles() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ispmgr.log");
    std::fs::write(&log, format!("{SEED}\n")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_panelkit"))
        .args(["from-log", "--panel", "ispmgr6", "--format", "rust"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let snippet: String = out.lines().filter(|l| !l.starts_with('#')).map(|l| format!("    {l}\n")).collect();
    assert!(snippet.contains("ispmgr6::DomainEdit::new("), "the typed builder:\n{snippet}");
    assert!(snippet.contains("use panelkit_runtime::Unchecked;"), "the trait `unchecked` needs:\n{snippet}");
    assert!(
        snippet.contains(".unchecked(\"owner_admins\", \"off\")"),
        "an unchecked line for what the spec lacks:\n{snippet}"
    );

    // Kept between runs (incremental), outside the workspace's own build.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust-form");
    std::fs::create_dir_all(scratch.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"rust-form\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\npanelkit-ispsystem = {{ path = {:?}, default-features = false, features = [\"ispmgr6\"] }}\n\
         panelkit-runtime = {{ path = {:?}, default-features = false }}\n\n\
         [workspace]\n",
        root.join("crates/ispsystem").display().to_string(),
        root.join("crates/runtime").display().to_string()
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock: the same dependency versions, already downloaded (`--offline`).
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    std::fs::write(
        scratch.join("src/main.rs"),
        format!("#![allow(unused)]\nfn main() {{\n{snippet}    let _ = req;\n}}\n"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(&scratch)
        .env_remove("RUSTFLAGS")
        // Its own target folder: the outer `cargo test` may hold the workspace's build lock.
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .unwrap();
    assert!(o.status.success(), "the Rust form does not compile:\n{snippet}\n{}", String::from_utf8_lossy(&o.stderr));
}

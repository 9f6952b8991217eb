//! Golden tests: small specs under `tests/golden/spec` generate exactly the checked-in
//! `tests/golden/expected/*.rs` (which the `panelkit-tests` package also compiles).
//! Set `GOLDEN_OVERWRITE=1` to rewrite the expected files after an intended change.

use std::path::{Path, PathBuf};

use panelkit_codegen::{Options, generate_panel, generate_smoke_test};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn outputs(id: &str) -> Vec<(PathBuf, String)> {
    let spec = format!("crates/codegen/tests/golden/spec/{id}");
    let panel = panelkit_spec::load_panel(&dir().join("spec").join(id)).unwrap_or_else(|e| panic!("{e}"));
    let mut opts = Options::build_script(&spec);
    if id == "miniplug" {
        opts.marker_path = Some("crate::mini::Mini".to_owned());
    }
    let files = generate_panel(&panel, &opts).unwrap();
    let mut out: Vec<(PathBuf, String)> =
        files.files.into_iter().map(|f| (dir().join("expected").join(f.path), f.contents)).collect();
    let smoke =
        generate_smoke_test(&panel, &format!("crate::{id}"), Some("crate::rules::violations_not_refused"), &opts)
            .unwrap();
    out.push((dir().join("expected").join(format!("{id}_smoke.rs")), smoke));
    out
}

#[test]
fn generated_code_matches_golden_files() {
    let overwrite = std::env::var_os("GOLDEN_OVERWRITE").is_some();
    let mut stale = Vec::new();
    for id in ["mini", "minibrainy", "miniplug"] {
        for (path, contents) in outputs(id) {
            if overwrite {
                std::fs::write(&path, &contents).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "golden files differ (GOLDEN_OVERWRITE=1 to update): {stale:?}");
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(outputs("mini"), outputs("mini"));
}

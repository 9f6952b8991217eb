//! Embeds the shipped specs (`spec/<id>/*.toml`, overlays excluded) as string tables.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from(
        "/// Shipped specs: (id, panel.toml, [(file, text)]).\npub static SPECS: &[super::Shipped] = &[\n",
    );
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.join("panel.toml").is_file()) {
        println!("cargo:rerun-if-changed={}", dir.display());
        let id = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 folder name");
        let mut files: Vec<_> =
            std::fs::read_dir(dir).expect("readable spec folder").flatten().map(|e| e.path()).collect();
        files.sort();
        let _ = writeln!(out, "    ({id:?}, include_str!({:?}), &[", dir.join("panel.toml").display().to_string());
        for f in files.iter().filter(|f| f.extension().is_some_and(|x| x == "toml") && !f.ends_with("panel.toml")) {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
            let _ = writeln!(out, "        ({name:?}, include_str!({:?})),", f.display().to_string());
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("specs.rs");
    std::fs::write(dest, out).expect("write specs.rs");
}

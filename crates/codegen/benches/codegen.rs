//! Generation benchmarks.
//!
//! `cargo bench -p panelkit-codegen` runs criterion; with `-- --figures [--quick]` it instead
//! prints the figures `cargo xtask bench` tabulates, one `bench-figure: key=value` line each
//! (std::time, best of a few runs: the machine may be shared). `--emit-synth DIR` also writes
//! a scratch crate with the bindings of the synthetic 1,000-function spec, for the compile-cost
//! figures (generating them here, optimized, is much faster than in debug xtask).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::Criterion;
use panelkit_codegen::{Options, generate_panel};
use panelkit_devkit::{regen, synth};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn figures(quick: bool) {
    let root = root();
    let regen_s = best(if quick { 2 } else { 5 }, || regen::outputs(&root).expect("shipped specs generate"));
    println!("bench-figure: regen_s={regen_s}");
    // The same-run reference for regen: rustfmt alone over the very output regen writes.
    let outputs = regen::outputs(&root).expect("shipped specs generate");
    let rustfmt_s = best(if quick { 2 } else { 5 }, || {
        for o in outputs.iter().filter(|o| o.path.extension().is_some_and(|e| e == "rs")) {
            black_box(regen::rustfmt(&root, &o.contents).expect("rustfmt runs"));
        }
    });
    println!("bench-figure: rustfmt_s={rustfmt_s}");
    let opts = Options::regen();
    // Every sample is 20,000 functions' worth of work (the 1,000-function panel generated 20
    // times), so each size is exposed to the same machine noise for as long, and best-of-N
    // does not favour the small sizes by giving them more tries.
    for n in [1_000, 5_000, 20_000] {
        let panel = synth::panel(n);
        let reps = 20_000 / n;
        let s = best(if quick { 1 } else { 2 }, || {
            for _ in 0..reps {
                black_box(generate_panel(&panel, &opts).expect("synthetic spec generates"));
            }
        });
        println!("bench-figure: gen_us_per_fn_{n}={}", s * 1e6 / (n * reps) as f64);
    }
}

/// `--breakdown`: how much of generation is re-parsing and printing the output file
/// (syn + prettyplease on the generated text, a stand-in for the generator's own final step).
fn breakdown() {
    for n in [1_000, 20_000] {
        let panel = synth::panel(n);
        let t = Instant::now();
        let g = generate_panel(&panel, &Options::regen()).expect("synthetic spec generates");
        let gen_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let files: Vec<syn::File> =
            g.files.iter().map(|f| syn::parse_file(&f.contents).expect("generated code parses")).collect();
        let parse_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for file in &files {
            black_box(prettyplease::unparse(file));
        }
        let print_s = t.elapsed().as_secs_f64();
        let per = |s: f64| s * 1e6 / n as f64;
        println!(
            "{n} functions: generate {:.0} µs/fn; of a similar size: syn parse {:.0} µs/fn, prettyplease {:.0} µs/fn",
            per(gen_s),
            per(parse_s),
            per(print_s)
        );
    }
}

/// Writes `dir` as a crate holding the synthetic 1,000-function bindings, features per group.
fn emit_synth(root: &Path, dir: &Path) {
    let g = generate_panel(&synth::panel(1_000), &Options::regen()).expect("synthetic spec generates");
    std::fs::create_dir_all(dir.join("src")).expect("scratch dir");
    let runtime = root.join("crates/runtime").canonicalize().expect("runtime crate");
    let mut toml = format!(
        "[package]\nname = \"panelkit-bench-synth\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\npanelkit-runtime = {{ path = {:?}, default-features = false }}\n\n\
         # Not part of the panelkit workspace.\n[workspace]\n\n[profile.dev.package.\"*\"]\ndebug = false\n\n\
         [features]\nfull = [\"synth\"]\n",
        runtime.display().to_string()
    );
    for f in &g.features {
        let en: Vec<String> = f.enables.iter().map(|e| format!("{e:?}")).collect();
        toml.push_str(&format!("{} = [{}]\n", f.name, en.join(", ")));
    }
    let cfg = g.cfg.as_deref().expect("features are on");
    let lib = format!(
        "//! Synthetic bindings (cargo xtask bench).\n#![allow(missing_docs)]\n#[cfg({cfg})]\npub mod synth;\n"
    );
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        // Rewrite only on change, so cargo's fingerprints stay valid between runs.
        if std::fs::read_to_string(&p).ok().as_deref() != Some(text) {
            std::fs::write(&p, text).expect("scratch file");
        }
    };
    write("Cargo.toml", &toml);
    write("src/lib.rs", &lib);
    // The panel file and its group files (`synth/<group>.rs`).
    for f in &g.files {
        let path = Path::new("src").join(&f.path);
        std::fs::create_dir_all(dir.join(&path).parent().expect("a file has a parent")).expect("scratch dir");
        write(&path.to_string_lossy(), &f.contents);
    }
    write("Cargo.lock", &std::fs::read_to_string(root.join("Cargo.lock")).expect("workspace lockfile"));
}

fn criterion(c: &mut Criterion) {
    let root = root();
    let panels = panelkit_spec::load_dir(&root.join("spec")).expect("shipped specs load");
    let opts = Options::regen();
    c.bench_function("generate shipped specs (no rustfmt)", |b| {
        b.iter(|| panels.iter().map(|p| generate_panel(p, &opts).expect("generates")).collect::<Vec<_>>())
    });
    let synth = synth::panel(1_000);
    c.bench_function("generate synthetic 1000 functions", |b| b.iter(|| generate_panel(&synth, &opts)));
    let mut g = c.benchmark_group("slow");
    g.sample_size(10);
    g.bench_function("regen outputs (load + generate + rustfmt)", |b| b.iter(|| regen::outputs(&root)));
    g.finish();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--emit-synth") {
        let dir = args.get(i + 1).expect("--emit-synth DIR");
        emit_synth(&root(), Path::new(dir));
        // Alone, `--emit-synth` only writes the scratch crate (for timing its build by hand).
        if !args.iter().any(|a| a == "--figures" || a == "--breakdown") {
            return;
        }
    }
    if args.iter().any(|a| a == "--breakdown") {
        breakdown();
        return;
    }
    if args.iter().any(|a| a == "--figures") {
        figures(args.iter().any(|a| a == "--quick"));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    criterion(&mut c);
    c.final_summary();
}

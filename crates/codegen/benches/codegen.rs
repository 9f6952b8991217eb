//! Generation benchmarks.
//!
//! `cargo bench -p panelkit-codegen` runs criterion; with `-- --figures [--quick]` it instead
//! prints the figures `cargo xtask bench` tabulates, one `bench-figure: key=value` line each
//! (std::time, best of a few runs: the machine may be shared).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::Criterion;
use panelkit_codegen::{Options, generate_panel, regen, synth};

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
    let opts = Options::regen();
    for (n, runs) in [(1_000, 5), (5_000, 3), (20_000, 2)] {
        let panel = synth::panel(n);
        let runs = if quick { runs.min(2) } else { runs };
        let s = best(runs, || generate_panel(&panel, &opts).expect("synthetic spec generates"));
        println!("bench-figure: gen_us_per_fn_{n}={}", s * 1e6 / n as f64);
    }
}

fn criterion(c: &mut Criterion) {
    let root = root();
    let panels = panelkit_spec::load_dir(&root.join("spec")).expect("shipped specs load");
    let opts = Options::regen();
    c.bench_function("generate shipped specs (no rustfmt)", |b| {
        b.iter(|| panels.iter().map(|p| generate_panel(p, &opts).expect("generates")).count())
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
    if args.iter().any(|a| a == "--figures") {
        figures(args.iter().any(|a| a == "--quick"));
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    criterion(&mut c);
    c.final_summary();
}

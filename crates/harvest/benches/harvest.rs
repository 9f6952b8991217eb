//! Harvest benchmarks: the `mgrctl -i` catalog and metadata XML throughput.
//!
//! `cargo bench -p panelkit-harvest` runs criterion; with `-- --figures [--quick]` it instead
//! prints the figures `cargo xtask bench` tabulates, one `bench-figure: key=value` line each.
//!
//! Catalog: the real ISPmanager 6 capture (`../shared/fixtures/ispmgr6_mgrctl_i.txt`,
//! 1,007 functions) when present, else a synthetic catalog of the same size and layout.
//! Metadata: the crate's plugin fixture's `<metadata>` blocks repeated, renamed, into one document.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use panelkit_harvest::{parse_catalog, parse_metadata};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The catalog text and where it came from.
fn catalog() -> (String, &'static str) {
    let real = root().join("../shared/fixtures/ispmgr6_mgrctl_i.txt");
    // PANELKIT_BENCH_SYNTHETIC_CATALOG=1 measures what a clean clone without the fixtures measures.
    let forced = std::env::var_os("PANELKIT_BENCH_SYNTHETIC_CATALOG").is_some();
    if let (false, Ok(text)) = (forced, std::fs::read_to_string(&real)) {
        return (text, "ispmgr6_mgrctl_i.txt");
    }
    let mut s = String::new();
    for i in 0..1_007 {
        let (name, desc) = match i % 4 {
            0 => (format!("obj{i}"), "Objects. Function type: list".to_owned()),
            1 => (format!("obj{}.edit", i - 1), "Object . Create object . Create a new object with a long".to_owned()),
            2 => {
                (format!("obj{}.delete", i - 2), "Delete. Delete the selected object. Function type: group".to_owned())
            }
            _ => (format!("obj{}.filter", i - 3), "Description is not available".to_owned()),
        };
        s.push_str(&format!("{name:<45}{desc}\n"));
        match i % 4 {
            1 => s.push_str(&format!("{:<45}description. Function type: form\n", "")),
            2 => s.push_str(&format!("{:<45}operation\n", "")),
            _ => {}
        }
    }
    (s, "synthetic")
}

/// A metadata document of at least `bytes` bytes.
fn metadata(bytes: usize) -> String {
    let plugin = include_str!("../tests/fixtures/plugin_form.xml");
    let start = plugin.find("<metadata").expect("fixture has metadata");
    let end = plugin.rfind("</lang>").expect("fixture has lang") + "</lang>".len();
    let body = &plugin[start..end];
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mgrdata>\n");
    let mut i = 0;
    while xml.len() < bytes {
        // The same cleaning as examples/throughput.rs: drop the fixture's deliberate oddities.
        xml.push_str(
            &body
                .replace("\"widget", &format!("\"w{i}"))
                .replace(" fullwith=\"yes\"", "")
                .replace("<sparkle/>", "")
                .replace(" sparkle=\"yes\"", ""),
        );
        i += 1;
    }
    xml.push_str("</mgrdata>\n");
    xml
}

fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn figures(quick: bool) {
    let (text, source) = catalog();
    let n = parse_catalog(&text, source).entries.len();
    // The same-run reference: the text cut into lines and each line into its first word and
    // the rest, the least any reading of the listing does. The two take turns, best of each.
    let (mut s, mut lines) = (f64::MAX, f64::MAX);
    for _ in 0..if quick { 20 } else { 200 } {
        s = s.min(best(1, || {
            black_box(parse_catalog(black_box(&text), source));
        }));
        lines = lines.min(best(1, || {
            black_box(catalog_lines(black_box(&text)));
        }));
    }
    println!("bench-figure: catalog_ms={}", s * 1e3);
    println!("bench-figure: catalog_lines_ms={}", lines * 1e3);
    println!("bench-figure: catalog_functions={n}");
    println!("bench-figure: catalog_source={source}");
    let xml = metadata(if quick { 10 << 20 } else { 50 << 20 });
    // The parse and its same-run reference (quick-xml's event loop over the same bytes, every
    // attribute and text read, nothing built) take turns, best of each: a busy moment of a
    // shared machine then slows both sides alike instead of only the one it falls on.
    let (mut parse, mut raw) = (f64::MAX, f64::MAX);
    for _ in 0..if quick { 3 } else { 7 } {
        parse = parse.min(best(1, || {
            black_box(parse_metadata(black_box(xml.as_bytes()), "big.xml").expect("well-formed"));
        }));
        raw = raw.min(best(1, || {
            black_box(raw_events(black_box(xml.as_bytes())));
        }));
    }
    println!("bench-figure: metadata_mb_s={}", xml.len() as f64 / 1e6 / parse);
    println!("bench-figure: metadata_raw_mb_s={}", xml.len() as f64 / 1e6 / raw);
}

/// Every line of a catalog cut into its first word and the rest; no spec.
fn catalog_lines(text: &str) -> usize {
    text.lines()
        .map(|line| match line.trim_end().split_once(char::is_whitespace) {
            Some((name, rest)) => name.len() + rest.trim_start().len(),
            None => line.len(),
        })
        .sum()
}

/// Every event, attribute and (unescaped) text of `body`; no tree, no spec.
fn raw_events(body: &[u8]) -> usize {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut n = 0;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes() {
                    n += a.expect("attribute").value.len();
                }
            }
            Event::Text(t) => n += t.decode().expect("utf-8").len(),
            Event::GeneralRef(r) => n += r.len(),
            Event::Eof => break,
            _ => {}
        }
    }
    n
}

fn criterion(c: &mut Criterion) {
    let (text, source) = catalog();
    c.bench_function("parse_catalog (1,007 functions)", |b| b.iter(|| parse_catalog(black_box(&text), source)));
    let xml = metadata(4 << 20);
    let mut g = c.benchmark_group("metadata");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.sample_size(20);
    g.bench_function("parse_metadata 4 MB", |b| b.iter(|| parse_metadata(black_box(xml.as_bytes()), "big.xml")));
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

//! Measures the parsers in release: `cargo run --release -p panelkit-harvest --example throughput [CATALOG]`.
//!
//! Metadata XML: the project's own plugin fixture's `<metadata>` blocks repeated
//! (renamed) into one ~50 MB `<mgrdata>`. Catalog: the file given, else the own fixture.

use std::time::Instant;

use panelkit_harvest::{parse_catalog, parse_metadata};

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let plugin = std::fs::read_to_string(format!("{dir}/plugin_form.xml")).expect("own fixture");
    let start = plugin.find("<metadata").expect("metadata");
    let end = plugin.rfind("</lang>").expect("lang") + "</lang>".len();
    let body = &plugin[start..end];
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mgrdata>\n");
    let mut i = 0;
    while xml.len() < 50 << 20 {
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
    // Best of five: the machine is shared.
    let mut secs = f64::MAX;
    let mut doc = None;
    for _ in 0..5 {
        let t = Instant::now();
        let d = parse_metadata(xml.as_bytes(), "big.xml").expect("well-formed");
        secs = secs.min(t.elapsed().as_secs_f64());
        doc = Some(d);
    }
    let doc = doc.expect("ran");
    println!(
        "metadata XML: {:.1} MB in {:.3} s = {:.0} MB/s ({} functions, {} warnings)",
        xml.len() as f64 / 1e6,
        secs,
        xml.len() as f64 / 1e6 / secs,
        doc.functions.len(),
        doc.warnings.len()
    );

    let path = std::env::args().nth(1).unwrap_or_else(|| format!("{dir}/catalog.txt"));
    let text = std::fs::read_to_string(&path).expect("catalog");
    let runs = 200;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..runs {
        n = parse_catalog(&text, &path).entries.len();
    }
    let per = t.elapsed().as_secs_f64() / runs as f64;
    println!("catalog: {} functions, {} KB in {:.3} ms per parse", n, text.len() / 1024, per * 1e3);
}

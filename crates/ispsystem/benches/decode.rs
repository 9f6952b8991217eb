//! Reply decoding and request validation, on ispmgr4's generated types.
//!
//! `cargo bench -p panelkit-ispsystem --features ispmgr4` runs criterion; with
//! `-- --figures [--quick]` it instead prints the figures `cargo xtask bench` tabulates,
//! one `bench-figure: key=value` line each.
//!
//! Decode ratios compare, on the same bytes in the same run, the client's full path
//! (`decode_reply::<Vec<UserElem>>`: XML elements decoded into rows as each closes; JSON parsed
//! into `Node`, then its elements decoded) with "just parsing": quick-xml's event loop reading
//! every attribute and unescaping every text, and `serde_json::Value`. `parse_xml_ms` is the
//! whole tree alone (`parse_xml`), which tools without typed replies still build.

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use panelkit_ispsystem::ispmgr4::{DomainSublistEdit, DomainSublistEditSdtype, UserElem};
use panelkit_runtime::reply::{parse_json, parse_xml, write_json};
use panelkit_runtime::{FromDoc, Request, decode_reply};
use quick_xml::Reader;
use quick_xml::events::Event;

const ELEMS: usize = 10_000;

/// A `user` list reply of [`ELEMS`] elements, as ISPmanager 4 sends it.
fn user_list_xml() -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc>\n");
    for i in 0..ELEMS {
        s.push_str(&format!(
            "<elem><name>user{i}</name><slave>node{}</slave><owner>root</owner><preset>default</preset>\
             {}<cgi/><php/><ssl/><shell/><note>note &amp; {i}</note>\
             <disk used=\"{}\" limit=\"1000\"/><bandwidth used=\"{i}\" limit=\"10000\"/></elem>\n",
            i % 3,
            if i % 7 == 0 { "<disabled/>" } else { "" },
            i % 1000
        ));
    }
    s.push_str("</doc>\n");
    s
}

/// The client's path: `decode_reply` parses and decodes each `elem` as soon as it closes.
fn decode_xml(body: &[u8]) -> Vec<UserElem> {
    decode_reply::<Vec<UserElem>>(body).expect("decodes")
}

fn decode_json(body: &[u8]) -> Vec<UserElem> {
    decode_reply::<Vec<UserElem>>(body).expect("decodes")
}

/// The tree path: the whole document, then `FromDoc` on it.
fn decode_xml_tree(body: &[u8]) -> Vec<UserElem> {
    let doc = parse_xml(body).expect("well-formed");
    Vec::<UserElem>::from_doc(&doc).expect("decodes")
}

fn decode_json_tree(body: &[u8]) -> Vec<UserElem> {
    let doc = parse_json(body).expect("well-formed");
    Vec::<UserElem>::from_doc(&doc).expect("decodes")
}

/// Just parsing with quick-xml: every event, attribute and (unescaped) text; no tree.
fn raw_xml(body: &[u8]) -> usize {
    let mut reader = Reader::from_reader(body);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).expect("well-formed") {
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

fn raw_json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("well-formed")
}

/// A typical request: an MX record of a domain, built, encoded and validated.
fn mx_request() -> usize {
    let req = DomainSublistEdit::new(black_box("example.com"))
        .name("mail")
        .sdtype(DomainSublistEditSdtype::Mx { prio: Some(10) })
        .addr("mx.example.com");
    req.validate().expect("valid");
    req.to_params().len()
}

/// The same request as a stringly-typed client writes it: the same name-value pairs in the
/// same order, typed in by hand, nothing checked. The same-run reference for [`mx_request`].
fn mx_by_hand() -> Vec<(String, String)> {
    let domain: &str = black_box("example.com");
    let prio: i64 = black_box(10);
    vec![
        ("plid".to_owned(), domain.to_owned()),
        ("name".to_owned(), "mail".to_owned()),
        ("sdtype".to_owned(), "MX".to_owned()),
        ("addr".to_owned(), "mx.example.com".to_owned()),
        ("prio".to_owned(), prio.to_string()),
        ("sok".to_owned(), "ok".to_owned()),
    ]
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
    let xml = user_list_xml();
    let json = write_json(&parse_xml(xml.as_bytes()).expect("own reply parses"));
    assert_eq!(decode_xml(xml.as_bytes()).len(), ELEMS);
    assert_eq!(decode_json(json.as_bytes()).len(), ELEMS);
    assert_eq!(decode_xml(xml.as_bytes()), decode_xml_tree(xml.as_bytes()));
    assert_eq!(decode_json(json.as_bytes()), decode_json_tree(json.as_bytes()));
    let runs = if quick { 5 } else { 20 };
    // Interleave full and raw runs so a busy neighbour hurts both alike.
    let (mut dx, mut rx, mut dj, mut rj) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let mut px = f64::MAX;
    for _ in 0..runs {
        // The tree alone, to tell parsing from field lookup.
        px = px.min(best(1, || {
            black_box(parse_xml(black_box(xml.as_bytes())).expect("well-formed"));
        }));
        dx = dx.min(best(1, || {
            black_box(decode_xml(black_box(xml.as_bytes())));
        }));
        rx = rx.min(best(1, || {
            black_box(raw_xml(black_box(xml.as_bytes())));
        }));
        dj = dj.min(best(1, || {
            black_box(decode_json(black_box(json.as_bytes())));
        }));
        rj = rj.min(best(1, || {
            black_box(raw_json(black_box(json.as_bytes())));
        }));
    }
    println!("bench-figure: decode_xml_ms={}", dx * 1e3);
    println!("bench-figure: raw_xml_ms={}", rx * 1e3);
    println!("bench-figure: parse_xml_ms={}", px * 1e3);
    println!("bench-figure: decode_json_ms={}", dj * 1e3);
    println!("bench-figure: raw_json_ms={}", rj * 1e3);
    println!("bench-figure: xml_bytes={}", xml.len());
    println!("bench-figure: json_bytes={}", json.len());
    let iters = if quick { 20_000 } else { 200_000 };
    // The reference must send what the typed request sends.
    let typed = DomainSublistEdit::new("example.com")
        .name("mail")
        .sdtype(DomainSublistEditSdtype::Mx { prio: Some(10) })
        .addr("mx.example.com")
        .to_params();
    let typed: Vec<(String, String)> =
        typed.entries().iter().map(|e| (e.name.to_string(), e.value.expose().to_owned())).collect();
    assert_eq!(typed, mx_by_hand(), "the hand-written reference no longer matches the typed request");
    // The typed request and its same-run reference take turns, best of each.
    let (mut s, mut h) = (f64::MAX, f64::MAX);
    for _ in 0..if quick { 3 } else { 5 } {
        s = s.min(best(1, || {
            for _ in 0..iters {
                black_box(mx_request());
            }
        }));
        h = h.min(best(1, || {
            for _ in 0..iters {
                black_box(mx_by_hand());
            }
        }));
    }
    println!("bench-figure: request_us={}", s * 1e6 / iters as f64);
    println!("bench-figure: request_by_hand_us={}", h * 1e6 / iters as f64);
}

fn criterion(c: &mut Criterion) {
    let xml = user_list_xml();
    let json = write_json(&parse_xml(xml.as_bytes()).expect("own reply parses"));
    let mut g = c.benchmark_group("10k users");
    g.sample_size(20);
    g.bench_function("xml: parse_xml + FromDoc", |b| b.iter(|| decode_xml(black_box(xml.as_bytes()))));
    g.bench_function("xml: quick-xml events only", |b| b.iter(|| raw_xml(black_box(xml.as_bytes()))));
    g.bench_function("json: parse_json + FromDoc", |b| b.iter(|| decode_json(black_box(json.as_bytes()))));
    g.bench_function("json: serde_json::Value only", |b| b.iter(|| raw_json(black_box(json.as_bytes()))));
    g.finish();
    c.bench_function("DomainSublistEdit MX: build + encode + validate", |b| b.iter(mx_request));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `-- --profile-xml` / `--profile-raw`: only the typed XML decode / the quick-xml loop,
    // repeated, for `valgrind --tool=callgrind` (instruction counts compare where timing is noisy).
    if args.iter().any(|a| a == "--profile-xml" || a == "--profile-raw") {
        let xml = user_list_xml();
        let raw = args.iter().any(|a| a == "--profile-raw");
        for _ in 0..5 {
            if raw {
                black_box(raw_xml(black_box(xml.as_bytes())));
            } else {
                black_box(decode_xml(black_box(xml.as_bytes())));
            }
        }
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

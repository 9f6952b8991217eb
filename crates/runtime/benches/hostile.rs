//! Hostile replies: time and peak memory of each attacker's reply through the client's
//! reply path (`parse_reply`, then `PanelError::from_doc` as `call` does).
//!
//! `cargo bench -p panelkit-runtime --bench hostile` prints one table row per reply. Each
//! reply runs in a child process of its own (this binary with `--case NAME`), so its peak
//! resident set (`VmHWM` of `/proc/self/status`) is its own and not the largest case's.
//! Targets (issue 14): an error within 1 s and under 64 MB peak, the reply itself included.
//! The `baseline` row is the same child doing nothing, for comparison.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use panelkit_runtime::{PanelError, parse_reply};

const LIMIT_TIME: Duration = Duration::from_secs(1);
const LIMIT_MEM_KB: u64 = 64 * 1024;

/// A reply: its name, what it is, and how to write its body.
type Case = (&'static str, &'static str, fn() -> Vec<u8>);

/// The replies: name, what it is, the body. `baseline` and `wide-xml` (a large but
/// well-formed list: its tree grows with its size, bounded by the client's reply-size cap)
/// are information, not targets.
const CASES: &[Case] = &[
    ("baseline", "nothing parsed (the child's own footprint)", Vec::new),
    ("xml-deep", "1,000,000 nested XML elements (7 MB)", xml_deep),
    ("json-deep-array", "1,000,000 nested JSON arrays", json_deep_array),
    ("json-deep-object", "1,000,000 nested JSON objects", json_deep_object),
    ("template-bomb", "error params naming each other, nine levels (10^9 copies if re-expanded)", template_bomb),
    ("attrs", "100,000 attributes on one element", attrs),
    ("error-params", "100,000 error params, 20,000 placeholders, 1 MB message", error_params),
    ("doc-array", "`doc` as an array: an error and an ok", doc_array),
    ("wide-xml", "1,000,000 empty sibling elements (7 MB)", wide_xml),
    ("truncated", "a 10 MB list cut off mid-element", truncated),
];

fn xml_deep() -> Vec<u8> {
    let n = 1_000_000;
    let mut s = Vec::with_capacity(n * 7);
    (0..n).for_each(|_| s.extend_from_slice(b"<a>"));
    (0..n).for_each(|_| s.extend_from_slice(b"</a>"));
    s
}

fn json_deep_array() -> Vec<u8> {
    let mut s = vec![b'['; 1_000_000];
    s.extend(std::iter::repeat_n(b']', 1_000_000));
    s
}

fn json_deep_object() -> Vec<u8> {
    let mut s = b"{\"doc\":".to_vec();
    (0..1_000_000).for_each(|_| s.extend_from_slice(b"{\"a\":"));
    s.extend_from_slice(b"1");
    s.extend(std::iter::repeat_n(b'}', 1_000_001));
    s
}

fn template_bomb() -> Vec<u8> {
    let mut s = String::from("<doc><error type=\"value\"><msg>");
    s.push_str(&"__p0__".repeat(10));
    s.push_str("</msg>");
    for i in 0..9 {
        s.push_str(&format!("<param name=\"p{i}\">{}</param>", format!("__p{}__", i + 1).repeat(10)));
    }
    s.push_str("<param name=\"p9\">boom</param></error></doc>");
    s.into_bytes()
}

fn attrs() -> Vec<u8> {
    let mut s = String::from("<doc><e");
    (0..100_000).for_each(|i| s.push_str(&format!(" a{i}=\"v\"")));
    s.push_str("/></doc>");
    s.into_bytes()
}

fn error_params() -> Vec<u8> {
    let mut s = String::from("<doc><error type=\"value\"><msg>");
    (0..20_000).for_each(|i| s.push_str(&format!("__p{i}__ ")));
    s.push_str(&"m".repeat(1_000_000));
    s.push_str("</msg>");
    (0..100_000).for_each(|i| s.push_str(&format!("<param name=\"p{i}\">v{i}</param>")));
    s.push_str("</error></doc>");
    s.into_bytes()
}

fn doc_array() -> Vec<u8> {
    br#"{"doc":[{"error":{"$type":"access","msg":"denied"}},{"ok":{}}]}"#.to_vec()
}

fn wide_xml() -> Vec<u8> {
    let mut s = b"<doc>".to_vec();
    (0..1_000_000).for_each(|_| s.extend_from_slice(b"<elem/>"));
    s.extend_from_slice(b"</doc>");
    s
}

fn truncated() -> Vec<u8> {
    let mut s = b"<doc>".to_vec();
    let mut i = 0;
    while s.len() < 10 << 20 {
        s.extend_from_slice(format!("<elem><name>user{i}</name><active>on</active></elem>").as_bytes());
        i += 1;
    }
    s.truncate(s.len() - 17);
    s
}

/// Peak resident set of this process so far, in KiB (Linux; `None` elsewhere).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The child: builds the body, runs the reply path, prints `outcome<TAB>micros<TAB>peak_kb`.
fn run_case(name: &str) -> ExitCode {
    let Some((_, _, body)) = CASES.iter().find(|(n, _, _)| *n == name) else {
        eprintln!("no case `{name}`");
        return ExitCode::FAILURE;
    };
    let body = body();
    let start = Instant::now();
    let outcome = if body.is_empty() {
        "-".to_owned()
    } else {
        match parse_reply(&body, Some(200), Some("text/xml")) {
            Err(e) => format!("error: {e}"),
            Ok(doc) => match PanelError::from_doc(&doc) {
                Some(e) => format!("panel error, message {} bytes", e.msg.len()),
                None => "parsed: no error".to_owned(),
            },
        }
    };
    let micros = start.elapsed().as_micros();
    let peak = peak_kb().map_or_else(|| "?".to_owned(), |k| k.to_string());
    // One line, tabs separating: the outcome may hold anything but tabs and newlines.
    let outcome: String = outcome.chars().map(|c| if c == '\t' || c == '\n' { ' ' } else { c }).take(120).collect();
    println!("{outcome}\t{micros}\t{peak}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        return run_case(args.get(i + 1).map_or("", String::as_str));
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("hostile: cannot find this binary: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("| Reply | Outcome | Time | Peak RSS | Result |");
    println!("|---|---|---|---|---|");
    let mut failed = 0;
    for (name, what, _) in CASES {
        let out = match Command::new(&exe).args(["--case", name]).output() {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => format!("child failed ({}): {}\t0\t0", o.status, String::from_utf8_lossy(&o.stderr).trim()),
            Err(e) => format!("child not started: {e}\t0\t0"),
        };
        let mut f = out.trim_end().splitn(3, '\t');
        let (outcome, micros, peak) = (f.next().unwrap_or(""), f.next().unwrap_or("0"), f.next().unwrap_or("?"));
        let time = Duration::from_micros(micros.parse().unwrap_or(u64::MAX));
        let peak_kb: Option<u64> = peak.parse().ok();
        let info = matches!(*name, "baseline" | "wide-xml");
        let pass = info
            || (outcome.starts_with("error") || outcome.starts_with("panel error"))
                && time <= LIMIT_TIME
                && peak_kb.is_some_and(|k| k <= LIMIT_MEM_KB);
        failed += usize::from(!pass);
        let mem = peak_kb.map_or_else(|| "?".to_owned(), |k| format!("{:.1} MB", k as f64 / 1024.0));
        let verdict = if info {
            "info"
        } else if pass {
            "pass"
        } else {
            "**FAIL**"
        };
        println!("| `{name}`: {what} | {outcome} | {:.1} ms | {mem} | {verdict} |", time.as_secs_f64() * 1e3);
    }
    println!("\nTargets: an error (never a success) within 1 s and under 64 MB peak RSS, the reply included.");
    if failed > 0 {
        println!("{failed} reply(ies) over target");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

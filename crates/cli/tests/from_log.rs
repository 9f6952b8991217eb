//! `panelkit from-log` as a user runs it: the binary, fed log text on stdin or from a file.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

/// The line the ISPmanager 5 guide shows for creating a domain in the UI.
const SEED: &str = "Feb 6 08:08:07 [2346:23826] core_module INFO Request [188.120.252.33][root] 'clicked_button=ok&email_inaccess=&func=domain.edit&ip=8.8.8.8&ip_existing=&maildomain=off&name=domain.name&ns=ns1.example.com.%20ns2.example.com.&operafake=1486357687433&owner=www%2Droot&owner_admins=off&progressid=false&reversezone=&sfrom=ajax&sok=ok&web_inaccess=&webdomain=off&zoom-ip=&zoom-ns='";

fn panelkit(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panelkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("panelkit runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("panelkit ends")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("UTF-8 output")
}

#[test]
fn the_seed_line_prints_the_domain_edit_request_without_ui_parameters() {
    for format in ["call", "mgrctl", "curl", "rust"] {
        let o = panelkit(&["from-log", "--panel", "ispmgr6", "--format", format], &format!("{SEED}\n"));
        assert!(o.status.success(), "{format}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains("domain.edit") || out.contains("DomainEdit"), "{format}: {out}");
        for want in [
            ("name", "domain.name"),
            ("ip", "8.8.8.8"),
            ("owner", "www-root"),
            ("maildomain", "off"),
            ("webdomain", "off"),
        ] {
            // Rust: a setter, an `unchecked` line, or (when the spec makes it required) a `new(..)` argument.
            let new_arg = out.lines().any(|l| l.contains("::new(") && l.contains(&format!("\"{}\"", want.1)));
            let found = out.contains(&format!("{}={}", want.0, want.1))
                || out.contains(&format!(".{}(\"{}\"", want.0, want.1))
                || out.contains(&format!(".{}({})", want.0, want.1 == "on"))
                || out.contains(&format!("(\"{}\", \"{}\")", want.0, want.1))
                || (format == "rust" && new_arg);
            assert!(found, "{format}: {want:?} in\n{out}");
        }
        let ns = out.contains("ns=ns1.example.com. ns2.example.com.")
            || out.contains(".ns([\"ns1.example.com.\", \"ns2.example.com.\"])");
        assert!(ns, "{format}: ns in\n{out}");
        let body = out.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
        for gone in ["clicked_button", "operafake", "progressid", "sfrom", "email_inaccess", "zoom-ip", "zoom-ns"] {
            assert!(!body.contains(gone), "{format}: {gone} in\n{body}");
        }
    }
}

#[test]
fn json_is_one_object_per_request_and_other_lines_are_skipped() {
    let log = format!("Feb 6 08:08:06 [2346:23826] core_module INFO Started\n{SEED}\n{SEED}\n");
    let o = panelkit(&["from-log", "--panel", "ispmgr6", "--json"], &log);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let objs: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect();
    assert_eq!(objs.len(), 2, "{out}");
    assert_eq!(objs[0]["func"], "domain.edit");
    assert_eq!(objs[0]["line"], 2);
    assert_eq!(objs[0]["params"]["ns"], "ns1.example.com. ns2.example.com.");
    assert!(objs[0]["params"].get("sfrom").is_none());
    // The spec lacks these: listed as problems, not fatal.
    let problems = objs[0]["problems"].to_string();
    assert!(problems.contains("owner_admins"), "{problems}");
}

#[test]
fn a_malformed_line_is_reported_with_its_number_and_reading_goes_on() {
    let log = format!("x core_module INFO Request [1.2.3.4][root] 'func=domain.edit&name=%zz'\n{SEED}\n");
    let o = panelkit(&["from-log", "--panel", "ispmgr6", "--format", "call"], &log);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("line 1") && err.contains("`name`") && err.contains("percent"), "{err}");
    let out = text(&o.stdout);
    assert!(out.contains("# line 2: domain.edit"), "{out}");
    assert!(!out.contains("line 1"), "{out}");
}

#[test]
fn a_password_in_a_log_line_is_never_printed_back() {
    let secret = "Hunter2-Very-Secret";
    let log = format!(
        "Feb 6 08:08:07 [1:2] core_module INFO Request [10.0.0.1][root] 'func=user.edit&name=bob&passwd={secret}&confirm={secret}&sok=ok'\n\
         Feb 6 08:08:08 [1:2] core_module INFO Request [10.0.0.1][root] 'func=no.such.func&password={secret}'\n"
    );
    for args in [&["from-log", "--panel", "ispmgr6"][..], &["from-log", "--panel", "ispmgr6", "--json"][..]] {
        let o = panelkit(args, &log);
        assert!(o.status.success(), "{}", text(&o.stderr));
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        assert!(!out.contains(secret) && !err.contains(secret), "{args:?}: secret printed:\n{out}\n{err}");
        assert!(out.contains("PANELKIT_PARAM_PASSWD"), "{args:?}: the placeholder is shown:\n{out}");
    }
}

#[test]
fn piped_output_is_plain_and_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ispmgr.log");
    let mut log = String::new();
    for _ in 0..5000 {
        log.push_str(SEED);
        log.push('\n');
    }
    std::fs::write(&path, &log).unwrap();
    // Not a terminal: no colour codes.
    let o = panelkit(&["from-log", "--panel", "ispmgr6", "--format", "call", path.to_str().unwrap()], "");
    assert!(o.status.success());
    assert!(!text(&o.stdout).contains('\u{1b}'), "escape codes on a pipe");
    // `| head -1`: the reader goes away after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_panelkit"))
        .args(["from-log", "--panel", "ispmgr6", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    let err = text(&o.stderr);
    assert!(!err.contains("panicked") && !err.contains("failed printing"), "{err}");
    assert!(o.status.success(), "exit {:?}: {err}", o.status);
}

#[test]
fn describe_and_functions_read_the_spec_offline() {
    let o = panelkit(&["describe", "--panel", "ispmgr6", "domain.record.edit"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("rtype") && out.contains("txt") && out.contains("plid: required"), "{out}");
    let o = panelkit(&["describe", "--panel", "ispmgr6", "site.edit"], "");
    let out = text(&o.stdout);
    assert!(out.contains("works on: the records of `webdomain` (form); `site_NAME` is their `NAME`"), "{out}");
    // Long names keep one column: the type starts at the same place on every line.
    let at = |name: &str| out.lines().find(|l| l.trim_start().starts_with(name)).map(|l| l.find(" text").unwrap());
    assert_eq!(at("site_php_lsapi_version "), at("site_owner "), "{out}");
    let o = panelkit(&["functions", "--panel", "ispmgr6", "domain.record"], "");
    let out = text(&o.stdout);
    assert!(out.lines().count() >= 2 && out.lines().all(|l| l.contains("domain.record")), "{out}");
    let o = panelkit(&["describe", "--panel", "ispmgr6", "no.such"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no.such"));
}

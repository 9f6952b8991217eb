//! `cargo xtask harvest --live` end to end: against `cargo xtask mock`, offline from
//! its captures, and interrupted.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// A running `xtask mock`, killed on drop.
struct Mock(Child, String);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn mock(panel: &str, user: &str) -> Mock {
    let mut child = Command::new(XTASK)
        .args(["mock", "--panel", panel, "--listen", "127.0.0.1:0", "--user", user])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split(" serving at ").nth(1).unwrap_or_else(|| panic!("mock said {line:?}")).trim().to_owned();
    Mock(child, url)
}

fn harvest(args: &[&str], password: Option<&str>) -> std::process::Output {
    let mut c = Command::new(XTASK);
    c.arg("harvest").args(args).env_remove("PANELKIT_PASSWORD");
    if let Some(p) = password {
        c.env("PANELKIT_PASSWORD", p);
    }
    c.output().unwrap()
}

#[test]
fn live_refresh_prints_the_spec_and_captures_re_harvest_to_the_same_json() {
    let m = mock("ispmgr4", "root:mock-pw");
    let t = tempfile::tempdir().unwrap();
    let caps = t.path().join("caps");
    let caps_s = caps.display().to_string();
    let live = harvest(
        &["--live", &m.1, "--user", "root", "--refresh", "ispmgr4", "--json", "--captures", &caps_s],
        Some("mock-pw"),
    );
    let err = String::from_utf8_lossy(&live.stderr);
    assert!(live.status.success(), "{err}");
    assert!(!err.contains("mock-pw"), "the password leaked: {err}");
    let spec: serde_json::Value = serde_json::from_slice(&live.stdout).unwrap();
    assert_eq!(spec["id"], "ispmgr4");
    let user_edit = spec["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "user.edit")
        .unwrap_or_else(|| panic!("no user.edit in the harvest; it said:\n{err}"));
    assert!(user_edit["params"].as_array().unwrap().len() > 10, "{user_edit}");
    let offline = harvest(&["--metadata", &caps_s, "--refresh", "ispmgr4", "--json"], None);
    assert!(offline.status.success(), "{}", String::from_utf8_lossy(&offline.stderr));
    assert_eq!(String::from_utf8_lossy(&offline.stdout), String::from_utf8_lossy(&live.stdout));
}

#[test]
fn a_panel_that_answers_nothing_fails_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let out_dir = t.path().join("spec");
    let out_s = out_dir.display().to_string();
    // Port 9 (discard) on loopback: nothing listens there.
    let url = "http://127.0.0.1:9/manager/ispmgr";
    let out = harvest(&["--live", url, "--user", "root", "--refresh", "ispmgr4", "--out", &out_s], Some("pw"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("none of the") && err.contains("nothing written"), "{err}");
    assert!(err.contains("user.edit: connection failed"), "each failure is listed: {err}");
    assert!(!out_dir.exists(), "a spec of no functions was written");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_password_comes_only_from_the_environment() {
    let out =
        harvest(&["--live", "http://127.0.0.1:9/ispmgr", "--user", "root", "--refresh", "ispmgr4", "--json"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PANELKIT_PASSWORD"));
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Ctrl-C in the middle of a harvest: the spec folder and the captures folder are
/// either the old ones or absent, never half-written.
#[test]
fn interrupting_a_live_harvest_leaves_no_half_written_folder() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let cat = t.path().join("catalog.txt");
    std::fs::write(
        &cat,
        format!("{:<45}Users. Function type: list\n{:<45}User. Function type: form\n", "user", "user.edit"),
    )
    .unwrap();
    // A mgrctl that lists two functions and then hangs on every call.
    let script = t.path().join("mgrctl");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ncase \"$*\" in *' -i'*) cat '{}';; *) sleep 5;; esac\n", cat.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out_dir = t.path().join("spec");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("old.toml"), "# the previous harvest\n").unwrap();
    let caps = t.path().join("caps");
    let mut child = Command::new(XTASK)
        .args(["harvest", "--mgrctl", &script.display().to_string(), "-m", "ispmgr", "--id", "x", "--version", "6"])
        .args(["--out", &out_dir.display().to_string(), "--captures", &caps.display().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "harvest did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!child.wait().unwrap().success());
    assert_eq!(listing(&out_dir), ["old.toml"]);
    assert_eq!(std::fs::read_to_string(out_dir.join("old.toml")).unwrap(), "# the previous harvest\n");
    assert!(!caps.exists(), "captures half-written");
    assert!(listing(t.path()).iter().all(|n| !n.starts_with('.')), "{:?}", listing(t.path()));
}

const OWN_PLUGIN: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/harvest/tests/fixtures/plugin_extends_base.xml");

#[test]
fn a_bare_plugin_file_harvests_with_header_defaults_from_its_name() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("ispmgr_mod_demo.xml");
    std::fs::copy(OWN_PLUGIN, &file).unwrap();
    let out = harvest(&["--metadata", &file.display().to_string(), "--json"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((spec["id"].as_str(), spec["family"].as_str()), (Some("ispmgr_mod_demo"), Some("ispmanager")));
    assert_eq!((spec["protocol"].as_str(), spec["mgr"].as_str()), (Some("ispsystem"), Some("ispmgr")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("defaulted"), "the defaults are announced");
}

#[test]
fn missing_header_keys_are_named_all_at_once() {
    let out = harvest(&["--metadata", OWN_PLUGIN, "--json"], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    for k in ["`id`", "`family`", "`version`", "`protocol`", "`endpoint`", "--panel-toml"] {
        assert!(errors[0].contains(k), "{k} missing from {}", errors[0]);
    }
    // Flags that are given are not asked for again.
    let out = harvest(&["--metadata", OWN_PLUGIN, "--json", "--id", "x", "--family", "ispmanager"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`version`") && !err.contains("`id`") && !err.contains("`family`"), "{err}");
}

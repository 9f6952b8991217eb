//! The mgrctl transport with a stand-in executable that records its argv and environment.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use panelkit_runtime::mgrctl::{MGRCTL_PATH, MGRCTL_PATH_ISP4};
use panelkit_runtime::{Error, ErrorKind, IspClient, OutFormat, Params, TransportKind};

const SCRIPT: &str = r#"#!/bin/sh
dir="$(dirname "$0")"
: > "$dir/argv"
for a in "$@"; do printf '%s\n' "$a" >> "$dir/argv"; done
env > "$dir/env"
if [ -f "$dir/sleep" ]; then exec sleep 30; fi
if [ -f "$dir/stderr" ]; then cat "$dir/stderr" >&2; fi
if [ -f "$dir/reply" ]; then cat "$dir/reply"; fi
if [ -f "$dir/exit" ]; then exit "$(cat "$dir/exit")"; fi
exit 0
"#;

fn stand_in(reply: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mgrctl");
    std::fs::write(&path, SCRIPT).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.path().join("reply"), reply).unwrap();
    (dir, path)
}

fn argv(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("argv")).unwrap().lines().map(str::to_owned).collect()
}

fn env(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("env")).unwrap()
}

#[tokio::test]
async fn runs_mgrctl_with_func_and_params_without_a_shell() {
    let (dir, path) = stand_in("<doc><elem><name>alice</name><active/></elem></doc>");
    let c = IspClient::<TestIsp>::mgrctl(&path, "ispmgr").su("bob").lang("en").build().unwrap();
    let users = c.call(&UserList).await.unwrap();
    assert_eq!(users[0].name, "alice");
    assert_eq!(argv(dir.path()), ["-m", "ispmgr", "-o", "xml", "user", "su=bob", "lang=en"]);

    // Values with spaces and shell metacharacters arrive as one argument each, untouched.
    let mut p = Params::new();
    p.set("elid", "a.com, b.com");
    p.set("note", "$(touch pwned); `x` 'q' \"d\"");
    c.call_raw("webdomain.delete", p).await.unwrap();
    let args = argv(dir.path());
    assert_eq!(args[4..7], ["webdomain.delete", "elid=a.com, b.com", "note=$(touch pwned); `x` 'q' \"d\""]);
    assert!(!dir.path().join("pwned").exists());
}

#[tokio::test]
async fn password_goes_through_the_environment_not_argv() {
    let (dir, path) = stand_in("<doc><ok/></doc>");
    let c = IspClient::<TestIsp>::mgrctl(&path, "ispmgr").build().unwrap();
    c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap();
    let args = argv(dir.path());
    assert!(args.iter().all(|a| !a.contains(NEW_USER_PASSWORD)), "{args:?}");
    assert_eq!(args[..5], ["-m", "ispmgr", "-o", "xml", "user.edit"]);
    assert!(args.contains(&"name=carol".to_owned()));
    let e = args.iter().position(|a| a == "-e").expect("-e");
    assert_eq!(args[e + 1], "passwd=$PANELKIT_SECRET_0");
    assert!(env(dir.path()).lines().any(|l| l == format!("PANELKIT_SECRET_0={NEW_USER_PASSWORD}")));
    // The parent's own environment does not carry it.
    assert!(std::env::var("PANELKIT_SECRET_0").is_err());
}

#[tokio::test]
async fn json_output_and_error_documents() {
    let (dir, path) = stand_in(
        r#"{"doc":{"error":{"$type":"exists","$object":"user","param":[{"$name":"object","$":"user"},{"$name":"value","$":"carol"}],"msg":{"$":"User carol exists"}}}}"#,
    );
    std::fs::write(dir.path().join("exit"), "1").unwrap();
    let c = IspClient::<TestIsp>::mgrctl(&path, "ispmgr").format(OutFormat::Json).build().unwrap();
    let err = c.call(&UserEdit::new("carol", NEW_USER_PASSWORD)).await.unwrap_err();
    let p = err.panel().unwrap();
    assert_eq!((p.kind.clone(), p.value.as_deref()), (ErrorKind::Exists, Some("carol")));
    assert_eq!(argv(dir.path())[..4], ["-m", "ispmgr", "-o", "json"]);
}

#[tokio::test]
async fn failures_of_the_program() {
    let (dir, path) = stand_in("");
    std::fs::write(dir.path().join("exit"), "3").unwrap();
    std::fs::write(dir.path().join("stderr"), "mgrctl: unknown manager").unwrap();
    let c = IspClient::<TestIsp>::mgrctl(&path, "nosuchmgr").build().unwrap();
    let err = c.call(&UserList).await.unwrap_err();
    let Error::Transport(t) = &err else { panic!("{err:?}") };
    assert_eq!(t.kind, TransportKind::Exit(Some(3)));
    assert!(t.message.contains("unknown manager"), "{err}");

    let missing = IspClient::<TestIsp>::mgrctl(dir.path().join("absent"), "ispmgr").build().unwrap();
    let err = missing.call(&UserList).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.kind == TransportKind::Spawn), "{err:?}");

    std::fs::write(dir.path().join("sleep"), "").unwrap();
    let slow = IspClient::<TestIsp>::mgrctl(&path, "ispmgr").timeout(Duration::from_millis(300)).build().unwrap();
    assert!(slow.call(&UserList).await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn names_that_would_be_read_as_options_are_refused() {
    let (dir, path) = stand_in("<doc/>");
    let c = IspClient::<TestIsp>::mgrctl(&path, "ispmgr").build().unwrap();
    assert!(matches!(c.call_raw("-i", Params::new()).await, Err(Error::Config(_))));
    let mut p = Params::new();
    p.set("-o", "text");
    assert!(matches!(c.call_raw("user", p).await, Err(Error::Config(_))));
    assert!(!dir.path().join("argv").exists());
}

#[test]
fn default_paths() {
    assert_eq!(panelkit_runtime::isp::default_mgrctl_path::<TestIsp>(), MGRCTL_PATH);
    assert_eq!(panelkit_runtime::isp::default_mgrctl_path::<OtherIsp>(), MGRCTL_PATH_ISP4);
    assert_eq!(MGRCTL_PATH, "/usr/local/mgr5/sbin/mgrctl");
    assert_eq!(MGRCTL_PATH_ISP4, "/usr/local/ispmgr/sbin/mgrctl");
}

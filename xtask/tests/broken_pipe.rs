//! `cargo xtask spec dump ispmgr6 | head`: a reader that goes away early ends the command quietly.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_is_no_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec", "dump", "ispmgr6"]) // megabytes: more than a pipe buffer holds
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 8];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked") && !err.contains("failed printing"), "{err}");
    assert!(o.status.success(), "exit {:?}: {err}", o.status);
}

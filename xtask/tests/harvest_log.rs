//! `cargo xtask harvest --log FILE --panel ID`: a log's requests as a reviewable overlay.

use std::process::Command;

#[test]
fn a_log_becomes_an_overlay_of_observed_functions_without_values() {
    let dir = std::env::temp_dir().join(format!("xtask-harvest-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("ispmgr.log");
    std::fs::write(
        &log,
        "Feb 6 08:08:07 [1:2] core_module INFO Request [10.0.0.1][root] 'func=domain.edit&name=a.example&ip=8.8.8.8&sfrom=ajax&sok=ok'\n\
         Feb 6 08:08:08 [1:2] core_module INFO Request [10.0.0.1][root] 'func=domain.edit&name=b.example&ip=::1'\n\
         Feb 6 08:08:09 [1:2] core_module INFO Request [10.0.0.1][root] 'func=user.edit&name=bob&passwd=Secret-In-Log-1'\n\
         Feb 6 08:08:10 [1:2] core_module INFO Request [10.0.0.1][root] 'func=x&y=%G0'\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["harvest", "--log"])
        .arg(&log)
        .args(["--panel", "ispmgr6"])
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{err}");
    assert!(out.contains("# seen in 2 of 2 request(s)\n[[function.params]]\nname = \"ip\"\ntype = \"ip\""), "{out}");
    assert!(out.contains("name = \"passwd\"\ntype = \"password\""), "{out}");
    assert!(!out.contains("Secret-In-Log-1") && !err.contains("Secret-In-Log-1"), "{out}{err}");
    assert!(!out.contains("sfrom") && !out.contains("\"sok\""), "{out}");
    assert!(err.contains("line 4") && err.contains("1 unreadable line"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

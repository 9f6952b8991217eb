//! `panelkit call` and `panelkit fingerprint` against the fake panel on loopback,
//! running the built binary as a user would.

use std::path::Path;
use std::process::{Command, Output};

use panelkit_fake::{Account, FakeHandle, FakePanel, Level};

fn spec() -> panelkit_spec::Panel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/ispmgr6");
    panelkit_spec::load_panel(&dir).expect("spec/ispmgr6 loads")
}

async fn fake(tls: bool) -> FakeHandle {
    FakePanel::builder(spec())
        .user(Account::new("root", "secret", Level::Admin))
        .tls(tls)
        .start()
        .await
        .expect("fake starts")
}

/// Runs `panelkit` with credentials in the environment only, and no profile.
fn panelkit(f: &FakeHandle, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panelkit"))
        .args(args)
        .env("PANELKIT_URL", f.base_url())
        .env("PANELKIT_USER", "root")
        .env("PANELKIT_PASSWORD", "secret")
        .env("PANELKIT_CONFIG", "/nonexistent/panelkit/config.toml")
        .env_remove("PANELKIT_PANEL")
        .output()
        .expect("panelkit runs")
}

fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "exit {:?}\nstdout: {out}\nstderr: {}", o.status, String::from_utf8_lossy(&o.stderr));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zone_and_a_txt_record_then_the_list_as_table_and_json() {
    let f = fake(false).await;
    let call = |args: &[&str]| {
        let mut a = vec!["call", "--panel", "ispmgr6"];
        a.extend_from_slice(args);
        panelkit(&f, &a)
    };
    ok(&call(&["domain.edit", "name=example.com", "ip=192.0.2.1", "ns=ns1.example.com. ns2.example.com.", "sok=ok"]));
    ok(&call(&[
        "domain.record.edit",
        "plid=example.com",
        "name=txt.example.com.",
        "rtype=txt",
        "value=v=spf1 -all",
        "sok=ok",
    ]));
    let table = ok(&call(&["domain.record", "elid=example.com"]));
    assert!(table.contains("txt.example.com.") && table.contains("v=spf1 -all"), "{table}");
    assert!(table.lines().next().is_some_and(|l| l.contains('─') || l.contains('┌')), "a table:\n{table}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&call(&["domain.record", "elid=example.com", "--json"]))).expect("JSON");
    let rows = json.as_array().expect("a list is an array");
    let txt = rows.iter().find(|r| r["name"] == "txt.example.com.").expect("the TXT record is listed");
    assert_eq!(txt["value"], "v=spf1 -all", "{json}");

    // A TXT record has no priority: refused before sending, naming the parameter.
    let before = f.state();
    let o = call(&[
        "domain.record.edit",
        "plid=example.com",
        "name=t2.example.com.",
        "rtype=txt",
        "value=x",
        "priority=10",
        "sok=ok",
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`priority`"), "{err}");
    assert_eq!(f.state(), before, "the fake saw the refused request");
    assert!(!f.state().to_string().contains("t2.example.com."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panel_errors_print_the_message_and_exit_1() {
    let f = fake(false).await;
    let o = panelkit(&f, &["call", "--panel", "ispmgr6", "domain.record", "elid=missing.example"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("panel error") && err.contains("missing.example"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_refused_on_the_command_line() {
    let f = fake(false).await;
    let o = panelkit(&f, &["call", "--panel", "ispmgr6", "user.edit", "name=bob", "passwd=Visible-Secret-1", "sok=ok"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("@env:") && !err.contains("Visible-Secret-1"), "{err}");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_others_can_read_is_refused_and_a_private_one_is_used() {
    use std::os::unix::fs::PermissionsExt;
    let f = fake(false).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = format!(
        "[profile.default]\nurl = \"{}\"\npanel = \"ispmgr6\"\nuser = \"root\"\npassword = \"secret\"\n",
        f.base_url()
    );
    std::fs::write(&path, text).unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_panelkit"))
            .args(["call", "domain"])
            .env("PANELKIT_CONFIG", &path)
            .env_remove("PANELKIT_URL")
            .env_remove("PANELKIT_USER")
            .env_remove("PANELKIT_PASSWORD")
            .env_remove("PANELKIT_PANEL")
            .output()
            .unwrap()
    };
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("chmod 600") && !err.contains("secret\""), "{err}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    ok(&run());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fingerprint_is_the_pin_that_works() {
    let f = fake(true).await;
    let o = panelkit(&f, &["fingerprint", &f.base_url()]);
    let fp = ok(&o).trim().to_owned();
    assert_eq!(Some(fp.clone()), f.fingerprint());
    ok(&panelkit(&f, &["call", "--panel", "ispmgr6", "--pin", &fp, "domain"]));
    // Without the pin the self-signed certificate is refused.
    let o = panelkit(&f, &["call", "--panel", "ispmgr6", "domain"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
}

#[cfg(unix)]
#[test]
fn mgrctl_sends_through_the_local_transport_without_credentials() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("mgrctl");
    let args_file = dir.path().join("args");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\necho '<?xml version=\"1.0\" encoding=\"UTF-8\"?><doc><elem><name>example.com</name><rtype>txt</rtype></elem></doc>'\n",
            args_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_panelkit"))
        .args(["call", "--panel", "ispmgr6", "--mgrctl", script.to_str().unwrap(), "domain.record", "elid=example.com"])
        .env("PANELKIT_CONFIG", "/nonexistent/panelkit/config.toml")
        .env_remove("PANELKIT_URL")
        .env_remove("PANELKIT_USER")
        .env_remove("PANELKIT_PASSWORD")
        .output()
        .unwrap();
    let out = ok(&o);
    assert!(out.contains("example.com") && out.contains("txt"), "{out}");
    let args = std::fs::read_to_string(&args_file).unwrap();
    let args: Vec<&str> = args.lines().collect();
    assert!(args.windows(2).any(|w| w == ["-m", "ispmgr"]), "{args:?}");
    assert!(args.contains(&"domain.record") && args.contains(&"elid=example.com"), "{args:?}");
}

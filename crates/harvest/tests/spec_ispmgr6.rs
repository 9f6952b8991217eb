//! `spec/ispmgr6` is exactly what `cargo xtask harvest` makes of the real catalog
//! plus `spec/overlays/ispmgr6`, and it loads.

mod common;

use std::collections::BTreeMap;

use panelkit_harvest::{GENERATED_NOTE, harvest_panel, load_overlay, parse_catalog, render_spec_files};
use panelkit_spec::{Condition, FunctionKind, ParamType};

#[test]
fn checked_in_spec_loads_and_is_consistent() {
    let panels = panelkit_spec::load_dir(&common::root().join("spec")).unwrap();
    let p = panels.iter().find(|p| p.id == "ispmgr6").expect("spec/ispmgr6");
    // The 1,007 catalog functions plus what ISPmanager Business clients call and the
    // captured (Lite) host lacks: resellers and IP addresses.
    let added = ["reseller", "reseller.edit", "reseller.delete", "reseller.suspend", "reseller.resume"];
    let added_ip = ["ipaddr", "ipaddr.edit", "ipaddr.delete", "ipaddr.free"];
    assert_eq!(p.functions.len(), 1007 + added.len() + added_ip.len());
    for f in added.iter().chain(&added_ip) {
        assert!(p.function(f).is_some_and(|f| f.typed), "{f}");
    }
    assert_eq!((p.endpoint.as_str(), p.mgr.as_deref()), ("/ispmgr", Some("ispmgr")));
    assert_eq!(p.function("admin.delete").unwrap().kind, FunctionKind::Group);
    let typed: Vec<&str> = p.functions.iter().filter(|f| f.typed).map(|f| f.name.as_str()).collect();
    // Every function the issue names is typed (evidence: shared/fixtures/client-requests).
    for f in [
        "user",
        "user.edit",
        "user.add.finish",
        "user.suspend",
        "user.resume",
        "user.delete",
        "usrparam",
        "preset",
        "preset.edit",
        "reseller",
        "reseller.edit",
        "webdomain",
        "webdomain.edit",
        "webdomain.delete",
        "webdomain.suspend",
        "webdomain.resume",
        "site.edit",
        "letsencrypt.generate",
        "sslcert",
        "sslcert.delete",
        "domain",
        "domain.edit",
        "domain.delete",
        "domain.record",
        "domain.record.edit",
        "domain.record.delete",
        "emaildomain",
        "emaildomain.edit",
        "emaildomain.delete",
        "email",
        "email.edit",
        "email.delete",
        "db",
        "db.edit",
        "db.delete",
        "db.users",
        "db.users.edit",
        "ftp.user",
        "ftp.user.edit",
        "ftp.user.delete",
        "ftp.user.suspend",
        "ftp.user.resume",
        "scheduler",
        "scheduler.edit",
        "scheduler.delete",
        "services",
        "services.restart",
        "license.info",
        "whoami",
        "session.newkey",
    ] {
        assert!(typed.contains(&f), "{f} is not typed");
    }
    assert_eq!(typed.len(), 66, "{typed:?}");
    for f in &p.functions {
        for r in &f.rules {
            let ctl = f.param(&r.param).unwrap_or_else(|| panic!("{}: rule on missing {}", f.name, r.param));
            for t in r.enables.iter().chain(&r.forbids).chain(&r.readonly) {
                let target = f.param(t).unwrap_or_else(|| panic!("{}: rule names missing {t}", f.name));
                assert!(!target.required || r.enables.contains(t), "{}: required {t} can be forbidden", f.name);
                assert!(!target.required, "{}: required {t} depends on a rule", f.name);
            }
            if let Condition::Equals(v) = &r.when
                && ctl.ty == ParamType::Enum
            {
                assert!(ctl.values.iter().any(|x| x.value == v), "{}: {} has no value {v}", f.name, r.param);
            }
        }
        for prm in &f.params {
            assert!(prm.feature.is_none(), "{}: {} depends on an undeclared feature", f.name, prm.name);
        }
    }
    // Each DNS record type enables exactly the fields it needs.
    let rec = p.function("domain.record.edit").unwrap();
    let enabled = |t: &str| -> Vec<&str> {
        let r = rec.rules.iter().find(|r| r.when == Condition::Equals(t.into())).unwrap();
        r.enables.iter().map(|e| e.as_str()).collect()
    };
    assert_eq!(enabled("a"), ["ip"]);
    assert_eq!(enabled("aaaa"), ["ip"]);
    assert_eq!(enabled("cname"), ["domain"]);
    assert_eq!(enabled("mx"), ["domain", "priority"]);
    assert_eq!(enabled("ns"), ["domain"]);
    assert_eq!(enabled("txt"), ["value"]);
    assert_eq!(enabled("caa"), ["caa_flags", "caa_tag", "caa_value_domain", "caa_value_email"]);
    assert_eq!(enabled("tlsa"), ["tlsa_cert_usage", "tlsa_selector", "tlsa_matching_type", "tlsa_value"]);
    assert_eq!(enabled("ds"), ["ds_key_tag", "ds_algorithm", "ds_digest_type", "ds_digest"]);
    assert_eq!(enabled("srv"), ["priority", "weight", "port", "srvdomain"]);
}

#[test]
fn checked_in_spec_equals_a_fresh_harvest() {
    let Some(cat_path) = common::shared("ispmgr6_mgrctl_i.txt") else { return };
    let text = std::fs::read_to_string(cat_path).unwrap();
    let cat = parse_catalog(&text, "ispmgr6_mgrctl_i.txt");
    let overlay = load_overlay(&common::root().join("spec/overlays/ispmgr6")).unwrap();
    let out = harvest_panel(Some((&cat, "en")), vec![], Default::default(), Some(&overlay)).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert!(
        out.report.overridden.iter().all(|o| o.ends_with(".typed: false -> true")
            || o.ends_with(".kind: \"unknown\" -> \"action\"")
            || o.contains(".result.kind:")),
        "{:#?}",
        out.report.overridden
    );
    let want = render_spec_files(&out.panel, GENERATED_NOTE).unwrap();
    let dir = common::root().join("spec/ispmgr6");
    let mut have = BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            have.insert(p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap());
        }
    }
    let stale: Vec<&String> = want.keys().filter(|k| have.get(*k) != want.get(*k)).collect();
    let extra: Vec<&String> = have.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "spec/ispmgr6 is stale (stale {stale:?}, extra {extra:?}); run: cargo xtask harvest --catalog \
         ../shared/fixtures/ispmgr6_mgrctl_i.txt --overlay spec/overlays/ispmgr6 --out spec/ispmgr6"
    );
}

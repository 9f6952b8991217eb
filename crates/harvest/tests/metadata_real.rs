//! Every real metadata file in `../shared/fixtures/xml` (skipped when absent).

mod common;

use panelkit_harvest::{MetadataDoc, parse_metadata};
use panelkit_spec::{Condition, FunctionKind, ParamType};

fn harvest(suffix: &str) -> Option<Result<MetadataDoc, panelkit_harvest::XmlError>> {
    let dir = common::shared("xml")?;
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no fixture ending in {suffix}"));
    Some(parse_metadata(&std::fs::read(&path).unwrap(), suffix))
}

fn rule_targets(doc: &MetadataDoc) -> usize {
    doc.functions.iter().flat_map(|f| &f.rules).map(|r| r.forbids.len() + r.readonly.len()).sum()
}

fn int_bounds(doc: &MetadataDoc) -> Vec<(String, Option<i64>, Option<i64>)> {
    doc.functions
        .iter()
        .flat_map(|f| &f.params)
        .filter(|p| p.ty == ParamType::Int)
        .map(|p| (p.name.to_string(), p.min, p.max))
        .collect()
}

#[test]
fn every_real_file_is_covered() {
    let Some(dir) = common::shared("xml") else { return };
    let n = std::fs::read_dir(dir).unwrap().count();
    assert_eq!(n, 9, "a new real fixture needs its own test below");
}

#[test]
fn nginx_rate_limit() {
    let Some(doc) = harvest("ispmgr_mod_nginx_rate_limit.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let names: Vec<&str> = doc.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["site.edit", "webdomain.edit"]);
    assert_eq!(
        int_bounds(&doc),
        [
            ("site_nginx_rate_limit".into(), Some(1), Some(100_000_000_000)),
            ("nginx_rate_limit".into(), Some(1), Some(100_000_000_000))
        ]
    );
    assert_eq!(doc.functions[0].params[0].page.as_deref(), Some("optimization"));
    assert_eq!(doc.messages.len(), 2);
    assert_eq!((doc.messages[1].lang.as_str(), doc.messages[1].msgs[0].1.as_str()), ("en", "Rate limit"));
}

#[test]
fn ammina_bxpushserver() {
    let Some(doc) = harvest("ispmgr_mod_ammina_bxpushserver.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.handler_funcs, ["ammina_bxpushserver"]);
    let f = &doc.functions[0];
    assert_eq!((f.name.as_str(), f.kind, f.params.len()), ("ammina_bxpushserver", FunctionKind::Form, 10));
    assert_eq!(int_bounds(&doc).len(), 5);
    assert_eq!(int_bounds(&doc)[4], ("ammina_ws_port".into(), Some(1), Some(65535)));
    assert_eq!(f.param("ammina_active").unwrap().ty, ParamType::Flag);
    assert!(f.param("ammina_security_key").unwrap().readonly);
    // Selects whose options only the live form knows stay text.
    assert_eq!(f.param("ammina_cert").unwrap().ty, ParamType::Text);
    assert!(f.rules.is_empty());
    assert_eq!(doc.messages.iter().map(|m| m.msgs.len()).sum::<usize>(), 2 + 21);
}

#[test]
fn ammina_memcached_if_else() {
    let Some(doc) = harvest("ispmgr_mod_ammina_memcached.xml") else { return };
    let doc = doc.unwrap();
    // Two `fullwith` typos, reported with their lines.
    let lines: Vec<usize> = doc.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [27, 30]);
    assert!(doc.warnings.iter().all(|w| w.message.contains("`fullwith`")));
    let f = &doc.functions[0];
    assert_eq!(f.params.len(), 3);
    assert_eq!(
        int_bounds(&doc),
        [
            ("ammina_cachesize".into(), Some(1), Some(999_999_999)),
            ("ammina_maxconn".into(), Some(1), Some(999_999_999))
        ]
    );
    assert_eq!(f.rules.len(), 2);
    assert_eq!((f.rules[0].param.as_str(), &f.rules[0].when), ("ammina_issocket", &Condition::On));
    assert_eq!(f.rules[0].forbids, ["ammina_note2"]);
    assert_eq!(f.rules[1].when, Condition::Off, "<else> of a checkbox <if value=on>");
    assert_eq!(f.rules[1].forbids, ["ammina_note"]);
}

#[test]
fn ammina_siteedit_many_rules() {
    let Some(doc) = harvest("ispmgr_mod_ammina_siteedit.xml") else { return };
    let doc = doc.unwrap();
    assert_eq!(doc.warnings.len(), 4, "four `fullwith` typos: {:?}", doc.warnings);
    assert_eq!(doc.events.len(), 1);
    assert_eq!((doc.events[0].function.as_str(), doc.events[0].after), ("site.edit", true));
    let f = &doc.functions[0];
    assert_eq!((f.name.as_str(), f.params.len(), f.rules.len()), ("site.edit", 33, 18));
    // 51 `<if>` elements, each naming one target.
    assert_eq!(rule_targets(&doc), 51);
    let shadow: usize = f.rules.iter().map(|r| r.readonly.len()).sum();
    assert_eq!(shadow, 21, "21 `shadow=\"yes\"`");
    let laravel = f.rules.iter().find(|r| r.when == Condition::Equals("laravel".into())).unwrap();
    assert_eq!(laravel.forbids.len(), 9);
    let pages: std::collections::BTreeSet<_> = f.params.iter().filter_map(|p| p.page.as_deref()).collect();
    assert_eq!(pages.len(), 6);
    assert_eq!(f.params.iter().filter(|p| p.remove_if.is_some()).count(), 13);
    assert_eq!(f.param("site_bitrix_settings_composite").unwrap().feature.as_deref(), Some("nginx"));
}

#[test]
fn seodns_untyped_metadata() {
    let Some(doc) = harvest("dnsmgr_mod_seodns.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let f = &doc.functions[0];
    assert_eq!((f.name.as_str(), f.kind), ("dnsparam", FunctionKind::Form), "no type attribute: a <form> decides");
    assert_eq!(f.param("seodnsip").unwrap().ty, ParamType::Ip);
    assert_eq!(f.param("seodnsip").unwrap().check.as_deref(), Some("ip"));
}

#[test]
fn samba_handler_only() {
    let Some(doc) = harvest("ispmgr_mod_samba.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.functions.is_empty());
    assert!(doc.warnings.is_empty());
    assert_eq!(doc.events.len(), 8);
    assert!(doc.events.iter().all(|e| e.after && e.handler == "samba.py"));
    assert_eq!(doc.events[7].function, "ftp.user.delete");
}

#[test]
fn paymaster_required_private_shadow() {
    let Some(doc) = harvest("billmgr_mod_pmpaymaster.php.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let f = &doc.functions[0];
    assert_eq!((f.name.as_str(), f.params.len()), ("paymethod.edit.paymaster.php", 7));
    let req: Vec<&str> = f.params.iter().filter(|p| p.required).map(|p| p.name.as_str()).collect();
    assert_eq!(req, ["LMI_MERCHANT_ID", "secret", "direct_secret"]);
    assert_eq!(f.param("secret").unwrap().ty, ParamType::Password);
    assert_eq!(f.param("apiurl").unwrap().ty, ParamType::Url);
    assert_eq!(f.rules.len(), 2);
    assert_eq!(f.rules[0].readonly, ["system_type"]);
    assert_eq!(f.rules[1].when, Condition::Off);
    assert_eq!(f.rules[1].forbids, ["direct_secret", "direct_hash_type"]);
}

#[test]
fn aibolit_lists_and_handler_funcs() {
    let Some(doc) = harvest("ispmgr_mod_aibolit.xml") else { return };
    let doc = doc.unwrap();
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.handler_funcs, ["aibolit.result", "aibolit.stat", "aibolit.run", "aibolit.delete"]);
    let names: Vec<&str> = doc.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["aibolit.stat", "aibolit.result", "wwwdomain"]);
    let list = &doc.functions[1];
    assert_eq!(list.kind, FunctionKind::List);
    assert_eq!(list.result.key.as_deref(), Some("site"));
    assert_eq!(list.toolbar, ["aibolit.stat", "aibolit.delete"]);
    let cols: Vec<&str> = list.result.fields.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["site", "data"]);
    assert_eq!(doc.functions[2].toolbar, ["aibolit.run"]);
    assert_eq!(doc.functions[0].params[0].name, "aibolit_stat");
}

#[test]
fn domainauthcode_is_malformed() {
    let Some(res) = harvest("billmgr_mod_domainauthcode.xml") else { return };
    let e = res.unwrap_err();
    // expat reports "line 26, column 30" with 0-based columns: the first byte the
    // declared encoding `UTF8` cannot read. Columns here are 1-based.
    assert_eq!((e.line, e.column), (26, 31), "{e}");
    assert!(e.message.contains("UTF8"), "{e}");
}

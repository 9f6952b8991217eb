//! Plugins that extend a core form keep their rules on the base form's fields when
//! merged over the panel's spec.

mod common;

use panelkit_harvest::{Harvest, Warning, parse_metadata};
use panelkit_spec::{Condition, Function, FunctionKind, Param, ParamType, Rule};

fn base_site_edit() -> Function {
    let mut f = Function::new("site.edit", FunctionKind::Form);
    for (n, ty) in [
        ("site_name", ParamType::Domain),
        ("site_redirect_http", ParamType::Flag),
        ("site_redirect_www", ParamType::Flag),
        ("site_use_php", ParamType::Flag),
    ] {
        f.params.push(Param::new(n, ty));
    }
    f
}

fn rule<'a>(f: &'a Function, param: &str, when: &Condition) -> Option<&'a Rule> {
    f.rules.iter().find(|r| r.param == param && &r.when == when)
}

fn merged(base: &[Function], file: &str, bytes: &[u8]) -> (Vec<Function>, Vec<Warning>) {
    let mut h = Harvest::new();
    h.add_base(base);
    h.add_metadata(parse_metadata(bytes, file).unwrap());
    h.finish()
}

#[test]
fn own_plugin_over_a_base_keeps_rules_on_base_fields() {
    let bytes = std::fs::read(common::own("plugin_extends_base.xml")).unwrap();
    let (fs, warnings) = merged(&[base_site_edit()], "plugin_extends_base.xml", &bytes);
    let f = fs.iter().find(|f| f.name == "site.edit").unwrap();
    let default = Condition::Equals("default".into());
    let bitrix = Condition::Equals("bitrix".into());
    assert_eq!(rule(f, "site_platform", &default).unwrap().forbids, ["site_redirect_http", "site_redirect_www"]);
    let b = rule(f, "site_platform", &bitrix).unwrap();
    assert_eq!(b.readonly, ["site_redirect_http"]);
    assert!(b.forbids.is_empty(), "{b:?}");
    // The hidden input repeats a base flag: the base's type stays.
    assert_eq!(f.param("site_use_php").unwrap().ty, ParamType::Flag);
    assert_eq!(rule(f, "site_use_php", &Condition::Off).unwrap().forbids, ["site_platform"]);
    // Only what is still unknown is warned about, each saying why.
    let texts: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
    assert!(texts.iter().any(|w| w.contains("`site_note`") && w.contains("display-only")), "{texts:?}");
    assert!(texts.iter().any(|w| w.contains("`site_nowhere`") && w.contains("unknown after the merge")), "{texts:?}");
    assert!(!texts.iter().any(|w| w.contains("site_redirect")), "{texts:?}");
}

#[test]
fn own_plugin_alone_says_its_rules_are_on_the_base_form() {
    let bytes = std::fs::read(common::own("plugin_extends_base.xml")).unwrap();
    let mut h = Harvest::new();
    h.add_metadata(parse_metadata(&bytes, "plugin_extends_base.xml").unwrap());
    let (_, warnings) = h.finish();
    let w = warnings.iter().find(|w| w.message.contains("`site_redirect_http`")).unwrap();
    assert!(w.message.contains("base form") && w.message.contains("--base"), "{w}");
}

/// The real Ammina plugin over whatever `spec/ispmgr6` holds now: every
/// `site_platform` target the merged form knows keeps its rule; every other one is
/// warned about by name (never dropped silently).
#[test]
fn ammina_site_edit_over_spec_ispmgr6_keeps_site_platform_rules() {
    let Some(dir) = common::shared("xml") else { return };
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("ispmgr_mod_ammina_siteedit.xml"))
        .expect("the Ammina site.edit plugin is among the real fixtures");
    let bytes = std::fs::read(&path).unwrap();
    let plugin = parse_metadata(&bytes, "ammina_siteedit.xml").unwrap();
    let written: Vec<(Condition, Vec<panelkit_spec::CompactString>)> = plugin
        .functions
        .iter()
        .find(|f| f.name == "site.edit")
        .unwrap()
        .rules
        .iter()
        .filter(|r| r.param == "site_platform")
        .map(|r| (r.when.clone(), r.forbids.clone()))
        .collect();
    assert!(written.iter().any(|(_, t)| t.iter().any(|x| x == "site_redirect_http")));
    let spec = panelkit_spec::load_panel(&common::root().join("spec/ispmgr6")).unwrap();
    let (fs, warnings) = merged(&spec.functions, "ammina_siteedit.xml", &bytes);
    let f = fs.iter().find(|f| f.name == "site.edit").unwrap();
    let pages: Vec<&str> = f.params.iter().filter_map(|p| p.page.as_deref()).collect();
    let mut kept = 0;
    for (when, targets) in &written {
        let r = rule(f, "site_platform", when);
        for t in targets {
            if f.param(t).is_some() {
                assert!(r.is_some_and(|r| r.forbids.contains(t)), "`{t}` when {when:?} lost: {r:?}");
                kept += 1;
            } else if !pages.contains(&t.as_str()) {
                assert!(
                    warnings.iter().any(|w| w.message.contains(&format!("`{t}`")) && w.message.contains("dropped")),
                    "`{t}` dropped without a warning"
                );
            }
        }
    }
    let known = written.iter().flat_map(|(_, t)| t).filter(|t| f.param(t).is_some()).count();
    assert_eq!(kept, known);
    if kept == 0 {
        eprintln!("note: spec/ispmgr6 site.edit defines none of the site_platform targets yet");
    }
    // spec/ispmgr6 has both base fields (their evidence is this plugin): the rules must stay.
    for t in ["site_redirect_http", "site_redirect_www"] {
        assert!(spec.function("site.edit").and_then(|b| b.param(t)).is_some(), "spec/ispmgr6 site.edit lost `{t}`");
        for platform in ["default", "bitrix", "laravel"] {
            let r = f.rules.iter().find(|r| {
                r.param == "site_platform"
                    && r.when == Condition::Equals(platform.into())
                    && (r.forbids.iter().chain(&r.readonly).any(|x| x == t))
            });
            assert!(r.is_some(), "`{t}` when site_platform={platform} lost: {:?}", f.rules);
        }
    }
}

//! One lowering: the `FuncInfo` tables the bindings print equal the ones the fake
//! panel builds at run time from the same spec, for every shipped function.

use std::collections::HashMap;
use std::path::Path;

use panelkit_runtime::FuncInfo;

fn printed(id: &str) -> Vec<&'static FuncInfo> {
    match id {
        "ipmgr5" => panelkit_ispsystem::ipmgr5::functions().collect(),
        "ispmgr4" => panelkit_ispsystem::ispmgr4::functions().collect(),
        "ispmgr5" => panelkit_ispsystem::ispmgr5::functions().collect(),
        "ispmgr6" => panelkit_ispsystem::ispmgr6::functions().collect(),
        "brainycp" => panelkit_brainycp::brainycp::functions().collect(),
        other => panic!("shipped spec `{other}` has no bindings in this test; add it"),
    }
}

#[test]
fn printed_tables_equal_the_fakes_for_every_shipped_function() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let panels = panelkit_spec::load_dir(&spec).expect("shipped specs load");
    assert!(panels.len() >= 5, "expected every shipped panel, found {}", panels.len());
    let mut compared = 0;
    for panel in &panels {
        let by_name: HashMap<(Option<&str>, &str), &FuncInfo> =
            printed(&panel.id).into_iter().map(|f| ((f.module, f.name), f)).collect();
        assert_eq!(by_name.len(), panel.functions.len(), "{}: bindings and spec list different functions", panel.id);
        for f in &panel.functions {
            let fake = panelkit_runtime::from_spec::func_info(f);
            let key = (f.module.as_deref(), f.name.as_str());
            let Some(bound) = by_name.get(&key) else { panic!("{}: `{}` missing from the bindings", panel.id, f.name) };
            assert_eq!(*bound, fake, "{}: `{}` printed and run-time tables differ", panel.id, f.name);
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} functions compared");
}

//! The worked example of `docs/spec-format.md` loads without a single diagnostic.

use std::collections::BTreeMap;
use std::path::Path;

/// The ```toml blocks of a markdown page.
fn toml_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match &mut current {
            None if line.trim_start().starts_with("```toml") => current = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(current.take()),
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_example_in_the_format_page_loads_cleanly() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec-format.md");
    let md = std::fs::read_to_string(&page).expect("docs/spec-format.md");
    let dir = tempfile::tempdir().unwrap();
    let mut files_per_panel: BTreeMap<String, usize> = BTreeMap::new();
    for block in toml_blocks(&md) {
        // Every block is valid TOML, fragments included.
        if let Err(e) = toml::from_str::<toml::Table>(&block) {
            panic!("block does not parse: {e}\n{block}");
        }
        let Some(path) = block.lines().next().and_then(|l| l.strip_prefix("# file: spec/")) else { continue };
        let target = dir.path().join(path.trim());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &block).unwrap();
        *files_per_panel.entry(path.split('/').next().unwrap().to_string()).or_default() += 1;
    }
    assert_eq!(files_per_panel.len(), 2, "{files_per_panel:?}");
    let (panels, diags) = panelkit_spec::check_dir(dir.path());
    assert!(diags.is_empty(), "the example has problems:\n{diags}");
    assert_eq!(panels.len(), 2);
    let isp = panels.iter().find(|p| p.id == "example").unwrap();
    let kinds: Vec<_> = isp.functions.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    use panelkit_spec::FunctionKind::*;
    assert_eq!(
        kinds,
        vec![
            ("domain.sublist", List),
            ("domain.sublist.edit", Form),
            ("domain.sublist.delete", Group),
            ("domain", List)
        ]
    );
    assert_eq!(isp.function("domain.sublist.edit").unwrap().rules.len(), 3);
    let brainy = panels.iter().find(|p| p.id == "example-brainy").unwrap();
    assert_eq!(brainy.functions[0].errors.len(), 4);
}

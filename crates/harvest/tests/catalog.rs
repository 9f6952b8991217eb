//! The `mgrctl -i` catalog parser on the project's own fixture and the real capture.

mod common;

use panelkit_harvest::{Harvest, parse_catalog};
use panelkit_spec::FunctionKind;

#[test]
fn own_catalog_every_shape() {
    let text = std::fs::read_to_string(common::own("catalog.txt")).unwrap();
    let cat = parse_catalog(&text, "catalog.txt");
    let names: Vec<&str> = cat.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "alpha",
            "alpha.delete",
            "alpha.edit",
            "alpha.filter",
            "beta",
            "beta.check",
            "beta.export",
            "beta.magic",
            "beta.ext",
            "a.very.long.function.name.that.pushes.the.text.right",
            "gamma.board",
            "gamma.help",
            "gamma.none",
            "gamma.bare",
        ]
    );
    let get = |n: &str| cat.entries.iter().find(|e| e.name == n).unwrap();
    // The type wraps: "group" / "operation".
    assert_eq!(get("alpha.delete").catalog_type.as_deref(), Some("group operation"));
    assert_eq!(get("alpha.delete").kind(), FunctionKind::Group);
    assert_eq!(get("alpha.delete").pieces, ["Remove", "Remove the selected alpha"]);
    // "Function" / "type:" wraps.
    assert_eq!(get("alpha.filter").kind(), FunctionKind::Form);
    assert_eq!(get("alpha.filter").pieces, ["Alpha filter", "Filter. Narrow the list"]);
    assert_eq!(
        get("alpha.edit").pieces,
        ["Alpha", "Create alpha", "Create a new alpha with a rather long description"]
    );
    assert!(get("beta").not_available);
    assert_eq!(get("beta").kind(), FunctionKind::Unknown);
    assert_eq!(get("beta").catalog_type, None);
    assert_eq!(get("beta.check").kind(), FunctionKind::Validator);
    assert!(get("beta.check").pieces.is_empty());
    // No type at all.
    assert_eq!(get("beta.export").catalog_type, None);
    assert_eq!(get("beta.export").pieces, ["Export", "Download the beta as a file"]);
    // Unknown type kept verbatim.
    assert_eq!(get("beta.magic").catalog_type.as_deref(), Some("quantum flux"));
    assert_eq!(get("beta.magic").kind(), FunctionKind::Unknown);
    assert_eq!(get("beta.ext").kind(), FunctionKind::External);
    assert_eq!(get("a.very.long.function.name.that.pushes.the.text.right").kind(), FunctionKind::Report);
    assert_eq!(get("gamma.board").kind(), FunctionKind::Dashboard);
    assert_eq!(get("gamma.help").kind(), FunctionKind::Helpboard);
    assert_eq!(get("gamma.none").kind(), FunctionKind::None);
    assert_eq!(get("gamma.bare").text, "");
    assert_eq!(cat.warnings.len(), 1, "{:?}", cat.warnings);
    assert!(cat.warnings[0].message.contains("quantum flux"));
    assert_eq!(cat.warnings[0].line, 11);

    let f = get("alpha.edit").to_function("en");
    assert_eq!(f.title.en.as_deref(), Some("Alpha"));
    assert_eq!(f.description.en.as_deref(), Some("Create alpha. Create a new alpha with a rather long description"));
    assert!(!f.typed);
}

#[test]
fn odd_input_never_panics() {
    let text = std::fs::read_to_string(common::own("catalog.txt")).unwrap();
    for cut in 0..=text.len() {
        if text.is_char_boundary(cut) {
            let _ = parse_catalog(&text[..cut], "cut");
        }
    }
    let cat = parse_catalog("   orphan continuation\n\r\nx Function type:\nx\n\t\n", "odd");
    assert_eq!(cat.entries.len(), 2);
    assert_eq!(cat.entries[0].catalog_type, None);
    assert_eq!(cat.warnings.len(), 3, "{:?}", cat.warnings);
    let crlf = parse_catalog("a    Function\r\n     type: list\r\n", "crlf");
    assert_eq!(crlf.entries[0].kind(), FunctionKind::List);
}

#[test]
fn real_ispmanager6_catalog() {
    let Some(p) = common::shared("ispmgr6_mgrctl_i.txt") else { return };
    let text = std::fs::read_to_string(p).unwrap();
    let cat = parse_catalog(&text, "ispmgr6_mgrctl_i.txt");
    assert_eq!(cat.entries.len(), 1007);
    assert!(cat.warnings.is_empty(), "{:?}", cat.warnings);
    let count = |k: FunctionKind| cat.entries.iter().filter(|e| e.kind() == k).count();
    assert_eq!(count(FunctionKind::Form), 293);
    assert_eq!(count(FunctionKind::Group), 150);
    assert_eq!(count(FunctionKind::List), 132);
    assert_eq!(count(FunctionKind::Validator), 44);
    assert_eq!(count(FunctionKind::External), 8);
    assert_eq!(count(FunctionKind::Report), 3);
    assert_eq!(count(FunctionKind::None), 2);
    assert_eq!(count(FunctionKind::Dashboard), 1);
    assert_eq!(count(FunctionKind::Helpboard), 1);
    assert_eq!(count(FunctionKind::Unknown), 373);
    assert_eq!(cat.entries.iter().filter(|e| e.not_available).count(), 308);
    assert_eq!(cat.entries.iter().filter(|e| !e.not_available && e.catalog_type.is_none()).count(), 65);
    // Each kind agrees with the text: the joined description ends with the type.
    for e in &cat.entries {
        if let Some(t) = &e.catalog_type {
            assert!(e.text.ends_with(&format!("Function type: {t}")), "{}: {}", e.name, e.text);
        } else {
            assert!(!e.text.contains("Function type:"), "{}", e.name);
        }
    }
    let ad = cat.entries.iter().find(|e| e.name == "admin.delete").unwrap();
    assert_eq!(ad.catalog_type.as_deref(), Some("group operation"));
    assert_eq!(ad.kind(), FunctionKind::Group);
    let long = cat.entries.iter().find(|e| e.name == "netactconn.detail.showbysubnet.adddenysubnet").unwrap();
    assert_eq!(long.pieces[0], "Edit the selected rule");
    let mut h = Harvest::new();
    h.add_catalog(&cat, "en");
    let (fs, _) = h.finish();
    assert_eq!(fs.len(), 1007);
    assert!(fs.iter().all(|f| !f.typed));
}

#[test]
fn any_leading_whitespace_continues_an_entry() {
    // Found by the `catalog` fuzz target: a line starting with a vertical tab gave an empty name.
    let cat = parse_catalog("a    Thing.\n\u{b}more\n\u{85}x Function type: list\n", "vt");
    assert_eq!(cat.entries.len(), 1);
    assert_eq!(cat.entries[0].text, "Thing. more x Function type: list");
    assert_eq!(cat.entries[0].kind(), FunctionKind::List);
}

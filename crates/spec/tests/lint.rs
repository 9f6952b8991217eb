//! One broken spec per lint: the exact diagnostic, its file and its line.

use panelkit_spec::{Diagnostic, Severity, check_panel_from_strs, load_panel_from_strs};

const PANEL: &str = r#"id = "test"
family = "ispmanager"
version = "4"
protocol = "ispsystem"
endpoint = "/manager/ispmgr"
features = [{ name = "ipv6" }]
"#;

/// Loads `PANEL` plus one function file `f.toml`; returns every diagnostic.
fn check(functions: &str) -> Vec<Diagnostic> {
    check_panel_from_strs(PANEL, &[("f.toml", functions)]).1.0
}

/// Asserts exactly one diagnostic, an error, in `f.toml` at `line`, with `message`.
fn assert_one(functions: &str, line: usize, message: &str) {
    assert_one_of(functions, Severity::Error, line, message);
}

fn assert_one_of(functions: &str, severity: Severity, line: usize, message: &str) {
    let d = check(functions);
    assert_eq!(d.len(), 1, "expected one diagnostic, got: {d:#?}");
    assert_eq!(d[0].file.to_str(), Some("f.toml"));
    assert_eq!((d[0].line, d[0].message.as_str(), d[0].severity), (line, message, severity), "{d:#?}");
}

#[test]
fn a_clean_spec_has_no_diagnostics() {
    let f = r#"[[function]]
name = "user.edit"
kind = "form"

[[function.params]]
name = "name"
type = "text"
required = true

[[function.params]]
name = "ip"
type = "ipv6"
feature = "ipv6"
"#;
    assert_eq!(check(f), vec![]);
    let p = load_panel_from_strs(PANEL, &[("f.toml", f)]).unwrap();
    assert_eq!(p.functions[0].params.len(), 2);
}

#[test]
fn toml_syntax_error() {
    let f = "[[function]]\nname = \"a\"\nkind = list\n";
    assert_one(f, 3, "TOML syntax: string values must be quoted, expected literal string");
}

#[test]
fn every_unknown_key_is_reported_with_its_line() {
    let f = r#"[[function]]
name = "a"
kind = "form"
titel = { en = "A" }

[[function.params]]
name = "p"
type = "text"
requird = true
"#;
    let d = check(f);
    let got: Vec<(usize, usize, &str)> = d.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (
                4,
                1,
                "function `a`: unknown key `titel`, expected one of `name`, `module`, `kind`, `catalog_type`, \
                 `typed`, `rust_name`, `title`, `description`, `levels`, `plid`, `elid`, `params`, `rules`, \
                 `result`, `errors`, `toolbar`, `works_on`, `inferred`"
            ),
            (
                9,
                1,
                "function `a`: unknown key `requird`, expected one of `name`, `type`, `required`, `default`, \
                 `min`, `max`, `values`, `item`, `separator`, `infinity`, `feature`, `label`, `hint`, `check`, \
                 `checkargs`, `page`, `readonly`, `remove_if`, `rust_name`, `inferred`"
            ),
        ]
    );
}

#[test]
fn unknown_key_in_panel_toml() {
    let panel = format!("{PANEL}colour = \"red\"\n");
    let d = check_panel_from_strs(&panel, &[]).1.0;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].file.to_str(), Some("panel.toml"));
    assert_eq!(d[0].line, 7);
    assert!(d[0].message.starts_with("unknown key `colour`, expected one of `id`"), "{}", d[0].message);
}

#[test]
fn type_errors_in_several_functions_are_all_reported() {
    let f = r#"[[function]]
name = "a"
kind = "form"

[[function.params]]
name = "n"
type = "int"
min = "one"

[[function]]
name = "b"
kind = "sometimes"
"#;
    let d = check(f);
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (8, "function `a`: `min`: invalid type: string \"one\", expected i64"),
            (
                12,
                "function `b`: `kind`: unknown value `sometimes`, expected one of `list`, `form`, `action`, \
                 `group`, `confirm`, `report`, `validator`, `dashboard`, `helpboard`, `external`, `none`, `unknown`"
            ),
        ]
    );
}

#[test]
fn missing_key() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"p\"\n";
    assert_one(f, 5, "function `a`: missing key `type`");
}

#[test]
fn duplicate_function() {
    let f = "[[function]]\nname = \"a\"\nkind = \"list\"\n\n[[function]]\nname = \"a\"\nkind = \"form\"\n";
    assert_one(f, 6, "duplicate function `a` (first defined at f.toml:2)");
}

#[test]
fn same_name_in_two_modules_is_no_duplicate_but_in_one_module_is() {
    let f = r#"[[function]]
name = "add"
module = "mailserver"
kind = "action"

[[function]]
name = "add"
module = "certs_control"
kind = "action"

[[function]]
name = "add"
module = "mailserver"
kind = "action"
"#;
    assert_one(f, 12, "duplicate function `add` (module `mailserver`) (first defined at f.toml:2)");
}

#[test]
fn duplicate_function_across_files_names_the_first_file() {
    let a = "[[function]]\nname = \"a\"\nkind = \"list\"\n";
    let d = check_panel_from_strs(PANEL, &[("a.toml", a), ("b.toml", a)]).1.0;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].file.to_str(), d[0].line), (Some("b.toml"), 2));
    assert_eq!(d[0].message, "duplicate function `a` (first defined at a.toml:2)");
}

#[test]
fn duplicate_param() {
    let f = r#"[[function]]
name = "a"
kind = "form"
params = [
  { name = "p", type = "text" },
  { name = "p", type = "int" },
]
"#;
    assert_one(f, 6, "function `a`: duplicate parameter `p` (first at line 5)");
}

#[test]
fn duplicate_enum_value() {
    let f = r#"[[function]]
name = "a"
kind = "form"

[[function.params]]
name = "t"
type = "enum"
values = [{ value = "A" }, { value = "MX" },
  { value = "A" }]
"#;
    assert_one(f, 9, "function `a`: parameter `t`: duplicate value `A` (first at line 8)");
}

#[test]
fn duplicate_error_code() {
    let f = r#"[[function]]
name = "add"
module = "mailserver"
kind = "action"
errors = [
  { code = 1, name = "exists" },
  { code = 1, name = "invalid" },
]
"#;
    assert_one(f, 7, "function `add` (module `mailserver`): duplicate error code 1 (first at line 6)");
}

#[test]
fn duplicate_result_field() {
    let f = r#"[[function]]
name = "user"
kind = "list"
result = { kind = "list", fields = [{ name = "name", type = "text" }, { name = "name", type = "text" }] }
"#;
    assert_one(f, 4, "function `user`: duplicate result field `name` (first at line 4)");
}

const RULES_BASE: &str = r#"[[function]]
name = "r"
kind = "form"
params = [
  { name = "t", type = "enum", values = [{ value = "A" }, { value = "MX" }] },
  { name = "on", type = "flag" },
  { name = "prio", type = "int" },
  { name = "ip", type = "text" },
]
"#;

fn with_rules(rules: &str) -> String {
    format!("{RULES_BASE}{rules}")
}

#[test]
fn rule_on_a_missing_parameter() {
    let f = with_rules("rules = [{ param = \"ty\", when = { equals = \"MX\" }, enables = [\"prio\"] }]\n");
    assert_one(&f, 10, "function `r`: rule on `ty`: the function has no parameter `ty`");
}

#[test]
fn rule_target_missing() {
    let f = with_rules(
        "\n[[function.rules]]\nparam = \"t\"\nwhen = { equals = \"MX\" }\nenables = [\"prio\", \"weight\"]\n",
    );
    assert_one(&f, 14, "function `r`: rule on `t` enables `weight`, but the function has no parameter `weight`");
}

#[test]
fn rule_value_not_among_enum_values() {
    let f = with_rules("\n[[function.rules]]\nparam = \"t\"\nwhen = { equals = \"SRV\" }\nenables = [\"prio\"]\n");
    assert_one(&f, 13, "function `r`: rule on `t`: `SRV` is not a value of `t` (values: A, MX)");
}

#[test]
fn rule_not_in_value_not_among_enum_values() {
    let f = with_rules("rules = [{ param = \"t\", when = { not_in = [\"A\", \"TXT\"] }, forbids = [\"prio\"] }]\n");
    assert_one(&f, 10, "function `r`: rule on `t`: `TXT` is not a value of `t` (values: A, MX)");
}

#[test]
fn on_condition_on_a_non_flag() {
    let f = with_rules("\n[[function.rules]]\nparam = \"ip\"\nwhen = \"on\"\nforbids = [\"prio\"]\n");
    assert_one(&f, 13, "function `r`: rule on `ip`: condition `on` needs a flag, but `ip` is of type text");
}

#[test]
fn one_rule_enables_and_forbids_the_same_parameter() {
    let f = with_rules("rules = [{ param = \"on\", when = \"on\", enables = [\"ip\"], forbids = [\"ip\"] }]\n");
    assert_one(&f, 10, "function `r`: rule on `on` both enables and forbids `ip` when `on` is on");
}

#[test]
fn two_rules_with_the_same_condition_contradict() {
    let f = with_rules(
        r#"
[[function.rules]]
param = "t"
when = { equals = "MX" }
enables = ["prio"]

[[function.rules]]
param = "t"
when = { equals = "MX" }
forbids = ["prio"]
"#,
    );
    assert_one(
        &f,
        19,
        "function `r`: when `t` equals `MX` this rule forbids `prio`, but the rule at line 11 enables it",
    );
}

#[test]
fn not_in_lists_compare_as_sets() {
    let f = with_rules(
        r#"rules = [
  { param = "t", when = { not_in = ["A", "MX"] }, enables = ["ip"] },
  { param = "t", when = { not_in = ["MX", "A"] }, forbids = ["ip"] },
]
"#,
    );
    let d = check(&f);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].line, 12);
}

#[test]
fn required_parameter_a_rule_forbids() {
    let f = r#"[[function]]
name = "r"
kind = "form"
params = [
  { name = "reversezone", type = "flag" },
  { name = "name", type = "domain", required = true },
]
rules = [{ param = "reversezone", when = "on", forbids = ["name"] }]
"#;
    assert_one(f, 8, "function `r`: parameter `name` is required, but this rule forbids it when `reversezone` is on");
}

#[test]
fn required_parameter_that_is_an_enables_target() {
    let f = r#"[[function]]
name = "r"
kind = "form"
params = [
  { name = "t", type = "enum", values = [{ value = "MX" }] },
  { name = "prio", type = "int", required = true },
]
rules = [{ param = "t", when = { equals = "MX" }, enables = ["prio"] }]
"#;
    assert_one(
        f,
        8,
        "function `r`: parameter `prio` is required, but this rule enables it, so it may only be sent when `t` equals `MX`",
    );
}

#[test]
fn required_parameter_made_read_only_is_a_warning() {
    let f = r#"[[function]]
name = "r"
kind = "form"
params = [
  { name = "x", type = "flag" },
  { name = "name", type = "text", required = true },
]
rules = [{ param = "x", when = "off", readonly = ["name"] }]
"#;
    assert_one_of(
        f,
        Severity::Warning,
        8,
        "function `r`: parameter `name` is required, but this rule makes it read-only when `x` is off",
    );
    // Warnings alone do not fail a load.
    assert!(load_panel_from_strs(PANEL, &[("f.toml", f)]).is_ok());
}

#[test]
fn enum_without_values() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"t\"\ntype = \"enum\"\n";
    assert_one(f, 7, "function `a`: parameter `t` is an enum without `values`");
}

#[test]
fn values_on_a_non_enum() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\nparams = [\n  { name = \"n\", type = \"text\", values = [{ value = \"x\" }] },\n]\n";
    assert_one(
        f,
        5,
        "function `a`: parameter `n` has `values`, but it is of type text: only enum and list parameters take values",
    );
}

#[test]
fn values_on_a_non_enum_result_field() {
    let f = "[[function]]\nname = \"a\"\nkind = \"list\"\n\n[[function.result.fields]]\nname = \"n\"\ntype = \"int\"\nvalues = [{ value = \"x\" }]\n";
    assert_one(f, 8, "function `a`: result field `n` has `values`, but only enum and list fields take values");
}

#[test]
fn min_greater_than_max() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"n\"\ntype = \"int\"\nmin = 10\nmax = 5\n";
    assert_one(f, 8, "function `a`: parameter `n`: min 10 is greater than max 5");
}

#[test]
fn infinity_min_max_on_a_non_int() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"n\"\ntype = \"text\"\ninfinity = 10000\n";
    assert_one(f, 8, "function `a`: parameter `n` has `infinity`, but it is of type text: only int parameters take it");
    let f =
        "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"n\"\ntype = \"float\"\nmax = 3\n";
    assert_one(f, 8, "function `a`: parameter `n` has `max`, but it is of type float: only int parameters take it");
}

#[test]
fn item_on_a_non_list() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"n\"\ntype = \"text\"\nitem = \"ip\"\n";
    assert_one(f, 8, "function `a`: parameter `n` has `item`, but it is of type text: only list parameters take it");
}

#[test]
fn undeclared_feature() {
    let f = "[[function]]\nname = \"a\"\nkind = \"form\"\n\n[[function.params]]\nname = \"disklimit\"\ntype = \"int\"\nfeature = \"quota\"\n";
    assert_one(
        f,
        8,
        "function `a`: parameter `disklimit` depends on feature `quota`, which panel `test` does not declare in `features`",
    );
}

#[test]
fn elid_naming_a_missing_function_is_a_warning() {
    let f = "[[function]]\nname = \"user.delete\"\nkind = \"group\"\nelid = { function = \"users\", field = \"name\", multiple = true }\n";
    assert_one_of(
        f,
        Severity::Warning,
        4,
        "function `user.delete`: `elid.function` names `users`, which panel `test` does not have",
    );
}

#[test]
fn plid_naming_a_missing_function_is_a_warning() {
    let f = "[[function]]\nname = \"domain.sublist\"\nkind = \"list\"\nplid = { function = \"domains\", field = \"name\" }\n";
    assert_one_of(
        f,
        Severity::Warning,
        4,
        "function `domain.sublist`: `plid.function` names `domains`, which panel `test` does not have",
    );
}

#[test]
fn functions_in_panel_toml() {
    let panel = format!("{PANEL}functions = []\n");
    let d = check_panel_from_strs(&panel, &[]).1.0;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].file.to_str(), d[0].line), (Some("panel.toml"), 7));
    assert_eq!(
        d[0].message,
        "functions do not go in panel.toml: put `[[function]]` tables in another file of the folder"
    );
}

#[test]
fn stray_top_level_key_in_a_function_file() {
    assert_one(
        "[[function]]\nname = \"a\"\nkind = \"list\"\n\n[[functions]]\nname = \"b\"\n",
        5,
        "unknown key `functions`: a function file holds only `[[function]]` tables",
    );
}

#[test]
fn problems_of_all_files_come_at_once() {
    let bad1 = "[[function]]\nname = \"a\"\nkind = \"form\"\nparams = [{ name = \"t\", type = \"enum\" }]\n";
    let bad2 = "[[function]]\nname = \"b\"\nkind = \"list\"\ncolour = 1\n";
    let (panel, d) = check_panel_from_strs(PANEL, &[("a.toml", bad1), ("b.toml", bad2)]);
    let got: Vec<(&str, usize)> = d.0.iter().map(|d| (d.file.to_str().unwrap(), d.line)).collect();
    assert_eq!(got, vec![("a.toml", 4), ("b.toml", 4)]);
    assert!(panel.is_some());
    assert!(load_panel_from_strs(PANEL, &[("a.toml", bad1), ("b.toml", bad2)]).is_err());
}

#[test]
fn folder_name_must_match_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ispmgr9");
    std::fs::create_dir(&p).unwrap();
    std::fs::write(p.join("panel.toml"), PANEL).unwrap();
    let d = panelkit_spec::load_panel(&p).unwrap_err();
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].line, 1);
    assert_eq!(d.0[0].message, "panel id `test` differs from its folder name `ispmgr9`");
}

#[test]
fn load_dir_skips_folders_without_panel_toml_and_reports_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("overlays")).unwrap();
    std::fs::write(dir.path().join("overlays/x.toml"), "garbage = [").unwrap();
    let t = dir.path().join("test");
    std::fs::create_dir(&t).unwrap();
    std::fs::write(t.join("panel.toml"), PANEL).unwrap();
    std::fs::write(t.join("fns.toml"), "[[function]]\nname = \"a\"\nkind = \"list\"\n").unwrap();
    std::fs::write(t.join("notes.txt"), "not toml").unwrap();
    let panels = panelkit_spec::load_dir(dir.path()).unwrap();
    assert_eq!(panels.len(), 1);
    assert_eq!(panels[0].functions.len(), 1);
    let err = panelkit_spec::load_dir(&dir.path().join("nope")).unwrap_err();
    assert!(err.0[0].message.starts_with("cannot read folder"), "{err}");
}

#[test]
fn odd_inputs_give_diagnostics_not_panics() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        (PANEL, "function = 1\n"),
        (PANEL, "function = [1, \"x\"]\n"),
        (PANEL, "[function]\nname = \"a\"\n"),
        (PANEL, "[[function]]\n"),
        (PANEL, "[[function]]\nname = \"a\"\nkind = \"form\"\nparams = \"p\"\nrules = [{}]\n"),
        (PANEL, "[[function]]\nname = \"a\"\nkind = \"form\"\nrules = [{ param = \"x\", when = { equals = 1 } }]\n"),
        (PANEL, "[[function]]\nname = \"a\"\nkind = \"form\"\nrules = [{ param = \"x\", when = \"sometimes\" }]\n"),
        (PANEL, "\u{feff}[[function]]\nname = \"é\"\nkind = \"form\"\nx = \"\u{1F600}\"\n"),
        ("id = 1\nfamily = []\n", "[[function]]\nname = \"a\"\nkind = \"list\"\n"),
        (
            PANEL,
            "[[function]]\nname = \"a\"\nkind = \"list\"\nresult = { kind = \"list\", fields = [{ name = \"x\" }] }\n",
        ),
    ];
    for (panel, f) in cases {
        let (_, d) = check_panel_from_strs(panel, &[("f.toml", f)]);
        assert!(d.has_errors(), "no error for {panel:?} / {f:?}");
        for x in &d.0 {
            assert!(x.line >= 1 && x.column >= 1, "unlocated: {x}");
            assert!(!x.message.is_empty());
        }
    }
}

#[test]
fn works_on_names_a_list_of_the_panel() {
    let f = r#"[[function]]
name = "site.edit"
kind = "form"
works_on = { list = "webdomain", op = "form", strip_prefix = "site_" }

[[function]]
name = "user.add.finish"
kind = "form"
works_on = { list = "site.edit", op = "create" }
"#;
    let d = check(f);
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (4, "function `site.edit`: `works_on.list` names `webdomain`, which panel `test` does not have"),
            (9, "function `user.add.finish`: `works_on.list` names `site.edit`, which is a form, not a list"),
        ]
    );
}

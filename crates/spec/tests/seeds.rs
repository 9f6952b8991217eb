//! Holds the shipped specs against the seed documents they were written from.
//!
//! The seeds are parsed here (not copied into lists), so a function, parameter,
//! enum value, rule, feature, infinity sentinel, list field or error code that a
//! seed names and the spec lacks fails a test. The seeds live outside the
//! repository (`../shared/seeds` from the workspace root); without them the
//! seed tests print a note and pass. The "Done when" facts are checked on the
//! specs alone and always run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use panelkit_spec::{Condition, FieldType, Function, Panel, ParamType, ResultKind};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn panel(id: &str) -> Panel {
    let panels =
        panelkit_spec::load_dir(&workspace_root().join("spec")).unwrap_or_else(|d| panic!("spec/ fails to load:\n{d}"));
    panels.into_iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no panel `{id}` under spec/"))
}

/// The text of the seed whose file name starts with `prefix`, or `None` (with a note) when
/// absent; absent with env `CI` set, it fails.
fn seed(prefix: &str) -> Option<String> {
    let dir = workspace_root().join("../shared/seeds");
    let found = std::fs::read_dir(&dir).ok().and_then(|rd| {
        rd.filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
    });
    match found {
        Some(p) => Some(std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))),
        None if std::env::var_os("CI").is_some() => {
            // CI always has the seeds: a missing one is a broken path, not a skip.
            panic!("seed {prefix}* not found under {} but CI is set", dir.display())
        }
        None => {
            eprintln!("note: seed {prefix}* not found under {}; skipping", dir.display());
            None
        }
    }
}

fn func<'a>(p: &'a Panel, name: &str) -> &'a Function {
    p.function(name).unwrap_or_else(|| panic!("{}: the seed names function `{name}`, the spec lacks it", p.id))
}

/// Everything between single quotes: `'prio','wght'` gives `prio`, `wght`.
fn quoted(s: &str) -> Vec<String> {
    s.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

/// A leading wire name, with or without `**` around it.
fn ident(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start().trim_start_matches("**");
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c))).unwrap_or(s.len());
    let name = s[..end].trim_end_matches(['.', '-']);
    if name.is_empty() {
        return None;
    }
    Some((name.to_string(), s[name.len()..].trim_start_matches("**")))
}

/// `(элемент "name" из функции "user")` gives (`name`, `user`).
fn element_ref(s: &str) -> Option<(String, String)> {
    let field = s.split("элемент \"").nth(1)?.split('"').next()?;
    let function = s.split("из функции \"").nth(1)?.split('"').next()?;
    Some((field.to_string(), function.to_string()))
}

// ---------------------------------------------------------------- seed 001

#[derive(Default, Debug)]
struct SeedFunction {
    name: String,
    params: Vec<SeedItem>,
    fields: Vec<SeedItem>,
    /// (`elid` or `plid`, field, function, several ids).
    refs: Vec<(String, String, String, bool)>,
}

#[derive(Default, Debug)]
struct SeedItem {
    name: String,
    text: String,
    /// Enum values with their ru labels, or a field's attributes.
    nested: Vec<(String, String)>,
    /// Standalone "При выбранном значении" lines after the item.
    value_rules: Vec<String>,
}

/// Hand parser of the ISPmanager 4 reference: `Функция: **x**` starts a function,
/// top-level `- **name** - text` items are parameters (or list fields after
/// `Результат: список элементов`), indented items are enum values, attributes, or
/// `elid` / `plid` descriptions.
fn parse_001(text: &str) -> Vec<SeedFunction> {
    let mut out: Vec<SeedFunction> = Vec::new();
    let mut fields_mode = false;
    let mut last: Option<bool> = None; // Some(is_field) of the last top-level item
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Функция:") {
            let (name, _) = ident(rest).expect("function name after `Функция:`");
            out.push(SeedFunction { name, ..Default::default() });
            fields_mode = false;
            last = None;
            continue;
        }
        let Some(f) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if trimmed.starts_with("Результат: список элементов") {
            fields_mode = true;
        } else if trimmed.starts_with("Список параметров объекта") {
            fields_mode = false;
        } else if trimmed.starts_with("При выбранном значении") {
            let is_field = last.expect("a value rule follows a parameter");
            let item = if is_field { f.fields.last_mut() } else { f.params.last_mut() };
            item.expect("a value rule follows a parameter").value_rules.push(trimmed.to_string());
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            let nested = line.len() != trimmed.len();
            let parsed = ident(item).and_then(|(n, rest)| {
                let rest = rest.trim_start();
                rest.strip_prefix('-').map(|r| (n, r.trim().to_string()))
            });
            let Some((name, rest)) = parsed else {
                if !nested {
                    last = None;
                }
                continue;
            };
            if name == "elid" || name == "plid" {
                let (field, function) =
                    element_ref(&rest).unwrap_or_else(|| panic!("{}: {name} without a reference", f.name));
                f.refs.push((name, field, function, rest.contains("один или несколько")));
                if !nested {
                    last = None;
                }
                continue;
            }
            if name == "sok" {
                continue;
            }
            match (nested, last) {
                (false, _) => {
                    let it = SeedItem { name, text: rest, ..Default::default() };
                    if fields_mode {
                        f.fields.push(it)
                    } else {
                        f.params.push(it)
                    }
                    last = Some(fields_mode);
                }
                (true, Some(is_field)) => {
                    let parent = if is_field { f.fields.last_mut() } else { f.params.last_mut() };
                    parent.expect("nested item under an item").nested.push((name, rest));
                }
                (true, None) => {}
            }
        }
    }
    out
}

/// Parses a rule sentence into (value or `None` for "active", enables, forbids).
fn rule_parts(sentence: &str) -> (Vec<String>, Vec<String>) {
    let (en, fb) = match (sentence.find("разреша"), sentence.find("запреща")) {
        (Some(a), Some(b)) if a < b => (&sentence[a..b], &sentence[b..]),
        (Some(a), Some(b)) => (&sentence[a..a.max(b)], &sentence[b..a]),
        (Some(a), None) => (&sentence[a..], ""),
        (None, Some(b)) => ("", &sentence[b..]),
        (None, None) => ("", ""),
    };
    (quoted(en), quoted(fb))
}

fn assert_rule(f: &Function, param: &str, when: &Condition, enables: &[String], forbids: &[String]) {
    let rules: Vec<_> = f.rules.iter().filter(|r| r.param == param && &r.when == when).collect();
    assert!(!rules.is_empty(), "{}: the seed has a rule on `{param}` when {when:?}; the spec has none", f.name);
    for t in enables {
        assert!(
            rules.iter().any(|r| r.enables.iter().any(|e| e == t)),
            "{}: `{param}` {when:?} must enable `{t}`",
            f.name
        );
        assert!(f.param(t).is_some(), "{}: rule target `{t}` is not a parameter", f.name);
    }
    for t in forbids {
        assert!(
            rules.iter().any(|r| r.forbids.iter().any(|e| e == t)),
            "{}: `{param}` {when:?} must forbid `{t}`",
            f.name
        );
        assert!(f.param(t).is_some(), "{}: rule target `{t}` is not a parameter", f.name);
    }
}

fn check_param_001(p: &Panel, f: &Function, item: &SeedItem) {
    let ctx = format!("{}.{}", f.name, item.name);
    let sp = f.param(&item.name).unwrap_or_else(|| panic!("{ctx}: the seed names this parameter, the spec lacks it"));
    let t = &item.text;
    assert!(!sp.required, "{ctx}: seed 001 never marks a parameter required");
    if t.contains("используйте значение \"on\"") {
        assert_eq!(sp.ty, ParamType::Flag, "{ctx}: an on/off option must be a flag");
    }
    if t.contains("Одно или несколько значений, разделенных пробелом") {
        assert_eq!(sp.ty, ParamType::List, "{ctx}: space-separated values must be a list");
    }
    if let Some(after) = t.split("бесконечности\" используйте \"").nth(1) {
        let n: i64 = after.split('"').next().unwrap().parse().expect("numeric infinity");
        assert_eq!(sp.infinity, Some(n), "{ctx}: infinity sentinel");
        assert_eq!(sp.ty, ParamType::Int, "{ctx}: a numeric value must be an int");
    }
    if let Some(after) = t.split("возможности ").nth(1) {
        let (feature, _) = ident(after).expect("feature name");
        assert_eq!(sp.feature.as_deref(), Some(feature.as_str()), "{ctx}: feature dependency");
        assert!(p.features.iter().any(|x| x.name == feature), "{ctx}: feature `{feature}` not declared in panel.toml");
    }
    if t.contains("Возможные значения") {
        assert_eq!(sp.ty, ParamType::Enum, "{ctx}: listed values make an enum");
        for (value, label) in &item.nested {
            let v = sp.values.iter().find(|v| v.value == value);
            let v = v.unwrap_or_else(|| panic!("{ctx}: enum value `{value}` missing"));
            assert_eq!(v.label.ru.as_deref(), Some(label.trim()), "{ctx}: ru label of `{value}`");
            assert!(v.label.en.is_some(), "{ctx}: en label of `{value}`");
        }
        assert_eq!(sp.values.len(), item.nested.len(), "{ctx}: the spec has enum values the seed lacks");
    }
    for chunk in t.split("Активный параметр").skip(1) {
        let chunk = chunk.split("При выбранном значении").next().unwrap_or_default();
        let (en, fb) = rule_parts(chunk);
        assert_rule(f, &item.name, &Condition::On, &en, &fb);
    }
    // Value rules sit in the item's text or on lines after it, several to a line.
    let all =
        std::iter::once(t.as_str()).chain(item.value_rules.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
    for chunk in all.split("При выбранном значении").skip(1) {
        let (value, rest) = ident(chunk).expect("value after `При выбранном значении`");
        let (en, fb) = rule_parts(rest);
        assert_rule(f, &item.name, &Condition::Equals(value.into()), &en, &fb);
    }
}

#[test]
fn ispmgr4_holds_everything_seed_001_names() {
    let Some(text) = seed("001_") else { return };
    let p = panel("ispmgr4");
    let seeds = parse_001(&text);
    assert!(seeds.len() >= 19, "parser found only {} functions in seed 001", seeds.len());
    let seed_names: BTreeSet<_> = seeds.iter().map(|s| s.name.as_str()).collect();
    let spec_names: BTreeSet<_> = p.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(seed_names, spec_names, "function sets of seed 001 and spec/ispmgr4 differ");
    let (mut params, mut fields, mut refs) = (0, 0, 0);
    for s in &seeds {
        let f = func(&p, &s.name);
        for item in &s.params {
            check_param_001(&p, f, item);
            params += 1;
        }
        let seed_params: BTreeSet<_> = s.params.iter().map(|i| i.name.as_str()).collect();
        let spec_params: BTreeSet<_> = f.params.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(seed_params, spec_params, "{}: parameter sets differ", f.name);
        if !s.fields.is_empty() {
            assert_eq!(f.result.kind, ResultKind::List, "{}: a list of elements", f.name);
            assert_eq!(f.kind, panelkit_spec::FunctionKind::List, "{}: a list function", f.name);
        }
        for item in &s.fields {
            let field = f.result.fields.iter().find(|x| x.name == item.name);
            let field = field.unwrap_or_else(|| panic!("{}: list field `{}` missing", f.name, item.name));
            let attrs: Vec<_> = item.nested.iter().map(|(n, _)| n.as_str()).collect();
            if item.text.contains("Атрибуты") {
                assert_eq!(attrs, ["used", "limit"], "{}.{}: attributes", f.name, item.name);
                assert_eq!(field.ty, FieldType::UsedLimit, "{}.{}: used/limit element", f.name, item.name);
            }
            fields += 1;
        }
        assert_eq!(s.fields.len(), f.result.fields.len(), "{}: the spec has list fields the seed lacks", f.name);
        for (which, field, function, multiple) in &s.refs {
            let (got_fn, got_field, got_multiple) = if which == "plid" {
                let r = f.plid.as_ref().unwrap_or_else(|| panic!("{}: plid missing", f.name));
                (Some(r.function.as_str()), Some(r.field.as_str()), false)
            } else {
                let r = f.elid.as_ref().unwrap_or_else(|| panic!("{}: elid missing", f.name));
                (r.function.as_deref(), r.field.as_deref(), r.multiple)
            };
            assert_eq!((got_fn, got_field), (Some(function.as_str()), Some(field.as_str())), "{}: {which}", f.name);
            if which == "elid" && *multiple {
                assert!(got_multiple, "{}: elid takes several ids", f.name);
                assert_eq!(f.kind, panelkit_spec::FunctionKind::Group, "{}: a group operation", f.name);
                assert!(f.elid.as_ref().is_some_and(|e| e.required), "{}: a group operation needs elid", f.name);
            }
            refs += 1;
        }
    }
    // Guards against a parser that silently stops matching.
    assert!(params > 100 && fields > 40 && refs > 20, "parsed {params} params, {fields} fields, {refs} refs");
}

// ---------------------------------------------------------------- seeds 000 and 003

#[derive(Debug)]
struct SeedOp {
    module: String,
    name: String,
    /// (name, required, description).
    params: Vec<(String, bool, String)>,
    /// (code, message key, message, rest of the clause).
    errors: Vec<(i64, String, String, String)>,
}

/// Hand parser of the BrainyCP pages: every `name (post...)` is an input, the
/// `константа` inputs name the module and the operation, and every
/// `error:N, mess:'...'` belongs to the operation named last.
fn parse_brainy(text: &str) -> Vec<SeedOp> {
    let mut ops: Vec<SeedOp> = Vec::new();
    let mut module = String::new();
    let mut events: Vec<(usize, bool)> = text.match_indices("(post").map(|(i, _)| (i, true)).collect();
    events.extend(text.match_indices("error:").map(|(i, _)| (i, false)));
    events.sort();
    for (at, is_input) in events {
        let rest = &text[at..];
        if is_input {
            let before = text[..at].trim_end();
            let start = before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            let name = before[start..].to_string();
            let close = rest.find(')').expect("closing parenthesis");
            let required = rest[close + 1..].starts_with('*');
            let desc = rest.split_once('—').map_or("", |(_, d)| d);
            // The description runs to the next input (minus that input's name), the errors, or the table cell end.
            let next_input = desc.find("(post");
            let end = [next_input, desc.find("error:"), desc.find('|')].into_iter().flatten().min();
            let mut desc = &desc[..end.unwrap_or(desc.len())];
            if end.is_some() && end == next_input {
                desc = desc.trim_end().trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            }
            let desc = desc.trim().trim_end_matches([';', '.']).trim().to_string();
            if desc.starts_with("константа") {
                if desc.contains("модуля") {
                    module = name;
                } else {
                    ops.push(SeedOp { module: module.clone(), name, params: vec![], errors: vec![] });
                }
            } else if name != "username" && name != "password" {
                ops.last_mut().expect("an input after an operation").params.push((name, required, desc));
            }
        } else {
            let code: String = rest["error:".len()..].chars().take_while(char::is_ascii_digit).collect();
            let after = rest["error:".len() + code.len()..].trim_start_matches([',', ' ']);
            let key: String = after.chars().take_while(char::is_ascii_alphabetic).collect();
            let message = quoted(after).into_iter().next().expect("quoted message");
            let clause_end = after.find([';', '\n']).unwrap_or(after.len());
            let clause = after[..clause_end].to_string();
            let op = ops.last_mut().expect("an error after an operation");
            op.errors.push((code.parse().expect("error code"), key, message, clause));
        }
    }
    ops
}

fn check_brainy_op(p: &Panel, op: &SeedOp) {
    let f = func(p, &op.name);
    let ctx = &op.name;
    assert_eq!(f.module.as_deref(), Some(op.module.as_str()), "{ctx}: module");
    let seed_params: BTreeSet<_> = op.params.iter().map(|x| x.0.as_str()).collect();
    let spec_params: BTreeSet<_> = f.params.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(seed_params, spec_params, "{ctx}: parameter sets differ");
    for (name, required, desc) in &op.params {
        let sp = f.param(name).unwrap();
        assert_eq!(sp.required, *required, "{ctx}.{name}: required (`*`)");
        if let Some(after) = desc.split("по умолчанию").nth(1) {
            let token: String =
                after.trim_start_matches([' ', '-', '\'']).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            assert_eq!(sp.default.as_deref(), Some(token.as_str()), "{ctx}.{name}: default");
        }
        let mut values: Vec<String> = quoted(desc).into_iter().filter(|v| !v.contains(' ')).collect();
        for word in desc.split([' ', '(', ')', ':', ';']) {
            if let Some((a, b)) = word.split_once('/') {
                values.extend([a.to_string(), b.to_string()]);
            }
        }
        if let Some(list) = desc.split("значения ").nth(1) {
            values.extend(list.split(':').next().unwrap_or("").split(',').map(|v| v.trim().to_string()));
        }
        if let Some(n) = desc.split("может быть ").nth(1) {
            values.push(n.chars().take_while(char::is_ascii_digit).collect());
        }
        if sp.ty == ParamType::Enum {
            assert!(!values.is_empty(), "{ctx}.{name}: an enum the seed gives no values for");
            let default = sp.default.iter().map(|d| d.to_string());
            for v in values.iter().cloned().chain(default) {
                assert!(sp.values.iter().any(|x| x.value == v), "{ctx}.{name}: value `{v}` missing");
            }
        } else if desc.contains("'") {
            // A quoted word in free text is a special value: keep it in the hint, spelled as the seed does.
            for v in &values {
                assert!(sp.hint.ru.as_deref().is_some_and(|h| h.contains(v.as_str())), "{ctx}.{name}: `{v}` in hint");
            }
        }
    }
    assert_eq!(f.result.kind, ResultKind::Data, "{ctx}: a data reply");
    for (code, key, message, clause) in &op.errors {
        if *code == 0 {
            assert_eq!(f.result.message.ru.as_deref(), Some(message.as_str()), "{ctx}: success message");
            assert!(f.result.message.en.is_some(), "{ctx}: en success message");
            assert_eq!(f.result.message_key.as_deref(), Some(key.as_str()), "{ctx}: message key");
            for payload_key in ["data", "detail"] {
                if clause.contains(payload_key) {
                    assert_eq!(f.result.payload_key.as_deref(), Some(payload_key), "{ctx}: payload key");
                    assert!(f.result.payload.is_some(), "{ctx}: payload shape");
                }
            }
            continue;
        }
        let e = f.errors.iter().find(|e| e.code == *code);
        let e = e.unwrap_or_else(|| panic!("{ctx}: error code {code} missing"));
        assert_eq!(e.message.ru.as_deref(), Some(message.as_str()), "{ctx}: ru message of {code}");
        assert!(e.message.en.is_some(), "{ctx}: en message of {code}");
        assert!(
            !e.name.is_empty() && e.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{ctx}: error {code} needs a snake_case name, got `{}`",
            e.name
        );
    }
    let codes: BTreeSet<_> = op.errors.iter().map(|e| e.0).filter(|c| *c != 0).collect();
    let spec_codes: BTreeSet<_> = f.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, spec_codes, "{ctx}: error code sets differ");
}

#[test]
fn brainycp_holds_everything_seeds_000_and_003_name() {
    let mut ops = Vec::new();
    for prefix in ["000_", "003_"] {
        if let Some(text) = seed(prefix) {
            ops.extend(parse_brainy(&text));
        }
    }
    if ops.is_empty() {
        return;
    }
    let p = panel("brainycp");
    for op in &ops {
        check_brainy_op(&p, op);
    }
    let seed_names: BTreeSet<_> = ops.iter().map(|o| o.name.as_str()).collect();
    assert!(seed_names.len() >= 6, "parser found only {seed_names:?}");
    if seed_names.len() == 13 {
        let spec_names: BTreeSet<_> = p.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(seed_names, spec_names, "operation sets of the seeds and spec/brainycp differ");
    }
}

#[test]
fn brainycp_parser_reads_a_known_line() {
    let text = "x |\nusername (post)* — имя; certs_control (post)* — константа, имя модуля; delcerts (post)* — \
                константа, тип операции; key_name (post)* — имя для удаления; language (post) — может принимать \
                значение: en/ru (по умолчанию ru). |\nerror:0, mess:'ok <name>'; error:2, mess:'Нет такого'.";
    let ops = parse_brainy(text);
    assert_eq!(ops.len(), 1);
    assert_eq!((ops[0].module.as_str(), ops[0].name.as_str()), ("certs_control", "delcerts"));
    let names: Vec<_> = ops[0].params.iter().map(|p| (p.0.as_str(), p.1)).collect();
    assert_eq!(names, [("key_name", true), ("language", false)]);
    let errors: Vec<_> = ops[0].errors.iter().map(|e| (e.0, e.2.as_str())).collect();
    assert_eq!(errors, [(0, "ok <name>"), (2, "Нет такого")]);
}

#[test]
fn seed_001_parser_reads_a_known_section() {
    let text = "Функция: **x.edit**\n\n- **sdtype** - Тип. Возможные значения :\n  - **A** - A (адрес)\n  - **MX** - MX \
                \n\nПри выбранном значении MX разрешается использовать параметры: 'prio' и запрещается использовать \
                параметры: 'wght','port'\n\n- cert - SSL. Параметр зависим от возможности ssl.\n\nФункция: wwwdomain.delete\n\n\
                - **elid** - один или несколько ... элемент \"name\" из функции \"wwwdomain\".\n";
    let fs = parse_001(text);
    assert_eq!(fs.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["x.edit", "wwwdomain.delete"]);
    let sd = &fs[0].params[0];
    assert_eq!(sd.nested, [("A".to_string(), "A (адрес)".to_string()), ("MX".to_string(), "MX".to_string())]);
    let (value, rest) = ident(sd.value_rules[0].trim_start_matches("При выбранном значении")).unwrap();
    assert_eq!((value.as_str(), rule_parts(rest)), ("MX", (vec!["prio".into()], vec!["wght".into(), "port".into()])));
    assert_eq!(fs[0].params[1].name, "cert");
    assert_eq!(fs[1].refs, [("elid".into(), "name".into(), "wwwdomain".into(), true)]);
}

// ---------------------------------------------------------------- "Done when" facts of issue 2

/// The facts `cargo xtask spec dump ispmgr4` must show, checked on the same JSON the dump prints.
#[test]
fn ispmgr4_dump_shows_the_done_when_facts() {
    let dump = serde_json::to_value(panel("ispmgr4")).unwrap();
    let f = |name: &str| dump["functions"].as_array().unwrap().iter().find(|f| f["name"] == name).cloned().unwrap();
    let param = |f: &serde_json::Value, name: &str| {
        f["params"].as_array().unwrap().iter().find(|p| p["name"] == name).cloned().unwrap()
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect()).unwrap_or_default()
    };

    let sub = f("domain.sublist.edit");
    let sdtype = param(&sub, "sdtype");
    assert_eq!(sdtype["type"], "enum");
    let values: Vec<_> = sdtype["values"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["A", "AAAA", "CNAME", "DNAME", "NS", "MX", "TXT", "SRV", "PTR"]);
    let rule = |value: &str| {
        let r =
            sub["rules"].as_array().unwrap().iter().find(|r| r["param"] == "sdtype" && r["when"]["equals"] == value);
        let r = r.unwrap_or_else(|| panic!("no rule for sdtype = {value}"));
        (strings(&r["enables"]), strings(&r["forbids"]))
    };
    let all = || vec!["prio".to_string(), "wght".into(), "port".into()];
    assert_eq!(rule("MX"), (vec!["prio".to_string()], vec!["wght".to_string(), "port".into()]));
    assert_eq!(rule("SRV"), (all(), vec![]));
    for v in ["A", "AAAA", "CNAME", "DNAME", "NS", "TXT", "PTR"] {
        assert_eq!(rule(v), (vec![], all()), "sdtype = {v}");
    }

    let user = f("user.edit");
    assert_eq!(param(&user, "disklimit")["feature"], "quota");
    assert_eq!(param(&user, "ftplimit")["infinity"], 10000);

    let dom = f("domain.edit");
    let r = dom["rules"].as_array().unwrap().iter().find(|r| r["param"] == "reversezone").cloned().unwrap();
    assert_eq!(r["when"], "on");
    assert_eq!(strings(&r["enables"]), ["subnetwork"]);
    assert_eq!(strings(&r["forbids"]), ["ip", "mx", "owner", "name"]);
}

/// What the linter will also enforce, checked here for the panels this file covers,
/// so a broken seed spec fails even before the linter lands.
#[test]
fn seed_specs_are_self_consistent() {
    for id in ["ispmgr4", "brainycp", "ispmgr5", "ipmgr5"] {
        let p = panel(id);
        let mut names = BTreeSet::new();
        for f in &p.functions {
            assert!(names.insert((&f.module, &f.name)), "{id}: duplicate function {}", f.name);
            let mut pn = BTreeSet::new();
            for sp in &f.params {
                assert!(pn.insert(&sp.name), "{id}/{}: duplicate parameter {}", f.name, sp.name);
                if sp.ty == ParamType::Enum {
                    assert!(!sp.values.is_empty(), "{id}/{}.{}: enum without values", f.name, sp.name);
                }
                if let Some(feat) = &sp.feature {
                    assert!(p.features.iter().any(|x| x.name == feat), "{id}: feature {feat} undeclared");
                }
            }
            for r in &f.rules {
                let ctl = f.param(&r.param).unwrap_or_else(|| panic!("{id}/{}: rule on unknown {}", f.name, r.param));
                if let Condition::Equals(v) = &r.when
                    && ctl.ty == ParamType::Enum
                {
                    assert!(ctl.values.iter().any(|x| x.value == v), "{id}/{}: rule value {v}", f.name);
                }
                for t in r.enables.iter().chain(&r.forbids).chain(&r.readonly) {
                    let tp = f.param(t).unwrap_or_else(|| panic!("{id}/{}: rule target {t} unknown", f.name));
                    assert!(!tp.required, "{id}/{}: required {t} is a rule target", f.name);
                    assert!(
                        !(r.enables.contains(t) && r.forbids.iter().any(|e| e == t)),
                        "{id}/{}: {t} both ways",
                        f.name
                    );
                }
            }
        }
    }
    assert_eq!(panel("ispmgr4").functions.len(), 19);
    assert_eq!(panel("brainycp").functions.len(), 13);
}

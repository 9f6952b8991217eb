//! Live harvest round trips: spec → fake panel (`out=devel`) → live harvest → spec,
//! over HTTP on loopback and through a stand-in `mgrctl` backed by the fake.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use panelkit_fake::{Account, FakePanel, Level};
use panelkit_harvest::live::{self, LiveOutcome, Secret, Source, Tls};
use panelkit_harvest::{harvest_panel, parse_catalog};
use panelkit_spec::{CompactString, Condition, Function, FunctionKind, Panel, ParamType};
use serde_json::{Map, Value};

const PASSWORD: &str = "round-trip-pw";

fn spec(id: &str) -> Panel {
    panelkit_spec::load_panel(&common::root().join("spec").join(id)).unwrap_or_else(|d| panic!("spec/{id}: {d}"))
}

fn header_of(p: &Panel) -> Map<String, Value> {
    let mut v = serde_json::to_value(Panel { functions: Vec::new(), ..p.clone() }).unwrap();
    v.as_object_mut().unwrap().remove("functions");
    v.as_object().unwrap().clone()
}

/// The functions a round trip covers: typed forms and lists.
fn covered(p: &Panel) -> Vec<&Function> {
    p.functions.iter().filter(|f| f.typed && matches!(f.kind, FunctionKind::Form | FunctionKind::List)).collect()
}

/// The values a controller can take, when known (flags, enums).
fn domain(f: &Function, param: &str) -> Option<BTreeSet<CompactString>> {
    let p = f.param(param)?;
    match p.ty {
        ParamType::Flag => Some(["on".into(), "off".into()].into()),
        ParamType::Enum => {
            let mut d: BTreeSet<CompactString> = p.values.iter().map(|v| v.value.clone()).collect();
            for r in f.rules.iter().filter(|r| r.param == param) {
                match &r.when {
                    Condition::Equals(v) => {
                        d.insert(v.clone());
                    }
                    Condition::NotIn(vs) => d.extend(vs.iter().cloned()),
                    _ => {}
                }
            }
            Some(d)
        }
        _ => None,
    }
}

/// Conditions as sets of atoms: `=V`, `empty`, `nonempty`.
fn atoms(when: &Condition, dom: Option<&BTreeSet<CompactString>>) -> Option<BTreeSet<String>> {
    Some(match when {
        Condition::On => ["=on".to_string()].into(),
        Condition::Off => ["=off".to_string()].into(),
        Condition::Equals(v) => [format!("={v}")].into(),
        Condition::Empty => ["empty".to_string()].into(),
        Condition::NotEmpty => ["nonempty".to_string()].into(),
        Condition::NotIn(vs) => dom?.iter().filter(|v| !vs.contains(v)).map(|v| format!("={v}")).collect(),
    })
}

/// Rules as "target hidden (or read-only) under atom": the one meaning both spellings
/// (`enables` under some values, `forbids` under the others) share.
fn canonical_rules(f: &Function) -> BTreeSet<(CompactString, CompactString, String, bool)> {
    let mut out = BTreeSet::new();
    let mut enabling: BTreeMap<(CompactString, CompactString), BTreeSet<String>> = BTreeMap::new();
    for r in &f.rules {
        let dom = domain(f, &r.param);
        let Some(a) = atoms(&r.when, dom.as_ref()) else { continue };
        for (targets, ro) in [(&r.forbids, false), (&r.readonly, true)] {
            for t in targets {
                for x in &a {
                    out.insert((r.param.clone(), t.clone(), x.clone(), ro));
                }
            }
        }
        for t in &r.enables {
            enabling.entry((r.param.clone(), t.clone())).or_default().extend(a.iter().cloned());
        }
    }
    for ((ctrl, t), on) in enabling {
        let all: BTreeSet<String> = if on.iter().all(|x| x == "empty" || x == "nonempty") {
            ["empty".to_string(), "nonempty".to_string()].into()
        } else {
            match domain(f, &ctrl) {
                Some(d) => d.iter().map(|v| format!("={v}")).collect(),
                None => continue,
            }
        };
        for x in all.difference(&on) {
            out.insert((ctrl.clone(), t.clone(), x.clone(), false));
        }
    }
    out
}

/// Every difference between the served spec and the harvest, as problem lines.
/// Not compared, because metadata has no place for them at all: labels' other
/// language (a reply speaks one), reply field types other than flags (`<col>`
/// carries no type), levels, errors and titles from other sources.
fn differences(src: &Function, got: &Function, problems: &mut Vec<String>) {
    let name = &src.name;
    if got.kind != src.kind {
        problems.push(format!("{name}: kind {:?} vs {:?}", got.kind, src.kind));
    }
    let names = |f: &Function| f.params.iter().map(|p| p.name.clone()).collect::<BTreeSet<_>>();
    if names(src) != names(got) {
        problems.push(format!("{name}: params {:?} vs {:?}", names(got), names(src)));
    }
    for p in &src.params {
        let Some(g) = got.param(&p.name) else { continue };
        let (ty, gty) = (p.ty, g.ty);
        // An enum without values is a select without options: nothing says it is an enum.
        let ty = if ty == ParamType::Enum && p.values.is_empty() { ParamType::Text } else { ty };
        if ty != gty {
            problems.push(format!("{name}.{}: type {gty:?} vs {ty:?}", p.name));
        }
        let vals = |x: &panelkit_spec::Param| x.values.iter().map(|v| v.value.clone()).collect::<BTreeSet<_>>();
        // The harvest adds values known from rules; the spec lists its own.
        let mut want = vals(p);
        if p.ty == ParamType::Enum {
            want.extend(domain(src, &p.name).unwrap_or_default());
        }
        if want != vals(g) {
            problems.push(format!("{name}.{}: values {:?} vs {want:?}", p.name, vals(g)));
        }
        if p.ty == ParamType::Int && (p.min, p.max) != (g.min, g.max) {
            problems.push(format!("{name}.{}: bounds {:?} vs {:?}", p.name, (g.min, g.max), (p.min, p.max)));
        }
        if p.required != g.required {
            problems.push(format!("{name}.{}: required {} vs {}", p.name, g.required, p.required));
        }
        if p.item.is_some() && p.item != g.item {
            problems.push(format!("{name}.{}: list item {:?} lost", p.name, p.item));
        }
        if p.separator.is_some() && p.separator != g.separator {
            problems.push(format!("{name}.{}: list separator lost", p.name));
        }
        if p.default.is_some() && p.default != g.default {
            problems.push(format!("{name}.{}: default lost", p.name));
        }
        if p.infinity.is_some() && p.infinity != g.infinity {
            problems.push(format!("{name}.{}: infinity lost", p.name));
        }
        if (p.readonly, p.remove_if, &p.feature, &p.page) != (g.readonly, g.remove_if, &g.feature, &g.page) {
            problems.push(format!("{name}.{}: readonly/remove_if/feature/page differ", p.name));
        }
    }
    let (a, b) = (canonical_rules(src), canonical_rules(got));
    for x in a.symmetric_difference(&b) {
        let side = if a.contains(x) { "lost" } else { "added" };
        problems.push(format!("{name}: rule {side}: `{}` hides `{}` when {} (read-only: {})", x.0, x.1, x.2, x.3));
    }
    let fields = |f: &Function| f.result.fields.iter().map(|x| x.name.clone()).collect::<BTreeSet<_>>();
    if src.kind == FunctionKind::List && fields(src) != fields(got) {
        problems.push(format!("{name}: columns {:?} vs {:?}", fields(got), fields(src)));
    }
    if src.kind == FunctionKind::List && src.result.key.is_some() && src.result.key != got.result.key {
        problems.push(format!("{name}: key {:?} vs {:?}", got.result.key, src.result.key));
    }
}

/// Compares every covered function; `known` are differences the test accepts, each
/// a substring of one problem line.
fn assert_round_trip(src: &Panel, got: &Panel, known: &[(&str, &str)]) {
    let mut problems = Vec::new();
    for f in covered(src) {
        match got.function(&f.name) {
            Some(g) => differences(f, g, &mut problems),
            None => problems.push(format!("{}: not harvested", f.name)),
        }
    }
    let mut used = vec![false; known.len()];
    problems.retain(|p| match known.iter().position(|(k, _)| p.contains(k)) {
        Some(i) => {
            used[i] = true;
            false
        }
        None => true,
    });
    assert!(problems.is_empty(), "{} round trip differs:\n{}", src.id, problems.join("\n"));
    let stale: Vec<&str> = known.iter().zip(&used).filter(|(_, u)| !**u).map(|((k, _), _)| *k).collect();
    assert!(stale.is_empty(), "listed differences that no longer occur: {stale:?}");
}

fn harvest(src: &Panel, out: &LiveOutcome) -> Panel {
    harvest_panel(None, out.docs(), header_of(src), None).unwrap().panel
}

async fn live_http(id: &str) -> (Panel, LiveOutcome, Panel) {
    let src = spec(id);
    let fake = FakePanel::builder(src.clone())
        .user(Account::new("root", PASSWORD, Level::Admin))
        .user(Account::new("alice", "alice-pw", Level::User))
        .start()
        .await
        .unwrap();
    let source = Source::http(&fake.url(), "root", Secret::new(PASSWORD), &Tls::Verify, "en").unwrap();
    let targets = live::plan_from_spec(&src);
    let out = live::harvest_live(&source, &targets, 4, Arc::new(live::Silent)).await;
    let got = harvest(&src, &out);
    (src, out, got)
}

/// Why a list's item type does not come back.
const ITEM_WHY: &str = "`<select type=\"multiple\">` (or a space-separated text input) names no item type: \
                        the harvest sees a list of text";
/// Why `infinity` does not come back.
const INFINITY_WHY: &str = "the value meaning \"unlimited\" is panel behaviour; metadata's `unlimit` attribute \
                            is unverified, so neither side writes or reads it";

/// ISPmanager 4 differences metadata cannot express.
const ISPMGR4_KNOWN: &[(&str, &str)] = &[
    ("list item Some(Domain) lost", ITEM_WHY),
    ("list item Some(Email) lost", ITEM_WHY),
    ("infinity lost", INFINITY_WHY),
];
/// ISPmanager 6 differences metadata cannot express.
const ISPMGR6_KNOWN: &[(&str, &str)] = &[
    ("list item Some(Domain) lost", ITEM_WHY),
    ("list item Some(Ip) lost", ITEM_WHY),
    ("aps.catalog.apps: params", LIST_PARAMS_WHY),
];
/// Why a list's own parameters do not come back.
const LIST_PARAMS_WHY: &str = "a list's metadata describes its columns (`coldata`), not the request parameters \
                               it takes (here `elname`, sent by clients beside `elid`)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ispmgr4_over_http_round_trips() {
    let (src, out, got) = live_http("ispmgr4").await;
    assert!(out.failures.is_empty(), "{:?}", out.failures);
    assert_round_trip(&src, &got, ISPMGR4_KNOWN);
    // `user` has an element (alice), so `user.edit` was also read as an edit form.
    assert!(out.captures.iter().any(|c| c.file == "user.edit@edit.xml"), "no edit form read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ispmgr6_typed_functions_over_http_round_trip() {
    let (src, out, got) = live_http("ispmgr6").await;
    // Untyped functions: the fake knows nothing to describe, so their replies carry no metadata.
    for f in &out.failures {
        let sf = src.function(&f.function).unwrap();
        assert!(!sf.typed, "typed `{}` failed: {}", f.function, f.message);
    }
    assert_round_trip(&src, &got, ISPMGR6_KNOWN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_comparison_sees_a_lost_rule_and_a_lost_bound() {
    let (src, _, mut got) = live_http("ispmgr4").await;
    assert!(covered(&src).len() >= 10 && covered(&src).iter().any(|f| !canonical_rules(f).is_empty()));
    let f = got.functions.iter_mut().find(|f| !f.rules.is_empty()).unwrap();
    f.rules.pop();
    let p = got.functions.iter_mut().flat_map(|f| &mut f.params).find(|p| p.max.is_some()).unwrap();
    p.max = p.max.map(|m| m + 1);
    let err = std::panic::catch_unwind(|| assert_round_trip(&src, &got, ISPMGR4_KNOWN)).unwrap_err();
    let msg = err.downcast_ref::<String>().unwrap();
    assert!(msg.contains("rule lost") && msg.contains("bounds"), "{msg}");
}

/// `mgrctl -i` text for a spec: the name padded to column 45, then the title and type.
fn catalog_text(p: &Panel) -> String {
    let mut out = String::new();
    for f in &p.functions {
        let ty = f.catalog_type.clone().unwrap_or_else(|| {
            match f.kind {
                FunctionKind::List => "list",
                FunctionKind::Form => "form",
                FunctionKind::Group => "group operation",
                FunctionKind::Validator => "validator",
                FunctionKind::Report => "report",
                _ => "none",
            }
            .to_owned()
        });
        let title = f.title.get("en").unwrap_or(&f.name).replace('.', ",");
        let name = if f.name.len() >= 45 { format!("{} ", f.name) } else { format!("{:<45}", f.name) };
        out.push_str(&format!("{name}{title}. Function type: {ty}\n"));
    }
    out
}

async fn mgrctl_round_trip(id: &str, known: &[(&str, &str)]) {
    use std::os::unix::fs::PermissionsExt;
    let src = spec(id);
    let fake =
        FakePanel::builder(src.clone()).user(Account::new("root", PASSWORD, Level::Admin)).start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("catalog.txt");
    std::fs::write(&cat, catalog_text(&src)).unwrap();
    let script = dir.path().join("mgrctl");
    let bin = env!("CARGO_BIN_EXE_panelkit-fake-mgrctl");
    let body = format!(
        "#!/bin/sh\nexec '{bin}' --forward '{}' --auth 'root:{PASSWORD}' --catalog '{}' \"$@\"\n",
        fake.url(),
        cat.display()
    );
    std::fs::write(&script, body).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let source = Source::mgrctl(&script, src.mgr.as_deref().unwrap_or("ispmgr"), "en").unwrap();
    let text = source.catalog("en").await.unwrap();
    let catalog = parse_catalog(&text, "mgrctl -i");
    assert_eq!(catalog.entries.len(), src.functions.len(), "{:?}", catalog.warnings);
    let targets = live::plan_from_catalog(&catalog);
    let out = live::harvest_live(&source, &targets, 4, Arc::new(live::Silent)).await;
    // Only functions the fake cannot describe (untyped in the spec) may fail.
    for f in &out.failures {
        assert!(!src.function(&f.function).unwrap().typed, "typed `{}` failed: {}", f.function, f.message);
    }
    let got = harvest_panel(Some((&catalog, "en")), out.docs(), header_of(&src), None).unwrap().panel;
    assert_round_trip(&src, &got, known);
    // Every function of the catalog is in the harvest, typed or not.
    assert_eq!(got.functions.len(), src.functions.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ispmgr4_through_a_stand_in_mgrctl_round_trips() {
    mgrctl_round_trip("ispmgr4", ISPMGR4_KNOWN).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ispmgr6_typed_functions_through_a_stand_in_mgrctl_round_trip() {
    mgrctl_round_trip("ispmgr6", ISPMGR6_KNOWN).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captures_re_harvest_offline_to_the_same_spec() {
    let (src, out, got) = live_http("ispmgr4").await;
    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("caps");
    let files: Vec<(String, Vec<u8>)> = out.captures.iter().map(|c| (c.file.clone(), c.body.clone())).collect();
    panelkit_harvest::write_dir_atomically(&caps, &files, panelkit_harvest::Keep::Nothing).unwrap();
    // What `--metadata DIR` reads: the folder's `*.xml` in name order.
    let mut paths: Vec<_> = std::fs::read_dir(&caps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    paths.sort();
    let docs = paths
        .iter()
        .map(|p| panelkit_harvest::parse_metadata(&std::fs::read(p).unwrap(), &p.display().to_string()).unwrap())
        .collect();
    let offline = harvest_panel(None, docs, header_of(&src), None).unwrap().panel;
    assert_eq!(serde_json::to_value(&offline).unwrap(), serde_json::to_value(&got).unwrap());
    assert!(caps.join("data/user.xml").is_file(), "the list read for an edit id is captured too");
}

/// At most `jobs` calls are in flight: a mgrctl that counts its running copies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_is_bounded_by_jobs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let running = dir.path().join("running");
    std::fs::create_dir(&running).unwrap();
    let counts = dir.path().join("counts");
    let script = dir.path().join("mgrctl");
    let body = format!(
        "#!/bin/sh\ntouch '{r}/'$$\nls '{r}' | wc -l >> '{c}'\nsleep 0.2\nrm '{r}/'$$\necho '<doc/>'\n",
        r = running.display(),
        c = counts.display()
    );
    std::fs::write(&script, body).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let targets: Vec<live::Target> = (0..8)
        .map(|i| live::Target { function: format!("f{i}"), kind: FunctionKind::List, list: None, key: None })
        .collect();
    let source = Source::mgrctl(&script, "ispmgr", "en").unwrap();
    let out = live::harvest_live(&source, &targets, 3, Arc::new(live::Silent)).await;
    // `<doc/>` describes nothing: every function is a listed failure, none fatal.
    assert_eq!(out.failures.len(), 8, "{:?}", out.failures);
    assert!(out.failures[0].message.contains("no <metadata name=\"f0\">"), "{:?}", out.failures[0]);
    assert_eq!(out.captures.len(), 8);
    let text = std::fs::read_to_string(&counts).unwrap();
    let max = text.lines().map(|l| l.trim().parse::<usize>().unwrap()).max().unwrap();
    assert!((1..=3).contains(&max), "{max} calls at once with --jobs 3");
}

/// TLS is verified unless pinned (or insecure): a self-signed fake fails every call
/// when verified, and round-trips when its fingerprint is pinned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_is_verified_unless_pinned() {
    let src = spec("ispmgr4");
    let fake = FakePanel::builder(src.clone())
        .user(Account::new("root", PASSWORD, Level::Admin))
        .tls(true)
        .start()
        .await
        .unwrap();
    let targets: Vec<live::Target> =
        live::plan_from_spec(&src).into_iter().filter(|t| t.function == "user.edit").collect();
    let verified = Source::http(&fake.url(), "root", Secret::new(PASSWORD), &Tls::Verify, "en").unwrap();
    let out = live::harvest_live(&verified, &targets, 1, Arc::new(live::Silent)).await;
    assert_eq!(out.failures.len(), 1, "{:?}", out.failures);
    assert!(out.docs().is_empty());
    let pin = Tls::Pin(fake.fingerprint().unwrap());
    let pinned = Source::http(&fake.url(), "root", Secret::new(PASSWORD), &pin, "en").unwrap();
    let out = live::harvest_live(&pinned, &targets, 1, Arc::new(live::Silent)).await;
    assert!(out.failures.is_empty(), "{:?}", out.failures);
    assert!(out.docs()[0].functions.iter().any(|f| f.name == "user.edit" && !f.params.is_empty()));
    assert!(!format!("{:?}", out.failures).contains(PASSWORD));
}

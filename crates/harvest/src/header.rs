//! Panel header defaults, so that a bare plugin file or a live panel harvests without
//! six header flags, and one error naming every key still missing.

use serde_json::{Map, Value};

use crate::Overlay;

/// Header keys a panel must have, with the flag that gives each.
pub const REQUIRED_KEYS: &[(&str, &str)] = &[
    ("id", "--id ID"),
    ("family", "--family FAMILY"),
    ("version", "--version VERSION"),
    ("protocol", "--protocol ispsystem"),
    ("endpoint", "--endpoint /PATH"),
];

/// The product family behind an ISPsystem `mgrctl -m` name.
pub fn family_of_mgr(mgr: &str) -> Option<&'static str> {
    Some(match mgr {
        "ispmgr" => "ispmanager",
        "ipmgr" => "ipmanager",
        "dnsmgr" => "dnsmanager",
        "billmgr" => "billmanager",
        "core" | "coremgr" => "coremanager",
        _ => return None,
    })
}

/// Defaults for an ISPsystem panel named by its `mgr` (`ispmgr`): family, protocol,
/// `mgr`, endpoint `/<mgr>` unless given, id `id` and version `unknown`.
pub fn defaults_for_mgr(mgr: &str, id: &str, endpoint: Option<&str>) -> Map<String, Value> {
    let mut m = Map::new();
    let s = |v: &str| Value::String(v.to_owned());
    m.insert("id".into(), s(id));
    if let Some(f) = family_of_mgr(mgr) {
        m.insert("family".into(), s(f));
    }
    m.insert("version".into(), s("unknown"));
    m.insert("protocol".into(), s("ispsystem"));
    m.insert("endpoint".into(), s(endpoint.map_or_else(|| format!("/{mgr}"), String::from).as_str()));
    m.insert("mgr".into(), s(mgr));
    m
}

/// Defaults from a plugin file name `<mgr>_mod_<name>.xml` (any `owner__repo__` prefix
/// is ignored): mgr `<mgr>`, protocol `ispsystem`, id `<mgr>_mod_<name>` with
/// characters other than letters, digits and `_` made `_`. `None` for other names.
pub fn defaults_from_file_name(path: &str) -> Option<Map<String, Value>> {
    let file = path.rsplit(['/', '\\']).next()?;
    let file = file.rsplit("__").next()?;
    let stem = file.strip_suffix(".xml")?;
    let (mgr, name) = stem.split_once("_mod_")?;
    if mgr.is_empty() || name.is_empty() || !mgr.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let id: String = format!("{mgr}_mod_{name}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    Some(defaults_for_mgr(mgr, &id, None))
}

/// The required header keys neither `header` nor the overlay's `[panel]` table gives.
pub fn missing_header_keys(header: &Map<String, Value>, overlay: Option<&Overlay>) -> Vec<&'static str> {
    let over = overlay.and_then(|o| o.panel.as_ref()).map(|(_, m)| m);
    REQUIRED_KEYS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !header.contains_key(*k) && !over.is_some_and(|m| m.contains_key(*k)))
        .collect()
}

/// One message naming every missing key and the flags that give them.
pub fn missing_header_message(missing: &[&str]) -> String {
    let flags: Vec<&str> = REQUIRED_KEYS.iter().filter(|(k, _)| missing.contains(k)).map(|(_, f)| *f).collect();
    format!(
        "the panel header lacks {}: pass {}, or --panel-toml FILE (a spec's panel.toml), or put them in the \
         overlay's [panel] table",
        missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
        flags.join(" ")
    )
}

//! Which list each function works on, derived from the spec: names (`X`, `X.edit`,
//! `X.delete`, ...), `elid` / `plid` references, and a function's own `works_on` where its
//! name does not follow the pattern (a fact about the panel, so it lives in the spec).

use std::collections::HashMap;

use panelkit_spec::{FunctionKind, ListOp, Panel};

/// What a function does to its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// Show the list (`X`, `X&elid=PARENT` for child lists).
    List,
    /// Read without `sok`; create without `elid`, edit with it.
    Form,
    /// Always create (ISPmanager 6 `user.add.finish`).
    Create,
    /// Delete `elid`s.
    Delete,
    /// Suspend `elid`s.
    Suspend,
    /// Resume `elid`s.
    Resume,
}

/// A function's list and operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub list: String,
    pub op: Op,
    /// Parameter prefix dropped before storing (`site_name` is the `name` of a `webdomain`).
    pub strip_prefix: Option<String>,
}

/// The list whose records are panel accounts: creating one lets it log in.
pub(crate) const ACCOUNT_LIST: &str = "user";

const SUFFIXES: &[(&str, Op)] = &[
    (".edit", Op::Form),
    (".delete", Op::Delete),
    (".suspend", Op::Suspend),
    (".disable", Op::Suspend),
    (".resume", Op::Resume),
    (".enable", Op::Resume),
];

/// The derived grouping of a whole panel.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    pub targets: HashMap<String, Target>,
    /// The field identifying a record of each list.
    pub key: HashMap<String, String>,
    /// The parent list of child lists (`domain.sublist` → `domain`).
    pub parent: HashMap<String, String>,
}

impl Groups {
    pub fn derive(panel: &Panel) -> Groups {
        let is_list = |name: &str| panel.functions.iter().any(|f| f.name == name && f.kind == FunctionKind::List);
        let mut g = Groups::default();
        for f in &panel.functions {
            let declared = f.works_on.as_ref().filter(|w| is_list(&w.list));
            let target = if let Some(w) = declared {
                let op = match w.op {
                    ListOp::Form => Op::Form,
                    ListOp::Create => Op::Create,
                    ListOp::Delete => Op::Delete,
                    ListOp::Suspend => Op::Suspend,
                    ListOp::Resume => Op::Resume,
                };
                Some(Target { list: w.list.clone(), op, strip_prefix: w.strip_prefix.clone() })
            } else if f.kind == FunctionKind::List {
                Some(Target { list: f.name.clone(), op: Op::List, strip_prefix: None })
            } else if f.kind == FunctionKind::Confirm {
                // ISPmanager 4 deletes through its confirmation form (`domain.delete.confirm`).
                f.name.strip_suffix(".delete.confirm").filter(|l| is_list(l)).map(|l| Target {
                    list: l.to_owned(),
                    op: Op::Delete,
                    strip_prefix: None,
                })
            } else {
                let by_suffix = SUFFIXES.iter().find_map(|(s, op)| f.name.strip_suffix(s).map(|base| (base, *op)));
                let op = by_suffix.map(|(_, op)| op).or((f.kind == FunctionKind::Form).then_some(Op::Form));
                let referenced = f.elid.as_ref().and_then(|e| e.function.as_deref()).filter(|l| is_list(l));
                let list = referenced.or(by_suffix.map(|(b, _)| b).filter(|b| is_list(b)));
                match (list, op) {
                    (Some(l), Some(op)) => Some(Target { list: l.to_owned(), op, strip_prefix: None }),
                    _ => None,
                }
            };
            if let Some(t) = target {
                g.targets.insert(f.name.clone(), t);
            }
        }
        for f in panel.functions.iter().filter(|f| f.kind == FunctionKind::List) {
            let key = f.result.key.clone().or_else(|| {
                panel.functions.iter().find_map(|o| {
                    let e = o.elid.as_ref()?;
                    (e.function.as_deref() == Some(&f.name)).then(|| e.field.clone()).flatten()
                })
            });
            g.key.insert(f.name.clone(), key.unwrap_or_else(|| "name".to_owned()));
            // A list taking another list's id as `elid` is that list's child list.
            let parent = f.elid.as_ref().and_then(|e| e.function.clone()).filter(|p| *p != f.name && is_list(p));
            let parent = parent.or_else(|| {
                panel.functions.iter().find_map(|o| {
                    let t = g.targets.get(&o.name)?;
                    (t.list == f.name).then(|| o.plid.as_ref().map(|p| p.function.clone())).flatten()
                })
            });
            if let Some(p) = parent.filter(|p| is_list(p)) {
                g.parent.insert(f.name.clone(), p);
            }
        }
        g
    }

    pub fn key_of(&self, list: &str) -> &str {
        self.key.get(list).map(String::as_str).unwrap_or("name")
    }
}

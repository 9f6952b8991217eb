//! Combining a catalog and metadata files into one panel.

use std::collections::{HashMap, HashSet};

use panelkit_spec::{
    CompactString, Condition, EnumValue, Feature, Function, FunctionKind, Panel, ParamType, ResultKind, Text,
};

use crate::metadata::{HookEvent, MessageSet, MetadataDoc, add_rule, new_function};
use crate::{Catalog, Warning};

/// Accumulates harvested inputs; [`Harvest::finish`] resolves them into a panel.
///
/// ```
/// use panelkit_harvest::{Harvest, parse_catalog};
/// let cat = parse_catalog("user                                         Users. Function type: list\n", "cat.txt");
/// let mut h = Harvest::new();
/// h.add_catalog(&cat, "en");
/// let (functions, _warnings) = h.finish();
/// assert_eq!(functions[0].name, "user");
/// ```
#[derive(Debug, Default)]
pub struct Harvest {
    functions: Vec<Function>,
    index: HashMap<String, usize>,
    messages: Vec<MessageSet>,
    events: Vec<HookEvent>,
    warnings: Vec<Warning>,
    /// `(function, parameter)` an existing spec gave ([`Harvest::add_base`]).
    base_params: HashSet<(String, String)>,
    /// A base spec was given: rule targets unknown now stay unknown.
    has_base: bool,
    /// `(function, name)` of display-only fields seen in metadata.
    display_only: HashSet<(String, String)>,
}

fn fill(text: &mut Text, lang: &str, s: &str) {
    let slot = match lang {
        "ru" => &mut text.ru,
        "en" => &mut text.en,
        _ => return,
    };
    if slot.is_none() && !s.is_empty() {
        *slot = Some(s.into());
    }
}

fn absorb(base: &mut Function, new: Function) {
    base.typed = true;
    if base.kind == FunctionKind::Unknown {
        base.kind = new.kind;
    }
    if base.result.kind == ResultKind::Unknown {
        base.result.kind = new.result.kind;
    }
    if new.result.key.is_some() {
        base.result.key = new.result.key;
    }
    for fld in new.result.fields {
        match base.result.fields.iter_mut().find(|x| x.name == fld.name) {
            Some(x) => *x = fld,
            None => base.result.fields.push(fld),
        }
    }
    for p in new.params {
        match base.params.iter_mut().find(|x| x.name == p.name) {
            Some(x) => *x = p,
            None => base.params.push(p),
        }
    }
    for r in new.rules {
        add_rule(base, &r.param, r.when.clone(), &r.forbids, false);
        add_rule(base, &r.param, r.when, &r.readonly, true);
    }
    for t in new.toolbar {
        if !base.toolbar.contains(&t) {
            base.toolbar.push(t);
        }
    }
    if base.title.is_empty() {
        base.title = new.title;
    }
}

impl Harvest {
    /// An empty harvest.
    pub fn new() -> Self {
        Self::default()
    }

    fn get_or_add(&mut self, f: Function) -> Option<Function> {
        match self.index.get(&f.name) {
            Some(_) => Some(f),
            None => {
                self.index.insert(f.name.clone(), self.functions.len());
                self.functions.push(f);
                None
            }
        }
    }

    /// Adds every catalog function (untyped; texts in `lang`). A name already
    /// present keeps its first description.
    pub fn add_catalog(&mut self, cat: &Catalog, lang: &str) {
        self.warnings.extend(cat.warnings.iter().cloned());
        for e in &cat.entries {
            if self.get_or_add(e.to_function(lang)).is_some() {
                self.warnings.push(Warning::new("", 0, format!("`{}` listed twice: first kept", e.name)));
            }
        }
    }

    /// Adds the functions of an existing spec as the base that metadata is merged over
    /// (a plugin file extending `site.edit` names the base form's fields in its rules).
    /// A base parameter keeps its description where a file only repeats it as an
    /// `<input type="hidden">`. Call before [`Harvest::add_metadata`].
    pub fn add_base(&mut self, functions: &[Function]) {
        self.has_base = true;
        for f in functions {
            for p in &f.params {
                self.base_params.insert((f.name.clone(), p.name.to_string()));
            }
            if let Some(f) = self.get_or_add(f.clone()) {
                let i = self.index[&f.name];
                absorb(&mut self.functions[i], f);
            }
        }
    }

    /// Adds what one metadata file says: its forms and lists are merged into the
    /// functions of the same name (which become typed), handler functions the
    /// catalog lacks are added untyped, messages wait for [`Harvest::finish`].
    pub fn add_metadata(&mut self, doc: MetadataDoc) {
        self.warnings.extend(doc.warnings);
        self.display_only.extend(doc.display_only);
        let hidden: HashSet<(String, String)> = doc.hidden_inputs.into_iter().collect();
        for mut f in doc.functions {
            // A hidden input repeating a base field is a reference to it, not a new description.
            f.params.retain(|p| {
                let k = (f.name.clone(), p.name.to_string());
                !(hidden.contains(&k) && self.base_params.contains(&k))
            });
            if let Some(f) = self.get_or_add(f) {
                let i = self.index[&f.name];
                absorb(&mut self.functions[i], f);
            }
        }
        for name in doc.handler_funcs {
            let mut f = new_function(&name, FunctionKind::Unknown);
            f.typed = false;
            if self.get_or_add(f).is_none() {
                self.warnings.push(Warning::new(
                    &doc.file,
                    0,
                    format!("handler function `{name}` added (no catalog entry)"),
                ));
            }
        }
        self.events.extend(doc.events);
        self.messages.extend(doc.messages);
    }

    /// Hooks (`<handler><event>`) seen so far.
    pub fn events(&self) -> &[HookEvent] {
        &self.events
    }

    /// Applies labels, resolves rule targets (page names become the page's
    /// parameters; names that are no parameter are dropped), relaxes `required`
    /// on parameters a rule can forbid, declares features fields depend on, and
    /// returns the functions with every warning. [`Harvest::finish_panel`] also
    /// declares the features fields depend on.
    pub fn finish(mut self) -> (Vec<Function>, Vec<Warning>) {
        self.apply_messages();
        let mut warnings = std::mem::take(&mut self.warnings);
        for f in &mut self.functions {
            resolve_rules(f, &mut warnings, self.has_base, &self.display_only);
        }
        // One dropped target named by several rules is one problem.
        let mut seen = HashSet::new();
        warnings.retain(|w| seen.insert(w.clone()));
        (self.functions, warnings)
    }

    /// [`Harvest::finish`] into `panel`: its functions are replaced, features
    /// that fields depend on (`<field if=..>`) are declared.
    pub fn finish_panel(self, panel: &mut Panel) -> Vec<Warning> {
        let (functions, mut warnings) = self.finish();
        for f in &functions {
            for p in &f.params {
                if let Some(feat) = &p.feature
                    && !panel.features.iter().any(|x| x.name == feat)
                {
                    warnings.push(Warning::new("", 0, format!("feature `{feat}` declared (fields depend on it)")));
                    panel.features.push(Feature { name: feat.to_string(), label: Text::default() });
                }
            }
        }
        panel.functions = functions;
        warnings
    }

    fn apply_messages(&mut self) {
        for set in std::mem::take(&mut self.messages) {
            let Some(&i) = self.index.get(set.function.as_str()) else { continue };
            let f = &mut self.functions[i];
            for (name, text) in &set.msgs {
                if name == "title" {
                    fill(&mut f.title, &set.lang, text);
                } else if let Some(p) = f.params.iter_mut().find(|p| p.name == name) {
                    fill(&mut p.label, &set.lang, text);
                } else if let Some(p) =
                    name.strip_prefix("hint_").and_then(|n| f.params.iter_mut().find(|p| p.name == n))
                {
                    fill(&mut p.hint, &set.lang, text);
                } else if let Some(x) = f.result.fields.iter_mut().find(|x| x.name == name) {
                    fill(&mut x.label, &set.lang, text);
                } else {
                    for p in &mut f.params {
                        let prefix = format!("{}_", p.name);
                        if let Some(v) = name.strip_prefix(&prefix)
                            && let Some(val) = p.values.iter_mut().find(|x| x.value == v)
                        {
                            fill(&mut val.label, &set.lang, text);
                        }
                    }
                }
            }
        }
    }
}

fn resolve_rules(
    f: &mut Function,
    warnings: &mut Vec<Warning>,
    has_base: bool,
    display_only: &HashSet<(String, String)>,
) {
    if f.rules.is_empty() {
        return;
    }
    let names: HashSet<CompactString> = f.params.iter().map(|p| p.name.clone()).collect();
    let mut pages: HashMap<CompactString, Vec<CompactString>> = HashMap::new();
    for p in &f.params {
        if let Some(pg) = &p.page {
            pages.entry(pg.clone()).or_default().push(p.name.clone());
        }
    }
    let fname = f.name.clone();
    let mut rules = std::mem::take(&mut f.rules);
    // A plugin may repeat a base flag as a hidden input: its `value="on|off"` rules
    // were read as text comparisons, and mean the flag's on/off.
    let flags: HashSet<&str> = f.params.iter().filter(|p| p.ty == ParamType::Flag).map(|p| p.name.as_str()).collect();
    let mut merged: Vec<panelkit_spec::Rule> = Vec::new();
    for mut r in rules.drain(..) {
        if flags.contains(r.param.as_str()) {
            r.when = match r.when {
                Condition::Equals(v) if v == "on" => Condition::On,
                Condition::Equals(v) if v == "off" => Condition::Off,
                w => w,
            };
        }
        match merged.iter_mut().find(|m| m.param == r.param && m.when == r.when) {
            Some(m) => {
                for (to, from) in
                    [(&mut m.enables, r.enables), (&mut m.forbids, r.forbids), (&mut m.readonly, r.readonly)]
                {
                    for t in from {
                        if !to.contains(&t) {
                            to.push(t);
                        }
                    }
                }
            }
            None => merged.push(r),
        }
    }
    let mut rules = merged;
    rules.retain(|r| {
        let ok = names.contains(&r.param);
        if !ok {
            warnings.push(Warning::new("", 0, format!("`{fname}`: rule on unknown parameter `{}` dropped", r.param)));
        }
        ok
    });
    for r in &mut rules {
        for list in [&mut r.enables, &mut r.forbids, &mut r.readonly] {
            let mut out: Vec<CompactString> = Vec::new();
            for t in list.drain(..) {
                let expanded: Vec<CompactString> = if names.contains(&t) {
                    vec![t]
                } else if let Some(ps) = pages.get(&t) {
                    ps.iter().filter(|p| **p != r.param).cloned().collect()
                } else {
                    let why = if display_only.contains(&(fname.clone(), t.to_string())) {
                        "a display-only field (textdata): hiding it forbids no parameter"
                    } else if has_base {
                        "unknown after the merge over the base spec"
                    } else {
                        "not defined here: a rule on the base form; merge over the panel's spec (`--base ID`) to keep it"
                    };
                    warnings.push(Warning::new(
                        "",
                        0,
                        format!("`{fname}`: rule on `{}` names `{t}`, {why}: dropped", r.param),
                    ));
                    Vec::new()
                };
                for e in expanded {
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
            *list = out;
        }
    }
    rules.retain(|r| !(r.enables.is_empty() && r.forbids.is_empty() && r.readonly.is_empty()));
    for r in &rules {
        let wanted: Vec<&CompactString> = match &r.when {
            Condition::Equals(v) => vec![v],
            Condition::NotIn(vs) => vs.iter().collect(),
            _ => Vec::new(),
        };
        if let Some(p) = f.params.iter_mut().find(|p| p.name == r.param)
            && p.ty == ParamType::Enum
        {
            for v in wanted {
                if !p.values.iter().any(|x| x.value == v) {
                    warnings.push(Warning::new(
                        "",
                        0,
                        format!("`{fname}`: value `{v}` of `{}` known only from a rule: added", p.name),
                    ));
                    p.values.push(EnumValue { value: v.clone(), label: Text::default() });
                }
            }
        }
        for t in r.forbids.iter().chain(&r.readonly) {
            if let Some(p) = f.params.iter_mut().find(|p| p.name == t)
                && p.required
            {
                p.required = false;
                warnings.push(Warning::new(
                    "",
                    0,
                    format!("`{fname}`: `{t}` is required but a rule on `{}` can hide it: made optional", r.param),
                ));
            }
        }
    }
    f.rules = rules;
}

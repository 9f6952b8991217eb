//! What a function's form, list and strings say about its parameters and results.
//!
//! A parameter is described in pieces spread over the document: its page and
//! `remove_if`/`if` on enclosing elements, its options in its children or, in a
//! devel reply, in an `<slist>` after the form. The pieces only make sense
//! together, so they are read in one place: whoever adds a control attribute finds
//! every other one, and what a control inherits, next to it. `<messages>` strings
//! are only collected here: which function they label is known once every file of
//! a harvest is in.

use panelkit_spec::{CompactString, EnumValue, Field, FieldType, Function, Param, ParamType, Text};

use super::read::{Attr, Tag, XmlError, attr};
use super::vocabulary::{
    COL_ATTRS, CONTROL_ATTRS, CONTROLS, DISPLAY_ONLY, FIELD_ATTRS, IF_ATTRS, IGNORED_IN_FIELD, IGNORED_IN_FORM,
    MESSAGES_ATTRS, MSG_ATTRS, OPTION_ATTRS, PAGE_ATTRS, TOOLBAR_SEPARATORS, TOOLBTN_ATTRS, check_type,
    collapse_whitespace, control_type, is_yes, remove_if_of,
};
use super::{Context, MessageSet, Parser, Presence, ValuesOf};

impl<'a> Parser<'a> {
    /// A child of `<form>` or, with `in_page`, of a `<page>` of function `func`.
    pub(super) fn open_in_form(&mut self, func: usize, in_page: bool, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "page" if !in_page => {
                self.check_attrs(tag, PAGE_ATTRS);
                let attrs = tag.attrs;
                self.page = attr(attrs, "name").map(CompactString::from);
                self.page_presence = Some(self.presence(attrs, tag.at));
                Ok(Context::Page(func))
            }
            "field" => {
                self.check_attrs(tag, FIELD_ATTRS);
                let attrs = tag.attrs;
                let mut presence = self.presence(attrs, tag.at);
                if let Some(page) = &self.page_presence {
                    presence.remove_if = presence.remove_if.or(page.remove_if);
                    presence.feature = presence.feature.or(page.feature.clone());
                }
                self.field_presence = Some(presence);
                Ok(Context::Field(func))
            }
            name if IGNORED_IN_FORM.contains(&name) => Ok(Context::Skip),
            _ => self.skip_unknown(tag, if in_page { "page" } else { "form" }),
        }
    }

    /// A child of a `<field>` of function `func`.
    pub(super) fn open_in_field(&mut self, func: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            name if CONTROLS.contains(&name) => {
                self.check_attrs(tag, CONTROL_ATTRS);
                let attrs = tag.attrs;
                let param = self.add_control(func, tag, attrs);
                self.pending_rules.clear();
                Ok(Context::Control { func, param, select: name == "select" })
            }
            name if DISPLAY_ONLY.contains(&name) => {
                let attrs = tag.attrs;
                if let Some(n) = attr(attrs, "name") {
                    let entry = (self.doc.functions[func].name.clone(), n.to_string());
                    self.doc.display_only.push(entry);
                }
                Ok(Context::Skip)
            }
            name if IGNORED_IN_FIELD.contains(&name) => Ok(Context::Skip),
            _ => self.skip_unknown(tag, "field"),
        }
    }

    /// A child of a control: rules and options.
    pub(super) fn open_in_control(&mut self, param: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "if" | "else" => {
                self.check_attrs(tag, IF_ATTRS);
                if let Some(rule) = self.read_rule(tag) {
                    self.pending_rules.push(rule);
                }
                Ok(Context::Skip)
            }
            "val" | "option" => {
                self.check_attrs(tag, OPTION_ATTRS);
                let attrs = tag.attrs;
                let key = attr(attrs, "key").or(attr(attrs, "value")).map(CompactString::from);
                Ok(Context::SelectValue { of: ValuesOf::Param { param }, key })
            }
            _ => self.skip_unknown(tag, "control"),
        }
    }

    /// A child of a list's `<coldata>`.
    pub(super) fn open_in_coldata(&mut self, func: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "col" => {
                self.check_attrs(tag, COL_ATTRS);
                let attrs = tag.attrs;
                self.add_column(func, attrs, tag.at);
                Ok(Context::Column(func))
            }
            _ => self.skip_unknown(tag, "coldata"),
        }
    }

    /// A child of a `<col>`: a `<prop name=...>` is a flag column of its own.
    pub(super) fn open_in_column(&mut self, func: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let attrs = tag.attrs;
        if tag.name == "prop"
            && let Some(n) = attr(attrs, "name")
        {
            add_result_field(&mut self.doc.functions[func], n, FieldType::Flag);
        }
        Ok(Context::Skip)
    }

    /// A child of a list's `<toolbar>`: the functions its buttons call.
    pub(super) fn open_in_toolbar(&mut self, func: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "toolgrp" => Ok(Context::Toolbar(func)),
            "toolbtn" => {
                self.check_attrs(tag, TOOLBTN_ATTRS);
                let attrs = tag.attrs;
                match attr(attrs, "func") {
                    Some(called) => {
                        let toolbar = &mut self.doc.functions[func].toolbar;
                        if !toolbar.iter().any(|t| t == called) {
                            toolbar.push(called.to_string());
                        }
                    }
                    None => self.warn(tag.at, "<toolbtn> without `func` ignored"),
                }
                Ok(Context::Skip)
            }
            name if TOOLBAR_SEPARATORS.contains(&name) => Ok(Context::Skip),
            _ => self.skip_unknown(tag, "toolbar"),
        }
    }

    /// A child of a plugin file's `<lang name=LANG>`.
    pub(super) fn open_in_lang(&mut self, lang: &str, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "messages" => self.open_message_set(lang.into(), tag),
            _ => self.skip_unknown(tag, "lang"),
        }
    }

    /// `<messages name=FUNC>`, in a `<lang>` or (devel reply) at the top.
    pub(super) fn open_message_set(&mut self, lang: CompactString, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        self.check_attrs(tag, MESSAGES_ATTRS);
        let attrs = tag.attrs;
        Ok(match attr(attrs, "name") {
            Some(n) => {
                self.doc.messages.push(MessageSet { lang, function: n.into(), msgs: Vec::new() });
                Context::Messages(self.doc.messages.len() - 1)
            }
            None => {
                self.warn(tag.at, "<messages> without `name` skipped");
                Context::Skip
            }
        })
    }

    /// A child of `<messages>`: one `<msg name=...>` string.
    pub(super) fn open_in_messages(&mut self, set: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        self.check_attrs(tag, MSG_ATTRS);
        let attrs = tag.attrs;
        Ok(match (tag.name, attr(attrs, "name")) {
            ("msg", Some(n)) => Context::Message { set, name: n.into() },
            ("msg", None) => {
                self.warn(tag.at, "<msg> without `name` ignored");
                Context::Skip
            }
            (name, _) => {
                self.warn(tag.at, format!("unknown element <{name}> in <messages> skipped"));
                Context::Skip
            }
        })
    }

    /// A devel reply's `<slist name=FIELD>`: the options of a select.
    pub(super) fn open_slist(&mut self, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let attrs = tag.attrs;
        Ok(match attr(attrs, "name") {
            Some(n) => {
                self.doc.slists.push((n.to_string(), Vec::new()));
                Context::Slist(self.doc.slists.len() - 1)
            }
            None => {
                self.warn(tag.at, "<slist> without `name` skipped");
                Context::Skip
            }
        })
    }

    /// A child of an `<slist>`: `<val>` or `<msg>` is one option.
    pub(super) fn open_in_slist(&mut self, slist: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let attrs = tag.attrs;
        Ok(if tag.name == "val" || tag.name == "msg" {
            let key = attr(attrs, "key").map(CompactString::from);
            Context::SelectValue { of: ValuesOf::Slist(slist), key }
        } else {
            Context::Skip
        })
    }

    /// `remove_if=` and `if=` of a page or field.
    fn presence(&mut self, attrs: &[Attr<'a>], at: u64) -> Presence<'a> {
        let remove_if = attr(attrs, "remove_if").and_then(|value| {
            let known = remove_if_of(value);
            if known.is_none() {
                self.warn(at, format!("unknown remove_if=\"{value}\" ignored"));
            }
            known
        });
        let feature = attrs.iter().find(|(k, _)| *k == "if").map(|(_, v)| v.clone());
        Presence { remove_if, feature }
    }

    /// The parameter a control describes, replacing an earlier description of the
    /// same name; returns its index in the function's parameters.
    fn add_control(&mut self, func: usize, tag: Tag<'_, 'a>, attrs: &[Attr<'_>]) -> usize {
        let (element, at) = (tag.name, tag.at);
        // One pass over the attributes (a name is never given twice).
        let [
            mut name,
            mut check,
            mut input_type,
            mut private,
            mut min,
            mut max,
            mut checkargs,
            mut required,
            mut readonly,
        ] = [None::<&str>; 9];
        for (k, v) in attrs {
            let slot = match *k {
                "name" => &mut name,
                "check" => &mut check,
                "type" => &mut input_type,
                "private" => &mut private,
                "min" => &mut min,
                "max" => &mut max,
                "checkargs" => &mut checkargs,
                "required" => &mut required,
                "readonly" => &mut readonly,
                _ => continue,
            };
            *slot = Some(v.as_ref());
        }
        let name = match name {
            Some(n) => n,
            None => {
                self.warn(at, format!("<{element}> without `name`: named `_unnamed`"));
                "_unnamed"
            }
        };
        let mut p = Param::new(name, control_type(element, input_type));
        if p.ty == ParamType::Text
            && let Some(t) = check.and_then(check_type)
        {
            p.ty = t;
        }
        if p.ty == ParamType::Text && private.is_some_and(is_yes) {
            p.ty = ParamType::Password;
        }
        if element == "slider" {
            p.min = min.and_then(|v| v.trim().parse().ok());
            p.max = max.and_then(|v| v.trim().parse().ok());
        }
        if let (Some("int"), Some(args)) = (check, checkargs) {
            (p.min, p.max) = self.int_bounds(name, args, at);
        }
        p.check = check.map(CompactString::from);
        p.checkargs = checkargs.map(CompactString::from);
        p.required = required.is_some_and(is_yes);
        p.readonly = readonly.is_some_and(is_yes);
        p.page = self.page.clone();
        if let Some(presence) = &self.field_presence {
            p.remove_if = presence.remove_if;
            p.feature = presence.feature.as_deref().map(CompactString::from);
        }
        if element == "input" && input_type == Some("hidden") {
            self.doc.hidden_inputs.push((self.doc.functions[func].name.clone(), name.to_string()));
        }
        let param = match self.params.iter().position(|x| x.name == name) {
            Some(i) => {
                self.params[i] = p;
                let msg =
                    format!("`{name}` described twice in `{}`: the later one kept", self.doc.functions[func].name);
                self.warn(at, msg);
                i
            }
            None => {
                self.params.push(p);
                self.params.len() - 1
            }
        };
        if element == "select" {
            self.selects.push((func, param));
        }
        param
    }

    /// `checkargs="MIN,MAX"` of `check="int"`; either may be empty.
    fn int_bounds(&mut self, param: &str, args: &str, at: u64) -> (Option<i64>, Option<i64>) {
        let mut parts = args.splitn(2, ',');
        let mut bound = |s: Option<&str>| -> Option<i64> {
            let s = s?.trim();
            if s.is_empty() {
                return None;
            }
            let v = s.parse().ok();
            if v.is_none() {
                self.warn(at, format!("`{param}`: checkargs bound `{s}` is not an integer"));
            }
            v
        };
        let min = bound(parts.next());
        let max = bound(parts.next());
        (min, max)
    }

    fn add_column(&mut self, func: usize, attrs: &[Attr<'_>], at: u64) {
        let Some(name) = attr(attrs, "name") else {
            self.warn(at, "<col> without `name` ignored");
            return;
        };
        let ty = match attr(attrs, "type") {
            Some("prop") => return,
            Some("toggle") => FieldType::Flag,
            _ => FieldType::Text,
        };
        add_result_field(&mut self.doc.functions[func], name, ty);
    }

    /// A control is complete: its rules can be written, and a select with options
    /// but no other type is an enum.
    pub(super) fn close_control(&mut self, func: usize, param: usize, select: bool) {
        let mut raws = std::mem::take(&mut self.pending_rules);
        self.convert_rules(func, param, &raws);
        raws.clear();
        self.pending_rules = raws;
        let p = &mut self.params[param];
        if select && p.ty == ParamType::Text && !p.values.is_empty() {
            p.ty = ParamType::Enum;
        }
    }

    /// One option, `key` its value and `text` its label (the value when no key).
    pub(super) fn close_select_value(&mut self, of: ValuesOf, key: Option<CompactString>, text: &str) {
        let text = collapse_whitespace(text);
        let value = match key {
            Some(k) => EnumValue {
                value: k,
                label: if text.is_empty() { Text::default() } else { text_in_lang(&self.devel_lang, text) },
            },
            None => EnumValue { value: text, label: Text::default() },
        };
        let values = match of {
            ValuesOf::Slist(s) => &mut self.doc.slists[s].1,
            ValuesOf::Param { param } => &mut self.params[param].values,
        };
        if !values.iter().any(|x| x.value == value.value) {
            values.push(value);
        }
    }

    /// Gives every select the options of the `<slist>` of its name, once the whole
    /// reply is read (the lists follow the form).
    pub(super) fn apply_slists(&mut self) {
        let slists = std::mem::take(&mut self.doc.slists);
        for (field, values) in &slists {
            let mut hit = false;
            for &(func, param) in &self.selects {
                if self.doc.functions[func].params[param].name != *field {
                    continue;
                }
                if let Some(p) = self.doc.functions[func].params.iter_mut().find(|p| p.name == field) {
                    hit = true;
                    for v in values {
                        if !p.values.iter().any(|x| x.value == v.value) {
                            p.values.push(v.clone());
                        }
                    }
                    if p.ty == ParamType::Text && !p.values.is_empty() {
                        p.ty = ParamType::Enum;
                    }
                }
            }
            if !hit {
                self.warn_at_line(0, format!("<slist name=\"{field}\"> matches no select"));
            }
        }
        self.doc.slists = slists;
    }
}

/// Adds a result field unless one of that name exists.
fn add_result_field(f: &mut Function, name: &str, ty: FieldType) {
    if !f.result.fields.iter().any(|x| x.name == name) {
        f.result.fields.push(Field {
            name: name.into(),
            ty,
            values: Vec::new(),
            label: Text::default(),
            rust_name: None,
            inferred: false,
        });
    }
}

fn text_in_lang(lang: &str, s: CompactString) -> Text {
    match lang {
        "en" => Text { ru: None, en: Some(s) },
        _ => Text { ru: Some(s), en: None },
    }
}

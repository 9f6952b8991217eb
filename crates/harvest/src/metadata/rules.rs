//! `<if>`/`<else>` inside a control, turned into the spec's [`Rule`]s.
//!
//! An `<else>` means "none of my sibling `<if>`s", so no rule can be written
//! before the control closes and all its siblings are known: they are held raw
//! until then. Only some sibling sets have an `<else>` the spec can express
//! (one condition kind, not covering every value); the others are dropped with a
//! warning rather than guessed.

use panelkit_spec::{Condition, Function, ParamType, Rule};

use super::Parser;
use super::read::{Attr, Tag, attr};
use super::vocabulary::{is_yes, split_names};

/// What an `<if>` tests, before the control's type is known.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Test {
    /// `<if value=...>`.
    Value,
    /// `<if empty=...>`.
    Empty,
    /// `<else>`.
    Else,
}

/// An `<if>` or `<else>` as written.
pub(super) struct RawRule {
    test: Test,
    /// The `value=` or `empty=` given (empty for `<else>`).
    value: String,
    /// The fields `hide=` names.
    targets: Vec<String>,
    /// `shadow="yes"`: the targets become read-only instead of going away.
    readonly: bool,
    line: usize,
}

impl<'a> Parser<'a> {
    /// An `<if>`/`<else>`, kept for `Parser::convert_rules`; `None` (with a
    /// warning) when it says nothing a rule could hold.
    pub(super) fn read_rule(&mut self, tag: Tag<'_, 'a>, attrs: &[Attr<'_>]) -> Option<RawRule> {
        let (line, _) = self.position(tag.at);
        let targets = attr(attrs, "hide").map(split_names).unwrap_or_default();
        if targets.is_empty() {
            self.warn(tag.at, format!("<{}> without `hide` ignored", tag.name));
            return None;
        }
        let readonly = attr(attrs, "shadow").is_some_and(is_yes);
        let (test, value) = if tag.name == "else" {
            (Test::Else, String::new())
        } else if let Some(v) = attr(attrs, "value") {
            (Test::Value, v.to_string())
        } else if let Some(v) = attr(attrs, "empty") {
            (Test::Empty, v.to_string())
        } else {
            self.warn(tag.at, "<if> without `value` or `empty` ignored");
            return None;
        };
        Some(RawRule { test, value, targets, readonly, line })
    }

    /// The rules of one control, now that its type and all its `<if>`s are known.
    pub(super) fn convert_rules(&mut self, func: usize, param: usize, raws: &[RawRule]) {
        let (param_name, is_flag) = {
            let p = &self.doc.functions[func].params[param];
            (p.name.clone(), p.ty == ParamType::Flag)
        };
        for raw in raws {
            let when = match raw.test {
                Test::Value if is_flag && raw.value == "on" => Condition::On,
                Test::Value if is_flag && raw.value == "off" => Condition::Off,
                Test::Value => Condition::Equals(raw.value.clone()),
                Test::Empty if is_yes(&raw.value) => Condition::Empty,
                Test::Empty => Condition::NotEmpty,
                Test::Else => match else_condition(raws, is_flag) {
                    Ok(c) => c,
                    Err(why) => {
                        self.warn_at_line(raw.line, format!("`{param_name}`: <else> ignored: {why}"));
                        continue;
                    }
                },
            };
            add_rule(&mut self.doc.functions[func], &param_name, when, &raw.targets, raw.readonly);
        }
    }
}

/// The condition under which an `<else>` applies: none of its siblings' holds.
fn else_condition(raws: &[RawRule], is_flag: bool) -> Result<Condition, &'static str> {
    let ifs: Vec<&RawRule> = raws.iter().filter(|r| r.test != Test::Else).collect();
    if ifs.is_empty() {
        return Err("no sibling <if>");
    }
    if ifs.iter().all(|r| r.test == Test::Value) {
        let mut values: Vec<String> = Vec::new();
        for r in &ifs {
            if !values.contains(&r.value) {
                values.push(r.value.clone());
            }
        }
        if is_flag && values.iter().all(|v| v == "on" || v == "off") {
            return match values.as_slice() {
                [v] if v == "on" => Ok(Condition::Off),
                [v] if v == "off" => Ok(Condition::On),
                _ => Err("the <if>s cover both on and off"),
            };
        }
        return Ok(Condition::NotIn(values));
    }
    if ifs.iter().all(|r| r.test == Test::Empty) {
        let all_yes = ifs.iter().all(|r| is_yes(&r.value));
        let all_no = ifs.iter().all(|r| !is_yes(&r.value));
        return match (all_yes, all_no) {
            (true, _) => Ok(Condition::NotEmpty),
            (_, true) => Ok(Condition::Empty),
            _ => Err("the <if>s cover both empty and not empty"),
        };
    }
    Err("sibling <if>s mix `value` and `empty`")
}

/// Adds targets to the rule for `(param, when)`, creating it in first-seen order.
pub(crate) fn add_rule(f: &mut Function, param: &str, when: Condition, targets: &[String], readonly: bool) {
    let idx = match f.rules.iter().position(|r| r.param == param && r.when == when) {
        Some(i) => i,
        None => {
            f.rules.push(Rule {
                param: param.to_string(),
                when,
                enables: Vec::new(),
                forbids: Vec::new(),
                readonly: Vec::new(),
            });
            f.rules.len() - 1
        }
    };
    let list = if readonly { &mut f.rules[idx].readonly } else { &mut f.rules[idx].forbids };
    for t in targets {
        if !list.contains(t) {
            list.push(t.clone());
        }
    }
}

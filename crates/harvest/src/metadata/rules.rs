//! `<if>`/`<else>` inside a control, turned into the spec's [`Rule`]s.
//!
//! An `<else>` means "none of my sibling `<if>`s", so no rule can be written
//! before the control closes and all its siblings are known: they are held raw
//! until then. Only some sibling sets have an `<else>` the spec can express
//! (one condition kind, not covering every value); the others are dropped with a
//! warning rather than guessed.

use panelkit_spec::{CompactString, Condition, Function, ParamType, Rule};

use std::borrow::Cow;

use super::Parser;
use super::read::{Tag, attr};
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

/// An `<if>` or `<else>` as written, borrowed from the input.
pub(super) struct RawRule<'a> {
    test: Test,
    /// The `value=` or `empty=` given (empty for `<else>`).
    value: Cow<'a, str>,
    /// `hide=`: the fields it names ([`split_names`]).
    hide: Cow<'a, str>,
    /// `shadow="yes"`: the targets become read-only instead of going away.
    readonly: bool,
    /// Byte offset of the element, for a warning's line.
    at: u64,
}

impl<'a> Parser<'a> {
    /// An `<if>`/`<else>`, kept for `Parser::convert_rules`; `None` (with a
    /// warning) when it says nothing a rule could hold.
    pub(super) fn read_rule(&mut self, tag: Tag<'_, 'a>) -> Option<RawRule<'a>> {
        let value_of = |key: &str| tag.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        let hide = value_of("hide").filter(|h| split_names(h).next().is_some());
        let Some(hide) = hide else {
            self.warn(tag.at, format!("<{}> without `hide` ignored", tag.name));
            return None;
        };
        let readonly = attr(tag.attrs, "shadow").is_some_and(is_yes);
        let (test, value) = if tag.name == "else" {
            (Test::Else, Cow::Borrowed(""))
        } else if let Some(v) = value_of("value") {
            (Test::Value, v)
        } else if let Some(v) = value_of("empty") {
            (Test::Empty, v)
        } else {
            self.warn(tag.at, "<if> without `value` or `empty` ignored");
            return None;
        };
        Some(RawRule { test, value, hide, readonly, at: tag.at })
    }

    /// The rules of one control, now that its type and all its `<if>`s are known.
    pub(super) fn convert_rules(&mut self, func: usize, param: usize, raws: &[RawRule<'_>]) {
        if raws.is_empty() {
            return;
        }
        let is_flag = self.params[param].ty == ParamType::Flag;
        for raw in raws {
            let when = match raw.test {
                Test::Value if is_flag && raw.value == "on" => Condition::On,
                Test::Value if is_flag && raw.value == "off" => Condition::Off,
                Test::Value => Condition::Equals(raw.value.as_ref().into()),
                Test::Empty if is_yes(&raw.value) => Condition::Empty,
                Test::Empty => Condition::NotEmpty,
                Test::Else => match else_condition(raws, is_flag) {
                    Ok(c) => c,
                    Err(why) => {
                        let (line, _) = self.position(raw.at);
                        let msg = format!("`{}`: <else> ignored: {why}", self.params[param].name);
                        self.warn_at_line(line, msg);
                        continue;
                    }
                },
            };
            let name = &self.params[param].name;
            add_rule(&mut self.doc.functions[func], name, when, split_names(&raw.hide), raw.readonly);
        }
    }
}

/// The condition under which an `<else>` applies: none of its siblings' holds.
fn else_condition(raws: &[RawRule<'_>], is_flag: bool) -> Result<Condition, &'static str> {
    let ifs = || raws.iter().filter(|r| r.test != Test::Else);
    if ifs().next().is_none() {
        return Err("no sibling <if>");
    }
    if ifs().all(|r| r.test == Test::Value) {
        // The distinct values, in order.
        let values =
            || ifs().enumerate().filter(|(i, r)| !ifs().take(*i).any(|x| x.value == r.value)).map(|(_, r)| &r.value);
        if is_flag && values().all(|v| v == "on" || v == "off") {
            let mut distinct = values();
            return match (distinct.next(), distinct.next()) {
                (Some(v), None) if v == "on" => Ok(Condition::Off),
                (Some(v), None) if v == "off" => Ok(Condition::On),
                _ => Err("the <if>s cover both on and off"),
            };
        }
        return Ok(Condition::NotIn(values().map(|v| CompactString::from(v.as_ref())).collect()));
    }
    if ifs().all(|r| r.test == Test::Empty) {
        let all_yes = ifs().all(|r| is_yes(&r.value));
        let all_no = ifs().all(|r| !is_yes(&r.value));
        return match (all_yes, all_no) {
            (true, _) => Ok(Condition::NotEmpty),
            (_, true) => Ok(Condition::Empty),
            _ => Err("the <if>s cover both empty and not empty"),
        };
    }
    Err("sibling <if>s mix `value` and `empty`")
}

/// Adds targets to the rule for `(param, when)`, creating it in first-seen order.
pub(crate) fn add_rule<T: AsRef<str>>(
    f: &mut Function,
    param: &str,
    when: Condition,
    targets: impl IntoIterator<Item = T>,
    readonly: bool,
) {
    let idx = match f.rules.iter().position(|r| r.param == param && r.when == when) {
        Some(i) => i,
        None => {
            f.rules.push(Rule {
                param: param.into(),
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
        let t = t.as_ref();
        if !list.iter().any(|x| x == t) {
            list.push(t.into());
        }
    }
}

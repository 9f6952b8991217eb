//! The words ISPsystem metadata is written in, kept apart from the code that walks it.
//!
//! Panels add attributes and elements release by release, and real files carry
//! typos (`fullwith`). For most words, being listed decides only between silence
//! and a warning, so the lists grow often and should be editable without reading
//! the parser. The meanings (`check="ip"` is an IP address, `yes`/`on`/`true` are
//! all yes) are facts about the panels, not about XML, and are looked up here too.

use panelkit_spec::{CompactString, FunctionKind, ParamType, RemoveIf};

/// Attributes of `<field>`.
pub(super) const FIELD_ATTRS: &[&str] = &[
    "name",
    "noname",
    "fullwidth",
    "formwidth",
    "base",
    "if",
    "remove_if",
    "zoom",
    "height",
    "nostyle",
    "required",
    "hint",
    "expand",
    "maxwidth",
    "collapsed",
    "setvalues",
    "depend",
    "level",
    "plainhint",
    "sorted",
];

/// Attributes of the controls ([`CONTROLS`]).
pub(super) const CONTROL_ATTRS: &[&str] = &[
    "name",
    "type",
    "check",
    "checkargs",
    "required",
    "readonly",
    "private",
    "maxlength",
    "minlength",
    "setvalues",
    "zoom",
    "prefix",
    "suffix",
    "unlimit",
    "placeholder",
    "convert",
    "focus",
    "width",
    "height",
    "depend",
    "sorted",
    "min",
    "max",
    "step",
    "hint",
    "plainhint",
    "cols",
    "rows",
    "wrap",
    "default",
    "empty",
    "sort",
    "value",
    "date",
    "time",
    "nosort",
    "onchange",
    "checkbox",
    "notsorted",
    "passwdgen",
    "genpassword",
    "rowsize",
    "format",
    "autocomplete",
    "level",
    "clear",
    "upcase",
    "noempty",
    "allowempty",
];

/// Attributes of `<metadata>`.
pub(super) const METADATA_ATTRS: &[&str] = &[
    "name",
    "type",
    "key",
    "keyname",
    "mgr",
    "selficon",
    "sprite",
    "decorated",
    "level",
    "title",
    "help",
    "firstrow",
    "sortcol",
    "sortkey",
    "pkey",
    "parent",
    "plid",
    "mgrdata",
    "autoupdate",
    "nosql",
    "noautorefresh",
];

/// Attributes of `<if>` and `<else>` inside a control.
pub(super) const IF_ATTRS: &[&str] = &["value", "empty", "hide", "shadow", "setvalue", "setvalues", "show"];

/// Attributes of `<page>`.
pub(super) const PAGE_ATTRS: &[&str] = &["name", "collapsed", "remove_if", "if", "title", "hidden", "level"];

/// Attributes of a list column, `<col>`.
pub(super) const COL_ATTRS: &[&str] = &[
    "name",
    "type",
    "sort",
    "sorted",
    "convert",
    "width",
    "align",
    "level",
    "hidden",
    "wrap",
    "total",
    "sum",
    "unit",
    "if",
    "remove_if",
    "nosort",
    "link",
    "func",
    "sortcol",
    "show",
];

/// Attributes of `<toolbtn>`.
pub(super) const TOOLBTN_ATTRS: &[&str] = &[
    "func",
    "type",
    "img",
    "name",
    "default",
    "sprite",
    "level",
    "hint",
    "if",
    "remove_if",
    "newwindow",
    "group",
    "confirm",
    "activate",
    "disable",
    "new",
    "sort",
    "separator",
    "show",
    "target",
    "depend",
];

/// Attributes of a select option, `<val>` or `<option>`, inside a control.
pub(super) const OPTION_ATTRS: &[&str] = &["key", "name", "value", "depend", "level"];

/// Attributes of `<handler>`.
pub(super) const HANDLER_ATTRS: &[&str] = &["name", "type", "minlevel", "maxlevel", "level", "lib"];

/// Attributes of `<func>` inside a handler.
pub(super) const HANDLER_FUNC_ATTRS: &[&str] = &["name", "minlevel", "maxlevel", "level", "type"];

/// Attributes of `<event>` inside a handler.
pub(super) const EVENT_ATTRS: &[&str] = &["name", "after", "before", "level", "minlevel"];

/// Attributes of `<lang>`.
pub(super) const LANG_ATTRS: &[&str] = &["name"];

/// Attributes of `<messages>`.
pub(super) const MESSAGES_ATTRS: &[&str] = &["name", "added"];

/// Attributes of `<msg>` (and of anything else inside `<messages>`).
pub(super) const MSG_ATTRS: &[&str] = &["name", "added", "level", "sprite"];

/// Elements inside `<field>` that describe a parameter.
pub(super) const CONTROLS: &[&str] = &["input", "select", "textarea", "slider", "datetime", "checkbox"];

/// Elements inside `<field>` that show something without being a parameter; their
/// names are kept so that a rule hiding one is known to be about the page.
pub(super) const DISPLAY_ONLY: &[&str] = &["textdata", "htmldata"];

/// Children of `<mgrdata>` that say nothing about functions' parameters or results.
pub(super) const IGNORED_IN_MGRDATA: &[&str] = &[
    "plugin",
    "mainmenu",
    "library",
    "desktop",
    "dashboard",
    "notify",
    "periodic",
    "startpage",
    "params",
    "pkgs",
    "feature",
    "menu",
    "toolbar",
    "modernmenu",
    "customizer",
];

/// Children of `<metadata>` about presentation only.
pub(super) const IGNORED_IN_METADATA: &[&str] =
    &["contextmenu", "layout", "filter", "rowcolor", "properties", "sort", "tabs", "pic", "desc", "buttons", "groupby"];

/// Children of `<form>` and `<page>` about presentation only.
pub(super) const IGNORED_IN_FORM: &[&str] = &["buttons", "button", "bottom", "tabs", "desc", "textdata", "htmldata"];

/// Children of `<field>` besides controls that carry no parameter.
pub(super) const IGNORED_IN_FIELD: &[&str] =
    &["desc", "img", "link", "list", "ticket", "frame", "button", "mapdata", "chart"];

/// Children of `<toolbar>` that are not buttons.
pub(super) const TOOLBAR_SEPARATORS: &[&str] = &["toolsep", "separator"];

/// Whether a panel flag value means yes.
pub(super) fn is_yes(value: &str) -> bool {
    value == "yes" || value == "on" || value == "true"
}

/// Names in a list attribute such as `hide="a b,c"`.
pub(super) fn split_names(value: &str) -> impl Iterator<Item = &str> {
    split_ascii(value, |c| matches!(c, b' ' | b',' | b'\t' | b'\n'))
}

/// The non-empty parts of `value` between bytes `is_sep` accepts, which must all be ASCII.
/// Cut on bytes: an ASCII byte is never inside a multi-byte character, so every cut is at a
/// character boundary, and a `char` pattern would decode every character of every part.
fn split_ascii(value: &str, is_sep: impl Fn(u8) -> bool) -> impl Iterator<Item = &str> {
    let mut rest = value;
    std::iter::from_fn(move || {
        let b = rest.as_bytes();
        let Some(start) = b.iter().position(|&c| !is_sep(c)) else {
            rest = "";
            return None;
        };
        let end = b[start..].iter().position(|&c| is_sep(c)).map_or(b.len(), |n| start + n);
        let part = rest.get(start..end)?;
        rest = rest.get(end..).unwrap_or_default();
        Some(part)
    })
}

/// Collapses whitespace runs (hints are wrapped in the files) into single spaces:
/// `s.split_whitespace()` joined by one space.
pub(super) fn collapse_whitespace(s: &str) -> CompactString {
    if !needs_collapsing(s) {
        // One-line labels and messages, most of them: as they are.
        return CompactString::from(s);
    }
    let mut out = CompactString::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether [`collapse_whitespace`] would change `s`. Conservative: a byte that may start a
/// non-ASCII whitespace character (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
/// U+202F, U+205F and U+3000 begin with 0xC2 or 0xE1-0xE3; Cyrillic does not) counts as one.
fn needs_collapsing(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return true;
    }
    let mut after_space = false;
    for &c in b {
        match c {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1..=0xE3 => return true,
            b' ' if after_space => return true,
            b' ' => after_space = true,
            _ => after_space = false,
        }
    }
    false
}

/// The function kind `<metadata type=...>` names, `None` for a type not known.
pub(super) fn metadata_kind(ty: &str) -> Option<FunctionKind> {
    match ty {
        "form" => Some(FunctionKind::Form),
        "list" => Some(FunctionKind::List),
        "report" => Some(FunctionKind::Report),
        _ => None,
    }
}

/// What `remove_if=...` names, `None` for a value not known.
pub(super) fn remove_if_of(value: &str) -> Option<RemoveIf> {
    match value {
        "new" => Some(RemoveIf::New),
        "edit" => Some(RemoveIf::Edit),
        _ => None,
    }
}

/// The parameter type a control element and its `type=` imply on their own.
pub(super) fn control_type(element: &str, input_type: Option<&str>) -> ParamType {
    match (element, input_type) {
        ("input", Some("checkbox")) | ("checkbox", _) => ParamType::Flag,
        ("input", Some("password")) => ParamType::Password,
        ("slider", _) => ParamType::Int,
        ("datetime", Some("date")) => ParamType::Date,
        ("datetime", _) => ParamType::Datetime,
        ("select", Some("multiple")) => ParamType::List,
        _ => ParamType::Text,
    }
}

/// The parameter type a panel validator (`check=`) implies.
pub(super) fn check_type(check: &str) -> Option<ParamType> {
    Some(match check {
        "int" => ParamType::Int,
        "float" | "money" => ParamType::Float,
        "ip" => ParamType::Ip,
        "ipv4" => ParamType::Ipv4,
        "ipv6" => ParamType::Ipv6,
        "domain" | "fqdn" => ParamType::Domain,
        "email" => ParamType::Email,
        "path" => ParamType::Path,
        "url" => ParamType::Url,
        "date" => ParamType::Date,
        "datetime" => ParamType::Datetime,
        "password" => ParamType::Password,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{collapse_whitespace, split_names};

    /// The fast path returns exactly what splitting into words and joining them does.
    #[test]
    fn collapse_whitespace_agrees_with_splitting_into_words() {
        let cases = [
            "",
            " ",
            "one",
            "one two",
            "one  two",
            " one",
            "one ",
            "one\ntwo",
            "one\t two",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{1f}b",
            "Имя пользователя",
            "Имя\u{a0}пользователя",
            "a\u{85}b",
            "a\u{2003}b",
            "a\u{3000}b",
            "a\u{1680}b",
            "a\u{205f}b",
            "a\u{202f}b",
            "é à",
            "\u{e9}\u{2028}x",
            "  The widget's\n        unique   name\t",
            "Имя\n   пользователя ",
            "\u{b}\u{c}",
        ];
        for s in cases {
            let words: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(collapse_whitespace(s), words.join(" "), "{s:?}");
        }
    }

    #[test]
    fn split_names_cuts_at_spaces_commas_tabs_and_newlines() {
        let names: Vec<&str> = split_names(" a,b  c\td\ne,,é ф\rx ").collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "é", "ф\rx"]);
        assert_eq!(split_names(" , ").count(), 0);
        assert_eq!(split_names("").count(), 0);
        assert_eq!(split_names("one").collect::<Vec<_>>(), ["one"]);
    }
}

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
    value.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty())
}

/// Collapses whitespace runs (hints are wrapped in the files) into single spaces.
pub(super) fn collapse_whitespace(s: &str) -> CompactString {
    let mut out = CompactString::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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

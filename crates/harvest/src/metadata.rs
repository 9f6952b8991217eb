//! Metadata XML: plugin files (`<mgrdata>`) and `out=devel` replies (`<doc>`).
//!
//! One streaming pass with quick-xml over a context stack. Unknown elements and
//! attributes become warnings (real files carry typos such as `fullwith`);
//! anything that is not well-formed XML is an [`XmlError`] with file, line and
//! column. The result keeps rule targets as written: [`crate::Harvest`]
//! resolves them once every file of a harvest is in.

use std::borrow::Cow;

use panelkit_spec::{
    Condition, EnumValue, Field, FieldType, Function, FunctionKind, Param, ParamType, RemoveIf, ResultKind, Rule, Text,
};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::Warning;
use crate::position::{LineIndex, byte_position};

/// Malformed XML: where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct XmlError {
    /// The input file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A `<handler><event>` hook: the handler runs on another function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookEvent {
    /// The handler's name (`samba.py`).
    pub handler: String,
    /// The function hooked (`user.edit`).
    pub function: String,
    /// Runs after the function (`after="yes"`), else before.
    pub after: bool,
}

/// `<messages name=FUNC>` in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSet {
    /// `ru`, `en`, ...
    pub lang: String,
    /// The function (or message group such as `desktop`) the strings belong to.
    pub function: String,
    /// `(msg name, text)` in file order; text has whitespace runs collapsed.
    pub msgs: Vec<(String, String)>,
}

/// Everything one metadata file says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetadataDoc {
    /// The input file name used in warnings and errors.
    pub file: String,
    /// Root element: `mgrdata` (plugin file) or `doc` (`out=devel` reply).
    pub root: String,
    /// Functions described by `<metadata>`, in file order.
    pub functions: Vec<Function>,
    /// Functions a `<handler>` implements.
    pub handler_funcs: Vec<String>,
    /// Hooks on other functions.
    pub events: Vec<HookEvent>,
    /// Labels and hints.
    pub messages: Vec<MessageSet>,
    /// `(function, parameter)` of `<input type="hidden">`s: in a plugin file these stand
    /// for fields of the base form, whose own description wins when merged over it.
    pub hidden_inputs: Vec<(String, String)>,
    /// `(function, name)` of display-only fields (`<textdata>`, `<htmldata>`): a rule
    /// hiding one is about the page, not about a parameter.
    pub display_only: Vec<(String, String)>,
    /// Select options from a devel reply's `<slist name=FIELD>`.
    pub slists: Vec<(String, Vec<EnumValue>)>,
    /// Unknown elements and attributes, odd rules.
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cond {
    Value,
    Empty,
    Else,
}

struct RawRule {
    cond: Cond,
    value: String,
    targets: Vec<String>,
    shadow: bool,
    line: usize,
}

enum Ctx {
    /// Skipped subtree: nothing inside is interpreted or reported.
    Skip,
    Root,
    Metadata(usize),
    Form(usize),
    Page(usize),
    Field(usize),
    Control {
        func: usize,
        param: usize,
        select: bool,
    },
    /// Inline markup inside a text-holding element (`<br/>` in a message).
    Inline,
    Coldata(usize),
    Col {
        func: usize,
    },
    Toolbar(usize),
    Handler(String),
    /// `<func>` inside a handler; the name may be its text.
    HandlerFunc(Option<String>, String),
    Lang(String),
    Messages(usize),
    Msg {
        set: usize,
        name: String,
        text: String,
    },
    Slist(usize),
    Val {
        slist: Option<usize>,
        func: usize,
        param: usize,
        key: Option<String>,
        text: String,
    },
}

struct FieldAttrs {
    remove_if: Option<RemoveIf>,
    feature: Option<String>,
}

struct Parser<'a> {
    file: String,
    text: &'a str,
    lines: LineIndex<'a>,
    doc: MetadataDoc,
    devel_lang: String,
    page: Option<String>,
    page_attrs: Option<FieldAttrs>,
    field: Option<FieldAttrs>,
    pending_rules: Vec<RawRule>,
    /// `(function index, param name)` of every `<select>`, for `<slist>` values.
    selects: Vec<(usize, String)>,
    /// Function name → index in `doc.functions`.
    func_index: std::collections::HashMap<String, usize>,
}

/// Parses one metadata file. `file` names it in warnings and errors.
pub fn parse_metadata(input: &[u8], file: &str) -> Result<MetadataDoc, XmlError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = match std::str::from_utf8(input) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = byte_position(input, e.valid_up_to());
            return Err(XmlError { file: file.into(), line, column, message: "invalid UTF-8".into() });
        }
    };
    let mut p = Parser {
        file: file.to_string(),
        text,
        lines: LineIndex::new(text),
        doc: MetadataDoc { file: file.to_string(), ..MetadataDoc::default() },
        devel_lang: "ru".into(),
        page: None,
        page_attrs: None,
        field: None,
        pending_rules: Vec::new(),
        selects: Vec::new(),
        func_index: std::collections::HashMap::new(),
    };
    p.run()?;
    p.apply_slists();
    Ok(p.doc)
}

fn name_of<'b>(e: &'b BytesStart<'_>) -> Cow<'b, str> {
    String::from_utf8_lossy(e.name().into_inner())
}

fn yes(v: &str) -> bool {
    v == "yes" || v == "on" || v == "true"
}

/// Collapses whitespace runs (hints are wrapped in the files) into single spaces.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn split_names(v: &str) -> Vec<String> {
    v.split([' ', ',', '\t', '\n']).filter(|s| !s.is_empty()).map(String::from).collect()
}

const FIELD_ATTRS: &[&str] = &[
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
const CONTROL_ATTRS: &[&str] = &[
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
const METADATA_ATTRS: &[&str] = &[
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
const IF_ATTRS: &[&str] = &["value", "empty", "hide", "shadow", "setvalue", "setvalues", "show"];
const PAGE_ATTRS: &[&str] = &["name", "collapsed", "remove_if", "if", "title", "hidden", "level"];
const COL_ATTRS: &[&str] = &[
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
const TOOLBTN_ATTRS: &[&str] = &[
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

impl<'a> Parser<'a> {
    fn pos(&mut self, offset: u64) -> (usize, usize) {
        self.lines.position(usize::try_from(offset).unwrap_or(usize::MAX))
    }

    fn error(&mut self, offset: u64, message: impl Into<String>) -> XmlError {
        let (line, column) = self.pos(offset);
        XmlError { file: self.file.clone(), line, column, message: message.into() }
    }

    fn warn(&mut self, offset: u64, message: impl Into<String>) {
        let (line, column) = self.pos(offset);
        self.doc.warnings.push(Warning { file: self.file.clone(), line, column, message: message.into() });
    }

    /// All attributes, unescaped (borrowed unless escaped); malformed ones are
    /// errors, unknown ones warnings.
    fn attrs<'e>(&mut self, e: &'e BytesStart<'_>, known: Option<&[&str]>, at: u64) -> Result<Attrs<'e>, XmlError> {
        let mut out = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| {
                let (pos, what) = attr_error(&err);
                self.error(at + 1 + pos as u64, format!("bad attribute in <{}>: {what}", name_of(e)))
            })?;
            let key = String::from_utf8_lossy(a.key.into_inner());
            let value = match a.value {
                Cow::Borrowed(b) => {
                    let raw = std::str::from_utf8(b).map_err(|err| self.error(at, err.to_string()))?;
                    quick_xml::escape::unescape(raw).map_err(|err| {
                        self.error(at, format!("bad value of attribute `{key}` in <{}>: {err}", name_of(e)))
                    })?
                }
                Cow::Owned(b) => {
                    let raw = String::from_utf8_lossy(&b).into_owned();
                    let v = quick_xml::escape::unescape(&raw)
                        .map_err(|err| {
                            self.error(at, format!("bad value of attribute `{key}` in <{}>: {err}", name_of(e)))
                        })?
                        .into_owned();
                    Cow::Owned(v)
                }
            };
            out.push((key, value));
        }
        if let Some(known) = known {
            for (k, _) in &out {
                if !known.contains(&k.as_ref()) {
                    let msg = format!("unknown attribute `{k}` on <{}> ignored", name_of(e));
                    self.warn(at, msg);
                }
            }
        }
        Ok(out)
    }

    fn run(&mut self) -> Result<(), XmlError> {
        let mut reader = Reader::from_str(self.text);
        let mut stack: Vec<(Ctx, u64)> = Vec::new();
        let mut root_name = String::new();
        let mut root_done = false;
        let mut seen_root = false;
        loop {
            let at = reader.buffer_position();
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(err) => {
                    let off = reader.error_position();
                    return Err(self.error(off, err.to_string()));
                }
            };
            match ev {
                Event::Decl(d) => {
                    if let Some(enc) = d.encoding() {
                        let enc = enc.map_err(|err| self.error(at, format!("bad XML declaration: {err}")))?;
                        let enc = String::from_utf8_lossy(&enc).into_owned();
                        self.check_encoding(&enc, at)?;
                    }
                }
                Event::Start(e) | Event::Empty(e) if root_done => {
                    let _ = e;
                    return Err(self.error(at, "content after the root element"));
                }
                Event::Start(e) => {
                    seen_root = true;
                    let name = name_of(&e);
                    if stack.is_empty() {
                        root_name = name.to_string();
                    }
                    let ctx = self.open(&stack, &e, &name, at)?;
                    if matches!(ctx, Ctx::Inline) {
                        push_text(&mut stack, " ");
                    }
                    stack.push((ctx, at));
                }
                Event::Empty(e) => {
                    seen_root = true;
                    let name = name_of(&e);
                    let ctx = self.open(&stack, &e, &name, at)?;
                    if matches!(ctx, Ctx::Inline) {
                        push_text(&mut stack, " ");
                    }
                    self.close(ctx, at);
                    if stack.is_empty() {
                        root_done = true;
                    }
                }
                Event::End(_) => {
                    let Some((ctx, _)) = stack.pop() else {
                        return Err(self.error(at, "end tag without a start tag"));
                    };
                    self.close(ctx, at);
                    if stack.is_empty() {
                        root_done = true;
                    }
                }
                Event::Text(t) => {
                    // The input is valid UTF-8 already: only text that is kept gets decoded.
                    if !stack.is_empty() && !wants_text(&stack) {
                        continue;
                    }
                    let s = t.decode().map_err(|err| self.error(at, err.to_string()))?;
                    if stack.is_empty() {
                        if !s.trim().is_empty() {
                            return Err(self.error(at, "text outside the root element"));
                        }
                    } else {
                        push_text(&mut stack, &s);
                    }
                }
                Event::CData(t) => {
                    if stack.is_empty() {
                        return Err(self.error(at, "CDATA outside the root element"));
                    }
                    let s = t.decode().map_err(|err| self.error(at, err.to_string()))?;
                    push_text(&mut stack, &s);
                }
                Event::GeneralRef(r) => {
                    if stack.is_empty() {
                        return Err(self.error(at, "entity reference outside the root element"));
                    }
                    let resolved: String = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            Ok(None) | Err(_) => {
                                let n = String::from_utf8_lossy(&r).into_owned();
                                return Err(self.error(at, format!("invalid character reference `&{n};`")));
                            }
                        }
                    } else {
                        let n = String::from_utf8_lossy(&r).into_owned();
                        match quick_xml::escape::resolve_predefined_entity(&n) {
                            Some(s) => s.to_string(),
                            None => return Err(self.error(at, format!("undefined entity `&{n};`"))),
                        }
                    };
                    push_text(&mut stack, &resolved);
                }
                Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => {
                    if let Some((_, open_at)) = stack.first() {
                        let (l, c) = self.pos(*open_at);
                        let name = root_name.clone();
                        let end = self.text.len() as u64;
                        return Err(self.error(
                            end,
                            format!("unexpected end of input: <{name}> opened at line {l}, column {c} is not closed"),
                        ));
                    }
                    if !seen_root {
                        return Err(self.error(at, "no root element"));
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Only UTF-8 is read. A file declaring another encoding is readable only while
    /// it stays ASCII: the first byte that would need the declared decoder is an error
    /// (this is also where expat stops on such files).
    fn check_encoding(&mut self, enc: &str, at: u64) -> Result<(), XmlError> {
        let e = enc.to_ascii_lowercase();
        if e == "utf-8" || e == "us-ascii" || e == "ascii" {
            return Ok(());
        }
        if let Some(i) = self.text.bytes().position(|b| b >= 0x80) {
            let msg = format!(
                "byte 0x{:02X} cannot be read as declared encoding `{enc}` (only UTF-8 is supported; \
                 declare encoding=\"UTF-8\")",
                self.text.as_bytes()[i]
            );
            return Err(self.error(i as u64, msg));
        }
        self.warn(at, format!("declared encoding `{enc}` is not UTF-8; the file is plain ASCII, read as is"));
        Ok(())
    }

    fn open(&mut self, stack: &[(Ctx, u64)], e: &BytesStart<'_>, name: &str, at: u64) -> Result<Ctx, XmlError> {
        let parent = stack.last().map(|(c, _)| c);
        let ctx = match parent {
            None => {
                let attrs = self.attrs(e, None, at)?;
                self.doc.root = name.to_string();
                match name {
                    "mgrdata" => {}
                    "doc" => {
                        if let Some((_, l)) = attrs.iter().find(|(k, _)| k == "lang") {
                            self.devel_lang = l.to_string();
                        }
                    }
                    other => self
                        .warn(at, format!("root element <{other}> is neither <mgrdata> nor <doc>; read as <mgrdata>")),
                }
                Ctx::Root
            }
            Some(Ctx::Skip) => {
                // Well-formedness still matters inside skipped subtrees.
                self.attrs(e, None, at)?;
                Ctx::Skip
            }
            Some(Ctx::Root) => self.open_top(e, name, at)?,
            Some(Ctx::Metadata(f)) => {
                let f = *f;
                match name {
                    "form" => {
                        self.attrs(e, None, at)?;
                        self.set_kind(f, FunctionKind::Form);
                        Ctx::Form(f)
                    }
                    "coldata" => {
                        self.attrs(e, None, at)?;
                        self.set_kind(f, FunctionKind::List);
                        Ctx::Coldata(f)
                    }
                    "toolbar" => {
                        self.attrs(e, None, at)?;
                        Ctx::Toolbar(f)
                    }
                    "contextmenu" | "layout" | "filter" | "rowcolor" | "properties" | "sort" | "tabs" | "pic"
                    | "desc" | "buttons" | "groupby" => {
                        self.attrs(e, None, at)?;
                        Ctx::Skip
                    }
                    _ => self.unknown(e, name, "metadata", at)?,
                }
            }
            Some(Ctx::Form(f)) | Some(Ctx::Page(f)) => {
                let f = *f;
                let in_form = matches!(parent, Some(Ctx::Form(_)));
                match name {
                    "page" if in_form => {
                        let attrs = self.attrs(e, Some(PAGE_ATTRS), at)?;
                        self.page = attr(&attrs, "name").map(String::from);
                        self.page_attrs = Some(self.field_attrs(&attrs, at));
                        Ctx::Page(f)
                    }
                    "field" => {
                        let attrs = self.attrs(e, Some(FIELD_ATTRS), at)?;
                        let mut fa = self.field_attrs(&attrs, at);
                        if let Some(pa) = &self.page_attrs {
                            fa.remove_if = fa.remove_if.or(pa.remove_if);
                            fa.feature = fa.feature.or(pa.feature.clone());
                        }
                        self.field = Some(fa);
                        Ctx::Field(f)
                    }
                    "buttons" | "button" | "bottom" | "tabs" | "desc" | "textdata" | "htmldata" => {
                        self.attrs(e, None, at)?;
                        Ctx::Skip
                    }
                    _ => self.unknown(e, name, if in_form { "form" } else { "page" }, at)?,
                }
            }
            Some(Ctx::Field(f)) => {
                let f = *f;
                match name {
                    "input" | "select" | "textarea" | "slider" | "datetime" | "checkbox" => {
                        let attrs = self.attrs(e, Some(CONTROL_ATTRS), at)?;
                        let param = self.control(f, name, &attrs, at);
                        self.pending_rules.clear();
                        Ctx::Control { func: f, param, select: name == "select" }
                    }
                    "textdata" | "htmldata" => {
                        let attrs = self.attrs(e, None, at)?;
                        if let Some(n) = attr(&attrs, "name") {
                            let entry = (self.doc.functions[f].name.clone(), n.to_string());
                            self.doc.display_only.push(entry);
                        }
                        Ctx::Skip
                    }
                    "desc" | "img" | "link" | "list" | "ticket" | "frame" | "button" | "mapdata" | "chart" => {
                        self.attrs(e, None, at)?;
                        Ctx::Skip
                    }
                    _ => self.unknown(e, name, "field", at)?,
                }
            }
            Some(Ctx::Control { func, param, .. }) => {
                let (f, pi) = (*func, *param);
                match name {
                    "if" | "else" => {
                        let attrs = self.attrs(e, Some(IF_ATTRS), at)?;
                        let (line, _) = self.pos(at);
                        if let Some(raw) = self.raw_rule(name, &attrs, line, at) {
                            self.pending_rules.push(raw);
                        }
                        Ctx::Skip
                    }
                    "val" | "option" => {
                        let attrs = self.attrs(e, Some(&["key", "name", "value", "depend", "level"]), at)?;
                        let key = attr(&attrs, "key").or(attr(&attrs, "value")).map(String::from);
                        Ctx::Val { slist: None, func: f, param: pi, key, text: String::new() }
                    }
                    _ => self.unknown(e, name, "control", at)?,
                }
            }
            Some(Ctx::Coldata(f)) => {
                let f = *f;
                match name {
                    "col" => {
                        let attrs = self.attrs(e, Some(COL_ATTRS), at)?;
                        self.col(f, &attrs, at);
                        Ctx::Col { func: f }
                    }
                    _ => self.unknown(e, name, "coldata", at)?,
                }
            }
            Some(Ctx::Col { func }) => {
                let f = *func;
                let attrs = self.attrs(e, None, at)?;
                if name == "prop"
                    && let Some(n) = attr(&attrs, "name")
                {
                    push_field(&mut self.doc.functions[f], n, FieldType::Flag);
                }
                Ctx::Skip
            }
            Some(Ctx::Toolbar(f)) => {
                let f = *f;
                match name {
                    "toolgrp" => {
                        self.attrs(e, None, at)?;
                        Ctx::Toolbar(f)
                    }
                    "toolbtn" => {
                        let attrs = self.attrs(e, Some(TOOLBTN_ATTRS), at)?;
                        match attr(&attrs, "func") {
                            Some(func) => {
                                let tb = &mut self.doc.functions[f].toolbar;
                                if !tb.iter().any(|t| t == func) {
                                    tb.push(func.to_string());
                                }
                            }
                            None => self.warn(at, "<toolbtn> without `func` ignored"),
                        }
                        Ctx::Skip
                    }
                    "toolsep" | "separator" => {
                        self.attrs(e, None, at)?;
                        Ctx::Skip
                    }
                    _ => self.unknown(e, name, "toolbar", at)?,
                }
            }
            Some(Ctx::Handler(h)) => {
                let h = h.clone();
                match name {
                    "func" => {
                        let attrs = self.attrs(e, Some(&["name", "minlevel", "maxlevel", "level", "type"]), at)?;
                        Ctx::HandlerFunc(attr(&attrs, "name").map(String::from), String::new())
                    }
                    "event" => {
                        let attrs = self.attrs(e, Some(&["name", "after", "before", "level", "minlevel"]), at)?;
                        match attr(&attrs, "name") {
                            Some(n) => {
                                let after = attr(&attrs, "after").is_some_and(yes);
                                self.doc.events.push(HookEvent { handler: h, function: n.to_string(), after });
                            }
                            None => self.warn(at, "<event> without `name` ignored"),
                        }
                        Ctx::Skip
                    }
                    _ => self.unknown(e, name, "handler", at)?,
                }
            }
            Some(Ctx::HandlerFunc(..)) | Some(Ctx::Msg { .. }) | Some(Ctx::Val { .. }) | Some(Ctx::Inline) => {
                // Inline markup inside text (`<br/>` in a message): its text still counts.
                self.attrs(e, None, at)?;
                Ctx::Inline
            }
            Some(Ctx::Lang(lang)) => {
                let lang = lang.clone();
                match name {
                    "messages" => {
                        let attrs = self.attrs(e, Some(&["name", "added"]), at)?;
                        self.messages(lang, &attrs, at)
                    }
                    _ => self.unknown(e, name, "lang", at)?,
                }
            }
            Some(Ctx::Messages(set)) => {
                let set = *set;
                let attrs = self.attrs(e, Some(&["name", "added", "level", "sprite"]), at)?;
                match (name, attr(&attrs, "name")) {
                    ("msg", Some(n)) => Ctx::Msg { set, name: n.to_string(), text: String::new() },
                    ("msg", None) => {
                        self.warn(at, "<msg> without `name` ignored");
                        Ctx::Skip
                    }
                    _ => {
                        self.warn(at, format!("unknown element <{name}> in <messages> skipped"));
                        Ctx::Skip
                    }
                }
            }
            Some(Ctx::Slist(s)) => {
                let s = *s;
                let attrs = self.attrs(e, None, at)?;
                if name == "val" || name == "msg" {
                    let key = attr(&attrs, "key").map(String::from);
                    Ctx::Val { slist: Some(s), func: 0, param: 0, key, text: String::new() }
                } else {
                    Ctx::Skip
                }
            }
        };
        Ok(ctx)
    }
}

/// Where in the tag (after `<`) an attribute error is, and what it is.
fn attr_error(err: &quick_xml::events::attributes::AttrError) -> (usize, &'static str) {
    use quick_xml::events::attributes::AttrError as A;
    match err {
        A::ExpectedEq(p) => (*p, "a name must be followed by `=`"),
        A::ExpectedValue(p) => (*p, "`=` must be followed by a value"),
        A::UnquotedValue(p) => (*p, "value must be in quotes"),
        A::ExpectedQuote(p, _) => (*p, "closing quote missing"),
        A::Duplicated(p, _) => (*p, "attribute given twice"),
    }
}

/// An element's attributes: `(name, value)`.
type Attrs<'e> = Vec<(Cow<'e, str>, Cow<'e, str>)>;

fn attr<'v>(attrs: &'v [(Cow<'_, str>, Cow<'_, str>)], key: &str) -> Option<&'v str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_ref())
}

fn wants_text(stack: &[(Ctx, u64)]) -> bool {
    matches!(stack.last(), Some((Ctx::Inline | Ctx::Msg { .. } | Ctx::Val { .. } | Ctx::HandlerFunc(..), _)))
}

fn push_text(stack: &mut [(Ctx, u64)], s: &str) {
    for (ctx, _) in stack.iter_mut().rev() {
        match ctx {
            Ctx::Inline => continue,
            Ctx::Msg { text, .. } | Ctx::Val { text, .. } | Ctx::HandlerFunc(_, text) => {
                text.push_str(s);
                return;
            }
            _ => return,
        }
    }
}

fn push_field(f: &mut Function, name: &str, ty: FieldType) {
    if !f.result.fields.iter().any(|x| x.name == name) {
        f.result.fields.push(Field {
            name: name.to_string(),
            ty,
            values: Vec::new(),
            label: Text::default(),
            rust_name: None,
            inferred: false,
        });
    }
}

fn text_in(lang: &str, s: String) -> Text {
    match lang {
        "en" => Text { ru: None, en: Some(s) },
        _ => Text { ru: Some(s), en: None },
    }
}

/// A fresh harvested function (typed: the metadata describes its parameters).
pub(crate) fn new_function(name: &str, kind: FunctionKind) -> Function {
    Function::new(name, kind)
}

fn new_param(name: &str) -> Param {
    Param::new(name, ParamType::Text)
}

/// The parameter type a panel validator (`check=`) implies.
fn check_type(check: &str) -> Option<ParamType> {
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

impl Parser<'_> {
    fn open_top(&mut self, e: &BytesStart<'_>, name: &str, at: u64) -> Result<Ctx, XmlError> {
        let devel = self.doc.root == "doc";
        Ok(match name {
            "metadata" => {
                let attrs = self.attrs(e, Some(METADATA_ATTRS), at)?;
                let Some(fname) = attr(&attrs, "name").map(String::from) else {
                    self.warn(at, "<metadata> without `name` skipped");
                    return Ok(Ctx::Skip);
                };
                let kind = match attr(&attrs, "type") {
                    Some("form") => FunctionKind::Form,
                    Some("list") => FunctionKind::List,
                    Some("report") => FunctionKind::Report,
                    Some(other) => {
                        self.warn(at, format!("<metadata name=\"{fname}\"> has unknown type `{other}`"));
                        FunctionKind::Unknown
                    }
                    None => FunctionKind::Unknown,
                };
                let next = self.doc.functions.len();
                let idx = *self.func_index.entry(fname.clone()).or_insert(next);
                if idx == next {
                    self.doc.functions.push(new_function(&fname, FunctionKind::Unknown));
                }
                self.set_kind(idx, kind);
                if let Some(key) = attr(&attrs, "key") {
                    self.doc.functions[idx].result.key = Some(key.to_string());
                }
                Ctx::Metadata(idx)
            }
            "lang" if !devel => {
                let attrs = self.attrs(e, Some(&["name"]), at)?;
                match attr(&attrs, "name") {
                    Some(l) => Ctx::Lang(l.to_string()),
                    None => {
                        self.warn(at, "<lang> without `name` skipped");
                        Ctx::Skip
                    }
                }
            }
            "handler" => {
                let attrs = self.attrs(e, Some(&["name", "type", "minlevel", "maxlevel", "level", "lib"]), at)?;
                Ctx::Handler(attr(&attrs, "name").unwrap_or_default().to_string())
            }
            "messages" if devel => {
                let attrs = self.attrs(e, Some(&["name", "added"]), at)?;
                self.messages(self.devel_lang.clone(), &attrs, at)
            }
            "slist" if devel => {
                let attrs = self.attrs(e, None, at)?;
                match attr(&attrs, "name") {
                    Some(n) => {
                        self.doc.slists.push((n.to_string(), Vec::new()));
                        Ctx::Slist(self.doc.slists.len() - 1)
                    }
                    None => {
                        self.warn(at, "<slist> without `name` skipped");
                        Ctx::Skip
                    }
                }
            }
            _ if devel => {
                // The data part of a devel reply: field values, tparams, ...
                self.attrs(e, None, at)?;
                Ctx::Skip
            }
            "plugin" | "mainmenu" | "library" | "desktop" | "dashboard" | "notify" | "periodic" | "startpage"
            | "params" | "pkgs" | "feature" | "menu" | "toolbar" | "modernmenu" | "customizer" => {
                self.attrs(e, None, at)?;
                Ctx::Skip
            }
            _ => self.unknown(e, name, "mgrdata", at)?,
        })
    }

    fn unknown(&mut self, e: &BytesStart<'_>, name: &str, inside: &str, at: u64) -> Result<Ctx, XmlError> {
        self.attrs(e, None, at)?;
        self.warn(at, format!("unknown element <{name}> in <{inside}> skipped"));
        Ok(Ctx::Skip)
    }

    fn set_kind(&mut self, f: usize, kind: FunctionKind) {
        let func = &mut self.doc.functions[f];
        if func.kind == FunctionKind::Unknown && kind != FunctionKind::Unknown {
            func.kind = kind;
        }
        if func.result.kind == ResultKind::Unknown {
            func.result.kind = match func.kind {
                FunctionKind::Form => ResultKind::Form,
                FunctionKind::List => ResultKind::List,
                _ => ResultKind::Unknown,
            };
        }
    }

    fn field_attrs(&mut self, attrs: &[(Cow<'_, str>, Cow<'_, str>)], at: u64) -> FieldAttrs {
        let remove_if = match attr(attrs, "remove_if") {
            Some("new") => Some(RemoveIf::New),
            Some("edit") => Some(RemoveIf::Edit),
            Some(other) => {
                self.warn(at, format!("unknown remove_if=\"{other}\" ignored"));
                None
            }
            None => None,
        };
        FieldAttrs { remove_if, feature: attr(attrs, "if").map(String::from) }
    }

    fn control(&mut self, f: usize, elem: &str, attrs: &[(Cow<'_, str>, Cow<'_, str>)], at: u64) -> usize {
        let name = match attr(attrs, "name") {
            Some(n) => n.to_string(),
            None => {
                self.warn(at, format!("<{elem}> without `name`: named `_unnamed`"));
                "_unnamed".to_string()
            }
        };
        let mut p = new_param(&name);
        let check = attr(attrs, "check").map(String::from);
        let input_type = attr(attrs, "type");
        p.ty = match (elem, input_type) {
            ("input", Some("checkbox")) | ("checkbox", _) => ParamType::Flag,
            ("input", Some("password")) => ParamType::Password,
            ("slider", _) => ParamType::Int,
            ("datetime", Some("date")) => ParamType::Date,
            ("datetime", _) => ParamType::Datetime,
            ("select", Some("multiple")) => ParamType::List,
            _ => ParamType::Text,
        };
        if p.ty == ParamType::Text
            && let Some(t) = check.as_deref().and_then(check_type)
        {
            p.ty = t;
        }
        if p.ty == ParamType::Text && attr(attrs, "private").is_some_and(yes) {
            p.ty = ParamType::Password;
        }
        if elem == "slider" {
            p.min = attr(attrs, "min").and_then(|v| v.trim().parse().ok());
            p.max = attr(attrs, "max").and_then(|v| v.trim().parse().ok());
        }
        if let (Some("int"), Some(args)) = (check.as_deref(), attr(attrs, "checkargs")) {
            let mut parts = args.splitn(2, ',');
            let mut bound = |s: Option<&str>| -> Option<i64> {
                let s = s?.trim();
                if s.is_empty() {
                    return None;
                }
                let v = s.parse().ok();
                if v.is_none() {
                    self.warn(at, format!("`{name}`: checkargs bound `{s}` is not an integer"));
                }
                v
            };
            p.min = bound(parts.next());
            p.max = bound(parts.next());
        }
        p.check = check;
        p.checkargs = attr(attrs, "checkargs").map(String::from);
        p.required = attr(attrs, "required").is_some_and(yes);
        p.readonly = attr(attrs, "readonly").is_some_and(yes);
        p.page = self.page.clone();
        if let Some(fa) = &self.field {
            p.remove_if = fa.remove_if;
            p.feature = fa.feature.clone();
        }
        if elem == "select" {
            p.item = None;
            self.selects.push((f, name.clone()));
        }
        if elem == "input" && input_type == Some("hidden") {
            self.doc.hidden_inputs.push((self.doc.functions[f].name.clone(), name.clone()));
        }
        let func = &mut self.doc.functions[f];
        match func.params.iter().position(|x| x.name == name) {
            Some(i) => {
                func.params[i] = p;
                self.warn(
                    at,
                    format!("`{name}` described twice in `{}`: the later one kept", self.doc.functions[f].name),
                );
                i
            }
            None => {
                func.params.push(p);
                func.params.len() - 1
            }
        }
    }

    fn raw_rule(
        &mut self,
        elem: &str,
        attrs: &[(Cow<'_, str>, Cow<'_, str>)],
        line: usize,
        at: u64,
    ) -> Option<RawRule> {
        let targets = attr(attrs, "hide").map(split_names).unwrap_or_default();
        if targets.is_empty() {
            self.warn(at, format!("<{elem}> without `hide` ignored"));
            return None;
        }
        let shadow = attr(attrs, "shadow").is_some_and(yes);
        let (cond, value) = if elem == "else" {
            (Cond::Else, String::new())
        } else if let Some(v) = attr(attrs, "value") {
            (Cond::Value, v.to_string())
        } else if let Some(v) = attr(attrs, "empty") {
            (Cond::Empty, v.to_string())
        } else {
            self.warn(at, "<if> without `value` or `empty` ignored");
            return None;
        };
        Some(RawRule { cond, value, targets, shadow, line })
    }

    fn col(&mut self, f: usize, attrs: &[(Cow<'_, str>, Cow<'_, str>)], at: u64) {
        let Some(name) = attr(attrs, "name") else {
            self.warn(at, "<col> without `name` ignored");
            return;
        };
        let ty = match attr(attrs, "type") {
            Some("prop") => return,
            Some("toggle") => FieldType::Flag,
            _ => FieldType::Text,
        };
        push_field(&mut self.doc.functions[f], name, ty);
    }

    fn messages(&mut self, lang: String, attrs: &[(Cow<'_, str>, Cow<'_, str>)], at: u64) -> Ctx {
        match attr(attrs, "name") {
            Some(n) => {
                self.doc.messages.push(MessageSet { lang, function: n.to_string(), msgs: Vec::new() });
                Ctx::Messages(self.doc.messages.len() - 1)
            }
            None => {
                self.warn(at, "<messages> without `name` skipped");
                Ctx::Skip
            }
        }
    }

    fn close(&mut self, ctx: Ctx, at: u64) {
        match ctx {
            Ctx::Control { func, param, select } => {
                let raws = std::mem::take(&mut self.pending_rules);
                self.convert_rules(func, param, &raws, at);
                let p = &mut self.doc.functions[func].params[param];
                if select && p.ty == ParamType::Text && !p.values.is_empty() {
                    p.ty = ParamType::Enum;
                }
            }
            Ctx::Field(_) => self.field = None,
            Ctx::Page(_) => {
                self.page = None;
                self.page_attrs = None;
            }
            Ctx::Msg { set, name, text } => self.doc.messages[set].msgs.push((name, collapse(&text))),
            Ctx::Val { slist, func, param, key, text } => {
                let text = collapse(&text);
                let v = match key {
                    Some(k) => EnumValue {
                        value: k,
                        label: if text.is_empty() { Text::default() } else { text_in(&self.devel_lang, text) },
                    },
                    None => EnumValue { value: text, label: Text::default() },
                };
                let values = match slist {
                    Some(s) => &mut self.doc.slists[s].1,
                    None => &mut self.doc.functions[func].params[param].values,
                };
                if !values.iter().any(|x| x.value == v.value) {
                    values.push(v);
                }
            }
            Ctx::HandlerFunc(name, text) => {
                let n = name.unwrap_or_else(|| text.trim().to_string());
                if n.is_empty() {
                    self.warn(at, "<func> without a name ignored");
                } else if !self.doc.handler_funcs.contains(&n) {
                    self.doc.handler_funcs.push(n);
                }
            }
            _ => {}
        }
    }

    fn convert_rules(&mut self, f: usize, param: usize, raws: &[RawRule], at: u64) {
        let (pname, is_flag) = {
            let p = &self.doc.functions[f].params[param];
            (p.name.clone(), p.ty == ParamType::Flag)
        };
        for raw in raws {
            let when = match raw.cond {
                Cond::Value if is_flag && raw.value == "on" => Condition::On,
                Cond::Value if is_flag && raw.value == "off" => Condition::Off,
                Cond::Value => Condition::Equals(raw.value.clone()),
                Cond::Empty if yes(&raw.value) => Condition::Empty,
                Cond::Empty => Condition::NotEmpty,
                Cond::Else => match else_condition(raws, is_flag) {
                    Ok(c) => c,
                    Err(why) => {
                        let file = self.file.clone();
                        self.doc.warnings.push(Warning::new(
                            &file,
                            raw.line,
                            format!("`{pname}`: <else> ignored: {why}"),
                        ));
                        continue;
                    }
                },
            };
            add_rule(&mut self.doc.functions[f], &pname, when, &raw.targets, raw.shadow);
        }
        let _ = at;
    }

    fn apply_slists(&mut self) {
        let slists = std::mem::take(&mut self.doc.slists);
        for (field, values) in &slists {
            let mut hit = false;
            for (f, name) in &self.selects {
                if name != field {
                    continue;
                }
                if let Some(p) = self.doc.functions[*f].params.iter_mut().find(|p| &p.name == field) {
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
                let file = self.file.clone();
                self.doc.warnings.push(Warning::new(&file, 0, format!("<slist name=\"{field}\"> matches no select")));
            }
        }
        self.doc.slists = slists;
    }
}

fn else_condition(raws: &[RawRule], is_flag: bool) -> Result<Condition, &'static str> {
    let ifs: Vec<&RawRule> = raws.iter().filter(|r| r.cond != Cond::Else).collect();
    if ifs.is_empty() {
        return Err("no sibling <if>");
    }
    if ifs.iter().all(|r| r.cond == Cond::Value) {
        let mut vals: Vec<String> = Vec::new();
        for r in &ifs {
            if !vals.contains(&r.value) {
                vals.push(r.value.clone());
            }
        }
        if is_flag && vals.iter().all(|v| v == "on" || v == "off") {
            return match vals.as_slice() {
                [v] if v == "on" => Ok(Condition::Off),
                [v] if v == "off" => Ok(Condition::On),
                _ => Err("the <if>s cover both on and off"),
            };
        }
        return Ok(Condition::NotIn(vals));
    }
    if ifs.iter().all(|r| r.cond == Cond::Empty) {
        let all_yes = ifs.iter().all(|r| yes(&r.value));
        let all_no = ifs.iter().all(|r| !yes(&r.value));
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

//! Metadata XML: plugin files (`<mgrdata>`) and `out=devel` replies (`<doc>`).
//!
//! What an element means depends only on the element it is in, so the reading is
//! one streaming pass over a stack of `Context`s: each start tag is handed to the
//! method for its parent's context, which reads it and says what the new element
//! is. No tree is built, and a thousand-deep nesting of unknown elements costs a
//! thousand small stack entries, not recursion.
//!
//! Real files carry typos (`fullwith`) and elements newer than this code, so
//! unknown elements and attributes are warnings, never errors; anything that is not
//! well-formed XML is an [`XmlError`] with file, line and column. The result keeps
//! rule targets as written: [`crate::Harvest`] resolves them once every file of a
//! harvest is in.
//!
//! The parts are split by what makes them change: an XML quirk touches `read`, a
//! new attribute or validator of a panel `vocabulary`, a new piece of a parameter
//! or column `fields`, a new rule shape `rules`; a new element where none was
//! expected touches this file's dispatch and one method.

mod fields;
mod read;
mod rules;
mod vocabulary;

use std::borrow::Cow;

use panelkit_spec::{CompactString, EnumValue, Function, FunctionKind, Param, RemoveIf, ResultKind};

use crate::Warning;
use crate::position::LineIndex;
pub use read::XmlError;
use read::{Tag, attr, decode_utf8};
use rules::RawRule;
pub(crate) use rules::add_rule;
use vocabulary::{
    EVENT_ATTRS, HANDLER_ATTRS, HANDLER_FUNC_ATTRS, IGNORED_IN_METADATA, IGNORED_IN_MGRDATA, LANG_ATTRS,
    METADATA_ATTRS, collapse_whitespace, is_yes, metadata_kind,
};

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
    pub lang: CompactString,
    /// The function (or message group such as `desktop`) the strings belong to.
    pub function: CompactString,
    /// `(msg name, text)` in file order; text has whitespace runs collapsed.
    pub msgs: Vec<(CompactString, CompactString)>,
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

/// What an open element is. `usize`s index `doc.functions` unless named otherwise.
enum Context {
    /// Skipped subtree: nothing inside is interpreted or reported.
    Skip,
    Root,
    Metadata(usize),
    Form(usize),
    Page(usize),
    Field(usize),
    /// A control of a field: parameter `param` of function `func`.
    Control {
        func: usize,
        param: usize,
        select: bool,
    },
    /// Inline markup inside a text-holding element (`<br/>` in a message).
    Inline,
    Coldata(usize),
    /// A list's `<col>`.
    Column(usize),
    Toolbar(usize),
    /// `<handler name=...>`.
    Handler(String),
    /// `<func>` inside a handler; the name may be its text.
    HandlerFunc {
        name: Option<String>,
    },
    /// `<lang name=...>`.
    Lang(CompactString),
    /// `<messages>`: index into `doc.messages`.
    Messages(usize),
    /// `<msg>` of message set `set`.
    Message {
        set: usize,
        name: CompactString,
    },
    /// `<slist>`: index into `doc.slists`.
    Slist(usize),
    /// One option of a select or slist.
    SelectValue {
        of: ValuesOf,
        key: Option<CompactString>,
    },
}

impl Context {
    /// Whether the element keeps its text.
    fn keeps_text(&self) -> bool {
        matches!(
            self,
            Context::Inline | Context::Message { .. } | Context::SelectValue { .. } | Context::HandlerFunc { .. }
        )
    }

    /// Whether the element holds text of its own (not as inline markup in another).
    fn holds_text(&self) -> bool {
        matches!(self, Context::Message { .. } | Context::SelectValue { .. } | Context::HandlerFunc { .. })
    }
}

/// Whose option list a `<val>` belongs to.
#[derive(Clone, Copy)]
enum ValuesOf {
    /// Parameter `param` of the function being read ([`Parser::params`]).
    Param { param: usize },
    /// Index into `doc.slists`.
    Slist(usize),
}

/// When a field exists at all, as its page or field says; passed down to its controls.
struct Presence<'a> {
    remove_if: Option<RemoveIf>,
    /// `if=`: the panel feature the field needs.
    feature: Option<Cow<'a, str>>,
}

struct Parser<'a> {
    file: String,
    text: &'a str,
    lines: LineIndex<'a>,
    doc: MetadataDoc,
    /// The language of a devel reply's strings (`<doc lang=...>`).
    devel_lang: CompactString,
    /// The `<page>` being read.
    page: Option<CompactString>,
    page_presence: Option<Presence<'a>>,
    field_presence: Option<Presence<'a>>,
    /// `<if>`/`<else>` of the control being read.
    pending_rules: Vec<RawRule<'a>>,
    /// `(function index, param index)` of every `<select>`, for `<slist>` values.
    selects: Vec<(usize, usize)>,
    /// Function name → index in `doc.functions`.
    func_index: std::collections::HashMap<Cow<'a, str>, usize>,
    /// The parameters of the function whose `<metadata>` is open, by index: written
    /// back when it closes, in a vector of their number (not of its growth).
    params: Vec<Param>,
    /// The attributes of the tag being read, kept for its allocation.
    attr_buf: Vec<read::Attr<'a>>,
}

/// Parses one metadata file. `file` names it in warnings and errors.
pub fn parse_metadata(input: &[u8], file: &str) -> Result<MetadataDoc, XmlError> {
    let text = decode_utf8(input, file)?;
    let mut parser = Parser {
        file: file.to_string(),
        text,
        lines: LineIndex::new(text),
        doc: MetadataDoc { file: file.to_string(), ..MetadataDoc::default() },
        devel_lang: "ru".into(),
        page: None,
        page_presence: None,
        field_presence: None,
        pending_rules: Vec::new(),
        selects: Vec::new(),
        func_index: std::collections::HashMap::new(),
        attr_buf: Vec::new(),
        params: Vec::new(),
    };
    parser.read_document()?;
    parser.apply_slists();
    Ok(parser.doc)
}

/// A fresh harvested function (typed: the metadata describes its parameters).
pub(crate) fn new_function(name: &str, kind: FunctionKind) -> Function {
    Function::new(name, kind)
}

impl<'a> Parser<'a> {
    /// What element `tag` is, given the element it is in (`None` for the root).
    fn open(&mut self, parent: Option<&Context>, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let Some(parent) = parent else {
            return self.open_root(tag);
        };
        match parent {
            // Well-formedness still matters inside skipped subtrees: every tag's
            // attributes are read before it gets here.
            Context::Skip => Ok(Context::Skip),
            Context::Root => self.open_in_root(tag),
            Context::Metadata(func) => self.open_in_metadata(*func, tag),
            Context::Form(func) => self.open_in_form(*func, false, tag),
            Context::Page(func) => self.open_in_form(*func, true, tag),
            Context::Field(func) => self.open_in_field(*func, tag),
            Context::Control { param, .. } => self.open_in_control(*param, tag),
            Context::Coldata(func) => self.open_in_coldata(*func, tag),
            Context::Column(func) => self.open_in_column(*func, tag),
            Context::Toolbar(func) => self.open_in_toolbar(*func, tag),
            Context::Handler(handler) => self.open_in_handler(handler, tag),
            Context::HandlerFunc { .. } | Context::Message { .. } | Context::SelectValue { .. } | Context::Inline => {
                // Inline markup inside text (`<br/>` in a message): its text still counts.
                Ok(Context::Inline)
            }
            Context::Lang(lang) => self.open_in_lang(lang, tag),
            Context::Messages(set) => self.open_in_messages(*set, tag),
            Context::Slist(slist) => self.open_in_slist(*slist, tag),
        }
    }

    /// An element has ended: whatever waited for its whole content is written.
    fn close(&mut self, context: Context, at: u64, text: &str) {
        match context {
            Context::Control { func, param, select } => self.close_control(func, param, select),
            Context::Field(_) => self.field_presence = None,
            Context::Metadata(func) => {
                let mut params = Vec::with_capacity(self.params.len());
                params.append(&mut self.params);
                self.doc.functions[func].params = params;
            }
            Context::Page(_) => {
                self.page = None;
                self.page_presence = None;
            }
            Context::Message { set, name } => {
                self.doc.messages[set].msgs.push((name, collapse_whitespace(text)));
            }
            Context::SelectValue { of, key } => self.close_select_value(of, key, text),
            Context::HandlerFunc { name } => {
                let name = name.unwrap_or_else(|| text.trim().to_string());
                if name.is_empty() {
                    self.warn(at, "<func> without a name ignored");
                } else if !self.doc.handler_funcs.contains(&name) {
                    self.doc.handler_funcs.push(name);
                }
            }
            _ => {}
        }
    }

    /// An element not known where it is: skipped with a warning.
    fn skip_unknown(&mut self, tag: Tag<'_, 'a>, inside: &str) -> Result<Context, XmlError> {
        self.warn(tag.at, format!("unknown element <{}> in <{inside}> skipped", tag.name));
        Ok(Context::Skip)
    }

    fn open_root(&mut self, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let attrs = tag.attrs;
        self.doc.root = tag.name.to_string();
        match tag.name {
            "mgrdata" => {}
            "doc" => {
                if let Some(lang) = attr(attrs, "lang") {
                    self.devel_lang = lang.into();
                }
            }
            other => {
                self.warn(tag.at, format!("root element <{other}> is neither <mgrdata> nor <doc>; read as <mgrdata>"))
            }
        }
        Ok(Context::Root)
    }

    /// A child of the root: in a plugin file functions, strings and handlers; in a
    /// devel reply one function, its strings and select options, and its data.
    fn open_in_root(&mut self, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        let devel = self.doc.root == "doc";
        match tag.name {
            "metadata" => self.open_metadata(tag),
            "lang" if !devel => self.open_lang(tag),
            "handler" => {
                self.check_attrs(tag, HANDLER_ATTRS);
                let attrs = tag.attrs;
                Ok(Context::Handler(attr(attrs, "name").unwrap_or_default().to_string()))
            }
            "messages" if devel => self.open_message_set(self.devel_lang.clone(), tag),
            "slist" if devel => self.open_slist(tag),
            // A devel reply's data part (field values, tparams, ...) or nothing about functions.
            name if devel || IGNORED_IN_MGRDATA.contains(&name) => Ok(Context::Skip),
            _ => self.skip_unknown(tag, "mgrdata"),
        }
    }

    /// `<metadata name=FUNC>`: a function, or more of one already seen.
    fn open_metadata(&mut self, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        self.check_attrs(tag, METADATA_ATTRS);
        let attrs = tag.attrs;
        let Some((_, name_key)) = attrs.iter().find(|(k, _)| *k == "name") else {
            self.warn(tag.at, "<metadata> without `name` skipped");
            return Ok(Context::Skip);
        };
        let name = name_key.as_ref();
        let kind = match attr(attrs, "type") {
            Some(ty) => metadata_kind(ty).unwrap_or_else(|| {
                self.warn(tag.at, format!("<metadata name=\"{name}\"> has unknown type `{ty}`"));
                FunctionKind::Unknown
            }),
            None => FunctionKind::Unknown,
        };
        let func = match self.func_index.get(name) {
            Some(&func) => func,
            None => {
                let func = self.doc.functions.len();
                self.func_index.insert(name_key.clone(), func);
                self.doc.functions.push(new_function(name, FunctionKind::Unknown));
                func
            }
        };
        self.set_kind(func, kind);
        // More of a function seen before: its parameters so far.
        self.params.clear();
        self.params.append(&mut self.doc.functions[func].params);
        if let Some(key) = attr(attrs, "key") {
            self.doc.functions[func].result.key = Some(key.to_string());
        }
        Ok(Context::Metadata(func))
    }

    fn open_in_metadata(&mut self, func: usize, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "form" => {
                self.set_kind(func, FunctionKind::Form);
                Ok(Context::Form(func))
            }
            "coldata" => {
                self.set_kind(func, FunctionKind::List);
                Ok(Context::Coldata(func))
            }
            "toolbar" => Ok(Context::Toolbar(func)),
            name if IGNORED_IN_METADATA.contains(&name) => Ok(Context::Skip),
            _ => self.skip_unknown(tag, "metadata"),
        }
    }

    /// A function's kind from `type=` or from its content (`<form>`, `<coldata>`),
    /// whichever comes first; the result kind follows it.
    fn set_kind(&mut self, func: usize, kind: FunctionKind) {
        let function = &mut self.doc.functions[func];
        if function.kind == FunctionKind::Unknown && kind != FunctionKind::Unknown {
            function.kind = kind;
        }
        if function.result.kind == ResultKind::Unknown {
            function.result.kind = match function.kind {
                FunctionKind::Form => ResultKind::Form,
                FunctionKind::List => ResultKind::List,
                _ => ResultKind::Unknown,
            };
        }
    }

    fn open_lang(&mut self, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        self.check_attrs(tag, LANG_ATTRS);
        let attrs = tag.attrs;
        Ok(match attr(attrs, "name") {
            Some(lang) => Context::Lang(lang.into()),
            None => {
                self.warn(tag.at, "<lang> without `name` skipped");
                Context::Skip
            }
        })
    }

    /// A child of `<handler>`: the functions it implements and the hooks it sets.
    fn open_in_handler(&mut self, handler: &str, tag: Tag<'_, 'a>) -> Result<Context, XmlError> {
        match tag.name {
            "func" => {
                self.check_attrs(tag, HANDLER_FUNC_ATTRS);
                let attrs = tag.attrs;
                Ok(Context::HandlerFunc { name: attr(attrs, "name").map(String::from) })
            }
            "event" => {
                self.check_attrs(tag, EVENT_ATTRS);
                let attrs = tag.attrs;
                match attr(attrs, "name") {
                    Some(function) => {
                        let after = attr(attrs, "after").is_some_and(is_yes);
                        let hook = HookEvent { handler: handler.to_string(), function: function.to_string(), after };
                        self.doc.events.push(hook);
                    }
                    None => self.warn(tag.at, "<event> without `name` ignored"),
                }
                Ok(Context::Skip)
            }
            _ => self.skip_unknown(tag, "handler"),
        }
    }
}

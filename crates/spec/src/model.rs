//! The plain-data model of a panel API.
//!
//! This is the intermediate representation between every input (hand-written
//! TOML under `spec/`, a harvest of a panel's introspection) and every output
//! (generated bindings, the fake panel, `cargo xtask spec dump`). It knows
//! nothing about where it came from. The same types are (de)serialized as TOML
//! (spec files) and JSON (dumps, harvest `--json`); see `docs/spec-format.md`.
//!
//! Wire names are kept exactly as the panels spell them, typos included.

pub use compact_str::{CompactString, ToCompactString, format_compact};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// A piece of human text in the panel's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Russian text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub ru: Option<CompactString>,
    /// English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub en: Option<CompactString>,
}

impl Text {
    /// True when no language has text.
    pub fn is_empty(&self) -> bool {
        self.ru.is_none() && self.en.is_none()
    }

    /// English text if present, else Russian.
    pub fn best(&self) -> Option<&str> {
        self.en.as_deref().or(self.ru.as_deref())
    }

    /// Text in `lang` (`"ru"` or `"en"`), falling back to the other language.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match lang {
            "ru" => self.ru.as_deref().or(self.en.as_deref()),
            _ => self.best(),
        }
    }
}

/// Which product a panel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// ISPmanager (ISPsystem / ispmanager.com).
    Ispmanager,
    /// IPmanager (ISPsystem).
    Ipmanager,
    /// DNSmanager (ISPsystem).
    Dnsmanager,
    /// BILLmanager (ISPsystem).
    Billmanager,
    /// COREmanager itself (ISPsystem).
    Coremanager,
    /// BrainyCP.
    Brainycp,
}

/// How requests are addressed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// ISPsystem style: `func=NAME` plus parameters; replies in XML or `$`-keyed JSON.
    Ispsystem,
    /// BrainyCP style: a module constant plus an operation constant posted to `api.php`;
    /// replies are JSON with `error` / `mess` / `data`.
    Brainycp,
}

/// One panel at one version: the root of a spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Panel {
    /// Stable id, also the spec folder name and the cargo feature: `ispmgr4`, `brainycp`, ...
    pub id: String,
    /// Product family.
    pub family: Family,
    /// Product version as the vendor names it (`"4"`, `"5"`, `"6"`).
    pub version: String,
    /// Wire protocol.
    pub protocol: Protocol,
    /// Default endpoint path: `/ispmgr`, `/ipmgr`, `/manager/ispmgr`, `/api/api.php`.
    pub endpoint: String,
    /// The panel's short name for `mgrctl -m` (`ispmgr`, `ipmgr`); ISPsystem panels only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mgr: Option<String>,
    /// Languages the panel answers in (`lang=` / `language=`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Human title of the panel.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    /// Panel features (capabilities) that parameters can depend on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// Where this description comes from (seed files, captures, URLs): for reviewers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The panel's functions. In spec folders these live in files other than `panel.toml`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
}

/// A panel feature ("возможность"): a capability a server may or may not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// Feature name as the panel spells it (`ipv6`, `quota`, `apache-mpm-itk`).
    pub name: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
}

/// What a function does, which decides its request and reply shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FunctionKind {
    /// A list of elements (`<elem>`), e.g. `user`.
    List,
    /// A form: read with `elid`, create without, edit with, submit with `sok`.
    Form,
    /// A single action answered with ok or an error.
    Action,
    /// A group operation on one or more `elid`s joined by `", "`: delete, suspend, resume.
    Group,
    /// A confirmation form shown before a destructive group operation.
    Confirm,
    /// A report.
    Report,
    /// A validator (`check.*`).
    Validator,
    /// A dashboard block.
    Dashboard,
    /// A help board.
    Helpboard,
    /// An external function.
    External,
    /// Declared with type `none`.
    None,
    /// The panel does not say (e.g. "Description is not available").
    Unknown,
}

/// Access levels that may call a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Server administrator (ISPmanager 4 access level 7; COREmanager 5+ level 29; BrainyCP root API rights).
    Admin,
    /// Reseller.
    Reseller,
    /// Ordinary user.
    User,
}

/// A reference to a field of another function's elements:
/// "the `name` element of function `user`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IdRef {
    /// The list function whose elements are referenced.
    pub function: String,
    /// The element field holding the id.
    pub field: String,
}

/// The list a function works on, and how: see [`Function::works_on`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOn {
    /// The list function whose records it works on (`webdomain`).
    pub list: String,
    /// What it does to them.
    pub op: ListOp,
    /// A prefix its parameter names carry that the list's fields do not (`site_`:
    /// `site_name` is the `name` of a `webdomain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strip_prefix: Option<String>,
}

/// What a function does to the records of the list it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListOp {
    /// A form: read without `sok`; with `sok`, create without `elid` and edit with it.
    Form,
    /// Always creates (ISPmanager 6 `user.add.finish`).
    Create,
    /// Deletes the `elid`s.
    Delete,
    /// Suspends the `elid`s.
    Suspend,
    /// Resumes the `elid`s.
    Resume,
}

/// What a function's `elid` is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Elid {
    /// The list function whose elements are referenced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The element field holding the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Several ids may be given, joined by `", "`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub multiple: bool,
    /// The function cannot be called without it (group operations, sublists).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

/// A function of the panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// Wire name: `func=` value for ISPsystem panels, the operation constant for BrainyCP.
    pub name: String,
    /// BrainyCP module constant (`certs_control`, `mailserver`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// What the function does.
    pub kind: FunctionKind,
    /// The type string as the panel printed it (`mgrctl -i`), kept even when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_type: Option<String>,
    /// False for catalog-only functions whose parameters nobody described yet:
    /// their bindings take parameters by wire name.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub typed: bool,
    /// Rust identifier stem override (when the wire name maps badly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// Title (list or form title, menu item).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    /// Longer description (button label, hint).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Who may call it; empty means anyone logged in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// The parent this function takes as `plid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plid: Option<IdRef>,
    /// What `elid` refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elid: Option<Elid>,
    /// Parameters (besides `elid`, `plid`, `sok` and the protocol's own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Dependency rules between parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// The reply shape.
    #[serde(default)]
    pub result: ResultSpec,
    /// Error cases the function documents (BrainyCP numeric codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCase>,
    /// Functions on a list's toolbar (harvested from list metadata).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toolbar: Vec<String>,
    /// The list whose records this function works on, when its name does not say it
    /// (ISPmanager 6 `site.edit` edits `webdomain` records). Names that follow the panel's
    /// pattern (`X`, `X.edit`, `X.delete`, ...) need none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub works_on: Option<WorksOn>,
    /// Something in this function was inferred rather than read from a source:
    /// a later harvest may overrule it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
}

fn default_true() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// Free text.
    Text,
    /// A secret: never logged, never in URLs by default.
    Password,
    /// An integer, bounded by `min` / `max`.
    Int,
    /// A decimal number.
    Float,
    /// An on/off checkbox (`on` / `off`).
    Flag,
    /// One of `values`.
    Enum,
    /// Several values of `item` type separated by spaces (or `separator`).
    List,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A domain name.
    Domain,
    /// An e-mail address.
    Email,
    /// A file system path.
    Path,
    /// A URL.
    Url,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A date and time.
    Datetime,
}

/// One allowed value of an enum parameter or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub value: CompactString,
    /// Its label.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Wire name.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: CompactString,
    /// Value type.
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// Must be given.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Default value as the panel applies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub default: Option<CompactString>,
    /// Lower bound (`int`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Upper bound (`int`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Allowed values (`enum`; for `list`, allowed items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// Item type of a `list` (default `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<ParamType>,
    /// Separator of a `list` (default one space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub separator: Option<CompactString>,
    /// The value that means "unlimited" (`int`), e.g. 10000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infinity: Option<i64>,
    /// The panel feature this parameter depends on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub feature: Option<CompactString>,
    /// Label.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
    /// Hint.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub hint: Text,
    /// The panel's validator name from metadata (`check="int"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub check: Option<CompactString>,
    /// The validator's arguments (`checkargs="1,100"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub checkargs: Option<CompactString>,
    /// The form page the field sits on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub page: Option<CompactString>,
    /// Always read-only (shown, never accepted).
    #[serde(default, skip_serializing_if = "is_false")]
    pub readonly: bool,
    /// Dropped from the form when creating (`new`) or editing (`edit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_if: Option<RemoveIf>,
    /// Rust identifier override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// The type was inferred from prose, not stated by a source.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
}

impl Param {
    /// An optional parameter with nothing but a name and a type; fill in the rest with struct update syntax.
    pub fn new(name: impl Into<CompactString>, ty: ParamType) -> Self {
        Param {
            name: name.into(),
            ty,
            required: false,
            default: None,
            min: None,
            max: None,
            values: Vec::new(),
            item: None,
            separator: None,
            infinity: None,
            feature: None,
            label: Text::default(),
            hint: Text::default(),
            check: None,
            checkargs: None,
            page: None,
            readonly: false,
            remove_if: None,
            rust_name: None,
            inferred: false,
        }
    }
}

/// When a form drops a field (`remove_if`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RemoveIf {
    /// When creating.
    New,
    /// When editing.
    Edit,
}

/// The condition on a controlling parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// A flag is `on`.
    On,
    /// A flag is `off` (or absent).
    Off,
    /// The parameter equals the value.
    Equals(#[cfg_attr(feature = "schema", schemars(with = "String"))] CompactString),
    /// The parameter is none of these values (a metadata `<else>` after `<if value=..>`s).
    NotIn(#[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))] Vec<CompactString>),
    /// The parameter is empty or absent.
    Empty,
    /// The parameter is not empty.
    NotEmpty,
}

/// A dependency rule: when `param` meets `when`, the targets are enabled,
/// forbidden or read-only.
///
/// Semantics: a parameter named in any `enables` list may be sent only while at
/// least one rule enabling it holds; a parameter named in `forbids` (or
/// `readonly`) must not be sent while that rule holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The controlling parameter.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub param: CompactString,
    /// The condition on it.
    pub when: Condition,
    /// Parameters this rule allows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub enables: Vec<CompactString>,
    /// Parameters this rule forbids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub forbids: Vec<CompactString>,
    /// Parameters this rule makes read-only (metadata `shadow="yes"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub readonly: Vec<CompactString>,
}

/// The shape of a successful reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    /// Not described.
    #[default]
    Unknown,
    /// `<ok/>`, possibly `<ok>restart</ok>`.
    Ok,
    /// A list of `<elem>`s with `fields`.
    List,
    /// The object's parameters (the function's params, plus `fields` if given).
    Form,
    /// A BrainyCP payload in `data` / `detail`.
    Data,
}

/// The shape of a BrainyCP payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// Any JSON.
    Any,
    /// A string.
    Text,
    /// A number.
    Number,
    /// An array.
    List,
    /// An object.
    Object,
}

/// A successful reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResultSpec {
    /// Which shape.
    #[serde(default)]
    pub kind: ResultKind,
    /// List element fields, extra form fields, or payload object fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The field that identifies a list element (its `elid` elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The ok reply may say `restart`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub restart: bool,
    /// BrainyCP: the payload's shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    /// BrainyCP: the key the payload comes under (`data` or `detail`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_key: Option<String>,
    /// BrainyCP: the key the message comes under (`mess` or `message`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_key: Option<String>,
    /// The success message (BrainyCP `mess` with code 0), `<name>`-style placeholders kept.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub message: Text,
}

/// The type of a reply field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Text.
    Text,
    /// Integer.
    Int,
    /// Decimal number.
    Float,
    /// A property present as an empty element or `on` (`<php/>`).
    Flag,
    /// An element with `used` and `limit` attributes (`<disk used="0" limit="10"/>`).
    UsedLimit,
    /// One of `values` (unknown values kept).
    Enum,
    /// Space-separated values.
    List,
}

/// A reply field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: CompactString,
    /// Type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// Known values (`enum`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// Label.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub label: Text,
    /// Rust identifier override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// The type was inferred.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inferred: bool,
}

/// A documented error case (BrainyCP numeric codes; ISPsystem error types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorCase {
    /// Numeric code (BrainyCP `error`, ISPmanager 4 `code`).
    pub code: i64,
    /// A snake_case name for the case, used for the Rust variant (`in_use`, `not_found`).
    pub name: String,
    /// The message as the panel sends it; `<name>`-style placeholders kept.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub message: Text,
}

impl Panel {
    /// Finds a function by wire name (and module, for BrainyCP).
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }
}

impl Function {
    /// A typed function with nothing but a name and a kind; fill in the rest with struct update syntax.
    pub fn new(name: impl Into<String>, kind: FunctionKind) -> Self {
        Function {
            name: name.into(),
            module: None,
            kind,
            catalog_type: None,
            typed: true,
            rust_name: None,
            title: Text::default(),
            description: Text::default(),
            levels: Vec::new(),
            plid: None,
            elid: None,
            params: Vec::new(),
            rules: Vec::new(),
            result: ResultSpec::default(),
            errors: Vec::new(),
            toolbar: Vec::new(),
            works_on: None,
            inferred: false,
        }
    }

    /// Finds a parameter by wire name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

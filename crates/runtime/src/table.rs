//! Static per-function tables that generated code emits and the validator reads.
//!
//! Generated bindings hold one `static FuncInfo` per function; all logic that
//! interprets them lives in non-generic runtime functions ([`crate::validate()`]),
//! so the per-function generated code stays thin. The fake panel builds the same
//! tables from a spec at start-up, so both sides validate with one implementation.

/// Wire protocol of a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// ISPsystem `func=` panels.
    Ispsystem,
    /// BrainyCP module + operation panels.
    Brainycp,
}

/// What a function does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FuncKind {
    /// A list of elements.
    List,
    /// A form (read / create / edit).
    Form,
    /// A single action.
    Action,
    /// A group operation on `elid`s.
    Group,
    /// A confirmation form.
    Confirm,
    /// Anything else the panel declares (report, validator, ...).
    Other,
}

/// The type of a parameter value, as the validator checks it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Free text.
    Text,
    /// A secret.
    Password,
    /// An integer within optional bounds; `infinity` is always accepted.
    Int {
        /// Lower bound.
        min: Option<i64>,
        /// Upper bound.
        max: Option<i64>,
        /// The sentinel meaning "unlimited".
        infinity: Option<i64>,
    },
    /// A decimal number.
    Float,
    /// `on` / `off`.
    Flag,
    /// One of the listed wire values.
    Enum(&'static [&'static str]),
    /// Items of the given kind joined by `separator`.
    List {
        /// Item kind.
        item: &'static ValueKind,
        /// Separator (one space for panel lists).
        separator: &'static str,
    },
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// IPv4 or IPv6 address.
    Ip,
    /// Domain name.
    Domain,
    /// E-mail address.
    Email,
    /// File system path.
    Path,
    /// URL.
    Url,
    /// Date `YYYY-MM-DD`.
    Date,
    /// Date and time.
    Datetime,
}

/// One parameter of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// Wire name.
    pub name: &'static str,
    /// Value type.
    pub kind: ValueKind,
    /// Must be sent.
    pub required: bool,
    /// The panel feature the parameter depends on.
    pub feature: Option<&'static str>,
}

impl ParamInfo {
    /// An optional parameter that needs no panel feature; chain [`ParamInfo::required`]
    /// and [`ParamInfo::feature`] for the rest (generated tables stay one line per parameter).
    pub const fn new(name: &'static str, kind: ValueKind) -> ParamInfo {
        ParamInfo { name, kind, required: false, feature: None }
    }

    /// The same parameter, required.
    pub const fn required(self) -> ParamInfo {
        ParamInfo { required: true, ..self }
    }

    /// The same parameter, depending on a panel feature.
    pub const fn feature(self, feature: &'static str) -> ParamInfo {
        ParamInfo { feature: Some(feature), ..self }
    }
}

/// The condition of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// Flag is `on`.
    On,
    /// Flag is `off` or absent.
    Off,
    /// Equals the value.
    Equals(&'static str),
    /// Is none of the values.
    NotIn(&'static [&'static str]),
    /// Empty or absent.
    Empty,
    /// Not empty.
    NotEmpty,
}

/// A dependency rule (see the spec model for semantics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Controlling parameter.
    pub param: &'static str,
    /// Condition on it.
    pub when: Cond,
    /// Parameters allowed only while some enabling rule holds.
    pub enables: &'static [&'static str],
    /// Parameters not allowed while this rule holds.
    pub forbids: &'static [&'static str],
    /// Parameters read-only while this rule holds.
    pub readonly: &'static [&'static str],
}

impl RuleInfo {
    /// A rule on `param` that has no effect yet; chain [`RuleInfo::enables`],
    /// [`RuleInfo::forbids`] and [`RuleInfo::readonly`] (one line per rule in generated tables).
    pub const fn when(param: &'static str, when: Cond) -> RuleInfo {
        RuleInfo { param, when, enables: &[], forbids: &[], readonly: &[] }
    }

    /// The same rule, enabling `names`.
    pub const fn enables(self, names: &'static [&'static str]) -> RuleInfo {
        RuleInfo { enables: names, ..self }
    }

    /// The same rule, forbidding `names`.
    pub const fn forbids(self, names: &'static [&'static str]) -> RuleInfo {
        RuleInfo { forbids: names, ..self }
    }

    /// The same rule, making `names` read-only.
    pub const fn readonly(self, names: &'static [&'static str]) -> RuleInfo {
        RuleInfo { readonly: names, ..self }
    }
}

/// What `elid` is for a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElidInfo {
    /// Must be given.
    pub required: bool,
    /// Several ids joined by `", "` are allowed.
    pub multiple: bool,
}

/// Everything the runtime needs to know about one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuncInfo {
    /// Wire name (`func=` or the BrainyCP operation).
    pub name: &'static str,
    /// BrainyCP module constant.
    pub module: Option<&'static str>,
    /// Kind.
    pub kind: FuncKind,
    /// False for catalog-only functions: any parameter name is accepted.
    pub typed: bool,
    /// `elid`, when the function takes one.
    pub elid: Option<ElidInfo>,
    /// The function requires `plid`.
    pub plid: bool,
    /// Parameters.
    pub params: &'static [ParamInfo],
    /// Rules.
    pub rules: &'static [RuleInfo],
}

impl FuncInfo {
    /// The table of an untyped catalog function of this kind: no `elid`, no `plid`,
    /// any parameter name accepted. Generated catalogs chain [`FuncInfo::elid`] and
    /// [`FuncInfo::plid`] where the lowered table has them, so one entry is one line.
    pub const fn untyped(name: &'static str, kind: FuncKind) -> FuncInfo {
        FuncInfo { name, module: None, kind, typed: false, elid: None, plid: false, params: &[], rules: &[] }
    }

    /// [`FuncInfo::untyped`] of a list.
    pub const fn list(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::List)
    }

    /// [`FuncInfo::untyped`] of a form, with the optional single `elid` a form edits with.
    pub const fn form(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::Form).elid(false, false)
    }

    /// [`FuncInfo::untyped`] of an action.
    pub const fn action(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::Action)
    }

    /// [`FuncInfo::untyped`] of a group operation.
    pub const fn group(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::Group)
    }

    /// [`FuncInfo::untyped`] of a confirmation.
    pub const fn confirm(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::Confirm)
    }

    /// [`FuncInfo::untyped`] of any other kind.
    pub const fn other(name: &'static str) -> FuncInfo {
        FuncInfo::untyped(name, FuncKind::Other)
    }

    /// The same table with `elid` taken.
    pub const fn elid(self, required: bool, multiple: bool) -> FuncInfo {
        FuncInfo { elid: Some(ElidInfo { required, multiple }), ..self }
    }

    /// The same table, typed, with these parameters and rules.
    pub const fn typed(self, params: &'static [ParamInfo], rules: &'static [RuleInfo]) -> FuncInfo {
        FuncInfo { typed: true, params, rules, ..self }
    }

    /// The same table with these parameters and rules (an untyped function that declares some).
    pub const fn params(self, params: &'static [ParamInfo], rules: &'static [RuleInfo]) -> FuncInfo {
        FuncInfo { params, rules, ..self }
    }

    /// The table of reading one object of form `of`: the same function with `elid`
    /// required (several when `of` takes several), no parameters and no rules.
    pub const fn read_of(of: &FuncInfo) -> FuncInfo {
        let multiple = match of.elid {
            Some(e) => e.multiple,
            None => false,
        };
        FuncInfo { elid: Some(ElidInfo { required: true, multiple }), params: &[], rules: &[], ..*of }
    }

    /// The same table without `elid`.
    pub const fn no_elid(self) -> FuncInfo {
        FuncInfo { elid: None, ..self }
    }

    /// The same table with `plid` required.
    pub const fn plid(self) -> FuncInfo {
        FuncInfo { plid: true, ..self }
    }

    /// The same table in a BrainyCP module.
    pub const fn module(self, module: &'static str) -> FuncInfo {
        FuncInfo { module: Some(module), ..self }
    }

    /// Finds a parameter by wire name.
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// Short const constructors of [`ParamInfo`] and [`RuleInfo`], so a generated table
/// is one short line per parameter and rule (`rt::t::int("prio", Some(0), Some(65535))`,
/// `rt::t::eq("sdtype", "MX").enables(&["prio"])`).
pub mod t {
    use super::{Cond, ParamInfo, RuleInfo, ValueKind};

    /// A parameter of any kind.
    pub const fn of(name: &'static str, kind: ValueKind) -> ParamInfo {
        ParamInfo::new(name, kind)
    }

    macro_rules! kinds {
        ($($(#[$m:meta])* $f:ident => $k:ident),* $(,)?) => {$(
            $(#[$m])*
            pub const fn $f(name: &'static str) -> ParamInfo {
                ParamInfo::new(name, ValueKind::$k)
            }
        )*};
    }
    kinds! {
        /// Free text.
        text => Text,
        /// A secret.
        password => Password,
        /// A decimal number.
        float => Float,
        /// `on` / `off`.
        flag => Flag,
        /// An IPv4 address.
        ipv4 => Ipv4,
        /// An IPv6 address.
        ipv6 => Ipv6,
        /// An IPv4 or IPv6 address.
        ip => Ip,
        /// A domain name.
        domain => Domain,
        /// An e-mail address.
        email => Email,
        /// A file system path.
        path => Path,
        /// A URL.
        url => Url,
        /// A date.
        date => Date,
        /// A date and time.
        datetime => Datetime,
    }

    /// An integer within optional bounds.
    pub const fn int(name: &'static str, min: Option<i64>, max: Option<i64>) -> ParamInfo {
        ParamInfo::new(name, ValueKind::Int { min, max, infinity: None })
    }

    /// An integer within optional bounds where `infinity` means unlimited.
    pub const fn limit(name: &'static str, min: Option<i64>, max: Option<i64>, infinity: i64) -> ParamInfo {
        ParamInfo::new(name, ValueKind::Int { min, max, infinity: Some(infinity) })
    }

    /// One of the listed wire values.
    pub const fn one_of(name: &'static str, values: &'static [&'static str]) -> ParamInfo {
        ParamInfo::new(name, ValueKind::Enum(values))
    }

    /// Items of `item` joined by `separator`.
    pub const fn list(name: &'static str, item: &'static ValueKind, separator: &'static str) -> ParamInfo {
        ParamInfo::new(name, ValueKind::List { item, separator })
    }

    /// A rule that holds while flag `param` is on.
    pub const fn on(param: &'static str) -> RuleInfo {
        RuleInfo::when(param, Cond::On)
    }

    /// A rule that holds while flag `param` is off or absent.
    pub const fn off(param: &'static str) -> RuleInfo {
        RuleInfo::when(param, Cond::Off)
    }

    /// A rule that holds while `param` equals `value`.
    pub const fn eq(param: &'static str, value: &'static str) -> RuleInfo {
        RuleInfo::when(param, Cond::Equals(value))
    }

    /// A rule that holds while `param` is none of `values`.
    pub const fn not_in(param: &'static str, values: &'static [&'static str]) -> RuleInfo {
        RuleInfo::when(param, Cond::NotIn(values))
    }

    /// A rule that holds while `param` is empty or absent.
    pub const fn empty(param: &'static str) -> RuleInfo {
        RuleInfo::when(param, Cond::Empty)
    }

    /// A rule that holds while `param` is not empty.
    pub const fn not_empty(param: &'static str) -> RuleInfo {
        RuleInfo::when(param, Cond::NotEmpty)
    }
}

/// A panel, as a marker type generated bindings implement.
///
/// Clients are typed by panel, so a request of one panel cannot be sent
/// through another panel's client.
pub trait PanelDef: Send + Sync + 'static {
    /// Spec id (`ispmgr4`).
    const ID: &'static str;
    /// Protocol.
    const PROTOCOL: Protocol;
    /// Default endpoint path (`/manager/ispmgr`).
    const ENDPOINT: &'static str;
    /// Short name for `mgrctl -m` (empty for BrainyCP).
    const MGR: &'static str;
}

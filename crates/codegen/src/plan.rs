//! Decides the Rust shape of one function's parameters: value types, and which
//! dependency rules become types (select variants carrying fields, flags carrying structs).

use std::collections::BTreeMap;

use panelkit_spec::{CompactString, Condition, Function, Param, ParamType};

use crate::names::{self, Scope};

/// The Rust value type of a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// `String`.
    Text,
    /// `Secret`.
    Secret,
    /// `i64`.
    Int,
    /// `Limit` with the sentinel.
    Limit(i64),
    /// `f64`.
    Float,
    /// `bool` (`on` / `off`).
    Bool,
    /// `Ipv4Addr`.
    Ipv4,
    /// `Ipv6Addr`.
    Ipv6,
    /// `IpAddr`.
    Ip,
    /// A generated plain enum.
    Enum(String),
    /// A generated enum whose variants carry the parameters they enable.
    DataEnum(String),
    /// `Switch<Struct>`: a flag carrying the parameters it enables.
    Switch(String),
    /// `Vec<item>` joined by a separator.
    List(Box<ValueType>, String),
}

/// One parameter as a Rust field.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// The spec parameter.
    pub p: &'a Param,
    /// Field / setter name.
    pub ident: String,
    /// Value type.
    pub ty: ValueType,
}

/// A generated enum of a parameter's values.
#[derive(Debug, Clone)]
pub struct EnumPlan<'a> {
    /// Type name.
    pub name: String,
    /// The parameter.
    pub p: &'a Param,
    /// `(wire value, variant name, carried fields)`.
    pub variants: Vec<(String, String, Vec<Field<'a>>)>,
    /// Some variant carries fields.
    pub data: bool,
}

/// A struct a flag carries when on.
#[derive(Debug, Clone)]
pub struct SwitchPlan<'a> {
    /// Type name.
    pub name: String,
    /// The flag.
    pub p: &'a Param,
    /// Carried fields.
    pub fields: Vec<Field<'a>>,
}

/// The whole request shape of a typed function.
#[derive(Debug, Clone, Default)]
pub struct FuncPlan<'a> {
    /// Top-level fields in spec order (moved targets excluded, read-only parameters excluded).
    pub fields: Vec<Field<'a>>,
    /// Enums to generate.
    pub enums: Vec<EnumPlan<'a>>,
    /// Switch structs to generate.
    pub switches: Vec<SwitchPlan<'a>>,
}

/// Which controlling parameter each moved target belongs to.
fn moved_targets(f: &Function) -> BTreeMap<CompactString, CompactString> {
    let mut owner: BTreeMap<CompactString, CompactString> = BTreeMap::new();
    for t in &f.params {
        if t.required || t.readonly {
            continue;
        }
        let enablers: Vec<_> = f.rules.iter().filter(|r| r.enables.contains(&t.name)).collect();
        let Some(first) = enablers.first() else { continue };
        let ctl = &first.param;
        if ctl == t.name || !enablers.iter().all(|r| r.param == ctl) {
            continue;
        }
        let Some(cp) = f.param(ctl) else { continue };
        if cp.readonly {
            continue;
        }
        let ok = match cp.ty {
            ParamType::Enum if !cp.values.is_empty() => enablers
                .iter()
                .all(|r| matches!(&r.when, Condition::Equals(v) if cp.values.iter().any(|x| x.value == v))),
            ParamType::Flag if !cp.required => enablers.iter().all(|r| r.when == Condition::On),
            _ => false,
        };
        if ok {
            owner.insert(t.name.clone(), ctl.clone());
        }
    }
    // A parameter that itself controls moved targets stays top-level (no nesting).
    let controllers: Vec<CompactString> = owner.values().cloned().collect();
    owner.retain(|t, _| !controllers.contains(t));
    owner
}

fn base_ty(p: &Param, ty: ParamType) -> ValueType {
    match ty {
        ParamType::Password => ValueType::Secret,
        ParamType::Int => match p.infinity {
            Some(inf) => ValueType::Limit(inf),
            None => ValueType::Int,
        },
        ParamType::Float => ValueType::Float,
        ParamType::Flag => ValueType::Bool,
        ParamType::Ipv4 => ValueType::Ipv4,
        ParamType::Ipv6 => ValueType::Ipv6,
        ParamType::Ip => ValueType::Ip,
        _ => ValueType::Text,
    }
}

/// Setter names that would clash with the request's own methods or std traits.
const RESERVED: &[&str] =
    &["new", "elid", "plid", "unchecked", "encode", "validate", "to_params", "default", "clone", "fmt", "eq", "extra"];

/// Plans one typed function. `types` hands out panel-wide unique type names; `stem` is the request type name.
pub fn plan<'a>(f: &'a Function, stem: &str, types: &mut Scope) -> FuncPlan<'a> {
    let owner = moved_targets(f);
    let mut idents = Scope::default();
    idents.reserve(RESERVED);
    let field_ident = |p: &Param, idents: &mut Scope| {
        let mut base = p.rust_name.clone().unwrap_or_else(|| names::snake(&p.name));
        if RESERVED.contains(&base.as_str()) {
            base.push('_');
        }
        idents.unique(&base)
    };
    let mut plan = FuncPlan::default();
    // Value enums first, so moved fields can refer to them.
    let mut enum_names: BTreeMap<&str, String> = BTreeMap::new();
    for p in &f.params {
        let has_values = !p.values.is_empty() && matches!(p.ty, ParamType::Enum | ParamType::List);
        if has_values {
            let name = types.unique(&format!("{stem}{}", names::camel(p.rust_name.as_deref().unwrap_or(&p.name))));
            enum_names.insert(&p.name, name);
        }
    }
    let ty_of = |p: &'a Param| -> ValueType {
        match p.ty {
            ParamType::Enum => match enum_names.get(p.name.as_str()) {
                Some(n) => ValueType::Enum(n.clone()),
                None => ValueType::Text,
            },
            ParamType::List => {
                let item = match enum_names.get(p.name.as_str()) {
                    Some(n) => ValueType::Enum(n.clone()),
                    None => base_ty(p, p.item.unwrap_or(ParamType::Text)),
                };
                let item = if matches!(item, ValueType::Secret | ValueType::Limit(_)) { ValueType::Text } else { item };
                ValueType::List(Box::new(item), p.separator.as_deref().unwrap_or(" ").to_owned())
            }
            t => base_ty(p, t),
        }
    };
    let controllers: Vec<&CompactString> = owner.values().collect();
    for p in &f.params {
        if p.readonly || owner.contains_key(&p.name) {
            continue;
        }
        let mut ty = ty_of(p);
        if controllers.contains(&&p.name) {
            let mut carried: Vec<Field<'a>> = Vec::new();
            let mut local = Scope::default();
            for t in f.params.iter().filter(|t| owner.get(&t.name) == Some(&p.name)) {
                carried.push(Field { p: t, ident: field_ident(t, &mut local), ty: ty_of(t) });
            }
            match p.ty {
                ParamType::Flag => {
                    let name =
                        types.unique(&format!("{stem}{}", names::camel(p.rust_name.as_deref().unwrap_or(&p.name))));
                    ty = ValueType::Switch(name.clone());
                    plan.switches.push(SwitchPlan { name, p, fields: carried });
                }
                _ => {
                    let ValueType::Enum(name) = ty.clone() else { unreachable!("controllers are enums or flags") };
                    ty = ValueType::DataEnum(name.clone());
                    let mut vs = Scope::default();
                    vs.reserve(&["Unknown"]);
                    let variants = p
                        .values
                        .iter()
                        .map(|v| {
                            let fields: Vec<Field<'a>> = carried
                                .iter()
                                .filter(|c| {
                                    f.rules.iter().any(|r| {
                                        r.param == p.name
                                            && r.when == Condition::Equals(v.value.clone())
                                            && r.enables.contains(&c.p.name)
                                    })
                                })
                                .cloned()
                                .collect();
                            (v.value.to_string(), vs.unique(&names::camel(&v.value)), fields)
                        })
                        .collect();
                    plan.enums.push(EnumPlan { name, p, variants, data: true });
                }
            }
        }
        plan.fields.push(Field { p, ident: field_ident(p, &mut idents), ty });
    }
    // Plain enums (including those of moved or read-only parameters, used by replies too).
    for p in &f.params {
        if let Some(name) = enum_names.get(p.name.as_str()) {
            if plan.enums.iter().any(|e| &e.name == name) {
                continue;
            }
            let mut vs = Scope::default();
            vs.reserve(&["Unknown"]);
            let variants = p
                .values
                .iter()
                .map(|v| (v.value.to_string(), vs.unique(&names::camel(&v.value)), Vec::new()))
                .collect();
            plan.enums.push(EnumPlan { name: name.clone(), p, variants, data: false });
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn func(toml_src: &str) -> Function {
        #[derive(serde::Deserialize)]
        struct W {
            function: Vec<Function>,
        }
        let w: W = toml::from_str(toml_src).unwrap();
        w.function.into_iter().next().unwrap()
    }

    #[test]
    fn select_rules_become_variants_and_flag_rules_structs() {
        let f = func(
            r#"
[[function]]
name = "rec.edit"
kind = "form"
params = [
  { name = "sdtype", type = "enum", values = [{ value = "A" }, { value = "MX" }, { value = "SRV" }] },
  { name = "prio", type = "int" },
  { name = "port", type = "int" },
  { name = "ssl", type = "flag" },
  { name = "cert", type = "text" },
  { name = "shared", type = "text" },
  { name = "owner", type = "text" },
]
rules = [
  { param = "sdtype", when = { equals = "MX" }, enables = ["prio"], forbids = ["port"] },
  { param = "sdtype", when = { equals = "SRV" }, enables = ["prio", "port"] },
  { param = "ssl", when = "on", enables = ["cert", "shared"] },
  { param = "owner", when = { equals = "root" }, enables = ["shared"] },
]
"#,
        );
        let mut types = Scope::default();
        let p = plan(&f, "RecEdit", &mut types);
        let top: Vec<&str> = p.fields.iter().map(|f| f.ident.as_str()).collect();
        assert_eq!(top, ["sdtype", "ssl", "shared", "owner"]);
        let e = &p.enums[0];
        assert!(e.data);
        let carried: Vec<(&str, Vec<&str>)> =
            e.variants.iter().map(|(_, n, fs)| (n.as_str(), fs.iter().map(|f| f.ident.as_str()).collect())).collect();
        assert_eq!(carried, [("A", vec![]), ("Mx", vec!["prio"]), ("Srv", vec!["prio", "port"])]);
        assert_eq!(p.switches[0].fields.len(), 1, "`shared` is also enabled by owner: left to validate()");
    }
}

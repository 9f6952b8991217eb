//! Synthetic specs of any size, for the benchmarks (`cargo xtask bench`).
//!
//! Every function has 10 parameters of mixed types and 2 rules (a flag that
//! switches on two parameters, a select value that enables one), so the
//! generator walks its real paths: enums, `Switch`, rule tables. Functions are
//! spread over [`GROUPS`] groups, few enough to get a cargo feature each.

use panelkit_spec::{
    Condition, EnumValue, Family, Field, FieldType, Function, FunctionKind, Panel, Param, ParamType, Protocol,
    ResultKind, ResultSpec, Rule, Text,
};

/// How many function groups (modules, features) a synthetic panel has.
pub const GROUPS: usize = 20;

fn text(s: &str) -> Text {
    Text { ru: None, en: Some(s.into()) }
}

fn param(name: &str, ty: ParamType) -> Param {
    Param { label: text(name), ..Param::new(name, ty) }
}

fn values(vs: &[&str]) -> Vec<EnumValue> {
    vs.iter().map(|v| EnumValue { value: (*v).into(), label: text(v) }).collect()
}

fn function(group: usize, i: usize) -> Function {
    let list = i.is_multiple_of(5);
    let params = vec![
        Param { required: true, ..param("name", ParamType::Text) },
        Param { min: Some(0), max: Some(65535), ..param("port", ParamType::Int) },
        Param { min: Some(0), infinity: Some(10000), ..param("quota", ParamType::Int) },
        param("ssl", ParamType::Flag),
        param("sslport", ParamType::Int),
        param("cert", ParamType::Text),
        Param { values: values(&["a", "b", "c"]), ..param("mode", ParamType::Enum) },
        param("addr", ParamType::Ipv4),
        param("passwd", ParamType::Password),
        Param { item: Some(ParamType::Domain), ..param("aliases", ParamType::List) },
    ];
    let rules = vec![
        Rule {
            param: "ssl".into(),
            when: Condition::On,
            enables: vec!["sslport".into(), "cert".into()],
            forbids: Vec::new(),
            readonly: Vec::new(),
        },
        Rule {
            param: "mode".into(),
            when: Condition::Equals("b".into()),
            enables: vec!["addr".into()],
            forbids: Vec::new(),
            readonly: Vec::new(),
        },
    ];
    let result = if list {
        ResultSpec {
            kind: ResultKind::List,
            fields: vec![
                Field {
                    name: "name".into(),
                    ty: FieldType::Text,
                    values: Vec::new(),
                    label: text("name"),
                    rust_name: None,
                    inferred: false,
                },
                Field {
                    name: "size".into(),
                    ty: FieldType::Int,
                    values: Vec::new(),
                    label: text("size"),
                    rust_name: None,
                    inferred: false,
                },
                Field {
                    name: "on".into(),
                    ty: FieldType::Flag,
                    values: Vec::new(),
                    label: text("on"),
                    rust_name: None,
                    inferred: false,
                },
                Field {
                    name: "disk".into(),
                    ty: FieldType::UsedLimit,
                    values: Vec::new(),
                    label: text("disk"),
                    rust_name: None,
                    inferred: false,
                },
            ],
            key: Some("name".into()),
            ..ResultSpec::default()
        }
    } else {
        ResultSpec { kind: ResultKind::Ok, ..ResultSpec::default() }
    };
    Function {
        title: text("A synthetic function"),
        params,
        rules,
        result,
        ..Function::new(format!("g{group:02}.f{i:05}"), if list { FunctionKind::List } else { FunctionKind::Form })
    }
}

/// An ISPsystem panel `synth` with `functions` functions (10 parameters, 2 rules each).
pub fn panel(functions: usize) -> Panel {
    Panel {
        id: "synth".to_owned(),
        family: Family::Ispmanager,
        version: "6".to_owned(),
        protocol: Protocol::Ispsystem,
        endpoint: "/ispmgr".to_owned(),
        mgr: Some("ispmgr".to_owned()),
        languages: vec!["en".to_owned()],
        title: text("Synthetic panel"),
        features: Vec::new(),
        sources: Vec::new(),
        functions: (0..functions).map(|i| function(i % GROUPS, i)).collect(),
    }
}

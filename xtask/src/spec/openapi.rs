//! `cargo xtask spec openapi <ID>`: a panel as an OpenAPI 3.0 document.
//!
//! One operation per function. ISPsystem panels dispatch on the `func` field of one
//! endpoint, which OpenAPI cannot say, so each operation gets the path `/<func>` and
//! its form-encoded body still carries `func` (one allowed value); the description
//! says so. Parameter types come from the same lowering the bindings and the fake
//! panel validate with ([`panelkit_spec::lower`]), so the three never disagree.

use panelkit_spec::lower::{self, Value};
use panelkit_spec::{Field, FieldType, Function, FunctionKind, Panel, Protocol, ResultKind};
use serde_json::{Map, Value as Json, json};

fn schema(v: &Value) -> Json {
    let string = |format: Option<&str>| match format {
        Some(f) => json!({"type": "string", "format": f}),
        None => json!({"type": "string"}),
    };
    match v {
        Value::Text | Value::Path | Value::Ip => string(None),
        Value::Password => string(Some("password")),
        Value::Domain => string(Some("hostname")),
        Value::Email => string(Some("email")),
        Value::Url => string(Some("uri")),
        Value::Ipv4 => string(Some("ipv4")),
        Value::Ipv6 => string(Some("ipv6")),
        Value::Date => string(Some("date")),
        Value::Datetime => string(Some("date-time")),
        Value::Int { min, max, infinity } => {
            let mut s = Map::new();
            s.insert("type".into(), json!("integer"));
            if let Some(m) = min {
                s.insert("minimum".into(), json!(m));
            }
            if let Some(m) = max {
                s.insert("maximum".into(), json!(m));
            }
            if let Some(i) = infinity {
                s.insert("description".into(), json!(format!("`{i}` means unlimited (accepted whatever the bounds)")));
            }
            Json::Object(s)
        }
        Value::Float => json!({"type": "number"}),
        Value::Flag => json!({"type": "string", "enum": ["on", "off"]}),
        Value::Enum(vs) => json!({"type": "string", "enum": vs}),
        // The wire value is one string: the items joined by the separator.
        Value::List { item, separator } => json!({
            "type": "string",
            "description": format!("items joined by {separator:?}"),
            "x-panelkit-list": {"separator": separator, "item": schema(item)},
        }),
    }
}

fn field_schema(f: &Field) -> Json {
    let mut s = match f.ty {
        FieldType::Int => json!({"type": "integer"}),
        FieldType::Float => json!({"type": "number"}),
        FieldType::Flag => json!({"type": "string"}),
        FieldType::UsedLimit => {
            json!({"type": "object", "properties": {"used": {"type": "string"}, "limit": {"type": "string"}}})
        }
        // Reply enums keep values the spec does not list, so no `enum` constraint.
        FieldType::Enum => {
            json!({"type": "string", "x-panelkit-values": f.values.iter().map(|v| &v.value).collect::<Vec<_>>()})
        }
        FieldType::Text | FieldType::List => json!({"type": "string"}),
    };
    if let (Some(label), Json::Object(m)) = (f.label.best(), &mut s) {
        m.insert("title".into(), json!(label));
    }
    s
}

fn object(props: Map<String, Json>, required: Vec<String>) -> Json {
    let mut s = Map::new();
    s.insert("type".into(), json!("object"));
    s.insert("properties".into(), Json::Object(props));
    if !required.is_empty() {
        s.insert("required".into(), json!(required));
    }
    Json::Object(s)
}

fn request_body(panel: &Panel, f: &Function) -> Json {
    let l = lower::func(f);
    let mut props = Map::new();
    let mut required = Vec::new();
    match panel.protocol {
        Protocol::Ispsystem => {
            props.insert("func".into(), json!({"type": "string", "enum": [f.name]}));
            props.insert("out".into(), json!({"type": "string", "enum": ["json", "xml"]}));
            required.push("func".to_owned());
        }
        Protocol::Brainycp => {
            props.insert("module".into(), json!({"type": "string", "enum": [f.module]}));
            // The runtime's default constant encoding: `module` and `subdo` fields.
            props.insert("subdo".into(), json!({"type": "string", "enum": [f.name]}));
            required.extend(["module".to_owned(), "subdo".to_owned()]);
        }
    }
    if let Some(e) = l.elid {
        let desc = if e.multiple { "the object's id; several joined by \", \"" } else { "the object's id" };
        props.insert("elid".into(), json!({"type": "string", "description": desc}));
        if e.required {
            required.push("elid".to_owned());
        }
    }
    if l.plid {
        props.insert("plid".into(), json!({"type": "string", "description": "the parent object's id"}));
        required.push("plid".to_owned());
    }
    if f.kind == FunctionKind::Form {
        props.insert("sok".into(), json!({"type": "string", "enum": ["ok"], "description": "submits the form"}));
    }
    for (p, lp) in f.params.iter().zip(&l.params) {
        let mut s = schema(&lp.value);
        if let (Some(label), Json::Object(m)) = (p.label.best(), &mut s) {
            m.insert("title".into(), json!(label));
        }
        props.insert(p.name.to_string(), s);
        if lp.required {
            required.push(p.name.to_string());
        }
    }
    json!({"required": true, "content": {"application/x-www-form-urlencoded": {"schema": object(props, required)}}})
}

fn reply(f: &Function) -> Json {
    let fields =
        |fs: &[Field]| -> Map<String, Json> { fs.iter().map(|x| (x.name.to_string(), field_schema(x))).collect() };
    let is_list =
        f.result.kind == ResultKind::List || (f.kind == FunctionKind::List && f.result.kind == ResultKind::Unknown);
    let doc = if is_list {
        let mut m = Map::new();
        m.insert("elem".into(), json!({"type": "array", "items": object(fields(&f.result.fields), Vec::new())}));
        object(m, Vec::new())
    } else if f.kind == FunctionKind::Form || f.result.kind == ResultKind::Form {
        let mut m: Map<String, Json> =
            f.params.iter().map(|p| (p.name.to_string(), json!({"type": "string"}))).collect();
        m.extend(fields(&f.result.fields));
        object(m, Vec::new())
    } else if f.result.kind == ResultKind::Ok {
        let mut m = Map::new();
        m.insert("ok".into(), json!({"type": "object"}));
        object(m, Vec::new())
    } else {
        json!({"type": "object"})
    };
    let mut m = Map::new();
    m.insert("doc".into(), doc);
    json!({"description": "the reply document", "content": {"application/json": {"schema": object(m, Vec::new())}}})
}

/// Operation ids: the wire name with every non-alphanumeric character as `_`.
fn operation_id(f: &Function) -> String {
    let base = match &f.module {
        Some(m) => format!("{m}_{}", f.name),
        None => f.name.clone(),
    };
    base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// The OpenAPI 3.0 document of `panel`.
pub fn document(panel: &Panel) -> Json {
    let mut paths = Map::new();
    for f in &panel.functions {
        let path = match &f.module {
            Some(m) => format!("/{m}/{}", f.name),
            None => format!("/{}", f.name),
        };
        let mut op = Map::new();
        op.insert("operationId".into(), json!(operation_id(f)));
        if let Some(t) = f.title.best() {
            op.insert("summary".into(), json!(t));
        }
        if let Some(d) = f.description.best() {
            op.insert("description".into(), json!(d));
        }
        op.insert("requestBody".into(), request_body(panel, f));
        op.insert("responses".into(), json!({"200": reply(f)}));
        if !f.typed {
            op.insert("x-panelkit-untyped".into(), json!(true));
        }
        paths.insert(path, json!({"post": Json::Object(op)}));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": panel.title.best().unwrap_or(&panel.id),
            "version": panel.version,
            "description": format!(
                "Generated by `cargo xtask spec openapi {}` from spec/{}. The panel serves every function at `{}`, \
                 dispatching on the body's `func` (ISPsystem) or `module` + `subdo` (BrainyCP); the per-function \
                 paths here exist because OpenAPI needs one path per operation.",
                panel.id, panel.id, panel.endpoint
            ),
        },
        "servers": [{"url": panel.endpoint}],
        "paths": paths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_is_an_operation_with_its_types_enums_bounds_and_required() {
        let root = crate::root();
        let panel = panelkit_spec::load_panel(&root.join("spec/ispmgr4")).expect("spec/ispmgr4 loads");
        let doc = document(&panel);
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["paths"].as_object().unwrap().len(), panel.functions.len());
        let body = &doc["paths"]["/domain.sublist.edit"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["schema"];
        assert_eq!(body["properties"]["func"]["enum"][0], "domain.sublist.edit");
        assert!(body["properties"]["sdtype"]["enum"].as_array().unwrap().iter().any(|v| v == "MX"));
        assert_eq!(body["properties"]["port"]["minimum"], 1);
        assert_eq!(body["properties"]["port"]["maximum"], 65535);
        assert!(body["required"].as_array().unwrap().iter().any(|v| v == "plid"));
        let list = &doc["paths"]["/domain.sublist"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["properties"]["doc"]["properties"]["elem"];
        assert_eq!(list["type"], "array");
        assert!(list["items"]["properties"].get("addr").is_some());
    }
}

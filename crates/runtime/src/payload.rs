//! BrainyCP payloads: the JSON `data` of a reply decoded into generated types, one small
//! non-generic helper per field kind, each error naming where it is.

/// The JSON value BrainyCP payloads arrive as (re-exported so bindings need no `serde_json` dependency).
pub use serde_json::Value as Json;

use crate::decode::{DecodeError, UsedLimit};
use crate::request::FromPayload;

impl FromPayload for Json {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        Ok(payload.clone())
    }
}

impl FromPayload for String {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Null => Ok(String::new()),
            Json::String(s) => Ok(s.clone()),
            Json::Number(n) => Ok(n.to_string()),
            other => Err(DecodeError::new("data", format!("expected a string, got {}", kind(other)))),
        }
    }
}

impl FromPayload for f64 {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Number(n) => n.as_f64().ok_or_else(|| DecodeError::new("data", "number out of range")),
            Json::String(s) => s.trim().parse().map_err(|_| DecodeError::new("data", format!("`{s}` is not a number"))),
            other => Err(DecodeError::new("data", format!("expected a number, got {}", kind(other)))),
        }
    }
}

impl<T: FromPayload> FromPayload for Vec<T> {
    fn from_payload(payload: &Json) -> Result<Self, DecodeError> {
        match payload {
            Json::Null => Ok(Vec::new()),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| T::from_payload(v).map_err(|e| DecodeError::new(format!("[{i}].{}", e.at), e.message)))
                .collect(),
            // PHP encodes a list with gaps in its keys as an object.
            Json::Object(m) => m
                .iter()
                .map(|(k, v)| T::from_payload(v).map_err(|e| DecodeError::new(format!("{k}.{}", e.at), e.message)))
                .collect(),
            other => Err(DecodeError::new("data", format!("expected a list, got {}", kind(other)))),
        }
    }
}

fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// The payload as an object, for a generated struct's `from_payload`.
pub fn json_object<'a>(v: &'a Json, what: &str) -> Result<&'a serde_json::Map<String, Json>, DecodeError> {
    v.as_object().ok_or_else(|| DecodeError::new("data", format!("expected an object for {what}, got {}", kind(v))))
}

fn scalar(v: Option<&Json>) -> Option<String> {
    match v? {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// A text field.
pub fn json_text(m: &serde_json::Map<String, Json>, name: &str) -> Option<String> {
    scalar(m.get(name))
}

/// An integer field (number or numeric string); absent, null or empty is `None`.
pub fn json_int(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<i64>, DecodeError> {
    match scalar(m.get(name)).as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| DecodeError::new(name, format!("`{t}` is not an integer"))),
    }
}

/// A decimal field; absent, null or empty is `None`.
pub fn json_float(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<f64>, DecodeError> {
    match scalar(m.get(name)).as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| DecodeError::new(name, format!("`{t}` is not a number"))),
    }
}

/// A flag field: `true`, `1`, `"on"`, `"yes"`.
pub fn json_flag(m: &serde_json::Map<String, Json>, name: &str) -> bool {
    match m.get(name) {
        Some(Json::Bool(b)) => *b,
        v => matches!(scalar(v).as_deref().map(str::trim), Some("1" | "on" | "yes" | "true")),
    }
}

/// A list field: an array of scalars or a space-separated string.
pub fn json_list(m: &serde_json::Map<String, Json>, name: &str) -> Vec<String> {
    match m.get(name) {
        Some(Json::Array(items)) => items.iter().filter_map(|v| scalar(Some(v))).collect(),
        v => scalar(v).map(|s| s.split_whitespace().map(str::to_owned).collect()).unwrap_or_default(),
    }
}

/// A `{"used": .., "limit": ..}` field.
pub fn json_used_limit(m: &serde_json::Map<String, Json>, name: &str) -> Result<Option<UsedLimit>, DecodeError> {
    let Some(Json::Object(o)) = m.get(name) else { return Ok(None) };
    let used = json_float(o, "used").map_err(|e| DecodeError::new(format!("{name}.used"), e.message))?;
    let limit = json_float(o, "limit").map_err(|e| DecodeError::new(format!("{name}.limit"), e.message))?;
    Ok(Some(UsedLimit { used, limit }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_helpers_report_where() {
        let v: Json =
            serde_json::json!({"n": "12", "bad": "x", "on": 1, "l": ["a", 2], "u": {"used": 1, "limit": "2"}});
        let m = json_object(&v, "test").unwrap();
        assert_eq!(json_int(m, "n"), Ok(Some(12)));
        assert_eq!(json_int(m, "bad").unwrap_err().at, "bad");
        assert!(json_flag(m, "on"));
        assert_eq!(json_list(m, "l"), vec!["a", "2"]);
        assert_eq!(json_used_limit(m, "u").unwrap(), Some(UsedLimit { used: Some(1.0), limit: Some(2.0) }));
        assert!(json_object(&Json::Null, "test").is_err());
        let e = Vec::<f64>::from_payload(&serde_json::json!([1, "x"])).unwrap_err();
        assert_eq!(e.at, "[1].data");
    }
}

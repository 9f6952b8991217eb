//! Encoded request parameters: what goes on the wire, secrets kept apart.

use std::borrow::Cow;
use std::fmt;

use crate::secret::Secret;

/// A parameter value on the wire.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// An ordinary value.
    Plain(String),
    /// A password or key: redacted in `Debug`, sent only in a POST body or a child's environment.
    Secret(Secret),
}

impl Value {
    /// The value as sent.
    pub fn expose(&self) -> &str {
        match self {
            Value::Plain(s) => s,
            Value::Secret(s) => s.expose(),
        }
    }

    /// True for secrets.
    pub fn is_secret(&self) -> bool {
        matches!(self, Value::Secret(_))
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Plain(s) => fmt::Debug::fmt(s, f),
            Value::Secret(s) => fmt::Debug::fmt(s, f),
        }
    }
}

/// One encoded parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Wire name.
    pub name: Cow<'static, str>,
    /// Value.
    pub value: Value,
    /// Set through the unchecked escape hatch: the validator does not refuse an unknown name.
    pub unchecked: bool,
}

/// The encoded parameters of one request, in the order they were set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    entries: Vec<Entry>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Params::default()
    }

    /// Sets a plain parameter (replacing an earlier one of the same name).
    pub fn set(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.put(name.into(), Value::Plain(value.into()), false);
    }

    /// Sets a secret parameter.
    pub fn set_secret(&mut self, name: impl Into<Cow<'static, str>>, value: Secret) {
        self.put(name.into(), Value::Secret(value), false);
    }

    /// Sets a parameter through the unchecked escape hatch.
    pub fn set_unchecked(&mut self, name: impl Into<Cow<'static, str>>, value: Value) {
        self.put(name.into(), value, true);
    }

    fn put(&mut self, name: Cow<'static, str>, value: Value, unchecked: bool) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.name == name) {
            e.value = value;
            e.unchecked = unchecked;
        } else {
            self.entries.push(Entry { name, value, unchecked });
        }
    }

    /// Adds every entry of `other`, replacing same-named ones.
    pub fn extend(&mut self, other: &Params) {
        for e in &other.entries {
            self.put(e.name.clone(), e.value.clone(), e.unchecked);
        }
    }

    /// The value of a parameter, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries.iter().find(|e| e.name == name).map(|e| e.value.expose())
    }

    /// Removes a parameter.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.entries.iter().position(|e| e.name == name)?;
        Some(self.entries.remove(i).value)
    }

    /// All entries in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

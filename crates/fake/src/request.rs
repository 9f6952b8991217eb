//! Request parameters off the wire (`application/x-www-form-urlencoded`, in the
//! query string or the body), strictly and in bounded work: a fake panel runs
//! in its users' CI and must not be frozen or corrupted by what it is sent.

use std::fmt;

/// Most parameters one request may carry (query and body together). Real forms have
/// a few dozen; the handlers behind this are not built for tens of thousands.
pub const MAX_PARAMS: usize = 2048;
/// Longest parameter name, in bytes.
pub const MAX_NAME_BYTES: usize = 256;
/// Longest parameter value, in bytes (certificates and keys fit).
pub const MAX_VALUE_BYTES: usize = 256 * 1024;

/// Why a request's parameters are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// More than [`MAX_PARAMS`] parameters.
    TooMany {
        /// Parameters counted before stopping.
        count: usize,
    },
    /// A name longer than [`MAX_NAME_BYTES`].
    NameTooLong {
        /// The start of the name.
        start: String,
    },
    /// A value longer than [`MAX_VALUE_BYTES`].
    ValueTooLong {
        /// The parameter.
        name: String,
    },
    /// `%` not followed by two hex digits.
    BadEscape {
        /// The parameter (or the start of its name when the name is broken).
        name: String,
    },
    /// The decoded bytes are not UTF-8 (`%FF`); refused rather than replaced with U+FFFD.
    NotUtf8 {
        /// The parameter.
        name: String,
    },
    /// A NUL character, which neither XML replies nor the panel's C++ core can carry.
    Nul {
        /// The parameter.
        name: String,
    },
    /// A name that is not an XML name would end up as an element of later replies.
    BadName {
        /// The name, as sent.
        name: String,
    },
}

impl FormError {
    /// The parameter the error is about, if one is known.
    pub fn param(&self) -> &str {
        match self {
            FormError::TooMany { .. } => "",
            FormError::NameTooLong { start } => start,
            FormError::ValueTooLong { name }
            | FormError::BadEscape { name }
            | FormError::NotUtf8 { name }
            | FormError::Nul { name }
            | FormError::BadName { name } => name,
        }
    }
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::TooMany { count } => write!(f, "more than {MAX_PARAMS} parameters ({count} or more)"),
            FormError::NameTooLong { .. } => write!(f, "a parameter name is longer than {MAX_NAME_BYTES} bytes"),
            FormError::ValueTooLong { name } => {
                write!(f, "the value of `{name}` is longer than {MAX_VALUE_BYTES} bytes")
            }
            FormError::BadEscape { name } => write!(f, "invalid percent-escape in `{name}`"),
            FormError::NotUtf8 { name } => write!(f, "`{name}` is not UTF-8 once decoded"),
            FormError::Nul { name } => write!(f, "`{name}` contains a NUL character"),
            FormError::BadName { name } => write!(f, "`{name}` is not a valid parameter name"),
        }
    }
}

impl std::error::Error for FormError {}

/// Name/value pairs in order (repeats kept), appended to `out`, which counts
/// towards [`MAX_PARAMS`] (so query and body share one budget).
///
/// `xml_names`: refuse names that are not XML names (ISPsystem panels store
/// parameters as elements of later replies). Work is linear in `bytes`.
pub fn parse_form_into(bytes: &[u8], xml_names: bool, out: &mut Vec<(String, String)>) -> Result<(), FormError> {
    for pair in bytes.split(|&b| b == b'&') {
        if pair.is_empty() {
            continue;
        }
        if out.len() == MAX_PARAMS {
            return Err(FormError::TooMany { count: out.len() + 1 });
        }
        let (raw_name, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let shown = || String::from_utf8_lossy(&raw_name[..raw_name.len().min(64)]).into_owned();
        if raw_name.len() > MAX_NAME_BYTES * 3 {
            return Err(FormError::NameTooLong { start: shown() });
        }
        let name = decode(raw_name).map_err(|e| e.at(shown()))?;
        if name.len() > MAX_NAME_BYTES {
            return Err(FormError::NameTooLong { start: name.chars().take(64).collect() });
        }
        if raw_value.len() > MAX_VALUE_BYTES * 3 {
            return Err(FormError::ValueTooLong { name });
        }
        let value = match decode(raw_value) {
            Ok(v) => v,
            Err(e) => return Err(e.at(name)),
        };
        if value.len() > MAX_VALUE_BYTES {
            return Err(FormError::ValueTooLong { name });
        }
        if name.contains('\0') || value.contains('\0') {
            return Err(FormError::Nul { name: name.replace('\0', "\\0") });
        }
        if xml_names && !panelkit_runtime::reply::is_xml_name(&name) {
            return Err(FormError::BadName { name });
        }
        out.push((name, value));
    }
    Ok(())
}

/// [`parse_form_into`] on its own.
pub fn parse_form(bytes: &[u8], xml_names: bool) -> Result<Vec<(String, String)>, FormError> {
    let mut out = Vec::new();
    parse_form_into(bytes, xml_names, &mut out)?;
    Ok(out)
}

enum DecodeFault {
    Escape,
    Utf8,
}

impl DecodeFault {
    fn at(self, name: String) -> FormError {
        match self {
            DecodeFault::Escape => FormError::BadEscape { name },
            DecodeFault::Utf8 => FormError::NotUtf8 { name },
        }
    }
}

/// `+` is a space, `%XX` a byte; anything else after `%` is an error.
fn decode(raw: &[u8]) -> Result<String, DecodeFault> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                let (Some(h), Some(l)) = (raw.get(i + 1).and_then(|&b| hex(b)), raw.get(i + 2).and_then(|&b| hex(b)))
                else {
                    return Err(DecodeFault::Escape);
                };
                out.push((h * 16 + l) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeFault::Utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_a_browser_form() {
        let p = parse_form(b"func=user.edit&name=a+b&note=%3Cx%3E%20%C3%A9&&flag", true).unwrap();
        assert_eq!(
            p,
            [("func", "user.edit"), ("name", "a b"), ("note", "<x> é"), ("flag", "")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn refuses_what_it_cannot_store_faithfully() {
        assert!(matches!(parse_form(b"a=%00", true), Err(FormError::Nul { .. })));
        assert!(matches!(parse_form(b"a=%FF", true), Err(FormError::NotUtf8 { .. })));
        assert!(matches!(parse_form(b"a=%G1", true), Err(FormError::BadEscape { .. })));
        assert!(matches!(parse_form(b"a=%4", true), Err(FormError::BadEscape { .. })));
        let e = parse_form(b"x%3E%3Cforged%3Eevil%3C%2Fforged%3E%3Cy=1", true).unwrap_err();
        assert_eq!(e, FormError::BadName { name: "x><forged>evil</forged><y".into() });
        assert!(parse_form(b"x%3E=1", false).is_ok());
        let many = "a=1&".repeat(MAX_PARAMS + 1);
        assert!(matches!(parse_form(many.as_bytes(), true), Err(FormError::TooMany { .. })));
        let long = format!("{}=1", "n".repeat(MAX_NAME_BYTES + 1));
        assert!(matches!(parse_form(long.as_bytes(), true), Err(FormError::NameTooLong { .. })));
        let long = format!("v={}", "x".repeat(MAX_VALUE_BYTES + 1));
        assert!(matches!(parse_form(long.as_bytes(), true), Err(FormError::ValueTooLong { .. })));
    }
}

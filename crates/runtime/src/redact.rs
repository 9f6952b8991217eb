//! Keeping secrets out of error messages and logs.

use std::fmt::Write as _;

use crate::params::Params;
use crate::secret::Secret;

/// Secrets shorter than this are not scrubbed from free text: replacing every
/// `a` in a message would destroy it while protecting nothing worth the name.
pub const MIN_SCRUB_LEN: usize = 4;

/// The secrets of one call, scrubbed from any text the client passes on.
#[derive(Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.needles.len())
    }
}

impl Redactor {
    /// Nothing to scrub.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Adds a secret (and its URL-encoded form, as a panel may echo a query back).
    pub fn add(&mut self, secret: &Secret) {
        self.add_str(secret.expose());
    }

    /// Adds a secret given as text.
    pub fn add_str(&mut self, s: &str) {
        if s.chars().count() < MIN_SCRUB_LEN {
            return;
        }
        let encoded = url_encode(s);
        for n in [s.to_owned(), encoded] {
            if !self.needles.contains(&n) {
                self.needles.push(n);
            }
        }
        // Longest first, so a secret containing another is replaced whole.
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// Adds every secret value of `params`.
    pub fn add_params(&mut self, params: &Params) {
        for e in params.entries() {
            if let crate::params::Value::Secret(s) = &e.value {
                self.add(s);
            }
        }
    }

    /// `text` with every known secret replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for n in &self.needles {
            if out.contains(n.as_str()) {
                out = out.replace(n.as_str(), "***");
            }
        }
        out
    }
}

/// A URL without its query and fragment (and without user info), for errors and logs.
pub fn strip_url(url: &str) -> String {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let base = &url[..cut];
    // Drop `user:pass@` from the authority.
    if let Some(scheme_end) = base.find("://") {
        let rest = &base[scheme_end + 3..];
        let auth_end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            return format!("{}{}", &base[..scheme_end + 3], &rest[at + 1..]);
        }
    }
    base.to_owned()
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

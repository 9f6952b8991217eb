//! The panel's own log as a source of real requests.
//!
//! COREmanager panels log every request the UI makes as
//! `... INFO Request [188.120.252.33][root] 'clicked_button=ok&func=domain.edit&...'`.
//! The ISPmanager 5 and IPmanager 5 guides build API calls from such lines: drop the
//! UI-only parameters (`sfrom`, `clicked_button`, `operafake`, `progressid`), those
//! equal to `*` and the empty ones, send the rest. This module does that once, for
//! `panelkit from-log` and for `cargo xtask harvest --log` alike, and aggregates
//! what a log shows into an overlay of observed functions and parameters.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

/// Parameters the panel's UI adds that are no part of a function (seed guides, "building a request from the log").
pub const UI_ONLY: &[&str] = &["sfrom", "clicked_button", "operafake", "progressid"];

/// The longest line read; a longer one is reported and skipped, never buffered whole.
pub const MAX_LINE: usize = 1 << 20;

/// The marker that opens a request record in the panel's log.
const MARKER: &str = "INFO Request [";

/// One request read from a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct LogRequest {
    /// 1-based line number.
    pub line: usize,
    /// Client address as logged.
    pub ip: String,
    /// Panel user as logged.
    pub user: String,
    /// `func=`, when the line has one.
    pub func: Option<String>,
    /// The parameters to send, percent-decoded, in log order (without `func`).
    pub params: Vec<(String, String)>,
    /// Names dropped as UI-only, `*` or empty, in log order.
    pub dropped: Vec<String>,
}

impl fmt::Debug for LogRequest {
    // Values may be passwords: Debug shows names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.params.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("LogRequest")
            .field("line", &self.line)
            .field("func", &self.func)
            .field("params", &names)
            .field("dropped", &self.dropped)
            .finish_non_exhaustive()
    }
}

/// A line that looks like a request record but cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LogError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong (never quotes a value).
    pub reason: String,
}

/// Whether a parameter name carries a secret (its value is never shown or kept).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("pass") || n.contains("secret") || matches!(n.as_str(), "auth" | "authinfo" | "key" | "token")
}

/// Reads one log line. `None` when the line is no request record (it is skipped).
pub fn parse_line(text: &str, line: usize) -> Option<Result<LogRequest, LogError>> {
    let at = text.find(MARKER)?;
    let err = |reason: &str| Some(Err(LogError { line, reason: reason.to_owned() }));
    let rest = &text[at + MARKER.len()..];
    let Some((ip, rest)) = rest.split_once(']') else { return err("no `]` after the client address") };
    let Some(rest) = rest.strip_prefix('[') else { return err("no `[user]` after the client address") };
    let Some((user, rest)) = rest.split_once(']') else { return err("no `]` after the user name") };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix('\'') else { return err("no quoted query after `[ip][user]`") };
    let Some(end) = rest.rfind('\'') else { return err("the quoted query is not closed") };
    let query = &rest[..end];
    let mut req = LogRequest {
        line,
        ip: ip.to_owned(),
        user: user.to_owned(),
        func: None,
        params: Vec::new(),
        dropped: Vec::new(),
    };
    for (i, pair) in query.split('&').enumerate().filter(|(_, p)| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = match decode(k) {
            Ok(k) => k,
            Err(e) => return Some(Err(LogError { line, reason: format!("parameter {}: name: {e}", i + 1) })),
        };
        let v = match decode(v) {
            Ok(v) => v,
            Err(e) => return Some(Err(LogError { line, reason: format!("parameter `{k}`: value: {e}") })),
        };
        if k == "func" {
            req.func = Some(v);
        } else if UI_ONLY.contains(&k.as_str()) || v.is_empty() || v == "*" {
            req.dropped.push(k);
        } else {
            req.params.push((k, v));
        }
    }
    Some(Ok(req))
}

/// Percent-decodes a form value (`+` is a space); a broken escape is an error, not a guess.
pub fn decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(byte) = byte else { return Err(format!("broken percent escape at byte {}", i + 1)) };
                out.push(byte);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| format!("not UTF-8 after decoding (byte {})", e.utf8_error().valid_up_to() + 1))
}

/// Reads a log line by line (each at most [`MAX_LINE`] bytes) and calls `f` with every
/// request record or problem; other lines are skipped. Stops early when `f` fails.
pub fn read_log<R: BufRead, E>(
    mut input: R,
    mut f: impl FnMut(Result<LogRequest, LogError>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<std::io::Error>,
{
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        line += 1;
        let n = std::io::Read::take(&mut input, MAX_LINE as u64 + 1).read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        if buf.len() > MAX_LINE && buf.last() != Some(&b'\n') {
            // Skip the rest of the overlong line without keeping it.
            loop {
                let (done, used) = {
                    let avail = input.fill_buf()?;
                    match avail.iter().position(|&c| c == b'\n') {
                        Some(p) => (true, p + 1),
                        None => (avail.is_empty(), avail.len()),
                    }
                };
                input.consume(used);
                if done {
                    break;
                }
            }
            f(Err(LogError { line, reason: format!("longer than {MAX_LINE} bytes; skipped") }))?;
            continue;
        }
        let text = String::from_utf8_lossy(&buf);
        if let Some(r) = parse_line(text.trim_end_matches(['\n', '\r']), line) {
            f(r)?;
        }
    }
}

/// What a log shows of one parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamSeen {
    /// Requests that carried it.
    pub count: usize,
    /// The type its values suggest (a spec type name: `int`, `flag`, `ip`, ...).
    pub ty: &'static str,
    /// For `list`: the item type.
    pub item: Option<&'static str>,
}

/// What a log shows of one function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionSeen {
    /// Requests of it.
    pub count: usize,
    /// Its parameters by wire name.
    pub params: BTreeMap<String, ParamSeen>,
}

/// Functions and parameters observed in a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// By function name.
    pub functions: BTreeMap<String, FunctionSeen>,
    /// Request records without `func=`.
    pub without_func: usize,
}

impl Observed {
    /// Adds one request.
    pub fn add(&mut self, req: &LogRequest) {
        let Some(func) = &req.func else {
            self.without_func += 1;
            return;
        };
        let f = self.functions.entry(func.clone()).or_default();
        f.count += 1;
        // `sok` is the form's submit marker, which clients add themselves: no parameter.
        for (k, v) in req.params.iter().filter(|(k, _)| k != "sok") {
            let guess = if is_secret_name(k) { ("password", None) } else { guess_type(v) };
            let p = f.params.entry(k.clone()).or_default();
            p.count += 1;
            if p.count == 1 {
                (p.ty, p.item) = guess;
            } else if (p.ty, p.item) != guess {
                (p.ty, p.item) = widen((p.ty, p.item), guess);
            }
        }
    }

    /// The overlay text: `[[function]]`s with `inferred = true` params, each with a
    /// `# seen in N of M requests` comment, for a maintainer to review and merge.
    pub fn to_overlay_toml(&self, panel: &str) -> String {
        let mut out = format!(
            "# Observed in the request log of `{panel}` (cargo xtask harvest --log): types are guessed\n\
             # from the values seen. Review before merging into spec/overlays/{panel}/.\n"
        );
        for (name, f) in &self.functions {
            out.push_str(&format!(
                "\n# seen in {} request(s)\n[[function]]\nname = {}\ninferred = true\n",
                f.count,
                q(name)
            ));
            for (pname, p) in &f.params {
                out.push_str(&format!(
                    "\n# seen in {} of {} request(s)\n[[function.params]]\nname = {}\ntype = \"{}\"\n",
                    p.count,
                    f.count,
                    q(pname),
                    p.ty
                ));
                if let Some(item) = p.item {
                    out.push_str(&format!("item = \"{item}\"\n"));
                }
                out.push_str("inferred = true\n");
            }
        }
        out
    }
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Two guesses for one parameter that disagree: the narrowest type both fit.
fn widen(
    a: (&'static str, Option<&'static str>),
    b: (&'static str, Option<&'static str>),
) -> (&'static str, Option<&'static str>) {
    let ips = ["ipv4", "ipv6", "ip"];
    if ips.contains(&a.0) && ips.contains(&b.0) {
        return ("ip", None);
    }
    let domains = |t: (&str, Option<&str>)| t.0 == "domain" || t == ("list", Some("domain"));
    if domains(a) && domains(b) {
        return ("list", Some("domain"));
    }
    if a.0 == "password" || b.0 == "password" {
        return ("password", None);
    }
    ("text", None)
}

fn is_domain(v: &str) -> bool {
    let v = v.strip_suffix('.').unwrap_or(v);
    v.contains('.')
        && v.len() <= 253
        && v.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && !v.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|c| c.is_ascii_digit()))
}

/// The spec type a value suggests.
pub fn guess_type(v: &str) -> (&'static str, Option<&'static str>) {
    if v == "on" || v == "off" {
        ("flag", None)
    } else if v.parse::<i64>().is_ok() {
        ("int", None)
    } else if v.parse::<std::net::Ipv4Addr>().is_ok() {
        ("ipv4", None)
    } else if v.parse::<std::net::Ipv6Addr>().is_ok() {
        ("ipv6", None)
    } else if is_domain(v) {
        ("domain", None)
    } else if v.split_once('@').is_some_and(|(l, d)| !l.is_empty() && !l.contains(' ') && is_domain(d)) {
        ("email", None)
    } else if v.contains(' ') && v.split(' ').all(is_domain) {
        ("list", Some("domain"))
    } else {
        ("text", None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "Feb 6 08:08:07 [2346:23826] core_module INFO Request [188.120.252.33][root] 'clicked_button=ok&email_inaccess=&func=domain.edit&ip=8.8.8.8&ip_existing=&maildomain=off&name=domain.name&ns=ns1.example.com.%20ns2.example.com.&operafake=1486357687433&owner=www%2Droot&owner_admins=off&progressid=false&reversezone=&sfrom=ajax&sok=ok&web_inaccess=&webdomain=off&zoom-ip=&zoom-ns='";

    #[test]
    fn the_seed_line_becomes_the_seed_request() {
        let r = parse_line(SEED, 1).expect("a request record").expect("readable");
        assert_eq!(r.func.as_deref(), Some("domain.edit"));
        assert_eq!((r.ip.as_str(), r.user.as_str()), ("188.120.252.33", "root"));
        let got: Vec<(&str, &str)> = r.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("ip", "8.8.8.8"),
                ("maildomain", "off"),
                ("name", "domain.name"),
                ("ns", "ns1.example.com. ns2.example.com."),
                ("owner", "www-root"),
                ("owner_admins", "off"),
                ("sok", "ok"),
                ("webdomain", "off"),
            ]
        );
        for gone in ["clicked_button", "operafake", "progressid", "sfrom", "email_inaccess", "zoom-ip", "zoom-ns"] {
            assert!(r.dropped.iter().any(|d| d == gone), "{gone} dropped");
        }
    }

    #[test]
    fn other_lines_are_skipped_and_broken_records_reported() {
        assert!(parse_line("Feb 6 08:08:07 [2346:23826] core_module INFO Started", 1).is_none());
        let e = parse_line("x INFO Request [1.2.3.4][root] 'func=a&b=%zz'", 7).unwrap().unwrap_err();
        assert_eq!(e.line, 7);
        assert!(e.reason.contains("`b`") && e.reason.contains("percent"), "{e}");
        let e = parse_line("x INFO Request [1.2.3.4 'func=a'", 2).unwrap().unwrap_err();
        assert!(e.reason.contains("]"), "{e}");
        let e = parse_line("x INFO Request [1.2.3.4][root] 'func=a", 3).unwrap().unwrap_err();
        assert!(e.reason.contains("not closed"), "{e}");
    }

    #[test]
    fn debug_and_errors_never_show_values() {
        let r = parse_line("x INFO Request [1.2.3.4][root] 'func=user.edit&passwd=hunter2xyz'", 1).unwrap().unwrap();
        assert!(!format!("{r:?}").contains("hunter2xyz"));
        let e =
            parse_line("x INFO Request [1.2.3.4][root] 'func=user.edit&passwd=hunter2%zz'", 1).unwrap().unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(is_secret_name("passwd") && is_secret_name("confirm_password") && !is_secret_name("name"));
    }

    #[test]
    fn overlong_lines_are_reported_and_reading_goes_on() {
        let mut text = "a".repeat(MAX_LINE + 10);
        text.push('\n');
        text.push_str(SEED);
        text.push('\n');
        let mut seen = Vec::new();
        read_log::<_, std::io::Error>(text.as_bytes(), |r| {
            seen.push(r.map(|r| r.line).map_err(|e| e.line));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, [Err(1), Ok(2)]);
    }

    #[test]
    fn observed_types_are_guessed_and_counted() {
        let mut o = Observed::default();
        o.add(&parse_line(SEED, 1).unwrap().unwrap());
        o.add(
            &parse_line("x INFO Request [1.2.3.4][root] 'func=domain.edit&ip=::1&name=b.example&passwd=x'", 2)
                .unwrap()
                .unwrap(),
        );
        let f = &o.functions["domain.edit"];
        assert_eq!(f.count, 2);
        assert_eq!((f.params["ip"].count, f.params["ip"].ty), (2, "ip"));
        assert_eq!((f.params["ns"].ty, f.params["ns"].item), ("list", Some("domain")));
        assert_eq!(f.params["maildomain"].ty, "flag");
        assert_eq!(f.params["name"].ty, "domain");
        assert_eq!(f.params["passwd"].ty, "password");
        let toml = o.to_overlay_toml("ispmgr6");
        assert!(
            toml.contains("# seen in 2 of 2 request(s)\n[[function.params]]\nname = \"ip\"\ntype = \"ip\""),
            "{toml}"
        );
        assert!(!toml.contains("hunter") && !toml.contains("8.8.8.8") && !toml.contains("\"sok\""), "{toml}");
        crate::parse_overlay(&toml, "observed.toml").expect("the overlay reads back as an overlay");
    }
}

//! Credentials and panel address: flags, environment, or a profile in
//! `~/.config/panelkit/config.toml` (refused when others can read it).
//!
//! ```toml
//! [profile.default]
//! url = "https://panel.example.com:1500"
//! panel = "ispmgr6"
//! user = "root"
//! password = "..."
//! pin = "AB:CD:..."   # optional: `panelkit fingerprint URL`
//! ```

use std::path::PathBuf;

use panelkit_runtime::Secret;

/// One profile's settings (all optional).
#[derive(Default, Debug)]
pub struct Profile {
    /// Panel URL.
    pub url: Option<String>,
    /// Panel id.
    pub panel: Option<String>,
    /// User name.
    pub user: Option<String>,
    /// Password (Debug shows `***`).
    pub password: Option<Secret>,
    /// Certificate pin.
    pub pin: Option<String>,
    /// Accept any certificate.
    pub insecure: bool,
}

/// The config file: `PANELKIT_CONFIG`, else `$XDG_CONFIG_HOME/panelkit/config.toml`, else `~/.config/...`.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PANELKIT_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("panelkit/config.toml"))
}

/// Loads profile `name`. A missing file is an empty profile; a file others can read is refused.
pub fn load(name: &str) -> Result<Profile, String> {
    let Some(path) = path() else { return Ok(Profile::default()) };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Profile::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    check_permissions(&path)?;
    let table: toml::Table = text.parse().map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(p) = table.get("profile").and_then(|p| p.get(name)) else {
        return if name == "default" {
            Ok(Profile::default())
        } else {
            Err(format!("{}: no [profile.{name}]", path.display()))
        };
    };
    let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    Ok(Profile {
        url: s("url"),
        panel: s("panel"),
        user: s("user"),
        password: s("password").map(Secret::new),
        pin: s("pin"),
        insecure: p.get("insecure").and_then(|v| v.as_bool()).unwrap_or(false),
    })
}

#[cfg(unix)]
fn check_permissions(path: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "{}: holds passwords but is accessible by group or others (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_: &std::path::Path) -> Result<(), String> {
    Ok(())
}

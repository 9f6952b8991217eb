//! `cargo xtask mock`: serve a fake panel from `spec/` until interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use panelkit_fake::{Account, FakePanel, Level};

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Panel id (a folder under spec/, see `cargo xtask spec list`).
    #[arg(long)]
    panel: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:1500")]
    listen: SocketAddr,
    /// An account as NAME:PASSWORD[:LEVEL] (admin, reseller or user; default admin). Repeatable.
    #[arg(long = "user", value_name = "NAME:PASSWORD[:LEVEL]")]
    users: Vec<String>,
    /// Serve under this path instead of the panel's endpoint.
    #[arg(long)]
    base_path: Option<String>,
    /// Serve HTTPS with a self-signed certificate generated at start.
    #[arg(long)]
    tls: bool,
    /// Print one line per request on stderr: function, parameters (secrets masked), reply kind.
    #[arg(long)]
    log: bool,
    /// Refuse parameters a function does not take (by default they are ignored, as a real
    /// panel does, and named in the `X-Panelkit-Ignored` response header).
    #[arg(long)]
    strict: bool,
    /// Initial state as JSON (the shape the fake panel's state snapshots have).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Idle seconds after which a session expires.
    #[arg(long, default_value_t = 3600)]
    session_ttl: u64,
    /// Spec folder root.
    #[arg(long, default_value_os_t = crate::root().join("spec"))]
    spec: PathBuf,
}

fn parse_user(s: &str) -> Result<Account, String> {
    let (name, rest) = s.split_once(':').ok_or_else(|| format!("`{s}`: expected NAME:PASSWORD[:LEVEL]"))?;
    if name.is_empty() {
        return Err("--user: empty user name".into());
    }
    // A password may hold colons: only a known level after the last one is taken as the level.
    let (password, level) = match rest.rsplit_once(':') {
        Some((p, "admin")) => (p, Level::Admin),
        Some((p, "reseller")) => (p, Level::Reseller),
        Some((p, "user")) => (p, Level::User),
        _ => (rest, Level::Admin),
    };
    Ok(Account::new(name, password, level))
}

/// Runs the command.
pub fn run(args: Args) -> crate::Result {
    let panels = panelkit_spec::load_dir(&args.spec)?;
    let Some(panel) = panels.into_iter().find(|p| p.id == args.panel) else {
        eprintln!("mock: no panel `{}` under {} (see `cargo xtask spec list`)", args.panel, args.spec.display());
        return Ok(ExitCode::FAILURE);
    };
    let mut b = FakePanel::builder(panel)
        .listen(args.listen)
        .tls(args.tls)
        .log_requests(args.log)
        .strict(args.strict)
        .session_ttl(Duration::from_secs(args.session_ttl));
    for u in &args.users {
        b = b.user(parse_user(u)?);
    }
    if let Some(p) = &args.base_path {
        b = b.base_path(p);
    }
    if let Some(f) = &args.state {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        b = b.state_json(json).map_err(|e| format!("{}: {e}", f.display()))?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let fake = b.start().await?;
        // Best effort: a reader that takes the first line and goes away (a test harness,
        // `| head -1`) must not stop the server it just learned the address of.
        let _ = crate::out::outln!("{} serving at {}", args.panel, fake.url());
        if let Some((user, password)) = fake.generated_credentials() {
            let _ = crate::out::outln!("generated admin: {user}:{password}");
        }
        if let Some(fp) = fake.fingerprint() {
            let _ = crate::out::outln!("TLS certificate SHA-256 fingerprint: {fp}");
        }
        let _ = crate::out::outln!("Ctrl-C stops it.");
        // Serve until the process is interrupted; the default SIGINT action ends it.
        std::future::pending::<()>().await;
        drop(fake);
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_specs() {
        let a = parse_user("root:secret").unwrap();
        assert_eq!((a.name.as_str(), a.password.as_str(), a.level), ("root", "secret", Level::Admin));
        let a = parse_user("bob:p:w:user").unwrap();
        assert_eq!((a.password.as_str(), a.level), ("p:w", Level::User));
        assert_eq!(parse_user("res:x:reseller").unwrap().level, Level::Reseller);
        assert_eq!(parse_user("a:b:c").unwrap().password, "b:c");
        assert!(parse_user("nopass").is_err());
        assert!(parse_user(":x").is_err());
    }
}

//! Local calls through `mgrctl` on the panel host.
//!
//! The program is started directly (no shell), so values need no quoting.
//! Secrets never reach the command line, which every local user can read in
//! `ps`: each goes into the child's environment as `PANELKIT_SECRET_<n>` and
//! the command line carries only `-e 'param=$PANELKIT_SECRET_<n>'`, which
//! mgrctl (COREmanager 5.325+) expands itself.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::error::{Error, TransportError, TransportKind};
use crate::http::RawReply;
use crate::params::{Params, Value};
use crate::redact::Redactor;

/// mgrctl of COREmanager 5 panels (ISPmanager 5/6, IPmanager 5, DNSmanager, BILLmanager).
pub const MGRCTL_PATH: &str = "/usr/local/mgr5/sbin/mgrctl";
/// mgrctl of ISPmanager 4.
pub const MGRCTL_PATH_ISP4: &str = "/usr/local/ispmgr/sbin/mgrctl";
/// Prefix of the environment variables that carry secrets to the child.
pub const SECRET_ENV_PREFIX: &str = "PANELKIT_SECRET_";

/// Where and how to run mgrctl.
#[derive(Debug, Clone)]
pub(crate) struct Mgrctl {
    pub path: PathBuf,
    pub mgr: String,
    pub timeout: Duration,
}

/// The command line and environment of one call: what will be run, secrets only in `env`.
#[derive(Clone, PartialEq, Eq)]
pub struct MgrctlCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// Extra environment variables for the child (the secrets).
    pub env: Vec<(String, String)>,
}

impl std::fmt::Debug for MgrctlCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env: Vec<&str> = self.env.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("MgrctlCommand")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("env", &env)
            .finish()
    }
}

/// Builds `<program> -m <mgr> -o <out> <func> k=v ... -e 'k=$PANELKIT_SECRET_n' ...`.
pub fn command(program: PathBuf, mgr: &str, out: &str, func: &str, params: &Params) -> Result<MgrctlCommand, Error> {
    if func.is_empty() || func.starts_with('-') || func.contains(['=', ' ']) {
        return Err(Error::Config(format!("`{func}` is not a function name mgrctl can take")));
    }
    let mut args = vec!["-m".to_owned(), mgr.to_owned(), "-o".to_owned(), out.to_owned(), func.to_owned()];
    let mut env = Vec::new();
    let mut secret_args = Vec::new();
    for e in params.entries() {
        let name = e.name.as_ref();
        if name.is_empty() || name.starts_with('-') || name.contains('=') {
            return Err(Error::Config(format!("`{name}` is not a parameter name mgrctl can take")));
        }
        match &e.value {
            Value::Plain(v) => args.push(format!("{name}={v}")),
            Value::Secret(s) => {
                let var = format!("{SECRET_ENV_PREFIX}{}", env.len());
                secret_args.push("-e".to_owned());
                secret_args.push(format!("{name}=${var}"));
                env.push((var, s.expose().to_owned()));
            }
        }
    }
    args.extend(secret_args);
    Ok(MgrctlCommand { program, args, env })
}

impl Mgrctl {
    pub(crate) async fn run(
        &self,
        func: &str,
        out: &str,
        params: &Params,
        redactor: &Redactor,
    ) -> Result<RawReply, Error> {
        let cmd = command(self.path.clone(), &self.mgr, out, func, params)?;
        let target = self.path.display().to_string();
        let mut child = tokio::process::Command::new(&cmd.program);
        child
            .args(&cmd.args)
            .envs(cmd.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let fail = |kind, message: String| {
            Error::Transport(TransportError { kind, target: target.clone(), message: redactor.scrub(&message) })
        };
        let output = match tokio::time::timeout(self.timeout, child.output()).await {
            Err(_) => return Err(fail(TransportKind::Timeout, format!("no reply within {:?}", self.timeout))),
            Ok(Err(e)) => return Err(fail(TransportKind::Spawn, e.to_string())),
            Ok(Ok(o)) => o,
        };
        let stdout_blank = output.stdout.iter().all(u8::is_ascii_whitespace);
        if !output.status.success() && stdout_blank {
            let stderr = crate::reply::snippet(&output.stderr);
            return Err(fail(TransportKind::Exit(output.status.code()), stderr));
        }
        // A failing call usually still prints its error document: let the caller read it.
        Ok(RawReply { body: output.stdout, status: None, content_type: None })
    }
}

//! `panelkit`: hosting control panels from the command line, on panelkit's specs.
//!
//! `from-log` turns the panel's own `INFO Request` log lines into requests (Rust,
//! curl, mgrctl, `panelkit call`); `call` validates and sends; `functions` and
//! `describe` read the spec offline; `fingerprint` prints a certificate pin.
//! Exit codes: 0 done, 1 the panel or the transport failed, 2 bad input (nothing sent).

mod call;
mod describe;
mod fingerprint;
mod fromlog;
mod profile;
mod render;
mod specs;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "panelkit", version, about = "Hosting control panels from the command line")]
struct Cli {
    /// Load specs from this folder (`DIR/<id>/panel.toml`, or `DIR/panel.toml`) instead of the shipped ones.
    #[arg(long, global = true, env = "PANELKIT_SPEC_DIR")]
    spec_dir: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Panel log `INFO Request` lines (FILE, or stdin) to requests.
    FromLog {
        /// Panel id (`ispmgr6`).
        #[arg(long)]
        panel: String,
        /// Output form.
        #[arg(long, value_enum, default_value = "all")]
        format: fromlog::Format,
        /// One JSON object per request.
        #[arg(long)]
        json: bool,
        /// The log; stdin when absent (`tail -f ... | grep Request | panelkit from-log`).
        file: Option<PathBuf>,
    },
    /// Validate and send one call.
    Call {
        /// Panel id (else PANELKIT_PANEL or the profile's `panel`).
        #[arg(long)]
        panel: Option<String>,
        /// Panel URL (else PANELKIT_URL or the profile's `url`).
        #[arg(long)]
        url: Option<String>,
        /// Profile in ~/.config/panelkit/config.toml.
        #[arg(long, default_value = "default", env = "PANELKIT_PROFILE")]
        profile: String,
        /// Act as this user (`su=`).
        #[arg(long)]
        su: Option<String>,
        /// Reply language (`lang=`).
        #[arg(long)]
        lang: Option<String>,
        /// Trust only the certificate with this SHA-256 (`panelkit fingerprint URL`).
        #[arg(long)]
        pin: Option<String>,
        /// Accept any certificate (prefer --pin).
        #[arg(long)]
        insecure: bool,
        /// Send through the panel host's mgrctl at PATH instead of HTTPS.
        #[arg(long)]
        mgrctl: Option<PathBuf>,
        /// Print the reply as JSON.
        #[arg(long)]
        json: bool,
        /// Function (`domain.edit`).
        func: String,
        /// Parameters `name=value` (`name=@env:VAR` reads the environment; required for secrets).
        params: Vec<String>,
    },
    /// The panel's functions, optionally only those whose name contains PATTERN.
    Functions {
        /// Panel id.
        #[arg(long)]
        panel: String,
        /// Part of a function name.
        pattern: Option<String>,
    },
    /// Everything the spec says about one function.
    Describe {
        /// Panel id.
        #[arg(long)]
        panel: String,
        /// Function.
        func: String,
    },
    /// The server certificate's SHA-256 fingerprint, in the form `--pin` takes.
    Fingerprint {
        /// `https://host:port`.
        url: String,
    },
}

/// Why a command failed, and the exit code that says so.
pub enum Fail {
    /// Bad input; nothing was sent (exit 2).
    Usage(String),
    /// The request breaks the spec; nothing was sent (exit 2).
    Invalid(String),
    /// The panel answered with an error (exit 1).
    Panel(String),
    /// Transport or other failure (exit 1).
    Other(String),
    /// Stdout's reader went away (`| head`): a normal end.
    Pipe,
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe { Fail::Pipe } else { Fail::Other(e.to_string()) }
    }
}

/// Writes to stdout, returning errors (a closed pipe) instead of panicking like `println!`.
fn out(s: &str) -> Result<(), Fail> {
    let mut o = std::io::stdout().lock();
    o.write_all(s.as_bytes())?;
    if !s.ends_with('\n') {
        o.write_all(b"\n")?;
    }
    o.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) | Err(Fail::Pipe) => ExitCode::SUCCESS,
        Err(Fail::Usage(e)) | Err(Fail::Invalid(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Fail::Panel(e)) | Err(Fail::Other(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Fail> {
    let spec_dir = cli.spec_dir.as_deref();
    let load = |id: &str| specs::load(id, spec_dir).map_err(Fail::Usage);
    match cli.cmd {
        Cmd::FromLog { panel, format, json, file } => {
            let panel = load(&panel)?;
            let input: Box<dyn BufRead> = match &file {
                Some(p) => Box::new(std::io::BufReader::new(
                    std::fs::File::open(p).map_err(|e| Fail::Usage(format!("{}: {e}", p.display())))?,
                )),
                None => Box::new(std::io::stdin().lock()),
            };
            let name = file.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "stdin".into());
            from_log(&panel, input, &name, format, json)
        }
        Cmd::Call { panel, url, profile, su, lang, pin, insecure, mgrctl, json, func, params } => {
            let prof = profile::load(&profile).map_err(Fail::Usage)?;
            let id = panel
                .or_else(|| std::env::var("PANELKIT_PANEL").ok())
                .or_else(|| prof.panel.clone())
                .ok_or_else(|| Fail::Usage("no panel: --panel, PANELKIT_PANEL or `panel` in the profile".into()))?;
            let panel = load(&id)?;
            let f = specs::function(&panel, &func).map_err(Fail::Usage)?;
            let params = call::params(&panel, &func, &params)?;
            if let Err(v) = specs::validate(f, &params) {
                let list: Vec<String> = v.list.iter().map(|v| format!("  {v}")).collect();
                return Err(Fail::Invalid(format!("`{func}` not sent:\n{}", list.join("\n"))));
            }
            let target = call::Target { url, mgrctl, su, lang, pin, insecure };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Fail::Other(e.to_string()))?;
            let doc = rt.block_on(call::send(&panel, &func, params, &target, &prof))?;
            if json {
                let v = render::json(&doc, Some(f));
                out(&serde_json::to_string_pretty(&v).map_err(|e| Fail::Other(e.to_string()))?)
            } else {
                out(&render::text(&doc, Some(f)))
            }
        }
        Cmd::Functions { panel, pattern } => out(&describe::functions(&load(&panel)?, pattern.as_deref())),
        Cmd::Describe { panel, func } => {
            let panel = load(&panel)?;
            let f = specs::function(&panel, &func).map_err(Fail::Usage)?;
            out(&describe::describe(&panel, f))
        }
        Cmd::Fingerprint { url } => {
            let fp = fingerprint::fingerprint(&url).map_err(Fail::Other)?;
            out(&fp)?;
            eprintln!("pin it with: panelkit call --pin {fp} ...  (or `pin = \"{fp}\"` in the profile)");
            Ok(())
        }
    }
}

/// Reads the log and prints each request as it comes (so `tail -f` streams).
fn from_log(
    panel: &panelkit_spec::Panel,
    input: Box<dyn BufRead>,
    name: &str,
    format: fromlog::Format,
    json: bool,
) -> Result<(), Fail> {
    let mut first = true;
    panelkit_harvest::log::read_log(input, |r| {
        let req = match r {
            Ok(req) => req,
            Err(e) => {
                eprintln!("{name}:{e}");
                return Ok(());
            }
        };
        let r = match fromlog::render(panel, &req, format) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{name}:line {}: {e}", req.line);
                return Ok(());
            }
        };
        if json {
            let v = fromlog::to_json(&req, &r, panel);
            return out(&serde_json::to_string(&v).map_err(|e| Fail::Other(e.to_string()))?);
        }
        let mut s = String::new();
        if !first {
            s.push('\n');
        }
        first = false;
        s.push_str(&format!(
            "# line {}: {} ({} parameter(s); dropped: {})\n",
            req.line,
            r.func,
            req.params.len(),
            if req.dropped.is_empty() { "none".to_owned() } else { req.dropped.join(", ") }
        ));
        for p in &r.problems {
            s.push_str(&format!("# problem: {p}\n"));
        }
        for (form, text) in &r.forms {
            if format == fromlog::Format::All {
                s.push_str(&format!("## {form}\n"));
            }
            s.push_str(text);
            s.push('\n');
        }
        out(&s)
    })
}

//! A stand-in `mgrctl` for tests: `-m MGR -i` prints a catalog file, `-m MGR -o FORMAT
//! FUNC k=v ...` forwards the call to a panel over HTTP on loopback and prints the reply.
//!
//! Usage: `panelkit-fake-mgrctl --forward URL --auth USER:PASS --catalog FILE <mgrctl args>`
//! (a test wraps it in a script so that the harvester sees a plain mgrctl).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fake mgrctl: {e}");
            ExitCode::FAILURE
        }
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut url, mut auth, mut catalog) = (String::new(), String::new(), String::new());
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--forward" => url = args.next().ok_or("--forward URL")?,
            "--auth" => auth = args.next().ok_or("--auth USER:PASS")?,
            "--catalog" => catalog = args.next().ok_or("--catalog FILE")?,
            _ => rest.push(a),
        }
    }
    let mut out = "text".to_owned();
    let mut func = None;
    let mut params: Vec<(String, String)> = Vec::new();
    let mut it = rest.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-m" => {
                it.next();
            }
            "-i" => {
                let text = std::fs::read_to_string(&catalog).map_err(|e| format!("{catalog}: {e}"))?;
                print!("{text}");
                return Ok(());
            }
            "-o" => out = it.next().ok_or("-o FORMAT")?,
            "-e" => {
                let spec = it.next().ok_or("-e 'k=$VAR'")?;
                let (k, var) = spec.split_once("=$").ok_or("-e takes k=$VAR")?;
                params.push((k.to_owned(), std::env::var(var).map_err(|_| format!("no ${var}"))?));
            }
            _ if func.is_none() => func = Some(a),
            _ => {
                let (k, v) = a.split_once('=').ok_or_else(|| format!("`{a}`: expected k=v"))?;
                params.push((k.to_owned(), v.to_owned()));
            }
        }
    }
    let func = func.ok_or("no function")?;
    let mut body = format!("func={}&out={}&authinfo={}", encode(&func), encode(&out), encode(&auth));
    for (k, v) in &params {
        body.push_str(&format!("&{}={}", encode(k), encode(v)));
    }
    let rest = url.strip_prefix("http://").ok_or("only http:// URLs")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut s = TcpStream::connect(host).map_err(|e| format!("{host}: {e}"))?;
    write!(
        s,
        "POST {path} HTTP/1.0\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).map_err(|e| e.to_string())?;
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no HTTP header end")?;
    std::io::stdout().write_all(&reply[split + 4..]).map_err(|e| e.to_string())?;
    Ok(())
}

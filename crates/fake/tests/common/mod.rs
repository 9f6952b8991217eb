//! A tiny HTTP/1.1 client over a raw socket: tests see exactly what goes on the wire.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The fake crate's own test specs.
pub fn spec(name: &str) -> panelkit_spec::Panel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs").join(name);
    panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("test spec {name}: {e}"))
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A reply: status and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    /// The `X-Panelkit-Ignored` header: parameters the panel ignored.
    pub ignored: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends raw bytes and reads the whole reply (the request must say `Connection: close`).
pub async fn raw(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    // The server may answer (and close) before reading everything: a failed write is fine.
    let _ = s.write_all(bytes).await;
    let _ = s.shutdown().await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    out
}

pub fn parse(bytes: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let content_type = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_owned))
        .unwrap_or_default();
    let ignored = head.lines().find_map(|l| {
        let (k, v) = l.split_once(": ")?;
        k.eq_ignore_ascii_case("x-panelkit-ignored").then(|| v.to_owned())
    });
    Reply { status, content_type, ignored, body: body.to_owned() }
}

/// GET `path?query`.
pub async fn get(addr: SocketAddr, path: &str, query: &str) -> Reply {
    let req = format!("GET {path}?{query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    parse(&raw(addr, req.as_bytes()).await)
}

/// POST a form body to `path`.
pub async fn post(addr: SocketAddr, path: &str, body: &str) -> Reply {
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    parse(&raw(addr, req.as_bytes()).await)
}

/// Form-encodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("encode")
}

/// The text between `<tag ...>` and `</tag>` of the first such element.
pub fn xml_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag}"))?;
    let open_end = start + xml[start..].find('>')?;
    let close = open_end + xml[open_end..].find(&format!("</{tag}>"))?;
    Some(&xml[open_end + 1..close])
}

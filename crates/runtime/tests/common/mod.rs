//! Shared pieces of the runtime's integration tests: the test panels and requests
//! ([`defs`]), the fake panel serving them ([`panel`]), and deliberately broken servers
//! on loopback (here), for what no working panel does.
#![allow(dead_code)]

pub mod defs;
pub mod panel;

#[allow(unused_imports)]
pub use defs::*;
#[allow(unused_imports)]
pub use panel::*;

use std::net::SocketAddr;

// ---- raw HTTP ----

/// A server that reads one request per connection and writes `response` bytes verbatim, then closes.
pub async fn start_raw(response: &'static [u8]) -> SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else { return };
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read headers and the declared body before answering.
                loop {
                    let Ok(n) = sock.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break;
                        }
                    }
                }
                let _ = sock.write_all(response).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    addr
}

/// Where the shared fixtures live (relative to the workspace root), if present.
///
/// Absent, tests skip, except under CI (env `CI` set), which always has them:
/// there a missing folder is a broken path and fails rather than passing on nothing.
pub fn shared_dir(sub: &str) -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared").join(sub);
    if !dir.is_dir() && std::env::var_os("CI").is_some() {
        panic!("{} is absent but CI is set: the shared fixtures must be there", dir.display());
    }
    dir.is_dir().then_some(dir)
}

/// A server that completes TCP but never says a word (a TLS handshake or request that
/// stalls forever): connections are held open until the test ends.
pub async fn start_silent() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    addr
}

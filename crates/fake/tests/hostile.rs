//! Requests written by an attacker (or a buggy client): the fake panel answers
//! each with a clear error, keeps serving everyone else, and never writes what
//! it was sent into a reply unescaped.

mod common;

use std::time::{Duration, Instant};

use common::{get, post, raw, spec};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use panelkit_runtime::{ErrorKind, PanelError, parse_reply};
use tokio::io::AsyncReadExt;

const EP: &str = "/manager/ispmgr";

async fn start() -> FakeHandle {
    FakePanel::builder(spec("ispmgr4mini")).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap()
}

/// The panel error a reply body carries.
fn panel_error(body: &str) -> PanelError {
    let doc = parse_reply(body.as_bytes(), None, None).unwrap_or_else(|e| panic!("ill-formed reply ({e}): {body}"));
    PanelError::from_doc(&doc).unwrap_or_else(|| panic!("not an error: {body}"))
}

#[tokio::test]
async fn hundred_thousand_parameters_are_refused_while_another_client_is_served() {
    let fake = start().await;
    let addr = fake.addr();
    let mut body = String::from("authinfo=root:secret&func=domain.edit");
    for i in 0..100_000 {
        body.push_str(&format!("&p{i}=v"));
    }
    assert!(body.len() < 1 << 20);
    let big = tokio::spawn(async move { post(addr, EP, &body).await });
    let started = Instant::now();
    let r = get(addr, EP, "func=auth&username=root&password=secret").await;
    let other = started.elapsed();
    assert!(r.body.contains("<auth "), "{}", r.body);
    let r = big.await.unwrap();
    let err = panel_error(&r.body);
    assert_eq!(err.kind, ErrorKind::Value);
    assert!(err.msg.contains("more than 2048 parameters"), "{}", err.msg);
    assert!(other < Duration::from_secs(5), "the other client waited {other:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "the big request took {:?}", started.elapsed());
}

#[tokio::test]
async fn idle_connections_are_closed_and_others_still_served() {
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .header_timeout(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let addr = fake.addr();
    let started = Instant::now();
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    // Half of them send an incomplete request head and stall.
    for s in idle.iter_mut().step_by(2) {
        use tokio::io::AsyncWriteExt;
        s.write_all(b"GET /manager/ispmgr?func=auth HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    }
    let r = get(addr, EP, "func=auth&username=root&password=secret").await;
    assert!(r.body.contains("<auth "), "{}", r.body);
    for mut s in idle {
        let mut buf = [0u8; 256];
        let left = Duration::from_secs(15).saturating_sub(started.elapsed());
        // Closed: EOF, or the server's 408 followed by EOF, or a reset.
        loop {
            match tokio::time::timeout(left, s.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(_)) => continue,
                Err(_) => panic!("a connection was still open after 15 s"),
            }
        }
    }
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_at_once() {
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .max_connections(4)
        .start()
        .await
        .unwrap();
    let addr = fake.addr();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(Duration::from_secs(5), extra.read(&mut buf)).await.expect("closed at once");
    assert!(matches!(n, Ok(0) | Err(_)), "{n:?}");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let r = get(addr, EP, "func=auth&username=root&password=secret").await;
    assert!(r.body.contains("<auth "), "{}", r.body);
}

#[tokio::test]
async fn markup_in_a_parameter_name_is_refused_and_never_reaches_a_reply() {
    let fake = start().await;
    let addr = fake.addr();
    let forged = "x%3E%3Cforged%3Eevil%3C%2Fforged%3E%3Cy";
    let r = get(addr, EP, &format!("authinfo=root:secret&func=domain.edit&name=a.example&{forged}=1&sok=ok")).await;
    let err = panel_error(&r.body);
    assert_eq!(err.kind, ErrorKind::Value);
    assert!(err.msg.contains("not a valid parameter name"), "{}", err.msg);
    assert!(!r.body.contains("<forged>"), "{}", r.body);
    let r = get(addr, EP, "authinfo=root:secret&func=domain").await;
    assert!(!r.body.contains("forged"), "{}", r.body);
}

#[tokio::test]
async fn nul_in_a_value_is_a_value_error_in_well_formed_xml() {
    let fake = start().await;
    let r = get(fake.addr(), EP, "authinfo=root:secret&func=domain.edit&name=a%00b.example&sok=ok").await;
    let err = panel_error(&r.body);
    assert_eq!(err.kind, ErrorKind::Value);
    assert_eq!(err.object.as_deref(), Some("name"));
    assert!(err.msg.contains("NUL"), "{}", err.msg);
    assert!(!r.body.contains('\0'));
}

#[tokio::test]
async fn invalid_percent_escapes_are_refused_not_replaced() {
    let fake = start().await;
    let addr = fake.addr();
    for (query, what) in [
        ("authinfo=root:secret&func=domain.edit&name=%FF.example&sok=ok", "not UTF-8"),
        ("authinfo=root:secret&func=domain.edit&name=%ZZ&sok=ok", "percent-escape"),
        ("authinfo=root:secret&func=domain.edit&name=a%4", "percent-escape"),
    ] {
        let r = get(addr, EP, query).await;
        let err = panel_error(&r.body);
        assert_eq!(err.kind, ErrorKind::Value, "{query}");
        assert!(err.msg.contains(what), "{query}: {}", err.msg);
        assert!(!r.body.contains('\u{FFFD}'));
    }
    // The same in a POST body.
    let r = post(addr, EP, "authinfo=root:secret&func=domain.edit&name=%FF").await;
    assert!(panel_error(&r.body).msg.contains("not UTF-8"));
    let r = get(addr, EP, "func=domain&authinfo=root:secret").await;
    assert!(!r.body.contains('\u{FFFD}'), "{}", r.body);
}

#[tokio::test]
async fn values_with_markup_are_escaped_in_later_replies() {
    let fake = start().await;
    let addr = fake.addr();
    let _ = raw(
        addr,
        b"GET /manager/ispmgr?authinfo=root:secret&func=domain.edit&name=evil.example&note=%3C%2Fname%3E%3Cforged%2F%3E%26%22&sok=ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    let r = get(addr, EP, "authinfo=root:secret&func=domain").await;
    let doc = parse_reply(r.body.as_bytes(), None, None).unwrap_or_else(|e| panic!("{e}: {}", r.body));
    assert!(!r.body.contains("<forged"), "{}", r.body);
    let mut stack = vec![&doc];
    while let Some(n) = stack.pop() {
        assert_ne!(n.name, "forged");
        stack.extend(&n.children);
    }
}

//! ISPsystem panels over real sockets: the curl scenario, auth modes, su,
//! expiry, one-time keys, group operations, state, TLS and malformed requests.

mod common;

use std::time::Duration;

use common::{form, get, post, raw, spec, xml_text};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};

const EP: &str = "/manager/ispmgr";

async fn start() -> FakeHandle {
    FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .user(Account::new("res", "respass", Level::Reseller))
        .user(Account::new("alice", "alicepass", Level::User).owned_by("res"))
        .user(Account::new("bob", "bobpass", Level::User))
        .start()
        .await
        .expect("start")
}

async fn login(fake: &FakeHandle, user: &str, pass: &str) -> String {
    let r =
        get(fake.addr(), EP, &form(&[("func", "auth"), ("username", user), ("password", pass), ("out", "xml")])).await;
    let id = xml_text(&r.body, "auth").unwrap_or_else(|| panic!("no session: {}", r.body)).to_owned();
    assert!(r.body.contains(&format!("id=\"{id}\"")), "{}", r.body);
    id
}

/// The "Done when" scenario, with a plain HTTP client.
#[tokio::test]
async fn curl_scenario_domain_and_records() {
    let fake = start().await;
    let addr = fake.addr();
    let r = get(addr, EP, "func=auth&username=root&password=secret&out=xml").await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/xml"), "{}", r.content_type);
    assert!(r.body.contains("level=\"7\""), "ISPmanager 4 admin level: {}", r.body);
    let s = xml_text(&r.body, "auth").expect("session").to_owned();

    let q = |rest: &str| format!("auth={s}&out=xml&{rest}");
    let r = get(addr, EP, &q("func=domain.edit&name=example.com&ip=192.0.2.1&ns=ns1.example.com.&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);

    let r =
        get(addr, EP, &q("func=domain.sublist.edit&plid=example.com&name=www&sdtype=A&addr=192.0.2.10&prio=10&sok=ok"))
            .await;
    assert!(r.body.contains("<error type=\"value\" object=\"prio\""), "{}", r.body);
    assert!(r.body.contains("sdtype = A forbids prio"), "the rule is named: {}", r.body);
    assert!(r.body.contains("code=\"4\""), "ISPmanager 4 numeric code: {}", r.body);

    let r = get(
        addr,
        EP,
        &q("func=domain.sublist.edit&plid=example.com&name=www&sdtype=MX&addr=mx.example.com.&prio=10&sok=ok"),
    )
    .await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);

    let r = get(addr, EP, &q("func=domain.sublist&elid=example.com")).await;
    assert!(r.body.contains("<elem>"), "{}", r.body);
    assert!(r.body.contains("<key>www.example.com. MX  10 mx.example.com.</key>"), "{}", r.body);
    assert!(r.body.contains("<type>MX</type>"), "{}", r.body);
    assert!(r.body.contains("<addr>mx.example.com.</addr>"), "{}", r.body);

    let r = get(addr, EP, &format!("auth={s}&out=json&func=domain.sublist&elid=example.com")).await;
    assert!(r.content_type.starts_with("application/json"));
    let v = r.json();
    let elem = &v["doc"]["elem"][0];
    assert_eq!(elem["type"]["$"], "MX", "{v}");
    assert_eq!(elem["addr"]["$"], "mx.example.com.", "{v}");

    // The record id works for delete, elid lists joined by ", ".
    let key = elem["key"]["$"].as_str().unwrap().to_owned();
    let r = post(
        addr,
        EP,
        &form(&[("auth", &s), ("func", "domain.sublist.delete"), ("plid", "example.com"), ("elid", &key)]),
    )
    .await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(addr, EP, &q("func=domain.sublist&elid=example.com")).await;
    assert!(!r.body.contains("<elem>"), "{}", r.body);
}

#[tokio::test]
async fn validation_errors_like_the_panel() {
    let fake = start().await;
    let addr = fake.addr();
    let s = login(&fake, "root", "secret").await;
    let call = |q: String| async move { get(addr, EP, &q).await.body };

    let body = call(format!("auth={s}&func=domain.edit&ip=192.0.2.1&sok=ok")).await;
    assert!(body.contains("<error type=\"missed\" object=\"name\""), "{body}");
    let body = call(format!("auth={s}&func=domain.edit&name=a.example&ip=300.1.1.1&sok=ok")).await;
    assert!(body.contains("<error type=\"value\" object=\"ip\""), "{body}");
    assert!(body.contains("<param name=\"value\">300.1.1.1</param>"), "{body}");
    // Unknown parameters are ignored as a real panel does (coremanager.rs checks the
    // header); a strict fake refuses them.
    let body = call(format!("auth={s}&func=domain.edit&name=a.example&ip=192.0.2.1&bogus=1&sok=ok")).await;
    assert!(body.contains("<ok/>"), "{body}");
    let strict = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .strict(true)
        .start()
        .await
        .expect("start");
    let q = "authinfo=root:secret&func=domain.edit&name=b.example&ip=192.0.2.1&bogus=1&sok=ok";
    let body = get(strict.addr(), EP, q).await.body;
    assert!(body.contains("<error type=\"value\" object=\"bogus\""), "{body}");
    let body = call(format!("auth={s}&func=no.such.func")).await;
    assert!(body.contains("<error type=\"missed\" object=\"func\""), "{body}");
    let body = call(format!("auth={s}&func=user.edit&name=x&disklimit=-5&sok=ok")).await;
    assert!(body.contains("object=\"disklimit\""), "{body}");
    // Secrets are never echoed.
    let body = call(format!("auth={s}&func=user.edit&name=x&passwd=hunter2hunter2&bogus2=1&sok=ok")).await;
    assert!(!body.contains("hunter2"), "{body}");
    // Language: Russian messages on request.
    let body = call(format!("auth={s}&lang=ru&func=domain.edit&ip=192.0.2.1&sok=ok")).await;
    assert!(body.contains("lang=\"ru\"") && body.contains("обязательного"), "{body}");
}

#[tokio::test]
async fn forms_lists_groups_exists_and_not_found() {
    let fake = start().await;
    let addr = fake.addr();
    let s = login(&fake, "root", "secret").await;
    for d in ["a.example", "b.example", "c.example"] {
        let r = post(
            addr,
            EP,
            &form(&[("auth", &s), ("func", "domain.edit"), ("name", d), ("ip", "192.0.2.1"), ("sok", "ok")]),
        )
        .await;
        assert!(r.body.contains("<ok/>"), "{}", r.body);
    }
    let r = post(
        addr,
        EP,
        &form(&[("auth", &s), ("func", "domain.edit"), ("name", "a.example"), ("ip", "192.0.2.9"), ("sok", "ok")]),
    )
    .await;
    assert!(r.body.contains("<error type=\"exists\" object=\"domain\""), "{}", r.body);

    // A form read without sok returns the current values.
    let r = get(addr, EP, &format!("auth={s}&func=domain.edit&elid=a.example")).await;
    assert!(r.body.contains("<elid>a.example</elid>") && r.body.contains("<ip>192.0.2.1</ip>"), "{}", r.body);
    // Edit: required params need not be repeated.
    let r = get(addr, EP, &format!("auth={s}&func=domain.edit&elid=a.example&ip=192.0.2.7&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(addr, EP, &format!("auth={s}&func=domain.edit&elid=a.example")).await;
    assert!(r.body.contains("<ip>192.0.2.7</ip>"), "{}", r.body);
    // A new form shows defaults.
    let r = get(addr, EP, &format!("auth={s}&func=domain.edit")).await;
    assert!(r.body.contains("<owner>root</owner>"), "{}", r.body);

    let r = get(addr, EP, &format!("auth={s}&func=domain.delete&elid=zzz.example")).await;
    assert!(r.body.contains("<error type=\"missed\" object=\"domain\""), "{}", r.body);
    let r = post(addr, EP, &form(&[("auth", &s), ("func", "domain.delete"), ("elid", "a.example, b.example")])).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(addr, EP, &format!("auth={s}&func=domain&out=sjson")).await;
    let v = r.json();
    let names: Vec<&str> =
        v["doc"]["elem"].as_array().unwrap().iter().map(|e| e["name"]["$"].as_str().unwrap()).collect();
    assert_eq!(names, ["c.example"]);

    // Child records need an existing parent.
    let r = get(
        addr,
        EP,
        &format!("auth={s}&func=domain.sublist.edit&plid=nope.example&name=www&sdtype=A&addr=192.0.2.1&sok=ok"),
    )
    .await;
    assert!(r.body.contains("<error type=\"missed\" object=\"domain\""), "{}", r.body);
    let r = get(addr, EP, &format!("auth={s}&func=domain.sublist&elid=nope.example")).await;
    assert!(r.body.contains("<error type=\"missed\""), "{}", r.body);
    // JSONdata is flat.
    let r = get(addr, EP, &format!("auth={s}&func=domain&out=JSONdata")).await;
    assert_eq!(r.json()["elem"][0]["name"], "c.example");
}

#[tokio::test]
async fn mailboxes_are_listed_by_address() {
    let fake = start().await;
    let a = fake.addr();
    let r = get(a, EP, "authinfo=root:secret&func=email.edit&name=info&domain=example.com&passwd=x&sok=ok").await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=email").await;
    assert!(r.body.contains("<name>info@example.com</name>"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=email.edit&elid=info@example.com").await;
    assert!(r.body.contains("<domain>example.com</domain>") && !r.body.contains("passwd"), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=email.edit&name=info&domain=example.com&sok=ok").await;
    assert!(r.body.contains("type=\"exists\""), "{}", r.body);
    let r = get(a, EP, "authinfo=root:secret&func=email.delete&elid=info@example.com").await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
}

#[tokio::test]
async fn suspend_resume_and_accounts() {
    let fake = start().await;
    let addr = fake.addr();
    let s = login(&fake, "root", "secret").await;
    let r = post(
        addr,
        EP,
        &form(&[
            ("auth", &s),
            ("func", "user.edit"),
            ("name", "carol"),
            ("passwd", "carolpass"),
            ("disklimit", "100"),
            ("sok", "ok"),
        ]),
    )
    .await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    // The new user can log in, and shows in the list with its limit.
    login(&fake, "carol", "carolpass").await;
    let r = get(addr, EP, &format!("auth={s}&func=user")).await;
    assert!(r.body.contains("<name>carol</name>") && r.body.contains("limit=\"100\""), "{}", r.body);
    assert!(!r.body.contains("carolpass"), "{}", r.body);

    let r = get(addr, EP, &format!("auth={s}&func=user.suspend&elid=carol")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(addr, EP, &format!("auth={s}&func=user")).await;
    assert!(r.body.contains("<disabled/>"), "{}", r.body);
    let r = get(addr, EP, "func=auth&username=carol&password=carolpass").await;
    assert!(r.body.contains("type=\"auth\""), "suspended users cannot log in: {}", r.body);
    get(addr, EP, &format!("auth={s}&func=user.resume&elid=carol")).await;
    login(&fake, "carol", "carolpass").await;

    get(addr, EP, &format!("auth={s}&func=user.delete&elid=carol")).await;
    let r = get(addr, EP, "func=auth&username=carol&password=carolpass").await;
    assert!(r.body.contains("object=\"badpassword\""), "{}", r.body);
}

#[tokio::test]
async fn auth_modes() {
    let fake = start().await;
    let addr = fake.addr();
    // Wrong password: the panel's auth error.
    let r = get(addr, EP, "func=auth&username=root&password=wrong").await;
    assert!(r.body.contains("<error type=\"auth\" object=\"badpassword\""), "{}", r.body);
    // No credentials.
    let r = get(addr, EP, "func=domain").await;
    assert!(r.body.contains("type=\"auth\""), "{}", r.body);
    // authinfo, GET and POST.
    let r = get(addr, EP, "authinfo=root:secret&func=domain&out=xml").await;
    assert!(r.body.starts_with("<?xml") && !r.body.contains("<error"), "{}", r.body);
    let r = post(addr, EP, &form(&[("authinfo", "root:secret"), ("func", "domain")])).await;
    assert!(!r.body.contains("<error"), "{}", r.body);
    let r = get(addr, EP, "authinfo=root:nope&func=domain").await;
    assert!(r.body.contains("badpassword"), "{}", r.body);
    // JSON login: session at doc.auth.$id.
    let r = get(addr, EP, "func=auth&username=root&password=secret&out=json").await;
    let v = r.json();
    let id = v["doc"]["auth"]["$id"].as_str().expect("$id");
    assert_eq!(v["doc"]["auth"]["$"], id);
    let r = get(addr, EP, &format!("auth={id}&func=domain&out=json")).await;
    assert!(r.json()["doc"].get("error").is_none(), "{}", r.body);
}

#[tokio::test]
async fn sessions_expire_after_idle_time() {
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .session_ttl(Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let s = login(&fake, "root", "secret").await;
    let r = get(fake.addr(), EP, &format!("auth={s}&func=domain")).await;
    assert!(!r.body.contains("<error"), "{}", r.body);
    fake.expire_sessions();
    let r = get(fake.addr(), EP, &format!("auth={s}&func=domain")).await;
    assert!(r.body.contains("<error type=\"auth\""), "{}", r.body);
    assert_eq!(fake.session_count(), 0);
    // A new login works.
    let s2 = login(&fake, "root", "secret").await;
    assert_ne!(s, s2);

    // A zero idle time expires at once, on the panel's own clock.
    let fake = FakePanel::builder(spec("ispmgr4mini"))
        .user(Account::new("root", "secret", Level::Admin))
        .session_ttl(Duration::ZERO)
        .start()
        .await
        .unwrap();
    let s = login(&fake, "root", "secret").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let r = get(fake.addr(), EP, &format!("auth={s}&func=domain")).await;
    assert!(r.body.contains("<error type=\"auth\""), "{}", r.body);
}

#[tokio::test]
async fn one_time_key_login() {
    let fake = start().await;
    let addr = fake.addr();
    let key = "1234567890qwertyuiop";
    // Only admins create keys, and only long ones.
    let r = get(addr, EP, &format!("authinfo=bob:bobpass&func=session.newkey&username=bob&key={key}")).await;
    assert!(r.body.contains("type=\"access\""), "{}", r.body);
    let r = get(addr, EP, "authinfo=root:secret&func=session.newkey&username=bob&key=short").await;
    assert!(r.body.contains("type=\"value\" object=\"key\""), "{}", r.body);
    let r = get(addr, EP, &format!("authinfo=root:secret&func=session.newkey&username=bob&key={key}")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);

    let r = get(addr, EP, &format!("func=auth&username=bob&key={key}&checkcookie=no")).await;
    let s = xml_text(&r.body, "auth").unwrap_or_else(|| panic!("{}", r.body)).to_owned();
    assert!(r.body.contains("level=\"1\""), "{}", r.body);
    let r = get(addr, EP, &format!("auth={s}&func=domain")).await;
    assert!(!r.body.contains("<error"), "{}", r.body);
    // Second use fails.
    let r = get(addr, EP, &format!("func=auth&username=bob&key={key}&checkcookie=no")).await;
    assert!(r.body.contains("type=\"auth\""), "{}", r.body);
}

#[tokio::test]
async fn su_levels_and_ownership() {
    let fake = start().await;
    let addr = fake.addr();
    // alice (owned by res) creates a domain; bob another.
    for (who, d) in [("alice:alicepass", "alice.example"), ("bob:bobpass", "bob.example")] {
        let r = get(addr, EP, &format!("authinfo={who}&func=domain.edit&name={d}&ip=192.0.2.1&sok=ok")).await;
        assert!(r.body.contains("<ok/>"), "{}", r.body);
    }
    let names = |body: &str| {
        let mut v: Vec<String> =
            body.split("<name>").skip(1).filter_map(|p| p.split_once("</name>")).map(|p| p.0.to_owned()).collect();
        v.sort();
        v
    };
    let r = get(addr, EP, "authinfo=root:secret&func=domain").await;
    assert_eq!(names(&r.body), ["alice.example", "bob.example"]);
    let r = get(addr, EP, "authinfo=bob:bobpass&func=domain").await;
    assert_eq!(names(&r.body), ["bob.example"]);
    // Admin su to anyone.
    let r = get(addr, EP, "authinfo=root:secret&su=alice&func=domain").await;
    assert_eq!(names(&r.body), ["alice.example"]);
    // Reseller su to its own user only.
    let r = get(addr, EP, "authinfo=res:respass&su=alice&func=domain").await;
    assert_eq!(names(&r.body), ["alice.example"]);
    let r = get(addr, EP, "authinfo=res:respass&su=bob&func=domain").await;
    assert!(r.body.contains("type=\"access\""), "{}", r.body);
    // Users su to nobody.
    let r = get(addr, EP, "authinfo=bob:bobpass&su=alice&func=domain").await;
    assert!(r.body.contains("type=\"access\""), "{}", r.body);
    // Function levels: users may not list users; resellers see theirs.
    let r = get(addr, EP, "authinfo=bob:bobpass&func=user").await;
    assert!(r.body.contains("type=\"access\""), "{}", r.body);
    let r = get(addr, EP, "authinfo=res:respass&func=user").await;
    assert_eq!(names(&r.body), ["alice"]);
    // Users cannot touch others' objects: not found.
    let r = get(addr, EP, "authinfo=bob:bobpass&func=domain.delete&elid=alice.example").await;
    assert!(r.body.contains("type=\"missed\""), "{}", r.body);
}

#[tokio::test]
async fn state_loads_and_reads_back() {
    let state = serde_json::json!({
        "users": [{"name": "root", "password": "secret", "level": "admin"}],
        "objects": {
            "domain": [{"name": "seeded.example", "ip": "192.0.2.5", "_owner": "root"}],
            "domain.sublist": [{"key": "www.seeded.example. A  192.0.2.5", "name": "www", "sdtype": "A",
                                 "addr": "192.0.2.5", "_plid": "seeded.example", "_owner": "root"}]
        }
    });
    let fake = FakePanel::builder(spec("ispmgr4mini")).state_json(state).unwrap().start().await.unwrap();
    assert!(fake.generated_credentials().is_none());
    let r = get(fake.addr(), EP, "authinfo=root:secret&func=domain.sublist&elid=seeded.example").await;
    assert!(r.body.contains("<key>www.seeded.example. A  192.0.2.5</key>"), "{}", r.body);
    get(fake.addr(), EP, "authinfo=root:secret&func=domain.delete&elid=seeded.example").await;
    let st = fake.state();
    assert_eq!(st["objects"]["domain"], serde_json::json!([]));
    assert_eq!(st["objects"]["domain.sublist"], serde_json::json!([]), "children go with their parent");
    assert!(!st.to_string().contains("secret"), "no passwords in snapshots: {st}");

    let bad = FakePanel::builder(spec("ispmgr4mini")).state_json(serde_json::json!({"objects": 5}));
    assert!(bad.is_err());
}

#[tokio::test]
async fn generated_admin_and_base_path() {
    let fake = FakePanel::builder(spec("ispmgr4mini")).base_path("/custom").start().await.unwrap();
    let (user, pass) = fake.generated_credentials().expect("generated");
    assert!(fake.url().ends_with("/custom"));
    let r = get(fake.addr(), "/custom", &form(&[("func", "auth"), ("username", user), ("password", pass)])).await;
    assert!(r.body.contains("<auth "), "{}", r.body);
    let r = get(fake.addr(), EP, "func=auth").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn malformed_requests_never_break_the_server() {
    let fake = start().await;
    let addr = fake.addr();
    let junk: &[&[u8]] = &[
        b"\x00\x01\x02garbage\r\n\r\n",
        b"GET /manager/ispmgr?func=%ZZ&%%%=&&==& HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /manager/ispmgr?func=%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"POST /manager/ispmgr HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
        b"POST /manager/ispmgr HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 100\r\n\r\nshort",
        b"DELETE /manager/ispmgr HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /manager/ispmgr?func=auth&username=&password=&out=bogus HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /manager/ispmgr?authinfo=:&func=domain.sublist.delete&elid=,%20,%20 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /manager/ispmgr?authinfo=root:secret&func=domain.sublist.delete&elid=,%20,%20&plid= HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ];
    for j in junk {
        let _ = raw(addr, j).await;
    }
    let big = "a=".to_owned() + &"x".repeat(2 << 20);
    let r = post(addr, EP, &big).await;
    assert_ne!(r.status, 200);
    // Still serving.
    let r = get(addr, EP, "func=auth&username=root&password=secret").await;
    assert!(r.body.contains("<auth "), "{}", r.body);
}

#[test]
fn spawn_without_a_runtime() {
    let fake =
        FakePanel::builder(spec("ispmgr4mini")).user(Account::new("root", "secret", Level::Admin)).spawn().unwrap();
    let addr = fake.addr();
    let body = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /manager/ispmgr?func=auth&username=root&password=secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
    .join()
    .unwrap();
    assert!(body.contains("<auth "), "{body}");
    drop(fake);
    assert!(std::net::TcpStream::connect(addr).is_err(), "stopped on drop");
}

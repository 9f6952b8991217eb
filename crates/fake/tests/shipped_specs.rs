//! The fake panel against the specs shipped in `spec/`: every function of every panel
//! answers with a well-formed reply, and the curl scenario works on ISPmanager 4.
//! `spec/` ships with the repository: a missing folder, a load error or a missing
//! panel fails these tests instead of turning them into no-ops.

mod common;

use common::{form, get, post};
use panelkit_fake::{Account, FakePanel, Level};
use panelkit_spec::{Family, Panel, Protocol};

fn shipped() -> Vec<Panel> {
    let dir = common::workspace().join("spec");
    let panels = panelkit_spec::load_dir(&dir).unwrap_or_else(|e| panic!("{} does not load:\n{e}", dir.display()));
    assert!(!panels.is_empty(), "no panels under {}", dir.display());
    panels
}

/// The shipped panel of a family and major version; its absence is a failure.
fn shipped_panel(family: Family, version: &str) -> Panel {
    shipped()
        .into_iter()
        .find(|p| p.family == family && p.version == version)
        .unwrap_or_else(|| panic!("spec/ ships no {family:?} {version} panel"))
}

fn well_formed_xml(body: &str) -> Result<(), String> {
    let mut r = quick_xml::Reader::from_str(body);
    let mut saw_doc = false;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                saw_doc |= e.name().as_ref() == b"doc";
            }
            Ok(_) => {}
            Err(e) => return Err(format!("{e} in {body}")),
        }
    }
    if saw_doc { Ok(()) } else { Err(format!("no <doc>: {body}")) }
}

#[tokio::test]
async fn every_function_of_every_panel_answers() {
    for panel in shipped() {
        let id = panel.id.clone();
        let functions = panel.functions.clone();
        let protocol = panel.protocol;
        let endpoint = panel.endpoint.clone();
        let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
        for (n, f) in functions.iter().enumerate() {
            match protocol {
                Protocol::Ispsystem => {
                    let out = if n % 2 == 0 { "xml" } else { "sjson" };
                    let r = get(
                        fake.addr(),
                        &endpoint,
                        &form(&[("authinfo", "root:secret"), ("func", &f.name), ("out", out)]),
                    )
                    .await;
                    assert_eq!(r.status, 200, "{id} {}", f.name);
                    if out == "xml" {
                        well_formed_xml(&r.body).unwrap_or_else(|e| panic!("{id} {}: {e}", f.name));
                    } else {
                        assert!(r.json()["doc"].is_object(), "{id} {}: {}", f.name, r.body);
                    }
                }
                Protocol::Brainycp => {
                    let module = f.module.clone().unwrap_or_default();
                    let body =
                        form(&[("username", "root"), ("password", "secret"), ("module", &module), ("subdo", &f.name)]);
                    let r = post(fake.addr(), &endpoint, &body).await;
                    assert!(r.json()["error"].is_i64(), "{id} {}: {}", f.name, r.body);
                }
            }
        }
        eprintln!("{id}: {} functions answered", functions.len());
    }
}

/// The "Done when", against the shipped ISPmanager 4 spec.
#[tokio::test]
async fn curl_scenario_on_shipped_ispmanager4() {
    let panel = shipped_panel(Family::Ispmanager, "4");
    let ep = panel.endpoint.clone();
    let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
    let addr = fake.addr();
    let r = get(addr, &ep, "func=auth&username=root&password=secret&out=xml").await;
    let s = common::xml_text(&r.body, "auth").unwrap_or_else(|| panic!("{}", r.body)).to_owned();
    let q = |rest: &str| format!("auth={s}&out=xml&{rest}");
    let r = get(addr, &ep, &q("func=domain.edit&name=example.com&ip=192.0.2.1&ns=ns1.example.com.&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(
        addr,
        &ep,
        &q("func=domain.sublist.edit&plid=example.com&name=www&sdtype=A&addr=192.0.2.10&prio=10&sok=ok"),
    )
    .await;
    assert!(r.body.contains("<error") && r.body.contains("object=\"prio\""), "{}", r.body);
    let r = get(
        addr,
        &ep,
        &q("func=domain.sublist.edit&plid=example.com&name=www&sdtype=MX&addr=mx.example.com.&prio=10&sok=ok"),
    )
    .await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(addr, &ep, &q("func=domain.sublist&elid=example.com")).await;
    assert!(r.body.contains("<elem>") && r.body.contains("mx.example.com."), "{}", r.body);
    let r = get(addr, &ep, &format!("auth={s}&out=json&func=domain.sublist&elid=example.com")).await;
    let v = r.json();
    assert!(v["doc"]["elem"][0].is_object() && r.body.contains("mx.example.com."), "{v}");
}

/// ISPmanager 4 `wwwdomain.edit` takes the site as `domain` while `wwwdomain` lists it as
/// `name`: the form must create the object under that name (it answered "missing `name`").
#[tokio::test]
async fn ispmanager4_wwwdomain_created_by_domain_lists_by_name() {
    let panel = shipped_panel(Family::Ispmanager, "4");
    let ep = panel.endpoint.clone();
    let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
    let q = |rest: &str| format!("authinfo=root:secret&out=xml&{rest}");
    let r = get(fake.addr(), &ep, &q("func=wwwdomain.edit&domain=site.example&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=wwwdomain")).await;
    assert!(r.body.contains("<name>site.example</name>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=wwwdomain.edit&elid=site.example")).await;
    assert!(r.body.contains("<domain>site.example</domain>"), "{}", r.body);
}

/// ISPmanager 6 `email.edit` takes the mail domain as `domainname`; the mailbox is listed
/// (and deleted) as `name@domain` like ISPmanager 4's (it was stored as bare `info`).
#[tokio::test]
async fn ispmanager6_mailbox_is_keyed_name_at_domainname() {
    let panel = shipped_panel(Family::Ispmanager, "6");
    let ep = panel.endpoint.clone();
    let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
    let q = |rest: &str| format!("authinfo=root:secret&out=xml&{rest}");
    // A mailbox needs its mail domain.
    let r = get(fake.addr(), &ep, &q("func=email.edit&name=info&domainname=example.com&sok=ok")).await;
    assert!(r.body.contains("<error type=\"missed\" object=\"emaildomain\""), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=emaildomain.edit&name=example.com&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=email.edit&name=info&domainname=example.com&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=email")).await;
    assert!(r.body.contains("<name>info@example.com</name>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=email.delete&elid=info@example.com")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
}

/// ISPmanager 4 has no `domain.delete`: its confirmation form `domain.delete.confirm`
/// deletes (it answered ok and kept the domain).
#[tokio::test]
async fn ispmanager4_delete_confirm_deletes() {
    let panel = shipped_panel(Family::Ispmanager, "4");
    let ep = panel.endpoint.clone();
    let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
    let q = |rest: &str| format!("authinfo=root:secret&out=xml&{rest}");
    let r = get(fake.addr(), &ep, &q("func=domain.edit&name=gone.example&ip=192.0.2.1&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=domain.delete.confirm&elid=gone.example&sok=ok")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    let r = get(fake.addr(), &ep, &q("func=domain")).await;
    assert!(!r.body.contains("gone.example"), "{}", r.body);
}

/// `func=logout` (what `IspClient::logout` sends) ends the session even where the spec
/// does not list it (it answered "function does not exist").
#[tokio::test]
async fn logout_ends_the_session() {
    let panel = shipped_panel(Family::Ispmanager, "4");
    let ep = panel.endpoint.clone();
    let fake = FakePanel::builder(panel).user(Account::new("root", "secret", Level::Admin)).start().await.unwrap();
    let id = fake.open_session("root").unwrap();
    let r = get(fake.addr(), &ep, &format!("auth={id}&out=xml&func=logout")).await;
    assert!(r.body.contains("<ok/>"), "{}", r.body);
    assert_eq!(fake.session_count(), 0);
    let r = get(fake.addr(), &ep, &format!("auth={id}&out=xml&func=domain")).await;
    assert!(r.body.contains("<error"), "{}", r.body);
}

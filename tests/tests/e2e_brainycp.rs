//! End to end on BrainyCP: the generated bindings, the runtime's `BrainyClient` and the
//! fake panel served from `spec/brainycp`, over loopback: certificates, domains with
//! certificates, the mail queue, typed error codes and the admin / `panel_user` rules.

use std::path::Path;

use panelkit_brainycp::brainycp::{Brainycp, certs_control as certs, mailserver as mail};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use panelkit_runtime::{BrainyClient, BrainyError, BrainyWire, Error, Unchecked};
use serde_json::{Value, json};

async fn fake() -> FakeHandle {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/brainycp");
    let panel = panelkit_spec::load_panel(&dir).unwrap_or_else(|e| panic!("spec/brainycp: {e}"));
    let queue = json!({ "brainy": { "mail_queue": [
        { "id": "1aBcDe-000001-AA", "from": "a@example.com", "to": "b@example.org", "frozen": "no" },
        { "id": "1aBcDe-000002-BB", "from": "c@example.com", "to": "d@example.org", "frozen": "yes" },
        { "id": "1aBcDe-000003-CC", "from": "e@example.com", "to": "f@example.org", "frozen": "yes" },
    ]}});
    FakePanel::builder(panel)
        .state_json(queue)
        .unwrap()
        .user(Account::new("root", "secret", Level::Admin))
        .user(Account::new("alice", "alicesecret", Level::User))
        .start()
        .await
        .expect("fake panel starts")
}

fn client(f: &FakeHandle, user: &str, password: &str) -> BrainyClient<Brainycp> {
    BrainyClient::<Brainycp>::builder(f.base_url(), user, password.to_owned()).language("en").build().unwrap()
}

fn api<E: std::fmt::Debug>(e: BrainyError<E>) -> (i64, E) {
    match e {
        BrainyError::Api { code, error, .. } => (code, error),
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn addcerts(domain: &str) -> certs::Addcerts {
    certs::Addcerts::new(domain, "RU", "Moscow", "Moscow", "Example LLC", "IT")
}

#[tokio::test]
async fn certificates_cycle() {
    let f = fake().await;
    let root = client(&f, "root", "secret");

    let name = root.call(&addcerts("example.com")).await.unwrap();
    assert_eq!(name, json!("example.com"));
    root.call(&addcerts("shop.example.com")).await.unwrap();
    let list = root.call(&certs::Listcerts::new()).await.unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(list.iter().any(|c| c.to_string().contains("shop.example.com")), "{list:?}");

    // Bind a certificate to a domain, list, unbind.
    root.call(&certs::Savedomaincerts::new("example.com", "example.com").key_mail(certs::SavedomaincertsKeyMail::Yes))
        .await
        .unwrap();
    let bound = root.call(&certs::Listdomaincerts::new()).await.unwrap();
    assert_eq!(bound.len(), 1, "{bound:?}");
    assert_eq!(f.state()["brainy"]["domain_certs"]["root"][0]["key_mail"], "yes");
    // A certificate in use cannot be deleted (code 1 → `InUse`).
    let (code, e) = api(root.call(&certs::Delcerts::new("example.com")).await.unwrap_err());
    assert_eq!(code, 1);
    assert!(matches!(e, certs::DelcertsError::InUse { .. }), "{e:?}");
    root.call(&certs::Deldomaincerts::new("example.com")).await.unwrap();
    assert!(root.call(&certs::Listdomaincerts::new()).await.unwrap().is_empty());
    // Unbinding again: `NotFound`.
    let (_, e) = api(root.call(&certs::Deldomaincerts::new("example.com")).await.unwrap_err());
    assert!(matches!(e, certs::DeldomaincertsError::NotFound { .. }), "{e:?}");

    root.call(&certs::Delcerts::new("example.com")).await.unwrap();
    // A missing key: code 2 → `NotFound`, message in the requested language.
    let err = root.call(&certs::Delcerts::new("example.com")).await.unwrap_err();
    let BrainyError::Api { code, message, error } = err else { panic!("{err:?}") };
    assert_eq!(code, 2);
    assert!(matches!(error, certs::DelcertsError::NotFound { .. }), "{error:?}");
    assert!(!message.is_empty() && message.is_ascii(), "English message: {message}");
    let left = f.state()["brainy"]["certs"]["root"].clone();
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left}");
    assert_eq!(left[0]["name"], "shop.example.com");
}

#[tokio::test]
async fn admin_and_panel_user() {
    let f = fake().await;
    let root = client(&f, "root", "secret");
    let alice = client(&f, "alice", "alicesecret");

    // Root acts on alice's certificates with panel_user; they are hers.
    root.with_panel_user("alice").call(&addcerts("alice.example")).await.unwrap();
    assert_eq!(f.state()["brainy"]["certs"]["alice"][0]["name"], "alice.example");
    assert!(root.call(&certs::Listcerts::new()).await.unwrap().is_empty(), "root's own list is empty");
    let hers = alice.call(&certs::Listcerts::new()).await.unwrap();
    assert_eq!(hers.len(), 1);
    // The request's own `panel_user` setter does the same.
    let via_param = root.call(&certs::Listcerts::new().panel_user("alice")).await.unwrap();
    assert_eq!(via_param, hers);

    // A user may not act for another (1000 → NotAdmin); an unknown user is 1001 → NoSuchUser.
    let (code, e) = api(alice.with_panel_user("root").call(&certs::Listcerts::new()).await.unwrap_err());
    assert_eq!(code, 1000);
    assert!(matches!(e, certs::ListcertsError::NotAdmin { .. }), "{e:?}");
    let (code, e) = api(root.with_panel_user("nobody").call(&certs::Listcerts::new()).await.unwrap_err());
    assert_eq!(code, 1001);
    let certs::ListcertsError::NoSuchUser { message } = e else { panic!("{e:?}") };
    assert!(message.contains("nobody"), "{message}");

    // The mail module is the admin's: alice gets 400 → ModuleUnavailable.
    let (code, e) = api(alice.call(&mail::CountMsg::new()).await.unwrap_err());
    assert_eq!(code, 400);
    assert!(matches!(e, mail::CountMsgError::ModuleUnavailable { .. }), "{e:?}");

    // Wrong credentials: an undocumented code, kept as Unknown.
    let wrong = client(&f, "root", "nope");
    let (code, e) = api(wrong.call(&certs::Listcerts::new()).await.unwrap_err());
    assert_eq!(code, 401);
    assert!(matches!(e, certs::ListcertsError::Unknown { code: 401, .. }), "{e:?}");

    // The seeds' wire form (constants as parameter names) works the same.
    let seeds = BrainyClient::<Brainycp>::builder(f.base_url(), "root", "secret".to_owned())
        .wire(BrainyWire::SEEDS)
        .build()
        .unwrap();
    assert_eq!(seeds.call(&mail::CountMsg::new()).await.unwrap(), json!(3));
}

#[tokio::test]
async fn mail_queue() {
    let f = fake().await;
    let root = client(&f, "root", "secret");
    assert_eq!(root.call(&mail::CountMsg::new()).await.unwrap(), json!(3));
    let queue = root.call(&mail::ListMsg::new()).await.unwrap();
    let ids: Vec<&str> = queue.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids, ["1aBcDe-000001-AA", "1aBcDe-000002-BB", "1aBcDe-000003-CC"]);

    // Reship a frozen message: it thaws.
    root.call(&mail::ControllMsg::new("1aBcDe-000002-BB", mail::ControllMsgCommand::Reship)).await.unwrap();
    assert_eq!(f.state()["brainy"]["mail_queue"][1]["frozen"], "no");
    // Unknown id: 101 → NoId.
    let (code, e) =
        api(root.call(&mail::ControllMsg::new("missing", mail::ControllMsgCommand::Delete)).await.unwrap_err());
    assert_eq!(code, 101);
    assert!(matches!(e, mail::ControllMsgError::NoId { .. }), "{e:?}");
    // Delete one, then the frozen ones.
    root.call(&mail::ControllMsg::new("1aBcDe-000001-AA", mail::ControllMsgCommand::Delete)).await.unwrap();
    root.call(&mail::DeleteFrozenMsg::new()).await.unwrap();
    let left: Vec<Value> = root.call(&mail::ListMsg::new()).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], "1aBcDe-000002-BB");
    root.call(&mail::DeleteAllMsg::new()).await.unwrap();
    assert_eq!(root.call(&mail::CountMsg::new()).await.unwrap(), json!(0));
    // An empty queue is error 100 → QueueEmpty.
    let (code, e) = api(root.call(&mail::ListMsg::new()).await.unwrap_err());
    assert_eq!(code, 100);
    assert!(matches!(e, mail::ListMsgError::QueueEmpty { .. }), "{e:?}");
}

#[tokio::test]
async fn bad_command_caught_before_sending_and_by_the_panel() {
    let f = fake().await;
    let root = client(&f, "root", "secret");
    let bad =
        mail::ControllMsg::new("1aBcDe-000001-AA", mail::ControllMsgCommand::Delete).unchecked("command", "purge");
    match root.call(&bad).await {
        Err(BrainyError::Client(Error::Invalid(v))) => assert!(v.list.iter().any(|x| x.param == "command"), "{v}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(f.state()["brainy"]["mail_queue"].as_array().map(Vec::len), Some(3), "nothing was sent");
    // Unchecked: the panel answers the function's own code for `command` (100 → BadCommand).
    let (code, e) = api(root.call_unchecked(&bad).await.unwrap_err());
    assert_eq!(code, 100);
    assert!(matches!(e, mail::ControllMsgError::BadCommand { .. }), "{e:?}");
    assert_eq!(f.state()["brainy"]["mail_queue"].as_array().map(Vec::len), Some(3));
}

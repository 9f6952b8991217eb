//! BrainyCP `api.php` over real sockets: certificates per user, domains with
//! certificates, the mail queue, admin / `panel_user` rules and error codes.

mod common;

use common::{form, post};
use panelkit_fake::{Account, FakeHandle, FakePanel, Level};
use serde_json::{Value, json};

const EP: &str = "/api/api.php";

async fn start() -> FakeHandle {
    FakePanel::builder(common::spec("brainymini"))
        .user(Account::new("admin", "adminpass", Level::Admin))
        .user(Account::new("ivan", "ivanpass", Level::User))
        .state_json(json!({"brainy": {"mail_queue": [
            {"id": "1a", "from": "a@example.com", "to": "b@example.com", "frozen": "no"},
            {"id": "2b", "from": "c@example.com", "to": "d@example.com", "frozen": "yes"}
        ]}}))
        .unwrap()
        .start()
        .await
        .unwrap()
}

/// Calls `module`/`op` as `who`, module and operation sent the way the public client does.
async fn call(fake: &FakeHandle, who: (&str, &str), module: &str, op: &str, extra: &[(&str, &str)]) -> Value {
    let mut pairs = vec![("username", who.0), ("password", who.1), ("module", module), ("subdo", op)];
    pairs.extend_from_slice(extra);
    post(fake.addr(), EP, &form(&pairs)).await.json()
}

const ADMIN: (&str, &str) = ("admin", "adminpass");
const IVAN: (&str, &str) = ("ivan", "ivanpass");

#[tokio::test]
async fn certificates_per_user_and_domains() {
    let fake = start().await;
    let csr = [
        ("domain", "example.com"),
        ("country", "ru"),
        ("state", "Moscow"),
        ("city", "Moscow"),
        ("company", "Example"),
        ("division", "IT"),
    ];
    let v = call(&fake, IVAN, "certs_control", "addcerts", &csr).await;
    assert_eq!(v["error"], 0, "{v}");
    assert_eq!(v["mess"], "Новый сертификат был успешно добавлен для пользователя: ivan");
    let name = v["data"].as_str().expect("new cert name").to_owned();

    let v = call(&fake, IVAN, "certs_control", "listcerts", &[("language", "en")]).await;
    assert_eq!(v, json!({"error": 0, "mess": "The certificate list was received for user: ivan", "data": [name]}));
    // The admin sees ivan's certificates through panel_user, and its own list is empty.
    let v = call(&fake, ADMIN, "certs_control", "listcerts", &[("panel_user", "ivan")]).await;
    assert_eq!(v["data"], json!([name]));
    let v = call(&fake, ADMIN, "certs_control", "listcerts", &[]).await;
    assert_eq!(v["data"], json!([]));

    let v = call(&fake, IVAN, "certs_control", "savedomaincerts", &[("domain", "example.com"), ("key", &name)]).await;
    assert_eq!(v["error"], 0, "{v}");
    assert_eq!(v["mess"], "Сертификат біл установлен для домена: example.com");
    let v = call(&fake, IVAN, "certs_control", "listdomaincerts", &[]).await;
    assert_eq!(v["data"], json!(["example.com"]));
    // In use: cannot delete (1); unknown: nothing to delete (2).
    let v = call(&fake, IVAN, "certs_control", "delcerts", &[("key_name", &name)]).await;
    assert_eq!(v["error"], 1, "{v}");
    let v = call(&fake, IVAN, "certs_control", "delcerts", &[("key_name", "nope")]).await;
    assert_eq!(v["error"], 2, "{v}");
    assert_eq!(v["mess"], "Нет такого ключа и сертификата. Нечего удалять");
    let v = call(&fake, IVAN, "certs_control", "deldomaincerts", &[("domain", "example.com")]).await;
    assert_eq!(v["error"], 0, "{v}");
    let v = call(&fake, IVAN, "certs_control", "deldomaincerts", &[("domain", "example.com")]).await;
    assert_eq!(v["error"], 1, "{v}");
    let v = call(&fake, IVAN, "certs_control", "delcerts", &[("key_name", &name)]).await;
    assert_eq!(v["error"], 0, "{v}");
    assert_eq!(fake.state()["brainy"]["certs"]["ivan"], json!([]));
}

#[tokio::test]
async fn admin_and_panel_user_rules() {
    let fake = start().await;
    let v = call(&fake, IVAN, "certs_control", "listcerts", &[("panel_user", "admin")]).await;
    assert_eq!(v["error"], 1000, "{v}");
    assert_eq!(v["mess"], "У вас нет прав администратора");
    let v = call(&fake, ADMIN, "certs_control", "listcerts", &[("panel_user", "ghost"), ("language", "en")]).await;
    assert_eq!(v["error"], 1001, "{v}");
    assert_eq!(v["mess"], "No such user in the ISP panel:ghost");
    // Parameter problems: 5, in the requested language.
    let v = call(&fake, IVAN, "certs_control", "addcerts", &[("domain", "example.com")]).await;
    assert_eq!(v, json!({"error": 5, "mess": "Ошибка в блоке параметров"}));
    let v =
        call(&fake, IVAN, "certs_control", "delcerts", &[("key_name", "x"), ("bogus", "1"), ("language", "en")]).await;
    assert_eq!(v["error"], 5, "{v}");
    let v =
        call(&fake, IVAN, "certs_control", "savedomaincerts", &[("domain", "bad domain"), ("key", "letencrypt")]).await;
    assert_eq!(v["error"], 5, "{v}");
    // Wrong password, unknown module.
    let v = call(&fake, ("ivan", "wrong"), "certs_control", "listcerts", &[]).await;
    assert_ne!(v["error"], 0, "{v}");
    let v = call(&fake, IVAN, "nosuchmodule", "listcerts", &[]).await;
    assert_eq!(v["error"], 400, "{v}");
}

#[tokio::test]
async fn constants_as_parameter_names_and_login_pass() {
    let fake = start().await;
    // The seeds' wording: the module and operation constants are parameter names.
    let body = form(&[("login", "ivan"), ("pass", "ivanpass"), ("certs_control", "1"), ("listcerts", "1")]);
    let v = post(fake.addr(), EP, &body).await.json();
    assert_eq!(v["error"], 0, "{v}");
    // GET works too (the mail module allows it).
    let r = common::get(fake.addr(), EP, "username=admin&password=adminpass&mailserver=1&count_msg=1").await;
    assert_eq!(r.json(), json!({"error": 0, "message": "Количество сообщений", "detail": 2}));
}

#[tokio::test]
async fn mail_queue() {
    let fake = start().await;
    // Not for ordinary users.
    let v = call(&fake, IVAN, "mailserver", "list_msg", &[]).await;
    assert_eq!(v["error"], 400, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "list_msg", &[]).await;
    assert_eq!(v["error"], 0, "{v}");
    assert_eq!(v["detail"].as_array().unwrap().len(), 2);
    let v = call(&fake, ADMIN, "mailserver", "controll_msg", &[("id", "1a"), ("command", "explode")]).await;
    assert_eq!(v["error"], 100, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "controll_msg", &[("command", "delete")]).await;
    assert_eq!(v["error"], 101, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "controll_msg", &[("id", "1a"), ("command", "delete")]).await;
    assert_eq!(v["error"], 0, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "delete_frozen_msg", &[]).await;
    assert_eq!(v["error"], 0, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "list_msg", &[("language", "en")]).await;
    assert_eq!(v, json!({"error": 100, "mess": "The mail queue is empty"}));

    let v = call(&fake, ADMIN, "mailserver", "clamav", &[("command", "on")]).await;
    assert_eq!(v["detail"], "on", "{v}");
    let v = call(&fake, ADMIN, "mailserver", "clamav", &[("command", "status")]).await;
    assert_eq!(v["detail"], "on", "{v}");
    let v = call(&fake, ADMIN, "mailserver", "clamav", &[("command", "reboot")]).await;
    assert_eq!(v["error"], 100, "the function's own code for a bad `command`: {v}");
    let v = call(&fake, ADMIN, "mailserver", "clamav", &[]).await;
    assert_eq!(v["error"], 100, "{v}");
    let v = call(&fake, ADMIN, "mailserver", "clamav", &[("command", "on"), ("bogus", "1")]).await;
    assert_eq!(v["error"], 5, "other parameter problems are the parameter block: {v}");
    assert_eq!(fake.state()["brainy"]["services"]["clamav"], "on");
}

//! Generated requests encode typed values as the panels expect them, keep secrets
//! secret, and `validate()` refuses what the types cannot express, naming the rule.

use std::net::{IpAddr, Ipv4Addr};

use panelkit_runtime::{Limit, Switch};
use panelkit_runtime::{Request, Unchecked};
use panelkit_tests::{mini, minibrainy};

#[test]
fn group_operations_join_ids_with_comma_space() {
    let p = mini::DomainDelete::new(["a.example", "b.example"]).to_params();
    assert_eq!(p.get("elid"), Some("a.example, b.example"));
    assert_eq!(p.get("sok"), None);
}

#[test]
fn forms_create_without_elid_and_edit_with_it() {
    let create = mini::DomainEdit::new("example.com", Ipv4Addr::new(192, 0, 2, 1));
    let p = create.clone().to_params();
    assert_eq!((p.get("elid"), p.get("sok"), p.get("ip")), (None, Some("ok"), Some("192.0.2.1")));
    let edit = create.elid("example.com").to_params();
    assert_eq!(edit.get("elid"), Some("example.com"));
    let read = mini::DomainEditGet::new("example.com").to_params();
    assert_eq!((read.get("elid"), read.get("sok")), (Some("example.com"), None));
    assert_eq!(mini::DomainEditGet::new("example.com").validate(), Ok(()));
}

#[test]
fn typed_values_encode() {
    let r = mini::DomainEdit::new("example.com", Ipv4Addr::LOCALHOST)
        .ns(["ns1.example.com", "ns2.example.com"])
        .maillimit(Limit::Unlimited)
        .type_(mini::DomainEditType::Slave)
        .passwd("hunter2")
        .reversezone(Switch::Off)
        .ssl(mini::DomainEditSsl { sslport: Some(8443), cert: Some("site".into()) });
    let p = r.to_params();
    assert_eq!(p.get("ns"), Some("ns1.example.com ns2.example.com"));
    assert_eq!(p.get("maillimit"), Some("10000"));
    assert_eq!(p.get("type"), Some("slave"));
    assert_eq!(p.get("reversezone"), Some("off"));
    assert_eq!((p.get("ssl"), p.get("sslport"), p.get("cert")), (Some("on"), Some("8443"), Some("site")));
    assert!(p.entries().iter().any(|e| e.name == "passwd" && e.value.is_secret()));
    assert!(!format!("{r:?}").contains("hunter2"));
    assert!(!format!("{p:?}").contains("hunter2"));
    assert_eq!(r.validate(), Ok(()));

    let u = mini::UserAddFinish::new("bob", [IpAddr::V4(Ipv4Addr::LOCALHOST), "::1".parse().unwrap()])
        .features([mini::UserAddFinishFeatures::Ftp, mini::UserAddFinishFeatures::Mail])
        .new_("x")
        .shell(false);
    let p = u.to_params();
    assert_eq!(p.get("name"), Some("bob"));
    assert_eq!(p.get("addrs"), Some("127.0.0.1 ::1"));
    assert_eq!(p.get("features"), Some("ftp,mail"));
    assert_eq!(p.get("new"), Some("x"));
    assert_eq!(p.get("shell"), Some("off"));
    assert_eq!(u.validate(), Ok(()));
}

#[test]
fn what_types_cannot_say_is_refused_by_validate_naming_the_rule() {
    // reversezone forbids ip6 and ns, and is itself allowed only for owner root:
    // overlapping rules, so they are checked at run time.
    let r = mini::DomainEdit::new("example.com", Ipv4Addr::LOCALHOST)
        .owner("alice")
        .ip6(std::net::Ipv6Addr::LOCALHOST)
        .ns(["ns1.example.com."])
        .reversezone(mini::DomainEditReversezone { subnetwork: Some("192.0.2.0/24".into()) });
    let err = r.validate().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("`ns` is forbidden by rule `reversezone = on enables subnetwork, forbids ip6, ns`"),
        "{text}"
    );
    assert!(text.contains("`ip6` is forbidden by rule"), "{text}");
    assert!(
        text.contains("`reversezone` is only allowed when rule `owner = root enables reversezone` holds"),
        "{text}"
    );
    assert_eq!(err.list.len(), 3, "{text}");
}

#[test]
fn bounds_and_values_are_checked_before_sending() {
    let r = mini::DomainSublistEdit::new("example.com", "mail")
        .sdtype(mini::DomainSublistEditSdtype::Mx { prio: Some(70000) })
        .unchecked("port", "25");
    let text = r.validate().unwrap_err().to_string();
    assert!(text.contains("`prio` = `70000` is invalid: above the maximum 65535"), "{text}");
    assert!(text.contains("`port` is forbidden by rule `sdtype = MX"), "{text}");
}

#[test]
fn unchecked_parameters_pass_through() {
    let r = minibrainy::Delcerts::new("old").unchecked("dellete_forse", "1");
    assert_eq!(r.validate(), Ok(()));
    assert_eq!(r.to_params().get("dellete_forse"), Some("1"));
    let u = mini::UserFilter::new().param("anything", "1").elid("x");
    assert_eq!(u.validate(), Ok(()));
    assert!(!<mini::UserFilter as Request>::INFO.typed);
}

#[test]
fn untyped_brainycp_functions_are_brainycp_requests() {
    use panelkit_runtime::{BrainyRequest, FromCode};
    fn error_of<R: BrainyRequest>(_: &R, code: i64) -> R::Error {
        R::Error::from_code(code, "no".into())
    }
    let r = minibrainy::DeleteAllMsg::new().param("queue", "frozen");
    assert_eq!(r.validate(), Ok(()));
    assert_eq!(error_of(&r, 400).to_string(), "error 400: no");
    assert_eq!(<minibrainy::DeleteAllMsg as Request>::INFO.module, Some("mailserver"));
}

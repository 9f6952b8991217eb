//! Bindings for the functions of an ISPmanager plugin, generated at build time from
//! `spec/hello` by `build.rs` with `panelkit_codegen` — the way a downstream crate
//! binds functions its own panel plugin adds.

/// The plugin's functions (generated into `OUT_DIR`).
pub mod hello {
    include!(concat!(env!("OUT_DIR"), "/hello.rs"));
}

#[cfg(test)]
mod tests {
    use panelkit_runtime::Request;
    use panelkit_runtime::{Limit, Switch};

    use super::hello;

    #[test]
    fn plugin_requests_are_typed_validated_and_encoded() {
        let r = hello::HelloGreetingEdit::new("Hi")
            .elid("7")
            .lang(hello::HelloGreetingEditLang::Ru)
            .schedule(hello::HelloGreetingEditSchedule { from: Some("2026-01-01".into()), till: None })
            .limit(Limit::Unlimited);
        assert_eq!(r.validate(), Ok(()));
        let p = r.to_params();
        assert_eq!(p.get("text"), Some("Hi"));
        assert_eq!(p.get("schedule"), Some("on"));
        assert_eq!(p.get("from"), Some("2026-01-01"));
        assert_eq!(p.get("limit"), Some("0"));
        assert_eq!(p.get("sok"), Some("ok"));
        let off = hello::HelloGreetingEdit::new("Hi").schedule(Switch::Off);
        assert_eq!(off.to_params().get("schedule"), Some("off"));
    }

    #[test]
    fn bad_values_are_refused_before_sending() {
        use panelkit_runtime::Unchecked;
        let r = hello::HelloGreetingEdit::new("").unchecked("from", "someday");
        let err = r.validate().unwrap_err().to_string();
        assert!(err.contains("`text` is required"), "{err}");
        assert!(err.contains("`from` = `someday` is invalid"), "{err}");
        assert!(err.contains("rule `schedule = on enables from, till`"), "{err}");
    }

    #[test]
    fn list_replies_decode() {
        let mut doc = panelkit_runtime::Node::new("doc");
        let mut elem = panelkit_runtime::Node::new("elem");
        for (k, v) in [("id", "1"), ("text", "Hello"), ("lang", "de"), ("shown", "3")] {
            let mut n = panelkit_runtime::Node::new(k);
            n.text = v.into();
            elem.children.push(n);
        }
        doc.children.push(elem);
        let list: Vec<hello::HelloGreetingElem> = panelkit_runtime::FromDoc::from_doc(&doc).unwrap();
        assert_eq!(list[0].shown, Some(3));
        assert_eq!(list[0].lang, Some(hello::HelloGreetingElemLang::Unknown("de".into())));
        assert_eq!(hello::functions().count(), 3);
    }
}

//! The test panels and hand-written requests the runtime's integration tests call.

use panelkit_runtime::{
    DecodeError, Done, ElidInfo, FuncInfo, FuncKind, Node, PanelDef, ParamInfo, Params, Protocol, Request, Secret,
    ValueKind,
};

pub const PASSWORD: &str = "Pa55-w0rd-SECRET";
pub const NEW_USER_PASSWORD: &str = "NewUser-Secret-42";

/// ISPmanager-like test panel.
#[derive(Debug, Clone, Copy)]
pub struct TestIsp;
impl PanelDef for TestIsp {
    const ID: &'static str = "testisp";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "/ispmgr";
    const MGR: &'static str = "ispmgr";
}

/// Another ISPsystem panel, to show requests are bound to their panel.
#[derive(Debug, Clone, Copy)]
pub struct OtherIsp;
impl PanelDef for OtherIsp {
    const ID: &'static str = "ispmgr4";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "/manager/ispmgr";
    const MGR: &'static str = "ispmgr";
}

// ---- `user` (list) ----

pub static USER_INFO: FuncInfo = FuncInfo {
    name: "user",
    module: None,
    kind: FuncKind::List,
    typed: true,
    elid: None,
    plid: false,
    params: &[],
    rules: &[],
};

#[derive(Debug, Default)]
pub struct UserList;

#[derive(Debug, PartialEq)]
pub struct UserElem {
    pub name: String,
    pub active: bool,
    pub disk: Option<panelkit_runtime::UsedLimit>,
}

impl panelkit_runtime::FromElem for UserElem {
    fn from_elem(e: &Node) -> Result<Self, DecodeError> {
        Ok(UserElem {
            name: panelkit_runtime::decode::text(e, "name").ok_or_else(|| DecodeError::new("name", "missing"))?,
            active: panelkit_runtime::decode::flag(e, "active"),
            disk: panelkit_runtime::decode::used_limit(e, "disk")?,
        })
    }
}

impl Request for UserList {
    type Panel = TestIsp;
    type Output = Vec<UserElem>;
    const INFO: &'static FuncInfo = &USER_INFO;
    fn encode(&self, _out: &mut Params) {}
}
impl panelkit_runtime::ForPanel<TestIsp> for UserList {}

// ---- `user.edit` (form: create/edit, and read) ----

pub static USER_EDIT_INFO: FuncInfo = FuncInfo {
    name: "user.edit",
    module: None,
    kind: FuncKind::Form,
    typed: true,
    elid: Some(ElidInfo { required: false, multiple: false }),
    plid: false,
    params: &[
        ParamInfo { name: "name", kind: ValueKind::Text, required: true, feature: None },
        ParamInfo { name: "passwd", kind: ValueKind::Password, required: true, feature: None },
        ParamInfo {
            name: "disklimit",
            kind: ValueKind::Int { min: Some(0), max: Some(1000), infinity: None },
            required: false,
            feature: None,
        },
    ],
    rules: &[],
};

#[derive(Debug)]
pub struct UserEdit {
    pub name: String,
    pub passwd: Secret,
    pub disklimit: Option<i64>,
    pub elid: Option<String>,
}

impl UserEdit {
    pub fn new(name: &str, passwd: &str) -> Self {
        UserEdit { name: name.into(), passwd: Secret::new(passwd), disklimit: None, elid: None }
    }
}

impl Request for UserEdit {
    type Panel = TestIsp;
    type Output = Done;
    const INFO: &'static FuncInfo = &USER_EDIT_INFO;
    fn encode(&self, out: &mut Params) {
        if let Some(e) = &self.elid {
            out.set("elid", e.clone());
        }
        out.set("name", self.name.clone());
        out.set_secret("passwd", self.passwd.clone());
        if let Some(d) = self.disklimit {
            out.set("disklimit", d.to_string());
        }
        out.set("sok", "ok");
    }
}
impl panelkit_runtime::ForPanel<TestIsp> for UserEdit {}

#[derive(Debug)]
pub struct UserEditGet {
    pub elid: String,
}

#[derive(Debug, PartialEq)]
pub struct UserForm {
    pub elid: String,
    pub name: String,
    pub disklimit: Option<i64>,
}

impl panelkit_runtime::FromDoc for UserForm {
    fn from_doc(doc: &Node) -> Result<Self, DecodeError> {
        Ok(UserForm {
            elid: panelkit_runtime::decode::text(doc, "elid").unwrap_or_default(),
            name: panelkit_runtime::decode::text(doc, "name").ok_or_else(|| DecodeError::new("name", "missing"))?,
            disklimit: panelkit_runtime::decode::int(doc, "disklimit")?,
        })
    }
}

pub static USER_EDIT_GET_INFO: FuncInfo = FuncInfo {
    name: "user.edit",
    module: None,
    kind: FuncKind::Form,
    typed: true,
    elid: Some(ElidInfo { required: true, multiple: false }),
    plid: false,
    params: &[],
    rules: &[],
};

impl Request for UserEditGet {
    type Panel = TestIsp;
    type Output = UserForm;
    const INFO: &'static FuncInfo = &USER_EDIT_GET_INFO;
    fn encode(&self, out: &mut Params) {
        out.set("elid", self.elid.clone());
    }
}
impl panelkit_runtime::ForPanel<TestIsp> for UserEditGet {}

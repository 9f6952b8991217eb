//! The panel's data: accounts, objects of every list, BrainyCP certificates and mail queue.
//!
//! The JSON form of [`State`] is what `--state FILE` loads and what
//! [`crate::FakeHandle::state`] returns (passwords are accepted on load and never written back).

use std::collections::BTreeMap;

use panelkit_spec::Level;
use serde::{Deserialize, Serialize};

/// One object: field name to value. Keys starting with `_` are the fake's own bookkeeping.
pub type Record = BTreeMap<String, String>;

/// Parent id of a child object (`domain.sublist` records under their domain).
pub const PLID: &str = "_plid";
/// The panel user owning an object (decides what users and resellers see).
pub const OWNER: &str = "_owner";
/// Set to `on` while an object is suspended and its list has no field to show it.
pub const SUSPENDED: &str = "_suspended";

/// A panel account that can log in. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Login.
    pub name: String,
    /// Password (read from state files, never written out).
    #[serde(default, skip_serializing)]
    pub password: String,
    /// Access level.
    pub level: Level,
    /// The reseller (or admin) that owns this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Suspended accounts cannot log in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspended: bool,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("name", &self.name)
            .field("password", &"***")
            .field("level", &self.level)
            .field("owner", &self.owner)
            .field("suspended", &self.suspended)
            .finish()
    }
}

/// BrainyCP data that the certificate and mail functions work on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrainyState {
    /// Certificates per panel user: name, domain and the request's details.
    #[serde(default)]
    pub certs: BTreeMap<String, Vec<Record>>,
    /// Domains with certificates per panel user: `domain`, `key`, `key_mail`.
    #[serde(default)]
    pub domain_certs: BTreeMap<String, Vec<Record>>,
    /// The mail queue: `id`, `from`, `to`, `frozen` (`yes`/`no`), ...
    #[serde(default)]
    pub mail_queue: Vec<Record>,
    /// Service switches (`clamav`, `spamassassin`): `on` / `off`.
    #[serde(default)]
    pub services: BTreeMap<String, String>,
}

/// Everything the fake panel holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Accounts (besides those given to the builder).
    #[serde(default)]
    pub users: Vec<Account>,
    /// Objects by list function name (`domain`, `domain.sublist`, `webdomain`).
    #[serde(default)]
    pub objects: BTreeMap<String, Vec<Record>>,
    /// BrainyCP data.
    #[serde(default)]
    pub brainy: BrainyState,
}

impl State {
    /// The account of this name.
    pub fn account(&self, name: &str) -> Option<&Account> {
        self.users.iter().find(|a| a.name == name)
    }

    /// Whether `actor` may see or act on objects owned by `owner`:
    /// admins on everything, resellers on their own and their users', users on their own.
    pub fn may_act_on(&self, actor: &Account, owner: Option<&str>) -> bool {
        match actor.level {
            Level::Admin => true,
            Level::Reseller => match owner {
                None => false,
                Some(o) => o == actor.name || self.account(o).is_some_and(|a| a.owner.as_deref() == Some(&actor.name)),
            },
            Level::User => owner == Some(actor.name.as_str()),
        }
    }
}

//! `panelkit call FUNC k=v ...`: validated, then sent with the runtime's client.

use panelkit_runtime::{CertPin, Error, IspClient, PanelDef, Params, Protocol, Secret};
use panelkit_spec::Panel;

use crate::Fail;
use crate::profile::Profile;

/// The CLI's panel marker: the endpoint and `mgrctl -m` come from the loaded spec at run time.
enum AnyIsp {}

impl PanelDef for AnyIsp {
    const ID: &'static str = "panelkit-cli";
    const PROTOCOL: Protocol = Protocol::Ispsystem;
    const ENDPOINT: &'static str = "/ispmgr";
    const MGR: &'static str = "ispmgr";
}

/// How to reach the panel.
pub struct Target {
    /// Panel URL.
    pub url: Option<String>,
    /// `mgrctl` path: the local transport instead of HTTPS.
    pub mgrctl: Option<std::path::PathBuf>,
    /// Act as this user.
    pub su: Option<String>,
    /// Reply language.
    pub lang: Option<String>,
    /// Certificate pin.
    pub pin: Option<String>,
    /// Accept any certificate.
    pub insecure: bool,
}

/// Reads `k=v` arguments; `k=@env:VAR` takes the value from the environment. Secret
/// parameters must come that way: a value on the command line shows in `ps` and shell history.
pub fn params(panel: &Panel, func: &str, args: &[String]) -> Result<Params, Fail> {
    let f = panel.functions.iter().find(|f| f.name == func);
    let mut params = Params::new();
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            return Err(Fail::Usage(format!("`{a}`: parameters are `name=value`")));
        };
        let secret = crate::specs::is_secret(f, k);
        let v = match v.strip_prefix("@env:") {
            Some(var) => std::env::var(var)
                .map_err(|_| Fail::Usage(format!("`{k}`: environment variable `{var}` is not set")))?,
            None if secret => {
                return Err(Fail::Usage(format!(
                    "`{k}` is a secret: pass it as `{k}=@env:VAR`, never as a value on the command line"
                )));
            }
            None => v.to_owned(),
        };
        if secret {
            params.set_secret(k.to_owned(), Secret::new(v));
        } else {
            params.set(k.to_owned(), v);
        }
    }
    Ok(params)
}

/// Sends the call and returns the reply document.
pub async fn send(
    panel: &Panel,
    func: &str,
    params: Params,
    t: &Target,
    prof: &Profile,
) -> Result<panelkit_runtime::Node, Fail> {
    if panel.protocol != panelkit_spec::Protocol::Ispsystem {
        return Err(Fail::Usage(format!("`{}`: `panelkit call` speaks the ISPsystem protocol only for now", panel.id)));
    }
    let mut b = match &t.mgrctl {
        Some(path) => IspClient::<AnyIsp>::mgrctl(path, panel.mgr.clone().unwrap_or_else(|| "ispmgr".into())),
        None => {
            let url = t
                .url
                .clone()
                .or_else(|| std::env::var("PANELKIT_URL").ok())
                .or_else(|| prof.url.clone())
                .ok_or_else(|| Fail::Usage("no panel URL: --url, PANELKIT_URL or `url` in the profile".into()))?;
            let user = std::env::var("PANELKIT_USER")
                .ok()
                .or_else(|| prof.user.clone())
                .ok_or_else(|| Fail::Usage("no user: PANELKIT_USER or `user` in the profile".into()))?;
            let password =
                std::env::var("PANELKIT_PASSWORD")
                    .ok()
                    .map(Secret::new)
                    .or_else(|| prof.password.clone())
                    .ok_or_else(|| Fail::Usage("no password: PANELKIT_PASSWORD or `password` in the profile".into()))?;
            let mut b = IspClient::<AnyIsp>::builder(url).endpoint(panel.endpoint.clone()).session(user, password);
            if let Some(pin) = t.pin.clone().or_else(|| std::env::var("PANELKIT_PIN").ok()).or_else(|| prof.pin.clone())
            {
                b = b.pin_certificate(CertPin::sha256_hex(&pin).map_err(|e| Fail::Usage(e.to_string()))?);
            }
            if t.insecure || prof.insecure {
                b = b.danger_accept_invalid_certs(true);
            }
            b
        }
    };
    if let Some(su) = &t.su {
        b = b.su(su.clone());
    }
    if let Some(lang) = &t.lang {
        b = b.lang(lang.clone());
    }
    let client = b.build().map_err(|e| Fail::Usage(e.to_string()))?;
    client.call_raw(func, params).await.map_err(|e| match e {
        Error::Panel(p) => Fail::Panel(p.to_string()),
        Error::Invalid(v) => Fail::Invalid(v.to_string()),
        e => Fail::Other(e.to_string()),
    })
}

//! The BrainyCP client: one POST to `api.php` per call, credentials in the body,
//! replies `{"error": N, "mess": "..", "data": ..}`.

use std::marker::PhantomData;
use std::time::Instant;

use serde_json::Value as Json;

use crate::error::{BrainyError, Error};
use crate::http::{HttpSettings, Method};
use crate::params::Params;
use crate::redact::{Redactor, strip_url};
use crate::reply::{ReplyError, Syntax};
use crate::request::{BrainyRequest, ForPanel, FromCode, FromPayload};
use crate::secret::Secret;
use crate::table::{PanelDef, Protocol};

/// How the module and operation constants go on the wire.
///
/// PANEL-FACTS: the seeds list the constants themselves as POST fields
/// (`certs_control`, `listcerts`), while the one public client (joonte/jbs)
/// sends `module=<module>&subdo=<operation>`. Which the server requires is
/// unverified, so this is the one switch; the default is the public client's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstantEncoding {
    /// `<module_field>=<module>&<operation_field>=<operation>`.
    Fields {
        /// Field carrying the module (`module`).
        module: &'static str,
        /// Field carrying the operation (`subdo`).
        operation: &'static str,
    },
    /// The seeds' reading: the constants are field names, each sent with itself as value
    /// (`certs_control=certs_control&listcerts=listcerts`).
    Named,
}

/// The wire names of a BrainyCP call, decided in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrainyWire {
    /// Field of the user name (`username`; some pages use `login`).
    pub username_field: &'static str,
    /// Field of the password (`password`; some pages use `pass`).
    pub password_field: &'static str,
    /// Module and operation encoding.
    pub constants: ConstantEncoding,
}

impl BrainyWire {
    /// `username`/`password` with `module=`/`subdo=` (the public client's constants; the default).
    pub const PUBLIC_CLIENT: BrainyWire = BrainyWire {
        username_field: "username",
        password_field: "password",
        constants: ConstantEncoding::Fields { module: "module", operation: "subdo" },
    };
    /// `username`/`password` with the constants as field names (the seeds' reading).
    pub const SEEDS: BrainyWire =
        BrainyWire { username_field: "username", password_field: "password", constants: ConstantEncoding::Named };

    /// Writes module and operation into `params`.
    pub fn encode_constants(&self, module: &str, operation: &str, params: &mut Params) {
        match self.constants {
            ConstantEncoding::Fields { module: mf, operation: of } => {
                params.set(mf, module.to_owned());
                params.set(of, operation.to_owned());
            }
            ConstantEncoding::Named => {
                params.set(module.to_owned(), module.to_owned());
                params.set(operation.to_owned(), operation.to_owned());
            }
        }
    }
}

impl Default for BrainyWire {
    fn default() -> Self {
        BrainyWire::PUBLIC_CLIENT
    }
}

/// A decoded BrainyCP reply envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct BrainyReply {
    /// `error` (or `err`): 0 is success.
    pub code: i64,
    /// `mess` (or `message`); empty when absent.
    pub message: String,
    /// `data` (or `detail`); `Null` when absent.
    pub payload: Json,
}

impl BrainyReply {
    /// Reads the envelope, tolerating `err` for `error`, `message` for `mess`,
    /// `detail` for `data`, numeric strings for the code, and extra fields such as `code`.
    pub fn parse(body: &[u8], status: Option<u16>, content_type: Option<&str>) -> Result<BrainyReply, ReplyError> {
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_none() {
            return Err(ReplyError::Empty { status });
        }
        if first != Some(&b'{') {
            return Err(ReplyError::Unrecognized {
                status,
                content_type: content_type.map(str::to_owned),
                snippet: crate::reply::snippet(body),
            });
        }
        let v: Json = serde_json::from_slice(body).map_err(|e| match e.classify() {
            serde_json::error::Category::Eof => {
                ReplyError::Truncated { syntax: Some(Syntax::Json), received: body.len(), message: e.to_string() }
            }
            _ => ReplyError::Malformed {
                syntax: Syntax::Json,
                line: e.line().max(1),
                column: e.column().max(1),
                message: e.to_string(),
            },
        })?;
        let code_field = v.get("error").or_else(|| v.get("err"));
        let code = match code_field {
            Some(Json::Number(n)) => n.as_i64(),
            Some(Json::String(s)) => s.trim().parse().ok(),
            Some(Json::Bool(false)) => Some(0),
            _ => None,
        }
        .ok_or_else(|| ReplyError::Malformed {
            syntax: Syntax::Json,
            line: 1,
            column: 1,
            message: "the reply has no numeric `error` code".into(),
        })?;
        let message = match v.get("mess").or_else(|| v.get("message")) {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let payload = v.get("data").or_else(|| v.get("detail")).cloned().unwrap_or(Json::Null);
        Ok(BrainyReply { code, message, payload })
    }
}

/// A BrainyCP client for panel `P`.
pub struct BrainyClient<P: PanelDef> {
    client: reqwest::Client,
    url: String,
    username: String,
    password: Secret,
    language: Option<String>,
    panel_user: Option<String>,
    wire: BrainyWire,
    method: Method,
    _panel: PhantomData<fn() -> P>,
}

impl<P: PanelDef> Clone for BrainyClient<P> {
    fn clone(&self) -> Self {
        BrainyClient {
            client: self.client.clone(),
            url: self.url.clone(),
            username: self.username.clone(),
            password: self.password.clone(),
            language: self.language.clone(),
            panel_user: self.panel_user.clone(),
            wire: self.wire,
            method: self.method,
            _panel: PhantomData,
        }
    }
}

impl<P: PanelDef> std::fmt::Debug for BrainyClient<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrainyClient")
            .field("panel", &P::ID)
            .field("url", &self.url)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("language", &self.language)
            .field("panel_user", &self.panel_user)
            .field("wire", &self.wire)
            .finish()
    }
}

/// Builds a [`BrainyClient`].
#[derive(Debug, Clone)]
pub struct BrainyClientBuilder<P: PanelDef> {
    url: String,
    username: String,
    password: Secret,
    language: Option<String>,
    panel_user: Option<String>,
    wire: BrainyWire,
    method: Method,
    http: HttpSettings,
    _panel: PhantomData<fn() -> P>,
}

/// The API path under the panel address.
pub const BRAINY_API_PATH: &str = "/api/api.php";

impl<P: PanelDef> BrainyClient<P> {
    /// A client of the panel at `base_url` (`https://host:8002`), calling `base_url` + [`BRAINY_API_PATH`]
    /// unless `base_url` already ends in `.php`.
    pub fn builder(
        base_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> BrainyClientBuilder<P> {
        let base: String = base_url.into();
        let url =
            if base.ends_with(".php") { base } else { format!("{}{BRAINY_API_PATH}", base.trim_end_matches('/')) };
        BrainyClientBuilder {
            url,
            username: username.into(),
            password: password.into(),
            language: None,
            panel_user: None,
            wire: BrainyWire::default(),
            method: Method::Post,
            http: HttpSettings::default(),
            _panel: PhantomData,
        }
    }

    /// The same client acting on another panel user (`panel_user=`).
    pub fn with_panel_user(&self, user: impl Into<String>) -> Self {
        let mut c = self.clone();
        c.panel_user = Some(user.into());
        c
    }

    /// Validates and sends a request; code 0 decodes the payload, other codes the operation's typed error.
    pub async fn call<R>(&self, req: &R) -> Result<R::Output, BrainyError<R::Error>>
    where
        R: BrainyRequest + ForPanel<P>,
        R::Output: FromPayload,
    {
        req.validate().map_err(Error::Invalid)?;
        self.call_unchecked(req).await
    }

    /// Sends a request without validating it.
    pub async fn call_unchecked<R>(&self, req: &R) -> Result<R::Output, BrainyError<R::Error>>
    where
        R: BrainyRequest + ForPanel<P>,
        R::Output: FromPayload,
    {
        let module = R::INFO
            .module
            .ok_or_else(|| Error::Config(format!("`{}` has no BrainyCP module in its table", R::INFO.name)))?;
        let reply = self.call_raw(module, R::INFO.name, req.to_params()).await?;
        if reply.code == 0 {
            R::Output::from_payload(&reply.payload).map_err(|e| BrainyError::Client(Error::Decode(e)))
        } else {
            let error = R::Error::from_code(reply.code, reply.message.clone());
            Err(BrainyError::Api { code: reply.code, message: reply.message, error })
        }
    }

    /// Calls any module/operation; returns the envelope whatever its code.
    pub async fn call_raw(&self, module: &str, operation: &str, params: Params) -> Result<BrainyReply, Error> {
        let start = Instant::now();
        let result = self.call_raw_inner(module, operation, params).await;
        let elapsed_ms = start.elapsed().as_millis() as u64;
        match &result {
            Ok(r) => tracing::debug!(panel = P::ID, module, operation, elapsed_ms, code = r.code, "panel call"),
            Err(e) => tracing::info!(panel = P::ID, module, operation, elapsed_ms, error = %e, "panel call failed"),
        }
        result
    }

    async fn call_raw_inner(&self, module: &str, operation: &str, params: Params) -> Result<BrainyReply, Error> {
        let mut wire = Params::new();
        wire.set(self.wire.username_field, self.username.clone());
        wire.set_secret(self.wire.password_field, self.password.clone());
        self.wire.encode_constants(module, operation, &mut wire);
        if let Some(l) = &self.language {
            wire.set("language", l.clone());
        }
        if let Some(u) = &self.panel_user {
            wire.set("panel_user", u.clone());
        }
        wire.extend(&params);
        let mut redactor = Redactor::new();
        redactor.add(&self.password);
        redactor.add_params(&params);
        let raw = crate::http::send(&self.client, &self.url, &wire, self.method, &redactor).await?;
        let mut reply =
            BrainyReply::parse(&raw.body, raw.status, raw.content_type.as_deref()).map_err(|e| match e {
                ReplyError::Unrecognized { status, content_type, snippet } => {
                    Error::Reply(ReplyError::Unrecognized { status, content_type, snippet: redactor.scrub(&snippet) })
                }
                other => Error::Reply(other),
            })?;
        reply.message = redactor.scrub(&reply.message);
        Ok(reply)
    }
}

impl<P: PanelDef> BrainyClientBuilder<P> {
    /// `language=en|ru` for messages.
    pub fn language(mut self, lang: impl Into<String>) -> Self {
        self.language = Some(lang.into());
        self
    }

    /// Act on this panel user (`panel_user=`; needs root API rights).
    pub fn panel_user(mut self, user: impl Into<String>) -> Self {
        self.panel_user = Some(user.into());
        self
    }

    /// Wire names of credentials and constants (default [`BrainyWire::PUBLIC_CLIENT`]).
    pub fn wire(mut self, wire: BrainyWire) -> Self {
        self.wire = wire;
        self
    }

    /// Send parameters in the query string (the seeds allow it for the mail module).
    ///
    /// This puts the password and every other parameter in the URL, where proxy
    /// and web-server access logs keep them; use it only where POST is refused.
    pub fn use_get(mut self) -> Self {
        self.method = Method::Get;
        self
    }

    crate::http::http_setters!();

    /// Builds the client.
    pub fn build(self) -> Result<BrainyClient<P>, Error> {
        if P::PROTOCOL != Protocol::Brainycp {
            return Err(Error::Config(format!("panel `{}` does not speak the BrainyCP protocol", P::ID)));
        }
        let parsed =
            url::Url::parse(&self.url).map_err(|e| Error::Config(format!("URL `{}`: {e}", strip_url(&self.url))))?;
        // As for `IspClient`: credentials or a query in the URL would reach `Debug`, logs and errors.
        if !parsed.username().is_empty() || parsed.password().is_some() || self.url.contains('@') {
            return Err(Error::Config("put credentials in the builder, not in the URL".into()));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() || self.url.contains('?') {
            return Err(Error::Config("the panel URL takes no query; pass parameters to the call".into()));
        }
        Ok(BrainyClient {
            client: self.http.build()?,
            url: self.url,
            username: self.username,
            password: self.password,
            language: self.language,
            panel_user: self.panel_user,
            wire: self.wire,
            method: self.method,
            _panel: PhantomData,
        })
    }
}

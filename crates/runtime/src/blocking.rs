//! Blocking clients for scripts: the async clients driven by an owned
//! current-thread tokio runtime.
//!
//! Use them from plain threads (or `tokio::task::spawn_blocking`), never from
//! inside an async task: tokio refuses to block a runtime's worker and panics
//! there, both on a call and when the client is dropped.

use std::sync::Arc;

use crate::error::{BrainyError, Error};
use crate::isp::SessionInfo;
use crate::node::Node;
use crate::params::Params;
use crate::request::{BrainyRequest, ForPanel, FromDoc, FromPayload, Request};
use crate::secret::Secret;
use crate::table::PanelDef;

fn runtime() -> Result<Arc<tokio::runtime::Runtime>, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(Arc::new)
        .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))
}

fn block_on<F: std::future::Future>(rt: &tokio::runtime::Runtime, f: F) -> F::Output {
    rt.block_on(f)
}

/// Blocking [`crate::IspClient`]: same methods, no `.await`.
pub struct IspClient<P: PanelDef> {
    inner: crate::IspClient<P>,
    rt: Arc<tokio::runtime::Runtime>,
}

impl<P: PanelDef> Clone for IspClient<P> {
    fn clone(&self) -> Self {
        IspClient { inner: self.inner.clone(), rt: self.rt.clone() }
    }
}

impl<P: PanelDef> std::fmt::Debug for IspClient<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("blocking::IspClient").field(&self.inner).finish()
    }
}

impl<P: PanelDef> IspClient<P> {
    /// Wraps an async client (build it with [`crate::IspClient::builder`] or [`crate::IspClient::mgrctl`]).
    pub fn new(client: crate::IspClient<P>) -> Result<Self, Error> {
        Ok(IspClient { inner: client, rt: runtime()? })
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::IspClient<P> {
        &self.inner
    }

    /// See [`crate::IspClient::call`].
    pub fn call<R>(&self, req: &R) -> Result<R::Output, Error>
    where
        R: Request + ForPanel<P>,
        R::Output: FromDoc,
    {
        block_on(&self.rt, self.inner.call(req))
    }

    /// See [`crate::IspClient::call_unchecked`].
    pub fn call_unchecked<R>(&self, req: &R) -> Result<R::Output, Error>
    where
        R: Request + ForPanel<P>,
        R::Output: FromDoc,
    {
        block_on(&self.rt, self.inner.call_unchecked(req))
    }

    /// See [`crate::IspClient::call_raw`].
    pub fn call_raw(&self, func: &str, params: Params) -> Result<Node, Error> {
        block_on(&self.rt, self.inner.call_raw(func, params))
    }

    /// See [`crate::IspClient::login`].
    pub fn login(&self) -> Result<SessionInfo, Error> {
        block_on(&self.rt, self.inner.login())
    }

    /// See [`crate::IspClient::logout`].
    pub fn logout(&self) -> Result<(), Error> {
        block_on(&self.rt, self.inner.logout())
    }

    /// See [`crate::IspClient::session`].
    pub fn session(&self) -> Option<SessionInfo> {
        self.inner.session()
    }

    /// See [`crate::IspClient::session_level`].
    pub fn session_level(&self) -> Option<u32> {
        self.inner.session_level()
    }

    /// See [`crate::IspClient::new_key_login`].
    pub fn new_key_login(&self, username: &str, key: &Secret) -> Result<Secret, Error> {
        block_on(&self.rt, self.inner.new_key_login(username, key))
    }
}

/// Blocking [`crate::BrainyClient`].
pub struct BrainyClient<P: PanelDef> {
    inner: crate::BrainyClient<P>,
    rt: Arc<tokio::runtime::Runtime>,
}

impl<P: PanelDef> std::fmt::Debug for BrainyClient<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("blocking::BrainyClient").field(&self.inner).finish()
    }
}

impl<P: PanelDef> BrainyClient<P> {
    /// Wraps an async client.
    pub fn new(client: crate::BrainyClient<P>) -> Result<Self, Error> {
        Ok(BrainyClient { inner: client, rt: runtime()? })
    }

    /// See [`crate::BrainyClient::call`].
    pub fn call<R>(&self, req: &R) -> Result<R::Output, BrainyError<R::Error>>
    where
        R: BrainyRequest + ForPanel<P>,
        R::Output: FromPayload,
    {
        block_on(&self.rt, self.inner.call(req))
    }

    /// See [`crate::BrainyClient::call_raw`].
    pub fn call_raw(&self, module: &str, operation: &str, params: Params) -> Result<crate::BrainyReply, Error> {
        block_on(&self.rt, self.inner.call_raw(module, operation, params))
    }
}

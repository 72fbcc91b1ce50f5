//! What every generated client shares: the client and its builder, errors, responses, and
//! the checks and encodings the operations use. The same for every spec, so a spec may
//! leave some of it unused. `Error` keeps the status, headers and body of a failed response
//! inline (`clippy::result_large_err`): boxing them would cost every caller who matches on them.

#![allow(dead_code)]
#![allow(clippy::result_large_err)]

use std::fmt;
use std::time::Duration;

/// A client of the API. Cheap to clone: clones share one connection pool. `Send + Sync`.
///
/// Built by [`Client::new`] or [`Client::builder`]. Each operation is an async method.
#[derive(Clone)]
pub struct Client {
    http: ::reqwest::Client,
    base_url: ::std::sync::Arc<str>,
    /// `base_url` parsed, and where its path starts in it: a request's URL is this with the
    /// path and query set ([`Client::parse_url`]).
    base: (::reqwest::Url, usize),
    credentials: ::std::sync::Arc<[Held]>,
    retry: RetryPolicy,
    hooks: ::std::sync::Arc<[::std::sync::Arc<dyn Hook>]>,
    /// The timeouts of a client whose `reqwest::Client` was built here: connecting, which
    /// that `reqwest::Client` applies, and each attempt, which [`Client::fetch`] applies.
    /// `None` for one given to [`ClientBuilder::http_client`], whose own apply.
    timeouts: Option<(Duration, Duration)>,
}

/// When to send a request again. On by default ([`RetryPolicy::default`]); off with
/// [`RetryPolicy::none`].
///
/// Only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried, unless
/// [`RetryPolicy::any_method`] says otherwise, and only after a 408, 429, 502, 503 or 504
/// status, a failure to connect (a connect timeout included), or a connection that broke
/// before the response was read whole. A request that timed out after it was sent is not
/// retried: the server may still be working on it, and the caller has waited long enough.
///
/// The wait before each retry grows exponentially with *equal jitter*: before retry `n` it
/// is `d / 2` plus a random part of up to `d / 2`, where `d` is `initial_backoff` doubled
/// `n - 1` times, at most `max_backoff`. Equal rather than full jitter (a random wait of
/// up to `d`) keeps a floor of `d / 2`, so no retry goes straight back to a server that has
/// just said it is overloaded, while the random half still spreads out clients that failed
/// together. A `Retry-After` header (seconds or an HTTP date) sets the wait instead,
/// without jitter; one that asks for longer than `max_backoff` ends the retries, and the
/// response that asked is returned. The last error is returned when the attempts run out.
/// Each attempt sends the request built again from the call's arguments, so a request with
/// any body, a multipart one too, can be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    any_method: bool,
}

/// Code that runs around every attempt of every request: the seam for what the client does
/// not do itself, such as refreshing an authentication token or tagging requests with an ID.
/// Set with [`ClientBuilder::hook`]; several hooks run in the order they were set.
///
/// Both methods are async, so that a hook may do I/O (fetch a new token); both do nothing
/// unless implemented. A hook's error ends the call with [`Error::Transport`], whose
/// [`TransportError::hook_error`] holds it. Hooks run inside the client's retry loop, so
/// they see every attempt and what each one got, which a layer around the whole
/// `reqwest::Client` (such as `reqwest-middleware`) would not, and they need no dependency.
pub trait Hook: Send + Sync + 'static {
    /// Runs before attempt `attempt` (from 1) is sent, and may change the request: add a
    /// header, or replace the `Authorization` header with a fresh token.
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut ::reqwest::Request,
        attempt: u32,
    ) -> HookFuture<'a, ()> {
        let _ = (request, attempt);
        Box::pin(::std::future::ready(Ok(())))
    }

    /// Runs when the response to attempt `attempt` arrives, before its body is read. Asking
    /// for [`AfterResponse::SendAgain`] (after a 401, with a token just refreshed) sends the
    /// request again, whatever its method, once per call; asked again, the response is kept.
    fn after_response<'a>(
        &'a self,
        response: &'a ::reqwest::Response,
        attempt: u32,
    ) -> HookFuture<'a, AfterResponse> {
        let _ = (response, attempt);
        Box::pin(::std::future::ready(Ok(AfterResponse::Keep)))
    }
}

/// A hook shared with the code that set it, which keeps a handle on it (to read what it
/// recorded, or to share a token cache between clients).
impl<H: Hook> Hook for ::std::sync::Arc<H> {
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut ::reqwest::Request,
        attempt: u32,
    ) -> HookFuture<'a, ()> {
        (**self).before_attempt(request, attempt)
    }

    fn after_response<'a>(
        &'a self,
        response: &'a ::reqwest::Response,
        attempt: u32,
    ) -> HookFuture<'a, AfterResponse> {
        (**self).after_response(response, attempt)
    }
}

/// What a [`Hook`]'s method returns: a boxed future (so that the trait can be used as
/// `dyn Hook`) of a result whose error ends the call.
pub type HookFuture<'a, T> = ::std::pin::Pin<
    Box<
        dyn ::std::future::Future<
                Output = Result<T, Box<dyn ::std::error::Error + Send + Sync + 'static>>,
            > + Send
            + 'a,
    >,
>;

/// What to do with a response, as [`Hook::after_response`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AfterResponse {
    /// Go on with the response: decode it, or retry as the [`RetryPolicy`] says.
    Keep,
    /// Send the request again (see [`Hook::after_response`]).
    SendAgain,
}

/// Options for one call, set on the call itself (`.timeout(..)`, `.header(..)`, `.retry(..)`,
/// `.no_retry()`) or built here and given whole with `.options(..)`: what is not set is the
/// client's.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Boxed, and only once one is set: most calls set none, and every call and its future
    /// carry the options.
    set: Option<Box<SetOptions>>,
}

#[derive(Debug, Clone, Default)]
struct SetOptions {
    timeout: Option<Duration>,
    headers: ::reqwest::header::HeaderMap,
    /// This call's policy instead of the client's.
    retry: Option<RetryPolicy>,
    /// The first header that cannot be sent, reported when the call is sent.
    invalid: Option<ValidationError>,
}

/// A call that, sent, gives the whole [`Response`] (status and headers with the decoded body)
/// instead of the body alone: what a call's `.with_response()` returns. `.await` it (or, on
/// the blocking client, `.send()` it).
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct WithResponse<C>(pub(crate) C);

/// A call of the blocking client, which [`WithResponse::send`] sends.
pub trait BlockingCall {
    /// What the call gives when sent with its whole response.
    type WithResponse;

    /// Sends the call, giving the whole response.
    fn send_with_response(self) -> Self::WithResponse;
}

/// The future of a call awaited without `.send()`: boxed, since `IntoFuture` needs a type
/// it can name.
pub type CallFuture<'a, T> =
    ::std::pin::Pin<Box<dyn ::std::future::Future<Output = T> + Send + 'a>>;

/// Sets up a [`Client`]: base URL, credentials, timeouts, retries, hooks, user agent, or a
/// `reqwest::Client` of your own.
///
/// Each security scheme of the spec that the client can send has a method that sets its
/// credential. A request sends the credentials of the first alternative of its operation's
/// `security` for which all are set, and none when there is no such alternative (or it is
/// empty, as for `security: []`); when the spec gives an operation no `security`, neither its
/// own nor the document's, the request sends every credential set.
///
/// The defaults are meant for production:
/// - a connect timeout of [`ClientBuilder::DEFAULT_CONNECT_TIMEOUT`] (10 s) and a timeout of
///   [`ClientBuilder::DEFAULT_TIMEOUT`] (60 s) for each attempt, from connecting to the end
///   of the body;
/// - up to 3 attempts for idempotent requests, as [`RetryPolicy::default`] says; turn
///   retries off with `.retry(RetryPolicy::none())`.
///
/// The timeouts apply to a `reqwest::Client` built here; one given to
/// [`ClientBuilder::http_client`] keeps its own (reqwest's default is no timeout at all). A
/// call's own `.timeout(..)` applies to each of its attempts whichever the `reqwest::Client`.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Vec<(&'static str, Credential)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<::reqwest::Client>,
    allow_insecure_http: bool,
    retry: RetryPolicy,
    hooks: Vec<::std::sync::Arc<dyn Hook>>,
}

/// Why a [`ClientBuilder`] could not build a [`Client`].
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec names no server and no base URL was set.
    MissingBaseUrl,
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The base URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The base URL is plain `http` to a host that is not loopback, so the credentials would
    /// cross the network in clear text; [`ClientBuilder::allow_insecure_http`] permits it.
    InsecureBaseUrl {
        /// The base URL as given.
        url: String,
    },
    /// The credential of a security scheme cannot be sent where the scheme says: it holds
    /// characters a header or cookie cannot hold, or the scheme's header name is not one.
    InvalidCredential {
        /// The scheme's name in the spec's `components/securitySchemes`.
        scheme: &'static str,
    },
    /// A setting that only applies to a `reqwest::Client` built here was given together with
    /// [`ClientBuilder::http_client`].
    Conflict {
        /// The builder method whose setting conflicts.
        setting: &'static str,
    },
    /// `reqwest` could not build its client (for example, TLS could not be set up).
    Http(::reqwest::Error),
    /// The runtime of a blocking client could not be started.
    Runtime(::std::io::Error),
}

/// The error of an operation. `E` is the type of the error bodies the spec documents for it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ()> {
    /// A parameter or the body breaks a constraint of the spec; nothing was sent.
    InvalidRequest(ValidationError),
    /// The server answered with an error status the spec documents, with its decoded body.
    Api {
        /// The response status.
        status: ::reqwest::StatusCode,
        /// The response headers.
        headers: ::reqwest::header::HeaderMap,
        /// The decoded error body.
        body: E,
    },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The response status.
        status: ::reqwest::StatusCode,
        /// The response headers.
        headers: ::reqwest::header::HeaderMap,
        /// The raw response body.
        body: Vec<u8>,
    },
    /// The request could not be sent or its response not read (connection, timeout, TLS),
    /// or a [`Hook`] failed.
    Transport(TransportError),
    /// The status was documented but the body does not decode as the spec says.
    Decode {
        /// The response status.
        status: ::reqwest::StatusCode,
        /// The response headers.
        headers: ::reqwest::header::HeaderMap,
        /// The raw response body.
        body: Vec<u8>,
        /// Why the body does not decode.
        source: ::serde_json::Error,
    },
}

/// Why no response arrived, after how many attempts: see [`Error::Transport`].
#[derive(Debug)]
pub struct TransportError {
    cause: Cause,
    attempts: u32,
}

#[derive(Debug)]
enum Cause {
    Http(::reqwest::Error),
    /// No whole response within the attempt's timeout.
    TimedOut(Duration),
    Hook(Box<dyn ::std::error::Error + Send + Sync + 'static>),
}

/// A successful response: its decoded body, with the status and headers for callers that
/// want them (the `*_with_response` methods).
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: T,
}

/// A value that breaks a constraint of the spec: where (`mqttConfig.port`) and which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    rule: String,
}

/// A credential as a builder method of the spec's security scheme takes it, and where the
/// scheme says it goes. It has no `Debug`, so that it is never shown.
pub(crate) enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// `Authorization: Basic <base64 of username:password>`.
    Basic { username: String, password: String },
    /// An API key in the header of this name.
    Header(&'static str, String),
    /// An API key in the query parameter of this name.
    Query(&'static str, String),
    /// An API key in the cookie of this name.
    Cookie(&'static str, String),
}

/// A credential a [`Client`] holds, checked, for the security scheme of this name.
struct Held {
    scheme: &'static str,
    sent: Sent,
}

/// How a held credential is sent; header values are marked sensitive.
enum Sent {
    Header(::reqwest::header::HeaderName, ::reqwest::header::HeaderValue),
    Basic {
        username: String,
        password: String,
    },
    Query(&'static str, String),
    /// `name=value`.
    Cookie(String),
}

/// The credentials an operation accepts, as the spec's `security` lists them: any one of the
/// alternatives, each the schemes whose credentials must all be sent. `None` when the spec
/// says nothing: every credential the client holds is sent.
pub(crate) type Security = Option<&'static [&'static [&'static str]]>;

impl Client {
    /// A builder, with the spec's server as base URL when the spec names one.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every request path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn url(&self, capacity: usize) -> String {
        let mut url = String::with_capacity(self.base_url.len() + capacity);
        url.push_str(&self.base_url);
        url
    }

    /// `url`, which [`Client::url`] began, parsed: the base URL's parse, kept from when the
    /// client was built, with the path and query of `url` set. The same `Url` as parsing
    /// `url` whole, for about a third of the work: the scheme and host are not read again
    /// for every request. `None` if `url` does not begin with the base URL.
    pub(crate) fn parse_url(&self, url: &str) -> Option<::reqwest::Url> {
        let (base, path_start) = &self.base;
        let rest = url.strip_prefix(&*self.base_url)?;
        // The base URL's own path, then the operation's.
        let path_and_query = url.get(*path_start..)?;
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        if rest.contains('#') {
            return None;
        }
        let mut parsed = base.clone();
        parsed.set_path(path);
        parsed.set_query(query);
        Some(parsed)
    }

    /// A request with its `Accept` header and the credentials of the first alternative of
    /// `security` that the client holds all of (none, when it holds none of them whole).
    pub(crate) fn request(
        &self,
        method: ::reqwest::Method,
        mut url: String,
        accept: &'static str,
        security: Security,
    ) -> ::reqwest::RequestBuilder {
        let holds = |scheme: &&str| self.credentials.iter().any(|held| held.scheme == *scheme);
        let chosen = security.map(|alternatives| {
            alternatives.iter().find(|schemes| schemes.iter().all(holds)).copied().unwrap_or(&[])
        });
        let sent = self
            .credentials
            .iter()
            .filter(|held| chosen.is_none_or(|schemes| schemes.contains(&held.scheme)))
            .map(|held| &held.sent);
        for sent in sent.clone() {
            if let Sent::Query(name, value) = sent {
                push_query(&mut url, name, value);
            }
        }
        let request = match self.parse_url(&url) {
            Some(parsed) => self.http.request(method, parsed),
            None => self.http.request(method, url),
        };
        let accept = ::reqwest::header::HeaderValue::from_static(accept);
        let mut request = request.header(::reqwest::header::ACCEPT, accept);
        let mut cookies = String::new();
        for sent in sent {
            request = match sent {
                Sent::Header(name, value) => request.header(name, value),
                Sent::Basic { username, password } => request.basic_auth(username, Some(password)),
                Sent::Query(..) => request,
                Sent::Cookie(pair) => {
                    if !cookies.is_empty() {
                        cookies.push_str("; ");
                    }
                    cookies.push_str(pair);
                    request
                }
            };
        }
        if cookies.is_empty() {
            return request;
        }
        // Each pair was checked as a header value, and so is their join.
        match ::reqwest::header::HeaderValue::try_from(cookies) {
            Ok(mut value) => {
                value.set_sensitive(true);
                request.header(::reqwest::header::COOKIE, value)
            }
            Err(_) => request,
        }
    }

    /// The error with the values of the client's query credentials taken out of its URL, so
    /// that showing the error does not show them.
    fn redact(&self, mut error: ::reqwest::Error) -> ::reqwest::Error {
        let names: Vec<&str> = self
            .credentials
            .iter()
            .filter_map(|held| match held.sent {
                Sent::Query(name, _) => Some(name),
                _ => None,
            })
            .collect();
        let Some(url) = error.url_mut().filter(|_| !names.is_empty()) else { return error };
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| match names.contains(&&*name) {
                true => (name.into_owned(), "[redacted]".to_string()),
                false => (name.into_owned(), value.into_owned()),
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        error
    }

    /// Sends a request, again as the [`RetryPolicy`] and the hooks allow, and reads the whole
    /// response. Not generic: its state machine is compiled once for all operations.
    ///
    /// The request is built before the future starts, and the future is written so that it
    /// holds as little as it can across its awaits: what it holds is its size, and the future
    /// of every call awaited without `.send()` is boxed, which is cheap only when small.
    ///
    /// Another attempt sends the request `again` builds, rather than a copy of the first kept
    /// just in case: most calls need no second attempt, and a copy cost every call about as
    /// much as the rest of the client's own work.
    pub(crate) fn fetch<'a>(
        &'a self,
        request: ::reqwest::RequestBuilder,
        again: Again<'a>,
        options: &'a CallOptions,
    ) -> impl ::std::future::Future<Output = Result<Raw, TransportError>> + Send + 'a {
        // Boxed: it waits in the future until the first attempt, where it would take the
        // room of a request from the rest of the call's awaits.
        let mut request =
            request.build().map(Box::new).map_err(|e| TransportError::http(self.redact(e), 0));
        // Everything that decides whether to send again, fixed once for the call.
        let retries = match &mut request {
            Ok(request) => {
                options.apply(request);
                options.policy(self.retry).attempts_for(request.method()) - 1
            }
            Err(_) => 0,
        };
        async move {
            let mut may_send_again = !self.hooks.is_empty();
            let (mut attempt, mut retried) = (1, 0);
            loop {
                // `request` is moved, never borrowed, here: a local that is borrowed takes
                // room in the future from then on.
                let mut sending = *request?;
                if !self.hooks.is_empty() {
                    sending = self.before_attempt(sending, attempt).await?;
                }
                let sending = self.http.execute(sending);
                // One timer for the whole attempt, where reqwest's own timeout would box one.
                let limit = options.timeout_set().or(self.timeouts.map(|(_, attempt)| attempt));
                let send_again = may_send_again.then_some((again, options));
                let reply = match limit {
                    Some(limit) => {
                        ::tokio::time::timeout(limit, self.attempt(sending, attempt, send_again))
                            .await
                            .unwrap_or_else(|_| Err(TransportError::timed_out(limit, attempt)))
                    }
                    None => self.attempt(sending, attempt, send_again).await,
                };
                let result = match reply {
                    Ok(Reply::Again(next)) => {
                        may_send_again = false;
                        request = Ok(next);
                        attempt += 1;
                        continue;
                    }
                    Ok(Reply::Raw(raw)) => Ok(raw),
                    Err(e) => Err(e),
                };
                let policy = options.policy(self.retry);
                let delay = match &result {
                    _ if retried >= retries => None,
                    Ok(raw) if is_retryable_status(raw.status) => {
                        policy.delay(retried + 1, retry_after(&raw.headers))
                    }
                    Ok(_) => None,
                    Err(e) if e.is_retryable() => policy.delay(retried + 1, None),
                    Err(_) => None,
                };
                let Some(delay) = delay else { return result };
                ::tokio::time::sleep(delay).await;
                let Some(next) = build_again(again, options) else { return result };
                request = Ok(Box::new(next));
                attempt += 1;
                retried += 1;
            }
        }
    }

    /// Runs every hook's [`Hook::before_attempt`] on `request`, and gives it back. Not an
    /// `async fn`, whose future would hold the request twice (see `fetch`).
    #[allow(clippy::manual_async_fn)]
    fn before_attempt(
        &self,
        mut request: ::reqwest::Request,
        attempt: u32,
    ) -> impl ::std::future::Future<Output = Result<::reqwest::Request, TransportError>> + Send + '_
    {
        async move {
            for hook in self.hooks.iter() {
                let before = hook.before_attempt(&mut request, attempt).await;
                before.map_err(|e| TransportError::hook(e, attempt - 1))?;
            }
            Ok(request)
        }
    }

    /// Attempt `attempt`: waits for `sending` and reads the whole response, unless a hook asks
    /// to send the request again and `again` is given to build it.
    async fn attempt(
        &self,
        sending: impl ::std::future::Future<Output = Result<::reqwest::Response, ::reqwest::Error>>,
        attempt: u32,
        again: Option<(Again<'_>, &CallOptions)>,
    ) -> Result<Reply, TransportError> {
        let failed = |e| TransportError::http(self.redact(e), attempt);
        let mut response = sending.await.map_err(failed)?;
        if self.after_response(&response, attempt).await?
            && let Some((again, options)) = again
            && let Some(next) = build_again(again, options)
        {
            return Ok(Reply::Again(Box::new(next)));
        }
        let body = read_body(&mut response).await.map_err(failed)?;
        Ok(Reply::Raw(Raw {
            status: response.status(),
            headers: ::std::mem::take(response.headers_mut()),
            body,
            #[cfg(feature = "tracing")]
            attempts: attempt,
        }))
    }

    /// [`Client::fetch`] inside the call's span (the `tracing` feature): an `INFO` span named
    /// `call` with the operation's `operation_id`, `method` and `path` (the template, never
    /// the URL, whose arguments may be private), and, once known, the `status` of the last
    /// response, the `attempts` made and the `elapsed_ms`. Nothing else of the request (its
    /// headers, credentials, query or body) goes into the span.
    #[cfg(feature = "tracing")]
    pub(crate) fn fetch_traced<'a>(
        &'a self,
        request: ::reqwest::RequestBuilder,
        again: Again<'a>,
        options: &'a CallOptions,
        (operation_id, method, path): (&'static str, &'static str, &'static str),
    ) -> impl ::std::future::Future<Output = Result<Raw, TransportError>> + Send + 'a {
        use ::tracing::field::Empty;
        let span = ::tracing::info_span!(
            "call",
            operation_id,
            method,
            path,
            status = Empty,
            attempts = Empty,
            elapsed_ms = Empty
        );
        // Not an `async fn`, whose future would hold the request twice (see `fetch`).
        async move {
            if span.is_disabled() {
                // No subscriber wants it: not even the clock is read.
                return self.fetch(request, again, options).await;
            }
            let started = ::std::time::Instant::now();
            let fetched = ::tracing::Instrument::instrument(
                self.fetch(request, again, options),
                span.clone(),
            )
            .await;
            match &fetched {
                Ok(raw) => {
                    span.record("status", raw.status.as_u16()).record("attempts", raw.attempts)
                }
                Err(e) => span.record("attempts", e.attempts),
            };
            span.record("elapsed_ms", started.elapsed().as_secs_f64() * 1000.0);
            fetched
        }
    }

    /// Runs every hook's [`Hook::after_response`]; whether one asked to send again.
    async fn after_response(
        &self,
        response: &::reqwest::Response,
        attempt: u32,
    ) -> Result<bool, TransportError> {
        let mut send_again = false;
        for hook in self.hooks.iter() {
            let after = hook.after_response(response, attempt).await;
            let after = after.map_err(|e| TransportError::hook(e, attempt))?;
            send_again |= after == AfterResponse::SendAgain;
        }
        Ok(send_again)
    }
}

/// The whole body of `response`, read chunk by chunk rather than by `Response::bytes`, whose
/// future is larger than the rest of an attempt's: a body that comes in one chunk is kept
/// without a copy.
async fn read_body(response: &mut ::reqwest::Response) -> Result<::bytes::Bytes, ::reqwest::Error> {
    let Some(first) = response.chunk().await? else { return Ok(::bytes::Bytes::new()) };
    let Some(second) = response.chunk().await? else { return Ok(first) };
    let mut whole = ::bytes::BytesMut::from(first);
    whole.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        whole.extend_from_slice(&chunk);
    }
    Ok(whole.freeze())
}

/// What one attempt got: a response read whole, or the request to send again because a
/// [`Hook`] asked for it.
enum Reply {
    Raw(Raw),
    Again(Box<::reqwest::Request>),
}

/// Builds a call's request again, for another attempt: `None` if it cannot be, which does not
/// happen to a request that was built once from the same values.
pub(crate) type Again<'a> = &'a (dyn Fn() -> Option<::reqwest::RequestBuilder> + Sync + 'a);

/// The request `again` builds, with the call's `options`: not in an `async` block, where the
/// request would take room in the future (see [`Client::fetch`]).
fn build_again(again: Again<'_>, options: &CallOptions) -> Option<::reqwest::Request> {
    let mut request = again()?.build().ok()?;
    options.apply(&mut request);
    Some(request)
}

/// A response as it arrived.
pub(crate) struct Raw {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: ::bytes::Bytes,
    /// How many times the request was sent, for the call's span.
    #[cfg(feature = "tracing")]
    attempts: u32,
}

/// A response, sorted by its status: decoded as a success, decoded as a documented error, or
/// kept raw as an undocumented status.
pub(crate) fn sort<T, E>(
    raw: Result<Raw, TransportError>,
    is_success: fn(u16) -> bool,
    decode: Decoder<T>,
    is_error: fn(u16) -> bool,
    decode_error: Decoder<E>,
) -> Result<Response<T>, Error<E>> {
    let whole = |status, headers, body| Response { status, headers, body };
    sorted(raw, is_success, decode, is_error, decode_error, whole)
}

/// [`sort`], giving a success's body alone: what a call awaited without `.with_response()`
/// gives, without moving a large body through a [`Response`] first. Inlined into the call,
/// the body is decoded where the call's result goes rather than copied there.
#[inline(always)]
pub(crate) fn sort_body<T, E>(
    raw: Result<Raw, TransportError>,
    is_success: fn(u16) -> bool,
    decode: Decoder<T>,
    is_error: fn(u16) -> bool,
    decode_error: Decoder<E>,
) -> Result<T, Error<E>> {
    sorted(raw, is_success, decode, is_error, decode_error, |_, _, body| body)
}

#[inline(always)]
fn sorted<T, E, R>(
    raw: Result<Raw, TransportError>,
    is_success: fn(u16) -> bool,
    decode: Decoder<T>,
    is_error: fn(u16) -> bool,
    decode_error: Decoder<E>,
    success: impl FnOnce(::reqwest::StatusCode, ::reqwest::header::HeaderMap, T) -> R,
) -> Result<R, Error<E>> {
    let Raw { status, headers, body, .. } = raw.map_err(Error::Transport)?;
    let code = status.as_u16();
    if is_success(code) {
        match decode(code, &body) {
            Ok(body) => Ok(success(status, headers, body)),
            Err(source) => Err(Error::Decode { status, headers, body: body.into(), source }),
        }
    } else if is_error(code) {
        match decode_error(code, &body) {
            Ok(body) => Err(Error::Api { status, headers, body }),
            Err(source) => Err(Error::Decode { status, headers, body: body.into(), source }),
        }
    } else {
        Err(Error::UnexpectedStatus { status, headers, body: body.into() })
    }
}

/// Decodes a response body of the given status.
pub(crate) type Decoder<T> = fn(u16, &[u8]) -> Result<T, ::serde_json::Error>;

fn is_idempotent(method: &::reqwest::Method) -> bool {
    use ::reqwest::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE]
        .contains(method)
}

/// The statuses that ask for another attempt: 408 Request Timeout, 429 Too Many Requests,
/// and the gateway and availability errors 502, 503 and 504.
fn is_retryable_status(status: ::reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// Whether another attempt may succeed where this one failed: a failure to connect (a
/// connect timeout too) or a connection that broke (reqwest calls a body that breaks off a
/// decode error), but not a timeout after the request was sent, nor a request that cannot be
/// built or redirected.
fn is_retryable(e: &::reqwest::Error) -> bool {
    e.is_connect() || !(e.is_timeout() || e.is_builder() || e.is_redirect())
}

/// `Retry-After` as seconds or as an HTTP date (RFC 9110).
pub(crate) fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = ::httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(::std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

impl RetryPolicy {
    /// At most `max_attempts` attempts in all (at least one), with the default waits.
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy { max_attempts: max_attempts.max(1), ..RetryPolicy::default() }
    }

    /// No retries: one attempt for every request.
    pub fn none() -> Self {
        RetryPolicy::new(1)
    }

    /// The wait before the first retry, before jitter; it doubles for each one after.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts, also the longest `Retry-After` that is honoured.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Retries requests of every method, POST and PATCH too. Only safe where the server
    /// makes them idempotent (an idempotency key, a conditional request): a request whose
    /// response was lost may have been carried out.
    pub fn any_method(mut self) -> Self {
        self.any_method = true;
        self
    }

    /// The most attempts a request of `method` gets.
    pub(crate) fn attempts_for(&self, method: &::reqwest::Method) -> u32 {
        match self.any_method || is_idempotent(method) {
            true => self.max_attempts,
            false => 1,
        }
    }

    /// The wait before retry `retry` (from 1), or `None` when the server asks for longer
    /// than `max_backoff`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(wait) if wait > self.max_backoff => None,
            Some(wait) => Some(wait),
            None => {
                let ceiling = self.backoff(retry);
                let half = ceiling / 2;
                let nanos = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
                Some(half + Duration::from_nanos(::fastrand::u64(0..=nanos)))
            }
        }
    }

    /// The longest wait before retry `retry` (from 1): `initial_backoff` doubled `retry - 1`
    /// times, at most `max_backoff`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    /// Three attempts in all; waits of 100 to 200 ms before the first retry and 200 to
    /// 400 ms before the second (at most 10 s for more attempts). Short enough that a caller
    /// hardly notices a retry that succeeds, long enough for a connection pool or a load
    /// balancer to move past a server that went away. Stainless-generated SDKs make the same
    /// three attempts.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            any_method: false,
        }
    }
}

impl TransportError {
    fn http(e: ::reqwest::Error, attempts: u32) -> Self {
        TransportError { cause: Cause::Http(e), attempts }
    }

    fn hook(e: Box<dyn ::std::error::Error + Send + Sync + 'static>, attempts: u32) -> Self {
        TransportError { cause: Cause::Hook(e), attempts }
    }

    fn timed_out(limit: Duration, attempts: u32) -> Self {
        TransportError { cause: Cause::TimedOut(limit), attempts }
    }

    /// How many times the request was sent, retries and a hook's [`AfterResponse::SendAgain`]
    /// included; 0 when it could not be built.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the last attempt timed out, connecting or waiting for the response.
    pub fn is_timeout(&self) -> bool {
        match &self.cause {
            Cause::Http(e) => e.is_timeout(),
            Cause::TimedOut(_) => true,
            Cause::Hook(_) => false,
        }
    }

    /// Whether the last attempt could not connect to the server (refused, unreachable, DNS,
    /// TLS handshake, or a connect timeout).
    pub fn is_connect(&self) -> bool {
        matches!(&self.cause, Cause::Http(e) if e.is_connect())
    }

    /// Whether the failure is of the kind [`RetryPolicy`] retries (for an idempotent
    /// request): a failure to connect, or a connection that broke.
    pub fn is_retryable(&self) -> bool {
        matches!(&self.cause, Cause::Http(e) if is_retryable(e))
    }

    /// The error of `reqwest`, unless a hook failed or the attempt ran out of time.
    pub fn reqwest_error(&self) -> Option<&::reqwest::Error> {
        match &self.cause {
            Cause::Http(e) => Some(e),
            Cause::Hook(_) | Cause::TimedOut(_) => None,
        }
    }

    /// The error of a [`Hook`] that failed.
    pub fn hook_error(&self) -> Option<&(dyn ::std::error::Error + Send + Sync + 'static)> {
        match &self.cause {
            Cause::Hook(e) => Some(&**e),
            Cause::Http(_) | Cause::TimedOut(_) => None,
        }
    }
}

impl fmt::Display for TransportError {
    /// The cause in plain words, the attempts, then reqwest's message (which names the URL)
    /// and the deepest error under it (which says what the system reported).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = match &self.cause {
            Cause::Hook(e) => return write!(f, "a hook failed ({}): {e}", Attempts(self.attempts)),
            Cause::TimedOut(limit) => {
                let attempts = Attempts(self.attempts);
                return write!(
                    f,
                    "the request timed out ({attempts}): no whole response in {limit:?}"
                );
            }
            Cause::Http(e) => e,
        };
        let cause = if e.is_builder() {
            "the request could not be built"
        } else if e.is_timeout() && e.is_connect() {
            "timed out connecting to the server"
        } else if e.is_timeout() {
            "the request timed out"
        } else if e.is_connect() {
            "could not connect to the server"
        } else if e.is_body() || e.is_decode() {
            "the connection broke while the response was read"
        } else if e.is_redirect() {
            "the redirects could not be followed"
        } else {
            "the request failed"
        };
        write!(f, "{cause} ({}): {e}", Attempts(self.attempts))?;
        let mut deepest = None;
        let mut next = ::std::error::Error::source(e);
        while let Some(source) = next {
            (deepest, next) = (Some(source), source.source());
        }
        match deepest {
            Some(deepest) => write!(f, ": {deepest}"),
            None => Ok(()),
        }
    }
}

/// "1 attempt", "3 attempts", or "nothing was sent".
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("nothing was sent"),
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            Cause::Http(e) => Some(e),
            Cause::Hook(e) => Some(&**e),
            Cause::TimedOut(_) => None,
        }
    }
}

impl<C: BlockingCall> WithResponse<C> {
    /// Sends a call of the blocking client, giving the whole response: status, headers and
    /// decoded body.
    pub fn send(self) -> C::WithResponse {
        self.0.send_with_response()
    }
}

impl CallOptions {
    /// No options: every setting is the client's.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// The time this call may take, from connecting to the end of the body, instead of the
    /// client's timeout; each attempt has this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.set().timeout = Some(timeout);
        self
    }

    /// Sends the header `name: value` with this call, in place of any the client sets of that
    /// name. A name or value that cannot be sent fails the call with
    /// [`Error::InvalidRequest`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name_ok = ::reqwest::header::HeaderName::from_bytes(name.as_bytes());
        match (name_ok, ::reqwest::header::HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                self.set().headers.insert(name, value);
            }
            (Err(_), _) => self.invalid(name, "is not a valid header name"),
            (_, Err(_)) => self.invalid(name, "holds characters a header value cannot"),
        }
        self
    }

    /// Retries this call as `policy` says, whatever the client's policy. Unlike the client's
    /// policy, which retries only idempotent requests, this one applies to any method: the
    /// caller who asks for it on one call knows whether sending it twice is safe.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.set().retry = Some(policy.any_method());
        self
    }

    /// Sends this call once, whatever the client's retry policy.
    pub fn no_retry(mut self) -> Self {
        self.set().retry = Some(RetryPolicy::none());
        self
    }

    fn set(&mut self) -> &mut SetOptions {
        self.set.get_or_insert_default()
    }

    fn invalid(&mut self, name: &str, rule: &str) {
        let set = self.set();
        if set.invalid.is_none() {
            set.invalid = Some(ValidationError::new(rule).within(name));
        }
    }

    /// Whether every header set can be sent; checked with the parameters.
    pub(crate) fn check(&self) -> Result<(), ValidationError> {
        match self.set.as_ref().and_then(|set| set.invalid.as_ref()) {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }

    pub(crate) fn apply(&self, request: &mut ::reqwest::Request) {
        for (name, value) in self.set.iter().flat_map(|set| &set.headers) {
            request.headers_mut().insert(name, value.clone());
        }
    }

    /// The time each attempt of this call may take, if set.
    pub(crate) fn timeout_set(&self) -> Option<Duration> {
        self.set.as_ref().and_then(|set| set.timeout)
    }

    /// The policy this call is retried by: its own, or the client's for an idempotent method.
    pub(crate) fn policy(&self, client: RetryPolicy) -> RetryPolicy {
        self.set.as_ref().and_then(|set| set.retry).unwrap_or(client)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &Schemes(self.credentials.iter().map(|held| held.scheme)))
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl ClientBuilder {
    /// The default connect timeout: 10 s. A TCP and TLS handshake that has not finished by
    /// then, on any network a server is reached over, is to a host that is down or
    /// unreachable; a GET is then retried.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The default timeout of each attempt, from connecting to the end of the body: 60 s.
    /// Operations of a REST API answer in milliseconds, so a minute means something is
    /// wrong, and the proxies in front of most servers (AWS load balancers, nginx) give up
    /// on an idle connection after 60 s anyway. Progenitor's 15 s cuts off a slow but
    /// healthy server (a large page of a list); Stainless's 10 minutes suit APIs that
    /// stream long generations, not this one.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The URL that request paths are appended to, e.g. `https://api.example.com`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the credential of the security scheme named `scheme` in the spec, in place of one
    /// set before; the builder methods named after the spec's schemes call it.
    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(set, _)| *set != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// The time each attempt may take, from connecting to the end of the body; by default
    /// [`ClientBuilder::DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time connecting may take (TCP and TLS); by default
    /// [`ClientBuilder::DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header; by default the crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy, TLS and timeouts) instead of building one.
    pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Retries as `policy` says instead of as [`RetryPolicy::default`] does;
    /// `RetryPolicy::none()` turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a hook that runs around every attempt of every request; see [`Hook`].
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(::std::sync::Arc::new(hook));
        self
    }

    /// Allows sending credentials over plain `http://` to a host that is not loopback.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Builds the client; fails on a missing, malformed or insecure base URL, a credential
    /// that cannot be sent, or conflicting settings.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self
            .base_url
            .or_else(|| super::client::DEFAULT_BASE_URL.map(str::to_string))
            .ok_or(BuildError::MissingBaseUrl)?;
        let base_url = base_url.trim_end_matches('/').to_string();
        let parsed = ::reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl {
            url: base_url.clone(),
            reason: e.to_string(),
        })?;
        let loopback = match parsed.host_str() {
            Some(host) if host.eq_ignore_ascii_case("localhost") => true,
            Some(host) => host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<::std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback()),
            None => false,
        };
        match parsed.scheme() {
            "https" => {}
            "http" if loopback || self.allow_insecure_http || self.credentials.is_empty() => {}
            "http" => {
                return Err(BuildError::InsecureBaseUrl { url: base_url });
            }
            other => {
                return Err(BuildError::InvalidBaseUrl {
                    url: base_url.clone(),
                    reason: format!("the scheme must be http or https, not {other}"),
                });
            }
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl {
                url: base_url,
                reason: "a base URL has no query or fragment".into(),
            });
        }
        let credentials = self
            .credentials
            .into_iter()
            .map(|(scheme, credential)| {
                let sent = credential.checked().ok_or(BuildError::InvalidCredential { scheme })?;
                Ok(Held { scheme, sent })
            })
            .collect::<Result<_, BuildError>>()?;
        let (http, timeouts) = match self.http {
            Some(http) => {
                if self.timeout.is_some() {
                    return Err(BuildError::Conflict { setting: "timeout" });
                }
                if self.connect_timeout.is_some() {
                    return Err(BuildError::Conflict { setting: "connect_timeout" });
                }
                if self.user_agent.is_some() {
                    return Err(BuildError::Conflict { setting: "user_agent" });
                }
                (http, None)
            }
            None => {
                let user_agent = self.user_agent.unwrap_or_else(|| {
                    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string()
                });
                let connect = self.connect_timeout.unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT);
                let timeout = self.timeout.unwrap_or(Self::DEFAULT_TIMEOUT);
                let http = ::reqwest::Client::builder()
                    .user_agent(user_agent)
                    .connect_timeout(connect)
                    .build()
                    .map_err(BuildError::Http)?;
                (http, Some((connect, timeout)))
            }
        };
        // Where the path begins: after `scheme://` and the authority, which holds no `/`.
        let path_start = base_url
            .find("://")
            .map(|at| at + 3)
            .and_then(|authority| base_url[authority..].find('/').map(|at| authority + at))
            .unwrap_or(base_url.len());
        Ok(Client {
            http,
            base: (parsed, path_start),
            base_url: base_url.into(),
            credentials,
            retry: self.retry,
            hooks: self.hooks.into(),
            timeouts,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &Schemes(self.credentials.iter().map(|(scheme, _)| *scheme)))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// The credential as it will be sent, or `None` when it cannot be.
    fn checked(self) -> Option<Sent> {
        use ::reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
        let sensitive = |text: String| {
            let mut value = HeaderValue::try_from(text).ok()?;
            value.set_sensitive(true);
            Some(value)
        };
        Some(match self {
            Credential::Bearer(token) => {
                Sent::Header(AUTHORIZATION, sensitive(format!("Bearer {token}"))?)
            }
            Credential::Basic { username, password } => {
                // reqwest encodes them; `:` in a username would move the split.
                if username.contains(':') {
                    return None;
                }
                Sent::Basic { username, password }
            }
            Credential::Header(name, key) => {
                Sent::Header(HeaderName::try_from(name).ok()?, sensitive(key)?)
            }
            Credential::Query(name, key) => Sent::Query(name, key),
            Credential::Cookie(name, key) => {
                // A `;` would end the cookie and begin another.
                if key.contains(';') || name.contains(['=', ';']) {
                    return None;
                }
                let pair = format!("{name}={key}");
                HeaderValue::try_from(pair.as_str()).ok()?;
                Sent::Cookie(pair)
            }
        })
    }
}

/// The names of the schemes whose credentials are set, for `Debug`: never the credentials.
struct Schemes<I>(I);

impl<I: Iterator<Item = &'static str> + Clone> fmt::Debug for Schemes<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingBaseUrl => {
                f.write_str("no base URL: the spec names no server, so set one with `base_url`")
            }
            BuildError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            BuildError::InsecureBaseUrl { url } => {
                write!(
                    f,
                    "refusing to send credentials over plain http to `{url}`, which is not loopback; use https or call `allow_insecure_http`"
                )
            }
            BuildError::InvalidCredential { scheme } => {
                write!(
                    f,
                    "the credential of security scheme `{scheme}` cannot be sent as the scheme says"
                )
            }
            BuildError::Conflict { setting } => {
                write!(
                    f,
                    "`{setting}` applies to a reqwest client built here; set it on the client given to `http_client` instead"
                )
            }
            BuildError::Http(e) => write!(f, "could not build the HTTP client: {e}"),
            BuildError::Runtime(e) => {
                write!(f, "could not start the blocking client's runtime: {e}")
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            BuildError::Runtime(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> Error<E> {
    /// The response status, when there was a response.
    pub fn status(&self) -> Option<::reqwest::StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// Whether no response arrived in time (connecting, or waiting for the response).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// Whether the client could not connect to the server.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// Whether the failure is of a kind that [`RetryPolicy`] retries for an idempotent
    /// request: a failure to connect, a broken connection, or a 408, 429, 502, 503 or 504
    /// status. Such an error after retries means they ran out.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_retryable(),
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } => {
                is_retryable_status(*status)
            }
            Error::Decode { .. } | Error::InvalidRequest(_) => false,
        }
    }

    /// The response headers, when there was a response.
    pub fn headers(&self) -> Option<&::reqwest::header::HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The raw response body, when it was kept: an undocumented status or a body that did
    /// not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => {
                write!(f, "invalid request, nothing was sent: {e}")
            }
            Error::Api { status, body, .. } => {
                write!(f, "the server answered {status}: {body:?}")
            }
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "the server answered {status}, which the spec does not document here")?;
                write_excerpt(f, body)
            }
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Decode { status, body, source, .. } => {
                write!(f, "the {status} response body does not decode: {source}")?;
                write_excerpt(f, body)
            }
        }
    }
}

/// Up to 200 characters of a body, for error messages.
fn write_excerpt(f: &mut fmt::Formatter<'_>, body: &[u8]) -> fmt::Result {
    if body.is_empty() {
        return f.write_str(" (empty body)");
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(800)]);
    let excerpt: String = text.chars().take(200).collect();
    let more = if excerpt.len() < body.len() { "..." } else { "" };
    write!(f, " (body: {excerpt:?}{more})")
}

impl<E: fmt::Debug + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::InvalidRequest(e)
    }
}

impl<T> Response<T> {
    /// The response status.
    pub fn status(&self) -> ::reqwest::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and decoded body.
    pub fn into_parts(self) -> (::reqwest::StatusCode, ::reqwest::header::HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl ValidationError {
    pub(crate) fn new(rule: impl Into<String>) -> Self {
        ValidationError { path: String::new(), rule: rule.into() }
    }

    /// The path of the value that breaks the rule, e.g. `mqttConfig.port` or `topics[0]`;
    /// empty for a value checked on its own.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The rule broken, e.g. `must be at least 1 (minimum)`.
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// Prefixes the path with the property or parameter that holds the value.
    pub(crate) fn within(mut self, name: &str) -> Self {
        if self.path.is_empty() {
            self.path = name.to_string();
        } else if self.path.starts_with('[') {
            self.path.insert_str(0, name);
        } else {
            self.path.insert(0, '.');
            self.path.insert_str(0, name);
        }
        self
    }

    /// Prefixes the path with the index of the array item that holds the value.
    pub(crate) fn at_index(self, index: usize) -> Self {
        let index = format!("[{index}]");
        match self.path.is_empty() {
            true => ValidationError { path: index, rule: self.rule },
            false => self.within(&index),
        }
    }
}

/// The result of a check of the value of `name` (a property, a parameter), its error located
/// there: `runtime::within("name", runtime::check_length(value, 1..=64))?;`.
#[inline]
pub(crate) fn within(
    name: &str,
    checked: Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    checked.map_err(|e| e.within(name))
}

/// The result of a check of the array item at `index`, its error located there.
#[inline]
pub(crate) fn at_index(
    index: usize,
    checked: Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    checked.map_err(|e| e.at_index(index))
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.rule)
        } else {
            write!(f, "{}: {}", self.path, self.rule)
        }
    }
}

impl std::error::Error for ValidationError {}
/// The spec's `minLength` and `maxLength`, either or both, as a range (`1..=1024`). JSON Schema
/// counts the length of a string in Unicode code points.
pub(crate) fn check_length(
    value: &str,
    lengths: impl ::std::ops::RangeBounds<usize>,
) -> Result<(), ValidationError> {
    use ::std::ops::Bound::Included;
    if let Included(&min) = lengths.start_bound()
        && value.len() < min.saturating_mul(4)
        && value.chars().count() < min
    {
        return Err(ValidationError::new(format!(
            "must be at least {min} characters long (minLength), is {}",
            value.chars().count()
        )));
    }
    if let Included(&max) = lengths.end_bound()
        && value.len() > max
        && value.chars().count() > max
    {
        return Err(ValidationError::new(format!(
            "must be at most {max} characters long (maxLength), is {}",
            value.chars().count()
        )));
    }
    Ok(())
}

pub(crate) fn check_pattern(matches: bool, pattern: &str) -> Result<(), ValidationError> {
    match matches {
        true => Ok(()),
        false => Err(ValidationError::new(format!("must match the pattern `{pattern}`"))),
    }
}

pub(crate) fn check_minimum<T: PartialOrd + fmt::Display>(
    value: T,
    min: T,
    exclusive: bool,
) -> Result<(), ValidationError> {
    match (exclusive, value.partial_cmp(&min)) {
        (false, Some(::std::cmp::Ordering::Greater | ::std::cmp::Ordering::Equal))
        | (true, Some(::std::cmp::Ordering::Greater)) => Ok(()),
        (false, _) => {
            Err(ValidationError::new(format!("must be at least {min} (minimum), is {value}")))
        }
        (true, _) => Err(ValidationError::new(format!(
            "must be more than {min} (exclusiveMinimum), is {value}"
        ))),
    }
}

pub(crate) fn check_maximum<T: PartialOrd + fmt::Display>(
    value: T,
    max: T,
    exclusive: bool,
) -> Result<(), ValidationError> {
    match (exclusive, value.partial_cmp(&max)) {
        (false, Some(::std::cmp::Ordering::Less | ::std::cmp::Ordering::Equal))
        | (true, Some(::std::cmp::Ordering::Less)) => Ok(()),
        (false, _) => {
            Err(ValidationError::new(format!("must be at most {max} (maximum), is {value}")))
        }
        (true, _) => Err(ValidationError::new(format!(
            "must be less than {max} (exclusiveMaximum), is {value}"
        ))),
    }
}

/// Between `min` and `max` characters, each in one of `ranges`: one step of a pattern the
/// generator compiled to code because it needs no regular-expression engine.
pub(crate) struct CharRun {
    /// The ASCII characters of the set.
    pub(crate) ascii: ByteSet,
    /// The characters beyond ASCII, as ranges.
    pub(crate) ranges: &'static [(char, char)],
    pub(crate) min: u32,
    pub(crate) max: u32,
}

/// Bytes, as a table of all 256 values: a byte costs one load. Built by a `const fn`, so a
/// generated pattern's table is made when the crate is compiled.
pub(crate) struct ByteSet([bool; 256]);

impl ByteSet {
    /// The ASCII characters whose bits are set in `bits`: bit `n` for the character `n`.
    pub(crate) const fn ascii(bits: u128) -> Self {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 128 {
            table[b] = bits >> b & 1 == 1;
            b += 1;
        }
        ByteSet(table)
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }
}

/// Whether all of `value` is the runs, one after another: for one run (an ID pattern) a
/// count, otherwise the byte offsets each run can end at, from those the run before can.
pub(crate) fn matches_runs(value: &str, runs: &[CharRun]) -> bool {
    fn contains(run: &CharRun, c: char) -> bool {
        match u32::from(c) {
            code @ 0..128 => run.ascii.contains(code as u8),
            _ => run.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi),
        }
    }
    if let [run @ CharRun { ranges: [], .. }] = runs {
        // Every call checks the IDs it sends this way: one load a byte, and no branch but
        // the loop's (a byte beyond ASCII is in no ASCII set).
        let count = value.len() as u64;
        return u64::from(run.min) <= count
            && count <= u64::from(run.max)
            && value.bytes().fold(true, |all, b| all & run.ascii.contains(b));
    }
    if let [run] = runs {
        let mut count: u64 = 0;
        for c in value.chars() {
            if !contains(run, c) {
                return false;
            }
            count += 1;
        }
        return u64::from(run.min) <= count && count <= u64::from(run.max);
    }
    let mut ends = vec![0usize];
    for run in runs {
        let mut next = Vec::new();
        for &start in &ends {
            if run.min == 0 {
                next.push(start);
            }
            let (mut count, mut at) = (0u32, start);
            for c in value[start..].chars() {
                if count == run.max || !contains(run, c) {
                    break;
                }
                count += 1;
                at += c.len_utf8();
                if count >= run.min {
                    next.push(at);
                }
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return false;
        }
        ends = next;
    }
    ends.contains(&value.len())
}

/// JSON has no NaN or infinity; `serde_json` would send `null`.
pub(crate) fn check_finite(value: f64) -> Result<(), ValidationError> {
    match value.is_finite() {
        true => Ok(()),
        false => Err(ValidationError::new(format!("must be a finite number, is {value}"))),
    }
}

/// The spec's `minItems` and `maxItems`, either or both, as a range (`1..=10`).
pub(crate) fn check_items(
    len: usize,
    counts: impl ::std::ops::RangeBounds<usize>,
) -> Result<(), ValidationError> {
    use ::std::ops::Bound::Included;
    if let Included(&min) = counts.start_bound()
        && len < min
    {
        return Err(ValidationError::new(format!(
            "must have at least {min} items (minItems), has {len}"
        )));
    }
    if let Included(&max) = counts.end_bound()
        && len > max
    {
        return Err(ValidationError::new(format!(
            "must have at most {max} items (maxItems), has {len}"
        )));
    }
    Ok(())
}

/// The spec's `minProperties` and `maxProperties`, either or both, as a range: `count` is the
/// number of properties the value is sent with.
pub(crate) fn check_properties(
    count: usize,
    counts: impl ::std::ops::RangeBounds<usize>,
) -> Result<(), ValidationError> {
    use ::std::ops::Bound::Included;
    if let Included(&min) = counts.start_bound()
        && count < min
    {
        return Err(ValidationError::new(format!(
            "must have at least {min} properties (minProperties), has {count}"
        )));
    }
    if let Included(&max) = counts.end_bound()
        && count > max
    {
        return Err(ValidationError::new(format!(
            "must have at most {max} properties (maxProperties), has {count}"
        )));
    }
    Ok(())
}

/// The spec's `multipleOf` for an integer, exactly. The generator passes only a whole,
/// positive `divisor` (a fractional one is checked by [`check_multiple_of_float`]).
pub(crate) fn check_multiple_of(
    value: impl Into<i128> + fmt::Display + Copy,
    divisor: i128,
) -> Result<(), ValidationError> {
    match value.into() % divisor {
        0 => Ok(()),
        _ => Err(ValidationError::new(format!(
            "must be a multiple of {divisor} (multipleOf), is {value}"
        ))),
    }
}

/// The spec's `multipleOf` for a number: whether `value / divisor` is a whole number, allowing
/// for rounding only. JSON writes both as decimals, which f64 holds to within half an ulp each;
/// the division rounds once more, so a quotient that is a whole number `k` in decimal lands
/// within 3 half-ulps of `k`, relative to `k`. Allowing 4 (one to spare) never refuses a value
/// written as a multiple, and refuses anything further from one than about 4.4e-16 of the
/// quotient: a real miss (`0.35` of `0.1` misses by half) is far beyond that.
pub(crate) fn check_multiple_of_float(value: f64, divisor: f64) -> Result<(), ValidationError> {
    let quotient = value / divisor;
    let miss = (quotient - quotient.round()).abs();
    match miss <= 2.0 * f64::EPSILON * quotient.abs() {
        true => Ok(()),
        false => Err(ValidationError::new(format!(
            "must be a multiple of {divisor} (multipleOf), is {value}"
        ))),
    }
}

/// The spec's `uniqueItems`: no two items are the same JSON value. Numbers compare by value
/// (`1` is `1.0`), objects whatever the order of their keys; the first repeat is named by the
/// indices of both items.
pub(crate) fn check_unique_items<T: ::serde::Serialize>(
    items: &[T],
) -> Result<(), ValidationError> {
    /// A JSON value in a form that compares as JSON Schema compares: a number that is whole
    /// is an integer, exactly, however it was written.
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Canonical {
        Null,
        Bool(bool),
        Int(i128),
        Float(u64),
        String(String),
        Array(Vec<Canonical>),
        Object(::std::collections::BTreeMap<String, Canonical>),
    }
    fn canonical(value: ::serde_json::Value) -> Canonical {
        use ::serde_json::Value;
        match value {
            Value::Null => Canonical::Null,
            Value::Bool(b) => Canonical::Bool(b),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => Canonical::Int(i.into()),
                (_, Some(u), _) => Canonical::Int(u.into()),
                // Every f64 this large is whole, and i128 holds it exactly.
                (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e38 => Canonical::Int(f as i128),
                (_, _, f) => Canonical::Float(f.unwrap_or(f64::NAN).to_bits()),
            },
            Value::String(s) => Canonical::String(s),
            Value::Array(items) => Canonical::Array(items.into_iter().map(canonical).collect()),
            Value::Object(map) => {
                Canonical::Object(map.into_iter().map(|(k, v)| (k, canonical(v))).collect())
            }
        }
    }
    let mut seen = ::std::collections::BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        // A value that does not serialise fails when sent, with its own error.
        let Ok(value) = ::serde_json::to_value(item) else { return Ok(()) };
        if let Some(first) = seen.insert(canonical(value), i) {
            return Err(ValidationError::new(format!(
                "must not repeat an item (uniqueItems): items {first} and {i} are equal"
            )));
        }
    }
    Ok(())
}

pub(crate) fn check_no_extra(
    extra: &::serde_json::Map<String, ::serde_json::Value>,
) -> Result<(), ValidationError> {
    match extra.keys().next() {
        None => Ok(()),
        Some(key) => Err(ValidationError::new(format!(
            "property `{key}` is not allowed (additionalProperties is false)"
        ))),
    }
}

/// Appends a path parameter as one percent-encoded segment; refuses values that would
/// change the path (empty, `.`, `..`).
pub(crate) fn push_segment(
    url: &mut String,
    name: &str,
    value: &dyn fmt::Display,
) -> Result<(), ValidationError> {
    let start = url.len();
    fmt::write(&mut PercentEncode(url), format_args!("{value}"))
        .map_err(|_| ValidationError::new("could not be formatted").within(name))?;
    match &url[start..] {
        "" | "." | ".." => Err(ValidationError::new(
            "must not be empty, `.` or `..` (it would change the request path)",
        )
        .within(name)),
        _ => Ok(()),
    }
}

/// The text of a parameter that has no `Display` of its own: a string as it is, a number or
/// boolean as JSON writes it, an array as its items joined by `,` (the `simple` style), and
/// an object as JSON text.
pub(crate) fn param_text<T: ::serde::Serialize + ?Sized>(
    value: &T,
) -> Result<String, ValidationError> {
    fn text(value: &::serde_json::Value) -> String {
        match value {
            ::serde_json::Value::String(s) => s.clone(),
            ::serde_json::Value::Null => String::new(),
            ::serde_json::Value::Array(items) => {
                items.iter().map(text).collect::<Vec<_>>().join(",")
            }
            other => other.to_string(),
        }
    }
    ::serde_json::to_value(value)
        .map(|value| text(&value))
        .map_err(|e| ValidationError::new(format!("cannot be written as a parameter: {e}")))
}

/// Appends `name=value` to the query string, encoded as `url` and reqwest's `query` encode
/// it (see [`FormEncode`]).
pub(crate) fn push_query(url: &mut String, name: &str, value: &dyn fmt::Display) {
    url.push(if url.contains('?') { '&' } else { '?' });
    let _ = fmt::write(&mut FormEncode(url), format_args!("{name}"));
    url.push('=');
    let _ = fmt::write(&mut FormEncode(url), format_args!("{value}"));
}

/// How a query parameter that is an array or an object is written: OpenAPI's `style`, with
/// `explode` beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Appends a query parameter written as its `style` and `explode` say (OpenAPI 3's table of
/// style examples): an array as repeated `name=item` when exploded, otherwise as one `name=`
/// with the items joined by `,`, `%20` or `|`; an object as its own `key=value` pairs (form,
/// exploded), `name[key]=value` (deepObject, nested keys in further brackets), or one `name=`
/// with keys and values joined; anything else as `name=value`. Names, keys and values are
/// percent-encoded, the delimiters are not, so a delimiter in a value stays data.
pub(crate) fn push_styled_query<T: ::serde::Serialize + ?Sized>(
    url: &mut String,
    name: &str,
    value: &T,
    style: QueryStyle,
    explode: bool,
) -> Result<(), ValidationError> {
    use ::serde_json::Value;
    let invalid = |e: ::serde_json::Error| {
        ValidationError::new(format!("cannot be written as a parameter: {e}")).within(name)
    };
    let delimiter = match style {
        QueryStyle::Form | QueryStyle::DeepObject => ",",
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
    };
    match ::serde_json::to_value(value).map_err(invalid)? {
        Value::Array(items) if explode => {
            for item in &items {
                push_query(url, name, &query_text(item));
            }
        }
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(query_text).collect();
            push_joined(url, name, texts.iter().map(String::as_str), delimiter);
        }
        Value::Object(_) => {
            // Through the JSON text, which keeps the properties in the order they are sent.
            let text = ::serde_json::to_string(value).map_err(invalid)?;
            let Entries(entries) = ::serde_json::from_str(&text).map_err(invalid)?;
            match (style, explode) {
                (QueryStyle::DeepObject, _) => {
                    let mut encoded = String::new();
                    let _ = fmt::write(&mut PercentEncode(&mut encoded), format_args!("{name}"));
                    push_deep(url, &encoded, &entries);
                }
                (_, true) => {
                    for (key, value) in &entries {
                        push_query(url, key, &query_text(value));
                    }
                }
                (_, false) => {
                    let texts: Vec<String> = entries.iter().map(|(_, v)| query_text(v)).collect();
                    let pairs = entries.iter().zip(&texts);
                    let joined = pairs.flat_map(|((key, _), text)| [key.as_str(), text.as_str()]);
                    push_joined(url, name, joined, delimiter);
                }
            }
        }
        scalar => push_query(url, name, &query_text(&scalar)),
    }
    Ok(())
}

/// The properties of a JSON object in the order its text has them.
struct Entries(Vec<(String, ::serde_json::Value)>);

impl<'de> ::serde::Deserialize<'de> for Entries {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> ::serde::de::Visitor<'de> for Visitor {
            type Value = Entries;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: ::serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A value as query text: a string as it is, `null` as nothing, anything else as JSON.
fn query_text(value: &::serde_json::Value) -> String {
    match value {
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `name=` and the parts, each percent-encoded, joined by `delimiter` as it is.
fn push_joined<'a>(
    url: &mut String,
    name: &str,
    parts: impl Iterator<Item = &'a str>,
    delimiter: &str,
) {
    url.push(if url.contains('?') { '&' } else { '?' });
    let _ = fmt::write(&mut PercentEncode(url), format_args!("{name}"));
    url.push('=');
    for (i, part) in parts.enumerate() {
        if i > 0 {
            url.push_str(delimiter);
        }
        let _ = fmt::write(&mut PercentEncode(url), format_args!("{part}"));
    }
}

/// `name[key]=value` for each property, a nested object's in further brackets and an array's
/// items repeated.
fn push_deep(url: &mut String, name: &str, entries: &[(String, ::serde_json::Value)]) {
    for (key, value) in entries {
        let mut encoded_key = String::new();
        let _ = fmt::write(&mut PercentEncode(&mut encoded_key), format_args!("{key}"));
        let nested = format!("{name}[{encoded_key}]");
        match value {
            ::serde_json::Value::Object(map) => {
                let inner: Vec<(String, ::serde_json::Value)> =
                    map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                push_deep(url, &nested, &inner);
            }
            ::serde_json::Value::Array(items) => {
                for item in items {
                    push_raw_name(url, &nested, &query_text(item));
                }
            }
            other => push_raw_name(url, &nested, &query_text(other)),
        }
    }
}

/// `name=value` with `name` already encoded (a deepObject name and its brackets).
fn push_raw_name(url: &mut String, name: &str, value: &str) {
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(name);
    url.push('=');
    let _ = fmt::write(&mut PercentEncode(url), format_args!("{value}"));
}

/// A header parameter's value, refused when it cannot be sent in a header (e.g. a newline).
pub(crate) fn header_value(
    name: &str,
    value: &dyn fmt::Display,
) -> Result<::reqwest::header::HeaderValue, ValidationError> {
    ::reqwest::header::HeaderValue::try_from(value.to_string())
        .map_err(|_| ValidationError::new("cannot be sent in an HTTP header").within(name))
}

/// Writes text as `application/x-www-form-urlencoded` by the `form_urlencoded` crate (which
/// `url` uses for query pairs): a space as `+`, every byte but ASCII letters, digits and
/// `*-._` as `%XX`.
struct FormEncode<'a>(&'a mut String);

impl fmt::Write for FormEncode<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(::form_urlencoded::byte_serialize(s.as_bytes()));
        Ok(())
    }
}

/// Writes everything but RFC 3986's unreserved characters as `%XX`: a path segment, where a
/// `+` is not a space.
struct PercentEncode<'a>(&'a mut String);

impl fmt::Write for PercentEncode<'_> {
    /// Copies each run of unreserved characters whole (a path parameter is mostly one run),
    /// not a byte at a time.
    fn write_str(&mut self, s: &str) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                continue;
            }
            // A run of unreserved bytes is ASCII, so it starts and ends on characters.
            if start < i {
                self.0.push_str(&s[start..i]);
            }
            self.0.push('%');
            self.0.push(HEX[usize::from(b >> 4)] as char);
            self.0.push(HEX[usize::from(b & 15)] as char);
            start = i + 1;
        }
        if start < s.len() {
            self.0.push_str(&s[start..]);
        }
        Ok(())
    }
}

pub(crate) fn encode_json<T: ::serde::Serialize, E>(body: &T) -> Result<Vec<u8>, Error<E>> {
    ::serde_json::to_vec(body).map_err(|e| {
        Error::InvalidRequest(ValidationError::new(format!("cannot be encoded as JSON: {e}")))
    })
}

pub(crate) fn decode_json<T: ::serde::de::DeserializeOwned>(
    _status: u16,
    body: &[u8],
) -> Result<T, ::serde_json::Error> {
    ::serde_json::from_slice(body)
}

/// For responses the spec documents without a body: whatever arrives is ignored.
pub(crate) fn decode_empty(_status: u16, _body: &[u8]) -> Result<(), ::serde_json::Error> {
    Ok(())
}

/// A text body; bytes that are not UTF-8 become U+FFFD.
pub(crate) fn decode_text(_status: u16, body: &[u8]) -> Result<String, ::serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

pub(crate) fn decode_bytes(_status: u16, body: &[u8]) -> Result<Vec<u8>, ::serde_json::Error> {
    Ok(body.to_vec())
}

/// Tells a `null` apart from an absent property: absent is `None` (by `#[serde(default)]`),
/// `null` is `Some(None)`.
pub(crate) fn deserialize_nullable<'de, D, T>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// For an optional property whose type holds `null` itself (any JSON value): absent is
/// `None` (by `#[serde(default)]`), `null` is `Some` of the type's `null`.
pub(crate) fn deserialize_some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Decodes a struct that keeps the properties its spec does not name. The struct derives
/// `Deserialize` with `#[serde(remote = "Self")]`, which makes the derived code the inherent
/// function `derived` instead of the trait's implementation, and skips its map of unnamed
/// properties (`extra`). This runs that code in one pass over the object: the value of each
/// property it does not name, which it would skip, goes to the map instead.
/// Only an object decodes: the derived code would take an array too.
pub(crate) fn keep_extra<'de, D, T>(
    deserializer: D,
    derived: impl for<'a> FnOnce(Object<'a, 'de, D>) -> Result<T, D::Error>,
    extra: impl FnOnce(&mut T) -> &mut ::serde_json::Map<String, ::serde_json::Value>,
) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    keep_unnamed(deserializer, derived, extra, false)
}

/// [`keep_extra`] for a struct the spec closes (`additionalProperties: false`): what it
/// does not name is kept all the same (the client refuses to send it), and each such
/// property counts against the struct as a member of a union (see [`decode_union`]).
pub(crate) fn keep_extra_closed<'de, D, T>(
    deserializer: D,
    derived: impl for<'a> FnOnce(Object<'a, 'de, D>) -> Result<T, D::Error>,
    extra: impl FnOnce(&mut T) -> &mut ::serde_json::Map<String, ::serde_json::Value>,
) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    keep_unnamed(deserializer, derived, extra, true)
}

/// `Serialize` and `Deserialize` for a struct that keeps the properties its spec does not
/// name in its field `$extra`, decoding through `$keep`: [`keep_extra`], or
/// [`keep_extra_closed`] for a struct the spec closes. The struct derives both traits with
/// `#[serde(remote = "Self")]`, which makes the derived code its inherent functions; these
/// implementations call them. A generated struct so states only what varies:
/// `runtime::serde_keeping_extra!(Thing, extra, keep_extra);`. The paths in the expansion are
/// the invoking module's, as in generated code: `super::runtime` is this module.
// A client whose spec has no object type does not use it.
#[allow(unused_macros)]
macro_rules! serde_keeping_extra {
    ($name:ident, $extra:ident, $keep:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                Self::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                super::runtime::$keep(deserializer, |d| Self::deserialize(d), |v| &mut v.$extra)
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use serde_keeping_extra;

/// The chainable setter of an optional field of a generated struct, which is
/// `#[non_exhaustive]` and so built with `new` (or `default`) and these. In the struct's
/// `impl`, `runtime::setter!(with_name(String) for name);` is
/// `pub fn with_name(self, value: String) -> Self`, which sets `name` to `Some(value)` (the
/// generator names a setter `with_` and its field's name). The type given is the value's:
/// `Option<T>` for a field that may be `null`, where `None` is `null`.
// A client whose spec has no object type with an optional property does not use it.
#[allow(unused_macros)]
macro_rules! setter {
    ($with:ident($ty:ty) for $field:ident) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $with(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
}

#[allow(unused_imports)]
pub(crate) use setter;

/// The per-call options of a generated call, as its setters `timeout`, `header`, `retry`,
/// `no_retry` and `options`, each the [`CallOptions`] method of its name for this one call.
/// In the `impl` of an async call, `runtime::call_options!(in options);` writes them for the
/// field `options` that holds its `CallOptions`; in that of a blocking call,
/// `runtime::call_options!(through call);` writes them to set the options of the async call
/// it holds in its field `call`. The paths in the expansion are the invoking module's, as in
/// generated code.
// A client without operations does not use it.
#[allow(unused_macros)]
macro_rules! call_options {
    (in $options:ident) => {
        /// [`CallOptions::timeout`](super::CallOptions::timeout), for this call.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$options = self.$options.timeout(timeout);
            self
        }

        /// [`CallOptions::header`](super::CallOptions::header), for this call.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.$options = self.$options.header(name, value);
            self
        }

        /// [`CallOptions::retry`](super::CallOptions::retry), for this call.
        pub fn retry(mut self, policy: super::runtime::RetryPolicy) -> Self {
            self.$options = self.$options.retry(policy);
            self
        }

        /// [`CallOptions::no_retry`](super::CallOptions::no_retry), for this call.
        pub fn no_retry(mut self) -> Self {
            self.$options = self.$options.no_retry();
            self
        }

        /// Sets all the per-call options at once, in place of those set so far.
        pub fn options(mut self, options: super::runtime::CallOptions) -> Self {
            self.$options = options;
            self
        }
    };
    (through $call:ident) => {
        /// [`CallOptions::timeout`](super::CallOptions::timeout), for this call.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.$call = self.$call.timeout(timeout);
            self
        }

        /// [`CallOptions::header`](super::CallOptions::header), for this call.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.$call = self.$call.header(name, value);
            self
        }

        /// [`CallOptions::retry`](super::CallOptions::retry), for this call.
        pub fn retry(mut self, policy: super::runtime::RetryPolicy) -> Self {
            self.$call = self.$call.retry(policy);
            self
        }

        /// [`CallOptions::no_retry`](super::CallOptions::no_retry), for this call.
        pub fn no_retry(mut self) -> Self {
            self.$call = self.$call.no_retry();
            self
        }

        /// Sets all the per-call options at once, in place of those set so far.
        pub fn options(mut self, options: super::runtime::CallOptions) -> Self {
            self.$call = self.$call.options(options);
            self
        }
    };
}

#[allow(unused_imports)]
pub(crate) use call_options;

/// `with_response`, `send` and `send_with_response` in the `impl` of an async call, which has
/// `request` (the checks and the request of each attempt), `Self::OPERATION` and the fields
/// `client` and `options`: `runtime::send!(Ok, Err, 200 => decode, 400 | 404 => decode_error);`
/// gives the statuses of a success and the function that decodes its body into `Ok`, then
/// those of a documented error and the function that decodes it into `Err` (the arguments of
/// [`sort`]; `_` is every status; no error part, no status is a documented error). The paths
/// in the expansion are the invoking module's, as in generated code.
// A client without operations does not use it.
#[allow(unused_macros)]
macro_rules! send {
    (@is) => { |_| false };
    (@is $($error:pat_param)|+) => { |status| matches!(status, $($error)|+) };
    (@decode) => { super::runtime::decode_empty };
    (@decode $decode_error:expr) => { $decode_error };
    ($ok:ty, $err:ty, $($success:pat_param)|+ => $decode:expr
        $(, $($error:pat_param)|+ => $decode_error:expr)? $(,)?) => {
        /// Gives the whole response when awaited: status, headers and decoded body.
        pub fn with_response(self) -> super::runtime::WithResponse<Self> {
            super::runtime::WithResponse(self)
        }

        /// Sends the request and decodes the response: what `.await` does, without boxing
        /// the future.
        pub async fn send(self) -> ::std::result::Result<$ok, super::runtime::Error<$err>> {
            self.options.check()?;
            let request = self.request()?;
            let again = || self.request().ok();
            let fetched =
                self.client.fetch_call(request, &again, &self.options, Self::OPERATION).await;
            super::runtime::sort_body(
                fetched,
                |status| matches!(status, $($success)|+),
                $decode,
                super::runtime::send!(@is $($($error)|+)?),
                super::runtime::send!(@decode $($decode_error)?),
            )
        }

        pub(crate) async fn send_with_response(
            self,
        ) -> ::std::result::Result<super::runtime::Response<$ok>, super::runtime::Error<$err>> {
            self.options.check()?;
            let request = self.request()?;
            let again = || self.request().ok();
            let fetched =
                self.client.fetch_call(request, &again, &self.options, Self::OPERATION).await;
            super::runtime::sort(
                fetched,
                |status| matches!(status, $($success)|+),
                $decode,
                super::runtime::send!(@is $($($error)|+)?),
                super::runtime::send!(@decode $($decode_error)?),
            )
        }
    };
}

#[allow(unused_imports)]
pub(crate) use send;

/// `IntoFuture` for an async call and for its `with_response()`:
/// `runtime::into_future!(Name, Ok, Err);` makes `Name<'a>` awaitable as its `send`, which
/// gives `Result<Ok, Error<Err>>`, and `WithResponse<Name<'a>>` as its `send_with_response`,
/// which gives the `Response<Ok>`. Attributes before the name (such as
/// `#[allow(deprecated)]`) go on both impls. The paths in the expansion are the invoking
/// module's, as in generated code.
// A client without operations does not use it.
#[allow(unused_macros)]
macro_rules! into_future {
    ($(#[$attr:meta])* $call:ident, $ok:ty, $err:ty $(,)?) => {
        $(#[$attr])*
        impl<'a> ::std::future::IntoFuture for $call<'a> {
            type Output = ::std::result::Result<$ok, super::runtime::Error<$err>>;
            type IntoFuture = super::runtime::CallFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        $(#[$attr])*
        impl<'a> ::std::future::IntoFuture for super::runtime::WithResponse<$call<'a>> {
            type Output = ::std::result::Result<
                super::runtime::Response<$ok>,
                super::runtime::Error<$err>,
            >;
            type IntoFuture = super::runtime::CallFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.0.send_with_response())
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use into_future;

/// `with_response` and `send` of a blocking call, and [`BlockingCall`] for it:
/// `runtime::blocking_call!(Name, Ok, Err);` for `Name<'a>`, which holds the async call in its
/// field `call` and the runtime it runs on in `runtime`; `send` gives `Result<Ok, Error<Err>>`.
/// Attributes before the name (such as `#[allow(deprecated)]`) go on both impls. The paths in
/// the expansion are the invoking module's, as in generated code.
// A client without the blocking feature or without operations does not use it.
#[allow(unused_macros)]
macro_rules! blocking_call {
    ($(#[$attr:meta])* $call:ident, $ok:ty, $err:ty $(,)?) => {
        $(#[$attr])*
        impl<'a> $call<'a> {
            /// Gives the whole response when sent: status, headers and decoded body.
            pub fn with_response(self) -> super::runtime::WithResponse<Self> {
                super::runtime::WithResponse(self)
            }

            /// Sends the request and decodes the response.
            pub fn send(self) -> ::std::result::Result<$ok, super::runtime::Error<$err>> {
                self.runtime.block_on(self.call.send())
            }
        }

        $(#[$attr])*
        impl super::runtime::BlockingCall for $call<'_> {
            type WithResponse = ::std::result::Result<
                super::runtime::Response<$ok>,
                super::runtime::Error<$err>,
            >;

            fn send_with_response(self) -> Self::WithResponse {
                self.runtime.block_on(self.call.send_with_response())
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use blocking_call;

/// What a string enum implements, from its values:
/// `runtime::string_enum!(Name, A = "a", B = "b", _ => Unknown);` writes `as_str` (the value
/// as sent) and `From<&str>` (a value as received: `"a"` is `A`, a value not listed
/// `Unknown` with it), and from those `FromStr`, `Display`, `Serialize` and `Deserialize`. The
/// paths in the expansion are the invoking module's, as in generated code.
// A client without string enums does not use it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, $($variant:ident = $value:literal,)* _ => $unknown:ident $(,)?) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)*
                    $name::$unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => $name::$variant,)*
                    other => $name::$unknown(super::runtime::unlisted(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                super::runtime::deserialize_enum(deserializer)
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use string_enum;

/// An operation's ID, method and path template, which the span of each of its calls shows
/// (the `tracing` feature).
pub(crate) type Operation = (&'static str, &'static str, &'static str);

impl Client {
    /// Sends a call's request with [`Client::fetch`], inside the call's span when the
    /// `tracing` feature is on. Every generated call sends through it, so that none has to
    /// name the feature.
    pub(crate) fn fetch_call<'a>(
        &'a self,
        request: ::reqwest::RequestBuilder,
        again: Again<'a>,
        options: &'a CallOptions,
        operation: Operation,
    ) -> impl ::std::future::Future<Output = Result<Raw, TransportError>> + 'a {
        #[cfg(feature = "tracing")]
        return self.fetch_traced(request, again, options, operation);
        #[cfg(not(feature = "tracing"))]
        {
            let _ = operation;
            self.fetch(request, again, options)
        }
    }
}

#[inline(always)]
fn keep_unnamed<'de, D, T>(
    deserializer: D,
    derived: impl for<'a> FnOnce(Object<'a, 'de, D>) -> Result<T, D::Error>,
    extra: impl FnOnce(&mut T) -> &mut ::serde_json::Map<String, ::serde_json::Value>,
    closed: bool,
) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let mut kept = Kept { key: None, escaped: String::new(), unnamed: None };
    let decoded = derived(Object { inner: deserializer, kept: &mut kept });
    // An object without unnamed properties makes no map and leaves the value where it is.
    match kept.unnamed {
        None => decoded,
        Some(unnamed) => decoded.map(|mut value| {
            let fit = if closed { Fit::caught(unnamed.len()) } else { Fit::unnamed(unnamed.len()) };
            Fit::count(fit);
            *extra(&mut value) = unnamed;
            value
        }),
    }
}

/// What [`keep_extra`] keeps aside while the derived code reads an object: the name of
/// the property being read, and the properties the struct does not name.
pub(crate) struct Kept<'de> {
    /// The name, borrowed from the input; `None` when it could not be (an escaped name, or
    /// one from a `serde_json::Value`): then it is in `escaped`.
    key: Option<&'de str>,
    escaped: String,
    unnamed: Option<::serde_json::Map<String, ::serde_json::Value>>,
}

/// The deserializer [`keep_extra`] gives the derived code: its `deserialize_struct`
/// reads an object.
pub(crate) struct Object<'a, 'de, D> {
    inner: D,
    kept: &'a mut Kept<'de>,
}

// The adapters below are each a step of every property of every object: inlined, they cost
// next to nothing, which the compiler does not see by itself.

impl<'de, D: ::serde::Deserializer<'de>> ::serde::Deserializer<'de> for Object<'_, 'de, D> {
    type Error = D::Error;

    #[inline(always)]
    fn deserialize_struct<V: ::serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let kept = self.kept;
        self.inner.deserialize_map(ObjectVisitor { name, visitor, kept })
    }

    // The derived code asks only for a struct; anything else is read as it is.
    fn deserialize_any<V: ::serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct ObjectVisitor<'a, 'de, V> {
    name: &'static str,
    visitor: V,
    kept: &'a mut Kept<'de>,
}

impl<'de, V: ::serde::de::Visitor<'de>> ::serde::de::Visitor<'de> for ObjectVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", self.name)
    }

    #[inline(always)]
    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let kept = self.kept;
        self.visitor.visit_map(Properties { map, kept })
    }
}

/// The properties of an object, each key kept until its value is read: the derived code skips
/// the value of a property it does not name (with `IgnoredAny`), and that value is kept
/// instead.
struct Properties<'a, 'de, A> {
    map: A,
    kept: &'a mut Kept<'de>,
}

impl<'de, A: ::serde::de::MapAccess<'de>> ::serde::de::MapAccess<'de> for Properties<'_, 'de, A> {
    type Error = A::Error;

    #[inline(always)]
    fn next_key_seed<K: ::serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let kept = &mut *self.kept;
        self.map.next_key_seed(PropertyName { seed, kept })
    }

    #[inline(always)]
    fn next_value_seed<S: ::serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        let kept = &mut *self.kept;
        self.map.next_value_seed(PropertyValue { seed, kept })
    }
}

/// The name of a property, read straight from the input to `seed` (the derived code's field
/// identifier) and kept, borrowed from the input when it can be, until its value is read.
struct PropertyName<'a, 'de, K> {
    seed: K,
    kept: &'a mut Kept<'de>,
}

impl<'de, K: ::serde::de::DeserializeSeed<'de>> ::serde::de::DeserializeSeed<'de>
    for PropertyName<'_, 'de, K>
{
    type Value = K::Value;

    #[inline(always)]
    fn deserialize<D: ::serde::Deserializer<'de>>(self, inner: D) -> Result<K::Value, D::Error> {
        inner.deserialize_str(self)
    }
}

impl<'de, K: ::serde::de::DeserializeSeed<'de>> ::serde::de::Visitor<'de>
    for PropertyName<'_, 'de, K>
{
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline(always)]
    fn visit_borrowed_str<E: ::serde::de::Error>(self, name: &'de str) -> Result<K::Value, E> {
        self.kept.key = Some(name);
        self.seed.deserialize(::serde::de::value::BorrowedStrDeserializer::new(name))
    }

    fn visit_str<E: ::serde::de::Error>(self, name: &str) -> Result<K::Value, E> {
        self.kept.key = None;
        self.kept.escaped.clear();
        self.kept.escaped.push_str(name);
        self.seed.deserialize(::serde::de::value::StrDeserializer::new(name))
    }

    fn visit_string<E: ::serde::de::Error>(self, name: String) -> Result<K::Value, E> {
        let field = self.seed.deserialize(::serde::de::value::StrDeserializer::new(&name))?;
        self.kept.key = None;
        self.kept.escaped = name;
        Ok(field)
    }
}

/// The value of a property, decoded by `seed`, unless `seed` skips it: then it is kept.
struct PropertyValue<'a, 'de, S> {
    seed: S,
    kept: &'a mut Kept<'de>,
}

impl<'de, S: ::serde::de::DeserializeSeed<'de>> ::serde::de::DeserializeSeed<'de>
    for PropertyValue<'_, 'de, S>
{
    type Value = S::Value;

    #[inline(always)]
    fn deserialize<D: ::serde::Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Property { inner, kept: self.kept })
    }
}

/// A property's value as it is, but for `deserialize_ignored_any`, which keeps it.
struct Property<'a, 'de, D> {
    inner: D,
    kept: &'a mut Kept<'de>,
}

/// Methods of `Deserializer` that only pass the visitor on to `self.inner`.
macro_rules! forward_to_inner {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {$(
        #[inline(always)]
        fn $method<V: ::serde::de::Visitor<'de>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: ::serde::Deserializer<'de>> ::serde::Deserializer<'de> for Property<'_, 'de, D> {
    type Error = D::Error;

    fn deserialize_ignored_any<V: ::serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(self.inner)?;
        let key = match self.kept.key {
            Some(name) => name.to_string(),
            None => ::std::mem::take(&mut self.kept.escaped),
        };
        self.kept.unnamed.get_or_insert_default().insert(key, value);
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    forward_to_inner! {
        deserialize_any() deserialize_bool() deserialize_i8() deserialize_i16()
        deserialize_i32() deserialize_i64() deserialize_i128() deserialize_u8()
        deserialize_u16() deserialize_u32() deserialize_u64() deserialize_u128()
        deserialize_f32() deserialize_f64() deserialize_char() deserialize_str()
        deserialize_string() deserialize_bytes() deserialize_byte_buf() deserialize_option()
        deserialize_unit() deserialize_seq() deserialize_map() deserialize_identifier()
        deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }
}

/// Decodes a string enum from any string, known or not, without allocating for known ones.
pub(crate) fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(::std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> ::serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(Visitor(::std::marker::PhantomData))
}

/// Decodes an integer enum from any integer its values' type `K` holds, listed or not.
pub(crate) fn deserialize_integer_enum<'de, D, T, K>(deserializer: D) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: From<K>,
    K: TryFrom<i64> + TryFrom<u64>,
{
    struct Visitor<T, K>(::std::marker::PhantomData<(T, K)>);
    impl<T: From<K>, K: TryFrom<i64> + TryFrom<u64>> ::serde::de::Visitor<'_> for Visitor<T, K> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }

        fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> Result<T, E> {
            let out_of_range = || E::invalid_value(::serde::de::Unexpected::Signed(value), &self);
            K::try_from(value).map(T::from).map_err(|_| out_of_range())
        }

        fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<T, E> {
            let out_of_range = || E::invalid_value(::serde::de::Unexpected::Unsigned(value), &self);
            K::try_from(value).map(T::from).map_err(|_| out_of_range())
        }
    }
    deserializer.deserialize_i64(Visitor(::std::marker::PhantomData))
}

/// What `Debug` shows of a secret (`format: password`, `writeOnly`, a name such as
/// `password` or `privateKey`): `[redacted]` when it is set, `None` when it is not.
pub(crate) struct Redacted(pub(crate) bool);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "[redacted]" } else { "None" })
    }
}

/// The catch-all variant's value for a string the enum does not list; counted against the
/// value as a member of a union being decoded (see [`decode_union`]).
pub(crate) fn unlisted(value: &str) -> String {
    Fit::count(Fit::caught(1));
    value.to_string()
}

/// The catch-all variant's value for an integer the enum does not list; counted as
/// [`unlisted`] counts a string.
pub(crate) fn unlisted_integer<K>(value: K) -> K {
    Fit::count(Fit::caught(1));
    value
}

/// How a union decodes one of its members from the value: one per variant, in the spec's
/// order.
pub(crate) type Member<T> = fn(&::serde_json::Value) -> Result<T, ::serde_json::Error>;

/// Decodes a union (`oneOf`, `anyOf`) without a discriminator: into the member that holds
/// the value best. The first member that decodes it with no misfit (see [`Fit`]) is taken at
/// once; otherwise the one with the fewest, the first of those if several tie. A value no
/// member decodes goes to the catch-all, `unknown`.
pub(crate) fn decode_union<'de, D, T>(
    deserializer: D,
    members: &[Member<T>],
    unknown: fn(::serde_json::Value) -> T,
) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    Ok(best_fit(value, members, unknown))
}

/// Decodes a union with a discriminator: the member its `property` names through `tags`
/// (a value and the index of its member), if that member decodes the value; otherwise, as
/// [`decode_union`] does, the member that fits best among those no tag names (the spec's
/// inline members), or the catch-all.
pub(crate) fn decode_tagged_union<'de, D, T>(
    deserializer: D,
    property: &str,
    tags: &[(&str, usize)],
    members: &[Member<T>],
    unknown: fn(::serde_json::Value) -> T,
) -> Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    let tag = value.get(property).and_then(::serde_json::Value::as_str);
    if let Some(&(_, member)) = tag.and_then(|tag| tags.iter().find(|(t, _)| *t == tag)) {
        let before = Fit::now();
        match members[member](&value) {
            Ok(decoded) => return Ok(decoded),
            Err(_) => Fit::reset(before),
        }
    }
    let untagged = members
        .iter()
        .enumerate()
        .filter(|(i, _)| tags.iter().all(|(_, tagged)| tagged != i))
        .map(|(_, member)| member);
    Ok(best_fit(value, untagged, unknown))
}

fn best_fit<'a, T: 'a>(
    value: ::serde_json::Value,
    members: impl IntoIterator<Item = &'a Member<T>>,
    unknown: fn(::serde_json::Value) -> T,
) -> T {
    let before = Fit::now();
    let mut best: Option<(Fit, T)> = None;
    for member in members {
        let decoded = member(&value);
        let fit = Fit::now().since(before);
        Fit::reset(before);
        if let Ok(decoded) = decoded {
            if fit == Fit::default() {
                return decoded;
            }
            if best.as_ref().is_none_or(|(best, _)| fit < *best) {
                best = Some((fit, decoded));
            }
        }
    }
    match best {
        Some((fit, decoded)) => {
            Fit::count(fit);
            decoded
        }
        None => {
            Fit::count(Fit::caught(1));
            unknown(value)
        }
    }
}

/// The error of a member that is itself a union and decodes a value only into its
/// catch-all: the outer union does not take it that way.
pub(crate) fn only_caught() -> ::serde_json::Error {
    <::serde_json::Error as ::serde::de::Error>::custom("only the catch-all variant holds it")
}

/// How far a decoded value is from what its type spells out, counted while it decodes:
/// first the values a catch-all holds (a string an enum does not list, a value no member of
/// a union decodes, a property a closed object does not name), then the properties an open
/// object keeps in its map of unnamed ones. Compared in that order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Fit {
    caught: u32,
    unnamed: u32,
}

::std::thread_local! {
    /// The misfits counted on this thread since it started: a union reads it before and after
    /// decoding each member, and puts back what the member it takes counted.
    static MISFITS: ::std::cell::Cell<Fit> = const { ::std::cell::Cell::new(Fit { caught: 0, unnamed: 0 }) };
}

impl Fit {
    fn caught(n: usize) -> Fit {
        Fit { caught: n as u32, unnamed: 0 }
    }

    fn unnamed(n: usize) -> Fit {
        Fit { caught: 0, unnamed: n as u32 }
    }

    fn now() -> Fit {
        MISFITS.with(::std::cell::Cell::get)
    }

    fn reset(to: Fit) {
        MISFITS.with(|misfits| misfits.set(to));
    }

    fn count(more: Fit) {
        let now = Fit::now();
        Fit::reset(Fit {
            caught: now.caught.wrapping_add(more.caught),
            unnamed: now.unnamed.wrapping_add(more.unnamed),
        });
    }

    /// What was counted from `before` to `self`.
    fn since(self, before: Fit) -> Fit {
        Fit {
            caught: self.caught.wrapping_sub(before.caught),
            unnamed: self.unnamed.wrapping_sub(before.unnamed),
        }
    }
}

// The pagers of paged operations (`x-pagination`), from here to the encoders of forms: the
// generator leaves them out of clients without such operations, which then do not need
// `futures-core`.

/// One page of a paged operation's answer, as a pager reads it: its items, and what it says
/// about the pages after it.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    /// The total number of items over all pages, when the answer states it.
    pub(crate) total: Option<u64>,
    /// The next page's cursor, when the answer gives one.
    pub(crate) next: Option<String>,
}

impl<T> Page<T> {
    pub(crate) fn new(items: Vec<T>) -> Self {
        Page { items, total: None, next: None }
    }

    /// With the total the answer states; a negative one is none.
    pub(crate) fn with_total<N: TryInto<u64>>(mut self, total: Option<N>) -> Self {
        self.total = total.and_then(|total| total.try_into().ok());
        self
    }

    /// With the next page's cursor; an empty one is none.
    pub(crate) fn with_next(mut self, next: Option<String>) -> Self {
        self.next = next.filter(|cursor| !cursor.is_empty());
        self
    }
}

/// How a pager moves from page to page, apart from fetching them: [`ByNumber`] or
/// [`ByCursor`].
pub(crate) trait Walk {
    /// What a request for a later page sets: a page number, or a cursor.
    type At;

    /// What to fetch next, once the items so far are all taken: `Some(None)` for the first
    /// page (the call as the caller set it), `Some(Some(at))` for a later one, and `None` when
    /// the pages have ended or one is on its way.
    fn ask(&mut self) -> Option<Option<Self::At>>;

    /// Takes in the page that arrived for the last `ask`.
    fn receive<T>(&mut self, page: &Page<T>);

    /// Ends the walk, after an error: no page is fetched any more.
    fn end(&mut self);
}

/// Where a walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    First,
    Next,
    Waiting,
    Done,
}

/// Pages by number, one after another from the page the call asks for. A page ends the walk
/// when it is empty, when the items so far reach the total it states, or, when it states
/// none, when it has fewer items than the page size asked for. With a total, a short page
/// does not end it: a server that gives fewer items per page than asked still has the rest.
pub(crate) struct ByNumber<N> {
    /// The number of the page asked for last, or first.
    page: N,
    /// The page size asked for, when known.
    size: Option<u64>,
    /// How many items the pages so far held.
    received: u64,
    step: Step,
}

/// A page number: an integer, which the next page's is one more than.
pub(crate) trait PageNumber: Copy {
    /// The number after this one; `None` past the largest.
    fn after(self) -> Option<Self>;

    /// How many pages come before this one, when the first is `first`.
    fn pages_since(self, first: Self) -> u64;
}

macro_rules! page_numbers {
    ($($int:ty)*) => {$(
        impl PageNumber for $int {
            fn after(self) -> Option<Self> {
                self.checked_add(1)
            }

            fn pages_since(self, first: Self) -> u64 {
                (i128::from(self) - i128::from(first)).try_into().unwrap_or(0)
            }
        }
    )*};
}

page_numbers!(i8 i16 i32 i64 u8 u16 u32 u64);

impl<N: PageNumber> ByNumber<N> {
    /// A walk from page `first` (the call's page, or what the server answers without one),
    /// asking for pages of `size` items (the call's size, or the server's default).
    pub(crate) fn new<S: TryInto<u64>>(first: N, size: Option<S>) -> Self {
        let size = size.and_then(|size| size.try_into().ok());
        ByNumber { page: first, size, received: 0, step: Step::First }
    }

    /// For pages numbered from `first` (the server's first page): a walk that starts at a
    /// later page counts the items of the pages before it, at the size asked for, toward the
    /// total, which it would otherwise pass only with an empty page.
    pub(crate) fn numbered_from(mut self, first: N) -> Self {
        let before = self.page.pages_since(first);
        self.received = self.size.map_or(0, |size| size.saturating_mul(before));
        self
    }
}

impl<N: PageNumber> Walk for ByNumber<N> {
    type At = N;

    fn ask(&mut self) -> Option<Option<N>> {
        let at = match self.step {
            Step::First => None,
            Step::Next => Some(self.page),
            Step::Waiting | Step::Done => return None,
        };
        self.step = Step::Waiting;
        Some(at)
    }

    fn receive<T>(&mut self, page: &Page<T>) {
        let count = page.items.len() as u64;
        self.received += count;
        let last = count == 0
            || match page.total {
                Some(total) => self.received >= total,
                None => self.size.is_some_and(|size| count < size),
            };
        self.step = match self.page.after() {
            Some(next) if !last => {
                self.page = next;
                Step::Next
            }
            _ => Step::Done,
        };
    }

    fn end(&mut self) {
        self.step = Step::Done;
    }
}

/// Pages by cursor: each page gives the next one's. A page ends the walk when it gives no
/// cursor (or an empty one), when it is empty, or when it gives back the cursor that asked
/// for it, which would ask for the same page forever.
pub(crate) struct ByCursor {
    /// The cursor asked with last: the call's, then each page's.
    sent: Option<String>,
    step: Step,
}

impl ByCursor {
    /// A walk from the page of the call's cursor, `first` (none: the first page).
    pub(crate) fn new(first: Option<String>) -> Self {
        ByCursor { sent: first, step: Step::First }
    }
}

impl Walk for ByCursor {
    type At = String;

    fn ask(&mut self) -> Option<Option<String>> {
        let at = match self.step {
            Step::First => None,
            Step::Next => self.sent.clone(),
            Step::Waiting | Step::Done => return None,
        };
        self.step = Step::Waiting;
        Some(at)
    }

    fn receive<T>(&mut self, page: &Page<T>) {
        self.step = match &page.next {
            Some(next) if !page.items.is_empty() && self.sent.as_ref() != Some(next) => {
                self.sent = Some(next.clone());
                Step::Next
            }
            _ => Step::Done,
        };
    }

    fn end(&mut self) {
        self.step = Step::Done;
    }
}

/// Every item of every page, as a `Stream`: the next page is fetched only when the items
/// before it are all taken, so at most one page is held; an error is yielded as an item, and
/// then the stream ends. `fetch` sends the request for a page, given what [`Walk::ask`] says.
pub(crate) struct ItemStream<W, T, F, Fut> {
    walk: W,
    fetch: F,
    items: ::std::vec::IntoIter<T>,
    /// The request on its way, boxed so that the stream is `Unpin`.
    fetching: Option<::std::pin::Pin<Box<Fut>>>,
}

impl<W, T, F, Fut> ItemStream<W, T, F, Fut> {
    pub(crate) fn new(walk: W, fetch: F) -> Self {
        ItemStream { walk, fetch, items: Vec::new().into_iter(), fetching: None }
    }
}

// Nothing of the stream is pinned in place: the future on its way is in a `Box`.
impl<W, T, F, Fut> Unpin for ItemStream<W, T, F, Fut> {}

impl<W, T, E, F, Fut> ::futures_core::Stream for ItemStream<W, T, F, Fut>
where
    W: Walk,
    F: FnMut(Option<W::At>) -> Fut,
    Fut: ::std::future::Future<Output = Result<Page<T>, E>>,
{
    type Item = Result<T, E>;

    fn poll_next(
        self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Option<Result<T, E>>> {
        use ::std::task::Poll;
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.fetching.is_none() {
                let Some(at) = this.walk.ask() else {
                    return Poll::Ready(None);
                };
                // The page taken is let go before the next one arrives.
                this.items = Vec::new().into_iter();
                this.fetching = Some(Box::pin((this.fetch)(at)));
            }
            let Some(fetching) = this.fetching.as_mut() else {
                return Poll::Ready(None);
            };
            let Poll::Ready(result) = fetching.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.fetching = None;
            match result {
                Ok(page) => {
                    this.walk.receive(&page);
                    this.items = page.items.into_iter();
                }
                Err(error) => {
                    this.walk.end();
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.items.len(), None)
    }
}

/// Every item of every page of a paged operation, in the server's order: a `Stream` (of the
/// `futures-core` crate, which `futures` and `tokio-stream` extend), and [`Items::next`] for
/// code without either. The next page is asked for only when the items before it are all
/// taken, so at most one page is held at a time, and dropping `Items` asks for no more. An
/// error is yielded as an item, after the items before it; then the items end.
pub struct Items<'a, T, E> {
    stream:
        ::std::pin::Pin<Box<dyn ::futures_core::Stream<Item = Result<T, Error<E>>> + Send + 'a>>,
}

impl<'a, T, E> Items<'a, T, E> {
    /// The items of the pages that `fetch` fetches as `walk` says.
    pub(crate) fn new<W, F, Fut>(walk: W, fetch: F) -> Self
    where
        W: Walk + Send + 'a,
        F: FnMut(Option<W::At>) -> Fut + Send + 'a,
        Fut: ::std::future::Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
        T: Send + 'a,
    {
        Items { stream: Box::pin(ItemStream::new(walk, fetch)) }
    }

    /// The next item, or `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        ::std::future::poll_fn(|cx| self.stream.as_mut().poll_next(cx)).await
    }
}

impl<T, E> ::futures_core::Stream for Items<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.stream.size_hint()
    }
}

impl<T, E> fmt::Debug for Items<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

// The encoder of form bodies, from here to the encoder of multipart bodies: the generator
// leaves it out of clients that send no form.

/// An `application/x-www-form-urlencoded` body, built pair by pair: each name and value goes
/// through `form_urlencoded`, bytes as they are.
pub(crate) struct FormBody {
    body: String,
}

impl FormBody {
    pub(crate) fn new() -> Self {
        FormBody { body: String::new() }
    }

    fn pair(&mut self, name: &str, value: &[u8]) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.extend(::form_urlencoded::byte_serialize(name.as_bytes()));
        self.body.push('=');
        self.body.extend(::form_urlencoded::byte_serialize(value));
    }

    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.pair(name, value.as_bytes());
    }

    pub(crate) fn file(&mut self, name: &str, content: &[u8]) {
        self.pair(name, content);
    }

    pub(crate) fn json<T: ::serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let json = ::serde_json::to_vec(value).map_err(|e| {
            ValidationError::new(format!("cannot be encoded as JSON: {e}")).within(name)
        })?;
        self.pair(name, &json);
        Ok(())
    }

    /// A body that is not a struct: the properties of its JSON form, arrays as repeated names.
    pub(crate) fn from_json<T: ::serde::Serialize>(body: &T) -> Result<Self, ValidationError> {
        let value = ::serde_json::to_value(body)
            .map_err(|e| ValidationError::new(format!("cannot be encoded as a form: {e}")))?;
        let ::serde_json::Value::Object(properties) = value else {
            return Err(ValidationError::new("a form body must be an object"));
        };
        let mut form = FormBody::new();
        for (name, value) in &properties {
            let values = match value {
                ::serde_json::Value::Array(items) => items.iter().collect(),
                value => vec![value],
            };
            for value in values {
                match value {
                    ::serde_json::Value::Null => {}
                    ::serde_json::Value::String(text) => form.text(name, text),
                    other => form.text(name, &other.to_string()),
                }
            }
        }
        Ok(form)
    }

    /// The `Content-Type` and the body.
    pub(crate) fn finish(self) -> (&'static str, Vec<u8>) {
        ("application/x-www-form-urlencoded", self.body.into_bytes())
    }
}

// The encoder of multipart bodies, from here to the end of the file: the generator leaves it
// out of clients that send no such body, whose reqwest then needs no `multipart` feature.

/// A `multipart/form-data` body, built part by part as reqwest's `multipart::Form`: a random
/// boundary, and each part's bytes sent as they are.
pub(crate) struct Multipart {
    form: ::reqwest::multipart::Form,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart { form: ::reqwest::multipart::Form::new() }
    }

    fn part(&mut self, name: ::std::borrow::Cow<'static, str>, part: ::reqwest::multipart::Part) {
        let form = ::std::mem::take(&mut self.form);
        self.form = form.part(name, part);
    }

    pub(crate) fn text(&mut self, name: impl Into<::std::borrow::Cow<'static, str>>, value: &str) {
        self.part(name.into(), ::reqwest::multipart::Part::text(value.to_string()));
    }

    /// A file part: the bytes as they are, with the property's name as the file name (a
    /// server may take a part without one for a text field), and `content_type`, which the
    /// spec's `encoding` gives or else is `application/octet-stream`.
    pub(crate) fn file(
        &mut self,
        name: impl Into<::std::borrow::Cow<'static, str>>,
        content: &[u8],
        content_type: &str,
    ) -> Result<(), ValidationError> {
        let name = name.into();
        let part = ::reqwest::multipart::Part::bytes(content.to_vec())
            .file_name(name.clone())
            .mime_str(content_type)
            .map_err(|_| {
                ValidationError::new(format!("`{content_type}` is not a media type")).within(&name)
            })?;
        self.part(name, part);
        Ok(())
    }

    pub(crate) fn json<T: ::serde::Serialize>(
        &mut self,
        name: impl Into<::std::borrow::Cow<'static, str>>,
        value: &T,
    ) -> Result<(), ValidationError> {
        let name = name.into();
        let json = ::serde_json::to_vec(value).map_err(|e| {
            ValidationError::new(format!("cannot be encoded as JSON: {e}")).within(&name)
        })?;
        let part = ::reqwest::multipart::Part::bytes(json)
            .mime_str("application/json")
            .map_err(|_| ValidationError::new("cannot be sent as JSON").within(&name))?;
        self.part(name, part);
        Ok(())
    }

    /// A body that is not a struct: one JSON part per property of its JSON form.
    pub(crate) fn from_json<T: ::serde::Serialize>(body: &T) -> Result<Self, ValidationError> {
        let value = ::serde_json::to_value(body)
            .map_err(|e| ValidationError::new(format!("cannot be encoded as multipart: {e}")))?;
        let ::serde_json::Value::Object(properties) = value else {
            return Err(ValidationError::new("a multipart body must be an object"));
        };
        let mut form = Multipart::new();
        for (name, value) in properties {
            match value {
                ::serde_json::Value::String(text) => form.text(name, &text),
                other => form.json(name, &other)?,
            }
        }
        Ok(form)
    }

    /// The form, for `RequestBuilder::multipart`, which sets the `Content-Type` with the
    /// boundary.
    pub(crate) fn finish(self) -> ::reqwest::multipart::Form {
        self.form
    }
}

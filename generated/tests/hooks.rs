//! The hook around every attempt covers what production users add to a client: a request ID
//! on each attempt, read back from each response, and a token refreshed after a 401.

mod support;

use losant_integration::types::{IntegrationPatch, ObjectId};
use losant_integration::{AfterResponse, Client, Error, Hook, HookFuture, RetryPolicy, reqwest};
use std::sync::Mutex;
use std::time::Duration;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Server};

fn ids() -> (ObjectId, ObjectId) {
    (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap())
}

/// Sends `X-Request-Id: call-7/<attempt>` and keeps the ID each response carries.
#[derive(Default)]
struct RequestIds {
    answered: Mutex<Vec<String>>,
}

impl Hook for RequestIds {
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        attempt: u32,
    ) -> HookFuture<'a, ()> {
        let id = format!("call-7/{attempt}").parse().unwrap();
        request.headers_mut().insert("x-request-id", id);
        Box::pin(async { Ok(()) })
    }

    fn after_response<'a>(
        &'a self,
        response: &'a reqwest::Response,
        _attempt: u32,
    ) -> HookFuture<'a, AfterResponse> {
        let id = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_string());
        self.answered.lock().unwrap().extend(id);
        Box::pin(async { Ok(AfterResponse::Keep) })
    }
}

#[tokio::test]
async fn each_attempt_sends_a_request_id_and_each_response_gives_one_back() {
    let server = Server::start(|request, n| {
        let echo = format!("seen-{}", request.header("x-request-id").unwrap_or("none"));
        let reply =
            if n == 0 { Reply::json(503, "{}") } else { Reply::json(200, INTEGRATION_EXAMPLE) };
        reply.header("x-request-id", &echo)
    })
    .await;
    let hook = std::sync::Arc::new(RequestIds::default());
    let client = Client::builder()
        .base_url(&server.base_url)
        .token("token")
        .retry(RetryPolicy::new(2).initial_backoff(Duration::from_millis(10)))
        .hook(hook.clone())
        .build()
        .unwrap();
    let (application, integration) = ids();
    client.get_integration(&application, &integration).await.unwrap();
    assert_eq!(*hook.answered.lock().unwrap(), ["seen-call-7/1", "seen-call-7/2"]);
}

/// Sends the current token; after a 401, fetches a new one from the token endpoint (an
/// async call of its own) and asks for the request to be sent again.
struct RefreshToken {
    token_url: String,
    token: tokio::sync::Mutex<String>,
}

impl Hook for RefreshToken {
    fn before_attempt<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
        _attempt: u32,
    ) -> HookFuture<'a, ()> {
        Box::pin(async move {
            let value = format!("Bearer {}", self.token.lock().await).parse()?;
            request.headers_mut().insert(reqwest::header::AUTHORIZATION, value);
            Ok(())
        })
    }

    fn after_response<'a>(
        &'a self,
        response: &'a reqwest::Response,
        _attempt: u32,
    ) -> HookFuture<'a, AfterResponse> {
        Box::pin(async move {
            if response.status() != reqwest::StatusCode::UNAUTHORIZED {
                return Ok(AfterResponse::Keep);
            }
            let fresh = reqwest::get(&self.token_url).await?.error_for_status()?.text().await?;
            *self.token.lock().await = fresh;
            Ok(AfterResponse::SendAgain)
        })
    }
}

/// A server whose token endpoint gives `fresh`, and whose API takes only `Bearer fresh`.
async fn token_server(fresh: &'static str) -> Server {
    Server::start(move |request, _| match request.path.as_str() {
        "/token" => Reply::with_type(200, "text/plain", fresh.as_bytes().to_vec()),
        _ if request.header("authorization") == Some("Bearer fresh") => {
            Reply::json(200, INTEGRATION_EXAMPLE)
        }
        _ => Reply::json(401, r#"{"type":"Unauthorized"}"#),
    })
    .await
}

fn refreshing_client(server: &Server) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .retry(RetryPolicy::none())
        .hook(RefreshToken {
            token_url: format!("{}/token", server.base_url),
            token: tokio::sync::Mutex::new("expired".into()),
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_sends_the_request_again_once() {
    let server = token_server("fresh").await;
    let client = refreshing_client(&server);
    let (application, integration) = ids();
    // A PATCH, which no retry policy repeats: the hook does, once.
    let patch = IntegrationPatch::default().with_enabled(true);
    client.patch_integration(&application, &integration, &patch).await.unwrap();
    assert_eq!(server.requests(), 3, "the 401, the token, the request again");
    client.get_integration(&application, &integration).await.unwrap();
    assert_eq!(server.requests(), 4, "the fresh token is kept");

    // A token endpoint that gives a token the API refuses: sent again once, not forever.
    let server = token_server("also-expired").await;
    let client = refreshing_client(&server);
    match client.get_integration(&application, &integration).await {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status.as_u16(), 401),
        other => panic!("expected the second 401, got {other:?}"),
    }
    assert_eq!(server.requests(), 2 + 2, "two attempts and two token fetches");
}

/// A hook whose token source is down.
struct NoToken;

impl Hook for NoToken {
    fn before_attempt<'a>(
        &'a self,
        _request: &'a mut reqwest::Request,
        _attempt: u32,
    ) -> HookFuture<'a, ()> {
        Box::pin(async { Err("the token service is down".into()) })
    }
}

#[tokio::test]
async fn a_failing_hook_ends_the_call_with_its_error_and_nothing_is_sent() {
    let server = token_server("fresh").await;
    let client = Client::builder().base_url(&server.base_url).hook(NoToken).build().unwrap();
    let (application, integration) = ids();
    let error = client.get_integration(&application, &integration).await.unwrap_err();
    assert_eq!(error.to_string(), "a hook failed (nothing was sent): the token service is down");
    let Error::Transport(transport) = &error else { panic!("expected Error::Transport") };
    assert_eq!(transport.attempts(), 0);
    assert_eq!(transport.hook_error().unwrap().to_string(), "the token service is down");
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 0);
}

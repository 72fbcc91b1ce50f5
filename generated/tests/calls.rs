//! Per-call options against a loopback server: a call's timeout, headers and retry policy
//! apply to it alone, and a header that cannot be sent stops the call before it is sent.

mod support;

use losant_integration::types::{ApiError, IntegrationPatch};
use losant_integration::{CallOptions, Client, Error, RetryPolicy};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Request, Server};

fn client(server: &Server, policy: Option<RetryPolicy>) -> Client {
    let builder = Client::builder().base_url(&server.base_url).token("token");
    match policy {
        Some(policy) => builder.retry(policy).build().unwrap(),
        None => builder.build().unwrap(),
    }
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts).initial_backoff(Duration::from_millis(10))
}

/// A server that answers with the integration example and keeps the requests it saw.
async fn recording() -> (Server, Arc<Mutex<Vec<Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = Server::start({
        let seen = seen.clone();
        move |request, _| {
            seen.lock().unwrap().push(request.clone());
            Reply::json(200, INTEGRATION_EXAMPLE)
        }
    })
    .await;
    (server, seen)
}

#[tokio::test]
async fn a_calls_headers_are_sent_with_it_alone_and_replace_the_clients() {
    let (server, seen) = recording().await;
    let client = client(&server, None);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    client
        .get_integration(&application, &integration)
        .header("X-Request-Id", "req-1")
        .header("Authorization", "Bearer other")
        .await
        .unwrap();
    client.get_integration(&application, &integration).await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].header("x-request-id"), Some("req-1"));
    assert_eq!(seen[0].header("authorization"), Some("Bearer other"));
    assert_eq!(seen[1].header("x-request-id"), None, "the next call has its own options");
    assert_eq!(seen[1].header("authorization"), Some("Bearer token"));
}

#[tokio::test]
async fn options_built_once_apply_to_each_call_they_are_given_to() {
    let (server, seen) = recording().await;
    let client = client(&server, None);
    let options = CallOptions::new().header("X-Tenant", "t1").timeout(Duration::from_secs(5));
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    for _ in 0..2 {
        client.get_integration(&application, &integration).options(options.clone()).await.unwrap();
    }
    let tenants: Vec<_> =
        seen.lock().unwrap().iter().map(|r| r.header("x-tenant").map(str::to_string)).collect();
    assert_eq!(tenants, [Some("t1".to_string()), Some("t1".to_string())]);
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_fails_the_call_before_sending() {
    let (server, _) = recording().await;
    let client = client(&server, None);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    match client.get_integration(&application, &integration).header("X-Id", "a\r\nb").await {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.path(), "X-Id"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn a_calls_timeout_applies_to_a_reqwest_client_of_ones_own() {
    let server = Server::start(|_, _| {
        Reply::Delay(Duration::from_secs(5), Box::new(Reply::json(200, INTEGRATION_EXAMPLE)))
    })
    .await;
    // reqwest's own default: no timeout at all.
    let client = Client::builder()
        .base_url(&server.base_url)
        .token("token")
        .http_client(losant_integration::reqwest::Client::new())
        .build()
        .unwrap();
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let started = Instant::now();
    let call =
        client.get_integration(&application, &integration).timeout(Duration::from_millis(100));
    match call.await {
        Err(Error::Transport(e)) => {
            assert!(e.is_timeout() && e.attempts() == 1, "{e}");
            assert_eq!(
                e.to_string(),
                "the request timed out (1 attempt): no whole response in 100ms"
            );
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_calls_timeout_ends_it_without_changing_the_clients() {
    let server = Server::start(|_, n| match n {
        0 => Reply::Delay(Duration::from_secs(5), Box::new(Reply::json(200, INTEGRATION_EXAMPLE))),
        _ => Reply::Delay(
            Duration::from_millis(300),
            Box::new(Reply::json(200, INTEGRATION_EXAMPLE)),
        ),
    })
    .await;
    let client = client(&server, None);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let started = Instant::now();
    let call =
        client.get_integration(&application, &integration).timeout(Duration::from_millis(100));
    match call.await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    // The client itself has no timeout: the next call waits for its slow answer.
    client.get_integration(&application, &integration).await.unwrap();
}

#[tokio::test]
async fn no_retry_sends_a_call_once_whatever_the_client_says() {
    let server = Server::start(|_, _| Reply::json(503, "{}")).await;
    let client = client(&server, Some(fast(3)));
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let error = client.get_integration(&application, &integration).no_retry().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_calls_retry_policy_retries_even_a_patch() {
    let server = Server::start(|_, n| match n {
        0 | 1 => Reply::json(503, "{}"),
        _ => Reply::json(200, INTEGRATION_EXAMPLE),
    })
    .await;
    let client = client(&server, Some(fast(3)));
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let patch = IntegrationPatch::default().with_topics(vec![]);
    let once: Result<_, Error<ApiError>> =
        client.patch_integration(&application, &integration, &patch).await;
    assert_eq!(once.unwrap_err().status().map(|s| s.as_u16()), Some(503), "not idempotent");
    let retried = client.patch_integration(&application, &integration, &patch).retry(fast(2));
    retried.await.unwrap();
    assert_eq!(server.requests(), 2 + 1, "the first call once, the second twice");
}

#[tokio::test]
async fn with_response_gives_the_status_and_headers_and_send_the_body_alone() {
    let server =
        Server::start(|_, _| Reply::json(200, INTEGRATION_EXAMPLE).header("x-rate", "9")).await;
    let client = client(&server, None);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let call = client.get_integration(&application, &integration);
    let response = call.clone().with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-rate"], "9");
    assert_eq!(call.send().await.unwrap().name.as_deref(), Some("Example Integrations"));
}

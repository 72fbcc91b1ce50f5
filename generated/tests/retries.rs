//! Retries, on by default: idempotent requests only, on 408, 429, 502, 503, 504 and
//! connection failures, bounded, with jittered backoff, honouring `Retry-After`; one switch
//! turns them off.

mod support;

use losant_integration::types::IntegrationPatch;
use losant_integration::{Client, Error, RetryPolicy};
use std::time::{Duration, Instant};
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Server};

fn client(server: &Server, policy: Option<RetryPolicy>) -> Client {
    let builder = Client::builder().base_url(&server.base_url).token("token");
    match policy {
        Some(policy) => builder.retry(policy).build().unwrap(),
        None => builder.build().unwrap(),
    }
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_secs(2))
}

async fn get(client: &Client) -> Result<(), Error<losant_integration::types::ApiError>> {
    client
        .get_integration(&APPLICATION_ID.parse().unwrap(), &INTEGRATION_ID.parse().unwrap())
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_server_that_fails_twice_then_succeeds() {
    for failure in [
        || Reply::json(503, r#"{"type":"Unavailable"}"#),
        || Reply::json(408, "{}"),
        || Reply::json(429, "{}"),
        || Reply::json(502, "{}"),
        || Reply::json(504, "{}"),
        || Reply::Hangup,
        || Reply::CloseMidBody { declared: 1000, body: b"{".to_vec() },
    ] {
        let server =
            Server::start(
                move |_, n| if n < 2 { failure() } else { Reply::json(200, INTEGRATION_EXAMPLE) },
            )
            .await;
        get(&client(&server, Some(fast(3)))).await.unwrap();
        assert_eq!(server.requests(), 3);
    }
}

#[tokio::test]
async fn a_server_that_never_recovers_gives_the_last_error_in_bounded_time() {
    let server = Server::start(|_, n| Reply::json(503, &format!(r#"{{"attempt":{n}}}"#))).await;
    let started = Instant::now();
    let error = get(&client(&server, Some(fast(4)))).await.unwrap_err();
    assert_eq!(server.requests(), 4, "bounded attempts");
    // Waits of at least half of 20, 40 and 80 ms between four attempts (equal jitter).
    assert!(started.elapsed() >= Duration::from_millis(70), "backs off: {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5), "bounded time: {:?}", started.elapsed());
    assert_eq!(error.status().unwrap().as_u16(), 503);
    assert_eq!(error.raw_body(), Some(&br#"{"attempt":3}"#[..]), "the last error is kept");
    assert!(error.is_retryable(), "of the kind retried: the retries ran out");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::json(429, "{}").header("retry-after", "1")
        } else {
            Reply::json(200, INTEGRATION_EXAMPLE)
        }
    })
    .await;
    let started = Instant::now();
    get(&client(&server, Some(fast(2)))).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as asked: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_ends_the_retries() {
    let server = Server::start(|_, _| Reply::json(503, "{}").header("retry-after", "3600")).await;
    let started = Instant::now();
    let error = get(&client(&server, Some(fast(5)))).await.unwrap_err();
    assert_eq!(server.requests(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(error.status().unwrap().as_u16(), 503);
}

#[tokio::test]
async fn patch_is_not_retried_and_other_statuses_are_not_retried() {
    // Not even with a policy set, unless it says `any_method`: see `faults.rs`.
    let server = Server::start(|_, _| Reply::json(503, "{}")).await;
    let patch = IntegrationPatch::default().with_enabled(true);
    let result = client(&server, Some(fast(3)))
        .patch_integration(
            &APPLICATION_ID.parse().unwrap(),
            &INTEGRATION_ID.parse().unwrap(),
            &patch,
        )
        .await;
    assert!(result.is_err());
    assert_eq!(server.requests(), 1, "PATCH is not idempotent");

    let server = Server::start(|_, _| Reply::json(500, "{}")).await;
    assert!(get(&client(&server, Some(fast(3)))).await.is_err());
    assert_eq!(server.requests(), 1, "500 is not retried");
}

#[tokio::test]
async fn retries_are_on_by_default_and_one_switch_turns_them_off() {
    let server = Server::start(|_, _| Reply::json(503, "{}")).await;
    assert!(get(&client(&server, None)).await.is_err());
    assert_eq!(server.requests(), 3, "three attempts by default");

    let server = Server::start(|_, _| Reply::json(503, "{}")).await;
    assert!(get(&client(&server, Some(RetryPolicy::none()))).await.is_err());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    // A date in the past means "now": the retry does not wait the 5 s backoff.
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::json(503, "{}").header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")
        } else {
            Reply::json(200, INTEGRATION_EXAMPLE)
        }
    })
    .await;
    let slow = RetryPolicy::new(2)
        .initial_backoff(Duration::from_secs(5))
        .max_backoff(Duration::from_secs(10));
    let started = Instant::now();
    get(&client(&server, Some(slow))).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    // A date far ahead is longer than the policy allows: no retry.
    let server = Server::start(|_, _| {
        Reply::json(503, "{}").header("retry-after", "Fri, 31 Dec 2100 23:59:59 GMT")
    })
    .await;
    assert!(get(&client(&server, Some(slow))).await.is_err());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_retry_sends_the_same_request_again_body_and_headers_included() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = Server::start({
        let seen = seen.clone();
        move |request, n| {
            seen.lock().unwrap().push(request.clone());
            if n < 2 { Reply::json(503, "{}") } else { Reply::json(200, INTEGRATION_EXAMPLE) }
        }
    })
    .await;
    let patch = IntegrationPatch::default().with_enabled(true);
    client(&server, Some(fast(3).any_method()))
        .patch_integration(
            &APPLICATION_ID.parse().unwrap(),
            &INTEGRATION_ID.parse().unwrap(),
            &patch,
        )
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    for again in &seen[1..] {
        assert_eq!(
            (&again.method, &again.path, &again.headers, &again.body),
            (&seen[0].method, &seen[0].path, &seen[0].headers, &seen[0].body)
        );
    }
    assert_eq!(seen[0].body, br#"{"enabled":true}"#);
    assert_eq!(seen[0].header("authorization"), Some("Bearer token"));
}

//! Every failure of the server or the network is a typed error, never a panic, that says
//! what happened and after how many attempts, and the same client succeeds on the next call.
//! The default client times out and retries what is safe to retry.

mod support;

use losant_integration::types::IntegrationPatch;
use losant_integration::types::ObjectId;
use losant_integration::{Client, Error, RetryPolicy};
use std::time::Duration;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, Reply, Server};

const HTML: &str =
    "<html><head><title>Oops</title></head><body><h1>Something broke</h1></body></html>";

/// The fault each integration ID asks for: the ID's last two hex digits.
fn fault(path: &str) -> Reply {
    let html =
        |status| Reply::with_type(status, "text/html; charset=utf-8", HTML.as_bytes().to_vec());
    let empty = |status| Reply::with_type(status, "text/plain", Vec::new());
    match &path[path.len() - 2..] {
        "00" => Reply::json(200, INTEGRATION_EXAMPLE),
        "01" => Reply::CloseMidBody {
            declared: INTEGRATION_EXAMPLE.len(),
            body: INTEGRATION_EXAMPLE.as_bytes()[..100].to_vec(),
        },
        "02" => {
            Reply::Delay(Duration::from_secs(3), Box::new(Reply::json(200, INTEGRATION_EXAMPLE)))
        }
        "03" => Reply::json(200, &INTEGRATION_EXAMPLE[..INTEGRATION_EXAMPLE.len() / 2]),
        "04" => Reply::with_type(200, "application/json", Vec::new()),
        "05" => html(200),
        "06" => html(401),
        "07" => empty(403),
        "08" => html(429).header("retry-after", "1"),
        "09" => html(500),
        "0a" => empty(502),
        "0b" => html(503),
        "0c" => Reply::json(200, &huge_integration()),
        "0d" => Reply::with_type(500, "text/plain", vec![b'x'; 16 << 20]),
        "0e" => Reply::Hangup,
        "0f" => Reply::Delay(Duration::from_secs(3600), Box::new(Reply::json(200, "{}"))),
        other => panic!("no fault {other}"),
    }
}

/// A valid response of more than 16 MiB: the example with 200,000 topics.
fn huge_integration() -> String {
    let topics: Vec<String> = (0..200_000)
        .map(|i| format!("\"topic/with/a/longer/name/{i:08}/and/more/words\""))
        .collect();
    INTEGRATION_EXAMPLE.replace(r#"["myTopic"]"#, &format!("[{}]", topics.join(",")))
}

fn id(fault: u8) -> ObjectId {
    format!("5{:023x}", fault).parse().unwrap()
}

/// A server of faults, and a client that makes one attempt, so that each fault shows as it
/// is.
async fn setup() -> (Server, Client) {
    let server = Server::start(|request, _| fault(&request.path)).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .token("token")
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

async fn call(
    client: &Client,
    fault: u8,
) -> Result<losant_integration::types::Integration, Error<losant_integration::types::ApiError>> {
    client.get_integration(&APPLICATION_ID.parse().unwrap(), &id(fault)).await
}

/// After every fault the same client works again.
async fn still_works(client: &Client) {
    let integration = call(client, 0).await.expect("the next call succeeds");
    assert_eq!(integration.name.as_deref(), Some("Example Integrations"));
}

#[tokio::test]
async fn connection_closed_mid_body_is_a_transport_error() {
    let (_server, client) = setup().await;
    match call(&client, 1).await {
        Err(Error::Transport(e)) => assert!(!e.is_timeout(), "{e}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    still_works(&client).await;
}

#[tokio::test]
async fn connection_closed_without_an_answer_is_a_transport_error() {
    let (_server, client) = setup().await;
    assert!(matches!(call(&client, 0x0e).await, Err(Error::Transport(_))));
    still_works(&client).await;
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout() {
    let (_server, client) = setup().await;
    let started = std::time::Instant::now();
    match call(&client, 2).await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up at the timeout, not after the response"
    );
    still_works(&client).await;
}

#[tokio::test]
async fn truncated_empty_and_non_json_bodies_are_decode_errors_with_the_raw_body() {
    let (_server, client) = setup().await;
    for (fault, raw) in [
        (3, &INTEGRATION_EXAMPLE.as_bytes()[..INTEGRATION_EXAMPLE.len() / 2]),
        (4, &b""[..]),
        (5, HTML.as_bytes()),
    ] {
        match call(&client, fault).await {
            Err(Error::Decode { status, body, .. }) => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(body, raw, "fault {fault}");
            }
            other => panic!("fault {fault}: expected Error::Decode, got {other:?}"),
        }
        still_works(&client).await;
    }
}

#[tokio::test]
async fn undocumented_error_statuses_keep_status_and_raw_body() {
    let (_server, client) = setup().await;
    for (fault, status, body) in [
        (6, 401, HTML),
        (7, 403, ""),
        (8, 429, HTML),
        (9, 500, HTML),
        (0x0a, 502, ""),
        (0x0b, 503, HTML),
    ] {
        match call(&client, fault).await {
            Err(Error::UnexpectedStatus { status: got, body: raw, headers }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(raw, body.as_bytes());
                assert!(headers.contains_key("content-type"));
            }
            other => panic!("status {status}: expected Error::UnexpectedStatus, got {other:?}"),
        }
        still_works(&client).await;
    }
}

#[tokio::test]
async fn bodies_of_many_megabytes_are_read_whole() {
    let (_server, client) = setup().await;
    let client = Client::builder().base_url(client.base_url()).token("token").build().unwrap();
    let integration = call(&client, 0x0c).await.unwrap();
    assert_eq!(integration.topics.unwrap().len(), 200_000);
    match call(&client, 0x0d).await {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(body.len(), 16 << 20);
        }
        other => panic!("expected Error::UnexpectedStatus, got {:?}", other.map(|_| ())),
    }
    still_works(&client).await;
}

#[tokio::test]
async fn a_server_that_is_not_there_is_a_connection_error_after_three_attempts() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client =
        Client::builder().base_url(format!("http://{address}")).token("token").build().unwrap();
    let error = call(&client, 0).await.unwrap_err();
    assert!(error.is_connect() && error.is_retryable() && !error.is_timeout(), "{error:?}");
    let Error::Transport(transport) = &error else { panic!("expected Error::Transport") };
    assert_eq!(transport.attempts(), 3, "the default policy retried twice");
    let text = error.to_string();
    assert!(text.starts_with("could not connect to the server (3 attempts): "), "{text}");
    assert!(text.ends_with("Connection refused (os error 111)"), "says why: {text}");
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn a_stalled_server_times_out_by_default_and_is_not_retried() {
    let server = Server::start(|request, _| fault(&request.path)).await;
    // The defaults, but for a timeout short enough for a test.
    let client = Client::builder()
        .base_url(&server.base_url)
        .token("token")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = call(&client, 0x0f).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert!(error.is_timeout() && !error.is_connect() && !error.is_retryable(), "{error:?}");
    let text = error.to_string();
    assert!(text.starts_with("the request timed out (1 attempt): "), "{text}");
    assert_eq!(server.requests(), 1, "a request that may be running is not sent again");
    still_works(&client).await;
}

#[tokio::test]
async fn gateway_errors_recover_by_retry_by_default() {
    let server = Server::start(|_, n| match n {
        0 => Reply::json(502, "{}"),
        1 => Reply::json(504, "{}"),
        _ => Reply::json(200, INTEGRATION_EXAMPLE),
    })
    .await;
    let client = Client::builder().base_url(&server.base_url).token("token").build().unwrap();
    still_works(&client).await;
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_patch_is_never_retried_unless_asked() {
    let server = Server::start(|_, _| Reply::json(502, "{}")).await;
    async fn send(client: Client) -> Error<losant_integration::types::ApiError> {
        let patch = IntegrationPatch::default().with_enabled(true);
        let (application, integration) = (APPLICATION_ID.parse().unwrap(), id(0));
        client.patch_integration(&application, &integration, &patch).await.unwrap_err()
    }
    let builder = || Client::builder().base_url(&server.base_url).token("token");
    let error = send(builder().build().unwrap()).await;
    assert_eq!(server.requests(), 1, "PATCH is not idempotent");
    assert!(error.is_retryable(), "a 502 is of the kind retried, had the method allowed it");
    let fast = RetryPolicy::new(3).initial_backoff(Duration::from_millis(10));
    send(builder().retry(fast.any_method()).build().unwrap()).await;
    assert_eq!(server.requests(), 1 + 3, "retried when the policy says any method");
}

//! The blocking client: the same methods and errors as the async one, without a runtime.

mod support;

use losant_integration::blocking::Client;
use losant_integration::types::{IntegrationPatch, IntegrationType};
use losant_integration::{Error, RetryPolicy};
use std::time::Duration;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Server};

/// The server runs on a runtime of the test's own, on another thread; the test itself calls
/// the blocking client from plain threads.
fn serve(
    handler: impl Fn(&support::Request, usize) -> Reply + Send + Sync + 'static,
) -> (tokio::runtime::Runtime, Server) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = runtime.block_on(Server::start(handler));
    (runtime, server)
}

fn client(server: &Server) -> Client {
    let inner = losant_integration::Client::builder()
        .base_url(&server.base_url)
        .token("token")
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::new(2).initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    Client::from_async(inner).unwrap()
}

#[test]
fn the_main_paths_work_without_an_async_runtime() {
    let (_runtime, server) =
        serve(|request, _| match (request.method.as_str(), request.path.ends_with("00")) {
            ("GET", true) => {
                Reply::json(404, r#"{"type":"NotFound","message":"Application was not found"}"#)
            }
            ("GET", _) => Reply::json(200, INTEGRATION_EXAMPLE),
            ("PATCH", _) => {
                assert_eq!(request.body, br#"{"topics":["differentTopic"]}"#);
                Reply::json(200, INTEGRATION_EXAMPLE)
            }
            ("DELETE", _) => Reply::json(200, r#"{"success":true}"#),
            _ => Reply::json(500, "{}"),
        });
    let client = client(&server);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());

    let got = client.get_integration(&application, &integration).send().unwrap();
    assert_eq!(got.integration_type, Some(IntegrationType::Mqtt));
    let patch = IntegrationPatch::default().with_topics(vec!["differentTopic".into()]);
    client.patch_integration(&application, &integration, &patch).send().unwrap();
    let response =
        client.delete_integration(&application, &integration).with_response().send().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.into_body().success, Some(true));

    match client.get_integration(&application, &"575ed78e7ae143cd83dc4a00".parse().unwrap()).send()
    {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body.r#type.as_deref(), Some("NotFound"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let bad = IntegrationPatch::default().with_name(String::new());
    assert!(matches!(
        client.patch_integration(&application, &integration, &bad).send(),
        Err(Error::InvalidRequest(_))
    ));
}

#[test]
fn clones_work_from_many_threads() {
    let (_runtime, server) = serve(|_, _| Reply::json(200, INTEGRATION_EXAMPLE));
    let client = client(&server);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                for _ in 0..20 {
                    let (a, i) = (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
                    client.get_integration(&a, &i).send().unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(server.requests(), 160);
}

#[test]
fn faults_are_the_same_typed_errors() {
    let (_runtime, server) = serve(|_, n| match n {
        0 => Reply::with_type(500, "text/html", b"<html>server error</html>".to_vec()),
        1 => Reply::Delay(Duration::from_secs(3), Box::new(Reply::json(200, INTEGRATION_EXAMPLE))),
        _ => Reply::json(200, INTEGRATION_EXAMPLE),
    });
    let client = client(&server);
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    match client.get_integration(&application, &integration).send() {
        Err(Error::UnexpectedStatus { status, body, .. }) => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(body, b"<html>server error</html>");
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
    match client.get_integration(&application, &integration).send() {
        Err(Error::Transport(e)) => assert!(e.is_timeout()),
        other => panic!("expected a timeout, got {other:?}"),
    }
    client.get_integration(&application, &integration).send().unwrap();
}

//! The `tracing` feature: one span per call, with the operation, the method, the path
//! template, the status, the attempts and the time taken, and never a credential, a secret or
//! an argument of the path. A subscriber of its own records every span and event, of every
//! crate, as text.

mod support;

use losant_integration::types::{IntegrationPatch, MqttConfig, MqttConfigProtocol};
use losant_integration::{Client, RetryPolicy};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const TOKEN: &str = "tok-3f9a1c7e-secret";
const PASSWORD: &str = "hunter2-password";

/// One span: its name and its fields as `name=value`, in the order they were recorded.
#[derive(Debug, Clone, Default)]
struct Span {
    name: String,
    fields: Vec<(String, String)>,
}

impl Span {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every span and event, as text; spans by id.
#[derive(Default)]
struct Seen {
    spans: Vec<Span>,
    events: Vec<String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut seen = self.0.lock().unwrap();
        let mut span = Span { name: attributes.metadata().name().to_string(), ..Span::default() };
        attributes.record(&mut Fields(&mut span.fields));
        seen.spans.push(span);
        Id::from_u64(seen.spans.len() as u64)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut seen = self.0.lock().unwrap();
        let span = &mut seen.spans[id.into_u64() as usize - 1];
        values.record(&mut Fields(&mut span.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let target = event.metadata().target();
        self.0.lock().unwrap().events.push(format!("{target} {fields:?}"));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    /// The spans named `call`, the client's.
    fn calls(&self) -> Vec<Span> {
        let seen = self.0.lock().unwrap();
        seen.spans.iter().filter(|s| s.name == "call").cloned().collect()
    }

    /// Everything recorded, span fields and events, one line each.
    fn everything(&self) -> Vec<String> {
        let seen = self.0.lock().unwrap();
        let spans = seen.spans.iter().map(|s| format!("{} {:?}", s.name, s.fields));
        spans.chain(seen.events.iter().cloned()).collect()
    }
}

fn fast(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts).initial_backoff(Duration::from_millis(5))
}

#[tokio::test]
async fn each_call_has_a_span_with_its_operation_status_attempts_and_time() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let server = Server::start(|_, n| match n {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(200, INTEGRATION_EXAMPLE),
    })
    .await;
    let client = Client::builder().base_url(&server.base_url).token(TOKEN).retry(fast(3));
    let client = client.build().unwrap();
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    client.get_integration(&application, &integration).await.unwrap();

    let calls = capture.calls();
    assert_eq!(calls.len(), 1, "one span for the call, not one per attempt: {calls:?}");
    let call = &calls[0];
    assert_eq!(call.field("operation_id"), Some("getIntegration"));
    assert_eq!(call.field("method"), Some("GET"));
    let path = "/applications/{applicationId}/integrations/{integrationId}";
    assert_eq!(call.field("path"), Some(path), "the template, not the URL");
    assert_eq!(call.field("status"), Some("200"));
    assert_eq!(call.field("attempts"), Some("2"), "a 503, then a 200");
    let elapsed: f64 = call.field("elapsed_ms").expect("the time taken").parse().unwrap();
    assert!(elapsed > 0.0, "{elapsed}");
}

#[tokio::test]
async fn a_failed_call_records_its_attempts_and_no_status() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let server = Server::start(|_, _| Reply::Hangup).await;
    let client = Client::builder().base_url(&server.base_url).token(TOKEN).retry(fast(3));
    let client = client.build().unwrap();
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    client.get_integration(&application, &integration).await.unwrap_err();

    let calls = capture.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].field("attempts"), Some("3"));
    assert_eq!(calls[0].field("status"), None, "no response came");
    assert!(calls[0].field("elapsed_ms").is_some());
}

/// Neither the token nor a secret of the body nor an argument of the path shows in any span
/// or event of any crate (reqwest's, hyper's too), whether the call succeeds or fails.
#[tokio::test]
async fn no_secret_reaches_a_span_or_an_event() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let server = Server::start(|_, n| match n {
        0 => Reply::json(200, INTEGRATION_EXAMPLE),
        _ => Reply::with_type(500, "text/html", b"<html>error</html>".to_vec()),
    })
    .await;
    let client = Client::builder().base_url(&server.base_url).token(TOKEN).retry(fast(2));
    let client = client.build().unwrap();
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    let mut mqtt = MqttConfig::new(8883, MqttConfigProtocol::Mqtts, "broker.example.com".into());
    mqtt.password = Some(PASSWORD.into());
    let patch = IntegrationPatch::default().with_mqtt_config(mqtt);
    client.patch_integration(&application, &integration, &patch).await.unwrap();
    client.get_integration(&application, &integration).await.unwrap_err();

    assert_eq!(capture.calls().len(), 2);
    for line in capture.everything() {
        for secret in [TOKEN, PASSWORD, "examplePassword", APPLICATION_ID, INTEGRATION_ID] {
            assert!(!line.contains(secret), "{secret} in a span or event: {line}");
        }
    }
}

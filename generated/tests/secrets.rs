//! The token never reaches logs: every record of every crate, at every level, is captured
//! while the client works, including when it fails.

mod support;

use losant_integration::Client;
use std::sync::Mutex;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID, Reply, Server};

const TOKEN: &str = "tok-3f9a1c7e-secret";

static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        RECORDS.lock().unwrap().push(format!(
            "{} {} {:?}",
            record.level(),
            record.target(),
            record.args()
        ));
    }
    fn flush(&self) {}
}

#[tokio::test]
async fn the_token_never_appears_in_logs() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let server = Server::start(|_, n| match n {
        0 => Reply::json(200, INTEGRATION_EXAMPLE),
        _ => Reply::with_type(500, "text/html", b"<html>error</html>".to_vec()),
    })
    .await;
    let client = Client::builder().base_url(&server.base_url).token(TOKEN).build().unwrap();
    let (application, integration) =
        (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap());
    client.get_integration(&application, &integration).await.unwrap();
    let error = client.get_integration(&application, &integration).await.unwrap_err();
    assert!(!format!("{error} {error:?}").contains(TOKEN));

    let records = RECORDS.lock().unwrap();
    assert!(!records.is_empty(), "the logger saw the client's work");
    for record in records.iter() {
        assert!(!record.contains(TOKEN), "token in a log record: {record}");
    }
}

/// Secrets in values (`password`, `privateKey`, `keyJson`) never show in `Debug`, which logs
/// print; whether they are set does.
#[test]
fn debug_redacts_secret_properties() {
    use losant_integration::types::{GooglePubSubConfig, MqttConfig, MqttConfigProtocol};
    let mut mqtt = MqttConfig::new(8883, MqttConfigProtocol::Mqtts, "broker.example.com".into());
    mqtt.password = Some("hunter2-password".into());
    mqtt.private_key = Some("-----BEGIN PRIVATE KEY-----".into());
    let shown = format!("{mqtt:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("BEGIN"), "{shown}");
    assert!(shown.contains(r#"password: [redacted]"#), "{shown}");
    assert!(shown.contains(r#"username: None"#) && shown.contains("broker.example.com"), "{shown}");
    let google = GooglePubSubConfig::new("project".into(), "{\"private_key\": \"k\"}".into());
    let shown = format!("{google:#?}");
    assert!(!shown.contains("private_key\\\""), "{shown}");
    assert!(shown.contains("key_json: [redacted]"), "{shown}");
}

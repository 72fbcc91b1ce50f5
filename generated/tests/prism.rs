//! Contract tests against an independent implementation of the spec: Stoplight Prism, which
//! checks every request against `spec/integration.yaml` and reports violations in an
//! `sl-violations` header, and in dynamic mode (`-d`) invents responses from the schemas.
//!
//! `cargo xtask test` installs the pinned Prism and points `PRISM_BIN` at it.

use losant_integration::types::{
    GooglePubSubConfig, IntegrationPatch, IntegrationPost, IntegrationType,
    ListIntegrationsFilterField, ListIntegrationsSortField, MqttConfig, MqttConfigProtocol,
    ObjectId, SortDirection,
};
use losant_integration::{Client, Response};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";
const INTEGRATION_ID: &str = "575ed78e7ae143cd83dc4aab";

/// A running `prism mock`, stopped when dropped.
struct Prism {
    child: Child,
    base_url: String,
}

impl Prism {
    fn start(dynamic: bool) -> Prism {
        // One start at a time: a port is free when chosen, and stays ours only once our Prism
        // listens on it; a Prism that lost the port to another process exits, and we retry.
        static STARTING: Mutex<()> = Mutex::new(());
        let _starting = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let bin = prism_bin();
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/integration.yaml");
        for _ in 0..5 {
            let port =
                std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let mut command = Command::new(&bin);
            command.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"]);
            if dynamic {
                command.arg("--dynamic");
            }
            let child = command
                .arg(&spec)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start Prism at {}: {e}", bin.display()));
            let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}") };
            let started = Instant::now();
            loop {
                if prism.child.try_wait().unwrap().is_some() {
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return prism;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "Prism did not start listening within 60 s"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        panic!(
            "Prism exited at start five times; run it by hand to see why: {} mock {}",
            bin.display(),
            spec.display()
        );
    }

    fn client(&self) -> Client {
        Client::builder().base_url(&self.base_url).token("YOUR_API_ACCESS_TOKEN").build().unwrap()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Prism from `PRISM_BIN`, or where `cargo xtask test` installs it. Never skipped: a missing
/// Prism fails the test with the way to get it.
fn prism_bin() -> PathBuf {
    let installed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/prism/node_modules/.bin/prism");
    let bin = std::env::var_os("PRISM_BIN").map(PathBuf::from).unwrap_or(installed);
    assert!(
        bin.exists(),
        "Prism is not installed at {}: run the tests with `cargo xtask test`, which installs \
         @stoplight/prism-cli into .tools/prism, or set PRISM_BIN to a prism executable",
        bin.display()
    );
    bin
}

fn ids() -> (ObjectId, ObjectId) {
    (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap())
}

fn violations<T>(response: &Response<T>) -> Option<String> {
    response.headers().get("sl-violations").map(|v| v.to_str().unwrap_or("?").to_string())
}

/// A patch that sets every property, each within its constraints.
fn full_patch() -> IntegrationPatch {
    let mqtt = MqttConfig::new(8883, MqttConfigProtocol::Mqtts, "broker.example.com".into())
        .with_client_id("exampleClientId".into())
        .with_username("exampleUsername".into())
        .with_password("examplePassword".into())
        .with_clean(true)
        .with_private_key("k".repeat(64))
        .with_certificate("c".repeat(64))
        .with_ca_certificate("a".repeat(64));
    IntegrationPatch::default()
        .with_name("Example Integrations".into())
        .with_integration_type(IntegrationType::Mqtt)
        .with_enabled(true)
        .with_topics(vec!["differentTopic".into(), "another/topic".into()])
        .with_google_pub_sub_config(GooglePubSubConfig::new(
            "my-project".into(),
            "{\"key\": \"".to_string() + &"x".repeat(60) + "\"}",
        ))
        .with_mqtt_config(mqtt)
}

/// A creation body that sets every property, each within its constraints.
fn full_post() -> IntegrationPost {
    let patch = full_patch();
    let mut post = IntegrationPost::new("Example Integrations".into(), IntegrationType::Mqtt);
    post.enabled = patch.enabled;
    post.topics = patch.topics;
    post.google_pub_sub_config = patch.google_pub_sub_config;
    post.mqtt_config = patch.mqtt_config;
    post
}

#[test]
fn every_operation_is_accepted_without_violations() {
    let prism = Prism::start(false);
    let client = prism.client();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (application, integration) = ids();
    runtime.block_on(async {
        let got = client.get_integration(&application, &integration).with_response().await.unwrap();
        assert_eq!(violations(&got), None);
        assert_eq!(got.body().name.as_deref(), Some("Example Integrations"));

        for patch in [full_patch(), IntegrationPatch::default().with_topics(vec![])] {
            let patched = client
                .patch_integration(&application, &integration, &patch)
                .with_response()
                .await
                .unwrap();
            assert_eq!(violations(&patched), None, "{patch:?}");
        }

        let deleted =
            client.delete_integration(&application, &integration).with_response().await.unwrap();
        assert_eq!(violations(&deleted), None);
        assert_eq!(deleted.body().success, Some(true));

        let listed = client.list_integrations(&application).with_response().await.unwrap();
        assert_eq!(violations(&listed), None);
        assert_eq!(listed.body().total_count, Some(4), "the collection's example");
        let every_option = client
            .list_integrations(&application)
            .sort_field(&ListIntegrationsSortField::IntegrationType)
            .sort_direction(&SortDirection::Desc)
            .page(3)
            .per_page(10)
            .filter_field(&ListIntegrationsFilterField::Name)
            .filter("my*integration")
            .with_response()
            .await
            .unwrap();
        assert_eq!(violations(&every_option), None);

        for post in [full_post(), IntegrationPost::new("n".into(), IntegrationType::GooglePubSub)] {
            let created =
                client.create_integration(&application, &post).with_response().await.unwrap();
            assert_eq!(violations(&created), None, "{post:?}");
            assert_eq!(created.status().as_u16(), 201);
        }
    });
}

/// The check above cannot pass vacuously: Prism does report a request that breaks the spec.
#[test]
fn prism_reports_a_wrong_request() {
    let prism = Prism::start(false);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url =
        format!("{}/applications/{APPLICATION_ID}/integrations/{INTEGRATION_ID}", prism.base_url);
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let response = http
            .patch(&url)
            .bearer_auth("YOUR_API_ACCESS_TOKEN")
            .header("content-type", "application/json")
            .body(r#"{"name":"","mqttConfig":{"port":0}}"#)
            .send()
            .await
            .unwrap();
        let violations = response.headers().get("sl-violations").expect("Prism reports violations");
        let violations = violations.to_str().unwrap();
        assert!(violations.contains("minLength"), "{violations}");
        assert!(violations.contains("mqttConfig"), "{violations}");
        assert!(response.status().is_client_error());

        let unauthenticated = http.get(&url).send().await.unwrap();
        assert_eq!(unauthenticated.status().as_u16(), 401, "Prism enforces the bearer scheme");
    });
}

/// Hundreds of responses Prism invents from the schemas (random lengths, extra properties,
/// nulls where allowed) all decode into the generated types.
#[test]
fn generated_responses_all_decode() {
    const PER_OPERATION: usize = 200;
    let prism = Prism::start(true);
    let client = prism.client();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (application, integration) = ids();
    let patch = full_patch();
    runtime.block_on(async {
        let mut decoded = [0usize; 3];
        for _ in 0..PER_OPERATION {
            let (get, patched, deleted) = tokio::join!(
                client.get_integration(&application, &integration).with_response(),
                client.patch_integration(&application, &integration, &patch).with_response(),
                client.delete_integration(&application, &integration).with_response(),
            );
            let get = get.unwrap_or_else(|e| panic!("GET response did not decode: {e:?}"));
            let patched = patched.unwrap_or_else(|e| panic!("PATCH response did not decode: {e}"));
            let deleted = deleted.unwrap_or_else(|e| panic!("DELETE response did not decode: {e}"));
            assert_eq!(
                (violations(&get), violations(&patched), violations(&deleted)),
                (None, None, None)
            );
            decoded[0] += 1;
            decoded[1] += 1;
            decoded[2] += 1;
        }
        assert_eq!(decoded, [PER_OPERATION; 3]);
    });
}

/// The same for the collection's operations: the pages and the created integrations Prism
/// invents all decode.
#[test]
fn generated_collection_answers_all_decode() {
    const PER_OPERATION: usize = 200;
    let prism = Prism::start(true);
    let client = prism.client();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (application, _) = ids();
    let post = full_post();
    runtime.block_on(async {
        let (mut pages, mut created, mut items) = (0, 0, 0);
        for _ in 0..PER_OPERATION {
            let (listed, posted) = tokio::join!(
                client.list_integrations(&application).with_response(),
                client.create_integration(&application, &post).with_response(),
            );
            let listed = listed.unwrap_or_else(|e| panic!("a page did not decode: {e:?}"));
            let posted =
                posted.unwrap_or_else(|e| panic!("a created integration did not decode: {e}"));
            assert_eq!((violations(&listed), violations(&posted)), (None, None));
            items += listed.body().items.as_ref().map_or(0, Vec::len);
            pages += 1;
            created += 1;
        }
        assert_eq!((pages, created), (PER_OPERATION, PER_OPERATION));
        assert!(items > 0, "Prism invented no items in {PER_OPERATION} pages");
    });
}

//! The generated client against a real HTTP server on loopback (wiremock): the requests it
//! sends are the seed's curl examples, and every kind of response lands in the right place.

use losant_integration::types::{
    GooglePubSubConfig, Integration, IntegrationPatch, IntegrationType, MqttConfig,
    MqttConfigProtocol, ObjectId,
};
use losant_integration::{BuildError, Client, Error, scopes};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "YOUR_API_ACCESS_TOKEN";
const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";
const INTEGRATION_ID: &str = "575ed78e7ae143cd83dc4aab";
const PATH: &str = "/applications/575ec8687ae143cd83dc4a97/integrations/575ed78e7ae143cd83dc4aab";

/// The example response of schemas.md, verbatim.
const INTEGRATION_EXAMPLE: &str = r#"{
  "id": "58ec07f20c747f65243d0d76",
  "integrationId": "58ec07f20c747f65243d0d76",
  "applicationId": "575ec8687ae143cd83dc4a97",
  "creationDate": "2016-06-13T04:00:00.000Z",
  "lastUpdated": "2016-06-13T04:00:00.000Z",
  "name": "Example Integrations",
  "integrationType": "mqtt",
  "enabled": true,
  "topics": [
    "myTopic"
  ],
  "mqttConfig": {
    "clientId": "exampleClientId",
    "username": "exampleUsername",
    "password": "examplePassword",
    "port": 8883,
    "protocol": "mqtts",
    "host": "broker.example.com"
  },
  "status": {
    "lastKeepAlive": 1491863679994,
    "connectInfo": {
      "ts": 1490629589313
    },
    "disconnectInfo": {
      "ts": 1490629587190,
      "error": "Keepalive Timeout"
    }
  }
}"#;

const ERROR_EXAMPLE: &str = r#"{"type": "NotFound", "message": "Application was not found"}"#;

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).token(TOKEN).build().unwrap();
    (server, client)
}

fn ids() -> (ObjectId, ObjectId) {
    (APPLICATION_ID.parse().unwrap(), INTEGRATION_ID.parse().unwrap())
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// The headers every request carries, as in the curl examples, and nothing that reveals a body
/// where there is none.
async fn assert_sent(server: &MockServer, expected_method: &str, expected_body: Option<&str>) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), expected_method);
    assert_eq!(request.url.path(), PATH);
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(request.headers["accept"], "application/json");
    match expected_body {
        Some(body) => {
            assert_eq!(request.headers["content-type"], "application/json");
            assert_eq!(std::str::from_utf8(&request.body).unwrap(), body);
        }
        None => {
            assert!(request.body.is_empty(), "no body");
            assert!(
                request.headers.get("content-type").is_none(),
                "no content type without a body"
            );
        }
    }
}

fn assert_is_example(integration: &Integration) {
    assert_eq!(integration.id.as_ref().unwrap().as_str(), "58ec07f20c747f65243d0d76");
    assert_eq!(integration.application_id.as_ref().unwrap().as_str(), APPLICATION_ID);
    assert_eq!(integration.name.as_deref(), Some("Example Integrations"));
    assert_eq!(integration.integration_type, Some(IntegrationType::Mqtt));
    assert_eq!(integration.enabled, Some(true));
    assert_eq!(integration.topics.as_deref(), Some(&["myTopic".to_string()][..]));
    assert_eq!(integration.creation_date.unwrap().to_rfc3339(), "2016-06-13T04:00:00+00:00");
    let mqtt = integration.mqtt_config.as_ref().unwrap();
    assert_eq!(mqtt.port, 8883u16);
    assert_eq!(mqtt.protocol, MqttConfigProtocol::Mqtts);
    assert_eq!(mqtt.host, "broker.example.com");
    assert_eq!(mqtt.password.as_deref(), Some("examplePassword"));
    let status = integration.status.as_ref().unwrap();
    assert_eq!(status.last_keep_alive, Some(1491863679994.0));
    assert_eq!(status.next_attempt, None);
    assert_eq!(status.connect_info.as_ref().unwrap().ts, Some(Some(1490629589313.0)));
    let disconnect = status.disconnect_info.as_ref().unwrap();
    assert_eq!(disconnect.ts, Some(Some(1490629587190.0)));
    assert_eq!(disconnect.error.as_deref(), Some("Keepalive Timeout"));
    assert!(integration.extra.is_empty());
}

#[tokio::test]
async fn get_sends_the_curl_request_and_decodes_the_example() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(json_response(200, INTEGRATION_EXAMPLE))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let got = client.get_integration(&application, &integration).await.unwrap();
    assert_is_example(&got);
    assert_sent(&server, "GET", None).await;
}

#[tokio::test]
async fn patch_sends_the_curl_body_and_decodes_the_example() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PATCH"))
        .and(path(PATH))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"topics":["differentTopic"]}"#))
        .respond_with(json_response(200, INTEGRATION_EXAMPLE))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let patch = IntegrationPatch::default().with_topics(vec!["differentTopic".into()]);
    let got = client.patch_integration(&application, &integration, &patch).await.unwrap();
    assert_is_example(&got);
    assert_sent(&server, "PATCH", Some(r#"{"topics":["differentTopic"]}"#)).await;
}

#[tokio::test]
async fn delete_sends_the_curl_request_and_decodes_success() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(path(PATH))
        .respond_with(json_response(200, r#"{"success": true}"#))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let got = client.delete_integration(&application, &integration).await.unwrap();
    assert_eq!(got.success, Some(true));
    assert_sent(&server, "DELETE", None).await;
}

#[tokio::test]
async fn an_empty_topic_list_is_sent_to_clear_all_topics() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PATCH"))
        .respond_with(json_response(200, INTEGRATION_EXAMPLE))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let patch = IntegrationPatch::default().with_topics(vec![]).with_enabled(false);
    client.patch_integration(&application, &integration, &patch).await.unwrap();
    assert_sent(&server, "PATCH", Some(r#"{"enabled":false,"topics":[]}"#)).await;
}

#[tokio::test]
async fn documented_errors_decode_into_the_error_schema() {
    for (status, body) in [(404, ERROR_EXAMPLE), (400, r#"{"type":"Validation","message":"bad"}"#)]
    {
        let (server, client) = server_and_client().await;
        Mock::given(method("GET")).respond_with(json_response(status, body)).mount(&server).await;
        let (application, integration) = ids();
        match client.get_integration(&application, &integration).await {
            Err(Error::Api { status: got, body: error, .. }) => {
                assert_eq!(got.as_u16(), status);
                let expected: serde_json::Value = serde_json::from_str(body).unwrap();
                assert_eq!(error.r#type.as_deref(), expected["type"].as_str());
                assert_eq!(error.message.as_deref(), expected["message"].as_str());
            }
            other => panic!("expected Error::Api for {status}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_headers_and_raw_body() {
    let (server, client) = server_and_client().await;
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_raw(html.as_bytes().to_vec(), "text/html")
                .insert_header("x-request-id", "abc123"),
        )
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let error = client.get_integration(&application, &integration).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.raw_body(), Some(html.as_bytes()));
    match &error {
        Error::UnexpectedStatus { headers, .. } => assert_eq!(headers["x-request-id"], "abc123"),
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("500"), "{message}");
    assert!(message.contains("Internal Server Error"), "{message}");
}

#[tokio::test]
async fn malformed_json_keeps_the_raw_body_and_the_decode_error() {
    let (server, client) = server_and_client().await;
    let broken = r#"{"id": "58ec07f20c747f65243d0d76", "name": "#;
    Mock::given(method("GET")).respond_with(json_response(200, broken)).mount(&server).await;
    let (application, integration) = ids();
    match client.get_integration(&application, &integration).await {
        Err(Error::Decode { status, body, source, .. }) => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(body, broken.as_bytes());
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_error_status_with_a_body_that_does_not_decode_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(b"Not Found".to_vec(), "text/plain"))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let error = client.get_integration(&application, &integration).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.raw_body(), Some(&b"Not Found"[..]));
}

/// The live API has more integration types and properties than this spec: they decode, and
/// nothing is dropped when the value is sent back.
#[tokio::test]
async fn unknown_enum_values_and_extra_fields_decode_without_loss() {
    let (server, client) = server_and_client().await;
    let body = json!({
        "id": "58ec07f20c747f65243d0d76",
        "name": "Event hub",
        "integrationType": "azureEventHub",
        "credentialName": "my-credential",
        "azureEventHubConfig": {"connectionString": "Endpoint=sb://x"},
        "mqttConfig": {"port": 1883, "protocol": "quic", "host": "h", "keepalive": 30},
        "status": {"connectInfo": {"ts": null}, "disconnectInfo": {}}
    });
    Mock::given(method("GET"))
        .respond_with(json_response(200, &body.to_string()))
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let got = client.get_integration(&application, &integration).await.unwrap();
    assert_eq!(got.integration_type, Some(IntegrationType::Unknown("azureEventHub".into())));
    assert_eq!(got.extra["credentialName"], "my-credential");
    let mqtt = got.mqtt_config.as_ref().unwrap();
    assert_eq!(mqtt.protocol, MqttConfigProtocol::Unknown("quic".into()));
    assert_eq!(mqtt.extra["keepalive"], 30);
    let status = got.status.as_ref().unwrap();
    // `null` and absence stay apart.
    assert_eq!(status.connect_info.as_ref().unwrap().ts, Some(None));
    assert_eq!(status.disconnect_info.as_ref().unwrap().ts, None);
    assert_eq!(serde_json::to_value(&got).unwrap(), body, "what was received is what is sent back");
}

#[tokio::test]
async fn success_status_and_headers_are_available_on_request() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .respond_with(
            json_response(200, r#"{"success":true}"#).insert_header("x-ratelimit-remaining", "99"),
        )
        .mount(&server)
        .await;
    let (application, integration) = ids();
    let response =
        client.delete_integration(&application, &integration).with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-ratelimit-remaining"], "99");
    assert_eq!(response.into_body().success, Some(true));
}

#[test]
fn ids_are_checked_where_they_are_built() {
    assert!(ObjectId::new(APPLICATION_ID).is_ok());
    assert!("575EC8687AE143CD83DC4A97".parse::<ObjectId>().is_ok());
    for bad in [
        "",
        "575ec8687ae143cd83dc4a9",
        "575ec8687ae143cd83dc4a977",
        "575ec8687ae143cd83dc4a9g",
        "../../../admin",
        "٥٧٥ec8687ae143cd83dc4a97",
    ] {
        let error = bad.parse::<ObjectId>().unwrap_err();
        assert_eq!(error.rule(), r"must match the pattern `^[A-Fa-f\d]{24}$`", "{bad:?}");
    }
}

/// Bad input is refused before anything is sent, with the path of the field and the rule.
#[tokio::test]
async fn requests_that_break_the_spec_are_refused_before_sending() {
    let (server, client) = server_and_client().await;
    let (application, integration) = ids();
    let port_zero = MqttConfig::new(0, MqttConfigProtocol::Mqtts, "broker.example.com".into());
    let mut closed = MqttConfig::new(8883, MqttConfigProtocol::Mqtts, "broker.example.com".into());
    closed.extra.insert("keepalive".into(), json!(30));
    let cases: Vec<(IntegrationPatch, &str, &str)> = vec![
        (
            IntegrationPatch::default().with_name(String::new()),
            "name",
            "must be at least 1 characters long (minLength), is 0",
        ),
        (
            IntegrationPatch::default().with_name("n".repeat(1025)),
            "name",
            "must be at most 1024 characters long (maxLength), is 1025",
        ),
        (
            IntegrationPatch::default().with_topics(vec!["ok".into(), "t".repeat(1025)]),
            "topics[1]",
            "must be at most 1024 characters long (maxLength), is 1025",
        ),
        (
            IntegrationPatch::default().with_mqtt_config(port_zero),
            "mqttConfig.port",
            "must be at least 1 (minimum), is 0",
        ),
        (
            IntegrationPatch::default().with_mqtt_config(closed),
            "mqttConfig",
            "property `keepalive` is not allowed (additionalProperties is false)",
        ),
    ];
    for (patch, path, rule) in cases {
        match client.patch_integration(&application, &integration, &patch).await {
            Err(Error::InvalidRequest(e)) => {
                assert_eq!((e.path(), e.rule()), (path, rule));
            }
            other => panic!("expected InvalidRequest at {path}, got {other:?}"),
        }
    }
    let short_key = GooglePubSubConfig::new("project".into(), "k".repeat(49));
    match client
        .patch_integration(
            &application,
            &integration,
            &IntegrationPatch::default().with_google_pub_sub_config(short_key),
        )
        .await
    {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!(
                e.to_string(),
                "googlePubSubConfig.keyJson: must be at least 50 characters long (minLength), is 49"
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    // A path parameter can never change the request path: an ID that was never checked
    // (here: decoded from a response) is checked before sending.
    for sneaky in
        ["../../admin", "a/b", "%2F", "x?y=1", "x#y", "..", ".", "", "575ec8687ae143cd83dc4a97/.."]
    {
        let unchecked: ObjectId = serde_json::from_value(json!(sneaky)).unwrap();
        match client.get_integration(&unchecked, &integration).await {
            Err(Error::InvalidRequest(e)) => assert_eq!(e.path(), "applicationId", "{sneaky:?}"),
            other => panic!("expected InvalidRequest for {sneaky:?}, got {other:?}"),
        }
    }
    // A port above 65535 cannot even be built: the field is a `u16`, and a value decoded from
    // JSON is refused.
    let too_big =
        serde_json::from_str::<MqttConfig>(r#"{"port":70000,"protocol":"mqtt","host":"h"}"#);
    assert!(too_big.unwrap_err().to_string().contains("70000"));
    assert!(server.received_requests().await.unwrap().is_empty(), "the server received nothing");
}

#[test]
fn the_token_never_appears_in_debug_or_errors() {
    let secret = "s3cr3t-t0k3n";
    let client = Client::new(secret).unwrap();
    assert!(!format!("{client:?}").contains(secret));
    let builder = Client::builder().token(secret);
    assert!(!format!("{builder:?}").contains(secret));
    let error = Client::builder().token(secret).base_url("http://example.com").build().unwrap_err();
    assert!(!format!("{error} {error:?}").contains(secret));
}

#[test]
fn the_default_base_url_is_the_spec_server() {
    assert_eq!(Client::new(TOKEN).unwrap().base_url(), "https://api.losant.com");
    let client =
        Client::builder().base_url("https://example.com/api/").token(TOKEN).build().unwrap();
    assert_eq!(client.base_url(), "https://example.com/api");
}

#[test]
fn the_token_is_not_sent_in_clear_text_to_a_remote_host() {
    let refused = Client::builder().base_url("http://api.losant.com").token(TOKEN).build();
    assert!(matches!(refused, Err(BuildError::InsecureBaseUrl { .. })), "{refused:?}");
    for loopback in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"] {
        assert!(Client::builder().base_url(loopback).token(TOKEN).build().is_ok(), "{loopback}");
    }
    let allowed = Client::builder()
        .base_url("http://api.losant.com")
        .token(TOKEN)
        .allow_insecure_http()
        .build();
    assert!(allowed.is_ok());
    let bad = Client::builder().base_url("ftp://api.losant.com").build();
    assert!(matches!(bad, Err(BuildError::InvalidBaseUrl { .. })), "{bad:?}");
    let bad_token = Client::builder().token("line\nbreak").build();
    assert!(
        matches!(bad_token, Err(BuildError::InvalidCredential { scheme: "bearerAuth" })),
        "{bad_token:?}"
    );
}

#[test]
fn settings_for_a_built_client_conflict_with_a_given_one() {
    let given = Client::builder()
        .http_client(reqwest::Client::new())
        .timeout(std::time::Duration::from_secs(1))
        .build();
    assert!(matches!(given, Err(BuildError::Conflict { setting: "timeout" })), "{given:?}");
}

#[tokio::test]
async fn the_timeout_and_user_agent_apply() {
    let (server, _) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(
            json_response(200, INTEGRATION_EXAMPLE).set_delay(std::time::Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .timeout(std::time::Duration::from_millis(200))
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    let (application, integration) = ids();
    match client.get_integration(&application, &integration).await {
        Err(Error::Transport(e)) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["user-agent"], "my-app/1.0");
}

#[test]
fn scopes_are_exposed_as_data() {
    assert_eq!(
        scopes::GET_INTEGRATION,
        [
            "all.Application",
            "all.Application.read",
            "all.Organization",
            "all.Organization.read",
            "all.User",
            "all.User.read",
            "integration.*",
            "integration.get",
        ]
    );
    assert!(scopes::PATCH_INTEGRATION.contains(&"integration.patch"));
    assert!(scopes::DELETE_INTEGRATION.contains(&"integration.delete"));
    assert!(!scopes::DELETE_INTEGRATION.contains(&"all.User.read"));
}

#[test]
fn enums_round_trip_their_wire_values() {
    assert_eq!("googlePubSub".parse::<IntegrationType>().unwrap(), IntegrationType::GooglePubSub);
    assert_eq!(IntegrationType::GooglePubSub.to_string(), "googlePubSub");
    assert_eq!(serde_json::to_string(&IntegrationType::Unknown("sqs".into())).unwrap(), r#""sqs""#);
}

#[tokio::test]
async fn a_response_missing_a_required_property_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    let body = r#"{"name":"x","mqttConfig":{"protocol":"mqtt","host":"h"}}"#;
    Mock::given(method("GET")).respond_with(json_response(200, body)).mount(&server).await;
    let (application, integration) = ids();
    match client.get_integration(&application, &integration).await {
        Err(Error::Decode { source, body: raw, .. }) => {
            assert!(source.to_string().contains("missing field `port`"), "{source}");
            assert_eq!(raw, body.as_bytes());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

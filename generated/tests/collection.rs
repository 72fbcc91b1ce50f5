//! The collection of integrations, `listIntegrations` and `createIntegration`, against a real
//! HTTP server on loopback (wiremock): each request is the curl example of
//! `../shared/seed/integrations-actions.md`, and what comes back decodes.

use losant_integration::types::{
    Integration, IntegrationPost, IntegrationType, ListIntegrationsFilterField,
    ListIntegrationsSortField, MqttConfig, MqttConfigProtocol, ObjectId, SortDirection,
};
use losant_integration::{Client, Error, scopes};
use wiremock::matchers::{body_string, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "YOUR_API_ACCESS_TOKEN";
const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";
const PATH: &str = "/applications/575ec8687ae143cd83dc4a97/integrations";

/// The body of the POST curl example, verbatim.
const POST_BODY: &str = r#"{"name":"Example Integrations","integrationType":"mqtt","topics":["myTopic"],"mqttConfig":{"clientId":"exampleClientId","username":"exampleUsername","password":"examplePassword","port":8883,"protocol":"mqtts","host":"broker.example.com"}}"#;

/// The single integration's example of schemas.md, verbatim.
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

/// The collection's example of collection-schemas.md, its `$ref` item replaced by the example
/// it refers to.
fn collection_example() -> String {
    format!(
        r#"{{
  "items": [
    {INTEGRATION_EXAMPLE}
  ],
  "count": 1,
  "totalCount": 4,
  "perPage": 1,
  "page": 0,
  "sortField": "name",
  "sortDirection": "asc",
  "applicationId": "575ec8687ae143cd83dc4a97"
}}"#
    )
}

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).token(TOKEN).build().unwrap();
    (server, client)
}

fn application() -> ObjectId {
    APPLICATION_ID.parse().unwrap()
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// The one request the server received: the curl example's method, path, query and headers,
/// and its body if it has one (without one, no `Content-Type` claims a body).
async fn assert_sent(
    server: &MockServer,
    expected_method: &str,
    expected_query: Option<&str>,
    expected_body: Option<&str>,
) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), expected_method);
    assert_eq!(request.url.path(), PATH);
    assert_eq!(request.url.query(), expected_query);
    assert_eq!(request.headers["authorization"], format!("Bearer {TOKEN}"));
    assert_eq!(request.headers["accept"], "application/json");
    match expected_body {
        Some(body) => {
            assert_eq!(request.headers["content-type"], "application/json");
            assert_eq!(std::str::from_utf8(&request.body).unwrap(), body);
        }
        None => {
            assert!(request.body.is_empty(), "no body");
            assert!(request.headers.get("content-type").is_none(), "no content type");
        }
    }
}

fn assert_is_example(integration: &Integration) {
    assert_eq!(integration.id.as_ref().unwrap().as_str(), "58ec07f20c747f65243d0d76");
    assert_eq!(integration.name.as_deref(), Some("Example Integrations"));
    assert_eq!(integration.integration_type, Some(IntegrationType::Mqtt));
    assert_eq!(integration.mqtt_config.as_ref().unwrap().port, 8883);
    assert!(integration.extra.is_empty());
}

/// The POST curl example's body, built as a caller would.
fn example_post() -> IntegrationPost {
    let mut mqtt = MqttConfig::new(8883, MqttConfigProtocol::Mqtts, "broker.example.com".into());
    mqtt.client_id = Some("exampleClientId".into());
    mqtt.username = Some("exampleUsername".into());
    mqtt.password = Some("examplePassword".into());
    let mut post = IntegrationPost::new("Example Integrations".into(), IntegrationType::Mqtt);
    post.topics = Some(vec!["myTopic".into()]);
    post.mqtt_config = Some(mqtt);
    post
}

#[tokio::test]
async fn list_with_no_options_sends_the_curl_request_without_a_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(json_response(200, &collection_example()))
        .mount(&server)
        .await;
    let page = client.list_integrations(&application()).await.unwrap();
    assert_sent(&server, "GET", None, None).await;
    let items = page.items.as_deref().unwrap();
    assert_eq!(items.len(), 1);
    assert_is_example(&items[0]);
    assert_eq!(
        (page.count, page.total_count, page.per_page, page.page),
        (Some(1), Some(4), Some(1), Some(0))
    );
    assert_eq!(page.sort_field.as_deref(), Some("name"));
    assert_eq!(page.sort_direction, Some(SortDirection::Asc));
    assert_eq!(page.application_id.unwrap().as_str(), APPLICATION_ID);
    assert!(page.extra.is_empty());
}

#[tokio::test]
async fn list_sends_each_option_it_is_given_in_the_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, &collection_example()))
        .mount(&server)
        .await;
    client
        .list_integrations(&application())
        .sort_field(&ListIntegrationsSortField::CreationDate)
        .sort_direction(&SortDirection::Desc)
        .page(2)
        .per_page(10)
        .filter_field(&ListIntegrationsFilterField::IntegrationType)
        .filter("my*integration")
        .await
        .unwrap();
    // The examples of the source's table, as it writes them.
    let query = "sortField=creationDate&sortDirection=desc&page=2&perPage=10\
                 &filterField=integrationType&filter=my*integration";
    assert_sent(&server, "GET", Some(query), None).await;
}

#[tokio::test]
async fn create_sends_the_curl_body_and_decodes_the_created_integration() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(body_string(POST_BODY))
        .respond_with(json_response(201, INTEGRATION_EXAMPLE))
        .mount(&server)
        .await;
    let created = client.create_integration(&application(), &example_post()).await.unwrap();
    assert_is_example(&created);
    assert_sent(&server, "POST", None, Some(POST_BODY)).await;
}

#[tokio::test]
async fn create_refuses_a_body_that_breaks_the_schema_without_sending_it() {
    let (server, client) = server_and_client().await;
    let mut empty_name = example_post();
    empty_name.name = String::new();
    let mut no_port = example_post();
    no_port.mqtt_config.as_mut().unwrap().port = 0;
    let mut short_key = example_post();
    short_key.mqtt_config.as_mut().unwrap().private_key = Some("too short".into());
    let mut empty_topic = example_post();
    empty_topic.topics = Some(vec!["myTopic".into(), String::new()]);
    let cases = [
        (empty_name, "name: must be at least 1 characters long (minLength), is 0"),
        (no_port, "mqttConfig.port: must be at least 1 (minimum), is 0"),
        (short_key, "mqttConfig.privateKey: must be at least 50 characters long (minLength), is 9"),
        (empty_topic, "topics[1]: must be at least 1 characters long (minLength), is 0"),
    ];
    for (post, rule) in cases {
        match client.create_integration(&application(), &post).await {
            Err(Error::InvalidRequest(error)) => assert_eq!(error.to_string(), rule),
            other => panic!("expected InvalidRequest ({rule}), got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn the_collections_errors_decode_into_the_error_schema() {
    let (server, client) = server_and_client().await;
    let not_found = r#"{"type": "NotFound", "message": "Application was not found"}"#;
    Mock::given(method("GET")).respond_with(json_response(404, not_found)).mount(&server).await;
    Mock::given(method("POST"))
        .respond_with(json_response(400, r#"{"type":"Validation","message":"bad"}"#))
        .mount(&server)
        .await;
    match client.list_integrations(&application()).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body.message.as_deref(), Some("Application was not found"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    match client.create_integration(&application(), &example_post()).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 400);
            assert_eq!(body.r#type.as_deref(), Some("Validation"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[test]
fn the_collections_scopes_are_the_sources() {
    assert_eq!(
        scopes::LIST_INTEGRATIONS,
        [
            "all.Application",
            "all.Application.read",
            "all.Organization",
            "all.Organization.read",
            "all.User",
            "all.User.read",
            "integrations.*",
            "integrations.get",
        ]
    );
    assert_eq!(
        scopes::CREATE_INTEGRATION,
        ["all.Application", "all.Organization", "all.User", "integrations.*", "integrations.post"]
    );
}

#[test]
fn the_blocking_client_lists_and_creates_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(PATH))
            .respond_with(json_response(200, &collection_example()))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(PATH))
            .and(body_string(POST_BODY))
            .respond_with(json_response(201, INTEGRATION_EXAMPLE))
            .mount(&server)
            .await;
        server
    });
    let client = losant_integration::blocking::Client::from_async(
        Client::builder().base_url(server.uri()).token(TOKEN).build().unwrap(),
    )
    .unwrap();
    let page = client.list_integrations(&application()).send().unwrap();
    assert_is_example(&page.items.unwrap()[0]);
    assert_is_example(&client.create_integration(&application(), &example_post()).send().unwrap());
}

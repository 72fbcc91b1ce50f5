//! The `security` case on the wire (wiremock): each scheme's credential is sent exactly where
//! the spec says, an operation sends the first alternative of its `security` that the client
//! holds whole, `security: []` sends nothing, and no credential shows in `Debug` or errors.

use super::security::{BuildError, Client, ClientBuilder, Error};
use base64::Engine;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const HEADER_KEY: &str = "header-k3y";
const QUERY_KEY: &str = "query k3y&=";
const COOKIE_KEY: &str = "c00kie-k3y";
const USERNAME: &str = "ada@example.com";
const PASSWORD: &str = "pa55: wörd";
const BEARER: &str = "bearer-t0ken";
const OAUTH: &str = "oauth-t0ken";
const OIDC: &str = "oidc-t0ken";
const SECRETS: &[&str] = &[HEADER_KEY, "k3y", COOKIE_KEY, PASSWORD, "pa55", BEARER, OAUTH, OIDC];

/// What a request carried of the credentials: its query, `X-API-Key`, `Cookie` and
/// `Authorization` headers.
#[derive(Debug, Default, PartialEq, Eq)]
struct Sent {
    query: Option<String>,
    key: Option<String>,
    cookie: Option<String>,
    authorization: Option<String>,
}

fn sent(query: Option<&str>, key: Option<&str>, cookie: Option<&str>, auth: Option<&str>) -> Sent {
    Sent {
        query: query.map(str::to_string),
        key: key.map(str::to_string),
        cookie: cookie.map(str::to_string),
        authorization: auth.map(str::to_string),
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// A builder for `server` with every credential set, or those `with` sets.
fn every_credential(builder: ClientBuilder) -> ClientBuilder {
    builder
        .api_key_header(HEADER_KEY)
        .api_key_query(QUERY_KEY)
        .api_key_cookie(COOKIE_KEY)
        .basic_auth(USERNAME, PASSWORD)
        .bearer_auth(BEARER)
        .oauth(OAUTH)
        .oidc(OIDC)
}

/// What the last request `server` received carried.
async fn last_sent(server: &MockServer) -> Sent {
    let requests = server.received_requests().await.unwrap();
    let request = requests.last().expect("a request was sent");
    let header = |name: &str| {
        let values: Vec<&str> =
            request.headers.get_all(name).iter().map(|v| v.to_str().unwrap()).collect();
        assert!(values.len() <= 1, "{name} sent once: {values:?}");
        values.first().map(|v| v.to_string())
    };
    Sent {
        query: request.url.query().map(str::to_string),
        key: header("x-api-key"),
        cookie: header("cookie"),
        authorization: header("authorization"),
    }
}

fn basic() -> String {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{USERNAME}:{PASSWORD}"));
    format!("Basic {encoded}")
}

#[tokio::test]
async fn each_scheme_is_sent_where_the_spec_says() {
    let server = server().await;
    let client = every_credential(Client::builder().base_url(server.uri())).build().unwrap();
    let basic = basic();
    // Query strings are form-urlencoded (`form_urlencoded`): a space is `+`.
    let query = "api_key=query+k3y%26%3D";
    let cases: Vec<(&str, Sent)> = vec![
        ("header", sent(None, Some(HEADER_KEY), None, None)),
        ("query", sent(Some(query), None, None, None)),
        ("cookie", sent(None, None, Some("session=c00kie-k3y"), None)),
        ("basic", sent(None, None, None, Some(&basic))),
        ("bearer", sent(None, None, None, Some("Bearer bearer-t0ken"))),
        ("oauth", sent(None, None, None, Some("Bearer oauth-t0ken"))),
        ("oidc", sent(None, None, None, Some("Bearer oidc-t0ken"))),
        ("together", sent(Some(query), None, Some("session=c00kie-k3y"), None)),
        // Basic with the header key is the first alternative, and the client holds both.
        ("either", sent(None, Some(HEADER_KEY), None, Some(&basic))),
        ("public", Sent::default()),
        ("optional", Sent::default()),
    ];
    for (operation, expected) in cases {
        let result = match operation {
            "header" => client.by_header().await,
            "query" => client.by_query().await,
            "cookie" => client.by_cookie().await,
            "basic" => client.by_basic().await,
            "bearer" => client.by_bearer().await,
            "oauth" => client.by_oauth().await,
            "oidc" => client.by_oidc().await,
            "together" => client.together().await,
            "either" => client.either().await,
            "public" => client.public().await,
            "optional" => client.optional().await,
            other => unreachable!("{other}"),
        };
        result.unwrap_or_else(|e| panic!("{operation}: {e:?}"));
        assert_eq!(last_sent(&server).await, expected, "{operation}");
    }
}

#[tokio::test]
async fn the_first_alternative_held_whole_is_sent_and_none_when_none_is() {
    let server = server().await;
    let builder = || Client::builder().base_url(server.uri());
    // Without the header key, the first alternative is not held whole: the bearer token is next.
    let client = builder().basic_auth(USERNAME, PASSWORD).bearer_auth(BEARER).build().unwrap();
    client.either().await.unwrap();
    assert_eq!(last_sent(&server).await, sent(None, None, None, Some("Bearer bearer-t0ken")));
    let client = builder().basic_auth(USERNAME, PASSWORD).build().unwrap();
    client.either().await.unwrap();
    assert_eq!(last_sent(&server).await, sent(None, None, None, Some(&basic())));
    // Only one of the two keys that must go together: neither is sent.
    let client = builder().api_key_query(QUERY_KEY).build().unwrap();
    client.together().await.unwrap();
    assert_eq!(last_sent(&server).await, Sent::default());
    // No credential for the operation at all: sent without, for the server to refuse.
    client.by_header().await.unwrap();
    assert_eq!(last_sent(&server).await, Sent::default());
}

#[tokio::test]
async fn a_credential_set_again_replaces_the_first() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key_header("first")
        .api_key_header(HEADER_KEY)
        .build()
        .unwrap();
    client.by_header().await.unwrap();
    assert_eq!(last_sent(&server).await, sent(None, Some(HEADER_KEY), None, None));
}

#[tokio::test]
async fn no_credential_appears_in_debug_or_errors() {
    let builder = every_credential(Client::builder());
    let shown = format!("{builder:?}");
    let client = every_credential(Client::builder()).build().unwrap();
    let shown = format!("{shown} {client:?}");
    assert!(shown.contains("apiKeyQuery"), "the schemes set are named: {shown}");
    // A request that cannot connect: the error names the URL, with the query key taken out.
    let unreachable = every_credential(Client::builder().base_url("http://127.0.0.1:1"));
    let error = unreachable.build().unwrap().by_query().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let shown = format!("{shown} {error} {error:?}");
    assert!(shown.contains("api_key=%5Bredacted%5D"), "{shown}");
    let insecure = every_credential(Client::builder().base_url("http://example.com")).build();
    let Err(insecure) = insecure else { panic!("credentials over plain http to a remote host") };
    let shown = format!("{shown} {insecure} {insecure:?}");
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret:?} shown: {shown}");
    }
}

#[test]
fn a_credential_that_cannot_be_sent_is_refused_by_name() {
    let cases: Vec<(ClientBuilder, &str)> = vec![
        (Client::builder().api_key_header("line\nbreak"), "apiKeyHeader"),
        (Client::builder().api_key_cookie("a; other=b"), "apiKeyCookie"),
        (Client::builder().basic_auth("user:name", "password"), "basicAuth"),
        (Client::builder().bearer_auth("line\rbreak"), "bearerAuth"),
    ];
    for (builder, scheme) in cases {
        let error = builder.build().unwrap_err();
        assert!(
            matches!(error, BuildError::InvalidCredential { scheme: s } if s == scheme),
            "{scheme}: {error:?}"
        );
        assert!(error.to_string().contains(scheme), "{error}");
        assert!(!error.to_string().contains("break"), "{error}");
    }
}

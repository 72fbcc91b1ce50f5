//! The mocks of the `mock` feature, as a user's tests use them: a mocked call returns the typed
//! value it was given, a mock answers only the calls its parameters and body match, and a
//! documented error comes back as `Error::Api` with its typed body.

// Values are built by assignment, which works whether or not the generated structs are
// `#[non_exhaustive]` (outside their crate, a struct literal does not compile then).
#![allow(clippy::field_reassign_with_default)]

mod support;

use losant_integration::mock::{self, wiremock::MockServer};
use losant_integration::types::{
    ApiError, Integration, IntegrationPage, IntegrationPatch, ObjectId,
};
use losant_integration::{Client, Error};
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, INTEGRATION_ID};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).token("token").build().unwrap();
    (server, client)
}

fn id(text: &str) -> ObjectId {
    text.parse().unwrap()
}

fn integration() -> Integration {
    serde_json::from_str(INTEGRATION_EXAMPLE).unwrap()
}

#[tokio::test]
async fn a_mocked_call_returns_the_typed_value() {
    let (server, client) = server_and_client().await;
    let (application, integration_id) = (id(APPLICATION_ID), id(INTEGRATION_ID));
    mock::get_integration()
        .application_id(&application)
        .integration_id(&integration_id)
        .respond_200(&integration())
        .expect(1)
        .mount(&server)
        .await;
    let got = client.get_integration(&application, &integration_id).await.unwrap();
    assert_eq!(got, integration());
    // A paged operation, narrowed by a query parameter.
    let mut page = IntegrationPage::default();
    page.items = Some(vec![integration()]);
    mock::list_integrations().per_page(1).respond_200(&page).expect(1).mount(&server).await;
    let got = client.list_integrations(&application).per_page(1).await.unwrap();
    assert_eq!(got, page);
}

#[tokio::test]
async fn a_mock_does_not_answer_a_call_whose_parameters_differ() {
    let (server, client) = server_and_client().await;
    let application = id(APPLICATION_ID);
    let other = id("58ec07f20c747f65243d0d76");
    mock::get_integration()
        .integration_id(&other)
        .respond_200(&integration())
        .expect(0)
        .mount(&server)
        .await;
    mock::list_integrations()
        .per_page(10)
        .filter("my*integration")
        .respond_200(&IntegrationPage::default())
        .expect(1)
        .mount(&server)
        .await;
    let mut patch = IntegrationPatch::default();
    patch.enabled = Some(false);
    mock::patch_integration()
        .body(&patch)
        .respond_200(&integration())
        .expect(1)
        .mount(&server)
        .await;

    // Unanswered: wiremock's 404, with no body, which the spec's error type does not decode.
    let unanswered = client.get_integration(&application, &id(INTEGRATION_ID)).await.unwrap_err();
    assert_eq!(unanswered.status().map(|s| s.as_u16()), Some(404), "{unanswered}");
    assert!(!matches!(unanswered, Error::Api { .. }), "{unanswered}");

    let list = |per_page, filter: Option<&'static str>| {
        let call = client.list_integrations(&application).per_page(per_page);
        match filter {
            Some(filter) => call.filter(filter),
            None => call,
        }
    };
    assert!(list(20, Some("my*integration")).await.is_err(), "another perPage");
    assert!(list(10, Some("my integration")).await.is_err(), "another filter");
    assert!(list(10, None).await.is_err(), "no filter");
    list(10, Some("my*integration")).await.unwrap();

    let (application, integration_id) = (id(APPLICATION_ID), id(INTEGRATION_ID));
    let mut other_patch = IntegrationPatch::default();
    other_patch.enabled = Some(true);
    let patched = client.patch_integration(&application, &integration_id, &other_patch).await;
    assert!(patched.is_err(), "another body");
    client.patch_integration(&application, &integration_id, &patch).await.unwrap();
}

#[tokio::test]
async fn a_documented_error_comes_back_typed() {
    let (server, client) = server_and_client().await;
    let mut error = ApiError::default();
    error.r#type = Some("NotFound".into());
    error.message = Some("Integration was not found".into());
    mock::delete_integration().respond_404(&error).expect(1).mount(&server).await;
    match client.delete_integration(&id(APPLICATION_ID), &id(INTEGRATION_ID)).await {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body, error);
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

/// A path parameter matches as the client sends it, percent-encoded, and a path with more
/// segments than the operation's is not its.
#[tokio::test]
async fn a_mock_matches_the_operations_path_only() {
    let (server, client) = server_and_client().await;
    mock::get_integration().respond_200(&integration()).expect(1).mount(&server).await;
    let application = id(APPLICATION_ID);
    let got = client.get_integration(&application, &id(INTEGRATION_ID)).await.unwrap();
    assert_eq!(got, integration());
    // The collection's path is a prefix of the item's: it is not answered by the item's mock.
    let listed = client.list_integrations(&application).await;
    assert_eq!(listed.unwrap_err().status().map(|s| s.as_u16()), Some(404));
}

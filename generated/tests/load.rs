//! One client, cloned across 1,000 concurrent tasks, sends 10,000 requests to a loopback
//! server that derives each answer from its request: no errors, no crossed responses.

mod support;

use losant_integration::Client;
use losant_integration::types::{IntegrationPatch, ObjectId};
use std::collections::BTreeSet;
use support::{APPLICATION_ID, INTEGRATION_EXAMPLE, Reply, Server};

const TASKS: usize = 1_000;
const REQUESTS_PER_TASK: usize = 10;

fn assert_shareable<T: Clone + Send + Sync + 'static>() {}

/// The answer carries the request's integration ID and, for a patch, the name it sent.
fn echo(request: &support::Request) -> Reply {
    let id = request.path.rsplit('/').next().unwrap();
    let name = if request.method == "PATCH" {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        body["name"].as_str().unwrap().to_string()
    } else {
        format!("got {id}")
    };
    let mut integration: serde_json::Value = serde_json::from_str(INTEGRATION_EXAMPLE).unwrap();
    integration["id"] = id.into();
    integration["name"] = name.into();
    Reply::json(200, &integration.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_from_a_thousand_tasks() {
    assert_shareable::<Client>();
    let server = Server::start(|request, _| echo(request)).await;
    let client = Client::builder().base_url(&server.base_url).token("token").build().unwrap();
    let application: ObjectId = APPLICATION_ID.parse().unwrap();

    let mut tasks = Vec::with_capacity(TASKS);
    for task in 0..TASKS {
        let client = client.clone();
        let application = application.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::with_capacity(REQUESTS_PER_TASK);
            for i in 0..REQUESTS_PER_TASK {
                let n = task * REQUESTS_PER_TASK + i;
                let id: ObjectId = format!("{n:024x}").parse().unwrap();
                let integration = if n.is_multiple_of(2) {
                    client.get_integration(&application, &id).await.unwrap()
                } else {
                    let patch = IntegrationPatch::default().with_name(format!("name {n}"));
                    client.patch_integration(&application, &id, &patch).await.unwrap()
                };
                assert_eq!(integration.id.as_ref(), Some(&id), "the answer to request {n}");
                let expected =
                    if n.is_multiple_of(2) { format!("got {id}") } else { format!("name {n}") };
                assert_eq!(integration.name.as_deref(), Some(expected.as_str()));
                seen.push(n);
            }
            seen
        }));
    }
    let mut answered = BTreeSet::new();
    for task in tasks {
        answered.extend(task.await.expect("no task panicked"));
    }
    assert_eq!(answered.len(), TASKS * REQUESTS_PER_TASK, "every request answered once");
    assert_eq!(server.requests(), TASKS * REQUESTS_PER_TASK, "nothing sent twice, nothing lost");
}

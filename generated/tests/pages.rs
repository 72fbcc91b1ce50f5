//! Every integration of an application through `list_integrations(..).items()`, against a
//! loopback server that pages as Losant does (`page`, `perPage`, `totalCount`). The pagers'
//! own rules (which page is asked for next, when the items end, how many items are held) are
//! tested in `runtime/src/tests/pages.rs`; these check the generated call drives them: the
//! page number and the caller's parameters on every request, the total read from the answer,
//! errors decoded as the operation's.

mod support;

use losant_integration::types::{ApiError, Integration, ObjectId, SortDirection};
use losant_integration::{Client, Error};
use std::sync::{Arc, Mutex};
use support::{APPLICATION_ID, Reply, Request, Server};

/// How the server answers the request for one page: the items `from..to` of the collection,
/// with `total` as `totalCount` (none: not stated), or a status with an error body.
enum Answer {
    Items { from: usize, to: usize, total: Option<usize> },
    Error(u16),
}

/// A collection of `count` integrations, numbered in order, served as `answer` says for each
/// page (by its number, its size, and the whole collection's count). Each request's path and
/// query is kept.
async fn serve(
    answer: impl Fn(usize, usize, usize) -> Answer + Send + Sync + 'static,
    count: usize,
) -> (Server, Arc<Mutex<Vec<String>>>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let server = Server::start({
        let asked = asked.clone();
        move |request: &Request, _| {
            asked.lock().unwrap().push(request.path.clone());
            let (page, per_page) = page_and_size(&request.path);
            match answer(page, per_page, count) {
                Answer::Items { from, to, total } => Reply::json(200, &body(from, to, total)),
                Answer::Error(status) => {
                    Reply::json(status, r#"{"type":"NotFound","message":"gone"}"#)
                }
            }
        }
    })
    .await;
    (server, asked)
}

/// The page a Losant server answers with: `page` (default 0) of `perPage` (default 1000).
fn page_and_size(path: &str) -> (usize, usize) {
    let query = path.split_once('?').map_or("", |(_, query)| query);
    let get = |name: &str, default: usize| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .map_or(default, |value| value.parse().unwrap())
    };
    (get("page", 0), get("perPage", 1000))
}

/// What every page of a well-behaved server holds.
fn honest(page: usize, per_page: usize, count: usize) -> Answer {
    let from = (page * per_page).min(count);
    Answer::Items { from, to: (from + per_page).min(count), total: Some(count) }
}

fn id(i: usize) -> String {
    format!("{i:024x}")
}

fn body(from: usize, to: usize, total: Option<usize>) -> String {
    let items: Vec<String> =
        (from..to).map(|i| format!(r#"{{"id":"{}","name":"integration {i}"}}"#, id(i))).collect();
    let total = total.map(|total| format!(r#","totalCount":{total}"#)).unwrap_or_default();
    format!(r#"{{"items":[{}],"count":{}{total}}}"#, items.join(","), to - from)
}

fn client(server: &Server) -> Client {
    Client::builder().base_url(&server.base_url).token("token").build().unwrap()
}

fn application() -> ObjectId {
    APPLICATION_ID.parse().unwrap()
}

async fn collect(
    items: &mut losant_integration::calls::Items<'_, Integration, ApiError>,
) -> Vec<Result<Integration, Error<ApiError>>> {
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item);
    }
    all
}

fn numbers(items: &[Result<Integration, Error<ApiError>>]) -> Vec<usize> {
    let id = |item: &Integration| item.id.as_ref().unwrap().as_str().to_string();
    let number = |item: &Result<_, _>| usize::from_str_radix(&id(item.as_ref().unwrap()), 16);
    items.iter().map(|item| number(item).unwrap()).collect()
}

const PATH: &str = "/applications/575ec8687ae143cd83dc4a97/integrations";

#[tokio::test]
async fn every_integration_in_server_order_with_one_request_a_page() {
    let (server, asked) = serve(honest, 2500).await;
    let client = client(&server);
    let application = application();
    let mut items = client
        .list_integrations(&application)
        .per_page(1000)
        .sort_direction(&SortDirection::Desc)
        .items();
    let all = collect(&mut items).await;
    assert_eq!(numbers(&all), (0..2500).collect::<Vec<_>>());
    assert_eq!(
        *asked.lock().unwrap(),
        [
            format!("{PATH}?sortDirection=desc&perPage=1000"),
            format!("{PATH}?sortDirection=desc&page=1&perPage=1000"),
            format!("{PATH}?sortDirection=desc&page=2&perPage=1000"),
        ],
        "the call's parameters on every page; the total ends it without a fourth request"
    );
}

#[tokio::test]
async fn without_a_page_size_the_servers_default_is_the_size_of_a_page() {
    let (server, asked) = serve(honest, 2500).await;
    let client = client(&server);
    let application = application();
    let all = collect(&mut client.list_integrations(&application).items()).await;
    assert_eq!(all.len(), 2500);
    let asked = asked.lock().unwrap();
    assert_eq!(asked.len(), 3);
    assert_eq!(asked[0], PATH, "the first request is the call as set: no query");
}

#[tokio::test]
async fn the_walk_starts_at_the_page_the_call_sets() {
    let (server, asked) = serve(honest, 2500).await;
    let client = client(&server);
    let application = application();
    let mut items = client.list_integrations(&application).page(1).per_page(1000).items();
    let all = collect(&mut items).await;
    assert_eq!(numbers(&all), (1000..2500).collect::<Vec<_>>());
    assert_eq!(asked.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_total_that_shrinks_on_the_way_ends_the_items_where_it_now_is() {
    let shrinking = |page, per_page, count| match honest(page, per_page, count) {
        Answer::Items { from, to, .. } if page > 0 => Answer::Items { from, to, total: Some(1500) },
        answer => answer,
    };
    let (server, asked) = serve(shrinking, 2500).await;
    let client = client(&server);
    let application = application();
    let all = collect(&mut client.list_integrations(&application).per_page(1000).items()).await;
    assert_eq!(numbers(&all), (0..2000).collect::<Vec<_>>(), "both pages it was given");
    assert_eq!(asked.lock().unwrap().len(), 2, "no third page past the new total");
}

#[tokio::test]
async fn an_empty_page_ends_the_items_whatever_the_total_says() {
    let empty_after_first = |page, per_page, count| match page {
        0 => honest(page, per_page, count),
        _ => Answer::Items { from: 0, to: 0, total: Some(count) },
    };
    let (server, asked) = serve(empty_after_first, 2500).await;
    let client = client(&server);
    let application = application();
    let all = collect(&mut client.list_integrations(&application).per_page(1000).items()).await;
    assert_eq!(numbers(&all), (0..1000).collect::<Vec<_>>());
    assert_eq!(asked.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn without_a_total_a_short_page_is_the_last() {
    let no_total = |page, per_page, count| match honest(page, per_page, count) {
        Answer::Items { from, to, .. } => Answer::Items { from, to, total: None },
        answer => answer,
    };
    let (server, asked) = serve(no_total, 2500).await;
    let client = client(&server);
    let application = application();
    let all = collect(&mut client.list_integrations(&application).per_page(1000).items()).await;
    assert_eq!(numbers(&all), (0..2500).collect::<Vec<_>>());
    assert_eq!(asked.lock().unwrap().len(), 3, "the third page, of 500, is short: the last");
}

#[tokio::test]
async fn an_error_on_the_second_page_follows_the_first_pages_items_and_ends_them() {
    let failing = |page, per_page, count| match page {
        0 => honest(page, per_page, count),
        _ => Answer::Error(404),
    };
    let (server, asked) = serve(failing, 2500).await;
    let client = client(&server);
    let application = application();
    let mut items = client.list_integrations(&application).per_page(1000).items();
    let all = collect(&mut items).await;
    assert_eq!(all.len(), 1001);
    assert_eq!(numbers(&all[..1000]), (0..1000).collect::<Vec<_>>());
    match &all[1000] {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body.message.as_deref(), Some("gone"));
        }
        other => panic!("expected the page's error, decoded, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the items end after the error");
    assert_eq!(asked.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_invalid_parameter_is_the_only_item_and_nothing_is_sent() {
    let (server, asked) = serve(honest, 2500).await;
    let client = client(&server);
    let application = application();
    let call = client.list_integrations(&application).header("X-Id", "a\nb");
    let all = collect(&mut call.items()).await;
    assert!(matches!(all[..], [Err(Error::InvalidRequest(_))]), "{all:?}");
    assert!(asked.lock().unwrap().is_empty());
}

#[tokio::test]
async fn dropping_the_items_after_five_asks_for_one_page_only() {
    let (server, asked) = serve(honest, 2500).await;
    let client = client(&server);
    let application = application();
    let mut items = client.list_integrations(&application).per_page(1000).items();
    for expected in 0..5 {
        let item = items.next().await.unwrap().unwrap();
        assert_eq!(item.id.unwrap().as_str(), id(expected));
    }
    drop(items);
    tokio::task::yield_now().await;
    assert_eq!(asked.lock().unwrap().len(), 1);
}

#[test]
fn the_blocking_client_iterates_every_page() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, asked) = runtime.block_on(serve(honest, 2500));
    let client = losant_integration::blocking::Client::from_async(client(&server)).unwrap();
    let application = application();
    let items = client.list_integrations(&application).per_page(1000).items();
    let all: Vec<_> = items.collect();
    assert_eq!(numbers(&all), (0..2500).collect::<Vec<_>>());
    assert_eq!(asked.lock().unwrap().len(), 3);

    let failing = |page, per_page, count| match page {
        0 => honest(page, per_page, count),
        _ => Answer::Error(404),
    };
    let (server, _) = runtime.block_on(serve(failing, 2500));
    let client = losant_integration::blocking::Client::from_async(self::client(&server)).unwrap();
    let mut items = client.list_integrations(&application).per_page(1000).items().skip(1000);
    assert!(matches!(items.next(), Some(Err(Error::Api { .. }))));
    assert!(items.next().is_none());
}

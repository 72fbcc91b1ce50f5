//! The pagers of paged operations, against pages served from memory: which pages they ask
//! for, when they stop, how errors pass through, and how many items they hold at once. The
//! client's paged methods are tested over HTTP in `generated/tests/`.

use crate::runtime::{ByCursor, ByNumber, Error, ItemStream, Items, Page, ValidationError, Walk};
use futures_core::Stream;
use std::cell::{Cell, RefCell};
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// Runs a future to its end on this thread; the futures here wake no one, so it polls again.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    block_on(poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)))
}

fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    std::iter::from_fn(|| next(&mut stream)).collect()
}

/// A future that is pending once before it is ready, as a response on its way is.
struct Later<T>(Option<T>, bool);

impl<T: Unpin> Future for Later<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.0.take().expect("polled after it was ready"))
    }
}

/// A server of numbered items in pages by number, as Losant's list is: page `n` holds the
/// items from `n * per_page`, with the total count. Each request is logged; what it answers
/// can be changed between requests.
struct Numbered {
    items: Mutex<Vec<u32>>,
    per_page: usize,
    /// Whether the answer states the total.
    total: bool,
    /// The pages asked for, `None` for the call as the caller set it (the server's page 0).
    asked: Mutex<Vec<Option<i64>>>,
    /// The request (counted from 1) that fails, if any.
    fails: Option<usize>,
}

impl Numbered {
    fn new(count: u32, per_page: usize) -> Numbered {
        Numbered {
            items: Mutex::new((0..count).collect()),
            per_page,
            total: true,
            asked: Mutex::new(Vec::new()),
            fails: None,
        }
    }

    fn page(&self, at: Option<i64>) -> Result<Page<u32>, String> {
        let mut asked = self.asked.lock().unwrap();
        asked.push(at);
        if self.fails == Some(asked.len()) {
            return Err(format!("page {} failed", at.unwrap_or(0)));
        }
        let items = self.items.lock().unwrap();
        let start = (at.unwrap_or(0) as usize * self.per_page).min(items.len());
        let end = (start + self.per_page).min(items.len());
        let page = Page::new(items[start..end].to_vec());
        Ok(if self.total { page.with_total(Some(items.len() as i64)) } else { page })
    }

    fn walk(&self) -> ByNumber<i64> {
        ByNumber::new(0, Some(self.per_page))
    }

    fn stream(&self) -> impl Stream<Item = Result<u32, String>> + Unpin + '_ {
        ItemStream::new(self.walk(), move |at| Later(Some(self.page(at)), false))
    }

    fn asked(&self) -> Vec<Option<i64>> {
        self.asked.lock().unwrap().clone()
    }
}

#[test]
fn every_item_of_every_page_in_order_with_one_request_a_page() {
    let server = Numbered::new(2500, 1000);
    let items: Vec<u32> = collect(server.stream()).into_iter().map(Result::unwrap).collect();
    assert_eq!(items, (0..2500).collect::<Vec<_>>());
    assert_eq!(server.asked(), [None, Some(1), Some(2)], "the total ends it: no fourth request");
}

#[test]
fn a_page_is_fetched_only_when_the_items_before_it_are_taken() {
    let server = Numbered::new(2500, 1000);
    let mut stream = server.stream();
    for expected in 0..5 {
        assert_eq!(next(&mut stream), Some(Ok(expected)));
    }
    drop(stream);
    assert_eq!(server.asked(), [None], "one request for five items");

    let server = Numbered::new(2500, 1000);
    let mut stream = server.stream();
    for _ in 0..1000 {
        next(&mut stream).unwrap().unwrap();
    }
    assert_eq!(server.asked().len(), 1, "the first page's last item asks for no other page");
    assert_eq!(next(&mut stream), Some(Ok(1000)));
    assert_eq!(server.asked().len(), 2);
}

#[test]
fn a_total_that_shrinks_on_the_way_ends_the_items_where_it_now_is() {
    let server = Numbered::new(2500, 1000);
    let mut stream = server.stream();
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream) {
        items.push(item.unwrap());
        if items.len() == 10 {
            // A thousand integrations are deleted while the caller reads the first page.
            server.items.lock().unwrap().truncate(1500);
        }
    }
    assert_eq!(items, (0..1500).collect::<Vec<_>>());
    assert_eq!(server.asked(), [None, Some(1)], "page 1 reaches the new total: no empty page");
}

#[test]
fn an_empty_page_ends_the_items_whatever_the_total_says() {
    // The answer claims more than there are, so only the empty page tells where they end.
    let server = Numbered::new(2500, 1000);
    let stream = ItemStream::new(server.walk(), |at| {
        let page = server.page(at).map(|p| Page { total: Some(9999), ..p });
        std::future::ready(page)
    });
    assert_eq!(collect(stream).len(), 2500);
    assert_eq!(server.asked(), [None, Some(1), Some(2), Some(3)]);

    let empty = Numbered::new(0, 1000);
    assert!(collect(empty.stream()).is_empty());
    assert_eq!(empty.asked(), [None]);
}

#[test]
fn without_a_total_a_short_page_is_the_last() {
    let mut server = Numbered::new(2500, 1000);
    server.total = false;
    assert_eq!(collect(server.stream()).len(), 2500);
    assert_eq!(server.asked(), [None, Some(1), Some(2)], "page 2 has 500 of 1000: the last");

    // Without a size either, only an empty page ends them.
    let stream =
        ItemStream::new(ByNumber::new(0, None::<u64>), |at| Later(Some(server.page(at)), false));
    server.asked.lock().unwrap().clear();
    assert_eq!(collect(stream).len(), 2500);
    assert_eq!(server.asked(), [None, Some(1), Some(2), Some(3)]);
}

#[test]
fn with_a_total_a_short_page_is_not_the_last() {
    // A server that gives at most 400 items a page, whatever the page size asked for: a page
    // short of the 1000 asked does not end the items while the total says more follow.
    let server = Numbered::new(1000, 400);
    let stream =
        ItemStream::new(ByNumber::new(0i64, Some(1000)), |at| Later(Some(server.page(at)), false));
    let items: Vec<u32> = collect(stream).into_iter().map(Result::unwrap).collect();
    assert_eq!(items, (0..1000).collect::<Vec<_>>());
    assert_eq!(server.asked(), [None, Some(1), Some(2)]);
}

#[test]
fn an_error_is_an_item_after_the_items_before_it_and_then_the_items_end() {
    let mut server = Numbered::new(2500, 1000);
    server.fails = Some(2);
    let items = collect(server.stream());
    assert_eq!(items.len(), 1001);
    assert!(items[..1000].iter().all(Result::is_ok));
    assert_eq!(items[1000], Err("page 1 failed".to_string()));
    assert_eq!(server.asked(), [None, Some(1)], "nothing is asked after the error");
}

#[test]
fn a_stream_that_ended_stays_ended() {
    let mut server = Numbered::new(10, 1000);
    server.fails = Some(1);
    let mut stream = server.stream();
    assert_eq!(next(&mut stream), Some(Err("page 0 failed".to_string())));
    assert_eq!(next(&mut stream), None);
    assert_eq!(next(&mut stream), None);
    assert_eq!(server.asked().len(), 1);
}

#[test]
fn page_numbers_start_where_the_call_does_and_stop_before_overflowing() {
    let mut walk = ByNumber::new(3u8, Some(2));
    let full = Page::new(vec![1, 2]);
    assert_eq!(walk.ask(), Some(None), "the first request is the call as the caller set it");
    assert_eq!(walk.ask(), None, "nothing more while a page is on its way");
    walk.receive(&full);
    assert_eq!(walk.ask(), Some(Some(4)));
    walk.receive(&full);
    assert_eq!(walk.ask(), Some(Some(5)));

    let mut last = ByNumber::new(u8::MAX - 1, Some(2));
    last.ask();
    last.receive(&full);
    assert_eq!(last.ask(), Some(Some(u8::MAX)));
    last.receive(&full);
    assert_eq!(last.ask(), None, "there is no page after 255");
}

#[test]
fn a_walk_from_a_later_page_counts_the_items_before_it_toward_the_total() {
    let server = Numbered::new(2500, 1000);
    let walk = ByNumber::new(1, Some(1000)).numbered_from(0);
    let stream =
        ItemStream::new(walk, |at: Option<i64>| Later(Some(server.page(at.or(Some(1)))), false));
    let items: Vec<u32> = collect(stream).into_iter().map(Result::unwrap).collect();
    assert_eq!(items, (1000..2500).collect::<Vec<_>>());
    assert_eq!(server.asked(), [Some(1), Some(2)], "the total ends it: no empty third page");
}

#[test]
fn a_page_reads_its_total_and_cursor_as_a_pager_needs_them() {
    assert_eq!(Page::<u8>::new(vec![]).with_total(Some(-1i64)).total, None);
    assert_eq!(Page::<u8>::new(vec![]).with_total(Some(7i32)).total, Some(7));
    assert_eq!(Page::<u8>::new(vec![]).with_total(None::<i64>).total, None);
    assert_eq!(Page::<u8>::new(vec![]).with_next(Some(String::new())).next, None);
    assert_eq!(Page::<u8>::new(vec![]).with_next(Some("c2".into())).next.as_deref(), Some("c2"));
}

/// Pages by cursor: `cursors[i]` is what page `i` gives for the next, and page `i` holds
/// item `i` (none when `empty` says so).
fn by_cursor(cursors: &[Option<&str>], empty: Option<usize>) -> (Vec<u32>, Vec<Option<String>>) {
    let asked = RefCell::new(Vec::new());
    let fetch = |at: Option<String>| {
        let i = asked.borrow().len();
        asked.borrow_mut().push(at);
        let items = if empty == Some(i) { vec![] } else { vec![i as u32] };
        let next = cursors.get(i).copied().flatten().map(str::to_string);
        Later(Some(Ok::<_, String>(Page::new(items).with_next(next))), false)
    };
    let items = collect(ItemStream::new(ByCursor::new(None), fetch));
    (items.into_iter().map(Result::unwrap).collect(), asked.into_inner())
}

#[test]
fn cursors_are_followed_until_a_page_gives_none() {
    let (items, asked) = by_cursor(&[Some("b"), Some("c"), None], None);
    assert_eq!(items, [0, 1, 2]);
    assert_eq!(asked, [None, Some("b".into()), Some("c".into())]);

    let (items, asked) = by_cursor(&[Some("b"), Some("")], None);
    assert_eq!((items.len(), asked.len()), (2, 2), "an empty cursor is none");

    let (items, asked) = by_cursor(&[Some("b"), Some("b")], None);
    assert_eq!((items.len(), asked.len()), (2, 2), "the same cursor again would loop");

    let (items, asked) = by_cursor(&[Some("b"), Some("c"), Some("d")], Some(1));
    assert_eq!((items, asked.len()), (vec![0], 2), "an empty page ends them, cursor or not");
}

/// An item that counts how many of its kind are alive.
struct Counted(Rc<Cell<usize>>);

impl Counted {
    fn new(alive: &Rc<Cell<usize>>) -> Counted {
        alive.set(alive.get() + 1);
        Counted(alive.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

#[test]
fn at_most_one_page_of_items_is_held() {
    const PER_PAGE: usize = 100;
    let alive = Rc::new(Cell::new(0));
    let most = Cell::new(0);
    let fetch = |at: Option<i64>| {
        // Measured when a page is asked for: the page before must be gone by then.
        most.set(most.get().max(alive.get()));
        let page = at.unwrap_or(0) as usize;
        let count = if page < 10 { PER_PAGE } else { 0 };
        let items = (0..count).map(|_| Counted::new(&alive)).collect();
        std::future::ready(Ok::<_, String>(Page::new(items)))
    };
    let mut stream = ItemStream::new(ByNumber::new(0, Some(PER_PAGE)), fetch);
    let mut taken = 0;
    while let Some(item) = next(&mut stream) {
        most.set(most.get().max(alive.get()));
        drop(item);
        taken += 1;
    }
    assert_eq!(taken, 10 * PER_PAGE);
    assert_eq!(most.get(), PER_PAGE, "never more than one page alive");
}

#[test]
fn items_are_the_stream_behind_a_type_a_caller_can_name_and_send() {
    let server = Numbered::new(1500, 1000);
    let fetch = |at: Option<i64>| {
        let page = server.page(at).map_err(|e| Error::<()>::from(ValidationError::new(e)));
        async move { page }
    };
    let mut items: Items<'_, u32, ()> = Items::new(server.walk(), fetch);
    fn send<T: Send>(_: &T) {}
    send(&items);
    assert_eq!(block_on(items.next()).unwrap().unwrap(), 0);
    assert_eq!(next(&mut items).unwrap().unwrap(), 1, "and a Stream");
    let rest = std::iter::from_fn(|| block_on(items.next())).count();
    assert_eq!(rest, 1498);
    assert_eq!(server.asked(), [None, Some(1)]);
    assert_eq!(format!("{items:?}"), "Items { .. }");
}

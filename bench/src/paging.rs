//! Part 4: the memory of walking every page (issue 13). A child process (the `__paging`
//! task, so that nothing else raises its peak) lists `ITEMS` integrations from a loopback
//! server in this process, `PER_PAGE` at a time, through `list_integrations(..).items()`,
//! counting them without keeping them. It reads its peak resident set (`VmHWM`) when it is
//! ready, after a single page, and after every page: if the stream holds one decoded page at a
//! time, the last peak is the single page's, not a hundred times more.

use crate::generation::vm_hwm_kib;
use losant_integration::Client;
use std::io::Write;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How many integrations the server holds, and how many a page holds.
pub const ITEMS: usize = 100_000;
pub const PER_PAGE: usize = 1_000;

const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";

/// What the child measured.
pub struct Report {
    pub items: usize,
    pub requests: usize,
    /// The JSON of one page, as sent.
    pub page_bytes: usize,
    /// Peak resident set, KiB: with the client built, after one page, after every page.
    pub ready_kib: u64,
    pub one_page_kib: u64,
    pub all_pages_kib: u64,
    pub elapsed: Duration,
}

/// Runs the child against a server of `ITEMS` copies of `integration` (each with an ID of its
/// own), on this thread's runtime.
pub fn run(integration: &str) -> Result<Report, String> {
    let item: serde_json::Value =
        serde_json::from_str(integration).map_err(|e| format!("the example is not JSON: {e}"))?;
    let page_bytes = page(&item, 0, PER_PAGE).len();
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
        .map_err(|e| format!("cannot listen on loopback: {e}"))?;
    let base_url = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    let requests = Arc::new(AtomicUsize::new(0));
    // The server runs on a thread of its own until the process ends.
    std::thread::spawn({
        let (item, requests) = (Arc::new(item), requests.clone());
        move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            let Ok(runtime) = runtime else { return };
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else { return };
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(stream, item.clone(), requests.clone()));
                }
            });
        }
    });
    let started = Instant::now();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the benchmark: {e}"))?;
    let output = Command::new(exe)
        .args(["__paging", &base_url])
        .output()
        .map_err(|e| format!("cannot start the paging child: {e}"))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "the paging child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<u64> = text.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    let [items, ready_kib, one_page_kib, all_pages_kib] = numbers[..] else {
        return Err(format!("the paging child printed `{text}`"));
    };
    Ok(Report {
        items: items as usize,
        requests: requests.load(Ordering::SeqCst),
        page_bytes,
        ready_kib,
        one_page_kib,
        all_pages_kib,
        elapsed,
    })
}

/// The child: lists every integration from the server at `args[0]` and prints the count and
/// the three peaks.
pub fn child(args: &[String]) -> Result<(), String> {
    let base_url = args.first().ok_or("__paging needs the server's URL")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let client = Client::builder()
        .base_url(base_url)
        .token("token")
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    let application = APPLICATION_ID.parse().map_err(|e| format!("{e}"))?;
    let ready = vm_hwm_kib()?;
    let (one_page, all_pages, items) = runtime.block_on(async {
        let page = client.list_integrations(&application).per_page(PER_PAGE as i64).await;
        let page = page.map_err(|e| format!("the first page failed: {e}"))?;
        std::hint::black_box(&page);
        drop(page);
        let one_page = vm_hwm_kib()?;
        let mut items = client.list_integrations(&application).per_page(PER_PAGE as i64).items();
        let mut count = 0;
        while let Some(item) = items.next().await {
            std::hint::black_box(item.map_err(|e| format!("a page failed: {e}"))?);
            count += 1;
        }
        Ok::<_, String>((one_page, vm_hwm_kib()?, count))
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{items} {ready} {one_page} {all_pages}").map_err(|e| e.to_string())
}

/// Answers each request on a keep-alive connection with the page its query asks for.
async fn serve(mut stream: TcpStream, item: Arc<serde_json::Value>, requests: Arc<AtomicUsize>) {
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        buffer.drain(..head_end + 4);
        requests.fetch_add(1, Ordering::SeqCst);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let query = target.split_once('?').map_or("", |(_, query)| query);
        let get = |name: &str, default: usize| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
                .unwrap_or(default)
        };
        let body = page(&item, get("page", 0), get("perPage", 1000));
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(body.as_bytes()).await.is_err()
        {
            return;
        }
    }
}

/// Page `number` of `per_page` items, as Losant answers: the items and the counts.
fn page(item: &serde_json::Value, number: usize, per_page: usize) -> String {
    let from = (number * per_page).min(ITEMS);
    let to = (from + per_page).min(ITEMS);
    let mut items = Vec::with_capacity(to - from);
    for i in from..to {
        let mut item = item.clone();
        item["id"] = serde_json::Value::String(format!("{i:024x}"));
        items.push(item);
    }
    serde_json::json!({
        "items": items,
        "count": to - from,
        "totalCount": ITEMS,
        "perPage": per_page,
        "page": number,
    })
    .to_string()
}

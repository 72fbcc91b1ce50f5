//! A minimal HTTP/1.1 loopback server for the client benchmark: it reads a request head and
//! its `Content-Length` body and answers with a prepared response, over keep-alive
//! connections. It does far less per request than a client does, so that the clients, not
//! the server, are what the benchmark measures.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The full responses (status line, headers, body) the server sends, by request method.
pub struct Responses {
    pub get: Vec<u8>,
    pub patch: Vec<u8>,
    pub delete: Vec<u8>,
    pub other: Vec<u8>,
}

impl Responses {
    /// `200 OK` with the Integration example for GET and PATCH, the Success example for
    /// DELETE, and a `404` with an Error body for anything else.
    pub fn new(integration: &str, success: &str) -> Responses {
        Responses {
            get: response("200 OK", integration),
            patch: response("200 OK", integration),
            delete: response("200 OK", success),
            other: response(
                "404 Not Found",
                r#"{"type":"NotFound","message":"no such route in the benchmark server"}"#,
            ),
        }
    }
}

fn response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Request heads seen while recording is on, to check that both clients send the same
/// request.
#[derive(Default)]
pub struct Recorder {
    on: AtomicBool,
    heads: Mutex<Vec<String>>,
}

impl Recorder {
    pub fn start(&self) {
        self.heads.lock().unwrap().clear();
        self.on.store(true, Ordering::SeqCst);
    }

    pub fn stop(&self) -> Vec<String> {
        self.on.store(false, Ordering::SeqCst);
        std::mem::take(&mut *self.heads.lock().unwrap())
    }
}

/// Where the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A thread of its own with a single-threaded runtime: the server has one core, the
    /// clients the other.
    OwnThread,
    /// A task on the runtime of the caller, which must be inside one: server and clients
    /// take turns on one thread.
    CallerRuntime,
}

/// Starts serving and returns the bound address.
pub fn spawn(
    responses: Arc<Responses>,
    recorder: Arc<Recorder>,
    placement: Placement,
) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    match placement {
        Placement::OwnThread => {
            std::thread::Builder::new().name("loopback-server".into()).spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()
                    .expect("a tokio runtime for the server");
                runtime.block_on(serve(listener, responses, recorder));
            })?;
        }
        Placement::CallerRuntime => {
            tokio::spawn(serve(listener, responses, recorder));
        }
    }
    Ok(addr)
}

async fn serve(
    listener: std::net::TcpListener,
    responses: Arc<Responses>,
    recorder: Arc<Recorder>,
) {
    let listener = TcpListener::from_std(listener).expect("a tokio listener");
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            continue;
        };
        let _ = socket.set_nodelay(true);
        let responses = responses.clone();
        let recorder = recorder.clone();
        tokio::spawn(async move {
            let _ = connection(socket, &responses, &recorder).await;
        });
    }
}

async fn connection(
    mut socket: TcpStream,
    responses: &Responses,
    recorder: &Recorder,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    let (mut start, mut end) = (0, 0);
    loop {
        if let Some(head_len) = head_end(&buf[start..end]) {
            let head = &buf[start..start + head_len];
            let total = head_len + content_length(head);
            if end - start >= total {
                if recorder.on.load(Ordering::Relaxed) {
                    let text = String::from_utf8_lossy(head).into_owned();
                    recorder.heads.lock().unwrap().push(text);
                }
                let reply = match head.split(|&b| b == b' ').next() {
                    Some(b"GET") => &responses.get,
                    Some(b"PATCH") => &responses.patch,
                    Some(b"DELETE") => &responses.delete,
                    _ => &responses.other,
                };
                socket.write_all(reply).await?;
                start += total;
                if start == end {
                    (start, end) = (0, 0);
                }
                continue;
            }
        }
        if end == buf.len() {
            if start > 0 {
                buf.copy_within(start..end, 0);
                (start, end) = (0, end - start);
            } else {
                buf.resize(buf.len() * 2, 0);
            }
        }
        let n = socket.read(&mut buf[end..]).await?;
        if n == 0 {
            return Ok(());
        }
        end += n;
    }
}

/// The length of the head including its blank line, once it has fully arrived.
fn head_end(data: &[u8]) -> Option<usize> {
    data.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

fn content_length(head: &[u8]) -> usize {
    const NAME: &[u8] = b"content-length:";
    head.split(|&b| b == b'\n')
        .find(|line| line.len() > NAME.len() && line[..NAME.len()].eq_ignore_ascii_case(NAME))
        .and_then(|line| std::str::from_utf8(&line[NAME.len()..]).ok())
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_and_body_lengths() {
        let request = b"PATCH /x HTTP/1.1\r\nHost: a\r\nContent-Length: 29\r\n\r\n{\"topics\":[\"differentTopic\"]}";
        let head = head_end(request).unwrap();
        assert_eq!(&request[head..], b"{\"topics\":[\"differentTopic\"]}");
        assert_eq!(content_length(&request[..head]), 29);
        assert_eq!(content_length(b"GET / HTTP/1.1\r\nhost: a\r\n\r\n"), 0);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nhost: a\r\n"), None);
    }
}

//! A small HTTP/1.1 server on loopback that misbehaves on purpose: each request is answered
//! by a handler that picks a [`Reply`], including replies no well-behaved server sends.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    /// A complete response with a `Content-Length`.
    Full { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Headers announcing `declared` bytes, then only `body`, then the connection closes.
    CloseMidBody { declared: usize, body: Vec<u8> },
    /// Closes the connection without answering.
    Hangup,
    /// Waits, then answers.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::with_type(status, "application/json", body.as_bytes().to_vec())
    }

    pub fn with_type(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply::Full { status, headers: vec![("content-type".into(), content_type.into())], body }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// The server: alive until dropped. `requests()` counts the requests it has read.
pub struct Server {
    pub base_url: String,
    count: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server whose handler gets each request and its number (0, 1, ...).
    pub async fn start(
        handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn({
            let count = count.clone();
            async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else { return };
                    tokio::spawn(serve(stream, handler.clone(), count.clone()));
                }
            }
        });
        Server { base_url, count, task }
    }

    pub fn requests(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, count: Arc<AtomicUsize>) {
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else { return };
        let n = count.fetch_add(1, Ordering::SeqCst);
        let mut reply = handler(&request, n);
        while let Reply::Delay(wait, inner) = reply {
            tokio::time::sleep(wait).await;
            reply = *inner;
        }
        let keep_open = match reply {
            Reply::Full { status, headers, body } => {
                let mut head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n",
                    reason(status),
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                stream.write_all(&bytes).await.is_ok()
            }
            Reply::CloseMidBody { declared, body } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                false
            }
            Reply::Hangup => false,
            Reply::Delay(..) => unreachable!("delays are unwrapped above"),
        };
        if !keep_open {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the peer closes.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let (method, path) = (start.next()?.to_string(), start.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Request { method, path, headers, body })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

pub const APPLICATION_ID: &str = "575ec8687ae143cd83dc4a97";
pub const INTEGRATION_ID: &str = "575ed78e7ae143cd83dc4aab";

/// The example response of schemas.md.
pub const INTEGRATION_EXAMPLE: &str = r#"{"id":"58ec07f20c747f65243d0d76","integrationId":"58ec07f20c747f65243d0d76","applicationId":"575ec8687ae143cd83dc4a97","creationDate":"2016-06-13T04:00:00.000Z","lastUpdated":"2016-06-13T04:00:00.000Z","name":"Example Integrations","integrationType":"mqtt","enabled":true,"topics":["myTopic"],"mqttConfig":{"clientId":"exampleClientId","username":"exampleUsername","password":"examplePassword","port":8883,"protocol":"mqtts","host":"broker.example.com"},"status":{"lastKeepAlive":1491863679994,"connectInfo":{"ts":1490629589313},"disconnectInfo":{"ts":1490629587190,"error":"Keepalive Timeout"}}}"#;

//! Compiles every golden output (see `tests/golden.rs`) as a module, so golden files that
//! compare equal but do not compile cannot pass.

#[path = "golden/constraints/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod constraints;

#[path = "golden/lenient_paths/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod lenient_paths;

#[path = "golden/names/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod names;

#[path = "golden/recursive/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod recursive;

#[test]
fn golden_outputs_compile() {
    let client = names::Client::new().unwrap();
    assert_eq!(client.base_url(), "https://names.example.com/v1");
    assert!(matches!(constraints::Client::new(), Err(constraints::BuildError::MissingBaseUrl)));
}

/// The request line a generated client sends, read by a one-shot loopback server.
async fn request_line(call: impl AsyncFnOnce(String)) -> Option<String> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.ok()?;
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        let _ = reader
            .get_mut()
            .write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n")
            .await;
        Some(line.trim_end().to_string())
    });
    call(base_url).await;
    tokio::time::timeout(std::time::Duration::from_millis(500), server).await.ok()?.unwrap()
}

/// A string path parameter is one percent-encoded segment: no value changes the path.
#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let cases = [
        ("../../admin", "/v1/things/..%2F..%2Fadmin/self"),
        ("a/b?c=1#d", "/v1/things/a%2Fb%3Fc%3D1%23d/self"),
        ("%2F", "/v1/things/%252F/self"),
        ("x y+é", "/v1/things/x%20y%2B%C3%A9/self"),
    ];
    for (value, path) in cases {
        let line = request_line(async |base_url| {
            let client = names::Client::builder().base_url(base_url).build().unwrap();
            let _ = client.get_things_thing_id_self(value, None).await;
        })
        .await;
        assert_eq!(line, Some(format!("GET {path} HTTP/1.1")), "{value:?}");
    }
    for value in ["", ".", ".."] {
        let line = request_line(async |base_url| {
            let client = names::Client::builder().base_url(base_url).build().unwrap();
            match client.get_things_thing_id_self(value, None).await {
                Err(names::Error::InvalidRequest(e)) => assert_eq!(e.path(), "thing-id"),
                other => panic!("{value:?}: expected InvalidRequest, got {other:?}"),
            }
        })
        .await;
        assert_eq!(line, None, "{value:?}: nothing is sent");
    }
}

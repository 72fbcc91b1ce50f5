//! Compiles every golden output (see `tests/golden.rs`) as a module, so golden files that
//! compare equal but do not compile cannot pass.

use std::fs;
use std::path::Path;

/// A module for each golden case, holding what its `lib.rs` declares, the blocking client
/// and the mocks included: its files under `golden/<case>/src/` and, since the golden files do
/// not hold the runtime and what the mocks share, the runtime crate's sources, encoders
/// included.
macro_rules! golden_cases {
    ($($case:ident)*) => {
        mod golden {
            $(
                pub mod $case {
                    // `feature = "tracing"` is a feature of the generated crate, not of this
                    // one: here the calls compile without spans; the generated crate's tests
                    // and `cargo xtask corpus` (`--all-features`) compile them with.
                    #[allow(dead_code, unused_imports, unexpected_cfgs)]
                    pub mod src {
                        pub mod calls;
                        mod client;
                        // One runtime per case: each reads its own case's `client`.
                        #[allow(clippy::duplicate_mod)]
                        #[path = "../../../../../runtime/src/runtime.rs"]
                        mod runtime;
                        pub mod types;
                        pub mod blocking;
                        pub mod mock;
                        #[allow(clippy::duplicate_mod)]
                        #[path = "../../../../../runtime/src/mock_support.rs"]
                        mod mock_support;
                        pub use runtime::{
                            AfterResponse, BuildError, CallOptions, Client, ClientBuilder, Error,
                            Hook, HookFuture, Response, RetryPolicy, TransportError,
                            ValidationError,
                        };
                    }
                }
            )*
        }
        $(
            #[allow(unused_imports)]
            use golden::$case::src as $case;
        )*

        /// The cases compiled here, by name.
        const COMPILED: &[&str] = &[$(stringify!($case)),*];
    };
}

golden_cases! {
    constraints
    constructs
    decoding
    lenient_paths
    names
    openapi31
    pagination
    query_styles
    recursive
    security
}

#[path = "golden_compiles/security.rs"]
mod security_on_the_wire;

/// A new case in `tests/data/` is compiled too, or this says what to add.
#[test]
fn every_golden_case_is_compiled() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut missing: Vec<String> = fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|case| !COMPILED.contains(&case.as_str()))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "tests/golden_compiles.rs does not compile every golden case; add these lines to `golden_cases!` there:\n{}",
        missing.iter().map(|case| format!("    {case}\n")).collect::<String>()
    );
}

#[test]
fn golden_outputs_compile() {
    let client = names::Client::new().unwrap();
    assert_eq!(client.base_url(), "https://names.example.com/v1");
    assert!(matches!(constraints::Client::new(), Err(constraints::BuildError::MissingBaseUrl)));
    assert!(constructs::Client::new().is_ok());
    let blocking = names::blocking::Client::new().unwrap();
    assert_eq!(blocking.as_async().base_url(), "https://names.example.com/v1");
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
            let _ = client.get_things_thing_id_self(value).await;
        })
        .await;
        assert_eq!(line, Some(format!("GET {path} HTTP/1.1")), "{value:?}");
    }
    for value in ["", ".", ".."] {
        let line = request_line(async |base_url| {
            let client = names::Client::builder().base_url(base_url).build().unwrap();
            match client.get_things_thing_id_self(value).await {
                Err(names::Error::InvalidRequest(e)) => assert_eq!(e.path(), "thing-id"),
                other => panic!("{value:?}: expected InvalidRequest, got {other:?}"),
            }
        })
        .await;
        assert_eq!(line, None, "{value:?}: nothing is sent");
    }
}

/// Array and object query parameters go as their `style` and `explode` say, as in OpenAPI's
/// table of style examples.
#[tokio::test]
async fn query_parameters_follow_their_style() {
    use query_styles::types::{Rgb, Shade};
    let rgb = Rgb { r: Some(100), g: Some(200), b: Some(150), ..Default::default() };
    let packed = [("x".to_string(), "1,2".to_string()), ("y".to_string(), "3".to_string())].into();
    let line = request_line(async |base_url| {
        let client = query_styles::Client::builder().base_url(base_url).build().unwrap();
        let _ = client
            .find_colors()
            .list(&["blue".into(), "black".into()])
            .csv(&[1, 2, 3])
            .spaced(&[Shade::Light, Shade::Dark])
            .piped(&["a|b".into(), "c".into()])
            .color(&rgb)
            .flat(&rgb)
            .packed(&packed)
            .await;
    })
    .await;
    let query = [
        "list=blue&list=black",
        "csv=1,2,3",
        "spaced=light%20dark",
        "piped=a%7Cb|c",
        "color[R]=100&color[G]=200&color[B]=150",
        "R=100&G=200&B=150",
        "packed=x,1%2C2,y,3",
    ];
    assert_eq!(line, Some(format!("GET /v1/colors?{} HTTP/1.1", query.join("&"))));
    let line = request_line(async |base_url| {
        let client = query_styles::Client::builder().base_url(base_url).build().unwrap();
        let _ = client.find_colors().csv(&[]).await;
    })
    .await;
    assert_eq!(line, Some("GET /v1/colors?csv= HTTP/1.1".to_string()));
}

/// One request, read whole, answered with `status`, `content_type` and `body`.
struct Exchange {
    base_url: String,
    request: tokio::task::JoinHandle<Vec<u8>>,
}

async fn exchange(status: u16, content_type: &str, body: &str) -> Exchange {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}/api", listener.local_addr().unwrap());
    let response = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let request = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).await.unwrap();
            bytes.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&bytes);
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().to_string())
                    })
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                if bytes.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
        }
        stream.write_all(response.as_bytes()).await.unwrap();
        bytes
    });
    Exchange { base_url, request }
}

fn constructs_client(base_url: &str) -> constructs::Client {
    constructs::Client::builder().base_url(base_url).build().unwrap()
}

/// `oneOf` with a discriminator picks by tag, keeps what it does not know, and sends what it
/// received unchanged; the `default` and `5XX` responses land in their variants.
#[tokio::test]
async fn unions_and_response_variants_decode() {
    use constructs::types::{GetPetError, Pet};
    let cat = r#"{"petType":"cat","name":"Tom","lives":7,"owner":null,"whiskers":12}"#;
    let call = exchange(200, "application/json", cat).await;
    let pet = constructs_client(&call.base_url).get_pet(1, "trace").await.unwrap();
    match &pet {
        Pet::Cat(cat) => {
            assert_eq!((cat.name.as_str(), cat.lives, &cat.owner), ("Tom", Some(7), &Some(None)));
            assert_eq!(cat.extra["whiskers"], 12);
        }
        other => panic!("expected a cat, got {other:?}"),
    }
    assert_eq!(
        serde_json::to_value(&pet).unwrap(),
        serde_json::from_str::<serde_json::Value>(cat).unwrap()
    );
    let request = String::from_utf8(call.request.await.unwrap()).unwrap();
    assert!(request.starts_with("GET /api/pets/1 HTTP/1.1\r\n"), "{request}");
    assert!(request.to_ascii_lowercase().contains("x-trace: trace"), "{request}");

    let bird = r#"{"petType":"bird","name":"Tweety"}"#;
    let call = exchange(200, "application/json", bird).await;
    let pet = constructs_client(&call.base_url).get_pet(2, "t").await.unwrap();
    assert_eq!(pet, Pet::Unknown(serde_json::from_str(bird).unwrap()));

    for (status, content_type, body) in [
        // Not 503, which the client retries, and this server answers once.
        (500, "text/plain", "down for maintenance"),
        (418, "application/problem+json", r#"{"title":"teapot"}"#),
    ] {
        let call = exchange(status, content_type, body).await;
        match constructs_client(&call.base_url).get_pet(3, "t").await {
            Err(constructs::Error::Api { body: GetPetError::Status5xx(text), .. }) => {
                assert_eq!(text, "down for maintenance")
            }
            Err(constructs::Error::Api { body: GetPetError::StatusDefault(problem), .. }) => {
                assert_eq!(problem.title.as_deref(), Some("teapot"))
            }
            other => panic!("status {status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn multipart_form_text_and_binary_bodies_are_encoded() {
    use constructs::types::UploadPhotoBody;
    let call = exchange(204, "text/plain", "").await;
    let every_byte: Vec<u8> = (0..=255).collect();
    let body = UploadPhotoBody {
        caption: Some("a \"cat\"".into()),
        tags: Some(vec!["x".into(), "y".into()]),
        file: every_byte.clone(),
        meta: None,
        extra: Default::default(),
    };
    constructs_client(&call.base_url).upload_photo(7, &body).await.unwrap();
    let request = call.request.await.unwrap();
    let head_end = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8(request[..head_end].to_vec()).unwrap();
    let boundary = head.split("boundary=").nth(1).unwrap().split("\r\n").next().unwrap();
    // The parts, as a multipart parser splits them: between delimiter lines, head and content
    // apart at the first blank line.
    let delimiter = format!("\r\n--{boundary}");
    let mut body = b"\r\n".to_vec();
    body.extend_from_slice(&request[head_end..]);
    let mut parts = Vec::new();
    let mut rest = &body[..];
    while let Some(at) = rest.windows(delimiter.len()).position(|w| w == delimiter.as_bytes()) {
        parts.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    assert_eq!(rest, b"--\r\n", "the body ends with the closing delimiter");
    let parts: Vec<(String, &[u8])> = parts[1..]
        .iter()
        .map(|part| {
            let split = part.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            (String::from_utf8(part[2..split].to_vec()).unwrap(), &part[split + 4..])
        })
        .collect();
    let disposition = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
    assert_eq!(
        parts,
        [
            (disposition("caption"), &b"a \"cat\""[..]),
            (disposition("tags"), b"x"),
            (disposition("tags"), b"y"),
            (
                format!("{}; filename=\"file\"\r\nContent-Type: image/png", disposition("file")),
                &every_byte[..]
            ),
        ]
    );

    let call = exchange(200, "application/json", r#"{"a":1}"#).await;
    let login = constructs::types::LoginBody {
        user: Some("a b&c".into()),
        remember: Some(true),
        scopes: Some(vec!["r".into(), "w".into()]),
        extra: Default::default(),
    };
    let tokens = constructs_client(&call.base_url).login().body(&login).await.unwrap();
    assert_eq!(tokens["a"], 1u32);
    let text = String::from_utf8(call.request.await.unwrap()).unwrap();
    assert!(text.contains("content-type: application/x-www-form-urlencoded"), "{text}");
    assert!(text.ends_with("\r\n\r\nuser=a+b%26c&remember=true&scopes=r&scopes=w"), "{text}");

    // JSON is preferred; the body's other media type is reachable with `*_with_content`.
    let call = exchange(200, "application/json", "").await;
    let owner = constructs::types::Owner::new("n".into(), "e".into());
    constructs_client(&call.base_url).put_blob(&owner).await.unwrap();
    let text = String::from_utf8(call.request.await.unwrap()).unwrap();
    assert!(
        text.contains("content-type: application/json")
            && text.ends_with(r#"{"name":"n","email":"e"}"#)
    );

    let call = exchange(200, "application/json", "").await;
    constructs_client(&call.base_url)
        .put_blob_with_content("application/octet-stream", vec![1, 2, 3])
        .await
        .unwrap();
    let request = call.request.await.unwrap();
    assert!(String::from_utf8_lossy(&request).contains("content-type: application/octet-stream"));
    assert!(request.ends_with(&[1, 2, 3]));

    let call = exchange(200, "application/json", r#"{"title":"ok"}"#).await;
    let problem =
        constructs_client(&call.base_url).put_notes(9, "plain text, not JSON").await.unwrap();
    assert_eq!(problem.title.as_deref(), Some("ok"));
    let text = String::from_utf8(call.request.await.unwrap()).unwrap();
    assert!(
        text.contains("content-type: text/plain") && text.ends_with("\r\n\r\nplain text, not JSON"),
        "{text}"
    );
}

/// `allOf` members merge: the `Named` base, the `{required: [email]}` member and the object.
#[test]
fn all_of_merges_members() {
    let owner = constructs::types::Owner::new("Ann".into(), "ann@example.com".into());
    assert!(owner.validate().is_ok());
    let nameless = constructs::types::Owner::new(String::new(), "e".into());
    assert_eq!(nameless.validate().unwrap_err().path(), "name");
}

/// Every kind of constraint is checked, with the path of the value and the rule broken; an
/// alias with constraints is checked where it is used.
#[test]
fn constraints_are_checked_with_their_paths() {
    use constraints::types::{Box as Crate, BoxId, Percent};
    let valid = || {
        Crate::new(
            BoxId::new("575ec8687ae143cd83dc4a97").unwrap(),
            1.5,
            Percent::new(10).unwrap(),
            None,
        )
    };
    assert!(valid().validate().is_ok());
    assert_eq!(
        BoxId::new("575ec8687ae143cd83dc4a9٣").unwrap_err().rule(),
        r"must match the pattern `^[A-Fa-f\d]{24}$`"
    );
    assert!(Percent::new(101).is_err());
    type Edit = Box<dyn Fn(&mut Crate)>;
    let cases: Vec<(Edit, &str, &str)> = vec![
        (Box::new(|b| b.weight = 0.0), "weight", "must be more than 0 (exclusiveMinimum), is 0"),
        (
            Box::new(|b| b.weight = f64::NAN),
            "weight",
            "must be more than 0 (exclusiveMinimum), is NaN",
        ),
        (Box::new(|b| b.small = Some(6)), "small", "must be at most 5 (maximum), is 6"),
        (Box::new(|b| b.big = Some(10)), "big", "must be less than 10 (exclusiveMaximum), is 10"),
        (
            Box::new(|b| b.note = Some(Some("x".repeat(11)))),
            "note",
            "must be at most 10 characters long (maxLength), is 11",
        ),
        (
            Box::new(|b| b.grid = Some(vec![])),
            "grid",
            "must have at least 1 items (minItems), has 0",
        ),
        (
            Box::new(|b| b.grid = Some(vec![vec![0.5, 2.0]])),
            "grid[0][1]",
            "must be at most 1 (maximum), is 2",
        ),
        (
            Box::new(|b| b.labels = Some([("k".to_string(), "x".to_string())].into())),
            "labels.k",
            "must be at least 2 characters long (minLength), is 1",
        ),
        (
            Box::new(|b| b.tags = Some(vec!["a".into(), "b".into(), "c".into()])),
            "tags",
            "must have at most 2 items (maxItems), has 3",
        ),
        (
            Box::new(|b| b.tags = Some(vec!["long".into()])),
            "tags[0]",
            "must be at most 3 characters long (maxLength), is 4",
        ),
    ];
    for (edit, path, rule) in cases {
        let mut value = valid();
        edit(&mut value);
        let error = value.validate().unwrap_err();
        assert_eq!((error.path(), error.rule()), (path, rule));
    }
}

/// `multipleOf` (integers exactly, numbers allowing for rounding), `uniqueItems` (items
/// compared as JSON values), and `minProperties`/`maxProperties` of a map and of a struct (the
/// properties it sends: named ones that are set, `null` included, and those in `extra`).
#[test]
fn multiples_repeats_and_property_counts_are_checked() {
    use constraints::types::{Box as Crate, BoxId, Dimensions, Percent};
    use serde_json::json;
    let valid = || {
        let mut value = Crate::new(
            BoxId::new("575ec8687ae143cd83dc4a97").unwrap(),
            1.5,
            Percent::new(10).unwrap(),
            None,
        );
        value.step = Some(-15);
        value.fraction = Some(0.3);
        value.codes = Some(vec![json!(1), json!("1"), json!([1]), json!({"a": 1, "b": 2})]);
        value.meta = Some([("k".to_string(), "v".to_string())].into());
        value.dimensions = Some(Dimensions { height: Some(None), ..Default::default() });
        value
    };
    assert_eq!(valid().validate().map_err(|e| e.to_string()), Ok(()));
    let map = |n: usize| (0..n).map(|i| (i.to_string(), "v".to_string())).collect();
    let mut crowded = Dimensions { width: Some(1), height: Some(Some(2)), ..Default::default() };
    crowded.extra.insert("depth".into(), json!(3));
    type Edit = Box<dyn Fn(&mut Crate)>;
    let cases: Vec<(Edit, &str, &str)> = vec![
        (Box::new(|b| b.step = Some(7)), "step", "must be a multiple of 5 (multipleOf), is 7"),
        (
            Box::new(|b| b.fraction = Some(0.35)),
            "fraction",
            "must be a multiple of 0.1 (multipleOf), is 0.35",
        ),
        (
            Box::new(|b| b.codes = Some(vec![json!(1), json!({"a": 1}), json!(1.0)])),
            "codes",
            "must not repeat an item (uniqueItems): items 0 and 2 are equal",
        ),
        (
            Box::new(|b| b.codes = Some(vec![json!({"a": 1, "b": 2}), json!({"b": 2, "a": 1})])),
            "codes",
            "must not repeat an item (uniqueItems): items 0 and 1 are equal",
        ),
        (
            Box::new(move |b| b.meta = Some(map(0))),
            "meta",
            "must have at least 1 properties (minProperties), has 0",
        ),
        (
            Box::new(move |b| b.meta = Some(map(3))),
            "meta",
            "must have at most 2 properties (maxProperties), has 3",
        ),
        (
            Box::new(|b| b.dimensions = Some(Dimensions::default())),
            "dimensions",
            "must have at least 1 properties (minProperties), has 0",
        ),
        (
            Box::new(move |b| b.dimensions = Some(crowded.clone())),
            "dimensions",
            "must have at most 2 properties (maxProperties), has 3",
        ),
    ];
    for (edit, path, rule) in cases {
        let mut value = valid();
        edit(&mut value);
        let error = value.validate().unwrap_err();
        assert_eq!((error.path(), error.rule()), (path, rule));
    }
}

/// An integer enum is a Rust enum that is sent and received as the number; a value it does not
/// list is kept in its catch-all, and a union prefers a member that types the value fully.
#[test]
fn integer_enums_are_typed_and_keep_unlisted_values() {
    use constraints::types::{BlockSize, Capacity};
    use serde_json::json;
    assert_eq!(round_trip::<BlockSize>(json!(2048)), (BlockSize::V2048, json!(2048)));
    assert_eq!(round_trip::<BlockSize>(json!(-1)), (BlockSize::Minus1, json!(-1)));
    assert_eq!(round_trip::<BlockSize>(json!(1000)), (BlockSize::Unknown(1000), json!(1000)));
    assert!(serde_json::from_value::<BlockSize>(json!("512")).is_err());
    assert_eq!((BlockSize::from(512), BlockSize::V4096.value()), (BlockSize::V512, 4096));
    assert_eq!(BlockSize::V512.to_string(), "512");
    assert_eq!(
        round_trip::<Capacity>(json!(512)),
        (Capacity::BlockSize(BlockSize::V512), json!(512))
    );
    assert_eq!(round_trip::<Capacity>(json!(1000)), (Capacity::Integer(1000), json!(1000)));
}

/// Patterns have ECMA-262's meaning: look-behind and look-ahead, `\d` and `\w` ASCII only,
/// Unicode property classes, and a pattern only the grammar without the `u` flag accepts.
#[test]
fn patterns_have_the_meaning_ecma_262_gives_them() {
    use constraints::types::{Hostname, Legacy, Name, Slug};
    for valid in ["a", "web-2", "a1", "a--b"] {
        assert!(Hostname::new(valid).is_ok(), "{valid}");
    }
    for invalid in ["a-", "-a", "", "a١", "A", "a-\n"] {
        assert!(Hostname::new(invalid).is_err(), "{invalid:?}");
    }
    assert_eq!(
        Hostname::new("a-").unwrap_err().rule(),
        r"must match the pattern `^[a-z\d]([a-z\d-]*)(?<!-)$`"
    );
    for valid in ["a-b", "a_b", "x", "0"] {
        assert!(Slug::new(valid).is_ok(), "{valid}");
    }
    for invalid in ["-a", "_a", "é", "ab c", &"a".repeat(21)] {
        assert!(Slug::new(invalid).is_err(), "{invalid}");
    }
    for valid in ["Élodie", "Ab", "Σοφία"] {
        assert!(Name::new(valid).is_ok(), "{valid}");
    }
    for invalid in ["élodie", "A", "Ab1", "AB"] {
        assert!(Name::new(invalid).is_err(), "{invalid}");
    }
    assert!(Legacy::new("a_b-1").is_ok());
    for invalid in ["a_b-١", "a-b-1", "a_b\\-1"] {
        assert!(Legacy::new(invalid).is_err(), "{invalid}");
    }
}

/// A pattern compiled to runs of characters accepts and refuses what the regex would.
#[test]
fn compiled_patterns_match_like_the_regex() {
    use constraints::types::Version;
    for valid in ["v1.", "v12.x", "v1.xyz", "v123.abc", "v9.x"] {
        assert!(Version::new(valid).is_ok(), "{valid}");
    }
    for invalid in ["v1234.", "v.x", "V1.", "v1.X", "v1", "v1.x-", "v١.x", ""] {
        assert!(Version::new(invalid).is_err(), "{invalid}");
    }
}

/// OpenAPI 3.0's nullable reference, `allOf: [{$ref}, {nullable: true}]`: `null` is kept apart
/// from absence, both ways.
#[test]
fn nullable_reference_of_openapi30_keeps_null_apart_from_absence() {
    use constructs::types::Dog;
    let dog = |json: &str| serde_json::from_str::<Dog>(json).unwrap();
    assert_eq!(dog(r#"{"name":"Rex","petType":"dog","breeder":null}"#).breeder, Some(None));
    assert_eq!(dog(r#"{"name":"Rex","petType":"dog"}"#).breeder, None);
    let owned = dog(r#"{"name":"Rex","petType":"dog","breeder":{"name":"Ann","email":"a@b"}}"#);
    assert_eq!(owned.breeder.flatten().map(|o| o.email), Some("a@b".to_string()));
    let mut sent = Dog::new("Rex".into(), "dog".into());
    sent.breeder = Some(None);
    assert_eq!(
        serde_json::to_value(&sent).unwrap(),
        serde_json::json!({"name": "Rex", "petType": "dog", "breeder": null})
    );
}

/// A pet as OpenAPI 3.1 writes it (tests/data/openapi31.yaml), with every property.
fn pet_json() -> serde_json::Value {
    serde_json::json!({
        "id": 7, "kind": "pet", "name": "Rex", "nickname": null, "owner": null, "vet": null,
        "tag": "cute", "mood": "grumpy", "weight": 12.5, "photo": "aGk=", "chip": "A-1",
        "size": 2, "extra": {"any": ["thing"]}, "adopted": true, "color": null, "legacy": null,
    })
}

/// 3.1's ways to allow `null` (`type: [X, "null"]`, `anyOf`/`oneOf` with `{type: "null"}`,
/// `nullable` left from 3.0) keep `null` apart from absence, on decoding and encoding.
#[test]
fn openapi31_null_is_not_absence() {
    use openapi31::types::{Person, Pet, PetColor};
    let pet: Pet = serde_json::from_value(pet_json()).unwrap();
    assert_eq!(
        (&pet.nickname, &pet.owner, &pet.vet, &pet.color, &pet.legacy),
        (&Some(None), &None, &Some(None), &Some(None), &Some(None))
    );
    assert_eq!(serde_json::to_value(&pet).unwrap(), pet_json());
    let mut sparse = pet_json();
    for key in ["nickname", "vet", "color", "legacy"] {
        sparse.as_object_mut().unwrap().remove(key);
    }
    let pet: Pet = serde_json::from_value(sparse.clone()).unwrap();
    assert_eq!((&pet.nickname, &pet.vet, &pet.color, &pet.legacy), (&None, &None, &None, &None));
    assert_eq!(serde_json::to_value(&pet).unwrap(), sparse);
    sparse["owner"] = serde_json::json!({"name": "Ann"});
    sparse["vet"] = serde_json::json!({"name": "Dr. Who"});
    sparse["color"] = serde_json::json!("white");
    let pet: Pet = serde_json::from_value(sparse).unwrap();
    assert_eq!(pet.owner.map(|o| o.name), Some("Ann".to_string()));
    assert_eq!(pet.vet.flatten().map(|v: Person| v.name), Some("Dr. Who".to_string()));
    assert_eq!(pet.color, Some(Some(PetColor::White)));
}

/// `const` is a one-value enum (the referenced type where it narrows a `$ref`); several types
/// in `type` are a union of those types; all of JSON's types are any JSON value.
#[test]
fn openapi31_const_and_several_types_decode_typed() {
    use openapi31::types::{Pet, PetChip, PetKind, PetSize, PetSizeVariant1, PetSizeVariant2, Tag};
    let pet: Pet = serde_json::from_value(pet_json()).unwrap();
    assert_eq!((pet.kind, pet.mood, pet.adopted), (PetKind::Pet, Some(Tag::Grumpy), Some(true)));
    assert_eq!(pet.chip, Some(Some(PetChip::String("A-1".into()))));
    assert_eq!(pet.size, Some(PetSize::PetSizeVariant1(PetSizeVariant1::V2)));
    assert_eq!(pet.extra, Some(Some(serde_json::json!({"any": ["thing"]}))));
    let decode = |key: &str, value: serde_json::Value| {
        let mut json = pet_json();
        json[key] = value;
        serde_json::from_value::<Pet>(json).unwrap()
    };
    assert_eq!(decode("chip", 12345.into()).chip, Some(Some(PetChip::Integer(12345))));
    assert_eq!(
        decode("size", "large".into()).size,
        Some(PetSize::PetSizeVariant2(PetSizeVariant2::Large))
    );
    assert_eq!(decode("extra", 1.5.into()).extra, Some(Some(1.5.into())));
    assert_eq!(decode("kind", "cat".into()).kind, PetKind::Unknown("cat".into()));
    // Each member keeps its own keywords: `minLength` for the string, `minimum` for the integer.
    let mut pet = decode("chip", "AB".into());
    assert_eq!(pet.validate().unwrap_err().path(), "chip");
    pet.chip = Some(Some(PetChip::Integer(999)));
    assert_eq!(pet.validate().unwrap_err().path(), "chip");
    pet.chip = Some(Some(PetChip::Integer(1000)));
    assert!(pet.validate().is_ok());
}

/// A `$ref` with properties beside it extends the referenced schema; numeric exclusive
/// bounds are checked exclusively.
#[test]
fn openapi31_reference_with_siblings_and_exclusive_bounds() {
    use openapi31::types::Rescue;
    let mut json = pet_json();
    json["foundAt"] = "the park".into();
    let rescue: Rescue = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((rescue.name.as_str(), rescue.found_at.as_str()), ("Rex", "the park"));
    json.as_object_mut().unwrap().remove("foundAt");
    assert!(serde_json::from_value::<Rescue>(json).is_err(), "foundAt is required");
    let mut pet: openapi31::types::Pet = serde_json::from_value(pet_json()).unwrap();
    pet.weight = Some(0.0);
    assert_eq!(pet.validate().unwrap_err().rule(), "must be more than 0 (exclusiveMinimum), is 0");
}

/// Decodes `json` into `T` and encodes it back: what came back, and its `Debug` text.
fn round_trip<T>(json: serde_json::Value) -> (T, serde_json::Value)
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_value(json).unwrap();
    let back = serde_json::to_value(&value).unwrap();
    (value, back)
}

/// Issue 11, classes 1 and 2: a union takes the member that types the value, not the first
/// that accepts it through a catch-all.
#[test]
fn unions_take_the_member_that_fits_best() {
    use decoding::types::{Mode, ModeVariant2Type, ShardKey, ShardKeySelector};
    let (mode, back) = round_trip::<Mode>(serde_json::json!({"type": "none"}));
    let Mode::ModeVariant2(none) = mode else { panic!("{mode:?}") };
    assert_eq!((none.r#type, back), (ModeVariant2Type::None, serde_json::json!({"type": "none"})));
    let (keys, _) = round_trip::<ShardKeySelector>(serde_json::json!(["a", 1]));
    assert_eq!(
        keys,
        ShardKeySelector::Array(vec![ShardKey::String("a".into()), ShardKey::Integer(1)])
    );
    let (key, _) = round_trip::<ShardKeySelector>(serde_json::json!(7));
    assert_eq!(key, ShardKeySelector::ShardKey(ShardKey::Integer(7)));
    let (other, _) = round_trip::<ShardKeySelector>(serde_json::json!(true));
    assert_eq!(other, ShardKeySelector::Unknown(serde_json::json!(true)));
}

/// Class 3: a type only ever sent decodes as strictly as a received one, and keeps what it
/// does not name.
#[test]
fn request_only_types_decode_objects_only_and_keep_every_property() {
    use decoding::types::{Condition, Filter};
    let sent = serde_json::json!({"must": [{"should": "x", "more": 1}, {"sum": [1.5]}], "x": [2]});
    let (filter, back) = round_trip::<Filter>(sent.clone());
    assert_eq!(back, sent);
    let must = filter.must.unwrap();
    assert!(matches!(&must[1], Condition::ConditionVariant2(v) if v.sum == Some(vec![1.5])));
    assert!(serde_json::from_value::<Filter>(serde_json::json!([[]])).is_err());
}

/// Classes 4, 5 and 7, and `format: binary` in JSON: null items, null map values, null apart
/// from absent, a required property the schema does not describe, binary as text.
#[test]
fn nulls_undeclared_properties_and_binary_round_trip() {
    use decoding::types::Found;
    let full = serde_json::json!({
        "count": 1,
        "scores": [null, {"value": 925.3145917318761}],
        "labels": {"k": null, "l": "v"},
        "maybe": [null],
        "index": null,
        "anything": null,
        "image": "\u{0}\u{ff}",
        "undeclared": {"kept": true},
    });
    let (found, back) = round_trip::<Found>(full.clone());
    assert_eq!(back, full);
    assert_eq!((found.index, found.anything), (Some(None), Some(serde_json::Value::Null)));
    assert_eq!(found.undeclared, serde_json::json!({"kept": true}));
    let (found, back) = round_trip::<Found>(serde_json::json!({"count": 1, "undeclared": 2}));
    assert_eq!((found.index, found.anything), (None, None));
    assert_eq!(back, serde_json::json!({"count": 1, "undeclared": 2}));
}

/// Class 8: a discriminator without mapping whose members' own enums name the tags.
#[test]
fn a_discriminator_falls_back_to_the_members_own_enums() {
    use decoding::types::{Event, EventCreatedKind};
    let (event, _) = round_trip::<Event>(serde_json::json!({"kind": "created", "by": "ann"}));
    let Event::EventCreated(created) = event else { panic!("{event:?}") };
    assert_eq!((created.kind, created.by.as_deref()), (EventCreatedKind::Created, Some("ann")));
    let (event, _) = round_trip::<Event>(serde_json::json!({"kind": "deleted"}));
    assert!(matches!(event, Event::EventDeleted(_)), "{event:?}");
}

//! What the runtime does on its own, without a server: encodings, checks, decoding helpers,
//! the retry arithmetic and the pagers (`pages`). What it does over the network is tested
//! through the generated client (`generated/tests/`) and the golden cases
//! (`generator/tests/golden_compiles.rs`).

use crate::runtime::{
    self, ByteSet, CallOptions, CharRun, Client, ClientBuilder, FormBody, Multipart, QueryStyle,
    RetryPolicy, ValidationError, check_finite, check_items, check_length, check_maximum,
    check_minimum, check_multiple_of, check_multiple_of_float, check_no_extra, check_pattern,
    check_properties, check_unique_items, matches_runs, param_text, push_query, push_segment,
    push_styled_query,
};
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod pages;

/// The rule a check broke, or `None` when it passed.
fn rule(result: Result<(), ValidationError>) -> Option<String> {
    result.err().map(|e| e.to_string())
}

#[test]
fn a_path_segment_is_percent_encoded_whole() {
    let cases = [
        ("plain-._~09AZaz", "plain-._~09AZaz"),
        ("../../admin", "..%2F..%2Fadmin"),
        ("a/b?c=1#d", "a%2Fb%3Fc%3D1%23d"),
        ("%2F", "%252F"),
        ("x y+é", "x%20y%2B%C3%A9"),
        ("é-a€", "%C3%A9-a%E2%82%AC"),
        ("...", "..."),
    ];
    for (value, encoded) in cases {
        let mut url = "http://h/v1/things/".to_string();
        push_segment(&mut url, "id", &value).unwrap();
        assert_eq!(url, format!("http://h/v1/things/{encoded}"), "{value:?}");
    }
    let mut url = "/n/".to_string();
    push_segment(&mut url, "n", &-12).unwrap();
    assert_eq!(url, "/n/-12");
}

#[test]
fn a_path_segment_that_would_change_the_path_is_refused() {
    for value in ["", ".", ".."] {
        let error = push_segment(&mut String::new(), "thing-id", &value).unwrap_err();
        assert_eq!(
            (error.path(), error.rule()),
            ("thing-id", "must not be empty, `.` or `..` (it would change the request path)"),
            "{value:?}"
        );
    }
}

#[test]
fn query_pairs_are_percent_encoded_and_joined() {
    let mut url = "http://h/p".to_string();
    push_query(&mut url, "a b", &"c&d=e");
    push_query(&mut url, "tag", &"é/?");
    push_query(&mut url, "n", &5);
    push_query(&mut url, "t", &"1+1 ~*");
    assert_eq!(url, "http://h/p?a+b=c%26d%3De&tag=%C3%A9%2F%3F&n=5&t=1%2B1+%7E*");
}

#[test]
fn a_parameter_without_display_is_written_as_its_json_text() {
    let cases = [
        (json!("a b"), "a b"),
        (json!(5), "5"),
        (json!(-1.5), "-1.5"),
        (json!(true), "true"),
        (json!(null), ""),
        (json!(["x", 1, [2, 3], null]), "x,1,2,3,"),
        (json!({"k": [1]}), r#"{"k":[1]}"#),
    ];
    for (value, text) in cases {
        assert_eq!(param_text(&value).unwrap(), text, "{value}");
    }
    let unwritable = std::collections::BTreeMap::from([((1, 2), 3)]);
    let error = param_text(&unwritable).unwrap_err();
    assert!(error.rule().starts_with("cannot be written as a parameter: "), "{error}");
}

#[test]
fn a_header_value_with_a_newline_is_refused() {
    assert_eq!(runtime::header_value("X-Trace", &"a b").unwrap(), "a b");
    let error = runtime::header_value("X-Trace", &"a\r\nSet-Cookie: x").unwrap_err();
    assert_eq!((error.path(), error.rule()), ("X-Trace", "cannot be sent in an HTTP header"));
}

#[test]
fn retry_after_is_seconds_or_a_date() {
    let after = |value: &'static str| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, value.parse().unwrap());
        runtime::retry_after(&headers)
    };
    assert_eq!(after("120"), Some(Duration::from_secs(120)));
    assert_eq!(after(" 0 "), Some(Duration::ZERO));
    assert_eq!(after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO), "a past date");
    let far = after("Fri, 31 Dec 9999 23:59:59 GMT").unwrap();
    let until_9999 = UNIX_EPOCH + Duration::from_secs(253_402_300_799);
    let expected = until_9999.duration_since(SystemTime::now()).unwrap();
    assert!(expected.abs_diff(far) < Duration::from_secs(60), "{far:?}");
    assert_eq!(after("-1"), None);
    assert_eq!(after("soon"), None);
    assert_eq!(runtime::retry_after(&reqwest::header::HeaderMap::new()), None);
}

#[test]
fn the_longest_wait_doubles_up_to_the_maximum() {
    let policy = RetryPolicy::new(5)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(1));
    let waits: Vec<Duration> =
        [1, 2, 3, 4, 5, 33, u32::MAX].into_iter().map(|n| policy.backoff(n)).collect();
    let ms = Duration::from_millis;
    assert_eq!(waits, [ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000)]);
    let default = RetryPolicy::default();
    assert_eq!((default.backoff(1), default.backoff(9)), (ms(200), ms(10_000)));
}

#[test]
fn jitter_stays_within_half_and_all_of_the_longest_wait_over_many_draws() {
    let policy = RetryPolicy::new(5)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(1));
    for retry in [1, 2, 3, 4, 9] {
        let ceiling = policy.backoff(retry);
        let draws: Vec<Duration> =
            (0..10_000).map(|_| policy.delay(retry, None).unwrap()).collect();
        let (min, max) = (draws.iter().min().unwrap(), draws.iter().max().unwrap());
        assert!(*min >= ceiling / 2 && *max <= ceiling, "retry {retry}: {min:?}..{max:?}");
        // Spread over the whole range, not stuck at one end: each tenth of it is drawn.
        let mut tenths = [0u32; 10];
        for draw in &draws {
            let part = (*draw - ceiling / 2).as_secs_f64() / (ceiling / 2).as_secs_f64();
            tenths[((part * 10.0) as usize).min(9)] += 1;
        }
        assert!(tenths.iter().all(|&n| n > 700), "retry {retry}: {tenths:?}");
    }
}

#[test]
fn retry_after_sets_the_wait_up_to_the_longest() {
    let policy = RetryPolicy::new(5).max_backoff(Duration::from_secs(1));
    let ms = |n| Some(Duration::from_millis(n));
    assert_eq!(policy.delay(1, ms(1000)), ms(1000), "as long as the longest wait");
    assert_eq!(policy.delay(1, ms(1001)), None, "longer: no more attempts");
    assert_eq!(policy.delay(3, Some(Duration::ZERO)), Some(Duration::ZERO), "no jitter");
}

#[test]
fn only_idempotent_methods_are_retried_unless_the_policy_says_any() {
    use reqwest::Method;
    let policy = RetryPolicy::default();
    let idempotent = [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS];
    for method in idempotent {
        assert_eq!(policy.attempts_for(&method), 3, "{method}");
    }
    for method in [Method::POST, Method::PATCH] {
        assert_eq!(policy.attempts_for(&method), 1, "{method}");
        assert_eq!(policy.any_method().attempts_for(&method), 3, "{method}");
    }
    assert_eq!(RetryPolicy::none().attempts_for(&Method::GET), 1);
    assert_eq!(RetryPolicy::new(0).attempts_for(&Method::GET), 1, "at least one attempt");
}

#[test]
fn a_client_has_timeouts_and_retries_by_default() {
    let client = Client::builder().base_url("http://127.0.0.1:1").build().unwrap();
    let text = format!("{client:?}");
    let expected = format!(
        "timeouts: Some(({:?}, {:?})), retry: {:?}",
        ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        ClientBuilder::DEFAULT_TIMEOUT,
        RetryPolicy::default()
    );
    assert!(text.contains(&expected), "{text}");
    assert_eq!(
        (ClientBuilder::DEFAULT_CONNECT_TIMEOUT, ClientBuilder::DEFAULT_TIMEOUT),
        (Duration::from_secs(10), Duration::from_secs(60))
    );
    let own = Client::builder()
        .base_url("http://127.0.0.1:1")
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    assert!(format!("{own:?}").contains("timeouts: None"), "a given client keeps its own");
}

/// A run of the ASCII characters in `chars`.
fn ascii_run(chars: &str, min: u32, max: u32) -> CharRun {
    let ascii = ByteSet::ascii(chars.bytes().fold(0u128, |set, b| set | 1 << b));
    CharRun { ascii, ranges: &[], min, max }
}

#[test]
fn runs_of_characters_match_whole_values() {
    let hex = "0123456789abcdefABCDEF";
    let id = [ascii_run(hex, 24, 24)];
    let greek = [CharRun { ranges: &[('α', 'ω')], ..ascii_run("ab", 1, 3) }];
    let version = [
        ascii_run("v", 1, 1),
        ascii_run("0123456789", 1, 3),
        ascii_run(".", 1, 1),
        ascii_run("abcdefghijklmnopqrstuvwxyz", 0, 3),
    ];
    // The first run can end at several places; only one of them lets the second match.
    let split = [ascii_run("ab", 1, 3), ascii_run("b", 2, 2)];
    let optional = [ascii_run("a", 0, 2)];
    let cases: [(&[CharRun], &str, bool); 29] = [
        (&id, "575ec8687ae143cd83dc4a97", true),
        (&id, "575EC8687AE143CD83DC4A97", true),
        (&id, "575ec8687ae143cd83dc4a9", false),
        (&id, "575ec8687ae143cd83dc4a977", false),
        (&id, "575ec8687ae143cd83dc4a9g", false),
        (&id, "575ec8687ae143cd83dc4a9٣", false),
        (&greek, "aβ", true),
        (&greek, "ωωω", true),
        (&greek, "", false),
        (&greek, "abab", false),
        (&greek, "aЖ", false),
        (&greek, "aA", false),
        (&version, "v1.", true),
        (&version, "v123.abc", true),
        (&version, "v1234.", false),
        (&version, "v.x", false),
        (&version, "v1.abcd", false),
        (&version, "v1.X", false),
        (&version, "v1", false),
        (&version, "v١.x", false),
        (&split, "abb", true),
        (&split, "abbb", true),
        (&split, "aabbb", true),
        (&split, "aaab", false),
        (&split, "ab", false),
        (&split, "bbbbb", true),
        (&optional, "", true),
        (&optional, "aa", true),
        (&optional, "aaa", false),
    ];
    for (runs, value, expected) in cases {
        assert_eq!(matches_runs(value, runs), expected, "{value:?}");
    }
}

#[test]
fn validation_errors_name_the_path_of_the_value() {
    let rule = || ValidationError::new("r");
    let cases = [
        (rule(), "", "r"),
        (rule().within("port"), "port", "port: r"),
        (rule().within("port").within("mqttConfig"), "mqttConfig.port", "mqttConfig.port: r"),
        (rule().at_index(0), "[0]", "[0]: r"),
        (rule().at_index(0).within("topics"), "topics[0]", "topics[0]: r"),
        (rule().at_index(1).at_index(0).within("grid"), "grid[0][1]", "grid[0][1]: r"),
        (rule().within("k").within("labels"), "labels.k", "labels.k: r"),
        (rule().within("name").at_index(2).within("items"), "items[2].name", "items[2].name: r"),
    ];
    for (error, path, shown) in cases {
        assert_eq!((error.path(), error.rule(), error.to_string().as_str()), (path, "r", shown));
    }
}

#[test]
fn checks_pass_or_name_the_rule_broken() {
    let cases = [
        (check_length("ab", 2..), None),
        (check_length("é", 2..), Some("must be at least 2 characters long (minLength), is 1")),
        (check_length("éé", 2..), None),
        (check_length("éé", ..=2), None),
        (check_length("abc", ..=2), Some("must be at most 2 characters long (maxLength), is 3")),
        (check_length("a", 2..=3), Some("must be at least 2 characters long (minLength), is 1")),
        (check_length("abcd", 2..=3), Some("must be at most 3 characters long (maxLength), is 4")),
        (check_pattern(true, "^a$"), None),
        (check_pattern(false, "^a$"), Some("must match the pattern `^a$`")),
        (check_minimum(0, 0, false), None),
        (check_minimum(-1, 0, false), Some("must be at least 0 (minimum), is -1")),
        (check_minimum(0, 0, true), Some("must be more than 0 (exclusiveMinimum), is 0")),
        (check_minimum(0.5, 0.0, true), None),
        (check_minimum(f64::NAN, 0.0, false), Some("must be at least 0 (minimum), is NaN")),
        (check_maximum(5, 5, false), None),
        (check_maximum(6, 5, false), Some("must be at most 5 (maximum), is 6")),
        (check_maximum(10, 10, true), Some("must be less than 10 (exclusiveMaximum), is 10")),
        (
            check_maximum(f64::NAN, 1.0, true),
            Some("must be less than 1 (exclusiveMaximum), is NaN"),
        ),
        (check_finite(1e308), None),
        (check_finite(f64::INFINITY), Some("must be a finite number, is inf")),
        (check_finite(f64::NAN), Some("must be a finite number, is NaN")),
        (check_items(1, 1..), None),
        (check_items(0, 1..), Some("must have at least 1 items (minItems), has 0")),
        (check_items(2, ..=2), None),
        (check_items(3, ..=2), Some("must have at most 2 items (maxItems), has 3")),
        (check_items(3, 1..=2), Some("must have at most 2 items (maxItems), has 3")),
        (check_properties(1, 1..), None),
        (check_properties(0, 1..), Some("must have at least 1 properties (minProperties), has 0")),
        (check_properties(3, ..=2), Some("must have at most 2 properties (maxProperties), has 3")),
        (check_multiple_of(15u8, 5), None),
        (check_multiple_of(-15i64, 5), None),
        (check_multiple_of(0u64, 7), None),
        (check_multiple_of(u64::MAX, 5), None),
        (check_multiple_of(7i32, 5), Some("must be a multiple of 5 (multipleOf), is 7")),
        (check_multiple_of(-7i32, 5), Some("must be a multiple of 5 (multipleOf), is -7")),
        (check_no_extra(&serde_json::Map::new()), None),
        (
            check_no_extra(json!({"extra": 1}).as_object().unwrap()),
            Some("property `extra` is not allowed (additionalProperties is false)"),
        ),
    ];
    for (i, (result, expected)) in cases.into_iter().enumerate() {
        assert_eq!(rule(result).as_deref(), expected, "case {i}");
    }
}

/// Every row of OpenAPI 3's table of style examples for query parameters (`color` as the
/// array `["blue", "black", "brown"]` and as the object `{"R": 100, "G": 200, "B": 150}`),
/// written as the table writes them.
#[test]
fn query_styles_write_what_the_openapi_examples_show() {
    use QueryStyle::{DeepObject, Form, PipeDelimited, SpaceDelimited};
    #[derive(serde::Serialize)]
    #[allow(non_snake_case)]
    struct Rgb {
        R: u8,
        G: u8,
        B: u8,
    }
    let query = |value: &dyn Fn(&mut String) -> Result<(), ValidationError>| {
        let mut url = "https://x.test/p".to_string();
        value(&mut url).unwrap();
        url.split_once('?').map(|(_, q)| q.to_string()).unwrap_or_default()
    };
    let array = ["blue", "black", "brown"];
    let object = Rgb { R: 100, G: 200, B: 150 };
    let cases: [(QueryStyle, bool, &str, &str); 7] = [
        (Form, false, "color=blue,black,brown", "color=R,100,G,200,B,150"),
        (Form, true, "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
        (SpaceDelimited, false, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
        (SpaceDelimited, true, "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
        (PipeDelimited, false, "color=blue|black|brown", "color=R|100|G|200|B|150"),
        (PipeDelimited, true, "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
        (
            DeepObject,
            true,
            "color=blue&color=black&color=brown",
            "color[R]=100&color[G]=200&color[B]=150",
        ),
    ];
    for (style, explode, array_query, object_query) in cases {
        let push = |url: &mut String| push_styled_query(url, "color", &array[..], style, explode);
        assert_eq!(query(&push), array_query, "{style:?}, explode {explode}");
        let push = |url: &mut String| push_styled_query(url, "color", &object, style, explode);
        assert_eq!(query(&push), object_query, "{style:?}, explode {explode}");
        let push = |url: &mut String| push_styled_query(url, "color", "blue", style, explode);
        assert_eq!(query(&push), "color=blue", "{style:?}, explode {explode}");
    }
}

/// Names, keys and values are percent-encoded, delimiters are not: a delimiter in a value
/// stays data. Nested objects of a deepObject go in further brackets.
#[test]
fn query_styles_encode_values_but_not_delimiters() {
    let query = |value: &serde_json::Value, style: QueryStyle, explode: bool| {
        let mut url = "https://x.test/p?a=1".to_string();
        push_styled_query(&mut url, "f b", value, style, explode).unwrap();
        url.split_once("?a=1&").map(|(_, q)| q.to_string()).unwrap_or_default()
    };
    let items = json!(["a,b", "c|d", "e f", 1.5, null, [1, 2]]);
    assert_eq!(query(&items, QueryStyle::Form, false), "f%20b=a%2Cb,c%7Cd,e%20f,1.5,,%5B1%2C2%5D");
    assert_eq!(
        query(&items, QueryStyle::PipeDelimited, false),
        "f%20b=a%2Cb|c%7Cd|e%20f|1.5||%5B1%2C2%5D"
    );
    assert_eq!(query(&json!([]), QueryStyle::Form, true), "");
    assert_eq!(query(&json!([]), QueryStyle::Form, false), "f%20b=");
    assert_eq!(
        query(&json!({"k y": {"z": "1&2", "a": [true, false]}}), QueryStyle::DeepObject, true),
        "f%20b[k%20y][a]=true&f%20b[k%20y][a]=false&f%20b[k%20y][z]=1%262"
    );
    assert_eq!(query(&json!({"x": "1=2"}), QueryStyle::Form, true), "x=1%3D2");
}

/// A float is a multiple when its quotient is within what rounding explains of a whole
/// number: never refused when the decimals written are multiples, refused when clearly not.
#[test]
fn multiple_of_a_float_allows_for_rounding_only() {
    // Each of these is a multiple in decimal, though not in binary: 0.3 / 0.1 is
    // 2.9999999999999996 in f64.
    let multiples = [
        (0.3, 0.1),
        (0.7, 0.1),
        (1.1, 0.1),
        (4.35, 0.01),
        (1e-7 * 3.0, 1e-7),
        (0.0, 0.1),
        (-0.3, 0.1),
        (1e300, 1e-5),
        (123456789.12, 0.01),
        (10.0, 2.5),
    ];
    for (value, divisor) in multiples {
        assert_eq!(rule(check_multiple_of_float(value, divisor)), None, "{value} of {divisor}");
    }
    let not_multiples = [(0.35, 0.1), (1.0, 0.3), (0.1, 0.3), (10.1, 2.5), (1.000001, 1.0)];
    for (value, divisor) in not_multiples {
        assert_eq!(
            rule(check_multiple_of_float(value, divisor)),
            Some(format!("must be a multiple of {divisor} (multipleOf), is {value}")),
        );
    }
    // Over every multiple k × 0.01 up to 10,000, written as decimals the way JSON writes them:
    // none is refused.
    for k in 0..1_000_000i64 {
        let value: f64 = format!("{}.{:02}", k / 100, k % 100).parse().unwrap();
        assert_eq!(check_multiple_of_float(value, 0.01).ok(), Some(()), "{value}");
    }
}

/// Items are compared as JSON values: `1` and `1.0` are the same number, an object is the same
/// whatever the order of its keys; the first repeat is named by the indices of both.
#[test]
fn unique_items_compares_json_values() {
    let unique =
        |items: serde_json::Value| rule(check_unique_items(items.as_array().unwrap().as_slice()));
    assert_eq!(unique(json!([1, 2, "1", [1], {"a": 1}, null, true, 1.5])), None);
    assert_eq!(unique(json!([])), None);
    let repeated = |first: usize, second: usize| {
        Some(format!("must not repeat an item (uniqueItems): items {first} and {second} are equal"))
    };
    assert_eq!(unique(json!([1, 2, 1.0])), repeated(0, 2));
    assert_eq!(unique(json!([-0.0, 0])), repeated(0, 1));
    assert_eq!(unique(json!([{"a": 1, "b": [2.0]}, {"b": [2], "a": 1.0}])), repeated(0, 1));
    assert_eq!(unique(json!(["x", "y", "x"])), repeated(0, 2));
    assert_eq!(unique(json!([[1, 2], [2, 1]])), None);
    assert_eq!(unique(json!([{"a": null}, {}])), None);
    // The largest integers are not rounded to floats: 2^53 + 1 is not 2^53.
    assert_eq!(unique(json!([9007199254740993u64, 9007199254740992.0])), None);
    assert_eq!(unique(json!([u64::MAX, -1])), None);
    // Typed items are compared by the JSON they are sent as.
    assert_eq!(rule(check_unique_items(&[1.0, 2.0, 1.0])), repeated(0, 2));
    assert_eq!(rule(check_unique_items(&["a", "b"])), None);
}

#[test]
fn null_is_told_apart_from_a_value() {
    let nullable = |json: &str| {
        runtime::deserialize_nullable::<_, i32>(&mut serde_json::Deserializer::from_str(json))
    };
    assert_eq!(nullable("null").unwrap(), Some(None));
    assert_eq!(nullable("5").unwrap(), Some(Some(5)));
    assert!(nullable(r#""5""#).is_err());
}

#[test]
fn a_number_re_encodes_as_it_was_received() {
    for text in
        ["925.3145917318761", "0.1", "1e-7", "-2.2250738585072014e-308", "1.7976931348623157e308"]
    {
        let value: f64 = serde_json::from_str(text).unwrap();
        let back: f64 = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        assert_eq!(value.to_bits(), back.to_bits(), "{text}");
        assert_eq!(value, text.parse::<f64>().unwrap(), "{text}: not the nearest f64");
    }
}

/// A struct as a generated client has it when it keeps unnamed properties.
#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(remote = "Self")]
struct Thing {
    id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(
        rename = "closedAt",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "runtime::deserialize_nullable"
    )]
    closed_at: Option<Option<u32>>,
    /// Required but nullable: absent reads as `null`.
    owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inner: Option<Box<Thing>>,
    #[serde(flatten, skip_deserializing)]
    extra: serde_json::Map<String, serde_json::Value>,
}

runtime::serde_keeping_extra!(Thing, extra, keep_extra);

impl Thing {
    runtime::setter!(with_name(String) for name);
    runtime::setter!(with_closed_at(Option<u32>) for closed_at);
    runtime::setter!(with_inner(Box<Thing>) for inner);
}

#[test]
fn setters_set_optional_fields_where_none_is_null() {
    let thing = |id| Thing {
        id,
        name: None,
        closed_at: None,
        owner: None,
        inner: None,
        extra: serde_json::Map::new(),
    };
    let built = thing(1).with_name("a".into()).with_closed_at(None).with_inner(Box::new(thing(2)));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"id": 1, "name": "a", "closedAt": null, "owner": null, "inner": {"id": 2, "owner": null}})
    );
    // The last call wins.
    assert_eq!(thing(1).with_closed_at(None).with_closed_at(Some(7)).closed_at, Some(Some(7)));
}

/// A string enum as a generated client has it.
#[derive(Debug, Clone, PartialEq)]
enum Tint {
    Red,
    Sky,
    Empty,
    Unknown(String),
}

runtime::string_enum!(Tint, Red = "red", Sky = "sky blue", Empty = "", _ => Unknown);

#[test]
fn a_string_enum_is_its_value_on_the_wire_and_keeps_a_value_it_does_not_list() {
    for (tint, value) in [(Tint::Red, "red"), (Tint::Sky, "sky blue"), (Tint::Empty, "")] {
        assert_eq!(tint.as_str(), value);
        assert_eq!(tint.to_string(), value);
        assert_eq!(Tint::from(value), tint);
        assert_eq!(value.parse::<Tint>(), Ok(tint.clone()));
        assert_eq!(serde_json::to_value(&tint).unwrap(), json!(value));
        assert_eq!(serde_json::from_value::<Tint>(json!(value)).unwrap(), tint);
    }
    let unlisted = serde_json::from_value::<Tint>(json!("Red")).unwrap();
    assert_eq!(unlisted, Tint::Unknown("Red".into()));
    assert_eq!(serde_json::to_value(&unlisted).unwrap(), json!("Red"));
    assert!(serde_json::from_value::<Tint>(json!(1)).is_err());
}

#[test]
fn an_object_keeps_the_properties_its_struct_does_not_name() {
    let json = r#"{"x\u0031":[1],"id":1,"name":"a","more":{"b":null},"inner":{"id":2,"y":true}}"#;
    let thing: Thing = serde_json::from_str(json).unwrap();
    assert_eq!(thing.id, 1);
    assert_eq!(thing.name.as_deref(), Some("a"));
    assert_eq!(thing.extra, *json!({"x1": [1], "more": {"b": null}}).as_object().unwrap());
    let inner = thing.inner.as_ref().unwrap();
    assert_eq!((inner.id, &inner.extra), (2, json!({"y": true}).as_object().unwrap()));
    // Sent back, the unnamed properties follow the named ones, in the map's order.
    assert_eq!(
        serde_json::to_string(&thing).unwrap(),
        r#"{"id":1,"name":"a","owner":null,"inner":{"id":2,"owner":null,"y":true},"more":{"b":null},"x1":[1]}"#
    );
    // From a `serde_json::Value`, whose keys are not borrowed, the same.
    let from_value: Thing = serde_json::from_value(serde_json::from_str(json).unwrap()).unwrap();
    assert_eq!(from_value, thing);
}

#[test]
fn null_absent_and_missing_properties_of_an_object() {
    let thing = |json: &str| serde_json::from_str::<Thing>(json).map_err(|e| e.to_string());
    let absent = thing(r#"{"id":1}"#).unwrap();
    assert_eq!((absent.name, absent.closed_at, absent.owner), (None, None, None));
    let null = thing(r#"{"id":1,"name":null,"closedAt":null,"owner":null}"#).unwrap();
    assert_eq!((null.name, null.closed_at, null.owner), (None, Some(None), None));
    let set = thing(r#"{"id":1,"closedAt":7,"owner":"o"}"#).unwrap();
    assert_eq!((set.closed_at, set.owner.as_deref()), (Some(Some(7)), Some("o")));
    assert_eq!(thing(r#"{"name":"a"}"#).unwrap_err(), "missing field `id` at line 1 column 12");
    // As in any struct serde derives code for; an unnamed property given twice keeps its last value.
    assert_eq!(
        thing(r#"{"id":1,"id":2}"#).unwrap_err(),
        "duplicate field `id` at line 1 column 12"
    );
    assert_eq!(thing(r#"{"id":1,"x":1,"x":2}"#).unwrap().extra["x"], 2);
    // An escaped name, named by the struct or not, is read as a plain one, before or after it.
    let mixed = thing(r#"{"i\u0064":1,"x":1,"y\u0031":2,"name":"a","z":3}"#).unwrap();
    assert_eq!(mixed.extra, *json!({"x": 1, "y1": 2, "z": 3}).as_object().unwrap());
    assert_eq!(
        thing(r#"{"id":"1"}"#).unwrap_err(),
        "invalid type: string \"1\", expected u32 at line 1 column 9"
    );
}

#[test]
fn a_property_name_is_a_string() {
    let map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
        [(1u32, 2u32)].into_iter(),
    );
    let error = <Thing as serde::Deserialize>::deserialize(map).unwrap_err();
    assert_eq!(error.to_string(), "invalid type: integer `1`, expected a property name");
}

#[test]
fn only_an_object_decodes_as_a_struct() {
    let error = serde_json::from_str::<Thing>("[1]").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: sequence, expected an object (Thing) at line 1 column 0"
    );
    let error = serde_json::from_value::<Thing>(json!("x")).unwrap_err();
    assert_eq!(error.to_string(), "invalid type: string \"x\", expected an object (Thing)");
}

#[derive(Debug, PartialEq)]
enum Kind {
    Cat,
    Other(String),
}

impl From<&str> for Kind {
    fn from(value: &str) -> Self {
        match value {
            "cat" => Kind::Cat,
            other => Kind::Other(runtime::unlisted(other)),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::deserialize_enum(deserializer)
    }
}

/// A second string enum, which lists `dog`.
#[derive(Debug, PartialEq)]
enum Breed {
    Dog,
    Other(String),
}

impl From<&str> for Breed {
    fn from(value: &str) -> Self {
        match value {
            "dog" => Breed::Dog,
            other => Breed::Other(runtime::unlisted(other)),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Breed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::deserialize_enum(deserializer)
    }
}

/// An object whose `kind` is one of the enums above.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Of<K> {
    kind: K,
}

/// A union as a generated client has it: `anyOf [Of<Kind>, Of<Breed>, Thing, Shard, [Shard]]`,
/// where `Shard` is itself `anyOf [string, integer]`.
#[derive(Debug, PartialEq)]
enum Pick {
    Cat(Of<Kind>),
    Dog(Of<Breed>),
    Thing(Thing),
    Shard(Shard),
    Shards(Vec<Shard>),
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Pick {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::decode_union(
            deserializer,
            &[
                |v| serde::Deserialize::deserialize(v).map(Self::Cat),
                |v| serde::Deserialize::deserialize(v).map(Self::Dog),
                |v| serde::Deserialize::deserialize(v).map(Self::Thing),
                |v| match serde::Deserialize::deserialize(v)? {
                    Shard::Unknown(_) => Err(runtime::only_caught()),
                    shard => Ok(Self::Shard(shard)),
                },
                |v| serde::Deserialize::deserialize(v).map(Self::Shards),
            ],
            Self::Unknown,
        )
    }
}

#[derive(Debug, PartialEq)]
enum Shard {
    String(String),
    Integer(i64),
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Shard {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::decode_union(
            deserializer,
            &[
                |v| serde::Deserialize::deserialize(v).map(Self::String),
                |v| serde::Deserialize::deserialize(v).map(Self::Integer),
            ],
            Self::Unknown,
        )
    }
}

/// `Pick` with a discriminator, `kind`, and an inline member that no tag names.
#[derive(Debug, PartialEq)]
enum Tagged {
    Cat(Of<Kind>),
    Dog(Of<Breed>),
    Inline(Kinded),
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Tagged {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::decode_tagged_union(
            deserializer,
            "kind",
            &[("cat", 0), ("dog", 1), ("bird", 1)],
            &[
                |v| serde::Deserialize::deserialize(v).map(Self::Cat),
                |v| serde::Deserialize::deserialize(v).map(Self::Dog),
                |v| serde::Deserialize::deserialize(v).map(Self::Inline),
            ],
            Self::Unknown,
        )
    }
}

#[test]
fn a_union_takes_the_member_that_types_the_value_fully() {
    let pick = |json: serde_json::Value| serde_json::from_value::<Pick>(json).unwrap();
    // Both `Of`s decode it; the first only with its enum's catch-all.
    assert_eq!(pick(json!({"kind": "dog"})), Pick::Dog(Of { kind: Breed::Dog }));
    assert_eq!(pick(json!({"kind": "cat"})), Pick::Cat(Of { kind: Kind::Cat }));
    // Neither lists it: the first of the two, each having one catch-all.
    assert_eq!(pick(json!({"kind": "cow"})), Pick::Cat(Of { kind: Kind::Other("cow".into()) }));
    // `Shard` takes an array only as its catch-all; a list of them types it.
    assert_eq!(
        pick(json!(["a", 1])),
        Pick::Shards(vec![Shard::String("a".into()), Shard::Integer(1)])
    );
    assert_eq!(pick(json!(2)), Pick::Shard(Shard::Integer(2)));
    // A member that is a union does not take a value only its catch-all holds; a list of
    // them takes it with one catch-all.
    assert_eq!(pick(json!([true])), Pick::Shards(vec![Shard::Unknown(json!(true))]));
    assert_eq!(pick(json!(true)), Pick::Unknown(json!(true)));
    // Decoding from a reader, not a `Value`, is the same.
    let read: Pick = serde_json::from_str(r#"{"kind":"dog"}"#).unwrap();
    assert_eq!(read, Pick::Dog(Of { kind: Breed::Dog }));
}

/// A struct like `Thing` that names `kind`.
#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(remote = "Self")]
struct Kinded {
    id: u32,
    #[serde(default)]
    kind: Option<i64>,
    #[serde(flatten, skip_deserializing)]
    extra: serde_json::Map<String, serde_json::Value>,
}

runtime::serde_keeping_extra!(Kinded, extra, keep_extra_closed);

/// `anyOf [Thing, Kinded]`: `Thing` is open, `Kinded` closed.
#[derive(Debug, PartialEq)]
enum Either {
    Thing(Thing),
    Kinded(Kinded),
    Unknown(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for Either {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::decode_union(
            deserializer,
            &[
                |v| serde::Deserialize::deserialize(v).map(Self::Thing),
                |v| serde::Deserialize::deserialize(v).map(Self::Kinded),
            ],
            Self::Unknown,
        )
    }
}

#[test]
fn a_union_prefers_the_member_that_names_the_properties() {
    let either = |json: serde_json::Value| serde_json::from_value::<Either>(json).unwrap();
    // `Thing` would keep `kind` among its unnamed properties; `Kinded` names it.
    let Either::Kinded(kinded) = either(json!({"id": 1, "kind": 2})) else { panic!() };
    assert_eq!((kinded.kind, kinded.extra.len()), (Some(2), 0));
    // A property a closed object does not name is a catch-all: the open one keeps it better.
    let Either::Thing(thing) = either(json!({"id": 1, "x": 2})) else { panic!() };
    assert_eq!(thing.extra, *json!({"x": 2}).as_object().unwrap());
    // Decoded alone, a closed object keeps what it does not name; the client refuses to send it.
    let kinded: Kinded = serde_json::from_value(json!({"id": 1, "x": 2})).unwrap();
    assert_eq!(kinded.extra, *json!({"x": 2}).as_object().unwrap());
}

#[test]
fn a_union_with_a_discriminator_takes_the_member_its_tag_selects() {
    let tagged = |json: serde_json::Value| serde_json::from_value::<Tagged>(json).unwrap();
    assert_eq!(tagged(json!({"kind": "dog"})), Tagged::Dog(Of { kind: Breed::Dog }));
    // The tag selects the member, even where its enum does not list the value.
    let bird = tagged(json!({"kind": "bird"}));
    assert_eq!(bird, Tagged::Dog(Of { kind: Breed::Other("bird".into()) }));
    // No tag, or one no member has: the inline members, by fit, else the catch-all.
    let Tagged::Inline(inline) = tagged(json!({"id": 1, "kind": 2})) else { panic!() };
    assert_eq!(inline.kind, Some(2));
    assert_eq!(tagged(json!({"kind": "cow"})), Tagged::Unknown(json!({"kind": "cow"})));
}

#[test]
fn an_enum_takes_any_string() {
    let kind = |json: &str| {
        runtime::deserialize_enum::<_, Kind>(&mut serde_json::Deserializer::from_str(json))
    };
    assert_eq!(kind(r#""cat""#).unwrap(), Kind::Cat);
    assert_eq!(kind(r#""dog""#).unwrap(), Kind::Other("dog".into()));
    assert_eq!(kind(r#""c\u0061t""#).unwrap(), Kind::Cat);
    let error = kind("1").unwrap_err();
    assert!(error.to_string().contains("expected a string"), "{error}");
}

#[test]
fn a_form_is_built_pair_by_pair() {
    let mut form = FormBody::new();
    form.text("user", "a b&c=d");
    form.text("é", "/");
    form.json("meta", &json!({"k": [1]})).unwrap();
    form.file("file", &[b'h', b'i', 0xff, 0]);
    let (content_type, body) = form.finish();
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "user=a+b%26c%3Dd&%C3%A9=%2F&meta=%7B%22k%22%3A%5B1%5D%7D&file=hi%FF%00"
    );
}

/// Every byte value of a file goes into a form as it is, and decodes back to itself.
#[test]
fn a_form_file_keeps_every_byte() {
    let every_byte: Vec<u8> = (0..=255).collect();
    let mut form = FormBody::new();
    form.file("file", &every_byte);
    let (_, body) = form.finish();
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = body
        .split(|&b| b == b'&')
        .map(|pair| {
            let (name, value) = pair.split_at(pair.iter().position(|&b| b == b'=').unwrap());
            (decode_form(name), decode_form(&value[1..]))
        })
        .collect();
    assert_eq!(pairs, [(b"file".to_vec(), every_byte)]);
}

/// One name or value of a form, decoded: `+` is a space, `%XX` a byte.
fn decode_form(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = text.iter();
    while let Some(&b) = bytes.next() {
        out.push(match b {
            b'+' => b' ',
            b'%' => {
                let hex = [*bytes.next().unwrap(), *bytes.next().unwrap()];
                u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap()
            }
            b => b,
        });
    }
    out
}

#[test]
fn a_form_from_json_repeats_arrays_and_skips_nulls() {
    let body = json!({"n": 1, "s": "x y", "none": null, "tags": ["a", 2, null], "o": {"k": true}});
    let (_, bytes) = FormBody::from_json(&body).unwrap().finish();
    assert_eq!(String::from_utf8(bytes).unwrap(), "n=1&o=%7B%22k%22%3Atrue%7D&s=x+y&tags=a&tags=2");
    let error = FormBody::from_json(&json!([1])).err().unwrap();
    assert_eq!(error.rule(), "a form body must be an object");
}

/// A multipart body as it goes on the wire: its boundary and its bytes. All its parts are in
/// memory, so its stream is ready at once.
fn multipart_bytes(form: Multipart) -> (String, Vec<u8>) {
    use futures_core::Stream;
    let form = form.finish();
    let boundary = form.boundary().to_string();
    let mut stream = std::pin::pin!(form.into_stream());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut body = Vec::new();
    loop {
        match stream.as_mut().poll_next(&mut cx) {
            std::task::Poll::Ready(Some(chunk)) => body.extend_from_slice(&chunk.unwrap()),
            std::task::Poll::Ready(None) => return (boundary, body),
            std::task::Poll::Pending => panic!("an in-memory part is not ready"),
        }
    }
}

#[test]
fn a_multipart_body_is_built_part_by_part() {
    let every_byte: Vec<u8> = (0..=255).collect();
    let mut form = Multipart::new();
    form.text("caption", "a \"cat\"");
    form.file("photo", &every_byte, "image/png").unwrap();
    form.json("meta", &json!({"k": 1})).unwrap();
    let (b, body) = multipart_bytes(form);
    let mut expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\na \"cat\"\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&every_byte);
    expected.extend_from_slice(
        format!(
            "\r\n--{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\n\
             Content-Type: application/json\r\n\r\n{{\"k\":1}}\r\n--{b}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(body, expected, "{}", String::from_utf8_lossy(&body));
    let other = multipart_bytes(Multipart::new()).0;
    assert_ne!(b, other, "each body has a boundary of its own");
}

#[test]
fn a_multipart_part_with_a_type_that_is_not_a_media_type_is_refused() {
    let error = Multipart::new().file("photo", b"x", "not a type").unwrap_err();
    assert_eq!((error.path(), error.rule()), ("photo", "`not a type` is not a media type"));
}

#[test]
fn multipart_from_json_sends_strings_as_text_and_the_rest_as_json() {
    let (b, body) = multipart_bytes(Multipart::from_json(&json!({"s": "x", "n": [1, 2]})).unwrap());
    assert_eq!(
        String::from_utf8(body).unwrap(),
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"n\"\r\n\
             Content-Type: application/json\r\n\r\n[1,2]\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nx\r\n--{b}--\r\n"
        )
    );
    let error = Multipart::from_json(&json!("x")).err().unwrap();
    assert_eq!(error.rule(), "a multipart body must be an object");
}

/// The credentials a request of an operation with `security` carries: its query, and its
/// headers but `Accept`.
fn credentials_sent(security: runtime::Security) -> (Option<String>, Vec<(String, String)>) {
    use runtime::Credential;
    let client = crate::Client::builder()
        .base_url("https://example.com")
        .credential("key", Credential::Header("X-Key", "k".into()))
        .credential("query", Credential::Query("q", "v".into()))
        .credential("session", Credential::Cookie("s", "c".into()))
        .credential("other", Credential::Cookie("t", "d".into()))
        .build()
        .unwrap();
    let url = format!("{}/things", client.base_url());
    let request = client.request(reqwest::Method::GET, url, "*/*", security).build().unwrap();
    let headers = request
        .headers()
        .iter()
        .filter(|(name, _)| *name != reqwest::header::ACCEPT)
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
        .collect();
    (request.url().query().map(str::to_string), headers)
}

#[test]
fn an_operation_without_security_in_the_spec_sends_every_credential_held() {
    let (query, headers) = credentials_sent(None);
    assert_eq!(query.as_deref(), Some("q=v"));
    let pairs = [("x-key", "k"), ("cookie", "s=c; t=d")];
    assert_eq!(headers, pairs.map(|(n, v)| (n.to_string(), v.to_string())));
}

#[test]
fn cookies_of_one_alternative_go_in_one_header_and_no_alternative_sends_nothing() {
    let (query, headers) = credentials_sent(Some(&[&["missing"], &["other", "session"]]));
    assert_eq!(query, None);
    assert_eq!(headers, [("cookie".to_string(), "s=c; t=d".to_string())]);
    assert_eq!(credentials_sent(Some(&[])), (None, Vec::new()));
    assert_eq!(credentials_sent(Some(&[&[], &["key"]])), (None, Vec::new()));
}

#[test]
fn call_options_set_the_headers_of_the_request_and_the_timeout_of_each_attempt() {
    let options = CallOptions::new()
        .timeout(Duration::from_secs(3))
        .header("X-Request-Id", "abc")
        .header("Accept", "text/plain");
    assert_eq!(options.check(), Ok(()));
    let mut request = reqwest::Client::new()
        .get("http://127.0.0.1/")
        .header("accept", "application/json")
        .build()
        .unwrap();
    options.apply(&mut request);
    // The timeout is `Client::fetch`'s, around each attempt, not reqwest's.
    assert_eq!(request.timeout(), None);
    assert_eq!(options.timeout_set(), Some(Duration::from_secs(3)));
    assert_eq!(CallOptions::new().timeout_set(), None);
    assert_eq!(request.headers()["x-request-id"], "abc");
    let accept: Vec<_> = request.headers().get_all("accept").iter().collect();
    assert_eq!(accept, ["text/plain"], "a call's header replaces the client's");
}

#[test]
fn a_header_that_cannot_be_sent_is_refused_by_name() {
    let bad_name = CallOptions::new().header("Bad Name", "x").check().unwrap_err();
    assert_eq!((bad_name.path(), bad_name.rule()), ("Bad Name", "is not a valid header name"));
    let bad_value = CallOptions::new().header("X-Id", "a\nb").header("Bad Name", "x");
    let error = bad_value.check().unwrap_err();
    assert_eq!(error.path(), "X-Id", "the first problem is kept");
}

#[test]
fn a_calls_retry_policy_replaces_the_clients_for_any_method() {
    let client = RetryPolicy::new(3);
    let own = RetryPolicy::new(5);
    let (get, patch) = (reqwest::Method::GET, reqwest::Method::PATCH);
    let attempts = |options: CallOptions, method| options.policy(client).attempts_for(method);
    assert_eq!(attempts(CallOptions::new(), &get), 3);
    assert_eq!(attempts(CallOptions::new(), &patch), 1, "not idempotent");
    assert_eq!(attempts(CallOptions::new().retry(own), &patch), 5);
    assert_eq!(attempts(CallOptions::new().no_retry(), &get), 1);
}

#[test]
fn a_requests_url_is_the_base_urls_parse_with_the_path_and_query_set() {
    let bases = [
        "http://127.0.0.1:8080",
        "https://Example.COM:443/api/",
        "https://example.com/v1/a%20b",
        "http://[::1]:9/x/../y",
        "https://user:pw@example.com",
    ];
    let rests = [
        "",
        "/",
        "/applications/5a1b2c3d4e5f60718293a4b5/integrations/x%2Fy",
        "/things?a=1&b=%20c+d&tag=%C3%A9",
        "/a b/%zz/é?q=é x",
        "/dots/./../up?",
        "/p?x=1#frag",
    ];
    for base in bases {
        let client = Client::builder().base_url(base).build().unwrap();
        for rest in rests {
            let url = client.url(0) + rest;
            let whole = reqwest::Url::parse(&url).unwrap();
            let parsed = client.parse_url(&url);
            match rest.contains('#') {
                // A fragment is left to a whole parse.
                true => assert_eq!(parsed, None, "{url}"),
                false => assert_eq!(parsed.as_ref(), Some(&whole), "{url}"),
            }
        }
    }
}

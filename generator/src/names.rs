//! Every identifier rule in one place: API names (any string) → valid, distinct Rust names.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Keywords that cannot be raw identifiers: they get a `_` suffix instead of `r#`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Every keyword of Rust 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A type name: `UpperCamelCase`, e.g. `Integrations Patch` → `IntegrationsPatch`.
pub fn type_name(api_name: &str) -> String {
    finish(ascii_words(api_name).to_upper_camel_case(), "T", "Type")
}

/// The items of a generated crate's root that are types: what it re-exports from its runtime.
/// A spec type of one of these names is named `Api…` ([`spec_type_name`]).
pub const CRATE_ROOT: &[&str] = &[
    "AfterResponse",
    "BuildError",
    "CallOptions",
    "Client",
    "ClientBuilder",
    "Error",
    "Hook",
    "HookFuture",
    "Response",
    "RetryPolicy",
    "TransportError",
    "ValidationError",
];

/// The methods and fields every call type has, which a parameter's setter must not take, and
/// the types beside the calls, which a call type must not take.
const CALL_METHODS: &[&str] = &[
    "body",
    "call",
    "client",
    "content",
    "header",
    "items",
    "new",
    "no_retry",
    "options",
    "prepare",
    "retry",
    "runtime",
    "send",
    "send_with_response",
    "timeout",
    "with_response",
];
const BESIDE_CALLS: &[&str] = &["BlockingCall", "CallFuture", "Client", "Items", "WithResponse"];

/// The type of an operation's call, e.g. `listIntegrations` → `ListIntegrations`; with the
/// suffix `Call` when its module has a type of that name already (`Client` → `ClientCall`).
pub fn call_name(operation_rust_name: &str) -> String {
    let name = type_name(operation_rust_name);
    match BESIDE_CALLS.contains(&name.as_str()) {
        true => format!("{name}Call"),
        false => name,
    }
}

/// The field of a call that holds a parameter, and the setter of an optional one: the
/// parameter's name, with the suffix `_param` when a call has a method of that name
/// (`timeout` → `timeout_param`).
pub fn call_field_name(param_rust_name: &str) -> String {
    match CALL_METHODS.contains(&param_rust_name) {
        true => format!("{param_rust_name}_param"),
        false => param_rust_name.to_string(),
    }
}

/// The name of a type of the `types` module: [`type_name`], with the prefix `Api` when the
/// crate root has a type of that name (`Error` → `ApiError`), so that a signature never reads
/// `Error<Error>`, and both can be imported by their names.
pub fn spec_type_name(api_name: &str) -> String {
    clear_of_crate_root(type_name(api_name))
}

/// A type name made for the `types` module, with the prefix `Api` when the crate root has a
/// type of that name.
pub fn clear_of_crate_root(name: String) -> String {
    match CRATE_ROOT.contains(&name.as_str()) {
        true => format!("Api{name}"),
        false => name,
    }
}

/// A field, parameter or function name: `snake_case`, e.g. `integrationId` → `integration_id`.
pub fn field_name(api_name: &str) -> String {
    finish(ascii_words(api_name).to_snake_case(), "_", "field")
}

/// An enum variant for a value: `googlePubSub` → `GooglePubSub`, `1MONTHLY` → `V1monthly`.
pub fn variant_name(value: &str) -> String {
    finish(ascii_words(value).to_upper_camel_case(), "V", "Empty")
}

/// A variant name for an integer enum's value: `V512`, `Minus1`.
pub fn integer_variant_name(value: i64) -> String {
    match value {
        ..0 => format!("Minus{}", value.unsigned_abs()),
        _ => format!("V{value}"),
    }
}

/// A constant name: `SCREAMING_SNAKE_CASE`, e.g. `getIntegration` → `GET_INTEGRATION`.
pub fn const_name(api_name: &str) -> String {
    use heck::ToShoutySnakeCase;
    finish(ascii_words(api_name).to_shouty_snake_case(), "_", "VALUE")
}

/// The chainable setter of an optional field, from the field's name ([`field_name`]):
/// `with_` and the name, `type` → `with_type`, without the `_` a leading digit took
/// (`_1st` → `with_1st`), which would make two in a row. It is never a keyword, two fields
/// never share one (only a digit gives a field a leading `_`, and no field starts with a
/// digit), and it never names another method of a generated struct (`new`, `validate`,
/// serde's `serialize` and `deserialize`), none of which starts with `with_`.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.strip_prefix('_').unwrap_or(field))
}

/// Whether a finished name must be written `r#name` (a keyword that allows it).
pub fn is_raw(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// Gives each name in `names` a distinct spelling, in order: the first `foo` stays, a later
/// `foo` becomes `foo_2` (`Foo2` for type names), or the next number that no name in `names`
/// or `taken` already spells.
pub fn dedupe(names: &mut [String], taken: &BTreeSet<String>) {
    let originals: BTreeSet<String> = names.iter().cloned().collect();
    let mut used: BTreeSet<String> = taken.clone();
    for name in names.iter_mut() {
        if used.insert(name.clone()) {
            continue;
        }
        let separator = if name.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        let base = name.trim_end_matches('_').to_string();
        let mut n = 2;
        let candidate = loop {
            let candidate = format!("{base}{separator}{n}");
            if !used.contains(&candidate) && !originals.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        used.insert(candidate.clone());
        *name = candidate;
    }
}

/// The methods a client's builder has whatever the spec: no credential setter takes their names.
const BUILDER_METHODS: &[&str] = &[
    "allow_insecure_http",
    "base_url",
    "build",
    "credential",
    "default",
    "http_client",
    "retry",
    "timeout",
    "user_agent",
];

/// The builder methods that set the credentials of a spec's security schemes, given each
/// scheme's name and the method of its kind (`token`, `basic_auth`, `api_key`): a scheme
/// that is the only one of its kind gets the kind's method, and each of several of a kind
/// gets its own name as a field name (`adminKey` → `admin_key`). A name the builder already
/// has, or that another setter took first, gets a number (`build` → `build_2`).
pub fn credential_setters(schemes: &[(&str, &str)]) -> Vec<String> {
    let mut setters: Vec<String> = schemes
        .iter()
        .map(|&(name, kind)| match schemes.iter().filter(|(_, other)| *other == kind).count() {
            1 => kind.to_string(),
            _ => field_name(name),
        })
        .collect();
    dedupe(&mut setters, &BUILDER_METHODS.iter().map(|m| m.to_string()).collect());
    setters
}

/// Turns everything that cannot be in an identifier into a word break, so that heck sees
/// `a.b`, `a-b`, `$a` and `a b` as two words, and drops letters outside ASCII.
fn ascii_words(api_name: &str) -> String {
    api_name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn finish(mut name: String, digit_prefix: &str, empty: &str) -> String {
    if name.is_empty() {
        return empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Whether a property's name says it holds a secret, which `Debug` then hides: compared
/// without case, `_` and `-`, it is one of `password`, `passphrase`, `secret`, `token`,
/// `apiKey`, `privateKey`, `keyJson`, `credentials`, or ends with `password`, `secret`,
/// `privateKey`, `apiKey` or `accessToken`, `refreshToken`, `idToken`, `authToken`,
/// `sessionToken`, `bearerToken` (`clientSecret`, `mqttPassword`; not `nextPageToken`).
pub(crate) fn is_secret(api_name: &str) -> bool {
    let name: String = api_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const EXACT: &[&str] = &[
        "password",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "privatekey",
        "keyjson",
        "credentials",
    ];
    const ENDINGS: &[&str] = &[
        "password",
        "secret",
        "privatekey",
        "apikey",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "authtoken",
        "sessiontoken",
        "bearertoken",
    ];
    EXACT.contains(&name.as_str()) || ENDINGS.iter().any(|end| name.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec type named like a type of the crate root takes the prefix `Api`, so that
    /// `Result<Integration, Error<ApiError>>` reads unambiguously.
    #[test]
    fn spec_types_named_like_the_crate_root_are_prefixed() {
        for (api, rust) in [
            ("Error", "ApiError"),
            ("error", "ApiError"),
            ("Client", "ApiClient"),
            ("response", "ApiResponse"),
            ("ApiError", "ApiError"),
            ("Errors", "Errors"),
            ("Pet", "Pet"),
        ] {
            assert_eq!(spec_type_name(api), rust, "{api}");
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "privateKey",
            "keyJson",
            "token",
            "secret",
            "apiKey",
            "api_key",
            "client-secret",
            "mqttPassword",
            "accessToken",
            "credentials",
        ] {
            assert!(is_secret(name), "{name}");
        }
        for name in ["nextPageToken", "tokenType", "keyId", "secretName", "name", "passwordPolicy"]
        {
            assert!(!is_secret(name), "{name}");
        }
    }

    #[test]
    fn constant_names() {
        assert_eq!(const_name("getIntegration"), "GET_INTEGRATION");
        assert_eq!(const_name("get /things/{thing-id}/self"), "GET_THINGS_THING_ID_SELF");
        assert_eq!(const_name("1st-op"), "_1ST_OP");
        assert_eq!(const_name("Self"), "SELF");
        assert_eq!(const_name("-"), "VALUE");
    }

    /// (api name, type name, field name, variant name)
    const TABLE: &[(&str, &str, &str, &str)] = &[
        ("integrationId", "IntegrationId", "integration_id", "IntegrationId"),
        ("Integrations Patch", "IntegrationsPatch", "integrations_patch", "IntegrationsPatch"),
        ("googlePubSub", "GooglePubSub", "google_pub_sub", "GooglePubSub"),
        ("type", "Type", "type", "Type"),
        ("self", "Self_", "self_", "Self_"),
        ("Self", "Self_", "self_", "Self_"),
        ("super", "Super", "super_", "Super"),
        ("crate", "Crate", "crate_", "Crate"),
        ("1MONTHLY", "T1monthly", "_1monthly", "V1monthly"),
        ("1024x1024", "T1024x1024", "_1024x1024", "V1024x1024"),
        ("NOT-ALLOWED", "NotAllowed", "not_allowed", "NotAllowed"),
        ("stranger-things", "StrangerThings", "stranger_things", "StrangerThings"),
        (
            "io.k8s.api.batch.v1.Job",
            "IoK8sApiBatchV1Job",
            "io_k8s_api_batch_v1_job",
            "IoK8sApiBatchV1Job",
        ),
        ("$ref", "Ref", "ref", "Ref"),
        ("_links", "Links", "links", "Links"),
        ("", "Type", "field", "Empty"),
        ("---", "Type", "field", "Empty"),
        ("déjà vu", "DJVu", "d_j_vu", "DJVu"),
        ("application/json", "ApplicationJson", "application_json", "ApplicationJson"),
    ];

    #[test]
    fn integer_variants_are_named_by_their_value() {
        let cases =
            [(512, "V512"), (0, "V0"), (-1, "Minus1"), (i64::MIN, "Minus9223372036854775808")];
        for (value, name) in cases {
            assert_eq!(integer_variant_name(value), name);
        }
    }

    #[test]
    fn naming_rules() {
        for &(api, ty, field, variant) in TABLE {
            assert_eq!(type_name(api), ty, "type name of {api:?}");
            assert_eq!(field_name(api), field, "field name of {api:?}");
            assert_eq!(variant_name(api), variant, "variant name of {api:?}");
        }
    }

    #[test]
    fn setters_are_fields_after_with() {
        for (field, setter) in [
            ("name", "with_name"),
            ("type", "with_type"),
            ("self_", "with_self_"),
            ("_1monthly", "with_1monthly"),
            ("a_b_2", "with_a_b_2"),
        ] {
            assert_eq!(setter_name(field), setter, "{field}");
            assert!(!is_raw(setter) && !KEYWORDS.contains(&setter), "{setter}");
        }
    }

    #[test]
    fn keywords_become_raw_except_those_that_cannot() {
        assert!(is_raw("type"));
        assert!(is_raw("ref"));
        assert!(is_raw("gen"));
        assert!(!is_raw("self_"));
        assert!(!is_raw("integration_id"));
        for name in NOT_RAW {
            assert!(!is_raw(name));
        }
    }

    #[test]
    fn credential_setters_are_named_by_kind_or_by_scheme() {
        let setters = |schemes: &[(&str, &str)]| credential_setters(schemes);
        assert_eq!(
            setters(&[("bearerAuth", "token"), ("basic", "basic_auth"), ("key", "api_key")]),
            ["token", "basic_auth", "api_key"]
        );
        assert_eq!(
            setters(&[("adminKey", "api_key"), ("X-Session", "api_key"), ("jwt", "token")]),
            ["admin_key", "x_session", "token"]
        );
        assert_eq!(
            setters(&[("token", "api_key"), ("other", "api_key"), ("t", "token")]),
            ["token", "other", "token_2"]
        );
        assert_eq!(setters(&[("build", "api_key"), ("type", "api_key")]), ["build_2", "type"]);
    }

    #[test]
    fn collisions_after_case_conversion_get_distinct_names() {
        let mut names: Vec<String> =
            ["foo_bar", "foo_bar", "foo_bar_2", "FooBar", "FooBar", "extra"]
                .map(String::from)
                .to_vec();
        dedupe(&mut names, &BTreeSet::from(["extra".to_string()]));
        assert_eq!(names, ["foo_bar", "foo_bar_3", "foo_bar_2", "FooBar", "FooBar2", "extra_2"]);
    }
}

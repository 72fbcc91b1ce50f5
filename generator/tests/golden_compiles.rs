//! Compiles every golden output (see `tests/golden.rs`) as a module, so golden files that
//! compare equal but do not compile cannot pass.

#[path = "golden/constraints/src/lib.rs"]
#[allow(dead_code, unused_imports)]
mod constraints;

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

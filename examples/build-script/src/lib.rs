//! A crate that generates its Losant client in its build script, from the repository's
//! `spec/integration.yaml`, whenever the spec changes.

/// The client of the Losant Integration API, generated into `OUT_DIR` by `build.rs`.
pub mod losant {
    include!(concat!(env!("OUT_DIR"), "/losant/mod.rs"));
}

//! The entry for a crate's `build.rs`: the client generated into `OUT_DIR` on every build
//! whose spec changed, for the crate to `include!`.

use super::paths::{absolute, relative};
use super::{Mode, ensure_files};
use crate::{Config, Layout};
use std::path::{Path, PathBuf};

/// Generates the client for `spec` into `OUT_DIR/<module>/`, and tells cargo to run the build
/// script again when the spec changes. `spec` is a path relative to the crate's directory (where
/// cargo runs build scripts); the generator's warnings become cargo warnings. Include the client
/// as a module of the crate:
///
/// ```no_run
/// // build.rs, with `generator` under [build-dependencies]
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     generator::build_script("petstore.yaml", "petstore")?;
///     Ok(())
/// }
/// ```
///
/// ```ignore
/// // src/lib.rs
/// pub mod petstore {
///     include!(concat!(env!("OUT_DIR"), "/petstore/mod.rs"));
/// }
/// ```
///
/// The crate needs the dependencies the generated code uses (those of [`crate::manifest()`]), and
/// declares a `blocking` feature (`blocking = ["tokio/rt-multi-thread"]`) for the blocking client
/// a `mock` feature (`mock = ["dep:wiremock"]`, with `wiremock` as an optional dependency)
/// for the mocks, and a `tracing` feature (`tracing = ["dep:tracing"]`, with `tracing` as an
/// optional dependency) for the span of each call.
/// Returns the folder the files are in.
pub fn build_script(spec: impl AsRef<Path>, module: &str) -> Result<PathBuf, String> {
    let spec = spec.as_ref();
    println!("cargo::rerun-if-changed={}", spec.display());
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .ok_or_else(|| format!("{name} is not set: build_script runs in a build script"))
    };
    let (out_dir, crate_dir) = (var("OUT_DIR")?, var("CARGO_MANIFEST_DIR")?);
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read the spec {}: {e}", spec.display()))?;
    let config = Config {
        spec_path: relative(&absolute(spec)?, &absolute(&crate_dir)?),
        command: "cargo build".into(),
        crate_name: module.to_string(),
        lenient: false,
        layout: Layout::Include,
    };
    let shown = spec.display().to_string();
    let output = crate::generate(&text, &config).map_err(|e| e.display_in(&shown).to_string())?;
    for warning in &output.warnings {
        let line = warning.display_in(&shown).to_string().replace('\n', " ");
        println!("cargo::warning={line}");
    }
    let dir = out_dir.join(module);
    ensure_files(&dir, &output.files, Mode::Write)?;
    Ok(dir)
}

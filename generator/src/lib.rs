//! Turns an OpenAPI 3.0 or 3.1 document into the source of a typed async Rust client.
//!
//! The pipeline, one module per stage:
//! `load` (text → document) → `validate` (every problem, located) →
//! `lower` (document → `model`) → `emit` (model → tokens) → `format` (tokens → files).
//! `validate` and `lower` read the document through `spec`, the same way.
//! [`generate`] runs it; it does no I/O and gives byte-identical output for the same input.
//! [`diff`] compares the models of two documents, for review. [`write`] puts the files on disk.

pub mod diff;
mod emit;
mod error;
mod format;
mod load;
mod lower;
pub mod model;
pub mod names;
mod pattern;
mod spec;
mod validate;
pub mod write;

pub use error::{Error, Problem};

/// How to generate: everything that is not in the spec itself.
#[derive(Debug, Clone)]
pub struct Config {
    /// The spec's path as the `@generated` header names it, e.g. `spec/integration.yaml`.
    pub spec_path: String,
    /// The command that regenerates the output, named in the `@generated` header.
    pub command: String,
    /// The Rust name of the generated crate (`losant_integration`), used in doc examples.
    pub crate_name: String,
    /// Repairs what breaks OpenAPI's rules but can be repaired without guessing (an
    /// undeclared path parameter, a duplicate operationId), with a warning for each, instead
    /// of failing.
    pub lenient: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec_path: "spec.yaml".into(),
            command: "cargo xtask codegen".into(),
            crate_name: "generated".into(),
            lenient: false,
        }
    }
}

/// The generated files, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: Vec<File>,
    /// The spec's `info.title`.
    pub title: String,
    /// What the generator changed or left unchecked, with where: bounds it cannot hold and,
    /// with [`Config::lenient`], the repairs it made.
    pub warnings: Vec<Problem>,
    /// Whether the code uses the `regex` crate (for patterns that are not plain runs of
    /// characters); [`manifest`] lists it only then.
    pub needs_regex: bool,
}

/// One generated file, its path relative to the output directory, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// The first line of every generated file; `xtask` recognises its own files by it.
pub const GENERATED_MARKER: &str = "// @generated";

/// Generates the client's source files from the text of an OpenAPI 3.0 or 3.1 document (YAML
/// or JSON).
pub fn generate(spec: &str, config: &Config) -> Result<Output, Error> {
    let api = model(spec, config)?;
    let emitter = emit::Emitter::new(&api);
    let files = format::format(emitter.files(config), config)?;
    let needs_regex = emitter.needs_regex();
    Ok(Output { files, title: api.title.clone(), warnings: api.warnings.clone(), needs_regex })
}

/// A `Cargo.toml` for a crate that holds generated files: the dependencies the generated code
/// uses, at the versions it is tested with, the `blocking` feature, and an empty `[workspace]`
/// so that the crate builds on its own wherever it sits.
pub fn manifest(package_name: &str, output: &Output) -> String {
    let regex = if output.needs_regex {
        "regex = { version = \"1.11\", default-features = false, features = [\"std\", \"perf\"] }\n"
    } else {
        ""
    };
    format!(
        r#"# Written by `cargo xtask codegen` for a directory that had no manifest; yours to edit.
[package]
name = "{package_name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
bytes = "1.10"
chrono = {{ version = "0.4.42", default-features = false, features = ["std", "serde"] }}
{regex}reqwest = {{ version = "0.12.28", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", default-features = false, features = ["time"] }}

[features]
# A blocking client (`blocking::Client`) for code without an async runtime.
blocking = ["tokio/rt-multi-thread"]

[workspace]
"#
    )
}

/// The model of the client a document generates: its types and operations with their Rust
/// names, as `generate` sees them. For tools that compare what two documents generate.
pub fn model(spec: &str, config: &Config) -> Result<model::Api, Error> {
    let loaded = load::load(spec)?;
    let lowered = validate::validate(&loaded, config.lenient).and_then(|warnings| {
        let mut api = lower::lower(&loaded.doc)?;
        api.warnings = warnings;
        Ok(api)
    });
    let mut api = restore_locations(&loaded.origin, lowered)?;
    api.warnings.splice(0..0, loaded.warnings);
    Ok(api)
}

/// Validation and lowering locate what they report in the document as loaded; where loading
/// moved parts of it, every location is taken back to the document as written.
fn restore_locations(
    origin: &load::Origin,
    lowered: Result<model::Api, Error>,
) -> Result<model::Api, Error> {
    if origin.is_identity() {
        return lowered;
    }
    let restore = |problems: Vec<Problem>| -> Vec<Problem> {
        problems.into_iter().map(|p| origin.restore_problem(p)).collect()
    };
    match lowered {
        Ok(mut api) => {
            api.warnings = restore(std::mem::take(&mut api.warnings));
            for def in &mut api.types {
                def.at = origin.restore(&def.at);
            }
            Ok(api)
        }
        Err(Error::Invalid(problems)) => Err(Error::Invalid(restore(problems))),
        Err(other) => Err(other),
    }
}

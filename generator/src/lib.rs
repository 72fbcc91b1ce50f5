//! Turns an OpenAPI 3.0 or 3.1 document into the source of a typed async Rust client.
//!
//! The pipeline, one module per stage:
//! `load` (text → document) → `validate` (every problem, located) →
//! `lower` (document → `model`) → `emit` (model → tokens) → `format` (tokens → files).
//! `validate` and `lower` read the document through `spec`, the same way.
//! [`generate`] runs it; it does no I/O and gives byte-identical output for the same input.
//! [`diff`] compares the models of two documents, for review. [`mod@write`] puts the files on disk.

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

pub use error::{Error, Position, Problem};
pub use write::build_script;
pub use write::manifest::{Package, manifest};

/// How to generate: everything that is not in the spec itself.
#[derive(Debug, Clone)]
pub struct Config {
    /// The spec's path as the `@generated` header names it, e.g. `spec/integration.yaml`: the
    /// same on every machine, so relative (see [`mod@write`]).
    pub spec_path: String,
    /// The command that regenerates the output, named in the `@generated` header.
    pub command: String,
    /// How the crate-level example names the client's crate or module (`losant_integration`).
    pub crate_name: String,
    /// Repairs what breaks OpenAPI's rules but can be repaired without guessing (an
    /// undeclared path parameter, a duplicate operationId), with a warning for each, instead
    /// of failing.
    pub lenient: bool,
    /// Where the files go: a crate of their own, or a module of another crate.
    pub layout: Layout,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec_path: "spec.yaml".into(),
            command: "cargo xtask codegen".into(),
            crate_name: "generated".into(),
            lenient: false,
            layout: Layout::Crate,
        }
    }
}

/// How the generated files are laid out. The code is the same in each: the modules refer to
/// each other by `super::`, never by `crate::`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The sources of a crate: `src/lib.rs` and the modules beside it.
    Crate,
    /// A module of an existing crate: `mod.rs` and the modules beside it, in the module's
    /// folder. The crate-level example is not compiled, as the module's path is the crate's
    /// to choose.
    Module,
    /// A module that a build script writes into `OUT_DIR` for `include!`: as [`Layout::Module`],
    /// but `mod.rs` has no inner attributes or docs, which `include!` does not accept.
    Include,
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
    /// Whether the code uses the `regress` crate (for patterns that are not plain runs of
    /// characters); [`manifest()`] lists it only then.
    pub needs_regress: bool,
    /// Whether the code uses the `futures-core` crate (for the item streams of paged
    /// operations); [`manifest()`] lists it only then.
    pub needs_futures_core: bool,
    /// Whether the code sends a multipart body, with reqwest's `multipart` feature;
    /// [`manifest()`] asks for the feature only then.
    pub needs_multipart: bool,
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
    // On rayon's pool, where the items are printed: the caller's thread waits, rather than
    // reading the document while the pool's threads, just done with the last items, still
    // look for work (three threads then share two cores on a small machine: the time of the
    // Losant spec varied from 4.8 to 6.2 ms from one run to the next).
    rayon::scope(|_| generate_here(spec, config))
}

fn generate_here(spec: &str, config: &Config) -> Result<Output, Error> {
    let api = model(spec, config)?;
    let emitter = emit::Emitter::new(&api);
    let mut files = format::format(emitter.files(config), config)?;
    if config.layout != Layout::Crate {
        for file in &mut files {
            let path = file.path.strip_prefix("src/").unwrap_or(&file.path);
            file.path = if path == "lib.rs" { "mod.rs".to_string() } else { path.to_string() };
        }
    }
    let (needs_regress, needs_futures_core) =
        (emitter.needs_regress(), emitter.needs_futures_core());
    let needs_multipart = emitter.needs_multipart();
    let (title, warnings) = (api.title.clone(), api.warnings.clone());
    Ok(Output { files, title, warnings, needs_regress, needs_futures_core, needs_multipart })
}

/// The model of the client a document generates: its types and operations with their Rust
/// names, as `generate` sees them. For tools that compare what two documents generate.
pub fn model(spec: &str, config: &Config) -> Result<model::Api, Error> {
    // Every problem and warning is located by JSON pointer, and then in the text.
    let mut result = model_at_pointers(spec, config);
    match &mut result {
        Ok(api) => load::locate(spec, &mut api.warnings),
        Err(error) => locate_error(spec, error),
    }
    result
}

/// Gives the problems of an error their line and column in the text.
fn locate_error(spec: &str, error: &mut Error) {
    match error {
        Error::Load(problem) => load::locate(spec, std::slice::from_mut(problem)),
        Error::Invalid(problems) => load::locate(spec, problems),
        Error::Internal { .. } => {}
    }
}

fn model_at_pointers(spec: &str, config: &Config) -> Result<model::Api, Error> {
    let loaded = load::load(spec)?;
    let lowered = validate::validate(&loaded, config.lenient).and_then(|warnings| {
        let mut api = lower::lower(&loaded.doc)?;
        api.warnings.splice(0..0, warnings);
        Ok(api)
    });
    let mut api = restore_locations(&loaded.origin, lowered)?;
    api.warnings.splice(0..0, loaded.warnings);
    Ok(api)
}

/// What the generator cannot compile in a document read for review: where and why, and the
/// spec's text there, as JSON.
#[derive(Debug, Clone)]
pub(crate) struct NotCompiled {
    pub(crate) problem: Problem,
    pub(crate) text: Option<String>,
}

/// A document read for review (`diff::read`): its model, and what the generator cannot
/// compile, each with where it is in the document as written and its text there (as JSON).
/// Only a document that cannot be loaded is refused: what validation or lowering would
/// refuse is read leniently, left out or kept as text (see `lower::review`), and listed.
pub(crate) fn review(spec: &str) -> Result<(model::Api, Vec<NotCompiled>), Error> {
    let loaded = load::load(spec).map_err(|mut error| {
        locate_error(spec, &mut error);
        error
    })?;
    // Strict, so that what lenient generation would repair is listed too; lowering repairs
    // it all the same.
    let (warnings, mut problems) = match validate::validate(&loaded, false) {
        Ok(warnings) => (warnings, Vec::new()),
        Err(Error::Invalid(problems)) => (Vec::new(), problems),
        Err(other) => return Err(other),
    };
    let (mut api, lowered) = lower::review(&loaded.doc);
    problems.extend(lowered);
    api.warnings.splice(0..0, warnings);
    let mut api = restore_locations(&loaded.origin, Ok(api))?;
    api.warnings.splice(0..0, loaded.warnings);
    let not_compiled = problems
        .into_iter()
        .map(|problem| {
            let text = problem
                .at
                .strip_prefix('#')
                .and_then(|at| loaded.raw.pointer(at))
                .map(serde_json::Value::to_string);
            NotCompiled { problem: loaded.origin.restore_problem(problem), text }
        })
        .collect();
    Ok((api, not_compiled))
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

//! `cargo xtask codegen`: spec → generator → files on disk, through one door
//! ([`ensure_files`]) that writes only what changed, atomically, or in check mode shows the
//! drift and the command that fixes it.

use generator::{Config, File, GENERATED_MARKER};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) struct Options {
    pub(crate) check: bool,
    pub(crate) lenient: bool,
    pub(crate) spec: Option<PathBuf>,
    pub(crate) out: Option<PathBuf>,
}

const DEFAULT_SPEC: &str = "spec/integration.yaml";
const DEFAULT_OUT: &str = "generated";

pub(crate) fn run(options: Options) -> Result<ExitCode, String> {
    let (spec_path, spec_shown) = match &options.spec {
        Some(path) => (path.clone(), path.display().to_string()),
        None => (crate::workspace_root()?.join(DEFAULT_SPEC), DEFAULT_SPEC.to_string()),
    };
    let out = match &options.out {
        Some(dir) => dir.clone(),
        None => crate::workspace_root()?.join(DEFAULT_OUT),
    };
    let mut command = String::from("cargo xtask codegen");
    if let Some(spec) = &options.spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = &options.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if options.lenient {
        command.push_str(" --lenient");
    }

    let spec = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read the spec {}: {e}", spec_path.display()))?;
    // A directory without a manifest becomes a crate of its own, named after the spec.
    let has_manifest = out.join("Cargo.toml").exists();
    let stem = spec_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let config = Config {
        spec_path: spec_shown.clone(),
        command: command.clone(),
        crate_name: String::new(),
        lenient: options.lenient,
    };
    let config = Config {
        crate_name: crate_name(&out)
            .unwrap_or_else(|| package_name(&title_of(&spec, &config), &stem).replace('-', "_")),
        ..config
    };
    let output = generator::generate(&spec, &config).map_err(|e| format!("{spec_shown}: {e}"))?;
    for warning in &output.warnings {
        eprintln!("warning: {spec_shown}: {warning}");
    }
    let mode = if options.check { Mode::Check } else { Mode::Write };
    let changes = ensure_files(&out, &output.files, mode)?;
    if mode == Mode::Write && !has_manifest {
        let manifest = generator::manifest(&package_name(&output.title, &stem), &output);
        write_atomically(&out.join("Cargo.toml"), &manifest)?;
        println!("wrote {}", out.join("Cargo.toml").display());
    }
    match (mode, changes) {
        (Mode::Check, 0) => {
            println!("{} is up to date with {spec_shown}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        (Mode::Check, n) => {
            eprintln!(
                "{n} generated file{} in {} differ from what {spec_shown} generates; run `{command}` to update them",
                if n == 1 { "" } else { "s" },
                out.display()
            );
            Ok(ExitCode::FAILURE)
        }
        (Mode::Write, 0) => {
            println!("{} is up to date with {spec_shown}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        (Mode::Write, n) => {
            println!("updated {n} file{} in {}", if n == 1 { "" } else { "s" }, out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Write,
    Check,
}

/// Makes `dir` hold exactly `files` among the files that carry the `@generated` header:
/// writes those that differ (each atomically), removes generated files no longer produced,
/// and never touches a file without the header. In [`Mode::Check`] it writes nothing and
/// prints a unified diff per difference. Returns the number of differences.
///
/// Every check happens before the first write, so a refusal leaves `dir` as it was.
pub(crate) fn ensure_files(dir: &Path, files: &[File], mode: Mode) -> Result<usize, String> {
    let mut changed: Vec<(PathBuf, Option<String>, &str)> = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        let current = match fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        if let Some(text) = &current
            && !text.starts_with(GENERATED_MARKER)
        {
            return Err(format!(
                "refusing to overwrite {}: it has no `{GENERATED_MARKER}` header, so it was not written by the generator",
                path.display()
            ));
        }
        if current.as_deref() != Some(file.contents.as_str()) {
            changed.push((path, current, &file.contents));
        }
    }
    let produced: BTreeSet<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    let mut stale = Vec::new();
    if dir.is_dir() {
        find_generated(dir, &mut stale)?;
    }
    stale.retain(|p| !produced.contains(p));
    stale.sort();

    let changes = changed.len() + stale.len();
    match mode {
        Mode::Check => {
            for (path, current, new) in &changed {
                let old = current.as_deref().unwrap_or("");
                let shown = path.display().to_string();
                let diff = similar::TextDiff::from_lines(old, *new);
                print!(
                    "{}",
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&format!("checked in: {shown}"), &format!("generated: {shown}"))
                );
                if current.is_none() {
                    println!("({shown} is missing)");
                }
            }
            for path in &stale {
                println!(
                    "--- checked in: {}\n+++ generated: (no longer generated; would be removed)",
                    path.display()
                );
            }
        }
        Mode::Write => {
            for (path, _, contents) in &changed {
                write_atomically(path, contents)?;
            }
            for path in &stale {
                fs::remove_file(path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        }
    }
    Ok(changes)
}

/// Every file under `dir` that starts with the `@generated` header, skipping `target` and
/// hidden directories.
fn find_generated(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type().map_err(|e| format!("cannot stat {}: {e}", path.display()))?;
        if kind.is_dir() {
            if name != "target" && !name.starts_with('.') {
                find_generated(&path, out)?;
            }
        } else if kind.is_file() && name.ends_with(".rs") {
            let starts_generated = fs::read(&path)
                .map(|bytes| bytes.starts_with(GENERATED_MARKER.as_bytes()))
                .unwrap_or(false);
            if starts_generated {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Writes beside the target, then renames over it, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".xtask-tmp");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, contents)
        .map_err(|e| format!("cannot write {}: {e}", temporary.display()))?;
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        format!("cannot replace {}: {e}", path.display())
    })
}

/// A package name from the spec's title (`Losant Integration API` → `losant-integration-api`),
/// or else from its file name.
pub(crate) fn package_name(title: &str, file_stem: &str) -> String {
    for candidate in [title, file_stem] {
        let name = generator::names::field_name(candidate).trim_matches('_').replace('_', "-");
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return name;
        }
    }
    "generated-client".to_string()
}

/// The spec's title, for naming the crate before the spec is generated; `model` reads it the
/// same way `generate` does, and a spec that does not load is reported by `generate`.
fn title_of(spec: &str, config: &Config) -> String {
    generator::model(spec, config).map(|api| api.title).unwrap_or_default()
}

/// The library name of the crate in `dir` (its `[lib] name`, else its package name with `_`).
fn crate_name(dir: &Path) -> Option<String> {
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut section = "";
    let mut package = None;
    let mut lib = None;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some(value) =
            line.strip_prefix("name").map(str::trim_start).and_then(|l| l.strip_prefix('='))
        else {
            continue;
        };
        let value = value.trim().trim_matches('"').replace('-', "_");
        match section {
            "[package]" => package = Some(value),
            "[lib]" => lib = Some(value),
            _ => {}
        }
    }
    lib.or(package)
}

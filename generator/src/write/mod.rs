//! Generated files → disk, through one door ([`ensure_files`]) that writes only what changed,
//! atomically, or in check mode shows the drift. The only module of the generator that touches
//! the file system: [`crate::generate`] itself does no I/O. Its three users:
//! - [`codegen`], one run of a command line (`openapi-rustgen`, `cargo xtask codegen`): a crate
//!   or a module, its manifest and its place in a workspace;
//! - [`build_script`], for a crate's `build.rs`;
//! - [`manifest`], the `Cargo.toml` of a new crate and what cargo makes of existing ones;
//! - [`Source`], a spec read from a file or from git, for comparing two versions.
//!
//! The files name the spec, and the command that regenerates them, by paths relative to the
//! root of the workspace they belong to (or to the crate, outside any workspace), so that they
//! are the same on every machine and from every directory.

mod build_script;
mod codegen;
pub mod manifest;
mod paths;
mod source;

pub use build_script::build_script;
pub use codegen::{PackageOptions, Report, Request, Target, codegen};
pub use source::Source;

use crate::{File, GENERATED_MARKER};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Whether [`ensure_files`] puts the files in place or only compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Writes nothing; prints what differs.
    Check,
}

/// Makes `dir` hold exactly `files` among the files that carry the `@generated` header:
/// writes those that differ (each atomically), removes generated files no longer produced,
/// and never touches a file without the header. In [`Mode::Check`] it writes nothing and
/// prints a unified diff per difference. Returns the number of differences.
///
/// Every check happens before the first write, so a refusal leaves `dir` as it was.
pub fn ensure_files(dir: &Path, files: &[File], mode: Mode) -> Result<usize, String> {
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
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".generator-tmp");
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
pub fn package_name(title: &str, file_stem: &str) -> String {
    for candidate in [title, file_stem] {
        let name = crate::names::field_name(candidate).trim_matches('_').replace('_', "-");
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return name;
        }
    }
    "generated-client".to_string()
}

//! Part 3: the size of what we generate: its lines, its own compile time, its dependency tree.

use crate::stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

/// Lines of a Rust file by kind. A line is blank when it holds only whitespace, a comment
/// when its first non-blank characters are `//` (which covers `///` and `//!` docs and the
/// `@generated` header), and code otherwise (attributes included). The generator writes no
/// `/* */` comments, so they are not looked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCount {
    pub code: usize,
    pub comment: usize,
    pub blank: usize,
}

impl LineCount {
    pub fn of(text: &str) -> LineCount {
        let mut count = LineCount::default();
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() {
                count.blank += 1;
            } else if line.starts_with("//") {
                count.comment += 1;
            } else {
                count.code += 1;
            }
        }
        count
    }

    pub fn total(&self) -> usize {
        self.code + self.comment + self.blank
    }

    pub fn add(&mut self, other: LineCount) {
        self.code += other.code;
        self.comment += other.comment;
        self.blank += other.blank;
    }
}

/// The generated crate's own rebuild time, with its dependencies built.
#[derive(Debug, Clone)]
pub struct CompileTime {
    /// `cargo build -p losant-integration` after touching `generated/src/lib.rs`, seconds.
    pub rebuild_s: Vec<f64>,
    /// The same command with nothing to do: cargo's own fixed cost within `rebuild_s`.
    pub noop_s: Vec<f64>,
}

impl CompileTime {
    pub fn rebuild_median(&self) -> f64 {
        stats::median(&mut self.rebuild_s.clone())
    }
    pub fn noop_median(&self) -> f64 {
        stats::median(&mut self.noop_s.clone())
    }
}

pub const CRATE: &str = "losant-integration";

/// The command whose time is measured, as shown in the report.
pub const BUILD_COMMAND: &str = "CARGO_INCREMENTAL=0 cargo build -p losant-integration";

/// Builds the generated crate once (so its dependencies are built with the same settings),
/// then `repetitions` times: touch `generated/src/lib.rs`, time the build; and as often, the
/// build with nothing to do.
pub fn compile_time(root: &Path, repetitions: usize) -> Result<CompileTime, String> {
    let lib = root.join("generated/src/lib.rs");
    cargo_build(root)?;
    let mut rebuild_s = Vec::new();
    let mut noop_s = Vec::new();
    for _ in 0..repetitions {
        touch(&lib)?;
        let start = Instant::now();
        cargo_build(root)?;
        rebuild_s.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        cargo_build(root)?;
        noop_s.push(start.elapsed().as_secs_f64());
    }
    Ok(CompileTime { rebuild_s, noop_s })
}

fn cargo_build(root: &Path) -> Result<(), String> {
    let output = cargo(root)
        .args(["build", "--quiet", "-p", CRATE])
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{BUILD_COMMAND}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(())
}

/// Sets the file's modification time to now, as `touch` does, without changing its content.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// The crates in the generated crate's dependency tree, counted two ways.
#[derive(Debug, Clone)]
pub struct DependencyCount {
    /// Distinct `name version` among normal dependencies (what the crate links), the crate
    /// itself excluded.
    pub normal: usize,
    /// The same with build dependencies (build scripts' own dependencies) included.
    pub normal_and_build: usize,
}

/// The exact commands, for the report.
pub const TREE_NORMAL: &str = "cargo tree -p losant-integration -e normal --prefix none";
pub const TREE_WITH_BUILD: &str = "cargo tree -p losant-integration -e normal,build --prefix none";

pub fn dependency_count(root: &Path) -> Result<DependencyCount, String> {
    Ok(DependencyCount {
        normal: tree_crates(root, "normal")?.len(),
        normal_and_build: tree_crates(root, "normal,build")?.len(),
    })
}

/// `name version` of every crate `cargo tree` lists, once each, without the root.
fn tree_crates(root: &Path, edges: &str) -> Result<BTreeSet<String>, String> {
    let output = cargo(root)
        .args(["tree", "-p", CRATE, "-e", edges, "--prefix", "none"])
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo tree failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(crates_in_tree(&String::from_utf8_lossy(&output.stdout)))
}

fn crates_in_tree(listing: &str) -> BTreeSet<String> {
    listing
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?;
            Some(format!("{name} {version}"))
        })
        .filter(|krate| !krate.starts_with(&format!("{CRATE} ")))
        .collect()
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_by_kind() {
        let text = "// @generated\n\n//! Crate docs.\n/// Docs.\n#[derive(Debug)]\npub struct A;\n   \n    // why\n    let x = \"// not a comment\";\n";
        assert_eq!(LineCount::of(text), LineCount { code: 3, comment: 4, blank: 2 });
    }

    #[test]
    fn tree_listing_counts_each_crate_once_without_the_root() {
        let listing = "losant-integration v0.1.0 (/w/generated)\nserde v1.0.229\nserde_derive v1.0.229 (proc-macro)\nserde v1.0.229 (*)\nregex v1.11.0\n";
        let crates = crates_in_tree(listing);
        assert_eq!(
            crates.into_iter().collect::<Vec<_>>(),
            ["regex v1.11.0", "serde v1.0.229", "serde_derive v1.0.229"]
        );
    }
}

//! `cargo xtask test`: installs what the tests need (a pinned Prism, from npm, into
//! `.tools/prism`), then runs `cargo test --workspace` with any further arguments.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The version of `@stoplight/prism-cli` the contract tests run against.
pub(crate) const PRISM_VERSION: &str = "5.16.0";

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let root = crate::workspace_root()?;
    let prism = ensure_prism(&root)?;
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&root)
        .args(["test", "--workspace"])
        .args(args)
        .env("PRISM_BIN", &prism)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The Prism binary under `.tools/prism`, installed with npm unless the pinned version is
/// already there.
fn ensure_prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join(".tools/prism");
    let bin = prefix.join("node_modules/.bin/prism");
    let manifest = prefix.join("node_modules/@stoplight/prism-cli/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{PRISM_VERSION}\"")));
    if installed && bin.exists() {
        return Ok(bin);
    }
    eprintln!("installing @stoplight/prism-cli@{PRISM_VERSION} into {} ...", prefix.display());
    std::fs::create_dir_all(&prefix)
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let status = Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error", "--save-exact"])
        .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() || !bin.exists() {
        return Err(format!("npm could not install @stoplight/prism-cli@{PRISM_VERSION}"));
    }
    Ok(bin)
}

/// `cargo xtask fuzz`: the generator's mutation fuzzer
/// (`generator/tests/fuzz.rs`) for N seconds (default 600), in release mode.
pub(crate) fn fuzz(seconds: u64, seed: u64) -> Result<ExitCode, String> {
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(crate::workspace_root()?)
        .args(["test", "--release", "-p", "generator", "--test", "fuzz", "--", "--nocapture"])
        .env("FUZZ_SECONDS", seconds.to_string())
        .env("FUZZ_SEED", seed.to_string())
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

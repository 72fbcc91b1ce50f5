//! `cargo xtask bench`: builds the benchmark crate (`bench/`) in release mode and runs it.
//! The xtask itself is a debug build, so measuring in it would measure the wrong thing.

use std::process::{Command, ExitCode};

pub(crate) fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let root = crate::workspace_root()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["run", "--release", "--quiet", "--package", "bench", "--"])
        .args(&args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

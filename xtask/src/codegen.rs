//! `cargo xtask codegen`: the generator's [`generator::write::codegen`] run on this
//! repository's spec and crate, or on the `--spec` and `--out` given.

use generator::write::{Mode, PackageOptions, Request, Target, codegen};
use std::path::PathBuf;
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
    let spec = match options.spec {
        Some(path) => path,
        None => crate::workspace_root()?.join(DEFAULT_SPEC),
    };
    let out = match options.out {
        Some(dir) => dir,
        None => crate::workspace_root()?.join(DEFAULT_OUT),
    };
    let request = Request {
        spec,
        target: Target::Crate(out),
        package: PackageOptions::default(),
        lenient: options.lenient,
        mode: if options.check { Mode::Check } else { Mode::Write },
        command: "cargo xtask codegen".into(),
        defaults: Some((DEFAULT_SPEC, DEFAULT_OUT)),
    };
    let report = codegen(&request)?;
    report.print();
    Ok(if report.drifted() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

//! `cargo xtask api-diff`: reads the two documents (files or `REV:PATH` in git), compares their
//! models with [`generator::diff`], whose module doc holds the rules, and prints the report.

use generator::diff::{FailOn, diff, markdown, read_both};
use generator::write::Source;
use std::process::ExitCode;

pub(crate) struct Options {
    /// `PATH` or `REV:PATH`; `None`: the spec at the merge base of `HEAD` and `main`.
    pub(crate) base: Option<String>,
    /// `PATH` or `REV:PATH`; `None`: the spec in the working tree.
    pub(crate) head: Option<String>,
    pub(crate) format: Format,
    /// Which changes make the command fail, if any.
    pub(crate) fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// To paste into a pull request.
    Markdown,
    Json,
}

const DEFAULT_SPEC: &str = "spec/integration.yaml";
const MAIN: &str = "main";

pub(crate) fn run(options: Options) -> Result<ExitCode, String> {
    let base = match &options.base {
        Some(arg) => Source::parse(arg),
        None => Source::at_merge_base(&crate::workspace_root()?, MAIN, DEFAULT_SPEC)?,
    };
    let head = match &options.head {
        Some(arg) => Source::parse(arg),
        None => Source::File {
            path: crate::workspace_root()?.join(DEFAULT_SPEC),
            label: DEFAULT_SPEC.to_string(),
        },
    };
    let (old, new) = (base.read()?, head.read()?);
    let (old, new) = read_both(&old, &new);
    let old = old.map_err(|e| e.display_in(base.label()).to_string())?;
    let new = new.map_err(|e| e.display_in(head.label()).to_string())?;
    let report = diff(&old, &new);
    match options.format {
        Format::Markdown => print!("{}", markdown(&report, base.label(), head.label())),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report.changes)
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            println!("{json}");
        }
    }
    if let Some(message) = options.fail_on.and_then(|fail_on| report.failure(fail_on)) {
        eprintln!("{message}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

//! `cargo xtask api-diff`: reads the two documents (files or `REV:PATH` in git), compares their
//! models with [`generator::diff`], whose module doc holds the rules, and prints the report.

use generator::diff::{diff, markdown};
use generator::model::Api;
use generator::write::Source;
use std::process::ExitCode;

pub(crate) struct Options {
    /// `PATH` or `REV:PATH`; `None`: the spec at the merge base of `HEAD` and `main`.
    pub(crate) base: Option<String>,
    /// `PATH` or `REV:PATH`; `None`: the spec in the working tree.
    pub(crate) head: Option<String>,
    pub(crate) format: Format,
    pub(crate) fail_on_breaking: bool,
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
    let old = load(&base)?;
    let new = load(&head)?;
    let changes = diff(&old, &new);
    match options.format {
        Format::Markdown => print!("{}", markdown(&changes, base.label(), head.label())),
        Format::Json => {
            let json = serde_json::to_string_pretty(&changes)
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            println!("{json}");
        }
    }
    let breaking = changes.iter().filter(|c| c.wire_breaking || c.rust_breaking).count();
    if options.fail_on_breaking && breaking > 0 {
        eprintln!(
            "{breaking} breaking change{} (--fail-on breaking)",
            if breaking == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn load(source: &Source) -> Result<Api, String> {
    let text = source.read()?;
    generator::model(&text, &generator::Config::default())
        .map_err(|e| format!("{}: {e}", source.label()))
}

//! `openapi-rustgen`: the generator as a command, for any OpenAPI document in any project.
//! Argument parsing and printing only: every run is the generator's own
//! ([`generator::write::codegen`], [`generator::diff`]), as `cargo xtask` runs it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use generator::write::{Mode, PackageOptions, Request, Source, Target, codegen};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_STATUS: &str = "\
Exit status:
  0  done: the files are written or up to date; no breaking change
  1  `check` found generated files that differ from what the spec generates, or
     `diff --fail-on WHAT` found a change that breaks what it names
  2  trouble: a bad argument, a spec that does not load or validate, or a file that
     cannot be read or written";

/// Generates a typed async Rust client from an OpenAPI 3.0 or 3.1 document: a crate of its
/// own, or a module of an existing crate.
#[derive(Parser)]
#[command(name = "openapi-rustgen", version, after_help = EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client into a crate (--out) or a module of an existing crate (--module).
    ///
    /// Writes only the files whose content changed, removes generated files no longer produced,
    /// and never touches a file without the `@generated` header. A new crate gets a Cargo.toml;
    /// inside a workspace it is added to the workspace's members, as `cargo new` does.
    #[command(after_help = EXIT_STATUS)]
    Generate {
        #[command(flatten)]
        target: TargetArgs,
        #[command(flatten)]
        package: PackageArgs,
    },
    /// Check that the generated files are what the spec generates; writes nothing.
    ///
    /// Prints a unified diff of every difference and the command that fixes it.
    #[command(after_help = EXIT_STATUS)]
    Check {
        #[command(flatten)]
        target: TargetArgs,
    },
    /// List what changed between two versions of a spec, and what breaks callers.
    ///
    /// Every change is judged twice: does it break callers on the wire, and does it break Rust
    /// code using the generated client.
    #[command(after_help = EXIT_STATUS)]
    Diff {
        /// The old spec: a file, or REV:PATH in git (like `main:api/openapi.yaml`).
        old: String,
        /// The new spec: a file, or REV:PATH in git.
        new: String,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Exit with status 1 when a change breaks callers of this kind.
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Option<FailOn>,
    },
}

#[derive(Args)]
struct TargetArgs {
    /// The OpenAPI 3.0 or 3.1 document, YAML or JSON.
    #[arg(long, value_name = "PATH")]
    spec: PathBuf,
    /// The crate directory to generate into (its src/); one without a Cargo.toml gets one.
    #[arg(long, value_name = "DIR", required_unless_present = "module")]
    out: Option<PathBuf>,
    /// A module folder of an existing crate to generate into (like src/petstore): mod.rs and
    /// its modules, no manifest.
    #[arg(long, value_name = "DIR", conflicts_with = "out")]
    module: Option<PathBuf>,
    /// Repair what breaks OpenAPI's rules but needs no guess (an undeclared path parameter, a
    /// duplicate operationId), with a warning for each.
    #[arg(long)]
    lenient: bool,
}

/// Only for a new crate: an existing crate's Cargo.toml is yours to edit.
#[derive(Args)]
struct PackageArgs {
    /// The new crate's package name [default: from the spec's title].
    #[arg(long, value_name = "NAME", conflicts_with = "module")]
    crate_name: Option<String>,
    /// The new crate's version [default: 0.1.0].
    #[arg(long, value_name = "VERSION", conflicts_with = "module")]
    crate_version: Option<String>,
    /// The new crate's `rust-version`, the oldest Rust it promises to build with [default: none].
    #[arg(long, value_name = "VERSION", conflicts_with = "module")]
    rust_version: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// To paste into a pull request.
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    /// A change that breaks callers on the wire.
    Wire,
    /// A change that breaks Rust code using the generated client.
    Rust,
    /// Either.
    Breaking,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { target, package } => generate(target, package, Mode::Write),
        Command::Check { target } => generate(target, PackageArgs::none(), Mode::Check),
        Command::Diff { old, new, format, fail_on } => diff(&old, &new, format, fail_on),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

impl PackageArgs {
    fn none() -> PackageArgs {
        PackageArgs { crate_name: None, crate_version: None, rust_version: None }
    }
}

fn generate(target: TargetArgs, package: PackageArgs, mode: Mode) -> Result<ExitCode, String> {
    let request = Request {
        spec: target.spec,
        target: match (target.out, target.module) {
            (_, Some(module)) => Target::Module(module),
            (Some(out), None) => Target::Crate(out),
            (None, None) => return Err("--out DIR or --module DIR is required".into()),
        },
        package: PackageOptions {
            name: package.crate_name,
            version: package.crate_version,
            rust_version: package.rust_version,
        },
        lenient: target.lenient,
        mode,
        command: "openapi-rustgen generate".into(),
        defaults: None,
    };
    let report = codegen(&request)?;
    report.print();
    Ok(if report.drifted() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn diff(old: &str, new: &str, format: Format, fail_on: Option<FailOn>) -> Result<ExitCode, String> {
    let (old, new) = (Source::parse(old), Source::parse(new));
    let (old_doc, new_doc) = generator::diff::read_both(&old.read()?, &new.read()?);
    let old_doc = old_doc.map_err(|e| e.display_in(old.label()).to_string())?;
    let new_doc = new_doc.map_err(|e| e.display_in(new.label()).to_string())?;
    let report = generator::diff::diff(&old_doc, &new_doc);
    match format {
        Format::Markdown => {
            print!("{}", generator::diff::markdown(&report, old.label(), new.label()));
        }
        Format::Json => {
            let json = serde_json::to_string_pretty(&report.changes)
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            println!("{json}");
        }
    }
    let fail_on = fail_on.map(|kind| match kind {
        FailOn::Wire => generator::diff::FailOn::Wire,
        FailOn::Rust => generator::diff::FailOn::Rust,
        FailOn::Breaking => generator::diff::FailOn::Breaking,
    });
    if let Some(message) = fail_on.and_then(|fail_on| report.failure(fail_on)) {
        eprintln!("{message}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

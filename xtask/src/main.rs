//! `cargo xtask <task>`: the project's own commands. See README.md.

mod api_diff;
mod bench;
mod codegen;
mod corpus;
mod fidelity;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// This repository's own commands: regenerate and check the client, test, compare specs,
/// benchmark. See README.md.
#[derive(Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate generated/ from spec/integration.yaml (or --spec into --out).
    Codegen {
        /// Write nothing; print a diff and fail if the checked-in code has drifted.
        #[arg(long)]
        check: bool,
        /// The OpenAPI 3.0 or 3.1 document [default: spec/integration.yaml].
        #[arg(long, value_name = "PATH")]
        spec: Option<PathBuf>,
        /// The crate directory that receives the generated files [default: generated]; one
        /// without a Cargo.toml gets one.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Repair what breaks OpenAPI's rules but needs no guess (an undeclared path
        /// parameter, a duplicate operationId), with a warning for each.
        #[arg(long)]
        lenient: bool,
    },
    /// Install the pinned Prism mock server (npm) into .tools/prism, then run
    /// `cargo test --workspace ARGS...` with PRISM_BIN pointing at it.
    Test {
        /// Passed to `cargo test`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Generate a crate for every OpenAPI document in DIR (default: ../shared/corpus and
    /// ../shared/corpus-3.1) and `cargo check` each with warnings denied; then measure decode
    /// fidelity there and fail below xtask/fidelity.txt (UPDATE_GOLDEN=1 rewrites it).
    Corpus { dir: Option<String> },
    /// Run the generator's mutation fuzzer.
    Fuzz {
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// List what changed between two specs, and what breaks callers on the wire and Rust code
    /// using the generated crate.
    ApiDiff {
        /// The old spec: a file PATH or REV:PATH in git [default: spec/integration.yaml at the
        /// merge base of HEAD and main].
        #[arg(long, value_name = "OLD")]
        base: Option<String>,
        /// The new spec: a file PATH or REV:PATH [default: spec/integration.yaml].
        #[arg(long, value_name = "NEW")]
        head: Option<String>,
        /// markdown, to paste into a pull request, or json.
        #[arg(long, value_enum, default_value_t = api_diff::Format::Markdown)]
        format: api_diff::Format,
        /// Exit with status 1 when any change breaks callers of this kind: wire (callers on
        /// the wire), rust (Rust code using the generated crate), or breaking (either).
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Option<FailOn>,
    },
    /// Run the benchmarks of issue 5 (release build, a few minutes) and rewrite BENCHMARKS.md
    /// and BENCHMARKS.svg.
    Bench {
        /// Few iterations, to try the harness; writes to target/bench/ instead.
        #[arg(long)]
        quick: bool,
        /// Only this part (repeatable); writes to target/bench/ instead.
        #[arg(long, value_enum, value_name = "PART")]
        only: Vec<BenchPart>,
        /// The OpenAPI corpus [default: ../shared/corpus beside the workspace].
        #[arg(long, value_name = "DIR")]
        corpus: Option<String>,
        /// The seed documents holding schemas.md [default: ../shared/seed].
        #[arg(long, value_name = "DIR")]
        seed: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Wire,
    Rust,
    Breaking,
}

impl From<FailOn> for generator::diff::FailOn {
    fn from(fail_on: FailOn) -> Self {
        match fail_on {
            FailOn::Wire => generator::diff::FailOn::Wire,
            FailOn::Rust => generator::diff::FailOn::Rust,
            FailOn::Breaking => generator::diff::FailOn::Breaking,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum BenchPart {
    Generator,
    Client,
    Size,
    Paging,
}

fn main() -> ExitCode {
    match run(Cli::parse().task) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<ExitCode, String> {
    match task {
        Task::Codegen { check, spec, out, lenient } => {
            codegen::run(codegen::Options { check, lenient, spec, out })
        }
        Task::Test { args } => test::run(&args),
        Task::Corpus { dir } => corpus::run(&dir.into_iter().collect::<Vec<_>>()),
        Task::Fuzz { seconds, seed } => test::fuzz(seconds, seed),
        Task::ApiDiff { base, head, format, fail_on } => api_diff::run(api_diff::Options {
            base,
            head,
            format,
            fail_on: fail_on.map(Into::into),
        }),
        Task::Bench { quick, only, corpus, seed } => {
            // The benchmark binary takes the arguments as given here.
            let mut args = Vec::new();
            if quick {
                args.push("--quick".to_string());
            }
            for part in only {
                let name = part.to_possible_value().map(|v| v.get_name().to_string());
                args.extend(["--only".to_string(), name.unwrap_or_default()]);
            }
            for (flag, value) in [("--corpus", corpus), ("--seed", seed)] {
                if let Some(value) = value {
                    args.extend([flag.to_string(), value]);
                }
            }
            bench::run(args)
        }
    }
}

/// The workspace `cargo xtask` works on: the nearest directory, from the current one up, whose
/// `Cargo.toml` declares `[workspace]`, as cargo finds it. Found when the task runs, not when
/// the xtask was built: checkouts that share a target directory share one xtask binary.
pub(crate) fn workspace_root() -> Result<PathBuf, String> {
    let here =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    for dir in here.ancestors() {
        let manifest = dir.join("Cargo.toml");
        match std::fs::read_to_string(&manifest) {
            Ok(text) if text.lines().any(|line| line.trim() == "[workspace]") => {
                return Ok(dir.to_path_buf());
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", manifest.display())),
        }
    }
    Err(format!(
        "{} is not inside a Cargo workspace: run `cargo xtask` in a checkout of this repository",
        here.display()
    ))
}

//! `cargo xtask <task>`: the project's own commands. See README.md.

mod api_diff;
mod bench;
mod codegen;
mod corpus;
mod fidelity;
mod test;

use generator::diff::FailOn;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--lenient]
       cargo xtask test [ARGS...]
       cargo xtask corpus [DIR]
       cargo xtask fuzz [--seconds N] [--seed S]
       cargo xtask api-diff [--base OLD] [--head NEW] [--format markdown|json] [--fail-on KIND]
       cargo xtask bench [--quick] [--only generator|client|size]... [--corpus DIR] [--seed DIR]

  codegen          regenerate generated/ from spec/integration.yaml
  --check          write nothing; print a diff and fail if the checked-in code has drifted
  --spec PATH      the OpenAPI 3.0 or 3.1 document to generate from (default: spec/integration.yaml)
  --out DIR        the crate directory that receives the generated files (default: generated);
                   one without a Cargo.toml gets one
  --lenient        repair what breaks OpenAPI's rules but needs no guess (an undeclared path
                   parameter, a duplicate operationId), with a warning for each

  test             install the pinned Prism mock server (npm) into .tools/prism, then run
                   `cargo test --workspace ARGS...` with PRISM_BIN pointing at it

  corpus           generate a crate for every OpenAPI document in DIR (default:
                   ../shared/corpus and ../shared/corpus-3.1) and `cargo check` each with
                   warnings denied; then measure decode fidelity there and fail below
                   xtask/fidelity.txt (UPDATE_GOLDEN=1 rewrites it)

  fuzz             run the generator's mutation fuzzer for N seconds (default 600)

  api-diff         list what changed between two specs, and what breaks callers on the wire
                   and Rust code using the generated crate
  --base OLD       the old spec: a file PATH or REV:PATH in git
                   (default: spec/integration.yaml at the merge base of HEAD and main)
  --head NEW       the new spec: a file PATH or REV:PATH (default: spec/integration.yaml)
  --format FORMAT  markdown, to paste into a pull request (default), or json
  --fail-on KIND    exit with status 1 when any change breaks callers of this kind: wire
                   (callers on the wire), rust (Rust code using the generated crate), or
                   breaking (either)

  bench            run the benchmarks of issue 5 (release build, a few minutes) and rewrite
                   BENCHMARKS.md and BENCHMARKS.svg
  --quick          few iterations, to try the harness; writes to target/bench/ instead
  --only PART      only this part: generator, client or size (repeatable); writes to
                   target/bench/ instead
  --corpus DIR     the OpenAPI corpus (default: ../shared/corpus beside the workspace)
  --seed DIR       the seed documents holding schemas.md (default: ../shared/seed)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((task, rest)) = args.split_first() else {
        return Err(format!("no task given\n{USAGE}"));
    };
    match task.as_str() {
        "codegen" => codegen::run(parse_codegen(rest)?),
        "test" => test::run(rest),
        "corpus" => corpus::run(rest),
        "fuzz" => test::fuzz(rest),
        "api-diff" => api_diff::run(parse_api_diff(rest)?),
        "bench" => bench::run(parse_bench(rest)?),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
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

fn parse_codegen(args: &[String]) -> Result<codegen::Options, String> {
    let mut options = codegen::Options { check: false, lenient: false, spec: None, out: None };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().map(PathBuf::from).ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => options.check = true,
            "--lenient" => options.lenient = true,
            "--spec" => options.spec = Some(value("--spec")?),
            "--out" => options.out = Some(value("--out")?),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

fn parse_api_diff(args: &[String]) -> Result<api_diff::Options, String> {
    let mut options = api_diff::Options {
        base: None,
        head: None,
        format: api_diff::Format::Markdown,
        fail_on: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--base" => options.base = Some(value("--base")?),
            "--head" => options.head = Some(value("--head")?),
            "--format" => {
                options.format = match value("--format")?.as_str() {
                    "markdown" => api_diff::Format::Markdown,
                    "json" => api_diff::Format::Json,
                    other => {
                        return Err(format!(
                            "--format must be `markdown` or `json`, not `{other}`\n{USAGE}"
                        ));
                    }
                }
            }
            "--fail-on" => {
                let value = value("--fail-on")?;
                let kinds = [FailOn::Wire, FailOn::Rust, FailOn::Breaking];
                match kinds.into_iter().find(|k| api_diff::fail_on_name(*k) == value) {
                    Some(kind) => options.fail_on = Some(kind),
                    None => {
                        return Err(format!(
                            "--fail-on must be `wire`, `rust` or `breaking`, not `{value}`\n{USAGE}"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Checks the arguments here, so that a typo fails before a release build starts; the
/// benchmark binary gets them as given.
fn parse_bench(args: &[String]) -> Result<Vec<String>, String> {
    let mut args_iter = args.iter();
    while let Some(arg) = args_iter.next() {
        match arg.as_str() {
            "--quick" => {}
            "--only" => match args_iter.next().map(String::as_str) {
                Some("generator" | "client" | "size") => {}
                Some(other) => return Err(format!("unknown part `{other}`\n{USAGE}")),
                None => return Err(format!("--only needs a value\n{USAGE}")),
            },
            "--corpus" | "--seed" => {
                if args_iter.next().is_none() {
                    return Err(format!("{arg} needs a value\n{USAGE}"));
                }
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(args.to_vec())
}

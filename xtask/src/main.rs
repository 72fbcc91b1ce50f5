//! `cargo xtask <task>`: the project's own commands. See README.md.

mod bench;
mod codegen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR]
       cargo xtask bench [--quick] [--only generator|client|size]... [--corpus DIR] [--seed DIR]

  codegen          regenerate generated/ from spec/integration.yaml
  --check          write nothing; print a diff and fail if the checked-in code has drifted
  --spec PATH      the OpenAPI 3.0 document to generate from (default: spec/integration.yaml)
  --out DIR        the crate directory that receives the generated files (default: generated)

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
        "bench" => bench::run(parse_bench(rest)?),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}

fn parse_codegen(args: &[String]) -> Result<codegen::Options, String> {
    let mut options = codegen::Options {
        check: false,
        spec: None,
        out: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" => options.spec = Some(value("--spec")?),
            "--out" => options.out = Some(value("--out")?),
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

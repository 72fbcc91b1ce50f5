//! The benchmark suite of issue 5, run by `cargo xtask bench` (which builds this crate in
//! release mode and runs it). Three parts: the generator's time and peak memory, the generated
//! client's overhead against a hand-written reqwest + serde baseline, and the size of the
//! generated code. A full run prints the report and writes `BENCHMARKS.md` and
//! `BENCHMARKS.svg` at the workspace root.

mod baseline;
mod client;
mod generation;
mod machine;
mod paging;
mod plot;
mod report;
mod server;
mod size;
mod stats;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
usage: cargo xtask bench [--quick] [--only generator|client|size|paging]... [--corpus DIR] [--seed DIR]

  (no option)   the full run: prints the report, writes BENCHMARKS.md and BENCHMARKS.svg
  --quick       few iterations, to try the harness; writes to target/bench/ instead
  --only PART   run only this part (repeatable); writes to target/bench/ instead
  --corpus DIR  the corpus of OpenAPI documents (default: ../shared/corpus beside the workspace)
  --seed DIR    the seed documents with schemas.md (default: ../shared/seed beside the workspace)";

/// The integration spec, relative to the workspace root.
pub const INTEGRATION_SPEC: &str = "spec/integration.yaml";

/// Synthetic spec sizes, in operations.
pub const SYNTHETIC_SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Generator,
    Client,
    Size,
    Paging,
}

pub struct Options {
    pub quick: bool,
    pub parts: Vec<Part>,
    pub corpus: PathBuf,
    pub seed: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        // The hidden task of the child processes of part 1.
        Some("__generate") => generation::child(&args[1..]).map(|()| ExitCode::SUCCESS),
        // One client alone, for a profiler; see client::profile.
        Some("__profile") => client::profile(&args[1..]).map(|()| ExitCode::SUCCESS),
        // One process's share of part 2; see client::run.
        Some("__client") => client::child(&args[1..]).map(|()| ExitCode::SUCCESS),
        // The child of part 4, whose peak memory is the walk's alone; see paging::run.
        Some("__paging") => paging::child(&args[1..]).map(|()| ExitCode::SUCCESS),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => parse(&args).and_then(run),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = workspace_root()?;
    let shared = root.parent().unwrap_or(&root).join("shared");
    let mut options = Options {
        quick: false,
        parts: Vec::new(),
        corpus: shared.join("corpus"),
        seed: shared.join("seed"),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next().cloned().ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--only" => options.parts.push(match value("--only")?.as_str() {
                "generator" => Part::Generator,
                "client" => Part::Client,
                "size" => Part::Size,
                "paging" => Part::Paging,
                other => return Err(format!("unknown part `{other}`\n{USAGE}")),
            }),
            "--corpus" => options.corpus = PathBuf::from(value("--corpus")?),
            "--seed" => options.seed = PathBuf::from(value("--seed")?),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Everything one run measured; a part that did not run is `None`.
pub struct Run {
    pub quick: bool,
    pub machine: machine::Machine,
    pub generation: Option<GenerationPart>,
    pub client: Option<Result<client::Results, String>>,
    pub size: Option<SizePart>,
    pub paging: Option<Result<paging::Report, String>>,
    /// CPU time other processes used while each part ran.
    pub load: Vec<(&'static str, machine::Load)>,
    pub elapsed: Duration,
}

pub struct GenerationPart {
    pub budget: generation::Budget,
    pub integration: Measured,
    /// Whether the integration spec's output is byte for byte the checked-in `generated/src`.
    pub matches_checked_in: Result<bool, String>,
    pub synthetic: Vec<(usize, Measured)>,
    /// Largest first; `Err` when the corpus could not be listed.
    pub corpus: Result<Vec<(String, Measured)>, String>,
}

/// One document's report, or why the child could not produce it.
pub type Measured = Result<generation::Report, String>;

pub struct SizePart {
    pub compile: Result<size::CompileTime, String>,
    pub dependencies: Result<size::DependencyCount, String>,
    pub repetitions: usize,
}

fn run(options: Options) -> Result<ExitCode, String> {
    let root = workspace_root()?;
    let started = std::time::Instant::now();
    let all = options.parts.is_empty();
    let wants = |part| all || options.parts.contains(&part);
    let write = all && !options.quick;
    let machine = machine::Machine::describe(&root);
    eprintln!(
        "bench: {} run on {} ({} cores)",
        if options.quick { "quick" } else { "full" },
        machine.cpu_model,
        machine.cores
    );
    let mut load = Vec::new();

    let generation = if wants(Part::Generator) {
        let before = machine::CpuSample::now();
        let part = run_generation(&root, &options);
        load.push(("generator", before.until_now()));
        Some(part)
    } else {
        None
    };

    let client = if wants(Part::Client) {
        let plan = if options.quick {
            client::Plan {
                processes: 2,
                warmup_calls: 100,
                latency_rounds: 4,
                latency_batch: 100,
                throughput_rounds: 4,
                throughput_requests: 640,
                in_flight: 64,
            }
        } else {
            client::Plan {
                processes: 6,
                warmup_calls: 1_000,
                latency_rounds: 20,
                latency_batch: 500,
                throughput_rounds: 40,
                throughput_requests: 1_600,
                in_flight: 64,
            }
        };
        let before = machine::CpuSample::now();
        let results = client::run(&options.seed.join("schemas.md"), plan);
        load.push(("client", before.until_now()));
        Some(results)
    } else {
        None
    };

    let size = if wants(Part::Size) {
        eprintln!("bench: compile time and dependency tree of the generated crate");
        let repetitions = if options.quick { 1 } else { 5 };
        let before = machine::CpuSample::now();
        let part = SizePart {
            compile: size::compile_time(&root, repetitions),
            dependencies: size::dependency_count(&root),
            repetitions,
        };
        load.push(("size", before.until_now()));
        Some(part)
    } else {
        None
    };

    let paging = if wants(Part::Paging) {
        eprintln!(
            "bench: every page of {} integrations, {} a page",
            paging::ITEMS,
            paging::PER_PAGE
        );
        let before = machine::CpuSample::now();
        let report = client::seed_examples(&options.seed.join("schemas.md"))
            .and_then(|(integration, _)| paging::run(&integration));
        load.push(("paging", before.until_now()));
        Some(report)
    } else {
        None
    };

    let run = Run {
        quick: options.quick,
        machine,
        generation,
        client,
        size,
        paging,
        load,
        elapsed: started.elapsed(),
    };
    let markdown = report::markdown(&run);
    println!("{markdown}");
    // Only a full run replaces the figures of record; others land in target/ to be looked at.
    let dir = if write { root.clone() } else { root.join("target/bench") };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in [("BENCHMARKS.md", markdown), ("BENCHMARKS.svg", report::svg(&run))] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("bench: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_generation(root: &Path, options: &Options) -> GenerationPart {
    let budget = if options.quick {
        generation::Budget {
            time: Duration::from_millis(200),
            min_iterations: 1,
            max_iterations: 20,
        }
    } else {
        generation::Budget { time: Duration::from_secs(2), min_iterations: 3, max_iterations: 200 }
    };
    eprintln!("bench: generating {INTEGRATION_SPEC}");
    let integration_input = generation::Input::File {
        label: INTEGRATION_SPEC.to_string(),
        path: root.join(INTEGRATION_SPEC),
    };
    let integration = generation::measure(&integration_input, budget, true);
    let matches_checked_in = match &integration {
        Ok(report) => match &report.outcome {
            generation::Outcome::Generated(generated) => {
                let mut same = true;
                for (path, contents) in generated.contents.iter().flatten() {
                    let checked_in = std::fs::read_to_string(root.join("generated").join(path))
                        .unwrap_or_default();
                    same &= &checked_in == contents;
                }
                Ok(same)
            }
            generation::Outcome::Refused { first_line, .. } => Err(first_line.clone()),
        },
        Err(e) => Err(e.clone()),
    };
    let synthetic = SYNTHETIC_SIZES
        .iter()
        .map(|&n| {
            eprintln!("bench: generating a synthetic spec of {n} operations");
            (n, generation::measure(&generation::Input::Synthetic(n), budget, false))
        })
        .collect();
    let corpus = generation::corpus_inputs(&options.corpus).map(|inputs| {
        inputs
            .into_iter()
            .map(|(input, _)| {
                eprintln!("bench: generating {}", input.label());
                (input.label(), generation::measure(&input, budget, false))
            })
            .collect()
    });
    GenerationPart { budget, integration, matches_checked_in, synthetic, corpus }
}

/// The workspace: the nearest directory, from the current one up, whose `Cargo.toml` declares
/// `[workspace]` (`cargo xtask bench` runs this binary in it). Found at run time, as the xtask
/// finds it, because checkouts that share a target directory share this binary.
fn workspace_root() -> Result<PathBuf, String> {
    let here =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    find_workspace(&here)
        .ok_or_else(|| format!("{} is not inside a Cargo workspace", here.display()))
}

fn find_workspace(from: &Path) -> Option<PathBuf> {
    from.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_the_one_the_binary_runs_in() {
        let member = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(find_workspace(&member.join("src")).as_deref(), member.parent());

        let other = std::env::temp_dir().join(format!("bench-checkout-{}", std::process::id()));
        std::fs::create_dir_all(other.join("spec")).unwrap();
        std::fs::write(other.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        let found = find_workspace(&other.join("spec"));
        std::fs::remove_dir_all(&other).unwrap();
        assert_eq!(found, Some(other));
    }
}

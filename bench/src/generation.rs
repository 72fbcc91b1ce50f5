//! Part 1: time and peak memory of generation.
//!
//! Each input is generated in a child process (this binary, run with the hidden
//! `__generate` task), so that one input's allocations cannot raise another's peak. The child
//! reads `VmHWM` (the peak resident set) from `/proc/self/status` before and after its first
//! generation, then repeats the generation for timing and reports one JSON line.

use crate::size::LineCount;
use crate::synthetic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Where a document comes from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, shown under `label`.
    File { label: String, path: PathBuf },
    /// [`synthetic::spec`] of this many operations, built by the child itself.
    Synthetic(usize),
}

impl Input {
    pub fn label(&self) -> String {
        match self {
            Input::File { label, .. } => label.clone(),
            Input::Synthetic(n) => format!("synthetic, {n} operations"),
        }
    }
}

/// What the child reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// Size of the document's text.
    pub bytes: usize,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome {
    Generated(Generated),
    /// The generator refused the document: `kind` is `unsupported`, `load error` or
    /// `generator bug`; `first_line` is the first line of its error, `first_problem` the
    /// second (the first located problem) when there is one.
    Refused {
        kind: String,
        first_line: String,
        first_problem: Option<String>,
        /// Time until the generator returned its error.
        time_ns: u64,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generated {
    pub operations: usize,
    pub types: usize,
    /// The first generation in a fresh process: includes first-use costs (page faults,
    /// lazily built tables).
    pub cold_ns: u64,
    /// Every further `generate` call, in order.
    pub warm_ns: Vec<u64>,
    /// `generator::model` alone (load, validate, lower), as many times as `warm_ns`, to split
    /// the time between the front end and emit + format.
    pub model_ns: Vec<u64>,
    /// `VmHWM` once the document's text is in memory, before generating.
    pub hwm_before_kib: u64,
    /// `VmHWM` after the first generation: the process's peak.
    pub hwm_kib: u64,
    /// Lines of each generated file, in the generator's order.
    pub files: Vec<(String, LineCount)>,
    /// The generated files' text, only when the child was asked for it.
    pub contents: Option<Vec<(String, String)>>,
}

/// How long the child spends repeating a generation after the first.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub time: Duration,
    pub min_iterations: usize,
    pub max_iterations: usize,
}

/// Runs the child for one input and returns what it reports.
pub fn measure(input: &Input, budget: Budget, keep_contents: bool) -> Result<Report, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut command = Command::new(exe);
    command.arg("__generate");
    match input {
        Input::File { label, path } => {
            command.arg("--spec").arg(path).arg("--label").arg(label);
        }
        Input::Synthetic(n) => {
            command.arg("--synthetic").arg(n.to_string());
        }
    }
    command
        .arg("--budget-ms")
        .arg(budget.time.as_millis().to_string())
        .arg("--min-iterations")
        .arg(budget.min_iterations.to_string())
        .arg("--max-iterations")
        .arg(budget.max_iterations.to_string());
    if keep_contents {
        command.arg("--keep-contents");
    }
    let output = command.output().map_err(|e| format!("cannot run the generation child: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the generation child for {} failed ({}): {}{}",
            input.label(),
            output.status,
            String::from_utf8_lossy(&output.stderr),
            stdout
        ));
    }
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).map_err(|e| {
        format!("the generation child for {} printed no report ({e}): {stdout}", input.label())
    })
}

/// The `__generate` task: what runs inside the child.
pub fn child(args: &[String]) -> Result<(), String> {
    let mut spec_path = None;
    let mut label = None;
    let mut synthetic_ops = None;
    let mut budget =
        Budget { time: Duration::from_secs(1), min_iterations: 3, max_iterations: 200 };
    let mut keep_contents = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
        let number =
            |text: String| text.parse::<u64>().map_err(|e| format!("{arg}: not a number: {e}"));
        match arg.as_str() {
            "--spec" => spec_path = Some(PathBuf::from(value()?)),
            "--label" => label = Some(value()?),
            "--synthetic" => synthetic_ops = Some(number(value()?)? as usize),
            "--budget-ms" => budget.time = Duration::from_millis(number(value()?)?),
            "--min-iterations" => budget.min_iterations = number(value()?)? as usize,
            "--max-iterations" => budget.max_iterations = number(value()?)? as usize,
            "--keep-contents" => keep_contents = true,
            other => return Err(format!("__generate: unknown argument `{other}`")),
        }
    }
    let (text, label) = match (spec_path, synthetic_ops) {
        (Some(path), None) => (
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            label.unwrap_or_else(|| path.display().to_string()),
        ),
        (None, Some(n)) => (synthetic::spec(n), format!("synthetic-{n}.yaml")),
        _ => return Err("__generate needs exactly one of --spec and --synthetic".into()),
    };
    let report = generate_here(&text, &label, budget, keep_contents)?;
    println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
    Ok(())
}

fn generate_here(
    text: &str,
    label: &str,
    budget: Budget,
    keep_contents: bool,
) -> Result<Report, String> {
    let config = config_for(label);
    let hwm_before_kib = vm_hwm_kib()?;
    let start = Instant::now();
    let first = generator::generate(text, &config);
    let cold = start.elapsed();
    let hwm_kib = vm_hwm_kib()?;
    let output = match first {
        Ok(output) => output,
        Err(error) => {
            let kind = match &error {
                generator::Error::Load { .. } => "load error",
                generator::Error::Invalid(_) => "unsupported",
                generator::Error::Internal { .. } => "generator bug",
            };
            let message = error.to_string();
            let mut lines = message.lines();
            return Ok(Report {
                bytes: text.len(),
                outcome: Outcome::Refused {
                    kind: kind.to_string(),
                    first_line: lines.next().unwrap_or_default().to_string(),
                    first_problem: lines.next().map(|l| l.trim().to_string()),
                    time_ns: cold.as_nanos() as u64,
                },
            });
        }
    };
    let iterations = ((budget.time.as_secs_f64() / cold.as_secs_f64().max(1e-9)) as usize)
        .clamp(budget.min_iterations, budget.max_iterations.max(budget.min_iterations));
    let mut warm_ns = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        let again = generator::generate(std::hint::black_box(text), &config);
        warm_ns.push(start.elapsed().as_nanos() as u64);
        if again.as_ref() != Ok(&output) {
            return Err(format!("{label}: a second generation gave different output"));
        }
    }
    let mut model_ns = Vec::with_capacity(iterations);
    let mut api = None;
    for _ in 0..iterations {
        let start = Instant::now();
        let model = generator::model(std::hint::black_box(text), &generator::Config::default());
        model_ns.push(start.elapsed().as_nanos() as u64);
        api = Some(model.map_err(|e| format!("{label}: model failed after generate worked: {e}"))?);
    }
    let api = match api {
        Some(api) => api,
        None => generator::model(text, &generator::Config::default()).map_err(|e| e.to_string())?,
    };
    let files = output.files.iter().map(|f| (f.path.clone(), LineCount::of(&f.contents))).collect();
    let contents = keep_contents
        .then(|| output.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect());
    Ok(Report {
        bytes: text.len(),
        outcome: Outcome::Generated(Generated {
            operations: api.operations.len(),
            types: api.types.len(),
            cold_ns: cold.as_nanos() as u64,
            warm_ns,
            model_ns,
            hwm_before_kib,
            hwm_kib,
            files,
            contents,
        }),
    })
}

/// The configuration `cargo xtask codegen` uses for the integration spec, so that its output
/// here is byte for byte the checked-in crate; other documents get the same shape of header.
fn config_for(label: &str) -> generator::Config {
    if label == crate::INTEGRATION_SPEC {
        generator::Config {
            spec_path: label.to_string(),
            command: "cargo xtask codegen".to_string(),
            crate_name: "losant_integration".to_string(),
            lenient: false,
            ..generator::Config::default()
        }
    } else {
        generator::Config {
            spec_path: label.to_string(),
            command: format!("cargo xtask codegen --spec {label}"),
            crate_name: "generated".to_string(),
            lenient: false,
            ..generator::Config::default()
        }
    }
}

/// The process's peak resident set so far, from `/proc/self/status`.
pub fn vm_hwm_kib() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM line in /proc/self/status".to_string())
}

/// The corpus documents, largest first.
pub fn corpus_inputs(dir: &Path) -> Result<Vec<(Input, u64)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        let is_spec = [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext));
        if !is_spec {
            continue;
        }
        let bytes =
            entry.metadata().map_err(|e| format!("cannot stat {}: {e}", path.display()))?.len();
        found.push((Input::File { label: format!("corpus/{name}"), path }, bytes));
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.label().cmp(&b.0.label())));
    Ok(found)
}

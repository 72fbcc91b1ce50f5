//! `cargo xtask corpus`: generates a crate for every document in `../shared/corpus/` (OpenAPI
//! 3.0) and `../shared/corpus-3.1/` (or the directory given), runs `cargo check` on each with
//! warnings denied, and prints a table: document, operations, generated lines, generation time,
//! compiles; then the generator's warnings. A document that breaks OpenAPI's rules in ways
//! `--lenient` repairs is generated with it, and its row says so. Fails when any does not compile.

use generator::write::{Mode, ensure_files, package_name};
use generator::{Config, Package};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

pub(crate) fn run(args: &[String]) -> Result<ExitCode, String> {
    let root = crate::workspace_root()?;
    let folders = match args {
        [] => vec![root.join("../shared/corpus"), root.join("../shared/corpus-3.1")],
        [dir] => vec![PathBuf::from(dir)],
        _ => return Err("usage: cargo xtask corpus [DIR]".into()),
    };
    let mut documents: Vec<PathBuf> = Vec::new();
    for corpus in &folders {
        let mut found: Vec<PathBuf> = fs::read_dir(corpus)
            .map_err(|e| format!("cannot list {}: {e}", corpus.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
            .collect();
        found.sort();
        documents.extend(found);
    }
    let out_root = root.join("target/corpus");
    // One target directory for all, so the dependencies are built once.
    let target_dir = root.join("target/corpus-target");

    println!("| document | operations | generated lines | generation | compiles |");
    println!("|---|---:|---:|---:|---|");
    let mut failures = 0;
    let mut warnings = Vec::new();
    for path in &documents {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let folder = path.parent().and_then(Path::file_name).unwrap_or_default();
        let shown = format!("{}/{stem}", folder.to_string_lossy());
        let row = check_document(path, &stem, &out_root.join(&stem), &target_dir);
        match row {
            Ok(row) => {
                if !row.compiles {
                    failures += 1;
                }
                let mode = if row.lenient { " (--lenient)" } else { "" };
                println!(
                    "| {shown} | {} | {} | {:.1} ms | {} |",
                    row.operations,
                    row.lines,
                    row.millis,
                    if row.compiles {
                        format!("yes{mode}")
                    } else {
                        format!("no{mode}: {}", row.detail)
                    }
                );
                warnings.extend(row.warnings.iter().map(|w| format!("{shown}: {w}")));
            }
            Err(e) => {
                failures += 1;
                println!("| {shown} | | | | no: {} |", e.lines().next().unwrap_or(""));
            }
        }
    }
    if !warnings.is_empty() {
        println!("\nwarnings (what the generator repaired, left out or does not check):");
        for warning in &warnings {
            println!("  {warning}");
        }
    }
    println!(
        "\n{} of {} documents generate a crate that `cargo check` accepts without warnings",
        documents.len() - failures,
        documents.len()
    );
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

struct Row {
    operations: usize,
    lines: usize,
    millis: f64,
    compiles: bool,
    detail: String,
    /// Generated with `--lenient`, the document being refused without it.
    lenient: bool,
    warnings: Vec<generator::Problem>,
}

fn check_document(path: &Path, stem: &str, out: &Path, target_dir: &Path) -> Result<Row, String> {
    let spec =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (api, lenient) = match generator::model(&spec, &Config::default()) {
        Ok(api) => (api, false),
        Err(_) => (
            generator::model(&spec, &Config { lenient: true, ..Config::default() })
                .map_err(|e| e.to_string())?,
            true,
        ),
    };
    let package = package_name(&api.title, stem);
    let config = Config {
        spec_path: path.display().to_string(),
        command: format!("cargo xtask codegen --spec {} --out {}", path.display(), out.display()),
        crate_name: package.replace('-', "_"),
        lenient,
        ..Config::default()
    };
    let started = Instant::now();
    let output = generator::generate(&spec, &config).map_err(|e| e.to_string())?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let package =
        Package { name: package, version: "0.1.0".into(), rust_version: None, standalone: true };
    fs::write(out.join("Cargo.toml"), generator::manifest(&package, &output))
        .map_err(|e| e.to_string())?;
    ensure_files(out, &output.files, Mode::Write)?;
    let lines = output.files.iter().map(|f| f.contents.lines().count()).sum();

    let check = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(out)
        .args(["check", "--quiet", "--all-features", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let stderr = String::from_utf8_lossy(&check.stderr);
    let detail = stderr
        .lines()
        .find(|l| l.contains("error") || l.contains("warning"))
        .unwrap_or("")
        .to_string();
    Ok(Row {
        operations: api.operations.len(),
        lines,
        millis,
        compiles: check.status.success(),
        detail,
        lenient,
        warnings: output.warnings,
    })
}

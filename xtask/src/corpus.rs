//! `cargo xtask corpus`: generates a crate for every document in `../shared/corpus/` (OpenAPI
//! 3.0) and `../shared/corpus-3.1/` (or the directory given), runs `cargo check` on each with
//! warnings denied, and prints a table: document, operations, generated lines, generation time,
//! compiles; then the generator's warnings. A document that breaks OpenAPI's rules in ways
//! `--lenient` repairs is generated with it, and its row says so. Fails when any does not compile.
//! Then measures the decode fidelity of every document (see `fidelity`), and fails when a
//! document regressed.

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
    let mut documents = Vec::new();
    for dir in &folders {
        documents.extend(self::documents(dir)?);
    }
    let out_root = root.join("target/corpus");
    let target_dir = target_dir()?;

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
    let fidelity_holds = crate::fidelity::run(&documents)?;
    Ok(if failures == 0 && fidelity_holds { ExitCode::SUCCESS } else { ExitCode::FAILURE })
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

/// The OpenAPI documents (`.json`, `.yaml`, `.yml`) in `dir`, sorted.
pub(crate) fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut documents: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .collect();
    documents.sort();
    Ok(documents)
}

/// The target directory of every corpus crate: one for all, so the dependencies are built
/// once.
pub(crate) fn target_dir() -> Result<PathBuf, String> {
    Ok(crate::workspace_root()?.join("target/corpus-target"))
}

/// A corpus document's crate, as [`write_crate`] left it.
pub(crate) struct Crate {
    pub(crate) api: generator::model::Api,
    /// The library's name, as Rust code names it.
    pub(crate) name: String,
    pub(crate) lines: usize,
    pub(crate) millis: f64,
    /// Generated with `--lenient`, the document being refused without it.
    pub(crate) lenient: bool,
    pub(crate) warnings: Vec<generator::Problem>,
}

/// Generates the crate of the document at `path` into `out`: its files, a manifest and a lock
/// file.
pub(crate) fn write_crate(path: &Path, stem: &str, out: &Path) -> Result<Crate, String> {
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
    // Named after the file, not the title: two documents with one title ("Swagger Petstore")
    // would be one package in the shared target directory, and cargo would take the crate
    // built for one as up to date for the other.
    let package = package_name(&format!("corpus {stem}"), stem);
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
    // The workspace's lock file, so that the crate builds with the versions the workspace
    // tests, the same on every machine and every day; cargo drops what the crate does not use.
    fs::copy(crate::workspace_root()?.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock into {}: {e}", out.display()))?;
    ensure_files(out, &output.files, Mode::Write)?;
    let lines = output.files.iter().map(|f| f.contents.lines().count()).sum();
    Ok(Crate { api, name: config.crate_name, lines, millis, lenient, warnings: output.warnings })
}

fn check_document(path: &Path, stem: &str, out: &Path, target_dir: &Path) -> Result<Row, String> {
    let written = write_crate(path, stem, out)?;
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
        operations: written.api.operations.len(),
        lines: written.lines,
        millis: written.millis,
        compiles: check.status.success(),
        detail,
        lenient: written.lenient,
        warnings: written.warnings,
    })
}

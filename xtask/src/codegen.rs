//! `cargo xtask codegen`: spec → generator → files on disk, through one door
//! (`generator::write::ensure_files`) that writes only what changed, atomically, or in check mode shows the
//! drift and the command that fixes it.

use generator::Config;
use generator::write::{Mode, crate_name, ensure_files, package_name, write_atomically};
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

pub(crate) struct Options {
    pub(crate) check: bool,
    pub(crate) lenient: bool,
    pub(crate) spec: Option<PathBuf>,
    pub(crate) out: Option<PathBuf>,
}

const DEFAULT_SPEC: &str = "spec/integration.yaml";
const DEFAULT_OUT: &str = "generated";

pub(crate) fn run(options: Options) -> Result<ExitCode, String> {
    let (spec_path, spec_shown) = match &options.spec {
        Some(path) => (path.clone(), path.display().to_string()),
        None => (crate::workspace_root()?.join(DEFAULT_SPEC), DEFAULT_SPEC.to_string()),
    };
    let out = match &options.out {
        Some(dir) => dir.clone(),
        None => crate::workspace_root()?.join(DEFAULT_OUT),
    };
    let mut command = String::from("cargo xtask codegen");
    if let Some(spec) = &options.spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = &options.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if options.lenient {
        command.push_str(" --lenient");
    }

    let spec = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read the spec {}: {e}", spec_path.display()))?;
    // A directory without a manifest becomes a crate of its own, named after the spec.
    let has_manifest = out.join("Cargo.toml").exists();
    let stem = spec_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let config = Config {
        spec_path: spec_shown.clone(),
        command: command.clone(),
        crate_name: String::new(),
        lenient: options.lenient,
    };
    let config = Config {
        crate_name: crate_name(&out)
            .unwrap_or_else(|| package_name(&title_of(&spec, &config), &stem).replace('-', "_")),
        ..config
    };
    let output = generator::generate(&spec, &config).map_err(|e| format!("{spec_shown}: {e}"))?;
    for warning in &output.warnings {
        eprintln!("warning: {spec_shown}: {warning}");
    }
    let mode = if options.check { Mode::Check } else { Mode::Write };
    let changes = ensure_files(&out, &output.files, mode)?;
    if mode == Mode::Write && !has_manifest {
        let manifest = generator::manifest(&package_name(&output.title, &stem), &output);
        write_atomically(&out.join("Cargo.toml"), &manifest)?;
        println!("wrote {}", out.join("Cargo.toml").display());
    }
    match (mode, changes) {
        (Mode::Check, 0) => {
            println!("{} is up to date with {spec_shown}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        (Mode::Check, n) => {
            eprintln!(
                "{n} generated file{} in {} differ from what {spec_shown} generates; run `{command}` to update them",
                if n == 1 { "" } else { "s" },
                out.display()
            );
            Ok(ExitCode::FAILURE)
        }
        (Mode::Write, 0) => {
            println!("{} is up to date with {spec_shown}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        (Mode::Write, n) => {
            println!("updated {n} file{} in {}", if n == 1 { "" } else { "s" }, out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The spec's title, for naming the crate before the spec is generated; `model` reads it the
/// same way `generate` does, and a spec that does not load is reported by `generate`.
fn title_of(spec: &str, config: &Config) -> String {
    generator::model(spec, config).map(|api| api.title).unwrap_or_default()
}

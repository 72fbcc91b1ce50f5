//! One run of a command-line door (`openapi-rustgen generate` or `check`, `cargo xtask
//! codegen`): the spec read, its files generated and put in place through [`ensure_files`],
//! and what a new crate or module needs around it: a manifest, a place in the workspace, or
//! word of the dependencies its crate lacks.

use super::manifest::{self, Manifest, Package};
use super::paths::{absolute, relative};
use super::{Mode, ensure_files, package_name, write_atomically};
use crate::{Config, Layout, Problem};
use std::fs;
use std::path::{Path, PathBuf};

/// What to generate, from which spec, into where.
#[derive(Debug, Clone)]
pub struct Request {
    /// The spec, as the user named it: relative to the current directory, or absolute.
    pub spec: PathBuf,
    pub target: Target,
    /// For a new crate: its name, version and `rust-version`, where the user chose them.
    pub package: PackageOptions,
    /// See [`Config::lenient`].
    pub lenient: bool,
    pub mode: Mode,
    /// The command that regenerates the files, without its arguments (`openapi-rustgen
    /// generate`): the `@generated` header names it with the arguments that this run had.
    pub command: String,
    /// The spec and output paths (relative to the workspace root) that `command` assumes when
    /// they are not given, left out of the command the header names.
    pub defaults: Option<(&'static str, &'static str)>,
}

/// Where the files go, as the user named it (relative to the current directory, or absolute).
#[derive(Debug, Clone)]
pub enum Target {
    /// A crate directory: its `src/` receives the files; without a `Cargo.toml` it gets one.
    Crate(PathBuf),
    /// The folder of a module inside an existing crate: it receives `mod.rs` and its modules.
    Module(PathBuf),
}

/// The user's choices for a new crate; what is not chosen is derived (the name from the spec's
/// title, version 0.1.0, no `rust-version`).
#[derive(Debug, Clone, Default)]
pub struct PackageOptions {
    pub name: Option<String>,
    pub version: Option<String>,
    pub rust_version: Option<String>,
}

/// What a run did, or in [`Mode::Check`] found, for the door to print.
#[derive(Debug, Clone)]
pub struct Report {
    pub mode: Mode,
    /// Generated files that differ from what the spec generates (check), or were written or
    /// removed (write).
    pub changes: usize,
    /// The generator's warnings: what it repaired, left out or does not check.
    pub warnings: Vec<Problem>,
    /// What the run did besides the generated files, and what is left to the user.
    pub notes: Vec<String>,
    /// The spec and the output folder, as the user named them.
    pub spec: String,
    pub out: String,
    /// The command the header names, and the directory it runs in: the root of the workspace
    /// that the output belongs to (the crate's own directory when it is in none).
    pub command: String,
    pub base: PathBuf,
}

impl Report {
    /// Prints the report as the doors show it: warnings on standard error, notes on standard
    /// output, and the closing line on the stream that fits it.
    pub fn print(&self) {
        for warning in &self.warnings {
            eprintln!("warning: {}", warning.display_in(&self.spec));
        }
        for note in &self.notes {
            println!("{note}");
        }
        if self.drifted() {
            eprintln!("{}", self.summary());
        } else {
            println!("{}", self.summary());
        }
    }

    /// Whether a check found files that differ from what the spec generates.
    pub fn drifted(&self) -> bool {
        self.mode == Mode::Check && self.changes > 0
    }

    /// The closing line: up to date, what was written, or what differs and how to fix it.
    pub fn summary(&self) -> String {
        let (n, s) = (self.changes, if self.changes == 1 { "" } else { "s" });
        match (self.mode, n) {
            (_, 0) => format!("{} is up to date with {}", self.out, self.spec),
            (Mode::Write, n) => format!("updated {n} file{s} in {}", self.out),
            (Mode::Check, n) => {
                let here = std::env::current_dir().ok().and_then(|d| absolute(&d).ok());
                let place = if here.as_deref() == Some(self.base.as_path()) {
                    String::new()
                } else {
                    format!(" in {}", self.base.display())
                };
                format!(
                    "{n} generated file{s} in {} differ from what {} generates; run `{}`{place} to update them",
                    self.out, self.spec, self.command
                )
            }
        }
    }
}

/// Generates the files for `request` and puts them in place, or in [`Mode::Check`] compares
/// them with what is there and writes nothing. Every check comes before the first write, so a
/// refusal (a bad spec, a hand-written file in the way) leaves everything as it was.
pub fn codegen(request: &Request) -> Result<Report, String> {
    let spec_shown = request.spec.display().to_string();
    let text = fs::read_to_string(&request.spec)
        .map_err(|e| format!("cannot read the spec {spec_shown}: {e}"))?;
    let spec = absolute(&request.spec)?;
    let place = match &request.target {
        Target::Crate(dir) => Place::of_crate(&absolute(dir)?, &request.package)?,
        Target::Module(dir) => Place::of_module(&absolute(dir)?, &request.package)?,
    };
    let (out_shown, flag) = match &request.target {
        Target::Crate(dir) => (dir.display().to_string(), "--out"),
        Target::Module(dir) => (dir.display().to_string(), "--module"),
    };
    let (spec_rel, out_rel) = (relative(&spec, &place.base), relative(&place.dir, &place.base));
    let mut command = request.command.clone();
    if request.defaults != Some((spec_rel.as_str(), out_rel.as_str())) {
        command.push_str(&format!(" --spec {spec_rel} {flag} {out_rel}"));
    }
    if request.lenient {
        command.push_str(" --lenient");
    }
    let mut config = Config {
        spec_path: spec_rel,
        command: command.clone(),
        crate_name: place.crate_name.clone().unwrap_or_default(),
        lenient: request.lenient,
        layout: place.layout,
    };
    let mut notes = Vec::new();
    // A new crate without a name given is named after the spec's title, or its file name.
    let mut derived_name = None;
    if place.crate_name.is_none() {
        let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let title = crate::model(&text, &config).map(|api| api.title).unwrap_or_default();
        let name = package_name(&title, &stem);
        config.crate_name = name.replace('-', "_");
        derived_name = Some(name);
    }
    let output =
        crate::generate(&text, &config).map_err(|e| e.display_in(&spec_shown).to_string())?;

    let mut manifest_text = None;
    if place.needs_manifest {
        let package = Package {
            name: request.package.name.clone().or(derived_name).unwrap_or_default(),
            version: request.package.version.clone().unwrap_or_else(|| "0.1.0".into()),
            rust_version: request.package.rust_version.clone(),
            standalone: place.workspace.is_none(),
        };
        if request.package.name.is_none() && request.mode == Mode::Write {
            notes.push(format!(
                "named the crate `{}` after the spec's title; --crate-name sets another",
                package.name
            ));
        }
        manifest_text = Some(manifest::manifest(&package, &output));
    }
    let joining = match &place.workspace {
        Some(ws) if place.needs_manifest && !ws.lists(&place.dir) => {
            let member = relative(&place.dir, ws.dir());
            Some((ws.path.clone(), ws.with_member(&member)?, member))
        }
        _ => None,
    };

    let module_existed = place.dir.join("mod.rs").exists();
    let changes = ensure_files(&place.dir, &output.files, request.mode)?;
    if request.mode == Mode::Write {
        if let Some(text) = &manifest_text {
            let path = place.dir.join("Cargo.toml");
            write_atomically(&path, text)?;
            notes.push(format!("wrote {}", Path::new(&out_shown).join("Cargo.toml").display()));
        }
        if let Some((path, text, member)) = &joining {
            write_atomically(path, text)?;
            notes.push(format!(
                "added `{member}` to the members of the workspace in {}",
                path.display()
            ));
        }
        if place.layout == Layout::Module {
            notes.extend(module_notes(&place, &output, module_existed)?);
        }
    }
    Ok(Report {
        mode: request.mode,
        changes,
        warnings: output.warnings,
        notes,
        spec: spec_shown,
        out: out_shown,
        command,
        base: place.base,
    })
}

/// Where the files of one run go, worked out before anything is generated.
struct Place {
    /// The output folder, absolute.
    dir: PathBuf,
    layout: Layout,
    /// The name the crate-level example uses; `None`: from the spec's title, for a new crate.
    crate_name: Option<String>,
    /// A crate directory without a manifest, which gets one.
    needs_manifest: bool,
    /// The workspace the crate belongs to, or will once it is listed.
    workspace: Option<Manifest>,
    /// The directory the header's paths are relative to: the workspace's root, else the crate's.
    base: PathBuf,
    /// For a module: the crate it is part of.
    owner: Option<Manifest>,
}

impl Place {
    fn of_crate(dir: &Path, options: &PackageOptions) -> Result<Place, String> {
        let existing = Manifest::read(dir)?;
        let crate_name = match &existing {
            Some(manifest) => {
                let name = manifest
                    .lib_name()
                    .ok_or_else(|| format!("{} names no package", manifest.path.display()))?;
                refuse_for_existing(options, &manifest.path, &name)?;
                Some(name)
            }
            None => match &options.name {
                Some(name) => Some(checked_name(name)?.replace('-', "_")),
                None => None,
            },
        };
        check_version(options)?;
        let workspace = manifest::workspace_of(dir)?;
        let base = workspace.as_ref().map_or(dir.to_path_buf(), |ws| ws.dir().to_path_buf());
        Ok(Place {
            dir: dir.to_path_buf(),
            layout: Layout::Crate,
            crate_name,
            needs_manifest: existing.is_none(),
            workspace,
            base,
            owner: None,
        })
    }

    fn of_module(dir: &Path, options: &PackageOptions) -> Result<Place, String> {
        if options.name.is_some() || options.version.is_some() || options.rust_version.is_some() {
            return Err("--crate-name, --crate-version and --rust-version are for a new crate \
                        (--out); a module belongs to the crate around it"
                .into());
        }
        let owner = manifest::crate_of(dir)?.ok_or_else(|| {
            format!(
                "{} is in no crate (no Cargo.toml with [package] above it); --out DIR makes a crate",
                dir.display()
            )
        })?;
        let workspace = manifest::workspace_of(owner.dir())?;
        let base = workspace.as_ref().map_or(owner.dir(), |ws| ws.dir()).to_path_buf();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Place {
            dir: dir.to_path_buf(),
            layout: Layout::Module,
            crate_name: Some(crate::names::field_name(&name)),
            needs_manifest: false,
            workspace,
            base,
            owner: Some(owner),
        })
    }
}

/// What a new module leaves to the user: declaring it, and the dependencies and feature its
/// crate lacks.
fn module_notes(
    place: &Place,
    output: &crate::Output,
    existed: bool,
) -> Result<Vec<String>, String> {
    let Some(owner) = &place.owner else { return Ok(Vec::new()) };
    let mut notes = Vec::new();
    if !existed {
        notes.push(format!(
            "declare the module where its folder is: `mod {};` (or `pub mod`)",
            place.crate_name.as_deref().unwrap_or_default()
        ));
    }
    let mut wanted = manifest::dependencies(output);
    wanted.push(manifest::MOCK_DEPENDENCY);
    wanted.push(manifest::TRACING_DEPENDENCY);
    let missing = owner.missing_dependencies(&wanted);
    if !missing.is_empty() {
        let lines: Vec<String> = missing.iter().map(|(n, r)| format!("  {n} = {r}")).collect();
        notes.push(format!(
            "{} lacks what the generated code uses; add to its [dependencies]:\n{}",
            owner.path.display(),
            lines.join("\n")
        ));
    }
    let features: Vec<String> = [
        ("blocking", manifest::BLOCKING_FEATURE),
        ("mock", manifest::MOCK_FEATURE),
        ("tracing", manifest::TRACING_FEATURE),
    ]
    .into_iter()
    .filter(|(name, _)| !owner.has_feature(name))
    .map(|(_, line)| format!("  {line}"))
    .collect();
    if !features.is_empty() {
        notes.push(format!(
            "for the blocking client, the mocks and the spans, add to the [features] of {} (without them, rustc warns of an unexpected `cfg`):\n{}",
            owner.path.display(),
            features.join("\n")
        ));
    }
    Ok(notes)
}

/// A choice for a new crate is refused, not ignored, when the crate exists: its manifest is
/// the user's to edit.
fn refuse_for_existing(options: &PackageOptions, path: &Path, name: &str) -> Result<(), String> {
    if let Some(wanted) = &options.name
        && wanted.replace('-', "_") != name
    {
        return Err(format!(
            "--crate-name {wanted}: {} names the crate `{name}`; change it there",
            path.display()
        ));
    }
    if options.version.is_some() || options.rust_version.is_some() {
        return Err(format!(
            "--crate-version and --rust-version are for a new crate; {} exists, edit it there",
            path.display()
        ));
    }
    Ok(())
}

/// A package name cargo accepts: ASCII letters, digits, `-` and `_`, starting with a letter.
fn checked_name(name: &str) -> Result<&str, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(format!(
            "--crate-name `{name}`: a crate name is ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// `--crate-version` is a semantic version (`1.2.3`, `0.1.0-alpha.1`) and `--rust-version` a
/// Rust version (`1.85` or `1.85.0`), as cargo requires.
fn check_version(options: &PackageOptions) -> Result<(), String> {
    let numbers = |text: &str, min: usize, max: usize| {
        let parts: Vec<&str> = text.split('.').collect();
        (min..=max).contains(&parts.len())
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    if let Some(version) = &options.version {
        let core = version.split(['-', '+']).next().unwrap_or_default();
        if !numbers(core, 3, 3) {
            return Err(format!(
                "--crate-version `{version}`: a version is MAJOR.MINOR.PATCH, like 0.1.0"
            ));
        }
    }
    if let Some(version) = &options.rust_version
        && !numbers(version, 2, 3)
    {
        return Err(format!("--rust-version `{version}`: a Rust version is like 1.85 or 1.85.0"));
    }
    Ok(())
}

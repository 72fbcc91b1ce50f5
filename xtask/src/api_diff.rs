//! `cargo xtask api-diff`: reads the two documents (files or `REV:PATH` in git), compares their
//! models with [`generator::diff`], whose module doc holds the rules, and prints the report.

use generator::diff::{Document, FailOn, diff, markdown, read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub(crate) struct Options {
    /// `PATH` or `REV:PATH`; `None`: the spec at the merge base of `HEAD` and `main`.
    pub(crate) base: Option<String>,
    /// `PATH` or `REV:PATH`; `None`: the spec in the working tree.
    pub(crate) head: Option<String>,
    pub(crate) format: Format,
    /// Which changes make the command fail, if any.
    pub(crate) fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Json,
}

const DEFAULT_SPEC: &str = "spec/integration.yaml";
const MAIN: &str = "main";

pub(crate) fn run(options: Options) -> Result<ExitCode, String> {
    let base = match &options.base {
        Some(arg) => Source::parse(arg),
        None => default_base(&crate::workspace_root()?)?,
    };
    let head = match &options.head {
        Some(arg) => Source::parse(arg),
        None => Source::File {
            path: crate::workspace_root()?.join(DEFAULT_SPEC),
            label: DEFAULT_SPEC.to_string(),
        },
    };
    // Each document is generated to compare the APIs of its client: both at once.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(&base));
        let new = load(&head);
        (old.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), new)
    });
    let (old, new) = (old?, new?);
    let report = diff(&old, &new);
    match options.format {
        Format::Markdown => print!("{}", markdown(&report, base.label(), head.label())),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report.changes)
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            println!("{json}");
        }
    }
    if let Some(fail_on) = options.fail_on {
        let failing = report.failing(fail_on);
        if failing > 0 {
            let kind = match fail_on {
                FailOn::Wire => "wire-breaking",
                FailOn::Rust => "Rust-breaking",
                FailOn::Breaking => "breaking",
            };
            eprintln!(
                "{failing} {kind} change{} (--fail-on {})",
                if failing == 1 { "" } else { "s" },
                fail_on_name(fail_on)
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The value of `--fail-on` that selects `fail_on`.
pub(crate) fn fail_on_name(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Wire => "wire",
        FailOn::Rust => "rust",
        FailOn::Breaking => "breaking",
    }
}

/// Where a document comes from: a file, or a path at a git revision.
enum Source {
    File {
        path: PathBuf,
        label: String,
    },
    Git {
        /// The directory git runs in; `None`: the current one.
        dir: Option<PathBuf>,
        rev: String,
        path: String,
        label: String,
    },
}

impl Source {
    /// `REV:PATH` when there is a `:` and no file of that name; otherwise a file path.
    fn parse(arg: &str) -> Source {
        if !Path::new(arg).exists()
            && let Some((rev, path)) = arg.split_once(':')
            && !rev.is_empty()
            && !path.is_empty()
        {
            return Source::Git {
                dir: None,
                rev: rev.to_string(),
                path: path.to_string(),
                label: arg.to_string(),
            };
        }
        Source::File { path: PathBuf::from(arg), label: arg.to_string() }
    }

    fn label(&self) -> &str {
        match self {
            Source::File { label, .. } | Source::Git { label, .. } => label,
        }
    }

    fn read(&self) -> Result<String, String> {
        match self {
            Source::File { path, label } => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the spec {label}: {e}")),
            Source::Git { dir, rev, path, label } => {
                git(dir.as_deref(), &["show", &format!("{rev}:{path}")])
                    .map_err(|e| format!("cannot read the spec {label} from git: {e}"))
            }
        }
    }
}

fn default_base(root: &Path) -> Result<Source, String> {
    let base = git(Some(root), &["merge-base", "HEAD", MAIN]).map_err(|e| {
        format!("cannot find the merge base of HEAD and {MAIN} ({e}); name the old spec with --base REV:PATH or --base PATH")
    })?;
    let rev = base.trim().to_string();
    let short = rev.get(..10).unwrap_or(&rev).to_string();
    Ok(Source::Git {
        dir: Some(root.to_path_buf()),
        label: format!("{short}:{DEFAULT_SPEC}"),
        rev,
        path: DEFAULT_SPEC.to_string(),
    })
}

fn load(source: &Source) -> Result<Document, String> {
    let text = source.read()?;
    read(&text).map_err(|e| format!("{}: {e}", source.label()))
}

/// Runs git and gives its standard output, or its standard error as the reason it failed.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(message.trim().to_string());
    }
    String::from_utf8(output.stdout).map_err(|_| "the file is not UTF-8".to_string())
}

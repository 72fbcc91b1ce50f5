//! Where a spec is read from: a file, or a path at a git revision (`REV:PATH`), for comparing
//! two versions of a document.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a document comes from: a file, or a path at a git revision.
pub enum Source {
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
    pub fn parse(arg: &str) -> Source {
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

    pub fn label(&self) -> &str {
        match self {
            Source::File { label, .. } | Source::Git { label, .. } => label,
        }
    }

    pub fn read(&self) -> Result<String, String> {
        match self {
            Source::File { path, label } => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the spec {label}: {e}")),
            Source::Git { dir, rev, path, label } => {
                git(dir.as_deref(), &["show", &format!("{rev}:{path}")])
                    .map_err(|e| format!("cannot read the spec {label} from git: {e}"))
            }
        }
    }

    /// `path` as it was where `HEAD` and `branch` last met, in the git repository at `root`:
    /// what a change on this branch is compared with.
    pub fn at_merge_base(root: &Path, branch: &str, path: &str) -> Result<Source, String> {
        let base = git(Some(root), &["merge-base", "HEAD", branch]).map_err(|e| {
            format!("cannot find the merge base of HEAD and {branch} ({e}); name the old spec with --base REV:PATH or --base PATH")
        })?;
        let rev = base.trim().to_string();
        let short = rev.get(..10).unwrap_or(&rev).to_string();
        Ok(Source::Git {
            dir: Some(root.to_path_buf()),
            label: format!("{short}:{path}"),
            rev,
            path: path.to_string(),
        })
    }
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

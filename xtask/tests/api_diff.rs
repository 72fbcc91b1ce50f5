//! `cargo xtask api-diff` as a reviewer runs it: the binary, on files and git revisions. What
//! it reports is the library's (`generator::diff`, tested case by case in
//! `generator/tests/diff.rs`); here: arguments, `REV:PATH`, the default base,
//! printing, `--fail-on` and exit statuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The library's cases: `old.yaml`, `new.yaml` and the expected reports.
fn cases_dir() -> PathBuf {
    root().join("generator/tests/diff")
}

/// Runs `xtask api-diff ARGS` in `dir`: the only caller of the command in these tests.
fn api_diff(dir: &Path, args: &[&str]) -> Output {
    // The git it runs must find the repository from `dir`, as a user's would (see `git`).
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_COMMON_DIR")
        .arg("api-diff")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Both formats print the library's report as it is, the markdown under the labels given.
#[test]
fn prints_the_report_in_each_format() {
    let case = cases_dir().join("not_breaking");
    for (format, file) in [("json", "expected.json"), ("markdown", "expected.md")] {
        let run =
            api_diff(&case, &["--base", "old.yaml", "--head", "new.yaml", "--format", format]);
        assert!(run.status.success(), "{format}: {}", text(&run));
        assert_eq!(stdout(&run), fs::read_to_string(case.join(file)).unwrap(), "{format}");
    }
    let run = api_diff(&case, &["--base", "old.yaml", "--head", "new.yaml"]);
    assert_eq!(stdout(&run), fs::read_to_string(case.join("expected.md")).unwrap(), "default");
}

/// A fresh directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "xtask-api-diff-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        fs::write(&path, contents).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The spec as committed at `HEAD`, read the way `REV:PATH` reads it.
fn committed_spec() -> String {
    let output = Command::new("git")
        .args(["show", "HEAD:spec/integration.yaml"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn rev_path_reads_the_spec_from_git_history() {
    let scratch = Scratch::new();
    let same = scratch.write("same.yaml", &committed_spec());
    let run = api_diff(
        &root(),
        &["--base", "HEAD:spec/integration.yaml", "--head", &same, "--format", "json"],
    );
    assert!(run.status.success(), "{}", text(&run));
    assert_eq!(stdout(&run), "[]\n", "HEAD against its own copy");

    let edited = committed_spec().replacen(
        "        enabled:\n          type: boolean\n",
        "        enabled:\n          type: boolean\n        credentialName:\n          type: string\n",
        1,
    );
    let edited = scratch.write("edited.yaml", &edited);
    let run = api_diff(
        &root(),
        &["--base", "HEAD:spec/integration.yaml", "--head", &edited, "--format", "json"],
    );
    assert!(run.status.success(), "{}", text(&run));
    let report = stdout(&run);
    assert!(report.contains(r#""rust_item": "Integration::credential_name""#), "{report}");
    assert!(
        report.contains(r##""at": "#/components/schemas/Integration/properties/credentialName""##),
        "{report}"
    );

    // The other way round, and with the working tree's spec as the default head: whatever
    // the working tree holds, both revisions are read and compared without error.
    let run = api_diff(&root(), &["--base", &edited, "--head", "HEAD:spec/integration.yaml"]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(
        stdout(&run).contains("`Integration::credential_name`: property `credentialName` removed"),
        "{}",
        text(&run)
    );
    let run = api_diff(&root(), &["--base", "HEAD:spec/integration.yaml"]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(
        stdout(&run).starts_with(
            "### API changes: `HEAD:spec/integration.yaml` → `spec/integration.yaml`\n"
        ),
        "{}",
        text(&run)
    );
}

/// Runs git in `dir`, as a committer whatever the machine's configuration. The variables git
/// sets for its hooks (`git rebase -x`, a pre-commit hook running the tests) would point it at
/// the repository that runs the tests instead of the scratch one in `dir`.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_COMMON_DIR")
        .args(["-c", "user.name=xtask test", "-c", "user.email=xtask@test", "-c"])
        .args(["commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", text(&output));
    String::from_utf8(output.stdout).unwrap()
}

/// Without `--base` and `--head`: the spec at the merge base of `HEAD` and `main` against the
/// working tree's, both in the checkout the command runs in.
#[test]
fn by_default_compares_the_merge_base_with_main_to_the_working_tree() {
    let scratch = Scratch::new();
    fs::copy(root().join("Cargo.toml"), scratch.0.join("Cargo.toml")).unwrap();
    fs::create_dir_all(scratch.0.join("spec")).unwrap();
    scratch.write("spec/integration.yaml", &committed_spec());
    git(&scratch.0, &["init", "--quiet", "--initial-branch=main"]);
    git(&scratch.0, &["add", "."]);
    git(&scratch.0, &["commit", "--quiet", "--message=base"]);
    let base = git(&scratch.0, &["rev-parse", "HEAD"]);
    git(&scratch.0, &["checkout", "--quiet", "-b", "feature"]);
    scratch.write("unrelated.txt", "a commit on the branch\n");
    git(&scratch.0, &["add", "."]);
    git(&scratch.0, &["commit", "--quiet", "--message=feature"]);
    let edited = committed_spec().replacen(
        "        enabled:\n          type: boolean\n",
        "        enabled:\n          type: boolean\n        credentialName:\n          type: string\n",
        1,
    );
    scratch.write("spec/integration.yaml", &edited);

    let run = api_diff(&scratch.0.join("spec"), &[]);
    let report = stdout(&run);
    assert!(run.status.success(), "{}", text(&run));
    let header = format!(
        "### API changes: `{}:spec/integration.yaml` → `spec/integration.yaml`\n",
        &base[..10]
    );
    assert!(report.starts_with(&header), "{report}");
    assert!(report.contains("property `credentialName` added"), "{report}");

    git(&scratch.0, &["branch", "--quiet", "--move", "main", "trunk"]);
    let run = api_diff(&scratch.0, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert!(
        text(&run).starts_with("error: cannot find the merge base of HEAD and main ("),
        "{}",
        text(&run)
    );
    assert!(text(&run).contains("name the old spec with --base REV:PATH"), "{}", text(&run));
}

/// `--fail-on KIND` fails when a change breaks callers of that kind, and only then.
#[test]
fn fail_on_sets_the_exit_status() {
    let cases = cases_dir();
    let runs = [
        ("no_change", None, 0),
        ("no_change", Some("breaking"), 0),
        ("not_breaking", Some("breaking"), 0),
        ("scopes", None, 0),
        ("scopes", Some("breaking"), 1),
        ("operations", Some("breaking"), 1),
        // Breaks callers on the wire only: patterns that refuse values they accepted.
        ("pattern_changes", Some("wire"), 1),
        ("pattern_changes", Some("rust"), 0),
        // Breaks Rust code only: a new error type, a new field.
        ("default_response", Some("wire"), 0),
        ("default_response", Some("rust"), 1),
        ("default_response", Some("breaking"), 1),
    ];
    for (case, fail_on, expected) in runs {
        let mut args = vec!["--base", "old.yaml", "--head", "new.yaml"];
        if let Some(kind) = fail_on {
            args.extend(["--fail-on", kind]);
        }
        let run = api_diff(&cases.join(case), &args);
        assert_eq!(
            run.status.code(),
            Some(expected),
            "{case}, --fail-on {fail_on:?}\n{}",
            text(&run)
        );
        if expected == 1 {
            let stderr = String::from_utf8_lossy(&run.stderr);
            let kind = fail_on.unwrap_or_default();
            assert!(stderr.contains(&format!("(--fail-on {kind})")), "{stderr}");
            assert!(stdout(&run).contains("#### Breaking"), "the report is printed too");
        }
    }
}

/// A document the generator refuses to generate from is still compared: the report names
/// what the generator could not compile, and compares it as the spec's text.
#[test]
fn a_document_the_generator_refuses_is_compared() {
    let scratch = Scratch::new();
    let good = scratch.write("good.yaml", &committed_spec());
    let dangling = scratch.write(
        "dangling.yaml",
        &committed_spec().replacen(
            "$ref: \"#/components/schemas/Integration\"",
            "$ref: \"#/components/schemas/Nope\"",
            1,
        ),
    );
    let run = api_diff(&root(), &["--base", &dangling, "--head", &good]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(
        stdout(&run).contains(
            "not compiled by the generator (unresolved $ref `#/components/schemas/Nope`), compared as text: removed"
        ),
        "{}",
        text(&run)
    );
}

/// Each kind of bad input: exit status 1 and an `error:` line that says where, never a panic.
#[test]
fn bad_input_fails_with_a_located_error() {
    let scratch = Scratch::new();
    let good = scratch.write("good.yaml", &committed_spec());
    let not_yaml = scratch.write("not_yaml.yaml", "openapi: 3.0.3\ninfo: [broken\n");
    let not_openapi = scratch.write("not_openapi.yaml", "openapi: 3.0.3\ninfo: 3\npaths: {}\n");
    let missing = scratch.0.join("missing.yaml").display().to_string();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--base", &missing, "--head", &good],
            format!("error: cannot read the spec {missing}: "),
        ),
        (
            vec!["--base", &good, "--head", &not_yaml],
            format!("error: {not_yaml}:3:1: not a YAML or JSON document"),
        ),
        (
            vec!["--base", &not_openapi, "--head", &good],
            format!(
                "error: {not_openapi}: 1 problem in the OpenAPI document:\n  {not_openapi}:2:1 #/info: expected an Info Object, found the number `3`"
            ),
        ),
        (
            vec!["--base", "no-such-revision:spec/integration.yaml", "--head", &good],
            "error: cannot read the spec no-such-revision:spec/integration.yaml from git: "
                .to_string(),
        ),
    ];
    for (args, expected) in cases {
        let run = api_diff(&root(), &args);
        let message = text(&run);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {message}");
        assert!(
            message.starts_with(&expected),
            "{args:?}: expected {expected:?} at the start of:\n{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
    // Bad arguments are refused by the parser, naming the argument, with status 2.
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--base", &good, "--format", "html"], "error: invalid value 'html' for '--format"),
        (
            vec!["--base", &good, "--fail-on", "warnings"],
            "error: invalid value 'warnings' for '--fail-on",
        ),
        (vec!["--base"], "error: a value is required for '--base <OLD>'"),
        (vec!["--bsae", &good], "error: unexpected argument '--bsae' found"),
    ];
    for (args, expected) in cases {
        let run = api_diff(&root(), &args);
        let message = text(&run);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {message}");
        assert!(message.starts_with(expected), "{args:?}: expected {expected:?} in:\n{message}");
    }
}

//! `cargo xtask codegen` as a maintainer runs it: the binary, on real directories.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fresh directory holding a copy of the spec, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "xtask-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(root().join("spec/integration.yaml"), dir.join("spec.yaml")).unwrap();
        Scratch(dir)
    }

    fn spec(&self) -> String {
        self.0.join("spec.yaml").display().to_string()
    }

    fn out(&self) -> String {
        self.0.join("out").display().to_string()
    }

    /// Runs `codegen --spec --out` in the scratch directory, outside any workspace: with both
    /// paths given, the task needs none.
    fn codegen(&self, check: bool) -> Output {
        let (spec, out) = (self.spec(), self.out());
        let mut args = vec!["codegen", "--spec", &spec, "--out", &out];
        if check {
            args.push("--check");
        }
        Command::new(env!("CARGO_BIN_EXE_xtask")).args(&args).current_dir(&self.0).output().unwrap()
    }

    /// Every file under `out`, with its contents.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), fs::read(&path).unwrap()));
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.0.join("out"), &mut files);
        files.sort();
        files
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn checked_in_code_is_what_the_generator_writes() {
    let output = xtask(&["codegen", "--check"]);
    assert!(
        output.status.success(),
        "generated/ has drifted from spec/integration.yaml; run `cargo xtask codegen` and commit the result:\n{}",
        text(&output)
    );
}

#[test]
fn check_fails_after_a_spec_edit_until_regenerated() {
    let scratch = Scratch::new();
    assert!(scratch.codegen(false).status.success());
    assert!(scratch.codegen(true).status.success(), "fresh output is up to date");

    let spec = fs::read_to_string(scratch.spec()).unwrap();
    let edited = spec.replacen(
        "        enabled:\n          type: boolean\n",
        "        enabled:\n          type: boolean\n        credentialName:\n          type: string\n",
        1,
    );
    assert_ne!(spec, edited);
    fs::write(scratch.spec(), edited).unwrap();

    let before = scratch.snapshot();
    let check = scratch.codegen(true);
    let report = text(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(report.contains("--- checked in: "), "{report}");
    assert!(report.contains("+++ generated: "), "{report}");
    assert!(report.contains("+    pub credential_name: Option<String>,"), "{report}");
    // The command as the header names it, with paths from the crate, which is in no workspace.
    let fix = format!("run `cargo xtask codegen --spec ../spec.yaml --out .` in {}", scratch.out());
    assert!(report.contains(&fix), "{report}");
    assert_eq!(before, scratch.snapshot(), "--check writes nothing");

    assert!(scratch.codegen(false).status.success());
    assert!(scratch.codegen(true).status.success());
    let types = fs::read_to_string(scratch.0.join("out/src/types.rs")).unwrap();
    assert!(types.contains("pub credential_name"));
}

#[test]
fn check_fails_after_a_hand_edit_of_a_generated_file() {
    let scratch = Scratch::new();
    assert!(scratch.codegen(false).status.success());
    let types = scratch.0.join("out/src/types.rs");
    let original = fs::read_to_string(&types).unwrap();
    fs::write(&types, original.replacen("pub name:", "pub renamed:", 1)).unwrap();

    let check = scratch.codegen(true);
    let report = text(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(report.contains("-    pub renamed:"), "{report}");
    assert!(report.contains("+    pub name:"), "{report}");

    assert!(scratch.codegen(false).status.success());
    assert_eq!(fs::read_to_string(&types).unwrap(), original, "regeneration restores the file");
}

#[test]
fn only_changed_files_are_written_and_stale_generated_files_removed() {
    let scratch = Scratch::new();
    assert!(scratch.codegen(false).status.success());
    let out = scratch.0.join("out");
    let stale = out.join("src/old.rs");
    fs::write(&stale, "// @generated by an earlier version; do not edit.\n").unwrap();
    let hand_written = out.join("src/notes.rs");
    fs::write(&hand_written, "// Hand-written.\n").unwrap();
    let lib_time = fs::metadata(out.join("src/lib.rs")).unwrap().modified().unwrap();

    let check = scratch.codegen(true);
    assert_eq!(check.status.code(), Some(1), "a stale generated file is drift");
    assert!(text(&check).contains("old.rs"));

    let run = scratch.codegen(false);
    assert!(run.status.success(), "{}", text(&run));
    assert!(!stale.exists(), "the stale generated file is removed");
    assert!(hand_written.exists(), "a file without the header is never touched");
    assert_eq!(
        fs::metadata(out.join("src/lib.rs")).unwrap().modified().unwrap(),
        lib_time,
        "unchanged files are not rewritten"
    );
}

#[test]
fn a_hand_written_file_in_the_way_is_never_overwritten() {
    let scratch = Scratch::new();
    let src = scratch.0.join("out/src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("types.rs"), "// Hand-written types.\n").unwrap();
    let before = scratch.snapshot();
    let run = scratch.codegen(false);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run).contains("refusing to overwrite"), "{}", text(&run));
    assert!(text(&run).contains("has no `// @generated` header"), "{}", text(&run));
    assert_eq!(before, scratch.snapshot(), "nothing was written");
}

/// Each kind of bad spec: exit status 1, an error naming where, and the output untouched.
#[test]
fn a_bad_spec_fails_with_a_location_and_leaves_the_output_untouched() {
    let scratch = Scratch::new();
    assert!(scratch.codegen(false).status.success());
    let before = scratch.snapshot();
    let good = fs::read_to_string(scratch.spec()).unwrap();
    let cases: Vec<(String, &str)> = vec![
        ("openapi: 3.0.3\ninfo: [broken\n".into(), "3:1: not a YAML or JSON document"),
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            "#/swagger: this is a Swagger 2.0 document",
        ),
        (
            good.replacen(
                "$ref: \"#/components/schemas/Integration\"",
                "$ref: \"#/components/schemas/Nope\"",
                1,
            ),
            "#/paths/~1applications~1{applicationId}~1integrations~1{integrationId}/get/responses/200/content/application~1json/schema/$ref: unresolved $ref `#/components/schemas/Nope`",
        ),
        (
            good.replacen("operationId: patchIntegration", "operationId: getIntegration", 1),
            "duplicate operationId `getIntegration`",
        ),
        (
            good.replacen(
                "/applications/{applicationId}/integrations/{integrationId}:",
                "/applications/{applicationId}/integrations/{integrationId}/{version}:",
                1,
            ),
            "path parameter `{version}` is used in the path but not declared",
        ),
    ];
    for (spec, expected) in cases {
        fs::write(scratch.spec(), &spec).unwrap();
        let run = scratch.codegen(false);
        let message = text(&run);
        assert_eq!(run.status.code(), Some(1), "{message}");
        assert!(message.contains(expected), "expected {expected:?} in:\n{message}");
        // `spec.yaml: ` before a list of problems, `spec.yaml:3:1` before one with a position.
        assert!(message.starts_with(&format!("error: {}:", scratch.spec())), "{message}");
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(before, scratch.snapshot(), "the output directory is untouched");
    }
}

#[test]
fn unknown_arguments_are_refused_with_usage() {
    let run = xtask(&["codegen", "--chek"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run).contains("unexpected argument '--chek'"), "{}", text(&run));
    assert!(text(&run).contains("Usage: cargo xtask codegen"), "{}", text(&run));
}

/// Every task has its help, which is not an error.
#[test]
fn every_task_has_help() {
    for task in ["codegen", "test", "corpus", "fuzz", "api-diff", "bench"] {
        let run = xtask(&[task, "--help"]);
        assert_eq!(run.status.code(), Some(0), "{task}: {}", text(&run));
        assert!(text(&run).contains(&format!("Usage: cargo xtask {task}")), "{}", text(&run));
    }
}

/// A copy of what `cargo xtask codegen` reads in a checkout: the workspace manifest, the
/// spec and the generated crate.
fn checkout(dir: &Path) {
    for file in ["Cargo.toml", "spec/integration.yaml", "generated/Cargo.toml"] {
        fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        fs::copy(root().join(file), dir.join(file)).unwrap();
    }
    fs::create_dir_all(dir.join("generated/src")).unwrap();
    for entry in fs::read_dir(root().join("generated/src")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join("generated/src").join(path.file_name().unwrap())).unwrap();
    }
}

/// Two checkouts sharing one target directory run one xtask binary: each run works on the
/// checkout it is run in, found from the current directory, not on the one it was built in.
#[test]
fn each_checkout_is_checked_by_the_same_binary() {
    let (first, second) = (Scratch::new(), Scratch::new());
    checkout(&first.0);
    checkout(&second.0);
    let spec = second.0.join("spec/integration.yaml");
    let edited = fs::read_to_string(&spec).unwrap().replacen(
        "        enabled:\n          type: boolean\n",
        "        enabled:\n          type: boolean\n        credentialName:\n          type: string\n",
        1,
    );
    fs::write(&spec, edited).unwrap();
    let check = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--check"])
            .current_dir(dir)
            .output()
            .unwrap()
    };

    let run = check(&first.0);
    assert!(run.status.success(), "{}", text(&run));
    let expected = format!("{} is up to date", first.0.join("generated").display());
    assert!(text(&run).contains(&expected), "{}", text(&run));

    // From a subdirectory too, as cargo runs it.
    let run = check(&second.0.join("spec"));
    let report = text(&run);
    assert_eq!(run.status.code(), Some(1), "{report}");
    assert!(report.contains("+    pub credential_name:"), "{report}");
    assert!(report.contains(&second.0.join("generated").display().to_string()), "{report}");
}

#[test]
fn outside_a_workspace_it_says_so() {
    let scratch = Scratch::new();
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(&scratch.0)
        .output()
        .unwrap();
    let message = text(&run);
    assert_eq!(run.status.code(), Some(1), "{message}");
    assert!(
        message.starts_with(&format!(
            "error: {} is not inside a Cargo workspace",
            scratch.0.display()
        )),
        "{message}"
    );
}

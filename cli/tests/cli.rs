//! `openapi-rustgen` as a user runs it: the installed binary, in directories outside this
//! repository, on the corpus's petstore.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs the binary with `args` in `dir`: the only caller of the command in these tests.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rustgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn succeeds(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert_eq!(output.status.code(), Some(0), "{args:?} in {}: {}", dir.display(), text(&output));
    text(&output)
}

/// A fresh directory outside the repository holding the corpus's petstore, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "openapi-rustgen-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::copy(root().join("../shared/corpus/petstore3.yaml"), dir.join("petstore3.yaml"))
            .unwrap();
        Scratch(dir)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir`, by its path from `dir`, with its contents.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push((
                    path.strip_prefix(base).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

#[test]
fn every_subcommand_has_help_and_the_exit_statuses() {
    let here = std::env::temp_dir();
    for args in [&["--help"][..], &["-h"], &["help"], &["--version"]] {
        succeeds(&here, args);
    }
    for command in ["generate", "check", "diff"] {
        for help in ["--help", "-h"] {
            let shown = succeeds(&here, &[command, help]);
            assert!(shown.contains(&format!("Usage: openapi-rustgen {command}")), "{shown}");
            assert!(shown.contains("Exit status:"), "{command} {help}: {shown}");
        }
    }
}

#[test]
fn a_bad_argument_exits_2_naming_it() {
    let here = std::env::temp_dir();
    let cases: &[(&[&str], &str)] = &[
        (&["generate", "--spec", "a.yaml", "--out", "x", "--chek"], "unexpected argument '--chek'"),
        (&["--verbose"], "unexpected argument '--verbose'"),
        (&["generat"], "unrecognized subcommand 'generat'"),
        (&["generate", "--out", "x"], "--spec <PATH>"),
        (&["check", "--spec", "a.yaml"], "--out <DIR>"),
        (
            &["generate", "--spec", "a", "--module", "m", "--crate-name", "n"],
            "'--crate-name <NAME>'",
        ),
        (&["diff", "a.yaml", "b.yaml", "--format", "html"], "invalid value 'html' for '--format"),
    ];
    for (args, named) in cases {
        let output = run(&here, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        assert!(text(&output).contains(named), "{args:?}: expected {named:?} in {}", text(&output));
    }
}

/// The generated files, manifest included, are byte for byte the same whichever directory the
/// command runs in and however the paths are written, and name no absolute path.
#[test]
fn output_is_the_same_from_every_directory() {
    let scratch = Scratch::new();
    let spec = scratch.path("petstore3.yaml");
    let out = scratch.path("petstore");
    let (spec_abs, out_abs) = (spec.to_str().unwrap(), out.to_str().unwrap());
    fs::create_dir_all(scratch.path("elsewhere")).unwrap();
    let ways: [(PathBuf, [&str; 4]); 4] = [
        (scratch.path(""), ["--spec", "petstore3.yaml", "--out", "petstore"]),
        (out.clone(), ["--spec", "../petstore3.yaml", "--out", "."]),
        (scratch.path("elsewhere"), ["--spec", "../petstore3.yaml", "--out", "../petstore"]),
        (PathBuf::from("/"), ["--spec", spec_abs, "--out", out_abs]),
    ];
    let mut first = None;
    for (dir, paths) in &ways {
        fs::create_dir_all(&out).unwrap();
        let mut args = vec!["generate"];
        args.extend(paths);
        succeeds(dir, &args);
        let files = snapshot(&out);
        for (path, contents) in &files {
            let contents = String::from_utf8_lossy(contents);
            assert!(!contents.contains(scratch.0.to_str().unwrap()), "{}", path.display());
        }
        match &first {
            None => first = Some(files),
            Some(first) => assert!(first == &files, "{args:?} in {} differs", dir.display()),
        }
        fs::remove_dir_all(&out).unwrap();
    }
    let files = first.unwrap();
    let lib =
        String::from_utf8_lossy(&files.iter().find(|(p, _)| p.ends_with("lib.rs")).unwrap().1)
            .into_owned();
    assert!(
        lib.starts_with("// @generated by `openapi-rustgen generate --spec ../petstore3.yaml --out .` from ../petstore3.yaml; do not edit.\n"),
        "{lib}"
    );
}

#[test]
fn the_crate_options_go_into_a_new_manifest_and_are_never_ignored() {
    let scratch = Scratch::new();
    let dir = &scratch.0;
    let shown = succeeds(
        dir,
        &[
            "generate",
            "--spec",
            "petstore3.yaml",
            "--out",
            "pets",
            "--crate-name",
            "pets_client",
            "--crate-version",
            "2.1.0",
            "--rust-version",
            "1.88",
        ],
    );
    assert!(!shown.contains("after the spec's title"), "{shown}");
    let manifest = fs::read_to_string(scratch.path("pets/Cargo.toml")).unwrap();
    for line in ["name = \"pets_client\"", "version = \"2.1.0\"", "rust-version = \"1.88\""] {
        assert!(manifest.contains(line), "{line} in {manifest}");
    }
    let lib = fs::read_to_string(scratch.path("pets/src/lib.rs")).unwrap();
    assert!(lib.contains("let client = pets_client::Client::new()"), "{lib}");

    // The manifest exists now: a different name or version is refused, not ignored.
    for (flag, value) in [("--crate-name", "other"), ("--crate-version", "3.0.0")] {
        let args = ["generate", "--spec", "petstore3.yaml", "--out", "pets", flag, value];
        let output = run(dir, &args);
        assert_eq!(output.status.code(), Some(2), "{flag}: {}", text(&output));
        assert!(text(&output).contains("pets/Cargo.toml"), "{}", text(&output));
    }
    for (flag, value) in [("--crate-version", "2.1"), ("--rust-version", "latest")] {
        let args = ["generate", "--spec", "petstore3.yaml", "--out", "new", flag, value];
        let output = run(dir, &args);
        assert_eq!(output.status.code(), Some(2), "{flag}: {}", text(&output));
        assert!(text(&output).contains(&format!("{flag} `{value}`")), "{}", text(&output));
        assert!(!scratch.path("new").exists(), "nothing is written");
    }
}

/// `check` fails on drift with the diff and the command that fixes it, and writes nothing.
#[test]
fn check_reports_drift_with_status_1() {
    let scratch = Scratch::new();
    let args = ["--spec", "petstore3.yaml", "--out", "petstore"];
    succeeds(&scratch.0, &[&["generate"][..], &args].concat());
    succeeds(&scratch.0, &[&["check"][..], &args].concat());
    let types = scratch.path("petstore/src/types.rs");
    let edited = fs::read_to_string(&types).unwrap().replacen("pub ", "pub(crate) ", 1);
    fs::write(&types, &edited).unwrap();
    let output = run(&scratch.0, &[&["check"][..], &args].concat());
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(shown.contains("--- checked in: "), "{shown}");
    let fix = "run `openapi-rustgen generate --spec ../petstore3.yaml --out .` in ";
    assert!(shown.contains(fix), "{shown}");
    assert_eq!(fs::read_to_string(&types).unwrap(), edited, "check writes nothing");
}

#[test]
fn diff_prints_the_report_and_fails_on_what_it_is_asked_to() {
    let cases = root().join("generator/tests/diff");
    let case = cases.join("not_breaking");
    let output = run(&case, &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let expected = fs::read_to_string(case.join("expected.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);

    let breaking = fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|dir| {
            fs::read_to_string(dir.join("expected.json"))
                .is_ok_and(|t| t.contains("\"wire_breaking\": true"))
        })
        .expect("a case with a breaking change");
    let args = ["diff", "old.yaml", "new.yaml", "--fail-on", "breaking"];
    let output = run(&breaking, &args);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("(--fail-on breaking)"), "{}", text(&output));

    // This case breaks Rust code only.
    let rust_only = cases.join("default_response");
    for (what, status) in [("wire", 0), ("rust", 1)] {
        let output = run(&rust_only, &["diff", "old.yaml", "new.yaml", "--fail-on", what]);
        assert_eq!(output.status.code(), Some(status), "--fail-on {what}: {}", text(&output));
    }
}

/// The lines a note tells the user to add to a manifest section, as printed: indented by two.
fn lines_to_add(notes: &str, section: &str) -> String {
    let start = notes
        .find(&format!("add to its {section}"))
        .or_else(|| notes.find(&format!("add to the {section}")));
    let rest = &notes[start.unwrap_or_else(|| panic!("no note for {section} in {notes}"))..];
    rest.lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| format!("{}\n", l.trim()))
        .collect()
}

/// The scenario, offline: a new crate from an empty directory, built; then a crate and
/// a module generated into an existing two-crate workspace, which builds with the workspace
/// member added and the module's dependencies added as the command says.
#[test]
fn new_crates_and_modules_build_in_and_out_of_a_workspace() {
    let scratch = Scratch::new();
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    // The dependencies are those the workspace builds with: its lock file and registry cache.
    let build = |dir: &Path, args: &[&str]| {
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["build", "--offline", "--quiet"])
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", root().join("target/cli-tests"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .unwrap();
        assert!(output.status.success(), "cargo build in {}: {}", dir.display(), text(&output));
    };

    fs::create_dir_all(scratch.path("empty")).unwrap();
    let shown = succeeds(
        &scratch.path("empty"),
        &["generate", "--spec", "../petstore3.yaml", "--out", "petstore"],
    );
    assert!(
        shown.contains("named the crate `swagger-petstore-open-api-3-0` after the spec's title"),
        "{shown}"
    );
    scratch.write("empty/petstore/Cargo.lock", &lock);
    build(&scratch.path("empty/petstore"), &[]);

    let workspace = "[workspace]\nresolver = \"3\"\n# The application and its core.\nmembers = [\"app\", \"core\"]\n";
    scratch.write("ws/Cargo.toml", workspace);
    scratch.write("ws/Cargo.lock", &lock);
    scratch.write(
        "ws/app/Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\ncore-lib = { path = \"../core\" }\npetstore = { path = \"../clients/petstore\" }\n",
    );
    scratch.write(
        "ws/app/src/main.rs",
        "fn main() {\n    let _ = petstore::Client::new();\n    println!(\"{}\", core_lib::answer());\n}\n",
    );
    let core = "[package]\nname = \"core-lib\"\nversion = \"0.1.0\"\nedition = \"2024\"\n";
    scratch.write("ws/core/Cargo.toml", core);
    scratch
        .write("ws/core/src/lib.rs", "pub mod petstore;\n\npub fn answer() -> u32 {\n    42\n}\n");

    let shown = succeeds(
        &scratch.path("ws"),
        &[
            "generate",
            "--spec",
            "../petstore3.yaml",
            "--out",
            "clients/petstore",
            "--crate-name",
            "petstore",
        ],
    );
    assert!(shown.contains("added `clients/petstore` to the members of the workspace"), "{shown}");
    let members = fs::read_to_string(scratch.path("ws/Cargo.toml")).unwrap();
    assert_eq!(
        members,
        workspace.replace("\"core\"]", "\"core\", \"clients/petstore\"]"),
        "comments and layout kept"
    );
    let manifest = fs::read_to_string(scratch.path("ws/clients/petstore/Cargo.toml")).unwrap();
    assert!(!manifest.contains("[workspace]"), "a member is not a workspace of its own");

    let notes = succeeds(
        &scratch.path("ws/core"),
        &["generate", "--spec", "../../petstore3.yaml", "--module", "src/petstore"],
    );
    let header = fs::read_to_string(scratch.path("ws/core/src/petstore/mod.rs")).unwrap();
    assert!(header.starts_with("// @generated by `openapi-rustgen generate --spec ../petstore3.yaml --module core/src/petstore` from ../petstore3.yaml;"), "{header}");
    let added = format!(
        "{core}\n[dependencies]\n{}\n[features]\n{}",
        lines_to_add(&notes, "[dependencies]"),
        lines_to_add(&notes, "[features]")
    );
    scratch.write("ws/core/Cargo.toml", &added);
    build(&scratch.path("ws"), &["--workspace", "--all-features"]);

    // Once its dependencies are there, the command has nothing more to say of the module
    // (the spec's warnings aside: its OAuth 2.0 scheme's flows are not generated).
    let again = succeeds(
        &scratch.path("ws/core"),
        &["generate", "--spec", "../../petstore3.yaml", "--module", "src/petstore"],
    );
    let said: Vec<&str> = again.lines().filter(|line| !line.starts_with("warning: ")).collect();
    assert_eq!(said, ["src/petstore is up to date with ../../petstore3.yaml"]);
}

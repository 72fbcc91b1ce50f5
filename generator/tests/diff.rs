//! Data-driven tests of `generator::diff`, its only caller here being [`check`]: each directory
//! `tests/diff/<case>/` holds `old.yaml`, `new.yaml` and `expected.json`, the changes as
//! `cargo xtask api-diff --format json` prints them; a case may also hold `expected.md`, the
//! markdown report. A new case is a new directory. Expected files are rewritten only when
//! `UPDATE_GOLDEN=1` is set (an `expected.md` only where one exists).

use generator::diff::{diff, markdown, read};
use std::fs;
use std::path::{Path, PathBuf};

const UPDATE: &str = "UPDATE_GOLDEN";

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    cases
}

/// Compares the reports of one case with its expected files; gives a unified diff for each
/// that differs, or rewrites it when asked to.
fn check(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let load = |file: &str| {
        let text = fs::read_to_string(case.join(file)).unwrap();
        read(&text).unwrap_or_else(|e| panic!("{name}/{file}: {e}"))
    };
    let report = diff(&load("old.yaml"), &load("new.yaml"));
    let json = serde_json::to_string_pretty(&report.changes).unwrap() + "\n";
    let reports = [("expected.json", Some(json)), ("expected.md", None)];
    let mut mismatches = Vec::new();
    for (file, actual) in reports {
        let path = case.join(file);
        let actual = match actual {
            Some(actual) => actual,
            None if path.exists() => markdown(&report, "old.yaml", "new.yaml"),
            None => continue,
        };
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if std::env::var_os(UPDATE).is_some() {
            fs::write(&path, &actual).unwrap();
            continue;
        }
        let shown = format!("{name}/{file}");
        let diff = similar::TextDiff::from_lines(&expected, &actual);
        mismatches.push(
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("expected: {shown}"), &format!("actual: {shown}"))
                .to_string(),
        );
    }
    mismatches
}

#[test]
fn reports_match_the_expected_files() {
    let mismatches: Vec<String> = cases().iter().flat_map(|case| check(case)).collect();
    assert!(
        mismatches.is_empty(),
        "{}\nif the change is intended, run `{UPDATE}=1 cargo test -p generator --test diff` and review the diff",
        mismatches.join("\n")
    );
}

//! Data-driven tests of `generate`, its only caller here being [`check`]:
//! - `tests/data/<case>.yaml` → the files under `tests/golden/<case>/` (compiled by
//!   `tests/golden_compiles.rs`), but for the runtime, which must be the runtime crate's
//!   source; rewritten only when `UPDATE_GOLDEN=1` is set;
//! - `tests/bad/<case>.yaml` (or `.json`) → the exact error message in `tests/bad/<case>.error`.

use generator::{Config, Error, GENERATED_MARKER, Output, generate};
use std::fs;
use std::path::{Path, PathBuf};

const UPDATE: &str = "UPDATE_GOLDEN";

/// The runtime every client gets; see [`runtime_mismatch`].
const RUNTIME: &str = "src/runtime.rs";
/// What the mocks share, which every client gets; see [`mock_support_mismatch`].
const MOCK_SUPPORT: &str = "src/mock_support.rs";
/// The pagers, which only clients with paged operations get, and the form and multipart
/// encoders, which only clients with such bodies get, each begin with the blank line before
/// the comment that opens them: after the first newline of these.
const RUNTIME_PAGES: &str = "\n\n// The pagers of paged operations";
const RUNTIME_FORMS: &str = "\n\n// The encoder of form bodies";
const RUNTIME_MULTIPART: &str = "\n\n// The encoder of multipart bodies";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The cases in `dir` with extension `ext`, by name.
fn cases(dir: &str, ext: &str) -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(tests_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in tests/{dir}");
    cases
}

fn check(case: &str, spec: &Path) -> Result<Output, Error> {
    let config = Config {
        spec_path: format!("generator/tests/data/{case}.yaml"),
        command: format!("{UPDATE}=1 cargo test -p generator --test golden"),
        crate_name: case.to_string(),
        // Cases named `lenient*` run with `--lenient`.
        lenient: case.starts_with("lenient"),
        ..Config::default()
    };
    let text = fs::read_to_string(spec).unwrap();
    let first = generate(&text, &config);
    assert_eq!(first, generate(&text, &config), "{case}: output differs between two runs");
    first
}

#[test]
fn golden_outputs() {
    let update = std::env::var_os(UPDATE).is_some();
    let mut mismatches = Vec::new();
    for (case, spec) in cases("data", "yaml") {
        let output = check(&case, &spec).unwrap_or_else(|e| panic!("{case}: {e}"));
        let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
        let expected_warnings =
            fs::read_to_string(spec.with_extension("warnings")).unwrap_or_default();
        if expected_warnings.lines().collect::<Vec<_>>() != warnings {
            if update {
                fs::write(
                    spec.with_extension("warnings"),
                    warnings.join("\n") + if warnings.is_empty() { "" } else { "\n" },
                )
                .unwrap();
            } else {
                mismatches.push(format!("{case}: warnings differ: {warnings:#?}"));
            }
        }
        let dir = tests_dir().join("golden").join(&case);
        let mut stored = Vec::new();
        for file in &output.files {
            if file.path == RUNTIME {
                mismatches.extend(runtime_mismatch(&case, &file.contents));
                continue;
            }
            if file.path == MOCK_SUPPORT {
                mismatches.extend(mock_support_mismatch(&case, &file.contents));
                continue;
            }
            let path = dir.join(&file.path);
            stored.push(path.clone());
            let expected = fs::read_to_string(&path).unwrap_or_default();
            if expected == file.contents {
                continue;
            }
            if update {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &file.contents).unwrap();
            } else {
                mismatches.push(diff(&path, &expected, &file.contents));
            }
        }
        for path in files_under(&dir).into_iter().filter(|p| !stored.contains(p)) {
            if update {
                fs::remove_file(&path).unwrap();
            } else {
                mismatches.push(format!(
                    "{}: not generated, or the runtime or mock_support, not stored per case\n",
                    path.display()
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "generated code differs from the golden files:\n{}\nif the change is intended, run `{UPDATE}=1 cargo test -p generator --test golden` and review the diff",
        mismatches.join("\n")
    );
}

/// The runtime a client gets is the same for every spec, so the golden files do not hold it:
/// it must be the runtime crate's source, where it is compiled and tested, under the
/// `@generated` header; whole, or without any of the pagers, the form encoder and the
/// multipart encoder at its end.
fn runtime_mismatch(case: &str, contents: &str) -> Option<String> {
    let path = tests_dir().join("../../runtime/src/runtime.rs").canonicalize().unwrap();
    let source = fs::read_to_string(&path).unwrap();
    let start = |marker: &str| source.find(marker).expect("the runtime holds its parts") + 1;
    let (pages, forms, multipart) =
        (start(RUNTIME_PAGES), start(RUNTIME_FORMS), start(RUNTIME_MULTIPART));
    let body = contents
        .split_once("\n\n")
        .filter(|(header, _)| header.starts_with(GENERATED_MARKER))
        .map_or(contents, |(_, body)| body);
    let expected = [
        (&source[..pages], true),
        (&source[pages..forms], body.contains(RUNTIME_PAGES)),
        (&source[forms..multipart], body.contains(RUNTIME_FORMS)),
        (&source[multipart..], body.contains(RUNTIME_MULTIPART)),
    ]
    .into_iter()
    .filter_map(|(part, kept)| kept.then_some(part))
    .collect::<String>();
    if body == expected {
        return None;
    }
    Some(format!(
        "{case}: {RUNTIME} is not the runtime crate's source unchanged, which the generator must write\n{}",
        diff(&path, &expected, body)
    ))
}

/// What the mocks share is the same for every spec too: the runtime crate's
/// `mock_support.rs`, unchanged under the `@generated` header.
fn mock_support_mismatch(case: &str, contents: &str) -> Option<String> {
    let path = tests_dir().join("../../runtime/src/mock_support.rs").canonicalize().unwrap();
    let source = fs::read_to_string(&path).unwrap();
    let body = contents
        .split_once("\n\n")
        .filter(|(header, _)| header.starts_with(GENERATED_MARKER))
        .map_or(contents, |(_, body)| body);
    (body != source).then(|| {
        format!(
            "{case}: {MOCK_SUPPORT} is not the runtime crate's mock_support.rs unchanged\n{}",
            diff(&path, &source, body)
        )
    })
}

/// Every file under `dir`, or none if there is no `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut files = Vec::new();
    for path in entries.map(|e| e.unwrap().path()) {
        if path.is_dir() { files.extend(files_under(&path)) } else { files.push(path) }
    }
    files
}

/// A unified diff from the golden file to the generated text.
fn diff(path: &Path, golden: &str, generated: &str) -> String {
    let shown = path.display();
    similar::TextDiff::from_lines(golden, generated)
        .unified_diff()
        .context_radius(3)
        .header(&format!("golden: {shown}"), &format!("generated: {shown}"))
        .to_string()
}

#[test]
fn bad_specs_fail_with_located_errors() {
    let update = std::env::var_os(UPDATE).is_some();
    let mut mismatches = Vec::new();
    let mut bad = cases("bad", "yaml");
    // JSON is read as YAML is, and located in its text the same way.
    bad.extend(cases("bad", "json"));
    for (case, spec) in bad {
        let message = match check(&case, &spec) {
            Ok(output) => {
                let warnings: Vec<String> =
                    output.warnings.iter().map(ToString::to_string).collect();
                format!("no error; {} warnings:\n  {}", warnings.len(), warnings.join("\n  "))
            }
            Err(e) => e.to_string(),
        };
        let path = spec.with_extension("error");
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected.trim_end() == message {
            continue;
        }
        if update {
            fs::write(&path, format!("{message}\n")).unwrap();
        } else {
            mismatches.push(format!(
                "{case}:\n  expected: {}\n  actual:   {message}",
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The manifest written for `--out` crates asks for the versions the workspace builds and
/// tests the generated code with.
#[test]
fn manifest_versions_match_the_workspace() {
    let workspace =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml")).unwrap();
    let mut output = Output {
        files: Vec::new(),
        title: String::new(),
        warnings: Vec::new(),
        needs_regress: true,
        needs_futures_core: true,
        needs_multipart: true,
    };
    let package = generator::Package {
        name: "x".into(),
        version: "0.1.0".into(),
        rust_version: None,
        standalone: true,
    };
    let manifest = generator::manifest(&package, &output);
    let version = |text: &str, name: &str| -> Option<String> {
        let line = text.lines().find(|l| l.starts_with(&format!("{name} = ")))?;
        let start = line.find('"')? + 1;
        let end = start + line[start..].find('"')?;
        Some(line[start..end].to_string())
    };
    let names = ["bytes", "chrono", "fastrand", "form_urlencoded", "httpdate", "regress"];
    for name in names.into_iter().chain(["reqwest", "serde", "serde_json", "tokio", "wiremock"]) {
        let wanted =
            version(&manifest, name).unwrap_or_else(|| panic!("the manifest lists no {name}"));
        assert_eq!(
            version(&workspace, name),
            Some(wanted),
            "{name}: the manifest and the workspace disagree"
        );
    }
    // Without it, a number can come back one ulp off what was received.
    let serde_json = manifest.lines().find(|l| l.starts_with("serde_json = ")).unwrap();
    assert!(serde_json.contains("\"float_roundtrip\""), "{serde_json}");
    // The mocks are a feature, which docs.rs shows.
    assert!(manifest.contains("\nmock = [\"dep:wiremock\"]\n"), "{manifest}");
    assert!(manifest.contains("[package.metadata.docs.rs]\nall-features = true\n"), "{manifest}");
    // reqwest's `multipart` feature only for a client that sends multipart bodies.
    let reqwest = |manifest: &str| {
        manifest.lines().find(|l| l.starts_with("reqwest = ")).unwrap().to_string()
    };
    assert!(reqwest(&manifest).contains("\"multipart\""), "{manifest}");
    output.needs_multipart = false;
    let manifest = generator::manifest(&package, &output);
    assert!(!reqwest(&manifest).contains("multipart"), "{manifest}");
}

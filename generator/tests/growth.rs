//! Code written against a generated crate keeps compiling when the spec grows as specs do
//! (issue 12): each directory `tests/growth/<case>/` holds `old.yaml`, `new.yaml` and
//! `caller.rs`, code that uses the crate of `old.yaml` (as the library `client`). The caller is
//! checked against the crate of `old.yaml`, then against the crate of `new.yaml`; both must
//! compile, warnings denied. A case that holds `breaks.txt` is a change that must break the
//! caller: checking against the new crate must fail with that line (an error `cargo check`
//! prints), so that this test can tell a break from growth.
//!
//! A new case is a new directory; a new kind of growth (an optional query parameter) can as
//! well be added to `new.yaml` of a case, with the calls that use it in `caller.rs`.
//!
//! The crates are written under `target/growth/<case>/` and checked with the target
//! directory `cargo xtask corpus` uses, so that their dependencies are built once.

use generator::write::{Mode, ensure_files};
use generator::{Config, Package, generate, manifest};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn callers_compile_after_the_spec_grows() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/growth");
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in tests/growth");
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Checks the caller of one case against the crate of `old.yaml`, then of `new.yaml`.
fn check(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let root = workspace().join("target/growth").join(&name);
    let caller = root.join("caller");
    fs::create_dir_all(caller.join("src")).unwrap();
    fs::write(caller.join("Cargo.toml"), caller_manifest(&name)).unwrap();
    fs::copy(workspace().join("Cargo.lock"), caller.join("Cargo.lock")).unwrap();
    fs::copy(case.join("caller.rs"), caller.join("src/lib.rs")).unwrap();

    write_client(&case.join("old.yaml"), &name, &root.join("client"))?;
    cargo_check(&caller).map_err(|e| {
        format!("{name}: the caller does not compile against old.yaml's crate:\n{e}")
    })?;
    write_client(&case.join("new.yaml"), &name, &root.join("client"))?;
    let after = cargo_check(&caller);
    match fs::read_to_string(case.join("breaks.txt")) {
        Err(_) => after.map_err(|e| {
            format!("{name}: the caller no longer compiles against new.yaml's crate:\n{e}")
        }),
        Ok(expected) => match after {
            Ok(()) => Err(format!(
                "{name}: the caller still compiles against new.yaml's crate, but breaks.txt expects:\n{expected}"
            )),
            Err(e) if e.contains(expected.trim()) => Ok(()),
            Err(e) => Err(format!(
                "{name}: the caller breaks otherwise than breaks.txt expects ({}):\n{e}",
                expected.trim()
            )),
        },
    }
}

/// Generates the crate of `spec` into `out`, as `cargo xtask codegen` would.
fn write_client(spec: &Path, case: &str, out: &Path) -> Result<(), String> {
    let text = fs::read_to_string(spec).unwrap();
    let package = format!("growth-{}", case.replace('_', "-"));
    let config = Config { crate_name: package.replace('-', "_"), ..Config::default() };
    let output = generate(&text, &config).map_err(|e| format!("{}: {e}", spec.display()))?;
    fs::create_dir_all(out).unwrap();
    let package =
        Package { name: package, version: "0.1.0".into(), rust_version: None, standalone: true };
    fs::write(out.join("Cargo.toml"), manifest(&package, &output)).unwrap();
    ensure_files(out, &output.files, Mode::Write)?;
    Ok(())
}

/// The caller's manifest: a library that names the generated crate `client`.
fn caller_manifest(case: &str) -> String {
    let case = case.replace('_', "-");
    format!(
        "[package]\nname = \"growth-{case}-caller\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nclient = {{ package = \"growth-{case}\", path = \"../client\" }}\n\n[workspace]\n"
    )
}

/// `cargo check` of the caller, warnings denied: what cargo printed when it fails.
fn cargo_check(dir: &Path) -> Result<(), String> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(dir)
        .args(["check", "--quiet", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", workspace().join("target/corpus-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    match output.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

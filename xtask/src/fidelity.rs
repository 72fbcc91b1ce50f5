//! Decode fidelity: whether the types generated for a document hold every value its schemas
//! allow. For each component schema of each document, instances are drawn from a seeded
//! generator (`instances`), confirmed valid by an independent JSON Schema validator
//! (`judge.py`, the Python `jsonschema` package, pinned), decoded into the generated type
//! and encoded back by a program built against the generated crate (`harness`), and
//! compared with what was sent. An instance counts as typed when it comes back as the same
//! JSON value and nothing of it landed in a catch-all variant (`Unknown(..)`).
//!
//! `cargo xtask corpus` runs it and prints a table; it fails when a document types fewer
//! instances than `xtask/fidelity.txt` records (`UPDATE_GOLDEN=1` rewrites the file).

mod harness;
mod instances;
mod schemas;

use crate::corpus;
use generator::model::{Api, TypeKind};
use schemas::{Schemas, component_ref};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Instances drawn per component schema (fewer where the schema has fewer distinct values).
const PER_SCHEMA: usize = 20;

/// The recorded figures, one line per document.
const GOLDEN: &str = "xtask/fidelity.txt";

/// The Python packages of the judge, every one pinned so that every machine judges alike.
const JUDGE_PACKAGES: &[&str] = &[
    "jsonschema==4.26.0",
    "rfc3339-validator==0.1.4",
    "attrs==26.1.0",
    "jsonschema-specifications==2025.9.1",
    "referencing==0.37.0",
    "rpds-py==2026.9.1",
    "six==1.17.0",
    "typing_extensions==4.16.0",
];

/// Measures every document in `documents`, prints the table and examples of failures,
/// writes every failure to `target/fidelity/failures.jsonl`, and compares with (or, with
/// `UPDATE_GOLDEN=1`, records) the golden figures. `false` when a document regressed.
pub(crate) fn run(documents: &[PathBuf]) -> Result<bool, String> {
    let root = crate::workspace_root()?;
    let python = ensure_judge(&root)?;
    let out = root.join("target/fidelity");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    println!(
        "\nDecode fidelity: {PER_SCHEMA} instances drawn per component schema, kept when valid"
    );
    println!(
        "| document | schemas | drawn | dropped (invalid) | valid | typed | typed % | does not decode | re-encodes differently | lands in catch-all |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut rows = Vec::with_capacity(documents.len());
    let mut failures = Vec::new();
    for path in documents {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let row = measure(path, &stem, &python, &out, &mut failures);
        println!("{}", row.line());
        rows.push(row);
    }
    let total = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let (valid, typed) = (total(|r| r.valid), total(|r| r.typed));
    let measured: usize = rows.iter().filter(|r| r.refused.is_none()).map(|r| r.valid).sum();
    println!(
        "\n{typed} of {measured} valid instances typed ({}) over the documents the generator accepts; {valid} valid in all",
        percent(typed, measured)
    );

    let failures_path = out.join("failures.jsonl");
    let lines: String = failures.iter().map(|f: &Failure| format!("{}\n", f.to_json())).collect();
    fs::write(&failures_path, lines)
        .map_err(|e| format!("cannot write {}: {e}", failures_path.display()))?;
    print_examples(&failures);
    println!("every failing instance: {}", failures_path.display());

    golden(&root.join(GOLDEN), &rows)
}

/// One document's figures.
struct Row {
    document: String,
    schemas: usize,
    drawn: usize,
    /// Drawn instances the judge refused (the instance generator's misses, not failures).
    dropped: usize,
    valid: usize,
    typed: usize,
    /// Failures by class, in the order of [`Class::ALL`].
    failed: [usize; 3],
    /// Why the document has no typed instances at all: the generator refuses it, or its
    /// crate or harness does not build.
    refused: Option<String>,
}

impl Row {
    fn line(&self) -> String {
        let head = format!(
            "| {} | {} | {} | {} | {} |",
            self.document, self.schemas, self.drawn, self.dropped, self.valid
        );
        match &self.refused {
            Some(why) => format!("{head} — | — | not measured: {why} | | |"),
            None => format!(
                "{head} {} | {} | {} | {} | {} |",
                self.typed,
                percent(self.typed, self.valid),
                self.failed[0],
                self.failed[1],
                self.failed[2]
            ),
        }
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "—".into() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

/// Why a valid instance is not typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    DoesNotDecode,
    ReencodesDifferently,
    LandsInCatchAll,
}

impl Class {
    const ALL: [Class; 3] =
        [Class::DoesNotDecode, Class::ReencodesDifferently, Class::LandsInCatchAll];

    fn name(self) -> &'static str {
        match self {
            Class::DoesNotDecode => "does not decode",
            Class::ReencodesDifferently => "re-encodes differently",
            Class::LandsInCatchAll => "lands in catch-all",
        }
    }
}

/// A valid instance that is not typed, with what came back.
struct Failure {
    document: String,
    schema: String,
    class: Class,
    instance: String,
    /// The decode error, the first difference and what was encoded, or the catch-all.
    came_back: String,
}

impl Failure {
    fn to_json(&self) -> Value {
        json!({
            "document": self.document,
            "schema": self.schema,
            "class": self.class.name(),
            "instance": self.instance,
            "came_back": self.came_back,
        })
    }
}

fn measure(path: &Path, stem: &str, python: &Path, out: &Path, failures: &mut Vec<Failure>) -> Row {
    let mut row = Row {
        document: stem.to_string(),
        schemas: 0,
        drawn: 0,
        dropped: 0,
        valid: 0,
        typed: 0,
        failed: [0; 3],
        refused: None,
    };
    if let Err(why) = measure_into(&mut row, path, stem, python, &out.join(stem), failures) {
        // The generator's errors list their problems on the lines after the first.
        let why: Vec<&str> = why.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        row.refused = Some(cut(&why.join(" "), 160));
        row.typed = 0;
    }
    row
}

/// Fills `row`; an error leaves in it the counts of the instances drawn and judged.
fn measure_into(
    row: &mut Row,
    path: &Path,
    stem: &str,
    python: &Path,
    out: &Path,
    failures: &mut Vec<Failure>,
) -> Result<(), String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let schemas = Schemas::read(&text)?;
    let names = schemas.names();
    row.schemas = names.len();
    let drawn: Vec<(usize, String)> = names
        .iter()
        .enumerate()
        .flat_map(|(i, name)| {
            instances::draw(&schemas, name, PER_SCHEMA)
                .into_iter()
                .map(move |instance| (i, instance.to_string()))
        })
        .collect();
    row.drawn = drawn.len();
    if drawn.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    // A document the generator refuses still has its instances judged, for the table.
    let crate_dir = crate::workspace_root()?.join("target/corpus").join(stem);
    let decoded = corpus::write_crate(path, stem, &crate_dir).and_then(|krate| {
        let outcomes = round_trips(&krate, &crate_dir, &names, &drawn, out)?;
        Ok((krate.api, outcomes))
    });
    let cases: Vec<Value> = drawn
        .iter()
        .enumerate()
        .map(|(n, (i, instance))| {
            let back = decoded.as_ref().ok().and_then(|(_, outcomes)| outcomes[n].get("back"));
            json!({ "schema": names[*i], "instance": instance, "back": back })
        })
        .collect();
    let request =
        json!({ "dialect": schemas.dialect.name(), "document": schemas.document, "cases": cases });
    let verdicts = judge(python, &request, out)?;
    row.valid = verdicts.iter().filter(|v| v.valid).count();
    row.dropped = drawn.len() - row.valid;

    let (api, outcomes) = decoded?;
    let catch_alls = catch_all_names(&api);
    let catch_alls: Vec<&str> = catch_alls.iter().map(String::as_str).collect();
    for (((i, instance), outcome), verdict) in drawn.iter().zip(&outcomes).zip(&verdicts) {
        if !verdict.valid {
            continue;
        }
        let failure = if let Some(error) = outcome.get("error").and_then(Value::as_str) {
            Some((Class::DoesNotDecode, error.to_string()))
        } else if let Some(difference) = &verdict.difference {
            let encoded = outcome.get("back").and_then(Value::as_str).unwrap_or("");
            Some((Class::ReencodesDifferently, format!("{difference}; encoded as {encoded}")))
        } else {
            let debug = outcome.get("debug").and_then(Value::as_str).unwrap_or("");
            harness::catch_all(debug, &catch_alls).map(|caught| (Class::LandsInCatchAll, caught))
        };
        match failure {
            None => row.typed += 1,
            Some((class, came_back)) => {
                row.failed[class as usize] += 1;
                failures.push(Failure {
                    document: stem.to_string(),
                    schema: names[*i].clone(),
                    class,
                    instance: instance.clone(),
                    came_back,
                });
            }
        }
    }
    Ok(())
}

/// Puts every drawn instance through the harness built against the crate in `crate_dir`:
/// one outcome per instance, `{"back", "debug"}` or `{"error"}`.
fn round_trips(
    krate: &corpus::Crate,
    crate_dir: &Path,
    names: &[String],
    drawn: &[(usize, String)],
    out: &Path,
) -> Result<Vec<Value>, String> {
    // The type of each component schema, found by where it comes from.
    let by_place: BTreeMap<&str, &str> =
        krate.api.types.iter().map(|t| (t.at.as_str(), t.rust_name.as_str())).collect();
    let types: Vec<Option<&str>> =
        names.iter().map(|name| by_place.get(component_ref(name).as_str()).copied()).collect();
    let harness_types: Vec<(usize, &str)> =
        types.iter().enumerate().filter_map(|(i, t)| Some((i, (*t)?))).collect();
    let input: String = drawn
        .iter()
        .filter(|(i, _)| types[*i].is_some())
        .map(|(i, instance)| format!("{i}\t{instance}\n"))
        .collect();
    let answers = match harness_types.is_empty() {
        true => String::new(),
        false => {
            run_harness(&harness::source(&krate.name, &harness_types), crate_dir, &input, out)?
        }
    };
    let mut answers = answers.lines();
    let mut outcomes = Vec::with_capacity(drawn.len());
    for (i, _) in drawn {
        let outcome = match types[*i] {
            None => json!({ "error": "the generator made no type for this schema" }),
            Some(_) => {
                let answer =
                    answers.next().ok_or("the harness stopped before the last instance")?;
                serde_json::from_str(answer)
                    .map_err(|e| format!("the harness printed `{answer}`, not JSON: {e}"))?
            }
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// Writes the harness `source` into the crate, builds it and runs it on `input`: what it
/// printed.
fn run_harness(source: &str, crate_dir: &Path, input: &str, out: &Path) -> Result<String, String> {
    let harness_path = crate_dir.join(harness::PATH);
    if let Some(dir) = harness_path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(&harness_path, source)
        .map_err(|e| format!("cannot write {}: {e}", harness_path.display()))?;
    let input_path = out.join("instances.tsv");
    fs::write(&input_path, input)
        .map_err(|e| format!("cannot write {}: {e}", input_path.display()))?;
    let input = fs::File::open(&input_path)
        .map_err(|e| format!("cannot read {}: {e}", input_path.display()))?;
    let run = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(crate_dir)
        .args(["run", "--quiet", "--example", "fidelity"])
        .env("CARGO_TARGET_DIR", corpus::target_dir()?)
        .env("RUSTFLAGS", "-D warnings")
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo run: {e}"))?;
    if !run.status.success() {
        let stderr = String::from_utf8_lossy(&run.stderr);
        let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("").to_string();
        return Err(format!("the harness failed: {first}"));
    }
    String::from_utf8(run.stdout).map_err(|e| format!("the harness printed what is not text: {e}"))
}

/// The judge's verdict on one instance (`judge-verdicts.json` also says why an invalid one
/// is invalid).
#[derive(serde::Deserialize)]
struct Verdict {
    valid: bool,
    /// Where what came back first differs from the instance, if it does.
    difference: Option<String>,
}

fn judge(python: &Path, request: &Value, out: &Path) -> Result<Vec<Verdict>, String> {
    let request_path = out.join("judge-request.json");
    fs::write(&request_path, request.to_string())
        .map_err(|e| format!("cannot write {}: {e}", request_path.display()))?;
    let input = fs::File::open(&request_path)
        .map_err(|e| format!("cannot read {}: {e}", request_path.display()))?;
    let script = crate::workspace_root()?.join("xtask/src/fidelity/judge.py");
    let run = Command::new(python)
        .arg(&script)
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !run.status.success() {
        let stderr = String::from_utf8_lossy(&run.stderr);
        return Err(format!("the judge failed: {}", stderr.lines().last().unwrap_or("")));
    }
    let verdicts_path = out.join("judge-verdicts.json");
    fs::write(&verdicts_path, &run.stdout)
        .map_err(|e| format!("cannot write {}: {e}", verdicts_path.display()))?;
    serde_json::from_slice(&run.stdout).map_err(|e| format!("the judge's answer is not JSON: {e}"))
}

/// The names of the catch-all variants of the document's enums and unions. A name that
/// another variant or a newtype also bears would be mistaken for a catch-all in `Debug`
/// text; none does in the corpus, and a warning says so if one ever does.
fn catch_all_names(api: &Api) -> Vec<String> {
    let mut catch_alls: Vec<String> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Enum(e) => catch_alls.push(e.unknown.clone()),
            TypeKind::Union(u) => {
                catch_alls.push(u.unknown.clone());
                others.extend(u.variants.iter().map(|v| v.rust_name.as_str()));
            }
            TypeKind::Newtype(_) => others.push(&def.rust_name),
            _ => {}
        }
    }
    catch_alls.sort();
    catch_alls.dedup();
    for name in catch_alls.iter().filter(|c| others.contains(&c.as_str())) {
        eprintln!(
            "warning: `{name}` is a catch-all and also another variant or type: instances holding the other count as caught"
        );
    }
    catch_alls
}

/// Prints, per class, how many failures and a few of them.
fn print_examples(failures: &[Failure]) {
    for class in Class::ALL {
        let of_class: Vec<&Failure> = failures.iter().filter(|f| f.class == class).collect();
        if of_class.is_empty() {
            continue;
        }
        println!("\n{} ({}), for example:", class.name(), of_class.len());
        // One per document, so that the examples do not all come from the largest.
        let mut documents: Vec<&str> = Vec::new();
        for failure in of_class {
            if documents.len() == 4 {
                break;
            }
            if documents.contains(&failure.document.as_str()) {
                continue;
            }
            documents.push(&failure.document);
            println!(
                "  {} {}: sent {}\n    came back: {}",
                failure.document,
                failure.schema,
                cut(&failure.instance, 200),
                cut(&failure.came_back, 300)
            );
        }
    }
}

fn cut(text: &str, at: usize) -> String {
    match text.char_indices().nth(at) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Compares the figures with those recorded in `path`, or records them when
/// `UPDATE_GOLDEN=1`. `false` when a document types fewer instances than recorded.
fn golden(path: &Path, rows: &[Row]) -> Result<bool, String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut recorded = parse_golden(&text)?;
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        for row in rows {
            recorded.insert(row.document.clone(), (row.valid, row.typed));
        }
        generator::write::write_atomically(path, &golden_text(&recorded))?;
        println!("recorded the figures in {GOLDEN}");
        return Ok(true);
    }
    let mut regressed = false;
    for row in rows {
        match recorded.get(&row.document) {
            Some(&(_, typed)) if row.typed < typed => {
                regressed = true;
                println!(
                    "REGRESSION: {} types {} instances, {typed} recorded in {GOLDEN}",
                    row.document, row.typed
                );
            }
            Some(&(valid, typed)) if (row.valid, row.typed) != (valid, typed) => println!(
                "{}: {} valid, {} typed, where {GOLDEN} records {valid} and {typed}; record the new figures with `UPDATE_GOLDEN=1 cargo xtask corpus`",
                row.document, row.valid, row.typed
            ),
            Some(_) => {}
            None => println!(
                "{} is not in {GOLDEN}; record it with `UPDATE_GOLDEN=1 cargo xtask corpus`",
                row.document
            ),
        }
    }
    Ok(!regressed)
}

const GOLDEN_HEADER: &str = "\
# Decode fidelity of the corpus documents, as `cargo xtask corpus` measures it: per document,
# the valid instances drawn and how many of them the generated types hold exactly.
# `cargo xtask corpus` fails when a document types fewer than written here; rewrite this file
# on purpose, when the figures change for the better: `UPDATE_GOLDEN=1 cargo xtask corpus`.
# document valid typed
";

fn parse_golden(text: &str) -> Result<BTreeMap<String, (usize, usize)>, String> {
    let mut recorded = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [document, valid, typed] = fields.as_slice() else {
            return Err(format!("{GOLDEN}: `{line}` is not `document valid typed`"));
        };
        let number = |n: &str| n.parse::<usize>().map_err(|e| format!("{GOLDEN}: `{line}`: {e}"));
        recorded.insert(document.to_string(), (number(valid)?, number(typed)?));
    }
    Ok(recorded)
}

fn golden_text(recorded: &BTreeMap<String, (usize, usize)>) -> String {
    let mut text = GOLDEN_HEADER.to_string();
    for (document, (valid, typed)) in recorded {
        text.push_str(&format!("{document} {valid} {typed}\n"));
    }
    text
}

/// The Python interpreter of `.tools/judge`, a virtual environment with the judge's
/// packages, made (with pip, from PyPI) unless it is there already.
fn ensure_judge(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".tools/judge");
    let python = venv.join("bin/python");
    let stamp = venv.join("installed.txt");
    let wanted = JUDGE_PACKAGES.join("\n");
    if python.exists() && fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(python);
    }
    eprintln!("installing the fidelity judge ({}) into {} ...", JUDGE_PACKAGES[0], venv.display());
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .map_err(|e| format!("cannot run python3 (is Python 3 installed?): {e}"))?;
    if !status.success() {
        return Err(format!("python3 -m venv {} failed", venv.display()));
    }
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .args(JUDGE_PACKAGES)
        .status()
        .map_err(|e| format!("cannot run pip: {e}"))?;
    if !status.success() {
        return Err(format!("pip could not install {}", JUDGE_PACKAGES.join(" ")));
    }
    fs::write(&stamp, wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_figures_read_back_as_written() {
        let recorded: BTreeMap<String, (usize, usize)> =
            [("kratos".to_string(), (1200, 1190)), ("petstore3".to_string(), (100, 97))].into();
        assert_eq!(parse_golden(&golden_text(&recorded)).unwrap(), recorded);
        assert!(parse_golden("kratos 12").is_err());
    }
}

//! A mutation fuzzer for `generate`, seeded with the corpus, this project's spec and the test
//! fixtures: each input is a real document with a few random edits (keys removed, values
//! replaced or swapped, subtrees copied elsewhere, schema keywords added). Whatever the input,
//! `generate` returns `Ok` or an `Error`; it never panics.
//!
//! `FUZZ_SECONDS` (default 5) bounds the run and `FUZZ_SEED` picks the first seed; a failure
//! names the seed that reproduces it. `cargo xtask fuzz --seconds N` runs it in release mode.

use generator::{Config, generate};
use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: small, fast and the same on every machine, so a seed reproduces an input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn seeds() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("../spec/integration.yaml")];
    for dir in [
        root.join("../../shared/corpus"),
        root.join("../../shared/corpus-3.1"),
        root.join("tests/data"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut found: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
        .iter()
        .filter_map(|f| serde_yaml::from_str::<Value>(&std::fs::read_to_string(f).ok()?).ok())
        .collect()
}

/// JSON pointers of every node, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn random_scalar(rng: &mut Rng, all: &[String]) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(u64::MAX),
        4 => json!(-1.5e300),
        5 => json!(""),
        6 => {
            json!(*rng.pick(&[
                "string", "integer", "number", "object", "array", "boolean", "null", "file"
            ]))
        }
        7 => {
            json!(*rng.pick(&[
                "self", "type", "1st", "a-b", "$ref", "ü", "{x}", "a/b", "..", "Self", "r#x"
            ]))
        }
        8 => json!({ "$ref": format!("#{}", rng.pick(all)) }),
        9 => json!({ "$ref": "#/components/schemas/Nope" }),
        10 => json!(*rng.pick(&["date-time", "binary", "uint64", "int32", "byte", "uint8"])),
        11 => json!(*rng.pick(&["^(?!a)b$", "[", "^\\d{3}$", "(?<=x)y", "\\", "^[\\w-]+$"])),
        12 => json!([]),
        _ => json!({}),
    }
}

fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = rng.pick(&all).clone();
    let donor = doc.pointer(rng.pick(&all).as_str()).cloned().unwrap_or(Value::Null);
    let scalar = random_scalar(rng, &all);
    let keyword = *rng.pick(&[
        "type",
        "oneOf",
        "anyOf",
        "allOf",
        "enum",
        "pattern",
        "format",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "discriminator",
        "nullable",
        "minimum",
        "maximum",
        "minLength",
        "default",
        "$ref",
        "responses",
        "parameters",
        "content",
        "schema",
        "in",
        "name",
        "operationId",
        "const",
        "exclusiveMinimum",
        "contentEncoding",
        "prefixItems",
        "$dynamicRef",
        "webhooks",
    ]);
    let choice = rng.below(7);
    let Some(node) = doc.pointer_mut(&target) else { return };
    match choice {
        0 => *node = scalar,
        1 => *node = donor,
        2 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.below(items.len()));
            }
            _ => *node = Value::Null,
        },
        3 => {
            if let Value::Object(map) = node {
                map.insert(keyword.to_string(), if rng.below(2) == 0 { scalar } else { donor });
            }
        }
        4 => *node = json!({ *rng.pick(&["allOf", "oneOf", "anyOf"]): [node.clone(), donor] }),
        5 => {
            if let Value::Object(map) = node
                && let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned()
                && let Some(value) = map.remove(&key)
            {
                let renamed = match scalar {
                    Value::String(s) => s,
                    _ => format!("{key}-2"),
                };
                map.insert(renamed, value);
            }
        }
        _ => {
            if let Value::Array(items) = node {
                items.push(donor);
            } else if let Value::Object(map) = node {
                map.insert(format!("x{}", rng.below(100)), donor);
            }
        }
    }
}

#[test]
fn generate_never_panics_on_mutated_documents() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let first_seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let seeds = seeds();
    assert!(seeds.len() >= 5, "the fuzzer found too few documents to start from");
    let config = Config::default();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let (mut runs, mut generated, mut failures) = (0u64, 0u64, Vec::new());
    let mut seed = first_seed;
    while Instant::now() < deadline {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut doc = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut doc, &mut rng);
        }
        let text = if rng.below(2) == 0 {
            serde_json::to_string(&doc).unwrap()
        } else {
            serde_yaml::to_string(&doc).unwrap_or_default()
        };
        match catch_unwind(AssertUnwindSafe(|| generate(&text, &config))) {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("FUZZ_SEED={seed}: {message}"));
            }
        }
        runs += 1;
        seed += 1;
    }
    std::panic::set_hook(quiet);
    println!(
        "fuzz: {runs} inputs in {seconds} s from {} documents; {generated} generated a client, none panicked",
        seeds.len()
    );
    assert!(
        failures.is_empty(),
        "generate panicked on {} of {runs} inputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The program that puts instances through a generated crate: an example written into the
//! crate (`examples/fidelity.rs`), so that it decodes exactly as the crate's users do, with
//! the crate's own dependencies and features.

/// The example's file, relative to the crate.
pub(crate) const PATH: &str = "examples/fidelity.rs";

/// The source of the example for the crate whose library is `crate_name`. It reads lines
/// `INDEX<TAB>JSON` on standard input, decodes each JSON text into the type that `types`
/// pairs with INDEX, encodes it back, and prints a line of JSON for each: `{"back": TEXT,
/// "debug": TEXT}` (the value's `Debug` text, where a catch-all variant shows) or
/// `{"error": TEXT}`.
pub(crate) fn source(crate_name: &str, types: &[(usize, &str)]) -> String {
    let arms: String = types
        .iter()
        .map(|(i, ty)| format!("            \"{i}\" => round_trip::<types::{ty}>(instance),\n"))
        .collect();
    format!(
        r#"//! Written by `cargo xtask corpus`, which reads what it prints: decodes each instance (a
//! line `INDEX<TAB>JSON` on standard input) into the generated type INDEX stands for, encodes
//! it back, and prints a line of JSON for each.

use {crate_name}::types;
use std::io::{{BufRead, Write}};

fn main() {{
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {{
        let line = line.expect("standard input is text");
        let (index, instance) = line.split_once('\t').expect("a line is INDEX<TAB>JSON");
        let outcome = match index {{
{arms}            other => serde_json::json!({{ "error": format!("no type numbered {{other}}") }}),
        }};
        writeln!(out, "{{outcome}}").expect("standard output is open");
    }}
}}

fn round_trip<T>(instance: &str) -> serde_json::Value
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{{
    match serde_json::from_str::<T>(instance) {{
        Ok(value) => match serde_json::to_string(&value) {{
            Ok(back) => serde_json::json!({{ "back": back, "debug": format!("{{value:?}}") }}),
            Err(e) => serde_json::json!({{ "error": format!("decodes, but does not encode: {{e}}") }}),
        }},
        Err(e) => serde_json::json!({{ "error": e.to_string() }}),
    }}
}}
"#
    )
}

/// Where `debug` (a value's `Debug` text) shows one of the catch-all variants `names`
/// holding a value, `Unknown(...)`, outside string literals: the text around it, from up to
/// 80 characters before to 160 after the variant's name.
pub(crate) fn catch_all(debug: &str, names: &[&str]) -> Option<String> {
    let bytes = debug.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the string literal, escapes included.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &debug[start..i];
                if bytes.get(i) == Some(&b'(') && names.contains(&word) {
                    return Some(around(debug, start));
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn around(text: &str, at: usize) -> String {
    let before: Vec<char> = text[..at].chars().rev().take(80).collect();
    let mut shown: String = before.iter().rev().collect();
    if before.len() < text[..at].chars().count() {
        shown.insert(0, '…');
    }
    let after: String = text[at..].chars().take(160).collect();
    let cut = after.len() < text.len() - at;
    shown.push_str(&after);
    if cut {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_catch_all_variants_outside_strings() {
        let names = ["Unknown", "UnknownValue"];
        let rows = [
            (
                r#"Disk { state: Unknown("detached") }"#,
                Some(r#"Disk { state: Unknown("detached") }"#),
            ),
            (
                r#"Shape(UnknownValue(Array [String("a")]))"#,
                Some(r#"Shape(UnknownValue(Array [String("a")]))"#),
            ),
            // A unit variant or a field of that name is not the catch-all.
            ("Kind { unknown: Unknown }", None),
            ("UnknownKind(3)", None),
            // Nor is text inside a string, escaped quotes included.
            (r#"Note { text: "Unknown(\"x\") is fine" }"#, None),
            (r#"Map({"Unknown(": Number(1)})"#, None),
        ];
        let long = format!("{}Unknown(\"x\"){}", "a ".repeat(100), "b ".repeat(100));
        let shown = catch_all(&long, &names).unwrap();
        assert!(shown.starts_with("…a a ") && shown.ends_with("b b …"), "{shown}");
        assert_eq!(shown.chars().count(), 1 + 80 + 160 + 1);
        for (debug, want) in rows {
            assert_eq!(catch_all(debug, &names).as_deref(), want, "in {debug}");
        }
    }

    #[test]
    fn the_harness_names_each_type_by_its_line_number() {
        let source = source("my_api", &[(0, "Pet"), (2, "PetList")]);
        assert!(source.contains("use my_api::types;"));
        assert!(source.contains(r#""0" => round_trip::<types::Pet>(instance),"#));
        assert!(source.contains(r#""2" => round_trip::<types::PetList>(instance),"#));
    }
}

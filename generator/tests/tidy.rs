//! The rules of the generator's layout, read from its sources (like rust-analyzer's `tidy`):
//! which module may use which, and how long a file or a function may grow.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::fs;
use std::path::{Path, PathBuf};

/// `(module, what it must not use, why)`: a module is named with its submodules, a use by the
/// path it starts with.
const RULES: &[(&str, &str, &str)] = &[
    ("crate::emit", "openapiv3", "emit reads only the model; what it needs, the model carries"),
    ("crate::emit", "crate::spec", "emit reads only the model; what it needs, the model carries"),
    ("crate::emit", "crate::load", "emit reads only the model; what it needs, the model carries"),
    ("crate::emit", "crate::validate", "emit reads only the model, never the document"),
    ("crate::emit", "crate::lower", "emit reads only the model, never the lowering"),
    ("crate::model", "openapiv3", "the model is what will become Rust, free of the document"),
    ("crate::model", "proc_macro2", "the model holds no tokens: emit makes them"),
    ("crate::model", "quote", "the model holds no tokens: emit makes them"),
    ("crate::model", "syn", "the model holds no tokens: emit makes them"),
    ("crate::validate", "crate::lower", "validate and lower share crate::spec, not each other"),
    ("crate::lower", "crate::validate", "validate and lower share crate::spec, not each other"),
    ("crate::load", "std::fs", "generate does no I/O: files reach the disk through crate::write"),
    ("crate::load", "crate::write", "the pipeline does not depend on how its output is written"),
    (
        "crate::validate",
        "std::fs",
        "generate does no I/O: files reach the disk through crate::write",
    ),
    (
        "crate::validate",
        "crate::write",
        "the pipeline does not depend on how its output is written",
    ),
    ("crate::lower", "std::fs", "generate does no I/O: files reach the disk through crate::write"),
    ("crate::lower", "crate::write", "the pipeline does not depend on how its output is written"),
    ("crate::emit", "std::fs", "generate does no I/O: files reach the disk through crate::write"),
    ("crate::emit", "crate::write", "the pipeline does not depend on how its output is written"),
    ("crate::format", "std::fs", "generate does no I/O: files reach the disk through crate::write"),
    ("crate::format", "crate::write", "the pipeline does not depend on how its output is written"),
    ("crate::diff", "std::fs", "generate does no I/O: files reach the disk through crate::write"),
    ("crate::diff", "crate::write", "the pipeline does not depend on how its output is written"),
];

/// No file of the generator is longer, so that each stays about one thing.
const MAX_FILE_LINES: usize = 700;
/// No function is longer, so that each can be read at once.
const MAX_FUNCTION_LINES: usize = 150;

#[test]
fn modules_use_only_what_the_layout_allows() {
    let mut broken = Vec::new();
    for path in sources() {
        let text = fs::read_to_string(&path).unwrap();
        let shown = shown(&path);
        for (what, reached, why) in violations(&module_of(&path), &text) {
            broken.push(format!("{shown}: `{what}` uses {reached}: {why}"));
        }
    }
    assert!(broken.is_empty(), "imports that break the layout:\n{}", broken.join("\n"));
}

#[test]
fn files_and_functions_stay_short() {
    let mut long = Vec::new();
    for path in sources() {
        let text = fs::read_to_string(&path).unwrap();
        let shown = shown(&path);
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!("{shown}: {lines} lines (at most {MAX_FILE_LINES})"));
        }
        for (name, line, length) in functions(&text) {
            if length > MAX_FUNCTION_LINES {
                long.push(format!(
                    "{shown}:{line}: fn {name} is {length} lines (at most {MAX_FUNCTION_LINES})"
                ));
            }
        }
    }
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

/// The checks can fail: each row is a file, its source, and the paths it must be caught
/// using (none for a source that keeps the rules).
#[test]
fn the_import_rules_catch_what_they_forbid() {
    let rows: &[(&str, &str, &[&str])] = &[
        ("emit/types.rs", "use openapiv3::Schema;", &["openapiv3::Schema"]),
        ("emit/types.rs", "use crate::{lower::lower, model::Api};", &["crate::lower::lower"]),
        ("emit/client.rs", "use super::super::spec;", &["crate::spec"]),
        ("emit/mod.rs", "fn f() { let _ = crate::lower::lower; }", &["crate::lower::lower"]),
        ("emit/mod.rs", "fn f() { let _: openapiv3::Schema; }", &["openapiv3::Schema"]),
        // Paths in the generated code are not the generator's own.
        ("emit/mod.rs", "fn f() -> T { quote!(crate::lower::X) }", &[]),
        ("emit/mod.rs", "use crate::model::*; use quote::quote;", &[]),
        ("format.rs", "fn f() { std::fs::write(p, t); }", &["std::fs::write"]),
        ("lower/mod.rs", "use crate::write::Mode;", &["crate::write::Mode"]),
        ("write/mod.rs", "use std::fs;", &[]),
        ("model.rs", "use proc_macro2::TokenStream;", &["proc_macro2::TokenStream"]),
        ("model.rs", "use ::quote::quote as q;", &["quote::quote"]),
        ("model.rs", "use syn::*;", &["syn::*"]),
        (
            "validate.rs",
            "use crate::lower::{self, METHODS};",
            &["crate::lower", "crate::lower::METHODS"],
        ),
        ("validate.rs", "use crate::spec::{ParamRef, Spec};", &[]),
        (
            "lower/passes.rs",
            "use super::super::validate::validate;",
            &["crate::validate::validate"],
        ),
        ("lower/mod.rs", "mod tests { use super::super::validate; }", &["crate::validate"]),
        ("lower/mod.rs", "use schemas::schema_doc; use super::spec::Spec;", &[]),
    ];
    for (file, source, want) in rows {
        let module = module_of(&Path::new("src").join(file));
        let got: Vec<String> =
            violations(&module, source).into_iter().map(|(_, reached, _)| reached).collect();
        assert_eq!(got, *want, "{file}: {source}");
    }
}

/// Emit writes the paths `emit/paths.rs` knows through its constants (`#OPTION`,
/// `#RUNTIME::Error`), which write them short; nothing shortens a path written out in full in
/// a `quote!`, so none may be.
#[test]
fn emit_writes_known_paths_through_their_constants() {
    let mut found = Vec::new();
    for path in sources() {
        let shown = shown(&path);
        if !shown.contains("/emit/") || shown.ends_with("paths.rs") {
            continue;
        }
        let tokens: TokenStream = fs::read_to_string(&path).unwrap().parse().unwrap();
        found.extend(full_paths_in_quotes(tokens).into_iter().map(|p| format!("{shown}: {p}")));
    }
    assert!(
        found.is_empty(),
        "write these through emit/paths.rs's constants:\n{}",
        found.join("\n")
    );
    // The check can fail, and leaves other paths and the generator's own code alone.
    let source = "use super::types::x; fn f() { quote!(#OPTION<::std::string::String> \
                  super::runtime::Error ::bytes::Bytes super::Client) }";
    assert_eq!(full_paths_in_quotes(source.parse().unwrap()), ["::std", "super::runtime"]);
}

/// The start of each path in a `quote!` that begins with a crate or module `paths.rs` knows.
fn full_paths_in_quotes(tokens: TokenStream) -> Vec<String> {
    const CRATES: &[&str] =
        &["std", "serde", "serde_json", "chrono", "regress", "reqwest", "tokio"];
    const MODULES: &[&str] = &["runtime", "types", "calls", "mock_support"];
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Group(group) = token else { continue };
        let is_quote = i >= 2
            && matches!(&tokens[i - 2], TokenTree::Ident(name) if name == "quote")
            && matches!(&tokens[i - 1], TokenTree::Punct(bang) if bang.as_char() == '!');
        if !is_quote {
            found.extend(full_paths_in_quotes(group.stream()));
            continue;
        }
        let inner: Vec<TokenTree> = flatten_tokens(group.stream());
        for at in 0..inner.len() {
            let ident = |at: usize| match inner.get(at) {
                Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
                _ => None,
            };
            let previous_sep = at >= 2 && is_path_sep(&inner, at - 2);
            if is_path_sep(&inner, at)
                && !matches!(inner.get(at.wrapping_sub(1)), Some(TokenTree::Ident(_)))
                && ident(at + 2).is_some_and(|c| CRATES.contains(&c.as_str()))
            {
                found.push(format!("::{}", ident(at + 2).unwrap()));
            } else if !previous_sep
                && ident(at).as_deref() == Some("super")
                && is_path_sep(&inner, at + 1)
                && ident(at + 3).is_some_and(|m| MODULES.contains(&m.as_str()))
            {
                found.push(format!("super::{}", ident(at + 3).unwrap()));
            }
        }
    }
    found
}

/// The tokens of a stream with the contents of its groups spliced in, delimiters dropped.
fn flatten_tokens(tokens: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Group(group) => out.extend(flatten_tokens(group.stream())),
            other => out.push(other),
        }
    }
    out
}

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    assert!(out.len() > 10, "found only {} source files", out.len());
    out
}

fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// `src/lower/passes.rs` → `crate::lower::passes`; `lib.rs` and `mod.rs` are their directory.
fn module_of(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut seen_src = false;
    for component in path.with_extension("").components() {
        let part = component.as_os_str().to_string_lossy().into_owned();
        if seen_src {
            parts.push(part);
        } else if part == "src" {
            seen_src = true;
        }
    }
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
        parts.pop();
    }
    std::iter::once("crate".to_string()).chain(parts).collect()
}

/// The uses of a source that break a rule: `(the use as written, the path it reaches, why)`.
fn violations(module: &[String], source: &str) -> Vec<(String, String, &'static str)> {
    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut uses = Vec::new();
    collect_uses(&file.items, module, &mut uses);
    let tokens: TokenStream = source.parse().unwrap();
    collect_paths(tokens, module, &mut uses);
    let mut out = Vec::new();
    let module_text = module.join("::");
    for (written, path) in uses {
        let reached = path.join("::");
        for &(within, forbidden, why) in RULES {
            if starts_with(&module_text, within) && starts_with(&reached, forbidden) {
                out.push((written.clone(), reached.clone(), why));
                break;
            }
        }
    }
    out
}

/// Whether `path` is `prefix` or inside it.
fn starts_with(path: &str, prefix: &str) -> bool {
    path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with("::"))
}

/// Every path of every `use` item, also in inline modules, resolved from `module`.
fn collect_uses(items: &[syn::Item], module: &[String], out: &mut Vec<(String, Vec<String>)>) {
    for item in items {
        match item {
            syn::Item::Use(item) => {
                // As rustfmt would write it, on one line when it fits.
                let tokens = quote::ToTokens::to_token_stream(item).to_string();
                let written = prettyplease::unparse(&syn::parse_file(&tokens).unwrap());
                let mut paths = Vec::new();
                flatten(&item.tree, Vec::new(), &mut paths);
                for path in paths {
                    out.push((written.trim().to_string(), resolve(module, &path)));
                }
            }
            syn::Item::Mod(inner) => {
                if let Some((_, items)) = &inner.content {
                    let mut inner_module = module.to_vec();
                    inner_module.push(inner.ident.to_string());
                    collect_uses(items, &inner_module, out);
                }
            }
            _ => {}
        }
    }
}

fn flatten(tree: &syn::UseTree, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten(&path.tree, prefix, out);
        }
        syn::UseTree::Name(name) => {
            // `use a::{self}` is `a`.
            if name.ident != "self" {
                prefix.push(name.ident.to_string());
            }
            out.push(prefix);
        }
        syn::UseTree::Rename(rename) => {
            prefix.push(rename.ident.to_string());
            out.push(prefix);
        }
        syn::UseTree::Glob(_) => {
            prefix.push("*".into());
            out.push(prefix);
        }
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                flatten(tree, prefix.clone(), out);
            }
        }
    }
}

/// Paths written out in code (`crate::names::type_name(..)`, `openapiv3::Schema`), outside
/// the bodies of `quote!`, whose paths are the generated code's.
fn collect_paths(tokens: TokenStream, module: &[String], out: &mut Vec<(String, Vec<String>)>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Group(group) => {
                let after_macro = i >= 2
                    && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                    && matches!(&tokens[i - 2], TokenTree::Ident(name) if name.to_string().starts_with("quote"));
                if !after_macro && group.delimiter() != Delimiter::None {
                    collect_paths(group.stream(), module, out);
                }
                i += 1;
            }
            // `use` items were read whole, by `collect_uses`.
            TokenTree::Ident(word) if word == "use" => {
                while i < tokens.len()
                    && !matches!(&tokens[i], TokenTree::Punct(p) if p.as_char() == ';')
                {
                    i += 1;
                }
            }
            TokenTree::Ident(first) if is_path_sep(&tokens, i + 1) => {
                // A path continues while `::` and an identifier follow.
                let mut path = vec![first.to_string()];
                let mut j = i + 1;
                while is_path_sep(&tokens, j) {
                    match tokens.get(j + 2) {
                        Some(TokenTree::Ident(next)) => {
                            path.push(next.to_string());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                if path.len() > 1 {
                    out.push((path.join("::"), resolve(module, &path)));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
}

fn is_path_sep(tokens: &[TokenTree], at: usize) -> bool {
    matches!(
        (tokens.get(at), tokens.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// A path as written in `module`, as a path from the crate root (`crate::...`) or of another
/// crate (`openapiv3::...`). A first segment other than `crate`, `self` and `super` is one of
/// the crates the rules name, or else an item of `module`.
fn resolve(module: &[String], path: &[String]) -> Vec<String> {
    let mut resolved: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            resolved.push("crate".into());
            rest = &path[1..];
        }
        Some("self") => {
            resolved = module.to_vec();
            rest = &path[1..];
        }
        Some("super") => {
            resolved = module.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                resolved.pop();
                rest = &rest[1..];
            }
        }
        // A crate a rule names (`openapiv3`, `std` of `std::fs`).
        Some(first)
            if RULES
                .iter()
                .any(|(_, forbidden, _)| forbidden.split("::").next() == Some(first)) => {}
        _ => resolved = module.to_vec(),
    }
    resolved.extend(rest.iter().cloned());
    resolved
}

/// Each function of a rustfmt-formatted source: its name, first line and length in lines,
/// from its `fn` line to the `}` at the same indentation.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let words: Vec<&str> = trimmed.split_whitespace().take(4).collect();
        let Some(at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let qualifier =
            |w: &&str| w.starts_with("pub") || matches!(*w, "const" | "async" | "unsafe");
        if !words[..at].iter().all(qualifier) {
            continue;
        }
        let name: String = words
            .get(at + 1)
            .map(|w| w.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
            .unwrap_or_default();
        // The signature ends at `{` (a body follows), `;` (none does) or `}` (one line).
        let Some(signature) =
            lines[i..].iter().position(|l| l.trim_end().ends_with(['{', ';', '}']))
        else {
            continue;
        };
        let last = lines[i + signature].trim_end();
        let length = if last.ends_with(';') {
            continue;
        } else if last.ends_with('}') {
            signature + 1
        } else {
            let closing = format!("{indent}}}");
            match lines[i + signature..].iter().position(|l| *l == closing) {
                Some(end) => signature + end + 1,
                None => continue,
            }
        };
        out.push((name, i + 1, length));
    }
    out
}

//! Tokens → source text: parsed by `syn`, printed by `prettyplease`, under the `@generated`
//! header that names the command that regenerates the file.

use crate::emit::{Imports, Item, Scope, Source, Unformatted};
use crate::{Config, Error, File, GENERATED_MARKER};
use rayon::prelude::*;

pub(crate) fn format(files: Vec<Unformatted>, config: &Config) -> Result<Vec<File>, Error> {
    let header = format!(
        "{GENERATED_MARKER} by `{}` from {}; do not edit.\n\n",
        config.command, config.spec_path
    );
    let items: Vec<Job> = files
        .iter()
        .flat_map(|file| match &file.source {
            Source::Items(items, scope) => {
                items.iter().map(|item| (file.path, item, scope)).collect()
            }
            Source::Text(_) => Vec::new(),
        })
        .collect();
    let mut printed = print_items(&items).into_iter();
    files
        .iter()
        .map(|file| {
            let body = match &file.source {
                Source::Items(items, _) => join(printed.by_ref().take(items.len()))?,
                // The runtime crate's source, which rustfmt formats there (generated crates
                // tell rustfmt to skip it): emitted as it is, it needs no parsing on every run.
                Source::Text(parts) => parts.concat(),
            };
            Ok(File { path: file.path.to_string(), contents: format!("{header}{body}") })
        })
        .collect()
}

/// An item to print: the path of its file, the item, and the file's scope.
type Job<'a, 'b> = (&'static str, &'b Item<'a>, &'b Scope);

/// Emits (in its file's scope) and prints each item of every file, on rayon's pool (as
/// many threads as cores, started by the first generation and kept for the next: starting
/// and joining threads for each one cost a tenth of a small spec's time), and gives the texts
/// in the items' order, so that the output does not depend on the threads.
fn print_items(items: &[Job]) -> Vec<Parts> {
    let print = |&(path, item, scope): &Job| -> Parts {
        let (tokens, imports) = scope.emit(item);
        Ok((print_file(parse(path, tokens)?), imports))
    };
    items.par_iter().with_max_len(1).map(print).collect()
}

/// The text of a file from its printed items: the inner attributes of the first item, the
/// `use` lines all items need, then the items, with a blank line between two (see [`Kind`]).
fn join(printed: impl Iterator<Item = Parts>) -> Result<String, Error> {
    let mut parts = Vec::new();
    let mut imports = Imports::new();
    for item in printed {
        let (item_parts, item_imports) = item?;
        parts.extend(item_parts);
        imports.extend(item_imports);
    }
    let after_attributes = parts.iter().take_while(|p| p.kind == Kind::InnerAttributes).count();
    let uses = Scope::imports(&imports).into_iter();
    let uses = uses.map(|line| Part { kind: Kind::Use, text: line + "\n" });
    parts.splice(after_attributes..after_attributes, uses);

    let mut out = String::new();
    let mut last = None;
    for Part { kind, text } in parts {
        if last.is_some_and(|last| !(last == kind && kind != Kind::Other)) {
            out.push('\n');
        }
        out.push_str(&text);
        last = Some(kind);
    }
    Ok(out)
}

fn parse(path: &str, tokens: proc_macro2::TokenStream) -> Result<syn::File, Error> {
    syn::parse2::<syn::File>(tokens)
        .map_err(|e| Error::Internal { file: path.to_string(), what: e.to_string() })
}

/// The texts of the parts of one item and the imports it needs, or why it did not parse.
type Parts = Result<(Vec<Part>, Imports), Error>;

/// The text of one part of a file: its inner attributes, or one item.
struct Part {
    kind: Kind,
    text: String,
}

/// Items of a kind other than `Other` stay together, as in hand-written Rust; any other two
/// parts have a blank line between them.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    InnerAttributes,
    Use,
    /// `mod name;`, whose content is in a file of its own.
    ModDeclaration,
    Other,
}

/// Prints a file's inner attributes and each of its items apart, so that they can be
/// joined with blank lines between them.
fn print_file(file: syn::File) -> Vec<Part> {
    let print = |attrs, items| {
        let mut text =
            prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs, items });
        // prettyplease ends a file that is one attribute without a line break.
        if !text.ends_with('\n') {
            text.push('\n');
        }
        tidy_macro_calls(tidy_docs(text))
    };
    let mut out = Vec::with_capacity(file.items.len() + 1);
    if !file.attrs.is_empty() {
        out.push(Part { kind: Kind::InnerAttributes, text: print(file.attrs, vec![]) });
    }
    for item in file.items {
        let kind = match &item {
            syn::Item::Use(_) => Kind::Use,
            syn::Item::Mod(m) if m.content.is_none() => Kind::ModDeclaration,
            _ => Kind::Other,
        };
        out.push(Part { kind, text: print(vec![], vec![item]) });
    }
    out
}

/// Doc blocks as hand-written Rust has them: emit writes a block of docs as one attribute
/// (see `emit::doc`), which prettyplease prints as a block comment,
/// `/** … */` or `/*! … */`; each of its lines becomes a `///` or `//!` line at the comment's
/// indent, without trailing spaces, as one attribute per line would print. Nothing else
/// that prettyplease prints begins a line with `/*`.
fn tidy_docs(text: String) -> String {
    if !text.contains("/**") && !text.contains("/*!") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text.as_str();
    while let Some(start) = rest.find("/*") {
        let line = rest[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &rest[line..start];
        let marker = match rest[start + 2..].chars().next() {
            Some('*') => "///",
            Some('!') => "//!",
            _ => "",
        };
        let at_line_start = !indent.contains(|c| c != ' ');
        let end = rest[start + 3..].find("*/").map(|end| start + 3 + end);
        let Some(end) = end.filter(|_| at_line_start && !marker.is_empty()) else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        };
        out.push_str(&rest[..start]);
        for (i, doc) in rest[start + 3..end].split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                out.push_str(indent);
            }
            out.push_str(marker);
            out.push_str(doc.trim_end_matches(' '));
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The lines that call the runtime's macros with types (a struct's setters,
/// `runtime::setter!(with_tags(Vec<String>) for tags);`, a call's
/// `runtime::send!(Vec<String>, (), 200 => runtime::decode_json);` and
/// `runtime::into_future!(ListTags, Vec<String>, ());`, a blocking call's
/// `runtime::blocking_call!(ListTags, Vec<String>, ());`, an enum's
/// `runtime::string_enum!(Tag, A = "a", _ => Unknown);`), with their types written as Rust
/// code writes them: prettyplease prints the arguments of a macro it does not know token by
/// token (`Vec < String >`), and wraps a call it could keep on one line. A call that does not
/// fit on a line has its arguments on the next, or, when that does not fit either and there
/// are several, one a line with a trailing comma, which each macro of several arguments takes
/// (an enum's values always one a line). Reviewers read these lines on every spec change;
/// rustfmt leaves macro calls alone.
fn tidy_macro_calls(text: String) -> String {
    // Each call, and whether its arguments are a table (one a line when they do not fit).
    const CALLS: [(&str, bool); 5] = [
        ("runtime::setter!(", false),
        ("runtime::send!(", false),
        ("runtime::into_future!(", false),
        ("runtime::blocking_call!(", false),
        ("runtime::string_enum!(", true),
    ];
    CALLS.iter().fold(text, |text, &(call, table)| tidy_calls_of(text, call, table))
}

fn tidy_calls_of(text: String, call: &str, table: bool) -> String {
    if !text.contains(call) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(call) {
        let from = start + call.len();
        let Some(len) = call_end(&rest[from..]) else { break };
        let line = rest[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &rest[line..start];
        let args = tidy_arguments(&rest[from..from + len]);
        let args = args.trim_end_matches(',').trim_end();
        out.push_str(&rest[..start]);
        let split = split_arguments(args);
        if indent.len() + call.len() + args.len() + 2 <= 100 {
            out.push_str(&format!("{call}{args});"));
        } else if split.len() == 1 || (!table && indent.len() + 4 + args.len() <= 100) {
            out.push_str(&format!("{call}\n{indent}    {args}\n{indent});"));
        } else {
            out.push_str(call);
            for arg in split {
                out.push_str(&format!("\n{indent}    {arg},"));
            }
            out.push_str(&format!("\n{indent});"));
        }
        rest = &rest[from + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The parts of a macro call's arguments: text outside string literals, and string literals
/// (`"..."`, escapes included), which are kept as they are.
fn lexed(args: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = args;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.strip_prefix('"') {
            Some(string) => {
                let mut escaped = false;
                let close = string.find(|c| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close
                });
                close.map_or(rest.len(), |i| i + 2)
            }
            None => rest.find('"').unwrap_or(rest.len()),
        };
        let (part, tail) = rest.split_at(end);
        rest = tail;
        Some((part.starts_with('"'), part))
    })
}

/// Where the arguments of a macro call end: the `)` that closes the call, followed by `;`.
fn call_end(args: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut at = 0;
    for (string, part) in lexed(args) {
        if !string {
            for (i, b) in part.bytes().enumerate() {
                match b {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' if depth == 0 => {
                        return args[at + i..].starts_with(");").then_some(at + i);
                    }
                    b')' | b']' | b'}' => depth -= 1,
                    _ => {}
                }
            }
        }
        at += part.len();
    }
    None
}

/// The arguments of a macro call on one line, spaced as Rust code is: one space between
/// tokens, none inside `<...>`; string literals as they are.
fn tidy_arguments(args: &str) -> String {
    let mut out = String::with_capacity(args.len());
    for (string, part) in lexed(args) {
        if string {
            out.push_str(part);
            continue;
        }
        let mut words = part.split_whitespace();
        let lead = part.starts_with(char::is_whitespace) && !out.is_empty();
        let trail = part.ends_with(char::is_whitespace);
        if lead {
            out.push(' ');
        }
        if let Some(first) = words.next() {
            out.push_str(first);
            for word in words {
                out.push(' ');
                out.push_str(word);
            }
            if trail {
                out.push(' ');
            }
        }
    }
    tidy_angles(&out)
}

/// `Vec < String >` → `Vec<String>`, outside string literals.
fn tidy_angles(args: &str) -> String {
    lexed(args)
        .map(|(string, part)| match string {
            true => part.to_string(),
            false => part.replace(" < ", "<").replace(" >", ">"),
        })
        .collect()
}

/// The arguments of a macro call, split at the commas outside brackets and string literals
/// (`=>` and `->` are not brackets).
fn split_arguments(args: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut from, mut at) = (Vec::new(), 0i32, 0, 0);
    for (string, part) in lexed(args) {
        if !string {
            let bytes = part.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'(' | b'[' | b'{' | b'<' => depth += 1,
                    b'>' if i > 0 && matches!(bytes[i - 1], b'=' | b'-') => {}
                    b')' | b']' | b'}' | b'>' => depth -= 1,
                    b',' if depth == 0 => {
                        parts.push(args[from..at + i].trim());
                        from = at + i + 1;
                    }
                    _ => {}
                }
            }
        }
        at += part.len();
    }
    parts.push(args[from..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::{Item, Scope, join, print_items};
    use quote::quote;

    #[test]
    fn items_are_apart_but_imports_and_module_declarations_stay_together() {
        let items: Vec<Item> = vec![
            Box::new(|| quote!(#![allow(dead_code)] use a::b; use c::d; struct One;)),
            Box::new(|| {
                quote!(
                    mod x;
                    mod y;
                    struct Two;
                    fn three() {}
                )
            }),
        ];
        let expected = "#![allow(dead_code)]\n\nuse a::b;\nuse c::d;\n\nstruct One;\n\nmod x;\nmod y;\n\n\
                        struct Two;\n\nfn three() {}\n";
        let scope = Scope::new([]);
        let jobs: Vec<_> = items.iter().map(|item| ("test.rs", item, &scope)).collect();
        assert_eq!(join(print_items(&jobs).into_iter()).unwrap(), expected);
    }

    /// The runtime is emitted without parsing, in three parts that a client gets the first
    /// of and any of the others; the cuts between them must fall between items, so that each
    /// part is whole.
    #[test]
    fn macro_call_arguments_keep_their_strings_and_a_long_table_is_one_a_line() {
        let printed = "runtime::string_enum!(\n    E, A = \"a  <  b\", B = \"x, y);\", C = \"\\\"\", _ =>\n    Unknown\n);\n\
                       runtime::string_enum!(\n    Longer, First = \"first value\", Second = \"second value\", Third = \"third\", _ => Unknown\n);\n";
        assert_eq!(
            super::tidy_macro_calls(printed.to_string()),
            "runtime::string_enum!(E, A = \"a  <  b\", B = \"x, y);\", C = \"\\\"\", _ => Unknown);\n\
             runtime::string_enum!(\n    Longer,\n    First = \"first value\",\n    \
             Second = \"second value\",\n    Third = \"third\",\n    _ => Unknown,\n);\n"
        );
    }

    #[test]
    fn macro_calls_read_as_rust_code_does() {
        let printed = "impl T {\n    runtime::setter!(with_at(DateTime < Utc >) for at);\n    \
                       runtime::setter!(\n        with_m(Option < BTreeMap < String, Vec < i64 > > >) \
                       for m\n    );\n}\n\nruntime::into_future!(\n    #[allow(deprecated)] L, \
                       BTreeMap < String, Vec < u8 > >,\n    ()\n);\n";
        assert_eq!(
            super::tidy_macro_calls(printed.to_string()),
            "impl T {\n    runtime::setter!(with_at(DateTime<Utc>) for at);\n    \
             runtime::setter!(with_m(Option<BTreeMap<String, Vec<i64>>>) for m);\n}\n\n\
             runtime::into_future!(#[allow(deprecated)] L, BTreeMap<String, Vec<u8>>, ());\n"
        );
    }

    /// A doc block is emitted as one attribute, and printed as one attribute per line
    /// would print: `(docs, printed)`, the docs of a struct, its field and a module.
    #[test]
    fn doc_blocks_print_as_doc_lines() {
        let cases = [
            ("One line.", "/// One line.\n"),
            ("Two\n\nparagraphs.  ", "/// Two\n///\n/// paragraphs.\n"),
            ("Code:\n\n```text\n  a  \n```", "/// Code:\n///\n/// ```text\n///   a\n/// ```\n"),
            // What a block comment cannot hold, or would read as another kind of comment.
            ("Ends */ early,\nsee?", "/// Ends */ early,\n/// see?\n"),
            ("Opens /* one,\nsee?", "/// Opens /* one,\n/// see?\n"),
            ("A path:\n/", "/// A path:\n/// /\n"),
            // Docs are raw strings: what would end one early, and escapes, are text.
            ("Say \"hi\"#, \"##\n\\n\\u{0}", "/// Say \"hi\"#, \"##\n/// \\n\\u{0}\n"),
            ("A carriage\rreturn", "/// A carriage\rreturn\n"),
        ];
        for (text, printed) in cases {
            let items: Vec<Item> = vec![
                Box::new(move || {
                    let (doc, inner) = (crate::emit::doc(text), crate::emit::inner_doc(text));
                    quote!(#inner #doc struct S { #doc f: u8 })
                }),
                Box::new(|| {
                    quote!(
                        fn f() {
                            let _ = ("/**", "*/");
                        }
                    )
                }),
            ];
            let scope = Scope::new([]);
            let jobs: Vec<_> = items.iter().map(|item| ("test.rs", item, &scope)).collect();
            let field = printed.lines().map(|l| format!("    {l}\n")).collect::<String>();
            let inner = printed.replace("///", "//!");
            let expected = format!(
                "{inner}\n{printed}struct S {{\n{field}    f: u8,\n}}\n\n\
                 fn f() {{\n    let _ = (\"/**\", \"*/\");\n}}\n"
            );
            assert_eq!(join(print_items(&jobs).into_iter()).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn the_runtime_is_cut_between_items() {
        let parts = [
            ("the runtime up to the pagers", crate::emit::RUNTIME_TEXT),
            ("the pagers", crate::emit::RUNTIME_PAGES),
            ("the form encoders", crate::emit::RUNTIME_FORMS),
        ];
        for (name, text) in parts {
            if let Err(e) = syn::parse_file(text) {
                panic!(
                    "runtime/src/runtime.rs: {name} do not parse on their own ({e}); the comments \
                     where the pagers and the form encoders begin must sit between items"
                );
            }
        }
    }
}

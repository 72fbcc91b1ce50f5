//! Types and names as the generated crate spells them, shortened for reading in the report.

use crate::emit;
use crate::model::{BodyKind, Ty};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A type as the generated crate spells it, shortened for reading.
pub(super) fn rust_type(ty: &Ty) -> String {
    readable(emit::rust_type(ty, emit::Place::Types))
}

/// The argument type of a parameter, as `Client`'s methods take it.
pub(super) fn param_type(ty: &Ty) -> String {
    readable(emit::param_type(ty))
}

/// The type of the `body` argument of `Client`'s methods.
pub(super) fn body_type(kind: &BodyKind) -> String {
    readable(emit::body_type(kind))
}

/// Emit's tokens of a type as text: `std`'s types and the crate's own by their names, other
/// crates' with the crate (`BTreeMap<String, serde_json::Value>`, `&[Integration]`).
fn readable(tokens: TokenStream) -> String {
    let mut out = String::new();
    // The segments of the path being read, and whether a `::` has just joined another.
    let mut path: Vec<String> = Vec::new();
    let mut joined = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if !joined && !path.is_empty() {
                    end_path(&mut path, &mut out);
                    out.push(' ');
                }
                path.push(ident.to_string());
                joined = false;
            }
            TokenTree::Punct(p) if p.as_char() == ':' => joined = true,
            other => {
                end_path(&mut path, &mut out);
                match other {
                    TokenTree::Punct(p) if p.as_char() == ',' => out.push_str(", "),
                    TokenTree::Punct(p) => out.push(p.as_char()),
                    TokenTree::Group(group) => {
                        let (open, close) = match group.delimiter() {
                            Delimiter::Parenthesis => ("(", ")"),
                            Delimiter::Bracket => ("[", "]"),
                            Delimiter::Brace => ("{", "}"),
                            Delimiter::None => ("", ""),
                        };
                        out.push_str(open);
                        out.push_str(&readable(group.stream()));
                        out.push_str(close);
                    }
                    other => out.push_str(&other.to_string()),
                }
            }
        }
    }
    end_path(&mut path, &mut out);
    out
}

/// Writes a path as [`readable`] shows it, and empties it.
fn end_path(path: &mut Vec<String>, out: &mut String) {
    match path.first().map(String::as_str) {
        None => {}
        Some("std" | "core" | "alloc" | "crate" | "super" | "self") => {
            out.push_str(path.last().map_or("", String::as_str))
        }
        Some(_) => out.push_str(&path.join("::")),
    }
    path.clear();
}

pub(super) fn rust_ident(name: &str) -> String {
    emit::ident(name).to_string()
}

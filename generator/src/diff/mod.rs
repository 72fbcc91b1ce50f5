//! The model diff behind `cargo xtask api-diff`: what a change to the spec does to its users,
//! for review.
//!
//! Both documents go through [`crate::model()`], so the comparison sees what the generator
//! sees: names, types, constraints and operations after `$ref`s are resolved, keyed by name
//! (types by Rust name, properties by API name, operations by method and path, else by
//! `operationId`, parameters by location and name, enum values by value). Reordering keys in
//! the YAML is therefore no change, except where order reaches the generated Rust: the
//! arguments of an operation's method, the arguments of a struct's `new`, and the order of an
//! enum's variants (which its derived `Ord` follows).
//!
//! # Two classifications
//!
//! Each change is judged twice:
//!
//! - **wire**: would a caller written against the old document break? The old document is
//!   taken as a contract. A request is broken when something the old document let a caller
//!   send is refused or ignored under the new one; a response is broken when the new document
//!   lets the server send something the old one ruled out. The generated client reads
//!   leniently (unknown enum values and properties are kept, response constraints are not
//!   checked), but other callers need not, so the wire column does not assume it: a value
//!   added to a received enum is wire-breaking, because a reader with a closed enum fails on
//!   it, although the generated client keeps it as `Unknown`.
//! - **Rust**: would code using the generated crate stop compiling, or silently do something
//!   else, after regeneration?
//!
//! Where a change breaks depends on the direction its type travels in the old document:
//! *sent* (reachable from a parameter or request body), *received* (reachable from a
//! response), both, or neither (a type no operation uses, which breaks nothing on the wire).
//! Only what callers of the old document did can break, so a type that starts being sent or
//! received through a new operation is judged as it was used before.
//!
//! | Change | Wire-breaking when | Rust-breaking when |
//! |---|---|---|
//! | operation added | never | never (new methods) |
//! | operation removed | always | always |
//! | operation moved (method or path; same `operationId`) | always | never |
//! | operation's Rust name changed (`operationId`) | never | always |
//! | operation (un)deprecated | never | never (a warning; an error only where warnings are denied) |
//! | parameter added | it is required | always (a new positional argument) |
//! | parameter removed | always | always |
//! | parameter made required / optional | required | always (`Option<T>` ↔ `T`) |
//! | arguments of a method reordered | never | always (same-typed arguments swap silently) |
//! | request body added | it is required | always (a new argument) |
//! | request body removed | always | always |
//! | request body made required / optional | required | always |
//! | response status added | a success status | always (the status moves between `Ok`, `Error::Api` and `Error::UnexpectedStatus`) |
//! | response status removed | never | always (likewise) |
//! | response body added / removed | removed | always (the decoded type changes) |
//! | value retyped (parameter, body, response, property, alias, newtype) | sent and some old value is not valid under the new type; received and some new value was not valid under the old type | the Rust type differs (an integer that only changes width is a Rust change; its bounds are compared as constraints) |
//! | type added | never | never |
//! | type removed | never (its uses are reported) | always |
//! | type changes kind (struct, enum, newtype, alias) | used, unless only alias ↔ newtype | always |
//! | property added, required | sent | always |
//! | property added, optional | received and the old object was closed (`additionalProperties: false`) | always (see below) |
//! | property removed | sent, or received and it was required | always |
//! | property made required | sent | always (`Option<T>` → `T`) |
//! | property made optional | received | always (`T` → `Option<T>`) |
//! | property made nullable | received | always (another `Option` layer) |
//! | property made non-nullable | sent | always |
//! | property's Rust name changed, boxed or unboxed | never | always |
//! | required properties reordered | never | always (`new` takes them in order) |
//! | map of unnamed properties (`extra`) added / removed | never | always |
//! | enum value added | received | always (see below) |
//! | enum value removed | sent | always (the variant is gone) |
//! | enum values reordered, variant renamed | never | always |
//! | constraint tightened (pattern, length, bounds, items, `additionalProperties: false`) | sent | the client checks it: the value is sent, or the type is a newtype (calls, `validate()` and constructors refuse values they accepted) |
//! | constraint loosened | received | never |
//! | pattern replaced by another (no subset is worked out) | used | the client checks it |
//! | scope added (`x-required-scopes`) | the operation listed none before | never |
//! | scope removed | scopes remain (tokens holding only that one are refused) | none remain (`scopes::NAME` disappears) |
//! | server (`servers[0]`) changed | always | always (`Client::new()` talks to the new URL) |
//! | server added / removed | never | removed (`Client::new()` loses its default base URL) |
//! | bearer authentication added / removed | added | always (`Client::new` gains or loses the token argument) |
//!
//! Two rules in the Rust column deserve their reasons:
//!
//! - *Any property added is Rust-breaking.* Generated structs have public fields and are not
//!   `#[non_exhaustive]`, so a struct literal that names every field, or a pattern without
//!   `..`, stops compiling (Cargo's SemVer rules call this a major change). Code that builds
//!   structs with `..Default::default()` or `Type::new(..)` keeps compiling; the report says so
//!   in its reason, but the flag stays on because no tool can see which style callers use.
//!   In a received struct the property also moves out of the `extra` map.
//! - *Any enum value added is Rust-breaking*, even though the catch-all variant means nothing
//!   fails to decode: a `match` without `_` stops compiling, and a value that used to arrive
//!   as `Unknown("sqs")` now arrives as `Sqs`, so code that matched the string changes
//!   behaviour without a compile error. The same reasoning makes a new response status
//!   Rust-breaking: it used to arrive as `Error::UnexpectedStatus`.
//!
//! Pointers (`at`) name the item in the new document, or in the old one for what was removed.
//! A constraint's pointer is the schema that holds it (the detail names the keyword). The
//! model has no location for parameters, so a parameter's pointer is its operation's.
//! Named types are compared by name: a property that moves from an inline schema to an
//! equivalent `$ref` is reported as retyped, which errs on the side of reporting.

mod operations;
mod report;
mod shapes;
mod types;
mod usage;

pub use report::markdown;

use crate::emit;
use crate::error::pointer;
use crate::model::{Api, BodyKind, Ty};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use serde::Serialize;
use std::collections::BTreeMap;
use usage::{Usage, usage};

/// One change; `cargo xtask api-diff --format json` prints a list of them.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// What kind of change, e.g. `enum_value_added`: stable, for tools.
    pub change: &'static str,
    /// What changed, in words, e.g. ``value `sqs` added``.
    pub detail: String,
    /// Where, as a JSON pointer into the new document (the old one for removals).
    pub at: String,
    pub wire_breaking: bool,
    pub rust_breaking: bool,
    /// The item of the generated crate it touches, e.g. `IntegrationType::Sqs`.
    pub rust_item: String,
    /// Why it breaks, for each kind of caller it breaks; empty when it breaks none.
    pub why: String,
}

/// Every change from `old` to `new`: API-wide first, then operations in the new document's
/// order (removed ones after), then types by Rust name.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Cx { changes: Vec::new(), usage: usage(old) };
    cx.api(old, new);
    cx.operations(old, new);
    cx.types(old, new);
    cx.changes
}

/// Collects changes; one method per level of the model.
struct Cx {
    changes: Vec<Change>,
    /// How the old document uses each type: only what callers of the old document did can
    /// break, so a type that starts being sent or received by a new operation breaks no one.
    usage: BTreeMap<String, Usage>,
}

/// A value whose shape is compared: where it is, what it is called, which way it travels.
#[derive(Clone)]
struct Place {
    at: String,
    rust_item: String,
    /// In words: ``property `name` ``, ``parameter `applicationId` (path)``, `request body`.
    what: String,
    usage: Usage,
    /// The change kind reported when its type changes, e.g. `field_retyped`.
    retyped: &'static str,
    /// Whether the generated code checks the value's constraints: before sending it, or in
    /// a newtype's constructor. Tightening them breaks Rust code only then.
    checked: bool,
}

impl Place {
    fn items(&self) -> Place {
        Place {
            at: pointer(&self.at, "items"),
            what: format!("items of {}", self.what),
            ..self.clone()
        }
    }

    fn values(&self) -> Place {
        Place {
            at: pointer(&self.at, "additionalProperties"),
            what: format!("values of {}", self.what),
            ..self.clone()
        }
    }
}

/// How a constraint moved: which values it accepts now, compared with before.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// It accepts fewer values.
    Tightened,
    /// It accepts more values.
    Loosened,
    /// Neither set contains the other (a pattern replaced by another).
    Changed,
}

impl Cx {
    fn push(
        &mut self,
        change: &'static str,
        at: &str,
        rust_item: impl Into<String>,
        detail: impl Into<String>,
        wire: Option<String>,
        rust: Option<String>,
    ) {
        let mut why = Vec::new();
        if let Some(reason) = &wire {
            why.push(format!("Wire: {reason}."));
        }
        if let Some(reason) = &rust {
            why.push(format!("Rust: {reason}."));
        }
        self.changes.push(Change {
            change,
            detail: detail.into(),
            at: at.to_string(),
            wire_breaking: wire.is_some(),
            rust_breaking: rust.is_some(),
            rust_item: rust_item.into(),
            why: why.join(" "),
        });
    }

    fn type_usage(&self, name: &str) -> Usage {
        self.usage.get(name).copied().unwrap_or_default()
    }
}

/// A type as the generated crate spells it, shortened for reading.
fn rust_type(ty: &Ty) -> String {
    readable(emit::rust_type(ty, emit::Place::Types))
}

/// The argument type of a parameter, as `Client`'s methods take it.
fn param_type(ty: &Ty) -> String {
    readable(emit::param_type(ty))
}

/// The type of the `body` argument of `Client`'s methods.
fn body_type(kind: &BodyKind) -> String {
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

fn rust_ident(name: &str) -> String {
    emit::ident(name).to_string()
}

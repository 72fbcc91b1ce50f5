//! The public API of the crate a document generates, read from the tokens `emit` writes: what
//! code using the crate can name, and with which types.
//!
//! The Rust column of the diff is the comparison of two of these ([`compare`]). Reading what
//! emit writes, rather than restating its rules, keeps the verdicts true when emit changes:
//! fields added to a `#[non_exhaustive]` struct, or methods added to a builder, break no one,
//! and the comparison sees that from the code itself.
//!
//! A type is spelled as the crate's users see it: the crate's own items by their public path
//! (`types::Integration`, `Error`), `std`'s by their name (`Option<String>`), other crates'
//! with the crate (`serde_json::Value`), and a type alias as the type it stands for, so that
//! an alias introduced or inlined changes no signature.

use crate::emit::{self, Source};
use crate::error::Error;
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use read::read_crate;
use std::collections::{BTreeMap, BTreeSet};

mod read;
#[cfg(test)]
mod tests;

/// Everything public in a generated crate.
#[derive(Debug, Default)]
pub(super) struct Surface {
    entries: BTreeMap<Key, Entry>,
}

/// One thing code can name: an item, or a part of one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    /// The item's public path: `types::Integration`, `Client`, `scopes::GET_THING`.
    pub(super) item: String,
    pub(super) part: Part,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    /// The item itself.
    Item,
    /// A field of a struct, or a variant of an enum.
    Member(String),
    /// An associated function or method.
    Fn(String),
    /// One argument of an associated function, by name.
    Arg(String, String),
    /// What an associated function returns.
    Ret(String),
    /// A trait the item implements.
    Impl(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Struct {
        /// Built with a struct literal and matched without `..`: all fields public and not
        /// `#[non_exhaustive]`.
        literal: bool,
    },
    Enum {
        /// A `match` must name every variant (not `#[non_exhaustive]`).
        exhaustive: bool,
        /// It derives `PartialOrd`, so the order of its variants is its order.
        ordered: bool,
        variants: Vec<String>,
    },
    /// A type alias, and the type it stands for.
    Alias(String),
    /// A constant or static, and its type.
    Const(String),
    Fn(Signature),
    /// A public field, and its type.
    Field(String),
    /// A variant, and the types it holds: `(String)`, `{ a: u8 }`, or nothing.
    Variant(String),
    Impl,
}

#[derive(Debug, Clone, PartialEq)]
struct Signature {
    asyncness: bool,
    /// `&self`, `&mut self`, `self`, or empty for an associated function.
    receiver: String,
    generics: String,
    args: Vec<(String, String)>,
    ret: String,
}

/// How the public API moved: what breaks code written against the old one, and how many
/// items were added.
#[derive(Debug, Default)]
pub(super) struct Delta {
    pub(super) breaks: Vec<Break>,
    pub(super) additions: usize,
}

/// One way code written against the old crate stops compiling, or silently does something else.
#[derive(Debug, Clone)]
pub(super) struct Break {
    pub(super) key: Key,
    pub(super) what: String,
}

impl Key {
    pub(super) fn item(item: impl Into<String>) -> Key {
        Key { item: item.into(), part: Part::Item }
    }

    pub(super) fn new(item: impl Into<String>, part: Part) -> Key {
        Key { item: item.into(), part }
    }
}

impl std::fmt::Display for Key {
    /// As a reader of the report names it: `Integration::name`, `Client::get_thing(body)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let item = show(&self.item);
        match &self.part {
            Part::Item => write!(f, "{item}"),
            Part::Member(name) | Part::Fn(name) => write!(f, "{item}::{name}"),
            Part::Arg(function, arg) => write!(f, "{item}::{function}({arg})"),
            Part::Ret(function) => write!(f, "{item}::{function}"),
            Part::Impl(trait_) => write!(f, "{item}: {trait_}"),
        }
    }
}

/// A path or type as the report shows it: the crate's types by their names.
pub(super) fn show(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("types::") {
        let boundary = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != ':');
        out.push_str(&rest[..i]);
        if !boundary {
            out.push_str("types::");
        }
        rest = &rest[i + "types::".len()..];
    }
    out.push_str(rest);
    out
}

/// The public API of the crate `emit` writes for `api`. Parts that are the same for every
/// document (the runtime, and the setters of the per-call options that each call gets from
/// the runtime's `call_options!`, which this reading does not expand) are left out: they
/// never differ between two documents. So are the
/// mocks, which only tests use (behind the `mock` feature): a spec change that changes them
/// changes the operations they mock, which the diff reports.
pub(super) fn surface(api: &crate::model::Api) -> Result<Surface, Error> {
    let emitter = emit::Emitter::new(api);
    let config = crate::Config::default();
    let mut files: BTreeMap<String, syn::File> = BTreeMap::new();
    for file in emitter.files(&config) {
        let Source::Items(items, _) = file.source else { continue };
        if file.path == "src/mock.rs" {
            continue;
        }
        let tokens: TokenStream = items.iter().map(|item| without_bodies(item())).collect();
        let parsed = syn::parse2::<syn::File>(tokens)
            .map_err(|e| Error::Internal { file: file.path.to_string(), what: e.to_string() })?;
        let module = file.path.trim_start_matches("src/").trim_end_matches(".rs");
        let module = if module == "lib" { String::new() } else { module.to_string() };
        files.insert(module, parsed);
    }
    Ok(read_crate(&files))
}

/// The tokens of items without what is not part of the API and takes most of the time to
/// parse: the body of every function, and docs.
fn without_bodies(tokens: TokenStream) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    let mut in_fn = false;
    for token in tokens {
        match token {
            // Docs too: `#[doc = "…"]` and `#![doc = "…"]`.
            TokenTree::Group(group)
                if group.delimiter() == Delimiter::Bracket
                    && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc") =>
            {
                while matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '#' || p.as_char() == '!')
                {
                    out.pop();
                }
            }
            TokenTree::Ident(ident) => {
                in_fn |= ident == "fn";
                out.push(TokenTree::Ident(ident));
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                let stream =
                    if in_fn { TokenStream::new() } else { without_bodies(group.stream()) };
                let mut emptied = Group::new(Delimiter::Brace, stream);
                emptied.set_span(group.span());
                out.push(TokenTree::Group(emptied));
                in_fn = false;
            }
            TokenTree::Punct(p) if p.as_char() == ';' => {
                in_fn = false;
                out.push(TokenTree::Punct(p));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// Compares two public APIs by Cargo's SemVer rules: what is removed or changed breaks, what
/// is added does not, except a field that struct literals must now name, a variant that a
/// `match` must now handle, and arguments that swap places.
pub(super) fn compare(old: &Surface, new: &Surface) -> Delta {
    let mut delta = Delta::default();
    // Items removed, added or changed in kind: their parts are not compared one by one.
    let mut settled: BTreeSet<&str> = BTreeSet::new();
    let keys: BTreeSet<&Key> = old.entries.keys().chain(new.entries.keys()).collect();
    for key in keys {
        if key.part != Part::Item && settled.contains(key.item.as_str()) {
            continue;
        }
        if key.part == Part::Item && old.entries.contains_key(key) != new.entries.contains_key(key)
        {
            settled.insert(&key.item);
        }
        let mut broke =
            |key: &Key, what: String| delta.breaks.push(Break { key: key.clone(), what });
        match (old.entries.get(key), new.entries.get(key)) {
            (Some(_), None) => broke(key, format!("`{key}` no longer exists")),
            (None, Some(entry)) => {
                delta.additions += 1;
                let parent = old.entries.get(&Key::item(key.item.clone()));
                match (&key.part, entry, parent) {
                    (Part::Member(_), Entry::Field(_), Some(Entry::Struct { literal: true })) => {
                        broke(
                            key,
                            format!(
                                "struct literals and patterns of `{}` without `..` must now name `{key}`",
                                show(&key.item)
                            ),
                        )
                    }
                    (
                        Part::Member(_),
                        Entry::Variant(_),
                        Some(Entry::Enum { exhaustive: true, .. }),
                    ) => broke(
                        key,
                        format!(
                            "a `match` on `{}` without `_` must now handle `{key}`",
                            show(&key.item)
                        ),
                    ),
                    _ => {}
                }
            }
            (Some(a), Some(b)) => {
                if std::mem::discriminant(a) != std::mem::discriminant(b) {
                    settled.insert(&key.item);
                    broke(key, format!("`{key}` is now {} (was {})", b.kind(), a.kind()));
                    continue;
                }
                changed(key, a, b, &mut delta.breaks);
            }
            (None, None) => {}
        }
    }
    delta
}

/// The breaks between two entries of the same kind.
fn changed(key: &Key, old: &Entry, new: &Entry, breaks: &mut Vec<Break>) {
    let mut broke = |key: Key, what: String| breaks.push(Break { key, what });
    let item = show(&key.item);
    match (old, new) {
        (Entry::Struct { literal: true }, Entry::Struct { literal: false }) => {
            broke(key.clone(), format!("`{item}` can no longer be built with a struct literal"))
        }
        (
            Entry::Enum { exhaustive: was_exhaustive, ordered: was_ordered, variants: before },
            Entry::Enum { exhaustive, ordered, variants: after },
        ) => {
            if *was_exhaustive && !exhaustive {
                broke(
                    key.clone(),
                    format!(
                        "`{item}` is now `#[non_exhaustive]`: a `match` without `_` stops compiling"
                    ),
                );
            }
            let common = |list: &[String], other: &[String]| -> Vec<String> {
                list.iter().filter(|v| other.contains(v)).cloned().collect()
            };
            if *was_ordered && *ordered && common(before, after) != common(after, before) {
                broke(
                    key.clone(),
                    format!(
                        "the derived order of `{item}` follows its variants, which are reordered"
                    ),
                );
            }
        }
        (Entry::Alias(a), Entry::Alias(b))
        | (Entry::Const(a), Entry::Const(b))
        | (Entry::Field(a), Entry::Field(b))
            if a != b =>
        {
            broke(key.clone(), format!("`{key}` changes from `{}` to `{}`", show(a), show(b)))
        }
        (Entry::Variant(a), Entry::Variant(b)) if a != b => broke(
            key.clone(),
            format!("`{key}` changes from `{key}{}` to `{key}{}`", show(a), show(b)),
        ),
        (Entry::Fn(a), Entry::Fn(b)) => function(key, a, b, breaks),
        _ => {}
    }
}

/// Callers pass arguments by position, so a function breaks when the types at some position
/// change, or when arguments swap places; a renamed argument breaks no one.
fn function(key: &Key, old: &Signature, new: &Signature, breaks: &mut Vec<Break>) {
    let Part::Fn(name) = &key.part else { return };
    let mut broke = |part: Part, what: String| {
        breaks.push(Break { key: Key::new(key.item.clone(), part), what })
    };
    if old.asyncness != new.asyncness
        || old.receiver != new.receiver
        || old.generics != new.generics
    {
        broke(
            Part::Fn(name.clone()),
            format!("`{key}` changes from `{}` to `{}`", old.text(name), new.text(name)),
        );
        return;
    }
    if old.ret != new.ret {
        broke(
            Part::Ret(name.clone()),
            format!("`{key}` returns `{}` (was `{}`)", show(&new.ret), show(&old.ret)),
        );
    }
    let types = |s: &Signature| s.args.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>();
    if types(old) == types(new) {
        let position = |s: &Signature, n: &str| s.args.iter().position(|(a, _)| a == n);
        let moved = old
            .args
            .iter()
            .any(|(n, _)| position(new, n).is_some_and(|at| Some(at) != position(old, n)));
        if moved {
            broke(
                Part::Fn(name.clone()),
                format!(
                    "the arguments of `{key}` are reordered: `{}` → `{}`",
                    old.args_text(),
                    new.args_text()
                ),
            );
        }
        return;
    }
    let before = breaks.len();
    let mut broke = |part: Part, what: String| {
        breaks.push(Break { key: Key::new(key.item.clone(), part), what })
    };
    for (arg, ty) in &new.args {
        match old.args.iter().find(|(a, _)| a == arg) {
            None => broke(
                Part::Arg(name.clone(), arg.clone()),
                format!("`{key}` takes a new argument `{arg}: {}`", show(ty)),
            ),
            Some((_, was)) if was != ty => broke(
                Part::Arg(name.clone(), arg.clone()),
                format!(
                    "the argument `{arg}` of `{key}` changes from `{}` to `{}`",
                    show(was),
                    show(ty)
                ),
            ),
            Some(_) => {}
        }
    }
    for (arg, _) in old.args.iter().filter(|(a, _)| !new.args.iter().any(|(n, _)| n == a)) {
        broke(Part::Arg(name.clone(), arg.clone()), format!("`{key}` no longer takes `{arg}`"));
    }
    if breaks.len() == before {
        breaks.push(Break {
            key: key.clone(),
            what: format!(
                "the arguments of `{key}` change: `{}` → `{}`",
                old.args_text(),
                new.args_text()
            ),
        });
    }
}

impl Entry {
    fn kind(&self) -> &'static str {
        match self {
            Entry::Struct { .. } => "a struct",
            Entry::Enum { .. } => "an enum",
            Entry::Alias(_) => "a type alias",
            Entry::Const(_) => "a constant",
            Entry::Fn(_) => "a function",
            Entry::Field(_) => "a field",
            Entry::Variant(_) => "a variant",
            Entry::Impl => "an implementation",
        }
    }
}

impl Signature {
    fn args_text(&self) -> String {
        let args: Vec<String> =
            self.args.iter().map(|(n, t)| format!("{n}: {}", show(t))).collect();
        format!("({})", args.join(", "))
    }

    fn text(&self, name: &str) -> String {
        let mut args = Vec::new();
        if !self.receiver.is_empty() {
            args.push(self.receiver.clone());
        }
        args.extend(self.args.iter().map(|(n, t)| format!("{n}: {}", show(t))));
        format!(
            "{}fn {name}{}({}) -> {}",
            if self.asyncness { "async " } else { "" },
            self.generics,
            args.join(", "),
            show(&self.ret)
        )
    }
}

impl Surface {
    fn add(&mut self, key: Key, entry: Entry) {
        self.entries.insert(key, entry);
    }

    /// The public paths of the items named `name` (the async `Client` and the blocking one).
    pub(super) fn items_named(&self, name: &str) -> Vec<String> {
        let suffix = format!("::{name}");
        let mut items: Vec<String> = self
            .entries
            .keys()
            .filter(|k| k.item == name || k.item.ends_with(&suffix))
            .map(|k| k.item.clone())
            .collect();
        items.dedup();
        items
    }
}

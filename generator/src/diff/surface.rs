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
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::punctuated::Punctuated;

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
/// document (the runtime) are left out: they never differ between two documents.
pub(super) fn surface(api: &crate::model::Api) -> Result<Surface, Error> {
    let emitter = emit::Emitter::new(api);
    let config = crate::Config::default();
    let mut files: BTreeMap<String, syn::File> = BTreeMap::new();
    for file in emitter.files(&config) {
        let Source::Items(items) = file.source else { continue };
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

/// The public API of a crate given as its parsed files, by module name (the root's is empty).
fn read_crate(files: &BTreeMap<String, syn::File>) -> Surface {
    let Some(root) = files.get("") else { return Surface::default() };
    let mut reader = Reader::default();
    reader.module(Vec::new(), &root.items, files);
    reader.publish();
    let mut surface = Surface::default();
    let modules: Vec<(Vec<String>, &[syn::Item])> =
        reader.modules.iter().map(|(path, m)| (path.clone(), m.items)).collect();
    for (path, items) in modules {
        reader.entries(&path, items, &mut surface);
    }
    surface
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

/// A module of the generated crate, as parsed.
struct Module<'a> {
    items: &'a [syn::Item],
    /// What its own names refer to: items and modules declared here.
    declared: BTreeSet<String>,
    /// `use` declarations: the name they bring in, and the path they bring it from.
    imports: BTreeMap<String, (bool, Vec<String>)>,
}

/// Resolves the names of a generated crate to public paths.
#[derive(Default)]
struct Reader<'a> {
    /// By the path where they are declared (the root is empty).
    modules: BTreeMap<Vec<String>, Module<'a>>,
    /// The public path of each module and item reachable from outside, by declared path.
    public: BTreeMap<Vec<String>, Vec<String>>,
    /// Public type aliases by public path: the module that declares each, and its type.
    aliases: BTreeMap<String, (Vec<String>, &'a syn::Type)>,
}

/// Where a path leads: into the crate (by declared path), or outside it (as text).
enum Target {
    Crate(Vec<String>),
    Outside(String),
}

impl<'a> Reader<'a> {
    fn module(
        &mut self,
        path: Vec<String>,
        items: &'a [syn::Item],
        files: &'a BTreeMap<String, syn::File>,
    ) {
        let mut declared = BTreeSet::new();
        let mut imports = BTreeMap::new();
        for item in items {
            match item {
                syn::Item::Use(u) => {
                    flatten_use(&u.tree, u.leading_colon.is_some(), Vec::new(), &mut imports)
                }
                syn::Item::Mod(m) => {
                    let name = m.ident.to_string();
                    declared.insert(name.clone());
                    let mut child = path.clone();
                    child.push(name.clone());
                    match &m.content {
                        Some((_, inner)) => self.module(child, inner, files),
                        None => {
                            if let Some(file) = files.get(&name) {
                                self.module(child, &file.items, files);
                            }
                        }
                    }
                }
                other => {
                    if let Some(name) = item_name(other) {
                        declared.insert(name);
                    }
                }
            }
        }
        self.modules.insert(path, Module { items, declared, imports });
    }

    /// Gives a public path to every module and item reachable from the root: through `pub`
    /// modules, or through `pub use`.
    fn publish(&mut self) {
        self.public.insert(Vec::new(), Vec::new());
        // Modules first, outermost first (the map is ordered so that a parent precedes its
        // children), then re-exports, which only the crate root makes in generated code.
        let paths: Vec<Vec<String>> = self.modules.keys().cloned().collect();
        for path in &paths {
            let Some((name, parent)) = path.split_last() else { continue };
            let Some(parent_public) = self.public.get(parent).cloned() else { continue };
            let is_pub = self.modules[parent]
                .items
                .iter()
                .any(|item| matches!(item, syn::Item::Mod(m) if m.ident == name && is_pub(&m.vis)));
            if is_pub {
                let mut public = parent_public;
                public.push(name.clone());
                self.public.insert(path.clone(), public);
            }
        }
        for path in &paths {
            let Some(public) = self.public.get(path).cloned() else { continue };
            for item in self.modules[path].items {
                let syn::Item::Use(u) = item else { continue };
                if !is_pub(&u.vis) {
                    continue;
                }
                let mut imports = BTreeMap::new();
                flatten_use(&u.tree, u.leading_colon.is_some(), Vec::new(), &mut imports);
                for (name, (leading, target)) in imports {
                    if let Target::Crate(declared) = self.resolve(path, leading, &target, 0) {
                        let mut exported = public.clone();
                        exported.push(name);
                        self.public.entry(declared.clone()).or_insert(exported.clone());
                        // A module re-exported makes its public children public under it.
                        let children: Vec<Vec<String>> = self
                            .modules
                            .keys()
                            .filter(|p| p.len() > declared.len() && p.starts_with(&declared))
                            .cloned()
                            .collect();
                        for child in children {
                            let mut under = exported.clone();
                            under.extend(child[declared.len()..].iter().cloned());
                            self.public.entry(child).or_insert(under);
                        }
                    }
                }
            }
        }
        for (path, module) in &self.modules {
            for item in module.items {
                if let syn::Item::Type(t) = item
                    && is_pub(&t.vis)
                    && let Some(public) = self.item_public(path, &t.ident.to_string())
                {
                    self.aliases.insert(public, (path.clone(), &t.ty));
                }
            }
        }
    }

    /// The public path of an item declared `pub` in `module`, if code outside can name it.
    fn item_public(&self, module: &[String], name: &str) -> Option<String> {
        let mut declared = module.to_vec();
        declared.push(name.to_string());
        if let Some(public) = self.public.get(&declared) {
            return Some(public.join("::"));
        }
        let mut public = self.public.get(module)?.clone();
        public.push(name.to_string());
        Some(public.join("::"))
    }

    /// Where `segments` (a path written in `module`) leads.
    fn resolve(
        &self,
        module: &[String],
        leading: bool,
        segments: &[String],
        depth: usize,
    ) -> Target {
        let outside = |segments: &[String]| match segments.first().map(String::as_str) {
            Some("std" | "core" | "alloc") => {
                Target::Outside(segments.last().cloned().unwrap_or_default())
            }
            _ => Target::Outside(segments.join("::")),
        };
        let Some(first) = segments.first() else { return Target::Outside(String::new()) };
        if leading || depth > 8 {
            return outside(segments);
        }
        let within = |base: &[String], rest: &[String]| {
            let mut path = base.to_vec();
            path.extend(rest.iter().cloned());
            Target::Crate(path)
        };
        match first.as_str() {
            "crate" => within(&[], &segments[1..]),
            "self" => within(module, &segments[1..]),
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let base = &module[..module.len().saturating_sub(ups)];
                within(base, &segments[ups..])
            }
            _ => match self.modules.get(module) {
                Some(m) if m.declared.contains(first) => within(module, segments),
                Some(m) => match m.imports.get(first) {
                    Some((leading, target)) => {
                        let mut path = target.clone();
                        path.extend(segments[1..].iter().cloned());
                        self.resolve(module, *leading, &path, depth + 1)
                    }
                    None => outside(segments),
                },
                None => outside(segments),
            },
        }
    }

    /// A type as users of the crate spell it; see the module doc.
    fn ty(&self, module: &[String], self_ty: &str, ty: &syn::Type, depth: usize) -> String {
        use syn::Type;
        match ty {
            Type::Path(p) if p.qself.is_none() => self.path(module, self_ty, &p.path, depth),
            Type::Reference(r) => format!(
                "&{}{}",
                if r.mutability.is_some() { "mut " } else { "" },
                self.ty(module, self_ty, &r.elem, depth)
            ),
            Type::Slice(s) => format!("[{}]", self.ty(module, self_ty, &s.elem, depth)),
            Type::Array(a) => format!(
                "[{}; {}]",
                self.ty(module, self_ty, &a.elem, depth),
                a.len.to_token_stream()
            ),
            Type::Tuple(t) => {
                let items: Vec<String> =
                    t.elems.iter().map(|e| self.ty(module, self_ty, e, depth)).collect();
                format!("({})", items.join(", "))
            }
            Type::Paren(p) => self.ty(module, self_ty, &p.elem, depth),
            Type::Group(g) => self.ty(module, self_ty, &g.elem, depth),
            Type::ImplTrait(i) => {
                format!("impl {}", self.bounds(module, self_ty, &i.bounds, depth))
            }
            Type::TraitObject(o) => {
                format!("dyn {}", self.bounds(module, self_ty, &o.bounds, depth))
            }
            other => other.to_token_stream().to_string(),
        }
    }

    fn bounds(
        &self,
        module: &[String],
        self_ty: &str,
        bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
        depth: usize,
    ) -> String {
        let traits: Vec<String> = bounds
            .iter()
            .filter_map(|b| match b {
                syn::TypeParamBound::Trait(t) => Some(self.path(module, self_ty, &t.path, depth)),
                _ => None,
            })
            .collect();
        traits.join(" + ")
    }

    /// A path with its generic arguments; a public alias of the crate stands for its type.
    fn path(&self, module: &[String], self_ty: &str, path: &syn::Path, depth: usize) -> String {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let base = if segments.first().is_some_and(|s| s == "Self") {
            std::iter::once(self_ty.to_string())
                .chain(segments[1..].iter().cloned())
                .collect::<Vec<_>>()
                .join("::")
        } else {
            match self.resolve(module, path.leading_colon.is_some(), &segments, 0) {
                Target::Outside(text) => text,
                Target::Crate(declared) => {
                    let (parent, name) = declared.split_at(declared.len().saturating_sub(1));
                    let public = name
                        .first()
                        .and_then(|name| self.item_public(parent, name))
                        .unwrap_or_else(|| format!("crate::{}", declared.join("::")));
                    match self.aliases.get(&public) {
                        Some((alias_module, aliased)) if depth < 16 => {
                            return self.ty(alias_module, self_ty, aliased, depth + 1);
                        }
                        _ => public,
                    }
                }
            }
        };
        let args: Vec<String> = match path.segments.last().map(|s| &s.arguments) {
            Some(syn::PathArguments::AngleBracketed(a)) => a
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(t) => Some(self.ty(module, self_ty, t, depth)),
                    syn::GenericArgument::Lifetime(_) => None,
                    other => Some(other.to_token_stream().to_string()),
                })
                .collect(),
            Some(syn::PathArguments::Parenthesized(p)) => vec![p.to_token_stream().to_string()],
            _ => Vec::new(),
        };
        if args.is_empty() { base } else { format!("{base}<{}>", args.join(", ")) }
    }

    /// The entries of one module's public items.
    fn entries(&self, module: &[String], items: &[syn::Item], out: &mut Surface) {
        for item in items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let Some(path) = self.item_public(module, &s.ident.to_string()) else {
                        continue;
                    };
                    let fields: Vec<(String, &syn::Field)> = s
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            (f.ident.as_ref().map_or(i.to_string(), ToString::to_string), f)
                        })
                        .collect();
                    let literal =
                        !non_exhaustive(&s.attrs) && fields.iter().all(|(_, f)| is_pub(&f.vis));
                    out.add(Key::item(&path), Entry::Struct { literal });
                    for (name, field) in fields.iter().filter(|(_, f)| is_pub(&f.vis)) {
                        let ty = self.ty(module, &path, &field.ty, 0);
                        out.add(Key::new(&path, Part::Member(name.clone())), Entry::Field(ty));
                    }
                    self.derives(&path, &s.attrs, out);
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let Some(path) = self.item_public(module, &e.ident.to_string()) else {
                        continue;
                    };
                    let derives = derives(&e.attrs);
                    let variants: Vec<String> =
                        e.variants.iter().map(|v| v.ident.to_string()).collect();
                    out.add(
                        Key::item(&path),
                        Entry::Enum {
                            exhaustive: !non_exhaustive(&e.attrs),
                            ordered: derives.iter().any(|d| d == "PartialOrd"),
                            variants,
                        },
                    );
                    for v in &e.variants {
                        let fields = self.variant_fields(module, &path, &v.fields);
                        out.add(
                            Key::new(&path, Part::Member(v.ident.to_string())),
                            Entry::Variant(fields),
                        );
                    }
                    self.derives(&path, &e.attrs, out);
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    let Some(path) = self.item_public(module, &t.ident.to_string()) else {
                        continue;
                    };
                    let ty = self.ty(module, &path, &t.ty, 0);
                    out.add(Key::item(&path), Entry::Alias(ty));
                }
                syn::Item::Const(c) if is_pub(&c.vis) => {
                    let Some(path) = self.item_public(module, &c.ident.to_string()) else {
                        continue;
                    };
                    out.add(Key::item(&path), Entry::Const(self.ty(module, &path, &c.ty, 0)));
                }
                syn::Item::Static(s) if is_pub(&s.vis) => {
                    let Some(path) = self.item_public(module, &s.ident.to_string()) else {
                        continue;
                    };
                    out.add(Key::item(&path), Entry::Const(self.ty(module, &path, &s.ty, 0)));
                }
                syn::Item::Fn(f) if is_pub(&f.vis) => {
                    let Some(path) = self.item_public(module, &f.sig.ident.to_string()) else {
                        continue;
                    };
                    out.add(Key::item(&path), Entry::Fn(self.signature(module, &path, &f.sig)));
                }
                syn::Item::Impl(i) => self.implementation(module, i, out),
                _ => {}
            }
        }
    }

    fn variant_fields(&self, module: &[String], self_ty: &str, fields: &syn::Fields) -> String {
        match fields {
            syn::Fields::Unit => String::new(),
            syn::Fields::Unnamed(f) => {
                let types: Vec<String> =
                    f.unnamed.iter().map(|f| self.ty(module, self_ty, &f.ty, 0)).collect();
                format!("({})", types.join(", "))
            }
            syn::Fields::Named(f) => {
                let fields: Vec<String> = f
                    .named
                    .iter()
                    .map(|f| {
                        let name = f.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                        format!("{name}: {}", self.ty(module, self_ty, &f.ty, 0))
                    })
                    .collect();
                format!(" {{ {} }}", fields.join(", "))
            }
        }
    }

    fn derives(&self, path: &str, attrs: &[syn::Attribute], out: &mut Surface) {
        for name in derives(attrs) {
            out.add(Key::new(path, Part::Impl(name)), Entry::Impl);
        }
    }

    /// An `impl` block: a trait the type implements, or its public associated functions.
    fn implementation(&self, module: &[String], block: &syn::ItemImpl, out: &mut Surface) {
        let syn::Type::Path(self_path) = &*block.self_ty else { return };
        let segments: Vec<String> =
            self_path.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Target::Crate(declared) =
            self.resolve(module, self_path.path.leading_colon.is_some(), &segments, 0)
        else {
            return;
        };
        let (parent, name) = declared.split_at(declared.len().saturating_sub(1));
        let Some(path) = name.first().and_then(|name| self.item_public(parent, name)) else {
            return;
        };
        if let Some((_, trait_path, _)) = &block.trait_ {
            let mut text =
                trait_path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            if let Some(syn::PathArguments::AngleBracketed(args)) =
                trait_path.segments.last().map(|s| &s.arguments)
            {
                let args: Vec<String> = args
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(self.ty(module, &path, t, 0)),
                        _ => None,
                    })
                    .collect();
                if !args.is_empty() {
                    text = format!("{text}<{}>", args.join(", "));
                }
            }
            out.add(Key::new(&path, Part::Impl(text)), Entry::Impl);
            return;
        }
        for item in &block.items {
            if let syn::ImplItem::Fn(f) = item
                && is_pub(&f.vis)
            {
                let name = f.sig.ident.to_string();
                out.add(
                    Key::new(&path, Part::Fn(name)),
                    Entry::Fn(self.signature(module, &path, &f.sig)),
                );
            }
        }
    }

    fn signature(&self, module: &[String], self_ty: &str, sig: &syn::Signature) -> Signature {
        let mut receiver = String::new();
        let mut args = Vec::new();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => {
                    receiver = match (&r.reference, &r.mutability) {
                        (Some(_), Some(_)) => "&mut self",
                        (Some(_), None) => "&self",
                        (None, _) => "self",
                    }
                    .to_string()
                }
                syn::FnArg::Typed(t) => {
                    let name = match &*t.pat {
                        syn::Pat::Ident(i) => i.ident.to_string(),
                        other => other.to_token_stream().to_string(),
                    };
                    args.push((name, self.ty(module, self_ty, &t.ty, 0)));
                }
            }
        }
        let ret = match &sig.output {
            syn::ReturnType::Default => "()".to_string(),
            syn::ReturnType::Type(_, ty) => self.ty(module, self_ty, ty, 0),
        };
        let generics: Vec<String> = sig
            .generics
            .params
            .iter()
            .filter(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
            .map(|p| p.to_token_stream().to_string())
            .collect();
        let generics =
            if generics.is_empty() { String::new() } else { format!("<{}>", generics.join(", ")) };
        Signature { asyncness: sig.asyncness.is_some(), receiver, generics, args, ret }
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

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The traits an item derives, by name.
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        if let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        {
            out.extend(paths.iter().filter_map(|p| p.segments.last()).map(|s| s.ident.to_string()));
        }
    }
    out
}

fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Struct(s) => &s.ident,
        syn::Item::Enum(e) => &e.ident,
        syn::Item::Type(t) => &t.ident,
        syn::Item::Const(c) => &c.ident,
        syn::Item::Static(s) => &s.ident,
        syn::Item::Fn(f) => &f.sig.ident,
        syn::Item::Trait(t) => &t.ident,
        syn::Item::Union(u) => &u.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The names a `use` tree brings in, each with the path it comes from (and whether that path
/// starts with `::`).
fn flatten_use(
    tree: &syn::UseTree,
    leading: bool,
    prefix: Vec<String>,
    out: &mut BTreeMap<String, (bool, Vec<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut prefix = prefix;
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, leading, prefix, out);
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix;
            path.push(n.ident.to_string());
            out.insert(n.ident.to_string(), (leading, path));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix;
            path.push(r.ident.to_string());
            out.insert(r.rename.to_string(), (leading, path));
        }
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, leading, prefix.clone(), out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The breaks between two crates written as one file each, as the report names them.
    fn breaks(old: &str, new: &str) -> Vec<String> {
        let read = |text: &str| {
            let files = BTreeMap::from([(String::new(), syn::parse_file(text).expect("parses"))]);
            read_crate(&files)
        };
        let delta = compare(&read(old), &read(new));
        delta.breaks.iter().map(|b| b.key.to_string()).collect()
    }

    /// Emptying bodies and dropping docs, which saves most of the parsing, changes nothing
    /// that is compared, even next to a function pointer type.
    #[test]
    fn bodies_and_docs_are_not_part_of_the_api() {
        let text = r#"
            //! A crate.
            /// A type.
            pub mod types {
                /// A struct.
                pub struct S { pub decode: fn(u16) -> u8, pub a: u8 }
                impl S {
                    /// Docs.
                    pub fn new(a: u8) -> Self { fn inner() {} S { decode: |_| 0, a } }
                    pub async fn get(&self) -> Result<u8, ()> { Ok(self.a) }
                }
                pub type F = fn(&str) -> bool;
                pub const C: &[&str] = &["a"];
            }
        "#;
        let tokens: TokenStream = text.parse().expect("tokens");
        let read = |tokens: TokenStream| {
            let file = syn::parse2::<syn::File>(tokens).expect("parses");
            read_crate(&BTreeMap::from([(String::new(), file)])).entries
        };
        let whole = read(tokens.clone());
        assert!(whole.len() > 6, "{whole:?}");
        assert_eq!(read(without_bodies(tokens)), whole);
    }

    /// Each row: a crate, the same crate after a change, and the items where code written
    /// against the first breaks (none: the change is compatible).
    #[test]
    fn breaks_follow_what_the_crate_exposes() {
        let rows: &[(&str, &str, &[&str])] = &[
            // A field added: struct literals break, unless the struct is non-exhaustive.
            (
                "pub mod types { pub struct S { pub a: u8 } }",
                "pub mod types { pub struct S { pub a: u8, pub b: u8 } }",
                &["S::b"],
            ),
            (
                "pub mod types { #[non_exhaustive] pub struct S { pub a: u8 } }",
                "pub mod types { #[non_exhaustive] pub struct S { pub a: u8, pub b: u8 } }",
                &[],
            ),
            // A variant added: `match` breaks, unless the enum is non-exhaustive.
            (
                "pub mod types { pub enum E { A } }",
                "pub mod types { pub enum E { A, B } }",
                &["E::B"],
            ),
            (
                "pub mod types { #[non_exhaustive] pub enum E { A } }",
                "pub mod types { #[non_exhaustive] pub enum E { A, B } }",
                &[],
            ),
            // Variants reordered break a derived order, and nothing else.
            (
                "pub mod types { #[derive(PartialEq, PartialOrd)] pub enum E { A, B } }",
                "pub mod types { #[derive(PartialEq, PartialOrd)] pub enum E { B, A } }",
                &["E"],
            ),
            ("pub mod types { pub enum E { A, B } }", "pub mod types { pub enum E { B, A } }", &[]),
            // An alias inlined: only the alias is gone; the field's type is the same.
            (
                "pub mod types { pub type A = String; pub struct S { pub f: A } }",
                "pub mod types { pub struct S { pub f: String } }",
                &["A"],
            ),
            // Arguments: renamed in place is compatible; swapped, added or retyped breaks.
            (
                "pub struct C; impl C { pub fn get(&self, id: &str) {} }",
                "pub struct C; impl C { pub fn get(&self, thing_id: &str) {} }",
                &[],
            ),
            (
                "pub struct C; impl C { pub fn get(&self, a: &str, b: &str) {} }",
                "pub struct C; impl C { pub fn get(&self, b: &str, a: &str) {} }",
                &["C::get"],
            ),
            (
                "pub struct C; impl C { pub fn get(&self, a: &str) {} }",
                "pub struct C; impl C { pub fn get(&self, a: &str, b: Option<u8>) {} }",
                &["C::get(b)"],
            ),
            (
                "pub struct C; impl C { pub fn get(&self) -> u8 { 0 } }",
                "pub struct C; impl C { pub fn get(&self) -> u16 { 0 } }",
                &["C::get"],
            ),
            // Methods added (a builder's setters) break no one; one removed does.
            (
                "pub struct B; impl B { pub fn send(self) {} }",
                "pub struct B; impl B { pub fn send(self) {} pub fn limit(self, n: u32) -> Self { self } }",
                &[],
            ),
            ("pub struct B; impl B { pub fn send(self) {} }", "pub struct B;", &["B::send"]),
            // A trait no longer implemented breaks its users.
            (
                "pub mod types { #[derive(Default)] pub struct S { pub a: u8 } }",
                "pub mod types { pub struct S { pub a: u8 } }",
                &["S: Default"],
            ),
            // What is not public is not compared; a re-export is public under its new path.
            ("mod inner { pub struct Hidden; }", "mod inner { pub struct Hidden(u8); }", &[]),
            (
                "mod inner { pub struct Shown { pub a: u8 } } pub use inner::Shown;",
                "mod inner { pub struct Shown { pub a: u16 } } pub use inner::Shown;",
                &["Shown::a"],
            ),
        ];
        for (old, new, expected) in rows {
            assert_eq!(breaks(old, new), *expected, "{old}\n→ {new}");
        }
    }
}

//! Reading a generated crate's public API from its parsed files: which items code outside
//! can name, by which path, and with which types.

use super::{Entry, Key, Part, Signature, Surface};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::punctuated::Punctuated;

/// The public API of a crate given as its parsed files, by module name (the root's is empty).
pub(super) fn read_crate(files: &BTreeMap<String, syn::File>) -> Surface {
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
                syn::Item::Macro(m) => {
                    for block in macro_impls(m) {
                        self.implementation(module, &block, out);
                    }
                }
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
        if let Some((trait_path, _)) = &block.trait_ {
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
        let expanded: Vec<syn::ImplItem> = block
            .items
            .iter()
            .flat_map(|item| match item {
                syn::ImplItem::Macro(m) => macro_fns(&m.mac),
                _ => Vec::new(),
            })
            .collect();
        for item in block.items.iter().chain(&expanded) {
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
                    receiver = match &r.kind {
                        syn::ReceiverKind::Reference(_, _, Some(_)) => "&mut self",
                        syn::ReceiverKind::Reference(_, _, None) => "&self",
                        _ => "self",
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

/// The impls a runtime macro invoked as an item writes for the type it names:
/// `into_future!(Name, Ok, Err)` implements `IntoFuture` for the call `Name` and its
/// `WithResponse`; `blocking_call!(Name, Ok, Err)` writes the blocking call's `with_response`
/// and `send` and implements `BlockingCall` for it; `string_enum!(Name, ...)` writes the enum
/// `Name`'s `as_str` and implements `From<&str>`, `FromStr`, `Display`, `Serialize` and
/// `Deserialize` for it. (`call_options!` writes
/// methods that are the same for every call; `surface` leaves them out.)
fn macro_impls(item: &syn::ItemMacro) -> Vec<syn::ItemImpl> {
    let named = |name: &str| item.mac.path.segments.last().is_some_and(|s| s.ident == name);
    if named("string_enum") {
        let name = |input: syn::parse::ParseStream| {
            let name: syn::Ident = input.parse()?;
            input.parse::<proc_macro2::TokenStream>()?;
            Ok(name)
        };
        let Ok(name) = syn::parse::Parser::parse2(name, item.mac.tokens.clone()) else {
            return Vec::new();
        };
        return vec![
            syn::parse_quote!(impl #name { pub fn as_str(&self) -> &str {} }),
            syn::parse_quote!(impl ::std::convert::From<&str> for #name {}),
            syn::parse_quote!(impl ::std::str::FromStr for #name {}),
            syn::parse_quote!(impl ::std::fmt::Display for #name {}),
            syn::parse_quote!(impl ::serde::Serialize for #name {}),
            syn::parse_quote!(impl<'de> ::serde::Deserialize<'de> for #name {}),
        ];
    }
    if !named("into_future") && !named("blocking_call") {
        return Vec::new();
    }
    let call = |input: syn::parse::ParseStream| {
        input.call(syn::Attribute::parse_outer)?;
        let call: syn::Ident = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let (ok, err) = result_types(input)?;
        Ok((call, ok, err))
    };
    let Ok((call, ok, err)) = syn::parse::Parser::parse2(call, item.mac.tokens.clone()) else {
        return Vec::new();
    };
    if named("blocking_call") {
        return vec![
            syn::parse_quote!(
                impl<'a> #call<'a> {
                    pub fn with_response(self) -> super::runtime::WithResponse<Self> {}
                    pub fn send(self) -> ::std::result::Result<#ok, super::runtime::Error<#err>> {}
                }
            ),
            syn::parse_quote!(impl super::runtime::BlockingCall for #call<'_> {}),
        ];
    }
    vec![
        syn::parse_quote!(impl<'a> ::std::future::IntoFuture for #call<'a> {}),
        syn::parse_quote!(
            impl<'a> ::std::future::IntoFuture for super::runtime::WithResponse<#call<'a>> {}
        ),
    ]
}

/// The public functions a runtime macro invoked in an `impl` writes: `send!(Ok, Err, ...)`
/// writes an async call's `with_response` and `send`, which gives `Result<Ok, Error<Err>>`.
fn macro_fns(mac: &syn::Macro) -> Vec<syn::ImplItem> {
    if mac.path.segments.last().is_none_or(|s| s.ident != "send") {
        return Vec::new();
    }
    let Ok((ok, err)) = syn::parse::Parser::parse2(result_types, mac.tokens.clone()) else {
        return Vec::new();
    };
    vec![
        syn::parse_quote!(
            pub fn with_response(self) -> super::runtime::WithResponse<Self> {}
        ),
        syn::parse_quote!(
            pub async fn send(self) -> ::std::result::Result<#ok, super::runtime::Error<#err>> {}
        ),
    ]
}

/// `Ok, Err` at the head of a runtime macro's arguments, and whatever follows.
fn result_types(input: syn::parse::ParseStream) -> syn::Result<(syn::Type, syn::Type)> {
    let ok: syn::Type = input.parse()?;
    input.parse::<syn::Token![,]>()?;
    let err: syn::Type = input.parse()?;
    input.parse::<proc_macro2::TokenStream>()?;
    Ok((ok, err))
}

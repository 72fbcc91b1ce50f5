//! Paths as a reader expects them. Emit writes every path in full (`::std::option::Option`,
//! `super::runtime::Error`), so that what it writes never depends on what is in scope;
//! [`Scope::shorten`] then writes each in its short form (`Option`, `runtime::Error`) and
//! [`Scope::imports`] the `use` lines that give the short forms their meaning, unless the file
//! defines a name of its own that the short form would mean instead (a spec type `Option`):
//! that path stays long enough to be unambiguous.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A path emit writes in full, the name it is written as (which the file must not define
/// otherwise), and the `use` that brings that name into scope, if the prelude or the extern
/// prelude does not.
const SHORT: &[(&str, &str, Option<&str>)] = &[
    // The prelude.
    ("::std::option::Option", "Option", None),
    ("::std::option::Option::Some", "Some", None),
    ("::std::option::Option::None", "None", None),
    ("::std::result::Result", "Result", None),
    ("::std::result::Result::Ok", "Ok", None),
    ("::std::result::Result::Err", "Err", None),
    ("::std::string::String", "String", None),
    ("::std::string::ToString", "ToString", None),
    ("::std::vec::Vec", "Vec", None),
    ("::std::boxed::Box", "Box", None),
    ("::std::convert::From", "From", None),
    ("::std::convert::Into", "Into", None),
    ("::std::convert::TryFrom", "TryFrom", None),
    ("::std::convert::AsRef", "AsRef", None),
    // Imported.
    ("::std::collections::BTreeMap", "BTreeMap", Some("std::collections::BTreeMap")),
    ("::std::convert::Infallible", "Infallible", Some("std::convert::Infallible")),
    ("::std::fmt", "fmt", Some("std::fmt")),
    ("::std::future::IntoFuture", "IntoFuture", Some("std::future::IntoFuture")),
    ("::std::str::FromStr", "FromStr", Some("std::str::FromStr")),
    ("::std::sync::Arc", "Arc", Some("std::sync::Arc")),
    ("::std::sync::OnceLock", "OnceLock", Some("std::sync::OnceLock")),
    ("::std::time::Duration", "Duration", Some("std::time::Duration")),
    ("::serde::Deserialize", "Deserialize", Some("serde::Deserialize")),
    ("::serde::Deserializer", "Deserializer", Some("serde::Deserializer")),
    ("::serde::Serialize", "Serialize", Some("serde::Serialize")),
    ("::serde::Serializer", "Serializer", Some("serde::Serializer")),
    ("::serde_json::Map", "Map", Some("serde_json::Map")),
    ("::serde_json::Value", "Value", Some("serde_json::Value")),
    ("::chrono::DateTime", "DateTime", Some("chrono::DateTime")),
    ("::chrono::Utc", "Utc", Some("chrono::Utc")),
    ("::regress::Regex", "Regex", Some("regress::Regex")),
    ("super::runtime", "runtime", Some("super::runtime")),
    ("super::runtime::Client", "Client", Some("super::runtime::Client")),
    ("super::calls", "calls", Some("super::calls")),
    ("super::types", "types", Some("super::types")),
    ("super::mock_support", "mock_support", Some("super::mock_support")),
    // Crates, named from the extern prelude: no spec type can take their lowercase names.
    ("::std", "std", None),
    ("::serde", "serde", None),
    ("::serde_json", "serde_json", None),
    ("::chrono", "chrono", None),
    ("::regress", "regress", None),
    ("::reqwest", "reqwest", None),
    ("::wiremock", "wiremock", None),
    ("::tokio", "tokio", None),
];

/// What the short forms can mean in one generated file.
pub(crate) struct Scope {
    /// The paths of [`SHORT`] whose short form means the same here, longest first, so that
    /// the first that a path starts with is the longest.
    short: Vec<&'static Short>,
}

/// One path of [`SHORT`]: whether it starts with `::`, its segments, its short form and the
/// `use` that brings the short form into scope.
struct Short {
    absolute: bool,
    segments: Vec<&'static str>,
    short: &'static str,
    import: Option<&'static str>,
}

/// [`SHORT`] split into segments, longest first.
static SHORTS: LazyLock<Vec<Short>> = LazyLock::new(|| {
    let mut shorts: Vec<Short> = SHORT
        .iter()
        .map(|&(full, short, import)| {
            let (absolute, rest) = match full.strip_prefix("::") {
                Some(rest) => (true, rest),
                None => (false, full),
            };
            Short { absolute, segments: rest.split("::").collect(), short, import }
        })
        .collect();
    shorts.sort_by_key(|s| std::cmp::Reverse(s.segments.len()));
    shorts
});

/// The `use` lines an item needs, by the path each brings into scope.
pub(crate) type Imports = BTreeSet<&'static str>;

impl Scope {
    /// The scope of a file that defines `defined` (its items' names).
    pub(crate) fn new<'a>(defined: impl IntoIterator<Item = &'a str>) -> Scope {
        let defined: BTreeSet<&str> = defined.into_iter().collect();
        let short = SHORTS.iter().filter(|s| !defined.contains(s.short)).collect();
        Scope { short }
    }

    /// `tokens` with each full path in its short form, and the imports the short forms need.
    pub(crate) fn shorten(&self, tokens: TokenStream) -> (TokenStream, Imports) {
        let mut imports = Imports::new();
        let tokens = self.rewrite(tokens, false, &mut imports);
        (tokens, imports)
    }

    /// The `use` lines that bring `imports` into scope, one per module they come from, in
    /// rustfmt's order (`super` first), as prettyplease prints them: each fits on a line
    /// (`every_use_line_fits_on_a_line`), so none is wrapped.
    pub(crate) fn imports(imports: &Imports) -> Vec<String> {
        let mut by_module: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for import in imports {
            if let Some((module, name)) = import.rsplit_once("::") {
                by_module.entry(module).or_default().push(name);
            }
        }
        // rustfmt's order is that of the text, `super` first: `{` sorts after letters.
        let mut lines: Vec<(&str, Vec<&str>)> = by_module.into_iter().collect();
        lines.sort_by_cached_key(|(module, names)| {
            let tail =
                if names.len() == 1 { names[0].to_string() } else { format!("{{{}", names[0]) };
            (!module.starts_with("super"), format!("{module}::{tail}"))
        });
        lines
            .into_iter()
            .map(|(module, names)| match names[..] {
                [name] => format!("use {module}::{name};"),
                _ => format!("use {module}::{{{}}};", names.join(", ")),
            })
            .collect()
    }

    fn rewrite(&self, tokens: TokenStream, in_serde: bool, imports: &mut Imports) -> TokenStream {
        // Rewritten in place: a path becomes one token, so what is written (`tokens[..written]`)
        // never overtakes what is still to read (`tokens[read..]`).
        let mut tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let (mut read, mut written) = (0, 0);
        while read < tokens.len() {
            let shortened = Path::at(&tokens[read..]).and_then(|path| {
                let (short, segments) = self.short_form(&path.segments, path.absolute, imports)?;
                Some((short, path.tokens_for(segments)))
            });
            if let Some((short, taken)) = shortened {
                tokens[written] = TokenTree::Ident(Ident::new(short, Span::call_site()));
                written += 1;
                read += taken;
                continue;
            }
            // Each token is moved, not cloned: a clone of an identifier allocates, and a
            // group's tokens are copied unless the group is gone when they are read.
            let token = std::mem::replace(
                &mut tokens[read],
                TokenTree::Punct(Punct::new('.', Spacing::Alone)),
            );
            let before = &tokens[..written];
            tokens[written] = match token {
                TokenTree::Group(group) => {
                    // `#[serde(...)]` names functions in strings: `skip_serializing_if = "..."`.
                    let serde = group.delimiter() == Delimiter::Parenthesis
                        && matches!(before.last(), Some(TokenTree::Ident(name)) if name == "serde");
                    let (delimiter, span, stream) =
                        (group.delimiter(), group.span(), group.stream());
                    drop(group);
                    let mut rewritten = Group::new(delimiter, self.rewrite(stream, serde, imports));
                    rewritten.set_span(span);
                    TokenTree::Group(rewritten)
                }
                TokenTree::Literal(literal) if in_serde && names_function(before) => {
                    TokenTree::Literal(self.literal(&literal, imports))
                }
                other => other,
            };
            written += 1;
            read += 1;
        }
        tokens.truncate(written);
        tokens.into_iter().collect()
    }

    /// A string literal that is a full path, in its short form.
    fn literal(&self, literal: &Literal, imports: &mut Imports) -> Literal {
        let text = literal.to_string();
        let Some(path) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return literal.clone();
        };
        let (absolute, rest) = match path.strip_prefix("::") {
            Some(rest) => (true, rest),
            None => (false, path),
        };
        let segments: Vec<&str> = rest.split("::").collect();
        let is_ident =
            |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !segments.iter().all(is_ident) {
            return literal.clone();
        }
        let Some((short, consumed)) = self.short_form(&segments, absolute, imports) else {
            return literal.clone();
        };
        let shortened = std::iter::once(short)
            .chain(segments[consumed..].iter().copied())
            .collect::<Vec<_>>()
            .join("::");
        let mut out = Literal::string(&shortened);
        out.set_span(literal.span());
        out
    }

    /// The short form of the longest prefix of a path that has one here, and how many segments
    /// it stands for; its import is added to `imports`.
    fn short_form<S: for<'s> PartialEq<&'s str>>(
        &self,
        segments: &[S],
        absolute: bool,
        imports: &mut Imports,
    ) -> Option<(&'static str, usize)> {
        let found = self.short.iter().find(|short| {
            short.absolute == absolute
                && short.segments.len() <= segments.len()
                && short.segments.iter().zip(segments).all(|(a, b)| *b == *a)
        })?;
        imports.extend(found.import);
        Some((found.short, found.segments.len()))
    }
}

/// A path that may have a short form, found at the start of some tokens: `::` and a crate's
/// name, or `super::`, then the segments that follow. No full path emit writes follows another
/// path segment (`Type::std` does not occur), so where one begins needs no more context.
struct Path<'t> {
    absolute: bool,
    segments: Vec<&'t Ident>,
}

impl<'t> Path<'t> {
    fn at(tokens: &'t [TokenTree]) -> Option<Path<'t>> {
        let is_sep = |i: usize| {
            matches!(
                (tokens.get(i), tokens.get(i + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
            )
        };
        let ident = |i: usize| match tokens.get(i) {
            Some(TokenTree::Ident(ident)) => Some(ident),
            _ => None,
        };
        let (absolute, mut i) = match ident(0) {
            Some(first) if first == "super" && is_sep(1) => (false, 0),
            _ if is_sep(0) && ident(2).is_some_and(|i| ROOTS.iter().any(|root| i == root)) => {
                (true, 2)
            }
            _ => return None,
        };
        let mut segments = Vec::new();
        while let Some(segment) = ident(i) {
            segments.push(segment);
            if !is_sep(i + 1) {
                break;
            }
            i += 3;
        }
        Some(Path { absolute, segments })
    }

    /// How many tokens the first `segments` segments of the path take.
    fn tokens_for(&self, segments: usize) -> usize {
        if self.absolute { 3 * segments } else { 3 * segments - 2 }
    }
}

/// Whether the tokens so far end in `key =` where the value of `key` names a function, in a
/// `#[serde(...)]` attribute (other strings there are names on the wire).
fn names_function(tokens: &[TokenTree]) -> bool {
    const KEYS: &[&str] = &["skip_serializing_if", "deserialize_with", "serialize_with", "with"];
    match tokens {
        [.., TokenTree::Ident(key), TokenTree::Punct(eq)] => {
            eq.as_char() == '=' && KEYS.iter().any(|k| key == k)
        }
        _ => false,
    }
}

/// The crates whose paths [`SHORT`] knows.
const ROOTS: &[&str] = &["std", "serde", "serde_json", "chrono", "regress", "reqwest", "tokio"];

#[cfg(test)]
mod tests {
    use super::Scope;
    use quote::quote;

    /// `(names the file defines, tokens emitted, tokens written, use lines)`.
    #[test]
    fn paths_are_short_unless_the_file_defines_the_name() {
        let cases = [
            (
                &[][..],
                quote!(fn f(x: ::std::option::Option<::std::string::String>) -> ::std::vec::Vec<u8>),
                quote!(fn f(x: Option<String>) -> Vec<u8>),
                quote!(),
            ),
            (
                &[],
                quote!(-> ::std::result::Result<super::types::Integration, super::runtime::Error<super::types::Error>>),
                quote!(-> Result<types::Integration, runtime::Error<types::Error>>),
                quote!(
                    use super::{runtime, types};
                ),
            ),
            (
                &[],
                quote!(impl ::std::fmt::Display for X {} #[derive(::serde::Serialize)] struct Y(::serde_json::Value);),
                quote!(impl fmt::Display for X {} #[derive(Serialize)] struct Y(Value);),
                quote!(
                    use serde::Serialize;
                    use serde_json::Value;
                    use std::fmt;
                ),
            ),
            // A spec type `Option`: `Option` means it, `Some` still means `Option::Some`.
            (
                &["Option"],
                quote!(::std::option::Option<Option> = ::std::option::Option::Some(Option)),
                quote!(std::option::Option<Option> = Some(Option)),
                quote!(),
            ),
            (
                &["Option", "Some"],
                quote!(::std::option::Option::Some(Some)),
                quote!(std::option::Option::Some(Some)),
                quote!(),
            ),
            (
                &["Some"],
                quote!(::std::option::Option::Some(Some)),
                quote!(Option::Some(Some)),
                quote!(),
            ),
            (
                &["Value", "Serialize"],
                quote!(
                    #[derive(::serde::Serialize, ::serde::Deserialize)]
                    struct Y(::serde_json::Value);
                ),
                quote!(
                    #[derive(serde::Serialize, Deserialize)]
                    struct Y(serde_json::Value);
                ),
                quote!(
                    use serde::Deserialize;
                ),
            ),
            // The blocking client is `Client`; the async one stays `runtime::Client`.
            (
                &["Client"],
                quote!(impl super::runtime::Client {} struct Client(super::runtime::Client);),
                quote!(impl runtime::Client {} struct Client(runtime::Client);),
                quote!(
                    use super::runtime;
                ),
            ),
            (
                &[],
                quote!(impl super::runtime::Client {} fn f() -> super::runtime::BuildError),
                quote!(impl Client {} fn f() -> runtime::BuildError),
                quote!(
                    use super::runtime;
                    use super::runtime::Client;
                ),
            ),
            // Strings that name functions in `#[serde]` are paths too; names on the wire are not.
            (
                &[],
                quote!(#[serde(rename = "super::types", skip_serializing_if = "::std::option::Option::is_none", deserialize_with = "super::runtime::deserialize_nullable")]),
                quote!(#[serde(rename = "super::types", skip_serializing_if = "Option::is_none", deserialize_with = "runtime::deserialize_nullable")]),
                quote!(
                    use super::runtime;
                ),
            ),
            // Paths that only follow another, and crates without short forms, are left alone.
            (
                &[],
                quote!(Self::deserialize(d) <T as ::serde::Deserialize>::deserialize ::bytes::Bytes ::reqwest::Method::GET),
                quote!(Self::deserialize(d) <T as Deserialize>::deserialize ::bytes::Bytes reqwest::Method::GET),
                quote!(
                    use serde::Deserialize;
                ),
            ),
        ];
        for (defined, emitted, written, uses) in cases {
            let scope = Scope::new(defined.iter().copied());
            let (shortened, imports) = scope.shorten(emitted.clone());
            assert_eq!(shortened.to_string(), written.to_string(), "{emitted}");
            let lines = Scope::imports(&imports).join("\n");
            let lines: proc_macro2::TokenStream = lines.parse().expect("use lines");
            assert_eq!(lines.to_string(), uses.to_string(), "{emitted}");
        }
    }

    /// Written as text, a `use` line is never wrapped: even with every import of its module,
    /// each fits in prettyplease's 100 columns.
    #[test]
    fn every_use_line_fits_on_a_line() {
        let all: super::Imports =
            super::SHORT.iter().filter_map(|(_, _, import)| *import).collect();
        for line in Scope::imports(&all) {
            assert!(line.len() <= 100, "{line}");
        }
    }

    /// The `use` lines as prettyplease would print them, in rustfmt's order.
    #[test]
    fn use_lines_are_grouped_by_module_super_first() {
        let scope = Scope::new([]);
        let (_, imports) = scope.shorten(quote!(
            ::serde::Serialize super::types::X super::runtime::Error ::serde::Deserialize
            ::std::fmt::Display super::runtime::Client ::serde_json::Value
        ));
        assert_eq!(
            Scope::imports(&imports),
            [
                "use super::runtime::Client;",
                "use super::{runtime, types};",
                "use serde::{Deserialize, Serialize};",
                "use serde_json::Value;",
                "use std::fmt;",
            ]
        );
    }
}

//! Paths as a reader expects them. Emit writes the paths it knows as the constants of
//! [`Known`] (`#OPTION<T>`, `#RUNTIME::Error`), and they write themselves in their short forms
//! (`Option<T>`, `runtime::Error`) in the file being emitted ([`Scope::emit`]), noting the
//! `use` lines that give the short forms their meaning ([`Scope::imports`]); unless the file
//! defines a name of its own that the short form would mean instead (a spec type `Option`):
//! there the path is written long enough to be unambiguous (`std::option::Option`). Outside a
//! file (a test of one emit function) they are written in full.

use proc_macro2::{Ident, Literal, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// The paths emit knows, each a constant that writes it ([`Known`]): the path in full, the
/// name it is written as (which the file must not define otherwise), and the `use` that brings
/// that name into scope, if the prelude or the extern prelude does not.
macro_rules! known {
    ($($name:ident = $full:literal as $short:literal $(use $import:literal)?;)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum Index { $($name,)* }

        const SHORT: &[(&str, &str, Option<&str>)] =
            &[$(($full, $short, known!(@import $($import)?)),)*];

        /// The known paths, for `quote!` (`#OPTION`): `use super::paths::known::*;`.
        pub(crate) mod known {
            use super::{Index, Known};
            // A path emit writes only through a longer one (`::serde` through
            // `::serde::Serialize`) still shortens that one where the longer is shadowed.
            $(#[allow(dead_code)] pub(crate) const $name: Known = Known(Index::$name as u8);)*
        }
    };
    (@import) => { None };
    (@import $import:literal) => { Some($import) };
}

known! {
    // The prelude.
    OPTION = "::std::option::Option" as "Option";
    SOME = "::std::option::Option::Some" as "Some";
    NONE = "::std::option::Option::None" as "None";
    RESULT = "::std::result::Result" as "Result";
    OK = "::std::result::Result::Ok" as "Ok";
    ERR = "::std::result::Result::Err" as "Err";
    STRING = "::std::string::String" as "String";
    TO_STRING = "::std::string::ToString" as "ToString";
    VEC = "::std::vec::Vec" as "Vec";
    BOX = "::std::boxed::Box" as "Box";
    FROM = "::std::convert::From" as "From";
    INTO = "::std::convert::Into" as "Into";
    TRY_FROM = "::std::convert::TryFrom" as "TryFrom";
    AS_REF = "::std::convert::AsRef" as "AsRef";
    // Imported.
    BTREE_MAP = "::std::collections::BTreeMap" as "BTreeMap" use "std::collections::BTreeMap";
    INFALLIBLE = "::std::convert::Infallible" as "Infallible" use "std::convert::Infallible";
    FMT = "::std::fmt" as "fmt" use "std::fmt";
    INTO_FUTURE = "::std::future::IntoFuture" as "IntoFuture" use "std::future::IntoFuture";
    FROM_STR = "::std::str::FromStr" as "FromStr" use "std::str::FromStr";
    ARC = "::std::sync::Arc" as "Arc" use "std::sync::Arc";
    ONCE_LOCK = "::std::sync::OnceLock" as "OnceLock" use "std::sync::OnceLock";
    DURATION = "::std::time::Duration" as "Duration" use "std::time::Duration";
    DESERIALIZE = "::serde::Deserialize" as "Deserialize" use "serde::Deserialize";
    DESERIALIZER = "::serde::Deserializer" as "Deserializer" use "serde::Deserializer";
    SERIALIZE = "::serde::Serialize" as "Serialize" use "serde::Serialize";
    SERIALIZER = "::serde::Serializer" as "Serializer" use "serde::Serializer";
    MAP = "::serde_json::Map" as "Map" use "serde_json::Map";
    VALUE = "::serde_json::Value" as "Value" use "serde_json::Value";
    DATE_TIME = "::chrono::DateTime" as "DateTime" use "chrono::DateTime";
    UTC = "::chrono::Utc" as "Utc" use "chrono::Utc";
    REGEX = "::regress::Regex" as "Regex" use "regress::Regex";
    RUNTIME = "super::runtime" as "runtime" use "super::runtime";
    CLIENT = "super::runtime::Client" as "Client" use "super::runtime::Client";
    CALLS = "super::calls" as "calls" use "super::calls";
    TYPES = "super::types" as "types" use "super::types";
    MOCK_SUPPORT = "super::mock_support" as "mock_support" use "super::mock_support";
    // Crates, named from the extern prelude: no spec type can take their lowercase names.
    STD = "::std" as "std";
    SERDE = "::serde" as "serde";
    SERDE_JSON = "::serde_json" as "serde_json";
    CHRONO = "::chrono" as "chrono";
    REGRESS = "::regress" as "regress";
    REQWEST = "::reqwest" as "reqwest";
    WIREMOCK = "::wiremock" as "wiremock";
    TOKIO = "::tokio" as "tokio";
}

/// A known path, which writes itself in its short form in the file being emitted (see
/// [`Scope::emit`]), or in full outside one.
#[derive(Clone, Copy)]
pub(crate) struct Known(u8);

impl Known {
    /// The path, then `rest` (`"::is_none"`), as a string literal, as `#[serde]` takes the
    /// functions it calls: `skip_serializing_if = "Option::is_none"`.
    pub(crate) fn string(self, rest: &str) -> Literal {
        let (absolute, segments) = self.written();
        let mut text = String::from(if absolute { "::" } else { "" });
        text.push_str(&segments.join("::"));
        text.push_str(rest);
        Literal::string(&text)
    }

    /// How the path is written here: whether with a leading `::`, and its segments. The import
    /// that the short form needs is noted.
    fn written(self) -> (bool, Vec<&'static str>) {
        let (absolute, segments) = &SEGMENTS[self.0 as usize];
        FILE.with_borrow_mut(|file| {
            let Some(file) = file else { return (*absolute, segments.clone()) };
            // This path's own short form, or that of the longest path it starts with that has
            // one here (`std::option::Option` where the file defines `Option`).
            let shortest = (0..SHORT.len())
                .filter(|&i| file.allowed & (1 << i) != 0)
                .filter(|&i| SEGMENTS[i].0 == *absolute && segments.starts_with(&SEGMENTS[i].1))
                .max_by_key(|&i| SEGMENTS[i].1.len());
            match shortest {
                Some(i) => {
                    let (_, short, import) = SHORT[i];
                    file.imports.extend(import);
                    let rest = &segments[SEGMENTS[i].1.len()..];
                    (false, std::iter::once(short).chain(rest.iter().copied()).collect())
                }
                None => (*absolute, segments.clone()),
            }
        })
    }
}

impl ToTokens for Known {
    fn to_tokens(&self, out: &mut TokenStream) {
        // Most paths are written as their own short form: one identifier.
        let short = FILE.with_borrow_mut(|file| {
            let file = file.as_mut()?;
            let (_, short, import) = SHORT[self.0 as usize];
            (file.allowed & (1 << self.0) != 0).then(|| {
                file.imports.extend(import);
                short
            })
        });
        if let Some(short) = short {
            out.append(Ident::new(short, Span::call_site()));
            return;
        }
        let (absolute, segments) = self.written();
        let separator = |out: &mut TokenStream| {
            out.append(Punct::new(':', Spacing::Joint));
            out.append(Punct::new(':', Spacing::Alone));
        };
        for (i, segment) in segments.iter().enumerate() {
            if absolute || i > 0 {
                separator(out);
            }
            out.append(Ident::new(segment, Span::call_site()));
        }
    }
}

/// [`SHORT`]'s paths split into segments, by index: whether each starts with `::`, and its
/// segments.
static SEGMENTS: LazyLock<Vec<(bool, Vec<&'static str>)>> = LazyLock::new(|| {
    SHORT
        .iter()
        .map(|(full, _, _)| match full.strip_prefix("::") {
            Some(rest) => (true, rest.split("::").collect()),
            None => (false, full.split("::").collect()),
        })
        .collect()
});

/// The file being emitted on this thread: the short forms its scope allows, and the imports
/// what was written so far needs.
struct File {
    allowed: u64,
    imports: Imports,
}

thread_local! {
    static FILE: RefCell<Option<File>> = const { RefCell::new(None) };
}

/// What the short forms can mean in one generated file.
pub(crate) struct Scope {
    /// The paths of [`SHORT`] whose short form means the same here, by index.
    allowed: u64,
}

/// The `use` lines an item needs, by the path each brings into scope.
pub(crate) type Imports = BTreeSet<&'static str>;

const _: () = assert!(SHORT.len() <= 64, "a scope holds one bit per known path");

impl Scope {
    /// The scope of a file that defines `defined` (its items' names).
    pub(crate) fn new<'a>(defined: impl IntoIterator<Item = &'a str>) -> Scope {
        let defined: BTreeSet<&str> = defined.into_iter().collect();
        let allowed = SHORT
            .iter()
            .enumerate()
            .filter(|(_, (_, short, _))| !defined.contains(short))
            .fold(0, |allowed, (i, _)| allowed | 1 << i);
        Scope { allowed }
    }

    /// Emits an item of this file: the known paths it writes take their short forms here.
    /// Gives the item and the imports its short forms need.
    pub(crate) fn emit(&self, emit: impl FnOnce() -> TokenStream) -> (TokenStream, Imports) {
        let file = File { allowed: self.allowed, imports: Imports::new() };
        let outer = FILE.replace(Some(file));
        let tokens = emit();
        let file = FILE.replace(outer);
        (tokens, file.map(|file| file.imports).unwrap_or_default())
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
}

#[cfg(test)]
mod tests {
    use super::known::*;
    use super::{Imports, SHORT, Scope};
    use proc_macro2::TokenStream;
    use quote::quote;

    /// Names a file defines, tokens emitted there, tokens written, and its use lines.
    type Case = (&'static [&'static str], fn() -> TokenStream, TokenStream, TokenStream);

    #[test]
    fn paths_are_short_unless_the_file_defines_the_name() {
        let cases: [Case; 9] = [
            (
                &[],
                || quote!(fn f(x: #OPTION<#STRING>) -> #VEC<u8>),
                quote!(fn f(x: Option<String>) -> Vec<u8>),
                quote!(),
            ),
            (
                &[],
                || quote!(-> #RESULT<#TYPES::Integration, #RUNTIME::Error<#TYPES::Error>>),
                quote!(-> Result<types::Integration, runtime::Error<types::Error>>),
                quote!(
                    use super::{runtime, types};
                ),
            ),
            (
                &[],
                || quote!(impl #FMT::Display for X {} #[derive(#SERIALIZE)] struct Y(#VALUE);),
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
                || quote!(#OPTION<Option> = #SOME(Option)),
                quote!(std::option::Option<Option> = Some(Option)),
                quote!(),
            ),
            (
                &["Option", "Some"],
                || quote!(#SOME(Some)),
                quote!(std::option::Option::Some(Some)),
                quote!(),
            ),
            (&["Some"], || quote!(#SOME(Some)), quote!(Option::Some(Some)), quote!()),
            (
                &["Value", "Serialize"],
                || quote!(#[derive(#SERIALIZE, #DESERIALIZE)] struct Y(#VALUE);),
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
                || quote!(impl #CLIENT {} struct Client(#CLIENT);),
                quote!(impl runtime::Client {} struct Client(runtime::Client);),
                quote!(
                    use super::runtime;
                ),
            ),
            (
                &[],
                || quote!(impl #CLIENT {} fn f() -> #RUNTIME::BuildError),
                quote!(impl Client {} fn f() -> runtime::BuildError),
                quote!(
                    use super::runtime;
                    use super::runtime::Client;
                ),
            ),
        ];
        for (defined, emitted, written, uses) in cases {
            let (tokens, imports) = Scope::new(defined.iter().copied()).emit(emitted);
            assert_eq!(tokens.to_string(), written.to_string(), "{defined:?}");
            let lines = Scope::imports(&imports).join("\n");
            let lines: TokenStream = lines.parse().expect("use lines");
            assert_eq!(lines.to_string(), uses.to_string(), "{written}");
        }
    }

    /// `#[serde]` names functions in strings; they are written as the paths are.
    #[test]
    fn paths_in_strings_are_written_as_paths() {
        let emitted = || {
            let (is_none, nullable) =
                (OPTION.string("::is_none"), RUNTIME.string("::deserialize_nullable"));
            quote!(#[serde(skip_serializing_if = #is_none, deserialize_with = #nullable)])
        };
        let (tokens, imports) = Scope::new([]).emit(emitted);
        let written = quote!(#[serde(skip_serializing_if = "Option::is_none", deserialize_with = "runtime::deserialize_nullable")]);
        assert_eq!(tokens.to_string(), written.to_string());
        assert_eq!(Scope::imports(&imports), ["use super::runtime;"]);
        let (tokens, _) = Scope::new(["Option"]).emit(emitted);
        assert!(tokens.to_string().contains(r#""std::option::Option::is_none""#), "{tokens}");
    }

    /// Outside a file, as in a test of one emit function, a known path is written in full.
    #[test]
    fn outside_a_file_paths_are_written_in_full() {
        let tokens = quote!(#OPTION<#RUNTIME::Error> #REQWEST::Method::GET);
        let written = quote!(::std::option::Option<super::runtime::Error>::reqwest::Method::GET);
        assert_eq!(tokens.to_string(), written.to_string());
    }

    /// Written as text, a `use` line is never wrapped: even with every import of its module,
    /// each fits in prettyplease's 100 columns.
    #[test]
    fn every_use_line_fits_on_a_line() {
        let all: Imports = SHORT.iter().filter_map(|(_, _, import)| *import).collect();
        for line in Scope::imports(&all) {
            assert!(line.len() <= 100, "{line}");
        }
    }

    /// The `use` lines as prettyplease would print them, in rustfmt's order.
    #[test]
    fn use_lines_are_grouped_by_module_super_first() {
        let emitted = || {
            quote!(
                #SERIALIZE #TYPES::X #RUNTIME::Error #DESERIALIZE #FMT::Display #CLIENT #VALUE
            )
        };
        let (_, imports) = Scope::new([]).emit(emitted);
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

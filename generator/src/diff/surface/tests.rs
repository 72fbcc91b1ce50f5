//! The comparison of public APIs, on crates written by hand.

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
        ("pub mod types { pub enum E { A } }", "pub mod types { pub enum E { A, B } }", &["E::B"]),
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
        // Also one the runtime's `into_future!` implements, which this reading does not expand.
        (
            "pub struct C<'a>(&'a u8); runtime::into_future!(#[allow(deprecated)] C, u8, ());",
            "pub struct C<'a>(&'a u8);",
            &["C: IntoFuture"],
        ),
        (
            "pub enum E { A, Unknown(String) } runtime::string_enum!(E, A = \"a\", _ => Unknown);",
            "pub enum E { A, Unknown(String) }",
            &[
                "E::as_str",
                "E: Deserialize",
                "E: Display",
                "E: From<&str>",
                "E: FromStr",
                "E: Serialize",
            ],
        ),
        (
            "pub enum E { A, Unknown(String) } runtime::string_enum!(E, A = \"a\", _ => Unknown);",
            "pub enum E { A, Unknown(String) } impl E { pub fn as_str(&self) -> &str { todo!() } } \
             impl From<&str> for E { fn from(_: &str) -> Self { todo!() } } \
             impl std::str::FromStr for E {} impl std::fmt::Display for E {} \
             impl serde::Serialize for E {} impl<'de> serde::Deserialize<'de> for E {}",
            &[],
        ),
        // What the runtime's `send!` and `blocking_call!` write is read as if written out.
        (SEND_WRITTEN_OUT, SEND_BY_MACRO, &[]),
        (
            SEND_WRITTEN_OUT,
            "pub mod runtime { pub struct Error<E>(E); pub struct WithResponse<C>(C); } \
             pub mod calls { use super::runtime; pub struct C<'a>(&'a u8); \
             impl<'a> C<'a> { runtime::send!(u16, (), 200 => runtime::decode_json); } }",
            &["calls::C::send"],
        ),
        (
            SEND_BY_MACRO,
            "pub mod runtime { pub struct Error<E>(E); pub struct WithResponse<C>(C); } \
             pub mod calls { pub struct C<'a>(&'a u8); }",
            &["calls::C::send", "calls::C::with_response"],
        ),
        (BLOCKING_WRITTEN_OUT, BLOCKING_BY_MACRO, &[]),
        (
            BLOCKING_WRITTEN_OUT,
            "pub mod runtime { pub struct Error<E>(E); pub struct WithResponse<C>(C); \
             pub trait BlockingCall {} } \
             pub mod blocking { pub struct C<'a>(&'a u8); }",
            &["blocking::C::send", "blocking::C::with_response", "blocking::C: BlockingCall"],
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
    // And the other way round: the macro's calls read the same as what they write.
    for (old, new) in [(SEND_WRITTEN_OUT, SEND_BY_MACRO), (BLOCKING_WRITTEN_OUT, BLOCKING_BY_MACRO)]
    {
        assert_eq!(breaks(new, old), Vec::<String>::new(), "{new}\n→ {old}");
    }
}

/// An async call whose `with_response` and `send` the runtime's `send!` writes.
const SEND_BY_MACRO: &str = "pub mod runtime { pub struct Error<E>(E); \
    pub struct WithResponse<C>(C); } \
    pub mod calls { use super::runtime; pub struct C<'a>(&'a u8); \
    impl<'a> C<'a> { runtime::send!(u8, (), 200 => runtime::decode_json); } }";

/// A blocking call whose methods and `BlockingCall` the runtime's `blocking_call!` writes.
const BLOCKING_BY_MACRO: &str = "pub mod runtime { pub struct Error<E>(E); \
    pub struct WithResponse<C>(C); pub trait BlockingCall {} } \
    pub mod blocking { use super::runtime; pub struct C<'a>(&'a u8); \
    runtime::blocking_call!(#[allow(deprecated)] C, u8, ()); }";

/// An async call with what the runtime's `send!` writes, written out.
const SEND_WRITTEN_OUT: &str = "pub mod runtime { pub struct Error<E>(E); \
    pub struct WithResponse<C>(C); } \
    pub mod calls { use super::runtime; pub struct C<'a>(&'a u8); impl<'a> C<'a> { \
    pub fn with_response(self) -> runtime::WithResponse<Self> { runtime::WithResponse(self) } \
    pub async fn send(self) -> Result<u8, runtime::Error<()>> { todo!() } } }";

/// A blocking call with what the runtime's `blocking_call!` writes, written out.
const BLOCKING_WRITTEN_OUT: &str = "pub mod runtime { pub struct Error<E>(E); \
    pub struct WithResponse<C>(C); pub trait BlockingCall {} } \
    pub mod blocking { use super::runtime; pub struct C<'a>(&'a u8); impl<'a> C<'a> { \
    pub fn with_response(self) -> runtime::WithResponse<Self> { runtime::WithResponse(self) } \
    pub fn send(self) -> Result<u8, runtime::Error<()>> { todo!() } } \
    impl runtime::BlockingCall for C<'_> {} }";

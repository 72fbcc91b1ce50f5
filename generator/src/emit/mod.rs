//! Model → tokens, one function per construct. Reads only [`crate::model`].

mod blocking;
mod building;
mod calls;
mod client;
mod enums;
mod front;
mod mock;
mod operations;
mod paths;
mod security;
mod types;

use crate::Config;
use crate::model::*;
use paths::known::*;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub(crate) use paths::{Imports, Scope};

/// A generated file before formatting.
pub(crate) struct Unformatted<'a> {
    pub(crate) path: &'static str,
    pub(crate) source: Source<'a>,
}

/// One top-level item of a file, emitted when `format` asks for it: items are emitted and
/// printed one at a time, on as many threads as there are cores, so that only a few are in
/// memory at once.
pub(crate) type Item<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

pub(crate) enum Source<'a> {
    /// Rust items, emitted in `scope`, where the known paths are short.
    Items(Vec<Item<'a>>, Scope),
    /// Rust source that is the same for every spec, in parts.
    Text(Vec<&'static str>),
}

/// The runtime every client has, then the pagers of paged operations, the form encoder and
/// the multipart encoder at its end: the last three only for clients that need them. It is
/// the `runtime` crate's source, where it is compiled, linted and tested, emitted as it is.
pub(crate) const RUNTIME_TEXT: &str = RUNTIME_SOURCE.split_at(PAGES_START).0;
pub(crate) const RUNTIME_PAGES: &str =
    RUNTIME_SOURCE.split_at(FORMS_START).0.split_at(PAGES_START).1;
pub(crate) const RUNTIME_FORMS: &str =
    RUNTIME_SOURCE.split_at(MULTIPART_START).0.split_at(FORMS_START).1;
pub(crate) const RUNTIME_MULTIPART: &str = RUNTIME_SOURCE.split_at(MULTIPART_START).1;

const RUNTIME_SOURCE: &str = include_str!("../../../runtime/src/runtime.rs");
/// What the mocks share, the `runtime` crate's `mock_support.rs`, emitted as it is.
pub(crate) const MOCK_SUPPORT_TEXT: &str = include_str!("../../../runtime/src/mock_support.rs");
/// Each part begins with the blank line before the comment that says where it begins.
const PAGES_START: usize = find(RUNTIME_SOURCE, "\n\n// The pagers of paged operations") + 1;
const FORMS_START: usize = find(RUNTIME_SOURCE, "\n\n// The encoder of form bodies") + 1;
const MULTIPART_START: usize = find(RUNTIME_SOURCE, "\n\n// The encoder of multipart bodies") + 1;

/// Where `needle` first occurs in `text`; fails the build if it does not.
const fn find(text: &str, needle: &str) -> usize {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let mut start = 0;
    while start + needle.len() <= text.len() {
        let mut i = 0;
        while i < needle.len() && text[start + i] == needle[i] {
            i += 1;
        }
        if i == needle.len() {
            return start;
        }
        start += 1;
    }
    panic!("the runtime has no comment where its pagers or one of its encoders begins");
}

/// What `emit` needs beyond the model, worked out once: the patterns and their numbers.
pub(crate) struct Emitter<'a> {
    api: &'a Api,
    patterns: Patterns,
    /// The names `mock.rs` defines.
    mock_names: Vec<String>,
}

impl<'a> Emitter<'a> {
    pub(crate) fn new(api: &'a Api) -> Emitter<'a> {
        Emitter { api, patterns: Patterns::collect(api), mock_names: mock::defined(api) }
    }

    /// Whether the generated code calls the `regress` crate: only for patterns that are not
    /// plain runs of characters.
    pub(crate) fn needs_regress(&self) -> bool {
        self.patterns.need_regress()
    }

    /// Whether the generated code walks pages, with the `futures-core` crate's `Stream`.
    pub(crate) fn needs_futures_core(&self) -> bool {
        self.api.operations.iter().any(|op| op.pagination.is_some())
    }

    /// Whether the generated code sends a multipart body, with reqwest's `multipart` feature.
    pub(crate) fn needs_multipart(&self) -> bool {
        self.sends(|kind| matches!(kind, BodyKind::Multipart(_)))
    }

    fn sends(&self, kind: impl Fn(&BodyKind) -> bool) -> bool {
        self.api.operations.iter().filter_map(|op| op.body.as_ref()).any(|body| kind(&body.kind))
    }

    fn runtime(&self) -> Vec<&'static str> {
        let forms = self.sends(|kind| matches!(kind, BodyKind::Form(_)));
        let mut parts = vec![RUNTIME_TEXT];
        parts.extend(self.needs_futures_core().then_some(RUNTIME_PAGES));
        parts.extend(forms.then_some(RUNTIME_FORMS));
        parts.extend(self.needs_multipart().then_some(RUNTIME_MULTIPART));
        parts
    }

    pub(crate) fn files(&'a self, config: &'a Config) -> Vec<Unformatted<'a>> {
        let (api, patterns) = (self.api, &self.patterns);
        // Each file's scope holds the names it defines that a short path could mean: the spec's
        // types in `types.rs`, the calls in `calls.rs`, and those and the blocking `Client` in
        // `blocking.rs`.
        let spec_types = || Scope::new(api.types.iter().map(|t| t.rust_name.as_str()));
        let call_names = calls::call_names(api);
        vec![
            Unformatted {
                path: "src/lib.rs",
                source: Source::Items(
                    vec![Box::new(move || front::lib(api, config))],
                    Scope::new([]),
                ),
            },
            Unformatted {
                path: "src/types.rs",
                source: Source::Items(types::types(api, patterns), spec_types()),
            },
            Unformatted {
                path: "src/client.rs",
                source: Source::Items(client::client(api, patterns), Scope::new([])),
            },
            Unformatted {
                path: "src/calls.rs",
                source: Source::Items(
                    calls::calls(api, patterns),
                    Scope::new(call_names.iter().map(String::as_str)),
                ),
            },
            Unformatted {
                path: "src/blocking.rs",
                source: Source::Items(
                    blocking::blocking(api),
                    Scope::new(call_names.iter().map(String::as_str).chain(["Client"])),
                ),
            },
            Unformatted { path: "src/runtime.rs", source: Source::Text(self.runtime()) },
            Unformatted {
                path: "src/mock.rs",
                source: Source::Items(
                    mock::mock(api),
                    Scope::new(self.mock_names.iter().map(String::as_str)),
                ),
            },
            Unformatted {
                path: "src/mock_support.rs",
                source: Source::Text(vec![MOCK_SUPPORT_TEXT]),
            },
        ]
    }
}

/// An identifier from a name that `names` made valid.
pub(crate) fn ident(name: &str) -> Ident {
    if crate::names::is_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Markdown as rustdoc, with the leading space rustdoc expects on each line. Text that comes
/// from the spec goes through [`spec_text`] first.
pub(crate) fn doc(markdown: &str) -> TokenStream {
    let lines = markdown.trim().lines().map(str::trim_end);
    doc_attributes(lines, quote!(#))
}

/// The attributes of a doc block, `#[doc]` (`prefix` `#`) or `#![doc]` (`#!`): one for the
/// whole block, which `format` prints as one `///` or `//!` line per line, as one attribute
/// per line would print. Each attribute costs far more to print than its text, and docs are
/// a third of the lines. A block that could not be printed as a block comment (it holds `/*`
/// or `*/`) gets one attribute per line.
fn doc_attributes<'a>(lines: impl Iterator<Item = &'a str>, prefix: TokenStream) -> TokenStream {
    let lines: Vec<String> = lines
        .map(|line| if line.is_empty() { String::new() } else { format!(" {line}") })
        .collect();
    let block = lines.join("\n");
    let whole = lines.len() > 1 && prints_as_block_comment(&block);
    let mut out = TokenStream::new();
    for text in if whole { vec![block] } else { lines } {
        let text = raw_string(&text);
        out.extend(quote!(#prefix[doc = #text]));
    }
    out
}

/// `text` as a raw string literal, as rustc writes the text of a `///` comment: it needs no
/// escaping, and syn reads it (three times for each doc attribute) by copying it instead of
/// char by char. A string literal if it holds a carriage return, which a raw string cannot.
fn raw_string(text: &str) -> Literal {
    let hashes = text
        .match_indices('"')
        .map(|(i, _)| text[i + 1..].bytes().take_while(|&b| b == b'#').count() + 1)
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(hashes);
    match text.contains('\r') {
        false => {
            format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
        }
        true => Literal::string(text),
    }
}

/// Whether prettyplease prints a doc attribute whose text is `text`, several lines, as one
/// block comment (`/** … */`), which `format` then writes as one `///` line per line: when
/// the text cannot end the comment early or leave it open (prettyplease's own rule, made
/// stricter), and does not begin with what would make the comment another kind.
fn prints_as_block_comment(text: &str) -> bool {
    !(text.contains("/*")
        || text.contains("*/")
        || text.ends_with('/')
        || text.starts_with(['*', '/', '!']))
}

/// Spec text made safe for rustdoc: brackets and angle brackets escaped so they are not
/// read as links or HTML, bare URLs wrapped in `<...>`, and code fences marked `text` so
/// rustdoc does not compile them as Rust.
pub(crate) fn spec_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            let indent = &line[..line.len() - trimmed.len()];
            if !in_fence && lang.trim() != "rust" {
                out.push_str(&format!("{indent}```text"));
            } else {
                out.push_str(line);
            }
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&escape_markdown(line));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_string()
}

/// Like [`doc`], for inner (`//!`) documentation.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    doc_attributes(text.lines(), quote!(#!))
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for word in line.split_inclusive(' ') {
        if !in_code
            && (word.starts_with("http://") || word.starts_with("https://"))
            && !word.contains('`')
        {
            let word_end = word.trim_end();
            let url = word_end.trim_end_matches(['.', ',', ';', ')', ':']);
            let tail = &word_end[url.len()..];
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(tail);
            out.push_str(&word[word.trim_end().len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '[' | ']' | '<' | '>' if !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

// How a type is spelled: `rust_type` below, and the argument types of `Client`'s methods;
// `diff` shows the same spellings.
pub(crate) use client::method_names;
pub(crate) use operations::{body_type, param_type};

/// Where a type is named from: inside `types.rs` or from a sibling module.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    Types,
    Sibling,
}

/// The Rust type of a shape.
pub(crate) fn rust_type(ty: &Ty, from: Place) -> TokenStream {
    match ty {
        Ty::String => quote!(#STRING),
        Ty::Bool => quote!(bool),
        Ty::Int(kind) => int_type(*kind),
        Ty::Float => quote!(f64),
        Ty::DateTime => quote!(#DATE_TIME<#UTC>),
        Ty::Bytes => quote!(#VEC<u8>),
        Ty::Json => quote!(#VALUE),
        Ty::Named { name, .. } => {
            let name = ident(name);
            match from {
                Place::Types => quote!(#name),
                Place::Sibling => quote!(#TYPES::#name),
            }
        }
        Ty::Array(item) => {
            let item = rust_type(&item.ty, from);
            quote!(#VEC<#item>)
        }
        Ty::Map(value) => {
            let value = rust_type(&value.ty, from);
            quote!(#BTREE_MAP<#STRING, #value>)
        }
        Ty::Nullable(inner) => {
            let inner = rust_type(&inner.ty, from);
            quote!(#OPTION<#inner>)
        }
    }
}

fn int_type(kind: IntKind) -> TokenStream {
    match kind {
        IntKind::U8 => quote!(u8),
        IntKind::U16 => quote!(u16),
        IntKind::U32 => quote!(u32),
        IntKind::U64 => quote!(u64),
        IntKind::I8 => quote!(i8),
        IntKind::I16 => quote!(i16),
        IntKind::I32 => quote!(i32),
        IntKind::I64 => quote!(i64),
    }
}

/// Every distinct pattern, numbered in the order the model first uses it; each becomes a
/// function `pattern_N(&str) -> bool` in `types.rs`: runs of characters checked by the
/// runtime, or a lazily compiled `regress` regular expression.
pub(crate) struct Patterns {
    numbers: BTreeMap<String, (usize, Pattern)>,
}

impl Patterns {
    fn collect(api: &Api) -> Patterns {
        let mut numbers = BTreeMap::new();
        let patterns =
            api.checked_shapes().flat_map(Shape::nested).filter_map(|s| s.checks.pattern.as_ref());
        for pattern in patterns {
            let next = numbers.len();
            numbers.entry(pattern.source.clone()).or_insert_with(|| (next, pattern.clone()));
        }
        Patterns { numbers }
    }

    fn function(&self, pattern: &Pattern) -> Ident {
        format_ident!("pattern_{}", self.numbers[&pattern.source].0)
    }

    /// `(number, pattern)` in number order.
    fn all(&self) -> Vec<(usize, &Pattern)> {
        let mut all: Vec<(usize, &Pattern)> = self.numbers.values().map(|(n, p)| (*n, p)).collect();
        all.sort_by_key(|(n, _)| *n);
        all
    }

    /// Whether any pattern needs the `regress` crate.
    pub(crate) fn need_regress(&self) -> bool {
        self.numbers.values().any(|(_, p)| p.runs.is_none())
    }
}

/// How a failed check names the value: each step prefixes the path, innermost first.
#[derive(Clone)]
pub(crate) enum Step {
    Name(String),
    Index(Ident),
    Key(Ident),
}

/// `check?;`, its error located by `steps` (innermost first) if there are any:
/// `runtime::within("tags", runtime::at_index(i, check))?;`.
fn located(steps: &[Step], check: TokenStream) -> TokenStream {
    let check = steps.iter().fold(check, |check, step| match step {
        Step::Name(name) => quote!(#RUNTIME::within(#name, #check)),
        Step::Index(i) => quote!(#RUNTIME::at_index(#i, #check)),
        Step::Key(k) => quote!(#RUNTIME::within(#k, #check)),
    });
    quote!(#check?;)
}

/// A value that [`checks`] reads: through a reference (`value`, `item`, an argument), or
/// where it is (`self.port`, `self.0`), which needs no binding.
pub(crate) enum Value {
    Ref(TokenStream),
    Place(TokenStream),
}

impl Value {
    /// An expression of type `&T`.
    fn by_ref(&self) -> TokenStream {
        match self {
            Value::Ref(value) => value.clone(),
            Value::Place(place) => quote!(&#place),
        }
    }

    /// An expression of type `T`, for the `Copy` numbers.
    fn copied(&self) -> TokenStream {
        match self {
            Value::Ref(value) => quote!(*#value),
            Value::Place(place) => place.clone(),
        }
    }

    /// An expression to call a method on.
    fn receiver(&self) -> &TokenStream {
        match self {
            Value::Ref(expression) | Value::Place(expression) => expression,
        }
    }
}

/// Statements that check `value` against `shape` and return the first failure, located by
/// `steps`. `types` is the path to the `types` module.
pub(crate) fn checks(
    shape: &Shape,
    value: &Value,
    steps: &[Step],
    patterns: &Patterns,
    types: &TokenStream,
) -> TokenStream {
    let rt = quote!(#RUNTIME);
    let mut out = TokenStream::new();
    let c = &shape.checks;
    let (by_ref, copied, receiver) = (value.by_ref(), value.copied(), value.receiver());
    if let Some(lengths) = range(c.min_length, c.max_length) {
        out.extend(located(steps, quote!(#rt::check_length(#by_ref, #lengths))));
    }
    if let Some(pattern) = &c.pattern {
        let function = patterns.function(pattern);
        let source = &pattern.source;
        out.extend(located(steps, quote!(#rt::check_pattern(#types #function(#by_ref), #source))));
    }
    for (bound, check) in [(&c.minimum, quote!(check_minimum)), (&c.maximum, quote!(check_maximum))]
    {
        let Some(bound) = bound else { continue };
        let literal = match (bound.value, &shape.ty) {
            (Number::Float(v), _) if !v.is_finite() => continue,
            (Number::Float(v), _) => Literal::f64_unsuffixed(v),
            (Number::Int(v), Ty::Float) => Literal::f64_unsuffixed(v as f64),
            (Number::Int(v), _) => Literal::i128_unsuffixed(v),
        };
        let exclusive = bound.exclusive;
        out.extend(located(steps, quote!(#rt::#check(#copied, #literal, #exclusive))));
    }
    match (c.multiple_of, &shape.ty) {
        (Some(Number::Int(divisor)), Ty::Int(_)) => {
            let divisor = Literal::i128_unsuffixed(divisor);
            out.extend(located(steps, quote!(#rt::check_multiple_of(#copied, #divisor))));
        }
        (Some(divisor), Ty::Float | Ty::Int(_)) => {
            let divisor = Literal::f64_unsuffixed(match divisor {
                Number::Int(v) => v as f64,
                Number::Float(v) => v,
            });
            let value = if shape.ty == Ty::Float { copied.clone() } else { quote!(#copied as f64) };
            out.extend(located(steps, quote!(#rt::check_multiple_of_float(#value, #divisor))));
        }
        _ => {}
    }
    if let Some(counts) = range(c.min_items, c.max_items) {
        out.extend(located(steps, quote!(#rt::check_items(#receiver.len(), #counts))));
    }
    if c.unique_items {
        out.extend(located(steps, quote!(#rt::check_unique_items(#by_ref))));
    }
    if let Some(counts) = range(c.properties.min, c.properties.max) {
        out.extend(located(steps, quote!(#rt::check_properties(#receiver.len(), #counts))));
    }
    match &shape.ty {
        Ty::Float => out.extend(located(steps, quote!(#rt::check_finite(#copied)))),
        Ty::Named { validate: true, .. } => {
            out.extend(located(steps, quote!(#receiver.validate())))
        }
        // Nested loops get distinct names: `i`, `i1`, ...; `item`, `item1`, ...
        Ty::Array(item) if item.needs_check() => {
            let depth = loop_depth(steps);
            let (i, element) = (numbered("i", depth), numbered("item", depth));
            let mut inner = vec![Step::Index(i.clone())];
            inner.extend_from_slice(steps);
            let body = checks(item, &Value::Ref(quote!(#element)), &inner, patterns, types);
            out.extend(quote!(for (#i, #element) in #receiver.iter().enumerate() { #body }));
        }
        Ty::Nullable(inner) if inner.needs_check() => {
            let body = checks(inner, &Value::Ref(quote!(value)), steps, patterns, types);
            out.extend(quote!(if let #SOME(value) = #by_ref { #body }));
        }
        Ty::Map(item) if item.needs_check() => {
            let depth = loop_depth(steps);
            let (key, element) = (numbered("key", depth), numbered("item", depth));
            let mut inner = vec![Step::Key(key.clone())];
            inner.extend_from_slice(steps);
            let body = checks(item, &Value::Ref(quote!(#element)), &inner, patterns, types);
            out.extend(quote!(for (#key, #element) in #by_ref { #body }));
        }
        _ => {}
    }
    out
}

/// The check of a struct's `minProperties` and `maxProperties`, if it has either.
fn property_counts(s: &Struct) -> Option<TokenStream> {
    let counts = range(s.properties.min, s.properties.max)?;
    // Required properties are always sent, optional ones when set (`null` included).
    let required = s.fields.iter().filter(|f| f.required).count();
    let required = (required > 0).then(|| Literal::usize_unsuffixed(required)).into_iter();
    let optional = s.fields.iter().filter(|f| !f.required).map(|f| ident(&f.rust_name));
    let extra = ident(&s.extra);
    let count =
        quote!(#(#required +)* #(usize::from(self.#optional.is_some()) +)* self.#extra.len());
    Some(quote!(#RUNTIME::check_properties(#count, #counts)?;))
}

/// `min..=max`, `min..` or `..=max`: the bounds of a length or a count, if it has any.
fn range(min: Option<u64>, max: Option<u64>) -> Option<TokenStream> {
    let bound = |n: u64| Literal::usize_unsuffixed(n as usize);
    match (min.map(bound), max.map(bound)) {
        (None, None) => None,
        (min, None) => Some(quote!(#min..)),
        (min, Some(max)) => Some(quote!(#min..=#max)),
    }
}

/// `minProperties` and `maxProperties` in words, for rustdoc.
pub(crate) fn describe_counts(counts: Counts) -> Option<String> {
    match (counts.min, counts.max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max} properties")),
        (Some(min), None) => Some(format!("at least {min} properties")),
        (None, Some(max)) => Some(format!("at most {max} properties")),
        (None, None) => None,
    }
}

fn loop_depth(steps: &[Step]) -> usize {
    steps.iter().filter(|s| !matches!(s, Step::Name(_))).count()
}

fn numbered(name: &str, depth: usize) -> Ident {
    match depth {
        0 => format_ident!("{name}"),
        n => format_ident!("{name}{n}"),
    }
}

/// Human-readable constraints for rustdoc, e.g. "1 to 1024 characters".
pub(crate) fn describe_checks(shape: &Shape) -> Vec<String> {
    let c = &shape.checks;
    let mut out = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max} characters")),
        (Some(1), None) => out.push("not empty".to_string()),
        (Some(min), None) => out.push(format!("at least {min} characters")),
        (None, Some(max)) => out.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(p) = &c.pattern {
        out.push(format!("matches `{}`", p.source));
    }
    let number = |n: Number| match n {
        Number::Int(v) => v.to_string(),
        Number::Float(v) => v.to_string(),
    };
    if let Some(b) = c.minimum {
        out.push(format!("{} {}", if b.exclusive { ">" } else { ">=" }, number(b.value)));
    }
    if let Some(b) = c.maximum {
        out.push(format!("{} {}", if b.exclusive { "<" } else { "<=" }, number(b.value)));
    }
    if let Some(divisor) = c.multiple_of {
        out.push(format!("a multiple of {}", number(divisor)));
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => out.push(format!("{min} to {max} items")),
        (Some(min), None) => out.push(format!("at least {min} items")),
        (None, Some(max)) => out.push(format!("at most {max} items")),
        (None, None) => {}
    }
    if c.unique_items {
        out.push("no item repeated".to_string());
    }
    out.extend(describe_counts(c.properties));
    if let Ty::Array(item) = &shape.ty {
        let inner = describe_checks(item);
        if !inner.is_empty() {
            out.push(format!("each item {}", inner.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// `(text, literal)`: a doc text is a raw string with as few hashes as it can have.
    #[test]
    fn docs_are_raw_strings() {
        let cases = [
            (" Plain.", "r\" Plain.\""),
            (" Say \"hi\".", "r#\" Say \"hi\".\"#"),
            (" A \"# and a \"##.", "r###\" A \"# and a \"##.\"###"),
            (" \\n is text", "r\" \\n is text\""),
            (" A carriage\rreturn", "\" A carriage\\rreturn\""),
        ];
        for (text, literal) in cases {
            assert_eq!(super::raw_string(text).to_string(), literal, "{text}");
        }
    }
}

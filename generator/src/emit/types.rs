//! `types.rs`: one Rust item per named type of the model.

use super::paths::known::*;
use super::{
    Item, Patterns, Place, Step, Value, checks, describe_checks, doc, ident, rust_type, spec_text,
};
use crate::model::*;
use proc_macro2::{Delimiter, Group, Ident, TokenStream};
use quote::quote;

/// `types.rs`: one item per type and per pattern, each emitted when it is formatted.
pub(crate) fn types<'a>(api: &'a Api, patterns: &'a Patterns) -> Vec<Item<'a>> {
    let mut out: Vec<Item<'a>> = vec![Box::new(|| {
        let mut text = "The request and response types of the API, one per schema.\n\n\
            Structs, enums and unions are `#[non_exhaustive]`, so that a property, value or \
            alternative added to the spec breaks no caller: build a struct with `new` (its \
            required properties) or `default()` (when it has none), then `with_…` for each \
            optional property; a `match` ends with `_`."
            .to_string();
        if api.types.iter().any(|def| matches!(def.kind, TypeKind::Struct(_))) {
            text.push_str(
                "\n\nA struct that keeps the properties the spec does not name, in a map, has \
                 serde's derived code as its inherent functions `serialize` and `deserialize`, \
                 which its `Serialize` and `Deserialize` use. Decode with the trait, as \
                 `serde_json` does: the inherent `deserialize` leaves `extra` empty.",
            );
        }
        let mut header = super::inner_doc(&text);
        // Variants hold the spec's types as they are; boxing the large ones would cost every user.
        header.extend(quote!(#![allow(clippy::large_enum_variant)]));
        if undocumented(api) {
            header.extend(quote!(#![allow(missing_docs)]));
        }
        header
    })];
    for def in &api.types {
        out.push(Box::new(move || match &def.kind {
            TypeKind::Struct(s) => structure(api, def, s, patterns),
            TypeKind::Enum(e @ StringEnum { integer: Some(kind), .. }) => {
                super::enums::integer_enum(def, e, *kind)
            }
            TypeKind::Enum(e) => string_enum(def, e),
            TypeKind::Newtype(shape) => newtype(def, shape, patterns),
            TypeKind::Alias(shape) => alias(def, shape),
            TypeKind::Union(u) => union(api, def, u, patterns),
            TypeKind::Responses(variants) => responses(def, variants),
        }));
    }
    for (n, pattern) in patterns.all() {
        out.push(Box::new(move || pattern_function(n, pattern)));
    }
    out
}

/// `pattern_N(&str) -> bool`: runs of characters checked by the runtime, or a `regress`
/// regular expression compiled on first use.
fn pattern_function(n: usize, pattern: &Pattern) -> TokenStream {
    {
        let function = quote::format_ident!("pattern_{n}");
        let source = &pattern.source;
        let doc = doc(&format!("Whether a value matches `{}`.", source.replace('`', "'")));
        match &pattern.runs {
            Some(runs) => {
                let runs = runs.iter().map(|run| {
                    // ASCII as a bitmap, the rest as ranges.
                    let mut ascii = 0u128;
                    let mut rest = Vec::new();
                    for &(lo, hi) in &run.ranges {
                        for code in u32::from(lo)..=u32::from(hi).min(127) {
                            ascii |= 1 << code;
                        }
                        if u32::from(hi) >= 128 {
                            rest.push((lo.max('\u{80}'), hi));
                        }
                    }
                    let ascii = format!("0x{ascii:032x}")
                        .parse::<proc_macro2::Literal>()
                        .unwrap_or_else(|_| proc_macro2::Literal::u128_unsuffixed(ascii));
                    let ranges = rest.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                    let min = run.min;
                    let max = run.max.unwrap_or(u32::MAX);
                    quote!(#RUNTIME::CharRun {
                        ascii: #RUNTIME::ByteSet::ascii(#ascii),
                        ranges: &[#(#ranges),*],
                        min: #min,
                        max: #max,
                    })
                });
                quote! {
                    #doc
                    pub(crate) fn #function(value: &str) -> bool {
                        // A constant: its tables are made when the crate is compiled.
                        const RUNS: &[#RUNTIME::CharRun] = &[#(#runs),*];
                        #RUNTIME::matches_runs(value, RUNS)
                    }
                }
            }
            None => {
                let flags = if pattern.unicode { "u" } else { "" };
                quote! {
                    #doc
                    pub(crate) fn #function(value: &str) -> bool {
                        static PATTERN: #ONCE_LOCK<#REGEX> = #ONCE_LOCK::new();
                        PATTERN.get_or_init(|| #REGEX::with_flags(#source, #flags).expect("the generator compiled this pattern")).find(value).is_some()
                    }
                }
            }
        }
    }
}

pub(super) fn type_doc(def: &TypeDef) -> TokenStream {
    let mut text = def.doc.as_deref().map(spec_text).unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("From `{}`.", def.at));
    doc(&text)
}

/// What a field's doc says: the spec's description and what the spec says beyond the type
/// (constraints, `null`), or nothing; never a sentence made up of the name.
fn field_doc(f: &Field) -> String {
    let mut paragraphs: Vec<String> = f.doc.as_deref().map(spec_text).into_iter().collect();
    let constraints = describe_checks(&f.shape);
    if !constraints.is_empty() {
        paragraphs.push(format!("Checked before sending: {}.", constraints.join("; ")));
    }
    if f.nullable {
        paragraphs.push(
            if f.required {
                "`None` is JSON `null`."
            } else {
                "`None`: absent; `Some(None)`: JSON `null`."
            }
            .to_string(),
        );
    }
    paragraphs.join("\n\n")
}

/// What a variant of a union says: the discriminator values that select it, or nothing.
fn union_variant_doc(u: &Union, v: &UnionVariant) -> String {
    match v.tags.as_slice() {
        [] => String::new(),
        tags => format!(
            "Selected by `{}`: {}.",
            u.discriminator.as_deref().unwrap_or(""),
            tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Whether a field or a variant of a union has no doc, which `missing_docs` would report: specs
/// describe few properties, and a doc that only repeats a name says nothing.
fn undocumented(api: &Api) -> bool {
    api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| field_doc(f).is_empty()),
        TypeKind::Union(u) => u.variants.iter().any(|v| union_variant_doc(u, v).is_empty()),
        _ => false,
    })
}

fn structure(api: &Api, def: &TypeDef, s: &Struct, patterns: &Patterns) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_doc(def);
    let mut fields = TokenStream::new();
    let mut validations = TokenStream::new();
    for f in &s.fields {
        let field = ident(&f.rust_name);
        let api_name = &f.api_name;
        let base = rust_type(&f.shape.ty, Place::Types);
        let base = if f.boxed { quote!(#BOX<#base>) } else { base };
        let mut serde = Vec::new();
        if f.rust_name != f.api_name {
            serde.push(quote!(rename = #api_name));
        }
        let is_none = OPTION.string("::is_none");
        let ty = match (f.required, f.nullable) {
            (true, false) => base.clone(),
            (true, true) => quote!(#OPTION<#base>),
            // A value that holds `null` itself (any JSON value) is `Some` of it when `null`.
            (false, false) if holds_null(api, &f.shape.ty) => {
                let deserialize_some = RUNTIME.string("::deserialize_some");
                serde.push(quote!(
                    default,
                    skip_serializing_if = #is_none,
                    deserialize_with = #deserialize_some
                ));
                quote!(#OPTION<#base>)
            }
            (false, false) => {
                serde.push(quote!(default, skip_serializing_if = #is_none));
                quote!(#OPTION<#base>)
            }
            (false, true) => {
                let deserialize_nullable = RUNTIME.string("::deserialize_nullable");
                serde.push(quote!(
                    default,
                    skip_serializing_if = #is_none,
                    deserialize_with = #deserialize_nullable
                ));
                quote!(#OPTION<#OPTION<#base>>)
            }
        };
        let serde = if serde.is_empty() { quote!() } else { quote!(#[serde(#(#serde),*)]) };
        let field_doc = doc(&field_doc(f));
        fields.extend(quote! {
            #field_doc
            #serde
            pub #field: #ty,
        });

        if f.shape.needs_check() {
            let at = [Step::Name(f.api_name.clone())];
            let checks = |value| checks(&f.shape, &value, &at, patterns, &quote!());
            let body = checks(Value::Ref(quote!(value)));
            validations.extend(match (f.required, f.nullable) {
                (true, false) => checks(Value::Place(quote!(self.#field))),
                (true, true) | (false, false) => {
                    quote!(if let #SOME(value) = &self.#field { #body })
                }
                (false, true) => quote!(if let #SOME(#SOME(value)) = &self.#field { #body }),
            });
        }
    }
    let extra = ident(&s.extra);
    let extra_doc = doc(if s.closed {
        "Properties the spec does not name, kept as received. The spec closes this object \
         (`additionalProperties: false`), so the client refuses to send any."
    } else {
        "Properties the spec does not name, kept as received and sent as given."
    });
    fields.extend(quote! {
        #extra_doc
        #[serde(flatten, skip_deserializing)]
        pub #extra: #MAP<#STRING, #VALUE>,
    });
    if s.closed {
        validations.extend(quote!(#RUNTIME::check_no_extra(&self.#extra)?;));
    }
    validations.extend(super::property_counts(s));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let derive_default = if all_optional { quote!(Default,) } else { quote!() };
    let constructor = super::building::constructor(s);
    let setters = super::building::setters(s);
    // The struct derives its serde code as inherent functions (`remote = "Self"`); its trait
    // implementations call them, decoding through the runtime, which hands them the
    // properties they name and keeps the rest, in one pass.
    let impls = serde_keeping_extra(&name, s);
    let (debug_derive, debug_impl) = match s.fields.iter().any(|f| f.secret) {
        true => (quote!(), redacted_debug(&name, s)),
        false => (quote!(Debug,), quote!()),
    };
    // The parts are moved in (as groups, or by `extend`): interpolated, a stream's tokens are
    // copied, and these are most of the item.
    validations.extend(quote!(#OK(())));
    let validations = Group::new(Delimiter::Brace, validations);
    let fields = Group::new(Delimiter::Brace, fields);
    let mut body = constructor;
    body.extend(setters);
    body.extend(quote! {
        /// Checks the constraints of the spec, as the client does before sending this value.
        pub fn validate(&self) -> #RESULT<(), #RUNTIME::ValidationError> #validations
    });
    let body = Group::new(Delimiter::Brace, body);
    let mut item = docs;
    item.extend(quote! {
        #[derive(#debug_derive Clone, PartialEq, #derive_default #SERIALIZE, #DESERIALIZE)]
        #[serde(remote = "Self")]
        #[non_exhaustive]
        pub struct #name #fields
    });
    item.extend(impls);
    item.extend(debug_impl);
    item.extend(quote!(impl #name #body));
    item
}

/// `Debug` for a struct with secrets: each secret shows only whether it is set.
fn redacted_debug(name: &Ident, s: &Struct) -> TokenStream {
    let text = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let (field, label) = (ident(&f.rust_name), &f.rust_name);
        let set = match (f.required, f.nullable) {
            (true, false) => quote!(true),
            _ => quote!(self.#field.is_some()),
        };
        match f.secret {
            true => quote!(.field(#label, &#RUNTIME::Redacted(#set))),
            false => quote!(.field(#label, &self.#field)),
        }
    });
    let extra = ident(&s.extra);
    let label = &s.extra;
    quote! {
        impl #FMT::Debug for #name {
            fn fmt(&self, f: &mut #FMT::Formatter<'_>) -> #FMT::Result {
                f.debug_struct(#text) #(#fields)* .field(#label, &self.#extra).finish()
            }
        }
    }
}

/// `Serialize` and `Deserialize` for a struct whose derived code is inherent functions: the
/// derived code encodes the map of unnamed properties (it is flattened), and decodes through
/// `runtime::keep_extra`, which puts in the map what the struct does not name. The runtime's
/// macro writes both; the line states what varies.
fn serde_keeping_extra(name: &Ident, s: &Struct) -> TokenStream {
    let extra = ident(&s.extra);
    let keep = if s.closed { quote!(keep_extra_closed) } else { quote!(keep_extra) };
    quote!(#RUNTIME::serde_keeping_extra!(#name, #extra, #keep);)
}

/// A string enum, with its catch-all variant: what varies is its values, in `as_str` and
/// `From<&str>`; the runtime's `string_enum!` writes the impls that follow from those two.
fn string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_doc(def);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let variant_doc = doc(&match v.value.as_str() {
            "" => "The empty string.".to_string(),
            value => format!("`{}`", value.replace('`', "'")),
        });
        quote!(#variant_doc #variant,)
    });
    let values = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote!(#variant = #value,)
    });
    quote! {
        #docs
        ///
        /// A value the spec does not list decodes as the catch-all variant instead of failing
        /// the whole response.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not list, kept as received.
            #unknown(#STRING),
        }

        #RUNTIME::string_enum!(#name, #(#values)* _ => #unknown);
    }
}

fn newtype(def: &TypeDef, shape: &Shape, patterns: &Patterns) -> TokenStream {
    let name = ident(&def.rust_name);
    let mut text = def.doc.as_deref().map(spec_text).unwrap_or_default();
    let constraints = describe_checks(shape);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Constructors check the spec's constraints ({}); a value received from the server is \
         kept as sent, and checked again before the client sends it.\n\nFrom `{}`.",
        constraints.join("; "),
        def.at
    ));
    let docs = doc(&text);
    let inner = rust_type(&shape.ty, Place::Types);
    let body = checks(shape, &Value::Place(quote!(self.0)), &[], patterns, &quote!());
    let is_string = shape.ty == Ty::String;
    let derives = match shape.ty {
        Ty::String => quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord),
        Ty::Int(_) => quote!(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord),
        _ => quote!(Debug, Clone, Copy, PartialEq, PartialOrd),
    };
    let string_impls = if is_string {
        quote! {
            impl #FROM_STR for #name {
                type Err = #RUNTIME::ValidationError;
                fn from_str(value: &str) -> #RESULT<Self, Self::Err> {
                    Self::new(value)
                }
            }

            impl #TRY_FROM<&str> for #name {
                type Error = #RUNTIME::ValidationError;
                fn try_from(value: &str) -> #RESULT<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl #TRY_FROM<#STRING> for #name {
                type Error = #RUNTIME::ValidationError;
                fn try_from(value: #STRING) -> #RESULT<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl #AS_REF<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }
        }
    } else {
        quote!()
    };
    let as_str = is_string.then(|| {
        quote! {
            /// The value, checked or not.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    });
    let (new_param, new_value) = if is_string {
        (quote!(value: impl #INTO<#STRING>), quote!(value.into()))
    } else {
        (quote!(value: #inner), quote!(value))
    };
    quote! {
        #docs
        #[derive(#derives, #SERIALIZE, #DESERIALIZE)]
        #[serde(transparent)]
        pub struct #name(#inner);

        impl #name {
            /// Checks `value` against the spec's constraints.
            pub fn new(#new_param) -> #RESULT<Self, #RUNTIME::ValidationError> {
                let value = Self(#new_value);
                value.validate()?;
                #OK(value)
            }

            #as_str

            /// The value, checked or not.
            pub fn into_inner(self) -> #inner {
                self.0
            }

            /// Checks the constraints of the spec, as the client does before sending this value.
            pub fn validate(&self) -> #RESULT<(), #RUNTIME::ValidationError> {
                #body
                #OK(())
            }
        }

        #string_impls

        impl #FMT::Display for #name {
            fn fmt(&self, f: &mut #FMT::Formatter<'_>) -> #FMT::Result {
                #FMT::Display::fmt(&self.0, f)
            }
        }
    }
}

fn alias(def: &TypeDef, shape: &Shape) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_doc(def);
    let ty = rust_type(&shape.ty, Place::Types);
    quote! {
        #docs
        pub type #name = #ty;
    }
}

fn union(api: &Api, def: &TypeDef, u: &Union, patterns: &Patterns) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_doc(def);
    let unknown = ident(&u.unknown);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = rust_type(&v.shape.ty, Place::Types);
        let variant_doc = doc(&union_variant_doc(u, v));
        quote!(#variant_doc #variant(#ty),)
    });
    let validations = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        if v.shape.needs_check() {
            let body = checks(&v.shape, &Value::Ref(quote!(value)), &[], patterns, &quote!());
            quote!(#name::#variant(value) => { #body })
        } else {
            quote!(#name::#variant(_) => {})
        }
    });
    let serialize = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(#name::#variant(value) => #SERIALIZE::serialize(value, serializer),)
    });
    let members = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        match union_named(api, &v.shape.ty) {
            // A union member does not take a value that only its own catch-all holds.
            Some(inner) => {
                let (inner, inner_unknown) = (ident(&inner.0), ident(&inner.1));
                quote! {
                    |v| match #DESERIALIZE::deserialize(v)? {
                        #inner::#inner_unknown(_) => #ERR(#RUNTIME::only_caught()),
                        value => #OK(Self::#variant(value)),
                    }
                }
            }
            None => quote!(|v| #DESERIALIZE::deserialize(v).map(Self::#variant)),
        }
    });
    let tags: Vec<TokenStream> = u
        .variants
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            v.tags.iter().map(move |tag| quote!((#tag, #i)))
        })
        .collect();
    let decode = match &u.discriminator {
        Some(property) if !tags.is_empty() => quote! {
            #RUNTIME::decode_tagged_union(deserializer, #property, &[#(#tags),*], &[#(#members),*], Self::#unknown)
        },
        _ => quote!(#RUNTIME::decode_union(deserializer, &[#(#members),*], Self::#unknown)),
    };
    let rule = doc(&match &u.discriminator {
        Some(property) if !tags.is_empty() => format!(
            "Decoded as the variant `{property}` selects, if that variant decodes the value.\n\
             Otherwise as the variant no value of `{property}` selects that fits the value best:\n\
             {UNTAGGED_RULE}"
        ),
        _ => format!("Decoded as the variant that fits the value best: {UNTAGGED_RULE}"),
    });
    quote! {
        #docs
        ///
        #rule
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value none of the alternatives accepts, kept as received.
            #unknown(#VALUE),
        }

        impl #name {
            /// Checks the constraints of the spec, as the client does before sending this value.
            pub fn validate(&self) -> #RESULT<(), #RUNTIME::ValidationError> {
                match self {
                    #(#validations)*
                    #name::#unknown(_) => {}
                }
                #OK(())
            }
        }

        impl #SERIALIZE for #name {
            fn serialize<S: #SERIALIZER>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                match self {
                    #(#serialize)*
                    #name::#unknown(value) => #SERIALIZE::serialize(value, serializer),
                }
            }
        }

        impl<'de> #DESERIALIZE<'de> for #name {
            fn deserialize<D: #DESERIALIZER<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                #decode
            }
        }
    }
}

fn responses(def: &TypeDef, variants: &[ResponseVariant]) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = doc(&def.doc.as_deref().map(spec_text).unwrap_or_default());
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let status = match v.status {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{class}XX"),
            Status::Default => "Any other status".into(),
        };
        let variant_doc =
            doc(&format!("{status}: {}", spec_text(&v.description).replace('\n', " ")));
        match &v.payload {
            Payload::Empty => quote!(#variant_doc #variant,),
            Payload::Json(shape) => {
                let ty = rust_type(&shape.ty, Place::Types);
                quote!(#variant_doc #variant(#ty),)
            }
            Payload::Text => quote!(#variant_doc #variant(#STRING),),
            Payload::Bytes => quote!(#variant_doc #variant(#VEC<u8>),),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// How a union without discriminator decodes, as its rustdoc says (README says the same),
/// in lines that follow "Decoded as the variant that fits the value best:".
const UNTAGGED_RULE: &str = "the first that holds it with no catch-all
(an enum's `Unknown`, a union's, a property a closed object does not name) and no property
kept in an `extra` map; else the one with the fewest catch-alls, then the fewest properties
kept, the first on a tie. A variant that is a union does not take a value only its own
catch-all holds. A value no variant decodes is kept in the catch-all variant instead of
failing the whole response.";

/// The name of the union a shape names, directly or through aliases, and of its catch-all.
fn union_named(api: &Api, ty: &Ty) -> Option<(String, String)> {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        let Ty::Named { name, .. } = ty else { return None };
        match &api.type_def(name)?.kind {
            TypeKind::Alias(shape) => ty = &shape.ty,
            TypeKind::Union(u) => return Some((name.clone(), u.unknown.clone())),
            _ => return None,
        }
    }
    None
}

/// Whether a value of `ty` can be `null` itself: any JSON value, or an `Option`, directly or
/// through aliases.
fn holds_null(api: &Api, ty: &Ty) -> bool {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        match ty {
            Ty::Json | Ty::Nullable(_) => return true,
            Ty::Named { name, .. } => match api.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(shape)) => ty = &shape.ty,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

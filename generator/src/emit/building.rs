//! How callers build a value of a generated struct, which is `#[non_exhaustive]` so that a
//! property added to the spec breaks none of them: `new` with the required properties (or
//! `Default` where there are none), then a chainable setter for each optional one.

use super::paths::known::*;
use super::{Place, doc, ident, rust_type};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// `new`, taking the required properties in the spec's order, for a struct with any; a
/// struct whose properties are all optional derives `Default` instead.
pub(super) fn constructor(s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return quote!();
    }
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = given_type(f);
        quote!(#field: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.required { quote!(#field) } else { quote!(#field: #NONE) }
    });
    let extra = ident(&s.extra);
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.api_name)).collect();
    let new_doc = doc(&format!(
        "A value with the required properties ({}) and no optional ones.",
        names.join(", ")
    ));
    quote! {
        #new_doc
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #extra: #MAP::new() }
        }
    }
}

/// The setter of each optional field, one line each, for the struct's `impl`:
/// `runtime::setter!(with_name(String) for name);`, named by [`crate::names::setter_name`].
pub(super) fn setters(s: &Struct) -> TokenStream {
    s.fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let field = ident(&f.rust_name);
            let with = ident(&crate::names::setter_name(&f.rust_name));
            let ty = given_type(f);
            quote!(#RUNTIME::setter!(#with(#ty) for #field);)
        })
        .collect()
}

/// The type of the value a caller gives for a field: `Option` of it where `null` is allowed.
fn given_type(f: &Field) -> TokenStream {
    let base = rust_type(&f.shape.ty, Place::Types);
    let base = if f.boxed { quote!(#BOX<#base>) } else { base };
    if f.nullable { quote!(#OPTION<#base>) } else { base }
}

//! Integer enums (`type: integer` with `enum`): a variant per value, sent and received as the
//! number, and a catch-all for a value the spec does not list.

use super::paths::known::*;
use super::types::type_doc;
use super::{doc, ident, int_type};
use crate::model::{IntKind, StringEnum, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub(super) fn integer_enum(def: &TypeDef, e: &StringEnum, kind: IntKind) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = type_doc(def);
    let unknown = ident(&e.unknown);
    let int = int_type(kind);
    let values: Vec<(proc_macro2::Ident, Literal)> = e
        .variants
        .iter()
        .filter_map(|v| {
            Some((ident(&v.rust_name), Literal::i128_unsuffixed(v.value.parse().ok()?)))
        })
        .collect();
    let variants = values.iter().map(|(variant, value)| {
        let variant_doc = doc(&format!("`{value}`"));
        quote!(#variant_doc #variant,)
    });
    let to_int = values.iter().map(|(variant, value)| quote!(#name::#variant => #value,));
    let from_int = values.iter().map(|(variant, value)| quote!(#value => #name::#variant,));
    quote! {
        #docs
        ///
        /// A value the spec does not list decodes as the catch-all variant instead of failing
        /// the whole response.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec does not list, kept as received.
            #unknown(#int),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(&self) -> #int {
                match self {
                    #(#to_int)*
                    #name::#unknown(value) => *value,
                }
            }
        }

        impl #FROM<#int> for #name {
            fn from(value: #int) -> Self {
                match value {
                    #(#from_int)*
                    other => #name::#unknown(#RUNTIME::unlisted_integer(other)),
                }
            }
        }

        impl #FMT::Display for #name {
            fn fmt(&self, f: &mut #FMT::Formatter<'_>) -> #FMT::Result {
                #FMT::Display::fmt(&self.value(), f)
            }
        }

        impl #SERIALIZE for #name {
            fn serialize<S: #SERIALIZER>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                #SERIALIZE::serialize(&self.value(), serializer)
            }
        }

        impl<'de> #DESERIALIZE<'de> for #name {
            fn deserialize<D: #DESERIALIZER<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                #RUNTIME::deserialize_integer_enum::<D, Self, #int>(deserializer)
            }
        }
    }
}

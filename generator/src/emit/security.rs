//! The credentials: a builder method per security scheme the client can send, and the
//! alternatives each operation's request presents.

use super::paths::known::*;
use super::{doc, ident, spec_text};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// An `impl` block of the builder with a method per security scheme the client can send,
/// empty when there is none.
pub(super) fn builder_methods(api: &Api) -> TokenStream {
    let methods: Vec<TokenStream> = api
        .security_schemes
        .iter()
        .filter_map(|scheme| Some(builder_method(scheme, scheme.credential.as_ref()?)))
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #RUNTIME::ClientBuilder {
            #(#methods)*
        }
    }
}

fn builder_method(scheme: &SecurityScheme, credential: &Credential) -> TokenStream {
    let name = &scheme.name;
    let setter = ident(&scheme.setter);
    let into = quote!(impl #INTO<#STRING>);
    let credential_ty = quote!(#RUNTIME::Credential);
    let (args, value, sent) = match credential {
        Credential::Bearer => (
            quote!(token: #into),
            quote!(#credential_ty::Bearer(token.into())),
            "`token`, sent as `Authorization: Bearer <token>`".to_string(),
        ),
        Credential::Basic => (
            quote!(username: #into, password: #into),
            quote!(#credential_ty::Basic { username: username.into(), password: password.into() }),
            "`username` and `password`, sent as `Authorization: Basic <base64 of username:password>`"
                .to_string(),
        ),
        Credential::ApiKey { location, name } => {
            let (variant, place) = match location {
                KeyLocation::Header => (quote!(Header), "header"),
                KeyLocation::Query => (quote!(Query), "query parameter"),
                KeyLocation::Cookie => (quote!(Cookie), "cookie"),
            };
            (
                quote!(key: #into),
                quote!(#credential_ty::#variant(#name, key.into())),
                format!("`key`, sent in {place} `{name}`"),
            )
        }
    };
    let mut text = format!("Sets the credential of security scheme `{name}`: {sent}.");
    if scheme.flow {
        let token = &scheme.presented;
        text.push_str(&format!(
            " The client runs no flow to obtain this {token}: obtain it yourself."
        ));
    }
    if let Some(description) = &scheme.description {
        text.push_str("\n\n");
        text.push_str(&spec_text(description));
    }
    let docs = doc(&text);
    quote! {
        #docs
        pub fn #setter(self, #args) -> Self {
            self.credential(#name, #value)
        }
    }
}

/// The alternatives of credentials an operation's request presents, as the runtime's
/// `Security`.
pub(super) fn security(op: &Operation) -> TokenStream {
    let Some(alternatives) = &op.security else {
        return quote!(#NONE);
    };
    let alternatives = alternatives.iter().map(|schemes| {
        let names = schemes.iter().map(|s| &s.scheme);
        quote!(&[#(#names),*])
    });
    quote!(#SOME(&[#(#alternatives),*]))
}

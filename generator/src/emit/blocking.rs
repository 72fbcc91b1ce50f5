//! `blocking.rs`: the blocking client, whose methods run the async client's to completion.

use super::calls::{Constructor, blocking_call, call_ident, constructor};
use super::client::{Starts, methods};
use super::paths::known::*;
use super::{Item, ident, inner_doc};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `blocking.rs`: the blocking client, then each operation's blocking methods.
pub(crate) fn blocking(api: &Api) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = vec![Box::new(move || blocking_header(api))];
    for op in &api.operations {
        items.push(Box::new(move || {
            let methods = blocking_methods(op);
            let call = blocking_call(op);
            quote! {
                impl Client { #methods }

                #call
            }
        }));
    }
    items
}

/// The blocking client and its constructors; its operations follow as `impl` blocks.
fn blocking_header(api: &Api) -> TokenStream {
    let mut out = inner_doc(
        "A blocking client, for code without an async runtime: the same operations, arguments \
         and errors as the async [`Client`](super::Client). Enabled by the `blocking` feature.",
    );
    // The error type is the async client's; see the note on `result_large_err` in runtime.rs.
    // An operation takes each of its required parameters as an argument, however many it
    // has; a method names the lifetime of its call even when it borrows only the client.
    out.extend(quote!(#![allow(
        clippy::needless_lifetimes,
        clippy::result_large_err,
        clippy::too_many_arguments
    )]));
    let new = if api.bearer {
        quote! {
            /// A client for the spec's server that authenticates with a bearer `token`.
            pub fn new(token: impl #INTO<#STRING>) -> #RESULT<Self, #RUNTIME::BuildError> {
                Self::from_async(#CLIENT::new(token)?)
            }
        }
    } else {
        quote! {
            /// A client for the spec's server.
            pub fn new() -> #RESULT<Self, #RUNTIME::BuildError> {
                Self::from_async(#CLIENT::new()?)
            }
        }
    };
    // A document may declare no operations (one with webhooks only): nothing runs on the
    // runtime then, but the type stays the same.
    let unused = api.operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    out.extend(quote! {
        /// Runs each operation of the async client to completion on a runtime of its own (one
        /// worker thread). Cheap to clone; clones share the runtime and the connection pool.
        ///
        /// Do not call it, or drop its last clone, from inside an async runtime: like
        /// `reqwest::blocking`, it would block or panic there. Use the async client instead.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #CLIENT,
            #unused
            runtime: #ARC<#TOKIO::runtime::Runtime>,
        }

        impl Client {
            #new

            /// A blocking client that sends through `client`, with all its settings (build one
            /// with [`Client::builder`](super::Client::builder)).
            pub fn from_async(client: #CLIENT) -> #RESULT<Self, #RUNTIME::BuildError> {
                let runtime = #TOKIO::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
                    .map_err(#RUNTIME::BuildError::Runtime)?;
                #OK(Client { inner: client, runtime: #ARC::new(runtime) })
            }

            /// The async client underneath.
            pub fn as_async(&self) -> &#CLIENT {
                &self.inner
            }
        }
    });
    out
}

/// An operation's methods on the blocking client: each starts a call of the async client's,
/// which runs on this client's runtime when it is sent.
fn blocking_methods(op: &Operation) -> TokenStream {
    let call = call_ident(op);
    let method = ident(&op.rust_name);
    let with_content = format_ident!("{}_with_content", op.rust_name);
    let Constructor { names, body, .. } = constructor(op);
    let body = body.filter(|_| op.body.as_ref().is_some_and(|b| b.required)).map(|_| quote!(body));
    methods(
        op,
        Starts {
            call: quote!(#call),
            new: quote!(#call { call: self.inner.#method(#(#names,)* #body), runtime: &self.runtime }),
            with_content: quote!(#call {
                call: self.inner.#with_content(#(#names,)* content_type, body),
                runtime: &self.runtime,
            }),
        },
    )
}

//! `client.rs`: the async client's methods, one `impl` block per operation, and the scopes.
//! Each method starts a call (`calls.rs`).

use super::calls::{Constructor, call_ident, constructor};
use super::operations::{check_params, param_type, request, status_text, url};
use super::paths::known::*;
use super::{Item, Patterns, doc, ident, inner_doc, spec_text};
use crate::model::*;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// `client.rs`: the header, then each operation's methods as an `impl` block of its own, each
/// emitted when it is formatted.
pub(crate) fn client<'a>(api: &'a Api, patterns: &'a Patterns) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = vec![Box::new(move || client_header(api))];
    for op in &api.operations {
        items.push(Box::new(move || {
            let methods = operation(api, op, patterns);
            quote!(impl #CLIENT { #methods })
        }));
    }
    if api.operations.iter().any(|op| !op.scopes.is_empty()) {
        items.push(Box::new(move || scopes(api)));
    }
    items
}

fn client_header(api: &Api) -> TokenStream {
    let mut out = inner_doc("One method of [`Client`] per operation of the API.");
    // An operation's request is built from each of its parameters, however many it has; a
    // method names the lifetime of its call even when it borrows nothing but the client.
    out.extend(quote!(#![allow(clippy::needless_lifetimes, clippy::too_many_arguments)]));
    let base_url = match &api.base_url {
        Some(url) => quote!(#SOME(#url)),
        None => quote!(#NONE),
    };
    out.extend(quote! {
        /// The spec's first server: the base URL unless the builder sets another.
        pub(crate) const DEFAULT_BASE_URL: #OPTION<&str> = #base_url;
    });

    let new = if api.bearer {
        quote! {
            /// A client for the spec's server that authenticates with a bearer `token`.
            pub fn new(token: impl #INTO<#STRING>) -> #RESULT<Self, #RUNTIME::BuildError> {
                Self::builder().token(token).build()
            }
        }
    } else {
        quote! {
            /// A client for the spec's server.
            pub fn new() -> #RESULT<Self, #RUNTIME::BuildError> {
                Self::builder().build()
            }
        }
    };
    out.extend(quote! {
        impl #CLIENT {
            #new
        }
    });
    out.extend(super::security::builder_methods(api));
    out
}

/// The `scopes` module: a constant per operation that lists scopes.
fn scopes(api: &Api) -> TokenStream {
    let scoped: Vec<&Operation> =
        api.operations.iter().filter(|op| !op.scopes.is_empty()).collect();
    {
        let constants = scoped.iter().map(|op| {
            let name = ident(&crate::names::const_name(&op.rust_name));
            let scopes = &op.scopes;
            let method = ident(&op.rust_name);
            let text = format!(
                "Scopes for [`Client::{method}`](super::super::Client::{method}) (`{} {}`): the token must include at least one.",
                op.method, op.path
            );
            let docs = doc(&text);
            quote! {
                #docs
                pub const #name: &[&str] = &[#(#scopes),*];
            }
        });
        quote! {
            /// For each operation, the scopes of which an access token must include at least one,
            /// so that a caller can check a token before calling.
            pub mod scopes {
                #(#constants)*
            }
        }
    }
}

/// The names of an operation's methods, the same on the async and the blocking client.
struct MethodNames {
    call: Ident,
    /// Only when the body has other media types than the one `call` sends.
    with_content: Option<Ident>,
}

impl MethodNames {
    fn of(op: &Operation) -> MethodNames {
        let has_other_media = op.body.as_ref().is_some_and(|b| !b.other_media.is_empty());
        MethodNames {
            call: ident(&op.rust_name),
            with_content: has_other_media.then(|| format_ident!("{}_with_content", op.rust_name)),
        }
    }
}

/// The names of the public methods an operation gets on each client; `diff` relates what
/// changes in them to the operation.
pub(crate) fn method_names(op: &Operation) -> Vec<String> {
    let names = MethodNames::of(op);
    std::iter::once(names.call).chain(names.with_content).map(|name| name.to_string()).collect()
}

/// How a client's methods start a call of an operation: the type of the call, and the
/// expressions that make it from the method's arguments (`with_content`'s also from
/// `content_type` and `body`).
pub(super) struct Starts {
    pub(super) call: TokenStream,
    pub(super) new: TokenStream,
    pub(super) with_content: TokenStream,
}

/// An operation's methods, the same on the async and the blocking client but for the calls
/// they start: `call` from the required arguments, and `with_content` with a body the caller
/// has encoded.
pub(super) fn methods(op: &Operation, starts: Starts) -> TokenStream {
    let names = MethodNames::of(op);
    let (method, docs) = (names.call, doc(&operation_doc(op)));
    let Constructor { args, names: arg_names, .. } = constructor(op);
    let Starts { call, new, with_content: content_new } = starts;
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let mut methods = quote! {
        #docs
        #deprecated
        #allow_deprecated
        pub fn #method<'a>(&'a self, #(#args),*) -> #call<'a> {
            #new
        }
    };
    if let (Some(with_content), Some(body)) = (names.with_content, &op.body) {
        let media: Vec<String> = std::iter::once(&body.content_type)
            .chain(&body.other_media)
            .map(|m| format!("`{m}`"))
            .collect();
        let content_doc = doc(&format!(
            "[`Client::{}`] with a body the caller has encoded, as any of the media types the spec allows: {}.",
            op.rust_name,
            media.join(", ")
        ));
        let args = args.iter().take(arg_names.len());
        methods.extend(quote! {
            #content_doc
            #deprecated
            #allow_deprecated
            pub fn #with_content<'a>(&'a self, #(#args,)* content_type: &'a str, body: #VEC<u8>) -> #call<'a> {
                #content_new
            }
        });
    }
    methods
}

/// An operation's async methods: a private function that checks the parameters and builds the
/// request, which its call sends, and the methods that start a call.
fn operation(api: &Api, op: &Operation, patterns: &Patterns) -> TokenStream {
    let mut args = Vec::new();
    for p in &op.params {
        let arg = ident(&p.rust_name);
        let ty = param_type(&p.shape.ty);
        args.push(if p.required { quote!(#arg: #ty) } else { quote!(#arg: #OPTION<#ty>) });
    }
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let prepare = check_params(op, patterns);
    let url = url(api, op);
    let request = request(api, op);
    // The request without its body is built by a plain function, not in the call's async
    // one: the future of a call holds only what it sends.
    let build = format_ident!("__{}", op.rust_name);
    let build_doc = doc(&format!(
        "Checks the parameters of `{}` and builds its request, without the body.",
        op.operation_id.replace('`', "'")
    ));
    let call = call_ident(op);
    let Constructor { names, body, .. } = constructor(op);
    let body_arg = body.map(|body| quote!(#body,));
    let content_arg = op.body.as_ref().map(|_| quote!(#NONE,));
    let methods = methods(
        op,
        Starts {
            call: quote!(#CALLS::#call),
            new: quote!(#CALLS::#call::new(self, #(#names,)* #body_arg)),
            with_content: quote!(
                #CALLS::#call::new(self, #(#names,)* #content_arg).content(content_type, body)
            ),
        },
    );
    quote! {
        #build_doc
        #allow_deprecated
        pub(crate) fn #build(&self, #(#args),*) -> #RESULT<#REQWEST::RequestBuilder, #RUNTIME::ValidationError> {
            #prepare
            #url
            #request
            #OK(request)
        }

        #methods
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&spec_text(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        text.push_str(&spec_text(description));
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}` (operation `{}`)", op.method, op.path, op.operation_id));
    if !op.scopes.is_empty() {
        let list: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        text.push_str(&format!(
            "\n\n# Scopes\n\nThe token must include at least one of: {} (also in [`scopes::{name}`](super::scopes::{name})).",
            list.join(", "),
            name = crate::names::const_name(&op.rust_name)
        ));
    }
    let documented: Vec<&Param> =
        op.params.iter().filter(|p| p.doc.is_some() || p.example.is_some()).collect();
    if !documented.is_empty() || op.body.is_some() {
        text.push_str("\n\n# Arguments\n");
        for p in &op.params {
            text.push_str(&format!("\n- `{}`", p.rust_name));
            if !p.required {
                let setter = crate::names::call_field_name(&p.rust_name);
                text.push_str(&format!(" (optional, set on the call: `.{setter}(..)`)"));
            }
            if let Some(d) = &p.doc {
                text.push_str(&format!(": {}", spec_text(d).replace('\n', " ")));
            }
            if let Some(example) = &p.example {
                text.push_str(&format!(" (e.g. `{example}`)"));
            }
        }
        if let Some(body) = &op.body {
            text.push_str("\n- `body`");
            if !body.required {
                text.push_str(" (optional, set on the call: `.body(..)`)");
            }
            if let Some(d) = &body.doc {
                text.push_str(&format!(": {}", spec_text(d).replace('\n', " ")));
            }
        }
    }
    text.push_str(
        "\n\n# Returns\n\nA call, which sends the request when it is awaited and gives (with \
         `.with_response()`, also the status and headers):\n",
    );
    for success in &op.success {
        text.push_str(&format!(
            "\n- {}: {}",
            status_text(success.status),
            spec_text(&success.description).replace('\n', " ")
        ));
    }
    text.push_str("\n\n# Errors\n");
    for e in &op.errors {
        text.push_str(&format!(
            "\n- [`Error::Api`](super::Error::Api) with status {}: {}",
            status_text(e.status),
            spec_text(&e.description).replace('\n', " ")
        ));
    }
    text.push_str(
        "\n- [`Error::InvalidRequest`](super::Error::InvalidRequest) when an argument breaks a \
         constraint of the spec; nothing is sent.\
         \n- [`Error::UnexpectedStatus`](super::Error::UnexpectedStatus) for any other status, \
         [`Error::Decode`](super::Error::Decode) for a body that does not decode, \
         [`Error::Transport`](super::Error::Transport) when no response arrives.",
    );
    text
}

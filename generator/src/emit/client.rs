//! `client.rs`: the async client's methods, one `impl` block per operation, and the scopes.

use super::operations::{
    body, body_type, check_params, classify, param_type, request, returned_decoder, returned_type,
    status_text, url,
};
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
            quote!(impl super::runtime::Client { #methods })
        }));
    }
    if api.operations.iter().any(|op| !op.scopes.is_empty()) {
        items.push(Box::new(move || scopes(api)));
    }
    items
}

fn client_header(api: &Api) -> TokenStream {
    let mut out = inner_doc("One method of [`Client`] per operation of the API.");
    // Statuses are listed as the spec lists them, not folded into ranges; an operation takes
    // each of its parameters as an argument, however many it has.
    out.extend(quote!(#![allow(clippy::manual_range_patterns, clippy::too_many_arguments)]));
    let base_url = match &api.base_url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    out.extend(quote! {
        /// The spec's first server: the base URL unless the builder sets another.
        pub(crate) const DEFAULT_BASE_URL: ::std::option::Option<&str> = #base_url;
    });

    let new = if api.bearer {
        quote! {
            /// A client for the spec's server that authenticates with a bearer `token`.
            pub fn new(token: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, super::runtime::BuildError> {
                Self::builder().token(token).build()
            }
        }
    } else {
        quote! {
            /// A client for the spec's server.
            pub fn new() -> ::std::result::Result<Self, super::runtime::BuildError> {
                Self::builder().build()
            }
        }
    };
    out.extend(quote! {
        impl super::runtime::Client {
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

/// What an operation's methods look like from outside, for the async and the blocking client
/// alike: names, arguments, result types and docs.
pub(super) struct Signature {
    pub(super) name: Ident,
    pub(super) with_response: Ident,
    /// The parameters as arguments, and their names.
    pub(super) args: Vec<TokenStream>,
    pub(super) arg_names: Vec<Ident>,
    /// The same with the body, if there is one.
    pub(super) all_args: Vec<TokenStream>,
    pub(super) all_names: Vec<Ident>,
    pub(super) ok_ty: TokenStream,
    pub(super) err_ty: TokenStream,
    pub(super) docs: TokenStream,
    pub(super) short: TokenStream,
    pub(super) deprecated: TokenStream,
    /// A deprecated method may call its deprecated siblings.
    pub(super) allow_deprecated: TokenStream,
    /// `*_with_content` and its doc, when the body has other media types.
    pub(super) with_content: Option<(Ident, TokenStream)>,
}

/// The names of an operation's methods, the same on the async and the blocking client.
struct MethodNames {
    call: Ident,
    with_response: Ident,
    /// Only when the body has other media types than the one `call` sends.
    with_content: Option<Ident>,
}

impl MethodNames {
    fn of(op: &Operation) -> MethodNames {
        let has_other_media = op.body.as_ref().is_some_and(|b| !b.other_media.is_empty());
        MethodNames {
            call: ident(&op.rust_name),
            with_response: format_ident!("{}_with_response", op.rust_name),
            with_content: has_other_media.then(|| format_ident!("{}_with_content", op.rust_name)),
        }
    }
}

/// The names of the public methods an operation gets on each client; `diff` relates what
/// changes in them to the operation.
pub(crate) fn method_names(op: &Operation) -> Vec<String> {
    let names = MethodNames::of(op);
    std::iter::once(names.call)
        .chain(Some(names.with_response))
        .chain(names.with_content)
        .map(|name| name.to_string())
        .collect()
}

pub(super) fn signature(op: &Operation) -> Signature {
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in &op.params {
        let arg = ident(&p.rust_name);
        let ty = param_type(&p.shape.ty);
        args.push(if p.required {
            quote!(#arg: #ty)
        } else {
            quote!(#arg: ::std::option::Option<#ty>)
        });
        arg_names.push(arg);
    }
    let (mut all_args, mut all_names) = (args.clone(), arg_names.clone());
    if let Some(body) = &op.body {
        let ty = body_type(&body.kind);
        all_args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: ::std::option::Option<#ty>)
        });
        all_names.push(format_ident!("body"));
    }
    let names = MethodNames::of(op);
    let with_content = op.body.as_ref().zip(names.with_content).map(|(body, name)| {
        let media: Vec<String> =
            std::iter::once(&body.content_type).chain(&body.other_media).map(|m| format!("`{m}`")).collect();
        let content_doc = doc(&format!(
            "[`Client::{}`] with a body the caller has encoded, as any of the media types the spec allows: {}.",
            op.rust_name,
            media.join(", ")
        ));
        (name, content_doc)
    });
    Signature {
        name: names.call,
        with_response: names.with_response,
        args,
        arg_names,
        all_args,
        all_names,
        ok_ty: returned_type(&op.ok),
        err_ty: returned_type(&op.err),
        docs: doc(&operation_doc(op)),
        short: doc(&format!(
            "[`Client::{}`], also giving the response's status and headers.",
            op.rust_name
        )),
        deprecated: if op.deprecated { quote!(#[deprecated]) } else { quote!() },
        allow_deprecated: if op.deprecated { quote!(#[allow(deprecated)]) } else { quote!() },
        with_content,
    }
}

/// An operation's async methods: a private function that checks the parameters and builds the
/// request, and the methods that add the body, send, and decode.
fn operation(api: &Api, op: &Operation, patterns: &Patterns) -> TokenStream {
    let Signature {
        name,
        with_response,
        args,
        arg_names,
        all_args,
        all_names: _,
        ok_ty,
        err_ty,
        docs,
        short,
        deprecated,
        allow_deprecated,
        with_content,
    } = signature(op);

    let prepare = check_params(op, patterns);
    let url = url(api, op);
    let request = request(api, op);
    let (body_prepare, attach) = body(api, op, patterns);

    let decode = returned_decoder(&op.ok, &op.success);
    let decode_error = returned_decoder(&op.err, &op.errors);
    let is_success = classify(&op.success);
    let is_error = classify(&op.errors);
    let result = quote!(::std::result::Result<super::runtime::Response<#ok_ty>, super::runtime::Error<#err_ty>>);
    let execute = quote!(
        super::runtime::sort(self.fetch(request).await, #is_success, #decode, #is_error, #decode_error)
    );

    // The request without its body is built by a private plain function that every async
    // method of the operation calls: one future per call, not one awaiting another.
    let build = format_ident!("__{}", op.rust_name);
    let build_doc = doc(&format!(
        "Checks the parameters of `{}` and builds its request, without the body.",
        op.operation_id.replace('`', "'")
    ));
    let mut methods = quote! {
        #build_doc
        #allow_deprecated
        fn #build(&self, #(#args),*) -> ::std::result::Result<::reqwest::RequestBuilder, super::runtime::ValidationError> {
            #prepare
            #url
            #request
            ::std::result::Result::Ok(request)
        }

        #docs
        #deprecated
        pub async fn #name(&self, #(#all_args),*) -> ::std::result::Result<#ok_ty, super::runtime::Error<#err_ty>> {
            let request = self.#build(#(#arg_names),*)?;
            #body_prepare
            #attach
            #execute.map(super::runtime::Response::into_body)
        }

        #short
        #deprecated
        pub async fn #with_response(&self, #(#all_args),*) -> #result {
            let request = self.#build(#(#arg_names),*)?;
            #body_prepare
            #attach
            #execute
        }
    };

    // The body's other media types: sent as the caller encodes them.
    if let Some((with_content, content_doc)) = with_content {
        methods.extend(quote! {
            #content_doc
            #deprecated
            pub async fn #with_content(&self, #(#args,)* content_type: &str, body: ::std::vec::Vec<u8>) -> #result {
                let request = self.#build(#(#arg_names),*)?;
                let content_type = super::runtime::header_value("Content-Type", &content_type)?;
                let request = request.header(::reqwest::header::CONTENT_TYPE, content_type).body(body);
                #execute
            }
        });
    }
    methods
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
            if let Some(d) = &p.doc {
                text.push_str(&format!(": {}", spec_text(d).replace('\n', " ")));
            }
            if let Some(example) = &p.example {
                text.push_str(&format!(" (e.g. `{example}`)"));
            }
        }
        if let Some(body) = &op.body {
            text.push_str("\n- `body`");
            if let Some(d) = &body.doc {
                text.push_str(&format!(": {}", spec_text(d).replace('\n', " ")));
            }
        }
    }
    text.push_str("\n\n# Returns\n");
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

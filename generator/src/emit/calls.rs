//! `calls.rs`: one call type per operation, which holds the required arguments the client's
//! method took, and the optional parameters and the runtime's `CallOptions` set on it, until
//! it is awaited; and the blocking client's calls (in `blocking.rs`), which wrap them. A
//! call's optional parameters are setters, so a parameter the spec adds breaks no caller.

use super::operations::{
    body, body_type, is_by_value, param_type, returned_decoder, returned_type, statuses,
};
use super::paths::known::*;
use super::{Item, Patterns, Place, doc, ident, inner_doc, rust_type, spec_text};
use crate::model::*;
use crate::names;
use proc_macro2::{Ident, Literal, Punct, Spacing, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// `calls.rs`: the header, then each operation's call, each emitted when it is formatted.
pub(crate) fn calls<'a>(api: &'a Api, patterns: &'a Patterns) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'a>> = vec![Box::new(move || calls_header(api))];
    for op in &api.operations {
        items.push(Box::new(move || async_call(api, op, patterns)));
    }
    items
}

/// The names of the call types, which the file defines.
pub(crate) fn call_names(api: &Api) -> Vec<String> {
    api.operations.iter().map(|op| names::call_name(&op.rust_name)).collect()
}

fn calls_header(api: &Api) -> TokenStream {
    let mut out = inner_doc(
        "The calls of the operations of [`Client`]: each method of the client \
         returns one, which takes the operation's optional parameters and per-call options \
         as setters, and sends the request when it is awaited.",
    );
    // Statuses are listed as the spec lists them, not folded into ranges; a body is attached
    // by a `let` in a block of its own; the error type is the one every call returns (see the
    // note on `result_large_err` in runtime.rs).
    out.extend(quote!(#![allow(
        clippy::let_and_return,
        clippy::manual_range_patterns,
        clippy::result_large_err
    )]));
    let items = api.operations.iter().any(|op| op.pagination.is_some()).then(|| quote!(Items,));
    out.extend(quote! {
        pub use #RUNTIME::{BlockingCall, CallFuture, #items WithResponse};
    });
    out
}

/// A parameter as a call holds it: its field (also its setter when it is optional) and its
/// type, borrowed for the call's lifetime.
struct Field<'m> {
    param: &'m Param,
    name: Ident,
    ty: TokenStream,
}

fn fields(op: &Operation) -> Vec<Field<'_>> {
    op.params
        .iter()
        .map(|param| Field {
            param,
            name: ident(&names::call_field_name(&param.rust_name)),
            ty: borrowed(param_type(&param.shape.ty)),
        })
        .collect()
}

/// `&T` as `&'a T`: an argument type as a call holds it.
fn borrowed(ty: TokenStream) -> TokenStream {
    let mut tokens = ty.into_iter().peekable();
    let Some(TokenTree::Punct(amp)) = tokens.peek().cloned() else {
        return tokens.collect();
    };
    if amp.as_char() != '&' {
        return tokens.collect();
    }
    tokens.next();
    let lifetime =
        [TokenTree::Punct(Punct::new('\'', Spacing::Joint)), TokenTree::Ident(format_ident!("a"))];
    let rest: TokenStream = tokens.collect();
    let lifetime: TokenStream = lifetime.into_iter().collect();
    quote!(& #lifetime #rest)
}

/// The type of an operation's call.
pub(crate) fn call_ident(op: &Operation) -> Ident {
    ident(&names::call_name(&op.rust_name))
}

/// What the client's method for an operation takes and gives: the required parameters (and
/// the body, if it is required) as arguments, and the call.
pub(crate) struct Constructor {
    pub(crate) args: Vec<TokenStream>,
    /// The names of the parameters among `args`, without the body.
    pub(crate) names: Vec<Ident>,
    /// The body as `new` takes it: `Some(body)` when it is an argument, `None` when not.
    pub(crate) body: Option<TokenStream>,
}

pub(crate) fn constructor(op: &Operation) -> Constructor {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for field in fields(op).into_iter().filter(|f| f.param.required) {
        let (name, ty) = (ident(&field.param.rust_name), field.ty);
        args.push(quote!(#name: #ty));
        names.push(name);
    }
    let body = op.body.as_ref().map(|body| match body.required {
        true => {
            let ty = borrowed(body_type(&body.kind));
            args.push(quote!(body: #ty));
            quote!(#SOME(body))
        }
        false => quote!(#NONE),
    });
    Constructor { args, names, body }
}

/// A setter of a call: its name, its arguments, what it sets on an async call, and its doc.
struct Setter {
    name: Ident,
    args: TokenStream,
    set: TokenStream,
    doc: TokenStream,
}

/// The setters of an operation's calls for its optional parameters and body; the runtime's
/// `call_options!` writes those of the options, which are the same for every call.
fn setters(op: &Operation) -> Vec<Setter> {
    let mut setters = Vec::new();
    for field in fields(op).into_iter().filter(|f| !f.param.required) {
        let (name, ty) = (field.name, field.ty);
        let text = field.param.doc.as_deref().map(spec_text).unwrap_or_default();
        let text = format!("Sets `{}` ({}). {text}", field.param.api_name, location(field.param));
        setters.push(Setter {
            args: quote!(#name: #ty),
            set: quote!(self.#name = #SOME(#name);),
            doc: doc(&text),
            name,
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let ty = borrowed(body_type(&body.kind));
        let text = body.doc.as_deref().map(spec_text).unwrap_or_default();
        setters.push(Setter {
            name: format_ident!("body"),
            args: quote!(body: #ty),
            set: quote!(self.body = #SOME(body);),
            doc: doc(&format!("Sends a body. {text}")),
        });
    }
    setters
}

fn location(param: &Param) -> &'static str {
    match param.location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
    }
}

/// An operation's async call: the type, its setters, how it is sent, its pages, and
/// `IntoFuture` for it and for its `with_response()` (the runtime's `into_future!`).
fn async_call(api: &Api, op: &Operation, patterns: &Patterns) -> TokenStream {
    let name = call_ident(op);
    let method = ident(&op.rust_name);
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let fields = fields(op);
    let mut defs = Vec::new();
    let mut inits = Vec::new();
    let mut new_args = Vec::new();
    for field in &fields {
        let (name, ty) = (&field.name, &field.ty);
        if field.param.required {
            defs.push(quote!(#name: #ty));
            new_args.push(quote!(#name: #ty));
            inits.push(quote!(#name));
        } else {
            defs.push(quote!(#name: #OPTION<#ty>));
            inits.push(quote!(#name: #NONE));
        }
    }
    if let Some(body) = &op.body {
        let ty = borrowed(body_type(&body.kind));
        defs.push(quote!(body: #OPTION<#ty>));
        new_args.push(quote!(body: #OPTION<#ty>));
        inits.push(quote!(body));
        if !body.other_media.is_empty() {
            defs.push(quote!(content: #OPTION<(&'a str, ::bytes::Bytes)>));
            inits.push(quote!(content: #NONE));
        }
    }
    let text = format!(
        "A call of [`Client::{method}`](super::Client::{method}): set its optional parameters \
         and options, then `.await` it (or `.with_response().await` it for the status and \
         headers too)."
    );
    let call_doc = doc(&text);
    let setters = setters(op).into_iter().map(|s| {
        let Setter { name, args, set, doc, .. } = s;
        quote! {
            #doc
            pub fn #name(mut self, #args) -> Self {
                #set
                self
            }
        }
    });
    let send = send(api, op, patterns, &fields);
    let content = op.body.as_ref().filter(|b| !b.other_media.is_empty()).map(|_| {
        quote! {
            pub(crate) fn content(mut self, content_type: &'a str, body: #VEC<u8>) -> Self {
                self.content = #SOME((content_type, body.into()));
                self
            }
        }
    });
    let items = op.pagination.as_ref().map(|p| items(op, p, &fields));
    let ok_ty = returned_type(&op.ok);
    let err_ty = returned_type(&op.err);
    quote! {
        #call_doc
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #name<'a> {
            client: &'a #CLIENT,
            #(#defs,)*
            options: #RUNTIME::CallOptions,
        }

        #allow_deprecated
        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a #CLIENT, #(#new_args),*) -> Self {
                #name { client, #(#inits,)* options: #RUNTIME::CallOptions::new() }
            }

            #content

            #(#setters)*

            #RUNTIME::call_options!(in options);

            #send
            #items
        }

        #RUNTIME::into_future!(#allow_deprecated #name, #ok_ty, #err_ty);
    }
}

/// `request` (the checks and the request, before anything is sent, and again for each
/// attempt after the first), `send` and `send_with_response`.
fn send(api: &Api, op: &Operation, patterns: &Patterns, fields: &[Field]) -> TokenStream {
    let build = format_ident!("__{}", op.rust_name);
    let args = fields.iter().map(|f| {
        let name = &f.name;
        quote!(self.#name)
    });
    let attach = op.body.as_ref().map(|b| {
        let (check, attach) = body(api, op, patterns);
        let typed = if b.required {
            quote! {
                match body {
                    #SOME(body) => { #check #attach request }
                    #NONE => request,
                }
            }
        } else {
            quote!({ #check #attach request })
        };
        let typed = if b.other_media.is_empty() {
            typed
        } else {
            quote! {
                match &self.content {
                    #SOME((content_type, body)) => {
                        let content_type = #RUNTIME::header_value("Content-Type", content_type)?;
                        request.header(#REQWEST::header::CONTENT_TYPE, content_type).body(body.clone())
                    }
                    #NONE => #typed,
                }
            }
        };
        quote! {
            let body = self.body;
            let request = #typed;
        }
    });
    let ok_ty = returned_type(&op.ok);
    let err_ty = returned_type(&op.err);
    let error = quote!(#RUNTIME::Error<#err_ty>);
    let (decode, decode_success) = returned_decoder(&op.ok, &op.success, "decode_success");
    let success = statuses(&op.success).unwrap_or_else(|| quote!(_));
    let (decode_error, decode_errors) = returned_decoder(&op.err, &op.errors, "decode_error");
    let errors = statuses(&op.errors).map(|errors| quote!(, #errors => #decode_error));
    let (id, method, path) = (&op.operation_id, &op.method, &op.path);
    quote! {
        const OPERATION: #RUNTIME::Operation = (#id, #method, #path);

        /// Checks the arguments and builds the request; nothing is sent yet. Each attempt
        /// after the first builds it again.
        fn request(&self) -> #RESULT<#REQWEST::RequestBuilder, #error> {
            let request = self.client.#build(#(#args),*)?;
            #attach
            #OK(request)
        }

        #decode_success
        #decode_errors

        #RUNTIME::send!(#ok_ty, #err_ty, #success => #decode #errors);
    }
}

/// `items()`: every item of every page, each page asked for with the call's parameters and
/// the page number or cursor that the pager moves.
fn items(op: &Operation, pagination: &Pagination, fields: &[Field]) -> TokenStream {
    let item = rust_type(&pagination.item.ty, Place::Sibling);
    let err_ty = returned_type(&op.err);
    let take_items = match take(&pagination.items) {
        (items, false) => items,
        (items, true) => quote!(#items.unwrap_or_default()),
    };
    let name = call_ident(op);
    // The page number or cursor the pager gives a request is borrowed from its future, as
    // the call borrows its other arguments.
    let fetch = |set: TokenStream, page: TokenStream| {
        quote! {
            move |at| {
                let call = self.clone();
                async move {
                    let mut call: #name<'_> = call;
                    if let #SOME(at) = &at {
                        #set
                    }
                    let page = call.send().await?;
                    #OK(#page)
                }
            }
        }
    };
    let (walk, fetch) = match &pagination.style {
        PageStyle::Number { page: page_param, first, total } => {
            let first = Literal::i128_unsuffixed(*first);
            let page = &fields[*page_param];
            let start = match number(page) {
                (value, true) => quote!(#value.unwrap_or(#first)),
                (value, false) => value,
            };
            let set = set(page, quote!(*at), quote!(at));
            let size = match &pagination.size {
                None => quote!(#OPTION::<u64>::None),
                Some(size) => match (number(&fields[size.param]), size.default) {
                    ((value, true), Some(default)) => {
                        let default = Literal::i128_unsuffixed(default);
                        quote!(#value.or(#SOME(#default)))
                    }
                    ((value, true), None) => value,
                    ((value, false), _) => quote!(#SOME(#value)),
                },
            };
            let with_total = total.as_ref().map(|steps| {
                let total = peek(steps, quote!(copied), |leaf| quote!(#leaf));
                quote!(.with_total(#total))
            });
            let page = quote!(#RUNTIME::Page::new(#take_items)#with_total);
            let walk = quote!(#RUNTIME::ByNumber::new(#start, #size).numbered_from(#first));
            (walk, fetch(set, page))
        }
        PageStyle::Cursor { cursor: cursor_param, next } => {
            let cursor = &fields[*cursor_param];
            let field = &cursor.name;
            let start = match cursor.param.required {
                true => {
                    quote!(#SOME(#TO_STRING::to_string(self.#field)))
                }
                false => quote!(self.#field.map(#TO_STRING::to_string)),
            };
            let set = set(cursor, quote!(at.as_str()), quote!(at));
            let next = peek(next, quote!(cloned), |leaf| quote!(#leaf.clone()));
            let page = quote!(#RUNTIME::Page::new(#take_items).with_next(#next));
            (quote!(#RUNTIME::ByCursor::new(#start)), fetch(set, page))
        }
    };
    let text = "Every item of every page, in the server's order, as a `Stream`: the next page \
                is asked for only when the items before it are all taken, with this call's \
                parameters and options, and the items end at the total, at an empty page, or \
                at an error, which is yielded as an item.";
    let items_doc = doc(text);
    quote! {
        #items_doc
        pub fn items(self) -> #RUNTIME::Items<'a, #item, #err_ty> {
            let walk = #walk;
            #RUNTIME::Items::new(walk, #fetch)
        }
    }
}

/// The value of an integer parameter the pager reads (the page it starts at, the page size):
/// the integer, and whether it is in an `Option` (the parameter is optional).
fn number(field: &Field) -> (TokenStream, bool) {
    let name = &field.name;
    let by_value = is_by_value(&field.param.shape.ty);
    match (field.param.required, by_value) {
        (true, true) => (quote!(self.#name), false),
        (true, false) => (quote!(*self.#name), false),
        (false, true) => (quote!(self.#name), true),
        (false, false) => (quote!(self.#name.copied()), true),
    }
}

/// The statement that sets the parameter the pager moves from `at` (a reference to the page
/// number or cursor): `by_value` for a parameter of the plain type (`i64`, `&str`), `by_ref`
/// for one of a named type that stands for it.
fn set(field: &Field, by_value: TokenStream, by_ref: TokenStream) -> TokenStream {
    let name = &field.name;
    let plain = matches!(field.param.shape.ty, Ty::String) || is_by_value(&field.param.shape.ty);
    let value = if plain { by_value } else { by_ref };
    match field.param.required {
        true => quote!(call.#name = #value;),
        false => quote!(call.#name = #SOME(#value);),
    }
}

/// The expression that moves the value at `steps` out of the success body `page`, and whether
/// it is an `Option` (a step may be absent).
fn take(steps: &[FieldStep]) -> (TokenStream, bool) {
    let mut expr = quote!(page);
    let mut optional = false;
    for step in steps {
        let field = ident(&step.rust_name);
        let (may_be_absent, flatten) = step_kind(step);
        let flat = flatten.then(|| quote!(.flatten()));
        expr = match (optional, may_be_absent) {
            (false, _) => quote!(#expr.#field #flat),
            (true, false) => quote!(#expr.map(|value| value.#field)),
            (true, true) => quote!(#expr.and_then(|value| value.#field #flat)),
        };
        optional |= may_be_absent;
    }
    (expr, optional)
}

/// The expression that copies (`copied`) or clones (`cloned`) the value at `steps` out of the
/// success body `page`, leaving the body whole, as an `Option`.
fn peek(
    steps: &[FieldStep],
    own: TokenStream,
    own_leaf: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let mut expr = quote!(page);
    let mut optional = false;
    for step in steps {
        let field = ident(&step.rust_name);
        let (may_be_absent, flatten) = step_kind(step);
        let flat = flatten.then(|| quote!(.and_then(#OPTION::as_ref)));
        expr = match (optional, may_be_absent) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#field.as_ref() #flat),
            (true, false) => quote!(#expr.map(|value| &value.#field)),
            (true, true) => quote!(#expr.and_then(|value| value.#field.as_ref() #flat)),
        };
        optional |= may_be_absent;
    }
    match optional {
        true => quote!(#expr.#own()),
        false => {
            let leaf = own_leaf(expr);
            quote!(#SOME(#leaf))
        }
    }
}

/// Whether a step's field may be absent (an `Option`), and whether it is an `Option` of one
/// (absent or `null`).
fn step_kind(step: &FieldStep) -> (bool, bool) {
    match (step.required, step.nullable) {
        (true, false) => (false, false),
        (true, true) | (false, false) => (true, false),
        (false, true) => (true, true),
    }
}

/// An operation's blocking call: the async call and the runtime it runs on.
pub(crate) fn blocking_call(op: &Operation) -> TokenStream {
    let name = call_ident(op);
    let method = ident(&op.rust_name);
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let ok_ty = returned_type(&op.ok);
    let err_ty = returned_type(&op.err);
    let text = format!(
        "A call of [`Client::{method}`]: set its optional parameters and options, then \
         `.send()` it (or `.with_response().send()` it for the status and headers too)."
    );
    let call_doc = doc(&text);
    let setters = setters(op).into_iter().map(|s| {
        let Setter { name, args, doc, .. } = s;
        quote! {
            #doc
            pub fn #name(mut self, #args) -> Self {
                self.call = self.call.#name(#name);
                self
            }
        }
    });
    let items = op.pagination.as_ref().map(|p| {
        let item = rust_type(&p.item.ty, Place::Sibling);
        quote! {
            /// Every item of every page, in the server's order, as an `Iterator`: see the
            /// async call's `items`.
            pub fn items(self) -> impl #STD::iter::Iterator<Item = #RESULT<#item, #RUNTIME::Error<#err_ty>>> + 'a {
                let runtime = self.runtime;
                let mut items = self.call.items();
                #STD::iter::from_fn(move || runtime.block_on(items.next()))
            }
        }
    });
    quote! {
        #call_doc
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #name<'a> {
            call: #CALLS::#name<'a>,
            runtime: &'a #TOKIO::runtime::Runtime,
        }

        #allow_deprecated
        impl<'a> #name<'a> {
            #(#setters)*

            #RUNTIME::call_options!(through call);

            #items
        }

        #RUNTIME::blocking_call!(#allow_deprecated #name, #ok_ty, #err_ty);
    }
}

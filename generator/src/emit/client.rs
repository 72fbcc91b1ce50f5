//! `client.rs`: the async client's methods, one `impl` block per operation, and the scopes.

use super::{
    Item, Patterns, Place, Step, Value, checks, doc, ident, inner_doc, rust_type, spec_text,
};
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

/// Statements that check the parameters that have constraints.
fn check_params(op: &Operation, patterns: &Patterns) -> TokenStream {
    let mut prepare = TokenStream::new();
    for p in op.params.iter().filter(|p| p.shape.needs_check()) {
        let arg = ident(&p.rust_name);
        let checks = |value| {
            let at = [Step::Name(p.api_name.clone())];
            checks(&p.shape, &value, &at, patterns, &quote!(super::types::))
        };
        prepare.extend(match (p.required, is_by_value(&p.shape.ty)) {
            (true, true) => checks(Value::Place(quote!(#arg))),
            (true, false) => checks(Value::Ref(quote!(#arg))),
            (false, _) => {
                let body = checks(Value::Ref(quote!(value)));
                quote!(if let ::std::option::Option::Some(value) = &#arg { #body })
            }
        });
    }
    prepare
}

/// Statements that build `url`: the path with its parameters, then the query.
fn url(api: &Api, op: &Operation) -> TokenStream {
    let capacity =
        op.path.len() + 24 * op.params.iter().filter(|p| p.location == ParamIn::Path).count();
    let capacity = proc_macro2::Literal::usize_unsuffixed(capacity);
    let mut url = quote!(let mut url = self.url(#capacity););
    for segment in &op.segments {
        url.extend(match segment {
            Segment::Literal(text) => quote!(url.push_str(#text);),
            Segment::Param(i) => {
                let p = &op.params[*i];
                let arg = ident(&p.rust_name);
                let api_name = &p.api_name;
                let value = display_value(api, &p.shape.ty, quote!(#arg));
                quote!(super::runtime::push_segment(&mut url, #api_name, #value)?;)
            }
        });
    }
    for p in op.params.iter().filter(|p| p.location == ParamIn::Query) {
        let arg = ident(&p.rust_name);
        let api_name = &p.api_name;
        let push = |value: TokenStream| match &p.shape.ty {
            Ty::Array(item) => {
                let item_value = display_value(api, &item.ty, quote!(item));
                quote!(for item in #value.iter() { super::runtime::push_query(&mut url, #api_name, #item_value); })
            }
            ty => {
                let value = display_value(api, ty, value);
                quote!(super::runtime::push_query(&mut url, #api_name, #value);)
            }
        };
        url.extend(if p.required {
            push(quote!(#arg))
        } else {
            let inner = push(quote!(value));
            quote!(if let ::std::option::Option::Some(value) = #arg { #inner })
        });
    }
    url
}

/// Statements that build `request` from `url`: the method, `Accept` and the header
/// parameters.
fn request(api: &Api, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method);
    let accept = &op.accept;
    let mut request = quote!(let request = self.request(::reqwest::Method::#method, url, #accept););
    for p in op.params.iter().filter(|p| p.location == ParamIn::Header) {
        let arg = ident(&p.rust_name);
        let api_name = &p.api_name;
        let set = |value: TokenStream| {
            let value = display_value(api, &p.shape.ty, value);
            quote!(request.header(#api_name, super::runtime::header_value(#api_name, #value)?))
        };
        request.extend(if p.required {
            let set = set(quote!(#arg));
            quote!(let request = #set;)
        } else {
            let set = set(quote!(value));
            quote! {
                let request = match #arg {
                    ::std::option::Option::Some(value) => #set,
                    ::std::option::Option::None => request,
                };
            }
        });
    }
    request
}

/// The statements that check the body (run before anything is sent) and those that attach
/// it to `request`, encoded as its media type says.
fn body(api: &Api, op: &Operation, patterns: &Patterns) -> (TokenStream, TokenStream) {
    let Some(body) = &op.body else {
        return (TokenStream::new(), TokenStream::new());
    };
    let content_type = &body.content_type;
    let (check_shape, encode) = match &body.kind {
        BodyKind::Json(shape) => (Some(shape), quote!(super::runtime::encode_json(body)?)),
        BodyKind::Form(shape) => {
            (Some(shape), form_parts(api, shape, quote!(super::runtime::FormBody)))
        }
        BodyKind::Multipart(shape) => {
            (Some(shape), form_parts(api, shape, quote!(super::runtime::Multipart)))
        }
        BodyKind::Text => (None, quote!(::std::string::ToString::to_string(body))),
        BodyKind::Bytes => (None, quote!(body.to_vec())),
    };
    let check = match check_shape.filter(|s| s.needs_check()) {
        None => TokenStream::new(),
        Some(shape) => {
            let checks = |value| checks(shape, &value, &[], patterns, &quote!(super::types::));
            if body.required {
                checks(Value::Ref(quote!(body)))
            } else {
                let checks = checks(Value::Ref(quote!(value)));
                quote!(if let ::std::option::Option::Some(value) = body { #checks })
            }
        }
    };
    let send = match &body.kind {
        BodyKind::Form(_) | BodyKind::Multipart(_) => quote! {
            {
                let (content_type, body) = #encode;
                request.header(::reqwest::header::CONTENT_TYPE, super::runtime::header_value("Content-Type", &content_type)?).body(body)
            }
        },
        _ => quote! {
            request
                .header(::reqwest::header::CONTENT_TYPE, ::reqwest::header::HeaderValue::from_static(#content_type))
                .body(#encode)
        },
    };
    let attach = if body.required {
        quote!(let request = #send;)
    } else {
        quote! {
            let request = match body {
                ::std::option::Option::Some(body) => #send,
                ::std::option::Option::None => request,
            };
        }
    };
    (check, attach)
}

/// The type a set of outcomes gives.
fn returned_type(returned: &Returned) -> TokenStream {
    match returned {
        Returned::One(payload) => payload_decoder(payload).0,
        Returned::Enum(name) => {
            let name = ident(name);
            quote!(super::types::#name)
        }
    }
}

/// The function that decodes what a set of outcomes gives from a status and a body.
fn returned_decoder(returned: &Returned, outcomes: &[Outcome]) -> TokenStream {
    match returned {
        Returned::One(payload) => payload_decoder(payload).1,
        Returned::Enum(_) => {
            let ty = returned_type(returned);
            let mut ordered: Vec<&Outcome> = outcomes.iter().collect();
            ordered.sort_by_key(|o| match o.status {
                Status::Code(_) => 0,
                Status::Range(_) => 1,
                Status::Default => 2,
            });
            let last = ordered.len() - 1;
            let arms = ordered.iter().enumerate().map(|(i, o)| {
                let variant = ident(&o.status.variant_name());
                let pattern = if i == last { quote!(_) } else { status_pattern(o.status) };
                match &o.payload {
                    Payload::Empty => quote!(#pattern => #ty::#variant,),
                    payload => {
                        let (_, decode) = payload_decoder(payload);
                        quote!(#pattern => #ty::#variant(#decode(status, body)?),)
                    }
                }
            });
            let decode = quote! {
                |status: u16, body: &[u8]| -> ::std::result::Result<#ty, ::serde_json::Error> {
                    ::std::result::Result::Ok(match status { #(#arms)* })
                }
            };
            decode
        }
    }
}

fn payload_decoder(payload: &Payload) -> (TokenStream, TokenStream) {
    match payload {
        Payload::Empty => (quote!(()), quote!(super::runtime::decode_empty)),
        Payload::Json(shape) => {
            let ty = rust_type(&shape.ty, Place::Sibling);
            (ty.clone(), quote!(super::runtime::decode_json::<#ty>))
        }
        Payload::Text => (quote!(::std::string::String), quote!(super::runtime::decode_text)),
        Payload::Bytes => (quote!(::std::vec::Vec<u8>), quote!(super::runtime::decode_bytes)),
    }
}

/// `|status| matches!(status, 200 | 201)`: whether a status is one of these outcomes'.
fn classify(outcomes: &[Outcome]) -> TokenStream {
    if outcomes.iter().any(|o| o.status == Status::Default) {
        // Successes are sorted out first, so `default` here is every other status.
        return quote!(|_| true);
    }
    if outcomes.is_empty() {
        return quote!(|_| false);
    }
    let patterns = outcomes.iter().map(|o| status_pattern(o.status));
    quote!(|status| matches!(status, #(#patterns)|*))
}

fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Range(class) => {
            let (lo, hi) = (
                proc_macro2::Literal::u16_unsuffixed(class * 100),
                proc_macro2::Literal::u16_unsuffixed(class * 100 + 99),
            );
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "`default` (any status not listed)".into(),
    }
}

/// The expression that encodes a form or multipart body (`builder`) from the properties of
/// its struct, in the spec's order: text for values, files for bytes, JSON for objects. A
/// body that is not a struct is encoded from its JSON form.
fn form_parts(api: &Api, shape: &Shape, builder: TokenStream) -> TokenStream {
    let fields = match &shape.ty {
        Ty::Named { name, .. } => api.type_def(name).and_then(|t| match &t.kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        }),
        _ => None,
    };
    let Some(fields) = fields else {
        return quote!(#builder::from_json(body)?.finish());
    };
    let mut parts = TokenStream::new();
    for f in fields {
        let field = ident(&f.rust_name);
        let api_name = &f.api_name;
        let part = |value: TokenStream, ty: &Ty| match ty {
            Ty::Bytes => quote!(form.file(#api_name, #value);),
            Ty::String | Ty::Bool | Ty::Int(_) | Ty::Float => {
                quote!(form.text(#api_name, &::std::string::ToString::to_string(#value));)
            }
            _ => quote!(form.json(#api_name, #value)?;),
        };
        let add = |value: TokenStream| match &f.shape.ty {
            Ty::Array(item) => {
                let one = part(quote!(item), &item.ty);
                quote!(for item in #value.iter() { #one })
            }
            ty => part(value, ty),
        };
        parts.extend(match (f.required && !f.nullable, f.nullable && !f.required) {
            (true, _) => add(quote!(&body.#field)),
            (false, true) => {
                let inner = add(quote!(value));
                quote!(if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &body.#field { #inner })
            }
            (false, false) => {
                let inner = add(quote!(value));
                quote!(if let ::std::option::Option::Some(value) = &body.#field { #inner })
            }
        });
    }
    quote! {
        {
            let mut form = #builder::new();
            #parts
            form.finish()
        }
    }
}

/// The type of a method's `body` argument.
pub(crate) fn body_type(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
            let ty = rust_type(&shape.ty, Place::Sibling);
            quote!(&#ty)
        }
        BodyKind::Text => quote!(&str),
        BodyKind::Bytes => quote!(&[u8]),
    }
}

/// The argument type of a parameter: borrowed unless it is a small `Copy` value.
pub(crate) fn param_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Array(item) => {
            let item = rust_type(&item.ty, Place::Sibling);
            quote!(&[#item])
        }
        ty if is_by_value(ty) => rust_type(ty, Place::Sibling),
        ty => {
            let ty = rust_type(ty, Place::Sibling);
            quote!(&#ty)
        }
    }
}

fn is_by_value(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::Int(_) | Ty::Float)
}

/// A `&dyn Display` of a parameter value, as it goes in a path, query or header.
/// Values with a `Display` that is their wire form go as they are; any other value (a date,
/// a union, an object, an array in a path or header) as the text of its JSON form.
fn display_value(api: &Api, ty: &Ty, value: TokenStream) -> TokenStream {
    let displays = match ty {
        Ty::Named { name, .. } => api.type_def(name).is_some_and(|t| match &t.kind {
            TypeKind::Enum(_) | TypeKind::Newtype(_) => true,
            TypeKind::Alias(shape) => {
                matches!(shape.ty, Ty::String | Ty::Bool | Ty::Int(_) | Ty::Float)
            }
            _ => false,
        }),
        _ => false,
    };
    match ty {
        // A `&str` is not `Sized`, so it goes behind one more reference.
        Ty::String => quote!(&#value),
        ty if is_by_value(ty) => quote!(&#value),
        _ if displays => quote!(#value),
        _ => quote!(&super::runtime::param_text(#value)?),
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

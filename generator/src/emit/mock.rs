//! `mock.rs`, behind the `mock` feature: for each operation, a typed mock on a `wiremock`
//! server, from the operation's parameters, body and documented responses in the model (not
//! from how `Client`'s methods spell a call). The matching and answering are the runtime's
//! `mock_support`; each helper only states what its operation has.

use super::operations::{body_type, form_parts, param_type, status_text, text_value};
use super::paths::known::*;
use super::{Item, Place, doc, ident, rust_type, spec_text};
use crate::model::*;
use heck::ToUpperCamelCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The items of `mock.rs`: its header, then each operation's function and mock type.
pub(crate) fn mock(api: &Api) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = vec![Box::new(header)];
    for op in &api.operations {
        items.push(Box::new(move || operation(api, op)));
    }
    items
}

/// The names `mock.rs` defines, which short paths must not mean.
pub(crate) fn defined(api: &Api) -> Vec<String> {
    api.operations.iter().map(|op| op.rust_name.to_upper_camel_case()).collect()
}

/// The docs of `pub mod mock;` in `lib.rs`: what it is for, and an example that the crate's
/// doc tests compile, built from `call` (the crate-level example's call, `None` if the spec
/// gives it no arguments).
pub(crate) fn module_doc(crate_name: &str, call: Option<(&Operation, String)>) -> String {
    let mut text = "Mocks of each operation, for testing code that uses the client without \
                    the real API: with the `mock` feature (put it under `[dev-dependencies]`).\n\n\
                    Each operation has a function of the same name here. It gives a mock of \
                    the operation's requests on a `wiremock` server; each method named after \
                    a parameter (or `body`) narrows the requests it answers to calls with that \
                    value, written as the client writes it, and a parameter left unset matches \
                    any value. Its `respond_*` methods, one per documented response, give a \
                    `wiremock::Mock` that answers with a typed body; mount it on the server and \
                    point the client's [`base_url`](ClientBuilder::base_url) at it. A \
                    request that no mock answers gets 404, which the client returns as an error. \
                    Multipart bodies are not matched: their boundary is random.\n"
        .to_string();
    let answered = call.and_then(|(op, call)| {
        let outcome = op.success.first()?;
        let body = match &outcome.payload {
            Payload::Empty => None,
            Payload::Json(Shape { ty: Ty::Named { name, .. }, .. }) => {
                Some(format!("answer: &{crate_name}::types::{name}"))
            }
            _ => return None,
        };
        let respond = respond_name(outcome.status);
        Some((op, call, body, respond))
    });
    if let Some((op, call, body, respond)) = answered {
        let (parameter, argument) = match body {
            Some(parameter) => (parameter, "answer"),
            None => (String::new(), ""),
        };
        text.push_str(&format!(
            "\n# Example\n\n```no_run\n\
             # async fn example({parameter}) -> Result<(), Box<dyn std::error::Error>> {{\n\
             use {crate_name}::mock;\n\n\
             let server = mock::wiremock::MockServer::start().await;\n\
             mock::{name}().{respond}({argument}).expect(1).mount(&server).await;\n\
             let client = {crate_name}::Client::builder().base_url(server.uri()).build()?;\n\
             {call}\
             # Ok(())\n# }}\n```\n",
            name = op.rust_name,
        ));
    }
    text
}

fn header() -> TokenStream {
    quote! {
        //! Mocks of each operation on a `wiremock` server; see the module's page.

        /// The mock server crate, re-exported: its `MockServer` is where the mocks are mounted.
        pub use ::wiremock;
    }
}

/// An operation's function, which starts its mock, and the mock's type.
fn operation(api: &Api, op: &Operation) -> TokenStream {
    let function = ident(&op.rust_name);
    let mock = format_ident!("{}", op.rust_name.to_upper_camel_case());
    let (operation_id, method) = (&op.operation_id, &op.method);
    let mut literals = vec![String::new()];
    for segment in &op.segments {
        match segment {
            Segment::Literal(text) => literals.last_mut().unwrap().push_str(text),
            Segment::Param(_) => literals.push(String::new()),
        }
    }
    let function_doc = doc(&format!(
        "A mock of `{method} {}` (operation `{operation_id}`), for any parameters; see [`{mock}`].",
        spec_text(&op.path)
    ));
    let mock_doc = doc(&format!(
        "The requests [`{function}`] answers: each method named after a parameter narrows them, \
         a `respond_*` method answers them."
    ));
    let mut methods: Vec<TokenStream> = param_setters(api, op, &mock);
    methods.extend(body_setter(api, op, &mock));
    // `default` may be among the successes and the errors both: one method answers it.
    let mut statuses = Vec::new();
    for outcome in op.success.iter().chain(&op.errors) {
        if !statuses.contains(&outcome.status) {
            statuses.push(outcome.status);
            methods.push(respond(outcome));
        }
    }
    quote! {
        #function_doc
        pub fn #function() -> #mock {
            #mock(#MOCK_SUPPORT::Expect::new(#operation_id, #method, &[#(#literals),*]))
        }

        #mock_doc
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #mock(#MOCK_SUPPORT::Expect);

        impl #mock {
            #(#methods)*
        }
    }
}

/// A method per parameter, which narrows the mock to calls with that value.
fn param_setters(api: &Api, op: &Operation, mock: &proc_macro2::Ident) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    let mut seen = Vec::new();
    let path_params = op.segments.iter().filter_map(|s| match s {
        Segment::Param(i) => Some(*i),
        Segment::Literal(_) => None,
    });
    for (index, i) in path_params.enumerate() {
        // A parameter the path names twice is narrowed where it first appears.
        if seen.contains(&i) {
            continue;
        }
        seen.push(i);
        let p = &op.params[i];
        let index = Literal::usize_unsuffixed(index);
        let (api_name, text) = (&p.api_name, text_value(api, &p.shape.ty, quote!(value)));
        setters.push(setter(p, mock, quote!(path(#index, #api_name, #text))));
    }
    for p in &op.params {
        let api_name = &p.api_name;
        let narrow = match (p.location, &p.shape.ty) {
            (ParamIn::Path, _) => continue,
            (ParamIn::Query, Ty::Array(item)) => {
                let text = text_value(api, &item.ty, quote!(item));
                quote!(query(#api_name, value.iter().map(|item| #text).collect()))
            }
            (ParamIn::Query, ty) => {
                let text = text_value(api, ty, quote!(value));
                quote!(query(#api_name, #text.map(|text| #STD::vec![text])))
            }
            (ParamIn::Header, ty) => {
                let text = text_value(api, ty, quote!(value));
                quote!(header(#api_name, #text))
            }
        };
        setters.push(setter(p, mock, narrow));
    }
    setters
}

fn setter(p: &Param, mock: &proc_macro2::Ident, narrow: TokenStream) -> TokenStream {
    let name = ident(&p.rust_name);
    let ty = param_type(&p.shape.ty);
    let doc = doc(&format!("Only calls whose `{}` is `value`.", p.api_name));
    quote! {
        #doc
        pub fn #name(self, value: #ty) -> #mock {
            #mock(self.0.#narrow)
        }
    }
}

/// `body`, which narrows the mock to calls with that body: equal as JSON, or the same bytes
/// for a form, text or bytes. None for a multipart body, whose boundary is random.
fn body_setter(api: &Api, op: &Operation, mock: &proc_macro2::Ident) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let ty = body_type(&body.kind);
    let narrow = match &body.kind {
        BodyKind::Json(_) => quote!(json(body)),
        BodyKind::Form(shape) => {
            let encode = form_parts(api, body, shape);
            quote!(encoded(|| #OK(#encode.1)))
        }
        BodyKind::Text => quote!(raw(#OK(body.as_bytes().to_vec()))),
        BodyKind::Bytes => quote!(raw(#OK(body.to_vec()))),
        BodyKind::Multipart(_) => return None,
    };
    Some(quote! {
        /// Only calls with this body.
        pub fn body(self, body: #ty) -> #mock {
            #mock(self.0.#narrow)
        }
    })
}

/// `respond_200`, `respond_4xx`, `respond_default`.
fn respond_name(status: Status) -> String {
    match status {
        Status::Code(code) => format!("respond_{code}"),
        Status::Range(class) => format!("respond_{class}xx"),
        Status::Default => "respond_default".into(),
    }
}

/// The method that answers with one documented response: its status (given, for a range or
/// `default`) and its body, typed.
fn respond(outcome: &Outcome) -> TokenStream {
    let name = format_ident!("{}", respond_name(outcome.status));
    let (status_arg, status, expect) = match outcome.status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            (quote!(), quote!(#code), quote!(self.0))
        }
        Status::Range(class) => {
            let class = Literal::u16_unsuffixed(class);
            (quote!(status: u16,), quote!(status), quote!(self.0.in_class(status, #class)))
        }
        Status::Default => (quote!(status: u16,), quote!(status), quote!(self.0)),
    };
    let (body_arg, answer) = match &outcome.payload {
        Payload::Empty => (quote!(), quote!(empty_response(#status))),
        Payload::Json(shape) => {
            let ty = borrowed(&shape.ty);
            (quote!(body: #ty), quote!(json_response(#status, body)))
        }
        Payload::Text => (quote!(body: &str), quote!(response(#status, body, "text/plain"))),
        Payload::Bytes => {
            (quote!(body: &[u8]), quote!(response(#status, body, "application/octet-stream")))
        }
    };
    let description = outcome.description.trim();
    let text = match description.is_empty() {
        true => format!("Answers {}.", status_text(outcome.status)),
        false => format!("Answers {}: {}", status_text(outcome.status), spec_text(description)),
    };
    let doc = doc(&text);
    quote! {
        #doc
        pub fn #name(self, #status_arg #body_arg) -> ::wiremock::Mock {
            #expect.#answer
        }
    }
}

/// The type a response body is given as: borrowed, a slice for an array, `&str` for a string.
fn borrowed(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Array(item) => {
            let item = rust_type(&item.ty, Place::Sibling);
            quote!(&[#item])
        }
        ty => {
            let ty = rust_type(ty, Place::Sibling);
            quote!(&#ty)
        }
    }
}

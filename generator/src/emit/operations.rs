//! `operations.rs`: how each operation's request is built and its response read, from the
//! model: the parameters checked, the URL, the headers, the body, and the decoders.

use super::paths::known::*;
use super::{Patterns, Place, Step, Value, checks, ident, rust_type};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Statements that check the parameters that have constraints.
pub(super) fn check_params(op: &Operation, patterns: &Patterns) -> TokenStream {
    let mut prepare = TokenStream::new();
    for p in op.params.iter().filter(|p| p.shape.needs_check()) {
        let arg = ident(&p.rust_name);
        let checks = |value| {
            let at = [Step::Name(p.api_name.clone())];
            checks(&p.shape, &value, &at, patterns, &quote!(#TYPES::))
        };
        prepare.extend(match (p.required, is_by_value(&p.shape.ty)) {
            (true, true) => checks(Value::Place(quote!(#arg))),
            (true, false) => checks(Value::Ref(quote!(#arg))),
            (false, _) => {
                let body = checks(Value::Ref(quote!(value)));
                quote!(if let #SOME(value) = &#arg { #body })
            }
        });
    }
    prepare
}

/// Statements that build `url`: the path with its parameters, then the query.
pub(super) fn url(api: &Api, op: &Operation) -> TokenStream {
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
                match is_plain_segment(api, &p.shape.ty) {
                    // Checked above: the text is the segment as it is.
                    true => quote!(url.push_str(#arg.as_str());),
                    false => {
                        let value = display_value(api, &p.shape.ty, quote!(#arg));
                        quote!(#RUNTIME::push_segment(&mut url, #api_name, #value)?;)
                    }
                }
            }
        });
    }
    for p in op.params.iter().filter(|p| p.location == ParamIn::Query) {
        let arg = ident(&p.rust_name);
        let api_name = &p.api_name;
        let push = |value: TokenStream| match &p.shape.ty {
            ty if is_structured(api, ty) => {
                let (style, explode) = p.style;
                let style = match style {
                    QueryStyle::Form => quote!(Form),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited),
                    QueryStyle::DeepObject => quote!(DeepObject),
                };
                quote!(#RUNTIME::push_styled_query(&mut url, #api_name, &#value, #RUNTIME::QueryStyle::#style, #explode)?;)
            }
            ty => {
                let value = display_value(api, ty, value);
                quote!(#RUNTIME::push_query(&mut url, #api_name, #value);)
            }
        };
        url.extend(if p.required {
            push(quote!(#arg))
        } else {
            let inner = push(quote!(value));
            quote!(if let #SOME(value) = #arg { #inner })
        });
    }
    url
}

/// Whether the value of a path parameter of this type, once checked, is a path segment as it
/// is: a string newtype whose pattern admits only unreserved characters other than `.`, at
/// least one (so never `.`, `..` or empty), such as an ID of hexadecimal digits. Such a
/// segment is pushed without encoding, which would find nothing to encode.
fn is_plain_segment(api: &Api, ty: &Ty) -> bool {
    let Ty::Named { name, validate: true } = ty else { return false };
    let Some(TypeKind::Newtype(Shape { ty: Ty::String, checks })) =
        api.type_def(name).map(|t| &t.kind)
    else {
        return false;
    };
    let Some(runs) = checks.pattern.as_ref().and_then(|p| p.runs.as_ref()) else { return false };
    let unreserved = |(lo, hi): &(char, char)| {
        [('A', 'Z'), ('a', 'z'), ('0', '9'), ('-', '-'), ('_', '_'), ('~', '~')]
            .iter()
            .any(|(from, to)| from <= lo && hi <= to)
    };
    runs.iter().all(|run| run.ranges.iter().all(unreserved))
        && runs.iter().map(|run| u64::from(run.min)).sum::<u64>() >= 1
}

/// Statements that build `request` from `url`: the method, `Accept`, the credentials and the
/// header parameters.
pub(super) fn request(api: &Api, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method);
    let accept = &op.accept;
    let security = super::security::security(op);
    let mut request =
        quote!(let request = self.request(#REQWEST::Method::#method, url, #accept, #security););
    for p in op.params.iter().filter(|p| p.location == ParamIn::Header) {
        let arg = ident(&p.rust_name);
        let api_name = &p.api_name;
        let set = |value: TokenStream| {
            let value = display_value(api, &p.shape.ty, value);
            quote!(request.header(#api_name, #RUNTIME::header_value(#api_name, #value)?))
        };
        request.extend(if p.required {
            let set = set(quote!(#arg));
            quote!(let request = #set;)
        } else {
            let set = set(quote!(value));
            quote! {
                let request = match #arg {
                    #SOME(value) => #set,
                    #NONE => request,
                };
            }
        });
    }
    request
}

/// The statements that check the body (run before anything is sent) and those that attach
/// it to `request`, encoded as its media type says.
pub(super) fn body(api: &Api, op: &Operation, patterns: &Patterns) -> (TokenStream, TokenStream) {
    let Some(body) = &op.body else {
        return (TokenStream::new(), TokenStream::new());
    };
    let content_type = &body.content_type;
    let (check_shape, encode) = match &body.kind {
        BodyKind::Json(shape) => (Some(shape), quote!(#RUNTIME::encode_json(body)?)),
        BodyKind::Form(shape) => (Some(shape), form_parts(api, body, shape)),
        BodyKind::Multipart(shape) => (Some(shape), form_parts(api, body, shape)),
        BodyKind::Text => (None, quote!(#TO_STRING::to_string(body))),
        BodyKind::Bytes => (None, quote!(body.to_vec())),
    };
    let check = match check_shape.filter(|s| s.needs_check()) {
        None => TokenStream::new(),
        Some(shape) => {
            let checks = |value| checks(shape, &value, &[], patterns, &quote!(#TYPES::));
            if body.required {
                checks(Value::Ref(quote!(body)))
            } else {
                let checks = checks(Value::Ref(quote!(value)));
                quote!(if let #SOME(value) = body { #checks })
            }
        }
    };
    let send = match &body.kind {
        BodyKind::Form(_) => quote! {
            {
                let (content_type, body) = #encode;
                request.header(#REQWEST::header::CONTENT_TYPE, #REQWEST::header::HeaderValue::from_static(content_type)).body(body)
            }
        },
        BodyKind::Multipart(_) => quote!(request.multipart(#encode)),
        _ => quote! {
            request
                .header(#REQWEST::header::CONTENT_TYPE, #REQWEST::header::HeaderValue::from_static(#content_type))
                .body(#encode)
        },
    };
    let attach = if body.required {
        quote!(let request = #send;)
    } else {
        quote! {
            let request = match body {
                #SOME(body) => #send,
                #NONE => request,
            };
        }
    };
    (check, attach)
}

/// The type a set of outcomes gives.
pub(super) fn returned_type(returned: &Returned) -> TokenStream {
    match returned {
        Returned::One(payload) => payload_decoder(payload).0,
        Returned::Enum(name) => {
            let name = ident(name);
            quote!(#TYPES::#name)
        }
    }
}

/// What decodes the body of a set of outcomes, as the runtime's `send!` takes it: the runtime's
/// decoder of the one payload they share (its type inferred from the call's result), or, when
/// their payloads differ, `Self::#name`, with the associated function of that name that picks
/// the variant of the returned enum by the status.
pub(super) fn returned_decoder(
    returned: &Returned,
    outcomes: &[Outcome],
    name: &str,
) -> (TokenStream, Option<TokenStream>) {
    let ty = returned_type(returned);
    match returned {
        Returned::One(Payload::Json(_)) => (quote!(#RUNTIME::decode_json), None),
        Returned::One(payload) => (payload_decoder(payload).1, None),
        Returned::Enum(_) => {
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
            let name = ident(name);
            let function = quote! {
                /// Decodes a body into the variant of its status.
                fn #name(status: u16, body: &[u8]) -> #RESULT<#ty, #SERDE_JSON::Error> {
                    #OK(match status { #(#arms)* })
                }
            };
            (quote!(Self::#name), Some(function))
        }
    }
}

pub(super) fn payload_decoder(payload: &Payload) -> (TokenStream, TokenStream) {
    match payload {
        Payload::Empty => (quote!(()), quote!(#RUNTIME::decode_empty)),
        Payload::Json(shape) => {
            let ty = rust_type(&shape.ty, Place::Sibling);
            (ty.clone(), quote!(#RUNTIME::decode_json::<#ty>))
        }
        Payload::Text => (quote!(#STRING), quote!(#RUNTIME::decode_text)),
        Payload::Bytes => (quote!(#VEC<u8>), quote!(#RUNTIME::decode_bytes)),
    }
}

/// `200 | 201`: the statuses of these outcomes, as the runtime's `send!` takes them; `_` when
/// one is `default` (successes are sorted out first, so `default` among the errors is every
/// other status); none when there are none.
pub(super) fn statuses(outcomes: &[Outcome]) -> Option<TokenStream> {
    if outcomes.iter().any(|o| o.status == Status::Default) {
        return Some(quote!(_));
    }
    let patterns: Vec<TokenStream> = outcomes.iter().map(|o| status_pattern(o.status)).collect();
    (!patterns.is_empty()).then(|| quote!(#(#patterns)|*))
}

pub(super) fn status_pattern(status: Status) -> TokenStream {
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

pub(super) fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "`default` (any status not listed)".into(),
    }
}

/// The expression that encodes a form or multipart body from the properties of its struct,
/// in the spec's order: text for values, files for bytes (a multipart file with the type the
/// spec's `encoding` gives it), JSON for objects. A body that is not a struct is encoded
/// from its JSON form.
pub(super) fn form_parts(api: &Api, body: &Body, shape: &Shape) -> TokenStream {
    let builder = match body.kind {
        BodyKind::Multipart(_) => quote!(#RUNTIME::Multipart),
        _ => quote!(#RUNTIME::FormBody),
    };
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
            Ty::Bytes if matches!(body.kind, BodyKind::Multipart(_)) => {
                let part_type = body.part_types.iter().find(|(name, _)| name == api_name);
                let part_type = part_type.map_or("application/octet-stream", |(_, t)| t.as_str());
                quote!(form.file(#api_name, #value, #part_type)?;)
            }
            Ty::Bytes => quote!(form.file(#api_name, #value);),
            Ty::String | Ty::Bool | Ty::Int(_) | Ty::Float => {
                quote!(form.text(#api_name, &#TO_STRING::to_string(#value));)
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
                quote!(if let #SOME(#SOME(value)) = &body.#field { #inner })
            }
            (false, false) => {
                let inner = add(quote!(value));
                quote!(if let #SOME(value) = &body.#field { #inner })
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

/// Whether a value may be an array or an object, which a query writes by its `style`.
fn is_structured(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Array(_) | Ty::Map(_) | Ty::Json => true,
        Ty::Named { name, .. } => api.type_def(name).is_some_and(|def| match &def.kind {
            TypeKind::Struct(_) | TypeKind::Union(_) => true,
            TypeKind::Alias(shape) => is_structured(api, &shape.ty),
            _ => false,
        }),
        _ => false,
    }
}

pub(super) fn is_by_value(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::Int(_) | Ty::Float)
}

/// A `&dyn Display` of a parameter value, as it goes in a path, query or header.
/// Values with a `Display` that is their wire form go as they are; any other value (a date,
/// a union, an object, an array in a path or header) as the text of its JSON form.
pub(super) fn display_value(api: &Api, ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        // A `&str` is not `Sized`, so it goes behind one more reference.
        Ty::String => quote!(&#value),
        ty if is_by_value(ty) => quote!(&#value),
        ty if displays(api, ty) => quote!(#value),
        _ => quote!(&#RUNTIME::param_text(#value)?),
    }
}

/// A `Result<String, ValidationError>` of a parameter value, the text [`display_value`]
/// displays.
pub(super) fn text_value(api: &Api, ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote!(#OK(#TO_STRING::to_string(#value))),
        ty if is_by_value(ty) || displays(api, ty) => {
            quote!(#OK(#TO_STRING::to_string(&#value)))
        }
        _ => quote!(#RUNTIME::param_text(#value)),
    }
}

/// Whether a value of this type has a `Display` that is its wire form: an enum, a newtype,
/// or an alias of a string, boolean or number.
fn displays(api: &Api, ty: &Ty) -> bool {
    match ty {
        Ty::Named { name, .. } => api.type_def(name).is_some_and(|t| match &t.kind {
            TypeKind::Enum(_) | TypeKind::Newtype(_) => true,
            TypeKind::Alias(shape) => {
                matches!(shape.ty, Ty::String | Ty::Bool | Ty::Int(_) | Ty::Float)
            }
            _ => false,
        }),
        _ => false,
    }
}

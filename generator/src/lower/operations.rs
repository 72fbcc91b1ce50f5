//! Operations: parameters, the request body, responses and what a method returns.

use super::{Lower, TypeName};
use crate::error::pointer;
use crate::model::*;
use crate::names;
use crate::spec::{OperationRef, ParamRef, Part, template, template_names};
use openapiv3::{Parameter, ParameterSchemaOrContent, StatusCode};
use std::collections::BTreeSet;

/// The vendor extension listing the scopes of which a token must hold at least one.
const SCOPES_EXTENSION: &str = "x-required-scopes";

impl Lower<'_> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut operations: Vec<Operation> =
            self.spec.operations().map(|op| self.operation(&op)).collect();
        let mut rust_names: Vec<String> = operations.iter().map(|o| o.rust_name.clone()).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        for (op, name) in operations.iter_mut().zip(rust_names) {
            op.rust_name = name;
        }
        operations
    }

    pub(super) fn operation(&mut self, op_ref: &OperationRef) -> Operation {
        let OperationRef { path, method, op, at, .. } = op_ref;
        let operation_id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
        let type_name = TypeName::suggested(names::type_name(&operation_id));
        let params = self.params(op_ref, &type_name);
        let body = self.body(op_ref, &type_name);
        let (success, errors, accept) = self.outcomes(op_ref, &type_name);
        let responses_at = pointer(at, "responses");
        let ok = self.returned(&success, type_name.child("Response"), &responses_at);
        let err = self.returned(&errors, type_name.child("Error"), &responses_at);
        let pagination = self.pagination(op_ref, &params, &ok);
        Operation {
            rust_name: names::field_name(&operation_id),
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            segments: segments(path, &params),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            ok,
            err,
            accept,
            scopes: self.scopes(op_ref),
            security: super::security::security(
                op.security.as_ref().or(self.spec.doc.security.as_ref()),
            ),
            pagination,
        }
    }

    /// The parameters that apply to an operation, with Rust names that differ from each other
    /// and from `body`.
    fn params(&mut self, op_ref: &OperationRef, type_name: &TypeName) -> Vec<Param> {
        let mut params = Vec::new();
        for ParamRef { at: param_at, param } in op_ref.parameters() {
            let location = match param {
                Parameter::Path { .. } => ParamIn::Path,
                Parameter::Query { .. } => ParamIn::Query,
                Parameter::Header { .. } => ParamIn::Header,
                Parameter::Cookie { .. } => {
                    self.problem(param_at, "cookie parameters are not supported");
                    continue;
                }
            };
            let data = param.parameter_data_ref();
            let style = match param {
                Parameter::Query { style, .. } => match style {
                    openapiv3::QueryStyle::Form => QueryStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                },
                _ => QueryStyle::Form,
            };
            let style = (style, data.explode.unwrap_or(style == QueryStyle::Form));
            let shape = match &data.format {
                // A parameter is sent or left out; `null` is not a value it can carry.
                ParameterSchemaOrContent::Schema(schema) => match self.shape(
                    schema,
                    &pointer(&param_at, "schema"),
                    type_name.child(&names::type_name(&data.name)),
                ) {
                    Shape { ty: Ty::Nullable(inner), .. } => *inner,
                    shape => shape,
                },
                ParameterSchemaOrContent::Content(_) => {
                    self.problem(&param_at, "parameters described by `content` are not supported");
                    continue;
                }
            };
            params.push(Param {
                rust_name: names::field_name(&data.name),
                api_name: data.name.clone(),
                location,
                style,
                required: data.required || location == ParamIn::Path,
                doc: data.description.clone(),
                shape,
                example: data.example.as_ref().and_then(example_text),
            });
        }
        // What `validate` lets through only when lenient: path parameters the template does
        // not use are left out, and names the template uses without declaring are strings.
        let template = template_names(op_ref.path);
        params.retain(|p| p.location != ParamIn::Path || template.contains(&p.api_name.as_str()));
        for name in template {
            if !params.iter().any(|p| p.location == ParamIn::Path && p.api_name == name) {
                params.push(Param {
                    rust_name: names::field_name(name),
                    api_name: name.to_string(),
                    location: ParamIn::Path,
                    style: (QueryStyle::Form, false),
                    required: true,
                    doc: None,
                    shape: Shape { ty: Ty::String, checks: Checks::default() },
                    example: None,
                });
            }
        }
        let mut param_names: Vec<String> = params.iter().map(|p| p.rust_name.clone()).collect();
        names::dedupe(&mut param_names, &BTreeSet::from(["body".to_string()]));
        for (p, name) in params.iter_mut().zip(param_names) {
            p.rust_name = name;
        }
        params
    }

    /// The request body, sent as its preferred media type.
    fn body(&mut self, op_ref: &OperationRef, type_name: &TypeName) -> Option<Body> {
        let body_at = pointer(&op_ref.at, "requestBody");
        let body = self.spec.request_body(op_ref.op.request_body.as_ref()?)?;
        let content_at = pointer(&body_at, "content");
        let Some((media, content)) = preferred_media(&body.content) else {
            self.problem(content_at, "a request body needs at least one media type");
            return None;
        };
        let schema_at = pointer(&pointer(&content_at, media), "schema");
        let name = type_name.child("Body");
        let shape = |this: &mut Self| match &content.schema {
            Some(schema) => this.shape(schema, &schema_at, name),
            None => Shape::default(),
        };
        let kind = match media_kind(media) {
            MediaKind::Json => BodyKind::Json(shape(self)),
            MediaKind::Form => BodyKind::Form(shape(self)),
            MediaKind::Multipart => {
                // Its `format: binary` properties are file parts, sent as bytes.
                self.binary_as_bytes = true;
                let shape = shape(self);
                self.binary_as_bytes = false;
                BodyKind::Multipart(shape)
            }
            MediaKind::Text => BodyKind::Text,
            MediaKind::Binary => BodyKind::Bytes,
        };
        let content_type = if media.trim() == "*/*" { "application/json" } else { media };
        // `encoding` may list several types (`image/png, image/jpeg`); a part is sent as one.
        let part_types = match kind {
            BodyKind::Multipart(_) => content
                .encoding
                .iter()
                .filter_map(|(name, encoding)| {
                    let first = encoding.content_type.as_deref()?.split(',').next()?.trim();
                    Some((name.clone(), first.to_string())).filter(|_| !first.is_empty())
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Body {
            kind,
            content_type: content_type.to_string(),
            other_media: body.content.keys().filter(|m| *m != media).cloned().collect(),
            required: body.required,
            doc: body.description.clone(),
            part_types,
        })
    }

    /// The documented responses, as successes and errors, and the `Accept` header they make.
    fn outcomes(
        &mut self,
        op_ref: &OperationRef,
        type_name: &TypeName,
    ) -> (Vec<Outcome>, Vec<Outcome>, String) {
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut default = None;
        let mut media_types = Vec::new();
        let responses_at = pointer(&op_ref.at, "responses");
        let responses = &op_ref.op.responses;
        let documented = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = match status {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(class) => Status::Range(*class),
                };
                (status, pointer(&responses_at, &status.to_string()), response)
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|r| (Status::Default, pointer(&responses_at, "default"), r)),
            );
        for (status, response_at, response) in documented {
            let Some(response) = self.spec.response(response) else { continue };
            let payload = match preferred_media(&response.content) {
                None => Payload::Empty,
                Some((media, content)) => {
                    media_types.push(media.to_string());
                    match media_kind(media) {
                        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => {
                            Payload::Json(match &content.schema {
                                Some(schema) => self.shape(
                                    schema,
                                    &pointer(
                                        &pointer(&pointer(&response_at, "content"), media),
                                        "schema",
                                    ),
                                    type_name.child(
                                        &status.variant_name().replacen("Status", "Response", 1),
                                    ),
                                ),
                                None => Shape::default(),
                            })
                        }
                        MediaKind::Text => Payload::Text,
                        MediaKind::Binary => Payload::Bytes,
                    }
                }
            };
            let headers = response
                .headers
                .iter()
                .filter_map(|(name, header)| {
                    let header = self.spec.header(header)?;
                    Some(ResponseHeader {
                        name: name.clone(),
                        required: header.required,
                        schema: serde_json::to_string(&header.format).unwrap_or_default(),
                    })
                })
                .collect();
            let outcome =
                Outcome { status, description: response.description.clone(), payload, headers };
            match status {
                Status::Code(200..=299) | Status::Range(2) => success.push(outcome),
                Status::Default => default = Some(outcome),
                _ => errors.push(outcome),
            }
        }
        // `default` is every status not listed; with no success listed, successes too.
        if let Some(default) = default {
            if success.is_empty() {
                success.push(default.clone());
            }
            errors.push(default);
        }
        if success.is_empty() {
            success.push(Outcome {
                status: Status::Range(2),
                description: "Success".into(),
                payload: Payload::Empty,
                headers: Vec::new(),
            });
        }
        (success, errors, accept_header(&media_types))
    }

    /// The scopes of which the token must hold one, from [`SCOPES_EXTENSION`].
    fn scopes(&mut self, op_ref: &OperationRef) -> Vec<String> {
        let Some(value) = op_ref.op.extensions.get(SCOPES_EXTENSION) else {
            return Vec::new();
        };
        match value
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
        {
            Some(scopes) => scopes,
            None => {
                self.problem(
                    pointer(&op_ref.at, SCOPES_EXTENSION),
                    "must be a list of scope names (strings)",
                );
                Vec::new()
            }
        }
    }

    /// What a method returns for these outcomes: their payload when they share one, else an
    /// enum with a variant per outcome.
    pub(super) fn returned(&mut self, outcomes: &[Outcome], name: TypeName, at: &str) -> Returned {
        let Some(first) = outcomes.first() else { return Returned::One(Payload::Empty) };
        if outcomes.iter().all(|o| o.payload == first.payload) {
            return Returned::One(first.payload.clone());
        }
        let name = self.name(name);
        let variants = outcomes
            .iter()
            .map(|o| ResponseVariant {
                rust_name: o.status.variant_name(),
                status: o.status,
                payload: o.payload.clone(),
                description: o.description.clone(),
            })
            .collect();
        let doc = format!(
            "The documented responses of `{}`, one variant per status.",
            at.trim_end_matches("/responses")
        );
        self.define(name.clone(), at, Some(doc), TypeKind::Responses(variants));
        Returned::Enum(name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

/// How a media type is encoded: JSON (`application/json`, `*/*+json`, or `*/*`), a form,
/// text, or anything else as bytes.
fn media_kind(media: &str) -> MediaKind {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => MediaKind::Json,
        e if e.ends_with("+json") || e.ends_with("/json") => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" => MediaKind::Multipart,
        e if e.starts_with("text/") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

/// The media type a request body is sent as, or a response body read as: the first JSON
/// one, else a form, multipart, text, and bytes last.
fn preferred_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    content.iter().map(|(k, v)| (k.as_str(), v)).min_by_key(|(media, _)| media_kind(media))
}

/// `Accept`: the JSON type when any response is JSON (so a JSON-only spec's clients send
/// exactly `application/json`), followed by the other documented types; `*/*` when the spec
/// documents none.
fn accept_header(media_types: &[String]) -> String {
    let mut kinds: Vec<String> = Vec::new();
    if media_types.iter().any(|m| media_kind(m) == MediaKind::Json) {
        kinds.push("application/json".into());
    }
    for media in media_types {
        let essence = media.split(';').next().unwrap_or("").trim().to_string();
        if media_kind(&essence) != MediaKind::Json && !kinds.contains(&essence) {
            kinds.push(essence);
        }
    }
    if kinds.is_empty() { "*/*".into() } else { kinds.join(", ") }
}

/// A parameter's example as it is written in a URL or a header: a string as it is, a number
/// or a boolean as JSON writes it; `None` for an array, an object or `null`.
fn example_text(example: &serde_json::Value) -> Option<String> {
    match example {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(example.to_string()),
        _ => None,
    }
}

fn segments(path: &str, params: &[Param]) -> Vec<Segment> {
    template(path)
        .into_iter()
        .map(|part| match part {
            Part::Literal(text) => Segment::Literal(text.to_string()),
            Part::Param(name) => {
                match params.iter().position(|p| p.location == ParamIn::Path && p.api_name == name)
                {
                    Some(i) => Segment::Param(i),
                    // Undeclared path parameters are reported by `validate`.
                    None => Segment::Literal(format!("{{{name}}}")),
                }
            }
        })
        .collect()
}

//! `openapiv3` document → [`model::Api`]: resolves `$ref`s, names every type and member,
//! maps schemas to Rust types, and reports what it cannot map, all problems at once.

use crate::error::{Error, Problem, pointer};
use crate::model::*;
use crate::names;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ObjectType, OpenAPI, Parameter, ParameterSchemaOrContent,
    PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// The methods of a path item, in the order the client lists them.
pub(crate) const METHODS: &[&str] =
    &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The vendor extension listing the scopes of which a token must hold at least one.
const SCOPES_EXTENSION: &str = "x-required-scopes";

/// How many `$ref` hops are followed before a chain counts as a cycle.
const MAX_REF_HOPS: usize = 32;

pub(crate) fn operation<'a>(item: &'a PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// Follows `#/components/<section>/<name>` references; `None` when one does not resolve.
fn resolve<'a, T>(
    mut item: &'a ReferenceOr<T>,
    section: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Option<&'a T> {
    for _ in 0..MAX_REF_HOPS {
        match item {
            ReferenceOr::Item(value) => return Some(value),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, section)?;
                item = lookup(&name)?;
            }
        }
    }
    None
}

/// `#/components/schemas/Foo` → `Foo` when `section` is `schemas`.
fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

pub(crate) fn resolve_parameter<'a>(
    doc: &'a OpenAPI,
    param: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    resolve(param, "parameters", |name| doc.components.as_ref()?.parameters.get(name))
}

fn resolve_response<'a>(doc: &'a OpenAPI, r: &'a ReferenceOr<Response>) -> Option<&'a Response> {
    resolve(r, "responses", |name| doc.components.as_ref()?.responses.get(name))
}

fn resolve_body<'a>(doc: &'a OpenAPI, r: &'a ReferenceOr<RequestBody>) -> Option<&'a RequestBody> {
    resolve(r, "requestBodies", |name| doc.components.as_ref()?.request_bodies.get(name))
}

pub(crate) fn lower(doc: &OpenAPI) -> Result<Api, Error> {
    let mut lower = Lower {
        doc,
        problems: Vec::new(),
        types: BTreeMap::new(),
        component_names: BTreeMap::new(),
    };
    lower.reserve_component_names();
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            lower.component(name, schema);
        }
    }
    let operations = lower.operations();
    let Lower { mut problems, mut types, .. } = lower;
    let mut operations = operations;
    if problems.is_empty() {
        problems = finish_types(&mut types, &mut operations);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let bearer = doc.components.iter().flat_map(|c| c.security_schemes.values()).any(|s| {
        matches!(s, ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer"))
    });
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url: doc.servers.first().map(|s| s.url.trim_end_matches('/').to_string()),
        bearer,
        types: types.into_values().flatten().collect(),
        operations,
    })
}

struct Lower<'a> {
    doc: &'a OpenAPI,
    problems: Vec<Problem>,
    /// Named types by Rust name; a name is reserved (with `None`) before its type is built.
    types: BTreeMap<String, Option<TypeDef>>,
    /// Component schema name → Rust type name.
    component_names: BTreeMap<String, String>,
}

impl Lower<'_> {
    fn problem(&mut self, at: impl Into<String>, what: impl Into<String>) {
        self.problems.push(Problem::new(at, what));
    }

    /// Component schemas are named first, in document order, so that a type made up for an
    /// inline schema never takes a name the spec gave.
    fn reserve_component_names(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let keys: Vec<&String> = components.schemas.keys().collect();
        let mut rust: Vec<String> = keys.iter().map(|k| names::type_name(k)).collect();
        names::dedupe(&mut rust, &BTreeSet::new());
        for (key, rust) in keys.into_iter().zip(rust) {
            self.types.insert(rust.clone(), None);
            self.component_names.insert(key.clone(), rust);
        }
    }

    /// Reserves a fresh type name for an inline schema: `preferred`, or `preferred2`, ...
    fn reserve(&mut self, preferred: &str) -> String {
        let mut name = preferred.to_string();
        let mut n = 2;
        while self.types.contains_key(&name) {
            name = format!("{preferred}{n}");
            n += 1;
        }
        self.types.insert(name.clone(), None);
        name
    }

    fn define(&mut self, rust_name: String, at: &str, doc: Option<String>, kind: TypeKind) {
        let def = TypeDef { rust_name: rust_name.clone(), at: at.to_string(), doc, kind };
        self.types.insert(rust_name, Some(def));
    }

    fn component(&mut self, key: &str, schema: &ReferenceOr<Schema>) {
        let at = pointer("#/components/schemas", key);
        let rust_name = self.component_names[key].clone();
        let schema = match schema {
            ReferenceOr::Reference { .. } => {
                let shape = self.shape(schema, &at, &rust_name);
                self.define(rust_name, &at, None, TypeKind::Alias(shape));
                return;
            }
            ReferenceOr::Item(schema) => schema,
        };
        let doc = schema_doc(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !is_plain_map(object) => {
                self.object(rust_name, &at, doc, object);
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                self.string_enum(rust_name, &at, doc, &s.enumeration);
            }
            _ => {
                let shape = self.schema_shape(schema, &at, &rust_name);
                let kind = match shape.ty {
                    Ty::String | Ty::Int(_) | Ty::Float if !shape.checks.is_empty() => {
                        TypeKind::Newtype(shape)
                    }
                    _ => TypeKind::Alias(shape),
                };
                self.define(rust_name, &at, doc, kind);
            }
        }
    }

    /// The shape of a schema or reference; `hint` names a type made for an inline schema.
    fn shape<S: AsSchema>(&mut self, schema: &ReferenceOr<S>, at: &str, hint: &str) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => match component_name(reference, "schemas")
                .and_then(|name| self.component_names.get(&name))
            {
                Some(name) => Shape {
                    ty: Ty::Named { name: name.clone(), validate: false },
                    checks: Checks::default(),
                },
                None => {
                    // A reference that does not resolve at all is reported by `validate`.
                    self.problem(
                        pointer(at, "$ref"),
                        format!("`{reference}` does not point at a schema in #/components/schemas"),
                    );
                    Shape::default()
                }
            },
            ReferenceOr::Item(schema) => self.schema_shape(schema.as_schema(), at, hint),
        }
    }

    fn schema_shape(&mut self, schema: &Schema, at: &str, hint: &str) -> Shape {
        let mut checks = Checks::default();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let name = self.reserve(hint);
                    self.string_enum(name.clone(), at, schema_doc(schema), &s.enumeration);
                    Ty::Named { name, validate: false }
                } else {
                    checks.min_length = s.min_length.map(|n| n as u64).filter(|&n| n > 0);
                    checks.max_length = s.max_length.map(|n| n as u64);
                    if let Some(source) = &s.pattern {
                        match translate_pattern(source) {
                            Ok(rust) => checks.pattern = Some(Pattern { source: source.clone(), rust }),
                            Err(e) => self.problem(
                                pointer(at, "pattern"),
                                format!("`{source}` is not a regular expression the client can check: {e}"),
                            ),
                        }
                    }
                    match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                        _ => Ty::String,
                    }
                }
            }
            SchemaKind::Type(Type::Number(n)) => {
                checks.minimum = n
                    .minimum
                    .map(|v| Bound { value: Number::Float(v), exclusive: n.exclusive_minimum });
                checks.maximum = n
                    .maximum
                    .map(|v| Bound { value: Number::Float(v), exclusive: n.exclusive_maximum });
                Ty::Float
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let kind = int_kind(&i.format, i.minimum, i.maximum);
                let (lo, hi) = kind.bounds();
                // Bounds the Rust type already enforces are not checked again.
                checks.minimum = i
                    .minimum
                    .map(|v| Bound { value: Number::Int(v.into()), exclusive: i.exclusive_minimum })
                    .filter(|b| as_int(b) > lo || (b.exclusive && as_int(b) == lo));
                checks.maximum = i
                    .maximum
                    .map(|v| Bound { value: Number::Int(v.into()), exclusive: i.exclusive_maximum })
                    .filter(|b| as_int(b) < hi || (b.exclusive && as_int(b) == hi));
                Ty::Int(kind)
            }
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                checks.min_items = a.min_items.map(|n| n as u64).filter(|&n| n > 0);
                checks.max_items = a.max_items.map(|n| n as u64);
                let item = match &a.items {
                    Some(items) => self.shape(items, &pointer(at, "items"), &format!("{hint}Item")),
                    None => Shape::default(),
                };
                Ty::Array(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                if is_plain_map(object) {
                    let value = match &object.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => self.shape(
                            value,
                            &pointer(at, "additionalProperties"),
                            &format!("{hint}Value"),
                        ),
                        _ => Shape::default(),
                    };
                    Ty::Map(Box::new(value))
                } else {
                    let name = self.reserve(hint);
                    self.object(name.clone(), at, schema_doc(schema), object);
                    Ty::Named { name, validate: false }
                }
            }
            SchemaKind::Any(any) if *any == openapiv3::AnySchema::default() => Ty::Json,
            SchemaKind::OneOf { .. } => self.unsupported(at, "oneOf"),
            SchemaKind::AnyOf { .. } => self.unsupported(at, "anyOf"),
            SchemaKind::AllOf { .. } => self.unsupported(at, "allOf"),
            SchemaKind::Not { .. } => self.unsupported(at, "not"),
            SchemaKind::Any(_) => {
                self.unsupported(at, "a schema that mixes keywords of several types")
            }
        };
        Shape { ty, checks }
    }

    fn unsupported(&mut self, at: &str, what: &str) -> Ty {
        self.problem(at, format!("{what} is not supported yet"));
        Ty::Json
    }

    fn object(&mut self, rust_name: String, at: &str, doc: Option<String>, object: &ObjectType) {
        let api_names: Vec<&String> = object.properties.keys().collect();
        let mut rust_names: Vec<String> = api_names.iter().map(|n| names::field_name(n)).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        let mut fields = Vec::with_capacity(api_names.len());
        for (api_name, field_rust_name) in api_names.into_iter().zip(rust_names) {
            let schema = &object.properties[api_name];
            let field_at = pointer(&pointer(at, "properties"), api_name);
            let hint = format!("{rust_name}{}", names::type_name(api_name));
            let shape = self.shape(schema, &field_at, &hint);
            let (doc, nullable) = match schema {
                ReferenceOr::Item(s) => (field_doc(s), s.schema_data.nullable),
                ReferenceOr::Reference { .. } => (None, false),
            };
            fields.push(Field {
                rust_name: field_rust_name,
                api_name: api_name.clone(),
                doc,
                shape,
                required: object.required.iter().any(|r| r == api_name),
                nullable,
                boxed: false,
            });
        }
        let closed = matches!(object.additional_properties, Some(AdditionalProperties::Any(false)));
        let open = matches!(
            object.additional_properties,
            Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_))
        );
        let extra = open.then(|| extra_name(&fields));
        self.define(rust_name, at, doc, TypeKind::Struct(Struct { fields, extra, closed }));
    }

    fn string_enum(
        &mut self,
        rust_name: String,
        at: &str,
        doc: Option<String>,
        values: &[Option<String>],
    ) {
        let mut seen = BTreeSet::new();
        let values: Vec<String> =
            values.iter().flatten().filter(|v| seen.insert(v.as_str())).cloned().collect();
        let mut rust_names: Vec<String> = values.iter().map(|v| names::variant_name(v)).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        let mut unknown = "Unknown".to_string();
        while rust_names.contains(&unknown) {
            unknown.push_str("Value");
        }
        let variants = values
            .into_iter()
            .zip(rust_names)
            .map(|(value, rust_name)| Variant { rust_name, value })
            .collect();
        self.define(rust_name, at, doc, TypeKind::Enum(StringEnum { variants, unknown }));
    }

    fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut operations = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            // Path items given by reference are reported by `validate`.
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let path_at = pointer("#/paths", path);
            for &method in METHODS {
                if let Some(op) = operation(item, method) {
                    let at = pointer(&path_at, method);
                    operations.push(self.operation(path, &path_at, item, method, op, &at));
                }
            }
        }
        let mut rust_names: Vec<String> = operations.iter().map(|o| o.rust_name.clone()).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        for (op, name) in operations.iter_mut().zip(rust_names) {
            op.rust_name = name;
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        path_at: &str,
        item: &PathItem,
        method: &str,
        op: &openapiv3::Operation,
        at: &str,
    ) -> Operation {
        let doc = self.doc;
        let operation_id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
        let rust_name = names::field_name(&operation_id);
        let type_prefix = names::type_name(&operation_id);

        // Operation parameters override path-level ones with the same name and location.
        let mut declared: Vec<(String, &Parameter)> = Vec::new();
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (pointer(&pointer(path_at, "parameters"), &i.to_string()), p))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (pointer(&pointer(at, "parameters"), &i.to_string()), p)),
            );
        for (param_at, param) in sources {
            let Some(param) = resolve_parameter(doc, param) else {
                continue;
            };
            let key =
                |p: &Parameter| (p.parameter_data_ref().name.clone(), std::mem::discriminant(p));
            declared.retain(|(_, p)| key(p) != key(param));
            declared.push((param_at, param));
        }
        let mut params = Vec::new();
        for (param_at, param) in declared {
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
            let shape = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.shape(
                    schema,
                    &pointer(&param_at, "schema"),
                    &format!("{type_prefix}{}", names::type_name(&data.name)),
                ),
                ParameterSchemaOrContent::Content(_) => {
                    self.problem(&param_at, "parameters described by `content` are not supported");
                    continue;
                }
            };
            params.push(Param {
                rust_name: names::field_name(&data.name),
                api_name: data.name.clone(),
                location,
                required: data.required || location == ParamIn::Path,
                doc: data.description.clone(),
                shape,
                example: data.example.as_ref().and_then(|e| e.as_str()).map(str::to_string),
            });
        }
        let mut param_names: Vec<String> = params.iter().map(|p| p.rust_name.clone()).collect();
        names::dedupe(&mut param_names, &BTreeSet::from(["body".to_string()]));
        for (p, name) in params.iter_mut().zip(param_names) {
            p.rust_name = name;
        }

        let segments = segments(path, &params);

        let body = op.request_body.as_ref().and_then(|b| {
            let body_at = pointer(at, "requestBody");
            let body = resolve_body(doc, b)?;
            let (media, content) = match json_media(&body.content) {
                Some(found) => found,
                None => {
                    let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
                    self.problem(
                        pointer(&body_at, "content"),
                        format!(
                            "request bodies of type {} are not supported yet",
                            types.join(", ")
                        ),
                    );
                    return None;
                }
            };
            let shape = match &content.schema {
                Some(schema) => self.shape(
                    schema,
                    &pointer(&pointer(&pointer(&body_at, "content"), media), "schema"),
                    &format!("{type_prefix}Body"),
                ),
                None => Shape::default(),
            };
            Some(Body { shape, required: body.required, doc: body.description.clone() })
        });

        let mut success = Vec::new();
        let mut errors = Vec::new();
        if let Some(default) = &op.responses.default {
            let _ = default;
            self.problem(
                pointer(&pointer(at, "responses"), "default"),
                "`default` responses are not supported yet",
            );
        }
        for (status, response) in &op.responses.responses {
            let status_text = status.to_string();
            let response_at = pointer(&pointer(at, "responses"), &status_text);
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(_) => {
                    self.problem(&response_at, "status ranges (`4XX`) are not supported yet");
                    continue;
                }
            };
            let Some(response) = resolve_response(doc, response) else {
                continue;
            };
            let shape = match json_media(&response.content) {
                Some((media, content)) => Some(match &content.schema {
                    Some(schema) => self.shape(
                        schema,
                        &pointer(&pointer(&pointer(&response_at, "content"), media), "schema"),
                        &format!("{type_prefix}Response{code}"),
                    ),
                    None => Shape::default(),
                }),
                None if response.content.is_empty() => None,
                None => {
                    let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
                    self.problem(
                        pointer(&response_at, "content"),
                        format!("responses of type {} are not supported yet", types.join(", ")),
                    );
                    None
                }
            };
            let outcome =
                Outcome { status: code, description: response.description.clone(), shape };
            match code {
                200..=299 => success.push(outcome),
                400..=599 => errors.push(outcome),
                _ => self.problem(
                    &response_at,
                    format!("status {code} is neither a success nor an error"),
                ),
            }
        }
        let success_types: BTreeSet<String> =
            success.iter().map(|o| format!("{:?}", o.shape.as_ref().map(|s| &s.ty))).collect();
        if success_types.len() > 1 {
            self.problem(
                pointer(at, "responses"),
                "success responses with different bodies are not supported yet",
            );
        }
        let error_types: BTreeSet<String> =
            errors.iter().filter_map(|o| o.shape.as_ref()).map(|s| format!("{:?}", s.ty)).collect();
        let error_shape = match error_types.len() {
            0 => None,
            1 => errors.iter().find_map(|o| o.shape.clone()),
            // Error bodies of different types are kept as JSON values.
            _ => Some(Shape::default()),
        };

        let scopes = match op.extensions.get(SCOPES_EXTENSION) {
            None => Vec::new(),
            Some(value) => match value
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
            {
                Some(scopes) => scopes,
                None => {
                    self.problem(
                        pointer(at, SCOPES_EXTENSION),
                        "must be a list of scope names (strings)",
                    );
                    Vec::new()
                }
            },
        };

        Operation {
            rust_name,
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            segments,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            error_shape,
            scopes,
        }
    }
}

/// Gives schema references through `ReferenceOr<Schema>` and `ReferenceOr<Box<Schema>>` one path.
trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

/// An object with no named properties whose values are described, or left open: a map.
fn is_plain_map(object: &ObjectType) -> bool {
    object.properties.is_empty()
        && !matches!(object.additional_properties, Some(AdditionalProperties::Any(false)))
}

fn extra_name(fields: &[Field]) -> String {
    let mut name = "extra".to_string();
    while fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

fn schema_doc(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone())
}

fn field_doc(schema: &Schema) -> Option<String> {
    let mut doc = schema_doc(schema);
    if let SchemaKind::Type(Type::Boolean(b)) = &schema.schema_kind
        && let [Some(only)] = b.enumeration.as_slice()
    {
        {
            let note = format!("The only value the spec allows is `{only}`.");
            doc = Some(match doc {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
        }
    }
    doc
}

/// The JSON media type of a body, if it has one: `application/json`, a `+json` type, or
/// `application/json` with parameters.
fn json_media(content: &openapiv3::Content) -> Option<(&str, &openapiv3::MediaType)> {
    content.iter().map(|(k, v)| (k.as_str(), v)).find(|(media, _)| {
        let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    })
}

fn as_int(bound: &Bound) -> i128 {
    match bound.value {
        Number::Int(v) => v,
        Number::Float(v) => v as i128,
    }
}

/// The Rust integer type for an integer schema: its format, or else the smallest type that
/// holds both bounds when both are given, or else `i64`.
fn int_kind(
    format: &VariantOrUnknownOrEmpty<IntegerFormat>,
    min: Option<i64>,
    max: Option<i64>,
) -> IntKind {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => return IntKind::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => return IntKind::I64,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uint8" => return IntKind::U8,
            "uint16" => return IntKind::U16,
            "uint32" => return IntKind::U32,
            "uint" | "uint64" => return IntKind::U64,
            "int8" => return IntKind::I8,
            "int16" => return IntKind::I16,
            _ => {}
        },
        VariantOrUnknownOrEmpty::Empty => {}
    }
    let (Some(min), Some(max)) = (min, max) else {
        return IntKind::I64;
    };
    let (min, max) = (i128::from(min), i128::from(max));
    [IntKind::U8, IntKind::U16, IntKind::U32, IntKind::I8, IntKind::I16, IntKind::I32]
        .into_iter()
        .find(|k| {
            let (lo, hi) = k.bounds();
            lo <= min && max <= hi
        })
        .unwrap_or(IntKind::I64)
}

fn segments(path: &str, params: &[Param]) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            segments.push(Segment::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        match params.iter().position(|p| p.location == ParamIn::Path && p.api_name == name) {
            Some(i) => segments.push(Segment::Param(i)),
            // Undeclared path parameters are reported by `validate`.
            None => segments.push(Segment::Literal(rest[open..=close].to_string())),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest.to_string()));
    }
    segments
}

/// Rewrites an ECMA-262 pattern for Rust's `regex` crate, where `\d` and `\w` are Unicode
/// classes, and checks that `regex` accepts it.
fn translate_pattern(source: &str) -> Result<String, String> {
    let mut out = String::with_capacity(source.len() + 8);
    let mut in_class = false;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("it ends with a lone `\\`".into());
                };
                let (inside, outside) = match next {
                    'd' => ("0-9", "[0-9]"),
                    'D' => ("[^0-9]", "[^0-9]"),
                    'w' => ("A-Za-z0-9_", "[A-Za-z0-9_]"),
                    'W' => ("[^A-Za-z0-9_]", "[^A-Za-z0-9_]"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                        continue;
                    }
                };
                out.push_str(if in_class { inside } else { outside });
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (after an optional `^`) is a literal, as in `regex`.
                if chars.clone().next() == Some('^') {
                    out.push('^');
                    chars.next();
                }
                if chars.clone().next() == Some(']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    regex_syntax::Parser::new().parse(&out).map_err(|e| {
        e.to_string().lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string()
    })?;
    Ok(out)
}

/// Marks which named types have a `validate` method, which structs are received (and so
/// keep the properties the spec does not name), and which fields hold their own type and so
/// need a `Box`. Reports aliases that refer to themselves, which no Rust type can express.
fn finish_types(
    types: &mut BTreeMap<String, Option<TypeDef>>,
    operations: &mut [Operation],
) -> Vec<Problem> {
    let mut defs: BTreeMap<String, TypeDef> =
        std::mem::take(types).into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    let problems = alias_cycles(&defs);
    if !problems.is_empty() {
        return problems;
    }
    box_recursive_fields(&mut defs);
    let validated: BTreeSet<String> = defs
        .values()
        .filter(|d| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Newtype(_)))
        .map(|d| d.rust_name.clone())
        .collect();

    // Types reachable from a response body are received.
    let mut received = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in operations.iter() {
        for outcome in op.success.iter().chain(&op.errors) {
            if let Some(shape) = &outcome.shape {
                named_in(&shape.ty, &mut stack);
            }
        }
    }
    while let Some(name) = stack.pop() {
        if !received.insert(name.clone()) {
            continue;
        }
        match defs.get(&name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                for f in &s.fields {
                    named_in(&f.shape.ty, &mut stack);
                }
            }
            Some(TypeKind::Alias(shape) | TypeKind::Newtype(shape)) => {
                named_in(&shape.ty, &mut stack)
            }
            _ => {}
        }
    }

    for def in defs.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    mark_validated(&mut f.shape, &validated);
                }
                if s.extra.is_none() && received.contains(&def.rust_name) {
                    s.extra = Some(extra_name(&s.fields));
                }
            }
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => mark_validated(shape, &validated),
            TypeKind::Enum(_) => {}
        }
    }
    for op in operations.iter_mut() {
        for p in &mut op.params {
            mark_validated(&mut p.shape, &validated);
        }
        if let Some(body) = &mut op.body {
            mark_validated(&mut body.shape, &validated);
        }
    }
    *types = defs.into_iter().map(|(k, v)| (k, Some(v))).collect();
    Vec::new()
}

/// The named type a shape stands for directly (not through a `Vec` or map), looking
/// through aliases.
fn direct_target<'a>(defs: &'a BTreeMap<String, TypeDef>, ty: &'a Ty) -> Option<&'a str> {
    let mut ty = ty;
    for _ in 0..=defs.len() {
        let Ty::Named { name, .. } = ty else {
            return None;
        };
        match defs.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(shape)) => ty = &shape.ty,
            _ => return Some(name),
        }
    }
    None
}

fn alias_cycles(defs: &BTreeMap<String, TypeDef>) -> Vec<Problem> {
    defs.values()
        .filter(
            |d| matches!(&d.kind, TypeKind::Alias(shape) if matches!(shape.ty, Ty::Named { .. })),
        )
        .filter(|d| match &d.kind {
            TypeKind::Alias(shape) => direct_target(defs, &shape.ty).is_none(),
            _ => false,
        })
        .map(|d| {
            Problem::new(
                &d.at,
                "this schema is only a reference to itself, through a cycle of references",
            )
        })
        .collect()
}

/// A struct that contains itself, directly or through other structs, has no finite size:
/// each field on such a cycle holds its value in a `Box`.
fn box_recursive_fields(defs: &mut BTreeMap<String, TypeDef>) {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for def in defs.values() {
        if let TypeKind::Struct(s) = &def.kind {
            let targets =
                s.fields.iter().filter_map(|f| direct_target(defs, &f.shape.ty)).collect();
            edges.insert(&def.rust_name, targets);
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if seen.insert(at) {
                stack.extend(edges.get(at).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut boxed: Vec<(String, usize)> = Vec::new();
    for def in defs.values() {
        if let TypeKind::Struct(s) = &def.kind {
            for (i, f) in s.fields.iter().enumerate() {
                if let Some(target) = direct_target(defs, &f.shape.ty)
                    && reaches(target, &def.rust_name)
                {
                    boxed.push((def.rust_name.clone(), i));
                }
            }
        }
    }
    for (name, i) in boxed {
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = defs.get_mut(&name) {
            s.fields[i].boxed = true;
        }
    }
}

fn named_in(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named { name, .. } => out.push(name.clone()),
        Ty::Array(item) | Ty::Map(item) => named_in(&item.ty, out),
        _ => {}
    }
}

fn mark_validated(shape: &mut Shape, validated: &BTreeSet<String>) {
    match &mut shape.ty {
        Ty::Named { name, validate } => *validate = validated.contains(name),
        Ty::Array(item) | Ty::Map(item) => mark_validated(item, validated),
        _ => {}
    }
}

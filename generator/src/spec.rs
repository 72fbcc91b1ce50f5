//! Read-only access to an `openapiv3` document, shared by validation and lowering: the
//! operations of a path item, `$ref`s followed, path templates, and schemas that `openapiv3`
//! could not sort under one type read as what they mean.

use openapiv3::{
    ObjectType, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// The methods of a path item, in the order the client lists them.
pub(crate) const METHODS: &[&str] =
    &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref` hops are followed before a chain counts as a cycle.
pub(crate) const MAX_REF_HOPS: usize = 32;

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
pub(crate) fn resolve<'a, T>(
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
pub(crate) fn component_name(reference: &str, section: &str) -> Option<String> {
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

pub(crate) fn resolve_response<'a>(
    doc: &'a OpenAPI,
    r: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    resolve(r, "responses", |name| doc.components.as_ref()?.responses.get(name))
}

pub(crate) fn resolve_body<'a>(
    doc: &'a OpenAPI,
    r: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    resolve(r, "requestBodies", |name| doc.components.as_ref()?.request_bodies.get(name))
}

/// Gives schema references through `ReferenceOr<Schema>` and `ReferenceOr<Box<Schema>>` one path.
pub(crate) trait AsSchema {
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

pub(crate) fn object_of(any: &openapiv3::AnySchema) -> ObjectType {
    ObjectType {
        properties: any.properties.clone(),
        required: any.required.clone(),
        additional_properties: any.additional_properties.clone(),
        min_properties: any.min_properties,
        max_properties: any.max_properties,
    }
}

/// A schema whose keywords `openapiv3` could not sort under one type (no `type`, or keywords
/// of several), read as the schema it most plausibly means; `None` for "any value".
pub(crate) fn any_as_schema(schema: &Schema, any: &openapiv3::AnySchema) -> Option<Schema> {
    let kind = if !any.all_of.is_empty() {
        let mut all_of = any.all_of.clone();
        if !any.properties.is_empty() {
            let object = Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Type(Type::Object(object_of(any))),
            };
            all_of.push(ReferenceOr::Item(object));
        }
        SchemaKind::AllOf { all_of }
    } else if !any.one_of.is_empty() {
        SchemaKind::OneOf { one_of: any.one_of.clone() }
    } else if !any.any_of.is_empty() {
        SchemaKind::AnyOf { any_of: any.any_of.clone() }
    } else if any.typ.as_deref() == Some("object")
        || !any.properties.is_empty()
        || any.additional_properties.is_some()
    {
        SchemaKind::Type(Type::Object(object_of(any)))
    } else {
        let format = any.format.as_deref();
        match any.typ.as_deref() {
            Some("string") => SchemaKind::Type(Type::String(openapiv3::StringType {
                format: format_of(format),
                pattern: any.pattern.clone(),
                enumeration: any
                    .enumeration
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect(),
                min_length: any.min_length,
                max_length: any.max_length,
            })),
            Some("integer") => SchemaKind::Type(Type::Integer(openapiv3::IntegerType {
                format: format_of(format),
                minimum: any.minimum.map(|v| v as i64),
                maximum: any.maximum.map(|v| v as i64),
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                ..Default::default()
            })),
            Some("number") => SchemaKind::Type(Type::Number(openapiv3::NumberType {
                minimum: any.minimum,
                maximum: any.maximum,
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                ..Default::default()
            })),
            Some("boolean") => SchemaKind::Type(Type::Boolean(Default::default())),
            Some("array") => SchemaKind::Type(Type::Array(openapiv3::ArrayType {
                items: any.items.clone(),
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            })),
            _ => return None,
        }
    };
    Some(Schema { schema_data: schema.schema_data.clone(), schema_kind: kind })
}

fn format_of<T: serde::de::DeserializeOwned>(format: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(f) => serde_json::from_value(serde_json::Value::String(f.to_string()))
            .unwrap_or_else(|_| VariantOrUnknownOrEmpty::Unknown(f.to_string())),
    }
}

/// The names inside `{...}` in a path template, in order.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}

//! Read-only access to an `openapiv3` document, shared by validation and lowering: the
//! operations of a path item, `$ref`s followed, path templates, and schemas that `openapiv3`
//! could not sort under one type read as what they mean.

use crate::error::pointer;
use openapiv3::{
    ObjectType, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// The methods of a path item, in the order the client lists them.
pub(crate) const METHODS: &[&str] =
    &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref` hops are followed before a chain counts as a cycle.
pub(crate) const MAX_REF_HOPS: usize = 32;

/// A document, read the same way by validation and lowering.
#[derive(Clone, Copy)]
pub(crate) struct Spec<'a> {
    pub(crate) doc: &'a OpenAPI,
}

/// One entry of `paths`: its template, where it is, and its item, inline or by `$ref`.
pub(crate) struct PathEntry<'a> {
    pub(crate) template: &'a str,
    pub(crate) at: String,
    pub(crate) item: &'a ReferenceOr<PathItem>,
    spec: Spec<'a>,
}

/// One operation: its path template and method, where it is, and what it says.
pub(crate) struct OperationRef<'a> {
    pub(crate) path: &'a str,
    /// Lower-case, one of [`METHODS`].
    pub(crate) method: &'static str,
    pub(crate) op: &'a openapiv3::Operation,
    /// `#/paths/~1pets~1{petId}/get`.
    pub(crate) at: String,
    item: &'a PathItem,
    path_at: String,
    spec: Spec<'a>,
}

/// A parameter, resolved, and the JSON pointer of its declaration (of the `$ref`, when it is
/// one).
pub(crate) struct ParamRef<'a> {
    pub(crate) at: String,
    pub(crate) param: &'a Parameter,
}

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    Literal(&'a str),
    /// The name inside `{...}`.
    Param(&'a str),
}

impl<'a> Spec<'a> {
    pub(crate) fn new(doc: &'a OpenAPI) -> Spec<'a> {
        Spec { doc }
    }

    /// The entries of `paths`, in document order.
    pub(crate) fn paths(self) -> impl Iterator<Item = PathEntry<'a>> {
        self.doc.paths.paths.iter().map(move |(template, item)| PathEntry {
            template,
            at: pointer("#/paths", template),
            item,
            spec: self,
        })
    }

    /// Every operation of the path items given inline, in document order, and within a path
    /// item in the order of [`METHODS`]. Path items given by `$ref` are reported by `validate`.
    pub(crate) fn operations(self) -> impl Iterator<Item = OperationRef<'a>> {
        self.paths().flat_map(|entry| entry.operations())
    }

    pub(crate) fn schema(self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        resolve(schema, "schemas", |name| self.doc.components.as_ref()?.schemas.get(name))
    }

    pub(crate) fn parameter(self, param: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
        resolve(param, "parameters", |name| self.doc.components.as_ref()?.parameters.get(name))
    }

    pub(crate) fn response(self, response: &'a ReferenceOr<Response>) -> Option<&'a Response> {
        resolve(response, "responses", |name| self.doc.components.as_ref()?.responses.get(name))
    }

    pub(crate) fn header(
        self,
        header: &'a ReferenceOr<openapiv3::Header>,
    ) -> Option<&'a openapiv3::Header> {
        resolve(header, "headers", |name| self.doc.components.as_ref()?.headers.get(name))
    }

    pub(crate) fn request_body(
        self,
        body: &'a ReferenceOr<RequestBody>,
    ) -> Option<&'a RequestBody> {
        resolve(body, "requestBodies", |name| {
            self.doc.components.as_ref()?.request_bodies.get(name)
        })
    }
}

impl<'a> PathEntry<'a> {
    /// Its operations in the order of [`METHODS`]; none when the item is a `$ref`.
    pub(crate) fn operations(&self) -> impl Iterator<Item = OperationRef<'a>> + use<'a> {
        let item = match self.item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        };
        let (spec, path, path_at) = (self.spec, self.template, self.at.clone());
        item.into_iter().flat_map(move |item| {
            let path_at = path_at.clone();
            METHODS.iter().filter_map(move |&method| {
                Some(OperationRef {
                    path,
                    method,
                    op: operation(item, method)?,
                    at: pointer(&path_at, method),
                    item,
                    path_at: path_at.clone(),
                    spec,
                })
            })
        })
    }
}

impl<'a> OperationRef<'a> {
    /// Its parameters as declared: the path item's, then the operation's, each resolved.
    /// References that do not resolve are left out (`validate` reports them).
    pub(crate) fn declared_parameters(&self) -> impl Iterator<Item = ParamRef<'a>> + use<'a> {
        let (item, op, spec) = (self.item, self.op, self.spec);
        let path_level_at = pointer(&self.path_at, "parameters");
        let own_at = pointer(&self.at, "parameters");
        let path_level = item
            .parameters
            .iter()
            .enumerate()
            .map(move |(i, p)| (pointer(&path_level_at, &i.to_string()), p));
        let own = op
            .parameters
            .iter()
            .enumerate()
            .map(move |(i, p)| (pointer(&own_at, &i.to_string()), p));
        path_level
            .chain(own)
            .filter_map(move |(at, param)| Some(ParamRef { at, param: spec.parameter(param)? }))
    }

    /// The parameters that apply to it: as declared, except that a parameter with the name
    /// and location of an earlier one replaces it, so that the operation's override the path
    /// item's. A replacement takes its own place in the order.
    pub(crate) fn parameters(&self) -> Vec<ParamRef<'a>> {
        let key = |p: &Parameter| (p.parameter_data_ref().name.clone(), std::mem::discriminant(p));
        let mut applying: Vec<ParamRef<'a>> = Vec::new();
        for declared in self.declared_parameters() {
            applying.retain(|p| key(p.param) != key(declared.param));
            applying.push(declared);
        }
        applying
    }
}

/// The operation of a path item for a method of [`METHODS`].
fn operation<'a>(item: &'a PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
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
pub(crate) fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// A path template in pieces: `/pets/{petId}/toys` is `/pets/`, `petId`, `/toys`. From a `{`
/// without a `}` on, the text is literal.
pub(crate) fn template(path: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Literal(&rest[..open]));
        }
        parts.push(Part::Param(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    parts
}

/// The names of a path template's parameters, in order.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    template(path)
        .into_iter()
        .filter_map(|part| match part {
            Part::Param(name) => Some(name),
            Part::Literal(_) => None,
        })
        .collect()
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

/// The object keywords of a schema `openapiv3` could not sort, as an object schema.
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
                enumeration: any.enumeration.iter().map(serde_json::Value::as_i64).collect(),
                // A fractional `multipleOf` (one reason openapiv3 reads an integer schema as
                // `Any`) is not checked: `IntegerType` holds only whole ones.
                multiple_of: any.multiple_of.filter(|v| v.fract() == 0.0).map(|v| v as i64),
            })),
            Some("number") => SchemaKind::Type(Type::Number(openapiv3::NumberType {
                minimum: any.minimum,
                maximum: any.maximum,
                exclusive_minimum: any.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: any.exclusive_maximum.unwrap_or(false),
                multiple_of: any.multiple_of,
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

#[cfg(test)]
mod tests {
    use super::{Part, template};

    /// Each template, and its pieces written as `literal` and `{param}`.
    #[test]
    fn templates() {
        let cases = [
            ("/pets", vec!["/pets"]),
            ("/pets/{petId}", vec!["/pets/", "{petId}"]),
            ("/pets/{petId}/toys", vec!["/pets/", "{petId}", "/toys"]),
            ("/{a}{b}", vec!["/", "{a}", "{b}"]),
            ("{a}", vec!["{a}"]),
            ("/files/{name}.{ext}", vec!["/files/", "{name}", ".", "{ext}"]),
            // From a `{` without a `}` on, the text is literal.
            ("/a/{b}/{c", vec!["/a/", "{b}", "/{c"]),
            ("/a}{b}", vec!["/a}", "{b}"]),
            ("", vec![]),
        ];
        for (path, want) in cases {
            let got: Vec<String> = template(path)
                .into_iter()
                .map(|part| match part {
                    Part::Literal(text) => text.to_string(),
                    Part::Param(name) => format!("{{{name}}}"),
                })
                .collect();
            assert_eq!(got, want, "template {path:?}");
        }
    }
}

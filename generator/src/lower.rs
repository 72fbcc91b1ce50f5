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
        warnings: Vec::new(),
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
        let (shape, doc) = match schema {
            ReferenceOr::Reference { .. } => (self.shape(schema, &at, &rust_name), None),
            ReferenceOr::Item(schema) => (
                self.schema_shape(schema, &at, &rust_name, Some(rust_name.clone())),
                schema_doc(schema),
            ),
        };
        // Objects, enums and unions were defined under the component's own name.
        if matches!(&shape.ty, Ty::Named { name, .. } if *name == rust_name) {
            return;
        }
        let kind = match shape.ty {
            Ty::String | Ty::Int(_) | Ty::Float if !shape.checks.is_empty() => {
                TypeKind::Newtype(shape)
            }
            _ => TypeKind::Alias(shape),
        };
        self.define(rust_name, &at, doc, kind);
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
                // A component that does not exist: `validate` reports it, or with `lenient`
                // reads it as any JSON value. (`validate` unescapes `%`; a name with one is
                // left to the problem below.)
                None if component_name(reference, "schemas").is_some_and(|name| {
                    !name.contains('%')
                        && self
                            .doc
                            .components
                            .as_ref()
                            .is_none_or(|c| !c.schemas.contains_key(&name))
                }) =>
                {
                    Shape::default()
                }
                None => {
                    self.problem(
                        pointer(at, "$ref"),
                        format!("`{reference}` does not point at a schema in #/components/schemas"),
                    );
                    Shape::default()
                }
            },
            ReferenceOr::Item(schema) => self.schema_shape(schema.as_schema(), at, hint, None),
        }
    }

    /// The name for a type made from a schema: `own` when it is a component, else a fresh
    /// name from `hint`.
    fn name_for(&mut self, own: &mut Option<String>, hint: &str) -> String {
        own.take().unwrap_or_else(|| self.reserve(hint))
    }

    /// The shape of a schema. A type it needs is named `own` (a component's name) or made
    /// up from `hint`.
    fn schema_shape(
        &mut self,
        schema: &Schema,
        at: &str,
        hint: &str,
        mut own: Option<String>,
    ) -> Shape {
        let mut checks = Checks::default();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let name = self.name_for(&mut own, hint);
                    self.string_enum(name.clone(), at, schema_doc(schema), &s.enumeration);
                    Ty::Named { name, validate: false }
                } else {
                    checks.min_length = s.min_length.map(|n| n as u64).filter(|&n| n > 0);
                    checks.max_length = s.max_length.map(|n| n as u64);
                    if let Some(source) = &s.pattern {
                        match crate::pattern::pattern(source) {
                            Ok(pattern) => checks.pattern = Some(pattern),
                            Err(e) => self.problem(
                                pointer(at, "pattern"),
                                format!("`{source}` is not a regular expression the client can check: {e}"),
                            ),
                        }
                    }
                    match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Bytes,
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
                    let name = self.name_for(&mut own, hint);
                    self.object(name.clone(), at, schema_doc(schema), object);
                    Ty::Named { name, validate: false }
                }
            }
            SchemaKind::AllOf { all_of } => return self.all_of(schema, all_of, at, hint, own),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                return self.one_of(schema, members, &pointer(at, keyword), at, hint, own);
            }
            // `not` constrains without describing a value: any JSON value.
            SchemaKind::Not { .. } => Ty::Json,
            SchemaKind::Any(any) => match any_as_schema(schema, any) {
                Some(typed) => return self.schema_shape(&typed, at, hint, own),
                None => Ty::Json,
            },
        };
        Shape { ty, checks }
    }

    /// `allOf`: a lone member (often a `$ref` with a description or `nullable` beside it) is
    /// that member's type; several are merged into one object.
    fn all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        at: &str,
        hint: &str,
        mut own: Option<String>,
    ) -> Shape {
        if let [member] = members {
            let shape = self.shape(member, &pointer(at, "allOf/0"), hint);
            if let Some(own) = own {
                // A component that is one other type: an alias.
                self.define(own, at, schema_doc(schema), TypeKind::Alias(shape.clone()));
            }
            return shape;
        }
        let mut merged = ObjectType::default();
        let mut closed = true;
        for member in members {
            if !self.merge_object(member, &mut merged, &mut closed, 0) {
                self.problem(
                    pointer(at, "allOf"),
                    "allOf is only supported for members that are objects (or a single member)",
                );
                return Shape::default();
            }
        }
        if closed {
            merged.additional_properties = Some(AdditionalProperties::Any(false));
        }
        let name = self.name_for(&mut own, hint);
        self.object(name.clone(), at, schema_doc(schema), &merged);
        Shape { ty: Ty::Named { name, validate: false }, checks: Checks::default() }
    }

    /// Adds the properties of an object schema (followed through references and nested
    /// `allOf`) to `into`; `false` when the schema is not an object.
    fn merge_object(
        &self,
        member: &ReferenceOr<Schema>,
        into: &mut ObjectType,
        closed: &mut bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_REF_HOPS {
            return false;
        }
        let doc = self.doc;
        let Some(schema) =
            resolve(member, "schemas", |name| doc.components.as_ref()?.schemas.get(name))
        else {
            return false;
        };
        let object = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object.clone(),
            SchemaKind::AllOf { all_of } => {
                return all_of.iter().all(|m| self.merge_object(m, into, closed, depth + 1));
            }
            // `allOf` with `type: object` or properties beside it: its members and properties.
            SchemaKind::Any(any)
                if !any.all_of.is_empty() && any.typ.as_deref().is_none_or(|t| t == "object") =>
            {
                let Some(Schema { schema_kind: SchemaKind::AllOf { all_of }, .. }) =
                    any_as_schema(schema, any)
                else {
                    return false;
                };
                return all_of.iter().all(|m| self.merge_object(m, into, closed, depth + 1));
            }
            // `{required: [...]}` and the like: object keywords without `type`.
            SchemaKind::Any(any)
                if any.typ.as_deref().is_none_or(|t| t == "object")
                    && (!any.properties.is_empty()
                        || !any.required.is_empty()
                        || any.additional_properties.is_some()) =>
            {
                object_of(any)
            }
            _ => return false,
        };
        for (name, property) in object.properties {
            into.properties.entry(name).or_insert(property);
        }
        for name in object.required {
            if !into.required.contains(&name) {
                into.required.push(name);
            }
        }
        *closed &= matches!(object.additional_properties, Some(AdditionalProperties::Any(false)));
        true
    }

    /// `oneOf` and `anyOf`: string enums merge into one enum; other members become the
    /// variants of an enum that decodes by `discriminator` when there is one, else by trying
    /// each member in order, and keeps a value no member accepts.
    fn one_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        members_at: &str,
        at: &str,
        hint: &str,
        mut own: Option<String>,
    ) -> Shape {
        let doc = schema_doc(schema);
        // `{}` members accept anything and add nothing to tell variants apart.
        let members: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !matches!(m, ReferenceOr::Item(s) if is_anything(s)))
            .collect();
        if members.is_empty() {
            return Shape::default();
        }
        let strings: Option<Vec<Option<String>>> = members
            .iter()
            .map(|(_, m)| match m {
                ReferenceOr::Item(Schema {
                    schema_kind: SchemaKind::Type(Type::String(s)),
                    ..
                }) if !s.enumeration.is_empty() => Some(s.enumeration.clone()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|all| all.into_iter().flatten().collect());
        if let Some(values) = strings {
            let name = self.name_for(&mut own, hint);
            self.string_enum(name.clone(), at, doc, &values);
            return Shape { ty: Ty::Named { name, validate: false }, checks: Checks::default() };
        }
        if let [(i, member)] = members.as_slice() {
            let shape = self.shape(*member, &pointer(members_at, &i.to_string()), hint);
            if let Some(own) = own {
                self.define(own, at, doc, TypeKind::Alias(shape.clone()));
            }
            return shape;
        }
        let name = self.name_for(&mut own, hint);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in &members {
            let member_at = pointer(members_at, &i.to_string());
            let shape = self.shape(*member, &member_at, &format!("{name}Variant{}", i + 1));
            let rust_name = match &shape.ty {
                Ty::Named { name, .. } => name.clone(),
                Ty::String => "String".into(),
                Ty::Bool => "Boolean".into(),
                Ty::Int(_) => "Integer".into(),
                Ty::Float => "Number".into(),
                Ty::DateTime => "DateTime".into(),
                Ty::Bytes => "Bytes".into(),
                Ty::Array(_) => "Array".into(),
                Ty::Map(_) => "Map".into(),
                Ty::Json => "Value".into(),
            };
            let mut tags = Vec::new();
            if let (Some(discriminator), ReferenceOr::Reference { reference }) =
                (discriminator, member)
            {
                tags.extend(
                    discriminator
                        .mapping
                        .iter()
                        .filter(|(_, r)| *r == reference)
                        .map(|(v, _)| v.clone()),
                );
                if tags.is_empty() {
                    tags.extend(component_name(reference, "schemas"));
                }
            }
            variants.push(UnionVariant { rust_name, shape, tags });
        }
        let mut rust_names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        for (v, n) in variants.iter_mut().zip(rust_names) {
            v.rust_name = n;
        }
        let mut unknown = "Unknown".to_string();
        while variants.iter().any(|v| v.rust_name == unknown) {
            unknown.push_str("Value");
        }
        let union = Union {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            unknown,
        };
        self.define(name.clone(), at, doc, TypeKind::Union(union));
        Shape { ty: Ty::Named { name, validate: false }, checks: Checks::default() }
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
            let (doc, nullable, one_way) = match schema {
                ReferenceOr::Item(s) => (
                    field_doc(s),
                    s.schema_data.nullable,
                    s.schema_data.read_only || s.schema_data.write_only,
                ),
                ReferenceOr::Reference { .. } => (None, false, false),
            };
            fields.push(Field {
                rust_name: field_rust_name,
                api_name: api_name.clone(),
                doc,
                shape,
                // A property that travels one way only cannot be required both ways.
                required: !one_way && object.required.iter().any(|r| r == api_name),
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
        // What `validate` lets through only when lenient: path parameters the template does
        // not use are left out, and names the template uses without declaring are strings.
        let template = crate::validate::template_names(path);
        params.retain(|p| p.location != ParamIn::Path || template.contains(&p.api_name.as_str()));
        for name in template {
            if !params.iter().any(|p| p.location == ParamIn::Path && p.api_name == name) {
                params.push(Param {
                    rust_name: names::field_name(name),
                    api_name: name.to_string(),
                    location: ParamIn::Path,
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

        let segments = segments(path, &params);

        let body = op.request_body.as_ref().and_then(|b| {
            let body_at = pointer(at, "requestBody");
            let body = resolve_body(doc, b)?;
            let content_at = pointer(&body_at, "content");
            let Some((media, content)) = preferred_media(&body.content) else {
                self.problem(content_at, "a request body needs at least one media type");
                return None;
            };
            let schema_at = pointer(&pointer(&content_at, media), "schema");
            let hint = format!("{type_prefix}Body");
            let shape = |this: &mut Self| match &content.schema {
                Some(schema) => this.shape(schema, &schema_at, &hint),
                None => Shape::default(),
            };
            let kind = match media_kind(media) {
                MediaKind::Json => BodyKind::Json(shape(self)),
                MediaKind::Form => BodyKind::Form(shape(self)),
                MediaKind::Multipart => BodyKind::Multipart(shape(self)),
                MediaKind::Text => BodyKind::Text,
                MediaKind::Binary => BodyKind::Bytes,
            };
            let content_type = if media.trim() == "*/*" { "application/json" } else { media };
            Some(Body {
                kind,
                content_type: content_type.to_string(),
                other_media: body.content.keys().filter(|m| *m != media).cloned().collect(),
                required: body.required,
                doc: body.description.clone(),
            })
        });

        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut default = None;
        let mut media_types = Vec::new();
        let responses_at = pointer(at, "responses");
        let documented = op
            .responses
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
                op.responses
                    .default
                    .iter()
                    .map(|r| (Status::Default, pointer(&responses_at, "default"), r)),
            );
        for (status, response_at, response) in documented {
            let Some(response) = resolve_response(doc, response) else { continue };
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
                                    &format!(
                                        "{type_prefix}{}",
                                        status.variant_name().replacen("Status", "Response", 1)
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
            let outcome = Outcome { status, description: response.description.clone(), payload };
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
            });
        }
        let ok = self.returned(&success, &format!("{type_prefix}Response"), &responses_at);
        let err = self.returned(&errors, &format!("{type_prefix}Error"), &responses_at);
        let accept = accept_header(&media_types);

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
            ok,
            err,
            accept,
            scopes,
        }
    }

    /// What a method returns for these outcomes: their payload when they share one, else an
    /// enum with a variant per outcome.
    fn returned(&mut self, outcomes: &[Outcome], hint: &str, at: &str) -> Returned {
        let Some(first) = outcomes.first() else { return Returned::One(Payload::Empty) };
        if outcomes.iter().all(|o| o.payload == first.payload) {
            return Returned::One(first.payload.clone());
        }
        let name = self.reserve(hint);
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

/// A schema that says nothing: it accepts any value.
fn is_anything(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

fn object_of(any: &openapiv3::AnySchema) -> ObjectType {
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
fn any_as_schema(schema: &Schema, any: &openapiv3::AnySchema) -> Option<Schema> {
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

/// A property's description, with what the schema says beyond its type: a single allowed
/// boolean, a default the server applies, `readOnly`, `writeOnly`.
fn field_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let mut notes: Vec<String> = schema_doc(schema).into_iter().collect();
    if let SchemaKind::Type(Type::Boolean(b)) = &schema.schema_kind
        && let [Some(only)] = b.enumeration.as_slice()
    {
        notes.push(format!("The only value the spec allows is `{only}`."));
    }
    if let Some(default) = &data.default {
        notes.push(format!(
            "Default (applied by the server when absent): `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    if data.read_only {
        notes.push("Read-only: set by the server, so never required when sending.".into());
    }
    if data.write_only {
        notes.push("Write-only: sent, never returned, so never required when receiving.".into());
    }
    (!notes.is_empty()).then(|| notes.join("\n\n"))
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
    inline_checked_aliases(&mut defs, operations);
    let validated: BTreeSet<String> = defs
        .values()
        .filter(|d| {
            matches!(d.kind, TypeKind::Struct(_) | TypeKind::Newtype(_) | TypeKind::Union(_))
        })
        .map(|d| d.rust_name.clone())
        .collect();

    // Types reachable from a response body are received.
    let mut received = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in operations.iter() {
        for outcome in op.success.iter().chain(&op.errors) {
            if let Payload::Json(shape) = &outcome.payload {
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
            Some(TypeKind::Union(u)) => {
                u.variants.iter().for_each(|v| named_in(&v.shape.ty, &mut stack))
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
            TypeKind::Union(u) => {
                u.variants.iter_mut().for_each(|v| mark_validated(&mut v.shape, &validated))
            }
            TypeKind::Enum(_) | TypeKind::Responses(_) => {}
        }
    }
    for op in operations.iter_mut() {
        for p in &mut op.params {
            mark_validated(&mut p.shape, &validated);
        }
        if let Some(body) = &mut op.body
            && let BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) =
                &mut body.kind
        {
            mark_validated(shape, &validated);
        }
    }
    *types = defs.into_iter().map(|(k, v)| (k, Some(v))).collect();
    Vec::new()
}

/// A type alias cannot carry a `validate` method, so where an alias has constraints (an
/// array with `maxItems`, say) its uses take the aliased shape itself, constraints included.
fn inline_checked_aliases(defs: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation]) {
    fn has_checks(shape: &Shape) -> bool {
        !shape.checks.is_empty()
            || matches!(&shape.ty, Ty::Array(item) | Ty::Map(item) if has_checks(item))
    }
    let mut checked: BTreeMap<String, Shape> = BTreeMap::new();
    for def in defs.values() {
        if let TypeKind::Alias(shape) = &def.kind {
            // Follow alias chains to the shape at the end; cycles were refused earlier.
            let mut shape = shape.clone();
            for _ in 0..defs.len() {
                match &shape.ty {
                    Ty::Named { name, .. } => match defs.get(name).map(|d| &d.kind) {
                        Some(TypeKind::Alias(next)) => shape = next.clone(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            if has_checks(&shape) {
                checked.insert(def.rust_name.clone(), shape);
            }
        }
    }
    if checked.is_empty() {
        return;
    }
    fn inline(shape: &mut Shape, checked: &BTreeMap<String, Shape>) {
        match &mut shape.ty {
            Ty::Named { name, .. } => {
                if let Some(aliased) = checked.get(name) {
                    *shape = aliased.clone();
                }
            }
            Ty::Array(item) | Ty::Map(item) => inline(item, checked),
            _ => {}
        }
    }
    for def in defs.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| inline(&mut f.shape, &checked)),
            TypeKind::Union(u) => {
                u.variants.iter_mut().for_each(|v| inline(&mut v.shape, &checked))
            }
            _ => {}
        }
    }
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| inline(&mut p.shape, &checked));
        if let Some(body) = &mut op.body
            && let BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) =
                &mut body.kind
        {
            inline(shape, &checked);
        }
    }
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
        let targets = match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().filter_map(|f| direct_target(defs, &f.shape.ty)).collect()
            }
            TypeKind::Union(u) => {
                u.variants.iter().filter_map(|v| direct_target(defs, &v.shape.ty)).collect()
            }
            _ => continue,
        };
        edges.insert(&def.rust_name, targets);
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

//! Schema → shape: primitives and their formats and constraints, arrays, maps, objects and
//! string enums.

use super::{Lower, TypeName};
use crate::error::pointer;
use crate::model::*;
use crate::names;
use crate::spec::{AsSchema, any_as_schema, component_name};
use openapiv3::{
    AdditionalProperties, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

impl Lower<'_> {
    /// The shape of a schema or reference; `name` names a type made for an inline schema.
    /// A schema that allows `null` (`nullable`, a `{nullable: true}` member of `anyOf`, a
    /// component that does) is [`Ty::Nullable`].
    pub(super) fn shape<S: AsSchema>(
        &mut self,
        schema: &ReferenceOr<S>,
        at: &str,
        name: TypeName,
    ) -> Shape {
        let shape = self.shape_of(schema, at, name);
        let nullable = match schema {
            ReferenceOr::Item(schema) => allows_null(schema.as_schema()),
            ReferenceOr::Reference { reference } => self
                .spec
                .schema(&ReferenceOr::Reference { reference: reference.clone() })
                .is_some_and(allows_null),
        };
        match shape.ty {
            Ty::Nullable(_) => shape,
            _ if nullable => Shape { ty: Ty::Nullable(Box::new(shape)), checks: Checks::default() },
            _ => shape,
        }
    }

    fn shape_of<S: AsSchema>(
        &mut self,
        schema: &ReferenceOr<S>,
        at: &str,
        name: TypeName,
    ) -> Shape {
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
                            .spec
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
            ReferenceOr::Item(schema) => self.schema_shape(schema.as_schema(), at, name),
        }
    }

    /// The shape of a schema; a type it needs is called `name`.
    pub(super) fn schema_shape(&mut self, schema: &Schema, at: &str, name: TypeName) -> Shape {
        let mut checks = Checks::default();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let name = self.name(name);
                    self.string_enum(name.clone(), at, schema_doc(schema), &s.enumeration);
                    Ty::Named { name, validate: false }
                } else {
                    checks.min_length = s.min_length.map(|n| n as u64).filter(|&n| n > 0);
                    checks.max_length = s.max_length.map(|n| n as u64);
                    if let Some(source) = &s.pattern {
                        match crate::pattern::pattern(source) {
                            Ok(pattern) => checks.pattern = Some(pattern),
                            Err(e) => {
                                if self.review {
                                    checks.uncompiled_pattern = Some(source.clone());
                                }
                                self.problem(
                                    pointer(at, "pattern"),
                                    format!("`{source}` is not a regular expression the client can check: {e}"),
                                )
                            }
                        }
                    }
                    match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                            if self.binary_as_bytes =>
                        {
                            Ty::Bytes
                        }
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
                checks.multiple_of = self.multiple_of(n.multiple_of.map(Number::Float), at);
                Ty::Float
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let name = self.name(name);
                let kind = int_kind(&i.format, None, None);
                self.integer_enum(name.clone(), at, schema_doc(schema), &i.enumeration, kind);
                Ty::Named { name, validate: false }
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
                checks.multiple_of =
                    self.multiple_of(i.multiple_of.map(|v| Number::Int(v.into())), at);
                Ty::Int(kind)
            }
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                checks.min_items = a.min_items.map(|n| n as u64).filter(|&n| n > 0);
                checks.max_items = a.max_items.map(|n| n as u64);
                checks.unique_items = a.unique_items;
                let item = match &a.items {
                    Some(items) => self.shape(items, &pointer(at, "items"), name.child("Item")),
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
                            name.child("Value"),
                        ),
                        _ => Shape::default(),
                    };
                    checks.properties = counts(object);
                    Ty::Map(Box::new(value))
                } else {
                    let name = self.name(name);
                    self.object(name.clone(), at, schema_doc(schema), object);
                    Ty::Named { name, validate: false }
                }
            }
            SchemaKind::AllOf { all_of } => return self.all_of(schema, all_of, at, name),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                return self.one_of(schema, members, &pointer(at, keyword), at, name);
            }
            // `not` constrains without describing a value: any JSON value.
            SchemaKind::Not { .. } => Ty::Json,
            SchemaKind::Any(any) => match any_as_schema(schema, any) {
                Some(typed) => return self.schema_shape(&typed, at, name),
                None => Ty::Json,
            },
        };
        Shape { ty, checks }
    }

    pub(super) fn object(
        &mut self,
        rust_name: String,
        at: &str,
        doc: Option<String>,
        object: &ObjectType,
    ) {
        // A required property the schema does not describe is still a field: any JSON value.
        let undeclared = object.required.iter().filter(|r| !object.properties.contains_key(*r));
        let mut seen = BTreeSet::new();
        let api_names: Vec<&String> =
            object.properties.keys().chain(undeclared).filter(|n| seen.insert(*n)).collect();
        let mut rust_names: Vec<String> = api_names.iter().map(|n| names::field_name(n)).collect();
        names::dedupe(&mut rust_names, &BTreeSet::new());
        let mut fields = Vec::with_capacity(api_names.len());
        for (api_name, field_rust_name) in api_names.into_iter().zip(rust_names) {
            let Some(schema) = object.properties.get(api_name) else {
                let shape = Shape::default();
                fields.push(Field {
                    rust_name: field_rust_name,
                    api_name: api_name.clone(),
                    doc: None,
                    shape,
                    required: true,
                    nullable: false,
                    boxed: false,
                    secret: names::is_secret(api_name),
                });
                continue;
            };
            let field_at = pointer(&pointer(at, "properties"), api_name);
            let name = TypeName::suggested(&rust_name).child(&names::type_name(api_name));
            let (shape, nullable) = match self.shape(schema, &field_at, name) {
                Shape { ty: Ty::Nullable(inner), .. } => (*inner, true),
                shape => (shape, false),
            };
            let (doc, one_way, secret) = match schema {
                ReferenceOr::Item(s) => (
                    field_doc(s),
                    s.schema_data.read_only || s.schema_data.write_only,
                    s.schema_data.write_only || is_password(s),
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
                secret: secret || names::is_secret(api_name),
            });
        }
        let closed = matches!(object.additional_properties, Some(AdditionalProperties::Any(false)));
        let extra = extra_name(&fields);
        let properties = counts(object);
        let kind = TypeKind::Struct(Struct { fields, extra, closed, properties });
        self.define(rust_name, at, doc, kind);
    }

    /// A `multipleOf` to check; JSON Schema allows only positive ones.
    fn multiple_of(&mut self, divisor: Option<Number>, at: &str) -> Option<Number> {
        let positive = match divisor? {
            Number::Int(v) => v > 0,
            Number::Float(v) => v > 0.0 && v.is_finite(),
        };
        if !positive {
            self.problem(pointer(at, "multipleOf"), "multipleOf must be a number above 0");
        }
        divisor.filter(|_| positive)
    }

    pub(super) fn string_enum(
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
        let kind = TypeKind::Enum(StringEnum { variants, integer: None, unknown });
        self.define(rust_name, at, doc, kind);
    }

    /// An integer enum: the values that fit its Rust type `kind` (no other can be received
    /// as one), each a variant named after it (`V512`, `Minus1`).
    fn integer_enum(
        &mut self,
        rust_name: String,
        at: &str,
        doc: Option<String>,
        values: &[Option<i64>],
        kind: IntKind,
    ) {
        let (lo, hi) = kind.bounds();
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .flatten()
            .filter(|&&v| lo <= v.into() && i128::from(v) <= hi && seen.insert(v))
            .map(|&v| Variant { rust_name: names::integer_variant_name(v), value: v.to_string() })
            .collect();
        let kind =
            TypeKind::Enum(StringEnum { variants, integer: Some(kind), unknown: "Unknown".into() });
        self.define(rust_name, at, doc, kind);
    }
}

/// `format: password`.
fn is_password(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
        if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Password)))
}

/// Whether a schema allows `null`: `nullable: true`, or a member of its `oneOf`/`anyOf` that
/// is only that (`anyOf: [X, {nullable: true}]`).
pub(super) fn allows_null(schema: &Schema) -> bool {
    let marker = |m: &ReferenceOr<Schema>| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && super::composition::is_anything(s));
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                members.iter().any(marker)
            }
            _ => false,
        }
}

/// An object with no named properties whose values are described, or left open: a map.
pub(super) fn is_plain_map(object: &ObjectType) -> bool {
    object.properties.is_empty()
        && !matches!(object.additional_properties, Some(AdditionalProperties::Any(false)))
}

/// `minProperties` and `maxProperties`; a minimum of 0 says nothing.
fn counts(object: &ObjectType) -> Counts {
    Counts {
        min: object.min_properties.map(|n| n as u64).filter(|&n| n > 0),
        max: object.max_properties.map(|n| n as u64),
    }
}

fn extra_name(fields: &[Field]) -> String {
    let mut name = "extra".to_string();
    while fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone())
}

/// A property's description, with what the schema says beyond its type: a single allowed
/// boolean, a default the server applies, `readOnly`, `writeOnly`.
pub(super) fn field_doc(schema: &Schema) -> Option<String> {
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

pub(super) fn as_int(bound: &Bound) -> i128 {
    match bound.value {
        Number::Int(v) => v,
        Number::Float(v) => v as i128,
    }
}

/// The Rust integer type for an integer schema: its format, or else the smallest type that
/// holds both bounds when both are given, or else `i64`.
pub(super) fn int_kind(
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

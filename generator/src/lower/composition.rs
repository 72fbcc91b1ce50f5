//! `allOf`, `oneOf` and `anyOf`: merged objects, merged string enums, and unions.

use super::schemas::schema_doc;
use super::{Lower, TypeName};
use crate::error::pointer;
use crate::model::*;
use crate::names;
use crate::spec::{MAX_REF_HOPS, any_as_schema, component_name, object_of};
use openapiv3::{AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl Lower<'_> {
    /// `allOf`: a lone member (often a `$ref` with a description or `nullable` beside it) is
    /// that member's type; several are merged into one object.
    pub(super) fn all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        at: &str,
        name: TypeName,
    ) -> Shape {
        if let [member] = members {
            let shape =
                self.shape(member, &pointer(&pointer(at, "allOf"), "0"), name.as_suggestion());
            if let TypeName::Own(own) = name {
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
        let name = self.name(name);
        self.object(name.clone(), at, schema_doc(schema), &merged);
        Shape { ty: Ty::Named { name, validate: false }, checks: Checks::default() }
    }

    /// Adds the properties of an object schema (followed through references and nested
    /// `allOf`) to `into`; `false` when the schema is not an object.
    pub(super) fn merge_object(
        &self,
        member: &ReferenceOr<Schema>,
        into: &mut ObjectType,
        closed: &mut bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_REF_HOPS {
            return false;
        }
        let Some(schema) = self.spec.schema(member) else {
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
    pub(super) fn one_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        members_at: &str,
        at: &str,
        name: TypeName,
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
            let name = self.name(name);
            self.string_enum(name.clone(), at, doc, &values);
            return Shape { ty: Ty::Named { name, validate: false }, checks: Checks::default() };
        }
        if let [(i, member)] = members.as_slice() {
            let shape =
                self.shape(*member, &pointer(members_at, &i.to_string()), name.as_suggestion());
            if let TypeName::Own(own) = name {
                self.define(own, at, doc, TypeKind::Alias(shape.clone()));
            }
            return shape;
        }
        let name = self.name(name);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in &members {
            let member_at = pointer(members_at, &i.to_string());
            let variant_name = TypeName::suggested(&name).child(&format!("Variant{}", i + 1));
            let shape = self.shape(*member, &member_at, variant_name);
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
                Ty::Nullable(_) => "Nullable".into(),
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
}

/// A schema that says nothing: it accepts any value.
pub(super) fn is_anything(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
}

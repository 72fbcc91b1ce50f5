//! Objects, whether a struct or a map declares them: properties by API name, and what an
//! object does with properties it does not name.

use super::surface::{Key, Part};
use super::{Cx, Direction, Place, Touch, Usage, field_touches, rust_ident, rust_type, type_touch};
use crate::error::pointer;
use crate::model::{Field, Shape, Struct, Ty, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// What an object allows, whether a struct or a map declares it.
pub(super) struct Object<'s> {
    /// The Rust name its named properties are fields of (a map has none).
    name: String,
    /// The pointer of its `properties`.
    properties: String,
    fields: &'s [Field],
    /// `additionalProperties: false`.
    closed: bool,
    /// The values of properties it does not name, when it is open: a map's values, or any
    /// JSON for a struct.
    values: Shape,
    /// The struct's field that keeps unnamed properties.
    extra: Option<&'s str>,
}

impl<'a> Cx<'a> {
    /// The object a struct or a map stands for.
    pub(super) fn object_view(&self, def: Option<&'a TypeDef>, shape: &Shape) -> Object<'a> {
        match def.map(|d| (d, &d.kind)) {
            Some((def, TypeKind::Struct(s))) => Object {
                name: def.rust_name.clone(),
                properties: pointer(&def.at, "properties"),
                fields: &s.fields,
                closed: s.closed,
                values: Shape::default(),
                extra: Some(s.extra.as_str()),
            },
            _ => Object {
                name: def.map(|d| d.rust_name.clone()).unwrap_or_default(),
                properties: def.map_or_else(String::new, |d| pointer(&d.at, "properties")),
                fields: &[],
                closed: false,
                values: match &shape.ty {
                    Ty::Map(values) => (**values).clone(),
                    _ => Shape::default(),
                },
                extra: None,
            },
        }
    }

    pub(super) fn structure(
        &mut self,
        old_def: &'a TypeDef,
        new_def: &'a TypeDef,
        old: &Struct,
        new: &Struct,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let place = Place {
            at: new_def.at.clone(),
            rust_item: name.to_string(),
            what: format!("type `{name}`"),
            usage,
            retyped: "type_retyped",
            touches: vec![type_touch(name)],
        };
        let (a, b) = (
            self.object_view(Some(old_def), &Shape::default()),
            self.object_view(Some(new_def), &Shape::default()),
        );
        self.objects(&a, &b, &place);

        let olds: BTreeMap<&str, &Field> =
            old.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let news: BTreeMap<&str, &Field> =
            new.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let required = |fields: &[Field], others: &BTreeMap<&str, &Field>| -> Vec<String> {
            fields
                .iter()
                .filter(|f| {
                    f.required && others.get(f.api_name.as_str()).is_some_and(|o| o.required)
                })
                .map(|f| f.api_name.clone())
                .collect()
        };
        let (before, after) = (required(&old.fields, &news), required(&new.fields, &olds));
        if before != after {
            self.push(
                "constructor_reordered",
                &new_def.at,
                format!("{name}::new"),
                format!(
                    "arguments of `{name}::new` reordered: ({}) → ({})",
                    before.join(", "),
                    after.join(", ")
                ),
            )
            .rust("arguments of the same type swap silently")
            .touches(vec![Touch::Key(Key::new(format!("types::{name}"), Part::Fn("new".into())))])
            .same_json();
        }
        self.unnamed_properties(new_def, old, new);
    }

    /// Compares two objects property by property, then what they do with properties they do
    /// not name. `place` is the object's own.
    pub(super) fn objects(&mut self, old: &Object, new: &Object, place: &Place) {
        let usage = place.usage;
        // A map has no name of its own: its fields are named after the type or place.
        let name = [&new.name, &old.name, &place.rust_item]
            .into_iter()
            .find(|n| !n.is_empty())
            .map_or("", String::as_str);
        let olds: BTreeMap<&str, &Field> =
            old.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let news: BTreeMap<&str, &Field> =
            new.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        for f in new.fields {
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let at = pointer(&new.properties, &f.api_name);
            let what = format!("property `{}`", f.api_name);
            let Some(o) = olds.get(f.api_name.as_str()) else {
                // Generated structs are `#[non_exhaustive]`: only what builds them can break.
                let mut rust = match (f.required, old.fields.iter().any(|f| f.required)) {
                    (true, true) => format!("`{name}::new` takes it"),
                    (true, false) => {
                        format!(
                            "`{name}` loses `Default`: it is built with `{name}::new`, which takes it"
                        )
                    }
                    (false, _) => "a new field".to_string(),
                };
                if let Some(extra) = old.extra.filter(|_| usage.received) {
                    rust.push_str(&format!(
                        "; a received `{}` used to be kept in `{name}::{extra}`",
                        f.api_name
                    ));
                }
                let wire = if f.required {
                    usage
                        .sent
                        .then(|| "existing callers do not send it and are refused".to_string())
                } else {
                    (usage.received && old.closed).then(|| {
                        format!("the old document closed `{name}` (`additionalProperties: false`), so readers do not expect it")
                    })
                };
                self.push(
                    "field_added",
                    &at,
                    item,
                    format!(
                        "{what} added, {} (`{}`)",
                        if f.required { "required" } else { "optional" },
                        rust_type(&f.shape.ty)
                    ),
                )
                .wire(wire)
                .rust(rust)
                .touches(field_touches(name, &f.rust_name));
                continue;
            };
            self.field(
                o,
                f,
                &Place {
                    at,
                    rust_item: item,
                    what,
                    usage,
                    retyped: "field_retyped",
                    touches: field_touches(name, &f.rust_name)[..1].to_vec(),
                },
                name,
            );
        }
        for f in old.fields {
            if news.contains_key(f.api_name.as_str()) {
                continue;
            }
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let wire = if usage.sent {
                Some("the server no longer accepts or reads it from callers".to_string())
            } else if usage.received && f.required {
                Some("readers relied on it, since it was required".to_string())
            } else {
                None
            };
            self.push(
                "field_removed",
                &pointer(&old.properties, &f.api_name),
                &item,
                format!("property `{}` removed", f.api_name),
            )
            .wire(wire)
            .rust(format!("`{item}` no longer exists"))
            .touches(field_touches(name, &f.rust_name));
        }

        if old.closed != new.closed {
            let direction = if new.closed { Direction::Tightened } else { Direction::Loosened };
            let detail = if new.closed {
                "`additionalProperties: false` added: unnamed properties are refused"
            } else {
                "`additionalProperties: false` removed: unnamed properties are allowed"
            };
            self.constraint(place, direction, detail.to_string());
        } else if !new.closed {
            self.shape(&old.values, &new.values, &place.values());
        }
    }

    /// The name of the map field that keeps the properties the struct does not name. Only the
    /// Rust type differs; what is allowed is compared in [`Cx::objects`].
    fn unnamed_properties(&mut self, new_def: &TypeDef, old: &Struct, new: &Struct) {
        let name = new_def.rust_name.as_str();
        let touch = |extra: &str| {
            vec![Touch::Key(Key::new(format!("types::{name}"), Part::Member(extra.to_string())))]
        };
        if old.extra != new.extra {
            let (o, n) = (&old.extra, &new.extra);
            let mut touches = touch(o);
            touches.extend(touch(n));
            self.push(
                "extra_renamed",
                &new_def.at,
                format!("{name}::{n}"),
                format!("`{name}::{o}` renamed to `{name}::{n}`"),
            )
            .rust(format!("`{name}::{o}` no longer exists"))
            .touches(touches)
            .same_json();
        }
    }

    /// A property in both objects; `place` is the property's, `name` the object's.
    fn field(&mut self, old: &Field, new: &Field, place: &Place, name: &str) {
        let (at, item, what, usage) = (&place.at, &place.rust_item, &place.what, place.usage);
        let base = rust_type(&new.shape.ty);
        let mut touches = field_touches(name, &new.rust_name);
        if old.rust_name != new.rust_name {
            touches.extend(field_touches(name, &old.rust_name));
            self.push(
                "field_renamed",
                at,
                item,
                format!("{what} is now the field `{}` (was `{}`)", new.rust_name, old.rust_name),
            )
            .rust(format!("the field `{}` no longer exists", old.rust_name))
            .touches(touches.clone())
            .same_json();
        }
        if old.required != new.required {
            let (change, detail, wire, rust) = if new.required {
                (
                    "field_required",
                    format!("{what} made required"),
                    usage.sent.then(|| "callers that omit it are refused".to_string()),
                    format!("`Option<{base}>` becomes `{base}`"),
                )
            } else {
                (
                    "field_optional",
                    format!("{what} made optional"),
                    usage
                        .received
                        .then(|| "readers can no longer rely on it being present".to_string()),
                    format!("`{base}` becomes `Option<{base}>`"),
                )
            };
            self.push(change, at, item, detail).wire(wire).rust(rust).touches(touches.clone());
        }
        if old.nullable != new.nullable {
            let (change, detail, wire, rust) = if new.nullable {
                (
                    "field_nullable",
                    format!("{what} made nullable"),
                    usage.received.then(|| "readers may now get `null`".to_string()),
                    "the field gains an `Option` layer for `null`",
                )
            } else {
                (
                    "field_not_nullable",
                    format!("{what} no longer nullable"),
                    usage.sent.then(|| "callers that send `null` are refused".to_string()),
                    "the field loses its `Option` layer for `null`",
                )
            };
            self.push(change, at, item, detail)
                .wire(wire)
                .rust(rust)
                .touches(touches[..1].to_vec());
        }
        if old.boxed != new.boxed {
            let detail = if new.boxed {
                format!("{what} now holds its value in a `Box`")
            } else {
                format!("{what} no longer holds its value in a `Box`")
            };
            self.push("field_retyped", at, item, detail)
                .rust(format!("`{base}` and `Box<{base}>` are different types"))
                .touches(touches[..1].to_vec())
                .same_json();
        }
        self.shape(&old.shape, &new.shape, place);
    }
}

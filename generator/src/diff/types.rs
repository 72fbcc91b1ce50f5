//! Named types: structs and their fields, enums and their values, unions, aliases and
//! newtypes.

use super::{Cx, Direction, Place, Usage, rust_ident, rust_type};
use crate::error::pointer;
use crate::model::{Api, Field, Shape, StringEnum, Struct, TypeDef, TypeKind, Union};
use std::collections::{BTreeMap, BTreeSet};

impl Cx {
    pub(super) fn types(&mut self, old: &Api, new: &Api) {
        let olds: BTreeMap<&str, &TypeDef> =
            old.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
        let news: BTreeMap<&str, &TypeDef> =
            new.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
        let names: BTreeSet<&str> = olds.keys().chain(news.keys()).copied().collect();
        for name in names {
            match (olds.get(name), news.get(name)) {
                (None, Some(n)) => self.push(
                    "type_added",
                    &n.at,
                    name,
                    format!("{} `{name}` added", kind_name(&n.kind)),
                    None,
                    None,
                ),
                (Some(o), None) => self.push(
                    "type_removed",
                    &o.at,
                    name,
                    format!("{} `{name}` removed", kind_name(&o.kind)),
                    None,
                    Some(format!("`{name}` no longer exists")),
                ),
                (Some(o), Some(n)) => self.type_def(o, n),
                (None, None) => {}
            }
        }
    }

    /// The alternatives of a `oneOf`/`anyOf`: one added is a value old readers do not know and a
    /// new variant for `match`; one removed breaks both; a common one compares by shape.
    pub(super) fn union(&mut self, old: &Union, new: &Union, place: &Place) {
        for v in &new.variants {
            let item = format!("{}::{}", place.rust_item, v.rust_name);
            match old.variants.iter().find(|o| o.rust_name == v.rust_name) {
                Some(o) => {
                    let inner = Place { rust_item: item, ..place.clone() };
                    self.shape(&o.shape, &v.shape, &inner);
                }
                None => self.push(
                    "union_variant_added",
                    &place.at,
                    &item,
                    format!("alternative `{}` added to {}", v.rust_name, place.what),
                    place
                        .usage
                        .received
                        .then(|| "readers of the old document do not expect it".into()),
                    Some(format!("a `match` on `{}` without `_` stops compiling", place.rust_item)),
                ),
            }
        }
        for o in
            old.variants.iter().filter(|o| !new.variants.iter().any(|v| v.rust_name == o.rust_name))
        {
            self.push(
                "union_variant_removed",
                &place.at,
                format!("{}::{}", place.rust_item, o.rust_name),
                format!("alternative `{}` removed from {}", o.rust_name, place.what),
                place.usage.sent.then(|| "values of it that callers send are refused".into()),
                Some(format!("`{}::{}` no longer exists", place.rust_item, o.rust_name)),
            );
        }
    }

    pub(super) fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let name = new.rust_name.as_str();
        let usage = self.type_usage(name);
        let place = Place {
            at: new.at.clone(),
            rust_item: name.to_string(),
            what: format!("type `{name}`"),
            usage,
            retyped: "type_retyped",
            checked: usage.sent || matches!(new.kind, TypeKind::Newtype(_)),
        };
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => self.structure(old, new, o, n, usage),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.string_enum(old, new, o, n, usage),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.union(o, n, &place),
            // The statuses behind them are compared with their operation.
            (TypeKind::Responses(_), TypeKind::Responses(_)) => {}
            (TypeKind::Alias(o), TypeKind::Alias(n))
            | (TypeKind::Newtype(o), TypeKind::Newtype(n)) => self.shape(o, n, &place),
            (
                TypeKind::Alias(o) | TypeKind::Newtype(o),
                TypeKind::Alias(n) | TypeKind::Newtype(n),
            ) => {
                self.push(
                    "type_kind_changed",
                    &new.at,
                    name,
                    format!(
                        "`{name}` changed from {} to {}",
                        kind_name(&old.kind),
                        kind_name(&new.kind)
                    ),
                    None,
                    Some(format!(
                        "`{}` becomes `{}`",
                        declaration(name, &old.kind),
                        declaration(name, &new.kind)
                    )),
                );
                self.shape(o, n, &place);
            }
            _ => self.push(
                "type_kind_changed",
                &new.at,
                name,
                format!(
                    "`{name}` changed from {} to {}",
                    kind_name(&old.kind),
                    kind_name(&new.kind)
                ),
                usage.used().then(|| "its values have a different JSON shape".into()),
                Some(format!("`{name}` is now `{}`", declaration(name, &new.kind))),
            ),
        }
    }

    pub(super) fn structure(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &Struct,
        new: &Struct,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let olds: BTreeMap<&str, &Field> =
            old.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let news: BTreeMap<&str, &Field> =
            new.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let properties = pointer(&new_def.at, "properties");
        let builds = if new.fields.iter().all(|f| !f.required) {
            "struct literals without `..Default::default()` and patterns without `..` stop compiling"
                .to_string()
        } else {
            format!(
                "struct literals and patterns without `..` stop compiling (`{name}::new` keeps compiling)"
            )
        };
        for f in &new.fields {
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let at = pointer(&properties, &f.api_name);
            let what = format!("property `{}`", f.api_name);
            let Some(o) = olds.get(f.api_name.as_str()) else {
                let mut rust = if f.required {
                    format!(
                        "a new field; `{name}::new` takes it, and struct literals stop compiling"
                    )
                } else {
                    format!("a new field: {builds}")
                };
                if old.extra.is_some() && usage.received {
                    rust.push_str(&format!(
                        "; a received `{}` used to be kept in `{name}::{}`",
                        f.api_name,
                        old.extra.as_deref().unwrap_or("extra")
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
                        "{what} added, {}{}",
                        if f.required { "required" } else { "optional" },
                        shape_note(&f.shape)
                    ),
                    wire,
                    Some(rust),
                );
                continue;
            };
            self.field(o, f, &item, &at, &what, usage);
        }
        let old_properties = pointer(&old_def.at, "properties");
        for f in &old.fields {
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
                &pointer(&old_properties, &f.api_name),
                &item,
                format!("property `{}` removed", f.api_name),
                wire,
                Some(format!("`{item}` no longer exists")),
            );
        }

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
                None,
                Some("arguments of the same type swap silently".into()),
            );
        }

        self.unnamed_properties(new_def, old, new, &builds, usage);
    }

    /// What the struct does with properties it does not name: keeps them in a map field
    /// (`extra`), or refuses them (`additionalProperties: false`).
    fn unnamed_properties(
        &mut self,
        new_def: &TypeDef,
        old: &Struct,
        new: &Struct,
        builds: &str,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        match (&old.extra, &new.extra) {
            (None, Some(extra)) => self.push(
                "extra_added",
                &new_def.at,
                format!("{name}::{extra}"),
                format!("`{name}` keeps unnamed properties in a new field `{extra}`"),
                None,
                Some(format!("a new field: {builds}")),
            ),
            (Some(extra), None) => self.push(
                "extra_removed",
                &new_def.at,
                format!("{name}::{extra}"),
                format!("`{name}` no longer keeps unnamed properties (`{extra}` removed)"),
                None,
                Some(format!("`{name}::{extra}` no longer exists")),
            ),
            (Some(o), Some(n)) if o != n => self.push(
                "extra_renamed",
                &new_def.at,
                format!("{name}::{n}"),
                format!("`{name}::{o}` renamed to `{name}::{n}`"),
                None,
                Some(format!("`{name}::{o}` no longer exists")),
            ),
            _ => {}
        }

        if old.closed != new.closed {
            let direction = if new.closed { Direction::Tightened } else { Direction::Loosened };
            let place = Place {
                at: new_def.at.clone(),
                rust_item: name.to_string(),
                what: format!("type `{name}`"),
                usage,
                retyped: "type_retyped",
                checked: usage.sent,
            };
            let detail = if new.closed {
                "`additionalProperties: false` added: unnamed properties are refused"
            } else {
                "`additionalProperties: false` removed: unnamed properties are allowed"
            };
            self.constraint(&place, direction, detail.to_string());
        }
    }

    pub(super) fn field(
        &mut self,
        old: &Field,
        new: &Field,
        item: &str,
        at: &str,
        what: &str,
        usage: Usage,
    ) {
        let base = rust_type(&new.shape.ty);
        if old.rust_name != new.rust_name {
            self.push(
                "field_renamed",
                at,
                item,
                format!("{what} is now the field `{}` (was `{}`)", new.rust_name, old.rust_name),
                None,
                Some(format!("the field `{}` no longer exists", old.rust_name)),
            );
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
            self.push(change, at, item, detail, wire, Some(rust));
        }
        if old.nullable != new.nullable {
            let (change, detail, wire, rust) = if new.nullable {
                (
                    "field_nullable",
                    format!("{what} made nullable"),
                    usage.received.then(|| "readers may now get `null`".to_string()),
                    "the field gains an `Option` layer for `null`".to_string(),
                )
            } else {
                (
                    "field_not_nullable",
                    format!("{what} no longer nullable"),
                    usage.sent.then(|| "callers that send `null` are refused".to_string()),
                    "the field loses its `Option` layer for `null`".to_string(),
                )
            };
            self.push(change, at, item, detail, wire, Some(rust));
        }
        if old.boxed != new.boxed {
            let detail = if new.boxed {
                format!("{what} now holds its value in a `Box`")
            } else {
                format!("{what} no longer holds its value in a `Box`")
            };
            self.push(
                "field_retyped",
                at,
                item,
                detail,
                None,
                Some(format!("`{base}` and `Box<{base}>` are different types")),
            );
        }
        let place = Place {
            at: at.to_string(),
            rust_item: item.to_string(),
            what: what.to_string(),
            usage,
            retyped: "field_retyped",
            checked: usage.sent,
        };
        self.shape(&old.shape, &new.shape, &place);
    }

    pub(super) fn string_enum(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &StringEnum,
        new: &StringEnum,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let at = pointer(&new_def.at, "enum");
        let olds: BTreeMap<&str, &str> =
            old.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        let news: BTreeMap<&str, &str> =
            new.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        for v in &new.variants {
            let item = format!("{name}::{}", v.rust_name);
            match olds.get(v.value.as_str()) {
                None => self.push(
                    "enum_value_added",
                    &at,
                    &item,
                    format!("value `{}` added", v.value),
                    usage
                        .received
                        .then(|| "readers of the old document do not expect a value it did not list".into()),
                    Some(format!(
                        "a `match` on `{name}` without `_` stops compiling, and the value no longer decodes as `{name}::{}(..)`",
                        old.unknown
                    )),
                ),
                Some(&was) if was != v.rust_name => self.push(
                    "enum_variant_renamed",
                    &at,
                    &item,
                    format!("value `{}` is now the variant `{}` (was `{was}`)", v.value, v.rust_name),
                    None,
                    Some(format!("`{name}::{was}` no longer exists")),
                ),
                Some(_) => {}
            }
        }
        for v in &old.variants {
            if news.contains_key(v.value.as_str()) {
                continue;
            }
            let item = format!("{name}::{}", v.rust_name);
            self.push(
                "enum_value_removed",
                &pointer(&old_def.at, "enum"),
                &item,
                format!("value `{}` removed", v.value),
                usage.sent.then(|| "callers that send the value are refused".into()),
                Some(format!(
                    "the variant no longer exists, and the value decodes as `{name}::{}(..)`",
                    new.unknown
                )),
            );
        }
        if old.unknown != new.unknown {
            self.push(
                "enum_variant_renamed",
                &at,
                format!("{name}::{}", new.unknown),
                format!("the catch-all variant is now `{}` (was `{}`)", new.unknown, old.unknown),
                None,
                Some(format!("`{name}::{}` no longer exists", old.unknown)),
            );
        }
        let order =
            |variants: &[crate::model::Variant], others: &BTreeMap<&str, &str>| -> Vec<String> {
                variants
                    .iter()
                    .filter(|v| others.contains_key(v.value.as_str()))
                    .map(|v| v.value.clone())
                    .collect()
            };
        let (before, after) = (order(&old.variants, &news), order(&new.variants, &olds));
        if before != after {
            self.push(
                "enum_values_reordered",
                &at,
                name,
                format!("values reordered: {} → {}", before.join(", "), after.join(", ")),
                None,
                Some(format!("the derived `Ord` of `{name}` follows the order of its variants")),
            );
        }
    }
}

pub(super) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Union(_) => "union enum",
        TypeKind::Responses(_) => "response enum",
    }
}

/// How the generated crate declares a type, in short: `struct Name(String)`, `enum Name`.
pub(super) fn declaration(name: &str, kind: &TypeKind) -> String {
    match kind {
        TypeKind::Alias(shape) => format!("type {name} = {}", rust_type(&shape.ty)),
        TypeKind::Newtype(shape) => format!("struct {name}({})", rust_type(&shape.ty)),
        TypeKind::Struct(_) => format!("struct {name}"),
        TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Responses(_) => format!("enum {name}"),
    }
}

/// ``` (`Option<String>`)``` and the like: the type a new field has.
pub(super) fn shape_note(shape: &Shape) -> String {
    format!(" (`{}`)", rust_type(&shape.ty))
}

//! Named types: structs and their fields (and objects in general: a map is an object without
//! named properties), enums and their values, unions, aliases and newtypes.

use super::shapes::Doc;
use super::surface::{Key, Part};
use super::{
    Cx, Direction, Owner, Place, Touch, Usage, field_touches, rust_ident, rust_type, type_touch,
};
use crate::error::pointer;
use crate::model::{Field, Shape, StringEnum, Struct, Ty, TypeDef, TypeKind, Union, Variant};
use std::collections::{BTreeMap, BTreeSet};

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
    pub(super) fn types(&mut self) {
        let names: BTreeSet<&'a str> =
            self.old_defs.keys().chain(self.new_defs.keys()).copied().collect();
        for name in names {
            self.owner = Owner::Type(name.to_string());
            match (self.old_defs.get(name).copied(), self.new_defs.get(name).copied()) {
                (None, Some(n)) => {
                    self.push(
                        "type_added",
                        &n.at,
                        name,
                        format!("{} `{name}` added", kind_name(&n.kind)),
                    )
                    .touches(vec![type_touch(name)]);
                }
                (Some(o), None) => {
                    self.push(
                        "type_removed",
                        &o.at,
                        name,
                        format!("{} `{name}` removed", kind_name(&o.kind)),
                    )
                    .rust(format!("`{name}` no longer exists"))
                    .touches(vec![type_touch(name)]);
                }
                (Some(o), Some(n)) => self.type_def(o, n),
                (None, None) => {}
            }
        }
    }

    /// The alternatives of a `oneOf`/`anyOf`: one added is a value old readers do not know and a
    /// new variant for `match`; one removed breaks both; a common one compares by shape.
    pub(super) fn union(&mut self, old: &Union, new: &Union, place: &Place) {
        let touch = |variant: &str| {
            vec![Touch::Key(Key::new(
                format!("types::{}", place.rust_item),
                Part::Member(variant.to_string()),
            ))]
        };
        for v in &new.variants {
            let item = format!("{}::{}", place.rust_item, v.rust_name);
            match old.variants.iter().find(|o| o.rust_name == v.rust_name) {
                Some(o) => {
                    let inner =
                        Place { rust_item: item, touches: touch(&v.rust_name), ..place.clone() };
                    self.shape(&o.shape, &v.shape, &inner);
                }
                None => {
                    self.push(
                        "union_variant_added",
                        &place.at,
                        &item,
                        format!("alternative `{}` added to {}", v.rust_name, place.what),
                    )
                    .wire(
                        place
                            .usage
                            .received
                            .then(|| "readers of the old document do not expect it".into()),
                    )
                    .rust(format!("a `match` on `{}` without `_` stops compiling", place.rust_item))
                    .touches(touch(&v.rust_name));
                }
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
            )
            .wire(place.usage.sent.then(|| "values of it that callers send are refused".into()))
            .rust(format!("`{}::{}` no longer exists", place.rust_item, o.rust_name))
            .touches(touch(&o.rust_name));
        }
    }

    pub(super) fn type_def(&mut self, old: &'a TypeDef, new: &'a TypeDef) {
        let name = new.rust_name.as_str();
        let usage = self.type_usage(name);
        let place = Place {
            at: new.at.clone(),
            rust_item: name.to_string(),
            what: format!("type `{name}`"),
            usage,
            retyped: "type_retyped",
            touches: vec![type_touch(name)],
        };
        if kind_name(&old.kind) != kind_name(&new.kind) {
            let wrapper =
                |kind: &TypeKind| matches!(kind, TypeKind::Alias(_) | TypeKind::Newtype(_));
            let rust = if wrapper(&old.kind) && wrapper(&new.kind) {
                format!(
                    "`{}` becomes `{}`",
                    declaration(name, &old.kind),
                    declaration(name, &new.kind)
                )
            } else {
                format!("`{name}` is now `{}`", declaration(name, &new.kind))
            };
            // Values of another kind are compared by meaning below when they can be (a struct
            // and a map are both objects, an enum and a string both strings).
            let comparable = self.comparable(old, new);
            let mut touches = vec![type_touch(name)];
            touches.extend(self.uses_of(name));
            self.push(
                "type_kind_changed",
                &new.at,
                name,
                format!(
                    "`{name}` changed from {} to {}",
                    kind_name(&old.kind),
                    kind_name(&new.kind)
                ),
            )
            .wire(
                (!comparable && (usage.sent || usage.received))
                    .then(|| "its values have a different JSON shape".into()),
            )
            .rust(rust)
            .touches(touches);
            if !comparable {
                return;
            }
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => self.structure(old, new, o, n, usage),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.string_enum(new, o, n, usage),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.union(o, n, &place),
            // The statuses behind them are compared with their operation.
            (TypeKind::Responses(_), TypeKind::Responses(_)) => {}
            (
                TypeKind::Alias(o) | TypeKind::Newtype(o),
                TypeKind::Alias(n) | TypeKind::Newtype(n),
            ) => {
                // An alias is spelled out wherever it is used, so a new type for it changes
                // those places in the generated API too.
                let mut place = place.clone();
                place.touches.extend(self.uses_of(name));
                self.shape(o, n, &place)
            }
            // Another kind: what its values allow is compared, by meaning.
            _ => {
                let named = |def: &TypeDef| Shape {
                    ty: Ty::Named { name: def.rust_name.clone(), validate: false },
                    ..Shape::default()
                };
                self.values(&named(old), &named(new), &place);
            }
        }
    }

    /// Whether the values of two types of different kinds can be compared by meaning.
    fn comparable(&self, old: &TypeDef, new: &TypeDef) -> bool {
        let class = |doc: Doc, def: &TypeDef| match &def.kind {
            TypeKind::Struct(_) => "object",
            TypeKind::Enum(_) => "string",
            TypeKind::Union(_) => "union",
            TypeKind::Responses(_) => "responses",
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => {
                match self.resolved(doc, shape).ty {
                    Ty::Map(_) => "object",
                    Ty::String => "string",
                    _ => "wrapper",
                }
            }
        };
        let wrapper = |kind: &TypeKind| matches!(kind, TypeKind::Alias(_) | TypeKind::Newtype(_));
        (wrapper(&old.kind) && wrapper(&new.kind)) || class(Doc::Old, old) == class(Doc::New, new)
    }

    /// Every place either document spells a type: the fields, variants, aliases, arguments
    /// and results whose Rust type names it, by the type's name. Built once per diff.
    pub(super) fn uses(&self) -> BTreeMap<String, Vec<Touch>> {
        let mut uses: BTreeMap<String, Vec<Touch>> = BTreeMap::new();
        let mut add = |shape: &Shape, touches: Vec<Touch>| {
            if let Some(name) = shape.named() {
                uses.entry(name.to_string()).or_default().extend(touches);
            }
        };
        for api in [&self.old.api, &self.new.api] {
            for def in &api.types {
                let item = format!("types::{}", def.rust_name);
                match &def.kind {
                    TypeKind::Struct(s) => {
                        for f in &s.fields {
                            add(&f.shape, field_touches(&def.rust_name, &f.rust_name));
                        }
                    }
                    TypeKind::Union(u) => {
                        for v in &u.variants {
                            let variant = Part::Member(v.rust_name.clone());
                            add(&v.shape, vec![Touch::Key(Key::new(&item, variant))]);
                        }
                    }
                    TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Responses(_) => {
                        for shape in def.kind.shapes() {
                            add(shape, vec![Touch::Item(item.clone())]);
                        }
                    }
                    TypeKind::Enum(_) => {}
                }
            }
            for op in &api.operations {
                for p in &op.params {
                    let arg = rust_ident(&p.rust_name);
                    add(&p.shape, self.method_touches(&[op], |m| Part::Arg(m, arg.clone())));
                }
                if let Some(shape) = op.body.as_ref().and_then(|b| b.shape()) {
                    add(shape, self.method_touches(&[op], |m| Part::Arg(m, "body".into())));
                }
                for shape in op.received_shapes() {
                    add(shape, self.method_touches(&[op], Part::Ret));
                }
            }
        }
        uses
    }

    fn uses_of(&self, name: &str) -> Vec<Touch> {
        self.uses.get(name).cloned().unwrap_or_default()
    }

    /// The object a struct or a map stands for.
    pub(super) fn object_view(&self, def: Option<&'a TypeDef>, shape: &Shape) -> Object<'a> {
        match def.map(|d| (d, &d.kind)) {
            Some((def, TypeKind::Struct(s))) => Object {
                name: def.rust_name.clone(),
                properties: pointer(&def.at, "properties"),
                fields: &s.fields,
                closed: s.closed,
                values: Shape::default(),
                extra: s.extra.as_deref(),
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
        let builds = builds(name, new.fields);
        for f in new.fields {
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let at = pointer(&new.properties, &f.api_name);
            let what = format!("property `{}`", f.api_name);
            let Some(o) = olds.get(f.api_name.as_str()) else {
                let mut rust = if f.required {
                    format!(
                        "a new field; `{name}::new` takes it, and struct literals stop compiling"
                    )
                } else {
                    format!("a new field: {builds}")
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

    /// What the struct does with properties it does not name: keeps them in a map field
    /// (`extra`), or not. Only the Rust type differs; what is allowed is compared in
    /// [`Cx::objects`].
    fn unnamed_properties(&mut self, new_def: &TypeDef, old: &Struct, new: &Struct) {
        let name = new_def.rust_name.as_str();
        let touch = |extra: &str| {
            vec![Touch::Key(Key::new(format!("types::{name}"), Part::Member(extra.to_string())))]
        };
        match (&old.extra, &new.extra) {
            (None, Some(extra)) => {
                self.push(
                    "extra_added",
                    &new_def.at,
                    format!("{name}::{extra}"),
                    format!("`{name}` keeps unnamed properties in a new field `{extra}`"),
                )
                .rust(format!("a new field: {}", builds(name, &new.fields)))
                .touches(touch(extra))
                .same_json();
            }
            (Some(extra), None) => {
                self.push(
                    "extra_removed",
                    &new_def.at,
                    format!("{name}::{extra}"),
                    format!("`{name}` no longer keeps unnamed properties (`{extra}` removed)"),
                )
                .rust(format!("`{name}::{extra}` no longer exists"))
                .touches(touch(extra))
                .same_json();
            }
            (Some(o), Some(n)) if o != n => {
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
            _ => {}
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

    pub(super) fn string_enum(
        &mut self,
        new_def: &TypeDef,
        old: &StringEnum,
        new: &StringEnum,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let at = pointer(&new_def.at, "enum");
        let place = Place {
            at: at.clone(),
            rust_item: name.to_string(),
            what: format!("type `{name}`"),
            usage,
            retyped: "type_retyped",
            touches: vec![type_touch(name)],
        };
        self.enum_values(old, new, &place);
        let olds: BTreeMap<&str, &str> =
            old.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        let news: BTreeMap<&str, &str> =
            new.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        let member = |variant: &str| {
            Touch::Key(Key::new(format!("types::{name}"), Part::Member(variant.to_string())))
        };
        for v in &new.variants {
            if let Some(&was) = olds.get(v.value.as_str())
                && was != v.rust_name
            {
                self.push(
                    "enum_variant_renamed",
                    &at,
                    format!("{name}::{}", v.rust_name),
                    format!(
                        "value `{}` is now the variant `{}` (was `{was}`)",
                        v.value, v.rust_name
                    ),
                )
                .rust(format!("`{name}::{was}` no longer exists"))
                .touches(vec![member(was), member(&v.rust_name)])
                .same_json();
            }
        }
        if old.unknown != new.unknown {
            self.push(
                "enum_variant_renamed",
                &at,
                format!("{name}::{}", new.unknown),
                format!("the catch-all variant is now `{}` (was `{}`)", new.unknown, old.unknown),
            )
            .rust(format!("`{name}::{}` no longer exists", old.unknown))
            .touches(vec![member(&old.unknown), member(&new.unknown)])
            .same_json();
        }
        let order = |variants: &[Variant], others: &BTreeMap<&str, &str>| -> Vec<String> {
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
            )
            .rust(format!("the derived `Ord` of `{name}` follows the order of its variants"))
            .touches(vec![Touch::Key(Key::item(format!("types::{name}")))])
            .same_json();
        }
    }

    /// The values of two enums: one added is a value readers of the old document do not
    /// expect; one removed is refused when callers send it. `place` is the enum's.
    pub(super) fn enum_values(&mut self, old: &StringEnum, new: &StringEnum, place: &Place) {
        let name = place.rust_item.as_str();
        let olds: BTreeSet<&str> = old.variants.iter().map(|v| v.value.as_str()).collect();
        let news: BTreeSet<&str> = new.variants.iter().map(|v| v.value.as_str()).collect();
        let member = |variant: &str| {
            vec![Touch::Key(Key::new(format!("types::{name}"), Part::Member(variant.to_string())))]
        };
        for v in new.variants.iter().filter(|v| !olds.contains(v.value.as_str())) {
            self.push(
                "enum_value_added",
                &place.at,
                format!("{name}::{}", v.rust_name),
                format!("value `{}` added", v.value),
            )
            .wire(place.usage.received.then(|| {
                "readers of the old document do not expect a value it did not list".into()
            }))
            .rust(format!(
                "a `match` on `{name}` without `_` stops compiling, and the value no longer decodes as `{name}::{}(..)`",
                old.unknown
            ))
            .touches(member(&v.rust_name));
        }
        for v in old.variants.iter().filter(|v| !news.contains(v.value.as_str())) {
            self.push(
                "enum_value_removed",
                &place.at,
                format!("{name}::{}", v.rust_name),
                format!("value `{}` removed", v.value),
            )
            .wire(place.usage.sent.then(|| "callers that send the value are refused".into()))
            .rust(format!(
                "the variant no longer exists, and the value decodes as `{name}::{}(..)`",
                new.unknown
            ))
            .touches(member(&v.rust_name));
        }
    }
}

/// Which code that builds a struct a new field breaks.
fn builds(name: &str, fields: &[Field]) -> String {
    if fields.iter().all(|f| !f.required) {
        "struct literals without `..Default::default()` and patterns without `..` stop compiling"
            .to_string()
    } else {
        format!(
            "struct literals and patterns without `..` stop compiling (`{name}::new` keeps compiling)"
        )
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

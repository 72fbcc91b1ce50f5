//! Named types: their kinds, enums and their values, unions, aliases and newtypes, and where
//! each is spelled. Structs, as objects, are in `objects.rs`.

use super::shapes::Doc;
use super::surface::{Key, Part};
use super::{Cx, Owner, Place, Touch, Usage, field_touches, rust_ident, rust_type, type_touch};
use crate::error::pointer;
use crate::model::{Shape, StringEnum, Ty, TypeDef, TypeKind, Union, Variant};
use std::collections::{BTreeMap, BTreeSet};

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
            TypeKind::Enum(e) if e.integer.is_some() => "integer",
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

//! The walks of the model: the shapes each type, operation and body holds, which types are
//! sent and received, and the shapes the client checks.

use super::*;
use std::collections::BTreeMap;

impl Shape {
    /// Whether a value of this shape has anything to check before it is sent.
    pub fn needs_check(&self) -> bool {
        !self.checks.is_empty()
            || match &self.ty {
                Ty::Float => true,
                Ty::Named { validate, .. } => *validate,
                Ty::Array(item) | Ty::Map(item) | Ty::Nullable(item) => item.needs_check(),
                _ => false,
            }
    }

    /// This shape and the shapes inside it (an array's items, a map's values, what a nullable
    /// shape holds, and theirs), outermost first.
    pub fn nested(&self) -> impl Iterator<Item = &Shape> {
        std::iter::successors(Some(self), |shape| match &shape.ty {
            Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) => Some(inner),
            Ty::String
            | Ty::Bool
            | Ty::Int(_)
            | Ty::Float
            | Ty::DateTime
            | Ty::Bytes
            | Ty::Json
            | Ty::Named { .. } => None,
        })
    }

    /// Calls `f` on this shape and the shapes inside it, innermost first, so that a shape
    /// `f` puts in place of another is not walked again.
    pub fn nested_mut(&mut self, f: &mut impl FnMut(&mut Shape)) {
        if let Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) = &mut self.ty {
            inner.nested_mut(f);
        }
        f(self);
    }

    /// The named type the shape holds, directly or as the items or values of arrays and maps.
    pub fn named(&self) -> Option<&str> {
        self.nested().find_map(|shape| match &shape.ty {
            Ty::Named { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }
}

impl Api {
    /// The named type called `name`; [`Api::types`] is ordered by Rust name.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let i = self.types.binary_search_by(|d| d.rust_name.as_str().cmp(name)).ok()?;
        Some(&self.types[i])
    }

    /// Every shape whose constraints the generated code checks before sending, not looking
    /// inside (see [`Shape::nested`]): the shapes of each type that can be sent (all but
    /// response enums), then each operation's parameters and body.
    pub fn checked_shapes(&self) -> impl Iterator<Item = &Shape> {
        let types =
            self.types.iter().filter(|d| d.kind.is_sendable()).flat_map(|d| d.kind.shapes());
        types.chain(self.operations.iter().flat_map(Operation::sent_shapes))
    }

    /// [`Api::checked_shapes`], to change.
    pub fn checked_shapes_mut(&mut self) -> impl Iterator<Item = &mut Shape> {
        let types = self
            .types
            .iter_mut()
            .filter(|d| d.kind.is_sendable())
            .flat_map(|d| d.kind.shapes_mut());
        types.chain(self.operations.iter_mut().flat_map(Operation::sent_shapes_mut))
    }

    /// How each named type that an operation reaches is used: sent when a parameter or a
    /// request body reaches it, received when a response body does, following the shapes of
    /// the types on the way (fields, variants, aliased and wrapped shapes, arrays and maps).
    /// A type that no operation reaches is not listed.
    pub fn usage(&self) -> BTreeMap<String, Usage> {
        let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
        let mut stack: Vec<(&str, Usage)> = Vec::new();
        for op in &self.operations {
            stack.extend(op.sent_shapes().filter_map(Shape::named).map(|n| (n, Usage::SENT)));
            stack.extend(
                op.received_shapes().filter_map(Shape::named).map(|n| (n, Usage::RECEIVED)),
            );
        }
        while let Some((name, how)) = stack.pop() {
            let entry = usage.entry(name.to_string()).or_default();
            let merged = entry.union(how);
            if merged == *entry {
                continue;
            }
            *entry = merged;
            if let Some(def) = self.type_def(name) {
                stack.extend(def.kind.shapes().filter_map(Shape::named).map(|n| (n, how)));
            }
        }
        usage
    }
}

impl TypeKind {
    /// Every shape the type holds, not looking inside (see [`Shape::nested`]): a struct's
    /// fields, a union's variants, the shape a newtype wraps or an alias names, the payloads
    /// of a response enum; a string enum holds none.
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        let (fields, variants, one, responses): (&[Field], &[UnionVariant], _, &[ResponseVariant]) =
            match self {
                TypeKind::Struct(s) => (&s.fields, &[], None, &[]),
                TypeKind::Enum(_) => (&[], &[], None, &[]),
                TypeKind::Union(u) => (&[], &u.variants, None, &[]),
                TypeKind::Newtype(shape) | TypeKind::Alias(shape) => (&[], &[], Some(shape), &[]),
                TypeKind::Responses(variants) => (&[], &[], None, variants),
            };
        fields
            .iter()
            .map(|f| &f.shape)
            .chain(variants.iter().map(|v| &v.shape))
            .chain(one)
            .chain(responses.iter().filter_map(|r| r.payload.shape()))
    }

    /// [`TypeKind::shapes`], to change.
    pub fn shapes_mut(&mut self) -> impl Iterator<Item = &mut Shape> {
        let (fields, variants, one, responses): (
            &mut [Field],
            &mut [UnionVariant],
            _,
            &mut [ResponseVariant],
        ) = match self {
            TypeKind::Struct(s) => (&mut s.fields, &mut [], None, &mut []),
            TypeKind::Enum(_) => (&mut [], &mut [], None, &mut []),
            TypeKind::Union(u) => (&mut [], &mut u.variants, None, &mut []),
            TypeKind::Newtype(shape) | TypeKind::Alias(shape) => {
                (&mut [], &mut [], Some(shape), &mut [])
            }
            TypeKind::Responses(variants) => (&mut [], &mut [], None, variants),
        };
        fields
            .iter_mut()
            .map(|f| &mut f.shape)
            .chain(variants.iter_mut().map(|v| &mut v.shape))
            .chain(one)
            .chain(responses.iter_mut().filter_map(|r| r.payload.shape_mut()))
    }

    /// Whether values of the type can be sent, and so have their constraints checked: every
    /// kind but the response enums, which are only received.
    pub fn is_sendable(&self) -> bool {
        match self {
            TypeKind::Struct(_)
            | TypeKind::Enum(_)
            | TypeKind::Union(_)
            | TypeKind::Newtype(_)
            | TypeKind::Alias(_) => true,
            TypeKind::Responses(_) => false,
        }
    }

    /// Whether the generated type has a `validate` method, which checks the constraints of
    /// the spec: structs, unions and newtypes. An alias has no type of its own to carry one.
    pub fn has_validate(&self) -> bool {
        match self {
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_) => true,
            TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Responses(_) => false,
        }
    }
}

impl Operation {
    /// Every shape the operation holds, not looking inside (see [`Shape::nested`]): what it
    /// sends, then what it receives.
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.sent_shapes().chain(self.received_shapes())
    }

    /// [`Operation::shapes`], to change.
    pub fn shapes_mut(&mut self) -> impl Iterator<Item = &mut Shape> {
        let sent = self.params.iter_mut().map(|p| &mut p.shape);
        let body = self.body.as_mut().and_then(Body::shape_mut);
        let outcomes = self.success.iter_mut().chain(&mut self.errors);
        let returned = [&mut self.ok, &mut self.err].into_iter().filter_map(Returned::payload_mut);
        sent.chain(body)
            .chain(outcomes.filter_map(|o| o.payload.shape_mut()))
            .chain(returned.filter_map(Payload::shape_mut))
            .chain(self.pagination.as_mut().map(|p| &mut p.item))
    }

    /// The shapes of what it sends: its parameters, then its body.
    pub fn sent_shapes(&self) -> impl Iterator<Item = &Shape> {
        self.params.iter().map(|p| &p.shape).chain(self.body.as_ref().and_then(Body::shape))
    }

    /// [`Operation::sent_shapes`], to change.
    pub fn sent_shapes_mut(&mut self) -> impl Iterator<Item = &mut Shape> {
        let body = self.body.as_mut().and_then(Body::shape_mut);
        self.params.iter_mut().map(|p| &mut p.shape).chain(body)
    }

    /// The shapes of what it receives: the payloads of its successes and errors, then those
    /// of what its methods return (`ok`, `err`) and of its pages' items, which repeat them.
    pub fn received_shapes(&self) -> impl Iterator<Item = &Shape> {
        let outcomes = self.success.iter().chain(&self.errors).filter_map(|o| o.payload.shape());
        let returned = [&self.ok, &self.err].into_iter().filter_map(Returned::payload);
        let items = self.pagination.as_ref().map(|p| &p.item);
        outcomes.chain(returned.filter_map(Payload::shape)).chain(items)
    }
}

impl Body {
    /// The shape of a JSON, form or multipart body; `None` for text and bytes.
    pub fn shape(&self) -> Option<&Shape> {
        match &self.kind {
            BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
                Some(shape)
            }
            BodyKind::Text | BodyKind::Bytes => None,
        }
    }

    /// [`Body::shape`], to change.
    pub fn shape_mut(&mut self) -> Option<&mut Shape> {
        match &mut self.kind {
            BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
                Some(shape)
            }
            BodyKind::Text | BodyKind::Bytes => None,
        }
    }

    /// Whether the runtime's form encoders send it: a form or a multipart body.
    pub fn is_form(&self) -> bool {
        match self.kind {
            BodyKind::Form(_) | BodyKind::Multipart(_) => true,
            BodyKind::Json(_) | BodyKind::Text | BodyKind::Bytes => false,
        }
    }
}

impl Payload {
    /// The shape of a JSON payload; `None` for the others.
    pub fn shape(&self) -> Option<&Shape> {
        match self {
            Payload::Json(shape) => Some(shape),
            Payload::Empty | Payload::Text | Payload::Bytes => None,
        }
    }

    /// [`Payload::shape`], to change.
    pub fn shape_mut(&mut self) -> Option<&mut Shape> {
        match self {
            Payload::Json(shape) => Some(shape),
            Payload::Empty | Payload::Text | Payload::Bytes => None,
        }
    }
}

impl Returned {
    /// The one payload the outcomes share; `None` for an enum of them.
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            Returned::One(payload) => Some(payload),
            Returned::Enum(_) => None,
        }
    }

    /// [`Returned::payload`], to change.
    pub fn payload_mut(&mut self) -> Option<&mut Payload> {
        match self {
            Returned::One(payload) => Some(payload),
            Returned::Enum(_) => None,
        }
    }
}

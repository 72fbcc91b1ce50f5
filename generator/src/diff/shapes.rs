//! One value's shape: what JSON it allows (its type, followed through aliases and newtypes,
//! and the constraints on it).

use super::patterns::{self, Relation};
use super::{Cx, Direction, Place, Usage, Verdict, rust_type};
use crate::model::{Checks, Counts, IntKind, Number, Shape, StringEnum, Ty, TypeDef, TypeKind};

/// Which document a shape comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Doc {
    Old,
    New,
}

impl<'a> Cx<'a> {
    /// Compares the shapes of one value: its type, then its constraints, then those of its
    /// items or map values. Named types of the same name are compared once, by [`Cx::types`],
    /// not here; differently named ones are compared here, by what their values allow.
    pub(super) fn shape(&mut self, old: &Shape, new: &Shape, place: &Place) {
        if let (Ty::Named { name: a, .. }, Ty::Named { name: b, .. }) = (&old.ty, &new.ty)
            && a == b
        {
            return;
        }
        let (o, n) = (self.resolved(Doc::Old, old), self.resolved(Doc::New, new));
        match (&o.ty, &n.ty) {
            (Ty::Array(oi), Ty::Array(ni)) => {
                self.respelled(old, new, place);
                self.checks(&o, &n, place);
                self.shape(oi, ni, &place.items());
            }
            (Ty::Map(ov), Ty::Map(nv)) => {
                self.respelled(old, new, place);
                self.checks(&o, &n, place);
                self.shape(ov, nv, &place.values());
            }
            (Ty::Nullable(ov), Ty::Nullable(nv)) => self.shape(ov, nv, place),
            (Ty::Named { name: a, .. }, Ty::Named { name: b, .. }) if a == b => {
                self.respelled(old, new, place);
            }
            (Ty::Named { .. }, _) | (_, Ty::Named { .. }) => {
                let verdict = self.judge(&o, &n, place.usage);
                let (o_text, n_text) = (rust_type(&old.ty), rust_type(&new.ty));
                let same = if verdict.same { " (the same JSON)" } else { "" };
                let pending = self
                    .push(
                        place.retyped,
                        &place.at,
                        &place.rust_item,
                        format!("{} retyped: `{o_text}` → `{n_text}`{same}", place.what),
                    )
                    .wire(verdict.breaks)
                    .rust(format!("`{o_text}` becomes `{n_text}`"))
                    .touches(place.touches.clone());
                if verdict.same {
                    pending.same_json();
                }
                self.checks(&o, &n, place);
            }
            (a, b) if same_type(a, b) => {
                self.respelled(old, new, place);
                self.checks(&o, &n, place);
            }
            (Ty::Int(_), Ty::Int(_)) => {
                // The width follows the bounds; the bounds themselves are compared as
                // constraints, so on the wire this is no change of its own.
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!(
                        "{} retyped: `{}` → `{}`",
                        place.what,
                        rust_type(&old.ty),
                        rust_type(&new.ty)
                    ),
                )
                .rust(format!("`{}` becomes `{}`", rust_type(&old.ty), rust_type(&new.ty)))
                .touches(place.touches.clone());
                self.checks(&o, &n, place);
            }
            (a, b) => {
                let (o_text, n_text) = (rust_type(&old.ty), rust_type(&new.ty));
                let mut wire = Vec::new();
                if place.usage.sent && !within(a, b) {
                    wire.push(format!(
                        "values callers send as `{}` are not all valid as `{}`",
                        rust_type(a),
                        rust_type(b)
                    ));
                }
                if place.usage.received && !within(b, a) {
                    wire.push(format!(
                        "readers that expect `{}` may get `{}`",
                        rust_type(a),
                        rust_type(b)
                    ));
                }
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!("{} retyped: `{o_text}` → `{n_text}`", place.what),
                )
                .wire((!wire.is_empty()).then(|| wire.join("; ")))
                .rust(format!("`{o_text}` becomes `{n_text}`"))
                .touches(place.touches.clone());
            }
        }
    }

    /// A value of the same JSON shape whose Rust spelling changed: an alias or newtype added,
    /// removed or renamed at this place.
    fn respelled(&mut self, old: &Shape, new: &Shape, place: &Place) {
        let named = |ty: &Ty| matches!(ty, Ty::Named { .. });
        if !(named(&old.ty) || named(&new.ty)) {
            return;
        }
        let (o_text, n_text) = (rust_type(&old.ty), rust_type(&new.ty));
        if o_text == n_text {
            return;
        }
        self.push(
            place.retyped,
            &place.at,
            &place.rust_item,
            format!("{} retyped: `{o_text}` → `{n_text}` (the same JSON)", place.what),
        )
        .rust(format!("`{o_text}` becomes `{n_text}`"))
        .touches(place.touches.clone())
        .same_json();
    }

    /// The named type a shape stands for in one document, if it has one.
    pub(super) fn def(&self, doc: Doc, ty: &Ty) -> Option<&'a TypeDef> {
        let Ty::Named { name, .. } = ty else { return None };
        let defs = match doc {
            Doc::Old => &self.old_defs,
            Doc::New => &self.new_defs,
        };
        defs.get(name.as_str()).copied()
    }

    /// The shape with aliases and newtypes replaced by what they wrap: the JSON it allows.
    /// Constraints written where the shape is used come before those of the wrapped shape.
    pub(super) fn resolved(&self, doc: Doc, shape: &Shape) -> Shape {
        let mut out = shape.clone();
        // A cycle of aliases is refused by lowering; the bound only keeps this finite.
        for _ in 0..32 {
            match self.def(doc, &out.ty).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                    out = Shape { ty: inner.ty.clone(), checks: merge(&out.checks, &inner.checks) };
                }
                _ => break,
            }
        }
        out
    }

    /// Whether every value the old shape allowed is still allowed (when sent) and every value
    /// the new one allows was allowed (when received), found by comparing them as if they were
    /// one type. Used where two differently named types meet; each pair is compared once.
    fn judge(&mut self, old: &Shape, new: &Shape, usage: Usage) -> Verdict {
        let key = (rust_type(&old.ty), rust_type(&new.ty), usage.sent, usage.received);
        if let Some(verdict) = self.judged.get(&key) {
            return verdict.clone();
        }
        self.judged.insert(key.clone(), Verdict { breaks: None, same: true });
        let outer = std::mem::take(&mut self.pending);
        let place = Place {
            at: String::new(),
            rust_item: String::new(),
            what: "the value".into(),
            usage,
            retyped: "value_retyped",
            touches: Vec::new(),
        };
        self.values(old, new, &place);
        let found = std::mem::replace(&mut self.pending, outer);
        // A finding about the value itself says enough in its reason; one about a part of it
        // (a property) needs its detail too. Findings that only rename Rust items do not
        // make the JSON differ.
        let breaks = found.iter().find_map(|p| {
            let wire = p.wire.as_ref()?;
            Some(if p.rust_item.is_empty() {
                wire.clone()
            } else {
                format!("{}: {wire}", p.detail)
            })
        });
        let same = found.iter().all(|p| p.same_json);
        let verdict = Verdict { breaks, same };
        self.judged.insert(key, verdict.clone());
        verdict
    }

    /// Compares what two values allow when their types differ in name or in kind: objects
    /// property by property (a struct and a map are both objects), enums value by value, and
    /// anything else by the JSON types they allow.
    pub(super) fn values(&mut self, old: &Shape, new: &Shape, place: &Place) {
        let (o, n) = (self.resolved(Doc::Old, old), self.resolved(Doc::New, new));
        let (od, nd) = (self.def(Doc::Old, &o.ty), self.def(Doc::New, &n.ty));
        let object = |def: Option<&'a TypeDef>, shape: &Shape| {
            matches!(
                (def.map(|d| &d.kind), &shape.ty),
                (Some(TypeKind::Struct(_)), _) | (None, Ty::Map(_))
            )
        };
        match (od.map(|d| &d.kind), nd.map(|d| &d.kind)) {
            (Some(TypeKind::Enum(a)), Some(TypeKind::Enum(b))) => self.enum_values(a, b, place),
            (Some(TypeKind::Union(a)), Some(TypeKind::Union(b))) => self.union(a, b, place),
            (Some(TypeKind::Enum(e)), None) if n.ty == Ty::String => {
                let listed = values_of(e);
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!("{}: any string, no longer one of {listed}", place.what),
                )
                .wire(place.usage.received.then(|| {
                    format!(
                        "readers that expect `{}` may get `{}`",
                        rust_type(&o.ty),
                        rust_type(&n.ty)
                    )
                }))
                .touches(place.touches.clone());
            }
            (None, Some(TypeKind::Enum(e))) if o.ty == Ty::String => {
                let listed = values_of(e);
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!("{}: one of {listed}, no longer any string", place.what),
                )
                .wire(place.usage.sent.then(|| {
                    format!(
                        "values callers send as `{}` are not all valid as `{}`",
                        rust_type(&o.ty),
                        rust_type(&n.ty)
                    )
                }))
                .touches(place.touches.clone());
            }
            _ if object(od, &o) && object(nd, &n) => {
                let (a, b) = (self.object_view(od, &o), self.object_view(nd, &n));
                self.objects(&a, &b, place);
            }
            _ => {
                let shape_of = |def: Option<&TypeDef>, shape: &Shape| match def {
                    Some(_) => None,
                    None => Some(shape.ty.clone()),
                };
                let (a, b) = (shape_of(od, &o), shape_of(nd, &n));
                let (a_text, b_text) = (rust_type(&o.ty), rust_type(&n.ty));
                let fits = |x: &Option<Ty>, y: &Option<Ty>| match (x, y) {
                    (Some(x), Some(y)) => within(x, y),
                    (_, Some(Ty::Json)) => true,
                    _ => false,
                };
                let mut wire = Vec::new();
                if place.usage.sent && !fits(&a, &b) {
                    wire.push(format!(
                        "values callers send as `{a_text}` are not all valid as `{b_text}`"
                    ));
                }
                if place.usage.received && !fits(&b, &a) {
                    wire.push(format!("readers that expect `{a_text}` may get `{b_text}`"));
                }
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!(
                        "{}: values of `{a_text}` and of `{b_text}` have a different JSON shape",
                        place.what
                    ),
                )
                .wire((!wire.is_empty()).then(|| wire.join("; ")))
                .touches(place.touches.clone());
            }
        }
    }

    /// Compares the constraints of two shapes of the same kind of type.
    pub(super) fn checks(&mut self, old: &Shape, new: &Shape, place: &Place) {
        let (o, n) = (&old.checks, &new.checks);
        self.count("minLength", Side::Lower, o.min_length, n.min_length, place);
        self.count("maxLength", Side::Upper, o.max_length, n.max_length, place);
        self.count("minItems", Side::Lower, o.min_items, n.min_items, place);
        self.count("maxItems", Side::Upper, o.max_items, n.max_items, place);
        self.pattern(pattern_text(o), pattern_text(n), place);
        match (&old.ty, &new.ty) {
            (Ty::Int(ok), Ty::Int(nk)) => {
                for side in [Side::Lower, Side::Upper] {
                    let (a, b) = (int_bound(o, *ok, side), int_bound(n, *nk, side));
                    if a.0 == b.0 {
                        continue;
                    }
                    let tighter = match side {
                        Side::Lower => b.0 > a.0,
                        Side::Upper => b.0 < a.0,
                    };
                    let show = |(value, kind): (i128, Option<IntKind>)| match kind {
                        Some(kind) => {
                            format!("{} {value} ({})", side.op(false), rust_type(&Ty::Int(kind)))
                        }
                        None => format!("{} {value}", side.op(false)),
                    };
                    self.constraint(
                        place,
                        if tighter { Direction::Tightened } else { Direction::Loosened },
                        format!(
                            "`{}` {}: {} → {}",
                            side.keyword(),
                            if tighter { "tightened" } else { "loosened" },
                            show(a),
                            show(b)
                        ),
                    );
                }
            }
            _ => {
                for side in [Side::Lower, Side::Upper] {
                    let pick = |c: &Checks| match side {
                        Side::Lower => c.minimum,
                        Side::Upper => c.maximum,
                    };
                    let (a, b) = (pick(o), pick(n));
                    let Some(tighter) = float_tighter(side, a, b) else {
                        continue;
                    };
                    let show = |bound: Option<crate::model::Bound>| match bound {
                        None => "none".to_string(),
                        Some(b) => format!("{} {}", side.op(b.exclusive), number(b.value)),
                    };
                    self.constraint(
                        place,
                        if tighter { Direction::Tightened } else { Direction::Loosened },
                        format!(
                            "`{}` {}: {} → {}",
                            side.keyword(),
                            if tighter { "tightened" } else { "loosened" },
                            show(a),
                            show(b)
                        ),
                    );
                }
            }
        }
    }

    /// A `pattern` added, removed, or replaced by another, which is judged by the strings
    /// each accepts (see `patterns.rs`).
    fn pattern(&mut self, old: Option<&str>, new: Option<&str>, place: &Place) {
        let (direction, detail) = match (old, new) {
            (None, Some(p)) => (Direction::Tightened, format!("`pattern` `{p}` added")),
            (Some(p), None) => (Direction::Loosened, format!("`pattern` `{p}` removed")),
            (Some(a), Some(b)) if a != b => {
                let change = format!("`pattern` `{a}` → `{b}`");
                match patterns::relation(a, b) {
                    Relation::Same => {
                        self.push(
                            "constraint_rewritten",
                            &place.at,
                            &place.rust_item,
                            format!("{}: {change}, which accepts the same strings", place.what),
                        );
                        return;
                    }
                    Relation::Wider(more) => (
                        Direction::Loosened,
                        format!("{change}, provably wider (it also accepts {})", quoted(&more)),
                    ),
                    Relation::Narrower(refused) => (
                        Direction::Tightened,
                        format!(
                            "{change}, which refuses some values it accepted (such as {})",
                            quoted(&refused)
                        ),
                    ),
                    Relation::Other { refused, accepted } => (
                        Direction::Changed,
                        format!(
                            "{change}, which may refuse values accepted before (such as {}) and accepts others (such as {})",
                            quoted(&refused),
                            quoted(&accepted)
                        ),
                    ),
                    Relation::Unknown(why) => (
                        Direction::Changed,
                        format!(
                            "{change}, which may refuse values accepted before (compared as text: {why})"
                        ),
                    ),
                }
            }
            _ => return,
        };
        self.constraint(place, direction, detail);
    }

    /// A length or item-count bound; absent means 0 below and unbounded above.
    pub(super) fn count(
        &mut self,
        keyword: &str,
        side: Side,
        old: Option<u64>,
        new: Option<u64>,
        place: &Place,
    ) {
        let effective = |v: Option<u64>| match side {
            Side::Lower => v.unwrap_or(0),
            Side::Upper => v.unwrap_or(u64::MAX),
        };
        let (a, b) = (effective(old), effective(new));
        if a == b {
            return;
        }
        let tighter = match side {
            Side::Lower => b > a,
            Side::Upper => b < a,
        };
        let show = |v: Option<u64>| v.map_or("none".to_string(), |v| v.to_string());
        self.constraint(
            place,
            if tighter { Direction::Tightened } else { Direction::Loosened },
            format!(
                "`{keyword}` {}: {} → {}",
                if tighter { "tightened" } else { "loosened" },
                show(old),
                show(new)
            ),
        );
    }

    /// A constraint that moved. It never changes the generated API: the client checks it
    /// inside calls, `validate()` and constructors, which the wire reason says.
    pub(super) fn constraint(&mut self, place: &Place, direction: Direction, detail: String) {
        let sent = "values that met the old constraint may be refused (the generated client refuses them before sending)";
        let received = "readers of the old document may get values it ruled out";
        let (change, wire) = match direction {
            Direction::Tightened => {
                ("constraint_tightened", place.usage.sent.then(|| sent.to_string()))
            }
            Direction::Loosened => {
                ("constraint_loosened", place.usage.received.then(|| received.to_string()))
            }
            Direction::Changed => {
                let mut wire = Vec::new();
                if place.usage.sent {
                    wire.push(sent);
                }
                if place.usage.received {
                    wire.push(received);
                }
                ("constraint_changed", (!wire.is_empty()).then(|| wire.join("; ")))
            }
        };
        self.push(change, &place.at, &place.rust_item, format!("{}: {detail}", place.what))
            .wire(wire);
    }
}

/// The `pattern` of a shape, as the spec writes it.
fn pattern_text(checks: &Checks) -> Option<&str> {
    checks.pattern.as_ref().map(|p| p.source.as_str()).or(checks.uncompiled_pattern.as_deref())
}

/// A string for the report: in backticks, with what would not print escaped.
fn quoted(text: &str) -> String {
    if text.is_empty() {
        return "the empty string".into();
    }
    format!("`{}`", text.escape_debug())
}

/// `` `a`, `b` ``: the values an enum lists.
fn values_of(e: &StringEnum) -> String {
    let listed: Vec<String> = e.variants.iter().map(|v| format!("`{}`", v.value)).collect();
    listed.join(", ")
}

/// The constraints of a shape used with constraints of its own, over those of the shape it
/// wraps.
fn merge(outer: &Checks, inner: &Checks) -> Checks {
    Checks {
        min_length: outer.min_length.or(inner.min_length),
        max_length: outer.max_length.or(inner.max_length),
        pattern: outer.pattern.clone().or_else(|| inner.pattern.clone()),
        minimum: outer.minimum.or(inner.minimum),
        maximum: outer.maximum.or(inner.maximum),
        min_items: outer.min_items.or(inner.min_items),
        max_items: outer.max_items.or(inner.max_items),
        multiple_of: outer.multiple_of.or(inner.multiple_of),
        unique_items: outer.unique_items || inner.unique_items,
        properties: Counts {
            min: outer.properties.min.or(inner.properties.min),
            max: outer.properties.max.or(inner.properties.max),
        },
        uncompiled_pattern: outer
            .uncompiled_pattern
            .clone()
            .or_else(|| inner.uncompiled_pattern.clone()),
    }
}

#[derive(Clone, Copy)]
pub(super) enum Side {
    Lower,
    Upper,
}

impl Side {
    pub(super) fn keyword(self) -> &'static str {
        match self {
            Side::Lower => "minimum",
            Side::Upper => "maximum",
        }
    }

    pub(super) fn op(self, exclusive: bool) -> &'static str {
        match (self, exclusive) {
            (Side::Lower, false) => ">=",
            (Side::Lower, true) => ">",
            (Side::Upper, false) => "<=",
            (Side::Upper, true) => "<",
        }
    }
}

/// The inclusive bound of an integer, and the Rust type when that type is what sets it.
pub(super) fn int_bound(checks: &Checks, kind: IntKind, side: Side) -> (i128, Option<IntKind>) {
    let (lo, hi) = kind.bounds();
    let explicit = match side {
        Side::Lower => checks.minimum.map(|b| as_int(b.value) + i128::from(b.exclusive)),
        Side::Upper => checks.maximum.map(|b| as_int(b.value) - i128::from(b.exclusive)),
    };
    match (side, explicit) {
        (Side::Lower, Some(v)) if v > lo => (v, None),
        (Side::Upper, Some(v)) if v < hi => (v, None),
        (Side::Lower, _) => (lo, Some(kind)),
        (Side::Upper, _) => (hi, Some(kind)),
    }
}

/// Whether the bound `new` accepts fewer values than `old` (`Some(true)`), more
/// (`Some(false)`), or the same (`None`).
pub(super) fn float_tighter(
    side: Side,
    old: Option<crate::model::Bound>,
    new: Option<crate::model::Bound>,
) -> Option<bool> {
    let key = |b: Option<crate::model::Bound>| {
        // An absent bound is infinitely loose; an exclusive one is a little tighter than
        // the inclusive one at the same value.
        let (value, exclusive) = match b {
            None => return None,
            Some(b) => (as_float(b.value), b.exclusive),
        };
        Some(match side {
            Side::Lower => (value, exclusive),
            Side::Upper => (-value, exclusive),
        })
    };
    let (a, b) = (key(old), key(new));
    if a == b {
        return None;
    }
    Some(match (a, b) {
        (None, _) => true,
        (_, None) => false,
        (Some(a), Some(b)) => b.0 > a.0 || (b.0 == a.0 && b.1),
    })
}

pub(super) fn as_int(n: Number) -> i128 {
    match n {
        Number::Int(v) => v,
        Number::Float(v) => v as i128,
    }
}

pub(super) fn as_float(n: Number) -> f64 {
    match n {
        Number::Int(v) => v as f64,
        Number::Float(v) => v,
    }
}

pub(super) fn number(n: Number) -> String {
    match n {
        Number::Int(v) => v.to_string(),
        Number::Float(v) => v.to_string(),
    }
}

/// Whether two types are the same Rust type.
pub(super) fn same_type(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Named { name: x, .. }, Ty::Named { name: y, .. }) => x == y,
        (Ty::Array(x), Ty::Array(y))
        | (Ty::Map(x), Ty::Map(y))
        | (Ty::Nullable(x), Ty::Nullable(y)) => same_type(&x.ty, &y.ty),
        (a, b) => a == b,
    }
}

/// Whether every JSON value of type `a` is a value of type `b`, constraints aside.
pub(super) fn within(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (_, Ty::Json) => true,
        (Ty::Int(_), Ty::Int(_) | Ty::Float) => true,
        (Ty::DateTime, Ty::String) => true,
        (Ty::Array(x), Ty::Array(y))
        | (Ty::Map(x), Ty::Map(y))
        | (Ty::Nullable(x), Ty::Nullable(y)) => within(&x.ty, &y.ty),
        (a, Ty::Nullable(y)) => within(a, &y.ty),
        (a, b) => same_type(a, b),
    }
}

//! One value's shape: its Rust type and the constraints on it.

use super::{Cx, Direction, Place, rust_type};
use crate::model::{Checks, IntKind, Number, Shape, Ty};

impl Cx {
    /// Compares the shapes of one value: its type, then its constraints, then those of its
    /// items or map values. Named types are compared once, by [`Cx::types`], not here.
    pub(super) fn shape(&mut self, old: &Shape, new: &Shape, place: &Place) {
        match (&old.ty, &new.ty) {
            (Ty::Array(o), Ty::Array(n)) => {
                self.checks(old, new, place);
                self.shape(o, n, &place.items());
            }
            (Ty::Map(o), Ty::Map(n)) => {
                self.checks(old, new, place);
                self.shape(o, n, &place.values());
            }
            (o, n) if same_type(o, n) => self.checks(old, new, place),
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
                    None,
                    Some(format!("`{}` becomes `{}`", rust_type(&old.ty), rust_type(&new.ty))),
                );
                self.checks(old, new, place);
            }
            (o, n) => {
                let (o_text, n_text) = (rust_type(o), rust_type(n));
                let mut wire = Vec::new();
                if place.usage.sent && !within(o, n) {
                    wire.push(format!(
                        "values callers send as `{o_text}` are not all valid as `{n_text}`"
                    ));
                }
                if place.usage.received && !within(n, o) {
                    wire.push(format!("readers that expect `{o_text}` may get `{n_text}`"));
                }
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!("{} retyped: `{o_text}` → `{n_text}`", place.what),
                    (!wire.is_empty()).then(|| wire.join("; ")),
                    Some(format!("`{o_text}` becomes `{n_text}`")),
                );
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
        match (&o.pattern, &n.pattern) {
            (None, Some(p)) => self.constraint(
                place,
                Direction::Tightened,
                format!("`pattern` `{}` added", p.source),
            ),
            (Some(p), None) => self.constraint(
                place,
                Direction::Loosened,
                format!("`pattern` `{}` removed", p.source),
            ),
            (Some(a), Some(b)) if a.source != b.source => self.constraint(
                place,
                Direction::Changed,
                format!("`pattern` `{}` → `{}`", a.source, b.source),
            ),
            _ => {}
        }
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

    pub(super) fn constraint(&mut self, place: &Place, direction: Direction, detail: String) {
        let sent = "values that met the old constraint may be refused";
        let received = "readers of the old document may get values it ruled out";
        let refuses = place
            .checked
            .then(|| "the client refuses values it accepted (in calls, `validate()` and newtype constructors)".to_string());
        let (change, wire, rust) = match direction {
            Direction::Tightened => {
                ("constraint_tightened", place.usage.sent.then(|| sent.to_string()), refuses)
            }
            Direction::Loosened => {
                ("constraint_loosened", place.usage.received.then(|| received.to_string()), None)
            }
            Direction::Changed => {
                let mut wire = Vec::new();
                if place.usage.sent {
                    wire.push(sent);
                }
                if place.usage.received {
                    wire.push(received);
                }
                ("constraint_changed", (!wire.is_empty()).then(|| wire.join("; ")), refuses)
            }
        };
        self.push(
            change,
            &place.at,
            &place.rust_item,
            format!("{}: {detail}", place.what),
            wire,
            rust,
        );
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
        (Ty::Array(x), Ty::Array(y)) | (Ty::Map(x), Ty::Map(y)) => same_type(&x.ty, &y.ty),
        (a, b) => a == b,
    }
}

/// Whether every JSON value of type `a` is a value of type `b`, constraints aside.
pub(super) fn within(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (_, Ty::Json) => true,
        (Ty::Int(_), Ty::Int(_) | Ty::Float) => true,
        (Ty::DateTime, Ty::String) => true,
        (Ty::Array(x), Ty::Array(y)) | (Ty::Map(x), Ty::Map(y)) => within(&x.ty, &y.ty),
        (a, b) => same_type(a, b),
    }
}

//! Which way the values of each named type travel in a document (sent, received, both or
//! neither), and which operations reach it.

use crate::model::{Api, Operation, Returned, Ty, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Which way values of a type travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Usage {
    /// Reachable from a parameter or a request body: callers send it.
    pub(super) sent: bool,
    /// Reachable from a response body: callers receive it.
    pub(super) received: bool,
}

impl Usage {
    pub(super) const SENT: Usage = Usage { sent: true, received: false };
    pub(super) const RECEIVED: Usage = Usage { sent: false, received: true };

    pub(super) fn union(self, other: Usage) -> Usage {
        Usage { sent: self.sent || other.sent, received: self.received || other.received }
    }
}

/// The usage of every named type, found by following shapes from the operations.
pub(super) fn usage(api: &Api) -> BTreeMap<String, Usage> {
    walk(api, &api.operations)
}

/// The operations (by `operationId`) whose parameters, bodies or responses reach each type.
pub(super) fn reach(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let mut reach: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        for name in walk(api, std::slice::from_ref(op)).into_keys() {
            reach.entry(name).or_default().insert(op.operation_id.clone());
        }
    }
    reach
}

/// The usage of every type that `operations` reach.
fn walk(api: &Api, operations: &[Operation]) -> BTreeMap<String, Usage> {
    let defs: BTreeMap<&str, &TypeDef> =
        api.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
    let mut result: BTreeMap<String, Usage> = BTreeMap::new();
    let mut stack: Vec<(String, Usage)> = Vec::new();
    for op in operations {
        for p in &op.params {
            named(&p.shape.ty, Usage::SENT, &mut stack);
        }
        if let Some(shape) = op.body.as_ref().and_then(|b| b.shape()) {
            named(&shape.ty, Usage::SENT, &mut stack);
        }
        for outcome in op.success.iter().chain(&op.errors) {
            if let Some(shape) = outcome.payload.shape() {
                named(&shape.ty, Usage::RECEIVED, &mut stack);
            }
        }
        for returned in [&op.ok, &op.err] {
            if let Returned::Enum(name) = returned {
                stack.push((name.clone(), Usage::RECEIVED));
            }
        }
    }
    while let Some((name, how)) = stack.pop() {
        let entry = result.entry(name.clone()).or_default();
        let merged = entry.union(how);
        if merged == *entry {
            continue;
        }
        *entry = merged;
        match defs.get(name.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                for f in &s.fields {
                    named(&f.shape.ty, how, &mut stack);
                }
            }
            Some(TypeKind::Alias(shape) | TypeKind::Newtype(shape)) => {
                named(&shape.ty, how, &mut stack)
            }
            Some(TypeKind::Union(u)) => {
                for v in &u.variants {
                    named(&v.shape.ty, how, &mut stack);
                }
            }
            _ => {}
        }
    }
    result
}

fn named(ty: &Ty, how: Usage, out: &mut Vec<(String, Usage)>) {
    match ty {
        Ty::Named { name, .. } => out.push((name.clone(), how)),
        Ty::Array(item) | Ty::Map(item) => named(&item.ty, how, out),
        _ => {}
    }
}

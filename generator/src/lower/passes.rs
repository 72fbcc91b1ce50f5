//! The passes that finish the model once every type is built: alias cycles refused, fields
//! on a cycle of structs boxed, checked aliases inlined, and which types are validated and
//! which received.

use super::schemas::extra_name;
use crate::error::Problem;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// Marks which named types have a `validate` method, which structs are received (and so
/// keep the properties the spec does not name), and which fields hold their own type and so
/// need a `Box`. Reports aliases that refer to themselves, which no Rust type can express.
pub(super) fn finish_types(
    types: &mut BTreeMap<String, Option<TypeDef>>,
    operations: &mut [Operation],
) -> Vec<Problem> {
    let mut defs: BTreeMap<String, TypeDef> =
        std::mem::take(types).into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    let problems = alias_cycles(&defs);
    if !problems.is_empty() {
        return problems;
    }
    box_recursive_fields(&mut defs);
    inline_checked_aliases(&mut defs, operations);
    let validated: BTreeSet<String> = defs
        .values()
        .filter(|d| {
            matches!(d.kind, TypeKind::Struct(_) | TypeKind::Newtype(_) | TypeKind::Union(_))
        })
        .map(|d| d.rust_name.clone())
        .collect();

    // Types reachable from a response body are received.
    let mut received = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in operations.iter() {
        for outcome in op.success.iter().chain(&op.errors) {
            if let Payload::Json(shape) = &outcome.payload {
                named_in(&shape.ty, &mut stack);
            }
        }
    }
    while let Some(name) = stack.pop() {
        if !received.insert(name.clone()) {
            continue;
        }
        match defs.get(&name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                for f in &s.fields {
                    named_in(&f.shape.ty, &mut stack);
                }
            }
            Some(TypeKind::Alias(shape) | TypeKind::Newtype(shape)) => {
                named_in(&shape.ty, &mut stack)
            }
            Some(TypeKind::Union(u)) => {
                u.variants.iter().for_each(|v| named_in(&v.shape.ty, &mut stack))
            }
            _ => {}
        }
    }

    for def in defs.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    mark_validated(&mut f.shape, &validated);
                }
                if s.extra.is_none() && received.contains(&def.rust_name) {
                    s.extra = Some(extra_name(&s.fields));
                }
            }
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => mark_validated(shape, &validated),
            TypeKind::Union(u) => {
                u.variants.iter_mut().for_each(|v| mark_validated(&mut v.shape, &validated))
            }
            TypeKind::Enum(_) | TypeKind::Responses(_) => {}
        }
    }
    for op in operations.iter_mut() {
        for p in &mut op.params {
            mark_validated(&mut p.shape, &validated);
        }
        if let Some(body) = &mut op.body
            && let BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) =
                &mut body.kind
        {
            mark_validated(shape, &validated);
        }
    }
    *types = defs.into_iter().map(|(k, v)| (k, Some(v))).collect();
    Vec::new()
}

/// A type alias cannot carry a `validate` method, so where an alias has constraints (an
/// array with `maxItems`, say) its uses take the aliased shape itself, constraints included.
fn inline_checked_aliases(defs: &mut BTreeMap<String, TypeDef>, operations: &mut [Operation]) {
    fn has_checks(shape: &Shape) -> bool {
        !shape.checks.is_empty()
            || matches!(&shape.ty, Ty::Array(item) | Ty::Map(item) if has_checks(item))
    }
    let mut checked: BTreeMap<String, Shape> = BTreeMap::new();
    for def in defs.values() {
        if let TypeKind::Alias(shape) = &def.kind {
            // Follow alias chains to the shape at the end; cycles were refused earlier.
            let mut shape = shape.clone();
            for _ in 0..defs.len() {
                match &shape.ty {
                    Ty::Named { name, .. } => match defs.get(name).map(|d| &d.kind) {
                        Some(TypeKind::Alias(next)) => shape = next.clone(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            if has_checks(&shape) {
                checked.insert(def.rust_name.clone(), shape);
            }
        }
    }
    if checked.is_empty() {
        return;
    }
    fn inline(shape: &mut Shape, checked: &BTreeMap<String, Shape>) {
        match &mut shape.ty {
            Ty::Named { name, .. } => {
                if let Some(aliased) = checked.get(name) {
                    *shape = aliased.clone();
                }
            }
            Ty::Array(item) | Ty::Map(item) => inline(item, checked),
            _ => {}
        }
    }
    for def in defs.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| inline(&mut f.shape, &checked)),
            TypeKind::Union(u) => {
                u.variants.iter_mut().for_each(|v| inline(&mut v.shape, &checked))
            }
            _ => {}
        }
    }
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| inline(&mut p.shape, &checked));
        if let Some(body) = &mut op.body
            && let BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) =
                &mut body.kind
        {
            inline(shape, &checked);
        }
    }
}

/// The named type a shape stands for directly (not through a `Vec` or map), looking
/// through aliases.
fn direct_target<'a>(defs: &'a BTreeMap<String, TypeDef>, ty: &'a Ty) -> Option<&'a str> {
    let mut ty = ty;
    for _ in 0..=defs.len() {
        let Ty::Named { name, .. } = ty else {
            return None;
        };
        match defs.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(shape)) => ty = &shape.ty,
            _ => return Some(name),
        }
    }
    None
}

fn alias_cycles(defs: &BTreeMap<String, TypeDef>) -> Vec<Problem> {
    defs.values()
        .filter(
            |d| matches!(&d.kind, TypeKind::Alias(shape) if matches!(shape.ty, Ty::Named { .. })),
        )
        .filter(|d| match &d.kind {
            TypeKind::Alias(shape) => direct_target(defs, &shape.ty).is_none(),
            _ => false,
        })
        .map(|d| {
            Problem::new(
                &d.at,
                "this schema is only a reference to itself, through a cycle of references",
            )
        })
        .collect()
}

/// A struct that contains itself, directly or through other structs, has no finite size:
/// each field on such a cycle holds its value in a `Box`.
fn box_recursive_fields(defs: &mut BTreeMap<String, TypeDef>) {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for def in defs.values() {
        let targets = match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().filter_map(|f| direct_target(defs, &f.shape.ty)).collect()
            }
            TypeKind::Union(u) => {
                u.variants.iter().filter_map(|v| direct_target(defs, &v.shape.ty)).collect()
            }
            _ => continue,
        };
        edges.insert(&def.rust_name, targets);
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            if at == to {
                return true;
            }
            if seen.insert(at) {
                stack.extend(edges.get(at).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut boxed: Vec<(String, usize)> = Vec::new();
    for def in defs.values() {
        if let TypeKind::Struct(s) = &def.kind {
            for (i, f) in s.fields.iter().enumerate() {
                if let Some(target) = direct_target(defs, &f.shape.ty)
                    && reaches(target, &def.rust_name)
                {
                    boxed.push((def.rust_name.clone(), i));
                }
            }
        }
    }
    for (name, i) in boxed {
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = defs.get_mut(&name) {
            s.fields[i].boxed = true;
        }
    }
}

fn named_in(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named { name, .. } => out.push(name.clone()),
        Ty::Array(item) | Ty::Map(item) => named_in(&item.ty, out),
        _ => {}
    }
}

fn mark_validated(shape: &mut Shape, validated: &BTreeSet<String>) {
    match &mut shape.ty {
        Ty::Named { name, validate } => *validate = validated.contains(name),
        Ty::Array(item) | Ty::Map(item) => mark_validated(item, validated),
        _ => {}
    }
}

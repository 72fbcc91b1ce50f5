//! The passes that finish the model once every type is built: alias cycles refused, the tags
//! of discriminated unions completed, fields on a cycle of structs boxed, checked aliases
//! inlined, and which types are validated marked.

use crate::error::Problem;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// Reports aliases that refer to themselves, which no Rust type can express; otherwise
/// extends the tags of discriminated unions by their members' own enums, boxes the fields
/// that hold their own struct, inlines aliases with constraints, and marks which named
/// types have a `validate` method to call.
pub(super) fn finish(api: &mut Api) -> Vec<Problem> {
    let problems = alias_cycles(api);
    if !problems.is_empty() {
        return problems;
    }
    tags_from_member_enums(api);
    box_recursive_fields(api);
    inline_checked_aliases(api);
    mark_validated(api);
    Vec::new()
}

/// Type aliases that contain themselves, which no Rust type alias can express: through
/// references alone (`A` is `B`, `B` is `A`), or through arrays and maps (`A` is a list of
/// `A`). An alias that only leads to such a cycle, or to an alias of a primitive, is fine.
fn alias_cycles(api: &Api) -> Vec<Problem> {
    let mut problems = Vec::new();
    for def in &api.types {
        let TypeKind::Alias(shape) = &def.kind else {
            continue;
        };
        // Each alias names at most one type, so following them is a path, not a tree.
        let mut shape = shape;
        let mut only_references = true;
        for _ in 0..api.types.len() {
            only_references &= matches!(shape.ty, Ty::Named { .. });
            let Some(name) = shape.named() else {
                break;
            };
            if name == def.rust_name {
                problems.push(Problem::new(
                    &def.at,
                    if only_references {
                        "this schema is only a reference to itself, through a cycle of references"
                    } else {
                        "this schema is an array or map of itself, through references, which a \
                         Rust type alias cannot express"
                    },
                ));
                break;
            }
            match api.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(next)) => shape = next,
                _ => break,
            }
        }
    }
    problems
}

/// The named type a shape stands for directly (not through a `Vec` or map), looking
/// through aliases.
fn direct_target<'a>(api: &'a Api, ty: &'a Ty) -> Option<&'a str> {
    let mut ty = ty;
    for _ in 0..=api.types.len() {
        let Ty::Named { name, .. } = ty else {
            return None;
        };
        match api.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(shape)) => ty = &shape.ty,
            _ => return Some(name),
        }
    }
    None
}

/// A member of a union with a discriminator is also selected by the values its own enum
/// allows for the discriminator's property, where no other member's tag is that value: a
/// spec without `mapping` whose members' enums (`type: [foo_bar]`) disagree with the
/// implicit mapping (`FooBar`, the member's name) would otherwise decode nothing.
fn tags_from_member_enums(api: &mut Api) {
    let mut added: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (t, def) in api.types.iter().enumerate() {
        let TypeKind::Union(u) = &def.kind else { continue };
        let Some(property) = &u.discriminator else { continue };
        let mut claimed: BTreeSet<&str> =
            u.variants.iter().flat_map(|v| &v.tags).map(String::as_str).collect();
        for (v, variant) in u.variants.iter().enumerate() {
            if variant.tags.is_empty() {
                continue;
            }
            let values = member_enum(api, &variant.shape.ty, property);
            let new: Vec<String> = values
                .into_iter()
                .filter(|value| claimed.insert(value))
                .map(String::from)
                .collect();
            if !new.is_empty() {
                added.push((t, v, new));
            }
        }
    }
    for (t, v, tags) in added {
        if let TypeKind::Union(u) = &mut api.types[t].kind {
            u.variants[v].tags.extend(tags);
        }
    }
}

/// The values of the string enum that the struct `ty` names (through aliases) gives its
/// property `property`.
fn member_enum<'a>(api: &'a Api, ty: &'a Ty, property: &str) -> Vec<&'a str> {
    let Some(TypeKind::Struct(s)) =
        direct_target(api, ty).and_then(|n| api.type_def(n)).map(|d| &d.kind)
    else {
        return Vec::new();
    };
    let Some(field) = s.fields.iter().find(|f| f.api_name == property) else {
        return Vec::new();
    };
    match direct_target(api, &field.shape.ty).and_then(|n| api.type_def(n)).map(|d| &d.kind) {
        Some(TypeKind::Enum(e)) => e.variants.iter().map(|v| v.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// A struct that contains itself, directly or through other types, has no finite size:
/// each field on such a cycle holds its value in a `Box`.
fn box_recursive_fields(api: &mut Api) {
    let edges: BTreeMap<&str, Vec<&str>> = api
        .types
        .iter()
        .map(|def| {
            let targets = def.kind.shapes().filter_map(|s| direct_target(api, &s.ty)).collect();
            (def.rust_name.as_str(), targets)
        })
        .collect();
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
    let mut boxed: Vec<(usize, usize)> = Vec::new();
    for (t, def) in api.types.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            for (i, f) in s.fields.iter().enumerate() {
                if let Some(target) = direct_target(api, &f.shape.ty)
                    && reaches(target, &def.rust_name)
                {
                    boxed.push((t, i));
                }
            }
        }
    }
    for (t, i) in boxed {
        if let TypeKind::Struct(s) = &mut api.types[t].kind {
            s.fields[i].boxed = true;
        }
    }
}

/// A type alias cannot carry a `validate` method, so where an alias has constraints (an
/// array with `maxItems`, say) its uses take the aliased shape itself, constraints included.
fn inline_checked_aliases(api: &mut Api) {
    let mut checked: BTreeMap<String, Shape> = BTreeMap::new();
    for def in &api.types {
        if let TypeKind::Alias(shape) = &def.kind {
            // Follow alias chains to the shape at the end; cycles were refused earlier.
            let mut shape = shape.clone();
            for _ in 0..api.types.len() {
                match &shape.ty {
                    Ty::Named { name, .. } => match api.type_def(name).map(|d| &d.kind) {
                        Some(TypeKind::Alias(next)) => shape = next.clone(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            if shape.nested().any(|s| !s.checks.is_empty()) {
                checked.insert(def.rust_name.clone(), shape);
            }
        }
    }
    if checked.is_empty() {
        return;
    }
    let mut inline = |shape: &mut Shape| {
        shape.nested_mut(&mut |s| {
            if let Ty::Named { name, .. } = &s.ty
                && let Some(aliased) = checked.get(name)
            {
                *s = aliased.clone();
            }
        })
    };
    // The uses are where values are checked: the types that can be sent, and what the
    // operations send. An alias's own definition keeps naming its target.
    for def in &mut api.types {
        if def.kind.is_sendable() && !matches!(def.kind, TypeKind::Alias(_)) {
            def.kind.shapes_mut().for_each(&mut inline);
        }
    }
    api.operations.iter_mut().flat_map(Operation::sent_shapes_mut).for_each(inline);
}

/// Each use of a named type that has a `validate` method calls it.
fn mark_validated(api: &mut Api) {
    let validated: BTreeSet<String> =
        api.types.iter().filter(|d| d.kind.has_validate()).map(|d| d.rust_name.clone()).collect();
    for shape in api.checked_shapes_mut() {
        shape.nested_mut(&mut |s| {
            if let Ty::Named { name, validate } = &mut s.ty {
                *validate = validated.contains(name);
            }
        });
    }
}

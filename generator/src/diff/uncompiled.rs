//! What the generator cannot compile (a pattern, an unsupported construct) is compared as the
//! text the spec writes at its place, and named in the report either way, so that a reviewer
//! knows what the other verdicts do not cover.

use super::{Cx, Owner};
use crate::NotCompiled;
use std::collections::BTreeMap;

impl Cx<'_> {
    pub(super) fn uncompiled(&mut self) {
        self.owner = Owner::Api;
        // Validation's reason for a place comes first, and is kept over lowering's.
        let by_place = |list: &[NotCompiled]| {
            let mut places: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
            for NotCompiled { problem, text } in list {
                places
                    .entry(problem.at.clone())
                    .or_insert_with(|| (problem.what.clone(), text.clone()));
            }
            places
        };
        let (olds, news) = (by_place(&self.old.not_compiled), by_place(&self.new.not_compiled));
        let mut places: Vec<&String> = news.keys().chain(olds.keys()).collect();
        places.sort();
        places.dedup();
        for at in places {
            let (old, new) = (olds.get(at), news.get(at));
            let Some((why, _)) = new.or(old) else { continue };
            let (old_text, new_text) =
                (old.and_then(|o| o.1.as_deref()), new.and_then(|n| n.1.as_deref()));
            let how = match (old, new) {
                (Some(_), Some(_)) if old_text == new_text => "unchanged".to_string(),
                (Some(_), Some(_)) => {
                    format!("changed from {} to {}", shown(old_text), shown(new_text))
                }
                (None, _) => format!("new: {}", shown(new_text)),
                (_, None) => format!("removed: {}", shown(old_text)),
            };
            // A pattern is also compared as a constraint of its value, which judges it.
            let judged_elsewhere = at.ends_with("/pattern");
            let changed = how != "unchanged";
            let change = if changed { "not_compiled_changed" } else { "not_compiled" };
            self.push(
                change,
                at,
                "",
                format!("not compiled by the generator ({why}), compared as text: {how}"),
            )
            .wire((changed && !judged_elsewhere).then(|| {
                "the generator cannot judge this change, so review it by hand".to_string()
            }));
        }
    }
}

/// A text of the spec for the report, in backticks.
fn shown(text: Option<&str>) -> String {
    match text {
        Some(text) => format!("`{}`", text.replace('`', "'")),
        None => "nothing".to_string(),
    }
}

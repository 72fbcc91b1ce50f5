//! The diff as markdown, for a pull request: one entry per edit, breaking ones first, then a
//! summary line with the version bump the generated crate needs.

use super::{Affected, Change, Diff};
use std::collections::BTreeSet;

/// Items or operations named in an entry's line; more are counted there and listed in a
/// folded block below it.
const SHOWN: usize = 4;

/// One edit: changes of one kind with one reason at one place (values added to one enum),
/// or the same change wherever it is (one error status retyped in every operation).
struct Entry<'a> {
    first: &'a Change,
    details: Vec<&'a str>,
    items: Vec<&'a str>,
    /// How many places the same change was found at.
    places: usize,
    /// The operations whose own items changed.
    operations: BTreeSet<&'a str>,
    /// The operations that use the types that changed.
    users: BTreeSet<&'a str>,
}

/// The change kind of what the generator cannot compile and that did not change: named at
/// the end of the report, not counted as an edit.
const NOT_COMPILED: &str = "not_compiled";

/// The report for a pull request.
pub fn markdown(diff: &Diff, base: &str, head: &str) -> String {
    let mut out = format!("### API changes: `{base}` → `{head}`\n\n");
    let (named, entries): (Vec<Entry>, Vec<Entry>) =
        entries(diff).into_iter().partition(|e| e.first.change == NOT_COMPILED);
    if entries.is_empty() {
        out.push_str("No changes to the API.\n");
        if !named.is_empty() {
            out.push('\n');
            out.push_str(&not_compiled(&named));
        }
        return out;
    }
    let breaking = |e: &&Entry| e.first.wire_breaking || e.first.rust_breaking;
    let (broken, other): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(breaking);
    for (title, list) in [("Breaking", &broken), ("Not breaking", &other)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("#### {title} ({})\n\n", list.len()));
        for entry in list {
            out.push_str(&line(entry));
        }
        out.push('\n');
    }
    out.push_str(&not_compiled(&named));
    let wire = broken.iter().filter(|e| e.first.wire_breaking).count();
    let rust = broken.iter().filter(|e| e.first.rust_breaking).count();
    out.push_str(&format!(
        "{}, {} breaking ({wire} for callers on the wire, {rust} for Rust code using the crate). The generated crate needs a **{}** version.\n",
        count(entries.len(), "edit"),
        broken.len(),
        diff.semver
    ));
    out
}

/// What the generator cannot compile and that did not change, so that a reviewer knows what
/// the verdicts above do not cover.
fn not_compiled(named: &[Entry]) -> String {
    if named.is_empty() {
        return String::new();
    }
    let mut out = format!("#### Not compiled by the generator, unchanged ({})\n\n", named.len());
    for entry in named {
        out.push_str(&line(entry));
    }
    out.push('\n');
    out
}

/// The changes grouped into edits, in the order of their first change.
fn entries(diff: &Diff) -> Vec<Entry<'_>> {
    let mut at_one_place: Vec<Entry> = Vec::new();
    for (change, affected) in diff.changes.iter().zip(&diff.affected) {
        let (operations, users): (BTreeSet<&str>, BTreeSet<&str>) = match affected {
            Affected::Api => Default::default(),
            Affected::Operation(id) => (BTreeSet::from([id.as_str()]), BTreeSet::new()),
            Affected::Type(users) => (BTreeSet::new(), users.iter().map(String::as_str).collect()),
        };
        match at_one_place.last_mut() {
            Some(e) if same_edit(e.first, change) && e.first.at == change.at => {
                e.details.push(&change.detail);
                add(&mut e.items, [item(change)]);
                e.operations.extend(operations);
                e.users.extend(users);
            }
            _ => at_one_place.push(Entry {
                first: change,
                details: vec![&change.detail],
                items: vec![item(change)],
                places: 1,
                operations,
                users,
            }),
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    for entry in at_one_place {
        match entries
            .iter_mut()
            .find(|e| same_edit(e.first, entry.first) && e.details == entry.details)
        {
            Some(e) => {
                add(&mut e.items, entry.items);
                e.places += entry.places;
                e.operations.extend(entry.operations);
                e.users.extend(entry.users);
            }
            None => entries.push(entry),
        }
    }
    entries
}

/// What a change is listed by: the item of the generated crate it touches, or where it is
/// in the spec when it touches none.
fn item(change: &Change) -> &str {
    if change.rust_item.is_empty() { &change.at } else { &change.rust_item }
}

fn add<'a>(items: &mut Vec<&'a str>, more: impl IntoIterator<Item = &'a str>) {
    for item in more {
        if !items.contains(&item) {
            items.push(item);
        }
    }
}

fn same_edit(a: &Change, b: &Change) -> bool {
    (a.change, a.wire_breaking, a.rust_breaking, &a.why)
        == (b.change, b.wire_breaking, b.rust_breaking, &b.why)
}

/// `- **wire + Rust** `Item`: detail. Reasons.`, with long lists folded below.
fn line(entry: &Entry) -> String {
    let first = entry.first;
    let who = match (first.wire_breaking, first.rust_breaking) {
        (true, true) => "**wire + Rust** ",
        (true, false) => "**wire** ",
        (false, true) => "**Rust** ",
        (false, false) => "",
    };
    let mut text = format!("- {who}");
    let mut folded = Vec::new();
    // One place: its items lead the line. The same change at several places: the line says
    // how many, and the items are folded.
    if entry.places == 1 && entry.items.len() <= SHOWN {
        text.push_str(&format!("{}: ", code(&entry.items)));
    } else {
        folded.push(code(&entry.items));
    }
    text.push_str(&entry.details.join("; "));
    if entry.places > 1 {
        let operations = entry.operations.len();
        let at = if operations == entry.places {
            count(operations, "operation")
        } else {
            count(entry.places, "place")
        };
        text.push_str(&format!(", in {at}"));
    }
    let users: Vec<&str> = entry.users.difference(&entry.operations).copied().collect();
    if !users.is_empty() && users.len() <= SHOWN {
        text.push_str(&format!(" (used by {})", code(&users)));
    } else if !users.is_empty() {
        text.push_str(&format!(" (used by {})", count(users.len(), "operation")));
        folded.push(format!("Used by {}.", code(&users)));
    }
    text.push('.');
    if !first.why.is_empty() {
        text.push(' ');
        text.push_str(&first.why);
    }
    text.push('\n');
    if !folded.is_empty() {
        let summary = if entry.places > 1 || entry.items.len() > SHOWN {
            count(entry.items.len(), "place")
        } else {
            count(users.len(), "operation")
        };
        text.push_str(&format!(
            "  <details><summary>{summary}</summary>\n\n  {}\n\n  </details>\n",
            folded.join("\n\n  ")
        ));
    }
    text
}

fn code(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

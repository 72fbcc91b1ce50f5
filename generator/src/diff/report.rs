//! The diff as markdown, for a pull request.

use super::Change;

/// The report for a pull request: breaking changes first, each with its reason. Changes of
/// one kind at one place with one reason (values added to one enum) share a line.
pub fn markdown(changes: &[Change], base: &str, head: &str) -> String {
    let mut out = format!("### API changes: `{base}` → `{head}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let (breaking, other): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.wire_breaking || c.rust_breaking);
    let wire = breaking.iter().filter(|c| c.wire_breaking).count();
    let rust = breaking.iter().filter(|c| c.rust_breaking).count();
    out.push_str(&format!(
        "{} change{}, {} breaking ({wire} for callers on the wire, {rust} for Rust code using the crate).\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        breaking.len()
    ));
    for (title, list) in [("Breaking", &breaking), ("Not breaking", &other)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n#### {title} ({})\n\n", list.len()));
        for group in list.chunk_by(|a, b| {
            (a.change, &a.at, a.wire_breaking, a.rust_breaking, &a.why)
                == (b.change, &b.at, b.wire_breaking, b.rust_breaking, &b.why)
        }) {
            let first = group[0];
            let who = match (first.wire_breaking, first.rust_breaking) {
                (true, true) => "**wire + Rust** ",
                (true, false) => "**wire** ",
                (false, true) => "**Rust** ",
                (false, false) => "",
            };
            let items: Vec<String> = group.iter().map(|c| format!("`{}`", c.rust_item)).collect();
            let details: Vec<&str> = group.iter().map(|c| c.detail.as_str()).collect();
            let why = if first.why.is_empty() { String::new() } else { format!(" {}", first.why) };
            out.push_str(&format!("- {who}{}: {}.{why}\n", items.join(", "), details.join("; ")));
        }
    }
    out
}

//! `pattern`s: ECMA-262 as JSON Schema writes them, rewritten for Rust's `regex` crate, and
//! compiled to plain runs of characters when they need no engine at all (`^[A-Fa-f\d]{24}$`
//! is 24 characters from one set), which is faster to check and spares the client the
//! `regex` dependency.

use crate::model::{CharRun, Matcher, Pattern};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A `pattern` as the client checks it. A leading negative look-ahead, `^(?!X)Y`, becomes
/// "matches `^Y`, and does not match `^(?:X)`"; `regex` has no look-around.
pub(crate) fn pattern(source: &str) -> Result<Pattern, String> {
    let (positive, excluded) = regexes(source)?;
    Ok(Pattern {
        source: source.to_string(),
        matcher: matcher(positive)?,
        excluded: excluded.map(matcher).transpose()?,
    })
}

/// The regular expressions, in `regex`'s syntax, of the strings a pattern accepts and of
/// those a leading negative look-ahead refuses among them.
pub(crate) fn regexes(source: &str) -> Result<(String, Option<String>), String> {
    if let Some(rest) = source.strip_prefix("^(?!")
        && let Some(close) = group_end(rest)
    {
        let (excluded, tail) = (&rest[..close], &rest[close + 1..]);
        let positive = format!("^{}", tail.strip_prefix('^').unwrap_or(tail));
        let excluded = format!("^(?:{excluded})");
        return Ok((translate_pattern(&positive)?, Some(translate_pattern(&excluded)?)));
    }
    Ok((translate_pattern(source)?, None))
}

/// The matcher of a regular expression in `regex`'s syntax, with the runs it compiles to
/// when it needs no engine.
fn matcher(regex: String) -> Result<Matcher, String> {
    let hir = regex_syntax::Parser::new().parse(&regex).map_err(|e| {
        e.to_string().lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string()
    })?;
    Ok(Matcher { runs: runs(&hir), regex })
}

/// The index of the `)` that closes a group whose body starts `text`, skipping escapes,
/// classes and nested groups.
fn group_end(text: &str) -> Option<usize> {
    let (mut depth, mut in_class, mut escaped) = (0usize, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth == 0 => return Some(i),
            ')' if !in_class => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Rewrites an ECMA-262 pattern for Rust's `regex` crate, where `\d` and `\w` are Unicode
/// classes.
fn translate_pattern(source: &str) -> Result<String, String> {
    let mut out = String::with_capacity(source.len() + 8);
    let mut in_class = false;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err("it ends with a lone `\\`".into());
                };
                let (inside, outside) = match next {
                    'd' => ("0-9", "[0-9]"),
                    'D' => ("[^0-9]", "[^0-9]"),
                    'w' => ("A-Za-z0-9_", "[A-Za-z0-9_]"),
                    'W' => ("[^A-Za-z0-9_]", "[^A-Za-z0-9_]"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                        continue;
                    }
                };
                out.push_str(if in_class { inside } else { outside });
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (after an optional `^`) is a literal, as in `regex`.
                if chars.clone().next() == Some('^') {
                    out.push('^');
                    chars.next();
                }
                if chars.clone().next() == Some(']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The runs of an anchored pattern made only of literals and character classes, each
/// repeated a fixed or bounded number of times; `None` for anything else (groups,
/// alternation, other anchors), which `regex` checks instead.
fn runs(hir: &Hir) -> Option<Vec<CharRun>> {
    let HirKind::Concat(items) = hir.kind() else { return None };
    let [first, middle @ .., last] = items.as_slice() else { return None };
    if *first.kind() != HirKind::Look(Look::Start) || *last.kind() != HirKind::Look(Look::End) {
        return None;
    }
    let mut runs = Vec::new();
    for item in middle {
        match item.kind() {
            HirKind::Literal(literal) => {
                for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                    runs.push(CharRun { ranges: vec![(c, c)], min: 1, max: Some(1) });
                }
            }
            HirKind::Class(class) => {
                runs.push(CharRun { ranges: ranges(class)?, min: 1, max: Some(1) })
            }
            HirKind::Repetition(repetition) => {
                let ranges = match repetition.sub.kind() {
                    HirKind::Class(class) => ranges(class)?,
                    HirKind::Literal(literal) => {
                        let text = std::str::from_utf8(&literal.0).ok()?;
                        let mut chars = text.chars();
                        let (Some(c), None) = (chars.next(), chars.next()) else { return None };
                        vec![(c, c)]
                    }
                    _ => return None,
                };
                runs.push(CharRun { ranges, min: repetition.min, max: repetition.max });
            }
            _ => return None,
        }
    }
    Some(runs)
}

fn ranges(class: &Class) -> Option<Vec<(char, char)>> {
    match class {
        Class::Unicode(class) => {
            Some(class.ranges().iter().map(|r| (r.start(), r.end())).collect())
        }
        Class::Bytes(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Run = (Vec<(char, char)>, u32, Option<u32>);

    fn runs_of(source: &str) -> Option<Vec<Run>> {
        let pattern = pattern(source).unwrap();
        pattern
            .matcher
            .runs
            .map(|runs| runs.into_iter().map(|r| (r.ranges, r.min, r.max)).collect())
    }

    #[test]
    fn simple_anchored_patterns_compile_to_runs() {
        assert_eq!(
            runs_of(r"^[A-Fa-f\d]{24}$"),
            Some(vec![(vec![('0', '9'), ('A', 'F'), ('a', 'f')], 24, Some(24))])
        );
        assert_eq!(
            runs_of(r"^v\d+\.x?$"),
            Some(vec![
                (vec![('v', 'v')], 1, Some(1)),
                (vec![('0', '9')], 1, None),
                (vec![('.', '.')], 1, Some(1)),
                (vec![('x', 'x')], 0, Some(1)),
            ])
        );
    }

    #[test]
    fn anything_else_stays_a_regex() {
        for source in [r"\d+", r"^\d+", r"^(ab)+$", r"^a|b$", r"^\bword$"] {
            assert_eq!(runs_of(source), None, "{source}");
        }
        assert!(pattern("[").is_err());
    }
}

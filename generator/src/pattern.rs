//! `pattern`s: ECMA-262 as JSON Schema writes them, checked by the client with `regress` (an
//! ECMA-262 engine, look-around included), or compiled to plain runs of characters when they
//! need no engine at all (`^[A-Fa-f\d]{24}$` is 24 characters from one set), which is faster
//! to check. The review (`diff`) compares patterns on automata, and reads them through
//! [`regexes`], a rewriting for Rust's `regex` syntax.

use crate::model::{CharRun, Pattern};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A `pattern` as the client checks it: compiled by `regress` with the `u` flag (ECMA-262's
/// Unicode grammar, which `\p{Lu}` needs), or without it when only the legacy grammar reads
/// it (`[a-z\_]`: `\_` is an identity escape there, an error with `u`), which real documents
/// write. An error says why neither reads it.
pub(crate) fn pattern(source: &str) -> Result<Pattern, String> {
    let unicode = match regress::Regex::with_flags(source, "u") {
        Ok(_) => true,
        Err(error) => match regress::Regex::new(source) {
            Ok(_) => false,
            // regress capitalises its reasons, which follow a colon here.
            Err(_) => return Err(error.to_string().to_lowercase()),
        },
    };
    // Runs only where `regex` reads the pattern as the Unicode grammar does: by code points.
    let runs = match regexes(source) {
        Ok((positive, None)) if unicode => {
            regex_syntax::Parser::new().parse(&positive).ok().and_then(|hir| runs(&hir))
        }
        _ => None,
    };
    Ok(Pattern { source: source.to_string(), unicode, runs })
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
            // ECMA-262's `.` stops at every line terminator, `regex`'s at `\n` only.
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
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
        pattern.runs.map(|runs| runs.into_iter().map(|r| (r.ranges, r.min, r.max)).collect())
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

    #[test]
    fn a_dot_is_any_character_but_a_line_terminator() {
        let any =
            vec![('\0', '\t'), ('\u{b}', '\u{c}'), ('\u{e}', '\u{2027}'), ('\u{202a}', char::MAX)];
        assert_eq!(runs_of("^.{2}$"), Some(vec![(any, 2, Some(2))]));
    }

    /// Look-around and the legacy grammar need `regress`; only a pattern neither grammar reads
    /// is refused, with the reason.
    #[test]
    fn every_pattern_ecma_262_reads_is_taken() {
        for (source, unicode) in [
            (r"^[a-z\d]([a-z\d-]*)(?<!-)$", true),
            (r"^(?![-_])[\w-]{1,20}$", true),
            (r"^[a-z\_]+\-\d$", false),
        ] {
            let pattern = pattern(source).unwrap();
            assert_eq!((pattern.unicode, pattern.runs), (unicode, None), "{source}");
        }
        // Unicode classes are runs too, whatever features the build unifies in.
        assert!(pattern(r"^\p{Lu}\p{Ll}+$").unwrap().runs.is_some());
        for source in ["(?<name", "a{2,1}", "(", r"\p{Nope}["] {
            assert!(pattern(source).is_err(), "{source}");
        }
    }
}

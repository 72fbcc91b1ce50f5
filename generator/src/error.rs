use std::fmt;

/// Why a document could not become a client. Every variant says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The text is not a YAML or JSON OpenAPI 3.0 or 3.1 document: it does not parse (the
    /// problem has a position and no pointer), or it is not an OpenAPI document of a version
    /// the generator reads, or `openapiv3` cannot read it.
    Load(Problem),
    /// The document loaded but breaks OpenAPI's rules or uses what the generator does not
    /// support: every such problem, in document order.
    Invalid(Vec<Problem>),
    /// The generator built tokens that are not Rust: a bug in the generator, not in the spec.
    Internal { file: String, what: String },
}

/// One problem in a document: where it is and what is wrong there. Shown as
/// `12:7 #/components/schemas/Pet/properties/age/type: unknown type ...`, or with the
/// document's file name in front through [`Problem::display_in`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// A JSON pointer into the document as written (`#/paths/~1pets/get`); empty when the
    /// text did not parse far enough to have one.
    pub at: String,
    /// Where `at` is in the text: the start of its key in an object, of itself elsewhere.
    /// When `at` names what is missing, where its nearest enclosing node is. `None` when
    /// the text was not at hand or the place was not found in it.
    pub position: Option<Position>,
    pub what: String,
}

/// A place in a document's text: line and column, both counted from 1, columns in
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Problem {
    pub(crate) fn new(at: impl Into<String>, what: impl Into<String>) -> Problem {
        Problem { at: at.into(), position: None, what: what.into() }
    }

    /// The problem with the document's file name in front, as compilers show a place:
    /// `spec.yaml:12:7 #/paths/~1pets/get/operationId: expected a string, ...`.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        InFile { file, problem: self }
    }
}

impl Error {
    /// The error with the document's file name in front of the error and of every problem,
    /// so that each reads `file:line:column #/pointer: what`.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        ErrorInFile { file, error: self }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.position, self.at.is_empty()) {
            (Some(Position { line, column }), false) => write!(f, "{line}:{column} {}", self.at)?,
            (Some(Position { line, column }), true) => write!(f, "{line}:{column}")?,
            (None, _) => f.write_str(&self.at)?,
        }
        write!(f, ": {}", self.what)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ErrorInFile { file: "", error: self }.fmt(f)
    }
}

impl std::error::Error for Error {}

struct InFile<'a> {
    /// Empty for none.
    file: &'a str,
    problem: &'a Problem,
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file, self.problem.position) {
            ("", _) => write!(f, "{}", self.problem),
            (file, Some(_)) => write!(f, "{file}:{}", self.problem),
            (file, None) => write!(f, "{file}: {}", self.problem),
        }
    }
}

struct ErrorInFile<'a> {
    /// Empty for none.
    file: &'a str,
    error: &'a Error,
}

impl fmt::Display for ErrorInFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file;
        match self.error {
            Error::Load(problem) => InFile { file, problem }.fmt(f),
            Error::Invalid(problems) => {
                if !file.is_empty() {
                    write!(f, "{file}: ")?;
                }
                let n = problems.len();
                write!(f, "{n} problem{} in the OpenAPI document:", if n == 1 { "" } else { "s" })?;
                for problem in problems {
                    write!(f, "\n  {}", InFile { file, problem })?;
                }
                Ok(())
            }
            Error::Internal { file: generated, what } => {
                if !file.is_empty() {
                    write!(f, "{file}: ")?;
                }
                write!(
                    f,
                    "generator bug: the code generated for {generated} does not parse: {what}"
                )
            }
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return out;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The candidate that `word` most likely misspells: the same but for case, or the nearest
/// within about one edit in three letters (as rustc suggests names). `None` when `word` is
/// one of them or none is near.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = word.chars().count().max(3) / 3;
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            return None;
        }
        let distance = strsim::osa_distance(&lower, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::{Error, Position, Problem, nearest, pointer};

    fn problem(at: &str, position: Option<(usize, usize)>) -> Problem {
        let position = position.map(|(line, column)| Position { line, column });
        Problem { at: at.into(), position, what: "what".into() }
    }

    /// Each row: a problem, and how it shows alone and with a file name in front.
    #[test]
    fn problems_show_where_they_are() {
        let rows = [
            (problem("#/a/b", Some((12, 7))), "12:7 #/a/b: what", "s.yaml:12:7 #/a/b: what"),
            (problem("#/a/b", None), "#/a/b: what", "s.yaml: #/a/b: what"),
            (problem("", Some((3, 1))), "3:1: what", "s.yaml:3:1: what"),
        ];
        for (problem, alone, in_file) in rows {
            assert_eq!(problem.to_string(), alone);
            assert_eq!(problem.display_in("s.yaml").to_string(), in_file);
            assert_eq!(Error::Load(problem.clone()).display_in("s.yaml").to_string(), in_file);
        }
        let invalid = Error::Invalid(vec![problem("#/a", Some((1, 1))), problem("#/b", None)]);
        assert_eq!(
            invalid.display_in("s.yaml").to_string(),
            "s.yaml: 2 problems in the OpenAPI document:\n  s.yaml:1:1 #/a: what\n  s.yaml: #/b: what"
        );
        assert_eq!(
            invalid.to_string(),
            "2 problems in the OpenAPI document:\n  1:1 #/a: what\n  #/b: what"
        );
    }

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer("#/paths", "/pets/{id}"), "#/paths/~1pets~1{id}");
        assert_eq!(pointer("#", "a~b/c"), "#/a~0b~1c");
        assert_eq!(pointer("#/components", "schemas"), "#/components/schemas");
    }

    /// Each row: a word, the names it is compared with, and the suggestion.
    #[test]
    fn nearest_names() {
        let names = ["type", "items", "integer", "operationId", "Pet", "Pets", "required"];
        let rows = [
            ("tpye", Some("type")),
            ("typ", Some("type")),
            ("integr", Some("integer")),
            ("operationID", Some("operationId")),
            ("operationid", Some("operationId")),
            ("pet", Some("Pet")),
            ("Petz", Some("Pet")),
            ("require", Some("required")),
            ("item", Some("items")),
            // Exact names are not misspelt, and far ones are not guessed.
            ("type", None),
            ("format", None),
            ("x", None),
            ("", None),
        ];
        for (word, want) in rows {
            assert_eq!(nearest(word, names), want, "{word}");
        }
    }
}

use std::fmt;

/// Why a document could not become a client. Every variant says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The text is not a YAML or JSON OpenAPI 3.0 or 3.1 document. `at` is a line and column,
    /// or a JSON pointer once the text has parsed.
    Load { at: String, what: String },
    /// The document loaded but breaks OpenAPI's rules or uses what the generator does not
    /// support: every such problem, in document order.
    Invalid(Vec<Problem>),
    /// The generator built tokens that are not Rust: a bug in the generator, not in the spec.
    Internal { file: String, what: String },
}

/// One problem in a document: a JSON pointer (`#/paths/~1pets/get`) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub at: String,
    pub what: String,
}

impl Problem {
    pub(crate) fn new(at: impl Into<String>, what: impl Into<String>) -> Problem {
        Problem { at: at.into(), what: what.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.what)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load { at, what } => write!(f, "{at}: {what}"),
            Error::Invalid(problems) => {
                let n = problems.len();
                write!(f, "{n} problem{} in the OpenAPI document:", if n == 1 { "" } else { "s" })?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            Error::Internal { file, what } => {
                write!(f, "generator bug: the code generated for {file} does not parse: {what}")
            }
        }
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

//! The shape of a document as written, checked before `openapiv3` types it: every field
//! that the generator reads has the type OpenAPI gives it, every required field is there,
//! every schema `type` is one of JSON Schema's. Each problem is collected with its JSON
//! pointer, so that a document's mistakes are reported all at once, each where it is;
//! `openapiv3` stops at the first and locates it only roughly (`serde_path_to_error` loses
//! the path at its untagged and flattened types), so its error is left for what this check
//! does not foresee.
//!
//! What the generator does not read (`xml`, JSON Schema keywords that OpenAPI 3.0 lacks) is
//! not checked: a mistake there changes nothing in the client. A field that OpenAPI does not
//! define is ignored, as its extensibility asks, with a warning when it is a likely
//! misspelling of one that it does (`tpye`, `operationID`); `x-` extensions are always fine.
//! The walk allocates nothing unless it finds a problem or a field that OpenAPI does not
//! define.

mod objects;

use super::key_text;
use crate::error::{Problem, nearest};
use objects::{Keys, Kind, Object, SCHEMA_KEYWORDS, Shape, TYPES, Words};
use serde_yaml::{Mapping, Value as Yaml};

/// What the check found: errors, which stop loading, and warnings, which do not.
#[derive(Default)]
pub(super) struct Report {
    pub(super) errors: Vec<Problem>,
    pub(super) warnings: Vec<Problem>,
}

/// Checks a document of OpenAPI 3.0 or, with `v31`, 3.1, as written.
pub(super) fn check(doc: &Yaml, v31: bool) -> Report {
    let mut check = Check { v31, report: Report::default() };
    check.value(doc, Shape::Object(Kind::Document), &At::ROOT);
    check.report
}

/// Fields that OpenAPI 3.0 requires and 3.1 does not (loading supplies them when missing).
const OPTIONAL_IN_31: &[(Kind, &str)] =
    &[(Kind::Document, "paths"), (Kind::Operation, "responses")];

/// A place in the document, kept as the steps that lead to it so that the walk builds no
/// pointer until it has a problem to report.
struct At<'a> {
    up: Option<&'a At<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a Yaml),
    Field(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    const ROOT: At<'static> = At { up: None, step: Step::Root };

    fn key(&'a self, key: &'a Yaml) -> At<'a> {
        At { up: Some(self), step: Step::Key(key) }
    }

    fn field(&'a self, name: &'a str) -> At<'a> {
        At { up: Some(self), step: Step::Field(name) }
    }

    fn index(&'a self, index: usize) -> At<'a> {
        At { up: Some(self), step: Step::Index(index) }
    }

    fn pointer(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(here) = at {
            steps.push(here.step);
            at = here.up;
        }
        let mut pointer = String::from("#");
        for step in steps.into_iter().rev() {
            let token = match step {
                Step::Root => continue,
                Step::Key(key) => key_text(key),
                Step::Field(name) => name.to_string(),
                Step::Index(index) => index.to_string(),
            };
            pointer = crate::error::pointer(&pointer, &token);
        }
        pointer
    }
}

struct Check {
    v31: bool,
    report: Report,
}

impl Check {
    fn error(&mut self, at: &At, what: String) {
        self.report.errors.push(Problem::new(at.pointer(), what));
    }

    fn warn(&mut self, at: &At, what: String) {
        self.report.warnings.push(Problem::new(at.pointer(), what));
    }

    fn expected(&mut self, at: &At, expected: &str, found: &Yaml) {
        self.error(at, format!("expected {expected}, found {}", describe(found)));
    }

    /// A string, a boolean or a number; when the value is one of the others, the message
    /// says how to write it as the one expected.
    fn scalar(&mut self, value: &Yaml, shape: Shape, at: &At) {
        let fits = |value: &Yaml| match shape {
            Shape::String => value.is_string(),
            Shape::Bool => value.is_bool(),
            Shape::Number => value.is_number(),
            _ => value.as_u64().is_some(),
        };
        if fits(value) {
            return;
        }
        let expected = match shape {
            Shape::String => "a string",
            Shape::Bool => "`true` or `false`",
            Shape::Number => "a number",
            _ => "a non-negative integer",
        };
        let unquoted = value.as_str().and_then(|text| serde_yaml::from_str::<Yaml>(text).ok());
        let hint = match value {
            Yaml::Number(_) | Yaml::Bool(_) if matches!(shape, Shape::String) => {
                " (quote it to make it a string)"
            }
            Yaml::String(_) if unquoted.as_ref().is_some_and(fits) => " (write it without quotes)",
            _ => "",
        };
        self.error(at, format!("expected {expected}, found {}{hint}", describe(value)));
    }

    fn value(&mut self, value: &Yaml, shape: Shape, at: &At) {
        match shape {
            Shape::Any => {}
            Shape::Nullable(shape) => {
                if !value.is_null() {
                    self.value(value, *shape, at);
                }
            }
            Shape::String | Shape::Bool | Shape::Number | Shape::Count => {
                self.scalar(value, shape, at);
            }
            Shape::Word(words) => self.word(value, words, at),
            Shape::List(item) => match value {
                Yaml::Sequence(items) => {
                    for (i, child) in items.iter().enumerate() {
                        self.value(child, *item, &at.index(i));
                    }
                }
                _ => self.expected(at, "a list", value),
            },
            Shape::Map(item) => match value {
                Yaml::Mapping(map) => {
                    for (key, child) in map {
                        let at = at.key(key);
                        if key.is_string() {
                            self.value(child, *item, &at);
                        } else {
                            self.error(
                                &at,
                                format!(
                                    "a name must be a string: quote `{}`",
                                    key_text(key).escape_debug()
                                ),
                            );
                        }
                    }
                }
                _ => self.expected(at, "an object", value),
            },
            Shape::Object(kind) => self.object(value, kind, at),
            Shape::RefOr(kind) => {
                if !self.reference(value, at) {
                    self.object(value, kind, at);
                }
            }
            Shape::Schema => self.schema(value, at),
            Shape::BoolOrSchema => {
                if !value.is_bool() {
                    self.schema(value, at);
                }
            }
            Shape::Type => self.schema_type(value, at),
            Shape::Exclusive => {
                if !(value.is_null() || value.is_bool() || self.v31 && value.is_number()) {
                    let expected = if self.v31 { "a number" } else { "`true` or `false`" };
                    self.expected(at, expected, value);
                }
            }
        }
    }

    /// Whether `value` is a Reference Object (its `$ref` checked), which `openapiv3` reads
    /// without looking at what is beside the `$ref`.
    fn reference(&mut self, value: &Yaml, at: &At) -> bool {
        let Some(target) = value.as_mapping().and_then(|map| map.get("$ref")) else {
            return false;
        };
        if !target.is_string() {
            self.expected(
                &at.field("$ref"),
                "a reference (a string such as `#/components/schemas/Pet`)",
                target,
            );
        }
        true
    }

    fn word(&mut self, value: &Yaml, words: &Words, at: &At) {
        match value.as_str() {
            Some(word) if words.values.contains(&word) => {}
            Some(word) => self.error(at, unknown(words.what, word, words.values)),
            None => self.expected(at, &format!("a {}", words.what), value),
        }
    }

    fn object(&mut self, value: &Yaml, kind: Kind, at: &At) {
        let object = kind.object();
        let Yaml::Mapping(map) = value else {
            let article = if object.name.starts_with(['A', 'E', 'I', 'O']) { "an" } else { "a" };
            return self.expected(at, &format!("{article} {}", object.name), value);
        };
        let object = match kind {
            Kind::SecurityScheme => match self.security_scheme(map, at) {
                Some(kind) => kind.object(),
                None => return,
            },
            Kind::Callback if map.contains_key("$ref") => {
                return self.error(
                    &at.field("$ref"),
                    "a callback given by `$ref` is not supported here; write it out".into(),
                );
            }
            _ => object,
        };
        for field in object.required {
            let optional = self.v31 && OPTIONAL_IN_31.contains(&(kind, field));
            if !optional && !map.contains_key(*field) {
                self.error(at, format!("missing `{field}`, which the {} requires", object.name));
            }
        }
        match kind {
            Kind::Parameter => self.schema_or_content(map, "parameter", at),
            Kind::Header => self.schema_or_content(map, "header", at),
            Kind::Link if !map.contains_key("operationRef") && !map.contains_key("operationId") => {
                self.error(at, "a link needs `operationRef` or `operationId`".into());
            }
            _ => {}
        }
        self.fields(map, kind, object, at);
    }

    /// The fields of an object, and its other keys as its kind reads them.
    fn fields(&mut self, map: &Mapping, kind: Kind, object: &Object, at: &At) {
        for (key, value) in map {
            let name = key.as_str().unwrap_or_default();
            let shape = match object.field(name) {
                Some(Shape::Any) if kind == Kind::Parameter => parameter_field(map, name),
                shape => shape,
            };
            if let Some(shape) = shape {
                self.value(value, shape, &at.field(name));
                continue;
            }
            if name.starts_with("x-") {
                continue;
            }
            let at = at.key(key);
            match object.keys {
                Keys::Extensions => {
                    let fields = object.fields.iter().map(|(field, _)| *field);
                    self.misspelt(name, fields, "field", &at);
                }
                Keys::Paths if name.starts_with('/') => {
                    self.value(value, Shape::RefOr(Kind::PathItem), &at);
                }
                Keys::Paths => self.warn(
                    &at,
                    format!(
                        "`{}` is not a path (a path begins with `/`) and is ignored",
                        key_text(key)
                    ),
                ),
                Keys::StatusCodes if is_status_code(key) => {
                    self.value(value, Shape::RefOr(Kind::Response), &at);
                }
                Keys::StatusCodes => self.warn(
                    &at,
                    format!(
                        "`{}` is not a status code (such as `200` or `4XX`) nor `default`; \
                         this response is ignored",
                        key_text(key)
                    ),
                ),
                Keys::Expressions => self.value(value, Shape::Object(Kind::PathItem), &at),
            }
        }
    }

    /// A warning for an unknown name that is a likely misspelling of a known one.
    fn misspelt<'k>(
        &mut self,
        name: &str,
        known: impl IntoIterator<Item = &'k str>,
        noun: &str,
        at: &At,
    ) {
        if let Some(meant) = nearest(name, known) {
            self.warn(at, format!("unknown {noun} `{name}` is ignored; did you mean `{meant}`?"));
        }
    }

    /// The kind of security scheme its `type` says, `None` when it says none that the
    /// generator can read (each reported).
    fn security_scheme(&mut self, map: &Mapping, at: &At) -> Option<Kind> {
        Some(match map.get("type").and_then(Yaml::as_str) {
            Some("apiKey") => Kind::ApiKeyScheme,
            Some("http") => Kind::HttpScheme,
            Some("oauth2") => Kind::OAuth2Scheme,
            Some("openIdConnect") => Kind::OpenIdConnectScheme,
            Some("mutualTLS") if self.v31 => {
                self.error(
                    &at.field("type"),
                    "`mutualTLS` security schemes are not supported".into(),
                );
                return None;
            }
            _ => Kind::SecurityScheme,
        })
    }

    fn schema_or_content(&mut self, map: &Mapping, what: &str, at: &At) {
        if !map.contains_key("schema") && !map.contains_key("content") {
            self.error(at, format!("a {what} needs `schema` or `content`"));
        }
    }

    fn schema(&mut self, value: &Yaml, at: &At) {
        let map = match value {
            Yaml::Mapping(map) => map,
            Yaml::Bool(_) if self.v31 => return,
            _ => {
                let expected =
                    if self.v31 { "a schema (an object or a boolean)" } else { "a schema" };
                return self.expected(at, expected, value);
            }
        };
        // OpenAPI 3.0 ignores what is beside a `$ref`; 3.1 applies it too.
        if self.reference(value, at) && !self.v31 {
            return;
        }
        for (key, value) in map {
            let name = key.as_str().unwrap_or_default();
            if name == "$ref" || name.starts_with("x-") {
                continue;
            }
            match SCHEMA_KEYWORDS.iter().find(|(keyword, _)| *keyword == name) {
                Some((_, shape)) => self.value(value, *shape, &at.field(name)),
                None => {
                    let keywords = SCHEMA_KEYWORDS.iter().map(|(keyword, _)| *keyword);
                    self.misspelt(name, keywords, "keyword", &at.key(key));
                }
            }
        }
    }

    fn schema_type(&mut self, value: &Yaml, at: &At) {
        match value {
            Yaml::Null => {}
            Yaml::String(name) => self.type_name(name, at),
            Yaml::Sequence(names) if self.v31 => {
                for (i, name) in names.iter().enumerate() {
                    match name.as_str() {
                        Some(name) => self.type_name(name, &at.index(i)),
                        None => self.expected(&at.index(i), "a type name", name),
                    }
                }
            }
            _ if self.v31 => self.expected(at, "a type name or a list of them", value),
            _ => self.expected(at, "a type name", value),
        }
    }

    fn type_name(&mut self, name: &str, at: &At) {
        if TYPES.contains(&name) || (self.v31 && name == "null") {
            return;
        }
        let what = match name {
            "null" => "`null` is not a type in OpenAPI 3.0: write `nullable: true` beside the \
                       type"
                .to_string(),
            "file" => "`file` is Swagger 2.0: in OpenAPI 3 a file is `type: string` with \
                       `format: binary`"
                .to_string(),
            _ if self.v31 => unknown("type", name, &[TYPES, &["null"]].concat()),
            _ => unknown("type", name, TYPES),
        };
        self.error(at, what);
    }
}

/// The shape of a parameter's field that depends on its `in`: `style`, and `allowReserved`
/// and `allowEmptyValue`, which only a query parameter reads.
fn parameter_field(parameter: &Mapping, name: &str) -> Option<Shape> {
    let location = parameter.get("in").and_then(Yaml::as_str);
    let styles = match location {
        Some("query") => &objects::QUERY_STYLES,
        Some("path") => &objects::PATH_STYLES,
        Some("header") => &objects::HEADER_STYLES,
        Some("cookie") => &objects::COOKIE_STYLES,
        _ => return Some(Shape::Any),
    };
    Some(match (name, location) {
        ("style", _) => Shape::Word(styles),
        ("allowReserved", Some("query")) => Shape::Bool,
        ("allowEmptyValue", Some("query")) => Shape::Nullable(&Shape::Bool),
        _ => Shape::Any,
    })
}

/// The message for a word that is none of `values`: the nearest one suggested, or all of them
/// listed when none is near.
fn unknown(what: &str, word: &str, values: &[&str]) -> String {
    if let Some(meant) = nearest(word, values.iter().copied()) {
        return format!("unknown {what} `{}`: did you mean `{meant}`?", word.escape_debug());
    }
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let list = match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("unknown {what} `{}`: expected {list}", word.escape_debug())
}

/// A value as a message names it: `the string `five``, `a list`.
fn describe(value: &Yaml) -> String {
    const MAX: usize = 40;
    match value {
        Yaml::Null => "null".into(),
        Yaml::Bool(b) => format!("`{b}`"),
        Yaml::Number(n) => format!("the number `{n}`"),
        Yaml::String(s) if s.chars().count() > MAX => {
            let start: String = s.chars().take(MAX - 3).collect();
            format!("the string `{}...`", start.escape_debug())
        }
        Yaml::String(s) => format!("the string `{}`", s.escape_debug()),
        Yaml::Sequence(_) => "a list".into(),
        Yaml::Mapping(_) => "an object".into(),
        Yaml::Tagged(_) => "a tagged value".into(),
    }
}

/// Whether a key of a Responses Object is a status code as `openapiv3` reads one: a number
/// from 100 to 999, or three characters that are one or a digit and `XX`.
fn is_status_code(key: &Yaml) -> bool {
    match key {
        Yaml::Number(n) => n.as_u64().is_some_and(|n| (100..1000).contains(&n)),
        Yaml::String(s) if s.len() == 3 => match (s.parse::<i64>(), s.as_bytes()) {
            (Ok(n), _) => (100..1000).contains(&n),
            (Err(_), [digit, x, y]) => {
                digit.is_ascii_digit()
                    && x.eq_ignore_ascii_case(&b'X')
                    && y.eq_ignore_ascii_case(&b'X')
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests;

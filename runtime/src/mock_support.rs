//! What the mocks of the `mock` module share: the request an operation's mock answers, as a
//! `wiremock` matcher, and its answer. The same for every spec; the `mock` module holds one
//! typed helper per operation over it. Behind the `mock` feature.

// A spec may leave some of it unused (a client without bodies never matches one).
#![allow(dead_code)]

use super::runtime::{self, ValidationError};

/// The requests a mock answers: the operation's method and path, narrowed by each parameter
/// and the body that the test sets; a parameter it does not set matches any value. The
/// values are written as the client writes them, so a mocked call matches the real one.
#[derive(Debug, Clone)]
pub(crate) struct Expect {
    /// The operation, for messages: `getIntegration`.
    operation: &'static str,
    method: &'static str,
    /// The path's text between its parameters: `["/pets/", "/photo"]` for `/pets/{petId}/photo`.
    literals: &'static [&'static str],
    /// Each path parameter's segment as the client sends it, percent-encoded; `None`: any.
    segments: Vec<Option<String>>,
    /// Query parameters by name, with every value they must have, in order.
    query: Vec<(&'static str, Vec<String>)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Body>,
    /// The first value set that the client could not send either.
    problem: Option<(&'static str, ValidationError)>,
}

/// A body a request must have.
#[derive(Debug, Clone)]
enum Body {
    /// Equal as JSON: the same values, whatever the spacing and the order of properties.
    Json(::serde_json::Value),
    /// The same bytes.
    Raw(Vec<u8>),
}

impl Expect {
    /// The requests of an operation, whatever their parameters and body.
    pub(crate) fn new(
        operation: &'static str,
        method: &'static str,
        literals: &'static [&'static str],
    ) -> Self {
        Expect {
            operation,
            method,
            literals,
            segments: vec![None; literals.len().saturating_sub(1)],
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
        }
    }

    /// Only requests whose path parameter number `index` (from the left) is `value`.
    pub(crate) fn path(
        mut self,
        index: usize,
        name: &'static str,
        value: Result<String, ValidationError>,
    ) -> Self {
        let mut segment = String::new();
        match value.and_then(|value| runtime::push_segment(&mut segment, name, &value)) {
            Ok(()) => self.segments[index] = Some(segment),
            Err(e) => self.fail(name, e),
        }
        self
    }

    /// Only requests whose query parameter `name` has these values, in this order.
    pub(crate) fn query(
        mut self,
        name: &'static str,
        values: Result<Vec<String>, ValidationError>,
    ) -> Self {
        match values {
            Ok(values) => {
                self.query.retain(|(n, _)| *n != name);
                self.query.push((name, values));
            }
            Err(e) => self.fail(name, e),
        }
        self
    }

    /// Only requests with header `name` set to `value`.
    pub(crate) fn header(
        mut self,
        name: &'static str,
        value: Result<String, ValidationError>,
    ) -> Self {
        match value {
            Ok(value) => {
                self.headers.retain(|(n, _)| *n != name);
                self.headers.push((name, value));
            }
            Err(e) => self.fail(name, e),
        }
        self
    }

    /// Only requests whose body is this value's JSON.
    pub(crate) fn json<T: ::serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        match ::serde_json::to_value(body) {
            Ok(value) => self.body = Some(Body::Json(value)),
            Err(e) => self.fail("body", ValidationError::new(format!("is not JSON: {e}"))),
        }
        self
    }

    /// Only requests whose body is these bytes.
    pub(crate) fn raw(mut self, body: Result<Vec<u8>, ValidationError>) -> Self {
        match body {
            Ok(bytes) => self.body = Some(Body::Raw(bytes)),
            Err(e) => self.fail("body", e),
        }
        self
    }

    /// Only requests whose body is what `encode` gives: a form, encoded as the client does.
    pub(crate) fn encoded(self, encode: impl FnOnce() -> Result<Vec<u8>, ValidationError>) -> Self {
        self.raw(encode())
    }

    fn fail(&mut self, name: &'static str, error: ValidationError) {
        self.problem.get_or_insert((name, error));
    }

    /// Answers the requests with `status` and this value as JSON.
    pub(crate) fn json_response<T: ::serde::Serialize + ?Sized>(
        self,
        status: u16,
        body: &T,
    ) -> ::wiremock::Mock {
        let body = ::serde_json::to_vec(body).unwrap_or_else(|e| {
            panic!(
                "the mock of `{}` cannot answer with a body that is not JSON: {e}",
                self.operation
            )
        });
        self.response(status, body, "application/json")
    }

    /// Answers the requests with `status` and `body` as it is.
    pub(crate) fn response(
        self,
        status: u16,
        body: impl Into<Vec<u8>>,
        content_type: &str,
    ) -> ::wiremock::Mock {
        let template = ::wiremock::ResponseTemplate::new(status).set_body_raw(body, content_type);
        self.answer(template)
    }

    /// Answers the requests with `status` and no body.
    pub(crate) fn empty_response(self, status: u16) -> ::wiremock::Mock {
        self.answer(::wiremock::ResponseTemplate::new(status))
    }

    /// Checks that `status` is in the class (`4` for `4XX`) the spec documents the answer for.
    pub(crate) fn in_class(self, status: u16, class: u16) -> Self {
        if status / 100 != class {
            panic!(
                "the mock of `{}` answers {class}XX with this body; {status} is not {class}XX",
                self.operation
            );
        }
        self
    }

    fn answer(self, template: ::wiremock::ResponseTemplate) -> ::wiremock::Mock {
        if let Some((name, error)) = &self.problem {
            panic!("the mock of `{}` cannot match `{name}`: {error}", self.operation);
        }
        let name = self.operation;
        ::wiremock::Mock::given(self).respond_with(template).named(name)
    }

    /// Whether `path` is the operation's, with the path parameters that are set.
    fn path_matches(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix(self.literals[0]) else { return false };
        self.rest_matches(rest, 0)
    }

    /// Whether `rest` is the path after `literals[..=index]`.
    fn rest_matches(&self, rest: &str, index: usize) -> bool {
        let Some(literal) = self.literals.get(index + 1) else { return rest.is_empty() };
        match &self.segments[index] {
            Some(segment) => rest
                .strip_prefix(segment.as_str())
                .and_then(|rest| rest.strip_prefix(literal))
                .is_some_and(|rest| self.rest_matches(rest, index + 1)),
            // Any value: one or more characters of one segment, then the literal.
            None => rest
                .char_indices()
                .skip(1)
                .map(|(at, _)| at)
                .chain([rest.len()])
                .take_while(|&at| !rest[..at].contains('/'))
                .any(|at| {
                    rest[at..]
                        .strip_prefix(literal)
                        .is_some_and(|rest| self.rest_matches(rest, index + 1))
                }),
        }
    }
}

impl ::wiremock::Match for Expect {
    fn matches(&self, request: &::wiremock::Request) -> bool {
        if request.method.as_str() != self.method || !self.path_matches(request.url.path()) {
            return false;
        }
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let query_matches = self.query.iter().all(|(name, values)| {
            query.iter().filter(|(n, _)| n == name).map(|(_, v)| v).eq(values.iter())
        });
        let headers_match = self.headers.iter().all(|(name, value)| {
            let mut sent = request.headers.get_all(*name).iter();
            sent.next().is_some_and(|sent| sent.as_bytes() == value.as_bytes())
                && sent.next().is_none()
        });
        let body_matches = match &self.body {
            None => true,
            Some(Body::Json(value)) => {
                ::serde_json::from_slice::<::serde_json::Value>(&request.body)
                    .is_ok_and(|sent| sent == *value)
            }
            Some(Body::Raw(bytes)) => request.body == *bytes,
        };
        query_matches && headers_match && body_matches
    }
}

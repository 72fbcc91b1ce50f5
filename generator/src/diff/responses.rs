//! An operation's responses, status by status. A status that a document does not list is
//! still documented when a range (`4XX`) or `default` covers it: it is compared with what
//! covers it, not reported as new.

use super::surface::Part;
use super::{Cx, Place, Touch, Usage, rust_type};
use crate::error::pointer;
use crate::model::{Operation, Outcome, Payload, Returned, Status};
use std::collections::{BTreeMap, BTreeSet};

/// The documented responses of an operation by their key in `responses` (`200`, `4XX`,
/// `default`).
type Responses<'a> = BTreeMap<String, &'a Outcome>;

impl<'a> Cx<'a> {
    pub(super) fn outcomes(&mut self, old: &'a Operation, new: &'a Operation, item: &str) {
        let (olds, news) = (responses(old), responses(new));
        let statuses: BTreeSet<&String> = olds.keys().chain(news.keys()).collect();
        let touches = self.response_touches(old, new);
        for status in statuses {
            let response_at = |op: &Operation| {
                pointer(&pointer(&super::operations::operation_at(op), "responses"), status)
            };
            let class = if status.starts_with('2') { "success" } else { "error" };
            match (olds.get(status), news.get(status)) {
                (None, Some(n)) => {
                    let covered = cover(&olds, n.status);
                    let mut detail = format!("{class} response {status} added");
                    if let Some(c) = covered {
                        detail.push_str(&format!(" (`{}` covered it before)", c.status));
                    }
                    detail.push_str(&moved(old, new, n.status));
                    let wire = (covered.is_none() && n.status.is_success()).then(|| {
                        format!("readers of the old document do not expect status {status}")
                    });
                    self.push("response_added", &response_at(new), item, detail)
                        .wire(wire)
                        .rust("the method's `Ok` or `Error::Api` type changes")
                        .touches(touches.clone());
                    if let Some(c) = covered {
                        let what = format!("response {status} (`{}` before)", c.status);
                        self.payloads(
                            &c.payload,
                            &n.payload,
                            &response_at(new),
                            item,
                            what,
                            &touches,
                        );
                    }
                }
                (Some(o), None) => {
                    let covered = cover(&news, o.status);
                    let mut detail = format!("{class} response {status} removed");
                    if let Some(c) = covered {
                        detail.push_str(&format!(" (`{}` covers it now)", c.status));
                    }
                    detail.push_str(&moved(old, new, o.status));
                    self.push("response_removed", &response_at(old), item, detail)
                        .rust("the method's `Ok` or `Error::Api` type changes")
                        .touches(touches.clone());
                    if let Some(c) = covered {
                        let what = format!("response {status} (`{}` now)", c.status);
                        self.payloads(
                            &o.payload,
                            &c.payload,
                            &response_at(new),
                            item,
                            what,
                            &touches,
                        );
                    }
                }
                (Some(o), Some(n)) => {
                    let what = format!("response {status}");
                    self.payloads(&o.payload, &n.payload, &response_at(new), item, what, &touches);
                    self.headers(o, n, &response_at(old), &response_at(new), item);
                }
                (None, None) => {}
            }
        }
    }

    /// Compares the bodies of one status, which readers receive.
    fn payloads(
        &mut self,
        old: &Payload,
        new: &Payload,
        at: &str,
        item: &str,
        what: String,
        touches: &[Touch],
    ) {
        match (old, new) {
            (Payload::Json(o), Payload::Json(n)) => {
                let place = Place {
                    at: at.to_string(),
                    rust_item: item.to_string(),
                    what,
                    usage: Usage::RECEIVED,
                    retyped: "response_retyped",
                    touches: touches.to_vec(),
                };
                self.shape(o, n, &place);
            }
            (o, n) if std::mem::discriminant(o) == std::mem::discriminant(n) => {}
            (o, Payload::Empty) => {
                self.push(
                    "response_body_removed",
                    at,
                    item,
                    format!("{what} no longer has a body"),
                )
                .wire(Some("readers that expect a body get none".into()))
                .rust(format!("the body is no longer decoded as `{}`", payload_type(o)))
                .touches(touches.to_vec());
            }
            (Payload::Empty, n) => {
                self.push("response_body_added", at, item, format!("{what} has a body"))
                    .rust(format!("the body is now decoded as `{}`", payload_type(n)))
                    .touches(touches.to_vec());
            }
            (o, n) => {
                let (o, n) = (payload_type(o), payload_type(n));
                self.push("response_retyped", at, item, format!("{what} retyped: `{o}` → `{n}`"))
                    .wire(Some(format!("readers that expect `{o}` may get `{n}`")))
                    .rust(format!("`{o}` becomes `{n}`"))
                    .touches(touches.to_vec());
            }
        }
    }

    /// The headers of one status, which readers receive. One removed breaks readers that use
    /// it, even when the spec did not mark it required: documents rarely do, even for headers
    /// always sent (`Location`, `ETag`), and readers name headers one by one. A schema changed
    /// is compared as the spec's text.
    fn headers(&mut self, old: &Outcome, new: &Outcome, old_at: &str, new_at: &str, item: &str) {
        let status = &new.status;
        let at = |response_at: &str, name: &str| pointer(&pointer(response_at, "headers"), name);
        for h in &new.headers {
            let what = format!("response {status}: header `{}`", h.name);
            let Some(o) = old.headers.iter().find(|o| o.name.eq_ignore_ascii_case(&h.name)) else {
                let required = if h.required { "required" } else { "optional" };
                self.push(
                    "response_header_added",
                    &at(new_at, &h.name),
                    item,
                    format!("{what} added, {required}"),
                );
                continue;
            };
            if o.required && !h.required {
                self.push(
                    "response_header_optional",
                    &at(new_at, &h.name),
                    item,
                    format!("{what} made optional"),
                )
                .wire(Some("readers can no longer rely on it being present".into()));
            }
            if !o.required && h.required {
                self.push(
                    "response_header_required",
                    &at(new_at, &h.name),
                    item,
                    format!("{what} made required"),
                );
            }
            if o.schema != h.schema {
                self.push(
                    "response_header_retyped",
                    &at(new_at, &h.name),
                    item,
                    format!("{what}: `{}` → `{}` (compared as text)", o.schema, h.schema),
                )
                .wire(Some("readers of the old document may get values it ruled out".into()));
            }
        }
        for o in old
            .headers
            .iter()
            .filter(|o| !new.headers.iter().any(|h| h.name.eq_ignore_ascii_case(&o.name)))
        {
            let what = format!("response {status}: header `{}`", o.name);
            self.push(
                "response_header_removed",
                &at(old_at, &o.name),
                item,
                format!("{what} removed"),
            )
            .wire(Some("readers that use it no longer get it".into()));
        }
    }

    /// What the responses of an operation reach in the generated API: what its methods
    /// return, and the enums of its outcomes.
    fn response_touches(&self, old: &Operation, new: &Operation) -> Vec<Touch> {
        let mut touches = self.method_touches(&[old, new], Part::Ret);
        for op in [old, new] {
            for returned in [&op.ok, &op.err] {
                if let Returned::Enum(name) = returned {
                    touches.push(Touch::Item(format!("types::{name}")));
                }
            }
        }
        touches
    }
}

fn responses(op: &Operation) -> Responses<'_> {
    op.success.iter().chain(&op.errors).map(|o| (o.status.to_string(), o)).collect()
}

/// The response of a document that covers a status it does not list: the range of its code,
/// else `default`.
fn cover<'r>(responses: &Responses<'r>, status: Status) -> Option<&'r Outcome> {
    let range = match status {
        Status::Code(code) => Some(Status::Range(code / 100)),
        Status::Range(_) => None,
        Status::Default => return None,
    };
    range
        .and_then(|r| responses.get(&r.to_string()))
        .or_else(|| responses.get(&Status::Default.to_string()))
        .copied()
}

/// `; it came back as …, now as …` when the generated client sorts the status differently.
fn moved(old: &Operation, new: &Operation, status: Status) -> String {
    let Status::Code(code) = status else { return String::new() };
    let (before, after) = (returned_as(old, code), returned_as(new, code));
    if before == after {
        return String::new();
    }
    format!("; the client returned it as {before}, now as {after}")
}

/// How the generated client returns a status: successes are sorted out first, and a
/// `default` among them takes every status.
fn returned_as(op: &Operation, code: u16) -> &'static str {
    let matches = |outcomes: &[Outcome]| {
        outcomes.iter().any(|o| match o.status {
            Status::Default => true,
            Status::Code(c) => c == code,
            Status::Range(class) => code / 100 == class,
        })
    };
    if matches(&op.success) {
        "`Ok`"
    } else if matches(&op.errors) {
        "`Error::Api`"
    } else {
        "`Error::UnexpectedStatus`"
    }
}

fn payload_type(payload: &Payload) -> String {
    match payload {
        Payload::Empty => "()".into(),
        Payload::Json(shape) => rust_type(&shape.ty),
        Payload::Text => "String".into(),
        Payload::Bytes => "Vec<u8>".into(),
    }
}

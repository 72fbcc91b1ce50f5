//! The server, authentication and operations: what a call goes through.

use super::{Cx, Place, Usage, body_type, param_type, rust_ident, rust_type};
use crate::error::pointer;
use crate::model::{Api, Operation, Param, ParamIn, Shape};
use std::collections::{BTreeMap, BTreeSet};

impl Cx {
    pub(super) fn api(&mut self, old: &Api, new: &Api) {
        let at = "#/servers/0";
        match (&old.base_url, &new.base_url) {
            (Some(o), Some(n)) if o != n => self.push(
                "server_changed",
                at,
                "Client::new",
                format!("server `{o}` → `{n}`"),
                Some("callers set up with the old URL may no longer reach the API".into()),
                Some("`Client::new()` sends requests, and the token, to the new URL".into()),
            ),
            (None, Some(n)) => self.push(
                "server_added",
                at,
                "Client::new",
                format!("server `{n}` added"),
                None,
                None,
            ),
            (Some(o), None) => self.push(
                "server_removed",
                "#/servers",
                "Client::new",
                format!("server `{o}` removed"),
                None,
                Some("`Client::new()` has no default base URL; the builder must set one".into()),
            ),
            _ => {}
        }
        let at = "#/components/securitySchemes";
        match (old.bearer, new.bearer) {
            (false, true) => self.push(
                "bearer_added",
                at,
                "Client::new",
                "bearer authentication added",
                Some("callers that send no token are refused".into()),
                Some("`Client::new` takes a token".into()),
            ),
            (true, false) => self.push(
                "bearer_removed",
                at,
                "Client::new",
                "bearer authentication removed",
                None,
                Some("`Client::new` no longer takes a token".into()),
            ),
            _ => {}
        }
    }

    pub(super) fn operations(&mut self, old: &Api, new: &Api) {
        let mut matched = vec![false; old.operations.len()];
        let mut pairs: Vec<(Option<usize>, &Operation)> = Vec::new();
        // Method and path first, so that a changed `operationId` is a rename, not a
        // removal and an addition; then `operationId`, so that a moved path is a move.
        for op in &new.operations {
            let found = old
                .operations
                .iter()
                .enumerate()
                .position(|(i, o)| !matched[i] && o.method == op.method && o.path == op.path);
            if let Some(i) = found {
                matched[i] = true;
            }
            pairs.push((found, op));
        }
        for (found, op) in pairs.iter_mut().filter(|(found, _)| found.is_none()) {
            *found = old
                .operations
                .iter()
                .enumerate()
                .position(|(i, o)| !matched[i] && o.operation_id == op.operation_id);
            if let Some(i) = *found {
                matched[i] = true;
            }
        }
        for (found, op) in pairs {
            match found {
                Some(i) => self.operation(&old.operations[i], op),
                None => self.push(
                    "operation_added",
                    &operation_at(op),
                    client_item(op),
                    format!("operation `{}` added ({})", op.operation_id, endpoint(op)),
                    None,
                    None,
                ),
            }
        }
        for (op, _) in old.operations.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.push(
                "operation_removed",
                &operation_at(op),
                client_item(op),
                format!("operation `{}` removed ({})", op.operation_id, endpoint(op)),
                Some(format!("calls to {} fail", endpoint(op))),
                Some(format!("`{}` no longer exists", client_item(op))),
            );
        }
    }

    pub(super) fn operation(&mut self, old: &Operation, new: &Operation) {
        let at = operation_at(new);
        let item = client_item(new);
        if old.method != new.method || old.path != new.path {
            self.push(
                "operation_moved",
                &at,
                &item,
                format!(
                    "operation `{}` moved from {} to {}",
                    new.operation_id,
                    endpoint(old),
                    endpoint(new)
                ),
                Some(format!("calls to {} fail", endpoint(old))),
                None,
            );
        }
        if old.rust_name != new.rust_name {
            self.push(
                "operation_renamed",
                &at,
                &item,
                format!(
                    "`{}` renamed to `{}` (`operationId` `{}` → `{}`)",
                    client_item(old),
                    item,
                    old.operation_id,
                    new.operation_id
                ),
                None,
                Some(format!("`{}` no longer exists", client_item(old))),
            );
        }
        if old.deprecated != new.deprecated {
            let (change, detail) = if new.deprecated {
                ("operation_deprecated", "deprecated")
            } else {
                ("operation_undeprecated", "no longer deprecated")
            };
            self.push(change, &at, &item, detail, None, None);
        }
        self.params(old, new, &at, &item);
        self.body(old, new, &at, &item);
        self.outcomes(old, new, &item);
        self.scopes(old, new, &at);
    }

    pub(super) fn params(&mut self, old: &Operation, new: &Operation, at: &str, item: &str) {
        let key = |p: &Param| (location(p.location), p.api_name.clone());
        let olds: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(p), p)).collect();
        let news: BTreeMap<_, &Param> = new.params.iter().map(|p| (key(p), p)).collect();
        for p in &new.params {
            let arg = format!("{item}({})", rust_ident(&p.rust_name));
            let what = format!("parameter `{}` ({})", p.api_name, location(p.location));
            let Some(o) = olds.get(&key(p)) else {
                self.push(
                    "parameter_added",
                    at,
                    arg,
                    format!("{what} added, {}", if p.required { "required" } else { "optional" }),
                    p.required.then(|| "existing callers do not send it and are refused".into()),
                    Some(format!("`{item}` takes a new argument")),
                );
                continue;
            };
            if o.required != p.required {
                let (change, detail, wire, rust) = if p.required {
                    (
                        "parameter_required",
                        format!("{what} made required"),
                        Some("callers that omit it are refused".to_string()),
                        format!(
                            "the argument's type changes from `Option<{0}>` to `{0}`",
                            param_type(&p.shape.ty)
                        ),
                    )
                } else {
                    (
                        "parameter_optional",
                        format!("{what} made optional"),
                        None,
                        format!(
                            "the argument's type changes from `{0}` to `Option<{0}>`",
                            param_type(&p.shape.ty)
                        ),
                    )
                };
                self.push(change, at, &arg, detail, wire, Some(rust));
            }
            let place = Place {
                at: at.to_string(),
                rust_item: arg,
                what,
                usage: Usage::SENT,
                retyped: "parameter_retyped",
                checked: true,
            };
            self.shape(&o.shape, &p.shape, &place);
        }
        for p in &old.params {
            if !news.contains_key(&key(p)) {
                self.push(
                    "parameter_removed",
                    &operation_at(old),
                    format!("{}({})", client_item(old), rust_ident(&p.rust_name)),
                    format!("parameter `{}` ({}) removed", p.api_name, location(p.location)),
                    Some("the server no longer reads what callers send in it".into()),
                    Some(format!("`{item}` loses an argument")),
                );
            }
        }
        let order = |params: &[Param], others: &BTreeMap<_, &Param>| -> Vec<String> {
            params
                .iter()
                .filter(|p| others.contains_key(&key(p)))
                .map(|p| p.api_name.clone())
                .collect()
        };
        let (before, after) = (order(&old.params, &news), order(&new.params, &olds));
        if before != after {
            self.push(
                "arguments_reordered",
                at,
                item,
                format!("arguments reordered: ({}) → ({})", before.join(", "), after.join(", ")),
                None,
                Some(
                    "calls pass arguments by position, so arguments of the same type swap silently"
                        .into(),
                ),
            );
        }
    }

    pub(super) fn body(&mut self, old: &Operation, new: &Operation, at: &str, item: &str) {
        let body_item = format!("{item}(body)");
        match (&old.body, &new.body) {
            (None, Some(b)) => self.push(
                "request_body_added",
                &pointer(at, "requestBody"),
                body_item,
                format!("request body added, {}", if b.required { "required" } else { "optional" }),
                b.required.then(|| "existing callers send no body and are refused".into()),
                Some(format!("`{item}` takes a `body` argument")),
            ),
            (Some(_), None) => self.push(
                "request_body_removed",
                &pointer(&operation_at(old), "requestBody"),
                body_item,
                "request body removed",
                Some("the server no longer reads the body callers send".into()),
                Some(format!("`{item}` loses its `body` argument")),
            ),
            (Some(o), Some(n)) => {
                let at = pointer(at, "requestBody");
                if o.required != n.required {
                    let ty = body_type(&n.kind);
                    let (change, detail, wire, rust) = if n.required {
                        (
                            "request_body_required",
                            "request body made required",
                            Some("callers that send no body are refused".to_string()),
                            format!("`body` changes from `Option<{ty}>` to `{ty}`"),
                        )
                    } else {
                        (
                            "request_body_optional",
                            "request body made optional",
                            None,
                            format!("`body` changes from `{ty}` to `Option<{ty}>`"),
                        )
                    };
                    self.push(change, &at, &body_item, detail, wire, Some(rust));
                }
                let place = Place {
                    at,
                    rust_item: body_item,
                    what: "request body".into(),
                    usage: Usage::SENT,
                    retyped: "request_body_retyped",
                    checked: true,
                };
                match (o.shape(), n.shape()) {
                    (Some(os), Some(ns)) if o.content_type == n.content_type => {
                        self.shape(os, ns, &place)
                    }
                    _ if o.content_type == n.content_type && o.kind == n.kind => {}
                    _ => self.push(
                        "request_body_retyped",
                        &place.at,
                        &place.rust_item,
                        format!(
                            "request body changed from `{}` to `{}`",
                            o.content_type, n.content_type
                        ),
                        Some("the server no longer reads what callers send".into()),
                        Some(format!("`{}` takes a different body", place.rust_item)),
                    ),
                }
            }
            (None, None) => {}
        }
    }

    pub(super) fn outcomes(&mut self, old: &Operation, new: &Operation, item: &str) {
        let all = |op: &Operation| -> BTreeMap<String, Option<Shape>> {
            op.success
                .iter()
                .chain(&op.errors)
                .map(|o| (o.status.to_string(), o.payload.shape().cloned()))
                .collect()
        };
        let (olds, news) = (all(old), all(new));
        let statuses: BTreeSet<String> = olds.keys().chain(news.keys()).cloned().collect();
        for status in statuses {
            let success = status.starts_with('2');
            let response_at =
                |op: &Operation| pointer(&pointer(&operation_at(op), "responses"), &status);
            let as_what =
                if success { format!("`Ok` of `{item}`") } else { "`Error::Api`".to_string() };
            match (olds.get(&status), news.get(&status)) {
                (None, Some(_)) => self.push(
                    "response_added",
                    &response_at(new),
                    item,
                    format!(
                        "{} response {status} added",
                        if success { "success" } else { "error" }
                    ),
                    success.then(|| {
                        format!("readers of the old document do not expect status {status}")
                    }),
                    Some(format!(
                        "status {status} used to come back as `Error::UnexpectedStatus`, now as {as_what}"
                    )),
                ),
                (Some(_), None) => self.push(
                    "response_removed",
                    &response_at(old),
                    item,
                    format!(
                        "{} response {status} removed",
                        if success { "success" } else { "error" }
                    ),
                    None,
                    Some(format!(
                        "status {status} used to come back as {as_what}, now as `Error::UnexpectedStatus`"
                    )),
                ),
                (Some(Some(o)), Some(Some(n))) => {
                    let place = Place {
                        at: response_at(new),
                        rust_item: item.to_string(),
                        what: format!("response {status}"),
                        usage: Usage::RECEIVED,
                        retyped: "response_retyped",
                        checked: false,
                    };
                    self.shape(o, n, &place);
                }
                (Some(Some(o)), Some(None)) => self.push(
                    "response_body_removed",
                    &response_at(new),
                    item,
                    format!("response {status} no longer has a body"),
                    Some("readers that expect a body get none".into()),
                    Some(format!(
                        "the body of status {status} is no longer decoded as `{}`",
                        rust_type(&o.ty)
                    )),
                ),
                (Some(None), Some(Some(n))) => self.push(
                    "response_body_added",
                    &response_at(new),
                    item,
                    format!("response {status} has a body"),
                    None,
                    Some(format!(
                        "the body of status {status} is now decoded as `{}`",
                        rust_type(&n.ty)
                    )),
                ),
                _ => {}
            }
        }
    }

    pub(super) fn scopes(&mut self, old: &Operation, new: &Operation, at: &str) {
        let constant = format!("scopes::{}", crate::names::const_name(&new.rust_name));
        let at = pointer(at, "x-required-scopes");
        for scope in new.scopes.iter().filter(|s| !old.scopes.contains(s)) {
            self.push(
                "scope_added",
                &at,
                &constant,
                format!("scope `{scope}` added"),
                old.scopes.is_empty().then(|| {
                    "the operation required no scope before; tokens without this one are refused"
                        .into()
                }),
                None,
            );
        }
        let old_at = pointer(&operation_at(old), "x-required-scopes");
        for scope in old.scopes.iter().filter(|s| !new.scopes.contains(s)) {
            self.push(
                "scope_removed",
                &old_at,
                &constant,
                format!("scope `{scope}` removed"),
                (!new.scopes.is_empty())
                    .then(|| format!("tokens whose only matching scope was `{scope}` are refused")),
                new.scopes.is_empty().then(|| format!("`{constant}` no longer exists")),
            );
        }
    }
}

pub(super) fn location(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
    }
}

pub(super) fn operation_at(op: &Operation) -> String {
    pointer(&pointer("#/paths", &op.path), &op.method.to_ascii_lowercase())
}

pub(super) fn client_item(op: &Operation) -> String {
    format!("Client::{}", rust_ident(&op.rust_name))
}

pub(super) fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.method, op.path)
}

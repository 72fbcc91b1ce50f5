//! The server, authentication and operations: what a call goes through.

use super::surface::{Key, Part};
use super::{Cx, Owner, Place, Touch, Usage, body_type, param_type, rust_ident};
use crate::error::pointer;
use crate::model::{Api, Operation, Param, ParamIn};
use crate::spec::template_names;
use std::collections::BTreeMap;

impl<'a> Cx<'a> {
    pub(super) fn api(&mut self, old: &Api, new: &Api) {
        self.owner = Owner::Api;
        let constructor = |cx: &Cx| {
            cx.clients
                .iter()
                .flat_map(|c| {
                    [
                        Touch::Key(Key::new(c, Part::Fn("new".into()))),
                        Touch::Key(Key::new(c, Part::Arg("new".into(), "token".into()))),
                    ]
                })
                .collect::<Vec<_>>()
        };
        let at = "#/servers/0";
        match (&old.base_url, &new.base_url) {
            (Some(o), Some(n)) if o != n => {
                self.push("server_changed", at, "Client::new", format!("server `{o}` → `{n}`"))
                    .wire(Some("callers set up with the old URL may no longer reach the API, and `Client::new()` sends requests, and the token, to the new URL".into()));
            }
            (None, Some(n)) => {
                self.push("server_added", at, "Client::new", format!("server `{n}` added"));
            }
            (Some(o), None) => {
                self.push(
                    "server_removed",
                    "#/servers",
                    "Client::new",
                    format!("server `{o}` removed"),
                )
                .fails("`Client::new()` has no default base URL any more: it compiles, and fails with `BuildError::MissingBaseUrl` unless the builder sets one");
            }
            _ => {}
        }
        let at = "#/components/securitySchemes";
        let touches = constructor(self);
        match (old.bearer, new.bearer) {
            (false, true) => {
                self.push("bearer_added", at, "Client::new", "bearer authentication added")
                    .wire(Some("callers that send no token are refused".into()))
                    .rust("`Client::new` takes a token")
                    .touches(touches);
            }
            (true, false) => {
                self.push("bearer_removed", at, "Client::new", "bearer authentication removed")
                    .rust("`Client::new` no longer takes a token")
                    .touches(touches);
            }
            _ => {}
        }
    }

    pub(super) fn operations(&mut self, old: &'a Api, new: &'a Api) {
        let mut matched = vec![false; old.operations.len()];
        let mut pairs: Vec<(Option<usize>, &Operation)> = Vec::new();
        // Method and path first (the names of path variables aside), so that a changed
        // `operationId` is a rename, not a removal and an addition; then `operationId`, so
        // that a moved path is a move.
        for op in &new.operations {
            let found = old.operations.iter().enumerate().position(|(i, o)| {
                !matched[i] && o.method == op.method && template(&o.path) == template(&op.path)
            });
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
            self.owner = Owner::Operation(op.operation_id.clone());
            match found {
                Some(i) => self.operation(&old.operations[i], op),
                None => {
                    let touches = self.method_touches(&[op], Part::Fn);
                    self.push(
                        "operation_added",
                        &operation_at(op),
                        client_item(op),
                        format!("operation `{}` added ({})", op.operation_id, endpoint(op)),
                    )
                    .touches(touches);
                }
            }
        }
        for (op, _) in old.operations.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.owner = Owner::Operation(op.operation_id.clone());
            let touches = self.method_touches(&[op], Part::Fn);
            self.push(
                "operation_removed",
                &operation_at(op),
                client_item(op),
                format!("operation `{}` removed ({})", op.operation_id, endpoint(op)),
            )
            .wire(Some(format!("calls to {} fail", endpoint(op))))
            .rust(format!("`{}` no longer exists", client_item(op)))
            .touches(touches);
        }
    }

    pub(super) fn operation(&mut self, old: &'a Operation, new: &'a Operation) {
        let at = operation_at(new);
        let item = client_item(new);
        if old.method != new.method || template(&old.path) != template(&new.path) {
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
            )
            .wire(Some(format!("calls to {} fail", endpoint(old))));
        }
        if old.rust_name != new.rust_name {
            let touches = self.method_touches(&[old, new], Part::Fn);
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
            )
            .rust(format!("`{}` no longer exists", client_item(old)))
            .touches(touches);
        }
        if old.deprecated != new.deprecated {
            let (change, detail) = if new.deprecated {
                ("operation_deprecated", "deprecated")
            } else {
                ("operation_undeprecated", "no longer deprecated")
            };
            self.push(change, &at, &item, detail);
        }
        self.params(old, new, &at, &item);
        self.body(old, new, &at, &item);
        self.outcomes(old, new, &item);
        self.scopes(old, new, &at);
        self.security(old, new, &at, &item);
    }

    pub(super) fn params(&mut self, old: &'a Operation, new: &'a Operation, at: &str, item: &str) {
        let olds: BTreeMap<_, &Param> = old.params.iter().map(|p| (param_key(old, p), p)).collect();
        let news: BTreeMap<_, &Param> = new.params.iter().map(|p| (param_key(new, p), p)).collect();
        let ops = [old, new];
        let args = |cx: &Cx, names: &[&str]| {
            let mut touches = Vec::new();
            for name in names {
                let arg = rust_ident(name);
                touches.extend(cx.method_touches(&ops, |m| Part::Arg(m, arg.clone())));
            }
            touches.extend(cx.common_method_touches(old, new, Part::Fn));
            touches
        };
        for p in &new.params {
            let arg = format!("{item}({})", rust_ident(&p.rust_name));
            let what = format!("parameter `{}` ({})", p.api_name, location(p.location));
            let Some(o) = olds.get(&param_key(new, p)) else {
                // An optional parameter is a new setter on the operation's calls, which no
                // caller used, so it touches nothing they use.
                let touches = if p.required { args(self, &[&p.rust_name]) } else { Vec::new() };
                self.push(
                    "parameter_added",
                    at,
                    arg,
                    format!("{what} added, {}", if p.required { "required" } else { "optional" }),
                )
                .wire(p.required.then(|| "existing callers do not send it and are refused".into()))
                .rust("the method takes a new argument")
                .touches(touches);
                continue;
            };
            if o.api_name != p.api_name {
                let touches = args(self, &[&o.rust_name, &p.rust_name]);
                self.push(
                    "path_parameter_renamed",
                    at,
                    &arg,
                    format!(
                        "path parameter `{{{}}}` renamed to `{{{}}}` (the URL is the same)",
                        o.api_name, p.api_name
                    ),
                )
                .touches(touches);
            }
            if o.required != p.required {
                let touches = args(self, &[&p.rust_name]);
                let ty = param_type(&p.shape.ty);
                let (change, detail, wire, rust) = if p.required {
                    (
                        "parameter_required",
                        format!("{what} made required"),
                        Some("callers that omit it are refused".to_string()),
                        format!("the call's setter becomes an argument of the method (`{ty}`)"),
                    )
                } else {
                    (
                        "parameter_optional",
                        format!("{what} made optional"),
                        None,
                        format!("the method's argument (`{ty}`) becomes a setter of its call"),
                    )
                };
                self.push(change, at, &arg, detail).wire(wire).rust(rust).touches(touches);
            }
            let touches = args(self, &[&p.rust_name]);
            let place = Place {
                at: at.to_string(),
                rust_item: arg,
                what,
                usage: Usage::SENT,
                retyped: "parameter_retyped",
                touches,
            };
            self.shape(&o.shape, &p.shape, &place);
        }
        for p in &old.params {
            if !news.contains_key(&param_key(old, p)) {
                let touches = args(self, &[&p.rust_name]);
                self.push(
                    "parameter_removed",
                    &operation_at(old),
                    format!("{}({})", client_item(old), rust_ident(&p.rust_name)),
                    format!("parameter `{}` ({}) removed", p.api_name, location(p.location)),
                )
                .wire(Some("the server no longer reads what callers send in it".into()))
                .rust(match p.required {
                    true => "the method loses an argument",
                    false => "the call loses a setter",
                })
                .touches(touches);
            }
        }
        // Only required parameters are arguments, passed by position; optional ones are set
        // by name on the call.
        let order = |op: &Operation, others: &BTreeMap<_, &Param>| -> Vec<String> {
            op.params
                .iter()
                .filter(|p| p.required && others.get(&param_key(op, p)).is_some_and(|o| o.required))
                .map(|p| p.api_name.clone())
                .collect()
        };
        let (before, after) = (order(old, &news), order(new, &olds));
        let keys = |op: &Operation, others: &BTreeMap<_, &Param>| -> Vec<(&'static str, String)> {
            op.params
                .iter()
                .filter(|p| p.required)
                .map(|p| param_key(op, p))
                .filter(|k| others.get(k).is_some_and(|o| o.required))
                .collect()
        };
        if keys(old, &news) != keys(new, &olds) {
            let touches = self.common_method_touches(old, new, Part::Fn);
            self.push(
                "arguments_reordered",
                at,
                item,
                format!("arguments reordered: ({}) → ({})", before.join(", "), after.join(", ")),
            )
            .rust("calls pass arguments by position, so arguments of the same type swap silently")
            .touches(touches);
        }
    }

    pub(super) fn body(&mut self, old: &'a Operation, new: &'a Operation, at: &str, item: &str) {
        let body_item = format!("{item}(body)");
        let ops = [old, new];
        let mut touches = self.method_touches(&ops, |m| Part::Arg(m, "body".into()));
        touches.extend(self.common_method_touches(old, new, Part::Fn));
        match (&old.body, &new.body) {
            (None, Some(b)) => {
                self.push(
                    "request_body_added",
                    &pointer(at, "requestBody"),
                    body_item,
                    format!(
                        "request body added, {}",
                        if b.required { "required" } else { "optional" }
                    ),
                )
                .wire(b.required.then(|| "existing callers send no body and are refused".into()))
                .rust("the method takes a `body` argument")
                .touches(touches);
            }
            (Some(_), None) => {
                self.push(
                    "request_body_removed",
                    &pointer(&operation_at(old), "requestBody"),
                    body_item,
                    "request body removed",
                )
                .wire(Some("the server no longer reads the body callers send".into()))
                .rust("the method loses its `body` argument")
                .touches(touches);
            }
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
                    self.push(change, &at, &body_item, detail)
                        .wire(wire)
                        .rust(rust)
                        .touches(touches.clone());
                }
                let place = Place {
                    at,
                    rust_item: body_item,
                    what: "request body".into(),
                    usage: Usage::SENT,
                    retyped: "request_body_retyped",
                    touches: touches.clone(),
                };
                match (o.shape(), n.shape()) {
                    (Some(os), Some(ns)) if o.content_type == n.content_type => {
                        self.shape(os, ns, &place)
                    }
                    _ if o.content_type == n.content_type && o.kind == n.kind => {}
                    _ => {
                        self.push(
                            "request_body_retyped",
                            &place.at,
                            &place.rust_item,
                            format!(
                                "request body changed from `{}` to `{}`",
                                o.content_type, n.content_type
                            ),
                        )
                        .wire(Some("the server no longer reads what callers send".into()))
                        .rust("the method takes a different body")
                        .touches(touches);
                    }
                }
            }
            (None, None) => {}
        }
    }

    pub(super) fn scopes(&mut self, old: &Operation, new: &Operation, at: &str) {
        let constant = format!("scopes::{}", crate::names::const_name(&new.rust_name));
        let old_constant = format!("scopes::{}", crate::names::const_name(&old.rust_name));
        let touches = vec![Touch::Key(Key::item(&constant)), Touch::Key(Key::item(&old_constant))];
        let at = pointer(at, "x-required-scopes");
        for scope in new.scopes.iter().filter(|s| !old.scopes.contains(s)) {
            self.push("scope_added", &at, &constant, format!("scope `{scope}` added"))
                .wire(old.scopes.is_empty().then(|| {
                    "the operation required no scope before; tokens without this one are refused"
                        .into()
                }))
                .touches(touches.clone());
        }
        let old_at = pointer(&operation_at(old), "x-required-scopes");
        for scope in old.scopes.iter().filter(|s| !new.scopes.contains(s)) {
            self.push("scope_removed", &old_at, &constant, format!("scope `{scope}` removed"))
                .wire(
                    (!new.scopes.is_empty()).then(|| {
                        format!("tokens whose only matching scope was `{scope}` are refused")
                    }),
                )
                .rust(format!("`{constant}` no longer exists"))
                .touches(touches.clone());
        }
    }
}

/// A path template without the names of its variables: `/things/{}`.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push('{');
            }
            '}' => {
                in_name = false;
                out.push('}');
            }
            _ if in_name => {}
            c => out.push(c),
        }
    }
    out
}

/// What matches a parameter across documents: its location and name, or for a path
/// parameter its place in the path, so that renaming a path variable is not a new parameter.
fn param_key(op: &Operation, p: &Param) -> (&'static str, String) {
    match p.location {
        ParamIn::Path => match template_names(&op.path).iter().position(|n| *n == p.api_name) {
            Some(i) => ("path", format!("{{{i}}}")),
            None => ("path", p.api_name.clone()),
        },
        other => (location(other), p.api_name.clone()),
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

//! `x-pagination`: how the answers of an operation come in pages, read and checked against
//! the operation's parameters and its success body. README.md ("Paged operations") documents
//! the extension:
//!
//! ```yaml
//! x-pagination:
//!   style: pageNumber        # or cursor
//!   pageParameter: page      # pageNumber: the query parameter that numbers the pages
//!   cursorParameter: after   # cursor: the query parameter that takes the cursor
//!   sizeParameter: perPage   # optional: the query parameter that sets the page size
//!   items: /items            # JSON pointer into the success body: the array of items
//!   total: /totalCount       # pageNumber, optional: the total number of items
//!   nextCursor: /next        # cursor: the next page's cursor
//! ```

use super::Lower;
use crate::error::{nearest, pointer};
use crate::model::*;
use crate::spec::{OperationRef, ParamRef};
use openapiv3::{Parameter, ParameterSchemaOrContent};
use serde_json::Value;

/// The vendor extension that says how an operation's answers come in pages.
const EXTENSION: &str = "x-pagination";

/// Its keys, each with the styles it belongs to (none: every style), and what it is for.
const KEYS: &[(&str, Option<&str>, &str)] = &[
    ("style", None, "`pageNumber` or `cursor`"),
    ("pageParameter", Some(PAGE_NUMBER), "the query parameter that numbers the pages"),
    ("cursorParameter", Some(CURSOR), "the query parameter that takes a page's cursor"),
    ("sizeParameter", None, "the query parameter that sets the page size"),
    ("items", None, "a JSON pointer to the array of items in the success body"),
    ("total", Some(PAGE_NUMBER), "a JSON pointer to the total number of items"),
    ("nextCursor", Some(CURSOR), "a JSON pointer to the next page's cursor"),
];

const PAGE_NUMBER: &str = "pageNumber";
const CURSOR: &str = "cursor";

/// What a value found by a pointer must be.
#[derive(Clone, Copy)]
enum Want {
    Array,
    Integer,
    String,
}

/// The extension as read, before its parts are checked against the operation.
struct Read<'v> {
    at: String,
    keys: &'v serde_json::Map<String, Value>,
    /// Whether every part read so far is right.
    ok: bool,
}

impl Lower<'_> {
    /// The pagination of an operation, when it has the extension and the extension is right;
    /// every problem with it is reported, at the key it is in.
    pub(super) fn pagination(
        &mut self,
        op_ref: &OperationRef,
        params: &[Param],
        ok: &Returned,
    ) -> Option<Pagination> {
        let value = op_ref.op.extensions.get(EXTENSION)?;
        let at = pointer(&op_ref.at, EXTENSION);
        let Some(keys) = value.as_object() else {
            self.problem(at, "must be an object: `style`, its parameters and its pointers");
            return None;
        };
        let mut read = Read { at, keys, ok: true };
        let style = match keys.get("style").map(|v| v.as_str()) {
            Some(Some(style @ (PAGE_NUMBER | CURSOR))) => Some(style),
            Some(_) => {
                self.problem(pointer(&read.at, "style"), "must be `pageNumber` or `cursor`");
                read.ok = false;
                None
            }
            None => {
                self.problem(&read.at, "needs `style`: `pageNumber` or `cursor`");
                self.check_keys(&mut read, None);
                return None;
            }
        };
        self.check_keys(&mut read, style);
        let style = style?;
        let (moving_key, moving_type) = match style {
            PAGE_NUMBER => ("pageParameter", Want::Integer),
            _ => ("cursorParameter", Want::String),
        };
        let moving = self.parameter(&mut read, moving_key, params, moving_type);
        let size = self.parameter(&mut read, "sizeParameter", params, Want::Integer);
        if size.is_some() && size == moving {
            let what = format!("must be another parameter than `{moving_key}`");
            self.problem(pointer(&read.at, "sizeParameter"), what);
            read.ok = false;
        }
        let Returned::One(Payload::Json(body)) = ok else {
            let what = "the success responses of a paged operation must share one JSON body";
            self.problem(&read.at, what);
            return None;
        };
        let items = self.find(&mut read, "items", body, Want::Array);
        let style = match style {
            PAGE_NUMBER => {
                let first = moving.and_then(|i| self.first_page(&mut read, op_ref, &params[i]));
                let total = self.find(&mut read, "total", body, Want::Integer);
                moving.zip(first).map(|(page, first)| PageStyle::Number {
                    page,
                    first,
                    total: total.map(|(steps, _)| steps),
                })
            }
            _ => {
                let next = self.find(&mut read, "nextCursor", body, Want::String);
                moving.zip(next).map(|(cursor, (next, _))| PageStyle::Cursor { cursor, next })
            }
        };
        let (items, Ty::Array(item)) = items.map(|(steps, shape)| (steps, shape.ty))? else {
            return None;
        };
        let style = style?;
        let size = size.map(|param| {
            let default = self.default(op_ref, &params[param]).and_then(|(_, default)| default);
            PageSize { param, default }
        });
        read.ok.then_some(Pagination { style, size, items, item: *item })
    }

    /// Reports keys the extension does not have, and keys of the other style.
    fn check_keys(&mut self, read: &mut Read, style: Option<&str>) {
        for key in read.keys.keys() {
            let at = pointer(&read.at, key);
            match KEYS.iter().find(|(name, ..)| name == key) {
                None => {
                    let what = match nearest(key, KEYS.iter().map(|(name, ..)| *name)) {
                        Some(meant) => format!("unknown key `{key}`: did you mean `{meant}`?"),
                        None => format!(
                            "unknown key `{key}`; the keys are {}",
                            KEYS.iter()
                                .map(|(name, ..)| format!("`{name}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.problem(at, what);
                    read.ok = false;
                }
                Some((_, Some(only), what)) if style.is_some_and(|style| style != *only) => {
                    self.problem(at, format!("is {what}, read only with `style: {only}`"));
                    read.ok = false;
                }
                Some(_) => {}
            }
        }
        let Some(style) = style else { return };
        for (key, only, what) in KEYS {
            let needed = match *key {
                "pageParameter" | "cursorParameter" | "nextCursor" => *only == Some(style),
                "items" => true,
                _ => false,
            };
            if needed && !read.keys.contains_key(*key) {
                self.problem(&read.at, format!("`style: {style}` needs `{key}`, {what}"));
                read.ok = false;
            }
        }
    }

    /// The query parameter a key names, as an index into `params`, checked to be of the type
    /// wanted; `None` when the key is absent or wrong (and then reported).
    fn parameter(
        &mut self,
        read: &mut Read,
        key: &str,
        params: &[Param],
        want: Want,
    ) -> Option<usize> {
        let value = read.keys.get(key)?;
        let at = pointer(&read.at, key);
        let query = || params.iter().filter(|p| p.location == ParamIn::Query);
        let found = value.as_str().map(|name| {
            (name, params.iter().position(|p| p.location == ParamIn::Query && p.api_name == name))
        });
        let what = match found {
            Some((_, Some(i))) => match (want, &self.resolved(&params[i].shape).ty) {
                (Want::Integer, Ty::Int(_)) | (Want::String, Ty::String) => return Some(i),
                (Want::Integer, _) => {
                    format!("`{}` must be an integer parameter", params[i].api_name)
                }
                (_, _) => format!("`{}` must be a string parameter", params[i].api_name),
            },
            Some((name, None)) => {
                let names = query().map(|p| p.api_name.as_str());
                match nearest(name, names) {
                    Some(meant) => format!(
                        "`{name}` is not a query parameter of the operation: did you mean `{meant}`?"
                    ),
                    None => format!("`{name}` is not a query parameter of the operation"),
                }
            }
            None => "must be the name of a query parameter of the operation".to_string(),
        };
        self.problem(at, what);
        read.ok = false;
        None
    }

    /// The number of the first page: the page parameter's `default`, which the server answers
    /// with when the parameter is not sent.
    fn first_page(&mut self, read: &mut Read, op_ref: &OperationRef, page: &Param) -> Option<i128> {
        let (at, default) = self.default(op_ref, page)?;
        if let Some(first) = default {
            return Some(first);
        }
        self.problem(
            pointer(&at, "schema"),
            format!(
                "the page parameter `{}` of `{EXTENSION}` needs an integer `default`: the number \
                 of the first page, which the server answers with when it is not sent",
                page.api_name
            ),
        );
        read.ok = false;
        None
    }

    /// Where a query parameter is declared, and its integer `default`, if it has one.
    fn default(&self, op_ref: &OperationRef, param: &Param) -> Option<(String, Option<i128>)> {
        let declared = op_ref.parameters().into_iter().find(|ParamRef { param: p, .. }| {
            matches!(p, Parameter::Query { .. }) && p.parameter_data_ref().name == param.api_name
        })?;
        let default = match &declared.param.parameter_data_ref().format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.spec.schema(schema).and_then(|s| s.schema_data.default.as_ref())
            }
            ParameterSchemaOrContent::Content(_) => None,
        };
        Some((declared.at, default.and_then(Value::as_i64).map(i128::from)))
    }

    /// The fields a key's JSON pointer goes through from the body, and the shape it ends at,
    /// checked to be what is wanted; `None` when the key is absent or wrong (then reported).
    fn find(
        &mut self,
        read: &mut Read,
        key: &str,
        body: &Shape,
        want: Want,
    ) -> Option<(Vec<FieldStep>, Shape)> {
        let at = pointer(&read.at, key);
        let Some(text) = read.keys.get(key)?.as_str() else {
            self.problem(at, "must be a JSON pointer into the success body, such as `/items`");
            read.ok = false;
            return None;
        };
        match self.follow(text, body) {
            Ok((steps, shape)) => {
                let fits = matches!(
                    (want, &shape.ty),
                    (Want::Array, Ty::Array(_))
                        | (Want::Integer, Ty::Int(_))
                        | (Want::String, Ty::String)
                );
                if fits {
                    return Some((steps, shape));
                }
                let wanted = match want {
                    Want::Array => "an array",
                    Want::Integer => "an integer",
                    Want::String => "a string",
                };
                self.problem(at, format!("`{text}` must be {wanted} in the success body"));
            }
            Err(what) => self.problem(at, what),
        }
        read.ok = false;
        None
    }

    /// Follows a JSON pointer through the properties of the structs from `body`: the fields on
    /// the way, and the shape at its end (aliases resolved).
    fn follow(&self, text: &str, body: &Shape) -> Result<(Vec<FieldStep>, Shape), String> {
        if !(text.is_empty() || text.starts_with('/')) {
            return Err(format!(
                "`{text}` is not a JSON pointer: it starts with `/`, as `/{text}`"
            ));
        }
        let mut steps = Vec::new();
        let mut shape = self.resolved(body);
        let mut walked = String::new();
        for token in text.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let place = match walked.as_str() {
                "" => "the success body".to_string(),
                walked => format!("`{walked}`"),
            };
            let fields = match &shape.ty {
                Ty::Named { name, .. } => match self.types.get(name) {
                    Some(Some(TypeDef { kind: TypeKind::Struct(s), .. })) => Some(&s.fields),
                    _ => None,
                },
                _ => None,
            };
            let Some(fields) = fields else {
                return Err(format!("`{text}`: {place} is not an object with properties"));
            };
            let Some(field) = fields.iter().find(|f| f.api_name == token) else {
                let names = fields.iter().map(|f| f.api_name.as_str());
                let hint = nearest(&token, names).map(|m| format!(": did you mean `{m}`?"));
                return Err(format!(
                    "`{text}`: {place} has no property `{token}`{}",
                    hint.unwrap_or_default()
                ));
            };
            steps.push(FieldStep {
                rust_name: field.rust_name.clone(),
                api_name: field.api_name.clone(),
                required: field.required,
                nullable: field.nullable,
            });
            walked = pointer(&walked, &token);
            shape = self.resolved(&field.shape);
        }
        Ok((steps, shape))
    }

    /// The shape itself, or the shape at the end of the aliases it names.
    fn resolved(&self, shape: &Shape) -> Shape {
        let mut shape = shape.clone();
        for _ in 0..=self.types.len() {
            let Ty::Named { name, .. } = &shape.ty else { break };
            match self.types.get(name) {
                Some(Some(TypeDef { kind: TypeKind::Alias(next), .. })) => shape = next.clone(),
                _ => break,
            }
        }
        shape
    }
}

//! OpenAPI 3.1 → the OpenAPI 3.0 form that `openapiv3` reads and lowering understands,
//! rewritten in the YAML tree before anything is typed, so that the 3.0 path pays nothing.
//!
//! 3.1 schemas are JSON Schema 2020-12. What 3.0 can say is said its way, with the meaning kept:
//! - `type: [X, "null"]`, and `null` members of `anyOf`/`oneOf`: X with `nullable: true`;
//! - several types in `type`: an `anyOf` of one schema per type, each with the keywords that
//!   apply to it; any JSON value when the types are all of JSON's and no keyword narrows them;
//! - `const`: a one-value `enum`; a numeric `exclusiveMinimum`/`exclusiveMaximum`: the bound
//!   with 3.0's boolean; `contentEncoding: base64`: `format: byte`;
//! - `$ref` with keywords beside it: `allOf: [{$ref}]` with the keywords that describe the value
//!   (`description`, `default`, `nullable`, ...), which lowering reads as the referenced type,
//!   and properties beside it as an object member of that `allOf`. Keywords that only narrow
//!   the referenced schema (`const`, `enum`, `type`, bounds) are left out: the value has the
//!   referenced type;
//! - `webhooks`: left out, with a warning each; `paths` and `responses`, when absent, are empty;
//! - `examples` arrays, `$schema`, `$id`, `$anchor`, `$comment`, `contentMediaType` and
//!   `contentSchema` are left out: they describe, they do not type.
//!
//! Keywords that 3.0 has no way to say (`$dynamicRef`, `if`, `prefixItems`, ...) are left out with
//! a warning that says what the client does instead. Warnings point into the document as
//! written, and every subtree the rewrite moves is recorded, so that later problems do too.

use super::{Moves, key_text};
use crate::error::{Problem, pointer};
use crate::spec::METHODS;
use serde_yaml::{Mapping, Value as Yaml};

/// Rewrites a 3.1 document in place; `moves` gets (pointer after, pointer as written) for each
/// subtree that does not stay where it was written.
pub(super) fn upgrade(doc: &mut Yaml, warnings: &mut Vec<Problem>, moves: &mut Moves) {
    let Yaml::Mapping(doc) = doc else {
        return;
    };
    let mut upgrade = Upgrade { warnings, moves };
    if let Some(webhooks) = doc.shift_remove("webhooks") {
        upgrade.webhooks(&webhooks);
    }
    if !doc.contains_key("paths") {
        doc.insert("paths".into(), Yaml::Mapping(Mapping::new()));
    }
    if let Some(Yaml::Mapping(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            upgrade.path_item(item, &pointer("#/paths", &key_text(path)));
        }
    }
    if let Some(Yaml::Mapping(components)) = doc.get_mut("components") {
        upgrade.components(components);
    }
}

/// Keywords that describe a value without typing it: kept on the schema that wraps a `$ref`.
const DESCRIBES: &[&str] = &[
    "description",
    "title",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "example",
    "externalDocs",
];

/// Keywords left out without a word: annotations and identifiers that change no type.
const IGNORED: &[&str] =
    &["$schema", "$id", "$anchor", "$comment", "$vocabulary", "contentMediaType", "contentSchema"];

/// Keywords with no OpenAPI 3.0 form, each with what the client does without it.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("$dynamicRef", "the value is typed by the rest of its schema, any JSON value if nothing else"),
    (
        "$recursiveRef",
        "the value is typed by the rest of its schema, any JSON value if nothing else",
    ),
    ("$dynamicAnchor", "no `$dynamicRef` is followed to it"),
    ("$recursiveAnchor", "no `$recursiveRef` is followed to it"),
    ("if", "the condition and its `then`/`else` are not checked"),
    ("then", "the value is not checked against it"),
    ("else", "the value is not checked against it"),
    ("dependentSchemas", "these dependencies are not checked"),
    ("dependentRequired", "these dependencies are not checked"),
    ("unevaluatedProperties", "properties the schema does not name are not checked"),
    ("unevaluatedItems", "items are checked against `items` alone"),
    ("prefixItems", "the array's items are any JSON values"),
    (
        "patternProperties",
        "properties matching these patterns are kept as JSON values, unchecked, and \
         `additionalProperties` does not apply",
    ),
    ("propertyNames", "property names are not checked"),
    ("contains", "the items are not checked against it"),
    ("minContains", "the number of items matching `contains` is not checked"),
    ("maxContains", "the number of items matching `contains` is not checked"),
];

/// Where a schema sits: a member of `allOf`/`anyOf`/`oneOf` is read through a plain `$ref`
/// (a union's `discriminator` maps references), anything else may wrap one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Value,
    Member,
}

/// A location in the tree being rewritten (`here`) and in the document as written.
#[derive(Clone)]
struct At {
    here: String,
    written: String,
}

impl At {
    fn unmoved(at: &str) -> At {
        At { here: at.to_string(), written: at.to_string() }
    }

    fn child(&self, key: &str) -> At {
        At { here: pointer(&self.here, key), written: pointer(&self.written, key) }
    }
}

/// Rewrites the object at a location, a component of one kind.
type Walk<'a> = fn(&mut Upgrade<'a>, &mut Yaml, &str);

struct Upgrade<'a> {
    warnings: &'a mut Vec<Problem>,
    moves: &'a mut Moves,
}

impl Upgrade<'_> {
    fn warn(&mut self, at: String, what: String) {
        self.warnings.push(Problem::new(at, what));
    }

    /// A subtree the rewrite puts at `here` that was written at `written`.
    fn moved(&mut self, here: String, written: String) -> At {
        self.moves.push((here.clone(), written.clone()));
        At { here, written }
    }

    fn webhooks(&mut self, webhooks: &Yaml) {
        for name in webhooks.as_mapping().into_iter().flat_map(Mapping::keys) {
            let name = key_text(name);
            self.warn(
                pointer("#/webhooks", &name),
                format!(
                    "webhook `{name}` is not generated: it is a request the API sends, which a \
                     client does not receive"
                ),
            );
        }
    }

    fn components(&mut self, components: &mut Mapping) {
        let sections: [(&str, Walk<'_>); 7] = [
            ("schemas", |this, schema, at| this.schema(schema, &At::unmoved(at), Slot::Value)),
            ("responses", Self::response),
            ("parameters", Self::parameter),
            ("requestBodies", Self::request_body),
            ("headers", Self::parameter),
            ("callbacks", Self::callback),
            ("pathItems", Self::path_item),
        ];
        for (section, walk) in sections {
            if let Some(Yaml::Mapping(items)) = components.get_mut(section) {
                let at = pointer("#/components", section);
                for (name, item) in items.iter_mut() {
                    walk(self, item, &pointer(&at, &key_text(name)));
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Yaml, at: &str) {
        let Some(item) = item.as_mapping_mut().filter(|i| !i.contains_key("$ref")) else {
            return;
        };
        self.parameters(item, at);
        for &method in METHODS {
            if let Some(Yaml::Mapping(op)) = item.get_mut(method) {
                // 3.1 lets an operation leave out `responses`, which 3.0 requires.
                op.entry("responses".into()).or_insert_with(|| Yaml::Mapping(Mapping::new()));
                let at = pointer(at, method);
                self.parameters(op, &at);
                if let Some(body) = op.get_mut("requestBody") {
                    self.request_body(body, &pointer(&at, "requestBody"));
                }
                if let Some(Yaml::Mapping(responses)) = op.get_mut("responses") {
                    let at = pointer(&at, "responses");
                    for (status, response) in responses.iter_mut() {
                        self.response(response, &pointer(&at, &key_text(status)));
                    }
                }
                if let Some(Yaml::Mapping(callbacks)) = op.get_mut("callbacks") {
                    let at = pointer(&at, "callbacks");
                    for (name, callback) in callbacks.iter_mut() {
                        self.callback(callback, &pointer(&at, &key_text(name)));
                    }
                }
            }
        }
    }

    fn parameters(&mut self, owner: &mut Mapping, at: &str) {
        if let Some(Yaml::Sequence(parameters)) = owner.get_mut("parameters") {
            let at = pointer(at, "parameters");
            for (i, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &pointer(&at, &i.to_string()));
            }
        }
    }

    fn callback(&mut self, callback: &mut Yaml, at: &str) {
        let Some(callback) = callback.as_mapping_mut().filter(|c| !c.contains_key("$ref")) else {
            return;
        };
        for (expression, item) in callback.iter_mut() {
            self.path_item(item, &pointer(at, &key_text(expression)));
        }
    }

    /// A parameter or a header: a schema or a content map.
    fn parameter(&mut self, parameter: &mut Yaml, at: &str) {
        let Some(parameter) = parameter.as_mapping_mut().filter(|p| !p.contains_key("$ref")) else {
            return;
        };
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &At::unmoved(&pointer(at, "schema")), Slot::Value);
        }
        self.content(parameter, at);
    }

    fn request_body(&mut self, body: &mut Yaml, at: &str) {
        if let Some(body) = body.as_mapping_mut().filter(|b| !b.contains_key("$ref")) {
            self.content(body, at);
        }
    }

    fn response(&mut self, response: &mut Yaml, at: &str) {
        let Some(response) = response.as_mapping_mut().filter(|r| !r.contains_key("$ref")) else {
            return;
        };
        if let Some(Yaml::Mapping(headers)) = response.get_mut("headers") {
            let at = pointer(at, "headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &pointer(&at, &key_text(name)));
            }
        }
        self.content(response, at);
    }

    /// The media types of `owner`'s `content`: their schemas and the headers of their parts.
    fn content(&mut self, owner: &mut Mapping, at: &str) {
        let Some(Yaml::Mapping(content)) = owner.get_mut("content") else {
            return;
        };
        let at = pointer(at, "content");
        for (media, media_type) in content.iter_mut() {
            let Yaml::Mapping(media_type) = media_type else {
                continue;
            };
            let at = pointer(&at, &key_text(media));
            if let Some(schema) = media_type.get_mut("schema") {
                self.schema(schema, &At::unmoved(&pointer(&at, "schema")), Slot::Value);
            }
            if let Some(Yaml::Mapping(encoding)) = media_type.get_mut("encoding") {
                let at = pointer(&at, "encoding");
                for (part, encoding) in encoding.iter_mut() {
                    if let Some(Yaml::Mapping(headers)) = encoding.get_mut("headers") {
                        let at = pointer(&pointer(&at, &key_text(part)), "headers");
                        for (name, header) in headers.iter_mut() {
                            self.parameter(header, &pointer(&at, &key_text(name)));
                        }
                    }
                }
            }
        }
    }

    fn schema(&mut self, schema: &mut Yaml, at: &At, slot: Slot) {
        let map = match schema {
            Yaml::Mapping(map) => map,
            // A boolean schema: `true` accepts anything, as `{}` does.
            Yaml::Bool(accepts) => {
                if !*accepts {
                    self.warn(
                        at.written.clone(),
                        "a `false` schema (no value is valid) is not supported: the client \
                         accepts any JSON value here"
                            .into(),
                    );
                }
                *schema = Yaml::Mapping(Mapping::new());
                return;
            }
            // Not a schema at all: `openapiv3` says so, located.
            _ => return,
        };
        self.drop_keywords(map, at);
        if map.contains_key("$ref") {
            return self.reference(map, at, slot);
        }
        null_type(map);
        if self.split_types(map, at) {
            return;
        }
        self.value_keywords(map, at);
        self.children(map, at);
    }

    /// Leaves out what does not type the value, and what 3.0 cannot say, with a warning.
    fn drop_keywords(&mut self, schema: &mut Mapping, at: &At) {
        for keyword in IGNORED {
            schema.shift_remove(*keyword);
        }
        if schema.get("examples").is_some_and(Yaml::is_sequence) {
            schema.shift_remove("examples");
        }
        for (keyword, instead) in UNSUPPORTED {
            if schema.shift_remove(*keyword).is_none() {
                continue;
            }
            self.warn(
                pointer(&at.written, keyword),
                format!("`{keyword}` is not supported and is ignored: {instead}"),
            );
            match *keyword {
                "prefixItems" => {
                    schema.insert("items".into(), Yaml::Mapping(Mapping::new()));
                }
                "patternProperties" => {
                    schema.insert("additionalProperties".into(), Yaml::Bool(true));
                }
                _ => {}
            }
        }
    }

    /// `$ref` with keywords beside it, which 3.1 applies together with the reference (3.0
    /// ignores them).
    fn reference(&mut self, schema: &mut Mapping, at: &At, slot: Slot) {
        let nullable = is_nullable(schema);
        let mut reference = Mapping::new();
        let mut wrapper = Mapping::new();
        let mut object = Mapping::new();
        let mut all_of = Vec::new();
        for (key, value) in std::mem::take(schema) {
            match key.as_str().unwrap_or_default() {
                "$ref" => {
                    reference.insert(key, value);
                }
                "allOf" => all_of = value.as_sequence().cloned().unwrap_or_default(),
                "properties"
                | "required"
                | "additionalProperties"
                | "minProperties"
                | "maxProperties" => {
                    object.insert(key, value);
                }
                keyword @ ("anyOf" | "oneOf" | "not" | "items") => self.warn(
                    pointer(&at.written, keyword),
                    format!(
                        "`{keyword}` beside `$ref` is not supported and is ignored: the value has \
                         the referenced type"
                    ),
                ),
                name if DESCRIBES.contains(&name) || name.starts_with("x-") => {
                    wrapper.insert(key, value);
                }
                // Keywords that narrow the referenced schema (`type`, `const`, `enum`, `format`,
                // bounds): the value keeps the referenced type, which accepts all it allows.
                _ => {}
            }
        }
        let extends = !object.is_empty() || !all_of.is_empty();
        if !extends && (slot == Slot::Member || (wrapper.is_empty() && !nullable)) {
            *schema = reference;
            return;
        }
        let list = if all_of.is_empty() {
            self.moved(pointer(&at.here, "allOf"), at.written.clone())
        } else {
            at.child("allOf")
        };
        let mut members = vec![Yaml::Mapping(reference)];
        self.moved(pointer(&list.here, "0"), at.written.clone());
        if !object.is_empty() {
            object.insert("type".into(), "object".into());
            let mut member = Yaml::Mapping(object);
            let member_at = self.moved(pointer(&list.here, "1"), at.written.clone());
            self.schema(&mut member, &member_at, Slot::Member);
            members.push(member);
        }
        for (i, mut member) in all_of.into_iter().enumerate() {
            let member_at = self.moved(
                pointer(&list.here, &members.len().to_string()),
                pointer(&list.written, &i.to_string()),
            );
            self.schema(&mut member, &member_at, Slot::Member);
            members.push(member);
        }
        *schema = wrapper;
        schema.insert("allOf".into(), Yaml::Sequence(members));
        if nullable {
            schema.insert("nullable".into(), Yaml::Bool(true));
        }
    }

    /// Several types in `type`: a union of one schema per type, each with the keywords that
    /// apply to it. `true` when the schema became that union, its members rewritten.
    fn split_types(&mut self, schema: &mut Mapping, at: &At) -> bool {
        let Some(Yaml::Sequence(listed)) = schema.get("type") else {
            return false;
        };
        let Some(listed) = listed.iter().map(Yaml::as_str).collect::<Option<Vec<&str>>>() else {
            return false;
        };
        // In a fixed order, integers before numbers so that `1` stays an integer.
        let known = ["boolean", "integer", "number", "string", "array", "object"];
        if !listed.iter().all(|t| known.contains(t)) {
            // An unknown type: `openapiv3` refuses it where it is written.
            return false;
        }
        let types: Vec<&str> = known.into_iter().filter(|t| listed.contains(t)).collect();
        if let [one] = types.as_slice() {
            schema.insert("type".into(), (*one).into());
            return false;
        }
        if let Some(keyword) =
            ["allOf", "anyOf", "oneOf"].into_iter().find(|k| schema.contains_key(*k))
        {
            schema.shift_remove("type");
            self.warn(
                pointer(&at.written, "type"),
                format!(
                    "several types beside `{keyword}` are not supported and are ignored: the \
                     value is typed by `{keyword}`"
                ),
            );
            return false;
        }
        let narrowed = schema.iter().any(|(k, v)| {
            k.as_str().is_some_and(|k| k == "enum" || k == "const" || applies_to(k, v).is_some())
        });
        let every_type =
            ["boolean", "number", "string", "array", "object"].iter().all(|t| types.contains(t));
        if every_type && !narrowed {
            schema.shift_remove("type");
            return false;
        }
        let mut members: Vec<Mapping> =
            types.iter().map(|t| Mapping::from_iter([("type".into(), Yaml::from(*t))])).collect();
        let mut enumerated = false;
        let mut shared = Mapping::new();
        for (key, value) in std::mem::take(schema) {
            let keyword = key.as_str().unwrap_or_default();
            match keyword {
                "type" => {}
                "enum" | "const" => {
                    enumerated = true;
                    for member in &mut members {
                        let ty = member.get("type").and_then(Yaml::as_str).unwrap_or_default();
                        let kept = match (&value, keyword) {
                            (Yaml::Sequence(values), "enum") => {
                                let of_type: Vec<Yaml> =
                                    values.iter().filter(|v| is_of_type(v, ty)).cloned().collect();
                                (!of_type.is_empty()).then_some(Yaml::Sequence(of_type))
                            }
                            (value, _) => is_of_type(value, ty).then(|| value.clone()),
                        };
                        if let Some(kept) = kept {
                            member.insert(key.clone(), kept);
                        }
                    }
                }
                _ => match applies_to(keyword, &value) {
                    Some(types) => {
                        for member in members.iter_mut().filter(|m| {
                            m.get("type").and_then(Yaml::as_str).is_some_and(|t| types.contains(&t))
                        }) {
                            member.insert(key.clone(), value.clone());
                        }
                    }
                    None => {
                        shared.insert(key, value);
                    }
                },
            }
        }
        // A type that none of the listed values has admits nothing.
        if enumerated {
            members.retain(|m| m.contains_key("enum") || m.contains_key("const"));
        }
        *schema = shared;
        if members.len() < 2 {
            schema.extend(members.into_iter().flatten());
            return false;
        }
        let list = self.moved(pointer(&at.here, "anyOf"), at.written.clone());
        let mut rewritten = Vec::with_capacity(members.len());
        for (i, member) in members.into_iter().enumerate() {
            let mut member = Yaml::Mapping(member);
            let member_at = self.moved(pointer(&list.here, &i.to_string()), at.written.clone());
            self.schema(&mut member, &member_at, Slot::Member);
            rewritten.push(member);
        }
        schema.insert("anyOf".into(), Yaml::Sequence(rewritten));
        true
    }

    /// `const`, numeric exclusive bounds and `contentEncoding`, in their 3.0 forms.
    fn value_keywords(&mut self, schema: &mut Mapping, at: &At) {
        if let Some(value) = schema.shift_remove("const") {
            match &value {
                Yaml::Null => {
                    schema.insert("nullable".into(), Yaml::Bool(true));
                }
                Yaml::Sequence(_) | Yaml::Mapping(_) => self.warn(
                    pointer(&at.written, "const"),
                    "`const` with an object or array value is not supported and is ignored: \
                     the value is not checked against it"
                        .into(),
                ),
                scalar => {
                    if !schema.contains_key("type") {
                        let ty = match scalar {
                            Yaml::Bool(_) => "boolean",
                            Yaml::Number(n) if n.is_f64() => "number",
                            Yaml::Number(_) => "integer",
                            _ => "string",
                        };
                        schema.insert("type".into(), ty.into());
                    }
                    schema.insert("enum".into(), Yaml::Sequence(vec![value.clone()]));
                    self.moved(pointer(&at.here, "enum"), pointer(&at.written, "const"));
                }
            }
        }
        for (exclusive, bound, stricter) in [
            ("exclusiveMinimum", "minimum", f64::ge as fn(&f64, &f64) -> bool),
            ("exclusiveMaximum", "maximum", f64::le),
        ] {
            let Some(limit) = schema.get(exclusive).filter(|v| v.is_number()).cloned() else {
                continue;
            };
            let inclusive = schema.get(bound).and_then(Yaml::as_f64);
            if inclusive.is_none_or(|b| stricter(&limit.as_f64().unwrap_or(f64::NAN), &b)) {
                schema.insert(bound.into(), limit);
                schema.insert(exclusive.into(), Yaml::Bool(true));
                self.moved(pointer(&at.here, bound), pointer(&at.written, exclusive));
            } else {
                schema.shift_remove(exclusive);
            }
        }
        if let Some(encoding) = schema.shift_remove("contentEncoding")
            && matches!(encoding.as_str(), Some("base64" | "base64url"))
            && !schema.contains_key("format")
        {
            schema.insert("format".into(), "byte".into());
            self.moved(pointer(&at.here, "format"), pointer(&at.written, "contentEncoding"));
        }
    }

    /// The schemas inside this one; `null` members of `anyOf`/`oneOf` become `nullable`.
    fn children(&mut self, schema: &mut Mapping, at: &At) {
        if let Some(Yaml::Mapping(properties)) = schema.get_mut("properties") {
            let at = at.child("properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &at.child(&key_text(name)), Slot::Value);
            }
        }
        for keyword in ["additionalProperties", "items", "not"] {
            match schema.get_mut(keyword) {
                // `additionalProperties: false` is 3.0 too.
                Some(Yaml::Bool(_)) if keyword == "additionalProperties" => {}
                Some(child) => self.schema(child, &at.child(keyword), Slot::Value),
                None => {}
            }
        }
        let mut nullable = false;
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let Some(Yaml::Sequence(members)) = schema.get_mut(keyword) else {
                continue;
            };
            let list = at.child(keyword);
            let union = keyword != "allOf";
            for (i, mut member) in std::mem::take(members).into_iter().enumerate() {
                if union && is_null(&member) {
                    nullable = true;
                    continue;
                }
                let here = pointer(&list.here, &members.len().to_string());
                let written = pointer(&list.written, &i.to_string());
                let member_at = if members.len() == i {
                    At { here, written }
                } else {
                    self.moved(here, written)
                };
                self.schema(&mut member, &member_at, Slot::Member);
                members.push(member);
            }
            if members.is_empty() {
                schema.shift_remove(keyword);
            }
        }
        if nullable {
            schema.insert("nullable".into(), Yaml::Bool(true));
        }
    }
}

/// `"null"` in `type` becomes `nullable: true`.
fn null_type(schema: &mut Mapping) {
    let (null, rest) = match schema.get("type") {
        Some(Yaml::String(t)) if t == "null" => (true, None),
        Some(Yaml::Sequence(types)) if types.iter().any(|t| t.as_str() == Some("null")) => {
            let rest: Vec<Yaml> =
                types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
            (true, (!rest.is_empty()).then_some(Yaml::Sequence(rest)))
        }
        _ => (false, None),
    };
    if !null {
        return;
    }
    match rest {
        Some(rest) => schema.insert("type".into(), rest),
        None => schema.shift_remove("type"),
    };
    schema.insert("nullable".into(), Yaml::Bool(true));
}

/// Whether a schema beside a `$ref` lets `null` through: 3.1's `type` with `"null"`, or a
/// 3.0 `nullable` left in a 3.1 document.
fn is_nullable(schema: &Mapping) -> bool {
    let null_type = match schema.get("type") {
        Some(Yaml::String(t)) => t == "null",
        Some(Yaml::Sequence(types)) => types.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    null_type || schema.get("nullable").and_then(Yaml::as_bool) == Some(true)
}

/// A schema that only `null` satisfies: `{type: "null"}`, `{const: null}`, `{enum: [null]}`.
fn is_null(schema: &Yaml) -> bool {
    let Some(schema) = schema.as_mapping() else {
        return false;
    };
    let null_type = match schema.get("type") {
        Some(Yaml::String(t)) => t == "null",
        Some(Yaml::Sequence(types)) => {
            !types.is_empty() && types.iter().all(|t| t.as_str() == Some("null"))
        }
        _ => false,
    };
    let null_value = schema.get("const").is_some_and(Yaml::is_null)
        || schema.get("enum").and_then(Yaml::as_sequence).is_some_and(|v| v == &[Yaml::Null]);
    (null_type || null_value)
        && schema.keys().all(|k| {
            k.as_str().is_some_and(|k| {
                matches!(k, "type" | "const" | "enum" | "nullable" | "examples")
                    || DESCRIBES.contains(&k)
                    || IGNORED.contains(&k)
                    || k.starts_with("x-")
            })
        })
}

/// The types a keyword constrains, for splitting a schema of several types; `None` for
/// keywords that apply to the value whatever its type.
fn applies_to(keyword: &str, value: &Yaml) -> Option<&'static [&'static str]> {
    const NUMBERS: &[&str] = &["integer", "number"];
    Some(match keyword {
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            &["object"]
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
        "minLength" | "maxLength" | "pattern" | "contentEncoding" => &["string"],
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => NUMBERS,
        "format" => match value.as_str().unwrap_or_default() {
            f if f.starts_with("int") || f.starts_with("uint") => &["integer"],
            "float" | "double" => NUMBERS,
            _ => &["string"],
        },
        _ => return None,
    })
}

/// Whether a JSON value is of a JSON Schema type (an integral number is also a `number`).
fn is_of_type(value: &Yaml, ty: &str) -> bool {
    match value {
        Yaml::Bool(_) => ty == "boolean",
        Yaml::Number(n) => ty == "number" || (ty == "integer" && (n.is_i64() || n.is_u64())),
        Yaml::String(_) => ty == "string",
        Yaml::Sequence(_) => ty == "array",
        Yaml::Mapping(_) => ty == "object",
        _ => false,
    }
}

#[cfg(test)]
mod tests;

//! A document's component schemas as JSON Schema, for the instance generator and the judge.
//! OpenAPI 3.1 schemas are JSON Schema 2020-12 already; OpenAPI 3.0 schemas are a dialect
//! of draft 4, translated here where they differ: `nullable`.

use serde_json::{Map, Value, json};

/// The JSON Schema dialect the component schemas are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0, once translated: boolean `exclusiveMinimum`, `$ref` siblings ignored.
    Draft4,
    /// OpenAPI 3.1: numeric `exclusiveMinimum`, `$ref` beside other keywords, `const`.
    Draft2020,
}

impl Dialect {
    /// The name `judge.py` knows the dialect by.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Dialect::Draft4 => "draft4",
            Dialect::Draft2020 => "2020-12",
        }
    }
}

/// The component schemas of one document, as JSON Schema.
#[derive(Debug, Clone)]
pub(crate) struct Schemas {
    pub(crate) dialect: Dialect,
    /// `{"components": {"schemas": {...}}}`, so that the document's own references resolve.
    pub(crate) document: Value,
}

impl Schemas {
    /// Reads the text of an OpenAPI document (YAML or JSON).
    pub(crate) fn read(text: &str) -> Result<Schemas, String> {
        let doc: Value =
            serde_yaml::from_str(text).map_err(|e| format!("not YAML or JSON: {e}"))?;
        let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
        let dialect = if version.starts_with("3.0") {
            Dialect::Draft4
        } else if version.starts_with("3.1") {
            Dialect::Draft2020
        } else {
            return Err(format!("not OpenAPI 3.0 or 3.1 (openapi: `{version}`)"));
        };
        let mut schemas = doc.pointer("/components/schemas").cloned().unwrap_or(json!({}));
        if dialect == Dialect::Draft4
            && let Value::Object(map) = &mut schemas
        {
            for schema in map.values_mut() {
                translate(schema);
            }
        }
        Ok(Schemas { dialect, document: json!({ "components": { "schemas": schemas } }) })
    }

    /// The component schema names, in order.
    pub(crate) fn names(&self) -> Vec<String> {
        match self.document.pointer("/components/schemas") {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The schema a local reference (`#/components/schemas/Pet`) points at.
    pub(crate) fn resolve(&self, reference: &str) -> Option<&Value> {
        self.document.pointer(reference.strip_prefix('#')?)
    }
}

/// The reference to a component schema, escaped as a JSON pointer.
pub(crate) fn component_ref(name: &str) -> String {
    format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))
}

/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
];

/// Rewrites an OpenAPI 3.0 schema object, and every schema inside it, into draft 4.
///
/// `nullable: true` allows `null` besides what the rest of the schema allows: the schema
/// becomes `anyOf: [{type: null}, rest]` (`type: [T, "null"]` would not do, as `enum`,
/// `allOf` and `oneOf` beside it would still refuse `null`). Two readings follow what
/// documents mean rather than the letter of 3.0.3, which ties `nullable` to `type`:
/// `nullable` beside `allOf` (the usual way to make a reference nullable) allows `null`, and
/// a schema that is only `{nullable: true}` stands for `null` alone, which is what it says
/// as a member of `anyOf`/`oneOf` or `allOf` (read as "or null"). Beside `$ref`, where 3.0
/// ignores every other keyword, `nullable` is ignored too.
pub(crate) fn translate(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    for key in ["properties", "patternProperties"] {
        if let Some(Value::Object(properties)) = map.get_mut(key) {
            properties.values_mut().for_each(translate);
        }
    }
    for key in ["items", "additionalProperties", "not", "additionalItems"] {
        match map.get_mut(key) {
            Some(Value::Array(items)) => items.iter_mut().for_each(translate),
            Some(value) => translate(value),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            members.iter_mut().for_each(translate);
        }
    }
    let mut nullable = map.remove("nullable") == Some(Value::Bool(true));
    if map.contains_key("$ref") {
        return;
    }
    // `allOf: [X, {nullable: true}]` makes X nullable; the member itself (now `{type:
    // null}`, see below) would make the whole `allOf` accept nothing but `null`.
    if let Some(Value::Array(members)) = map.get_mut("allOf") {
        let before = members.len();
        members.retain(|m| !is_only_null(m));
        nullable |= members.len() < before;
        if members.is_empty() {
            map.remove("allOf");
        }
    }
    if !nullable {
        return;
    }
    if map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")) {
        map.insert("type".into(), json!("null"));
        return;
    }
    let (kept, rest): (Map<String, Value>, Map<String, Value>) = std::mem::take(map)
        .into_iter()
        .partition(|(k, _)| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"));
    *map = kept;
    map.insert("anyOf".into(), json!([{ "type": "null" }, Value::Object(rest)]));
}

/// `{type: null}`, the translation of a schema that is only `{nullable: true}`.
fn is_only_null(schema: &Value) -> bool {
    schema.as_object().is_some_and(|m| {
        m.get("type") == Some(&json!("null"))
            && m.keys().all(|k| k == "type" || ANNOTATIONS.contains(&k.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: an OpenAPI 3.0 schema and the draft 4 schema it translates to.
    #[test]
    fn translates_openapi_30_schemas() {
        let rows = [
            // Nothing to translate.
            (json!({"type": "string"}), json!({"type": "string"})),
            (
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
                json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
            ),
            (json!({"type": "string", "nullable": false}), json!({"type": "string"})),
            // `nullable` allows null beside everything else, `enum` included.
            (
                json!({"type": "string", "enum": ["a"], "nullable": true, "description": "d"}),
                json!({"description": "d", "anyOf": [{"type": "null"}, {"type": "string", "enum": ["a"]}]}),
            ),
            (
                json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]}),
                json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/components/schemas/X"}]}]}),
            ),
            // The usual 3.0 idiom for a nullable reference.
            (
                json!({"allOf": [{"$ref": "#/components/schemas/X"}, {"nullable": true}]}),
                json!({"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/components/schemas/X"}]}]}),
            ),
            // `{nullable: true}` alone, as a member: "or null".
            (
                json!({"anyOf": [{"$ref": "#/components/schemas/X"}, {"nullable": true}]}),
                json!({"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]}),
            ),
            // Beside `$ref`, 3.0 ignores it.
            (
                json!({"$ref": "#/components/schemas/X", "nullable": true}),
                json!({"$ref": "#/components/schemas/X"}),
            ),
            // Inside properties, items and additional properties.
            (
                json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "integer", "nullable": true}}},
                       "additionalProperties": {"type": "string", "nullable": true}}),
                json!({"type": "object", "properties": {"a": {"type": "array", "items": {"anyOf": [{"type": "null"}, {"type": "integer"}]}}},
                       "additionalProperties": {"anyOf": [{"type": "null"}, {"type": "string"}]}}),
            ),
        ];
        for (given, want) in rows {
            let mut got = given.clone();
            translate(&mut got);
            assert_eq!(got, want, "translating {given}");
        }
    }

    #[test]
    fn reads_the_dialect_from_the_version() {
        let v30 = Schemas::read(
            "openapi: 3.0.3\ncomponents: {schemas: {A: {type: string, nullable: true}}}",
        )
        .unwrap();
        assert_eq!(v30.dialect, Dialect::Draft4);
        assert_eq!(
            v30.resolve("#/components/schemas/A"),
            Some(&json!({"anyOf": [{"type": "null"}, {"type": "string"}]}))
        );
        let v31 =
            Schemas::read(r#"{"openapi": "3.1.0", "components": {"schemas": {"A": {"type": ["string", "null"]}}}}"#)
                .unwrap();
        assert_eq!(v31.dialect, Dialect::Draft2020);
        assert_eq!(v31.names(), ["A"]);
        assert!(Schemas::read("swagger: '2.0'").is_err());
    }
}

use crate::load::load;
use serde_json::Value;

const AT: &str = "#/components/schemas/S";

/// The document with `schema` as its component `S`, as loaded.
fn loaded(version: &str, schema: &str) -> crate::load::Loaded {
    let text = format!(
        "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S: {schema}\n    C: {{type: object}}\n"
    );
    load(&text).unwrap_or_else(|e| panic!("{schema}: {e}"))
}

/// Each row: a 3.1 schema, and the 3.0 schema it is read as.
#[test]
fn schemas_are_read_in_their_openapi30_form() {
    let rows = [
        ("{type: [string, 'null']}", "{type: string, nullable: true}"),
        ("{type: 'null'}", "{nullable: true}"),
        ("{type: [string]}", "{type: string}"),
        ("{type: [string, string, 'null']}", "{type: string, nullable: true}"),
        ("{type: [number, integer]}", "{anyOf: [{type: integer}, {type: number}]}"),
        ("{items: {type: [integer, 'null']}}", "{items: {type: integer, nullable: true}}"),
        (
            "{anyOf: [{$ref: '#/components/schemas/C'}, {type: 'null'}]}",
            "{anyOf: [{$ref: '#/components/schemas/C'}], nullable: true}",
        ),
        (
            "{oneOf: [{type: 'null'}, {$ref: '#/components/schemas/C', description: d}]}",
            "{oneOf: [{$ref: '#/components/schemas/C'}], nullable: true}",
        ),
        (
            "{type: [string, integer], minLength: 1, minimum: 2, format: int64, description: d}",
            "{description: d, anyOf: [{type: integer, minimum: 2, format: int64}, {type: string, minLength: 1}]}",
        ),
        (
            "{type: [string, integer], enum: [a, 1]}",
            "{anyOf: [{type: integer, enum: [1]}, {type: string, enum: [a]}]}",
        ),
        ("{type: [string, integer], enum: [a, b]}", "{type: string, enum: [a, b]}"),
        ("{type: [object, array, string, number, boolean, 'null']}", "{nullable: true}"),
        ("{const: x}", "{type: string, enum: [x]}"),
        ("{type: boolean, const: true}", "{type: boolean, enum: [true]}"),
        ("{const: 3}", "{type: integer, enum: [3]}"),
        ("{const: null}", "{nullable: true}"),
        (
            "{$ref: '#/components/schemas/C', description: d, default: {}}",
            "{description: d, default: {}, allOf: [{$ref: '#/components/schemas/C'}]}",
        ),
        ("{$ref: '#/components/schemas/C', const: x}", "{$ref: '#/components/schemas/C'}"),
        (
            "{$ref: '#/components/schemas/C', type: [object, 'null']}",
            "{allOf: [{$ref: '#/components/schemas/C'}], nullable: true}",
        ),
        (
            "{$ref: '#/components/schemas/C', properties: {a: {type: [string, 'null']}}}",
            "{allOf: [{$ref: '#/components/schemas/C'}, {type: object, properties: {a: {type: string, nullable: true}}}]}",
        ),
        (
            "{type: number, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}",
            "{type: number, minimum: 0, exclusiveMinimum: true, maximum: 5}",
        ),
        (
            "{type: string, contentEncoding: base64, contentMediaType: image/png}",
            "{type: string, format: byte}",
        ),
        ("{type: integer, examples: [1], $comment: c, $id: i, $schema: s}", "{type: integer}"),
        ("{properties: {a: true}}", "{properties: {a: {}}}"),
        (
            "{type: array, prefixItems: [{type: string}], items: {type: integer}}",
            "{type: array, items: {}}",
        ),
    ];
    let mut wrong = Vec::new();
    for (given, want) in rows {
        let raw = loaded("3.1.0", given).raw;
        let got = raw.pointer(&AT[1..]).cloned().unwrap_or(Value::Null);
        let want: Value = serde_yaml::from_str(want).unwrap();
        if got != want {
            wrong.push(format!("{given}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Each row: a schema, a pointer into it as loaded, and the pointer as written.
#[test]
fn locations_are_taken_back_to_the_document_as_written() {
    let rows = [
        ("3.1.0", "{type: [string, integer], pattern: p}", "/anyOf/1/pattern", "/pattern"),
        ("3.1.0", "{type: [string, integer], pattern: p}", "/anyOf", ""),
        ("3.1.0", "{$ref: '#/components/schemas/C', description: d}", "/allOf/0/$ref", "/$ref"),
        ("3.1.0", "{$ref: '#/components/schemas/C', description: d}", "/allOf", ""),
        ("3.1.0", "{oneOf: [{type: 'null'}, {$ref: x}]}", "/oneOf/0/$ref", "/oneOf/1/$ref"),
        ("3.1.0", "{type: integer, exclusiveMinimum: 1}", "/minimum", "/exclusiveMinimum"),
        ("3.1.0", "{const: a}", "/enum", "/const"),
        ("3.1.0", "{type: string, contentEncoding: base64}", "/format", "/contentEncoding"),
        (
            "3.1.0",
            "{$ref: x, allOf: [{type: object}], properties: {a: {type: [string, integer]}}}",
            "/allOf/1/properties/a/anyOf/0/type",
            "/properties/a/type",
        ),
        (
            "3.1.0",
            "{$ref: x, allOf: [{type: object}], properties: {a: {type: [string, integer]}}}",
            "/allOf/2/type",
            "/allOf/0/type",
        ),
        // The 3.0 idiom for a nullable reference, the marker first, in either version.
        ("3.0.3", "{allOf: [{nullable: true}, {$ref: x}]}", "/allOf/0/$ref", "/allOf/1/$ref"),
        (
            "3.1.0",
            "{oneOf: [{type: 'null'}, {allOf: [{nullable: true}, {$ref: x}]}]}",
            "/oneOf/0/allOf/0/$ref",
            "/oneOf/1/allOf/1/$ref",
        ),
        ("3.1.0", "{type: [string, 'null'], pattern: p}", "/pattern", "/pattern"),
    ];
    let mut wrong = Vec::new();
    for (version, schema, loaded_at, written_at) in rows {
        let got = loaded(version, schema).origin.restore(&format!("{AT}{loaded_at}"));
        if got != format!("{AT}{written_at}") {
            wrong.push(format!("{schema} {loaded_at}: want {AT}{written_at}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

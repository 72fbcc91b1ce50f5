use super::check;
use serde_yaml::Value as Yaml;

const AT: &str = "#/components/schemas/S";

/// The problems (errors, then warnings after `warning`) of a document whose component schema
/// `S` is `schema`, each as `pointer below S: what`.
fn problems(v31: bool, schema: &str) -> Vec<String> {
    let text = format!(
        "openapi: x\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    S: {schema}\n"
    );
    let doc: Yaml = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{schema}: {e}"));
    let report = check(&doc, v31);
    let shown = |p: &crate::error::Problem| {
        format!("{}: {}", p.at.strip_prefix(AT).unwrap_or(&p.at), p.what)
    };
    let mut shown_all: Vec<String> = report.errors.iter().map(shown).collect();
    shown_all.extend(report.warnings.iter().map(|w| format!("warning {}", shown(w))));
    shown_all
}

/// Schemas that OpenAPI allows, which the check must not refuse.
#[test]
fn valid_schemas_pass() {
    let rows = [
        (false, "{type: integer, minimum: 1.5, maximum: 1e30, multipleOf: 0.5}"),
        (false, "{type: string, nullable: true, minLength: 0, enum: [a, null, 1]}"),
        (false, "{type: object, additionalProperties: false, required: [a]}"),
        (false, "{type: object, additionalProperties: {type: string}, properties: {$ref: {}}}"),
        (false, "{allOf: [{$ref: '#/x'}], x-anything: [1, {}], xml: 42, example: {a: 1}}"),
        // OpenAPI 3.0 ignores what is beside a `$ref`.
        (false, "{$ref: '#/x', description: 42, type: integr}"),
        (false, "{type: number, exclusiveMinimum: true, exclusiveMaximum: null, title: null}"),
        (false, "{description: null, format: null, type: null, items: null, not: {}}"),
        (false, "{discriminator: {propertyName: kind, mapping: {a: '#/x'}}, oneOf: []}"),
        (false, "{const: 1, examples: [1], $schema: x, if: 1, definitions: {}}"),
        (true, "{type: [string, 'null'], exclusiveMinimum: 0, const: a, examples: [a]}"),
        (true, "{type: 'null'}"),
        (true, "{type: array, items: false, prefixItems: [{type: string}]}"),
        (true, "{type: object, properties: {a: true, b: false}, additionalProperties: true}"),
        (true, "{$ref: '#/x', description: d, properties: {a: {type: string}}}"),
        (true, "{exclusiveMaximum: true}"),
        (true, "true"),
    ];
    let mut wrong = Vec::new();
    for (v31, schema) in rows {
        let found = problems(v31, schema);
        if !found.is_empty() {
            wrong.push(format!("{schema} (3.{}): {found:?}", u8::from(v31)));
        }
    }
    assert!(wrong.is_empty(), "refused:\n{}", wrong.join("\n"));
}

/// Each row: a schema, and its problems.
#[test]
fn schemas_of_the_wrong_shape_are_located() {
    let rows: [(bool, &str, &[&str]); 14] = [
        (false, "[a]", &[": expected a schema, found a list"]),
        (false, "true", &[": expected a schema, found `true`"]),
        (true, "7", &[": expected a schema (an object or a boolean), found the number `7`"]),
        (false, "{type: [string, 'null']}", &["/type: expected a type name, found a list"]),
        (true, "{type: {}}", &["/type: expected a type name or a list of them, found an object"]),
        (
            false,
            "{exclusiveMinimum: 0}",
            &["/exclusiveMinimum: expected `true` or `false`, found the number `0`"],
        ),
        (false, "{items: true}", &["/items: expected a schema, found `true`"]),
        (
            false,
            "{properties: {a: {minLength: 1.0}}}",
            &["/properties/a/minLength: expected a non-negative integer, found the number `1.0`"],
        ),
        (false, "{properties: []}", &["/properties: expected an object, found a list"]),
        (false, "{allOf: {$ref: '#/x'}}", &["/allOf: expected a list, found an object"]),
        (false, "{enum: a}", &["/enum: expected a list, found the string `a`"]),
        (
            false,
            "{nullable: null, readOnly: 1}",
            &[
                "/nullable: expected `true` or `false`, found null",
                "/readOnly: expected `true` or `false`, found the number `1`",
            ],
        ),
        (
            true,
            "{$ref: 7, title: 7}",
            &[
                "/$ref: expected a reference (a string such as `#/components/schemas/Pet`), found the number `7`",
                "/title: expected a string, found the number `7` (quote it to make it a string)",
            ],
        ),
        (
            false,
            "{type: string, Format: date, maxlength: 3, pattren: x, colour: red}",
            &[
                "warning /Format: unknown keyword `Format` is ignored; did you mean `format`?",
                "warning /maxlength: unknown keyword `maxlength` is ignored; did you mean `maxLength`?",
                "warning /pattren: unknown keyword `pattren` is ignored; did you mean `pattern`?",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (v31, schema, want) in rows {
        let found = problems(v31, schema);
        if found != want {
            wrong
                .push(format!("{schema} (3.{})\n  want {want:?}\n  got  {found:?}", u8::from(v31)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

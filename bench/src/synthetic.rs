//! Synthetic OpenAPI documents of a chosen number of operations, for measuring how the
//! generator's cost grows with the size of a spec.
//!
//! They use only what the generator supports today (objects, string enums, constrained
//! strings, integers, arrays, `$ref`, path and query parameters, JSON bodies, 200 and 4xx
//! responses), so that every size generates. Each resource `k` adds one path with a `get`
//! and a `patch`, and three schemas of its own (the resource, its patch body, its kind
//! enum) plus an inline object, so types grow in step with operations, as in real specs.

use std::fmt::Write;

/// The YAML text of a document with exactly `operations` operations.
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(2);
    let mut out = String::with_capacity(2_000 + operations * 1_600);
    let _ = write!(
        out,
        r#"openapi: 3.0.3
info:
  title: Synthetic API of {operations} operations
  version: "1.0.0"
  description: Built by `cargo xtask bench` to measure how generation scales.
servers:
  - url: https://api.example.com
security:
  - bearerAuth: []
paths:
"#
    );
    for k in 0..resources {
        let _ = write!(
            out,
            r##"  /widgets{k}/{{widgetId}}:
    parameters:
      - $ref: "#/components/parameters/WidgetId"
    get:
      operationId: getWidget{k}
      summary: Retrieves one widget of family {k}
      parameters:
        - name: limit
          in: query
          description: How many parts to include
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 100
        - name: kind
          in: query
          schema:
            $ref: "#/components/schemas/Widget{k}Kind"
      responses:
        "200":
          description: The widget
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Widget{k}"
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
"##
        );
        if 2 * k + 1 < operations {
            let _ = write!(
                out,
                r##"    patch:
      operationId: patchWidget{k}
      summary: Updates one widget of family {k}
      requestBody:
        required: true
        description: The properties to change
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Widget{k}Patch"
      responses:
        "200":
          description: The updated widget
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Widget{k}"
        "400":
          $ref: "#/components/responses/BadRequest"
        "404":
          $ref: "#/components/responses/NotFound"
"##
            );
        }
    }
    out.push_str(
        r##"components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  parameters:
    WidgetId:
      name: widgetId
      in: path
      required: true
      description: ID of the widget
      schema:
        $ref: "#/components/schemas/ObjectId"
  responses:
    BadRequest:
      description: The request is malformed
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    NotFound:
      description: No such widget
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
  schemas:
    ObjectId:
      type: string
      description: 24 hexadecimal digits
      pattern: '^[A-Fa-f\d]{24}$'
    Error:
      type: object
      properties:
        type:
          type: string
        message:
          type: string
"##,
    );
    for k in 0..resources {
        let _ = write!(
            out,
            r##"    Widget{k}Kind:
      type: string
      enum:
        - small
        - medium
        - large
    Widget{k}:
      type: object
      description: A widget of family {k}
      required:
        - id
        - name
      properties:
        id:
          $ref: "#/components/schemas/ObjectId"
        name:
          type: string
          minLength: 1
          maxLength: 256
        kind:
          $ref: "#/components/schemas/Widget{k}Kind"
        count:
          type: integer
          format: int32
          minimum: 0
        enabled:
          type: boolean
        tags:
          type: array
          maxItems: 16
          items:
            type: string
            maxLength: 64
        owner:
          type: object
          properties:
            email:
              type: string
              maxLength: 254
            level:
              type: integer
              minimum: 0
              maximum: 10
    Widget{k}Patch:
      type: object
      additionalProperties: false
      properties:
        name:
          type: string
          minLength: 1
          maxLength: 256
        kind:
          $ref: "#/components/schemas/Widget{k}Kind"
        count:
          type: integer
          format: int32
          minimum: 0
        tags:
          type: array
          maxItems: 16
          items:
            type: string
            maxLength: 64
"##
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spec;

    /// The benchmark is only meaningful while every size generates; this fails as soon as the
    /// generator stops accepting a construct the synthetic documents use.
    #[test]
    fn synthetic_specs_generate_with_the_operations_asked_for() {
        for operations in [1, 2, 3, 10] {
            let api = generator::model(&spec(operations), &generator::Config::default())
                .unwrap_or_else(|e| panic!("{operations} operations: {e}"));
            assert_eq!(api.operations.len(), operations, "{operations} operations");
            let config = generator::Config {
                spec_path: "synthetic.yaml".into(),
                command: "cargo xtask bench".into(),
                crate_name: "synthetic".into(),
                lenient: false,
                ..generator::Config::default()
            };
            generator::generate(&spec(operations), &config)
                .unwrap_or_else(|e| panic!("{operations} operations: {e}"));
        }
    }
}

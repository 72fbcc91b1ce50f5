//! Text → `openapiv3::OpenAPI`, keeping the raw tree beside it for checks that must see
//! every `$ref`, wherever it sits.

use crate::error::{Error, pointer};
use openapiv3::OpenAPI;
use serde_json::Value;

pub(crate) struct Loaded {
    pub(crate) raw: Value,
    pub(crate) doc: OpenAPI,
}

pub(crate) fn load(text: &str) -> Result<Loaded, Error> {
    let raw: Value = serde_yaml::from_str(text).map_err(|e| Error::Load {
        at: yaml_location(&e),
        what: format!("not a YAML or JSON document: {}", strip_location(&e)),
    })?;
    check_version(&raw)?;
    // Parsed a second time, straight from the text: `serde_json::Value` sorts object keys,
    // and the order of properties and operations in the spec is the order in the client.
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let doc: OpenAPI = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let mut at = String::from("#");
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => at = pointer(&at, &index.to_string()),
                Segment::Map { key } => at = pointer(&at, key),
                Segment::Enum { variant } => at = pointer(&at, variant),
                Segment::Unknown => {}
            }
        }
        Error::Load {
            at,
            what: format!("not a valid OpenAPI 3.0 document: {}", strip_location(e.inner())),
        }
    })?;
    Ok(Loaded { raw, doc })
}

fn check_version(raw: &Value) -> Result<(), Error> {
    let Some(object) = raw.as_object() else {
        return Err(Error::Load {
            at: "#".into(),
            what: "an OpenAPI document is an object; this is not".into(),
        });
    };
    if object.contains_key("swagger") {
        return Err(Error::Load {
            at: "#/swagger".into(),
            what: "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first".into(),
        });
    }
    match object.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(Value::String(v)) => Err(Error::Load {
            at: "#/openapi".into(),
            what: format!(
                "OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x"
            ),
        }),
        Some(_) => Err(Error::Load {
            at: "#/openapi".into(),
            what: "the OpenAPI version must be a string such as \"3.0.3\"".into(),
        }),
        None => Err(Error::Load {
            at: "#/openapi".into(),
            what: "missing `openapi` version field; this generator reads OpenAPI 3.0.x documents"
                .into(),
        }),
    }
}

fn yaml_location(e: &serde_yaml::Error) -> String {
    match e.location() {
        Some(l) => format!("line {}, column {}", l.line(), l.column()),
        None => "#".into(),
    }
}

/// serde_yaml appends " at line L column C" to its messages; the location is reported apart.
fn strip_location(e: &dyn std::fmt::Display) -> String {
    let message = e.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

//! Checks OpenAPI's own rules that the generator relies on, and reports every broken one
//! at once, each with its JSON pointer.

use crate::error::{Error, Problem, nearest, pointer};
use crate::load::Loaded;
use crate::spec::{ParamRef, Spec, template_names};
use openapiv3::{Parameter, ReferenceOr};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Every problem of the document; with `lenient`, those that can be repaired without a guess
/// are returned as warnings that say the repair, and the rest still fail. (Loading's own
/// warnings are the caller's to add.)
pub(crate) fn validate(loaded: &Loaded, lenient: bool) -> Result<Vec<Problem>, Error> {
    let mut problems = Vec::new();
    let mut repairable = loaded.repairs.clone();
    check_refs(&loaded.raw, &loaded.raw, "#", &mut problems, &mut repairable);
    check_operations(loaded, &mut problems, &mut repairable);
    let mut warnings = Vec::new();
    for (mut problem, repair) in repairable {
        if lenient {
            problem.what = format!("{}; repaired: {repair}", problem.what);
            warnings.push(problem);
        } else {
            problems.push(problem);
        }
    }
    if problems.is_empty() { Ok(warnings) } else { Err(Error::Invalid(problems)) }
}

/// Every `$ref` must be local (`#/...`) and point at something in the document. A reference
/// to a component schema that does not exist can be read as any JSON value, which guesses no
/// type.
fn check_refs(
    root: &Value,
    value: &Value,
    at: &str,
    problems: &mut Vec<Problem>,
    repairable: &mut Repairable,
) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = object.get("$ref") {
                let at = pointer(at, "$ref");
                match target.strip_prefix('#') {
                    Some(fragment) => {
                        let fragment = unescape_uri(fragment);
                        if root.pointer(&fragment).is_none() {
                            let meant = match nearest_target(root, &fragment) {
                                Some(meant) => format!(" (did you mean `{meant}`?)"),
                                None => String::new(),
                            };
                            let problem =
                                Problem::new(at, format!("unresolved $ref `{target}`{meant}"));
                            if target.starts_with("#/components/schemas/") {
                                repairable
                                    .push((problem, "the value is typed as any JSON value".into()));
                            } else {
                                problems.push(problem);
                            }
                        }
                    }
                    None => problems.push(Problem::new(
                        at,
                        format!("`{target}` refers outside this document; only local references (`#/...`) are supported"),
                    )),
                }
                return;
            }
            for (key, child) in object {
                // Examples are data, not schema: a `$ref` key inside one is not a reference.
                if key == "example" || key == "examples" {
                    continue;
                }
                check_refs(root, child, &pointer(at, key), problems, repairable);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_refs(root, child, &pointer(at, &i.to_string()), problems, repairable);
            }
        }
        _ => {}
    }
}

/// What an unresolved reference most likely meant: its pointer with each token that is not
/// found replaced by the nearest name beside it (`#/components/schemas/Pet` for
/// `#/components/schema/Pets`), when that resolves.
fn nearest_target(root: &Value, fragment: &str) -> Option<String> {
    let mut node = root;
    let mut meant = String::from("#");
    for token in fragment.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let (name, child) = match node {
            Value::Object(map) => match map.get_key_value(&token) {
                Some((name, child)) => (name.as_str(), child),
                None => {
                    let name = nearest(&token, map.keys().map(String::as_str))?;
                    (name, &map[name])
                }
            },
            Value::Array(items) => (token.as_str(), items.get(token.parse::<usize>().ok()?)?),
            _ => return None,
        };
        meant = pointer(&meant, name);
        node = child;
    }
    Some(meant)
}

/// A `$ref` fragment is URI-encoded; a JSON pointer is not.
fn unescape_uri(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// operationIds are unique; path templates and declared path parameters agree.
/// Problems that `lower` can repair without guessing, each with the repair it makes.
type Repairable = Vec<(Problem, String)>;

fn check_operations(loaded: &Loaded, problems: &mut Vec<Problem>, repairable: &mut Repairable) {
    let mut first_seen: BTreeMap<&str, String> = BTreeMap::new();
    for entry in Spec::new(&loaded.doc).paths() {
        if let ReferenceOr::Reference { .. } = entry.item {
            problems.push(Problem::new(
                pointer(&entry.at, "$ref"),
                "path items given by `$ref` are not supported",
            ));
            continue;
        }
        let path = entry.template;
        let template = template_names(path);
        let mut seen_in_template = BTreeSet::new();
        for name in &template {
            if !seen_in_template.insert(*name) {
                problems.push(Problem::new(
                    &entry.at,
                    format!("path parameter `{name}` appears twice in the template"),
                ));
            }
        }
        for op in entry.operations() {
            if let Some(id) = &op.op.operation_id {
                match first_seen.get(id.as_str()) {
                    Some(first) => repairable.push((
                        Problem::new(
                            pointer(&op.at, "operationId"),
                            format!("duplicate operationId `{id}`, first used at {first}"),
                        ),
                        "the method gets a numbered name".into(),
                    )),
                    None => {
                        first_seen.insert(id, op.at.clone());
                    }
                }
            }
            // Every declaration is checked, also one that the operation overrides: each must
            // follow OpenAPI's rules on its own.
            let mut declared = BTreeSet::new();
            for ParamRef { at: param_at, param } in op.declared_parameters() {
                let Parameter::Path { parameter_data, .. } = param else {
                    continue;
                };
                let name = parameter_data.name.as_str();
                declared.insert(name);
                if !template.contains(&name) {
                    repairable.push((
                        Problem::new(
                            param_at,
                            format!(
                                "path parameter `{name}` is declared but `{path}` has no `{{{name}}}`"
                            ),
                        ),
                        "the parameter is left out".into(),
                    ));
                } else if !parameter_data.required {
                    repairable.push((
                        Problem::new(
                            pointer(&param_at, "required"),
                            format!("path parameter `{name}` must be `required: true`"),
                        ),
                        "the parameter is required".into(),
                    ));
                }
            }
            for name in &template {
                if !declared.contains(name) {
                    repairable.push((
                        Problem::new(
                            &op.at,
                            format!(
                                "path parameter `{{{name}}}` is used in the path but not declared"
                            ),
                        ),
                        format!("declared as a required string parameter `{name}`"),
                    ));
                }
            }
        }
    }
}

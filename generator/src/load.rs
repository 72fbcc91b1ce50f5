//! Text → `openapiv3::OpenAPI`, keeping the raw tree beside it for checks that must see
//! every `$ref`, wherever it sits. The document's shape is checked as written, before
//! anything is typed (`structure`). An OpenAPI 3.1 document is then rewritten into the 3.0
//! form that the rest of the generator reads (`oas31`); every location reported afterwards
//! is taken back to the document as written (`Origin`), and given its line and column in
//! the text (`position`).

mod oas31;
mod position;
mod structure;

pub(crate) use position::locate;

use crate::error::{Error, Position, Problem, pointer};
use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;
use serde_yaml::Value as Yaml;

pub(crate) struct Loaded {
    pub(crate) raw: Value,
    pub(crate) doc: OpenAPI,
    /// What loading had to change or leave out, located in the document as written: bounds
    /// beyond what `openapiv3` can hold, what OpenAPI 3.1 can say and 3.0 cannot, and what
    /// is ignored because OpenAPI does not define it.
    pub(crate) warnings: Vec<Problem>,
    /// Breaks of OpenAPI's rules that loading mended to read on, each with its repair, for
    /// `validate` to report (or, lenient, to warn about). Loading moves nothing they point at.
    pub(crate) repairs: Repairs,
    /// Where the parts of `raw` and `doc` that loading moved are in the document as written.
    pub(crate) origin: Origin,
}

pub(crate) fn load(text: &str) -> Result<Loaded, Error> {
    // YAML's own tree keeps the order of keys (the order of properties and operations in the
    // spec is the order in the client) and numbers of any size.
    let mut yaml = read_tree(text).map_err(|e| {
        Error::Load(Problem {
            at: String::new(),
            position: e.location().map(|l| Position { line: l.line(), column: l.column() }),
            what: format!("not a YAML or JSON document: {}", strip_location(&e)),
        })
    })?;
    let version = version(&yaml)?;
    let structure = structure::check(&yaml, matches!(version, Version::V31));
    if !structure.errors.is_empty() {
        return Err(Error::Invalid(structure.errors));
    }
    let mut warnings = structure.warnings;
    let mut origin = Origin::default();
    if let Version::V31 = version {
        let mut moves = Vec::new();
        oas31::upgrade(&mut yaml, &mut warnings, &mut moves);
        origin.stages.push(moves);
    }
    let repairs = describe_responses(&mut yaml);
    let mut rewritten = Vec::new();
    let mut moves = Vec::new();
    normalise(&mut yaml, "#", &mut rewritten, &mut moves);
    if !moves.is_empty() {
        origin.stages.push(moves);
    }
    warnings.extend(rewritten.into_iter().map(|p| origin.restore_problem(p)));
    let raw: Value = serde_json::to_value(&yaml).map_err(|e| {
        Error::Load(Problem::new("#", format!("not a JSON-compatible document: {e}")))
    })?;
    // What the structure check does not foresee: `openapiv3`'s first error, located as well
    // as `serde_path_to_error` can.
    // Read straight first; only a document that fails is read again with its path tracked,
    // for the error's location (tracking it costs a fifth of the reading).
    let doc = match OpenAPI::deserialize(&yaml) {
        Ok(doc) => Ok(doc),
        Err(_) => serde_path_to_error::deserialize::<_, OpenAPI>(&yaml),
    };
    let doc: OpenAPI = doc.map_err(|e| {
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
        Error::Load(Problem::new(
            origin.restore(&at),
            format!(
                "not a valid OpenAPI {} document: {}",
                version.number(),
                strip_location(e.inner())
            ),
        ))
    })?;
    Ok(Loaded { raw, doc, warnings, repairs, origin })
}

/// Problems that loading mended, each with its repair.
pub(crate) type Repairs = Vec<(Problem, String)>;

/// Where the parts of a rewritten tree were in the document as written: for each rewrite,
/// pairs of (pointer in the tree after it, pointer before it) for the subtrees it moved. A
/// pointer is taken back through the rewrites, last first; at each, the longest pair that is a
/// prefix of it decides, so that a subtree moved inside a moved subtree lands where it was.
#[derive(Debug, Default)]
pub(crate) struct Origin {
    stages: Vec<Moves>,
}

/// (pointer after a rewrite, pointer before it) for each subtree the rewrite moved.
pub(crate) type Moves = Vec<(String, String)>;

impl Origin {
    /// `at`, a pointer into the tree as loaded, as a pointer into the document as written.
    pub(crate) fn restore(&self, at: &str) -> String {
        let mut at = at.to_string();
        for moves in self.stages.iter().rev() {
            let within = |from: &str| {
                at.strip_prefix(from).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            };
            if let Some((from, to)) =
                moves.iter().filter(|(from, _)| within(from)).max_by_key(|(from, _)| from.len())
            {
                at = format!("{to}{}", &at[from.len()..]);
            }
        }
        at
    }

    pub(crate) fn restore_problem(&self, problem: Problem) -> Problem {
        Problem { at: self.restore(&problem.at), ..problem }
    }

    /// Whether every pointer is already one into the document as written.
    pub(crate) fn is_identity(&self) -> bool {
        self.stages.is_empty()
    }
}

/// The document's tree, as `serde_yaml` reads it. A JSON document is read by `serde_json`,
/// five to ten times faster (JSON is YAML, and the same visitor builds the tree), and by
/// `serde_yaml` when that fails, so that what is YAML but not JSON reads as before and any
/// error is `serde_yaml`'s own, located in the text.
fn read_tree(text: &str) -> Result<Yaml, serde_yaml::Error> {
    if text.trim_start().starts_with('{') && !has_negative_zero(text) {
        let mut json = serde_json::Deserializer::from_str(text);
        let tree = serde::Deserializer::deserialize_any(&mut json, TreeVisitor);
        if let (Ok(Tree(tree)), Ok(())) = (tree, json.end()) {
            return Ok(tree);
        }
    }
    serde_yaml::from_str::<Tree>(text).map(|Tree(tree)| tree)
}

/// Whether a JSON text may hold the integer `-0`, which YAML reads as the integer 0 and
/// `serde_json` as the float -0.0.
fn has_negative_zero(text: &str) -> bool {
    text.match_indices("-0").any(|(i, _)| {
        !text[i + 2..].starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E'))
    })
}

/// A YAML tree like `serde_yaml::Value`, except that an integer beyond 64 bits, which that
/// type refuses, is kept as the nearest float.
struct Tree(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Number(v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Number(v.into())))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Number((v as f64).into())))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Number((v as f64).into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Number(v.into())))
    }

    fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::String(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Null))
    }

    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree(serde_yaml::Value::Null))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree(serde_yaml::Value::Sequence(items)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut mapping = serde_yaml::Mapping::new();
        while let Some((Tree(key), Tree(value))) = map.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Tree(serde_yaml::Value::Mapping(mapping)))
    }
}

/// Rewrites, in one walk over the tree, what `openapiv3` cannot hold and what lowering would
/// misread; `warnings` and `moves` are located in the tree as it was before this walk.
fn normalise(value: &mut Yaml, at: &str, warnings: &mut Vec<Problem>, moves: &mut Moves) {
    match value {
        Yaml::Mapping(map) => {
            drop_unrepresentable_bounds(map, at, warnings);
            fold_nullable_member(map, at, moves);
            for (key, child) in map.iter_mut() {
                normalise(child, &pointer(at, &key_text(key)), warnings, moves);
            }
        }
        Yaml::Sequence(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                normalise(child, &pointer(at, &i.to_string()), warnings, moves);
            }
        }
        _ => {}
    }
}

/// An integer schema's `minimum`, `maximum` and `multipleOf` must fit in an `i64` for
/// `openapiv3`, and its `enum` values too. A bound beyond that (such as the `u64` maximum of a
/// `uint64`) is dropped, which the integer type enforces anyway or which only loosens the
/// check, and said as a warning; the document still loads.
fn drop_unrepresentable_bounds(
    map: &mut serde_yaml::Mapping,
    at: &str,
    warnings: &mut Vec<Problem>,
) {
    if map.get("type").and_then(Yaml::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        if map.get(key).is_some_and(|v| v.as_i64().is_none()) {
            let number = map.remove(key).map(|v| serde_yaml::to_string(&v).unwrap_or_default());
            warnings.push(Problem::new(
                pointer(at, key),
                format!(
                    "`{}` does not fit in a 64-bit integer; the bound is not checked",
                    number.unwrap_or_default().trim()
                ),
            ));
        }
    }
    if let Some(Yaml::Sequence(values)) = map.get_mut("enum") {
        values.retain(|v| v.is_null() || v.as_i64().is_some());
    }
}

/// `allOf: [{$ref: X}, {nullable: true}]`, the usual way to make a reference nullable in
/// OpenAPI 3.0 (where `nullable` beside `$ref` is ignored), means X or `null`: the marker
/// member moves to the schema itself, where lowering reads `nullable`.
fn fold_nullable_member(map: &mut serde_yaml::Mapping, at: &str, moves: &mut Moves) {
    let Some(Yaml::Sequence(members)) = map.get_mut("allOf") else {
        return;
    };
    let is_marker = |m: &Yaml| {
        m.as_mapping().is_some_and(|m| {
            m.get("nullable").is_some_and(Yaml::is_bool)
                && m.keys()
                    .all(|k| matches!(k.as_str(), Some("nullable" | "description" | "title")))
        })
    };
    if members.len() < 2 || !members.iter().any(is_marker) || members.iter().all(is_marker) {
        return;
    }
    let mut nullable = false;
    let mut kept = 0;
    let all_of = pointer(at, "allOf");
    for (i, member) in std::mem::take(members).into_iter().enumerate() {
        if is_marker(&member) {
            nullable |= member.get("nullable").and_then(Yaml::as_bool) == Some(true);
            continue;
        }
        if kept != i {
            moves.push((pointer(&all_of, &kept.to_string()), pointer(&all_of, &i.to_string())));
        }
        members.push(member);
        kept += 1;
    }
    if nullable {
        map.insert("nullable".into(), Yaml::Bool(true));
    }
}

/// OpenAPI requires a `description` on every response, and `openapiv3` cannot read one
/// without it; one that has none gets an empty one, as a repair. Also in callbacks, which
/// the client does not use but `openapiv3` reads.
fn describe_responses(yaml: &mut Yaml) -> Repairs {
    let mut repairs = Vec::new();
    let Some(doc) = yaml.as_mapping_mut() else {
        return repairs;
    };
    if let Some(Yaml::Mapping(paths)) = doc.get_mut("paths") {
        describe_paths(paths, "#/paths", &mut repairs);
    }
    if let Some(Yaml::Mapping(components)) = doc.get_mut("components") {
        describe(components.get_mut("responses"), "#/components/responses", &mut repairs);
        describe_callbacks(components.get_mut("callbacks"), "#/components/callbacks", &mut repairs);
    }
    repairs
}

/// The responses of the operations of path items, and of their callbacks.
fn describe_paths(paths: &mut serde_yaml::Mapping, at: &str, repairs: &mut Repairs) {
    for (path, item) in paths.iter_mut() {
        let Yaml::Mapping(item) = item else { continue };
        let at = pointer(at, &key_text(path));
        for &method in crate::spec::METHODS {
            let Some(Yaml::Mapping(op)) = item.get_mut(method) else { continue };
            let at = pointer(&at, method);
            describe(op.get_mut("responses"), &pointer(&at, "responses"), repairs);
            describe_callbacks(op.get_mut("callbacks"), &pointer(&at, "callbacks"), repairs);
        }
    }
}

fn describe_callbacks(callbacks: Option<&mut Yaml>, at: &str, repairs: &mut Repairs) {
    let Some(Yaml::Mapping(callbacks)) = callbacks else {
        return;
    };
    for (name, callback) in callbacks.iter_mut() {
        if let Yaml::Mapping(callback) = callback {
            describe_paths(callback, &pointer(at, &key_text(name)), repairs);
        }
    }
}

fn describe(responses: Option<&mut Yaml>, at: &str, repairs: &mut Repairs) {
    let Some(Yaml::Mapping(responses)) = responses else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        if let Yaml::Mapping(response) = response
            && !response.contains_key("description")
            && !response.contains_key("$ref")
        {
            response.insert("description".into(), "".into());
            let status = key_text(status);
            repairs.push((
                Problem::new(
                    pointer(at, &status),
                    format!("response `{status}` has no `description`, which OpenAPI requires"),
                ),
                "its description is left empty".into(),
            ));
        }
    }
}

/// A mapping key as a JSON pointer token: YAML allows keys that are not strings, such as
/// unquoted status codes.
fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

#[derive(Clone, Copy)]
enum Version {
    V30,
    V31,
}

impl Version {
    fn number(self) -> &'static str {
        match self {
            Version::V30 => "3.0",
            Version::V31 => "3.1",
        }
    }
}

fn version(yaml: &Yaml) -> Result<Version, Error> {
    let Some(object) = yaml.as_mapping() else {
        return Err(Error::Load(Problem::new(
            "#",
            "an OpenAPI document is an object; this is not",
        )));
    };
    if object.contains_key("swagger") {
        return Err(Error::Load(Problem::new(
            "#/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first",
        )));
    }
    match object.get("openapi") {
        Some(Yaml::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(Version::V30),
        Some(Yaml::String(v)) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::V31),
        Some(Yaml::String(v)) => Err(Error::Load(Problem::new(
            "#/openapi",
            format!(
                "OpenAPI version {v} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
            ),
        ))),
        Some(_) => Err(Error::Load(Problem::new(
            "#/openapi",
            "the OpenAPI version must be a string such as \"3.0.3\"",
        ))),
        None => Err(Error::Load(Problem::new(
            "#/openapi",
            "missing `openapi` version field; this generator reads OpenAPI 3.0.x and 3.1.x documents",
        ))),
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

#[cfg(test)]
mod tests {
    use super::{Tree, Yaml, has_negative_zero, read_tree};

    /// What `serde_yaml` reads from the whole text: the tree, or its error's text.
    fn whole(text: &str) -> Result<Yaml, String> {
        serde_yaml::from_str::<Tree>(text).map(|Tree(tree)| tree).map_err(|e| e.to_string())
    }

    /// Read as JSON or not, a document gives what `serde_yaml` gives: the same tree, or the
    /// same error.
    #[test]
    fn json_reads_as_yaml_does() {
        let cases = [
            // JSON: a number beyond 64 bits, escapes, a key given twice (the last value, in
            // the first place), nesting.
            r#"{"a": 1, "c": 1.5e3, "d": "\u00e9\n\"", "a": [true, null, {}], "e": {"f": []}}"#
                .to_string(),
            // Floats to the last digit; `-0`, an integer in YAML, a float in `serde_json`.
            r#"{"f": [925.3145917318761, -0.0, 0.1, 1e-7, -0e1, -1, 10]}"#.to_string(),
            r#"{"f": [-0, 1]}"#.to_string(),
            // What is YAML but not JSON.
            format!(
                "{{\"openapi\": \"3.0.3\", \"big\": 123456789012345678901234567890, \"k\": [{}]}}",
                "1,".repeat(5000) + "1"
            ),
            "{\"a\": 1}\nb: 2\n".to_string(),
            "{\"a\": 1, }".to_string(),
            "{\"a\": [1, 2]} # a comment\n".to_string(),
            "{\"a\": 1}\n---\n{\"b\": 2}\n".to_string(),
            include_str!("../../spec/integration.yaml").to_string(),
        ];
        for text in &cases {
            assert_eq!(read_tree(text).map_err(|e| e.to_string()), whole(text), "{text:.200}");
        }
        assert!(has_negative_zero(&cases[2]) && has_negative_zero("[-0]"));
        assert!(!has_negative_zero(&cases[1]));
    }
}

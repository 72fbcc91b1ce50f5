//! `openapiv3` document → [`model::Api`]: resolves `$ref`s, names every type and member,
//! maps schemas to Rust types, and reports what it cannot map, all problems at once.
//!
//! One file per job: `schemas` maps a schema to a shape, `composition` handles `allOf`,
//! `oneOf` and `anyOf`, `operations` lowers parameters, bodies and responses, `security`
//! the security schemes, `pagination` reads how an operation's answers come in pages, and
//! `passes` finishes the model once every type is built. This file is the entry, and names
//! types.

mod composition;
mod operations;
mod pagination;
mod passes;
mod schemas;
mod security;

use crate::error::{Error, Problem, pointer};
use crate::model::*;
use crate::names;
use crate::spec::Spec;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use schemas::schema_doc;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn lower(doc: &OpenAPI) -> Result<Api, Error> {
    let (api, problems) = run(doc, false);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(api)
}

/// The model of a document read for review (`diff::read`): what [`lower`] would refuse is
/// left out (a cookie parameter), read as any JSON value (a reference it cannot follow, an
/// alias of itself) or kept as the spec's text (a pattern), and listed.
pub(crate) fn review(doc: &OpenAPI) -> (Api, Vec<Problem>) {
    run(doc, true)
}

/// Lowers a document, reading on past each problem; `review` keeps what it can of a
/// construct that has one.
fn run(doc: &OpenAPI, review: bool) -> (Api, Vec<Problem>) {
    let mut lower = Lower {
        spec: Spec::new(doc),
        review,
        problems: Vec::new(),
        types: BTreeMap::new(),
        component_names: BTreeMap::new(),
        binary_as_bytes: false,
    };
    lower.reserve_component_names();
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            lower.component(name, schema);
        }
    }
    let operations = lower.operations();
    let Lower { mut problems, types, .. } = lower;
    if !problems.is_empty() && !review {
        return (Api::default(), problems);
    }
    let (security_schemes, mut warnings) = security::schemes(doc);
    warnings.extend(security::undeclared(Spec::new(doc), &security_schemes));
    // `Client::new` takes the token of HTTP bearer authentication, not an OAuth 2.0 token,
    // which the client cannot obtain.
    let bearer = security_schemes
        .iter()
        .any(|s| s.credential == Some(Credential::Bearer) && !s.flow && s.setter == "token");
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url: doc.servers.first().map(|s| s.url.trim_end_matches('/').to_string()),
        bearer,
        security_schemes,
        types: types.into_values().flatten().collect(),
        operations,
        warnings,
    };
    let cycles = passes::finish(&mut api);
    if !cycles.is_empty() && !review {
        return (api, cycles);
    }
    if !cycles.is_empty() {
        // Each alias on a cycle stands for any JSON value, so that the passes can finish.
        for def in api.types.iter_mut().filter(|d| cycles.iter().any(|p| p.at == d.at)) {
            def.kind = TypeKind::Alias(Shape::default());
        }
        problems.extend(passes::finish(&mut api));
    }
    problems.extend(cycles);
    (api, problems)
}

/// The name of a type that a schema may need.
#[derive(Debug, Clone)]
enum TypeName {
    /// A component's name, reserved before any type is built.
    Own(String),
    /// A name made up for an inline schema: this one, or it with a number when it is taken.
    Suggested(String),
}

impl TypeName {
    fn suggested(name: impl Into<String>) -> TypeName {
        TypeName::Suggested(name.into())
    }

    /// A suggestion for a schema inside this one: `PetTag` for the property `tag` of `Pet`.
    fn child(&self, suffix: &str) -> TypeName {
        TypeName::Suggested(format!("{}{suffix}", self.as_str()))
    }

    /// The same name as a suggestion, for a schema that stands in for this one (the lone
    /// member of an `allOf`): a component's own name is taken, so it gets a number.
    fn as_suggestion(&self) -> TypeName {
        TypeName::Suggested(self.as_str().to_string())
    }

    fn as_str(&self) -> &str {
        match self {
            TypeName::Own(name) | TypeName::Suggested(name) => name,
        }
    }
}

struct Lower<'a> {
    spec: Spec<'a>,
    /// Whether the document is read for review: see [`review`].
    review: bool,
    problems: Vec<Problem>,
    /// Named types by Rust name; a name is reserved (with `None`) before its type is built.
    types: BTreeMap<String, Option<TypeDef>>,
    /// Component schema name → Rust type name.
    component_names: BTreeMap<String, String>,
    /// Whether `format: binary` is bytes (in a multipart body, whose parts carry them) rather
    /// than a string (in JSON, which has only text).
    binary_as_bytes: bool,
}

impl Lower<'_> {
    fn problem(&mut self, at: impl Into<String>, what: impl Into<String>) {
        self.problems.push(Problem::new(at, what));
    }

    /// Component schemas are named first, in document order, so that a type made up for an
    /// inline schema never takes a name the spec gave.
    fn reserve_component_names(&mut self) {
        let Some(components) = &self.spec.doc.components else {
            return;
        };
        let keys: Vec<&String> = components.schemas.keys().collect();
        let mut rust: Vec<String> = keys.iter().map(|k| names::spec_type_name(k)).collect();
        names::dedupe(&mut rust, &BTreeSet::new());
        for (key, rust) in keys.into_iter().zip(rust) {
            self.types.insert(rust.clone(), None);
            self.component_names.insert(key.clone(), rust);
        }
    }

    /// Reserves a fresh type name for an inline schema: `preferred`, or `preferred2`, ...
    fn reserve(&mut self, preferred: &str) -> String {
        let preferred = names::clear_of_crate_root(preferred.to_string());
        let preferred = preferred.as_str();
        let mut name = preferred.to_string();
        let mut n = 2;
        while self.types.contains_key(&name) {
            name = format!("{preferred}{n}");
            n += 1;
        }
        self.types.insert(name.clone(), None);
        name
    }

    fn define(&mut self, rust_name: String, at: &str, doc: Option<String>, kind: TypeKind) {
        let def = TypeDef { rust_name: rust_name.clone(), at: at.to_string(), doc, kind };
        self.types.insert(rust_name, Some(def));
    }

    /// The name a type gets: a component's own, or a suggestion made free.
    fn name(&mut self, name: TypeName) -> String {
        match name {
            TypeName::Own(name) => name,
            TypeName::Suggested(preferred) => self.reserve(&preferred),
        }
    }

    fn component(&mut self, key: &str, schema: &ReferenceOr<Schema>) {
        let at = pointer("#/components/schemas", key);
        let rust_name = self.component_names[key].clone();
        let (shape, doc) = match schema {
            ReferenceOr::Reference { .. } => {
                (self.shape(schema, &at, TypeName::Own(rust_name.clone())), None)
            }
            ReferenceOr::Item(schema) => (
                self.schema_shape(schema, &at, TypeName::Own(rust_name.clone())),
                schema_doc(schema),
            ),
        };
        // Objects, enums and unions were defined under the component's own name.
        if matches!(&shape.ty, Ty::Named { name, .. } if *name == rust_name) {
            return;
        }
        let kind = match shape.ty {
            Ty::String | Ty::Int(_) | Ty::Float if !shape.checks.is_empty() => {
                TypeKind::Newtype(shape)
            }
            _ => TypeKind::Alias(shape),
        };
        self.define(rust_name, &at, doc, kind);
    }
}

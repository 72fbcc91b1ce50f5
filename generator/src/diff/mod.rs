//! The model diff behind `cargo xtask api-diff`: what a change to the spec does to its users,
//! for review.
//!
//! Both documents are read as the generator reads them ([`read`]): their models, and the
//! public API of the crate each generates. Operations are matched by method and path (the
//! names of path variables aside), else by `operationId`; parameters by location and name
//! (path parameters by their place in the path); properties by API name; enum values by value.
//! Reordering keys in the YAML is therefore no change, except where order reaches the
//! generated Rust.
//!
//! # Two classifications
//!
//! Each change is judged twice:
//!
//! - **wire**: would a caller written against the old document break? The old document is
//!   taken as a contract. A request is broken when something the old document let a caller
//!   send is refused or ignored under the new one; a response is broken when the new document
//!   lets the server send something the old one ruled out. The generated client reads
//!   leniently (unknown enum values and properties are kept, response constraints are not
//!   checked), but other callers need not, so the wire column does not assume it: a value
//!   added to a received enum is wire-breaking, because a reader with a closed enum fails on
//!   it, although the generated client keeps it as `Unknown`.
//! - **Rust**: does the public API of the generated crate change so that code written
//!   against the old crate stops compiling, or silently does something else? This column is
//!   not a rule of its own: both crates are generated and what they expose is compared
//!   (`surface.rs`). A change is Rust-breaking when the comparison finds a break in an item
//!   it touches; a break that no change of the spec explains is reported on its own
//!   (`rust_api_changed`). Behaviour behind an unchanged signature (which status comes back
//!   as `Error::Api`, which values a check refuses) is told in the detail and the wire column,
//!   not here, with one exception: code that compiles and now fails where it worked every
//!   time (`Client::new()` losing its default server) is Rust-breaking. The generated structs,
//!   enums and unions are `#[non_exhaustive]`, built with `new` (the required properties),
//!   `Default` where there are none, and a setter per optional property: a property added as
//!   optional, an enum value or a union alternative added is therefore not Rust-breaking; a
//!   property added as required is, since `new` takes it.
//!
//! Where a change breaks the wire depends on the direction its type travels in the old
//! document: *sent* (reachable from a parameter or request body), *received* (reachable from
//! a response), both, or neither (a type no operation uses, which breaks nothing on the
//! wire). Only what callers of the old document did can break, so a type that starts being
//! sent or received through a new operation is judged as it was used before.
//!
//! # Meaning, not names
//!
//! Values are compared by what JSON they allow, not by what the schemas are called. A type
//! alias and a newtype stand for the type they wrap; a `$ref` and an inline schema that say
//! the same thing are the same shape, whatever Rust name the generator gives each (a renamed,
//! extracted or inlined schema is at most a Rust change); a struct and a map are both
//! objects, compared property by property. Named types of the same name are compared once,
//! where they are declared; two differently named types met at one place are compared there,
//! and the place is reported as retyped with the verdict of that comparison.
//!
//! | Change | Wire-breaking when |
//! |---|---|
//! | operation added | never |
//! | operation removed | always |
//! | operation moved (method or path; same `operationId`) | always |
//! | path variable renamed (`/things/{id}` → `/things/{thingId}`) | never (the URL is the same) |
//! | operation's Rust name changed (`operationId`), (un)deprecated | never |
//! | parameter added | it is required |
//! | parameter removed | always |
//! | parameter made required / optional | required |
//! | arguments of a method reordered | never |
//! | request body added | it is required |
//! | request body removed | always |
//! | request body made required / optional | required |
//! | response status added | a success status that nothing covered before (with a `default` or a range covering it, its body is compared with theirs) |
//! | response status removed | never (a `default` or range now covering it is compared with it) |
//! | response body added / removed | removed |
//! | response header removed or made optional | always (readers name headers one by one, and documents rarely mark them required) |
//! | response header's schema changed (compared as text) | always |
//! | response header added, made required | never |
//! | value retyped (parameter, body, response, property, alias, newtype) | sent and some old value is not valid under the new type; received and some new value was not valid under the old type |
//! | type added / removed / changes kind (struct, enum, newtype, alias) | never by itself (its uses, and what its values allow, are compared) |
//! | property added, required | sent |
//! | property added, optional | received and the old object was closed (`additionalProperties: false`) |
//! | property removed | sent, or received and it was required |
//! | property made required | sent |
//! | property made optional | received |
//! | property made nullable | received |
//! | property made non-nullable | sent |
//! | property's Rust name changed, boxed or unboxed; map of unnamed properties (`extra`) added or removed | never |
//! | enum value added | received |
//! | enum value removed | sent |
//! | enum values reordered, variant renamed | never |
//! | constraint tightened (length, bounds, items, `additionalProperties: false`, a `pattern` added) | sent (the generated client refuses such values before sending) |
//! | constraint loosened | received |
//! | `pattern` replaced by one that accepts the same strings | never |
//! | `pattern` replaced by one that provably accepts more | received |
//! | `pattern` replaced by one that refuses some strings it accepted | sent |
//! | `pattern` replaced by one that does both, or that cannot be compared (`patterns.rs` says how it decides) | sent or received |
//! | scope added (`x-required-scopes`) | the operation listed none before |
//! | scope removed | scopes remain (tokens holding only that one are refused) |
//! | server (`servers[0]`) changed | always |
//! | server added / removed | never (a removed one is Rust-breaking: `Client::new()` fails) |
//! | bearer authentication added / removed | added |
//! | credentials required where none were (`security`, the operation's or the document's) | always |
//! | an alternative of credentials no longer accepted, or asking for more scopes | always |
//! | an alternative added, fewer scopes, no credentials required any more | never |
//! | a security scheme presented otherwise (an API key moved from a header to a cookie) | an operation used it |
//! | what the generator cannot compile (not a `pattern`), changed as text | always: it cannot be judged |
//!
//! The version bump the generated crate needs ([`Diff::semver`]) comes from the same
//! comparison of public APIs: major when code written against the old crate breaks, minor
//! when items are only added, patch otherwise.
//!
//! Pointers (`at`) name the item in the new document, or in the old one for what was removed.
//! A constraint's pointer is the schema that holds it (the detail names the keyword). The
//! model has no location for parameters, so a parameter's pointer is its operation's.

mod objects;
mod operations;
mod patterns;
mod report;
mod responses;
mod security;
mod shapes;
mod spelling;
mod surface;
mod types;
mod uncompiled;

pub use report::markdown;

use crate::NotCompiled;
use crate::emit;
use crate::error::{Error, pointer};
use crate::model::{Api, Operation, Returned, Shape, TypeDef, Usage};
use serde::Serialize;
use spelling::{body_type, param_type, rust_ident, rust_type};
use std::collections::{BTreeMap, BTreeSet};
use surface::{Key, Part, Surface};

/// A document read for comparison: its model, the public API of the crate it generates, and
/// what the generator cannot compile.
#[derive(Debug)]
pub struct Document {
    api: Api,
    surface: Surface,
    not_compiled: Vec<NotCompiled>,
}

/// Reads a document as the generator does, leniently: only a document that cannot be loaded
/// (not YAML or JSON, not OpenAPI) is refused. What the generator would refuse is repaired as
/// [`crate::Config::lenient`] repairs it, left out (a cookie parameter), or kept as the spec's
/// text (a pattern it cannot compile), and compared as text.
pub fn read(spec: &str) -> Result<Document, Error> {
    let (api, not_compiled) = crate::review(spec)?;
    let surface = surface::surface(&api)?;
    Ok(Document { api, surface, not_compiled })
}

/// Reads two documents at once, each as [`read`] does: generating the client of each, to
/// compare their APIs, is most of the time a diff takes.
pub fn read_both(old: &str, new: &str) -> (Result<Document, Error>, Result<Document, Error>) {
    std::thread::scope(|scope| {
        let old = scope.spawn(|| read(old));
        let new = read(new);
        (old.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), new)
    })
}

/// The changes from one document to another, and what they mean for the generated crate.
#[derive(Debug, Clone)]
pub struct Diff {
    /// Every change: API-wide first, then operations in the new document's order (removed
    /// ones after), then types by Rust name, then breaks of the generated API that no change
    /// of the spec explains.
    pub changes: Vec<Change>,
    /// The version bump the generated crate needs.
    pub semver: Semver,
    /// For each change, what it belongs to, and so which operations it affects.
    affected: Vec<Affected>,
}

/// One change; `cargo xtask api-diff --format json` prints a list of them.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// What kind of change, e.g. `enum_value_added`: stable, for tools.
    pub change: &'static str,
    /// What changed, in words, e.g. ``value `sqs` added``.
    pub detail: String,
    /// Where, as a JSON pointer into the new document (the old one for removals).
    pub at: String,
    pub wire_breaking: bool,
    pub rust_breaking: bool,
    /// The item of the generated crate it touches, e.g. `IntegrationType::Sqs`.
    pub rust_item: String,
    /// Why it breaks, for each kind of caller it breaks; empty when it breaks none.
    pub why: String,
}

/// The SemVer bump of the generated crate, from the comparison of its public APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// Nothing public changed (behaviour may have).
    Patch,
    /// Items were added; nothing that compiled stops compiling.
    Minor,
    /// Code written against the old crate may stop compiling or change meaning.
    Major,
}

/// Which changes make `api-diff --fail-on` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Changes that break callers on the wire.
    Wire,
    /// Changes that break Rust code using the generated crate.
    Rust,
    /// Either.
    Breaking,
}

impl Diff {
    /// The changes that `fail_on` counts.
    pub fn failing(&self, fail_on: FailOn) -> usize {
        self.changes
            .iter()
            .filter(|c| match fail_on {
                FailOn::Wire => c.wire_breaking,
                FailOn::Rust => c.rust_breaking,
                FailOn::Breaking => c.wire_breaking || c.rust_breaking,
            })
            .count()
    }

    /// Why `--fail-on` fails, `2 wire-breaking changes (--fail-on wire)`, or `None` when no
    /// change breaks what it names.
    pub fn failure(&self, fail_on: FailOn) -> Option<String> {
        let failing = self.failing(fail_on);
        let (kind, value) = match fail_on {
            FailOn::Wire => ("wire-breaking", "wire"),
            FailOn::Rust => ("Rust-breaking", "rust"),
            FailOn::Breaking => ("breaking", "breaking"),
        };
        let s = if failing == 1 { "" } else { "s" };
        (failing > 0).then(|| format!("{failing} {kind} change{s} (--fail-on {value})"))
    }
}

impl std::fmt::Display for Semver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        })
    }
}

/// Every change from `old` to `new`, each judged for the wire and for Rust.
pub fn diff(old: &Document, new: &Document) -> Diff {
    let mut cx = Cx::new(old, new);
    cx.api(&old.api, &new.api);
    cx.security_schemes(&old.api, &new.api);
    cx.operations(&old.api, &new.api);
    cx.types();
    cx.uncompiled();
    cx.finish()
}

/// Collects changes; one method per level of the model.
struct Cx<'a> {
    old: &'a Document,
    new: &'a Document,
    old_defs: BTreeMap<&'a str, &'a TypeDef>,
    new_defs: BTreeMap<&'a str, &'a TypeDef>,
    /// How the old document uses each type: only what callers of the old document did can
    /// break, so a type that starts being sent or received by a new operation breaks no one.
    usage: BTreeMap<String, Usage>,
    /// The operations (`operationId`) that reach each type, in either document.
    reach: BTreeMap<String, BTreeSet<String>>,
    pending: Vec<Pending>,
    /// The public paths of the clients whose methods are the operations, in either crate.
    clients: Vec<String>,
    /// Where either document spells each type: see [`Cx::uses`].
    uses: BTreeMap<String, Vec<Touch>>,
    /// What the changes being found belong to.
    owner: Owner,
    /// Verdicts of pairs of differently named types, compared once each. A pair being
    /// compared counts as equal, so cycles end.
    judged: BTreeMap<(String, String, bool, bool), Verdict>,
}

/// What two differently named types at one place come to on the wire.
#[derive(Clone, Default)]
struct Verdict {
    /// The first way the new type breaks callers of the old one, if any.
    breaks: Option<String>,
    /// Nothing differs at all: the same JSON under other names.
    same: bool,
}

/// A change found, before the comparison of the generated APIs says whether it breaks Rust.
struct Pending {
    change: &'static str,
    at: String,
    rust_item: String,
    detail: String,
    wire: Option<String>,
    /// Why it breaks Rust code, if the generated API breaks where it touches.
    rust: Option<String>,
    /// Why code that still compiles now fails where it worked: Rust-breaking with no change to
    /// the generated API's signatures.
    fails: Option<String>,
    touches: Vec<Touch>,
    owner: Owner,
    /// Only Rust names or the Rust layout change: the JSON is the same.
    same_json: bool,
}

/// A part of the generated API a change may break.
#[derive(Debug, Clone)]
enum Touch {
    Key(Key),
    /// An item with all its parts.
    Item(String),
}

/// What a change belongs to, with the operations it affects (by `operationId`).
#[derive(Debug, Clone)]
enum Affected {
    Api,
    Operation(String),
    /// A type, and the operations that reach it in either document.
    Type(BTreeSet<String>),
}

/// What a change belongs to, for the operations it affects.
#[derive(Debug, Clone, PartialEq)]
enum Owner {
    Api,
    Operation(String),
    Type(String),
}

/// A value whose shape is compared: where it is, what it is called, which way it travels.
#[derive(Clone)]
struct Place {
    at: String,
    rust_item: String,
    /// In words: ``property `name` ``, ``parameter `applicationId` (path)``, `request body`.
    what: String,
    usage: Usage,
    /// The change kind reported when its type changes, e.g. `field_retyped`.
    retyped: &'static str,
    /// The parts of the generated API that spell its type.
    touches: Vec<Touch>,
}

impl Place {
    fn items(&self) -> Place {
        Place {
            at: pointer(&self.at, "items"),
            what: format!("items of {}", self.what),
            ..self.clone()
        }
    }

    fn values(&self) -> Place {
        Place {
            at: pointer(&self.at, "additionalProperties"),
            what: format!("values of {}", self.what),
            ..self.clone()
        }
    }
}

/// How a constraint moved: which values it accepts now, compared with before.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// It accepts fewer values.
    Tightened,
    /// It accepts more values.
    Loosened,
    /// Neither set is known to contain the other.
    Changed,
}

impl Pending {
    fn wire(&mut self, reason: Option<String>) -> &mut Pending {
        self.wire = reason;
        self
    }

    fn rust(&mut self, reason: impl Into<String>) -> &mut Pending {
        self.rust = Some(reason.into());
        self
    }

    /// Rust-breaking although every signature stays: code that compiled now fails at run time.
    fn fails(&mut self, reason: impl Into<String>) -> &mut Pending {
        self.fails = Some(reason.into());
        self
    }

    fn touches(&mut self, touches: Vec<Touch>) -> &mut Pending {
        self.touches.extend(touches);
        self
    }

    /// Marks a change of Rust names or layout only: the JSON stays the same.
    fn same_json(&mut self) -> &mut Pending {
        self.same_json = true;
        self
    }
}

impl<'a> Cx<'a> {
    fn new(old: &'a Document, new: &'a Document) -> Cx<'a> {
        let defs = |api: &'a Api| api.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
        let mut reached = reach(&old.api);
        for (name, operations) in reach(&new.api) {
            reached.entry(name).or_default().extend(operations);
        }
        let mut clients = old.surface.items_named("Client");
        clients.extend(new.surface.items_named("Client"));
        clients.sort();
        clients.dedup();
        let mut cx = Cx {
            old,
            new,
            clients,
            uses: BTreeMap::new(),
            old_defs: defs(&old.api),
            new_defs: defs(&new.api),
            usage: old.api.usage(),
            reach: reached,
            pending: Vec::new(),
            owner: Owner::Api,
            judged: BTreeMap::new(),
        };
        cx.uses = cx.uses();
        cx
    }

    /// Records a change; its wire and Rust reasons and what it touches are set on the result.
    fn push(
        &mut self,
        change: &'static str,
        at: &str,
        rust_item: impl Into<String>,
        detail: impl Into<String>,
    ) -> &mut Pending {
        self.pending.push(Pending {
            change,
            at: at.to_string(),
            rust_item: rust_item.into(),
            detail: detail.into(),
            wire: None,
            rust: None,
            fails: None,
            touches: Vec::new(),
            owner: self.owner.clone(),
            same_json: false,
        });
        self.pending.last_mut().expect("just pushed")
    }

    fn type_usage(&self, name: &str) -> Usage {
        self.usage.get(name).copied().unwrap_or_default()
    }

    /// The parts of each client's methods for an operation (in either document) that `part`
    /// picks, e.g. `|m| Part::Arg(m, "limit")`.
    fn method_touches(&self, ops: &[&Operation], part: impl Fn(String) -> Part) -> Vec<Touch> {
        let mut methods: Vec<String> = ops.iter().flat_map(|op| emit::method_names(op)).collect();
        methods.sort();
        methods.dedup();
        // The calls, when the change is to the methods themselves, or the operation keeps
        // its name: a change inside a renamed operation does not explain its calls' rename.
        let whole = matches!(part(String::new()), Part::Fn(_));
        let same = ops.windows(2).all(|pair| pair[0].rust_name == pair[1].rust_name);
        let mut touches = self.touches_of(&methods, part);
        if whole || same {
            touches.extend(ops.iter().flat_map(|op| call_touches(op)));
        }
        touches
    }

    /// Like [`Cx::method_touches`], for the methods both documents give an operation: a
    /// change inside an operation does not explain a method that came or went with a rename.
    fn common_method_touches(
        &self,
        old: &Operation,
        new: &Operation,
        part: impl Fn(String) -> Part,
    ) -> Vec<Touch> {
        let new_methods = emit::method_names(new);
        let methods: Vec<String> =
            emit::method_names(old).into_iter().filter(|m| new_methods.contains(m)).collect();
        let mut touches = self.touches_of(&methods, part);
        if old.rust_name == new.rust_name {
            touches.extend(call_touches(new));
        }
        touches
    }

    fn touches_of(&self, methods: &[String], part: impl Fn(String) -> Part) -> Vec<Touch> {
        let mut touches = Vec::new();
        for client in &self.clients {
            for method in methods {
                touches.push(Touch::Key(Key::new(client, part(method.clone()))));
            }
        }
        touches
    }

    /// Judges each change for Rust by the comparison of the two generated APIs, and adds the
    /// breaks that no change explains.
    fn finish(self) -> Diff {
        let delta = surface::compare(&self.old.surface, &self.new.surface);
        let mut used = vec![false; delta.breaks.len()];
        let mut changes = Vec::new();
        let mut affected = Vec::new();
        for pending in &self.pending {
            let mut whats: Vec<&str> = Vec::new();
            for (i, b) in delta.breaks.iter().enumerate() {
                let touched = pending.touches.iter().any(|t| match t {
                    Touch::Key(key) => *key == b.key,
                    Touch::Item(item) => *item == b.key.item,
                });
                if touched {
                    used[i] = true;
                    if !whats.contains(&b.what.as_str()) {
                        whats.push(&b.what);
                    }
                }
            }
            let rust = match (&pending.rust, whats.is_empty()) {
                (_, true) => None,
                (Some(reason), false) => Some(reason.clone()),
                (None, false) => Some(whats.join("; ")),
            }
            .or_else(|| pending.fails.clone());
            changes.push(change(pending, pending.wire.clone(), rust));
            affected.push(self.affected(&pending.owner));
        }
        for (b, _) in delta.breaks.iter().zip(&used).filter(|(_, used)| !**used) {
            let owner = self.owner_of(&b.key);
            let pending = Pending {
                change: "rust_api_changed",
                at: self.at_of(&owner),
                rust_item: b.key.to_string(),
                detail: b.what.clone(),
                wire: None,
                rust: None,
                fails: None,
                touches: Vec::new(),
                owner: owner.clone(),
                same_json: true,
            };
            changes.push(change(&pending, None, Some(b.what.clone())));
            affected.push(self.affected(&owner));
        }
        let semver = if !delta.breaks.is_empty() || changes.iter().any(|c| c.rust_breaking) {
            Semver::Major
        } else if delta.additions > 0 {
            Semver::Minor
        } else {
            Semver::Patch
        };
        Diff { changes, semver, affected }
    }

    /// The operations a change of `owner` affects.
    fn affected(&self, owner: &Owner) -> Affected {
        match owner {
            Owner::Api => Affected::Api,
            Owner::Operation(id) => Affected::Operation(id.clone()),
            Owner::Type(name) => Affected::Type(self.reach.get(name).cloned().unwrap_or_default()),
        }
    }

    /// What a part of the generated API belongs to: a type, or the operation a method is for.
    fn owner_of(&self, key: &Key) -> Owner {
        if let Some(name) = key.item.strip_prefix("types::") {
            return Owner::Type(name.to_string());
        }
        let call = key.item.strip_prefix("calls::").or_else(|| key.item.strip_prefix("blocking::"));
        let apis = [&self.new.api, &self.old.api];
        let call_of = call.and_then(|call| {
            apis.iter()
                .flat_map(|api| &api.operations)
                .find(|op| crate::names::call_name(&op.rust_name) == call)
        });
        if let Some(op) = call_of {
            return Owner::Operation(op.operation_id.clone());
        }
        let method = match &key.part {
            Part::Fn(m) | Part::Arg(m, _) | Part::Ret(m) => m,
            _ => return Owner::Api,
        };
        let apis = [&self.new.api, &self.old.api];
        apis.iter()
            .flat_map(|api| &api.operations)
            .find(|op| emit::method_names(op).contains(method))
            .map_or(Owner::Api, |op| Owner::Operation(op.operation_id.clone()))
    }

    /// The pointer of what `owner` names, in the new document or else the old one.
    fn at_of(&self, owner: &Owner) -> String {
        let apis = [&self.new.api, &self.old.api];
        let found = match owner {
            Owner::Api => None,
            Owner::Type(name) => apis
                .iter()
                .flat_map(|api| &api.types)
                .find(|d| d.rust_name == *name)
                .map(|d| d.at.clone()),
            Owner::Operation(id) => apis
                .iter()
                .flat_map(|api| &api.operations)
                .find(|op| op.operation_id == *id)
                .map(operations::operation_at),
        };
        found.unwrap_or_else(|| "#".to_string())
    }
}

/// The operations (by `operationId`) that reach each type of `api`: through their
/// parameters, bodies and responses, and the types on the way.
fn reach(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let mut reach: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        let mut stack: Vec<&str> = op.shapes().filter_map(Shape::named).collect();
        stack.extend([&op.ok, &op.err].into_iter().filter_map(|returned| match returned {
            Returned::Enum(name) => Some(name.as_str()),
            Returned::One(_) => None,
        }));
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            reach.entry(name.to_string()).or_default().insert(op.operation_id.clone());
            if let Some(def) = api.type_def(name) {
                stack.extend(def.kind.shapes().filter_map(Shape::named));
            }
        }
    }
    reach
}

fn change(pending: &Pending, wire: Option<String>, rust: Option<String>) -> Change {
    let mut why = Vec::new();
    if let Some(reason) = &wire {
        why.push(format!("Wire: {reason}."));
    }
    if let Some(reason) = &rust {
        why.push(format!("Rust: {reason}."));
    }
    Change {
        change: pending.change,
        detail: pending.detail.clone(),
        at: pending.at.clone(),
        wire_breaking: wire.is_some(),
        rust_breaking: rust.is_some(),
        rust_item: pending.rust_item.clone(),
        why: why.join(" "),
    }
}

/// The calls of an operation, on each client, with all their parts: what a change to the
/// operation's parameters or responses may change in them (setters, `send`, `items`).
fn call_touches(op: &Operation) -> [Touch; 2] {
    let call = crate::names::call_name(&op.rust_name);
    [Touch::Item(format!("calls::{call}")), Touch::Item(format!("blocking::{call}"))]
}

/// What a change to a type touches: the type and all its parts.
fn type_touch(name: &str) -> Touch {
    Touch::Item(format!("types::{name}"))
}

/// What a change to a field touches: the field, its argument of the constructor, the
/// constructor itself and `Default` (which need the fields that are required).
fn field_touches(type_name: &str, field: &str) -> Vec<Touch> {
    let item = format!("types::{type_name}");
    let field = rust_ident(field);
    vec![
        Touch::Key(Key::new(&item, Part::Member(field.clone()))),
        Touch::Key(Key::new(&item, Part::Arg("new".into(), field))),
        Touch::Key(Key::new(&item, Part::Fn("new".into()))),
        Touch::Key(Key::new(&item, Part::Impl("Default".into()))),
    ]
}

//! `cargo xtask api-diff`: what a change to the spec does to its users, for review.
//!
//! Both documents go through [`generator::model()`], so the comparison sees what the generator
//! sees: names, types, constraints and operations after `$ref`s are resolved, keyed by name
//! (types by Rust name, properties by API name, operations by method and path, else by
//! `operationId`, parameters by location and name, enum values by value). Reordering keys in
//! the YAML is therefore no change, except where order reaches the generated Rust: the
//! arguments of an operation's method, the arguments of a struct's `new`, and the order of an
//! enum's variants (which its derived `Ord` follows).
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
//! - **Rust**: would code using the generated crate stop compiling, or silently do something
//!   else, after regeneration?
//!
//! Where a change breaks depends on the direction its type travels in the old document:
//! *sent* (reachable from a parameter or request body), *received* (reachable from a
//! response), both, or neither (a type no operation uses, which breaks nothing on the wire).
//! Only what callers of the old document did can break, so a type that starts being sent or
//! received through a new operation is judged as it was used before.
//!
//! | Change | Wire-breaking when | Rust-breaking when |
//! |---|---|---|
//! | operation added | never | never (new methods) |
//! | operation removed | always | always |
//! | operation moved (method or path; same `operationId`) | always | never |
//! | operation's Rust name changed (`operationId`) | never | always |
//! | operation (un)deprecated | never | never (a warning; an error only where warnings are denied) |
//! | parameter added | it is required | always (a new positional argument) |
//! | parameter removed | always | always |
//! | parameter made required / optional | required | always (`Option<T>` ↔ `T`) |
//! | arguments of a method reordered | never | always (same-typed arguments swap silently) |
//! | request body added | it is required | always (a new argument) |
//! | request body removed | always | always |
//! | request body made required / optional | required | always |
//! | response status added | a success status | always (the status moves between `Ok`, `Error::Api` and `Error::UnexpectedStatus`) |
//! | response status removed | never | always (likewise) |
//! | response body added / removed | removed | always (the decoded type changes) |
//! | value retyped (parameter, body, response, property, alias, newtype) | sent and some old value is not valid under the new type; received and some new value was not valid under the old type | the Rust type differs (an integer that only changes width is a Rust change; its bounds are compared as constraints) |
//! | type added | never | never |
//! | type removed | never (its uses are reported) | always |
//! | type changes kind (struct, enum, newtype, alias) | used, unless only alias ↔ newtype | always |
//! | property added, required | sent | always |
//! | property added, optional | received and the old object was closed (`additionalProperties: false`) | always (see below) |
//! | property removed | sent, or received and it was required | always |
//! | property made required | sent | always (`Option<T>` → `T`) |
//! | property made optional | received | always (`T` → `Option<T>`) |
//! | property made nullable | received | always (another `Option` layer) |
//! | property made non-nullable | sent | always |
//! | property's Rust name changed, boxed or unboxed | never | always |
//! | required properties reordered | never | always (`new` takes them in order) |
//! | map of unnamed properties (`extra`) added / removed | never | always |
//! | enum value added | received | always (see below) |
//! | enum value removed | sent | always (the variant is gone) |
//! | enum values reordered, variant renamed | never | always |
//! | constraint tightened (pattern, length, bounds, items, `additionalProperties: false`) | sent | the client checks it: the value is sent, or the type is a newtype (calls, `validate()` and constructors refuse values they accepted) |
//! | constraint loosened | received | never |
//! | pattern replaced by another (no subset is worked out) | used | the client checks it |
//! | scope added (`x-required-scopes`) | the operation listed none before | never |
//! | scope removed | scopes remain (tokens holding only that one are refused) | none remain (`scopes::NAME` disappears) |
//! | server (`servers[0]`) changed | always | always (`Client::new()` talks to the new URL) |
//! | server added / removed | never | removed (`Client::new()` loses its default base URL) |
//! | bearer authentication added / removed | added | always (`Client::new` gains or loses the token argument) |
//!
//! Two rules in the Rust column deserve their reasons:
//!
//! - *Any property added is Rust-breaking.* Generated structs have public fields and are not
//!   `#[non_exhaustive]`, so a struct literal that names every field, or a pattern without
//!   `..`, stops compiling (Cargo's SemVer rules call this a major change). Code that builds
//!   structs with `..Default::default()` or `Type::new(..)` keeps compiling; the report says so
//!   in its reason, but the flag stays on because no tool can see which style callers use.
//!   In a received struct the property also moves out of the `extra` map.
//! - *Any enum value added is Rust-breaking*, even though the catch-all variant means nothing
//!   fails to decode: a `match` without `_` stops compiling, and a value that used to arrive
//!   as `Unknown("sqs")` now arrives as `Sqs`, so code that matched the string changes
//!   behaviour without a compile error. The same reasoning makes a new response status
//!   Rust-breaking: it used to arrive as `Error::UnexpectedStatus`.
//!
//! Pointers (`at`) name the item in the new document, or in the old one for what was removed.
//! A constraint's pointer is the schema that holds it (the detail names the keyword). The
//! model has no location for parameters, so a parameter's pointer is its operation's.
//! Named types are compared by name: a property that moves from an inline schema to an
//! equivalent `$ref` is reported as retyped, which errs on the side of reporting.

use generator::model::{
    Api, Checks, Field, IntKind, Number, Operation, Param, ParamIn, Shape, StringEnum, Struct, Ty,
    TypeDef, TypeKind, Union,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub(crate) struct Options {
    /// `PATH` or `REV:PATH`; `None`: the spec at the merge base of `HEAD` and `main`.
    pub(crate) base: Option<String>,
    /// `PATH` or `REV:PATH`; `None`: the spec in the working tree.
    pub(crate) head: Option<String>,
    pub(crate) format: Format,
    pub(crate) fail_on_breaking: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Json,
}

/// One change, as `--format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Change {
    /// What kind of change, e.g. `enum_value_added`: stable, for tools.
    pub(crate) change: &'static str,
    /// What changed, in words, e.g. ``value `sqs` added``.
    pub(crate) detail: String,
    /// Where, as a JSON pointer into the new document (the old one for removals).
    pub(crate) at: String,
    pub(crate) wire_breaking: bool,
    pub(crate) rust_breaking: bool,
    /// The item of the generated crate it touches, e.g. `IntegrationType::Sqs`.
    pub(crate) rust_item: String,
    /// Why it breaks, for each kind of caller it breaks; empty when it breaks none.
    pub(crate) why: String,
}

const DEFAULT_SPEC: &str = "spec/integration.yaml";
const MAIN: &str = "main";

pub(crate) fn run(options: Options) -> Result<ExitCode, String> {
    let root = workspace_root();
    let base = match &options.base {
        Some(arg) => Source::parse(arg),
        None => default_base(&root)?,
    };
    let head = match &options.head {
        Some(arg) => Source::parse(arg),
        None => Source::File { path: root.join(DEFAULT_SPEC), label: DEFAULT_SPEC.to_string() },
    };
    let old = load(&base)?;
    let new = load(&head)?;
    let changes = diff(&old, &new);
    match options.format {
        Format::Markdown => print!("{}", markdown(&changes, base.label(), head.label())),
        Format::Json => {
            let json = serde_json::to_string_pretty(&changes)
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            println!("{json}");
        }
    }
    let breaking = changes.iter().filter(|c| c.wire_breaking || c.rust_breaking).count();
    if options.fail_on_breaking && breaking > 0 {
        eprintln!(
            "{breaking} breaking change{} (--fail-on breaking)",
            if breaking == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Every change from `old` to `new`: API-wide first, then operations in the new document's
/// order (removed ones after), then types by Rust name.
pub(crate) fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Cx { changes: Vec::new(), usage: usage(old) };
    cx.api(old, new);
    cx.operations(old, new);
    cx.types(old, new);
    cx.changes
}

/// The report for a pull request: breaking changes first, each with its reason. Changes of
/// one kind at one place with one reason (values added to one enum) share a line.
pub(crate) fn markdown(changes: &[Change], base: &str, head: &str) -> String {
    let mut out = format!("### API changes: `{base}` → `{head}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let (breaking, other): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.wire_breaking || c.rust_breaking);
    let wire = breaking.iter().filter(|c| c.wire_breaking).count();
    let rust = breaking.iter().filter(|c| c.rust_breaking).count();
    out.push_str(&format!(
        "{} change{}, {} breaking ({wire} for callers on the wire, {rust} for Rust code using the crate).\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        breaking.len()
    ));
    for (title, list) in [("Breaking", &breaking), ("Not breaking", &other)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n#### {title} ({})\n\n", list.len()));
        for group in list.chunk_by(|a, b| {
            (a.change, &a.at, a.wire_breaking, a.rust_breaking, &a.why)
                == (b.change, &b.at, b.wire_breaking, b.rust_breaking, &b.why)
        }) {
            let first = group[0];
            let who = match (first.wire_breaking, first.rust_breaking) {
                (true, true) => "**wire + Rust** ",
                (true, false) => "**wire** ",
                (false, true) => "**Rust** ",
                (false, false) => "",
            };
            let items: Vec<String> = group.iter().map(|c| format!("`{}`", c.rust_item)).collect();
            let details: Vec<&str> = group.iter().map(|c| c.detail.as_str()).collect();
            let why = if first.why.is_empty() { String::new() } else { format!(" {}", first.why) };
            out.push_str(&format!("- {who}{}: {}.{why}\n", items.join(", "), details.join("; ")));
        }
    }
    out
}

/// Where a document comes from: a file, or a path at a git revision.
enum Source {
    File {
        path: PathBuf,
        label: String,
    },
    Git {
        /// The directory git runs in; `None`: the current one.
        dir: Option<PathBuf>,
        rev: String,
        path: String,
        label: String,
    },
}

impl Source {
    /// `REV:PATH` when there is a `:` and no file of that name; otherwise a file path.
    fn parse(arg: &str) -> Source {
        if !Path::new(arg).exists()
            && let Some((rev, path)) = arg.split_once(':')
            && !rev.is_empty()
            && !path.is_empty()
        {
            return Source::Git {
                dir: None,
                rev: rev.to_string(),
                path: path.to_string(),
                label: arg.to_string(),
            };
        }
        Source::File { path: PathBuf::from(arg), label: arg.to_string() }
    }

    fn label(&self) -> &str {
        match self {
            Source::File { label, .. } | Source::Git { label, .. } => label,
        }
    }

    fn read(&self) -> Result<String, String> {
        match self {
            Source::File { path, label } => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the spec {label}: {e}")),
            Source::Git { dir, rev, path, label } => {
                git(dir.as_deref(), &["show", &format!("{rev}:{path}")])
                    .map_err(|e| format!("cannot read the spec {label} from git: {e}"))
            }
        }
    }
}

fn default_base(root: &Path) -> Result<Source, String> {
    let base = git(Some(root), &["merge-base", "HEAD", MAIN]).map_err(|e| {
        format!("cannot find the merge base of HEAD and {MAIN} ({e}); name the old spec with --base REV:PATH or --base PATH")
    })?;
    let rev = base.trim().to_string();
    let short = rev.get(..10).unwrap_or(&rev).to_string();
    Ok(Source::Git {
        dir: Some(root.to_path_buf()),
        label: format!("{short}:{DEFAULT_SPEC}"),
        rev,
        path: DEFAULT_SPEC.to_string(),
    })
}

fn load(source: &Source) -> Result<Api, String> {
    let text = source.read()?;
    generator::model(&text, &generator::Config::default())
        .map_err(|e| format!("{}: {e}", source.label()))
}

/// Runs git and gives its standard output, or its standard error as the reason it failed.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(message.trim().to_string());
    }
    String::from_utf8(output.stdout).map_err(|_| "the file is not UTF-8".to_string())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// Which way values of a type travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Usage {
    /// Reachable from a parameter or a request body: callers send it.
    sent: bool,
    /// Reachable from a response body: callers receive it.
    received: bool,
}

impl Usage {
    const SENT: Usage = Usage { sent: true, received: false };
    const RECEIVED: Usage = Usage { sent: false, received: true };

    fn union(self, other: Usage) -> Usage {
        Usage { sent: self.sent || other.sent, received: self.received || other.received }
    }

    fn used(self) -> bool {
        self.sent || self.received
    }
}

/// The usage of every named type, found by following shapes from the operations.
fn usage(api: &Api) -> BTreeMap<String, Usage> {
    let defs: BTreeMap<&str, &TypeDef> =
        api.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
    let mut result: BTreeMap<String, Usage> = BTreeMap::new();
    let mut stack: Vec<(String, Usage)> = Vec::new();
    for op in &api.operations {
        for p in &op.params {
            named(&p.shape.ty, Usage::SENT, &mut stack);
        }
        if let Some(shape) = op.body.as_ref().and_then(|b| b.shape()) {
            named(&shape.ty, Usage::SENT, &mut stack);
        }
        for outcome in op.success.iter().chain(&op.errors) {
            if let Some(shape) = outcome.payload.shape() {
                named(&shape.ty, Usage::RECEIVED, &mut stack);
            }
        }
    }
    while let Some((name, how)) = stack.pop() {
        let entry = result.entry(name.clone()).or_default();
        let merged = entry.union(how);
        if merged == *entry {
            continue;
        }
        *entry = merged;
        match defs.get(name.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                for f in &s.fields {
                    named(&f.shape.ty, how, &mut stack);
                }
            }
            Some(TypeKind::Alias(shape) | TypeKind::Newtype(shape)) => {
                named(&shape.ty, how, &mut stack)
            }
            Some(TypeKind::Union(u)) => {
                for v in &u.variants {
                    named(&v.shape.ty, how, &mut stack);
                }
            }
            _ => {}
        }
    }
    result
}

fn named(ty: &Ty, how: Usage, out: &mut Vec<(String, Usage)>) {
    match ty {
        Ty::Named { name, .. } => out.push((name.clone(), how)),
        Ty::Array(item) | Ty::Map(item) => named(&item.ty, how, out),
        _ => {}
    }
}

/// Collects changes; one method per level of the model.
struct Cx {
    changes: Vec<Change>,
    /// How the old document uses each type: only what callers of the old document did can
    /// break, so a type that starts being sent or received by a new operation breaks no one.
    usage: BTreeMap<String, Usage>,
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
    /// Whether the generated code checks the value's constraints: before sending it, or in
    /// a newtype's constructor. Tightening them breaks Rust code only then.
    checked: bool,
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
    /// Neither set contains the other (a pattern replaced by another).
    Changed,
}

impl Cx {
    fn push(
        &mut self,
        change: &'static str,
        at: &str,
        rust_item: impl Into<String>,
        detail: impl Into<String>,
        wire: Option<String>,
        rust: Option<String>,
    ) {
        let mut why = Vec::new();
        if let Some(reason) = &wire {
            why.push(format!("Wire: {reason}."));
        }
        if let Some(reason) = &rust {
            why.push(format!("Rust: {reason}."));
        }
        self.changes.push(Change {
            change,
            detail: detail.into(),
            at: at.to_string(),
            wire_breaking: wire.is_some(),
            rust_breaking: rust.is_some(),
            rust_item: rust_item.into(),
            why: why.join(" "),
        });
    }

    fn type_usage(&self, name: &str) -> Usage {
        self.usage.get(name).copied().unwrap_or_default()
    }

    fn api(&mut self, old: &Api, new: &Api) {
        let at = "#/servers/0";
        match (&old.base_url, &new.base_url) {
            (Some(o), Some(n)) if o != n => self.push(
                "server_changed",
                at,
                "Client::new",
                format!("server `{o}` → `{n}`"),
                Some("callers set up with the old URL may no longer reach the API".into()),
                Some("`Client::new()` sends requests, and the token, to the new URL".into()),
            ),
            (None, Some(n)) => self.push(
                "server_added",
                at,
                "Client::new",
                format!("server `{n}` added"),
                None,
                None,
            ),
            (Some(o), None) => self.push(
                "server_removed",
                "#/servers",
                "Client::new",
                format!("server `{o}` removed"),
                None,
                Some("`Client::new()` has no default base URL; the builder must set one".into()),
            ),
            _ => {}
        }
        let at = "#/components/securitySchemes";
        match (old.bearer, new.bearer) {
            (false, true) => self.push(
                "bearer_added",
                at,
                "Client::new",
                "bearer authentication added",
                Some("callers that send no token are refused".into()),
                Some("`Client::new` takes a token".into()),
            ),
            (true, false) => self.push(
                "bearer_removed",
                at,
                "Client::new",
                "bearer authentication removed",
                None,
                Some("`Client::new` no longer takes a token".into()),
            ),
            _ => {}
        }
    }

    fn operations(&mut self, old: &Api, new: &Api) {
        let mut matched = vec![false; old.operations.len()];
        let mut pairs: Vec<(Option<usize>, &Operation)> = Vec::new();
        // Method and path first, so that a changed `operationId` is a rename, not a
        // removal and an addition; then `operationId`, so that a moved path is a move.
        for op in &new.operations {
            let found = old
                .operations
                .iter()
                .enumerate()
                .position(|(i, o)| !matched[i] && o.method == op.method && o.path == op.path);
            if let Some(i) = found {
                matched[i] = true;
            }
            pairs.push((found, op));
        }
        for (found, op) in pairs.iter_mut().filter(|(found, _)| found.is_none()) {
            *found = old
                .operations
                .iter()
                .enumerate()
                .position(|(i, o)| !matched[i] && o.operation_id == op.operation_id);
            if let Some(i) = *found {
                matched[i] = true;
            }
        }
        for (found, op) in pairs {
            match found {
                Some(i) => self.operation(&old.operations[i], op),
                None => self.push(
                    "operation_added",
                    &operation_at(op),
                    client_item(op),
                    format!("operation `{}` added ({})", op.operation_id, endpoint(op)),
                    None,
                    None,
                ),
            }
        }
        for (op, _) in old.operations.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.push(
                "operation_removed",
                &operation_at(op),
                client_item(op),
                format!("operation `{}` removed ({})", op.operation_id, endpoint(op)),
                Some(format!("calls to {} fail", endpoint(op))),
                Some(format!("`{}` no longer exists", client_item(op))),
            );
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let at = operation_at(new);
        let item = client_item(new);
        if old.method != new.method || old.path != new.path {
            self.push(
                "operation_moved",
                &at,
                &item,
                format!(
                    "operation `{}` moved from {} to {}",
                    new.operation_id,
                    endpoint(old),
                    endpoint(new)
                ),
                Some(format!("calls to {} fail", endpoint(old))),
                None,
            );
        }
        if old.rust_name != new.rust_name {
            self.push(
                "operation_renamed",
                &at,
                &item,
                format!(
                    "`{}` renamed to `{}` (`operationId` `{}` → `{}`)",
                    client_item(old),
                    item,
                    old.operation_id,
                    new.operation_id
                ),
                None,
                Some(format!("`{}` no longer exists", client_item(old))),
            );
        }
        if old.deprecated != new.deprecated {
            let (change, detail) = if new.deprecated {
                ("operation_deprecated", "deprecated")
            } else {
                ("operation_undeprecated", "no longer deprecated")
            };
            self.push(change, &at, &item, detail, None, None);
        }
        self.params(old, new, &at, &item);
        self.body(old, new, &at, &item);
        self.outcomes(old, new, &item);
        self.scopes(old, new, &at);
    }

    fn params(&mut self, old: &Operation, new: &Operation, at: &str, item: &str) {
        let key = |p: &Param| (location(p.location), p.api_name.clone());
        let olds: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(p), p)).collect();
        let news: BTreeMap<_, &Param> = new.params.iter().map(|p| (key(p), p)).collect();
        for p in &new.params {
            let arg = format!("{item}({})", rust_ident(&p.rust_name));
            let what = format!("parameter `{}` ({})", p.api_name, location(p.location));
            let Some(o) = olds.get(&key(p)) else {
                self.push(
                    "parameter_added",
                    at,
                    arg,
                    format!("{what} added, {}", if p.required { "required" } else { "optional" }),
                    p.required.then(|| "existing callers do not send it and are refused".into()),
                    Some(format!("`{item}` takes a new argument")),
                );
                continue;
            };
            if o.required != p.required {
                let (change, detail, wire, rust) = if p.required {
                    (
                        "parameter_required",
                        format!("{what} made required"),
                        Some("callers that omit it are refused".to_string()),
                        format!(
                            "the argument's type changes from `Option<{0}>` to `{0}`",
                            param_type(&p.shape.ty)
                        ),
                    )
                } else {
                    (
                        "parameter_optional",
                        format!("{what} made optional"),
                        None,
                        format!(
                            "the argument's type changes from `{0}` to `Option<{0}>`",
                            param_type(&p.shape.ty)
                        ),
                    )
                };
                self.push(change, at, &arg, detail, wire, Some(rust));
            }
            let place = Place {
                at: at.to_string(),
                rust_item: arg,
                what,
                usage: Usage::SENT,
                retyped: "parameter_retyped",
                checked: true,
            };
            self.shape(&o.shape, &p.shape, &place);
        }
        for p in &old.params {
            if !news.contains_key(&key(p)) {
                self.push(
                    "parameter_removed",
                    &operation_at(old),
                    format!("{}({})", client_item(old), rust_ident(&p.rust_name)),
                    format!("parameter `{}` ({}) removed", p.api_name, location(p.location)),
                    Some("the server no longer reads what callers send in it".into()),
                    Some(format!("`{item}` loses an argument")),
                );
            }
        }
        let order = |params: &[Param], others: &BTreeMap<_, &Param>| -> Vec<String> {
            params
                .iter()
                .filter(|p| others.contains_key(&key(p)))
                .map(|p| p.api_name.clone())
                .collect()
        };
        let (before, after) = (order(&old.params, &news), order(&new.params, &olds));
        if before != after {
            self.push(
                "arguments_reordered",
                at,
                item,
                format!("arguments reordered: ({}) → ({})", before.join(", "), after.join(", ")),
                None,
                Some(
                    "calls pass arguments by position, so arguments of the same type swap silently"
                        .into(),
                ),
            );
        }
    }

    fn body(&mut self, old: &Operation, new: &Operation, at: &str, item: &str) {
        let body_item = format!("{item}(body)");
        match (&old.body, &new.body) {
            (None, Some(b)) => self.push(
                "request_body_added",
                &pointer(at, "requestBody"),
                body_item,
                format!("request body added, {}", if b.required { "required" } else { "optional" }),
                b.required.then(|| "existing callers send no body and are refused".into()),
                Some(format!("`{item}` takes a `body` argument")),
            ),
            (Some(_), None) => self.push(
                "request_body_removed",
                &pointer(&operation_at(old), "requestBody"),
                body_item,
                "request body removed",
                Some("the server no longer reads the body callers send".into()),
                Some(format!("`{item}` loses its `body` argument")),
            ),
            (Some(o), Some(n)) => {
                let at = pointer(at, "requestBody");
                if o.required != n.required {
                    let ty = n.shape().map_or_else(|| "[u8]".to_string(), |s| rust_type(&s.ty));
                    let (change, detail, wire, rust) = if n.required {
                        (
                            "request_body_required",
                            "request body made required",
                            Some("callers that send no body are refused".to_string()),
                            format!("`body` changes from `Option<&{ty}>` to `&{ty}`"),
                        )
                    } else {
                        (
                            "request_body_optional",
                            "request body made optional",
                            None,
                            format!("`body` changes from `&{ty}` to `Option<&{ty}>`"),
                        )
                    };
                    self.push(change, &at, &body_item, detail, wire, Some(rust));
                }
                let place = Place {
                    at,
                    rust_item: body_item,
                    what: "request body".into(),
                    usage: Usage::SENT,
                    retyped: "request_body_retyped",
                    checked: true,
                };
                match (o.shape(), n.shape()) {
                    (Some(os), Some(ns)) if o.content_type == n.content_type => {
                        self.shape(os, ns, &place)
                    }
                    _ if o.content_type == n.content_type && o.kind == n.kind => {}
                    _ => self.push(
                        "request_body_retyped",
                        &place.at,
                        &place.rust_item,
                        format!(
                            "request body changed from `{}` to `{}`",
                            o.content_type, n.content_type
                        ),
                        Some("the server no longer reads what callers send".into()),
                        Some(format!("`{}` takes a different body", place.rust_item)),
                    ),
                }
            }
            (None, None) => {}
        }
    }

    fn outcomes(&mut self, old: &Operation, new: &Operation, item: &str) {
        let all = |op: &Operation| -> BTreeMap<String, Option<Shape>> {
            op.success
                .iter()
                .chain(&op.errors)
                .map(|o| (o.status.to_string(), o.payload.shape().cloned()))
                .collect()
        };
        let (olds, news) = (all(old), all(new));
        let statuses: BTreeSet<String> = olds.keys().chain(news.keys()).cloned().collect();
        for status in statuses {
            let success = status.starts_with('2');
            let response_at =
                |op: &Operation| pointer(&pointer(&operation_at(op), "responses"), &status);
            let as_what =
                if success { format!("`Ok` of `{item}`") } else { "`Error::Api`".to_string() };
            match (olds.get(&status), news.get(&status)) {
                (None, Some(_)) => self.push(
                    "response_added",
                    &response_at(new),
                    item,
                    format!(
                        "{} response {status} added",
                        if success { "success" } else { "error" }
                    ),
                    success.then(|| {
                        format!("readers of the old document do not expect status {status}")
                    }),
                    Some(format!(
                        "status {status} used to come back as `Error::UnexpectedStatus`, now as {as_what}"
                    )),
                ),
                (Some(_), None) => self.push(
                    "response_removed",
                    &response_at(old),
                    item,
                    format!(
                        "{} response {status} removed",
                        if success { "success" } else { "error" }
                    ),
                    None,
                    Some(format!(
                        "status {status} used to come back as {as_what}, now as `Error::UnexpectedStatus`"
                    )),
                ),
                (Some(Some(o)), Some(Some(n))) => {
                    let place = Place {
                        at: response_at(new),
                        rust_item: item.to_string(),
                        what: format!("response {status}"),
                        usage: Usage::RECEIVED,
                        retyped: "response_retyped",
                        checked: false,
                    };
                    self.shape(o, n, &place);
                }
                (Some(Some(o)), Some(None)) => self.push(
                    "response_body_removed",
                    &response_at(new),
                    item,
                    format!("response {status} no longer has a body"),
                    Some("readers that expect a body get none".into()),
                    Some(format!(
                        "the body of status {status} is no longer decoded as `{}`",
                        rust_type(&o.ty)
                    )),
                ),
                (Some(None), Some(Some(n))) => self.push(
                    "response_body_added",
                    &response_at(new),
                    item,
                    format!("response {status} has a body"),
                    None,
                    Some(format!(
                        "the body of status {status} is now decoded as `{}`",
                        rust_type(&n.ty)
                    )),
                ),
                _ => {}
            }
        }
    }

    fn scopes(&mut self, old: &Operation, new: &Operation, at: &str) {
        let constant = format!("scopes::{}", generator::names::const_name(&new.rust_name));
        let at = pointer(at, "x-required-scopes");
        for scope in new.scopes.iter().filter(|s| !old.scopes.contains(s)) {
            self.push(
                "scope_added",
                &at,
                &constant,
                format!("scope `{scope}` added"),
                old.scopes.is_empty().then(|| {
                    "the operation required no scope before; tokens without this one are refused"
                        .into()
                }),
                None,
            );
        }
        let old_at = pointer(&operation_at(old), "x-required-scopes");
        for scope in old.scopes.iter().filter(|s| !new.scopes.contains(s)) {
            self.push(
                "scope_removed",
                &old_at,
                &constant,
                format!("scope `{scope}` removed"),
                (!new.scopes.is_empty())
                    .then(|| format!("tokens whose only matching scope was `{scope}` are refused")),
                new.scopes.is_empty().then(|| format!("`{constant}` no longer exists")),
            );
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        let olds: BTreeMap<&str, &TypeDef> =
            old.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
        let news: BTreeMap<&str, &TypeDef> =
            new.types.iter().map(|d| (d.rust_name.as_str(), d)).collect();
        let names: BTreeSet<&str> = olds.keys().chain(news.keys()).copied().collect();
        for name in names {
            match (olds.get(name), news.get(name)) {
                (None, Some(n)) => self.push(
                    "type_added",
                    &n.at,
                    name,
                    format!("{} `{name}` added", kind_name(&n.kind)),
                    None,
                    None,
                ),
                (Some(o), None) => self.push(
                    "type_removed",
                    &o.at,
                    name,
                    format!("{} `{name}` removed", kind_name(&o.kind)),
                    None,
                    Some(format!("`{name}` no longer exists")),
                ),
                (Some(o), Some(n)) => self.type_def(o, n),
                (None, None) => {}
            }
        }
    }

    /// The alternatives of a `oneOf`/`anyOf`: one added is a value old readers do not know and a
    /// new variant for `match`; one removed breaks both; a common one compares by shape.
    fn union(&mut self, old: &Union, new: &Union, place: &Place) {
        for v in &new.variants {
            let item = format!("{}::{}", place.rust_item, v.rust_name);
            match old.variants.iter().find(|o| o.rust_name == v.rust_name) {
                Some(o) => {
                    let inner = Place { rust_item: item, ..place.clone() };
                    self.shape(&o.shape, &v.shape, &inner);
                }
                None => self.push(
                    "union_variant_added",
                    &place.at,
                    &item,
                    format!("alternative `{}` added to {}", v.rust_name, place.what),
                    place
                        .usage
                        .received
                        .then(|| "readers of the old document do not expect it".into()),
                    Some(format!("a `match` on `{}` without `_` stops compiling", place.rust_item)),
                ),
            }
        }
        for o in
            old.variants.iter().filter(|o| !new.variants.iter().any(|v| v.rust_name == o.rust_name))
        {
            self.push(
                "union_variant_removed",
                &place.at,
                format!("{}::{}", place.rust_item, o.rust_name),
                format!("alternative `{}` removed from {}", o.rust_name, place.what),
                place.usage.sent.then(|| "values of it that callers send are refused".into()),
                Some(format!("`{}::{}` no longer exists", place.rust_item, o.rust_name)),
            );
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let name = new.rust_name.as_str();
        let usage = self.type_usage(name);
        let place = Place {
            at: new.at.clone(),
            rust_item: name.to_string(),
            what: format!("type `{name}`"),
            usage,
            retyped: "type_retyped",
            checked: usage.sent || matches!(new.kind, TypeKind::Newtype(_)),
        };
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => self.structure(old, new, o, n, usage),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.string_enum(old, new, o, n, usage),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.union(o, n, &place),
            // The statuses behind them are compared with their operation.
            (TypeKind::Responses(_), TypeKind::Responses(_)) => {}
            (TypeKind::Alias(o), TypeKind::Alias(n))
            | (TypeKind::Newtype(o), TypeKind::Newtype(n)) => self.shape(o, n, &place),
            (
                TypeKind::Alias(o) | TypeKind::Newtype(o),
                TypeKind::Alias(n) | TypeKind::Newtype(n),
            ) => {
                self.push(
                    "type_kind_changed",
                    &new.at,
                    name,
                    format!(
                        "`{name}` changed from {} to {}",
                        kind_name(&old.kind),
                        kind_name(&new.kind)
                    ),
                    None,
                    Some(format!(
                        "`{}` becomes `{}`",
                        declaration(name, &old.kind),
                        declaration(name, &new.kind)
                    )),
                );
                self.shape(o, n, &place);
            }
            _ => self.push(
                "type_kind_changed",
                &new.at,
                name,
                format!(
                    "`{name}` changed from {} to {}",
                    kind_name(&old.kind),
                    kind_name(&new.kind)
                ),
                usage.used().then(|| "its values have a different JSON shape".into()),
                Some(format!("`{name}` is now `{}`", declaration(name, &new.kind))),
            ),
        }
    }

    fn structure(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &Struct,
        new: &Struct,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let olds: BTreeMap<&str, &Field> =
            old.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let news: BTreeMap<&str, &Field> =
            new.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
        let properties = pointer(&new_def.at, "properties");
        let builds = if new.fields.iter().all(|f| !f.required) {
            "struct literals without `..Default::default()` and patterns without `..` stop compiling"
                .to_string()
        } else {
            format!(
                "struct literals and patterns without `..` stop compiling (`{name}::new` keeps compiling)"
            )
        };
        for f in &new.fields {
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let at = pointer(&properties, &f.api_name);
            let what = format!("property `{}`", f.api_name);
            let Some(o) = olds.get(f.api_name.as_str()) else {
                let mut rust = if f.required {
                    format!(
                        "a new field; `{name}::new` takes it, and struct literals stop compiling"
                    )
                } else {
                    format!("a new field: {builds}")
                };
                if old.extra.is_some() && usage.received {
                    rust.push_str(&format!(
                        "; a received `{}` used to be kept in `{name}::{}`",
                        f.api_name,
                        old.extra.as_deref().unwrap_or("extra")
                    ));
                }
                let wire = if f.required {
                    usage
                        .sent
                        .then(|| "existing callers do not send it and are refused".to_string())
                } else {
                    (usage.received && old.closed).then(|| {
                        format!("the old document closed `{name}` (`additionalProperties: false`), so readers do not expect it")
                    })
                };
                self.push(
                    "field_added",
                    &at,
                    item,
                    format!(
                        "{what} added, {}{}",
                        if f.required { "required" } else { "optional" },
                        shape_note(&f.shape)
                    ),
                    wire,
                    Some(rust),
                );
                continue;
            };
            self.field(o, f, &item, &at, &what, usage);
        }
        let old_properties = pointer(&old_def.at, "properties");
        for f in &old.fields {
            if news.contains_key(f.api_name.as_str()) {
                continue;
            }
            let item = format!("{name}::{}", rust_ident(&f.rust_name));
            let wire = if usage.sent {
                Some("the server no longer accepts or reads it from callers".to_string())
            } else if usage.received && f.required {
                Some("readers relied on it, since it was required".to_string())
            } else {
                None
            };
            self.push(
                "field_removed",
                &pointer(&old_properties, &f.api_name),
                &item,
                format!("property `{}` removed", f.api_name),
                wire,
                Some(format!("`{item}` no longer exists")),
            );
        }

        let required = |fields: &[Field], others: &BTreeMap<&str, &Field>| -> Vec<String> {
            fields
                .iter()
                .filter(|f| {
                    f.required && others.get(f.api_name.as_str()).is_some_and(|o| o.required)
                })
                .map(|f| f.api_name.clone())
                .collect()
        };
        let (before, after) = (required(&old.fields, &news), required(&new.fields, &olds));
        if before != after {
            self.push(
                "constructor_reordered",
                &new_def.at,
                format!("{name}::new"),
                format!(
                    "arguments of `{name}::new` reordered: ({}) → ({})",
                    before.join(", "),
                    after.join(", ")
                ),
                None,
                Some("arguments of the same type swap silently".into()),
            );
        }

        match (&old.extra, &new.extra) {
            (None, Some(extra)) => self.push(
                "extra_added",
                &new_def.at,
                format!("{name}::{extra}"),
                format!("`{name}` keeps unnamed properties in a new field `{extra}`"),
                None,
                Some(format!("a new field: {builds}")),
            ),
            (Some(extra), None) => self.push(
                "extra_removed",
                &new_def.at,
                format!("{name}::{extra}"),
                format!("`{name}` no longer keeps unnamed properties (`{extra}` removed)"),
                None,
                Some(format!("`{name}::{extra}` no longer exists")),
            ),
            (Some(o), Some(n)) if o != n => self.push(
                "extra_renamed",
                &new_def.at,
                format!("{name}::{n}"),
                format!("`{name}::{o}` renamed to `{name}::{n}`"),
                None,
                Some(format!("`{name}::{o}` no longer exists")),
            ),
            _ => {}
        }

        if old.closed != new.closed {
            let direction = if new.closed { Direction::Tightened } else { Direction::Loosened };
            let place = Place {
                at: new_def.at.clone(),
                rust_item: name.to_string(),
                what: format!("type `{name}`"),
                usage,
                retyped: "type_retyped",
                checked: usage.sent,
            };
            let detail = if new.closed {
                "`additionalProperties: false` added: unnamed properties are refused"
            } else {
                "`additionalProperties: false` removed: unnamed properties are allowed"
            };
            self.constraint(&place, direction, detail.to_string());
        }
    }

    fn field(&mut self, old: &Field, new: &Field, item: &str, at: &str, what: &str, usage: Usage) {
        let base = rust_type(&new.shape.ty);
        if old.rust_name != new.rust_name {
            self.push(
                "field_renamed",
                at,
                item,
                format!("{what} is now the field `{}` (was `{}`)", new.rust_name, old.rust_name),
                None,
                Some(format!("the field `{}` no longer exists", old.rust_name)),
            );
        }
        if old.required != new.required {
            let (change, detail, wire, rust) = if new.required {
                (
                    "field_required",
                    format!("{what} made required"),
                    usage.sent.then(|| "callers that omit it are refused".to_string()),
                    format!("`Option<{base}>` becomes `{base}`"),
                )
            } else {
                (
                    "field_optional",
                    format!("{what} made optional"),
                    usage
                        .received
                        .then(|| "readers can no longer rely on it being present".to_string()),
                    format!("`{base}` becomes `Option<{base}>`"),
                )
            };
            self.push(change, at, item, detail, wire, Some(rust));
        }
        if old.nullable != new.nullable {
            let (change, detail, wire, rust) = if new.nullable {
                (
                    "field_nullable",
                    format!("{what} made nullable"),
                    usage.received.then(|| "readers may now get `null`".to_string()),
                    "the field gains an `Option` layer for `null`".to_string(),
                )
            } else {
                (
                    "field_not_nullable",
                    format!("{what} no longer nullable"),
                    usage.sent.then(|| "callers that send `null` are refused".to_string()),
                    "the field loses its `Option` layer for `null`".to_string(),
                )
            };
            self.push(change, at, item, detail, wire, Some(rust));
        }
        if old.boxed != new.boxed {
            let detail = if new.boxed {
                format!("{what} now holds its value in a `Box`")
            } else {
                format!("{what} no longer holds its value in a `Box`")
            };
            self.push(
                "field_retyped",
                at,
                item,
                detail,
                None,
                Some(format!("`{base}` and `Box<{base}>` are different types")),
            );
        }
        let place = Place {
            at: at.to_string(),
            rust_item: item.to_string(),
            what: what.to_string(),
            usage,
            retyped: "field_retyped",
            checked: usage.sent,
        };
        self.shape(&old.shape, &new.shape, &place);
    }

    fn string_enum(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &StringEnum,
        new: &StringEnum,
        usage: Usage,
    ) {
        let name = new_def.rust_name.as_str();
        let at = pointer(&new_def.at, "enum");
        let olds: BTreeMap<&str, &str> =
            old.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        let news: BTreeMap<&str, &str> =
            new.variants.iter().map(|v| (v.value.as_str(), v.rust_name.as_str())).collect();
        for v in &new.variants {
            let item = format!("{name}::{}", v.rust_name);
            match olds.get(v.value.as_str()) {
                None => self.push(
                    "enum_value_added",
                    &at,
                    &item,
                    format!("value `{}` added", v.value),
                    usage
                        .received
                        .then(|| "readers of the old document do not expect a value it did not list".into()),
                    Some(format!(
                        "a `match` on `{name}` without `_` stops compiling, and the value no longer decodes as `{name}::{}(..)`",
                        old.unknown
                    )),
                ),
                Some(&was) if was != v.rust_name => self.push(
                    "enum_variant_renamed",
                    &at,
                    &item,
                    format!("value `{}` is now the variant `{}` (was `{was}`)", v.value, v.rust_name),
                    None,
                    Some(format!("`{name}::{was}` no longer exists")),
                ),
                Some(_) => {}
            }
        }
        for v in &old.variants {
            if news.contains_key(v.value.as_str()) {
                continue;
            }
            let item = format!("{name}::{}", v.rust_name);
            self.push(
                "enum_value_removed",
                &pointer(&old_def.at, "enum"),
                &item,
                format!("value `{}` removed", v.value),
                usage.sent.then(|| "callers that send the value are refused".into()),
                Some(format!(
                    "the variant no longer exists, and the value decodes as `{name}::{}(..)`",
                    new.unknown
                )),
            );
        }
        if old.unknown != new.unknown {
            self.push(
                "enum_variant_renamed",
                &at,
                format!("{name}::{}", new.unknown),
                format!("the catch-all variant is now `{}` (was `{}`)", new.unknown, old.unknown),
                None,
                Some(format!("`{name}::{}` no longer exists", old.unknown)),
            );
        }
        let order = |variants: &[generator::model::Variant],
                     others: &BTreeMap<&str, &str>|
         -> Vec<String> {
            variants
                .iter()
                .filter(|v| others.contains_key(v.value.as_str()))
                .map(|v| v.value.clone())
                .collect()
        };
        let (before, after) = (order(&old.variants, &news), order(&new.variants, &olds));
        if before != after {
            self.push(
                "enum_values_reordered",
                &at,
                name,
                format!("values reordered: {} → {}", before.join(", "), after.join(", ")),
                None,
                Some(format!("the derived `Ord` of `{name}` follows the order of its variants")),
            );
        }
    }
}

impl Cx {
    /// Compares the shapes of one value: its type, then its constraints, then those of its
    /// items or map values. Named types are compared once, by [`Cx::types`], not here.
    fn shape(&mut self, old: &Shape, new: &Shape, place: &Place) {
        match (&old.ty, &new.ty) {
            (Ty::Array(o), Ty::Array(n)) => {
                self.checks(old, new, place);
                self.shape(o, n, &place.items());
            }
            (Ty::Map(o), Ty::Map(n)) => {
                self.checks(old, new, place);
                self.shape(o, n, &place.values());
            }
            (o, n) if same_type(o, n) => self.checks(old, new, place),
            (Ty::Int(_), Ty::Int(_)) => {
                // The width follows the bounds; the bounds themselves are compared as
                // constraints, so on the wire this is no change of its own.
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!(
                        "{} retyped: `{}` → `{}`",
                        place.what,
                        rust_type(&old.ty),
                        rust_type(&new.ty)
                    ),
                    None,
                    Some(format!("`{}` becomes `{}`", rust_type(&old.ty), rust_type(&new.ty))),
                );
                self.checks(old, new, place);
            }
            (o, n) => {
                let (o_text, n_text) = (rust_type(o), rust_type(n));
                let mut wire = Vec::new();
                if place.usage.sent && !within(o, n) {
                    wire.push(format!(
                        "values callers send as `{o_text}` are not all valid as `{n_text}`"
                    ));
                }
                if place.usage.received && !within(n, o) {
                    wire.push(format!("readers that expect `{o_text}` may get `{n_text}`"));
                }
                self.push(
                    place.retyped,
                    &place.at,
                    &place.rust_item,
                    format!("{} retyped: `{o_text}` → `{n_text}`", place.what),
                    (!wire.is_empty()).then(|| wire.join("; ")),
                    Some(format!("`{o_text}` becomes `{n_text}`")),
                );
            }
        }
    }

    /// Compares the constraints of two shapes of the same kind of type.
    fn checks(&mut self, old: &Shape, new: &Shape, place: &Place) {
        let (o, n) = (&old.checks, &new.checks);
        self.count("minLength", Side::Lower, o.min_length, n.min_length, place);
        self.count("maxLength", Side::Upper, o.max_length, n.max_length, place);
        self.count("minItems", Side::Lower, o.min_items, n.min_items, place);
        self.count("maxItems", Side::Upper, o.max_items, n.max_items, place);
        match (&o.pattern, &n.pattern) {
            (None, Some(p)) => self.constraint(
                place,
                Direction::Tightened,
                format!("`pattern` `{}` added", p.source),
            ),
            (Some(p), None) => self.constraint(
                place,
                Direction::Loosened,
                format!("`pattern` `{}` removed", p.source),
            ),
            (Some(a), Some(b)) if a.source != b.source => self.constraint(
                place,
                Direction::Changed,
                format!("`pattern` `{}` → `{}`", a.source, b.source),
            ),
            _ => {}
        }
        match (&old.ty, &new.ty) {
            (Ty::Int(ok), Ty::Int(nk)) => {
                for side in [Side::Lower, Side::Upper] {
                    let (a, b) = (int_bound(o, *ok, side), int_bound(n, *nk, side));
                    if a.0 == b.0 {
                        continue;
                    }
                    let tighter = match side {
                        Side::Lower => b.0 > a.0,
                        Side::Upper => b.0 < a.0,
                    };
                    let show = |(value, kind): (i128, Option<IntKind>)| match kind {
                        Some(kind) => format!("{} {value} ({})", side.op(false), int_name(kind)),
                        None => format!("{} {value}", side.op(false)),
                    };
                    self.constraint(
                        place,
                        if tighter { Direction::Tightened } else { Direction::Loosened },
                        format!(
                            "`{}` {}: {} → {}",
                            side.keyword(),
                            if tighter { "tightened" } else { "loosened" },
                            show(a),
                            show(b)
                        ),
                    );
                }
            }
            _ => {
                for side in [Side::Lower, Side::Upper] {
                    let pick = |c: &Checks| match side {
                        Side::Lower => c.minimum,
                        Side::Upper => c.maximum,
                    };
                    let (a, b) = (pick(o), pick(n));
                    let Some(tighter) = float_tighter(side, a, b) else {
                        continue;
                    };
                    let show = |bound: Option<generator::model::Bound>| match bound {
                        None => "none".to_string(),
                        Some(b) => format!("{} {}", side.op(b.exclusive), number(b.value)),
                    };
                    self.constraint(
                        place,
                        if tighter { Direction::Tightened } else { Direction::Loosened },
                        format!(
                            "`{}` {}: {} → {}",
                            side.keyword(),
                            if tighter { "tightened" } else { "loosened" },
                            show(a),
                            show(b)
                        ),
                    );
                }
            }
        }
    }

    /// A length or item-count bound; absent means 0 below and unbounded above.
    fn count(
        &mut self,
        keyword: &str,
        side: Side,
        old: Option<u64>,
        new: Option<u64>,
        place: &Place,
    ) {
        let effective = |v: Option<u64>| match side {
            Side::Lower => v.unwrap_or(0),
            Side::Upper => v.unwrap_or(u64::MAX),
        };
        let (a, b) = (effective(old), effective(new));
        if a == b {
            return;
        }
        let tighter = match side {
            Side::Lower => b > a,
            Side::Upper => b < a,
        };
        let show = |v: Option<u64>| v.map_or("none".to_string(), |v| v.to_string());
        self.constraint(
            place,
            if tighter { Direction::Tightened } else { Direction::Loosened },
            format!(
                "`{keyword}` {}: {} → {}",
                if tighter { "tightened" } else { "loosened" },
                show(old),
                show(new)
            ),
        );
    }

    fn constraint(&mut self, place: &Place, direction: Direction, detail: String) {
        let sent = "values that met the old constraint may be refused";
        let received = "readers of the old document may get values it ruled out";
        let refuses = place
            .checked
            .then(|| "the client refuses values it accepted (in calls, `validate()` and newtype constructors)".to_string());
        let (change, wire, rust) = match direction {
            Direction::Tightened => {
                ("constraint_tightened", place.usage.sent.then(|| sent.to_string()), refuses)
            }
            Direction::Loosened => {
                ("constraint_loosened", place.usage.received.then(|| received.to_string()), None)
            }
            Direction::Changed => {
                let mut wire = Vec::new();
                if place.usage.sent {
                    wire.push(sent);
                }
                if place.usage.received {
                    wire.push(received);
                }
                ("constraint_changed", (!wire.is_empty()).then(|| wire.join("; ")), refuses)
            }
        };
        self.push(
            change,
            &place.at,
            &place.rust_item,
            format!("{}: {detail}", place.what),
            wire,
            rust,
        );
    }
}

#[derive(Clone, Copy)]
enum Side {
    Lower,
    Upper,
}

impl Side {
    fn keyword(self) -> &'static str {
        match self {
            Side::Lower => "minimum",
            Side::Upper => "maximum",
        }
    }

    fn op(self, exclusive: bool) -> &'static str {
        match (self, exclusive) {
            (Side::Lower, false) => ">=",
            (Side::Lower, true) => ">",
            (Side::Upper, false) => "<=",
            (Side::Upper, true) => "<",
        }
    }
}

/// The inclusive bound of an integer, and the Rust type when that type is what sets it.
fn int_bound(checks: &Checks, kind: IntKind, side: Side) -> (i128, Option<IntKind>) {
    let (lo, hi) = kind.bounds();
    let explicit = match side {
        Side::Lower => checks.minimum.map(|b| as_int(b.value) + i128::from(b.exclusive)),
        Side::Upper => checks.maximum.map(|b| as_int(b.value) - i128::from(b.exclusive)),
    };
    match (side, explicit) {
        (Side::Lower, Some(v)) if v > lo => (v, None),
        (Side::Upper, Some(v)) if v < hi => (v, None),
        (Side::Lower, _) => (lo, Some(kind)),
        (Side::Upper, _) => (hi, Some(kind)),
    }
}

/// Whether the bound `new` accepts fewer values than `old` (`Some(true)`), more
/// (`Some(false)`), or the same (`None`).
fn float_tighter(
    side: Side,
    old: Option<generator::model::Bound>,
    new: Option<generator::model::Bound>,
) -> Option<bool> {
    let key = |b: Option<generator::model::Bound>| {
        // An absent bound is infinitely loose; an exclusive one is a little tighter than
        // the inclusive one at the same value.
        let (value, exclusive) = match b {
            None => return None,
            Some(b) => (as_float(b.value), b.exclusive),
        };
        Some(match side {
            Side::Lower => (value, exclusive),
            Side::Upper => (-value, exclusive),
        })
    };
    let (a, b) = (key(old), key(new));
    if a == b {
        return None;
    }
    Some(match (a, b) {
        (None, _) => true,
        (_, None) => false,
        (Some(a), Some(b)) => b.0 > a.0 || (b.0 == a.0 && b.1),
    })
}

fn as_int(n: Number) -> i128 {
    match n {
        Number::Int(v) => v,
        Number::Float(v) => v as i128,
    }
}

fn as_float(n: Number) -> f64 {
    match n {
        Number::Int(v) => v as f64,
        Number::Float(v) => v,
    }
}

fn number(n: Number) -> String {
    match n {
        Number::Int(v) => v.to_string(),
        Number::Float(v) => v.to_string(),
    }
}

/// Whether two types are the same Rust type.
fn same_type(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Named { name: x, .. }, Ty::Named { name: y, .. }) => x == y,
        (Ty::Array(x), Ty::Array(y)) | (Ty::Map(x), Ty::Map(y)) => same_type(&x.ty, &y.ty),
        (a, b) => a == b,
    }
}

/// Whether every JSON value of type `a` is a value of type `b`, constraints aside.
fn within(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (_, Ty::Json) => true,
        (Ty::Int(_), Ty::Int(_) | Ty::Float) => true,
        (Ty::DateTime, Ty::String) => true,
        (Ty::Array(x), Ty::Array(y)) | (Ty::Map(x), Ty::Map(y)) => within(&x.ty, &y.ty),
        (a, b) => same_type(a, b),
    }
}

/// A type as the generated crate spells it, shortened for reading.
fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(kind) => int_name(*kind).into(),
        Ty::Float => "f64".into(),
        Ty::DateTime => "DateTime<Utc>".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Named { name, .. } => name.clone(),
        Ty::Array(item) => format!("Vec<{}>", rust_type(&item.ty)),
        Ty::Map(value) => format!("BTreeMap<String, {}>", rust_type(&value.ty)),
    }
}

/// The argument type of a parameter, as `Client`'s methods take it.
fn param_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "&str".into(),
        Ty::Array(item) => format!("&[{}]", rust_type(&item.ty)),
        Ty::Bool | Ty::Int(_) | Ty::Float => rust_type(ty),
        ty => format!("&{}", rust_type(ty)),
    }
}

fn int_name(kind: IntKind) -> &'static str {
    match kind {
        IntKind::U8 => "u8",
        IntKind::U16 => "u16",
        IntKind::U32 => "u32",
        IntKind::U64 => "u64",
        IntKind::I8 => "i8",
        IntKind::I16 => "i16",
        IntKind::I32 => "i32",
        IntKind::I64 => "i64",
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Newtype(_) => "newtype",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Union(_) => "union enum",
        TypeKind::Responses(_) => "response enum",
    }
}

/// How the generated crate declares a type, in short: `struct Name(String)`, `enum Name`.
fn declaration(name: &str, kind: &TypeKind) -> String {
    match kind {
        TypeKind::Alias(shape) => format!("type {name} = {}", rust_type(&shape.ty)),
        TypeKind::Newtype(shape) => format!("struct {name}({})", rust_type(&shape.ty)),
        TypeKind::Struct(_) => format!("struct {name}"),
        TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Responses(_) => format!("enum {name}"),
    }
}

/// ``` (`Option<String>`)``` and the like: the type a new field has.
fn shape_note(shape: &Shape) -> String {
    format!(" (`{}`)", rust_type(&shape.ty))
}

fn rust_ident(name: &str) -> String {
    if generator::names::is_raw(name) { format!("r#{name}") } else { name.to_string() }
}

fn location(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
    }
}

fn operation_at(op: &Operation) -> String {
    pointer(&pointer("#/paths", &op.path), &op.method.to_ascii_lowercase())
}

fn client_item(op: &Operation) -> String {
    format!("Client::{}", rust_ident(&op.rust_name))
}

fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.method, op.path)
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901), as the
/// generator writes its pointers.
fn pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

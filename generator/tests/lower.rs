//! Data-driven tests of lowering (document → model), their only caller of the generator being
//! [`check`]: each `tests/lower/<case>.yaml` is a small piece of a document (`openapi`,
//! `info` and `paths` are added when it has none), and `tests/lower/<case>.model` the model it
//! must give, one line per type, member, operation, parameter and outcome. A new case is a new
//! pair of files. Expected files are rewritten only when `UPDATE_GOLDEN=1` is set.

use generator::model::*;
use generator::{Config, Error, model};
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

const UPDATE: &str = "UPDATE_GOLDEN";

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lower");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    cases
}

/// Lowers `input` and compares the dump of its model (or its error) with the file
/// `expected`; gives a unified diff when they differ, or rewrites the file when asked to.
fn check(input: &str, expected: &Path) -> Option<String> {
    let mut document: serde_yaml::Mapping = serde_yaml::from_str(input).unwrap();
    let defaults =
        [("openapi", "3.0.3"), ("info", "{title: Lowering test, version: '1'}"), ("paths", "{}")];
    for (key, value) in defaults {
        if !document.contains_key(key) {
            document.insert(key.into(), serde_yaml::from_str(value).unwrap());
        }
    }
    // Positions would be of the text made here, not of the case's file: only pointers show.
    let actual = match model(&serde_yaml::to_string(&document).unwrap(), &Config::default()) {
        Ok(mut api) => {
            api.warnings.iter_mut().for_each(|w| w.position = None);
            dump(&api)
        }
        Err(Error::Invalid(mut problems)) => {
            problems.iter_mut().for_each(|p| p.position = None);
            format!("error: {}\n", Error::Invalid(problems))
        }
        Err(error) => format!("error: {error}\n"),
    };
    let expected_text = fs::read_to_string(expected).unwrap_or_default();
    if actual == expected_text {
        return None;
    }
    if std::env::var_os(UPDATE).is_some() {
        fs::write(expected, &actual).unwrap();
        return None;
    }
    let shown = expected.file_name().unwrap().to_string_lossy();
    let diff = similar::TextDiff::from_lines(&expected_text, &actual);
    Some(
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("expected: {shown}"), &format!("actual: {shown}"))
            .to_string(),
    )
}

#[test]
fn models_match_the_expected_files() {
    let mismatches: Vec<String> = cases()
        .iter()
        .filter_map(|case| {
            let input = fs::read_to_string(case).unwrap();
            check(&input, &case.with_extension("model"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{}\nif the change is intended, run `{UPDATE}=1 cargo test -p generator --test lower` and review the diff",
        mismatches.join("\n")
    );
}

/// The model, one line per item. Shapes are written as Rust-like types with their checks in
/// braces (`String{length 1..=64}`); a named type whose `validate` is called is marked `!`.
fn dump(api: &Api) -> String {
    let mut out = String::new();
    let usage = api.usage();
    let mut api_line = format!("api {:?} version {:?}", api.title, api.version);
    if let Some(url) = &api.base_url {
        write!(api_line, " server {url:?}").unwrap();
    }
    if api.bearer {
        api_line.push_str(" bearer");
    }
    writeln!(out, "{api_line}").unwrap();
    for scheme in &api.security_schemes {
        let sent = match &scheme.credential {
            Some(credential) => format!("`{}` sends {credential:?}", scheme.setter),
            None => "not sent".to_string(),
        };
        let flow = if scheme.flow { " (no flow)" } else { "" };
        writeln!(out, "scheme {}: {}; {sent}{flow}", scheme.name, scheme.presented).unwrap();
    }
    for warning in &api.warnings {
        writeln!(out, "warning {warning}").unwrap();
    }
    for def in &api.types {
        let used = match usage.get(&def.rust_name).copied().unwrap_or_default() {
            Usage { sent: true, received: true } => " (sent, received)",
            Usage { sent: true, received: false } => " (sent)",
            Usage { sent: false, received: true } => " (received)",
            Usage { sent: false, received: false } => "",
        };
        let name = &def.rust_name;
        let head = match &def.kind {
            TypeKind::Struct(s) => {
                let mut head = format!("struct {name} extra={}", s.extra);
                if s.closed {
                    head.push_str(" closed");
                }
                head
            }
            TypeKind::Enum(e) => format!("enum {name} unknown={}", e.unknown),
            TypeKind::Union(u) => {
                let mut head = format!("union {name} unknown={}", u.unknown);
                if let Some(property) = &u.discriminator {
                    write!(head, " discriminator={property:?}").unwrap();
                }
                head
            }
            TypeKind::Newtype(shape) => format!("newtype {name} = {}", shape_text(shape)),
            TypeKind::Alias(shape) => format!("alias {name} = {}", shape_text(shape)),
            TypeKind::Responses(_) => format!("responses {name}"),
        };
        writeln!(out, "\n{head}{used} at {}{}", def.at, doc_text(&def.doc)).unwrap();
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let mut line =
                        format!("  {}: {}", names(&f.rust_name, &f.api_name), shape_text(&f.shape));
                    for (flag, on) in
                        [("required", f.required), ("nullable", f.nullable), ("boxed", f.boxed)]
                    {
                        if on {
                            write!(line, " {flag}").unwrap();
                        }
                    }
                    writeln!(out, "{line}{}", doc_text(&f.doc)).unwrap();
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.variants {
                    writeln!(out, "  {} = {:?}", v.rust_name, v.value).unwrap();
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    let tags = if v.tags.is_empty() {
                        String::new()
                    } else {
                        format!(" tags={}", v.tags.join(","))
                    };
                    writeln!(out, "  {}({}){tags}", v.rust_name, shape_text(&v.shape)).unwrap();
                }
            }
            TypeKind::Responses(variants) => {
                for v in variants {
                    writeln!(out, "  {}: {} {}", v.rust_name, payload_text(&v.payload), v.status)
                        .unwrap();
                }
            }
            TypeKind::Newtype(_) | TypeKind::Alias(_) => {}
        }
    }
    for op in &api.operations {
        dump_operation(op, &mut out);
    }
    out
}

fn dump_operation(op: &Operation, out: &mut String) {
    let mut head =
        format!("\nop {} {} {} id={:?}", op.rust_name, op.method, op.path, op.operation_id);
    if op.deprecated {
        head.push_str(" deprecated");
    }
    writeln!(out, "{head}").unwrap();
    let segments: Vec<String> = op
        .segments
        .iter()
        .map(|s| match s {
            Segment::Literal(text) => format!("{text:?}"),
            Segment::Param(i) => format!("{{{}}}", op.params[*i].rust_name),
        })
        .collect();
    writeln!(out, "  path {}", segments.join(" ")).unwrap();
    for p in &op.params {
        let location = match p.location {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        };
        let mut line = format!(
            "  param {location} {}: {}",
            names(&p.rust_name, &p.api_name),
            shape_text(&p.shape)
        );
        if p.required {
            line.push_str(" required");
        }
        if let Some(example) = &p.example {
            write!(line, " example={example:?}").unwrap();
        }
        writeln!(out, "{line}{}", doc_text(&p.doc)).unwrap();
    }
    if let Some(body) = &op.body {
        let kind = match &body.kind {
            BodyKind::Json(shape) => format!("json {}", shape_text(shape)),
            BodyKind::Form(shape) => format!("form {}", shape_text(shape)),
            BodyKind::Multipart(shape) => format!("multipart {}", shape_text(shape)),
            BodyKind::Text => "text".into(),
            BodyKind::Bytes => "bytes".into(),
        };
        let mut line = format!("  body {kind} as {:?}", body.content_type);
        if !body.other_media.is_empty() {
            write!(line, " also {:?}", body.other_media).unwrap();
        }
        if body.required {
            line.push_str(" required");
        }
        writeln!(out, "{line}{}", doc_text(&body.doc)).unwrap();
    }
    for (word, outcomes) in [("success", &op.success), ("error", &op.errors)] {
        for o in outcomes {
            let mut line =
                format!("  {word} {} {} {:?}", o.status, payload_text(&o.payload), o.description);
            for h in &o.headers {
                let required = if h.required { " required" } else { "" };
                write!(line, " header {:?}{required} {}", h.name, h.schema).unwrap();
            }
            writeln!(out, "{line}").unwrap();
        }
    }
    let returned = |r: &Returned| match r {
        Returned::One(payload) => payload_text(payload),
        Returned::Enum(name) => format!("enum {name}"),
    };
    writeln!(out, "  ok {}; err {}; accept {:?}", returned(&op.ok), returned(&op.err), op.accept)
        .unwrap();
    if !op.scopes.is_empty() {
        writeln!(out, "  scopes {}", op.scopes.join(", ")).unwrap();
    }
    if let Some(pages) = &op.pagination {
        let param = |i: usize| &op.params[i].rust_name;
        let mut line = match &pages.style {
            PageStyle::Number { page, first, total } => {
                let mut line = format!("  pages by number {} from {first}", param(*page));
                if let Some(total) = total {
                    write!(line, ", total {}", steps_text(total)).unwrap();
                }
                line
            }
            PageStyle::Cursor { cursor, next } => {
                format!("  pages by cursor {}, next {}", param(*cursor), steps_text(next))
            }
        };
        if let Some(size) = &pages.size {
            write!(line, ", size {}", param(size.param)).unwrap();
            if let Some(default) = size.default {
                write!(line, " (default {default})").unwrap();
            }
        }
        let (items, item) = (steps_text(&pages.items), shape_text(&pages.item));
        writeln!(out, "{line}, items {items} of {item}").unwrap();
    }
    if let Some(security) = &op.security {
        let alternatives: Vec<String> = security
            .iter()
            .map(|alternative| {
                let schemes: Vec<String> = alternative
                    .iter()
                    .map(|s| match s.scopes.as_slice() {
                        [] => s.scheme.clone(),
                        scopes => format!("{}({})", s.scheme, scopes.join(",")),
                    })
                    .collect();
                if schemes.is_empty() { "anonymous".to_string() } else { schemes.join("+") }
            })
            .collect();
        let alternatives =
            if alternatives.is_empty() { "none".to_string() } else { alternatives.join(" | ") };
        writeln!(out, "  security {alternatives}").unwrap();
    }
}

/// The fields from a body to a value in it, as Rust reaches it: `body.meta?.next??` for a
/// field that may be absent, then one that may be absent or `null`.
fn steps_text(steps: &[FieldStep]) -> String {
    let mut text = "body".to_string();
    for step in steps {
        write!(text, ".{}", step.rust_name).unwrap();
        text.push_str(if step.required { "" } else { "?" });
        text.push_str(if step.nullable { "?" } else { "" });
    }
    text
}

/// `rust_name`, with ` "apiName"` when the names differ.
fn names(rust_name: &str, api_name: &str) -> String {
    if rust_name == api_name { rust_name.to_string() } else { format!("{rust_name} {api_name:?}") }
}

fn doc_text(doc: &Option<String>) -> String {
    doc.as_ref().map(|d| format!(" -- {d:?}")).unwrap_or_default()
}

fn payload_text(payload: &Payload) -> String {
    match payload {
        Payload::Empty => "empty".into(),
        Payload::Json(shape) => format!("json {}", shape_text(shape)),
        Payload::Text => "text".into(),
        Payload::Bytes => "bytes".into(),
    }
}

fn shape_text(shape: &Shape) -> String {
    let mut text = match &shape.ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(kind) => format!("{kind:?}").to_lowercase(),
        Ty::Float => "f64".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Json => "Json".into(),
        Ty::Named { name, validate: true } => format!("{name}!"),
        Ty::Named { name, validate: false } => name.clone(),
        Ty::Array(item) => format!("Vec<{}>", shape_text(item)),
        Ty::Map(value) => format!("Map<{}>", shape_text(value)),
        Ty::Nullable(inner) => format!("Option<{}>", shape_text(inner)),
    };
    let c = &shape.checks;
    let mut checks = Vec::new();
    let range = |min: Option<u64>, max: Option<u64>| match (min, max) {
        (None, None) => None,
        (min, max) => Some(format!(
            "{}..{}",
            min.map(|n| n.to_string()).unwrap_or_default(),
            max.map(|n| format!("={n}")).unwrap_or_default()
        )),
    };
    if let Some(r) = range(c.min_length, c.max_length) {
        checks.push(format!("length {r}"));
    }
    if let Some(p) = &c.pattern {
        let engine = match (&p.runs, p.unicode) {
            (Some(_), _) => "runs",
            (None, true) => "regress",
            (None, false) => "regress without the u flag",
        };
        checks.push(format!("pattern {:?} by {engine}", p.source));
    }
    let number = |n: Number| match n {
        Number::Int(v) => v.to_string(),
        Number::Float(v) => format!("{v:?}"),
    };
    if let Some(b) = c.minimum {
        checks.push(format!("{} {}", if b.exclusive { ">" } else { ">=" }, number(b.value)));
    }
    if let Some(b) = c.maximum {
        checks.push(format!("{} {}", if b.exclusive { "<" } else { "<=" }, number(b.value)));
    }
    if let Some(r) = range(c.min_items, c.max_items) {
        checks.push(format!("items {r}"));
    }
    if !checks.is_empty() {
        write!(text, "{{{}}}", checks.join(", ")).unwrap();
    }
    text
}

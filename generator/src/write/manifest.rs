//! Cargo manifests: the one a new crate of generated files gets, what an existing crate lacks
//! for a generated module, and which workspace, if any, a crate belongs to, as cargo finds it.

use crate::Output;
use std::fs;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item};

/// What the manifest of a new crate says about its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package name (`petstore-client`); its library is the same with `_`.
    pub name: String,
    pub version: String,
    /// The oldest Rust the crate promises to build with (`rust-version`), if it promises one.
    pub rust_version: Option<String>,
    /// Whether the crate is a workspace of its own (an empty `[workspace]` table), so that it
    /// builds wherever it sits; a crate inside a workspace must not be one.
    pub standalone: bool,
}

/// A `Cargo.toml` for a crate that holds generated files: the dependencies the generated code
/// uses, at the versions it is tested with, and the `blocking` feature.
pub fn manifest(package: &Package, output: &Output) -> String {
    let mut text = format!(
        "# Written by the generator for a directory that had no manifest; yours to edit.\n\
         [package]\nname = \"{}\"\nversion = \"{}\"\nedition = \"2024\"\n",
        package.name, package.version
    );
    if let Some(rust_version) = &package.rust_version {
        text.push_str(&format!("rust-version = \"{rust_version}\"\n"));
    }
    text.push_str("publish = false\n\n[dependencies]\n");
    for (name, requirement) in dependencies(output) {
        text.push_str(&format!("{name} = {requirement}\n"));
    }
    let (name, requirement) = MOCK_DEPENDENCY;
    text.push_str(&format!("# The mock server of the `mock` feature.\n{name} = {requirement}\n"));
    let (name, requirement) = TRACING_DEPENDENCY;
    text.push_str(&format!(
        "# The span of each call, under the `tracing` feature.\n{name} = {requirement}\n"
    ));
    text.push_str(&format!(
        "\n[features]\n# A blocking client (`blocking::Client`) for code without an async runtime.\n{BLOCKING_FEATURE}\n\
         # Mocks of each operation (`mock`), for tests of code that uses the client.\n{MOCK_FEATURE}\n\
         # A span for each call, for subscribers of `tracing`; off, it costs nothing.\n{TRACING_FEATURE}\n\n\
         # docs.rs documents every feature.\n[package.metadata.docs.rs]\nall-features = true\n"
    ));
    if package.standalone {
        text.push_str("\n[workspace]\n");
    }
    text
}

/// The feature that turns on the blocking client, as a line of `[features]`.
pub(crate) const BLOCKING_FEATURE: &str = "blocking = [\"tokio/rt-multi-thread\"]";

/// The feature that turns on the mocks, as a line of `[features]`, and the optional
/// dependency it needs, as a line of `[dependencies]`.
pub(crate) const MOCK_FEATURE: &str = "mock = [\"dep:wiremock\"]";
pub(crate) const MOCK_DEPENDENCY: (&str, &str) =
    ("wiremock", "{ version = \"0.6\", optional = true }");

/// The feature that gives each call a span, as a line of `[features]`, and the optional
/// dependency it needs, as a line of `[dependencies]`: `tracing` without its macros for
/// `#[instrument]` and without its `log` bridge.
pub(crate) const TRACING_FEATURE: &str = "tracing = [\"dep:tracing\"]";
pub(crate) const TRACING_DEPENDENCY: (&str, &str) = (
    "tracing",
    "{ version = \"0.1.41\", default-features = false, features = [\"std\"], optional = true }",
);

/// The crates the generated code uses, with the requirement `[dependencies]` gives each: the
/// versions the workspace builds and tests the generated code with.
pub(crate) fn dependencies(output: &Output) -> Vec<(&'static str, &'static str)> {
    let mut all = vec![
        ("bytes", "\"1.10\""),
        (
            "chrono",
            "{ version = \"0.4.42\", default-features = false, features = [\"std\", \"serde\"] }",
        ),
        ("fastrand", "\"2\""),
        ("form_urlencoded", "\"1.2\""),
        ("futures-core", "{ version = \"0.3\", default-features = false }"),
        ("httpdate", "\"1\""),
        // Not used by the code: it gives `url` the unicode-rs IDNA back end instead of ICU4X,
        // 16 crates fewer in the tree of every crate that depends on the client.
        ("idna_adapter", "\">=1.0, <1.2\""),
        ("regress", "{ version = \"0.12\", default-features = false, features = [\"std\"] }"),
        ("reqwest", REQWEST),
        ("serde", "{ version = \"1\", features = [\"derive\"] }"),
        ("serde_json", "{ version = \"1\", features = [\"float_roundtrip\"] }"),
        ("tokio", "{ version = \"1\", default-features = false, features = [\"time\"] }"),
    ];
    if !output.needs_regress {
        all.retain(|(name, _)| *name != "regress");
    }
    if !output.needs_futures_core {
        all.retain(|(name, _)| *name != "futures-core");
    }
    if output.needs_multipart {
        for (name, requirement) in &mut all {
            if *name == "reqwest" {
                *requirement = REQWEST_MULTIPART;
            }
        }
    }
    all
}

/// reqwest with rustls, and with its `multipart` feature for a client that sends multipart
/// bodies, as the client is tested with.
const REQWEST: &str = "{ version = \"0.13\", default-features = false, features = [\"rustls\"] }";
const REQWEST_MULTIPART: &str =
    "{ version = \"0.13\", default-features = false, features = [\"rustls\", \"multipart\"] }";

/// A manifest, read for what the generator needs to know of it.
pub(crate) struct Manifest {
    pub(crate) path: PathBuf,
    doc: DocumentMut,
}

impl Manifest {
    /// The manifest in `dir`, or `None` when there is none.
    pub(crate) fn read(dir: &Path) -> Result<Option<Manifest>, String> {
        let path = dir.join("Cargo.toml");
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| format!("{} is not valid TOML: {e}", path.display()))?;
        Ok(Some(Manifest { path, doc }))
    }

    pub(crate) fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn string(&self, table: &str, key: &str) -> Option<&str> {
        self.doc.get(table)?.get(key)?.as_str()
    }

    pub(crate) fn is_package(&self) -> bool {
        self.doc.contains_key("package")
    }

    pub(crate) fn is_workspace(&self) -> bool {
        self.doc.contains_key("workspace")
    }

    /// The Rust name of the package's library: `[lib] name`, else the package name with `_`.
    pub(crate) fn lib_name(&self) -> Option<String> {
        let name = self.string("lib", "name").or_else(|| self.string("package", "name"))?;
        Some(name.replace('-', "_"))
    }

    /// The entries of a workspace's `members` or `exclude` list.
    fn list(&self, key: &str) -> Vec<&str> {
        let entries = self.doc.get("workspace").and_then(|w| w.get(key)).and_then(Item::as_array);
        entries.map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default()
    }

    /// Whether the package in `dir` (an absolute path) is listed by this workspace: it is the
    /// root package, or a `members` glob matches it. Cargo's rule, which also counts the path
    /// dependencies of members, is wider; a crate listed here is a member by either.
    pub(crate) fn lists(&self, dir: &Path) -> bool {
        let root = self.dir();
        let Ok(inside) = dir.strip_prefix(root) else { return false };
        (dir == root && self.is_package())
            || self.list("members").iter().any(|member| {
                let member = member.trim_start_matches("./").trim_end_matches('/');
                glob::Pattern::new(member).is_ok_and(|pattern| pattern.matches_path(inside))
            })
    }

    /// Whether this workspace's `exclude` list leaves `dir` out, as cargo reads it: an entry
    /// excludes the paths under it, unless `members` lists the crate.
    fn excludes(&self, dir: &Path) -> bool {
        let root = self.dir();
        !self.lists(dir) && self.list("exclude").iter().any(|ex| dir.starts_with(root.join(ex)))
    }

    /// Adds `member`, a path relative to the workspace root, to `members`, as `cargo new` does;
    /// gives the new text of the manifest, comments and layout kept.
    pub(crate) fn with_member(&self, member: &str) -> Result<String, String> {
        let mut doc = self.doc.clone();
        let workspace = doc
            .get_mut("workspace")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| format!("{}: `workspace` is not a table", self.path.display()))?;
        let members = workspace
            .entry("members")
            .or_insert(Item::Value(toml_edit::Array::new().into()))
            .as_array_mut()
            .ok_or_else(|| format!("{}: `workspace.members` is not a list", self.path.display()))?;
        members.push(member);
        Ok(doc.to_string())
    }

    /// Which of `wanted` the package's `[dependencies]` lacks.
    pub(crate) fn missing_dependencies<'a>(
        &self,
        wanted: &[(&'a str, &'a str)],
    ) -> Vec<(&'a str, &'a str)> {
        let have = self.doc.get("dependencies");
        wanted
            .iter()
            .filter(|(name, _)| have.and_then(|d| d.get(name)).is_none())
            .copied()
            .collect()
    }

    /// Whether the package declares the feature `name`.
    pub(crate) fn has_feature(&self, name: &str) -> bool {
        self.doc.get("features").and_then(|f| f.get(name)).is_some()
    }
}

/// The manifest of the workspace that cargo finds for a crate in `dir` (absolute): the nearest
/// one above `dir`, or `dir`'s own, that declares `[workspace]` and does not exclude `dir`.
pub(crate) fn workspace_of(dir: &Path) -> Result<Option<Manifest>, String> {
    for ancestor in dir.ancestors() {
        if let Some(manifest) = Manifest::read(ancestor)?
            && manifest.is_workspace()
            && !manifest.excludes(dir)
        {
            return Ok(Some(manifest));
        }
    }
    Ok(None)
}

/// The manifest of the crate that a module folder `dir` (absolute) belongs to: the nearest
/// one above it that declares `[package]`.
pub(crate) fn crate_of(dir: &Path) -> Result<Option<Manifest>, String> {
    for ancestor in dir.ancestors().skip(1) {
        if let Some(manifest) = Manifest::read(ancestor)?
            && manifest.is_package()
        {
            return Ok(Some(manifest));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(text: &str) -> Manifest {
        Manifest { path: PathBuf::from("/ws/Cargo.toml"), doc: text.parse().unwrap() }
    }

    /// Which crates a workspace lists and excludes, as cargo reads `members` and `exclude`.
    #[test]
    fn membership() {
        let rows = [
            ("members = [\"app\", \"clients/*\"]", "/ws/clients/pets", true, false),
            ("members = [\"app\"]", "/ws/clients/pets", false, false),
            ("members = [\"./app/\"]", "/ws/app", true, false),
            ("members = [\"app\"]\nexclude = [\"clients\"]", "/ws/clients/pets", false, true),
            (
                "members = [\"clients/pets\"]\nexclude = [\"clients\"]",
                "/ws/clients/pets",
                true,
                false,
            ),
            ("members = [\"*\"]", "/elsewhere/app", false, false),
        ];
        for (table, dir, lists, excludes) in rows {
            let ws = workspace(&format!("[workspace]\n{table}\n"));
            assert_eq!(ws.lists(Path::new(dir)), lists, "{table}: lists {dir}");
            assert_eq!(ws.excludes(Path::new(dir)), excludes, "{table}: excludes {dir}");
        }
        let root_package = workspace("[package]\nname = \"app\"\n\n[workspace]\n");
        assert!(root_package.lists(Path::new("/ws")), "the root package is a member");
    }

    /// A member is added as `cargo new` adds one: to the list, the rest of the file kept.
    #[test]
    fn adding_a_member_keeps_the_manifest() {
        let rows = [
            (
                "[workspace]\n# Ours.\nmembers = [\"app\"]  # the app\n",
                "[workspace]\n# Ours.\nmembers = [\"app\", \"clients/pets\"]  # the app\n",
            ),
            (
                "[workspace]\nresolver = \"3\"\n",
                "[workspace]\nresolver = \"3\"\nmembers = [\"clients/pets\"]\n",
            ),
        ];
        for (before, after) in rows {
            assert_eq!(workspace(before).with_member("clients/pets").unwrap(), after, "{before}");
        }
    }
}

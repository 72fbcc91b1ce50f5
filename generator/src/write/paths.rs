//! Paths as the generated files name them: relative, `/`-separated, and the same whether they
//! were given absolute or relative, from whatever directory.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..` resolved by their
/// names, as cargo resolves paths: symbolic links keep the names they were given by, so that
/// the paths shown do not depend on where a machine's links point.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf, String> {
    let joined = std::path::absolute(path)
        .map_err(|e| format!("cannot make {} absolute: {e}", path.display()))?;
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `path` relative to `base`, both absolute and resolved by [`absolute`], `/`-separated; `.`
/// for `base` itself.
pub(crate) fn relative(path: &Path, base: &Path) -> String {
    let (path, base): (Vec<Component>, Vec<Component>) =
        (path.components().collect(), base.components().collect());
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(path[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rows = [
            ("/w/spec/a.yaml", "/w", "spec/a.yaml"),
            ("/w/a.yaml", "/w/out", "../a.yaml"),
            ("/w/out", "/w/out", "."),
            ("/x/corpus/a.yaml", "/w/r/out", "../../../x/corpus/a.yaml"),
            ("/w/crates/client", "/w", "crates/client"),
        ];
        for (path, base, want) in rows {
            assert_eq!(relative(Path::new(path), Path::new(base)), want, "{path} from {base}");
        }
    }

    #[test]
    fn absolute_paths_resolve_dots_by_name() {
        let here = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c")).unwrap(), here.join("a/c"));
        assert_eq!(absolute(Path::new("/w/x/../y")).unwrap(), Path::new("/w/y"));
        assert_eq!(absolute(&here.join("..")).unwrap(), here.parent().unwrap());
    }
}

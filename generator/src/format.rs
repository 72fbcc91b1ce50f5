//! Tokens → source text: parsed by `syn`, printed by `prettyplease`, under the `@generated`
//! header that names the command that regenerates the file.

use crate::emit::{Source, Unformatted};
use crate::{Config, Error, File, GENERATED_MARKER};

pub(crate) fn format(files: Vec<Unformatted>, config: &Config) -> Result<Vec<File>, Error> {
    let header = format!(
        "{GENERATED_MARKER} by `{}` from {}; do not edit.\n\n",
        config.command, config.spec_path
    );
    let files = files
        .into_iter()
        .map(|file| {
            let body = match file.source {
                Source::Items(items) => {
                    let mut text = String::new();
                    for tokens in items {
                        let parsed = syn::parse2::<syn::File>(tokens).map_err(|e| {
                            Error::Internal { file: file.path.to_string(), what: e.to_string() }
                        })?;
                        text.push_str(&prettyplease::unparse(&parsed));
                    }
                    text
                }
                // Kept as prettyplease prints it (a test holds it to that), so it needs no
                // parsing on every run.
                Source::Text(text) => text.to_string(),
            };
            Ok(File { path: file.path.to_string(), contents: format!("{header}{body}") })
        })
        .collect::<Result<Vec<File>, Error>>()?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    /// The shared runtime is stored as prettyplease prints it, so emitting it verbatim gives
    /// what formatting it would. After editing `emit/runtime.rs.in`, run
    /// `cargo xtask codegen` and copy `generated/src/runtime.rs`, without its two header
    /// lines, back over it.
    #[test]
    fn the_runtime_is_stored_formatted() {
        let text = crate::emit::RUNTIME;
        let formatted = prettyplease::unparse(&syn::parse_file(text).expect("the runtime parses"));
        assert!(formatted == text, "emit/runtime.rs.in is not in prettyplease's format");
    }
}

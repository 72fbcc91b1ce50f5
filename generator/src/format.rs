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
            let parsed = match file.source {
                Source::Tokens(tokens) => syn::parse2::<syn::File>(tokens),
                Source::Text(text) => syn::parse_file(text),
            };
            let parsed = parsed.map_err(|e| Error::Internal {
                file: file.path.to_string(),
                what: e.to_string(),
            })?;
            let body = prettyplease::unparse(&parsed);
            Ok(File { path: file.path.to_string(), contents: format!("{header}{body}") })
        })
        .collect::<Result<Vec<File>, Error>>()?;
    Ok(files)
}

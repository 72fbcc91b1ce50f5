//! Tokens → source text: parsed by `syn`, printed by `prettyplease`, under the `@generated`
//! header that names the command that regenerates the file.

use crate::emit::{Item, Source, Unformatted};
use crate::{Config, Error, File, GENERATED_MARKER};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) fn format(files: Vec<Unformatted>, config: &Config) -> Result<Vec<File>, Error> {
    let header = format!(
        "{GENERATED_MARKER} by `{}` from {}; do not edit.\n\n",
        config.command, config.spec_path
    );
    let files = files
        .into_iter()
        .map(|file| {
            let body = match file.source {
                Source::Items(items) => print_items(file.path, &items)?,
                // The runtime crate's source, which rustfmt formats there (generated crates
                // tell rustfmt to skip it): emitted as it is, it needs no parsing on every run.
                Source::Text(parts) => parts.concat(),
            };
            Ok(File { path: file.path.to_string(), contents: format!("{header}{body}") })
        })
        .collect::<Result<Vec<File>, Error>>()?;
    Ok(files)
}

/// Emits and prints each item, on up to as many threads as there are cores, and joins the
/// texts in the items' order, so the output does not depend on the threads.
fn print_items(path: &str, items: &[Item<'_>]) -> Result<String, Error> {
    let print = |item: &Item<'_>| -> Result<String, Error> {
        let parsed = syn::parse2::<syn::File>(item())
            .map_err(|e| Error::Internal { file: path.to_string(), what: e.to_string() })?;
        Ok(prettyplease::unparse(&parsed))
    };
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(8).min(items.len());
    let texts: Vec<Result<String, Error>> = if threads <= 1 {
        items.iter().map(print).collect()
    } else {
        let next = AtomicUsize::new(0);
        let done: Vec<Vec<(usize, Result<String, Error>)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(item) = items.get(i) else { break done };
                            done.push((i, print(item)));
                        }
                    })
                })
                .collect();
            // A panic in a worker (a generator bug) is the caller's, as it would be on one thread.
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut texts: Vec<(usize, Result<String, Error>)> = done.into_iter().flatten().collect();
        texts.sort_by_key(|(i, _)| *i);
        texts.into_iter().map(|(_, text)| text).collect()
    };
    let mut out = String::new();
    for text in texts {
        out.push_str(&text?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// The runtime is emitted without parsing, in two parts that a client gets the first or
    /// both of; the cut between them must fall between items, so that each part is whole.
    #[test]
    fn the_runtime_is_cut_between_items() {
        let parts = [
            ("the runtime up to the form encoders", crate::emit::RUNTIME),
            ("the form encoders", crate::emit::RUNTIME_FORMS),
        ];
        for (name, text) in parts {
            if let Err(e) = syn::parse_file(text) {
                panic!(
                    "runtime/src/runtime.rs: {name} do not parse on their own ({e}); the comment \
                     where the form encoders begin must sit between items"
                );
            }
        }
    }
}

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
                // Kept as prettyplease prints it (a test holds it to that), so it needs no
                // parsing on every run.
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
    /// The runtime is stored as prettyplease prints it, so emitting its parts verbatim gives
    /// what formatting would. After editing it, run this test with `UPDATE_GOLDEN=1` to store
    /// the formatted text.
    #[test]
    fn the_runtime_is_stored_formatted() {
        let parts = [crate::emit::RUNTIME, crate::emit::RUNTIME_FORMS];
        let formatted: Vec<String> = parts
            .iter()
            .map(|text| prettyplease::unparse(&syn::parse_file(text).expect("the runtime parses")))
            .collect();
        if formatted != parts && std::env::var_os("UPDATE_GOLDEN").is_some() {
            let path = format!("{}/../runtime/src/runtime.rs", env!("CARGO_MANIFEST_DIR"));
            std::fs::write(path, formatted.concat()).expect("the runtime is writable");
            return;
        }
        assert!(
            formatted == parts,
            "runtime/src/runtime.rs is not in prettyplease's format; run `UPDATE_GOLDEN=1 cargo test -p generator --lib`"
        );
    }
}

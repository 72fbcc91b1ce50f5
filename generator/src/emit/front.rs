//! `lib.rs`: the crate's front page, with its example.

use super::{inner_doc, spec_text};
use crate::model::*;
use crate::names;
use crate::{Config, Layout};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub(crate) fn lib(api: &Api, config: &Config) -> TokenStream {
    let mut text = format!("{} (version {})\n", spec_text(&api.title), spec_text(&api.version));
    if let Some(description) = &api.description {
        text.push('\n');
        text.push_str(&spec_text(description));
        text.push('\n');
    }
    text.push_str(&format!(
        "\nA typed async client generated from `{}` by `{}`. Each operation is a method of \
         [`Client`] that takes the required parameters and returns a call (in [`calls`]): \
         set the optional parameters and per-call options ([`CallOptions`]) on it, then \
         `.await` it. Request and response types are in [`types`].",
        config.spec_path, config.command
    ));
    if api.operations.iter().any(|op| !op.scopes.is_empty()) {
        text.push_str(" The scopes each operation requires are in [`scopes`].");
    }
    // A module's path is its crate's to choose, so its example is shown, not compiled.
    let fence = if config.layout == Layout::Crate { "no_run" } else { "ignore" };
    text.push_str(&format!("\n\n# Example\n\n```{fence}\n"));
    text.push_str(&example(api, &config.crate_name));
    text.push_str("```");
    // `include!` takes no inner attributes: there the including module holds the docs.
    let (docs, lints) = if config.layout == Layout::Include {
        (quote!(), quote!())
    } else {
        (inner_doc(&text), quote!(#![warn(missing_docs)]))
    };
    let scopes = if api.operations.iter().any(|op| !op.scopes.is_empty()) {
        quote!(
            pub use client::scopes;
        )
    } else {
        quote!()
    };
    let root = names::CRATE_ROOT.iter().map(|name| Ident::new(name, Span::call_site()));
    let mock_doc = super::mock::module_doc(&config.crate_name, example_call(api));
    let mock_doc = super::doc(&mock_doc.replace("```no_run", &format!("```{fence}")));
    quote! {
        #docs
        #lints

        // Generated code is formatted by the generator (prettyplease), not by rustfmt.
        #[rustfmt::skip]
        pub mod calls;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        #scopes
        /// The HTTP client underneath, re-exported: a `reqwest::Client` given to
        /// [`ClientBuilder::http_client`] must be of this version.
        pub use ::reqwest;
        // As prettyplease wraps it, which rustfmt would wrap otherwise.
        #[rustfmt::skip]
        pub use runtime::{#(#root),*};

        #[cfg(feature = "blocking")]
        #[rustfmt::skip]
        pub mod blocking;

        #mock_doc
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        mod mock_support;
    }
}

/// The crate-level example: build a client and call the first operation whose arguments the
/// spec gives examples for.
fn example(api: &Api, crate_name: &str) -> String {
    let new_args = if api.bearer { "\"YOUR_API_ACCESS_TOKEN\"" } else { "" };
    let mut text = format!(
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {crate_name}::Client::new({new_args})?;\n"
    );
    match example_call(api) {
        Some((_, call)) => text.push_str(&call),
        None => text.push_str("println!(\"{client:?}\");\n"),
    }
    text.push_str("# Ok(())\n# }\n");
    text
}

/// The example's call of the first operation whose arguments the spec gives examples for,
/// with the lines that show its response.
fn example_call(api: &Api) -> Option<(&Operation, String)> {
    let call = api.operations.iter().find_map(|op| {
        if op.body.is_some() || op.params.iter().any(|p| !p.required) {
            return None;
        }
        let args: Option<Vec<String>> = op
            .params
            .iter()
            .map(|p| {
                let example = p.example.as_ref()?;
                match &p.shape.ty {
                    Ty::String => Some(format!("{example:?}")),
                    Ty::Named { .. } => Some(format!("&{example:?}.parse()?")),
                    _ => None,
                }
            })
            .collect();
        Some((op, args?))
    });
    let (op, args) = call?;
    let result =
        if matches!(op.ok, Returned::One(Payload::Empty)) { "" } else { "let response = " };
    let mut text = format!("{result}client.{}({}).await?;\n", op.rust_name, args.join(", "));
    if !result.is_empty() {
        text.push_str("println!(\"{response:?}\");\n");
    }
    Some((op, text))
}

//! `lib.rs`: the crate's front page, with its example.

use super::paths::known::*;
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
    text.push_str(&guide(api, &config.crate_name, fence));
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
        pub use #REQWEST;
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

/// The sections of the crate page after its example, each with an example of its own built
/// from the spec's first operation that has examples for its arguments (the sections about
/// a call are left out when there is none): construction and the builder's defaults,
/// retries, per-call options, errors, the whole response, pages, hooks, and the `mock`,
/// `blocking` and `tracing` features. A feature's example compiles only with the feature.
fn guide(api: &Api, krate: &str, fence: &str) -> String {
    let call = example_call(api).map(|(op, _)| call_expr(op).unwrap_or_default());
    let new_args = if api.bearer { "\"YOUR_API_ACCESS_TOKEN\"" } else { "" };
    let block = |body: &str, feature: Option<&str>, asynchronous: bool| {
        let gate = feature.map(|f| format!("# #[cfg(feature = \"{f}\")]\n")).unwrap_or_default();
        let kind = if asynchronous { "async fn" } else { "fn" };
        format!(
            "\n\n```{fence}\n{gate}# {kind} example() -> Result<(), Box<dyn std::error::Error>> {{\n\
             {body}# Ok(())\n# }}\n```"
        )
    };
    let client = format!("# let client = {krate}::Client::new({new_args})?;\n");
    let mut text = String::new();
    text.push_str(
        "\n\n# Construction\n\n`Client::new` builds a client with the defaults; \
         `Client::builder()` sets the base URL, credentials, timeouts, retries, hooks and user \
         agent, or takes a `reqwest::Client` of your own. By default a client gives up \
         connecting after 10 s and any attempt after 60 s, and sends idempotent requests \
         (GET, HEAD, PUT, DELETE, OPTIONS) up to 3 times in all after a connection failure \
         or a 408, 429, 502, 503 or 504, with jittered exponential backoff or as \
         `Retry-After` asks. See [`ClientBuilder`].",
    );
    text.push_str(&block(
        &format!(
            "use std::time::Duration;\n\
             let client = {krate}::Client::builder()\n    \
             .connect_timeout(Duration::from_secs(5))\n    \
             .timeout(Duration::from_secs(30))\n    \
             .build()?;\n"
        ),
        None,
        false,
    ));
    text.push_str(
        "\n\n# Retries\n\n[`RetryPolicy::none()`] turns retries off; \
         [`RetryPolicy::any_method()`] retries POST and PATCH too, which are not idempotent.",
    );
    text.push_str(&block(
        &format!(
            "use {krate}::RetryPolicy;\n\
             let no_retries = {krate}::Client::builder().retry(RetryPolicy::none()).build()?;\n\
             let every_method = RetryPolicy::default().any_method();\n\
             let client = {krate}::Client::builder().retry(every_method).build()?;\n"
        ),
        None,
        false,
    ));
    if let Some(call) = &call {
        text.push_str(&call_sections(krate, call, &client, &block));
    }
    if let Some(items) = paged_call(api) {
        text.push_str(
            "\n\n# Pages\n\nA paged operation's call has `.items()`: every item of every \
             page as a `Stream`, the next page asked for only when needed. \
             [`calls::Items::next`] reads it without the `futures` crate.",
        );
        let body = format!(
            "{client}{items}\n\
             while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n"
        );
        text.push_str(&block(&body, None, true));
    }
    text.push_str(
        "\n\n# Hooks\n\nA [`Hook`] runs around every attempt: it can add a header such as a \
         request ID, read each response, and after a 401 fetch a new token and have the request \
         sent again once.",
    );
    let hook = format!(
        "use {krate}::{{Hook, HookFuture, reqwest}};\n\
         struct RequestId;\n\
         impl Hook for RequestId {{\n    \
         fn before_attempt<'a>(&'a self, request: &'a mut reqwest::Request, _attempt: u32) -> HookFuture<'a, ()> {{\n        \
         let id = reqwest::header::HeaderValue::from_static(\"7f3c\");\n        \
         request.headers_mut().insert(\"x-request-id\", id);\n        \
         Box::pin(std::future::ready(Ok(())))\n    }}\n}}\n\
         let client = {krate}::Client::builder().hook(RequestId).build()?;\n"
    );
    text.push_str(&block(&hook, None, false));
    text.push_str(&feature_sections(krate, call.as_deref(), new_args, &client, &block));
    text
}

/// The sections about one call: its options, its errors and its whole response.
fn call_sections(
    krate: &str,
    call: &str,
    client: &str,
    block: &dyn Fn(&str, Option<&str>, bool) -> String,
) -> String {
    let mut text = String::from(
        "\n\n# Per-call options\n\nA call takes its own timeout, extra headers and retry \
         policy before it is awaited (or all at once as [`CallOptions`]).",
    );
    text.push_str(&block(
        &format!(
            "{client}let response = {call}\n    \
             .timeout(std::time::Duration::from_secs(5))\n    \
             .header(\"x-request-id\", \"7f3c\")\n    \
             .no_retry()\n    \
             .await?;\n\
             let retried = {call}.retry({krate}::RetryPolicy::new(5)).await?;\n"
        ),
        None,
        true,
    ));
    text.push_str(
        "\n\n# Errors\n\nAn [`Error`] says what failed: a documented error status with its \
         decoded body ([`Error::Api`]), an undocumented status, a transport failure (with the \
         attempts made), a body that does not decode, or a parameter that breaks the spec. \
         Every error answers `is_timeout()`, `is_connect()`, `is_retryable()` and `status()`.",
    );
    text.push_str(&block(
        &format!(
            "{client}match {call}.await {{\n    \
             Ok(response) => println!(\"{{response:?}}\"),\n    \
             Err({krate}::Error::Api {{ status, body, .. }}) => println!(\"{{status}}: {{body:?}}\"),\n    \
             Err(e) if e.is_timeout() => println!(\"timed out: {{e}}\"),\n    \
             Err(e) if e.is_retryable() => println!(\"worth another try later: {{e}}\"),\n    \
             Err(e) => println!(\"{{e}} (status {{:?}})\", e.status()),\n}}\n"
        ),
        None,
        true,
    ));
    text.push_str(
        "\n\n# The whole response\n\n`.with_response()` gives the status and headers with \
         the decoded body ([`Response`]).",
    );
    text.push_str(&block(
        &format!(
            "{client}let response = {call}.with_response().await?;\n\
             println!(\"{{}} {{:?}}\", response.status(), response.headers());\n\
             let body = response.into_body();\n"
        ),
        None,
        true,
    ));
    text
}

/// The sections of the `mock`, `blocking` and `tracing` features.
fn feature_sections(
    krate: &str,
    call: Option<&str>,
    new_args: &str,
    client: &str,
    block: &dyn Fn(&str, Option<&str>, bool) -> String,
) -> String {
    let mut text = String::from(
        "\n\n# Mocking (feature `mock`)\n\nWith the `mock` feature (under \
         `[dev-dependencies]`), the `mock` module has a typed mock of each operation on a \
         wiremock server (re-exported as `mock::wiremock`), for tests of code that uses the \
         client: no network beyond loopback and no hand-written JSON.",
    );
    text.push_str(&block(
        &format!(
            "let server = {krate}::mock::wiremock::MockServer::start().await;\n\
             let client = {krate}::Client::builder().base_url(server.uri()).build()?;\n"
        ),
        Some("mock"),
        true,
    ));
    text.push_str(
        "\n\n# Blocking (feature `blocking`)\n\nThe `blocking` feature adds \
         `blocking::Client`, with the same methods, calls (sent with `.send()`, their items an \
         `Iterator`) and errors, for code without an async runtime.",
    );
    let send = call.map(|call| format!("let response = {}.send()?;\n", call)).unwrap_or_default();
    text.push_str(&block(
        &format!("let client = {krate}::blocking::Client::new({new_args})?;\n{send}"),
        Some("blocking"),
        false,
    ));
    text.push_str(
        "\n\n# Tracing (feature `tracing`)\n\nThe `tracing` feature gives each call an \
         `INFO` span named `call`, for any `tracing` subscriber, with `operation_id`, `method`, \
         `path` (the template, not the URL) and, once known, `status`, `attempts` and \
         `elapsed_ms`; never a header, a credential, a query or a body. Off, it costs nothing.",
    );
    let traced = call
        .map(|call| {
            format!("{client}// With a subscriber set (`tracing-subscriber`, say), the call is a span `call`.\n{call}.await?;\n")
        })
        .unwrap_or_default();
    if !traced.is_empty() {
        text.push_str(&block(&traced, Some("tracing"), true));
    }
    text
}

/// `client.<operation>(<arguments>)` for an operation whose required arguments all have
/// examples, as the crate page's examples call it.
fn call_expr(op: &Operation) -> Option<String> {
    let args: Option<Vec<String>> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let example = p.example.as_ref()?;
            match &p.shape.ty {
                Ty::String => Some(format!("{example:?}")),
                Ty::Named { .. } => Some(format!("&{example:?}.parse()?")),
                _ => None,
            }
        })
        .collect();
    Some(format!("client.{}({})", op.rust_name, args?.join(", ")))
}

/// The call of the first paged operation without a body whose required arguments all have
/// examples, after `let` lines for its arguments: its items borrow them.
fn paged_call(api: &Api) -> Option<String> {
    let mut paged = api.operations.iter().filter(|op| op.pagination.is_some() && op.body.is_none());
    paged.find_map(|op| {
        let mut lets = String::new();
        let mut args = Vec::new();
        for (i, p) in op.params.iter().filter(|p| p.required).enumerate() {
            let example = p.example.as_ref()?;
            match &p.shape.ty {
                Ty::String => args.push(format!("{example:?}")),
                Ty::Named { .. } => {
                    lets.push_str(&format!("let arg{i} = {example:?}.parse()?;\n"));
                    args.push(format!("&arg{i}"));
                }
                _ => return None,
            }
        }
        Some(format!("{lets}let mut items = client.{}({}).items();", op.rust_name, args.join(", ")))
    })
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

//! The runtime every generated client shares, in a crate of its own so that it is compiled,
//! linted and tested where it is edited.
//!
//! `src/runtime.rs` is the runtime: the generator embeds it and writes it, unchanged, as the
//! `src/runtime.rs` of every client, leaving out the pagers for clients without paged operations
//! and the form and multipart encoders at its end for clients without such bodies. This file stands in for the rest of a generated crate: it names
//! the same modules and re-exports the same items as a generated `lib.rs`.
//!
//! The tests (`src/tests.rs`) are a module of this crate, not of the runtime, so that clients do
//! not get them; what they test is therefore at least `pub(crate)`.

#![warn(missing_docs)]

/// A generated client's `client.rs`, as far as the runtime refers to it, for a spec that names
/// no server and no security scheme.
mod client {
    use super::runtime::{BuildError, Client};

    pub(crate) const DEFAULT_BASE_URL: Option<&str> = None;

    impl Client {
        /// A client for the spec's server.
        pub fn new() -> Result<Self, BuildError> {
            Self::builder().build()
        }
    }
}

mod runtime;

/// What a generated client's `mock` module shares, compiled here as a client with the `mock`
/// feature compiles it.
#[cfg(feature = "mock")]
mod mock_support;

// `self::`, since the crate is called `runtime` too.
pub use self::runtime::{
    AfterResponse, BlockingCall, BuildError, CallFuture, CallOptions, Client, ClientBuilder, Error,
    Hook, HookFuture, Items, Response, RetryPolicy, TransportError, ValidationError, WithResponse,
};
/// The HTTP client underneath, as a generated crate re-exports it.
pub use ::reqwest;

#[cfg(test)]
mod tests;

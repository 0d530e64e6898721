//! Typed model of the Megaventory API v2017a and a transport-agnostic client.
//!
//! * [`model`]: serde types with the API's exact field names; lenient inbound, strict outbound.
//! * [`request`]: one type per operation implementing [`Request`], each stating its
//!   [`RetrySafety`].
//! * [`Client`]: envelope decoding, key handling, retries with backoff and jitter, and the
//!   lookup-before-retry protocol for inserts the server would happily duplicate.
//! * [`transport`]: [`Transport`] implementations — `native` (plain HTTP over `std::net`, for
//!   tests and tools) and `gloo` (wasm32: browser page, Web Worker, Node 20).

pub mod client;
mod decimal;
pub mod envelope;
pub mod error;
mod key;
pub mod lenient;
pub mod model;
pub mod request;
pub mod retry;
pub mod transport;

pub use client::{CallEvent, CallOutcome, Client};
pub use decimal::{Decimal, DecimalError};
pub use envelope::ResponseStatus;
pub use error::{ApiError, Conflict, Error, TransportError, TransportErrorKind};
pub use key::{ApiKey, InvalidApiKey};
pub use request::{Lookup, LookupFound, Request, RetrySafety};
pub use retry::RetryPolicy;
pub use transport::{Endpoint, RawResponse, Transport};

//! Transports execute one HTTP exchange; everything else (envelope, retries, keys) is the
//! client's. `send` is an `async fn` without a `Send` bound: in wasm everything runs on
//! one thread, natively calls run on `futures::executor` with I/O on background threads.

use crate::error::TransportError;
use std::fmt;
use std::future::Future;
use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

#[cfg(target_arch = "wasm32")]
pub mod gloo;

/// One HTTP answer, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    /// `Retry-After` in seconds, when the server sent one.
    pub retry_after: Option<Duration>,
}

impl RawResponse {
    pub fn ok(body: impl Into<String>) -> Self {
        RawResponse {
            status: 200,
            body: body.into(),
            retry_after: None,
        }
    }
}

pub trait Transport {
    /// POSTs `body` (a JSON object) for `operation` and returns the answer.
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>>;
    /// Waits without blocking other calls on the same executor.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;
    /// Wall-clock milliseconds (seeds the retry jitter; times calls for the observer).
    fn now_millis(&self) -> u64;
}

/// Where requests go and which extra headers they carry. Direct mode talks to the API;
/// relay mode goes through the WordPress plugin, which adds the key server-side.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    route: Route,
    headers: Vec<(String, String)>,
}

#[derive(Clone, PartialEq, Eq)]
enum Route {
    /// `{base_url}json/reply/{Operation}`, base like `https://api.megaventory.com/v2017a/`.
    Direct { base_url: String },
    /// `{site_url}/wp-json/megaventory/v1/relay/{Operation}`.
    Relay { site_url: String },
}

impl Endpoint {
    pub fn direct(base_url: impl Into<String>) -> Endpoint {
        let mut base_url = base_url.into().trim().to_owned();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        Endpoint {
            route: Route::Direct { base_url },
            headers: Vec::new(),
        }
    }

    pub fn relay(site_url: impl Into<String>) -> Endpoint {
        let site_url = site_url.into().trim().trim_end_matches('/').to_owned();
        Endpoint {
            route: Route::Relay { site_url },
            headers: Vec::new(),
        }
    }

    /// Adds a header sent with every request (e.g. a WordPress nonce in relay mode).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Endpoint {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn url_for(&self, operation: &str) -> String {
        match &self.route {
            Route::Direct { base_url } => format!("{base_url}json/reply/{operation}"),
            Route::Relay { site_url } => {
                format!("{site_url}/wp-json/megaventory/v1/relay/{operation}")
            }
        }
    }

    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

impl fmt::Debug for Endpoint {
    // Header values may be credentials (nonces, cookies): print names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Endpoint")
            .field("url", &self.url_for("{Operation}"))
            .field("header_names", &names)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            Endpoint::direct("http://127.0.0.1:9/v2017a").url_for("ProductGet"),
            "http://127.0.0.1:9/v2017a/json/reply/ProductGet"
        );
        assert_eq!(
            Endpoint::relay("https://shop.example/").url_for("ProductGet"),
            "https://shop.example/wp-json/megaventory/v1/relay/ProductGet"
        );
        let e = Endpoint::direct("http://x/").with_header("X-WP-Nonce", "secret-nonce");
        assert!(!format!("{e:?}").contains("secret-nonce"));
    }
}

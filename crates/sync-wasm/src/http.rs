//! HTTP to WordPress (`wc/v3` and `megaventory/v1`) over gloo-net's global `fetch`, and the
//! Megaventory transport that goes through the plugin's relay.

use crate::auth::Auth;
use crate::protocol::unwrap_relay;
use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use megaventory::transport::gloo::sleep;
use megaventory::{RawResponse, Transport, TransportError, TransportErrorKind};
use serde_json::Value;
use std::future::Future;
use std::time::Duration;
use sync_core::SideError;

/// How long one WordPress request may take before it counts as failed (transiently).
const WORDPRESS_TIMEOUT: Duration = Duration::from_secs(60);

/// The header that keeps the plugin from recording the worker's own writes in the outbox.
pub const WORKER_HEADER: &str = "X-Megaventory-Sync-Worker";

#[derive(Debug, Clone)]
pub struct WpResponse {
    pub status: u16,
    /// `X-WP-Total` of list answers.
    pub total: Option<u64>,
    pub body: String,
}

impl WpResponse {
    pub fn json(&self) -> Result<Value, SideError> {
        serde_json::from_str(&self.body).map_err(|e| {
            SideError::transient(format!(
                "WordPress answered HTTP {} with something that is not JSON ({e}): {}",
                self.status,
                snippet(&self.body)
            ))
        })
    }

    /// WordPress's error `code` (`rest_no_route`, `mvsync_lease_lost`, …), if the body has one.
    pub fn error_code(&self) -> Option<String> {
        serde_json::from_str::<Value>(&self.body)
            .ok()?
            .get("code")?
            .as_str()
            .map(str::to_string)
    }
}

fn snippet(text: &str) -> String {
    let cut: String = text.chars().take(200).collect();
    cut.replace('\n', " ")
}

#[derive(Debug, Clone)]
pub struct WpClient {
    /// `https://shop.example/wp-json/` or `https://shop.example/?rest_route=/`.
    rest_root: String,
    auth: Auth,
}

impl WpClient {
    pub fn new(rest_root: String, auth: Auth) -> WpClient {
        WpClient { rest_root, auth }
    }

    pub fn url(&self, path: &str, query: &[(&str, String)]) -> String {
        let mut url = format!("{}{}", self.rest_root, path.trim_start_matches('/'));
        let mut separator = if url.contains('?') { '&' } else { '?' };
        for (name, value) in query {
            url.push(separator);
            url.push_str(name);
            url.push('=');
            url.push_str(&encode_component(value));
            separator = '&';
        }
        url
    }

    /// Sends one request. `Ok` for every HTTP answer (callers decide what a 404 means);
    /// `Err` for network failures and timeouts (transient).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        worker_write: bool,
    ) -> Result<WpResponse, SideError> {
        let url = self.url(path, query);
        let mut builder = RequestBuilder::new(&url).method(method);
        if let Some((name, value)) = self.auth.header() {
            builder = builder.header(name, &value);
        }
        if worker_write {
            builder = builder.header(WORKER_HEADER, "1");
        }
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.to_string()),
            None => builder.build(),
        }
        .map_err(|e| SideError::permanent(format!("cannot build the request to {url}: {e}")))?;
        let exchange_url = url.clone();
        let exchange = async move {
            let url = exchange_url;
            let response = request.send().await.map_err(|e| {
                SideError::transient(format!("WordPress at {url} cannot be reached: {e}"))
            })?;
            let status = response.status();
            let total = response
                .headers()
                .get("x-wp-total")
                .and_then(|v| v.trim().parse().ok());
            let body = response.text().await.map_err(|e| {
                SideError::transient(format!("reading WordPress's answer from {url} failed: {e}"))
            })?;
            Ok(WpResponse {
                status,
                total,
                body,
            })
        };
        match select(Box::pin(exchange), Box::pin(sleep(WORDPRESS_TIMEOUT))).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(SideError::transient(format!(
                "WordPress did not answer {url} within {} s",
                WORDPRESS_TIMEOUT.as_secs()
            ))),
        }
    }

    /// Like `send`, but any answer other than 2xx becomes an error naming the route, the status
    /// and WordPress's code; 404 answers `Ok(None)` when `missing_is_none`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        worker_write: bool,
    ) -> Result<WpResponse, SideError> {
        let response = self.send(method, path, query, body, worker_write).await?;
        check(path, response)
    }
}

/// Turns a non-2xx answer into a `SideError`: 401/403 and other 4xx are permanent (the request
/// will not work as is), 429 and 5xx transient.
pub fn check(path: &str, response: WpResponse) -> Result<WpResponse, SideError> {
    if (200..300).contains(&response.status) {
        return Ok(response);
    }
    let parsed: Option<Value> = serde_json::from_str(&response.body).ok();
    let code = parsed
        .as_ref()
        .and_then(|v| v.get("code")?.as_str().map(str::to_string))
        .unwrap_or_default();
    let message = parsed
        .as_ref()
        .and_then(|v| v.get("message")?.as_str().map(str::to_string))
        .unwrap_or_else(|| snippet(&response.body));
    let text = match response.status {
        401 | 403 => format!(
            "WordPress refused {path} (HTTP {} {code}): {message}. Check the user, its application password or nonce, and that it may manage WooCommerce",
            response.status
        ),
        status => format!("WordPress answered {path} with HTTP {status} {code}: {message}"),
    };
    if response.status == 429 || response.status >= 500 {
        Err(SideError::transient(text))
    } else {
        Err(SideError::permanent(text))
    }
}

/// Percent-encoding for a query value (RFC 3986 unreserved characters pass; `,` too, for id lists).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Megaventory through the plugin's `POST megaventory/v1/relay/{Operation}`: the plugin adds the
/// API key, so the browser never holds it.
#[derive(Debug, Clone)]
pub struct RelayTransport {
    wp: WpClient,
}

impl RelayTransport {
    pub fn new(wp: WpClient) -> RelayTransport {
        RelayTransport { wp }
    }
}

impl Transport for RelayTransport {
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>> {
        let wp = self.wp.clone();
        let path = format!("megaventory/v1/relay/{operation}");
        async move {
            let value: Value = serde_json::from_str(&body).map_err(|e| {
                TransportError::new(
                    TransportErrorKind::Other,
                    false,
                    format!("request body: {e}"),
                )
            })?;
            let response = wp
                .send(Method::POST, &path, &[], Some(&value), false)
                .await
                // A failed fetch may still have reached the server.
                .map_err(|e| TransportError::new(TransportErrorKind::Io, true, e.message))?;
            let (status, body) = unwrap_relay(response.status, response.body);
            Ok(RawResponse {
                status,
                body,
                retry_after: None,
            })
        }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        sleep(duration)
    }

    fn now_millis(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

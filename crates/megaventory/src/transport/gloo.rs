//! wasm32 transport: `fetch` through gloo-net. Works in a browser page, a Web Worker and
//! Node 20, because gloo-net binds the global `fetch` and the timers below use the global
//! `setTimeout` (Node needs absolute URLs). The request timeout is the client's: it races
//! each send against [`Transport::sleep`].

use super::{Endpoint, RawResponse, Transport};
use crate::error::{TransportError, TransportErrorKind};
use std::future::Future;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // The global function, present in pages, workers and Node alike (unlike `window.setTimeout`).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, timeout_ms: i32) -> JsValue;
}

/// HTTP transport over the host's `fetch`.
#[derive(Debug, Clone)]
pub struct GlooTransport {
    endpoint: Endpoint,
}

impl GlooTransport {
    pub fn new(endpoint: Endpoint) -> Self {
        GlooTransport { endpoint }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl Transport for GlooTransport {
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>> {
        let url = self.endpoint.url_for(operation);
        let headers = self.endpoint.headers().to_vec();
        async move {
            let mut builder =
                gloo_net::http::Request::post(&url).header("Content-Type", "application/json");
            for (name, value) in &headers {
                builder = builder.header(name, value);
            }
            let request = builder.body(body).map_err(|e| {
                TransportError::new(
                    TransportErrorKind::InvalidUrl,
                    false,
                    format!("cannot build the request for {url}: {e}"),
                )
            })?;
            // `fetch` does not say whether a failed request reached the server, so a network
            // failure counts as possibly applied.
            let response = request.send().await.map_err(|e| {
                TransportError::new(TransportErrorKind::Io, true, format!("fetch failed: {e}"))
            })?;
            let status = response.status();
            // Readable cross-origin only if the server exposes it; otherwise backoff applies.
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = response.text().await.map_err(|e| {
                TransportError::new(
                    TransportErrorKind::Io,
                    true,
                    format!("reading the answer failed: {e}"),
                )
            })?;
            Ok(RawResponse {
                status,
                body,
                retry_after,
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

/// Resolves after `duration` via the global `setTimeout`.
pub async fn sleep(duration: Duration) {
    let millis = duration.as_millis().min(i32::MAX as u128) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, millis);
    });
    let _ = JsFuture::from(promise).await;
}

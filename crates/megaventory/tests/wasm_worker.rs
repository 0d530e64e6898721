//! GlooTransport + Client in a dedicated Web Worker in headless Chromium.
//! Needs a running simulator; see the crate README for the command.
#![cfg(target_arch = "wasm32")]

mod wasm_shared;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn key_check_and_settings() {
    wasm_shared::key_check_and_settings().await
}

#[wasm_bindgen_test]
async fn product_upsert_and_conflict() {
    wasm_shared::product_upsert_and_conflict().await
}

#[wasm_bindgen_test]
async fn sales_order_insert_and_cancel() {
    wasm_shared::sales_order_insert_and_cancel().await
}

#[wasm_bindgen_test]
async fn sleep_and_clock_work() {
    wasm_shared::sleep_and_clock_work().await
}

#[wasm_bindgen_test]
async fn unreachable_server_is_a_transport_error() {
    wasm_shared::unreachable_server_is_a_transport_error().await
}

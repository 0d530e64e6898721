//! wasm-bindgen bindings over `sync-core`: an `Engine` object for the admin page's Web Worker
//! and the headless Node worker, with HTTP implementations of the engine's two sides.
//!
//! * [`auth`], [`protocol`], [`control`], [`preview_side`]: plain Rust, tested natively.
//! * `http` (WordPress and the relay), `http_woo` (`HttpWooSide`), `bindings` (the JS
//!   surface, documented in README.md): wasm32 only.

pub mod auth;
pub mod control;
pub mod preview_side;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod http_woo;

/// The Megaventory operations the engine can call: the plugin's relay must allow each one.
pub fn relay_operations() -> Vec<&'static str> {
    use megaventory::request::*;
    let mut operations = vec![
        ApiKeyGet::OPERATION,
        AccountSettingsGet::OPERATION,
        CurrencyGet::OPERATION,
        ProductGet::OPERATION,
        ProductUpdate::OPERATION,
        ProductDelete::OPERATION,
        ProductUndelete::OPERATION,
        ProductCategoryGet::OPERATION,
        ProductCategoryUpdate::OPERATION,
        ProductCategoryUndelete::OPERATION,
        SupplierClientGet::OPERATION,
        SupplierClientUpdate::OPERATION,
        SupplierClientDelete::OPERATION,
        SupplierClientUndelete::OPERATION,
        TaxGet::OPERATION,
        TaxUpdate::OPERATION,
        DiscountGet::OPERATION,
        DiscountUpdate::OPERATION,
        DiscountDelete::OPERATION,
        DiscountUndelete::OPERATION,
        InventoryLocationGet::OPERATION,
        InventoryLocationUpdate::OPERATION,
        InventoryLocationStockGet::OPERATION,
        DocumentGet::OPERATION,
        DocumentUpdate::OPERATION,
        SalesOrderGet::OPERATION,
        SalesOrderUpdate::OPERATION,
        SalesOrderCancel::OPERATION,
        IntegrationUpdateGet::OPERATION,
        IntegrationUpdateDelete::OPERATION,
    ];
    operations.sort_unstable();
    operations.dedup();
    operations
}

#[cfg(test)]
mod tests {
    #[test]
    fn relay_operations_are_the_client_operations_the_engine_uses() {
        let operations = super::relay_operations();
        assert_eq!(operations.len(), 30);
        for expected in [
            "APIKeyGet",
            "DocumentGet",
            "SalesOrderCancel",
            "IntegrationUpdateDelete",
        ] {
            assert!(operations.contains(&expected), "{expected} missing");
        }
    }
}

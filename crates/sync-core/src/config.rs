//! What the shop owner configures. Serialisable so hosts can pass it in as JSON.

use megaventory::model::PaymentMethod as MvPaymentMethod;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncConfig {
    /// The shop's currency (`woocommerce_currency`); must equal Megaventory's default currency.
    pub shop_currency: String,
    /// SKU of the Service product that carries shipping rows.
    pub shipping_sku: String,
    /// SKU of the Service product that carries fee rows.
    pub fee_sku: String,
    /// Name of the Megaventory client that receives guest orders.
    pub guest_client_name: String,
    /// WooCommerce gateway id (`bacs`, `cod`, …) → Megaventory payment method (`BankTransfer`, …).
    /// Unlisted gateways send `None`.
    pub payment_methods: BTreeMap<String, String>,
    /// Inventory locations whose stock counts for WooCommerce. Empty = all locations.
    pub included_location_ids: Vec<i64>,
    /// Where sales orders are placed; `None` = the account's default location.
    pub default_order_location: Option<i64>,
    /// Megaventory calls in flight at once during imports.
    pub concurrency: usize,
    /// WooCommerce order statuses that create a sales order (the delay is applied by PHP).
    pub order_trigger_statuses: Vec<String>,
    /// WooCommerce products per page read by imports.
    pub page_size: u32,
    /// `mvInsertUpdateDeleteSourceApplication`: Megaventory does not echo changes tagged with it.
    pub source_application: String,
    /// `Application` of our integration-update queue.
    pub integration_application: String,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            shop_currency: "USD".into(),
            shipping_sku: "shipping".into(),
            fee_sku: "extra_fee_service".into(),
            guest_client_name: "WooCommerce_Guest".into(),
            payment_methods: [
                ("bacs", "BankTransfer"),
                ("cheque", "Check"),
                ("cod", "Cash"),
            ]
            .into_iter()
            .map(|(gateway, method)| (gateway.to_string(), method.to_string()))
            .collect(),
            included_location_ids: Vec::new(),
            default_order_location: None,
            concurrency: 8,
            order_trigger_statuses: vec!["processing".into(), "on-hold".into()],
            page_size: 50,
            source_application: "woocommerce".into(),
            integration_application: "Woocommerce".into(),
        }
    }
}

impl SyncConfig {
    pub fn payment_method(&self, gateway_id: &str) -> MvPaymentMethod {
        match self.payment_methods.get(gateway_id) {
            Some(method) => MvPaymentMethod::parse(method),
            None => MvPaymentMethod::NoMethod,
        }
    }

    pub fn location_included(&self, location_id: i64) -> bool {
        self.included_location_ids.is_empty() || self.included_location_ids.contains(&location_id)
    }

    pub fn triggers_sales_order(&self, wc_status: &str) -> bool {
        self.order_trigger_statuses
            .iter()
            .any(|s| s.eq_ignore_ascii_case(wc_status))
    }

    pub fn concurrency(&self) -> usize {
        self.concurrency.max(1)
    }
}

//! The WooCommerce side of the engine. Implemented by the PHP plugin's REST API (through a
//! wasm HTTP client) and by [`crate::testing::MemoryShop`]. `async fn` without a `Send`
//! bound: the engine runs on one thread (a browser, a worker, Node, a test executor).

#![allow(async_fn_in_trait)]

use crate::error::{SideError, SyncError};
use crate::mapping::product::ProductFamily;
use crate::woo::{Category, Coupon, Customer, Order, OrderStatus, TaxRate};
use megaventory::model::IntegrationUpdate;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One page of a list and the total number of items in the list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// What a link connects. Products and variations share `Product`: WooCommerce gives them ids
/// from one sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Product,
    /// Customers; wc id 0 is the guest client.
    Client,
    Discount,
    Tax,
    SalesOrder,
}

/// WooCommerce id ↔ Megaventory id, and the content hash of what was last sent (0 = unknown:
/// the next sync sends it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub wc_id: u64,
    pub mv_id: i64,
    pub hash: u64,
    /// What the admin screens show for the Megaventory record, e.g. `SO 12 · Main · Verified`
    /// for a sales order. Display only: not part of the hash, `None` when nothing is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxKind {
    Product,
    Variation,
    Customer,
    Coupon,
    TaxRate,
    Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxAction {
    Upsert,
    Delete,
    /// A coupon was used on an order.
    Used,
    Create,
    Cancel,
}

/// What the PHP side captured with the event, for when the entity is gone by the time it runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventPayload {
    pub sku: Option<String>,
    pub mv_id: Option<i64>,
}

/// A change recorded by the PHP plugin, to be sent to Megaventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEvent {
    pub id: u64,
    pub kind: OutboxKind,
    pub action: OutboxAction,
    pub wc_id: u64,
    pub attempts: u32,
    #[serde(default)]
    pub payload: EventPayload,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    Info,
    Warning,
    Error,
}

/// One line of the sync log the admin sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub level: LogLevel,
    /// `SyncError::code`, or an event such as `product.created`.
    pub code: String,
    pub entity: Option<crate::error::EntityRef>,
    pub message: String,
}

impl LogEntry {
    pub fn info(
        code: impl Into<String>,
        entity: Option<crate::error::EntityRef>,
        message: impl Into<String>,
    ) -> LogEntry {
        LogEntry {
            level: LogLevel::Info,
            code: code.into(),
            entity,
            message: message.into(),
        }
    }

    pub fn from_error(level: LogLevel, error: &SyncError) -> LogEntry {
        LogEntry {
            level,
            code: error.code.to_string(),
            entity: Some(error.entity.clone()),
            message: error.message.clone(),
        }
    }
}

/// The answer to a poll lease request (see [`WooSide::lease_poll`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollLease {
    /// Taken fresh: another worker may have polled since this one last did.
    Granted,
    /// This worker held it already; nobody else polled in between.
    Renewed,
    /// Another worker is polling; this one only drains the outbox.
    HeldElsewhere,
}

pub trait WooSide {
    // Lists, page by page (pages start at 1).
    /// Products with their variations. The engine filters by type and status.
    async fn products_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ProductFamily>, SideError>;
    async fn customers_page(&self, page: u32, per_page: u32) -> Result<Page<Customer>, SideError>;
    async fn coupons_page(&self, page: u32, per_page: u32) -> Result<Page<Coupon>, SideError>;
    async fn tax_rates_page(&self, page: u32, per_page: u32) -> Result<Page<TaxRate>, SideError>;
    /// The whole category tree (for full category paths).
    async fn categories(&self) -> Result<Vec<Category>, SideError>;

    // Single reads; `None` when the entity does not exist (any more).
    /// A product, or the parent of a variation id, with all its variations.
    async fn product(&self, wc_id: u64) -> Result<Option<ProductFamily>, SideError>;
    async fn customer(&self, wc_id: u64) -> Result<Option<Customer>, SideError>;
    async fn coupon(&self, wc_id: u64) -> Result<Option<Coupon>, SideError>;
    async fn order(&self, wc_id: u64) -> Result<Option<Order>, SideError>;
    async fn tax_rate(&self, wc_id: u64) -> Result<Option<TaxRate>, SideError>;

    // Writes from Megaventory. They must not raise outbox events of their own.
    /// Stock of a simple product or a variation (manage stock turned on).
    async fn set_stock(&self, wc_id: u64, quantity: i64) -> Result<(), SideError>;
    async fn set_purchase_price(&self, wc_id: u64, price: &str) -> Result<(), SideError>;
    async fn set_order_status(&self, wc_id: u64, status: &OrderStatus) -> Result<(), SideError>;

    /// Takes or renews, for `lease`, the right to poll Megaventory's integration updates, which
    /// one worker holds at a time: two pollers would each apply older rows the other's
    /// "newest applied" marks should have skipped.
    async fn lease_poll(&self, lease: Duration) -> Result<PollLease, SideError>;
    /// Hands the poll lease back (a stopping worker), so the next poll need not wait for it.
    async fn release_poll(&self) -> Result<(), SideError> {
        Ok(())
    }

    // The outbox.
    /// Up to `max` due events, leased for `lease` (not handed out again before it ends).
    async fn claim(&self, max: usize, lease: Duration) -> Result<Vec<OutboxEvent>, SideError>;
    async fn ack(&self, event_ids: &[u64]) -> Result<(), SideError>;
    /// Retry after `retry_after`, or dead-letter the event with `None`.
    async fn fail(
        &self,
        event_id: u64,
        error: &SyncError,
        retry_after: Option<Duration>,
    ) -> Result<(), SideError>;

    // Links.
    async fn get_links(&self, kind: LinkKind, wc_ids: &[u64]) -> Result<Vec<Link>, SideError>;
    async fn links_by_mv(&self, kind: LinkKind, mv_ids: &[i64]) -> Result<Vec<Link>, SideError>;
    async fn put_link(&self, link: Link) -> Result<(), SideError>;
    async fn delete_link(&self, kind: LinkKind, wc_id: u64) -> Result<(), SideError>;

    // Checkpoints of long jobs.
    async fn load_checkpoint(&self, job: &str) -> Result<Option<serde_json::Value>, SideError>;
    async fn save_checkpoint(&self, job: &str, state: &serde_json::Value) -> Result<(), SideError>;
    async fn clear_checkpoint(&self, job: &str) -> Result<(), SideError>;

    async fn log(&self, entry: LogEntry) -> Result<(), SideError>;
    /// Several log lines; a side that can write them in one request overrides this.
    async fn log_many(&self, entries: Vec<LogEntry>) -> Result<(), SideError> {
        for entry in entries {
            self.log(entry).await?;
        }
        Ok(())
    }
    /// An integration update that failed permanently; it is deleted from Megaventory afterwards.
    async fn park(&self, update: &IntegrationUpdate, error: &SyncError) -> Result<(), SideError>;
}

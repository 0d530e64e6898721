//! Errors and warnings that name the entity they are about. `code` is stable (hosts translate
//! and count by it); `message` is for people. Never contains an API key: Megaventory errors
//! arrive already redacted by the client.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of thing an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Product,
    Variation,
    Customer,
    Coupon,
    TaxRate,
    Order,
    IntegrationUpdate,
    Account,
    Job,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Product => "product",
            EntityKind::Variation => "variation",
            EntityKind::Customer => "customer",
            EntityKind::Coupon => "coupon",
            EntityKind::TaxRate => "tax rate",
            EntityKind::Order => "order",
            EntityKind::IntegrationUpdate => "integration update",
            EntityKind::Account => "account",
            EntityKind::Job => "job",
        }
    }
}

/// The entity: its kind, its WooCommerce id (the integration-update id for those) and a label
/// people recognise (SKU, coupon code, user name, order number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    pub wc_id: u64,
    pub label: String,
}

impl EntityRef {
    pub fn new(kind: EntityKind, wc_id: u64, label: impl Into<String>) -> EntityRef {
        EntityRef {
            kind,
            wc_id,
            label: label.into(),
        }
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.kind.as_str(), self.wc_id)?;
        if !self.label.is_empty() {
            write!(f, " ({})", self.label)?;
        }
        Ok(())
    }
}

/// Whether trying again later can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// The input must change first (bad data, a refused entity).
    Permanent,
    /// The network, a rate limit, a server hiccup: retry with backoff.
    Transient,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncError {
    pub code: &'static str,
    pub entity: EntityRef,
    pub message: String,
    pub retry: Retry,
}

impl SyncError {
    pub fn permanent(
        code: &'static str,
        entity: &EntityRef,
        message: impl Into<String>,
    ) -> SyncError {
        SyncError {
            code,
            entity: entity.clone(),
            message: message.into(),
            retry: Retry::Permanent,
        }
    }

    pub fn transient(
        code: &'static str,
        entity: &EntityRef,
        message: impl Into<String>,
    ) -> SyncError {
        SyncError {
            code,
            entity: entity.clone(),
            message: message.into(),
            retry: Retry::Transient,
        }
    }

    /// A Megaventory call failed for this entity. Business errors are permanent; transport
    /// failures, 429 and 5xx are transient.
    pub fn megaventory(entity: &EntityRef, error: &megaventory::Error) -> SyncError {
        let (code, retry) = match error {
            megaventory::Error::Api(_) => ("megaventory.refused", Retry::Permanent),
            e if e.is_retryable() => ("megaventory.unavailable", Retry::Transient),
            megaventory::Error::Decode { .. } => ("megaventory.bad_answer", Retry::Transient),
            _ => ("megaventory.failed", Retry::Permanent),
        };
        SyncError {
            code,
            entity: entity.clone(),
            message: error.to_string(),
            retry,
        }
    }

    /// The WooCommerce side failed (its REST API, the database behind it).
    pub fn woo(entity: &EntityRef, error: &SideError) -> SyncError {
        SyncError {
            code: "woocommerce.unavailable",
            entity: entity.clone(),
            message: error.message.clone(),
            retry: if error.transient {
                Retry::Transient
            } else {
                Retry::Permanent
            },
        }
    }

    /// For `woocommerce.unavailable` errors: the side failure they wrap (the job stops).
    pub fn is_side_failure(&self) -> bool {
        self.code == "woocommerce.unavailable"
    }

    pub fn into_side_error(self) -> SideError {
        SideError {
            transient: self.is_transient(),
            message: self.message,
        }
    }

    pub fn is_transient(&self) -> bool {
        self.retry == Retry::Transient
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.entity, self.code, self.message)
    }
}

impl std::error::Error for SyncError {}

/// A failure of the WooCommerce side ([`crate::engine::WooSide`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideError {
    pub message: String,
    /// Worth retrying (a timeout, a 5xx); `false` for "this will not work" (a 403).
    pub transient: bool,
}

impl SideError {
    pub fn transient(message: impl Into<String>) -> SideError {
        SideError {
            message: message.into(),
            transient: true,
        }
    }

    pub fn permanent(message: impl Into<String>) -> SideError {
        SideError {
            message: message.into(),
            transient: false,
        }
    }
}

impl fmt::Display for SideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SideError {}

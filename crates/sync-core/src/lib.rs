//! WooCommerce ⇄ Megaventory mapping and the sync engine. No I/O of its own and no JS types:
//! WooCommerce is reached through [`engine::WooSide`], Megaventory through
//! [`megaventory::Client`], so the same code runs natively and as wasm.

pub mod config;
pub mod engine;
pub mod error;
pub mod hash;
pub mod inbound;
pub mod mapping;
pub mod num;
#[cfg(feature = "testing")]
pub mod testing;
pub mod woo;

pub use config::SyncConfig;
pub use engine::{Engine, Link, LinkKind, OutboxAction, OutboxEvent, OutboxKind, WooSide};
pub use error::{EntityKind, EntityRef, Retry, SideError, SyncError};

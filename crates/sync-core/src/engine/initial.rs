//! Initial synchronisation: check the account, create what must exist, link what already
//! exists. Every step is idempotent, so a failed or interrupted run is simply run again.

use super::{Engine, JobError, Link, LinkKind, WooSide};
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::mapping::product::{map_family, FamilyPlan};
use crate::mapping::tax::shared_name_rate_warnings;
use megaventory::model::{InventoryLocation, Product, ProductType};
use megaventory::request::*;
use megaventory::Transport;
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct InitialReport {
    /// What was created in Megaventory (human-readable).
    pub created: Vec<String>,
    pub taxes_linked: u64,
    pub products_linked: u64,
    pub errors: Vec<SyncError>,
    pub warnings: Vec<SyncError>,
}

impl<'a, W: WooSide, T: Transport> Engine<'a, W, T> {
    /// The account checks alone: valid key, administrator, WooCommerce integration enabled,
    /// default currency = the shop's.
    pub async fn check_account(&self) -> Result<(), SyncError> {
        let entity = EntityRef::new(EntityKind::Account, 0, "Megaventory account");
        let status = self
            .mv
            .check_api_key()
            .await
            .map_err(|e| SyncError::megaventory(&entity, &e))?;
        if !status.valid {
            return Err(SyncError::permanent(
                "account.invalid_key",
                &entity,
                "Megaventory does not accept the API key",
            ));
        }
        if status.expired {
            return Err(SyncError::permanent(
                "account.expired",
                &entity,
                "the Megaventory account has expired",
            ));
        }
        if !status.admin {
            return Err(SyncError::permanent(
                "account.not_admin",
                &entity,
                "the API key must belong to a Megaventory administrator",
            ));
        }
        let settings = self
            .mv
            .call(&AccountSettingsGet::named("isWoocommerceEnabled"))
            .await
            .map_err(|e| SyncError::megaventory(&entity, &e))?;
        if !settings
            .get("isWoocommerceEnabled")
            .is_some_and(|s| s.as_bool())
        {
            return Err(SyncError::permanent(
                "account.integration_disabled",
                &entity,
                "the WooCommerce integration is not enabled in Megaventory (Account > Integrations)",
            ));
        }
        let currencies = self
            .mv
            .call(&CurrencyGet::default_currency())
            .await
            .map_err(|e| SyncError::megaventory(&entity, &e))?;
        let default = currencies
            .currencies
            .iter()
            .find(|c| c.currency_is_default == Some(true))
            .or(currencies.currencies.first())
            .and_then(|c| c.currency_code.clone())
            .unwrap_or_default();
        if !default
            .trim()
            .eq_ignore_ascii_case(self.config.shop_currency.trim())
        {
            return Err(SyncError::permanent(
                "account.currency_mismatch",
                &entity,
                format!(
                    "Megaventory's default currency is {default:?}, the shop's is {:?}",
                    self.config.shop_currency
                ),
            ));
        }
        Ok(())
    }

    pub async fn initial_sync(&self) -> Result<InitialReport, JobError> {
        self.check_account().await.map_err(JobError::Sync)?;
        let mut report = InitialReport::default();
        let entity = EntityRef::new(EntityKind::Account, 0, "initial synchronisation");
        let fail = |e: megaventory::Error| JobError::Sync(SyncError::megaventory(&entity, &e));

        let locations = self
            .mv
            .call(&InventoryLocationGet::all())
            .await
            .map_err(fail)?;
        if locations.locations.is_empty() {
            let main = InventoryLocation {
                inventory_location_name: Some("Main Location".into()),
                inventory_location_abbreviation: Some("Main".into()),
                inventory_location_address: Some("Default Address".into()),
                ..InventoryLocation::default()
            };
            self.mv
                .call(&InventoryLocationUpdate::insert(main).source_application(self.source()))
                .await
                .map_err(fail)?;
            report.created.push("inventory location Main".into());
        }

        for (sku, name, description) in [
            (
                &self.config.shipping_sku,
                "shipping method",
                "WooCommerce shipping",
            ),
            (
                &self.config.fee_sku,
                "WooCommerce extra fees",
                "Service for handling WooCommerce additional fees",
            ),
        ] {
            let existing = self.mv.call(&ProductGet::by_sku(sku)).await.map_err(fail)?;
            let mut service = Product::new(sku.as_str(), name);
            service.product_type = Some(ProductType::Service);
            service.product_long_description = Some(description.into());
            // An upsert by SKU: creates it, or leaves the existing one as it is.
            self.mv
                .call(
                    &ProductUpdate::insert_or_update_non_empty_fields(service)
                        .source_application(self.source()),
                )
                .await
                .map_err(fail)?;
            if existing.products.is_empty() {
                report.created.push(format!("service product {sku}"));
            }
        }

        // A guest link can name a client of another Megaventory account (the key was changed):
        // one that does not exist here is dropped, so the guest is found by name or created.
        let mut guest_known = false;
        if let Some(link) = self
            .link_of(LinkKind::Client, 0, &entity)
            .await
            .map_err(JobError::Sync)?
        {
            let found = self
                .mv
                .call(&SupplierClientGet::by_id(link.mv_id))
                .await
                .map_err(fail)?;
            guest_known = found
                .supplier_clients
                .iter()
                .any(|c| c.supplier_client_id == Some(link.mv_id));
            if !guest_known {
                self.woo
                    .delete_link(LinkKind::Client, 0)
                    .await
                    .map_err(|e| JobError::Sync(SyncError::woo(&entity, &e)))?;
                *self.guest_client_id.borrow_mut() = None;
            }
        }
        self.guest_client_id().await.map_err(JobError::Sync)?;
        if !guest_known {
            report
                .created
                .push(format!("guest client {}", self.config.guest_client_name));
        }

        // Every tax rate, page by page.
        let mut rates = Vec::new();
        let mut page = 1;
        loop {
            let batch = self.woo.tax_rates_page(page, 100).await?;
            let done = batch.items.is_empty() || (page as u64) * 100 >= batch.total;
            rates.extend(batch.items);
            if done {
                break;
            }
            page += 1;
        }
        report.warnings.extend(shared_name_rate_warnings(&rates));
        let links: HashMap<u64, Link> = self
            .woo
            .get_links(
                LinkKind::Tax,
                &rates.iter().map(|r| r.id).collect::<Vec<_>>(),
            )
            .await?
            .into_iter()
            .map(|l| (l.wc_id, l))
            .collect();
        for rate in &rates {
            match self.sync_tax_rate(rate, links.get(&rate.id).cloned()).await {
                Ok(outcome) => {
                    if matches!(outcome, super::Outcome::Created(_)) {
                        report.created.push(format!(
                            "tax {} {}%",
                            rate.name.trim(),
                            rate.rate.trim()
                        ));
                    }
                    report.taxes_linked += 1;
                }
                Err(error) if error.code == "woocommerce.unavailable" => {
                    return Err(JobError::Side(super::SideError {
                        message: error.message,
                        transient: true,
                    }))
                }
                Err(error) => report.errors.push(error),
            }
        }

        report.products_linked = self.link_products_by_sku().await?;
        Ok(report)
    }

    /// Links every unlinked WooCommerce product whose SKU Megaventory already has. The link
    /// hash is 0, so the next product import sends the WooCommerce data.
    async fn link_products_by_sku(&self) -> Result<u64, JobError> {
        let entity = EntityRef::new(EntityKind::Account, 0, "link products by SKU");
        let existing = self
            .mv
            .call(&ProductGet::all())
            .await
            .map_err(|e| JobError::Sync(SyncError::megaventory(&entity, &e)))?;
        let by_sku: HashMap<String, i64> = existing
            .products
            .iter()
            .filter_map(|p| {
                Some((
                    p.product_sku.as_deref()?.trim().to_lowercase(),
                    p.product_id?,
                ))
            })
            .collect();
        if by_sku.is_empty() {
            return Ok(0);
        }
        self.load_categories(&entity)
            .await
            .map_err(JobError::Sync)?;
        let categories = self.woo_categories();
        let per_page = self.config.page_size.max(1);
        let mut linked = 0;
        let mut page = 1;
        loop {
            let batch = self.woo.products_page(page, per_page).await?;
            let ids: Vec<u64> = batch
                .items
                .iter()
                .flat_map(|f| {
                    std::iter::once(f.product.id).chain(f.variations.iter().map(|v| v.id))
                })
                .collect();
            let known: Vec<u64> = self
                .woo
                .get_links(LinkKind::Product, &ids)
                .await?
                .into_iter()
                .map(|l| l.wc_id)
                .collect();
            let mut candidates: Vec<(u64, i64)> = Vec::new();
            for family in &batch.items {
                let FamilyPlan::Items(items) = map_family(family, &categories) else {
                    continue;
                };
                for mapped in items.into_iter().flatten() {
                    let wc_id = mapped.value.wc_id;
                    if known.contains(&wc_id) {
                        continue;
                    }
                    if let Some(&mv_id) = by_sku.get(&mapped.value.sku().to_lowercase()) {
                        candidates.push((wc_id, mv_id));
                    }
                }
            }
            if !candidates.is_empty() {
                // A Megaventory product already linked to another WooCommerce product stays with it.
                let mv_ids: Vec<i64> = candidates.iter().map(|c| c.1).collect();
                let mut taken: Vec<i64> = self
                    .woo
                    .links_by_mv(LinkKind::Product, &mv_ids)
                    .await?
                    .into_iter()
                    .map(|l| l.mv_id)
                    .collect();
                for (wc_id, mv_id) in candidates {
                    if taken.contains(&mv_id) {
                        continue;
                    }
                    self.woo
                        .put_link(Link {
                            kind: LinkKind::Product,
                            wc_id,
                            mv_id,
                            hash: 0,
                            label: None,
                        })
                        .await?;
                    taken.push(mv_id);
                    linked += 1;
                }
            }
            if batch.items.is_empty() || (page as u64) * (per_page as u64) >= batch.total {
                break;
            }
            page += 1;
        }
        Ok(linked)
    }
}

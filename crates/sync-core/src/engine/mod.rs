//! The sync engine: generic over the WooCommerce side ([`WooSide`]) and the Megaventory
//! client's transport, so it runs natively in tests and as wasm in the hosts.
//!
//! * [`initial`]: account checks and what must exist before anything else.
//! * [`imports`]: the four manual imports, resumable from checkpoints, with progress.
//! * [`continuous`]: the outbox (WooCommerce → Megaventory) and integration updates
//!   (Megaventory → WooCommerce).
//! * [`preview`]: the requests an entity would produce, sending nothing.

pub mod checkpoint;
pub mod continuous;
pub mod imports;
pub mod initial;
pub mod preview;
pub mod progress;
pub mod sides;

pub use sides::*;

use crate::config::SyncConfig;
use crate::error::{EntityKind, EntityRef, SideError, SyncError};
use crate::mapping::client::{guest_client, map_customer};
use crate::mapping::coupon::map_coupon;
use crate::mapping::order::{map_order, DiscountNeed, OrderPlan, ResolvedIds, TaxNeed};
use crate::mapping::product::{map_family, FamilyPlan, MappedProduct};
use crate::mapping::tax::{map_tax_rate, tax_key};
use crate::num::Fixed;
use crate::woo::{Category, Coupon, Customer, TaxRate};
use megaventory::model::*;
use megaventory::request::*;
use megaventory::{Client, Conflict, Transport};
use progress::Progress;
use std::cell::RefCell;
use std::collections::HashMap;

/// What happened to one entity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Outcome {
    Created(i64),
    Updated(i64),
    /// Already in Megaventory with the same content (hash) or already done (an order, a cancel).
    Unchanged(i64),
    /// An existing Megaventory record was linked instead of creating one.
    Linked(i64),
    /// Nothing to send; the reason says why.
    Skipped(String),
}

impl Outcome {
    pub fn mv_id(&self) -> Option<i64> {
        match self {
            Outcome::Created(id)
            | Outcome::Updated(id)
            | Outcome::Unchanged(id)
            | Outcome::Linked(id) => Some(*id),
            Outcome::Skipped(_) => None,
        }
    }
}

/// An engine run stopped because the WooCommerce side failed (the job can be resumed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    Side(SideError),
    /// The account checks or a prerequisite failed.
    Sync(SyncError),
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Side(e) => write!(f, "the WooCommerce side failed: {e}"),
            JobError::Sync(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for JobError {}

impl From<SideError> for JobError {
    fn from(e: SideError) -> Self {
        JobError::Side(e)
    }
}

/// Megaventory's categories by name (lower case) and the shop's category tree, read once per job.
#[derive(Default)]
struct CategoryCache {
    loaded: bool,
    woo: Vec<Category>,
    mv_by_name: HashMap<String, i64>,
}

pub struct Engine<'a, W: WooSide, T: Transport> {
    pub woo: &'a W,
    pub mv: &'a Client<T>,
    pub config: &'a SyncConfig,
    categories: RefCell<CategoryCache>,
    /// Megaventory taxes by [`tax_key`], read once.
    taxes: RefCell<Option<HashMap<String, i64>>>,
    guest_client_id: RefCell<Option<i64>>,
    /// SKU (lower case) → the WooCommerce id that sends it in this engine's lifetime: two
    /// products with one SKU, processed concurrently, would otherwise both adopt one record.
    claimed_skus: RefCell<HashMap<String, u64>>,
    /// Inventory locations (id, abbreviation), read once, for sales-order labels.
    location_abbreviations: RefCell<Option<Vec<(i64, String)>>>,
    progress: Option<ProgressCallback<'a>>,
}

type ProgressCallback<'a> = Box<dyn Fn(&Progress) + 'a>;

impl<'a, W: WooSide, T: Transport> Engine<'a, W, T> {
    pub fn new(woo: &'a W, mv: &'a Client<T>, config: &'a SyncConfig) -> Self {
        Engine {
            woo,
            mv,
            config,
            categories: RefCell::new(CategoryCache::default()),
            taxes: RefCell::new(None),
            guest_client_id: RefCell::new(None),
            claimed_skus: RefCell::new(HashMap::new()),
            location_abbreviations: RefCell::new(None),
            progress: None,
        }
    }

    /// Called after every settled item of an import.
    pub fn on_progress(mut self, callback: impl Fn(&Progress) + 'a) -> Self {
        self.progress = Some(Box::new(callback));
        self
    }

    fn source(&self) -> &str {
        &self.config.source_application
    }

    pub(crate) fn now_millis(&self) -> u64 {
        self.mv.transport().now_millis()
    }

    pub(crate) fn report_progress(&self, progress: &Progress) {
        if let Some(callback) = &self.progress {
            callback(progress);
        }
    }

    async fn call<R: Request>(
        &self,
        entity: &EntityRef,
        request: &R,
    ) -> Result<R::Response, SyncError> {
        self.mv
            .call(request)
            .await
            .map_err(|e| SyncError::megaventory(entity, &e))
    }

    pub(crate) async fn link_of(
        &self,
        kind: LinkKind,
        wc_id: u64,
        entity: &EntityRef,
    ) -> Result<Option<Link>, SyncError> {
        let links = self
            .woo
            .get_links(kind, &[wc_id])
            .await
            .map_err(|e| SyncError::woo(entity, &e))?;
        Ok(links.into_iter().find(|l| l.wc_id == wc_id))
    }

    async fn put_link(&self, link: Link, entity: &EntityRef) -> Result<(), SyncError> {
        self.woo
            .put_link(link)
            .await
            .map_err(|e| SyncError::woo(entity, &e))
    }

    /// Is `mv_id` linked to a WooCommerce entity other than `wc_id`?
    async fn linked_elsewhere(
        &self,
        kind: LinkKind,
        mv_id: i64,
        wc_id: u64,
        entity: &EntityRef,
    ) -> Result<Option<u64>, SyncError> {
        let links = self
            .woo
            .links_by_mv(kind, &[mv_id])
            .await
            .map_err(|e| SyncError::woo(entity, &e))?;
        Ok(links
            .into_iter()
            .find(|l| l.mv_id == mv_id && l.wc_id != wc_id)
            .map(|l| l.wc_id))
    }

    // ---------------------------------------------------------------------------------
    // Categories

    pub(crate) async fn load_categories(&self, entity: &EntityRef) -> Result<(), SyncError> {
        if self.categories.borrow().loaded {
            return Ok(());
        }
        let woo = self
            .woo
            .categories()
            .await
            .map_err(|e| SyncError::woo(entity, &e))?;
        let mv = self.call(entity, &ProductCategoryGet::all()).await?;
        let mut cache = self.categories.borrow_mut();
        cache.woo = woo;
        cache.mv_by_name = mv
            .categories
            .into_iter()
            .filter_map(|c| {
                Some((
                    c.product_category_name?.trim().to_lowercase(),
                    c.product_category_id?,
                ))
            })
            .collect();
        cache.loaded = true;
        Ok(())
    }

    pub(crate) fn woo_categories(&self) -> Vec<Category> {
        self.categories.borrow().woo.clone()
    }

    pub(crate) fn known_category(&self, path: &str) -> Option<i64> {
        self.categories
            .borrow()
            .mv_by_name
            .get(&path.trim().to_lowercase())
            .copied()
    }

    /// The id of the category called `path`, created (or undeleted) when missing.
    pub(crate) async fn category_id(
        &self,
        path: &str,
        entity: &EntityRef,
    ) -> Result<i64, SyncError> {
        self.load_categories(entity).await?;
        if let Some(id) = self.known_category(path) {
            return Ok(id);
        }
        let category = ProductCategory {
            product_category_name: Some(path.to_string()),
            ..ProductCategory::default()
        };
        let id = match self
            .mv
            .call(&ProductCategoryUpdate::insert(category).source_application(self.source()))
            .await
        {
            Ok(answer) => answer
                .entity_id
                .or(answer.category.and_then(|c| c.product_category_id)),
            Err(megaventory::Error::Api(api))
                if api.kind() == Conflict::CategoryWasDeleted && api.entity_id.is_some() =>
            {
                let id = api.entity_id.unwrap_or_default();
                self.call(
                    entity,
                    &ProductCategoryUndelete::new(id).source_application(self.source()),
                )
                .await?;
                Some(id)
            }
            // Created by someone else since we read the list (another tab, a retried insert).
            Err(megaventory::Error::Api(api))
                if api.entity_id.is_some() && api.message.to_lowercase().contains("exists") =>
            {
                api.entity_id
            }
            Err(e) => return Err(SyncError::megaventory(entity, &e)),
        };
        let id = id.ok_or_else(|| {
            SyncError::transient(
                "megaventory.bad_answer",
                entity,
                "ProductCategoryUpdate answered without an id",
            )
        })?;
        self.categories
            .borrow_mut()
            .mv_by_name
            .insert(path.trim().to_lowercase(), id);
        Ok(id)
    }

    // ---------------------------------------------------------------------------------
    // Products

    /// Fails with `product.duplicate_sku` when another WooCommerce product sent this SKU.
    pub fn claim_sku(&self, mapped: &MappedProduct) -> Result<(), SyncError> {
        let mut claimed = self.claimed_skus.borrow_mut();
        let owner = *claimed
            .entry(mapped.sku().to_lowercase())
            .or_insert(mapped.wc_id);
        if owner == mapped.wc_id {
            Ok(())
        } else {
            Err(SyncError::permanent(
                "product.duplicate_sku",
                &mapped.entity,
                format!(
                    "SKU {:?} is also used by WooCommerce product {owner}; SKUs must be unique",
                    mapped.sku()
                ),
            ))
        }
    }

    /// Sends one mapped product (simple or variation) unless its link says it is unchanged.
    pub async fn sync_product(
        &self,
        mapped: &MappedProduct,
        link: Option<Link>,
    ) -> Result<Outcome, SyncError> {
        let entity = &mapped.entity;
        let hash = mapped.content_hash();
        if let Some(link) = link.as_ref().filter(|l| l.hash == hash) {
            return Ok(Outcome::Unchanged(link.mv_id));
        }
        let category_id = match &mapped.category {
            Some(path) => Some(self.category_id(path, entity).await?),
            None => None,
        };
        let outcome = match link {
            Some(link) => {
                let answer = self
                    .call(
                        entity,
                        &mapped.update_request(category_id, link.mv_id, self.source()),
                    )
                    .await?;
                Outcome::Updated(answer.entity_id.unwrap_or(link.mv_id))
            }
            None => match self
                .mv
                .call(&mapped.insert_request(category_id, self.source()))
                .await
            {
                Ok(answer) => {
                    let id = answer
                        .entity_id
                        .or(answer.product.and_then(|p| p.product_id))
                        .ok_or_else(|| {
                            SyncError::transient(
                                "megaventory.bad_answer",
                                entity,
                                "ProductUpdate answered without an id",
                            )
                        })?;
                    Outcome::Created(id)
                }
                Err(megaventory::Error::Api(api))
                    if matches!(
                        api.kind(),
                        Conflict::ProductSkuAlreadyExists | Conflict::ProductSkuAlreadyDeleted
                    ) =>
                {
                    let existing = api.conflicting_id().ok_or_else(|| {
                        SyncError::permanent("megaventory.refused", entity, api.to_string())
                    })?;
                    if let Some(other) = self
                        .linked_elsewhere(LinkKind::Product, existing, mapped.wc_id, entity)
                        .await?
                    {
                        return Err(SyncError::permanent(
                            "product.duplicate_sku",
                            entity,
                            format!("SKU {:?} already belongs to WooCommerce product {other}; SKUs must be unique", mapped.sku()),
                        ));
                    }
                    if api.kind() == Conflict::ProductSkuAlreadyDeleted {
                        self.call(
                            entity,
                            &ProductUndelete::new(existing).source_application(self.source()),
                        )
                        .await?;
                    }
                    self.call(
                        entity,
                        &mapped.update_request(category_id, existing, self.source()),
                    )
                    .await?;
                    Outcome::Linked(existing)
                }
                Err(e) => return Err(SyncError::megaventory(entity, &e)),
            },
        };
        let mv_id = outcome.mv_id().unwrap_or_default();
        self.put_link(
            Link {
                kind: LinkKind::Product,
                wc_id: mapped.wc_id,
                mv_id,
                hash,
                label: None,
            },
            entity,
        )
        .await?;
        Ok(outcome)
    }

    /// A deleted product or variation: deleted in Megaventory (soft; its SKU stays reserved).
    pub async fn delete_product(
        &self,
        wc_id: u64,
        payload: &EventPayload,
    ) -> Result<Outcome, SyncError> {
        let entity = EntityRef::new(
            EntityKind::Product,
            wc_id,
            payload.sku.clone().unwrap_or_default(),
        );
        let mv_id = match self.link_of(LinkKind::Product, wc_id, &entity).await? {
            Some(link) => link.mv_id,
            None => match payload.mv_id {
                Some(id) => id,
                None => {
                    return Ok(Outcome::Skipped(
                        "the product was never sent to Megaventory".into(),
                    ))
                }
            },
        };
        // Several WooCommerce products can never share one Megaventory product, but a relinked
        // one could: only delete what no other product still uses.
        if self
            .linked_elsewhere(LinkKind::Product, mv_id, wc_id, &entity)
            .await?
            .is_none()
        {
            match self
                .mv
                .call(&ProductDelete::new(mv_id).source_application(self.source()))
                .await
            {
                Ok(_) => {}
                Err(megaventory::Error::Api(api))
                    if api.message.to_lowercase().contains("deleted") => {}
                Err(e) => return Err(SyncError::megaventory(&entity, &e)),
            }
        }
        self.woo
            .delete_link(LinkKind::Product, wc_id)
            .await
            .map_err(|e| SyncError::woo(&entity, &e))?;
        Ok(Outcome::Updated(mv_id))
    }

    // ---------------------------------------------------------------------------------
    // Clients

    pub async fn sync_customer(
        &self,
        customer: &Customer,
        link: Option<Link>,
    ) -> Result<(Outcome, Vec<SyncError>), SyncError> {
        let mapped = map_customer(customer)?;
        let entity = crate::mapping::client::customer_ref(customer);
        let hash = crate::hash::content_hash(&mapped.value);
        if let Some(link) = link.as_ref().filter(|l| l.hash == hash) {
            return Ok((Outcome::Unchanged(link.mv_id), mapped.warnings));
        }
        let outcome = match link {
            Some(link) => Outcome::Updated(
                self.update_client(&mapped.value, link.mv_id, &entity)
                    .await?,
            ),
            None => {
                self.insert_client(&mapped.value, customer.id, &entity)
                    .await?
            }
        };
        let mv_id = outcome.mv_id().unwrap_or_default();
        self.put_link(
            Link {
                kind: LinkKind::Client,
                wc_id: customer.id,
                mv_id,
                hash,
                label: None,
            },
            &entity,
        )
        .await?;
        Ok((outcome, mapped.warnings))
    }

    async fn update_client(
        &self,
        client: &SupplierClient,
        mv_id: i64,
        entity: &EntityRef,
    ) -> Result<i64, SyncError> {
        let mut client = client.clone();
        client.supplier_client_id = Some(mv_id);
        let request =
            SupplierClientUpdate::insert_or_update(client).source_application(self.source());
        match self.mv.call(&request).await {
            Ok(answer) => Ok(answer.entity_id.unwrap_or(mv_id)),
            Err(megaventory::Error::Api(api))
                if api.kind() == Conflict::SupplierClientAlreadyDeleted =>
            {
                self.call(
                    entity,
                    &SupplierClientUndelete::new(mv_id).source_application(self.source()),
                )
                .await?;
                let answer = self.call(entity, &request).await?;
                Ok(answer.entity_id.unwrap_or(mv_id))
            }
            Err(e) => Err(SyncError::megaventory(entity, &e)),
        }
    }

    async fn insert_client(
        &self,
        client: &SupplierClient,
        wc_id: u64,
        entity: &EntityRef,
    ) -> Result<Outcome, SyncError> {
        match self
            .mv
            .call(&SupplierClientUpdate::insert(client.clone()).source_application(self.source()))
            .await
        {
            Ok(answer) => {
                let id = answer
                    .entity_id
                    .or(answer.supplier_client.and_then(|c| c.supplier_client_id))
                    .ok_or_else(|| {
                        SyncError::transient(
                            "megaventory.bad_answer",
                            entity,
                            "SupplierClientUpdate answered without an id",
                        )
                    })?;
                Ok(Outcome::Created(id))
            }
            Err(megaventory::Error::Api(api))
                if matches!(
                    api.kind(),
                    Conflict::SupplierClientNameAlreadyExists
                        | Conflict::SupplierClientAlreadyDeleted
                ) && api.entity_id.is_some() =>
            {
                let existing = api.entity_id.unwrap_or_default();
                // The incumbent silently merged customers with the same user name; we only adopt a
                // client that no other customer is linked to (e.g. our own, created before a crash).
                if let Some(other) = self
                    .linked_elsewhere(LinkKind::Client, existing, wc_id, entity)
                    .await?
                {
                    return Err(SyncError::permanent(
                        "customer.duplicate_name",
                        entity,
                        format!("Megaventory client {existing} with this name already belongs to WooCommerce customer {other}"),
                    ));
                }
                if api.kind() == Conflict::SupplierClientAlreadyDeleted {
                    self.call(
                        entity,
                        &SupplierClientUndelete::new(existing).source_application(self.source()),
                    )
                    .await?;
                }
                self.update_client(client, existing, entity).await?;
                Ok(Outcome::Linked(existing))
            }
            Err(e) => Err(SyncError::megaventory(entity, &e)),
        }
    }

    pub async fn delete_customer(
        &self,
        wc_id: u64,
        payload: &EventPayload,
    ) -> Result<Outcome, SyncError> {
        let entity = EntityRef::new(EntityKind::Customer, wc_id, "");
        let mv_id = match (
            self.link_of(LinkKind::Client, wc_id, &entity).await?,
            payload.mv_id,
        ) {
            (Some(link), _) => link.mv_id,
            (None, Some(id)) => id,
            (None, None) => {
                return Ok(Outcome::Skipped(
                    "the customer was never sent to Megaventory".into(),
                ))
            }
        };
        match self
            .mv
            .call(&SupplierClientDelete::new(mv_id).source_application(self.source()))
            .await
        {
            Ok(_) => {}
            Err(megaventory::Error::Api(api)) if api.message.to_lowercase().contains("deleted") => {
            }
            Err(e) => return Err(SyncError::megaventory(&entity, &e)),
        }
        self.woo
            .delete_link(LinkKind::Client, wc_id)
            .await
            .map_err(|e| SyncError::woo(&entity, &e))?;
        Ok(Outcome::Updated(mv_id))
    }

    /// The guest client's id: linked as client 0, else found by name, else created.
    pub async fn guest_client_id(&self) -> Result<i64, SyncError> {
        if let Some(id) = *self.guest_client_id.borrow() {
            return Ok(id);
        }
        let name = &self.config.guest_client_name;
        let entity = EntityRef::new(EntityKind::Customer, 0, name.clone());
        let id = match self.link_of(LinkKind::Client, 0, &entity).await? {
            Some(link) => link.mv_id,
            None => {
                let found = self
                    .call(&entity, &SupplierClientGet::by_name(name))
                    .await?;
                let existing = found
                    .supplier_clients
                    .iter()
                    .find(|c| {
                        c.supplier_client_name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                    .and_then(|c| c.supplier_client_id);
                let id = match existing {
                    Some(id) => id,
                    None => self
                        .insert_client(&guest_client(name), 0, &entity)
                        .await?
                        .mv_id()
                        .unwrap_or_default(),
                };
                self.put_link(
                    Link {
                        kind: LinkKind::Client,
                        wc_id: 0,
                        mv_id: id,
                        hash: 0,
                        label: None,
                    },
                    &entity,
                )
                .await?;
                id
            }
        };
        *self.guest_client_id.borrow_mut() = Some(id);
        Ok(id)
    }

    // ---------------------------------------------------------------------------------
    // Coupons and taxes

    pub async fn sync_coupon(
        &self,
        coupon: &Coupon,
        link: Option<Link>,
    ) -> Result<Outcome, SyncError> {
        let entity = crate::mapping::coupon::coupon_ref(coupon);
        let mapped = map_coupon(coupon)?;
        let hash = crate::hash::content_hash(&mapped.value);
        if let Some(link) = link.as_ref().filter(|l| l.hash == hash) {
            return Ok(Outcome::Unchanged(link.mv_id));
        }
        // Matched by name + value: a changed percentage is a new Megaventory discount (it cannot
        // be edited), and the link moves to it. The old one stays for the orders that used it.
        let answer = self
            .call(
                &entity,
                &DiscountUpdate::insert_or_update(mapped.value).source_application(self.source()),
            )
            .await?;
        let id = answer
            .entity_id
            .or(answer.discount.and_then(|d| d.discount_id))
            .ok_or_else(|| {
                SyncError::transient(
                    "megaventory.bad_answer",
                    &entity,
                    "DiscountUpdate answered without an id",
                )
            })?;
        self.put_link(
            Link {
                kind: LinkKind::Discount,
                wc_id: coupon.id,
                mv_id: id,
                hash,
                label: None,
            },
            &entity,
        )
        .await?;
        Ok(if link.is_some() {
            Outcome::Updated(id)
        } else {
            Outcome::Created(id)
        })
    }

    async fn load_taxes(&self, entity: &EntityRef) -> Result<(), SyncError> {
        if self.taxes.borrow().is_some() {
            return Ok(());
        }
        let answer = self.call(entity, &TaxGet::all()).await?;
        let map = answer
            .taxes
            .into_iter()
            .filter_map(|t| {
                Some((
                    tax_key(
                        t.tax_name.as_deref()?,
                        Fixed::from_decimal(t.tax_value.as_ref()?),
                    ),
                    t.tax_id?,
                ))
            })
            .collect();
        *self.taxes.borrow_mut() = Some(map);
        Ok(())
    }

    /// Finds the tax with this name and value, or creates it (Megaventory refuses tax updates,
    /// so an existing tax is never changed).
    async fn tax_id(&self, tax: &Tax, entity: &EntityRef) -> Result<(i64, bool), SyncError> {
        self.load_taxes(entity).await?;
        let key = tax_key(
            tax.tax_name.as_deref().unwrap_or_default(),
            Fixed::from_decimal(
                tax.tax_value
                    .as_ref()
                    .unwrap_or(&megaventory::Decimal::zero()),
            ),
        );
        if let Some(id) = self
            .taxes
            .borrow()
            .as_ref()
            .and_then(|m| m.get(&key).copied())
        {
            return Ok((id, false));
        }
        let id = match self
            .mv
            .call(&TaxUpdate::insert(tax.clone()).source_application(self.source()))
            .await
        {
            Ok(answer) => answer.entity_id.or(answer.tax.and_then(|t| t.tax_id)),
            Err(megaventory::Error::Api(api))
                if api.kind() == Conflict::TaxNameValueAlreadyExists && api.entity_id.is_some() =>
            {
                api.entity_id
            }
            Err(e) => return Err(SyncError::megaventory(entity, &e)),
        }
        .ok_or_else(|| {
            SyncError::transient(
                "megaventory.bad_answer",
                entity,
                "TaxUpdate answered without an id",
            )
        })?;
        if let Some(map) = self.taxes.borrow_mut().as_mut() {
            map.insert(key, id);
        }
        Ok((id, true))
    }

    pub async fn sync_tax_rate(
        &self,
        rate: &TaxRate,
        link: Option<Link>,
    ) -> Result<Outcome, SyncError> {
        let entity = crate::mapping::tax::tax_ref(rate);
        let mapped = map_tax_rate(rate)?;
        let hash = crate::hash::content_hash(&(
            mapped.value.tax_name.clone(),
            mapped.value.tax_value.clone(),
        ));
        if let Some(link) = link.filter(|l| l.hash == hash) {
            return Ok(Outcome::Unchanged(link.mv_id));
        }
        let (id, created) = self.tax_id(&mapped.value, &entity).await?;
        self.put_link(
            Link {
                kind: LinkKind::Tax,
                wc_id: rate.id,
                mv_id: id,
                hash,
                label: None,
            },
            &entity,
        )
        .await?;
        Ok(if created {
            Outcome::Created(id)
        } else {
            Outcome::Linked(id)
        })
    }

    // ---------------------------------------------------------------------------------
    // Orders

    /// Creates the sales order of a WooCommerce order, exactly once.
    pub async fn sync_order(&self, wc_id: u64) -> Result<(Outcome, Vec<SyncError>), SyncError> {
        let entity = EntityRef::new(EntityKind::Order, wc_id, "");
        let Some(order) = self
            .woo
            .order(wc_id)
            .await
            .map_err(|e| SyncError::woo(&entity, &e))?
        else {
            return Ok((
                Outcome::Skipped("the order no longer exists".into()),
                Vec::new(),
            ));
        };
        let status = crate::mapping::order::status_text(&order.status);
        if !self.config.triggers_sales_order(&status) {
            return Ok((
                Outcome::Skipped(format!("status {status} does not create a sales order")),
                Vec::new(),
            ));
        }
        if let Some(link) = self.link_of(LinkKind::SalesOrder, wc_id, &entity).await? {
            return Ok((Outcome::Unchanged(link.mv_id), Vec::new()));
        }
        let mapped = map_order(&order, self.config)?;
        let plan = mapped.value;
        let entity = plan.entity.clone();
        // A replayed event, or a crash between the insert and the link: the order is there.
        let found = self
            .call(&entity, &SalesOrderGet::by_reference(&plan.reference))
            .await?;
        if let Some((existing, sales_order)) = found
            .sales_orders
            .iter()
            .find(|o| {
                o.sales_order_reference_no.as_deref().map(str::trim)
                    == Some(plan.reference.as_str())
            })
            .and_then(|o| Some((o.sales_order_id?, o)))
        {
            let label = self.sales_order_label(existing, sales_order).await;
            self.put_link(
                Link {
                    kind: LinkKind::SalesOrder,
                    wc_id,
                    mv_id: existing,
                    hash: 0,
                    label: Some(label),
                },
                &entity,
            )
            .await?;
            return Ok((Outcome::Linked(existing), mapped.warnings));
        }
        self.ensure_order_products(&plan).await?;
        let ids = self.resolve_order_ids(&plan).await?;
        let request = plan.to_request(&ids, self.source());
        let answer = self.call(&entity, &request).await?;
        let id = answer
            .entity_id
            .or(answer.sales_order.as_ref().and_then(|o| o.sales_order_id))
            .ok_or_else(|| {
                SyncError::transient(
                    "megaventory.bad_answer",
                    &entity,
                    "SalesOrderUpdate answered without an id",
                )
            })?;
        let created = match answer.sales_order {
            Some(order) if order.sales_order_no.is_some() => Some(order),
            // The number is only a label: reading it back must not fail the created order.
            _ => self.sales_order(id, &entity).await.ok(),
        };
        let label = self
            .sales_order_label(id, &created.unwrap_or_default())
            .await;
        self.put_link(
            Link {
                kind: LinkKind::SalesOrder,
                wc_id,
                mv_id: id,
                hash: crate::hash::content_hash(&request),
                label: Some(label),
            },
            &entity,
        )
        .await?;
        Ok((Outcome::Created(id), mapped.warnings))
    }

    /// Sends the order's products that were never sent (an order can arrive before the product
    /// import), so Megaventory knows every row's SKU.
    async fn ensure_order_products(&self, plan: &OrderPlan) -> Result<(), SyncError> {
        let entity = &plan.entity;
        // Once per product: a 1,000-line order of 8 products sends at most 8, not 1,000.
        let product_ids: std::collections::BTreeSet<u64> =
            plan.product_ids.iter().copied().collect();
        let product_ids: Vec<u64> = product_ids.into_iter().collect();
        let linked: Vec<u64> = self
            .woo
            .get_links(LinkKind::Product, &product_ids)
            .await
            .map_err(|e| SyncError::woo(entity, &e))?
            .into_iter()
            .map(|l| l.wc_id)
            .collect();
        for wc_id in product_ids.iter().filter(|id| !linked.contains(id)) {
            let Some(family) = self
                .woo
                .product(*wc_id)
                .await
                .map_err(|e| SyncError::woo(entity, &e))?
            else {
                continue;
            };
            self.load_categories(entity).await?;
            let FamilyPlan::Items(items) = map_family(&family, &self.woo_categories()) else {
                continue;
            };
            for item in items {
                match item {
                    Ok(mapped) if mapped.value.wc_id == *wc_id => {
                        self.sync_product(&mapped.value, None)
                            .await
                            .map_err(|e| SyncError {
                                message: format!(
                                    "product {} of the order could not be sent: {}",
                                    e.entity, e.message
                                ),
                                entity: entity.clone(),
                                ..e
                            })?;
                    }
                    Err(e) if e.entity.wc_id == *wc_id => {
                        return Err(SyncError {
                            message: format!("product {} of the order: {}", e.entity, e.message),
                            entity: entity.clone(),
                            ..e
                        });
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Client, tax and discount ids for a plan, creating what is missing.
    pub async fn resolve_order_ids(&self, plan: &OrderPlan) -> Result<ResolvedIds, SyncError> {
        let entity = &plan.entity;
        let client_id = match plan.customer_id {
            Some(customer_id) => match self.link_of(LinkKind::Client, customer_id, entity).await? {
                Some(link) => link.mv_id,
                None => match self
                    .woo
                    .customer(customer_id)
                    .await
                    .map_err(|e| SyncError::woo(entity, &e))?
                {
                    Some(customer) => {
                        let (outcome, _) = self.sync_customer(&customer, None).await?;
                        outcome.mv_id().unwrap_or_default()
                    }
                    // A deleted customer account: the order still ships, as a guest's.
                    None => self.guest_client_id().await?,
                },
            },
            None => self.guest_client_id().await?,
        };
        let mut ids = ResolvedIds {
            client_id: Some(client_id),
            ..ResolvedIds::default()
        };
        for need in plan.tax_needs() {
            ids.taxes
                .insert(need.key(), self.order_tax_id(&need, entity).await?);
        }
        for need in plan.discount_needs() {
            ids.discounts
                .insert(need.key(), self.order_discount_id(&need, entity).await?);
        }
        Ok(ids)
    }

    async fn order_tax_id(&self, need: &TaxNeed, entity: &EntityRef) -> Result<i64, SyncError> {
        if let Some(rate_id) = need.rate_id {
            if let Some(link) = self.link_of(LinkKind::Tax, rate_id, entity).await? {
                return Ok(link.mv_id);
            }
        }
        let tax = Tax {
            tax_name: Some(need.name.clone()),
            tax_value: Some(need.value.to_decimal()),
            tax_description: Some(if need.rate_id.is_some() {
                "WooCommerce tax".into()
            } else {
                format!("WooCommerce compound tax: {}", need.name)
            }),
            ..Tax::default()
        };
        Ok(self.tax_id(&tax, entity).await?.0)
    }

    async fn order_discount_id(
        &self,
        need: &DiscountNeed,
        entity: &EntityRef,
    ) -> Result<i64, SyncError> {
        let discount = Discount {
            discount_name: Some(need.code.clone()),
            discount_value: Some(need.value.to_decimal()),
            discount_description: Some("WooCommerce percent coupon".into()),
            ..Discount::default()
        };
        let answer = self
            .call(
                entity,
                &DiscountUpdate::insert_or_update(discount).source_application(self.source()),
            )
            .await?;
        answer
            .entity_id
            .or(answer.discount.and_then(|d| d.discount_id))
            .ok_or_else(|| {
                SyncError::transient(
                    "megaventory.bad_answer",
                    entity,
                    "DiscountUpdate answered without an id",
                )
            })
    }

    /// Cancels the sales order of a cancelled WooCommerce order; already cancelled is success.
    pub async fn cancel_order(&self, wc_id: u64) -> Result<Outcome, SyncError> {
        let entity = EntityRef::new(EntityKind::Order, wc_id, "");
        let mv_id = match self.link_of(LinkKind::SalesOrder, wc_id, &entity).await? {
            Some(link) => link.mv_id,
            None => {
                let Some(order) = self
                    .woo
                    .order(wc_id)
                    .await
                    .map_err(|e| SyncError::woo(&entity, &e))?
                else {
                    return Ok(Outcome::Skipped(
                        "the order was never sent to Megaventory".into(),
                    ));
                };
                let reference = crate::mapping::order::reference_of(&order);
                let found = self
                    .call(&entity, &SalesOrderGet::by_reference(&reference))
                    .await?;
                match found.sales_orders.iter().find_map(|o| o.sales_order_id) {
                    Some(id) => id,
                    None => {
                        return Ok(Outcome::Skipped(
                            "the order was never sent to Megaventory".into(),
                        ))
                    }
                }
            }
        };
        let current = self.sales_order(mv_id, &entity).await?;
        if current.sales_order_status == Some(SalesOrderStatus::Cancelled) {
            return Ok(Outcome::Unchanged(mv_id));
        }
        let number = current.sales_order_no.clone().ok_or_else(|| {
            SyncError::permanent(
                "order.sales_order_missing",
                &entity,
                format!("sales order {mv_id} has no number"),
            )
        })?;
        let cancel = SalesOrderCancel::new(number, current.sales_order_type_id)
            .source_application(self.source());
        if let Err(error) = self.mv.call(&cancel).await {
            // A first, ambiguous attempt may have cancelled it: check before reporting.
            if self.sales_order(mv_id, &entity).await?.sales_order_status
                != Some(SalesOrderStatus::Cancelled)
            {
                return Err(SyncError::megaventory(&entity, &error));
            }
        }
        Ok(Outcome::Updated(mv_id))
    }

    /// `SO 12 · Main`: type, number and location, for the admin screens. Unknown parts fall back
    /// to ids; reading the locations may fail without failing the order.
    async fn sales_order_label(&self, mv_id: i64, order: &SalesOrder) -> String {
        let number = sales_order_number(
            order.sales_order_type_abbreviation.as_deref(),
            order.sales_order_no.as_deref(),
            mv_id,
        );
        let location = self
            .location_label(
                order
                    .sales_order_inventory_location_id
                    .or(self.config.default_order_location),
            )
            .await;
        format!("{number}{LABEL_SEPARATOR}{location}")
    }

    /// A location's abbreviation. Without an id (none was sent) an account with one location
    /// can only have put the order there. Locations are read once per engine; a failed read is
    /// retried next time.
    async fn location_label(&self, location_id: Option<i64>) -> String {
        if self.location_abbreviations.borrow().is_none() {
            if let Ok(answer) = self.mv.call(&InventoryLocationGet::all()).await {
                let locations = answer
                    .locations
                    .into_iter()
                    .filter_map(|l| {
                        let name = l
                            .inventory_location_abbreviation
                            .filter(|a| !a.trim().is_empty())
                            .or(l.inventory_location_name)?;
                        Some((l.inventory_location_id?, name.trim().to_string()))
                    })
                    .collect();
                *self.location_abbreviations.borrow_mut() = Some(locations);
            }
        }
        let cache = self.location_abbreviations.borrow();
        let known = cache.as_deref().unwrap_or_default();
        let found = match location_id {
            Some(id) => known.iter().find(|(known_id, _)| *known_id == id),
            None if known.len() == 1 => known.first(),
            None => None,
        };
        match (found, location_id) {
            (Some((_, abbreviation)), _) => abbreviation.clone(),
            (None, Some(id)) => format!("location {id}"),
            (None, None) => "default location".to_string(),
        }
    }

    async fn sales_order(&self, mv_id: i64, entity: &EntityRef) -> Result<SalesOrder, SyncError> {
        let answer = self.call(entity, &SalesOrderGet::by_ids(&[mv_id])).await?;
        answer
            .sales_orders
            .into_iter()
            .find(|o| o.sales_order_id == Some(mv_id))
            .ok_or_else(|| {
                SyncError::permanent(
                    "order.sales_order_missing",
                    entity,
                    format!("sales order {mv_id} is not in Megaventory any more"),
                )
            })
    }
}

/// Between the parts of a sales-order label: `SO 12 · Main · Verified`.
pub const LABEL_SEPARATOR: &str = " · ";

/// `SO 12`, or the id when Megaventory did not say the number.
pub(crate) fn sales_order_number(
    type_abbreviation: Option<&str>,
    number: Option<&str>,
    mv_id: i64,
) -> String {
    let kind = type_abbreviation
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .unwrap_or("SO");
    match number.map(str::trim).filter(|n| !n.is_empty()) {
        Some(number) => format!("{kind} {number}"),
        None => format!("{kind} #{mv_id}"),
    }
}

/// The label of a sales order whose status changed: number and location kept, status replaced.
pub(crate) fn label_with_status(base_label: &str, status: &str) -> String {
    let number_and_location: Vec<&str> = base_label.splitn(3, LABEL_SEPARATOR).take(2).collect();
    format!(
        "{}{LABEL_SEPARATOR}{status}",
        number_and_location.join(LABEL_SEPARATOR)
    )
}

#[cfg(test)]
mod label_tests {
    use super::{label_with_status, sales_order_number};

    #[test]
    fn a_status_replaces_the_previous_one_and_keeps_number_and_location() {
        assert_eq!(
            label_with_status("SO 12 · Main", "Verified"),
            "SO 12 · Main · Verified"
        );
        assert_eq!(
            label_with_status("SO 12 · Main · Verified", "FullyShipped"),
            "SO 12 · Main · FullyShipped"
        );
    }

    #[test]
    fn a_missing_number_or_type_falls_back_to_the_id_and_so() {
        assert_eq!(sales_order_number(Some("SO"), Some(" 12 "), 7), "SO 12");
        assert_eq!(sales_order_number(None, Some("12"), 7), "SO 12");
        assert_eq!(sales_order_number(Some(""), None, 7), "SO #7");
    }
}

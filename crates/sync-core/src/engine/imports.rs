//! The four manual imports: clients, products, percentage discounts and quantity (either way).
//!
//! WooCommerce pages are fetched ahead (two in flight) while items are sent to Megaventory
//! `concurrency` at a time (`buffer_unordered`), so with latency L per call a run approaches
//! N × L ÷ concurrency. The checkpoint is the lowest page whose items are all settled; a job
//! that was interrupted (a crash, a closed tab) resumes there and skips what was already sent
//! by its content hash.

use super::checkpoint::Checkpoint;
use super::progress::ProgressClock;
use super::{Engine, JobError, Link, LinkKind, Outcome, WooSide};
use crate::error::{EntityKind, EntityRef, SideError, SyncError};
use crate::inbound::available_stock;
use crate::mapping::product::{map_family, FamilyPlan, ProductFamily};
use crate::num::Fixed;
use crate::woo::{Coupon, Customer, ProductType};
use futures::stream::{self, StreamExt};
use megaventory::model::{Document, DocumentRow, DocumentStatus};
use megaventory::request::{
    DocumentGet, DocumentUpdate, InventoryLocationGet, InventoryLocationStockGet,
};
use megaventory::Transport;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Products per `InventoryLocationStockGet` (the filter list Megaventory accepts comfortably).
const STOCK_BATCH: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Clients,
    Products,
    Discounts,
    /// WooCommerce stock → Megaventory, as stock adjustment documents at `location_id` (else
    /// the default order location, else the account's first location). `approve` = Verified
    /// documents (stock changes at once) instead of Pending ones.
    QuantityToMegaventory {
        location_id: Option<i64>,
        approve: bool,
    },
    /// Megaventory stock → WooCommerce.
    QuantityFromMegaventory,
}

impl ImportKind {
    pub fn job_name(&self) -> &'static str {
        match self {
            ImportKind::Clients => "import.clients",
            ImportKind::Products => "import.products",
            ImportKind::Discounts => "import.discounts",
            ImportKind::QuantityToMegaventory { .. } => "import.quantity_to_megaventory",
            ImportKind::QuantityFromMegaventory => "import.quantity_from_megaventory",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub job: String,
    /// Items settled, including those of earlier runs of a resumed job.
    pub done: u64,
    pub total: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Megaventory records created, updated, linked or left unchanged in this run.
    pub created: u64,
    pub updated: u64,
    pub linked: u64,
    pub unchanged: u64,
    /// The page this run started from (1 for a fresh run).
    pub started_at_page: u32,
    pub errors: Vec<SyncError>,
    pub warnings: Vec<SyncError>,
    /// Stock adjustment documents created (quantity to Megaventory).
    pub documents: Vec<String>,
    /// WooCommerce stock values written (quantity from Megaventory).
    pub stock_written: u64,
}

enum Unit {
    Family(ProductFamily),
    Customer(Customer),
    Coupon(Coupon),
    /// A whole page of products for the quantity imports (they batch by page).
    StockPage(Vec<ProductFamily>),
}

#[derive(Default)]
struct PagePrep {
    links: HashMap<u64, Link>,
}

/// The result of one unit of work.
#[derive(Default)]
struct Settled {
    count: u64,
    failed: u64,
    skipped: u64,
    created: u64,
    updated: u64,
    linked: u64,
    unchanged: u64,
    errors: Vec<SyncError>,
    warnings: Vec<SyncError>,
    documents: Vec<String>,
    stock_written: u64,
    abort: Option<SideError>,
}

impl Settled {
    fn outcome(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Created(_) => self.created += 1,
            Outcome::Updated(_) => self.updated += 1,
            Outcome::Linked(_) => self.linked += 1,
            Outcome::Unchanged(_) => self.unchanged += 1,
            Outcome::Skipped(_) => {}
        }
    }

    /// Records an entity error; a failure of the WooCommerce side stops the job instead.
    fn error(&mut self, error: SyncError) {
        if error.code == "woocommerce.unavailable" {
            self.abort.get_or_insert(SideError {
                message: error.message.clone(),
                transient: error.is_transient(),
            });
        } else {
            self.errors.push(error);
        }
    }
}

enum Work {
    Item(u32, Box<Unit>, Rc<PagePrep>),
    EmptyPage(u32),
    Abort(SideError),
}

/// Simple products and variations of a family: (WooCommerce id, SKU, managed stock).
fn stock_items(family: &ProductFamily) -> Vec<(u64, String, Option<i64>)> {
    let product = &family.product;
    match product.product_type {
        ProductType::Simple => vec![(
            product.id,
            product.sku.trim().to_string(),
            product.stock_quantity.filter(|_| product.manage_stock),
        )],
        ProductType::Variable => family
            .variations
            .iter()
            .map(|v| {
                (
                    v.id,
                    v.sku.trim().to_string(),
                    v.stock_quantity.filter(|_| v.manage_stock),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn family_ids(family: &ProductFamily) -> Vec<u64> {
    std::iter::once(family.product.id)
        .chain(family.variations.iter().map(|v| v.id))
        .collect()
}

impl<'a, W: WooSide, T: Transport> Engine<'a, W, T> {
    /// Runs (or resumes) an import to its end. `Err` only when the WooCommerce side fails
    /// (the checkpoint is kept for a resume) or a prerequisite is missing; entity errors are in
    /// the report and do not stop the job.
    pub async fn run_import(&self, kind: ImportKind) -> Result<ImportReport, JobError> {
        let job = kind.job_name();
        let per_page = self.config.page_size.max(1);
        let job_entity = EntityRef::new(EntityKind::Job, 0, job);
        let stored = self.woo.load_checkpoint(job).await?;
        let resumed = stored
            .as_ref()
            .and_then(|value| Checkpoint::from_value(job, per_page, value));
        // Only a resumed run can find what an earlier attempt of it wrote.
        let is_resumed = resumed.is_some();
        let mut checkpoint =
            resumed.unwrap_or_else(|| Checkpoint::fresh(job, self.now_millis(), per_page));
        let location = match kind {
            ImportKind::QuantityToMegaventory { location_id, .. } => Some(
                self.adjustment_location(location_id, &job_entity)
                    .await
                    .map_err(JobError::Sync)?,
            ),
            _ => None,
        };
        if kind == ImportKind::Products {
            self.load_categories(&job_entity)
                .await
                .map_err(|e| match e.code {
                    "woocommerce.unavailable" => JobError::Side(SideError {
                        message: e.message.clone(),
                        transient: e.is_transient(),
                    }),
                    _ => JobError::Sync(e),
                })?;
        }

        let start_page = checkpoint.next_page;
        let first = self.fetch_units(kind, start_page, per_page).await?;
        checkpoint.total = first.total;
        let last_page = (first.total.div_ceil(per_page as u64) as u32).max(start_page);
        let mut report = ImportReport {
            job: job.to_string(),
            total: first.total,
            started_at_page: start_page,
            ..ImportReport::default()
        };
        let clock = ProgressClock::start(self.now_millis(), checkpoint.done);

        // Per page: items not yet settled, and the counters of the settled ones.
        let pages_open: RefCell<BTreeMap<u32, (usize, Settled)>> = RefCell::new(BTreeMap::new());
        let pages_open = &pages_open;
        let this = self;
        let run_id = checkpoint.run_id;
        let first_items = first.items;
        let fetched = stream::once(async move { (start_page, Ok(first_items)) }).chain(
            stream::iter(start_page + 1..=last_page)
                .map(move |page| async move {
                    (
                        page,
                        this.fetch_units(kind, page, per_page)
                            .await
                            .map(|p| p.items),
                    )
                })
                .buffered(2),
        );
        let work = fetched
            .then(move |(page, items)| async move {
                match items {
                    Err(error) => vec![Work::Abort(error)],
                    Ok(items) => match this.prepare_page(kind, &items).await {
                        Err(error) => vec![Work::Abort(error)],
                        Ok(prep) => {
                            let prep = Rc::new(prep);
                            pages_open
                                .borrow_mut()
                                .insert(page, (items.len().max(1), Settled::default()));
                            if items.is_empty() {
                                vec![Work::EmptyPage(page)]
                            } else {
                                items
                                    .into_iter()
                                    .map(|unit| Work::Item(page, Box::new(unit), prep.clone()))
                                    .collect()
                            }
                        }
                    },
                }
            })
            .flat_map(stream::iter)
            .map(move |work| async move {
                match work {
                    Work::Item(page, unit, prep) => (
                        page,
                        this.process_unit(kind, page, *unit, &prep, location, run_id, is_resumed)
                            .await,
                    ),
                    Work::EmptyPage(page) => (
                        page,
                        Settled {
                            count: 0,
                            ..Settled::default()
                        },
                    ),
                    Work::Abort(error) => (
                        0,
                        Settled {
                            abort: Some(error),
                            ..Settled::default()
                        },
                    ),
                }
            })
            .buffer_unordered(self.config.concurrency());
        futures::pin_mut!(work);

        let mut run_done = 0u64;
        let mut run_failed = 0u64;
        let mut run_skipped = 0u64;
        while let Some((page, mut settled)) = work.next().await {
            if let Some(error) = settled.abort.take() {
                // The checkpoint on the side still points at the last fully settled page.
                return Err(JobError::Side(error));
            }
            run_done += settled.count;
            run_failed += settled.failed;
            run_skipped += settled.skipped;
            report.errors.append(&mut settled.errors);
            report.warnings.append(&mut settled.warnings);
            report.documents.append(&mut settled.documents);
            report.created += settled.created;
            report.updated += settled.updated;
            report.linked += settled.linked;
            report.unchanged += settled.unchanged;
            report.stock_written += settled.stock_written;
            let mut advanced = false;
            {
                let mut open = pages_open.borrow_mut();
                if let Some((left, counters)) = open.get_mut(&page) {
                    *left -= 1;
                    counters.count += settled.count;
                    counters.failed += settled.failed;
                    counters.skipped += settled.skipped;
                }
                while let Some(entry) = open.first_entry() {
                    if entry.get().0 > 0 {
                        break;
                    }
                    let (page, (_, counters)) = entry.remove_entry();
                    checkpoint.next_page = page + 1;
                    checkpoint.done += counters.count;
                    checkpoint.failed += counters.failed;
                    checkpoint.skipped += counters.skipped;
                    advanced = true;
                }
            }
            if advanced {
                self.woo
                    .save_checkpoint(job, &checkpoint.to_value())
                    .await?;
            }
            let base = clock_base(&stored, job, per_page);
            let progress = clock.snapshot(
                job,
                self.now_millis(),
                base.0 + run_done,
                report.total,
                base.1 + run_failed,
                base.2 + run_skipped,
            );
            self.report_progress(&progress);
        }
        let base = clock_base(&stored, job, per_page);
        report.done = base.0 + run_done;
        report.failed = base.1 + run_failed;
        report.skipped = base.2 + run_skipped;
        self.woo.clear_checkpoint(job).await?;
        Ok(report)
    }

    async fn fetch_units(
        &self,
        kind: ImportKind,
        page: u32,
        per_page: u32,
    ) -> Result<super::Page<Unit>, SideError> {
        Ok(match kind {
            ImportKind::Products => {
                let p = self.woo.products_page(page, per_page).await?;
                super::Page {
                    items: p.items.into_iter().map(Unit::Family).collect(),
                    total: p.total,
                }
            }
            ImportKind::QuantityToMegaventory { .. } | ImportKind::QuantityFromMegaventory => {
                let p = self.woo.products_page(page, per_page).await?;
                let items = if p.items.is_empty() {
                    Vec::new()
                } else {
                    vec![Unit::StockPage(p.items)]
                };
                super::Page {
                    items,
                    total: p.total,
                }
            }
            ImportKind::Clients => {
                let p = self.woo.customers_page(page, per_page).await?;
                super::Page {
                    items: p.items.into_iter().map(Unit::Customer).collect(),
                    total: p.total,
                }
            }
            ImportKind::Discounts => {
                let p = self.woo.coupons_page(page, per_page).await?;
                super::Page {
                    items: p.items.into_iter().map(Unit::Coupon).collect(),
                    total: p.total,
                }
            }
        })
    }

    /// Links of a whole page in one call; missing categories created once, in order.
    async fn prepare_page(&self, kind: ImportKind, units: &[Unit]) -> Result<PagePrep, SideError> {
        let (link_kind, ids): (LinkKind, Vec<u64>) = match kind {
            ImportKind::Clients => (
                LinkKind::Client,
                units
                    .iter()
                    .filter_map(|u| {
                        if let Unit::Customer(c) = u {
                            Some(c.id)
                        } else {
                            None
                        }
                    })
                    .collect(),
            ),
            ImportKind::Discounts => (
                LinkKind::Discount,
                units
                    .iter()
                    .filter_map(|u| {
                        if let Unit::Coupon(c) = u {
                            Some(c.id)
                        } else {
                            None
                        }
                    })
                    .collect(),
            ),
            _ => (
                LinkKind::Product,
                units
                    .iter()
                    .flat_map(|u| match u {
                        Unit::Family(f) => family_ids(f),
                        Unit::StockPage(families) => families.iter().flat_map(family_ids).collect(),
                        _ => Vec::new(),
                    })
                    .collect(),
            ),
        };
        let links = if ids.is_empty() {
            Vec::new()
        } else {
            self.woo.get_links(link_kind, &ids).await?
        };
        if kind == ImportKind::Products {
            let categories = self.woo_categories();
            for unit in units {
                let Unit::Family(family) = unit else { continue };
                if let FamilyPlan::Items(items) = map_family(family, &categories) {
                    for item in items.iter().flatten() {
                        if let Some(path) = &item.value.category {
                            if self.known_category(path).is_none() {
                                // A failure here shows again, with the product named, when it is sent.
                                let _ = self.category_id(path, &item.value.entity).await;
                            }
                        }
                    }
                }
            }
        }
        Ok(PagePrep {
            links: links.into_iter().map(|l| (l.wc_id, l)).collect(),
        })
    }

    async fn process_unit(
        &self,
        kind: ImportKind,
        page: u32,
        unit: Unit,
        prep: &PagePrep,
        location: Option<i64>,
        run_id: u64,
        resumed: bool,
    ) -> Settled {
        let mut settled = Settled {
            count: 1,
            ..Settled::default()
        };
        match unit {
            Unit::Family(family) => self.import_family(&family, prep, &mut settled).await,
            Unit::Customer(customer) => match self
                .sync_customer(&customer, prep.links.get(&customer.id).cloned())
                .await
            {
                Ok((outcome, mut warnings)) => {
                    settled.outcome(&outcome);
                    settled.warnings.append(&mut warnings);
                }
                Err(error) => {
                    settled.failed = 1;
                    settled.error(error);
                }
            },
            Unit::Coupon(coupon) => match self
                .sync_coupon(&coupon, prep.links.get(&coupon.id).cloned())
                .await
            {
                Ok(outcome) => settled.outcome(&outcome),
                // Fixed coupons are not an error of the import: say so and move on.
                Err(error) if error.code == "coupon.not_percentage" => {
                    settled.skipped = 1;
                    settled.warnings.push(error);
                }
                Err(error) => {
                    settled.failed = 1;
                    settled.error(error);
                }
            },
            Unit::StockPage(families) => {
                settled.count = families.len() as u64;
                match (kind, location) {
                    (ImportKind::QuantityToMegaventory { approve, .. }, Some(location)) => {
                        self.push_quantities(
                            &families,
                            prep,
                            location,
                            approve,
                            page,
                            run_id,
                            resumed,
                            &mut settled,
                        )
                        .await
                    }
                    _ => self.pull_quantities(&families, prep, &mut settled).await,
                }
            }
        }
        settled
    }

    async fn import_family(&self, family: &ProductFamily, prep: &PagePrep, settled: &mut Settled) {
        match map_family(family, &self.woo_categories()) {
            FamilyPlan::Skip { .. } => settled.skipped = 1,
            FamilyPlan::Items(items) => {
                let mut failed = false;
                for item in items {
                    match item {
                        Err(error) => {
                            failed = true;
                            settled.error(error);
                        }
                        Ok(mut mapped) => {
                            settled.warnings.append(&mut mapped.warnings);
                            if let Err(error) = self.claim_sku(&mapped.value) {
                                failed = true;
                                settled.error(error);
                                continue;
                            }
                            match self
                                .sync_product(
                                    &mapped.value,
                                    prep.links.get(&mapped.value.wc_id).cloned(),
                                )
                                .await
                            {
                                Ok(outcome) => settled.outcome(&outcome),
                                Err(error) => {
                                    failed = true;
                                    settled.error(error);
                                }
                            }
                        }
                    }
                }
                settled.failed = failed as u64;
            }
        }
    }

    /// The first stock location for adjustments.
    async fn adjustment_location(
        &self,
        requested: Option<i64>,
        entity: &EntityRef,
    ) -> Result<i64, SyncError> {
        if let Some(id) = requested.or(self.config.default_order_location) {
            return Ok(id);
        }
        let answer = self
            .mv
            .call(&InventoryLocationGet::all())
            .await
            .map_err(|e| SyncError::megaventory(entity, &e))?;
        let mut ids: Vec<i64> = answer
            .locations
            .iter()
            .filter_map(|l| l.inventory_location_id)
            .collect();
        ids.sort();
        ids.into_iter()
            .find(|id| self.config.location_included(*id))
            .ok_or_else(|| {
                SyncError::permanent(
                    "account.no_location",
                    entity,
                    "the Megaventory account has no inventory location",
                )
            })
    }

    /// Linked items of a page: (WooCommerce id, Megaventory id, SKU, WooCommerce stock).
    fn linked_stock_items(
        families: &[ProductFamily],
        prep: &PagePrep,
    ) -> Vec<(u64, i64, String, Option<i64>)> {
        families
            .iter()
            .flat_map(stock_items)
            .filter_map(|(wc_id, sku, stock)| {
                prep.links.get(&wc_id).map(|l| (wc_id, l.mv_id, sku, stock))
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    async fn push_quantities(
        &self,
        families: &[ProductFamily],
        prep: &PagePrep,
        location: i64,
        approve: bool,
        page: u32,
        run_id: u64,
        resumed: bool,
        settled: &mut Settled,
    ) {
        let entity = EntityRef::new(
            EntityKind::Job,
            page as u64,
            format!("quantity page {page}"),
        );
        let items: Vec<_> = Self::linked_stock_items(families, prep)
            .into_iter()
            .filter(|i| i.3.is_some())
            .collect();
        // A product with no linked, stock-managed item has nothing to adjust.
        settled.skipped = families
            .iter()
            .filter(|f| {
                !stock_items(f)
                    .iter()
                    .any(|(id, _, stock)| stock.is_some() && prep.links.contains_key(id))
            })
            .count() as u64;
        let mut plus = Vec::new();
        let mut minus = Vec::new();
        for chunk in items.chunks(STOCK_BATCH) {
            let ids: Vec<i64> = chunk.iter().map(|i| i.1).collect();
            let request = InventoryLocationStockGet::for_products(&ids).at_locations(&[location]);
            let answer = match self.mv.call(&request).await {
                Ok(answer) => answer,
                Err(e) => {
                    settled.failed = chunk.len() as u64;
                    settled.error(SyncError::megaventory(&entity, &e));
                    continue;
                }
            };
            for (_, mv_id, sku, stock) in chunk {
                let physical: Fixed = answer
                    .stock
                    .iter()
                    .filter(|s| s.product_id == *mv_id)
                    .flat_map(|s| s.stock.iter())
                    .filter(|l| l.inventory_location_id == location)
                    .map(|l| Fixed::from_decimal(&l.stock_physical))
                    .sum();
                let wanted = Fixed::from_int(stock.unwrap_or(0).max(0));
                let diff = wanted - physical;
                if diff.is_zero() {
                    settled.unchanged += 1;
                } else if diff.is_negative() {
                    minus.push(DocumentRow::new(sku.clone(), diff.abs().to_decimal()));
                } else {
                    plus.push(DocumentRow::new(sku.clone(), diff.to_decimal()));
                }
            }
        }
        let status = if approve {
            DocumentStatus::Verified
        } else {
            DocumentStatus::Pending
        };
        for (is_plus, rows) in [(true, plus), (false, minus)] {
            if rows.is_empty() {
                continue;
            }
            let count = rows.len() as u64;
            // One reference per run, page and sign: a resumed page finds its document instead of
            // adding the same quantities twice (a Pending document does not move stock yet).
            let reference = format!(
                "woo-qty-{run_id}-p{page}-{}",
                if is_plus { "plus" } else { "minus" }
            );
            let document =
                Document::adjustment(is_plus, location, status.clone(), reference.clone(), rows);
            let type_id = document.document_type_id;
            // The reference carries this run's id: in a fresh run no document can have it yet.
            let lookup = if resumed {
                Some(
                    self.mv
                        .call(&DocumentGet::by_reference(&reference, type_id))
                        .await,
                )
            } else {
                None
            };
            match lookup {
                Some(Ok(found)) if !found.documents.is_empty() => {
                    settled.unchanged += count;
                    continue;
                }
                Some(Err(e)) => {
                    settled.error(SyncError::megaventory(&entity, &e));
                    settled.failed += count;
                    continue;
                }
                Some(Ok(_)) | None => {}
            }
            match self
                .mv
                .call(&DocumentUpdate::insert(document).source_application(self.source()))
                .await
            {
                Ok(answer) => {
                    settled.created += count;
                    let name = answer
                        .document
                        .and_then(|d| {
                            Some(format!(
                                "{} {}",
                                d.document_type_abbreviation.unwrap_or_default(),
                                d.document_no?
                            ))
                        })
                        .unwrap_or(reference);
                    settled.documents.push(name.trim().to_string());
                }
                Err(e) => {
                    settled.error(SyncError::megaventory(&entity, &e));
                    settled.failed += count;
                }
            }
        }
        settled.failed = settled.failed.min(settled.count);
    }

    async fn pull_quantities(
        &self,
        families: &[ProductFamily],
        prep: &PagePrep,
        settled: &mut Settled,
    ) {
        let items = Self::linked_stock_items(families, prep);
        let mut failed = 0u64;
        for chunk in items.chunks(STOCK_BATCH) {
            let ids: Vec<i64> = chunk.iter().map(|i| i.1).collect();
            let answer = match self
                .mv
                .call(&InventoryLocationStockGet::for_products(&ids))
                .await
            {
                Ok(answer) => answer,
                Err(e) => {
                    failed += chunk.len() as u64;
                    settled.error(SyncError::megaventory(
                        &EntityRef::new(EntityKind::Job, 0, "quantity from Megaventory"),
                        &e,
                    ));
                    continue;
                }
            };
            for (wc_id, mv_id, sku, current) in chunk {
                let Some(stock) = answer.stock.iter().find(|s| s.product_id == *mv_id) else {
                    continue;
                };
                let quantity = available_stock(stock, self.config);
                if *current == Some(quantity) {
                    settled.unchanged += 1;
                    continue;
                }
                match self.woo.set_stock(*wc_id, quantity).await {
                    Ok(()) => settled.stock_written += 1,
                    Err(e) => {
                        failed += 1;
                        settled.error(SyncError::woo(
                            &EntityRef::new(EntityKind::Product, *wc_id, sku.clone()),
                            &e,
                        ));
                    }
                }
            }
        }
        settled.failed = failed.min(settled.count);
    }
}

/// Counters (done, failed, skipped) of the settled pages of earlier runs.
fn clock_base(stored: &Option<serde_json::Value>, job: &str, per_page: u32) -> (u64, u64, u64) {
    stored
        .as_ref()
        .and_then(|v| Checkpoint::from_value(job, per_page, v))
        .map(|c| (c.done, c.failed, c.skipped))
        .unwrap_or_default()
}

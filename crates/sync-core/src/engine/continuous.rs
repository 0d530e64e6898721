//! Continuous sync: the outbox (WooCommerce → Megaventory) and Megaventory's integration
//! updates (→ WooCommerce).
//!
//! Outbox events are processed one at a time in claim order (an upsert followed by a delete of
//! the same product must stay in that order). A transient failure is retried with exponential
//! backoff; a permanent one is dead-lettered with its error.
//!
//! Integration updates: every row is applied, then deleted once. A row that cannot be applied
//! for good is parked with its error (and deleted), so it never blocks the queue; one that fails
//! for a transient reason stays for the next poll.

use super::{
    Engine, Link, LinkKind, LogEntry, LogLevel, OutboxAction, OutboxEvent, OutboxKind, Outcome,
    PollLease, WooSide,
};
use crate::error::{EntityKind, EntityRef, SideError, SyncError};
use crate::inbound::{available_stock, purchase_price_of, wc_status_for};
use crate::mapping::product::{map_family, FamilyPlan};
use megaventory::model::{IntegrationPayload, IntegrationUpdate};
use megaventory::request::{
    IntegrationUpdateDelete, IntegrationUpdateGet, InventoryLocationStockGet,
};
use megaventory::Transport;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

/// Events claimed per round, and how long the lease on them lasts.
const CLAIM_BATCH: usize = 50;
const LEASE: Duration = Duration::from_secs(300);
/// Integration updates read per poll.
const UPDATE_BATCH: i64 = 100;
const STOCK_BATCH: usize = 40;
/// Batches of integration updates read per round.
pub const MAX_POLL_BATCHES: usize = 20;
/// The poll lease (one poller at a time), renewed before every batch. A batch takes seconds;
/// a worker that dies holding it delays the next poll by at most this.
const POLL_LEASE: Duration = Duration::from_secs(120);
/// Checkpoint holding the watermarks while a backlog is being drained, so the worker that polls
/// next (after a crash, or when the lease changes hands) skips what this one superseded.
pub const WATERMARKS_JOB: &str = "integration-updates";
/// Entities kept in that checkpoint (the newest ones): its JSON stays well under the plugin's
/// 64 KiB limit for a checkpoint.
const MAX_SAVED_WATERMARKS: usize = 3000;

/// The newest integration update applied per Megaventory entity (`entity`, `entity ids`).
/// Megaventory lists the newest updates first, so with more than one batch waiting, the newest
/// batch is read (and applied) before older ones; an older purchase price or status read later
/// must not overwrite it. Kept across rounds by the round loop, like [`OutboxCarry`], and in
/// the [`WATERMARKS_JOB`] checkpoint while more than one batch is waiting.
#[derive(Debug, Default)]
pub struct UpdateWatermarks {
    newest: RefCell<HashMap<(String, String), i64>>,
    /// Something was settled since the last save.
    dirty: Cell<bool>,
    /// The checkpoint may hold some (cleared once the queue is drained).
    saved: Cell<bool>,
}

impl UpdateWatermarks {
    /// None when the update does not name its entity: nothing to compare it with.
    fn key(update: &IntegrationUpdate) -> Option<(String, String)> {
        let ids = update.entity_ids.trim();
        (!ids.is_empty()).then(|| (update.entity.to_ascii_lowercase(), ids.to_string()))
    }

    /// A newer update of the same entity was applied already.
    fn is_superseded(&self, update: &IntegrationUpdate) -> bool {
        Self::key(update).is_some_and(|key| {
            self.newest
                .borrow()
                .get(&key)
                .is_some_and(|newest| *newest > update.integration_update_id)
        })
    }

    /// Entities remembered (for tests and memory figures).
    pub fn len(&self) -> usize {
        self.newest.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.newest.borrow().is_empty()
    }

    /// Forgets everything once the queue is drained with nothing kept: every update still to
    /// come is newer than all those applied, so none can be superseded, and the map would
    /// otherwise grow with every entity for the worker's lifetime.
    fn forget(&self) {
        self.newest.borrow_mut().clear();
        self.dirty.set(false);
    }

    fn settled(&self, update: &IntegrationUpdate) {
        if let Some(key) = Self::key(update) {
            let mut newest = self.newest.borrow_mut();
            let id = newest.entry(key).or_insert(i64::MIN);
            *id = (*id).max(update.integration_update_id);
            self.dirty.set(true);
        }
    }

    /// `{"newest": {entity: {entity ids: update id}}}`, the newest [`MAX_SAVED_WATERMARKS`].
    fn to_state(&self) -> serde_json::Value {
        let newest = self.newest.borrow();
        let mut entries: Vec<(&(String, String), &i64)> = newest.iter().collect();
        entries.sort_by_key(|(_, id)| std::cmp::Reverse(**id));
        let mut by_entity: BTreeMap<&str, BTreeMap<&str, i64>> = BTreeMap::new();
        for ((entity, ids), id) in entries.into_iter().take(MAX_SAVED_WATERMARKS) {
            by_entity.entry(entity).or_default().insert(ids, *id);
        }
        serde_json::json!({ "newest": by_entity })
    }

    /// Adds what another worker (or this one, earlier) saved; anything unreadable is ignored,
    /// which at worst lets an older value through, as before watermarks were kept.
    fn merge_state(&self, state: &serde_json::Value) {
        let Some(by_entity) = state.get("newest").and_then(|v| v.as_object()) else {
            return;
        };
        let mut newest = self.newest.borrow_mut();
        for (entity, ids) in by_entity {
            for (entity_ids, id) in ids.as_object().into_iter().flatten() {
                if let Some(id) = id.as_i64() {
                    let mark = newest
                        .entry((entity.clone(), entity_ids.clone()))
                        .or_insert(i64::MIN);
                    *mark = (*mark).max(id);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ContinuousReport {
    pub events_done: u64,
    pub events_retried: u64,
    pub events_dead: u64,
    pub updates_applied: u64,
    pub updates_parked: u64,
    /// Left in Megaventory for the next poll (transient failures).
    pub updates_kept: u64,
    /// Deleted without being applied: a newer update of the same entity was applied already.
    pub updates_superseded: u64,
    /// Polls left to the worker holding the poll lease.
    pub polls_deferred: u64,
    pub stock_written: u64,
    pub errors: Vec<SyncError>,
    pub warnings: Vec<SyncError>,
}

/// Backoff of the n-th failed attempt: 30 s, 1 min, 2 min … capped at one hour.
pub fn retry_delay(attempts: u32) -> Duration {
    Duration::from_secs((30u64 << attempts.min(7)).min(3600))
}

/// Attempts after which a transiently failing event is dead-lettered anyway.
pub const MAX_ATTEMPTS: u32 = 12;

/// Finished events are acked (and their log lines written) in groups of this many, so an event
/// costs its own reads and writes plus a share of two requests instead of two of its own.
const ACK_EVERY: usize = 10;

/// Events applied to Megaventory whose ack and log lines are still to be sent.
#[derive(Default)]
struct Finished {
    events: Vec<OutboxEvent>,
    logs: Vec<LogEntry>,
}

/// Rounds a batch interrupted by WordPress is retried from memory; the round loop backs off
/// 2, 4, 8, 16 s …, so five rounds stay well inside the 300 s lease. After that the events are
/// left to the lease's end, when any worker claims them again.
const MAX_CARRIES: u32 = 5;

/// Claimed outbox events that a round could not finish because WordPress failed (see
/// [`Engine::process_outbox_carrying`]); kept between rounds by the round loop.
#[derive(Debug, Default)]
pub struct OutboxCarry {
    events: std::cell::RefCell<(Vec<OutboxEvent>, u32)>,
}

impl OutboxCarry {
    fn take(&self) -> (Vec<OutboxEvent>, u32) {
        std::mem::take(&mut *self.events.borrow_mut())
    }

    fn keep(&self, events: Vec<OutboxEvent>, times_carried: u32) {
        if times_carried <= MAX_CARRIES {
            *self.events.borrow_mut() = (events, times_carried);
        }
    }

    /// Events waiting for the next round.
    pub fn len(&self) -> usize {
        self.events.borrow().0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, W: WooSide, T: Transport> Engine<'a, W, T> {
    /// One round: the due outbox events, then one poll of integration updates.
    pub async fn run_continuous_once(&self) -> Result<ContinuousReport, SideError> {
        let mut report = ContinuousReport::default();
        self.process_outbox(&mut report).await?;
        self.poll_integration_updates(&mut report).await?;
        Ok(report)
    }

    /// Claims and processes due outbox events until none is left.
    pub async fn process_outbox(&self, report: &mut ContinuousReport) -> Result<(), SideError> {
        self.process_outbox_carrying(report, &OutboxCarry::default())
            .await
    }

    /// [`Self::process_outbox`] for a loop of rounds: when WordPress fails in the middle of a
    /// claimed batch, the batch's unfinished events (still leased to this worker) go into
    /// `carry`, and the next round handles them first instead of leaving them to wait out
    /// their lease.
    pub async fn process_outbox_carrying(
        &self,
        report: &mut ContinuousReport,
        carry: &OutboxCarry,
    ) -> Result<(), SideError> {
        loop {
            let carried = carry.take();
            let (events, times_carried) = if carried.0.is_empty() {
                (self.woo.claim(CLAIM_BATCH, LEASE).await?, 0)
            } else {
                carried
            };
            if events.is_empty() {
                return Ok(());
            }
            let mut finished = Finished::default();
            let mut events = events.into_iter();
            while let Some(event) = events.next() {
                let mut result = self.process_event(&event, report, &mut finished).await;
                if result.is_ok() && finished.events.len() >= ACK_EVERY {
                    result = self.flush_finished(&mut finished).await;
                }
                if let Err(error) = result {
                    // Finished events whose ack did not go out are carried too and redone:
                    // harmless, every write is an upsert or adopts what an earlier attempt made.
                    let current = event.id;
                    carry.keep(
                        std::mem::take(&mut finished.events)
                            .into_iter()
                            .filter(|done| done.id != current)
                            .chain(std::iter::once(event))
                            .chain(events)
                            .collect(),
                        times_carried + 1,
                    );
                    return Err(error);
                }
            }
            if let Err(error) = self.flush_finished(&mut finished).await {
                carry.keep(finished.events, times_carried + 1);
                return Err(error);
            }
        }
    }

    /// Writes the log lines of finished events in one request and acks them in one more.
    async fn flush_finished(&self, finished: &mut Finished) -> Result<(), SideError> {
        if finished.events.is_empty() {
            return Ok(());
        }
        self.woo
            .log_many(std::mem::take(&mut finished.logs))
            .await?;
        let ids: Vec<u64> = finished.events.iter().map(|event| event.id).collect();
        self.woo.ack(&ids).await?;
        finished.events.clear();
        Ok(())
    }

    async fn process_event(
        &self,
        event: &OutboxEvent,
        report: &mut ContinuousReport,
        finished: &mut Finished,
    ) -> Result<(), SideError> {
        match self.apply_event(event).await {
            Ok((outcome, mut warnings)) => {
                for warning in &warnings {
                    finished
                        .logs
                        .push(LogEntry::from_error(LogLevel::Warning, warning));
                }
                report.warnings.append(&mut warnings);
                let entity = EntityRef::new(
                    entity_kind(event.kind),
                    event.wc_id,
                    event.payload.sku.clone().unwrap_or_default(),
                );
                finished.logs.push(LogEntry::info(
                    format!("{:?}.{:?}", event.kind, event.action).to_lowercase(),
                    Some(entity),
                    format!("{outcome:?}"),
                ));
                finished.events.push(event.clone());
                report.events_done += 1;
            }
            Err(error) => {
                if error.code == "woocommerce.unavailable" {
                    return Err(error.into_side_error());
                }
                self.woo
                    .log(LogEntry::from_error(LogLevel::Error, &error))
                    .await?;
                let attempts = event.attempts + 1;
                if error.is_transient() && attempts < MAX_ATTEMPTS {
                    self.woo
                        .fail(event.id, &error, Some(retry_delay(attempts)))
                        .await?;
                    report.events_retried += 1;
                } else {
                    self.woo.fail(event.id, &error, None).await?;
                    report.events_dead += 1;
                }
                report.errors.push(error);
            }
        }
        Ok(())
    }

    /// Applies one outbox event to Megaventory.
    pub async fn apply_event(
        &self,
        event: &OutboxEvent,
    ) -> Result<(Outcome, Vec<SyncError>), SyncError> {
        let entity = EntityRef::new(
            entity_kind(event.kind),
            event.wc_id,
            event.payload.sku.clone().unwrap_or_default(),
        );
        let woo_error = |e: SideError| SyncError::woo(&entity, &e);
        match (event.kind, event.action) {
            (OutboxKind::Product | OutboxKind::Variation, OutboxAction::Delete) => Ok((
                self.delete_product(event.wc_id, &event.payload).await?,
                Vec::new(),
            )),
            (OutboxKind::Product | OutboxKind::Variation, _) => {
                self.upsert_product_event(event, &entity).await
            }
            (OutboxKind::Customer, OutboxAction::Delete) => Ok((
                self.delete_customer(event.wc_id, &event.payload).await?,
                Vec::new(),
            )),
            (OutboxKind::Customer, _) => {
                match self.woo.customer(event.wc_id).await.map_err(woo_error)? {
                    Some(customer) => {
                        let link = self.link_of(LinkKind::Client, customer.id, &entity).await?;
                        self.sync_customer(&customer, link).await
                    }
                    None => Ok((
                        Outcome::Skipped("the customer no longer exists".into()),
                        Vec::new(),
                    )),
                }
            }
            (OutboxKind::Coupon, OutboxAction::Delete) => {
                // Megaventory keeps the discount for the orders that used it; only the link goes.
                self.woo
                    .delete_link(LinkKind::Discount, event.wc_id)
                    .await
                    .map_err(woo_error)?;
                Ok((
                    Outcome::Skipped(
                        "discounts stay in Megaventory for the orders that used them".into(),
                    ),
                    Vec::new(),
                ))
            }
            (OutboxKind::Coupon, _) => {
                match self.woo.coupon(event.wc_id).await.map_err(woo_error)? {
                    Some(coupon) => {
                        let link = self.link_of(LinkKind::Discount, coupon.id, &entity).await?;
                        match self.sync_coupon(&coupon, link).await {
                            Ok(outcome) => Ok((outcome, Vec::new())),
                            Err(error) if error.code == "coupon.not_percentage" => {
                                Ok((Outcome::Skipped(error.message.clone()), vec![error]))
                            }
                            Err(error) => Err(error),
                        }
                    }
                    None => Ok((
                        Outcome::Skipped("the coupon no longer exists".into()),
                        Vec::new(),
                    )),
                }
            }
            (OutboxKind::TaxRate, OutboxAction::Delete) => {
                self.woo
                    .delete_link(LinkKind::Tax, event.wc_id)
                    .await
                    .map_err(woo_error)?;
                Ok((
                    Outcome::Skipped("Megaventory taxes are kept for existing documents".into()),
                    Vec::new(),
                ))
            }
            (OutboxKind::TaxRate, _) => {
                match self.woo.tax_rate(event.wc_id).await.map_err(woo_error)? {
                    Some(rate) => {
                        let link = self.link_of(LinkKind::Tax, rate.id, &entity).await?;
                        Ok((self.sync_tax_rate(&rate, link).await?, Vec::new()))
                    }
                    None => Ok((
                        Outcome::Skipped("the tax rate no longer exists".into()),
                        Vec::new(),
                    )),
                }
            }
            (OutboxKind::Order, OutboxAction::Cancel | OutboxAction::Delete) => {
                Ok((self.cancel_order(event.wc_id).await?, Vec::new()))
            }
            (OutboxKind::Order, _) => self.sync_order(event.wc_id).await,
        }
    }

    async fn upsert_product_event(
        &self,
        event: &OutboxEvent,
        entity: &EntityRef,
    ) -> Result<(Outcome, Vec<SyncError>), SyncError> {
        let Some(family) = self
            .woo
            .product(event.wc_id)
            .await
            .map_err(|e| SyncError::woo(entity, &e))?
        else {
            return Ok((
                Outcome::Skipped("the product no longer exists".into()),
                Vec::new(),
            ));
        };
        self.load_categories(entity).await?;
        let items = match map_family(&family, &self.woo_categories()) {
            FamilyPlan::Skip { reason, .. } => return Ok((Outcome::Skipped(reason), Vec::new())),
            FamilyPlan::Items(items) => items,
        };
        // A variation event concerns that variation; a product event all of the product's items.
        let wanted = |wc_id: u64| event.kind == OutboxKind::Product || wc_id == event.wc_id;
        let mut warnings = Vec::new();
        let mut last = Outcome::Skipped("nothing to send".into());
        let mut first_error = None;
        for item in items {
            match item {
                Err(error) if wanted(error.entity.wc_id) => {
                    first_error.get_or_insert(error);
                }
                Err(_) => {}
                Ok(mut mapped) if wanted(mapped.value.wc_id) => {
                    warnings.append(&mut mapped.warnings);
                    let link = self
                        .link_of(LinkKind::Product, mapped.value.wc_id, &mapped.value.entity)
                        .await?;
                    if link.is_none() {
                        // Only for new products: is the SKU someone else's already?
                        self.claim_sku(&mapped.value)?;
                    }
                    match self.sync_product(&mapped.value, link).await {
                        Ok(outcome) => last = outcome,
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
                Ok(_) => {}
            }
        }
        match first_error {
            Some(error) => Err(error),
            None => Ok((last, warnings)),
        }
    }

    /// Reads, applies and deletes integration updates until the queue is drained (at most
    /// [`MAX_POLL_BATCHES`] batches of 100 per round, and only while batches make progress).
    pub async fn poll_integration_updates(
        &self,
        report: &mut ContinuousReport,
    ) -> Result<(), SideError> {
        self.poll_integration_updates_after(report, &UpdateWatermarks::default())
            .await
    }

    /// [`Self::poll_integration_updates`] for a loop of rounds that keeps `watermarks`.
    pub async fn poll_integration_updates_after(
        &self,
        report: &mut ContinuousReport,
        watermarks: &UpdateWatermarks,
    ) -> Result<(), SideError> {
        let kept_before = report.updates_kept;
        for _ in 0..MAX_POLL_BATCHES {
            match self.woo.lease_poll(POLL_LEASE).await? {
                PollLease::HeldElsewhere => {
                    report.polls_deferred += 1;
                    break;
                }
                // Someone else may have polled since: start from the marks they saved.
                PollLease::Granted => self.load_watermarks(watermarks).await?,
                PollLease::Renewed => {}
            }
            let settled_before =
                report.updates_applied + report.updates_parked + report.updates_superseded;
            // A failed read says nothing about what is still waiting: stop, remember all.
            let Some(read) = self.poll_one_batch(report, watermarks).await? else {
                break;
            };
            let settled =
                report.updates_applied + report.updates_parked + report.updates_superseded
                    - settled_before;
            if read < UPDATE_BATCH as usize {
                if report.updates_kept == kept_before {
                    watermarks.forget();
                    if watermarks.saved.replace(false) {
                        self.woo.clear_checkpoint(WATERMARKS_JOB).await?;
                    }
                }
                break;
            }
            if settled == 0 {
                break;
            }
        }
        Ok(())
    }

    async fn load_watermarks(&self, watermarks: &UpdateWatermarks) -> Result<(), SideError> {
        let state = self.woo.load_checkpoint(WATERMARKS_JOB).await?;
        if let Some(state) = &state {
            watermarks.merge_state(state);
        }
        watermarks.saved.set(state.is_some());
        Ok(())
    }

    /// One batch; returns how many rows were read, or None when Megaventory could not be read.
    ///
    /// Rows are deleted only after the whole batch is applied and, when more may be waiting,
    /// after the watermarks are saved: a worker that dies in between leaves the rows to be
    /// applied again (harmless), never older rows without the marks that supersede them.
    async fn poll_one_batch(
        &self,
        report: &mut ContinuousReport,
        watermarks: &UpdateWatermarks,
    ) -> Result<Option<usize>, SideError> {
        let queue_entity = EntityRef::new(EntityKind::IntegrationUpdate, 0, "queue");
        let request = IntegrationUpdateGet::for_application(
            &self.config.integration_application,
            UPDATE_BATCH,
        );
        let mut updates = match self.mv.call(&request).await {
            Ok(answer) => answer.integration_updates,
            Err(e) => {
                // Logged, so a shop owner sees why stock and statuses stopped coming back.
                let error = SyncError::megaventory(&queue_entity, &e);
                self.woo
                    .log(LogEntry::from_error(LogLevel::Error, &error))
                    .await?;
                report.errors.push(error);
                return Ok(None);
            }
        };
        let read = updates.len();
        // Megaventory lists the newest first; applied in that order, an older status or purchase
        // price would overwrite a newer one (Verified after FullyInvoiced). Oldest first instead.
        updates.sort_by_key(|update| update.integration_update_id);
        // Stock rows only say which products changed; the stock itself is re-read below.
        let mut stock_rows: Vec<(IntegrationUpdate, Vec<i64>)> = Vec::new();
        let mut done: Vec<IntegrationUpdate> = Vec::new();
        for update in updates {
            let entity = update_ref(&update);
            if watermarks.is_superseded(&update) {
                report.updates_superseded += 1;
                done.push(update);
                continue;
            }
            let result = match update.payload() {
                Err(e) => Err(SyncError::permanent(
                    "integration.undecodable",
                    &entity,
                    e.to_string(),
                )),
                Ok(IntegrationPayload::Stock(changes)) => {
                    let mut ids: Vec<i64> = changes
                        .iter()
                        .map(|c| c.product_id)
                        .filter(|id| *id > 0)
                        .collect();
                    if ids.is_empty() {
                        ids = update
                            .entity_id_list()
                            .iter()
                            .filter_map(|s| s.parse().ok())
                            .collect();
                    }
                    stock_rows.push((update, ids));
                    continue;
                }
                Ok(IntegrationPayload::Product(product)) => {
                    self.apply_purchase_price(&update, &product, &entity).await
                }
                Ok(IntegrationPayload::Document(change)) => {
                    self.apply_document_status(&change, &entity).await
                }
                Ok(IntegrationPayload::Other { .. }) => Ok(()),
            };
            if !result.as_ref().is_err_and(|e| e.is_transient()) {
                watermarks.settled(&update);
            }
            if self.settle_update(&update, result, report).await? {
                done.push(update);
            }
        }
        if !stock_rows.is_empty() {
            self.apply_stock_rows(stock_rows, report, &mut done).await?;
        }
        // The last batch needs no save: what it leaves in the queue is newer than all of it.
        if read == UPDATE_BATCH as usize && watermarks.dirty.get() {
            self.woo
                .save_checkpoint(WATERMARKS_JOB, &watermarks.to_state())
                .await?;
            watermarks.dirty.set(false);
            watermarks.saved.set(true);
        }
        for update in &done {
            self.delete_update(update, report).await;
        }
        Ok(Some(read))
    }

    /// Counts an applied update and parks a poisoned one: both are to be deleted (true). A
    /// transient failure is kept for the next poll (false).
    async fn settle_update(
        &self,
        update: &IntegrationUpdate,
        result: Result<(), SyncError>,
        report: &mut ContinuousReport,
    ) -> Result<bool, SideError> {
        match result {
            Ok(()) => report.updates_applied += 1,
            Err(error) if error.code == "woocommerce.unavailable" => {
                return Err(error.into_side_error());
            }
            Err(error) if error.is_transient() => {
                report.updates_kept += 1;
                report.errors.push(error);
                return Ok(false);
            }
            Err(error) => {
                self.woo.park(update, &error).await?;
                self.woo
                    .log(LogEntry::from_error(LogLevel::Error, &error))
                    .await?;
                report.updates_parked += 1;
                report.errors.push(error);
            }
        }
        Ok(true)
    }

    async fn delete_update(&self, update: &IntegrationUpdate, report: &mut ContinuousReport) {
        if let Err(e) = self
            .mv
            .call(&IntegrationUpdateDelete::new(update.integration_update_id))
            .await
        {
            report
                .errors
                .push(SyncError::megaventory(&update_ref(update), &e));
        }
    }

    async fn apply_purchase_price(
        &self,
        update: &IntegrationUpdate,
        product: &megaventory::model::Product,
        entity: &EntityRef,
    ) -> Result<(), SyncError> {
        if !update.action.trim().eq_ignore_ascii_case("update") {
            return Ok(());
        }
        let mv_id = product
            .product_id
            .or_else(|| update.entity_id_list().first().and_then(|s| s.parse().ok()))
            .ok_or_else(|| {
                SyncError::permanent(
                    "integration.no_product",
                    entity,
                    "the product update names no product",
                )
            })?;
        let Some(price) = purchase_price_of(product) else {
            return Ok(());
        };
        let links = self
            .woo
            .links_by_mv(LinkKind::Product, &[mv_id])
            .await
            .map_err(|e| SyncError::woo(entity, &e))?;
        for link in links {
            self.woo
                .set_purchase_price(link.wc_id, price.as_str())
                .await
                .map_err(|e| SyncError::woo(entity, &e))?;
        }
        Ok(())
    }

    async fn apply_document_status(
        &self,
        change: &megaventory::model::DocumentChange,
        entity: &EntityRef,
    ) -> Result<(), SyncError> {
        let Some(document_status) = change.document_status else {
            return Ok(());
        };
        // Statuses without a WooCommerce counterpart (picked, packed…) still update the label.
        let wc_status = wc_status_for(document_status);
        // Only sales orders this integration created: their link names the WooCommerce order.
        let links = self
            .woo
            .links_by_mv(LinkKind::SalesOrder, &[change.document_id])
            .await
            .map_err(|e| SyncError::woo(entity, &e))?;
        for link in links {
            if let Some(status) = &wc_status {
                let order = self
                    .woo
                    .order(link.wc_id)
                    .await
                    .map_err(|e| SyncError::woo(entity, &e))?;
                if order.is_some_and(|o| &o.status != status) {
                    self.woo
                        .set_order_status(link.wc_id, status)
                        .await
                        .map_err(|e| SyncError::woo(entity, &e))?;
                }
            }
            let status_name = document_status
                .name()
                .map(str::to_string)
                .unwrap_or_else(|| format!("status {}", document_status.code()));
            let base = match &link.label {
                Some(label) => label.clone(),
                // A link from before labels: number and location from the sales order itself.
                None => match self.sales_order(change.document_id, entity).await {
                    Ok(order) => self.sales_order_label(change.document_id, &order).await,
                    Err(_) => format!(
                        "{}{}unknown location",
                        super::sales_order_number(
                            change.document_type_abbreviation.as_deref(),
                            change.document_no.as_deref(),
                            change.document_id,
                        ),
                        super::LABEL_SEPARATOR
                    ),
                },
            };
            let label = super::label_with_status(&base, &status_name);
            if link.label.as_deref() != Some(label.as_str()) {
                self.woo
                    .put_link(Link {
                        label: Some(label),
                        ..link
                    })
                    .await
                    .map_err(|e| SyncError::woo(entity, &e))?;
            }
        }
        Ok(())
    }

    /// Re-reads the current stock of every product named by the stock rows and writes
    /// Σ over the included locations — right even when rows arrive out of order or one is lost.
    async fn apply_stock_rows(
        &self,
        rows: Vec<(IntegrationUpdate, Vec<i64>)>,
        report: &mut ContinuousReport,
        done: &mut Vec<IntegrationUpdate>,
    ) -> Result<(), SideError> {
        let product_ids: Vec<i64> = rows
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut failures: BTreeMap<i64, SyncError> = BTreeMap::new();
        for chunk in product_ids.chunks(STOCK_BATCH) {
            let entity = EntityRef::new(EntityKind::IntegrationUpdate, 0, "stock");
            let answer = match self
                .mv
                .call(&InventoryLocationStockGet::for_products(chunk))
                .await
            {
                Ok(answer) => answer,
                Err(e) => {
                    for id in chunk {
                        failures.insert(*id, SyncError::megaventory(&entity, &e));
                    }
                    continue;
                }
            };
            let links = match self.woo.links_by_mv(LinkKind::Product, chunk).await {
                Ok(links) => links,
                Err(e) if e.transient => return Err(e),
                Err(e) => {
                    for id in chunk {
                        failures.insert(*id, SyncError::woo(&entity, &e));
                    }
                    continue;
                }
            };
            for stock in &answer.stock {
                let quantity = available_stock(stock, self.config);
                for link in links.iter().filter(|l| l.mv_id == stock.product_id) {
                    match self.woo.set_stock(link.wc_id, quantity).await {
                        Ok(()) => report.stock_written += 1,
                        Err(e) if e.transient => return Err(e),
                        Err(e) => {
                            let entity = EntityRef::new(EntityKind::Product, link.wc_id, "");
                            failures.insert(
                                stock.product_id,
                                SyncError {
                                    code: "stock.not_applied",
                                    ..SyncError::woo(&entity, &e)
                                },
                            );
                        }
                    }
                }
            }
        }
        for (update, ids) in rows {
            let failure = ids.iter().find_map(|id| failures.get(id)).cloned();
            let result = match failure {
                None => Ok(()),
                Some(error) => Err(SyncError {
                    entity: update_ref(&update),
                    ..error
                }),
            };
            if self.settle_update(&update, result, report).await? {
                done.push(update);
            }
        }
        Ok(())
    }
}

fn update_ref(update: &IntegrationUpdate) -> EntityRef {
    EntityRef::new(
        EntityKind::IntegrationUpdate,
        update.integration_update_id.max(0) as u64,
        format!("{} {} {}", update.entity, update.action, update.entity_ids)
            .trim()
            .to_string(),
    )
}

fn entity_kind(kind: OutboxKind) -> EntityKind {
    match kind {
        OutboxKind::Product => EntityKind::Product,
        OutboxKind::Variation => EntityKind::Variation,
        OutboxKind::Customer => EntityKind::Customer,
        OutboxKind::Coupon => EntityKind::Coupon,
        OutboxKind::TaxRate => EntityKind::TaxRate,
        OutboxKind::Order => EntityKind::Order,
    }
}

//! `HttpWooSide`: the engine's WooCommerce side over HTTP — WooCommerce's REST API (`wc/v3`)
//! for shop data, the plugin's `megaventory/v1` routes for the outbox, links, checkpoints, the
//! log and parked updates.

use crate::control::{Control, ControlState};
use crate::http::{WpClient, WpResponse};
use crate::protocol::{
    event_of_row, failure_text, link_json, link_type, links_of_answer, log_json, ClaimAnswer,
    OutboxRow, PollLeaseAnswer,
};
use gloo_net::http::Method;
use megaventory::model::IntegrationUpdate;
use megaventory::transport::gloo::sleep;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use sync_core::engine::{Link, LinkKind, LogEntry, OutboxEvent, Page, PollLease, WooSide};
use sync_core::mapping::product::ProductFamily;
use sync_core::woo::{
    self, Category, Coupon, Customer, Order, OrderStatus, Product, ProductType, TaxRate, Variation,
    WooEntity,
};
use sync_core::{SideError, SyncError};

/// Ids per `GET /links` (the route's limit).
const LINK_BATCH: usize = 500;
/// Variations and categories per page (WooCommerce's maximum).
const MAX_PER_PAGE: u32 = 100;
/// While paused, how often the control is looked at again.
const PAUSE_POLL: Duration = Duration::from_millis(200);
/// The guest client has no WooCommerce id the plugin's links accept (ids start at 1): its link
/// lives in a checkpoint instead.
const GUEST_LINK_JOB: &str = "links.guest-client";

pub struct HttpWooSide {
    wp: WpClient,
    control: Rc<Control>,
    /// Rows claimed per `POST /outbox/claim`: small, so a stop finishes quickly.
    claim_batch: usize,
    /// Lease token of each claimed row, for its ack or fail.
    leases: RefCell<HashMap<u64, String>>,
    /// The worker's own lease token for every claim (the admin page's, which releases its rows
    /// with it when the page is left); None: the plugin makes one per claim.
    lease_token: Option<String>,
    /// The worker's poll lease token: the page's lease token, or one made for this side.
    poll_token: String,
    /// Whether the plugin has `/poll/lease` (without it every poll goes ahead).
    poll_route: RefCell<Option<bool>>,
    /// Variation id → parent id, learnt from reads (stock writes need the parent's route).
    parents: RefCell<HashMap<u64, u64>>,
    /// Whether the plugin has `/parked` (else parked updates go to the log).
    parked_route: RefCell<Option<bool>>,
    /// Whether the plugin's by-mv-id route takes a list (`mv_ids`).
    by_mv_list: RefCell<Option<bool>>,
    /// Imports stop at their next read when cancelled; continuous sync only stops claiming,
    /// so the rows in hand finish instead of lapsing.
    gate_reads: bool,
}

impl HttpWooSide {
    pub fn new(
        wp: WpClient,
        control: Rc<Control>,
        claim_batch: usize,
        lease_token: Option<String>,
        gate_reads: bool,
    ) -> HttpWooSide {
        HttpWooSide {
            wp,
            control,
            claim_batch: claim_batch.max(1),
            leases: RefCell::new(HashMap::new()),
            poll_token: lease_token.clone().unwrap_or_else(random_token),
            poll_route: RefCell::new(None),
            lease_token,
            parents: RefCell::new(HashMap::new()),
            parked_route: RefCell::new(None),
            by_mv_list: RefCell::new(None),
            gate_reads,
        }
    }

    pub fn wp(&self) -> &WpClient {
        &self.wp
    }

    /// Waits while the job is paused; fails once it is cancelled. Called before new work.
    async fn gate(&self) -> Result<(), SideError> {
        if !self.gate_reads {
            return Ok(());
        }
        loop {
            match self.control.state() {
                ControlState::Running => return Ok(()),
                ControlState::Cancelled => return Err(cancelled(&self.control.job)),
                ControlState::Paused => sleep(PAUSE_POLL).await,
            }
        }
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<WpResponse, SideError> {
        self.wp.call(Method::GET, path, query, None, false).await
    }

    /// A single entity, `None` when WooCommerce says it does not exist.
    async fn get_entity<T: WooEntity>(&self, path: &str) -> Result<Option<T>, SideError> {
        self.gate().await?;
        let response = self
            .wp
            .send(
                Method::GET,
                path,
                &[("context", "edit".into())],
                None,
                false,
            )
            .await?;
        if is_missing(&response) {
            return Ok(None);
        }
        let response = crate::http::check(path, response)?;
        woo::from_json::<T>(&response.body)
            .map(Some)
            .map_err(|e| SideError::permanent(e.to_string()))
    }

    async fn list_page<T: WooEntity>(
        &self,
        path: &str,
        page: u32,
        per_page: u32,
        extra: &[(&str, String)],
    ) -> Result<Page<T>, SideError> {
        self.gate().await?;
        let mut query = vec![
            ("page", page.to_string()),
            ("per_page", per_page.clamp(1, MAX_PER_PAGE).to_string()),
            ("orderby", "id".to_string()),
            ("order", "asc".to_string()),
            ("context", "edit".to_string()),
        ];
        query.extend(extra.iter().cloned());
        let response = self.get(path, &query).await?;
        let items = woo::list_from_json::<T>(&response.body)
            .map_err(|e| SideError::permanent(format!("{path} page {page}: {e}")))?;
        let total = response.total.ok_or_else(|| {
            SideError::permanent(format!("{path} answered without an X-WP-Total header"))
        })?;
        Ok(Page { items, total })
    }

    async fn variations_of(&self, product_id: u64) -> Result<Vec<Variation>, SideError> {
        let path = format!("wc/v3/products/{product_id}/variations");
        let mut variations = Vec::new();
        let mut page = 1;
        loop {
            let batch: Page<Variation> = self.list_page(&path, page, MAX_PER_PAGE, &[]).await?;
            let count = batch.items.len();
            variations.extend(batch.items);
            if count == 0 || variations.len() as u64 >= batch.total {
                break;
            }
            page += 1;
        }
        let mut parents = self.parents.borrow_mut();
        for variation in &mut variations {
            // Older WooCommerce leaves parent_id out of variation answers.
            if variation.parent_id == 0 {
                variation.parent_id = product_id;
            }
            parents.insert(variation.id, product_id);
        }
        Ok(variations)
    }

    async fn family(&self, product: Product) -> Result<ProductFamily, SideError> {
        let variations = if product.product_type == ProductType::Variable {
            self.variations_of(product.id).await?
        } else {
            Vec::new()
        };
        Ok(ProductFamily {
            product,
            variations,
        })
    }

    /// The route of a product or variation, for writes.
    async fn product_path(&self, wc_id: u64) -> Result<String, SideError> {
        if let Some(parent) = self.parents.borrow().get(&wc_id) {
            return Ok(format!("wc/v3/products/{parent}/variations/{wc_id}"));
        }
        let product: Option<Product> = self.get_entity(&format!("wc/v3/products/{wc_id}")).await?;
        match product {
            Some(p) if p.product_type == ProductType::Variation && p.parent_id > 0 => {
                self.parents.borrow_mut().insert(wc_id, p.parent_id);
                Ok(format!("wc/v3/products/{}/variations/{wc_id}", p.parent_id))
            }
            Some(_) => Ok(format!("wc/v3/products/{wc_id}")),
            None => Err(SideError::permanent(format!(
                "WooCommerce product {wc_id} does not exist"
            ))),
        }
    }

    async fn write(&self, method: Method, path: &str, body: Value) -> Result<Value, SideError> {
        self.wp
            .call(method, path, &[], Some(&body), true)
            .await?
            .json()
    }

    async fn plugin(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, SideError> {
        let path = format!("megaventory/v1/{path}");
        self.wp
            .call(method, &path, &[], body.as_ref(), false)
            .await?
            .json()
    }

    /// POST to a route a plugin from before it was added lacks: None (and no request from then
    /// on) when WordPress answers `rest_no_route`. `known` remembers which it is.
    async fn post_if_route(
        &self,
        known: &RefCell<Option<bool>>,
        path: &str,
        body: &Value,
    ) -> Result<Option<WpResponse>, SideError> {
        if *known.borrow() == Some(false) {
            return Ok(None);
        }
        let response = self
            .wp
            .send(Method::POST, path, &[], Some(body), false)
            .await?;
        let present = response.error_code().as_deref() != Some("rest_no_route");
        *known.borrow_mut() = Some(present);
        Ok(present.then_some(response))
    }

    /// DELETE that treats "already gone" (404) as done: deleting a link or a checkpoint twice is fine.
    async fn delete_if_present(&self, path: &str) -> Result<(), SideError> {
        let response = self.wp.send(Method::DELETE, path, &[], None, false).await?;
        if response.status == 404 {
            return Ok(());
        }
        crate::http::check(path, response).map(drop)
    }

    fn lease_of(&self, id: u64) -> Result<String, SideError> {
        self.leases.borrow().get(&id).cloned().ok_or_else(|| {
            SideError::permanent(format!("outbox row {id} was not claimed by this worker"))
        })
    }
}

/// 32 hex digits. An identity, not a secret: Math.random is enough to tell workers apart.
fn random_token() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
        .collect()
}

pub fn cancelled(job: &str) -> SideError {
    SideError::permanent(format!("{CANCELLED_PREFIX}{job} was cancelled"))
}

/// Messages of the side errors raised by a cancel start with this (bindings map them to
/// the `job.cancelled` code).
pub const CANCELLED_PREFIX: &str = "cancelled: ";

fn is_missing(response: &WpResponse) -> bool {
    match response.status {
        404 | 410 => true,
        // WooCommerce answers 400 `…_invalid_id` for ids of another post type.
        400 => response
            .error_code()
            .is_some_and(|code| code.ends_with("invalid_id")),
        _ => false,
    }
}

fn parse<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, SideError> {
    megaventory::lenient::from_object(value)
        .map_err(|e| SideError::permanent(format!("unexpected answer from {what}: {e}")))
}

impl WooSide for HttpWooSide {
    async fn products_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ProductFamily>, SideError> {
        let products: Page<Product> = self
            .list_page("wc/v3/products", page, per_page, &[])
            .await?;
        let mut items = Vec::with_capacity(products.items.len());
        for product in products.items {
            items.push(self.family(product).await?);
        }
        Ok(Page {
            items,
            total: products.total,
        })
    }

    async fn customers_page(&self, page: u32, per_page: u32) -> Result<Page<Customer>, SideError> {
        self.list_page("wc/v3/customers", page, per_page, &[]).await
    }

    async fn coupons_page(&self, page: u32, per_page: u32) -> Result<Page<Coupon>, SideError> {
        self.list_page("wc/v3/coupons", page, per_page, &[]).await
    }

    async fn tax_rates_page(&self, page: u32, per_page: u32) -> Result<Page<TaxRate>, SideError> {
        self.list_page("wc/v3/taxes", page, per_page, &[]).await
    }

    async fn categories(&self) -> Result<Vec<Category>, SideError> {
        let mut categories = Vec::new();
        let mut page = 1;
        loop {
            let batch: Page<Category> = self
                .list_page("wc/v3/products/categories", page, MAX_PER_PAGE, &[])
                .await?;
            let count = batch.items.len();
            categories.extend(batch.items);
            if count == 0 || categories.len() as u64 >= batch.total {
                return Ok(categories);
            }
            page += 1;
        }
    }

    async fn product(&self, wc_id: u64) -> Result<Option<ProductFamily>, SideError> {
        let Some(product) = self
            .get_entity::<Product>(&format!("wc/v3/products/{wc_id}"))
            .await?
        else {
            return Ok(None);
        };
        if product.product_type == ProductType::Variation {
            if product.parent_id == 0 {
                return Ok(None);
            }
            self.parents.borrow_mut().insert(wc_id, product.parent_id);
            let Some(parent) = self
                .get_entity::<Product>(&format!("wc/v3/products/{}", product.parent_id))
                .await?
            else {
                return Ok(None);
            };
            return self.family(parent).await.map(Some);
        }
        self.family(product).await.map(Some)
    }

    async fn customer(&self, wc_id: u64) -> Result<Option<Customer>, SideError> {
        self.get_entity(&format!("wc/v3/customers/{wc_id}")).await
    }

    async fn coupon(&self, wc_id: u64) -> Result<Option<Coupon>, SideError> {
        self.get_entity(&format!("wc/v3/coupons/{wc_id}")).await
    }

    async fn order(&self, wc_id: u64) -> Result<Option<Order>, SideError> {
        self.get_entity(&format!("wc/v3/orders/{wc_id}")).await
    }

    async fn tax_rate(&self, wc_id: u64) -> Result<Option<TaxRate>, SideError> {
        self.get_entity(&format!("wc/v3/taxes/{wc_id}")).await
    }

    async fn set_stock(&self, wc_id: u64, quantity: i64) -> Result<(), SideError> {
        let path = self.product_path(wc_id).await?;
        self.write(
            Method::PUT,
            &path,
            json!({"manage_stock": true, "stock_quantity": quantity}),
        )
        .await
        .map(drop)
    }

    async fn set_purchase_price(&self, wc_id: u64, price: &str) -> Result<(), SideError> {
        let path = self.product_path(wc_id).await?;
        self.write(
            Method::PUT,
            &path,
            json!({"meta_data": [{"key": "_mvsync_purchase_price", "value": price}]}),
        )
        .await
        .map(drop)
    }

    async fn set_order_status(&self, wc_id: u64, status: &OrderStatus) -> Result<(), SideError> {
        let status = sync_core::mapping::order::status_text(status);
        self.write(
            Method::PUT,
            &format!("wc/v3/orders/{wc_id}"),
            json!({ "status": status }),
        )
        .await
        .map(drop)
    }

    async fn lease_poll(&self, lease: Duration) -> Result<PollLease, SideError> {
        let body = json!({
            "lease_token": self.poll_token,
            "lease_seconds": lease.as_secs().clamp(10, 600),
        });
        let path = "megaventory/v1/poll/lease";
        let Some(response) = self.post_if_route(&self.poll_route, path, &body).await? else {
            // A plugin from before the lease: every worker polls, as they did then.
            return Ok(PollLease::Granted);
        };
        let answer: PollLeaseAnswer = parse(path, crate::http::check(path, response)?.json()?)?;
        Ok(match (answer.granted, answer.renewed) {
            (false, _) => PollLease::HeldElsewhere,
            (true, true) => PollLease::Renewed,
            (true, false) => PollLease::Granted,
        })
    }

    async fn release_poll(&self) -> Result<(), SideError> {
        if *self.poll_route.borrow() != Some(true) {
            return Ok(());
        }
        self.plugin(
            Method::POST,
            "poll/release",
            Some(json!({"lease_token": self.poll_token})),
        )
        .await
        .map(drop)
    }

    async fn claim(&self, max: usize, lease: Duration) -> Result<Vec<OutboxEvent>, SideError> {
        // Stopping or paused: claim nothing, so the round ends after the rows in hand.
        if self.control.state() != ControlState::Running {
            return Ok(Vec::new());
        }
        let mut body = json!({
            "limit": max.min(self.claim_batch).clamp(1, 500),
            "lease_seconds": lease.as_secs().clamp(10, 3600),
        });
        if let Some(token) = &self.lease_token {
            body["lease_token"] = json!(token);
        }
        let answer = self
            .plugin(Method::POST, "outbox/claim", Some(body))
            .await?;
        let answer: ClaimAnswer = parse("outbox/claim", answer)?;
        let mut events = Vec::with_capacity(answer.items.len());
        for item in answer.items {
            let row: OutboxRow = parse("outbox/claim", item)?;
            self.leases
                .borrow_mut()
                .insert(row.id, answer.lease_token.clone());
            match event_of_row(&row) {
                Ok(event) => events.push(event),
                // A row this worker cannot read would come back forever: settle it now.
                Err(reason) => {
                    self.plugin(
                        Method::POST,
                        "outbox/fail",
                        Some(json!({
                            "lease_token": answer.lease_token,
                            "id": row.id,
                            "error": format!("[outbox.unknown_row] {reason}"),
                            "retry_after_seconds": 604800,
                            "dead": true,
                        })),
                    )
                    .await?;
                }
            }
        }
        Ok(events)
    }

    async fn ack(&self, event_ids: &[u64]) -> Result<(), SideError> {
        let mut by_token: HashMap<String, Vec<u64>> = HashMap::new();
        for id in event_ids {
            by_token.entry(self.lease_of(*id)?).or_default().push(*id);
        }
        for (token, ids) in by_token {
            // `not_acked` rows lost their lease: another worker owns them now and, content
            // hashes making replays cheap, will redo them. Nothing to do here.
            self.plugin(
                Method::POST,
                "outbox/ack",
                Some(json!({"lease_token": token, "ids": ids})),
            )
            .await?;
            let mut leases = self.leases.borrow_mut();
            for id in ids {
                leases.remove(&id);
            }
        }
        Ok(())
    }

    async fn fail(
        &self,
        event_id: u64,
        error: &SyncError,
        retry_after: Option<Duration>,
    ) -> Result<(), SideError> {
        let token = self.lease_of(event_id)?;
        let body = match retry_after {
            Some(delay) => json!({
                "lease_token": token, "id": event_id, "error": failure_text(error),
                "retry_after_seconds": delay.as_secs().min(604800),
            }),
            // Dead letter: `dead` asks the plugin to stop at once; a plugin without that flag
            // keeps the row for its longest delay instead.
            None => json!({
                "lease_token": token, "id": event_id, "error": failure_text(error),
                "retry_after_seconds": 604800, "dead": true,
            }),
        };
        let response = self
            .wp
            .send(
                Method::POST,
                "megaventory/v1/outbox/fail",
                &[],
                Some(&body),
                false,
            )
            .await?;
        self.leases.borrow_mut().remove(&event_id);
        // A lapsed lease: the row is back in the queue and someone will try again.
        if response.status == 409 {
            return Ok(());
        }
        crate::http::check("megaventory/v1/outbox/fail", response).map(drop)
    }

    async fn get_links(&self, kind: LinkKind, wc_ids: &[u64]) -> Result<Vec<Link>, SideError> {
        let mut links = Vec::new();
        let mut ids: Vec<u64> = wc_ids.iter().copied().filter(|id| *id > 0).collect();
        if kind == LinkKind::Client && wc_ids.contains(&0) {
            if let Some(state) = self.load_checkpoint(GUEST_LINK_JOB).await? {
                if let Some(mv_id) = state.get("mv_id").and_then(Value::as_i64) {
                    links.push(Link {
                        kind,
                        wc_id: 0,
                        mv_id,
                        hash: 0,
                        label: None,
                    });
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(LINK_BATCH) {
            let list = chunk
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let answer = self
                .get(
                    "megaventory/v1/links",
                    &[("wc_type", link_type(kind).into()), ("wc_ids", list)],
                )
                .await?
                .json()?;
            links.extend(links_of_answer(kind, &answer));
        }
        Ok(links)
    }

    async fn links_by_mv(&self, kind: LinkKind, mv_ids: &[i64]) -> Result<Vec<Link>, SideError> {
        let ids: Vec<i64> = mv_ids.iter().copied().filter(|id| *id > 0).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if *self.by_mv_list.borrow() != Some(false) {
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let response = self
                .wp
                .send(
                    Method::GET,
                    "megaventory/v1/links/by-mv-id",
                    &[("wc_type", link_type(kind).into()), ("mv_ids", list)],
                    None,
                    false,
                )
                .await?;
            // A plugin that only knows `mv_id` says the parameter is missing.
            let old_plugin = response.status == 400
                && response.error_code().as_deref() == Some("rest_missing_callback_param");
            if !old_plugin {
                *self.by_mv_list.borrow_mut() = Some(true);
                if response.status == 404 {
                    return Ok(Vec::new());
                }
                let answer =
                    crate::http::check("megaventory/v1/links/by-mv-id", response)?.json()?;
                return Ok(links_of_answer(kind, &answer));
            }
            *self.by_mv_list.borrow_mut() = Some(false);
        }
        let mut links = Vec::new();
        for id in ids {
            let response = self
                .wp
                .send(
                    Method::GET,
                    "megaventory/v1/links/by-mv-id",
                    &[
                        ("wc_type", link_type(kind).into()),
                        ("mv_id", id.to_string()),
                    ],
                    None,
                    false,
                )
                .await?;
            if response.status == 404 {
                continue;
            }
            let answer = crate::http::check("megaventory/v1/links/by-mv-id", response)?.json()?;
            links.extend(links_of_answer(kind, &answer));
        }
        Ok(links)
    }

    async fn put_link(&self, link: Link) -> Result<(), SideError> {
        if link.kind == LinkKind::Client && link.wc_id == 0 {
            return self
                .save_checkpoint(GUEST_LINK_JOB, &json!({"mv_id": link.mv_id}))
                .await;
        }
        if link.wc_id == 0 || link.mv_id <= 0 {
            return Err(SideError::permanent(format!(
                "cannot store a {} link from WooCommerce id {} to Megaventory id {}",
                link_type(link.kind),
                link.wc_id,
                link.mv_id
            )));
        }
        self.plugin(
            Method::POST,
            "links",
            Some(json!({ "links": [link_json(&link)] })),
        )
        .await
        .map(drop)
    }

    async fn delete_link(&self, kind: LinkKind, wc_id: u64) -> Result<(), SideError> {
        if kind == LinkKind::Client && wc_id == 0 {
            return self.clear_checkpoint(GUEST_LINK_JOB).await;
        }
        self.delete_if_present(&format!("megaventory/v1/links/{}/{wc_id}", link_type(kind)))
            .await
    }

    async fn load_checkpoint(&self, job: &str) -> Result<Option<Value>, SideError> {
        let path = format!("megaventory/v1/checkpoints/{job}");
        let response = self.wp.send(Method::GET, &path, &[], None, false).await?;
        if response.status == 404 {
            return Ok(None);
        }
        let answer = crate::http::check(&path, response)?.json()?;
        Ok(answer.get("state").cloned().filter(|s| !s.is_null()))
    }

    async fn save_checkpoint(&self, job: &str, state: &Value) -> Result<(), SideError> {
        self.plugin(
            Method::PUT,
            &format!("checkpoints/{job}"),
            Some(json!({ "state": state })),
        )
        .await
        .map(drop)
    }

    async fn clear_checkpoint(&self, job: &str) -> Result<(), SideError> {
        self.delete_if_present(&format!("megaventory/v1/checkpoints/{job}"))
            .await
    }

    async fn log(&self, entry: LogEntry) -> Result<(), SideError> {
        self.log_many(vec![entry]).await
    }

    async fn log_many(&self, entries: Vec<LogEntry>) -> Result<(), SideError> {
        // The route takes up to 100 entries per request.
        for chunk in entries.chunks(100) {
            let entries: Vec<_> = chunk.iter().map(log_json).collect();
            self.plugin(Method::POST, "logs", Some(json!({ "entries": entries })))
                .await?;
        }
        Ok(())
    }

    async fn park(&self, update: &IntegrationUpdate, error: &SyncError) -> Result<(), SideError> {
        let message: String = format!("{}: {}", error.entity, error.message)
            .chars()
            .take(2000)
            .collect();
        let body = json!({
            "update": update,
            "error": {"code": error.code, "message": message},
        });
        let path = "megaventory/v1/parked";
        if let Some(response) = self.post_if_route(&self.parked_route, path, &body).await? {
            return crate::http::check(path, response).map(drop);
        }
        // A plugin without `/parked`: keep the update and its error in the log.
        let mut entry = LogEntry::from_error(sync_core::engine::LogLevel::Error, error);
        entry.message = format!(
            "parked integration update: {} ({})",
            error.message, body["update"]
        );
        self.log(entry).await
    }
}

//! `MemoryShop`: an in-memory [`WooSide`] for tests and benchmarks (feature `testing`), also
//! used by the wasm crate's tests. It holds products, customers, coupons, tax rates and orders
//! (from the captured fixtures or generated), an outbox with leases, links, checkpoints, a log
//! and the parked integration updates, and a switch that makes it "crash" after N links.

use crate::engine::*;
use crate::error::{SideError, SyncError};
use crate::mapping::product::ProductFamily;
use crate::woo::{
    Category, CategoryRef, Coupon, Customer, Dimensions, MetaData, Order, OrderStatus, Product,
    ProductType, TaxRate, Variation, VariationAttribute,
};
use megaventory::model::IntegrationUpdate;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

#[derive(Debug, Clone)]
struct StoredEvent {
    event: OutboxEvent,
    due_ms: u64,
    leased_until_ms: u64,
    done: bool,
    dead: Option<SyncError>,
}

#[derive(Default)]
struct State {
    families: BTreeMap<u64, ProductFamily>,
    variation_parent: HashMap<u64, u64>,
    categories: Vec<Category>,
    customers: BTreeMap<u64, Customer>,
    coupons: BTreeMap<u64, Coupon>,
    tax_rates: BTreeMap<u64, TaxRate>,
    orders: BTreeMap<u64, Order>,
    outbox: Vec<StoredEvent>,
    next_event_id: u64,
    links: BTreeMap<(LinkKind, u64), Link>,
    checkpoints: HashMap<String, Value>,
    checkpoint_saves: usize,
    log: Vec<LogEntry>,
    parked: Vec<(IntegrationUpdate, SyncError)>,
    now_ms: u64,
    crash_after_links: Option<usize>,
    links_written: usize,
    /// After this many more writes from Megaventory (stock, price, status) the shop stops.
    crash_after_writes: Option<usize>,
    writes: usize,
    /// The poll lease request that stops the shop (counting down).
    crash_at_lease_poll: Option<usize>,
    crashed: bool,
    /// The worker the next calls come from (tests alternate two engines on one shop).
    worker: String,
    /// Holder of the poll lease and when it ends.
    poll_lease: Option<(String, u64)>,
}

#[derive(Default)]
pub struct MemoryShop {
    state: RefCell<State>,
}

fn crashed() -> SideError {
    SideError::transient("the shop stopped (MemoryShop crash switch)")
}

/// One more call of a kind with a crash switch: counted, or, once `done` reaches `limit`, the
/// shop stops.
fn count_or_crash(
    crashed_flag: &mut bool,
    limit: Option<usize>,
    done: &mut usize,
) -> Result<(), SideError> {
    if limit.is_some_and(|limit| *done >= limit) {
        *crashed_flag = true;
        return Err(crashed());
    }
    *done += 1;
    Ok(())
}

impl MemoryShop {
    pub fn new() -> MemoryShop {
        MemoryShop::default()
    }

    /// The captured WooCommerce 8.9.1 shop of `tests/fixtures/wc` (`dir` is that folder).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_fixtures(dir: &std::path::Path) -> Result<MemoryShop, String> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"))
        };
        let shop = MemoryShop::new();
        shop.set_categories(
            crate::woo::list_from_json(&read("products/categories.json")?)
                .map_err(|e| e.to_string())?,
        );
        for name in ["simple", "no-sku", "html-emoji-rtl-title", "draft"] {
            let product: Product = crate::woo::from_json(&read(&format!("products/{name}.json"))?)
                .map_err(|e| e.to_string())?;
            shop.add_family(ProductFamily {
                product,
                variations: Vec::new(),
            });
        }
        let variable: Product =
            crate::woo::from_json(&read("products/variable.json")?).map_err(|e| e.to_string())?;
        let variations: Vec<Variation> =
            crate::woo::list_from_json(&read("products/variable-variations.json")?)
                .map_err(|e| e.to_string())?;
        shop.add_family(ProductFamily {
            product: variable,
            variations,
        });
        for name in ["full", "empty-shipping"] {
            shop.add_customer(
                crate::woo::from_json(&read(&format!("customers/{name}.json"))?)
                    .map_err(|e| e.to_string())?,
            );
        }
        for name in ["percent", "fixed-cart", "fixed-product"] {
            shop.add_coupon(
                crate::woo::from_json(&read(&format!("coupons/{name}.json"))?)
                    .map_err(|e| e.to_string())?,
            );
        }
        for rate in crate::woo::list_from_json::<TaxRate>(&read("taxes/rates.json")?)
            .map_err(|e| e.to_string())?
        {
            shop.add_tax_rate(rate);
        }
        for name in ["customer", "guest", "deleted-product"] {
            shop.add_order(
                crate::woo::from_json(&read(&format!("orders/{name}.json"))?)
                    .map_err(|e| e.to_string())?,
            );
        }
        Ok(shop)
    }

    /// `products` published products with SKUs `GEN-<n>`; a `variable_share` of them variable
    /// with `variations` variations each (`GEN-<n>-V<k>`), the rest simple. Ids are 1000 + n
    /// for products and 1_000_000 + n × 100 + k for variations. Stock is managed and set to n % 7.
    pub fn generated(products: usize, variable_share: f64, variations: usize) -> MemoryShop {
        let variable_every = if variable_share > 0.0 {
            (1.0 / variable_share).round().max(1.0) as usize
        } else {
            usize::MAX
        };
        Self::generate(products, |n| {
            if variations > 0 && n % variable_every == variable_every - 1 {
                variations
            } else {
                0
            }
        })
    }

    /// Like [`generated`](Self::generated), but exactly ⌊n × `variable_share`⌋ of the first n
    /// products are variable (spread evenly), and the j-th variable product has
    /// `variations.start() + j mod (range length)` variations (3, 4, 5, 3, … for `3..=5`).
    /// Deterministic: a smaller shop is a prefix of a larger one with the same arguments.
    pub fn generated_mix(
        products: usize,
        variable_share: f64,
        variations: std::ops::RangeInclusive<usize>,
    ) -> MemoryShop {
        let share = variable_share.clamp(0.0, 1.0);
        let variable_before = |n: usize| (n as f64 * share + 1e-9).floor() as usize;
        let (low, high) = (
            *variations.start(),
            *variations.end().max(variations.start()),
        );
        Self::generate(products, |n| {
            if variable_before(n + 1) > variable_before(n) {
                low + variable_before(n) % (high - low + 1)
            } else {
                0
            }
        })
    }

    /// `count` registered customers with user names `gen-customer-<n>`, ids 5000 + n, and a
    /// full billing and shipping address.
    pub fn add_generated_customers(&self, count: usize) {
        for n in 0..count {
            let address = crate::woo::Address {
                first_name: format!("First{n}"),
                last_name: format!("Last{n}"),
                company: if n % 3 == 0 {
                    format!("Company {n}")
                } else {
                    String::new()
                },
                address_1: format!("{} Generated Street", 1 + n % 200),
                city: "Athens".into(),
                postcode: format!("{:05}", 10000 + n % 9000),
                country: "GR".into(),
                email: format!("customer{n}@example.test"),
                phone: format!("+30 210 {:07}", n),
                ..crate::woo::Address::default()
            };
            self.add_customer(Customer {
                id: 5000 + n as u64,
                email: format!("customer{n}@example.test"),
                first_name: format!("First{n}"),
                last_name: format!("Last{n}"),
                username: format!("gen-customer-{n}"),
                role: "customer".into(),
                billing: Some(address.clone()),
                shipping: Some(address),
                ..Customer::default()
            });
        }
    }

    /// Products 0..`products`; `variations_of(n)` > 0 makes product n variable with that many.
    fn generate(products: usize, variations_of: impl Fn(usize) -> usize) -> MemoryShop {
        let shop = MemoryShop::new();
        shop.set_categories(vec![
            Category {
                id: 1,
                name: "Generated".into(),
                slug: "generated".into(),
                ..Category::default()
            },
            Category {
                id: 2,
                name: "Sub".into(),
                slug: "sub".into(),
                parent: 1,
                ..Category::default()
            },
        ]);
        for n in 0..products {
            let id = 1000 + n as u64;
            let variations = variations_of(n);
            let variable = variations > 0;
            let mut product = Product {
                id,
                name: format!("Generated product {n}"),
                product_type: if variable {
                    ProductType::Variable
                } else {
                    ProductType::Simple
                },
                status: "publish".into(),
                sku: format!("GEN-{n}"),
                description: format!("<p>Generated product <b>{n}</b></p>"),
                regular_price: format!("{}.{:02}", 5 + n % 50, n % 100),
                weight: "0.5".into(),
                dimensions: Some(Dimensions {
                    length: "10".into(),
                    width: "5".into(),
                    height: "2".into(),
                }),
                categories: vec![CategoryRef {
                    id: 2,
                    name: "Sub".into(),
                    slug: "sub".into(),
                }],
                manage_stock: !variable,
                stock_quantity: (!variable).then_some((n % 7) as i64),
                meta_data: vec![MetaData {
                    key: "_mvsync_purchase_price".into(),
                    value: Value::String(format!("{}.00", 2 + n % 20)),
                    ..MetaData::default()
                }],
                ..Product::default()
            };
            let mut family_variations = Vec::new();
            if variable {
                for k in 0..variations {
                    let variation_id = 1_000_000 + n as u64 * 100 + k as u64;
                    product.variations.push(variation_id);
                    family_variations.push(Variation {
                        id: variation_id,
                        parent_id: id,
                        sku: format!("GEN-{n}-V{k}"),
                        status: "publish".into(),
                        regular_price: format!("{}.50", 10 + k),
                        manage_stock: true,
                        stock_quantity: Some(k as i64 + 1),
                        attributes: vec![VariationAttribute {
                            name: "Size".into(),
                            slug: "size".into(),
                            option: format!("S{k}"),
                            ..VariationAttribute::default()
                        }],
                        ..Variation::default()
                    });
                }
            }
            shop.add_family(ProductFamily {
                product,
                variations: family_variations,
            });
        }
        shop
    }

    // ----- building

    pub fn set_categories(&self, categories: Vec<Category>) {
        self.state.borrow_mut().categories = categories;
    }

    pub fn add_family(&self, family: ProductFamily) {
        let mut state = self.state.borrow_mut();
        for variation in &family.variations {
            state
                .variation_parent
                .insert(variation.id, family.product.id);
        }
        state.families.insert(family.product.id, family);
    }

    pub fn remove_product(&self, wc_id: u64) {
        self.state.borrow_mut().families.remove(&wc_id);
    }

    pub fn add_customer(&self, customer: Customer) {
        self.state
            .borrow_mut()
            .customers
            .insert(customer.id, customer);
    }

    pub fn add_coupon(&self, coupon: Coupon) {
        self.state.borrow_mut().coupons.insert(coupon.id, coupon);
    }

    pub fn add_tax_rate(&self, rate: TaxRate) {
        self.state.borrow_mut().tax_rates.insert(rate.id, rate);
    }

    pub fn add_order(&self, order: Order) {
        self.state.borrow_mut().orders.insert(order.id, order);
    }

    /// Changes a product (or the parent of a variation) in place.
    pub fn edit_family(&self, wc_id: u64, edit: impl FnOnce(&mut ProductFamily)) {
        let mut state = self.state.borrow_mut();
        let id = state.variation_parent.get(&wc_id).copied().unwrap_or(wc_id);
        if let Some(family) = state.families.get_mut(&id) {
            edit(family);
        }
    }

    /// Records an outbox event, due now. Returns its id.
    pub fn push_event(
        &self,
        kind: OutboxKind,
        action: OutboxAction,
        wc_id: u64,
        payload: EventPayload,
    ) -> u64 {
        let mut state = self.state.borrow_mut();
        state.next_event_id += 1;
        let id = state.next_event_id;
        let due_ms = state.now_ms;
        state.outbox.push(StoredEvent {
            event: OutboxEvent {
                id,
                kind,
                action,
                wc_id,
                attempts: 0,
                payload,
            },
            due_ms,
            leased_until_ms: 0,
            done: false,
            dead: None,
        });
        id
    }

    /// Moves the shop's clock (leases and retry delays) forward.
    pub fn advance_clock(&self, by: Duration) {
        self.state.borrow_mut().now_ms += by.as_millis() as u64;
    }

    /// After `links` more successful `put_link` calls every call fails, as if the process died.
    pub fn crash_after_links(&self, links: usize) {
        let mut state = self.state.borrow_mut();
        state.crash_after_links = Some(state.links_written + links);
    }

    /// After `writes` more stock, purchase price or status writes every call fails, as if the
    /// worker died in the middle of a poll.
    pub fn crash_after_writes(&self, writes: usize) {
        let mut state = self.state.borrow_mut();
        state.crash_after_writes = Some(state.writes + writes);
    }

    /// The `nth` poll lease request from now (1 = the next) stops the shop: with 2, a worker
    /// dies after its first batch of integration updates, before the second.
    pub fn crash_at_lease_poll(&self, nth: usize) {
        self.state.borrow_mut().crash_at_lease_poll = Some(nth);
    }

    pub fn revive(&self) {
        let mut state = self.state.borrow_mut();
        state.crashed = false;
        state.crash_after_links = None;
        state.crash_after_writes = None;
        state.crash_at_lease_poll = None;
    }

    /// The following calls come from worker `name` (its poll lease is its own): lets a test run
    /// two engines, as two workers, against one shop.
    pub fn act_as_worker(&self, name: &str) {
        self.state.borrow_mut().worker = name.to_string();
    }

    /// Who holds the poll lease now, if anyone.
    pub fn poll_lease_holder(&self) -> Option<String> {
        let state = self.state.borrow();
        state
            .poll_lease
            .as_ref()
            .filter(|(_, until)| *until > state.now_ms)
            .map(|(holder, _)| holder.clone())
    }

    // ----- inspection

    pub fn links(&self, kind: LinkKind) -> Vec<Link> {
        self.state
            .borrow()
            .links
            .values()
            .filter(|l| l.kind == kind)
            .cloned()
            .collect()
    }

    pub fn link(&self, kind: LinkKind, wc_id: u64) -> Option<Link> {
        self.state.borrow().links.get(&(kind, wc_id)).cloned()
    }

    pub fn checkpoint(&self, job: &str) -> Option<Value> {
        self.state.borrow().checkpoints.get(job).cloned()
    }

    pub fn checkpoint_saves(&self) -> usize {
        self.state.borrow().checkpoint_saves
    }

    /// Events neither acknowledged nor dead.
    pub fn pending_events(&self) -> Vec<OutboxEvent> {
        self.state
            .borrow()
            .outbox
            .iter()
            .filter(|e| !e.done && e.dead.is_none())
            .map(|e| e.event.clone())
            .collect()
    }

    pub fn dead_letters(&self) -> Vec<(OutboxEvent, SyncError)> {
        self.state
            .borrow()
            .outbox
            .iter()
            .filter_map(|e| Some((e.event.clone(), e.dead.clone()?)))
            .collect()
    }

    pub fn acked_events(&self) -> Vec<u64> {
        self.state
            .borrow()
            .outbox
            .iter()
            .filter(|e| e.done)
            .map(|e| e.event.id)
            .collect()
    }

    pub fn parked(&self) -> Vec<(IntegrationUpdate, SyncError)> {
        self.state.borrow().parked.clone()
    }

    pub fn log_entries(&self) -> Vec<LogEntry> {
        self.state.borrow().log.clone()
    }

    pub fn stock_of(&self, wc_id: u64) -> Option<i64> {
        let state = self.state.borrow();
        match state.variation_parent.get(&wc_id) {
            Some(parent) => {
                state
                    .families
                    .get(parent)?
                    .variations
                    .iter()
                    .find(|v| v.id == wc_id)?
                    .stock_quantity
            }
            None => state.families.get(&wc_id)?.product.stock_quantity,
        }
    }

    pub fn purchase_price_of(&self, wc_id: u64) -> Option<String> {
        let state = self.state.borrow();
        match state.variation_parent.get(&wc_id) {
            Some(parent) => state
                .families
                .get(parent)?
                .variations
                .iter()
                .find(|v| v.id == wc_id)?
                .purchase_price(),
            None => state.families.get(&wc_id)?.product.purchase_price(),
        }
    }

    pub fn order_status(&self, wc_id: u64) -> Option<OrderStatus> {
        self.state
            .borrow()
            .orders
            .get(&wc_id)
            .map(|o| o.status.clone())
    }

    pub fn family_ids(&self) -> Vec<u64> {
        self.state.borrow().families.keys().copied().collect()
    }

    fn check(&self) -> Result<(), SideError> {
        if self.state.borrow().crashed {
            Err(crashed())
        } else {
            Ok(())
        }
    }

    /// [`Self::check`] for a write from Megaventory, counted for `crash_after_writes`.
    fn check_write(&self) -> Result<(), SideError> {
        self.check()?;
        let state = &mut *self.state.borrow_mut();
        count_or_crash(
            &mut state.crashed,
            state.crash_after_writes,
            &mut state.writes,
        )
    }

    fn page<'s, T: Clone + 's>(
        items: impl ExactSizeIterator<Item = &'s T>,
        page: u32,
        per_page: u32,
    ) -> Page<T> {
        let total = items.len() as u64;
        let start = (page.max(1) as usize - 1) * per_page as usize;
        Page {
            items: items.skip(start).take(per_page as usize).cloned().collect(),
            total,
        }
    }
}

fn set_meta(meta: &mut Vec<MetaData>, key: &str, value: &str) {
    match meta.iter_mut().find(|m| m.key == key) {
        Some(entry) => entry.value = Value::String(value.to_string()),
        None => meta.push(MetaData {
            key: key.into(),
            value: Value::String(value.to_string()),
            ..MetaData::default()
        }),
    }
}

impl WooSide for MemoryShop {
    async fn products_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ProductFamily>, SideError> {
        self.check()?;
        Ok(Self::page(
            self.state.borrow().families.values(),
            page,
            per_page,
        ))
    }

    async fn customers_page(&self, page: u32, per_page: u32) -> Result<Page<Customer>, SideError> {
        self.check()?;
        Ok(Self::page(
            self.state.borrow().customers.values(),
            page,
            per_page,
        ))
    }

    async fn coupons_page(&self, page: u32, per_page: u32) -> Result<Page<Coupon>, SideError> {
        self.check()?;
        Ok(Self::page(
            self.state.borrow().coupons.values(),
            page,
            per_page,
        ))
    }

    async fn tax_rates_page(&self, page: u32, per_page: u32) -> Result<Page<TaxRate>, SideError> {
        self.check()?;
        Ok(Self::page(
            self.state.borrow().tax_rates.values(),
            page,
            per_page,
        ))
    }

    async fn categories(&self) -> Result<Vec<Category>, SideError> {
        self.check()?;
        Ok(self.state.borrow().categories.clone())
    }

    async fn product(&self, wc_id: u64) -> Result<Option<ProductFamily>, SideError> {
        self.check()?;
        let state = self.state.borrow();
        let id = state.variation_parent.get(&wc_id).copied().unwrap_or(wc_id);
        Ok(state.families.get(&id).cloned())
    }

    async fn customer(&self, wc_id: u64) -> Result<Option<Customer>, SideError> {
        self.check()?;
        Ok(self.state.borrow().customers.get(&wc_id).cloned())
    }

    async fn coupon(&self, wc_id: u64) -> Result<Option<Coupon>, SideError> {
        self.check()?;
        Ok(self.state.borrow().coupons.get(&wc_id).cloned())
    }

    async fn order(&self, wc_id: u64) -> Result<Option<Order>, SideError> {
        self.check()?;
        Ok(self.state.borrow().orders.get(&wc_id).cloned())
    }

    async fn tax_rate(&self, wc_id: u64) -> Result<Option<TaxRate>, SideError> {
        self.check()?;
        Ok(self.state.borrow().tax_rates.get(&wc_id).cloned())
    }

    async fn set_stock(&self, wc_id: u64, quantity: i64) -> Result<(), SideError> {
        self.check_write()?;
        let mut state = self.state.borrow_mut();
        let parent = state.variation_parent.get(&wc_id).copied();
        let found = match parent {
            Some(parent) => state
                .families
                .get_mut(&parent)
                .and_then(|f| f.variations.iter_mut().find(|v| v.id == wc_id))
                .map(|v| {
                    v.manage_stock = true;
                    v.stock_quantity = Some(quantity);
                }),
            None => state.families.get_mut(&wc_id).map(|f| {
                f.product.manage_stock = true;
                f.product.stock_quantity = Some(quantity);
            }),
        };
        found.ok_or_else(|| SideError::permanent(format!("product {wc_id} does not exist")))
    }

    async fn set_purchase_price(&self, wc_id: u64, price: &str) -> Result<(), SideError> {
        self.check_write()?;
        let mut state = self.state.borrow_mut();
        let parent = state.variation_parent.get(&wc_id).copied();
        let meta = match parent {
            Some(parent) => state
                .families
                .get_mut(&parent)
                .and_then(|f| f.variations.iter_mut().find(|v| v.id == wc_id))
                .map(|v| &mut v.meta_data),
            None => state
                .families
                .get_mut(&wc_id)
                .map(|f| &mut f.product.meta_data),
        };
        let meta =
            meta.ok_or_else(|| SideError::permanent(format!("product {wc_id} does not exist")))?;
        set_meta(meta, "_mvsync_purchase_price", price);
        Ok(())
    }

    async fn set_order_status(&self, wc_id: u64, status: &OrderStatus) -> Result<(), SideError> {
        self.check_write()?;
        let mut state = self.state.borrow_mut();
        let order = state
            .orders
            .get_mut(&wc_id)
            .ok_or_else(|| SideError::permanent(format!("order {wc_id} does not exist")))?;
        order.status = status.clone();
        Ok(())
    }

    async fn lease_poll(&self, lease: Duration) -> Result<PollLease, SideError> {
        self.check()?;
        let mut state = self.state.borrow_mut();
        if let Some(nth) = state.crash_at_lease_poll.as_mut() {
            *nth -= 1;
            if *nth == 0 {
                state.crashed = true;
                return Err(crashed());
            }
        }
        let now = state.now_ms;
        let me = state.worker.clone();
        let answer = match &state.poll_lease {
            Some((holder, until)) if *until > now && *holder != me => {
                return Ok(PollLease::HeldElsewhere)
            }
            Some((holder, until)) if *until > now && *holder == me => PollLease::Renewed,
            _ => PollLease::Granted,
        };
        state.poll_lease = Some((me, now + lease.as_millis() as u64));
        Ok(answer)
    }

    async fn release_poll(&self) -> Result<(), SideError> {
        self.check()?;
        let mut state = self.state.borrow_mut();
        if state
            .poll_lease
            .as_ref()
            .is_some_and(|(holder, _)| *holder == state.worker)
        {
            state.poll_lease = None;
        }
        Ok(())
    }

    async fn claim(&self, max: usize, lease: Duration) -> Result<Vec<OutboxEvent>, SideError> {
        self.check()?;
        let mut state = self.state.borrow_mut();
        let now = state.now_ms;
        let mut claimed = Vec::new();
        for stored in state.outbox.iter_mut() {
            if claimed.len() >= max {
                break;
            }
            if !stored.done
                && stored.dead.is_none()
                && stored.due_ms <= now
                && stored.leased_until_ms <= now
            {
                stored.leased_until_ms = now + lease.as_millis() as u64;
                claimed.push(stored.event.clone());
            }
        }
        Ok(claimed)
    }

    async fn ack(&self, event_ids: &[u64]) -> Result<(), SideError> {
        self.check()?;
        for stored in self
            .state
            .borrow_mut()
            .outbox
            .iter_mut()
            .filter(|e| event_ids.contains(&e.event.id))
        {
            stored.done = true;
        }
        Ok(())
    }

    async fn fail(
        &self,
        event_id: u64,
        error: &SyncError,
        retry_after: Option<Duration>,
    ) -> Result<(), SideError> {
        self.check()?;
        let mut state = self.state.borrow_mut();
        let now = state.now_ms;
        if let Some(stored) = state.outbox.iter_mut().find(|e| e.event.id == event_id) {
            stored.event.attempts += 1;
            stored.leased_until_ms = 0;
            match retry_after {
                Some(delay) => stored.due_ms = now + delay.as_millis() as u64,
                None => stored.dead = Some(error.clone()),
            }
        }
        Ok(())
    }

    async fn get_links(&self, kind: LinkKind, wc_ids: &[u64]) -> Result<Vec<Link>, SideError> {
        self.check()?;
        let state = self.state.borrow();
        Ok(wc_ids
            .iter()
            .filter_map(|id| state.links.get(&(kind, *id)).cloned())
            .collect())
    }

    async fn links_by_mv(&self, kind: LinkKind, mv_ids: &[i64]) -> Result<Vec<Link>, SideError> {
        self.check()?;
        Ok(self
            .state
            .borrow()
            .links
            .values()
            .filter(|l| l.kind == kind && mv_ids.contains(&l.mv_id))
            .cloned()
            .collect())
    }

    async fn put_link(&self, link: Link) -> Result<(), SideError> {
        self.check()?;
        let state = &mut *self.state.borrow_mut();
        count_or_crash(
            &mut state.crashed,
            state.crash_after_links,
            &mut state.links_written,
        )?;
        state.links.insert((link.kind, link.wc_id), link);
        Ok(())
    }

    async fn delete_link(&self, kind: LinkKind, wc_id: u64) -> Result<(), SideError> {
        self.check()?;
        self.state.borrow_mut().links.remove(&(kind, wc_id));
        Ok(())
    }

    async fn load_checkpoint(&self, job: &str) -> Result<Option<Value>, SideError> {
        self.check()?;
        Ok(self.state.borrow().checkpoints.get(job).cloned())
    }

    async fn save_checkpoint(&self, job: &str, state: &Value) -> Result<(), SideError> {
        self.check()?;
        let mut inner = self.state.borrow_mut();
        inner.checkpoint_saves += 1;
        inner.checkpoints.insert(job.to_string(), state.clone());
        Ok(())
    }

    async fn clear_checkpoint(&self, job: &str) -> Result<(), SideError> {
        self.check()?;
        self.state.borrow_mut().checkpoints.remove(job);
        Ok(())
    }

    async fn log(&self, entry: LogEntry) -> Result<(), SideError> {
        self.check()?;
        self.state.borrow_mut().log.push(entry);
        Ok(())
    }

    async fn park(&self, update: &IntegrationUpdate, error: &SyncError) -> Result<(), SideError> {
        self.check()?;
        self.state
            .borrow_mut()
            .parked
            .push((update.clone(), error.clone()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variation_counts(shop: &MemoryShop) -> Vec<usize> {
        shop.state
            .borrow()
            .families
            .values()
            .map(|f| f.variations.len())
            .collect()
    }

    #[test]
    fn generated_mix_has_the_exact_share_and_range_and_grows_by_prefix() {
        let large = variation_counts(&MemoryShop::generated_mix(10_000, 0.3, 3..=5));
        let variable: Vec<usize> = large.iter().copied().filter(|v| *v > 0).collect();
        assert_eq!(variable.len(), 3_000);
        assert!(variable.iter().all(|v| (3..=5).contains(v)));
        assert_eq!(variable.iter().sum::<usize>(), 12_000);
        let small = variation_counts(&MemoryShop::generated_mix(1_000, 0.3, 3..=5));
        assert_eq!(small, large[..1_000]);
    }

    #[test]
    fn generated_customers_have_unique_user_names() {
        let shop = MemoryShop::new();
        shop.add_generated_customers(50);
        let state = shop.state.borrow();
        let names: std::collections::HashSet<&str> = state
            .customers
            .values()
            .map(|c| c.username.as_str())
            .collect();
        assert_eq!(names.len(), 50);
    }
}

//! A WooCommerce side made of one entity given as JSON, for previews without a site: the
//! engine reads that entity, finds no links (so it plans a first send), and writes nothing.

use megaventory::model::IntegrationUpdate;
use serde_json::Value;
use std::time::Duration;
use sync_core::engine::preview::PreviewTarget;
use sync_core::engine::{Link, LinkKind, LogEntry, OutboxEvent, Page, PollLease, WooSide};
use sync_core::mapping::product::ProductFamily;
use sync_core::woo::{
    self, Category, Coupon, Customer, Order, OrderStatus, Product, ProductType, TaxRate, Variation,
    WooEntity,
};
use sync_core::{SideError, SyncError};

#[derive(Debug, Default)]
pub struct PreviewSide {
    family: Option<ProductFamily>,
    categories: Vec<Category>,
    customer: Option<Customer>,
    coupon: Option<Coupon>,
    tax_rate: Option<TaxRate>,
    order: Option<Order>,
}

fn read<T: WooEntity>(value: &Value) -> Result<T, String> {
    woo::from_json::<T>(&value.to_string()).map_err(|e| e.to_string())
}

fn read_list<T: WooEntity>(value: Option<&Value>) -> Result<Vec<T>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(list) => woo::list_from_json::<T>(&list.to_string()).map_err(|e| e.to_string()),
    }
}

impl PreviewSide {
    /// `kind`: product, customer, coupon, tax_rate or order. A product is either a bare
    /// `wc/v3` product or `{"product": …, "variations": […], "categories": […]}`.
    pub fn from_json(kind: &str, entity: &Value) -> Result<(PreviewSide, PreviewTarget), String> {
        if !entity.is_object() {
            return Err(format!("the {kind} to preview must be a JSON object"));
        }
        let mut side = PreviewSide::default();
        let target = match kind {
            "product" | "variation" => {
                let (product_json, variations, categories) = match entity.get("product") {
                    Some(product) => (product, entity.get("variations"), entity.get("categories")),
                    None => (entity, None, None),
                };
                let product: Product = read(product_json)?;
                let variations: Vec<Variation> = read_list(variations)?;
                side.categories = read_list(categories)?;
                if product.product_type == ProductType::Variable && variations.is_empty() {
                    return Err(format!(
                        "product {} is variable: give {{\"product\": …, \"variations\": […]}} to preview its variations",
                        product.id
                    ));
                }
                let id = product.id;
                side.family = Some(ProductFamily {
                    product,
                    variations,
                });
                PreviewTarget::Product(id)
            }
            "customer" | "client" => {
                let customer: Customer = read(entity)?;
                let id = customer.id;
                side.customer = Some(customer);
                PreviewTarget::Customer(id)
            }
            "coupon" | "discount" => {
                let coupon: Coupon = read(entity)?;
                let id = coupon.id;
                side.coupon = Some(coupon);
                PreviewTarget::Coupon(id)
            }
            "tax_rate" | "tax" => {
                let rate: TaxRate = read(entity)?;
                let id = rate.id;
                side.tax_rate = Some(rate);
                PreviewTarget::TaxRate(id)
            }
            "order" => {
                let order: Order = read(entity)?;
                let id = order.id;
                side.order = Some(order);
                PreviewTarget::Order(id)
            }
            other => {
                return Err(format!(
                    "unknown preview kind {other:?} (product, customer, coupon, tax_rate, order)"
                ))
            }
        };
        Ok((side, target))
    }
}

fn nothing_sent() -> SideError {
    SideError::permanent("a preview writes nothing to WooCommerce")
}

fn one<T: Clone>(item: &Option<T>, id_of: impl Fn(&T) -> u64, wc_id: u64) -> Option<T> {
    item.as_ref().filter(|i| id_of(i) == wc_id).cloned()
}

impl WooSide for PreviewSide {
    async fn products_page(&self, _: u32, _: u32) -> Result<Page<ProductFamily>, SideError> {
        Ok(Page::default())
    }
    async fn customers_page(&self, _: u32, _: u32) -> Result<Page<Customer>, SideError> {
        Ok(Page::default())
    }
    async fn coupons_page(&self, _: u32, _: u32) -> Result<Page<Coupon>, SideError> {
        Ok(Page::default())
    }
    async fn tax_rates_page(&self, _: u32, _: u32) -> Result<Page<TaxRate>, SideError> {
        Ok(Page::default())
    }
    async fn categories(&self) -> Result<Vec<Category>, SideError> {
        Ok(self.categories.clone())
    }
    async fn product(&self, wc_id: u64) -> Result<Option<ProductFamily>, SideError> {
        Ok(self.family.as_ref().and_then(|family| {
            let contains =
                family.product.id == wc_id || family.variations.iter().any(|v| v.id == wc_id);
            contains.then(|| family.clone())
        }))
    }
    async fn customer(&self, wc_id: u64) -> Result<Option<Customer>, SideError> {
        Ok(one(&self.customer, |c| c.id, wc_id))
    }
    async fn coupon(&self, wc_id: u64) -> Result<Option<Coupon>, SideError> {
        Ok(one(&self.coupon, |c| c.id, wc_id))
    }
    async fn order(&self, wc_id: u64) -> Result<Option<Order>, SideError> {
        Ok(one(&self.order, |o| o.id, wc_id))
    }
    async fn tax_rate(&self, wc_id: u64) -> Result<Option<TaxRate>, SideError> {
        Ok(one(&self.tax_rate, |t| t.id, wc_id))
    }
    async fn set_stock(&self, _: u64, _: i64) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn set_purchase_price(&self, _: u64, _: &str) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn set_order_status(&self, _: u64, _: &OrderStatus) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn lease_poll(&self, _: Duration) -> Result<PollLease, SideError> {
        Ok(PollLease::HeldElsewhere)
    }
    async fn claim(&self, _: usize, _: Duration) -> Result<Vec<OutboxEvent>, SideError> {
        Ok(Vec::new())
    }
    async fn ack(&self, _: &[u64]) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn fail(&self, _: u64, _: &SyncError, _: Option<Duration>) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn get_links(&self, _: LinkKind, _: &[u64]) -> Result<Vec<Link>, SideError> {
        Ok(Vec::new())
    }
    async fn links_by_mv(&self, _: LinkKind, _: &[i64]) -> Result<Vec<Link>, SideError> {
        Ok(Vec::new())
    }
    async fn put_link(&self, _: Link) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn delete_link(&self, _: LinkKind, _: u64) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn load_checkpoint(&self, _: &str) -> Result<Option<Value>, SideError> {
        Ok(None)
    }
    async fn save_checkpoint(&self, _: &str, _: &Value) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn clear_checkpoint(&self, _: &str) -> Result<(), SideError> {
        Err(nothing_sent())
    }
    async fn log(&self, _: LogEntry) -> Result<(), SideError> {
        Ok(())
    }
    async fn park(&self, _: &IntegrationUpdate, _: &SyncError) -> Result<(), SideError> {
        Err(nothing_sent())
    }
}

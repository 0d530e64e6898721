//! Preview: the Megaventory requests a WooCommerce entity would produce, and the warnings,
//! without sending anything to Megaventory. Ids that only Megaventory could tell (a category
//! not created yet, a client not linked yet) are left out of the request and named in `notes`.

use super::{Engine, LinkKind, WooSide};
use crate::error::{SideError, SyncError};
use crate::mapping::client::map_customer;
use crate::mapping::coupon::map_coupon;
use crate::mapping::order::{map_order, ResolvedIds};
use crate::mapping::product::{map_family, FamilyPlan};
use crate::mapping::tax::map_tax_rate;
use megaventory::request::*;
use megaventory::Transport;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewTarget {
    /// A product, or a variation (its parent is read; only that variation is shown).
    Product(u64),
    Customer(u64),
    Coupon(u64),
    TaxRate(u64),
    Order(u64),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRequest {
    pub operation: &'static str,
    pub body: Value,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Preview {
    pub requests: Vec<PlannedRequest>,
    pub warnings: Vec<SyncError>,
    pub errors: Vec<SyncError>,
    pub notes: Vec<String>,
}

fn planned<R: Request>(request: &R) -> PlannedRequest {
    PlannedRequest {
        operation: R::OPERATION,
        body: serde_json::to_value(request).unwrap_or(Value::Null),
    }
}

impl<'a, W: WooSide, T: Transport> Engine<'a, W, T> {
    pub async fn preview(&self, target: PreviewTarget) -> Result<Preview, SideError> {
        let mut preview = Preview::default();
        let source = self.config.source_application.clone();
        match target {
            PreviewTarget::Product(wc_id) => {
                let Some(family) = self.woo.product(wc_id).await? else {
                    preview
                        .notes
                        .push(format!("product {wc_id} does not exist"));
                    return Ok(preview);
                };
                let categories = self.woo.categories().await?;
                match map_family(&family, &categories) {
                    FamilyPlan::Skip { reason, .. } => {
                        preview.notes.push(format!("not synchronised: {reason}"))
                    }
                    FamilyPlan::Items(items) => {
                        let show_all = family.product.id == wc_id;
                        for item in items {
                            match item {
                                Err(error) if show_all || error.entity.wc_id == wc_id => {
                                    preview.errors.push(error)
                                }
                                Ok(mut mapped) if show_all || mapped.value.wc_id == wc_id => {
                                    let product = &mapped.value;
                                    preview.warnings.append(&mut mapped.warnings);
                                    if let Some(path) = &product.category {
                                        preview.notes.push(format!("{}: category {path:?} is resolved (or created) when sent", product.sku()));
                                    }
                                    let link = self
                                        .woo
                                        .get_links(LinkKind::Product, &[product.wc_id])
                                        .await?
                                        .into_iter()
                                        .next();
                                    match link {
                                        Some(link) if link.hash == product.content_hash() => {
                                            preview.notes.push(format!("{}: unchanged since the last sync, nothing would be sent", product.sku()))
                                        }
                                        Some(link) => preview.requests.push(planned(&product.update_request(None, link.mv_id, &source))),
                                        None => preview.requests.push(planned(&product.insert_request(None, &source))),
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            PreviewTarget::Customer(wc_id) => match self.woo.customer(wc_id).await? {
                None => preview
                    .notes
                    .push(format!("customer {wc_id} does not exist")),
                Some(customer) => match map_customer(&customer) {
                    Err(error) => preview.errors.push(error),
                    Ok(mut mapped) => {
                        preview.warnings.append(&mut mapped.warnings);
                        let link = self
                            .woo
                            .get_links(LinkKind::Client, &[wc_id])
                            .await?
                            .into_iter()
                            .next();
                        let mut client = mapped.value;
                        client.supplier_client_id = link.as_ref().map(|l| l.mv_id);
                        let request = match link {
                            Some(_) => SupplierClientUpdate::insert_or_update(client),
                            None => SupplierClientUpdate::insert(client),
                        };
                        preview
                            .requests
                            .push(planned(&request.source_application(source)));
                    }
                },
            },
            PreviewTarget::Coupon(wc_id) => match self.woo.coupon(wc_id).await? {
                None => preview.notes.push(format!("coupon {wc_id} does not exist")),
                Some(coupon) => match map_coupon(&coupon) {
                    Err(error) => preview.errors.push(error),
                    Ok(mapped) => preview.requests.push(planned(
                        &DiscountUpdate::insert_or_update(mapped.value).source_application(source),
                    )),
                },
            },
            PreviewTarget::TaxRate(wc_id) => match self.woo.tax_rate(wc_id).await? {
                None => preview
                    .notes
                    .push(format!("tax rate {wc_id} does not exist")),
                Some(rate) => match map_tax_rate(&rate) {
                    Err(error) => preview.errors.push(error),
                    Ok(mapped) => {
                        preview.notes.push(
                            "sent only if Megaventory has no tax with this name and rate".into(),
                        );
                        preview.requests.push(planned(
                            &TaxUpdate::insert(mapped.value).source_application(source),
                        ));
                    }
                },
            },
            PreviewTarget::Order(wc_id) => match self.woo.order(wc_id).await? {
                None => preview.notes.push(format!("order {wc_id} does not exist")),
                Some(order) => match map_order(&order, self.config) {
                    Err(error) => preview.errors.push(error),
                    Ok(mut mapped) => {
                        preview.warnings.append(&mut mapped.warnings);
                        let plan = mapped.value;
                        if let Some(link) = self
                            .woo
                            .get_links(LinkKind::SalesOrder, &[wc_id])
                            .await?
                            .into_iter()
                            .next()
                        {
                            preview.notes.push(format!(
                                "already sent as sales order {}; nothing would be sent",
                                link.mv_id
                            ));
                            return Ok(preview);
                        }
                        let mut ids = ResolvedIds::default();
                        let client_wc_id = plan.customer_id.unwrap_or(0);
                        ids.client_id = self
                            .woo
                            .get_links(LinkKind::Client, &[client_wc_id])
                            .await?
                            .into_iter()
                            .next()
                            .map(|l| l.mv_id);
                        if ids.client_id.is_none() {
                            preview.notes.push(match plan.customer_id {
                                Some(id) => format!("customer {id} would be sent first; its client id is filled in then"),
                                None => format!("the guest client {:?} would be looked up or created", self.config.guest_client_name),
                            });
                        }
                        for need in plan.tax_needs() {
                            let linked = match need.rate_id {
                                Some(rate) => self
                                    .woo
                                    .get_links(LinkKind::Tax, &[rate])
                                    .await?
                                    .into_iter()
                                    .next()
                                    .map(|l| l.mv_id),
                                None => None,
                            };
                            match linked {
                                Some(id) => {
                                    ids.taxes.insert(need.key(), id);
                                }
                                None => preview.notes.push(format!(
                                    "tax {:?} {}% would be looked up or created",
                                    need.name, need.value
                                )),
                            }
                        }
                        for need in plan.discount_needs() {
                            preview.notes.push(format!(
                                "discount {:?} {}% would be looked up or created",
                                need.code, need.value
                            ));
                        }
                        preview.notes.push(format!("a sales order with reference {:?} already in Megaventory would be linked instead", plan.reference));
                        preview
                            .requests
                            .push(planned(&plan.to_request(&ids, &source)));
                    }
                },
            },
        }
        Ok(preview)
    }
}

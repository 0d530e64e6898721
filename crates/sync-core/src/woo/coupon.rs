//! Coupons (`/wc/v3/coupons`).

use serde::Deserialize;

use super::{lenient, MetaData, WooEntity};

/// `discount_type` of a coupon. Types from other plugins ("recurring_percent") are kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DiscountType {
    /// `amount` is a percentage of each eligible line ("12.50").
    Percent,
    /// `amount` is taken off the whole cart once.
    #[default]
    FixedCart,
    /// `amount` is taken off each eligible item.
    FixedProduct,
    Other(String),
}

impl From<String> for DiscountType {
    fn from(text: String) -> Self {
        match text.as_str() {
            "percent" => Self::Percent,
            "fixed_cart" | "" => Self::FixedCart,
            "fixed_product" => Self::FixedProduct,
            _ => Self::Other(text),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Coupon {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Lower-cased by WooCommerce on save.
    #[serde(deserialize_with = "lenient::string")]
    pub code: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub amount: String,
    #[serde(deserialize_with = "lenient::string_into")]
    pub discount_type: DiscountType,
    #[serde(deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_expires: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::optional_count")]
    pub usage_count: Option<u64>,
    #[serde(deserialize_with = "lenient::flag")]
    pub individual_use: bool,
    #[serde(deserialize_with = "lenient::id_list")]
    pub product_ids: Vec<u64>,
    #[serde(deserialize_with = "lenient::id_list")]
    pub excluded_product_ids: Vec<u64>,
    #[serde(deserialize_with = "lenient::optional_count")]
    pub usage_limit: Option<u64>,
    #[serde(deserialize_with = "lenient::optional_count")]
    pub usage_limit_per_user: Option<u64>,
    #[serde(deserialize_with = "lenient::optional_count")]
    pub limit_usage_to_x_items: Option<u64>,
    #[serde(deserialize_with = "lenient::flag")]
    pub free_shipping: bool,
    #[serde(deserialize_with = "lenient::id_list")]
    pub product_categories: Vec<u64>,
    #[serde(deserialize_with = "lenient::id_list")]
    pub excluded_product_categories: Vec<u64>,
    #[serde(deserialize_with = "lenient::flag")]
    pub exclude_sale_items: bool,
    /// "0.00" when there is no minimum.
    #[serde(deserialize_with = "lenient::decimal")]
    pub minimum_amount: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub maximum_amount: String,
    #[serde(deserialize_with = "lenient::string_list")]
    pub email_restrictions: Vec<String>,
    /// Customer ids (as strings) and guest e-mails, one entry per use.
    #[serde(deserialize_with = "lenient::string_list")]
    pub used_by: Vec<String>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

impl Coupon {
    /// Whether the coupon is limited to some products or categories.
    pub fn has_product_restrictions(&self) -> bool {
        !(self.product_ids.is_empty()
            && self.excluded_product_ids.is_empty()
            && self.product_categories.is_empty()
            && self.excluded_product_categories.is_empty())
    }
}

impl WooEntity for Coupon {
    const KIND: &'static str = "coupon";
}

//! Products (`/wc/v3/products`), their variations (`/wc/v3/products/<id>/variations`),
//! categories and global attributes.

use serde::Deserialize;

use super::{lenient, MetaData, WooEntity};

/// `type` of a product. Types added by other plugins ("subscription", "bundle") are kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProductType {
    #[default]
    Simple,
    Variable,
    Grouped,
    External,
    Variation,
    Other(String),
}

impl From<String> for ProductType {
    fn from(text: String) -> Self {
        match text.as_str() {
            "simple" | "" => Self::Simple,
            "variable" => Self::Variable,
            "grouped" => Self::Grouped,
            "external" => Self::External,
            "variation" => Self::Variation,
            _ => Self::Other(text),
        }
    }
}

/// Length, width and height as WooCommerce stores them (store units, "" when unset).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Dimensions {
    #[serde(deserialize_with = "lenient::decimal")]
    pub length: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub width: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub height: String,
}

impl Dimensions {
    pub fn is_empty(&self) -> bool {
        self.length.is_empty() && self.width.is_empty() && self.height.is_empty()
    }
}

/// A product image (also used for an order line item's `image`, whose `id` can be "").
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Image {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub src: String,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub alt: String,
}

/// A category as listed on a product (no parent: see [`Category`] and [`category_path`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct CategoryRef {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
}

/// An attribute on a parent product: global (`id` > 0, `slug` "pa_…", options are term names)
/// or local to the product (`id` 0).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct ProductAttribute {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Only in WooCommerce ≥ 8.x responses; for a local attribute it is the name as typed ("Size").
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    #[serde(deserialize_with = "lenient::integer")]
    pub position: i64,
    #[serde(deserialize_with = "lenient::flag")]
    pub visible: bool,
    /// Whether variations are made from this attribute.
    #[serde(deserialize_with = "lenient::flag")]
    pub variation: bool,
    #[serde(deserialize_with = "lenient::string_list")]
    pub options: Vec<String>,
}

/// A chosen attribute value: in a variation (`option` is the term *name*, "fx-Red") and in a
/// parent's `default_attributes` (there `option` is the term *slug*, "fx-red").
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct VariationAttribute {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    #[serde(deserialize_with = "lenient::string")]
    pub option: String,
}

/// A product (simple, variable, …) from `/wc/v3/products`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Product {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::id")]
    pub parent_id: u64,
    /// Raw title as saved: may contain HTML, entities, emoji and right-to-left text.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    #[serde(deserialize_with = "lenient::string")]
    pub permalink: String,
    #[serde(rename = "type", deserialize_with = "lenient::string_into")]
    pub product_type: ProductType,
    /// "publish", "draft", "pending", "private", "trash", …
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    /// "" when the product has none.
    #[serde(deserialize_with = "lenient::string")]
    pub sku: String,
    #[serde(deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(deserialize_with = "lenient::string")]
    pub short_description: String,
    /// Current price ("" for a product without a price, e.g. a fresh draft).
    #[serde(deserialize_with = "lenient::decimal")]
    pub price: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub regular_price: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub sale_price: String,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_on_sale_from: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_on_sale_to: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    pub on_sale: bool,
    /// `virtual` in the JSON (a Rust keyword).
    #[serde(rename = "virtual", deserialize_with = "lenient::flag")]
    pub virtual_product: bool,
    #[serde(deserialize_with = "lenient::flag")]
    pub downloadable: bool,
    /// "taxable", "shipping" or "none".
    #[serde(deserialize_with = "lenient::string")]
    pub tax_status: String,
    /// Tax class slug; "" is the standard class.
    #[serde(deserialize_with = "lenient::string")]
    pub tax_class: String,
    #[serde(deserialize_with = "lenient::flag")]
    pub manage_stock: bool,
    #[serde(deserialize_with = "lenient::optional_integer")]
    pub stock_quantity: Option<i64>,
    /// "instock", "outofstock", "onbackorder".
    #[serde(deserialize_with = "lenient::string")]
    pub stock_status: String,
    #[serde(deserialize_with = "lenient::string")]
    pub backorders: String,
    #[serde(deserialize_with = "lenient::optional_integer")]
    pub low_stock_amount: Option<i64>,
    #[serde(deserialize_with = "lenient::decimal")]
    pub weight: String,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub dimensions: Option<Dimensions>,
    #[serde(deserialize_with = "lenient::list")]
    pub categories: Vec<CategoryRef>,
    #[serde(deserialize_with = "lenient::list")]
    pub tags: Vec<CategoryRef>,
    #[serde(deserialize_with = "lenient::list")]
    pub images: Vec<Image>,
    #[serde(deserialize_with = "lenient::list")]
    pub attributes: Vec<ProductAttribute>,
    #[serde(deserialize_with = "lenient::list")]
    pub default_attributes: Vec<VariationAttribute>,
    /// Ids of the variations of a variable product.
    #[serde(deserialize_with = "lenient::id_list")]
    pub variations: Vec<u64>,
    #[serde(deserialize_with = "lenient::id_list")]
    pub grouped_products: Vec<u64>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_created: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified: Option<String>,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

impl Product {
    pub fn is_variable(&self) -> bool {
        self.product_type == ProductType::Variable
    }

    pub fn is_published(&self) -> bool {
        self.status == "publish"
    }

    /// Purchase price from the product's meta (see [`super::purchase_price`]).
    pub fn purchase_price(&self) -> Option<String> {
        super::purchase_price(&self.meta_data)
    }
}

impl WooEntity for Product {
    const KIND: &'static str = "product";
}

/// A variation from `/wc/v3/products/<parent>/variations`.
///
/// WooCommerce answers in "view" context: a variation without its own weight, dimensions or
/// SKU shows the parent's values here, indistinguishable from its own.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Variation {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    /// Present since WooCommerce 8.x; older responses need the parent id from the request URL.
    #[serde(deserialize_with = "lenient::id")]
    pub parent_id: u64,
    /// "Parent title - attributes" in newer versions; absent in older ones.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub sku: String,
    #[serde(deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(deserialize_with = "lenient::string")]
    pub description: String,
    #[serde(deserialize_with = "lenient::string")]
    pub permalink: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub price: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub regular_price: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub sale_price: String,
    #[serde(deserialize_with = "lenient::flag")]
    pub on_sale: bool,
    #[serde(deserialize_with = "lenient::string")]
    pub tax_status: String,
    /// "parent" means the parent's class; "" is the standard class.
    #[serde(deserialize_with = "lenient::string")]
    pub tax_class: String,
    #[serde(deserialize_with = "lenient::flag")]
    pub manage_stock: bool,
    #[serde(deserialize_with = "lenient::optional_integer")]
    pub stock_quantity: Option<i64>,
    #[serde(deserialize_with = "lenient::string")]
    pub stock_status: String,
    #[serde(deserialize_with = "lenient::string")]
    pub backorders: String,
    #[serde(deserialize_with = "lenient::decimal")]
    pub weight: String,
    #[serde(deserialize_with = "lenient::optional_object")]
    pub dimensions: Option<Dimensions>,
    /// `null` when the variation has no image of its own.
    #[serde(deserialize_with = "lenient::optional_object")]
    pub image: Option<Image>,
    /// Only the attributes with a fixed value: an "any" attribute is left out of this list.
    #[serde(deserialize_with = "lenient::list")]
    pub attributes: Vec<VariationAttribute>,
    #[serde(deserialize_with = "lenient::integer")]
    pub menu_order: i64,
    #[serde(deserialize_with = "lenient::optional_string")]
    pub date_modified_gmt: Option<String>,
    #[serde(deserialize_with = "lenient::list")]
    pub meta_data: Vec<MetaData>,
}

impl Variation {
    /// The value chosen for attribute `name` (case-insensitive), `None` for "any".
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name.eq_ignore_ascii_case(name))
            .map(|attribute| attribute.option.as_str())
    }

    pub fn purchase_price(&self) -> Option<String> {
        super::purchase_price(&self.meta_data)
    }
}

impl WooEntity for Variation {
    const KIND: &'static str = "product variation";
}

/// A product category from `/wc/v3/products/categories`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Category {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    /// 0 for a top-level category.
    #[serde(deserialize_with = "lenient::id")]
    pub parent: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub description: String,
    /// `null` when the category has no image.
    #[serde(deserialize_with = "lenient::optional_object")]
    pub image: Option<Image>,
    #[serde(deserialize_with = "lenient::optional_count")]
    pub count: Option<u64>,
}

impl WooEntity for Category {
    const KIND: &'static str = "product category";
}

/// Names from the top-level category down to `category_id` ("fx-Kitchen", "fx-Mugs").
/// Fails, naming the category, when a parent is missing from `categories` or the parents loop.
pub fn category_path(category_id: u64, categories: &[Category]) -> Result<Vec<&str>, String> {
    let find = |id: u64| categories.iter().find(|category| category.id == id);
    let mut path = Vec::new();
    let mut current = find(category_id).ok_or_else(|| {
        format!("WooCommerce product category {category_id} is not in the category list")
    })?;
    loop {
        if path.len() > categories.len() {
            return Err(format!(
                "WooCommerce product category {category_id} has a parent loop"
            ));
        }
        path.push(current.name.as_str());
        if current.parent == 0 {
            break;
        }
        let parent = current.parent;
        current = find(parent).ok_or_else(|| {
            format!("WooCommerce product category {} names parent {parent}, which is not in the category list", current.id)
        })?;
    }
    path.reverse();
    Ok(path)
}

/// A global attribute from `/wc/v3/products/attributes`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct ProductAttributeDefinition {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Taxonomy name, "pa_…".
    #[serde(deserialize_with = "lenient::string")]
    pub slug: String,
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub attribute_type: String,
}

impl WooEntity for ProductAttributeDefinition {
    const KIND: &'static str = "product attribute";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: u64, name: &str, parent: u64) -> Category {
        Category {
            id,
            name: name.into(),
            parent,
            ..Category::default()
        }
    }

    #[test]
    fn category_path_walks_up_and_reports_bad_trees() {
        let tree = [
            category(1, "Home", 0),
            category(2, "Kitchen", 1),
            category(3, "Mugs", 2),
        ];
        assert_eq!(
            category_path(3, &tree).unwrap(),
            vec!["Home", "Kitchen", "Mugs"]
        );
        assert_eq!(category_path(1, &tree).unwrap(), vec!["Home"]);
        assert!(category_path(9, &tree)
            .unwrap_err()
            .contains("category 9 is not"));
        let orphan = [category(3, "Mugs", 2)];
        assert!(category_path(3, &orphan)
            .unwrap_err()
            .contains("names parent 2"));
        let looped = [category(1, "A", 2), category(2, "B", 1)];
        assert!(category_path(1, &looped)
            .unwrap_err()
            .contains("parent loop"));
    }

    #[test]
    fn unknown_product_types_are_kept() {
        let product: Product =
            serde_json::from_str(r#"{"type": "subscription", "virtual": true}"#).unwrap();
        assert_eq!(
            product.product_type,
            ProductType::Other("subscription".into())
        );
        assert!(product.virtual_product);
    }
}

//! Simple products and variations → Megaventory products.
//!
//! Rules (each has a test in `tests/mapping.rs`):
//! * SKU: the WooCommerce SKU, trimmed; required. A variation that reports its parent's SKU
//!   has none of its own (WooCommerce's REST "view" context falls back to the parent).
//! * Description: the product title as plain text (tags removed, entities decoded); required;
//!   cut at 400 characters with a warning. Variations use their parent's title.
//! * Version: variations only, `"Attribute: value | Attribute: value"` in the variation's order.
//! * Long description: the WooCommerce description as plain text, 400 characters.
//! * Selling price: the **regular** price. Purchase price: `_mvsync_purchase_price` (then
//!   `_wc_cog_cost`), sent on creation only: afterwards Megaventory is its master.
//! * Weight, length, breadth (= width), height: as WooCommerce reports them (variations
//!   already inherit their parent's values there).
//! * Image: the first product image; variations use their own image, else the parent's.
//! * Category: the full path of the first category, joined with `" / "`; `Uncategorized` is none.
//! * Only published products; simple products and the variations of variable products.

use super::text::{plain_text, truncate_chars, MAX_DESCRIPTION_CHARS};
use super::{decimal_field, to_decimal, Mapped};
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::hash::content_hash;
use crate::woo::{self, Category, Product, ProductType, Variation};
use megaventory::model::Product as MvProduct;
use megaventory::request::ProductUpdate;
use megaventory::Decimal;
use serde::Serialize;

/// A WooCommerce product and, for a variable product, its variations: the unit the engine reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductFamily {
    pub product: Product,
    pub variations: Vec<Variation>,
}

/// One Megaventory product, ready to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedProduct {
    /// The simple product's or the variation's WooCommerce id.
    pub wc_id: u64,
    #[serde(skip)]
    pub entity: EntityRef,
    /// Everything except the category id and the purchase price.
    pub product: MvProduct,
    /// Category path to resolve to an id (`"fx-Kitchen / fx-Mugs"`).
    pub category: Option<String>,
    #[serde(skip)]
    pub purchase_price: Option<Decimal>,
}

impl MappedProduct {
    pub fn sku(&self) -> &str {
        self.product.product_sku.as_deref().unwrap_or_default()
    }

    /// What an unchanged product is recognised by (purchase price excluded: Megaventory owns it).
    pub fn content_hash(&self) -> u64 {
        content_hash(self)
    }

    /// The product as sent: category resolved, purchase price only when `creating`.
    pub fn to_mv(&self, category_id: Option<i64>, mv_id: Option<i64>, creating: bool) -> MvProduct {
        let mut product = self.product.clone();
        product.product_id = mv_id;
        product.product_category_id = category_id;
        if creating {
            product.product_purchase_price = self.purchase_price.clone();
        }
        product
    }

    /// The request for an existing product (fields we do not send stay as they are).
    pub fn update_request(
        &self,
        category_id: Option<i64>,
        mv_id: i64,
        source: &str,
    ) -> ProductUpdate {
        ProductUpdate::insert_or_update_non_empty_fields(self.to_mv(
            category_id,
            Some(mv_id),
            false,
        ))
        .source_application(source)
    }

    /// The request for a new product: a plain insert, so an existing SKU answers with a
    /// conflict instead of being silently overwritten by a second WooCommerce product.
    pub fn insert_request(&self, category_id: Option<i64>, source: &str) -> ProductUpdate {
        ProductUpdate::insert(self.to_mv(category_id, None, true)).source_application(source)
    }
}

/// What a product family maps to.
#[derive(Debug, Clone, PartialEq)]
pub enum FamilyPlan {
    /// Not synchronised (a draft, a grouped or external product); the reason says why.
    Skip { entity: EntityRef, reason: String },
    /// One entry per Megaventory product: the simple product, or each variation.
    Items(Vec<Result<Mapped<MappedProduct>, SyncError>>),
}

pub fn product_ref(product: &Product) -> EntityRef {
    let label = if product.sku.trim().is_empty() {
        plain_text(&product.name)
    } else {
        product.sku.trim().to_string()
    };
    EntityRef::new(EntityKind::Product, product.id, label)
}

pub fn variation_ref(parent: &Product, variation: &Variation) -> EntityRef {
    let label = if variation.sku.trim().is_empty() || variation.sku.trim() == parent.sku.trim() {
        format!("{} › {}", plain_text(&parent.name), version_of(variation))
    } else {
        variation.sku.trim().to_string()
    };
    EntityRef::new(EntityKind::Variation, variation.id, label)
}

pub fn map_family(family: &ProductFamily, categories: &[Category]) -> FamilyPlan {
    let product = &family.product;
    let entity = product_ref(product);
    if !product.is_published() {
        return FamilyPlan::Skip {
            entity,
            reason: format!(
                "status is {:?}, only published products are synchronised",
                product.status
            ),
        };
    }
    let mut items = match &product.product_type {
        ProductType::Simple => vec![map_simple(product, categories)],
        ProductType::Variable => {
            if family.variations.is_empty() {
                return FamilyPlan::Skip {
                    entity,
                    reason: "a variable product without variations".into(),
                };
            }
            family
                .variations
                .iter()
                .map(|v| map_variation(product, v, categories))
                .collect()
        }
        other => {
            return FamilyPlan::Skip {
                entity,
                reason: format!("{other:?} products have no stock of their own in Megaventory"),
            };
        }
    };
    // Two variations of one product with the same SKU would overwrite each other.
    let mut seen: Vec<String> = Vec::new();
    for item in items.iter_mut() {
        if let Ok(mapped) = item {
            let sku = mapped.value.sku().to_lowercase();
            if seen.contains(&sku) {
                *item = Err(SyncError::permanent(
                    "product.duplicate_sku",
                    &mapped.value.entity,
                    format!("SKU {:?} is used twice in this product", mapped.value.sku()),
                ));
            } else {
                seen.push(sku);
            }
        }
    }
    FamilyPlan::Items(items)
}

pub fn map_simple(
    product: &Product,
    categories: &[Category],
) -> Result<Mapped<MappedProduct>, SyncError> {
    let entity = product_ref(product);
    let sku = product.sku.trim();
    if sku.is_empty() {
        return Err(SyncError::permanent(
            "product.missing_sku",
            &entity,
            "the product has no SKU; Megaventory identifies products by SKU",
        ));
    }
    let mut warnings = Vec::new();
    let description = title(&product.name, &entity, &mut warnings)?;
    let mut mv = MvProduct::new(sku, description);
    mv.product_long_description = long_description(&product.description);
    mv.product_selling_price = price(&product.regular_price, &entity)?;
    fill_measures(
        &mut mv,
        &product.weight,
        product.dimensions.as_ref(),
        &entity,
        &mut warnings,
    );
    mv.product_image_url = product
        .images
        .first()
        .map(|i| i.src.clone())
        .filter(|s| !s.is_empty());
    let purchase_price = purchase_price(product.purchase_price(), &entity, &mut warnings);
    Ok(Mapped::new(
        MappedProduct {
            wc_id: product.id,
            entity,
            product: mv,
            category: category(product, categories, &mut warnings),
            purchase_price,
        },
        warnings,
    ))
}

pub fn map_variation(
    parent: &Product,
    variation: &Variation,
    categories: &[Category],
) -> Result<Mapped<MappedProduct>, SyncError> {
    let entity = variation_ref(parent, variation);
    let sku = variation.sku.trim();
    if sku.is_empty() || sku == parent.sku.trim() {
        return Err(SyncError::permanent(
            "variation.missing_sku",
            &entity,
            "the variation has no SKU of its own (WooCommerce reports the parent's); give it a unique SKU",
        ));
    }
    if variation
        .attributes
        .iter()
        .all(|a| a.option.trim().is_empty())
    {
        return Err(SyncError::permanent(
            "variation.missing_attributes",
            &entity,
            "the variation sets no attribute (every attribute is \"any\"), so it cannot be told apart from its siblings",
        ));
    }
    let mut warnings = Vec::new();
    let description = title(&parent.name, &entity, &mut warnings)?;
    let mut mv = MvProduct::new(sku, description);
    let (version, cut) = truncate_chars(&version_of(variation), MAX_DESCRIPTION_CHARS);
    if cut {
        warnings.push(SyncError::permanent(
            "variation.version_truncated",
            &entity,
            "the attribute text was cut at 400 characters",
        ));
    }
    mv.product_version = Some(version);
    mv.product_long_description =
        long_description(&variation.description).or_else(|| long_description(&parent.description));
    mv.product_selling_price = price(&variation.regular_price, &entity)?;
    fill_measures(
        &mut mv,
        &variation.weight,
        variation.dimensions.as_ref(),
        &entity,
        &mut warnings,
    );
    mv.product_image_url = variation
        .image
        .as_ref()
        .map(|i| i.src.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            parent
                .images
                .first()
                .map(|i| i.src.clone())
                .filter(|s| !s.is_empty())
        });
    let purchase_price = purchase_price(variation.purchase_price(), &entity, &mut warnings);
    Ok(Mapped::new(
        MappedProduct {
            wc_id: variation.id,
            entity,
            product: mv,
            category: category(parent, categories, &mut warnings),
            purchase_price,
        },
        warnings,
    ))
}

/// `"fx-Color: fx-Red | Size: S"`: attribute names and chosen values as WooCommerce shows them.
pub fn version_of(variation: &Variation) -> String {
    variation
        .attributes
        .iter()
        .filter(|a| !a.option.trim().is_empty())
        .map(|a| format!("{}: {}", plain_text(&a.name), plain_text(&a.option)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn title(
    raw: &str,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) -> Result<String, SyncError> {
    let text = plain_text(raw);
    if text.is_empty() {
        return Err(SyncError::permanent(
            "product.missing_title",
            entity,
            "the product has no title; Megaventory requires a description",
        ));
    }
    let (text, cut) = truncate_chars(&text, MAX_DESCRIPTION_CHARS);
    if cut {
        warnings.push(SyncError::permanent(
            "product.title_truncated",
            entity,
            format!("the title is longer than Megaventory's {MAX_DESCRIPTION_CHARS} characters and was cut"),
        ));
    }
    Ok(text)
}

fn long_description(raw: &str) -> Option<String> {
    let text = plain_text(raw);
    (!text.is_empty()).then(|| truncate_chars(&text, MAX_DESCRIPTION_CHARS).0)
}

fn price(raw: &str, entity: &EntityRef) -> Result<Option<Decimal>, SyncError> {
    match decimal_field(raw) {
        Ok(None) => Ok(None),
        Ok(Some(value)) if value.is_negative() => Err(SyncError::permanent(
            "product.negative_price",
            entity,
            format!("the regular price {raw:?} is negative"),
        )),
        Ok(Some(value)) => Ok(Some(to_decimal(value))),
        Err(message) => Err(SyncError::permanent(
            "product.invalid_price",
            entity,
            format!("the regular price: {message}"),
        )),
    }
}

fn purchase_price(
    raw: Option<String>,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) -> Option<Decimal> {
    let raw = raw?;
    match decimal_field(&raw) {
        Ok(Some(value)) if !value.is_negative() => Some(to_decimal(value)),
        Ok(None) => None,
        _ => {
            warnings.push(SyncError::permanent(
                "product.invalid_purchase_price",
                entity,
                format!("purchase price {raw:?} is not a price; not sent"),
            ));
            None
        }
    }
}

fn fill_measures(
    mv: &mut MvProduct,
    weight: &str,
    dimensions: Option<&woo::Dimensions>,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) {
    let mut measure = |name: &str, raw: &str| match decimal_field(raw) {
        Ok(Some(value)) if !value.is_negative() => Some(to_decimal(value)),
        Ok(None) => None,
        _ => {
            warnings.push(SyncError::permanent(
                "product.invalid_measure",
                entity,
                format!("{name} {raw:?} is not a positive number; not sent"),
            ));
            None
        }
    };
    mv.product_weight = measure("weight", weight);
    if let Some(d) = dimensions {
        mv.product_length = measure("length", &d.length);
        mv.product_breadth = measure("width", &d.width);
        mv.product_height = measure("height", &d.height);
    }
}

fn category(
    product: &Product,
    categories: &[Category],
    warnings: &mut Vec<SyncError>,
) -> Option<String> {
    let first = product.categories.first()?;
    if first.slug == "uncategorized" {
        return None;
    }
    let names = match woo::category_path(first.id, categories) {
        Ok(path) => path.into_iter().map(plain_text).collect::<Vec<_>>(),
        // The category list may be stale; the product's own reference still has the name.
        Err(_) if !categories.is_empty() => {
            warnings.push(SyncError::permanent(
                "product.category_unknown",
                &product_ref(product),
                format!(
                    "category {} is not in the category list; only its own name is used",
                    first.id
                ),
            ));
            vec![plain_text(&first.name)]
        }
        Err(_) => vec![plain_text(&first.name)],
    };
    let path = names.join(" / ");
    (!path.is_empty()).then(|| truncate_chars(&path, MAX_DESCRIPTION_CHARS).0)
}

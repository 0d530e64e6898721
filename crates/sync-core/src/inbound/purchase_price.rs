//! Purchase price: Megaventory is its master once a product exists there. Only
//! `ProductPurchasePrice` of a `product` update is used; the rest of a Megaventory product
//! edit does not come back (names and prices belong to WooCommerce).

use megaventory::model::Product;
use megaventory::Decimal;

pub fn purchase_price_of(product: &Product) -> Option<Decimal> {
    product
        .product_purchase_price
        .clone()
        .filter(|price| !price.is_negative())
}

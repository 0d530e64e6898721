//! Reads every WooCommerce 8.9.1 response captured in tests/fixtures/wc/ and checks the fields
//! the sync relies on. Regenerate the fixtures with tests/fixtures-capture/capture.sh (see the
//! crate README). Database ids change on every capture, so the tests relate fixtures to each
//! other by SKU, code and name instead of hard-coding ids.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use sync_core::woo::{
    self, category_path, Category, Coupon, Customer, DiscountType, Order, OrderStatus,
    PaymentMethod, Product, ProductAttributeDefinition, ProductType, TaxClass, TaxRate, Variation,
    WooEntity,
};

/// Every fixture the capture script writes. A file missing from disk fails
/// `every_fixture_exists_and_none_is_unlisted`, and so does a file on disk that no test reads.
const FIXTURES: &[&str] = &[
    "SOURCE.json",
    "coupons/fixed-cart.json",
    "coupons/fixed-product.json",
    "coupons/percent.json",
    "customers/empty-shipping.json",
    "customers/full.json",
    "orders/customer.json",
    "orders/deleted-product.json",
    "orders/guest.json",
    "products/attributes.json",
    "products/categories.json",
    "products/draft.json",
    "products/html-emoji-rtl-title.json",
    "products/list-page1.headers.json",
    "products/list-page1.json",
    "products/no-sku.json",
    "products/simple.json",
    "products/variable-variations.json",
    "products/variable.json",
    "products/variation-inheriting.json",
    "taxes/classes.json",
    "taxes/rates.json",
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wc")
}

fn read_fixture(name: &str) -> String {
    let path = fixture_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("fixture {} is missing or unreadable ({e}); regenerate with tests/fixtures-capture/capture.sh", path.display())
    })
}

fn load<T: WooEntity>(name: &str) -> T {
    woo::from_json(&read_fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn load_list<T: WooEntity>(name: &str) -> Vec<T> {
    woo::list_from_json(&read_fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&read_fixture(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Exact cents of a decimal string with at most two decimals ("-3.00" -> -300).
fn cents(text: &str) -> i64 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    assert!(fraction.len() <= 2, "{text:?} has more than two decimals");
    let value = whole
        .parse::<i64>()
        .unwrap_or_else(|_| panic!("{text:?} is not a decimal"))
        * 100
        + format!("{fraction:0<2}").parse::<i64>().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

fn product_by_sku(sku: &str) -> Product {
    let candidates = [
        "products/simple.json",
        "products/variable.json",
        "products/html-emoji-rtl-title.json",
        "products/draft.json",
    ];
    candidates
        .iter()
        .map(|name| load::<Product>(name))
        .find(|product| product.sku == sku)
        .unwrap_or_else(|| panic!("no product fixture with SKU {sku}"))
}

fn variations() -> Vec<Variation> {
    load_list("products/variable-variations.json")
}

fn variation_by_sku(sku: &str) -> Variation {
    variations()
        .into_iter()
        .find(|variation| variation.sku == sku)
        .unwrap_or_else(|| panic!("no variation with SKU {sku}"))
}

fn tax_rates() -> Vec<TaxRate> {
    load_list("taxes/rates.json")
}

fn tax_rate_id(name: &str, country: &str) -> u64 {
    tax_rates()
        .iter()
        .find(|rate| rate.name == name && rate.country == country)
        .unwrap_or_else(|| panic!("no tax rate {name} for {country}"))
        .id
}

// ------------------------------------------------------------------------------------ fixtures

#[test]
fn every_fixture_exists_and_none_is_unlisted() {
    let mut on_disk = BTreeSet::new();
    let mut pending = vec![fixture_dir()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("fixture folder {} is missing ({e})", dir.display()))
        {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                on_disk.insert(
                    path.strip_prefix(fixture_dir())
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let listed: BTreeSet<String> = FIXTURES.iter().map(|name| name.to_string()).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "fixtures missing (run tests/fixtures-capture/capture.sh): {missing:?}"
    );
    assert!(
        unlisted.is_empty(),
        "fixtures on disk that no test reads: {unlisted:?}"
    );
}

#[test]
fn fixtures_come_from_woocommerce_8_9_1() {
    assert_eq!(json("SOURCE.json")["woocommerce_version"], "8.9.1");
    for name in [
        "orders/customer.json",
        "orders/guest.json",
        "orders/deleted-product.json",
    ] {
        assert_eq!(load::<Order>(name).version, "8.9.1", "{name}");
    }
}

// ------------------------------------------------------------------------------------ products

#[test]
fn simple_product_fields() {
    let mug = load::<Product>("products/simple.json");
    assert_eq!(mug.name, "fx-Enamel Mug");
    assert_eq!(mug.sku, "FX-MUG-001");
    assert_eq!(mug.product_type, ProductType::Simple);
    assert!(mug.is_published());
    assert_eq!(
        (
            mug.regular_price.as_str(),
            mug.sale_price.as_str(),
            mug.price.as_str()
        ),
        ("19.90", "15.90", "15.90")
    );
    assert!(mug.on_sale);
    assert_eq!(mug.weight, "0.45");
    let dimensions = mug.dimensions.clone().expect("dimensions");
    assert_eq!(
        (
            dimensions.length.as_str(),
            dimensions.width.as_str(),
            dimensions.height.as_str()
        ),
        ("12", "9", "9.5")
    );
    assert!(mug.images.is_empty(), "created without an image");
    assert!(mug.manage_stock);
    assert_eq!(
        mug.stock_quantity,
        Some(41),
        "42 in stock, 1 sold by orders/customer.json"
    );
    assert_eq!(mug.tax_class, "");
    assert_eq!(mug.purchase_price().as_deref(), Some("7.35"));
    assert_eq!(
        woo::meta_decimal(&mug.meta_data, woo::COST_OF_GOODS_META_KEY).as_deref(),
        Some("7.10")
    );
    let category_names: Vec<_> = mug
        .categories
        .iter()
        .map(|category| category.name.as_str())
        .collect();
    assert_eq!(category_names, ["fx-Mugs"]);
}

#[test]
fn nested_category_has_full_path() {
    let categories: Vec<Category> = load_list("products/categories.json");
    let mug = load::<Product>("products/simple.json");
    assert_eq!(
        category_path(mug.categories[0].id, &categories).unwrap(),
        ["fx-Kitchen", "fx-Mugs"]
    );
    assert!(categories
        .iter()
        .all(|category| category.image.is_none() && category.count == Some(1)));
    let apparel = categories
        .iter()
        .find(|category| category.name == "fx-Apparel")
        .expect("fx-Apparel");
    assert_eq!(
        category_path(apparel.id, &categories).unwrap(),
        ["fx-Apparel"]
    );
}

#[test]
fn global_attribute_list() {
    let attributes: Vec<ProductAttributeDefinition> = load_list("products/attributes.json");
    let color = attributes
        .iter()
        .find(|attribute| attribute.slug == "pa_fx-color")
        .expect("pa_fx-color");
    assert_eq!(
        (color.name.as_str(), color.attribute_type.as_str()),
        ("fx-Color", "select")
    );
}

#[test]
fn variable_product_and_its_attributes() {
    let tee = load::<Product>("products/variable.json");
    assert!(tee.is_variable());
    assert_eq!(tee.sku, "FX-TEE");
    assert_eq!(
        tee.price, "21.50",
        "a variable product's price is its cheapest variation's"
    );
    assert_eq!(tee.regular_price, "");

    // (name, slug, global?, options)
    let expected: [(&str, &str, bool, &[&str]); 2] = [
        ("fx-Color", "pa_fx-color", true, &["fx-Blue", "fx-Red"]),
        ("Size", "Size", false, &["S", "M"]),
    ];
    assert_eq!(tee.attributes.len(), expected.len());
    for (attribute, (name, slug, global, options)) in tee.attributes.iter().zip(expected) {
        assert_eq!(
            (attribute.name.as_str(), attribute.slug.as_str()),
            (name, slug)
        );
        assert_eq!(
            attribute.id > 0,
            global,
            "{name}: global attributes have an id, local ones 0"
        );
        assert!(attribute.variation, "{name} is used for variations");
        assert_eq!(attribute.options, options, "{name}");
    }
    // Defaults name global terms by slug, unlike variations which use the term name.
    let defaults: Vec<_> = tee
        .default_attributes
        .iter()
        .map(|a| (a.name.as_str(), a.option.as_str()))
        .collect();
    assert_eq!(defaults, [("fx-Color", "fx-red"), ("Size", "S")]);

    let variation_ids: Vec<u64> = variations().iter().map(|variation| variation.id).collect();
    assert_eq!(tee.variations, variation_ids);
}

#[test]
fn variations_fields() {
    let tee = load::<Product>("products/variable.json");
    // (sku, color, size (None = any), regular, sale, price, weight, [l, w, h], tax class, managed stock, purchase price)
    type Row = (
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        [&'static str; 3],
        &'static str,
        Option<i64>,
        Option<&'static str>,
    );
    let expected: [Row; 3] = [
        (
            "FX-TEE-RED-S",
            "fx-Red",
            Some("S"),
            "24.00",
            "21.50",
            "21.50",
            "0.18",
            ["28", "22", "1.5"],
            "",
            Some(5),
            Some("9.80"),
        ),
        // No weight or dimensions of its own: WooCommerce reports the parent's.
        (
            "FX-TEE-BLUE-M",
            "fx-Blue",
            Some("M"),
            "26.00",
            "",
            "26.00",
            "0.2",
            ["30", "25", "2"],
            "reduced-rate",
            None,
            None,
        ),
        // No SKU of its own: WooCommerce reports the parent's SKU, so SKUs of variations are not unique.
        (
            "FX-TEE",
            "fx-Blue",
            None,
            "25.00",
            "",
            "25.00",
            "0.2",
            ["30", "25", "2"],
            "",
            None,
            None,
        ),
    ];
    let variations = variations();
    assert_eq!(variations.len(), expected.len());
    for (
        variation,
        (
            sku,
            color,
            size,
            regular,
            sale,
            price,
            weight,
            [length, width, height],
            tax_class,
            stock,
            purchase,
        ),
    ) in variations.iter().zip(expected)
    {
        assert_eq!(variation.sku, sku);
        assert_eq!(variation.parent_id, tee.id, "{sku}");
        assert_eq!(variation.attribute("fx-Color"), Some(color), "{sku}");
        assert_eq!(variation.attribute("size"), size, "{sku}");
        assert_eq!(
            (
                variation.regular_price.as_str(),
                variation.sale_price.as_str(),
                variation.price.as_str()
            ),
            (regular, sale, price),
            "{sku}"
        );
        assert_eq!(variation.weight, weight, "{sku}");
        let dimensions = variation.dimensions.clone().expect("dimensions");
        assert_eq!(
            [
                dimensions.length.as_str(),
                dimensions.width.as_str(),
                dimensions.height.as_str()
            ],
            [length, width, height],
            "{sku}"
        );
        assert_eq!(variation.tax_class, tax_class, "{sku}");
        assert_eq!(variation.manage_stock, stock.is_some(), "{sku}");
        assert_eq!(variation.stock_quantity, stock, "{sku}");
        assert_eq!(variation.purchase_price().as_deref(), purchase, "{sku}");
        assert!(variation.image.is_none(), "{sku}: image is null");
    }
    let global_attribute = &variations[0].attributes[0];
    assert_eq!(
        (global_attribute.slug.as_str(), global_attribute.id > 0),
        ("pa_fx-color", true)
    );
}

#[test]
fn single_variation_matches_the_list_entry() {
    let single = load::<Variation>("products/variation-inheriting.json");
    assert_eq!(single, variation_by_sku("FX-TEE-BLUE-M"));
}

#[test]
fn odd_products() {
    let no_sku = load::<Product>("products/no-sku.json");
    assert_eq!(
        (
            no_sku.name.as_str(),
            no_sku.sku.as_str(),
            no_sku.price.as_str()
        ),
        ("fx-Sticker Pack", "", "2.00")
    );
    assert_eq!(no_sku.tax_class, "reduced-rate");
    assert!(no_sku.weight.is_empty() && no_sku.dimensions.clone().unwrap().is_empty());

    let fancy = product_by_sku("FX-FANCY-☕");
    assert_eq!(
        fancy.name, "fx-<b>Bold</b> Café & Tea ☕🍵 שלום مرحبا",
        "title is returned raw, HTML and all"
    );

    let draft = load::<Product>("products/draft.json");
    assert_eq!(draft.status, "draft");
    assert!(!draft.is_published());
    assert_eq!(
        (draft.price.as_str(), draft.regular_price.as_str()),
        ("", ""),
        "a draft without a price"
    );
    assert_eq!(draft.stock_quantity, None);
}

#[test]
fn product_list_and_pagination_headers() {
    let page: Vec<Product> = load_list("products/list-page1.json");
    let names: Vec<_> = page.iter().map(|product| product.name.as_str()).collect();
    assert_eq!(
        names,
        ["fx-Enamel Mug", "fx-Organic Tee", "fx-Sticker Pack"]
    );
    let headers = json("products/list-page1.headers.json");
    let pagination = woo::Pagination::from_headers(
        headers["X-WP-Total"].as_str(),
        headers["X-WP-TotalPages"].as_str(),
    )
    .unwrap();
    assert_eq!(
        pagination,
        woo::Pagination {
            total: 5,
            total_pages: 2
        }
    );
    assert!(pagination.has_page_after(1));
    assert!(headers["Link"]
        .as_str()
        .unwrap_or("")
        .contains("rel=\"next\""));
}

// ------------------------------------------------------------------------------------ customers

#[test]
fn customers_and_addresses() {
    // (file, username, email, billing [company, address_1, address_2, city, state, postcode, country, phone], shipping city ("" = none entered))
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        [&'static str; 8],
        &'static str,
    );
    let expected: [Row; 2] = [
        (
            "customers/full.json",
            "fx-ada",
            "fx-ada@example.test",
            [
                "fx-Lovelace Analytics GmbH",
                "Musterstraße 12",
                "3. OG",
                "Berlin",
                "BE",
                "10115",
                "DE",
                "+49 30 5550100",
            ],
            "Hamburg",
        ),
        (
            "customers/empty-shipping.json",
            "fx-bob",
            "fx-bob@example.test",
            [
                "",
                "500 Example Ave",
                "",
                "San Francisco",
                "CA",
                "94105",
                "US",
                "555-0142",
            ],
            "",
        ),
    ];
    for (file, username, email, billing, shipping_city) in expected {
        let customer = load::<Customer>(file);
        assert_eq!(
            (
                customer.username.as_str(),
                customer.email.as_str(),
                customer.role.as_str()
            ),
            (username, email, "customer")
        );
        let b = customer.billing();
        assert_eq!(
            [
                &b.company,
                &b.address_1,
                &b.address_2,
                &b.city,
                &b.state,
                &b.postcode,
                &b.country,
                &b.phone
            ]
            .map(|s| s.as_str()),
            billing,
            "{file}"
        );
        assert_eq!(b.email, email, "{file}: billing e-mail");
        let shipping = customer
            .shipping
            .clone()
            .expect("shipping object is always sent");
        assert_eq!(shipping.city, shipping_city, "{file}");
        assert_eq!(shipping.is_empty(), shipping_city.is_empty(), "{file}");
        let ship_to = customer.shipping_or_billing();
        assert_eq!(
            ship_to.city,
            if shipping_city.is_empty() {
                billing[3]
            } else {
                shipping_city
            },
            "{file}"
        );
    }
    let ada = load::<Customer>("customers/full.json");
    assert_eq!(ada.display_name(), "Ada Fixture");
    assert_eq!(
        ada.shipping.unwrap().email,
        "",
        "shipping addresses carry no e-mail"
    );
    assert_eq!(
        woo::meta_value(&ada.meta_data, "fx_loyalty_tier"),
        Some(&serde_json::json!("gold"))
    );
}

// ------------------------------------------------------------------------------------ coupons

#[test]
fn coupons_fields() {
    // (file, code, type, amount, individual use, usage limit, minimum, maximum, free shipping, expires)
    type Row = (
        &'static str,
        &'static str,
        DiscountType,
        &'static str,
        bool,
        Option<u64>,
        &'static str,
        &'static str,
        bool,
        Option<&'static str>,
    );
    let expected: [Row; 3] = [
        (
            "coupons/percent.json",
            "fx-percent125",
            DiscountType::Percent,
            "12.50",
            false,
            Some(100),
            "0.00",
            "0.00",
            false,
            None,
        ),
        (
            "coupons/fixed-cart.json",
            "fx-fivecart",
            DiscountType::FixedCart,
            "5.00",
            false,
            None,
            "20.00",
            "0.00",
            true,
            Some("2031-12-31T23:59:59"),
        ),
        (
            "coupons/fixed-product.json",
            "fx-mugdeal",
            DiscountType::FixedProduct,
            "1.50",
            true,
            None,
            "0.00",
            "200.00",
            false,
            None,
        ),
    ];
    for (
        file,
        code,
        discount_type,
        amount,
        individual_use,
        usage_limit,
        minimum,
        maximum,
        free_shipping,
        expires,
    ) in expected
    {
        let coupon = load::<Coupon>(file);
        assert_eq!(coupon.code, code);
        assert_eq!(coupon.discount_type, discount_type, "{code}");
        assert_eq!(coupon.amount, amount, "{code}");
        assert_eq!(coupon.individual_use, individual_use, "{code}");
        assert_eq!(coupon.usage_limit, usage_limit, "{code}");
        assert_eq!(
            (
                coupon.minimum_amount.as_str(),
                coupon.maximum_amount.as_str()
            ),
            (minimum, maximum),
            "{code}"
        );
        assert_eq!(coupon.free_shipping, free_shipping, "{code}");
        assert_eq!(coupon.date_expires.as_deref(), expires, "{code}");
        assert_eq!(
            coupon.has_product_restrictions(),
            code == "fx-mugdeal",
            "{code}"
        );
    }
}

#[test]
fn coupon_restrictions_and_usage() {
    let categories: Vec<Category> = load_list("products/categories.json");
    let category_id = |name: &str| categories.iter().find(|c| c.name == name).unwrap().id;
    let deal = load::<Coupon>("coupons/fixed-product.json");
    assert_eq!(
        deal.product_ids,
        [
            product_by_sku("FX-MUG-001").id,
            variation_by_sku("FX-TEE-RED-S").id
        ]
    );
    assert_eq!(
        deal.excluded_product_ids,
        [load::<Product>("products/no-sku.json").id]
    );
    assert_eq!(deal.product_categories, [category_id("fx-Mugs")]);
    assert_eq!(
        deal.excluded_product_categories,
        [category_id("fx-Apparel")]
    );
    assert_eq!(deal.limit_usage_to_x_items, Some(3));
    assert!(deal.exclude_sale_items);
    assert_eq!(
        deal.email_restrictions,
        ["fx-ada@example.test", "*@fx.example.test"]
    );

    let percent = load::<Coupon>("coupons/percent.json");
    assert_eq!(
        percent.usage_count,
        Some(1),
        "used once by orders/customer.json"
    );
    assert_eq!(percent.usage_limit_per_user, Some(2));
    let ada = load::<Customer>("customers/full.json");
    assert_eq!(
        percent.used_by,
        [ada.id.to_string()],
        "used_by holds customer ids as strings"
    );
}

// ------------------------------------------------------------------------------------ taxes

#[test]
fn tax_rates_fields() {
    // (name, country, state, rate, class, compound, priority, shipping, postcodes, cities)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
        i64,
        bool,
        &'static [&'static str],
        &'static [&'static str],
    );
    let expected: [Row; 5] = [
        (
            "fx-VAT",
            "DE",
            "",
            "19.0000",
            "standard",
            false,
            1,
            true,
            &[],
            &[],
        ),
        (
            "fx-VAT",
            "AT",
            "",
            "19.0000",
            "standard",
            false,
            1,
            true,
            &[],
            &[],
        ),
        (
            "fx-VAT reduced",
            "DE",
            "",
            "7.0000",
            "reduced-rate",
            false,
            1,
            true,
            &[],
            &[],
        ),
        (
            "fx-CA State",
            "US",
            "CA",
            "7.2500",
            "standard",
            false,
            1,
            true,
            &[],
            &[],
        ),
        (
            "fx-CA County",
            "US",
            "CA",
            "1.0000",
            "standard",
            true,
            2,
            false,
            &["94105", "94107"],
            &["SAN FRANCISCO"],
        ),
    ];
    let rates = tax_rates();
    assert_eq!(rates.len(), expected.len());
    for (
        rate,
        (name, country, state, percent, class, compound, priority, shipping, postcodes, cities),
    ) in rates.iter().zip(expected)
    {
        assert_eq!(
            (
                rate.name.as_str(),
                rate.country.as_str(),
                rate.state.as_str()
            ),
            (name, country, state)
        );
        assert_eq!(rate.rate, percent, "{name}/{country}");
        assert_eq!(rate.class, class, "{name}/{country}");
        assert_eq!(
            rate.product_tax_class(),
            if class == "standard" { "" } else { class },
            "{name}/{country}"
        );
        assert_eq!(
            (rate.compound, rate.priority, rate.shipping),
            (compound, priority, shipping),
            "{name}/{country}"
        );
        assert_eq!(rate.postcodes, postcodes, "{name}/{country}");
        assert_eq!(rate.cities, cities, "{name}/{country}");
    }
    assert_ne!(
        rates[0].id, rates[1].id,
        "same name and rate, different rates: key by id"
    );
}

#[test]
fn tax_classes_list() {
    let classes: Vec<TaxClass> = load_list("taxes/classes.json");
    let slugs: Vec<_> = classes.iter().map(|class| class.slug.as_str()).collect();
    assert_eq!(slugs, ["standard", "reduced-rate", "zero-rate"]);
}

// ------------------------------------------------------------------------------------ orders

/// (sku, name, quantity, subtotal, subtotal_tax, total, total_tax, unit price, [(tax rate name, country, total, subtotal)])
type LineRow = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str, &'static str)],
);

fn assert_lines(order: &Order, expected: &[LineRow]) {
    assert_eq!(order.line_items.len(), expected.len(), "order {}", order.id);
    for (line, (sku, name, quantity, subtotal, subtotal_tax, total, total_tax, price, taxes)) in
        order.line_items.iter().zip(expected)
    {
        assert_eq!(
            (line.sku.as_str(), line.name.as_str(), line.quantity),
            (*sku, *name, *quantity)
        );
        assert_eq!(
            [
                &line.subtotal,
                &line.subtotal_tax,
                &line.total,
                &line.total_tax,
                &line.price
            ]
            .map(|s| s.as_str()),
            [*subtotal, *subtotal_tax, *total, *total_tax, *price],
            "{name}"
        );
        let actual_taxes: Vec<_> = line
            .taxes
            .iter()
            .map(|tax| (tax.id, tax.total.as_str(), tax.subtotal.as_str()))
            .collect();
        let expected_taxes: Vec<_> = taxes
            .iter()
            .map(|(rate, country, total, subtotal)| (tax_rate_id(rate, country), *total, *subtotal))
            .collect();
        assert_eq!(actual_taxes, expected_taxes, "{name}");
    }
}

/// The order's money adds up: lines + shipping + fees + tax = total (all exact cents).
fn assert_totals_add_up(order: &Order) {
    let lines: i64 = order.line_items.iter().map(|line| cents(&line.total)).sum();
    let shipping: i64 = order
        .shipping_lines
        .iter()
        .map(|line| cents(&line.total))
        .sum();
    let fees: i64 = order.fee_lines.iter().map(|line| cents(&line.total)).sum();
    assert_eq!(
        shipping,
        cents(&order.shipping_total),
        "order {} shipping",
        order.id
    );
    assert_eq!(
        lines + shipping + fees + cents(&order.total_tax),
        cents(&order.total),
        "order {} total",
        order.id
    );
    let tax_lines: i64 = order
        .tax_lines
        .iter()
        .map(|line| cents(&line.tax_total) + cents(&line.shipping_tax_total))
        .sum();
    assert_eq!(
        tax_lines,
        cents(&order.total_tax),
        "order {} tax lines",
        order.id
    );
    let coupons: i64 = order
        .coupon_lines
        .iter()
        .map(|line| cents(&line.discount))
        .sum();
    assert_eq!(
        coupons,
        cents(&order.discount_total),
        "order {} coupons",
        order.id
    );
}

#[test]
fn customer_order() {
    let order = load::<Order>("orders/customer.json");
    let ada = load::<Customer>("customers/full.json");
    assert_eq!(order.customer_id, ada.id);
    assert!(!order.is_guest());
    assert_eq!(order.status, OrderStatus::Processing);
    assert_eq!(
        (order.currency.as_str(), order.currency_symbol.as_str()),
        ("USD", "$")
    );
    assert_eq!(order.payment(), Some(PaymentMethod::BankTransfer));
    assert_eq!(order.payment_method_title, "Direct bank transfer");
    assert_eq!(
        order.customer_note,
        "Please leave the parcel with the neighbour.\nThanks!"
    );
    assert_eq!(
        order.billing(),
        ada.billing(),
        "billing copied from the customer"
    );
    assert_eq!(order.shipping_or_billing().address_1, "Lieferweg 7");
    assert!(order.date_paid_gmt.is_some() && order.date_completed_gmt.is_none());

    assert_lines(
        &order,
        &[
            (
                "FX-TEE-RED-S",
                "fx-Organic Tee",
                2,
                "43.00",
                "8.17",
                "37.62",
                "7.15",
                "18.81",
                &[("fx-VAT", "DE", "7.1478", "8.17")],
            ),
            (
                "FX-MUG-001",
                "fx-Enamel Mug",
                1,
                "15.90",
                "3.02",
                "13.92",
                "2.64",
                "13.92",
                &[("fx-VAT", "DE", "2.6448", "3.021")],
            ),
        ],
    );
    let tee_line = &order.line_items[0];
    assert_eq!(
        tee_line.product_id,
        load::<Product>("products/variable.json").id
    );
    assert_eq!(tee_line.variation_id, variation_by_sku("FX-TEE-RED-S").id);
    assert_eq!(tee_line.effective_product_id(), Some(tee_line.variation_id));
    assert_eq!(tee_line.parent_name, "fx-Organic Tee");
    assert_eq!(
        woo::meta_value(&tee_line.meta_data, "pa_fx-color"),
        Some(&serde_json::json!("fx-red")),
        "attribute metas hold term slugs"
    );
    assert_eq!(
        woo::meta_value(&tee_line.meta_data, "size"),
        Some(&serde_json::json!("S"))
    );
    let mug_line = &order.line_items[1];
    assert_eq!(
        (mug_line.variation_id, mug_line.parent_name.as_str()),
        (0, "")
    );
    assert_eq!(
        mug_line.image.as_ref().map(|image| image.id),
        Some(0),
        "image id \"\" reads as 0"
    );

    assert_eq!(order.shipping_lines.len(), 1);
    let shipping = &order.shipping_lines[0];
    assert_eq!(
        (
            shipping.method_id.as_str(),
            shipping.instance_id.as_str(),
            shipping.total.as_str(),
            shipping.total_tax.as_str()
        ),
        ("flat_rate", "1", "5.00", "0.95")
    );
    assert_eq!(
        (order.shipping_total.as_str(), order.shipping_tax.as_str()),
        ("5.00", "0.95")
    );
    assert_eq!(
        shipping.taxes[0].subtotal, "",
        "shipping taxes have no subtotal"
    );

    let fees: Vec<_> = order
        .fee_lines
        .iter()
        .map(|fee| {
            (
                fee.name.as_str(),
                fee.total.as_str(),
                fee.total_tax.as_str(),
            )
        })
        .collect();
    assert_eq!(
        fees,
        [
            ("fx-Gift wrap", "2.50", "0.48"),
            ("fx-Loyalty discount", "-3.00", "-0.57")
        ]
    );

    assert_eq!(order.coupon_codes(), ["fx-percent125"]);
    let coupon = &order.coupon_lines[0];
    assert_eq!(
        (coupon.discount.as_str(), coupon.discount_tax.as_str()),
        ("7.36", "1.4")
    );
    assert_eq!(coupon.discount_type, Some(DiscountType::Percent));
    assert_eq!(coupon.nominal_amount, "12.5");
    assert_eq!(
        (order.discount_total.as_str(), order.discount_tax.as_str()),
        ("7.36", "1.40")
    );

    let tax_lines: Vec<_> = order
        .tax_lines
        .iter()
        .map(|line| {
            (
                line.rate_id,
                line.label.as_str(),
                line.compound,
                line.tax_total.as_str(),
                line.shipping_tax_total.as_str(),
                line.rate_percent.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tax_lines,
        [(
            tax_rate_id("fx-VAT", "DE"),
            "fx-VAT",
            false,
            "9.70",
            "0.95",
            "19"
        )]
    );
    assert_eq!(
        (
            order.cart_tax.as_str(),
            order.total_tax.as_str(),
            order.total.as_str()
        ),
        ("9.70", "10.65", "66.69")
    );
    assert_totals_add_up(&order);
}

#[test]
fn guest_order() {
    let order = load::<Order>("orders/guest.json");
    assert!(order.is_guest());
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.payment(), Some(PaymentMethod::CashOnDelivery));
    assert_eq!(order.customer_note, "");
    let billing = order.billing();
    assert_eq!(
        (
            billing.full_name().as_str(),
            billing.email.as_str(),
            billing.postcode.as_str()
        ),
        ("Grace Guest", "fx-grace@example.test", "94107")
    );
    assert!(order.coupon_lines.is_empty());

    assert_lines(
        &order,
        &[
            // Reduced-rate class, and the US has no reduced rate: no tax at all.
            (
                "",
                "fx-Sticker Pack",
                3,
                "6.00",
                "0.00",
                "6.00",
                "0.00",
                "2",
                &[],
            ),
            (
                "FX-FANCY-☕",
                "fx-<b>Bold</b> Café & Tea ☕🍵 שלום مرحبا",
                1,
                "9.99",
                "0.83",
                "9.99",
                "0.83",
                "9.99",
                &[
                    ("fx-CA State", "US", "0.724275", "0.724275"),
                    ("fx-CA County", "US", "0.107143", "0.107143"),
                ],
            ),
        ],
    );
    let tax_lines: Vec<_> = order
        .tax_lines
        .iter()
        .map(|line| {
            (
                line.label.as_str(),
                line.compound,
                line.tax_total.as_str(),
                line.shipping_tax_total.as_str(),
                line.rate_percent.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tax_lines,
        [
            ("fx-CA State", false, "0.79", "0.36", "7.25"),
            ("fx-CA County", true, "0.12", "0.00", "1")
        ]
    );
    let fees: Vec<_> = order
        .fee_lines
        .iter()
        .map(|fee| (fee.name.as_str(), fee.total.as_str(), fee.taxes.len()))
        .collect();
    assert_eq!(fees, [("fx-Cash handling", "1.00", 2)]);
    assert_eq!(
        (order.shipping_total.as_str(), order.total.as_str()),
        ("5.00", "23.26")
    );
    assert_totals_add_up(&order);
}

#[test]
fn order_with_deleted_product_in_other_currency() {
    let order = load::<Order>("orders/deleted-product.json");
    assert_eq!(
        order.customer_id,
        load::<Customer>("customers/empty-shipping.json").id
    );
    assert_eq!(order.status, OrderStatus::OnHold);
    assert_eq!(
        (order.currency.as_str(), order.currency_symbol.as_str()),
        ("EUR", "€"),
        "shop currency is USD"
    );
    assert_eq!(order.payment(), Some(PaymentMethod::Cheque));
    assert!(order.shipping.as_ref().unwrap().is_empty());
    assert_eq!(order.shipping_or_billing().city, "San Francisco");
    assert!(order.shipping_lines.is_empty());

    let gone = &order.line_items[0];
    assert_eq!(
        (
            gone.name.as_str(),
            gone.product_id,
            gone.variation_id,
            gone.sku.as_str()
        ),
        ("fx-Discontinued Widget", 0, 0, "")
    );
    assert_eq!(gone.effective_product_id(), None);
    assert_eq!((gone.total.as_str(), gone.price.as_str()), ("30.00", "30"));
    let blue = &order.line_items[1];
    assert_eq!(
        (
            blue.sku.as_str(),
            blue.tax_class.as_str(),
            blue.variation_id
        ),
        (
            "FX-TEE-BLUE-M",
            "reduced-rate",
            variation_by_sku("FX-TEE-BLUE-M").id
        )
    );
    assert_eq!(order.total, "58.50");
    assert_totals_add_up(&order);
}

#[test]
fn every_list_fixture_parses_element_by_element() {
    // Re-read each list through the typed reader to prove no element is skipped.
    let counts = [
        (
            "products/variable-variations.json",
            load_list::<Variation>("products/variable-variations.json").len(),
        ),
        (
            "products/list-page1.json",
            load_list::<Product>("products/list-page1.json").len(),
        ),
        (
            "products/categories.json",
            load_list::<Category>("products/categories.json").len(),
        ),
        (
            "taxes/rates.json",
            load_list::<TaxRate>("taxes/rates.json").len(),
        ),
    ];
    for (name, parsed) in counts {
        assert_eq!(parsed, json(name).as_array().unwrap().len(), "{name}");
    }
}

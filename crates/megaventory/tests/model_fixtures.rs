//! Model round trips against fixtures built from the API spec's examples (Appendix A and
//! §2–§5) and from the requests the incumbent plugin really sends.
#![cfg(not(target_arch = "wasm32"))]

use megaventory::model::*;
use megaventory::request::*;
use megaventory::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: serde::de::DeserializeOwned>(operation: &str, body: &Value) -> Result<T, Error> {
    envelope::decode(operation, &RawResponse::ok(body.to_string()))
}

fn body_of<R: Request>(request: &R) -> Value {
    serde_json::to_value(request).unwrap()
}

/// Every key we send must be one the API documents: present (in any case, as the server
/// folds case) in the reference request at the same place, or in `documented_extras`.
fn assert_keys_documented(ours: &Value, theirs: &Value, path: &str, documented_extras: &[&str]) {
    match (ours, theirs) {
        (Value::Object(ours), Value::Object(theirs)) => {
            for (key, value) in ours {
                match theirs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
                    Some((_, their_value)) => assert_keys_documented(
                        value,
                        their_value,
                        &format!("{path}.{key}"),
                        documented_extras,
                    ),
                    None => assert!(
                        documented_extras
                            .iter()
                            .any(|extra| extra.eq_ignore_ascii_case(key)),
                        "{path}.{key} is not among the reference keys {:?}",
                        theirs.keys().collect::<Vec<_>>()
                    ),
                }
            }
        }
        (Value::Array(ours), Value::Array(theirs)) if !ours.is_empty() && !theirs.is_empty() => {
            assert_keys_documented(
                &ours[0],
                &theirs[0],
                &format!("{path}[0]"),
                documented_extras,
            )
        }
        // The plugin sends a bare object where the API takes a list.
        (Value::Array(ours), Value::Object(_)) if !ours.is_empty() => {
            assert_keys_documented(&ours[0], theirs, &format!("{path}[0]"), documented_extras)
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Appendix A

#[test]
fn a1_product_upsert_request_success_and_deleted_sku() {
    let a1 = fixture("appendix_a1_product_update.json");
    let mut product = Product::new("TSHIRT-RED-M", "T-shirt");
    product.product_type = Some(ProductType::Undefined);
    product.product_version = Some("Color: Red | Size: M".into());
    product.product_selling_price = Some(Decimal::parse("19.90").unwrap());
    let mut request =
        ProductUpdate::insert_or_update_non_empty_fields(product).source_application("woocommerce");
    request.force_sku_update_even_if_used_in_documents = Some(false);
    let ours = body_of(&request);
    assert_keys_documented(&ours, &a1["request"], "", &[]);
    assert_eq!(
        ours["mvProduct"]["ProductSellingPrice"], "19.9",
        "money is a decimal string"
    );
    assert!(
        ours["mvProduct"].get("ProductID").is_none(),
        "unknown id is omitted, not \"\""
    );
    assert!(
        ours["mvProduct"].get("ProductWeight").is_none(),
        "absent fields are not sent (left unchanged)"
    );
    assert_eq!(ours["mvRecordAction"], "InsertOrUpdateNonEmptyFields");

    let success: ProductUpdateResponse = decode("ProductUpdate", &a1["success"]).unwrap();
    assert_eq!(success.entity_id, Some(101));
    let stored = success.product.unwrap();
    assert_eq!(stored.product_id, Some(101));
    assert_eq!(stored.product_type, Some(ProductType::BuyFromSupplier));
    assert_eq!(stored.product_selling_price.unwrap().as_str(), "19.9");
    assert_eq!(stored.product_ean, None, "\"\" reads as absent");
    assert_eq!(stored.product_category_id, None, "0 reads as no category");
    assert_eq!(stored.is_sellable, Some(true));
    assert_eq!(
        stored
            .product_creation_date
            .as_deref()
            .and_then(wcf_date_millis),
        Some(1_700_000_000_000)
    );

    let error = decode::<ProductUpdateResponse>("ProductUpdate", &a1["deleted_sku"]).unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.kind(), Conflict::ProductSkuAlreadyDeleted);
    assert_eq!(api.conflicting_id(), Some(77));
    assert!(error.to_string().contains("ProductUpdate"));
}

#[test]
fn a2_integration_updates_decode_into_typed_payloads() {
    let a2 = fixture("appendix_a2_integration_updates.json");
    let ours = body_of(&IntegrationUpdateGet::for_application("Woocommerce", 20));
    assert_keys_documented(&ours, &a2["request"], "", &["AndOr", "Group"]);
    assert_eq!(ours["ReturnTopNRecords"], 20);
    assert_eq!(ours["Filters"][0]["SearchValue"], "Woocommerce");

    let answer: IntegrationUpdateGetResponse =
        decode("IntegrationUpdateGet", &a2["response"]).unwrap();
    assert_eq!(answer.integration_updates.len(), 3);
    let stock_row = &answer.integration_updates[0];
    assert_eq!(stock_row.integration_update_id, 5003);
    match stock_row.payload().unwrap() {
        IntegrationPayload::Stock(changes) => {
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].product_id, 101);
            assert_eq!(changes[0].inventory_id, 1);
            assert_eq!(changes[0].stock_data.stockqty.to_i64(), Some(7));
            assert_eq!(changes[0].stock_data.stocknonshippedqty.to_i64(), Some(2));
        }
        other => panic!("expected stock, got {other:?}"),
    }
    match answer.integration_updates[1].payload().unwrap() {
        IntegrationPayload::Product(product) => {
            assert_eq!(product.product_purchase_price.unwrap().as_str(), "8.25")
        }
        other => panic!("expected a product, got {other:?}"),
    }
    assert_eq!(answer.integration_updates[1].tries, 0, "\"0\" reads as 0");
    match answer.integration_updates[2].payload().unwrap() {
        IntegrationPayload::Document(doc) => {
            assert_eq!(doc.document_type_id, document_type::SALES_ORDER);
            assert_eq!(
                doc.document_status,
                Some(DocumentStatusCode::PartiallyShippedInvoiced)
            );
            assert_eq!(doc.document_reference_no.as_deref(), Some("676"));
        }
        other => panic!("expected a document, got {other:?}"),
    }

    let mut expected_delete = a2["delete_request"].clone();
    expected_delete.as_object_mut().unwrap().remove("APIKEY");
    assert_eq!(
        body_of(&IntegrationUpdateDelete::new(5003)),
        expected_delete
    );
}

#[test]
fn a3_sales_order_cancel() {
    let a3 = fixture("appendix_a3_sales_order_cancel.json");
    let mut expected = a3["request"].clone();
    expected.as_object_mut().unwrap().remove("APIKEY");
    assert_eq!(body_of(&SalesOrderCancel::new("1234", Some(3))), expected);
    let ok: ActionResponse = decode("SalesOrderCancel", &a3["success"]).unwrap();
    assert!(ok.result);
    let error = decode::<ActionResponse>("SalesOrderCancel", &a3["not_cancellable"]).unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.kind(), Conflict::Other);
    assert_eq!(api.internal_error_code, None);
    assert!(api.message.contains("can only be Cancelled"));
}

// ---------------------------------------------------------------------------------------
// Response shapes of §2–§5

#[test]
fn sales_orders_accept_both_number_forms_and_both_status_spellings() {
    let doc = fixture("doc_examples.json");
    let answer: SalesOrderGetResponse = decode("SalesOrderGet", &doc["sales_order_get"]).unwrap();
    let first = &answer.sales_orders[0];
    assert_eq!(first.sales_order_id, Some(62));
    assert_eq!(first.sales_order_no.as_deref(), Some("62"));
    assert_eq!(
        first.sales_order_client_id,
        Some(2),
        "SalesOrderClientId spelling"
    );
    assert_eq!(first.sales_order_address.as_deref(), Some("1 Main St"));
    assert_eq!(
        first.sales_order_status,
        Some(SalesOrderStatus::PartiallyShippedAndPartiallyInvoiced)
    );
    assert_eq!(
        first.sales_order_payment_method,
        Some(PaymentMethod::NoMethod)
    );
    assert_eq!(first.details[0].quantity.as_ref().unwrap().as_str(), "2");
    assert_eq!(
        first.details[0]
            .unit_price_without_tax_or_discount
            .as_ref()
            .unwrap()
            .as_str(),
        "19.9"
    );
    let second = &answer.sales_orders[1];
    assert_eq!(
        second.sales_order_no.as_deref(),
        Some("61"),
        "a bare number reads as text"
    );
    assert_eq!(
        second.sales_order_status,
        Some(SalesOrderStatus::Other("Approved".into()))
    );
    assert!(second.details.is_empty());
    // Outbound the number is a string and the status uses the long spelling.
    let out = serde_json::to_value(first).unwrap();
    assert_eq!(out["SalesOrderNo"], "62");
    assert_eq!(out["SalesOrderId"], 62);
    assert_eq!(
        out["SalesOrderStatus"],
        "PartiallyShippedAndPartiallyInvoiced"
    );
    assert_eq!(out["SalesOrderClientID"], 2);
}

#[test]
fn stock_list_with_lower_case_product_id_and_null_stock() {
    let doc = fixture("doc_examples.json");
    let answer: InventoryLocationStockGetResponse =
        decode("InventoryLocationStockGet", &doc["stock_get"]).unwrap();
    assert_eq!(answer.stock.len(), 2);
    let first = &answer.stock[0];
    assert_eq!(first.product_id, 101);
    assert_eq!(first.stock[0].inventory_location_id, 1);
    assert_eq!(first.stock[0].stock_physical.to_i64(), Some(7));
    assert_eq!(first.stock[0].stock_on_hand.to_i64(), Some(5));
    assert_eq!(first.stock_physical_total.to_i64(), Some(7));
    assert!(
        first.stock_on_hold_total.is_zero(),
        "missing totals default to 0"
    );
    assert_eq!(answer.stock[1].product_id, 102, "\"102\" reads as 102");
    assert!(
        answer.stock[1].stock.is_empty(),
        "mvStock null reads as empty"
    );
}

#[test]
fn currencies_clients_settings_and_an_immutable_field_error() {
    let doc = fixture("doc_examples.json");
    let currencies: CurrencyGetResponse = decode("CurrencyGet", &doc["currency_get"]).unwrap();
    assert_eq!(currencies.currencies[0].currency_id, Some(1));
    assert_eq!(
        currencies.currencies[0].currency_is_default,
        Some(true),
        "\"true\" reads as true"
    );
    assert_eq!(
        serde_json::to_value(&currencies.currencies[0]).unwrap()["CurrencyId"],
        1
    );

    let clients: SupplierClientGetResponse =
        decode("SupplierClientGet", &doc["supplier_client_get"]).unwrap();
    let bob = &clients.supplier_clients[0];
    assert_eq!(bob.supplier_client_type, Some(SupplierClientType::Client));
    assert_eq!(bob.addresses[0].address_type, Some(AddressType::Shipping1));
    assert_eq!(bob.addresses[0].country.as_deref(), Some("US"));
    assert_eq!(bob.contacts[0].contact_is_primary, Some(true));

    let settings: AccountSettingsGetResponse =
        decode("AccountSettingsGet", &doc["account_settings_get"]).unwrap();
    assert!(settings.get("ISWOOCOMMERCEENABLED").unwrap().as_bool());

    let error =
        decode::<DiscountUpdateResponse>("DiscountUpdate", &doc["discount_update_immutable"])
            .unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.entity_id, None, "entityID 0 means none");
    assert!(api.message.starts_with("Only the DiscountDescription"));
}

#[test]
fn entities_round_trip() {
    let order = SalesOrder {
        sales_order_no: Some("676".into()),
        sales_order_reference_no: Some("676".into()),
        sales_order_client_id: Some(2),
        sales_order_status: Some(SalesOrderStatus::Verified),
        sales_order_payment_method: Some(PaymentMethod::OtherMethod),
        addresses: vec![Address {
            address_type: Some(AddressType::Billing),
            city: Some("Athens".into()),
            ..Default::default()
        }],
        details: vec![SalesOrderRow::new(
            "A",
            Decimal::from(2),
            Decimal::parse("19.99").unwrap(),
        )],
        sales_order_shipping_provider_info: Some(ShippingProviderInfo {
            provider_info: Some("DHL".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let text = serde_json::to_string(&order).unwrap();
    assert_eq!(serde_json::from_str::<SalesOrder>(&text).unwrap(), order);
    let mut product = Product::new("A", "a");
    product.product_type = Some(ProductType::Service);
    product.product_weight = Some(Decimal::parse("0.25").unwrap());
    product.product_category = Some(ProductCategory {
        product_category_id: Some(4),
        ..Default::default()
    });
    let text = serde_json::to_string(&product).unwrap();
    assert_eq!(serde_json::from_str::<Product>(&text).unwrap(), product);
    let document = Document::adjustment(
        false,
        3,
        DocumentStatus::Pending,
        "ref-1",
        vec![DocumentRow::new("A", Decimal::from(4))],
    );
    let value = serde_json::to_value(&document).unwrap();
    assert_eq!(value["DocumentTypeId"], -98);
    assert_eq!(value["DocumentSupplierClientID"], -1);
    assert_eq!(value["DocumentDetails"][0]["DocumentRowQuantity"], "4");
    assert_eq!(serde_json::from_value::<Document>(value).unwrap(), document);
}

// ---------------------------------------------------------------------------------------
// The incumbent plugin's real requests: our requests must use the documented names.

fn recorded() -> Vec<(String, Value)> {
    let path = format!(
        "{}/tests/fixtures/incumbent-requests.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            (
                v["operation"].as_str().unwrap().to_owned(),
                v["request"].clone(),
            )
        })
        .collect()
}

/// Our version of what the plugin sends for `operation`.
fn our_request(operation: &str) -> Option<Value> {
    let d = |s: &str| Decimal::parse(s).unwrap();
    Some(match operation {
        "APIKeyGet" => body_of(&ApiKeyGet::default()),
        "AccountSettingsGet" => body_of(&AccountSettingsGet::named("isWoocommerceEnabled")),
        "CurrencyGet" => body_of(&CurrencyGet::default_currency()),
        "DiscountGet" => body_of(&DiscountGet::by_name_and_value("hx-pct-5", &d("5"))),
        "DiscountUpdate" => body_of(
            &DiscountUpdate::insert(Discount {
                discount_id: Some(1),
                discount_name: Some("hx-pct-5".into()),
                discount_description: Some("5 percent off".into()),
                discount_value: Some(d("5")),
            })
            .source_application("woocommerce"),
        ),
        "DocumentUpdate" => {
            let mut document = Document::adjustment(
                true,
                1,
                DocumentStatus::Verified,
                "push-1",
                vec![DocumentRow::new("A", d("35"))],
            );
            document.document_comments = Some("initial stock".into());
            document.details[0].unit_price_without_tax_or_discount = Some(d("0"));
            body_of(&DocumentUpdate::insert(document).source_application("woocommerce"))
        }
        "InventoryLocationGet" => body_of(&InventoryLocationGet::all()),
        "InventoryLocationStockGet" => {
            body_of(&InventoryLocationStockGet::for_products(&[2, 3]).at_locations(&[1]))
        }
        "InventoryLocationUpdate" => body_of(&InventoryLocationUpdate::insert(InventoryLocation {
            inventory_location_abbreviation: Some("Main".into()),
            inventory_location_name: Some("Main Location".into()),
            inventory_location_address: Some("Default Address".into()),
            ..Default::default()
        })),
        "ProductCategoryGet" => body_of(&ProductCategoryGet::all()),
        "ProductCategoryUpdate" => body_of(&ProductCategoryUpdate::insert(ProductCategory {
            product_category_name: Some("Harness Home".into()),
            ..Default::default()
        })),
        "ProductUpdate" => {
            let mut product = Product::new("HX-V-00300-L", "Harness Variable Product 300");
            product.product_id = Some(5);
            product.product_type = Some(ProductType::Undefined);
            product.product_version = Some("size: L".into());
            product.product_category_id = Some(1);
            product.product_selling_price = Some(d("21.33"));
            product.product_purchase_price = Some(d("0"));
            product.product_weight = Some(d("1"));
            product.product_image_url = Some("http://x/y.png".into());
            let mut request = ProductUpdate::insert_or_update_non_empty_fields(product)
                .source_application("woocommerce");
            request.force_sku_update_even_if_used_in_documents = Some(false);
            body_of(&request)
        }
        "SalesOrderUpdate" => {
            let mut order = SalesOrder {
                sales_order_no: Some("676".into()),
                sales_order_reference_no: Some("676".into()),
                sales_order_reference_application: Some("woocommerce".into()),
                sales_order_client_id: Some(2),
                sales_order_contact_person: Some("Grace Lovelace".into()),
                sales_order_comments: Some("note".into()),
                sales_order_tags: Some("tags".into()),
                sales_order_currency_code: Some("USD".into()),
                sales_order_inventory_location_id: Some(1),
                sales_order_payment_method: Some(PaymentMethod::NoMethod),
                sales_order_status: Some(SalesOrderStatus::Verified),
                addresses: vec![Address {
                    address_type: Some(AddressType::Shipping1),
                    address_line1: Some("101 Market St".into()),
                    name: Some("Grace".into()),
                    city: Some("San Francisco".into()),
                    state: Some("California".into()),
                    country: Some("US".into()),
                    zip_code: Some("94105".into()),
                    email: Some("g@example.test".into()),
                    phone: Some("555".into()),
                    organization: Some("Org".into()),
                    ..Default::default()
                }],
                details: vec![SalesOrderRow::new("HX-S-00003", d("1"), d("5.5"))],
                ..Default::default()
            };
            order.details[0].shipped_quantity = Some(d("0"));
            order.details[0].invoiced_quantity = Some(d("0"));
            order.details[0].tax_id = Some(1);
            order.details[0].discount_id = Some(2);
            body_of(&SalesOrderUpdate::insert(order))
        }
        "SupplierClientGet" => body_of(&SupplierClientGet::by_id(1)),
        "SupplierClientUpdate" => body_of(
            &SupplierClientUpdate::insert_or_update_non_empty_fields(SupplierClient {
                supplier_client_type: Some(SupplierClientType::Client),
                supplier_client_name: Some("WooCommerce_Guest".into()),
                supplier_client_phone1: Some("555".into()),
                supplier_client_email: Some("g@example.test".into()),
                supplier_client_comments: Some("WooCommerce client".into()),
                addresses: vec![Address {
                    address_type: Some(AddressType::Billing),
                    name: Some("WooCommerce Guest".into()),
                    ..Default::default()
                }],
                ..Default::default()
            }),
        ),
        "TaxGet" => body_of(&TaxGet::all()),
        "TaxUpdate" => body_of(
            &TaxUpdate::insert_or_update(Tax {
                tax_name: Some("HX CA Sales Tax".into()),
                tax_description: Some("d".into()),
                tax_value: Some(d("7.25")),
                ..Default::default()
            })
            .source_application("woocommerce"),
        ),
        _ => return None,
    })
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                merge(into.entry(key).or_insert(Value::Null), value);
            }
        }
        (Value::Array(into), Value::Array(from)) => {
            if let (Some(first), Some(other)) = (into.first_mut(), from.into_iter().next()) {
                merge(first, other);
            }
        }
        (slot @ Value::Null, from) => *slot = from,
        _ => {}
    }
}

#[test]
fn our_requests_use_the_field_names_the_plugin_sends() {
    let recorded = recorded();
    assert!(
        recorded.len() >= 20,
        "the corpus has {} requests",
        recorded.len()
    );
    // Documented names the plugin happens not to send in these samples: filter members (§1.6),
    // the record action and source tag (§1.5; the plugin omits them on orders and categories),
    // and our idempotency reference on documents (§3.14 lists DocumentReferenceNo on mvDocument).
    let documented_extras = [
        "AndOr",
        "Group",
        "mvRecordAction",
        "mvInsertUpdateDeleteSourceApplication",
        "DocumentReferenceNo",
    ];
    // Up to three shapes per operation were recorded: our request may use the union.
    let mut merged: std::collections::BTreeMap<String, Value> = Default::default();
    for (operation, their_request) in recorded {
        let slot = merged.entry(operation).or_insert(Value::Null);
        merge(slot, their_request);
    }
    for (operation, their_request) in &merged {
        let ours = our_request(operation)
            .unwrap_or_else(|| panic!("no request type for recorded operation {operation}"));
        assert_keys_documented(&ours, their_request, operation, &documented_extras);
    }
    assert!(merged.len() >= 17, "{:?}", merged.keys());
}

#[test]
fn outbound_types_ids_numbers_money_strings() {
    let order = our_request("SalesOrderUpdate").unwrap();
    let header = &order["mvSalesOrder"];
    assert_eq!(header["SalesOrderClientID"], 2);
    assert_eq!(header["SalesOrderInventoryLocationID"], 1);
    assert_eq!(header["SalesOrderNo"], "676");
    let row = &header["SalesOrderDetails"][0];
    assert_eq!(row["SalesOrderRowQuantity"], "1");
    assert_eq!(row["SalesOrderRowUnitPriceWithoutTaxOrDiscount"], "5.5");
    assert_eq!(row["SalesOrderRowTaxID"], 1);
    let stock = our_request("InventoryLocationStockGet").unwrap();
    assert_eq!(
        stock,
        json!({
            "Filters": [
                {"AndOr":"Or","Group":"Undefined","FieldName":"productID","SearchOperator":"Equals","SearchValue":"2"},
                {"AndOr":"Or","Group":"Undefined","FieldName":"productID","SearchOperator":"Equals","SearchValue":"3"}
            ],
            "InventoryLocationID": [1]
        })
    );
}

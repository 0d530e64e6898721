//! Customers → Megaventory clients, and the addresses shared with sales orders.
//!
//! * Name: the WordPress user name (unique in Megaventory, like the incumbent), else the
//!   e-mail. Contact: first + last name with the account e-mail. Phone 1: billing phone.
//! * Addresses: Billing, and Shipping1 = the shipping address or, when none was entered, the
//!   billing address (where WooCommerce ships). Both carry name, company, both lines, city,
//!   **state**, postcode, country, e-mail and phone.
//! * Address fields: control and invisible characters removed, at most 200 characters each
//!   (a warning says so).

use super::text::{
    clean_plain, plain_text, truncate_chars, MAX_ADDRESS_FIELD_CHARS, MAX_DESCRIPTION_CHARS,
};
use super::Mapped;
use crate::error::{EntityKind, EntityRef, SyncError};
use crate::woo::{Address, Customer};
use megaventory::model::{
    Address as MvAddress, AddressType, Contact, SupplierClient, SupplierClientType,
};

pub fn customer_ref(customer: &Customer) -> EntityRef {
    let label = if customer.username.trim().is_empty() {
        customer.email.trim()
    } else {
        customer.username.trim()
    };
    EntityRef::new(EntityKind::Customer, customer.id, label)
}

pub fn map_customer(customer: &Customer) -> Result<Mapped<SupplierClient>, SyncError> {
    let entity = customer_ref(customer);
    let mut warnings = Vec::new();
    let raw_name = if customer.username.trim().is_empty() {
        customer.email.as_str()
    } else {
        customer.username.as_str()
    };
    let name = field(
        raw_name,
        MAX_DESCRIPTION_CHARS,
        &entity,
        "name",
        &mut warnings,
    );
    if name.is_empty() {
        return Err(SyncError::permanent(
            "customer.missing_name",
            &entity,
            "the customer has neither a user name nor an e-mail",
        ));
    }
    let billing = customer.billing();
    let mut client = SupplierClient {
        supplier_client_type: Some(SupplierClientType::Client),
        supplier_client_name: Some(name),
        supplier_client_email: non_empty(field(
            &customer.email,
            MAX_ADDRESS_FIELD_CHARS,
            &entity,
            "e-mail",
            &mut warnings,
        )),
        supplier_client_phone1: non_empty(field(
            &billing.phone,
            MAX_ADDRESS_FIELD_CHARS,
            &entity,
            "phone",
            &mut warnings,
        )),
        supplier_client_comments: Some("WooCommerce client".into()),
        ..SupplierClient::default()
    };
    let contact_name = field(
        &customer.display_name(),
        MAX_ADDRESS_FIELD_CHARS,
        &entity,
        "contact name",
        &mut warnings,
    );
    if !contact_name.is_empty() {
        client.contacts.push(Contact {
            contact_name: Some(contact_name),
            contact_email: client.supplier_client_email.clone(),
            contact_is_primary: Some(true),
            ..Contact::default()
        });
    }
    client.addresses = addresses(
        &billing,
        &customer.shipping_or_billing(),
        &entity,
        &mut warnings,
    );
    Ok(Mapped::new(client, warnings))
}

/// The client that receives guest orders (their buyer's details go on the sales order only).
pub fn guest_client(name: &str) -> SupplierClient {
    SupplierClient {
        supplier_client_type: Some(SupplierClientType::Client),
        supplier_client_name: Some(name.to_string()),
        supplier_client_comments: Some("WooCommerce guest orders".into()),
        ..SupplierClient::default()
    }
}

/// `[Billing, Shipping1]`, leaving out empty ones.
pub fn addresses(
    billing: &Address,
    shipping: &Address,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) -> Vec<MvAddress> {
    [
        (billing, AddressType::Billing),
        (shipping, AddressType::Shipping1),
    ]
    .into_iter()
    .filter(|(address, _)| !address.is_empty())
    .map(|(address, kind)| map_address(address, kind, entity, warnings))
    .collect()
}

pub fn map_address(
    address: &Address,
    kind: AddressType,
    entity: &EntityRef,
    warnings: &mut Vec<SyncError>,
) -> MvAddress {
    let mut f = |label: &str, raw: &str| {
        non_empty(field(raw, MAX_ADDRESS_FIELD_CHARS, entity, label, warnings))
    };
    MvAddress {
        address_type: Some(kind),
        name: f("address name", &address.full_name()),
        organization: f("company", &address.company),
        address_line1: f("address line 1", &address.address_1),
        address_line2: f("address line 2", &address.address_2),
        city: f("city", &address.city),
        state: f("state", &address.state),
        zip_code: f("postcode", &address.postcode),
        country: f("country", &address.country.to_uppercase()),
        email: f("e-mail", &address.email),
        phone: f("phone", &address.phone),
        ..MvAddress::default()
    }
}

/// One cleaned, length-limited field; adds a warning naming the field when it had to change.
pub(crate) fn field(
    raw: &str,
    max: usize,
    entity: &EntityRef,
    label: &str,
    warnings: &mut Vec<SyncError>,
) -> String {
    let (clean, removed) = clean_plain(&plain_text_if_html(raw));
    if removed {
        warnings.push(SyncError::permanent(
            "text.invisible_characters",
            entity,
            format!("the {label} contained control or invisible characters; they were removed"),
        ));
    }
    let (cut, truncated) = truncate_chars(&clean, max);
    if truncated {
        warnings.push(SyncError::permanent(
            "text.truncated",
            entity,
            format!("the {label} is longer than {max} characters and was cut"),
        ));
    }
    cut
}

fn plain_text_if_html(raw: &str) -> String {
    if raw.contains('<') || raw.contains('&') {
        plain_text(raw)
    } else {
        raw.to_string()
    }
}

pub(crate) fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

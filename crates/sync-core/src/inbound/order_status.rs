//! Sales-order status → WooCommerce order status, by the numeric code of `document` updates.
//! Statuses without a mapping (approval, picking, packing, partial invoicing, payments,
//! unknown codes) leave the order alone.

use crate::woo::OrderStatus;
use megaventory::model::DocumentStatusCode;

pub fn wc_status_for(status: DocumentStatusCode) -> Option<OrderStatus> {
    use DocumentStatusCode as S;
    match status {
        S::Pending => Some(OrderStatus::OnHold),
        // 41 is "partially shipped" too; the incumbent added it in 2.2.18 after orders fell
        // back to "pending payment".
        S::Verified | S::PartiallyShipped | S::PartiallyShippedInvoiced | S::FullyShipped => {
            Some(OrderStatus::Processing)
        }
        S::Closed | S::FullyInvoiced => Some(OrderStatus::Completed),
        S::Cancelled => Some(OrderStatus::Cancelled),
        _ => None,
    }
}

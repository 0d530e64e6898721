//! String enums of the API. Parsing is case-insensitive (as on the server) and an
//! unknown value is kept as `Other(text)` instead of failing a whole response.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The spelling sent to the API.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Other(text) => text,
                }
            }

            /// Case-insensitive; unknown text becomes `Other`.
            pub fn parse(text: &str) -> Self {
                let t = text.trim();
                $(
                    if t.eq_ignore_ascii_case($text) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )+
                Self::Other(t.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Numbers are accepted too (the M2 plugin sends `SupplierClientType: 2`).
                let text = crate::lenient::string(d)?;
                Ok(Self::parse(&text))
            }
        }
    };
}

string_enum! {
    /// `mvRecordAction`. Omitted means `Insert` on the server.
    RecordAction {
        Insert = "Insert",
        Update = "Update",
        InsertOrUpdate = "InsertOrUpdate",
        /// Insert, or update only the fields that are present and non-empty.
        InsertOrUpdateNonEmptyFields = "InsertOrUpdateNonEmptyFields",
    }
}

string_enum! {
    /// `showDeleted` on Get operations.
    ShowDeleted {
        OnlyUndeleted = "showOnlyUndeleted",
        AllDeletedAndUndeleted = "showAllDeletedAndUndeleted",
        OnlyDeleted = "showOnlyDeleted",
    }
}

string_enum! {
    /// `ProductType`. There is no `SellToClient`; bundles are a separate entity.
    ProductType {
        BuyFromSupplier = "BuyFromSupplier",
        Service = "Service",
        ManufactureFromWorkOrder = "ManufactureFromWorkOrder",
        BuyFromSupplierOrManufactureFromWorkOrder = "BuyFromSupplierOrManufactureFromWorkOrder",
        TimeRestrictedService = "TimeRestrictedService",
        Undefined = "Undefined",
    }
}

string_enum! {
    /// `SupplierClientType`.
    SupplierClientType {
        Supplier = "Supplier",
        Client = "Client",
        Both = "Both",
    }
}

string_enum! {
    /// `AddressType`.
    AddressType {
        General = "General",
        Billing = "Billing",
        Shipping1 = "Shipping1",
        Shipping2 = "Shipping2",
    }
}

string_enum! {
    /// `SalesOrderStatus` as it appears in `mvSalesOrder` (a string). Integration updates carry
    /// numeric codes instead: see [`DocumentStatusCode`](super::DocumentStatusCode).
    SalesOrderStatus {
        ValidStatus = "ValidStatus",
        Pending = "Pending",
        Verified = "Verified",
        PartiallyShipped = "PartiallyShipped",
        /// Code 41. Sources disagree on the spelling; both are accepted, the long one is sent.
        PartiallyShippedAndPartiallyInvoiced = "PartiallyShippedAndPartiallyInvoiced" | "PartiallyShippedInvoiced",
        FullyShipped = "FullyShipped",
        PartiallyInvoiced = "PartiallyInvoiced",
        FullyInvoiced = "FullyInvoiced",
        Closed = "Closed",
        Cancelled = "Cancelled",
    }
}

string_enum! {
    /// `DocumentStatus` as a string inside `mvDocument`.
    DocumentStatus {
        ValidStatus = "ValidStatus",
        Pending = "Pending",
        ApprovalInProcess = "ApprovalInProcess",
        Verified = "Verified",
        Picked = "Picked",
        Packed = "Packed",
        PartiallyShipped = "PartiallyShipped",
        PartiallyShippedAndPartiallyInvoiced = "PartiallyShippedAndPartiallyInvoiced" | "PartiallyShippedInvoiced",
        FullyShipped = "FullyShipped",
        PartiallyReceived = "PartiallyReceived",
        FullyReceived = "FullyReceived",
        PartiallyInvoiced = "PartiallyInvoiced",
        FullyInvoiced = "FullyInvoiced",
        Closed = "Closed",
        Cancelled = "Cancelled",
    }
}

string_enum! {
    /// `SalesOrderPaymentMethod`.
    PaymentMethod {
        NoMethod = "None",
        Cash = "Cash",
        BankTransfer = "BankTransfer",
        Check = "Check",
        Credit = "Credit",
        CustomPaymentMethod1 = "CustomPaymentMethod1",
        CustomPaymentMethod2 = "CustomPaymentMethod2",
        CustomPaymentMethod3 = "CustomPaymentMethod3",
        /// The API's own value `Other` (distinct from an unknown value).
        OtherMethod = "Other",
    }
}

string_enum! {
    /// `AutoInsertBatchNumbersToProductRows` on sales-order and document updates.
    AutoInsertBatchNumbers {
        Undefined = "Undefined",
        ByExpiryDate = "ByExpiryDate",
        ByCreationDate = "ByCreationDate",
        ByName = "ByName",
    }
}

string_enum! {
    /// `SupplierClientDeleteAction`.
    SupplierClientDeleteAction {
        DefaultAction = "DefaultAction",
        ReplaceWithNewId = "ReplaceWithNewId",
    }
}

string_enum! {
    /// `AndOr` of a filter; joins it to the previous one (ignored on the first).
    AndOr {
        And = "And",
        Or = "Or",
    }
}

string_enum! {
    /// `Group` of a filter: opens or closes a parenthesis.
    FilterGroup {
        Undefined = "Undefined",
        StartGroup = "StartGroup",
        EndGroup = "EndGroup",
    }
}

string_enum! {
    /// `SearchOperator` of a filter. Only the first four are confirmed by sources.
    SearchOperator {
        Equals = "Equals",
        NotEquals = "NotEquals",
        Contains = "Contains",
        GreaterThan = "GreaterThan",
        GreaterThanOrEqual = "GreaterThanOrEqual",
        LessThan = "LessThan",
        LessThanOrEqual = "LessThanOrEqual",
        NotContains = "NotContains",
        StartsWith = "StartsWith",
        EndsWith = "EndsWith",
        Undefined = "Undefined",
    }
}

// The enums come from a macro that cannot mark a `#[default]` variant.
#[allow(clippy::derivable_impls)]
impl Default for AndOr {
    fn default() -> Self {
        AndOr::And
    }
}

#[allow(clippy::derivable_impls)]
impl Default for FilterGroup {
    fn default() -> Self {
        FilterGroup::Undefined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_keeps_unknown() {
        assert_eq!(
            SalesOrderStatus::parse("verified"),
            SalesOrderStatus::Verified
        );
        assert_eq!(
            SalesOrderStatus::parse("PartiallyShippedInvoiced"),
            SalesOrderStatus::PartiallyShippedAndPartiallyInvoiced
        );
        assert_eq!(
            SalesOrderStatus::parse("PartiallyShippedAndPartiallyInvoiced"),
            SalesOrderStatus::PartiallyShippedAndPartiallyInvoiced
        );
        assert_eq!(
            SalesOrderStatus::parse("Approved"),
            SalesOrderStatus::Other("Approved".into())
        );
        let from_number: SupplierClientType = serde_json::from_str("2").unwrap();
        assert_eq!(from_number, SupplierClientType::Other("2".into()));
        assert_eq!(
            serde_json::to_string(&ShowDeleted::AllDeletedAndUndeleted).unwrap(),
            "\"showAllDeletedAndUndeleted\""
        );
        assert_eq!(
            serde_json::to_string(&PaymentMethod::NoMethod).unwrap(),
            "\"None\""
        );
    }
}

//! Errors of a call. Every text in here has been through key redaction.

use std::fmt;
use std::time::Duration;

/// What went wrong with one API call. `Display` names the operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The server answered with `ResponseStatus.ErrorCode` ≠ "0" (never retried).
    Api(ApiError),
    /// A non-2xx HTTP status without a usable API envelope.
    Http {
        operation: String,
        status: u16,
        body_snippet: String,
        retry_after: Option<Duration>,
    },
    /// The request did not complete at the transport level.
    Transport {
        operation: String,
        error: TransportError,
    },
    /// The body was not a usable API response (HTML error page, empty, malformed JSON, wrong types).
    Decode { operation: String, detail: String },
    /// The request could not be turned into a JSON object.
    Encode { operation: String, detail: String },
}

impl Error {
    pub fn operation(&self) -> &str {
        match self {
            Error::Api(e) => &e.operation,
            Error::Http { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Encode { operation, .. } => operation,
        }
    }

    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The kind of a business error, if this is one.
    pub fn conflict(&self) -> Option<Conflict> {
        self.api().map(ApiError::kind)
    }

    /// Worth retrying at all: transport failures, timeouts, HTTP 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } => true,
            Error::Http { status, .. } => *status == 429 || (500..=599).contains(status),
            _ => false,
        }
    }

    /// The request may have been applied although no answer arrived (timeout, 5xx, a
    /// connection lost after sending). Retrying such a failure could repeat the request.
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Transport { error, .. } => error.sent,
            Error::Http { status, .. } => (500..=599).contains(status),
            _ => false,
        }
    }

    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Http {
                operation,
                status,
                body_snippet,
                ..
            } => {
                write!(f, "{operation}: HTTP {status}")?;
                if !body_snippet.is_empty() {
                    write!(f, ": {body_snippet}")?;
                }
                Ok(())
            }
            Error::Transport { operation, error } => write!(f, "{operation}: {error}"),
            Error::Decode { operation, detail } => {
                write!(f, "{operation}: unusable response: {detail}")
            }
            Error::Encode { operation, detail } => {
                write!(f, "{operation}: cannot encode request: {detail}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(e),
            Error::Transport { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A business error reported in the response envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub operation: String,
    /// `ResponseStatus.ErrorCode`: `"500"` for business errors, `"401"` for a wrong key.
    pub error_code: String,
    /// `ResponseStatus.Message` (redacted).
    pub message: String,
    /// Top-level `InternalErrorCode`, a symbolic name such as `ProductSKUAlreadyDeleted`; `None` when absent or empty.
    pub internal_error_code: Option<String>,
    /// Top-level `entityID` when non-zero: the conflicting or deleted record.
    pub entity_id: Option<i64>,
    /// This answer came to a resend after an ambiguous failure: the first send may have
    /// been applied, so e.g. an `…AlreadyExists` naming `entity_id` may be our own record, and
    /// a failed cancel or delete may mean the first attempt already did it.
    pub retried_after_ambiguous_failure: bool,
}

impl ApiError {
    pub fn kind(&self) -> Conflict {
        Conflict::classify(self)
    }

    /// The id of the record a conflict names, when the error is a recoverable conflict.
    pub fn conflicting_id(&self) -> Option<i64> {
        match self.kind() {
            Conflict::InvalidApiKey | Conflict::AccountExpired | Conflict::Other => None,
            _ => self.entity_id,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with ErrorCode {}",
            self.operation, self.error_code
        )?;
        if let Some(code) = &self.internal_error_code {
            write!(f, " [{code}]")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = self.entity_id {
            write!(f, " (entityID {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// What a business error means for the caller, so it can recover: undelete and retry,
/// adopt an existing id, or stop and ask for a new key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conflict {
    /// Insert with the SKU of a live product; `entity_id` = existing product → adopt it.
    ProductSkuAlreadyExists,
    /// The SKU belongs to a deleted product; `entity_id` = that product → ProductUndelete, then retry.
    ProductSkuAlreadyDeleted,
    /// A client/supplier with that name exists; `entity_id` = it → adopt the id and update.
    SupplierClientNameAlreadyExists,
    /// The name belongs to a deleted client/supplier → SupplierClientUndelete, then retry.
    SupplierClientAlreadyDeleted,
    /// The category name belongs to a deleted category → ProductCategoryUndelete.
    CategoryWasDeleted,
    TaxNameValueAlreadyExists,
    DiscountNameValueAlreadyExists,
    LocationNameOrAbrevAlreadyExists,
    /// ErrorCode 401: the key is wrong.
    InvalidApiKey,
    /// The Megaventory subscription has expired.
    AccountExpired,
    Other,
}

impl Conflict {
    fn classify(e: &ApiError) -> Conflict {
        let code = e.internal_error_code.as_deref().unwrap_or("");
        let by_code = [
            ("ProductSKUAlreadyExists", Conflict::ProductSkuAlreadyExists),
            (
                "ProductSKUAlreadyDeleted",
                Conflict::ProductSkuAlreadyDeleted,
            ),
            (
                "SupplierClientNameAlreadyExists",
                Conflict::SupplierClientNameAlreadyExists,
            ),
            (
                "SupplierClientAlreadyDeleted",
                Conflict::SupplierClientAlreadyDeleted,
            ),
            ("CategoryWasDeleted", Conflict::CategoryWasDeleted),
            (
                "TaxNameValueAlreadyExists",
                Conflict::TaxNameValueAlreadyExists,
            ),
            (
                "DiscountNameValueAlreadyExists",
                Conflict::DiscountNameValueAlreadyExists,
            ),
            (
                "LocationNameOrAbrevAlreadyExists",
                Conflict::LocationNameOrAbrevAlreadyExists,
            ),
        ];
        if let Some((_, kind)) = by_code
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(code))
        {
            return *kind;
        }
        if e.error_code.trim() == "401" {
            return Conflict::InvalidApiKey;
        }
        let message = e.message.to_ascii_lowercase();
        if message.contains("your account has expired") {
            return Conflict::AccountExpired;
        }
        // The plugins fall back on message fragments when InternalErrorCode is missing.
        let operation = e.operation.to_ascii_lowercase();
        if message.contains("and was since deleted") {
            if operation.starts_with("supplierclient") {
                return Conflict::SupplierClientAlreadyDeleted;
            }
            if operation.starts_with("product") {
                return Conflict::ProductSkuAlreadyDeleted;
            }
        }
        if message.contains("in the past and was deleted")
            && operation.starts_with("productcategory")
        {
            return Conflict::CategoryWasDeleted;
        }
        if message.contains("already exists") && operation.starts_with("supplierclient") {
            return Conflict::SupplierClientNameAlreadyExists;
        }
        Conflict::Other
    }
}

/// A transport-level failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub kind: TransportErrorKind,
    /// The request may have reached the server (bytes were written, or we cannot tell).
    /// `false` only when it certainly was not applied (connection refused, bad URL).
    pub sent: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// Could not connect (refused, unreachable, DNS).
    Connect,
    /// No complete answer within the request timeout.
    Timeout,
    /// The connection failed while sending or receiving.
    Io,
    /// The URL cannot be handled by this transport (e.g. https on the native transport).
    Unsupported,
    InvalidUrl,
    Other,
}

impl TransportError {
    pub fn new(kind: TransportErrorKind, sent: bool, detail: impl Into<String>) -> Self {
        TransportError {
            kind,
            sent,
            detail: detail.into(),
        }
    }

    pub fn timeout(after: Duration) -> Self {
        TransportError::new(
            TransportErrorKind::Timeout,
            true,
            format!("no answer within {} ms", after.as_millis()),
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Unsupported => "unsupported",
            TransportErrorKind::InvalidUrl => "invalid URL",
            TransportErrorKind::Other => "transport error",
        };
        write!(f, "{what}: {}", self.detail)?;
        if self.sent {
            f.write_str(" (the request may have been applied)")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

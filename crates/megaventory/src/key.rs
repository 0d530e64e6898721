//! The API key: never printed, redacted from every text the client reports.

use std::fmt;

/// A Megaventory API key (`<secret>@m<account>`). `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

/// The key text cannot be a Megaventory key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidApiKey(pub &'static str);

impl fmt::Display for InvalidApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid API key: {}", self.0)
    }
}

impl std::error::Error for InvalidApiKey {}

/// Shorter secrets are not redacted on their own (they would match ordinary text).
const MIN_SECRET_LEN_TO_REDACT: usize = 6;

impl ApiKey {
    /// Accepts any non-empty key without whitespace, quotes or control characters
    /// (the `@m<id>` suffix is not required: only the server can judge a key).
    pub fn new(text: impl Into<String>) -> Result<ApiKey, InvalidApiKey> {
        let text = text.into();
        let text = text.trim().to_owned();
        if text.is_empty() {
            return Err(InvalidApiKey("empty"));
        }
        if text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\')
        {
            return Err(InvalidApiKey(
                "contains whitespace, quotes, backslashes or control characters",
            ));
        }
        Ok(ApiKey(text))
    }

    /// The key itself, for the one place that must send it. Never log this.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The account (database) id after `@`, e.g. `m1` in `abc@m1`; it changes when the user
    /// switches accounts, which invalidates every stored Megaventory id.
    pub fn account_id(&self) -> Option<&str> {
        self.0
            .rsplit_once('@')
            .map(|(_, account)| account)
            .filter(|a| !a.is_empty())
    }

    /// `text` with every occurrence of the key (and of its secret part) replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.replace(&self.0, "***");
        if let Some((secret, _)) = self.0.rsplit_once('@') {
            if secret.len() >= MIN_SECRET_LEN_TO_REDACT {
                out = out.replace(secret, "***");
            }
        }
        out
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let key = ApiKey::new("0123456789abcdef@m42").unwrap();
        assert_eq!(format!("{key}"), "***");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(key.account_id(), Some("m42"));
        assert_eq!(
            key.redact("key 0123456789abcdef@m42 and 0123456789abcdef alone"),
            "key *** and *** alone"
        );
    }

    #[test]
    fn rejects_bad_text() {
        assert!(ApiKey::new("").is_err());
        assert!(ApiKey::new("a b@m1").is_err());
        assert!(ApiKey::new("a\"b").is_err());
        assert_eq!(ApiKey::new(" k@m1 ").unwrap().expose_secret(), "k@m1");
    }
}

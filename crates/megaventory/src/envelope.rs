//! The response envelope: `ResponseStatus.ErrorCode` decides success (API doc §1.4).
//!
//! Never panics on any body: every malformed answer becomes [`Error::Decode`] or [`Error::Http`].

use crate::error::{ApiError, Error};
use crate::transport::RawResponse;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How much of a body is quoted in an error.
const SNIPPET_CHARS: usize = 200;

/// `ResponseStatus` as sent by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseStatus {
    #[serde(
        rename = "ErrorCode",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub error_code: String,
    #[serde(
        rename = "Message",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
}

/// Decodes one raw answer of `operation` into the operation's response type.
pub fn decode<T: DeserializeOwned>(operation: &str, raw: &RawResponse) -> Result<T, Error> {
    decode_value(operation, raw).and_then(|value| typed(operation, value))
}

/// A successful envelope as a JSON value: the checks shared by every response type, kept out
/// of the generic [`decode`] so the .wasm holds them once, not once per response type.
pub fn decode_value(operation: &str, raw: &RawResponse) -> Result<Value, Error> {
    let body = raw.body.trim();
    let http_error = || Error::Http {
        operation: operation.to_owned(),
        status: raw.status,
        body_snippet: snippet(body),
        retry_after: raw.retry_after,
    };
    if raw.status == 429 || raw.status >= 500 {
        return Err(http_error());
    }
    let decode_error = |detail: String| Error::Decode {
        operation: operation.to_owned(),
        detail,
    };
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    if !(200..300).contains(&raw.status) {
        // A non-2xx answer that still carries an API error is reported as that error.
        return match parsed.as_ref().and_then(|v| api_error(operation, v)) {
            Some(api) => Err(Error::Api(api)),
            None => Err(http_error()),
        };
    }
    if body.is_empty() {
        return Err(decode_error(format!("empty body (HTTP {})", raw.status)));
    }
    let value = match parsed {
        Some(value) => value,
        None => {
            if body.starts_with('<') {
                return Err(decode_error(format!(
                    "an HTML/XML page instead of JSON: {}",
                    snippet(body)
                )));
            }
            let reason = serde_json::from_str::<Value>(body)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            return Err(decode_error(format!(
                "malformed JSON ({reason}): {}",
                snippet(body)
            )));
        }
    };
    let Some(object) = value.as_object() else {
        return Err(decode_error(format!(
            "expected a JSON object, found {}",
            crate::lenient::json_type_name(&value)
        )));
    };
    let Some(status) = object.get("ResponseStatus") else {
        return Err(decode_error("no ResponseStatus in the answer".to_owned()));
    };
    let Some(status) = status.as_object() else {
        return Err(decode_error(format!(
            "ResponseStatus is {}",
            crate::lenient::json_type_name(status)
        )));
    };
    let error_code = match status.get("ErrorCode") {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(decode_error(format!(
                "ErrorCode is {}",
                crate::lenient::json_type_name(other)
            )))
        }
        None => return Err(decode_error("ResponseStatus has no ErrorCode".to_owned())),
    };
    if error_code != "0" {
        let api = api_error(operation, &value).unwrap_or_else(|| ApiError {
            operation: operation.to_owned(),
            error_code: error_code.clone(),
            message: String::new(),
            internal_error_code: None,
            entity_id: None,
            retried_after_ambiguous_failure: false,
        });
        return Err(Error::Api(api));
    }
    Ok(value)
}

/// The response type read from a value that [`decode_value`] accepted.
pub fn typed<T: DeserializeOwned>(operation: &str, value: Value) -> Result<T, Error> {
    crate::lenient::from_object(value).map_err(|e| Error::Decode {
        operation: operation.to_owned(),
        detail: format!("unexpected response shape: {e}"),
    })
}

/// The API error in `value`, if it is an envelope with a non-zero ErrorCode.
fn api_error(operation: &str, value: &Value) -> Option<ApiError> {
    let status = value.get("ResponseStatus")?.as_object()?;
    let error_code = match status.get("ErrorCode")? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if error_code == "0" {
        return None;
    }
    let mut message = status
        .get("Message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    if message.is_empty() {
        // ServiceStack may put the details only into `Errors[]`.
        if let Some(errors) = status.get("Errors").and_then(Value::as_array) {
            message = errors
                .iter()
                .filter_map(|e| e.get("Message").and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join("; ");
        }
    }
    let internal_error_code = value
        .get("InternalErrorCode")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let entity_id = value.get("entityID").and_then(|v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    Some(ApiError {
        operation: operation.to_owned(),
        error_code,
        message,
        internal_error_code,
        entity_id: entity_id.filter(|id| *id != 0),
        retried_after_ambiguous_failure: false,
    })
}

/// The start of a body, on one line, for error messages.
pub(crate) fn snippet(body: &str) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(SNIPPET_CHARS).collect();
    if one_line.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

//! Canned answers: broken replies (malformed JSON, HTML error pages, empty bodies, unknown error
//! codes, wrong types) returned instead of the real answer to the next matching request(s) of an
//! operation, so that clients can be tested against answers a real server might send.
//! Set through `POST /_sim/canned-answers`; kept in memory only (not journaled, not persisted).

use serde_json::{json, Value};

use crate::http::{HttpRequest, Reply};
use crate::lenient::Req;
use crate::ops;

#[derive(Clone, Debug)]
pub(crate) struct CannedAnswer {
    /// Canonical operation name (e.g. `ProductUpdate`).
    operation: &'static str,
    /// Only requests whose body or query contains this text (e.g. one SKU) match.
    when_request_contains: Option<String>,
    /// How many more requests get this answer.
    remaining: u64,
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Execute the request first, then answer with the canned reply (an ambiguous failure).
    after_apply: bool,
    /// Requests answered so far (reported by `GET /_sim/canned-answers`).
    served: u64,
}

impl CannedAnswer {
    /// Reads one answer description; errors name the offending field.
    pub(crate) fn parse(value: &Value) -> Result<CannedAnswer, String> {
        let Value::Object(fields) = value else { return Err("each canned answer must be a JSON object".into()) };
        // Only the top-level keys are case-folded: a `json` body is sent exactly as given.
        let folded = Value::Object(fields.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect());
        let r = Req(&folded);
        let name = r.str("operation").ok_or("operation is required (e.g. \"ProductUpdate\")")?;
        let operation = ops::resolve(&name).ok_or(format!("unknown operation '{name}'"))?;
        let times = match r.get("times") {
            None => 1,
            Some(v) => v.as_u64().filter(|n| *n >= 1).ok_or("times must be a whole number ≥ 1")?,
        };
        let status = match r.get("status") {
            None => 200,
            Some(v) => v.as_u64().filter(|s| (100..=599).contains(s)).ok_or("status must be an HTTP status 100..599")? as u16,
        };
        // `body` is sent byte for byte; `json` is any JSON value, serialised.
        let (body, default_type) = match (r.get("body"), r.get("json")) {
            (Some(_), Some(_)) => return Err("give either body (raw text) or json, not both".into()),
            (Some(Value::String(text)), None) => {
                let looks_html = text.trim_start().starts_with('<');
                (text.clone().into_bytes(), if looks_html { "html" } else { "json" })
            }
            (Some(_), None) => return Err("body must be a string (use json for a JSON value)".into()),
            (None, Some(v)) => (v.to_string().into_bytes(), "json"),
            (None, None) => (Vec::new(), "json"),
        };
        let content_type = match r.str("content_type").unwrap_or_else(|| default_type.to_string()).to_ascii_lowercase() {
            t if t.contains("html") => "text/html; charset=utf-8",
            t if t.contains("json") => "application/json; charset=utf-8",
            t if t.contains("text") => "text/plain; charset=utf-8",
            t if t.is_empty() || t == "none" => "application/octet-stream",
            t => return Err(format!("content_type '{t}' is not one of json, html, text")),
        };
        let when_request_contains = r.str("when_request_contains").filter(|s| !s.is_empty());
        Ok(CannedAnswer {
            operation,
            when_request_contains,
            remaining: times,
            status,
            content_type,
            body,
            after_apply: r.bool("after_apply").unwrap_or(false),
            served: 0,
        })
    }

    pub(crate) fn is_used_up(&self) -> bool {
        self.remaining == 0
    }

    fn matches(&self, operation: &str, req: &HttpRequest) -> bool {
        if self.remaining == 0 || !self.operation.eq_ignore_ascii_case(operation) {
            return false;
        }
        match &self.when_request_contains {
            None => true,
            Some(needle) => {
                let needle = needle.as_bytes();
                contains(&req.body, needle) || contains(req.query.as_bytes(), needle) || contains(percent_decoded(&req.query).as_bytes(), needle)
            }
        }
    }

    fn reply(&self) -> Reply {
        Reply::Respond { status: self.status, content_type: self.content_type, body: self.body.clone(), headers: Vec::new() }
    }

    pub(crate) fn describe(&self) -> Value {
        json!({
            "operation": self.operation,
            "when_request_contains": self.when_request_contains,
            "remaining": self.remaining,
            "served": self.served,
            "status": self.status,
            "content_type": self.content_type,
            "body_bytes": self.body.len(),
            "after_apply": self.after_apply,
        })
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

fn percent_decoded(query: &str) -> String {
    crate::lenient::percent_decode(&query.replace('+', " "))
}

/// The first pending answer for this request, if any: `(reply, after_apply)`. Consumes one use.
pub(crate) fn take(list: &mut Vec<CannedAnswer>, operation: &str, req: &HttpRequest) -> Option<(Reply, bool)> {
    let answer = list.iter_mut().find(|a| a.matches(operation, req))?;
    answer.remaining -= 1;
    answer.served += 1;
    Some((answer.reply(), answer.after_apply))
}

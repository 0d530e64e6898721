//! The client: encodes a request, adds the key, sends it through a transport, decodes the
//! envelope, and retries what may be retried — never blindly repeating a request that could
//! create a second record (see [`RetrySafety`]).

use crate::envelope;
use crate::error::{Conflict, Error, TransportError};
use crate::key::ApiKey;
use crate::request::*;
use crate::retry::{Jitter, RetryPolicy};
use crate::transport::Transport;
use futures::future::{select, Either};
use std::cell::RefCell;
use std::time::Duration;

/// One observed attempt or decision, for hosts that log and count retries.
/// It never carries the key or the request body.
#[derive(Debug, Clone, PartialEq)]
pub struct CallEvent<'a> {
    pub operation: &'a str,
    /// 1 for the first send of a call.
    pub attempt: u32,
    pub outcome: CallOutcome,
    /// Time spent on this attempt (send until answer or failure).
    pub duration: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    Succeeded,
    /// The server answered with a business error (never retried).
    ApiError {
        kind: Conflict,
        error_code: String,
        internal_error_code: Option<String>,
    },
    /// The attempt failed and the call will be retried after `delay`.
    WillRetry {
        error: String,
        ambiguous: bool,
        delay: Duration,
    },
    /// The attempt failed and the call ends with this error.
    GaveUp {
        error: String,
    },
    /// After an ambiguous failure the lookup found the record: returned without resending.
    RecoveredByLookup,
    /// After an ambiguous failure the lookup found nothing: the request will be resent.
    LookupFoundNothing,
}

type Observer = Box<dyn Fn(&CallEvent<'_>)>;

pub struct Client<T: Transport> {
    transport: T,
    api_key: Option<ApiKey>,
    policy: RetryPolicy,
    jitter: RefCell<Jitter>,
    observer: Option<Observer>,
}

impl<T: Transport> Client<T> {
    /// `api_key: None` is browser mode: the plugin's relay adds the key server-side.
    pub fn new(transport: T, api_key: Option<ApiKey>, policy: RetryPolicy) -> Self {
        let seed = transport.now_millis();
        Client {
            transport,
            api_key,
            policy,
            jitter: RefCell::new(Jitter::new(seed)),
            observer: None,
        }
    }

    /// Called for every attempt outcome (operation, attempt, outcome, duration).
    pub fn with_observer(mut self, observer: impl Fn(&CallEvent<'_>) + 'static) -> Self {
        self.observer = Some(Box::new(observer));
        self
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Executes `request` with the retry policy and the request's retry safety.
    pub async fn call<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let operation = R::OPERATION;
        let body = self.encode(request)?;
        let safety = request.retry_safety();
        let mut resent_after_ambiguity = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = self.transport.now_millis();
            let result = self
                .attempt(operation, body.clone())
                .await
                .and_then(|value| {
                    envelope::typed::<R::Response>(operation, value).map_err(|e| self.redact(e))
                });
            let duration = self.since(started);
            let error = match result {
                Ok(response) => {
                    self.emit(operation, attempt, CallOutcome::Succeeded, duration);
                    return Ok(response);
                }
                Err(Error::Api(mut api)) => {
                    api.retried_after_ambiguous_failure = resent_after_ambiguity;
                    self.emit_api_error(operation, attempt, &api, duration);
                    return Err(Error::Api(api));
                }
                Err(error) => error,
            };
            let attempts_left = attempt < self.policy.max_attempts;
            if !error.is_retryable() {
                self.give_up(operation, attempt, &error, duration);
                return Err(error);
            }
            if !error.is_ambiguous()
                || matches!(
                    safety,
                    RetrySafety::Idempotent | RetrySafety::ConflictRecoverable
                )
            {
                if !attempts_left {
                    self.give_up(operation, attempt, &error, duration);
                    return Err(error);
                }
                resent_after_ambiguity |= error.is_ambiguous();
                self.wait_before_retry(operation, attempt, &error, duration)
                    .await;
                continue;
            }
            let RetrySafety::LookupBeforeRetry(lookup) = &safety else {
                // Unsafe: we cannot know whether the record exists, and must not create a second one.
                self.give_up(operation, attempt, &error, duration);
                return Err(error);
            };
            // Give a slow server time to finish the first send before looking for its result.
            self.wait_before_retry(operation, attempt, &error, duration)
                .await;
            let found = match self.lookup(lookup).await {
                Ok(found) => found,
                Err(_) => {
                    // Still unknown whether the insert happened: report the original failure.
                    self.give_up(operation, attempt, &error, Duration::ZERO);
                    return Err(error);
                }
            };
            if let Some(response) = request.adopt_lookup(&found) {
                self.emit(
                    operation,
                    attempt,
                    CallOutcome::RecoveredByLookup,
                    Duration::ZERO,
                );
                return Ok(response);
            }
            if !attempts_left {
                self.give_up(operation, attempt, &error, Duration::ZERO);
                return Err(error);
            }
            self.emit(
                operation,
                attempt,
                CallOutcome::LookupFoundNothing,
                Duration::ZERO,
            );
            resent_after_ambiguity = true;
        }
    }

    /// `APIKeyGet`, with a wrong key or an expired account reported as a status, not an error.
    pub async fn check_api_key(&self) -> Result<ApiKeyStatus, Error> {
        match self.call(&ApiKeyGet::default()).await {
            Ok(response) => Ok(response.status()),
            Err(Error::Api(api)) => match api.kind() {
                Conflict::InvalidApiKey => Ok(ApiKeyStatus {
                    valid: false,
                    admin: false,
                    expired: false,
                    message: api.message,
                }),
                Conflict::AccountExpired => Ok(ApiKeyStatus {
                    valid: true,
                    admin: false,
                    expired: true,
                    message: api.message,
                }),
                _ => Err(Error::Api(api)),
            },
            Err(other) => Err(other),
        }
    }

    /// A read used by the lookup: retried on every retryable failure (reads are idempotent).
    async fn call_read<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let operation = R::OPERATION;
        let body = self.encode(request)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = self.transport.now_millis();
            let result = self
                .attempt(operation, body.clone())
                .await
                .and_then(|value| {
                    envelope::typed::<R::Response>(operation, value).map_err(|e| self.redact(e))
                });
            let duration = self.since(started);
            match result {
                Ok(response) => {
                    self.emit(operation, attempt, CallOutcome::Succeeded, duration);
                    return Ok(response);
                }
                Err(error) if error.is_retryable() && attempt < self.policy.max_attempts => {
                    self.wait_before_retry(operation, attempt, &error, duration)
                        .await;
                }
                Err(error) => {
                    match &error {
                        Error::Api(api) => self.emit_api_error(operation, attempt, api, duration),
                        other => self.give_up(operation, attempt, other, duration),
                    }
                    return Err(error);
                }
            }
        }
    }

    async fn lookup(&self, lookup: &Lookup) -> Result<LookupFound, Error> {
        match lookup {
            Lookup::SalesOrderByReference { reference_no } => {
                let found = self
                    .call_read(&SalesOrderGet::by_reference(reference_no))
                    .await?;
                Ok(LookupFound::SalesOrders(found.sales_orders))
            }
            Lookup::DocumentByReference {
                reference_no,
                document_type_id,
            } => {
                let found = self
                    .call_read(&DocumentGet::by_reference(reference_no, *document_type_id))
                    .await?;
                Ok(LookupFound::Documents(found.documents))
            }
        }
    }

    /// One send raced against the request timeout, then the envelope; texts redacted.
    /// Not generic over the response type, so the .wasm holds this state machine once.
    async fn attempt(&self, operation: &str, body: String) -> Result<serde_json::Value, Error> {
        let send = self.transport.send(operation, body);
        let timeout = self.transport.sleep(self.policy.request_timeout);
        futures::pin_mut!(send, timeout);
        let raw = match select(send, timeout).await {
            Either::Left((result, _)) => result,
            Either::Right(((), _)) => Err(TransportError::timeout(self.policy.request_timeout)),
        };
        let result = match raw {
            Ok(raw) => envelope::decode_value(operation, &raw),
            Err(error) => Err(Error::Transport {
                operation: operation.to_owned(),
                error,
            }),
        };
        result.map_err(|e| self.redact(e))
    }

    async fn wait_before_retry(
        &self,
        operation: &str,
        attempt: u32,
        error: &Error,
        duration: Duration,
    ) {
        let delay = self.policy.delay_before_retry(
            attempt,
            error.retry_after(),
            &mut self.jitter.borrow_mut(),
        );
        self.emit(
            operation,
            attempt,
            CallOutcome::WillRetry {
                error: error.to_string(),
                ambiguous: error.is_ambiguous(),
                delay,
            },
            duration,
        );
        self.transport.sleep(delay).await;
    }

    fn encode<R: Request>(&self, request: &R) -> Result<String, Error> {
        self.encode_value(R::OPERATION, serde_json::to_value(request))
    }

    /// The non-generic part of [`Client::encode`]: adds the key and writes the text.
    fn encode_value(
        &self,
        operation: &str,
        value: Result<serde_json::Value, serde_json::Error>,
    ) -> Result<String, Error> {
        let encode_error = |detail: String| Error::Encode {
            operation: operation.to_owned(),
            detail,
        };
        let mut value = value.map_err(|e| encode_error(e.to_string()))?;
        let Some(object) = value.as_object_mut() else {
            return Err(encode_error("the request is not a JSON object".to_owned()));
        };
        if let Some(key) = &self.api_key {
            object.insert(
                "APIKEY".to_owned(),
                serde_json::Value::String(key.expose_secret().to_owned()),
            );
        }
        serde_json::to_string(&value).map_err(|e| encode_error(e.to_string()))
    }

    fn redact(&self, error: Error) -> Error {
        let Some(key) = &self.api_key else {
            return error;
        };
        match error {
            Error::Api(mut api) => {
                api.message = key.redact(&api.message);
                api.internal_error_code = api.internal_error_code.map(|c| key.redact(&c));
                Error::Api(api)
            }
            Error::Http {
                operation,
                status,
                body_snippet,
                retry_after,
            } => Error::Http {
                operation,
                status,
                body_snippet: key.redact(&body_snippet),
                retry_after,
            },
            Error::Transport {
                operation,
                mut error,
            } => {
                error.detail = key.redact(&error.detail);
                Error::Transport { operation, error }
            }
            Error::Decode { operation, detail } => Error::Decode {
                operation,
                detail: key.redact(&detail),
            },
            Error::Encode { operation, detail } => Error::Encode {
                operation,
                detail: key.redact(&detail),
            },
        }
    }

    fn since(&self, started_millis: u64) -> Duration {
        Duration::from_millis(self.transport.now_millis().saturating_sub(started_millis))
    }

    fn emit(&self, operation: &str, attempt: u32, outcome: CallOutcome, duration: Duration) {
        if let Some(observer) = &self.observer {
            observer(&CallEvent {
                operation,
                attempt,
                outcome,
                duration,
            });
        }
    }

    fn emit_api_error(
        &self,
        operation: &str,
        attempt: u32,
        api: &crate::ApiError,
        duration: Duration,
    ) {
        let outcome = CallOutcome::ApiError {
            kind: api.kind(),
            error_code: api.error_code.clone(),
            internal_error_code: api.internal_error_code.clone(),
        };
        self.emit(operation, attempt, outcome, duration);
    }

    fn give_up(&self, operation: &str, attempt: u32, error: &Error, duration: Duration) {
        self.emit(
            operation,
            attempt,
            CallOutcome::GaveUp {
                error: error.to_string(),
            },
            duration,
        );
    }
}

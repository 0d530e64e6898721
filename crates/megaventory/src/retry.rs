//! Retry policy as data: bounded exponential backoff with full jitter.
//!
//! Which failures are retried, and how an ambiguous one is made safe, is decided in
//! [`crate::client`] from [`crate::Error::is_retryable`] and the request's
//! [`RetrySafety`](crate::RetrySafety).

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts of one call, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Ceiling of the first backoff; doubles per retry.
    pub base_delay: Duration,
    /// Ceiling of any backoff, and of an honoured `Retry-After`.
    pub max_delay: Duration,
    /// One attempt without a complete answer for this long is a timeout.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn no_retries() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Upper bound of the wait before retry number `retry` (1 = the first retry):
    /// `min(max_delay, base_delay · 2^(retry−1))`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = self.base_delay.saturating_mul(1u32 << exponent);
        ceiling.min(self.max_delay)
    }

    /// The wait before retry number `retry`: the server's `Retry-After` when given (capped
    /// at `max_delay` so a bogus header cannot stall a sync run), otherwise a uniformly
    /// random duration in `[0, backoff_ceiling(retry)]` ("full jitter").
    pub fn delay_before_retry(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        jitter: &mut Jitter,
    ) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let ceiling_ms = self.backoff_ceiling(retry).as_millis() as u64;
        Duration::from_millis(jitter.next_u64() % (ceiling_ms + 1))
    }
}

/// xorshift64*: enough randomness to spread retries, no dependency.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        // Mix so that close seeds (consecutive milliseconds) diverge; 0 is a fixed point.
        let mixed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        Jitter(if mixed == 0 {
            0x2545_F491_4F6C_DD1D
        } else {
            mixed
        })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_and_caps() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ceiling(1), Duration::from_millis(200));
        assert_eq!(p.backoff_ceiling(2), Duration::from_millis(400));
        assert_eq!(p.backoff_ceiling(3), Duration::from_millis(800));
        assert_eq!(p.backoff_ceiling(7), Duration::from_secs(10));
        assert_eq!(p.backoff_ceiling(1000), Duration::from_secs(10));
    }

    #[test]
    fn jittered_delays_stay_within_bounds_and_vary() {
        let p = RetryPolicy::default();
        let mut jitter = Jitter::new(42);
        let mut distinct = std::collections::BTreeSet::new();
        for retry in 1..=8 {
            for _ in 0..200 {
                let d = p.delay_before_retry(retry, None, &mut jitter);
                assert!(d <= p.backoff_ceiling(retry), "retry {retry}: {d:?}");
                distinct.insert(d);
            }
        }
        assert!(
            distinct.len() > 100,
            "full jitter should spread delays, got {}",
            distinct.len()
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        let mut jitter = Jitter::new(1);
        assert_eq!(
            p.delay_before_retry(1, Some(Duration::from_secs(3)), &mut jitter),
            Duration::from_secs(3)
        );
        assert_eq!(
            p.delay_before_retry(1, Some(Duration::from_secs(600)), &mut jitter),
            Duration::from_secs(10)
        );
    }

    #[test]
    fn zero_seed_still_produces_numbers() {
        let mut a = Jitter::new(0);
        assert_ne!(a.next_u64(), a.next_u64());
    }
}

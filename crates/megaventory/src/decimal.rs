//! Money and quantities as validated decimal strings.
//!
//! Megaventory accepts decimals as strings and the plugin ecosystem sends them as
//! strings; binary floats would turn `19.9` into `19.899999…`. This newtype keeps the
//! exact text, validated and normalised (`"019.90"` → `"19.9"`), and serialises as a JSON
//! string. It deliberately does no arithmetic: the sync engine decides rounding rules.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Longest accepted input; real values are far shorter and this bounds work on hostile input.
const MAX_LEN: usize = 64;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.input.chars().take(MAX_LEN).collect();
        write!(f, "invalid decimal {shown:?}: {}", self.reason)
    }
}

impl std::error::Error for DecimalError {}

impl Decimal {
    pub fn zero() -> Decimal {
        Decimal("0".to_owned())
    }

    /// Parses `[+-]digits[.digits]` (also `.5` and `5.`); no exponents, no separators.
    pub fn parse(input: &str) -> Result<Decimal, DecimalError> {
        let fail = |reason| DecimalError {
            input: input.to_owned(),
            reason,
        };
        let text = input.trim();
        if text.is_empty() {
            return Err(fail("empty"));
        }
        if text.len() > MAX_LEN {
            return Err(fail("too long"));
        }
        let (negative, unsigned) = match text.as_bytes()[0] {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (int_part, frac_part) = match unsigned.split_once('.') {
            Some((i, f)) => (i, f),
            None => (unsigned, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(fail("no digits"));
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(fail("only digits, one '.' and a leading sign are allowed"));
        }
        let int_trimmed = int_part.trim_start_matches('0');
        let frac_trimmed = frac_part.trim_end_matches('0');
        let mut out = String::with_capacity(text.len());
        let is_zero = int_trimmed.is_empty() && frac_trimmed.is_empty();
        if negative && !is_zero {
            out.push('-');
        }
        out.push_str(if int_trimmed.is_empty() {
            "0"
        } else {
            int_trimmed
        });
        if !frac_trimmed.is_empty() {
            out.push('.');
            out.push_str(frac_trimmed);
        }
        Ok(Decimal(out))
    }

    /// The shortest text that reads back as `value` (no exponent), or `None` for NaN/∞.
    pub(crate) fn from_f64_text(value: f64) -> Option<String> {
        value.is_finite().then(|| format!("{value}"))
    }

    /// `value / 10^scale`, e.g. `from_minor_units(1999, 2)` = `19.99`.
    pub fn from_minor_units(value: i64, scale: u32) -> Decimal {
        let digits = value.unsigned_abs().to_string();
        let scale = scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale - digits.len() + 1), digits)
        } else {
            digits
        };
        let split = padded.len() - scale;
        let text = format!(
            "{}{}.{}",
            if value < 0 { "-" } else { "" },
            &padded[..split],
            &padded[split..]
        );
        Decimal::parse(&text).expect("built from digits")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0 == "0"
    }

    pub fn is_negative(&self) -> bool {
        self.0.starts_with('-')
    }

    /// The value as an integer when it has no fractional part and fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.0.contains('.') {
            None
        } else {
            self.0.parse().ok()
        }
    }

    /// For display and comparisons where exactness does not matter (never for money sent back).
    pub fn to_f64_lossy(&self) -> f64 {
        self.0.parse().unwrap_or(0.0)
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal::zero()
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({})", self.0)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::parse(s)
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal(v.to_string())
    }
}

impl From<i32> for Decimal {
    fn from(v: i32) -> Self {
        Decimal(v.to_string())
    }
}

impl From<u32> for Decimal {
    fn from(v: u32) -> Self {
        Decimal(v.to_string())
    }
}

impl TryFrom<&str> for Decimal {
    type Error = DecimalError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Decimal::parse(s)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::decimal(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        for (input, expected) in [
            ("19.90", "19.9"),
            ("019.90", "19.9"),
            ("0", "0"),
            ("-0.00", "0"),
            ("+3", "3"),
            (".5", "0.5"),
            ("5.", "5"),
            ("-12.340", "-12.34"),
            (" 7 ", "7"),
            ("1000", "1000"),
        ] {
            assert_eq!(
                Decimal::parse(input).unwrap().as_str(),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn rejects_garbage() {
        for input in [
            "",
            " ",
            "-",
            ".",
            "1e5",
            "1,5",
            "12a",
            "--1",
            "1.2.3",
            "NaN",
            &"9".repeat(65),
        ] {
            assert!(
                Decimal::parse(input).is_err(),
                "input {input:?} should fail"
            );
        }
    }

    #[test]
    fn serialises_as_string_and_reads_numbers() {
        let d = Decimal::parse("19.9").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"19.9\"");
        let from_number: Decimal = serde_json::from_str("19.9").unwrap();
        assert_eq!(from_number, d);
        let from_int: Decimal = serde_json::from_str("7").unwrap();
        assert_eq!(from_int.to_i64(), Some(7));
        let from_null: Decimal = serde_json::from_str("null").unwrap();
        assert!(from_null.is_zero());
        assert!(serde_json::from_str::<Decimal>("\"abc\"").is_err());
    }

    #[test]
    fn minor_units() {
        assert_eq!(Decimal::from_minor_units(1999, 2).as_str(), "19.99");
        assert_eq!(Decimal::from_minor_units(-5, 2).as_str(), "-0.05");
        assert_eq!(Decimal::from_minor_units(100, 2).as_str(), "1");
        assert_eq!(Decimal::from_minor_units(0, 3).as_str(), "0");
    }
}

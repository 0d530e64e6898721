//! Exact decimal arithmetic for money, rates and stock: six fixed decimals in an `i128`.
//! WooCommerce and Megaventory send decimal text; floats would turn 19.99 into 19.989999….

use megaventory::Decimal;
use std::fmt;

const SCALE: i128 = 1_000_000;

/// A decimal number with six fractional digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fixed(i128);

impl Fixed {
    pub const ZERO: Fixed = Fixed(0);

    pub fn from_int(value: i64) -> Fixed {
        Fixed(value as i128 * SCALE)
    }

    /// Parses `[+-]digits[.digits]`; digits past the sixth decimal are rounded half away from zero.
    pub fn parse(text: &str) -> Option<Fixed> {
        let t = text.trim();
        let (negative, unsigned) = match t.as_bytes().first()? {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        if !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
            || whole.len() > 24
        {
            return None;
        }
        let mut value: i128 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        value = value.checked_mul(SCALE)?;
        let mut digits = fraction.bytes().map(|b| (b - b'0') as i128);
        let mut scale = SCALE / 10;
        while scale > 0 {
            value += digits.next().unwrap_or(0) * scale;
            scale /= 10;
        }
        if digits.next().is_some_and(|d| d >= 5) {
            value += 1;
        }
        Some(Fixed(if negative { -value } else { value }))
    }

    pub fn from_decimal(value: &Decimal) -> Fixed {
        Fixed::parse(value.as_str()).unwrap_or_default()
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Fixed {
        Fixed(self.0.abs())
    }

    pub fn checked_div(self, other: Fixed) -> Option<Fixed> {
        if other.0 == 0 {
            return None;
        }
        // Round half away from zero at the sixth decimal.
        let numerator = self.0 * SCALE;
        let quotient = numerator / other.0;
        let remainder = numerator % other.0;
        let round_up = remainder.abs() * 2 >= other.0.abs();
        let sign = if (numerator < 0) != (other.0 < 0) {
            -1
        } else {
            1
        };
        Some(Fixed(quotient + if round_up { sign } else { 0 }))
    }

    pub fn times(self, other: Fixed) -> Fixed {
        let product = self.0 * other.0;
        let half = SCALE / 2;
        let rounded = if product >= 0 {
            (product + half) / SCALE
        } else {
            (product - half) / SCALE
        };
        Fixed(rounded)
    }

    /// Rounded half away from zero to `places` decimals (≤ 6).
    pub fn round(self, places: u32) -> Fixed {
        let step = 10i128.pow(6 - places.min(6));
        let half = step / 2;
        let rounded = if self.0 >= 0 {
            (self.0 + half) / step
        } else {
            (self.0 - half) / step
        };
        Fixed(rounded * step)
    }

    /// The integer part, rounded towards negative infinity (a stock of 2.5 sells 2).
    pub fn floor_int(self) -> i64 {
        self.0.div_euclid(SCALE) as i64
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::parse(&self.to_string()).unwrap_or_else(|_| Decimal::zero())
    }
}

impl std::ops::Add for Fixed {
    type Output = Fixed;
    fn add(self, other: Fixed) -> Fixed {
        Fixed(self.0 + other.0)
    }
}

impl std::ops::Sub for Fixed {
    type Output = Fixed;
    fn sub(self, other: Fixed) -> Fixed {
        Fixed(self.0 - other.0)
    }
}

impl std::iter::Sum for Fixed {
    fn sum<I: Iterator<Item = Fixed>>(iter: I) -> Fixed {
        iter.fold(Fixed::ZERO, |a, b| a + b)
    }
}

/// Shortest text: `19.9`, `-3`, `0.000001`.
impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let whole = magnitude / SCALE as u128;
        let fraction = magnitude % SCALE as u128;
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{fraction:06}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rounds_and_prints() {
        assert_eq!(Fixed::parse("19.90").unwrap().to_string(), "19.9");
        assert_eq!(Fixed::parse("-3.00").unwrap().to_string(), "-3");
        assert_eq!(Fixed::parse("0.724275").unwrap().to_string(), "0.724275");
        assert_eq!(Fixed::parse("0.0000005").unwrap().to_string(), "0.000001");
        assert_eq!(Fixed::parse(".5").unwrap().to_string(), "0.5");
        assert!(Fixed::parse("abc").is_none());
        assert!(Fixed::parse("1e5").is_none());
        assert!(Fixed::parse("").is_none());
        assert!(Fixed::parse("-").is_none());
        let a = Fixed::parse("43.00").unwrap();
        assert_eq!(
            a.checked_div(Fixed::from_int(2)).unwrap().to_string(),
            "21.5"
        );
        assert_eq!(
            Fixed::parse("37.62")
                .unwrap()
                .checked_div(Fixed::from_int(3))
                .unwrap()
                .round(4)
                .to_string(),
            "12.54"
        );
        assert_eq!(Fixed::parse("2.5").unwrap().floor_int(), 2);
        assert_eq!(Fixed::parse("-0.5").unwrap().floor_int(), -1);
        assert_eq!(
            Fixed::parse("12.5")
                .unwrap()
                .times(Fixed::parse("0.01").unwrap())
                .to_string(),
            "0.125"
        );
        assert!(Fixed::from_int(1).checked_div(Fixed::ZERO).is_none());
    }
}

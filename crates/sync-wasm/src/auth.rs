//! How the worker proves who it is to WordPress. In a browser: the admin page's cookie (sent by
//! `fetch` itself) plus the `X-WP-Nonce` header; in Node: HTTP Basic with an application
//! password. Credentials never appear in `Debug` output, errors or logs.

use serde::Deserialize;
use std::fmt;

#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    Nonce {
        nonce: String,
    },
    ApplicationPassword {
        user: String,
        password: String,
    },
    /// Preview only: no site is contacted.
    None,
}

impl Auth {
    /// The header to add to every WordPress request, if any.
    pub fn header(&self) -> Option<(&'static str, String)> {
        match self {
            Auth::Nonce { nonce } => Some(("X-WP-Nonce", nonce.clone())),
            Auth::ApplicationPassword { user, password } => {
                // WordPress shows application passwords in groups of four; spaces are optional.
                let password: String = password.chars().filter(|c| *c != ' ').collect();
                Some((
                    "Authorization",
                    format!("Basic {}", base64(format!("{user}:{password}").as_bytes())),
                ))
            }
            Auth::None => None,
        }
    }

    /// Checks the fields are usable; the message never quotes a secret.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Auth::Nonce { nonce } if nonce.trim().is_empty() => Err("auth.nonce is empty".into()),
            Auth::ApplicationPassword { user, .. } if user.trim().is_empty() => {
                Err("auth.user is empty".into())
            }
            Auth::ApplicationPassword { user, .. } if user.contains(':') => {
                Err("auth.user must not contain ':'".into())
            }
            Auth::ApplicationPassword { password, .. } if password.trim().is_empty() => {
                Err("auth.password is empty".into())
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Nonce { .. } => f.write_str("Auth::Nonce(***)"),
            Auth::ApplicationPassword { user, .. } => {
                write!(
                    f,
                    "Auth::ApplicationPassword {{ user: {user:?}, password: *** }}"
                )
            }
            Auth::None => f.write_str("Auth::None"),
        }
    }
}

/// Standard base64 with padding (RFC 4648 §4), enough for one Basic header.
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
    }

    #[test]
    fn basic_header_strips_the_display_spaces_and_debug_hides_secrets() {
        let auth = Auth::ApplicationPassword {
            user: "shop".into(),
            password: "abcd efgh".into(),
        };
        assert_eq!(
            auth.header(),
            Some((
                "Authorization",
                format!("Basic {}", base64(b"shop:abcdefgh"))
            ))
        );
        assert!(!format!("{auth:?}").contains("abcd"));
        let nonce = Auth::Nonce {
            nonce: "n0nce".into(),
        };
        assert!(!format!("{nonce:?}").contains("n0nce"));
    }

    #[test]
    fn validation_names_the_field() {
        let err = Auth::ApplicationPassword {
            user: "a:b".into(),
            password: "x".into(),
        }
        .validate()
        .unwrap_err();
        assert!(err.contains("auth.user"), "{err}");
    }
}

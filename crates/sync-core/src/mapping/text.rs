//! Cleaning of WooCommerce text for Megaventory: titles and descriptions are HTML in
//! WooCommerce, plain text in Megaventory, and Megaventory fields have length limits.

/// Megaventory's limit for product descriptions (and what we apply to other free-text fields).
pub const MAX_DESCRIPTION_CHARS: usize = 400;
/// Our limit for one address or contact field: long enough for any real address, short enough
/// that a pasted essay does not end up on a picking list.
pub const MAX_ADDRESS_FIELD_CHARS: usize = 200;

/// HTML → plain text: tags removed (a tag counts as a space, so `a<br>b` stays two words),
/// entities decoded, control characters replaced by spaces, runs of whitespace collapsed.
/// Everything else is kept: emoji, right-to-left scripts, `& ? $ @ ! * #`.
pub fn plain_text(html: &str) -> String {
    let without_tags = strip_tags(html);
    let decoded = decode_entities(&without_tags);
    collapse_whitespace(&decoded)
}

/// Text that is already plain (names, address fields): control characters and invisible
/// formatting removed, whitespace collapsed. Returns whether anything other than whitespace
/// was removed.
pub fn clean_plain(text: &str) -> (String, bool) {
    let mut removed = false;
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_control() && !c.is_whitespace() || c == '\u{FFFD}' || is_invisible(c) {
                removed = true;
                ' '
            } else {
                c
            }
        })
        .collect();
    (collapse_whitespace(&kept), removed)
}

/// At most `max` characters (never splits a character); `true` when something was cut.
pub fn truncate_chars(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((byte, _)) => (text[..byte].trim_end().to_string(), true),
        None => (text.to_string(), false),
    }
}

fn is_invisible(c: char) -> bool {
    // Zero-width and bidi *control* characters (not the RTL letters themselves): they make two
    // equal-looking names differ and can reorder text on a printed document.
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // Only `<` followed by a tag-ish character opens a tag; "a < b" stays text.
        let opens_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        match (opens_tag, after.find('>')) {
            (true, Some(end)) => {
                if is_block_tag(&after[..end]) {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tags that separate words (`a<br>b`, `</p><p>`); inline ones (`<b>`) do not.
fn is_block_tag(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "blockquote"
            | "section"
            | "article"
    )
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let decoded = after
            .find(';')
            .filter(|end| *end <= 10)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "euro" => '€',
        "pound" => '£',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        _ => return None,
    })
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_and_limits() {
        assert_eq!(
            plain_text("fx-<b>Bold</b> Café &amp; Tea"),
            "fx-Bold Café & Tea"
        );
        assert_eq!(plain_text("<p>a<br/>b</p>\n"), "a b");
        assert_eq!(
            plain_text("1 < 2 &unknown; &#8211; &#x41;"),
            "1 < 2 &unknown; – A"
        );
        assert_eq!(plain_text("Deal! #1 @ $5?*"), "Deal! #1 @ $5?*");
        assert_eq!(
            clean_plain("a\u{0}b\u{200B}c\td"),
            ("a b c d".to_string(), true)
        );
        assert_eq!(clean_plain("  plain  "), ("plain".to_string(), false));
        let long = "☕".repeat(401);
        let (cut, truncated) = truncate_chars(&long, 400);
        assert!(truncated);
        assert_eq!(cut.chars().count(), 400);
        assert_eq!(truncate_chars("short", 400), ("short".to_string(), false));
    }
}

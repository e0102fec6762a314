//! Values that are checked as they are read: a URL that is not http(s), an email without a
//! domain, a licence that is not an SPDX id, Markdown that would break the document. Their
//! errors carry the position of the value, like any YAML error.
//!
//! Messages start with a `[code]` that the loader turns into the diagnostic's code.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

macro_rules! checked_string {
    ($(#[$meta:meta])* $name:ident, $parse:path) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: &str) -> Result<$name, String> {
                $parse(s).map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(de::Error::custom)
            }
        }
    };
}

checked_string!(
    /// A web address: `http://` or `https://`, with a host.
    Url,
    parse_url
);
checked_string!(
    /// An email address (also used for PEC).
    Email,
    parse_email
);
checked_string!(
    /// A telephone number, as people write it (`+39 0123 456789`).
    Phone,
    parse_phone
);
checked_string!(
    /// A licence, as an SPDX identifier (`CC-BY-4.0`).
    LicenceId,
    parse_licence
);

/// Characters no checked value may hold: controls (line ends and tabs included), and the
/// invisible marks that reorder text (bidi overrides and isolates).
pub fn forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Marks that reorder text: left-to-right, right-to-left and the Arabic letter
            // mark; line and paragraph separators; the byte-order mark; the zero-width space
            // and the Mongolian vowel separator, which hide inside a word or a name.
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
                | '\u{200b}' | '\u{180e}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        // Bidi isolates, and the invisible word joiner, function application, times,
        // separator and plus.
        || ('\u{2060}'..='\u{2069}').contains(&c)
        // Deprecated format characters (symmetric swapping, digit shapes).
        || ('\u{206a}'..='\u{206f}').contains(&c)
}

fn parse_url(s: &str) -> Result<String, String> {
    if let Some(c) = s.chars().find(|c| c.is_whitespace() || forbidden_char(*c)) {
        let what = if c == '\n' || c == '\r' {
            "a line break".to_string()
        } else if c.is_whitespace() {
            "a space".to_string()
        } else {
            format!("an invisible control character (U+{:04X})", u32::from(c))
        };
        return Err(format!(
            "[bad-url] this web address holds {what}: write the address on one line, with no spaces (a space inside an address is written %20)"
        ));
    }
    if s.contains('\\') {
        return Err(
            "[bad-url] this web address holds a backslash (\\): browsers read it as /, so the link may go somewhere else than it seems; write the address with / only"
                .to_string(),
        );
    }
    let parsed = url::Url::parse(s).map_err(|e| {
        format!(
            "[bad-url] this is not a web address ({e}): write it in full, starting with https://"
        )
    })?;
    if parsed.scheme() != "https" && parsed.scheme() != "http" {
        return Err(
            "[bad-url] this is not a web address: only http:// and https:// links are allowed here"
                .to_string(),
        );
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(
            "[bad-url] this web address holds a user name or password before an @ (https://name@host/): browsers go to the host after the @, and a password must never be published; write the address without that part"
                .to_string(),
        );
    }
    if parsed.host_str().is_none_or(|h| !h.contains('.')) {
        return Err(
            "[bad-url] this web address has no host name: write the full address, such as https://www.comune.example.it/"
                .to_string(),
        );
    }
    Ok(normalised_url(&parsed))
}

/// The address as browsers read it (host in lower case and punycode, spaces and quotes
/// percent-encoded), with `(` and `)` encoded too, so the value can stand in any Markdown
/// link or autolink without closing it early, and `|`, so it cannot end a table cell.
fn normalised_url(parsed: &url::Url) -> String {
    parsed
        .as_str()
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('|', "%7C")
}

impl Url {
    /// The host, lower case, without a leading `www.`.
    pub fn host(&self) -> String {
        url::Url::parse(&self.0)
            .ok()
            .and_then(|u| u.host_str().map(str::to_lowercase))
            .map(|h| h.trim_start_matches("www.").to_string())
            .unwrap_or_default()
    }
}

fn parse_email(s: &str) -> Result<String, String> {
    let ok = s.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || ".+-_'%".contains(c))
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    });
    if ok {
        Ok(s.to_string())
    } else if s.chars().any(forbidden_char) {
        Err(
            "[bad-email] this email address holds a line break or an invisible control character: write it on one line, as name@domain.it"
                .to_string(),
        )
    } else {
        Err(format!(
            "[bad-email] `{s}` is not an email address: write it as name@domain.it, without spaces (letters, digits and . _ - + only before the @)"
        ))
    }
}

fn parse_phone(s: &str) -> Result<String, String> {
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_digit() || " +-./()".contains(c));
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if allowed && (3..=16).contains(&digits) && !s.contains("+ ") {
        Ok(s.to_string())
    } else if s.chars().any(forbidden_char) {
        Err(
            "[bad-phone] this telephone number holds a line break or an invisible control character: write it on one line, such as +39 0123 456789"
                .to_string(),
        )
    } else {
        Err(format!(
            "[bad-phone] `{s}` is not a telephone number: use digits, spaces and an optional leading +, such as +39 0123 456789"
        ))
    }
}

impl Phone {
    /// The `tel:` form: `+` and digits only.
    pub fn tel(&self) -> String {
        self.0
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

fn parse_licence(s: &str) -> Result<String, String> {
    if spdx::license_id(s).is_some_and(|l| l.name == s) {
        return Ok(s.to_string());
    }
    if let Some(found) = spdx::imprecise_license_id(s) {
        return Err(format!(
            "[unknown-licence] `{s}` is not an SPDX licence id; did you mean `{}`?",
            found.0.name
        ));
    }
    Err(format!(
        "[unknown-licence] `{s}` is not an SPDX licence id: write one such as CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0 (list: spdx.org/licenses)"
    ))
}

impl LicenceId {
    /// The licence's full name, such as "Creative Commons Attribution 4.0 International".
    pub fn full_name(&self) -> &'static str {
        spdx::license_id(&self.0).map_or("", |l| l.full_name)
    }
}

/// The Markdown dialect of documents and texts: GFM tables, strikethrough, and heading
/// attributes (`{#M-03}`). Texts are checked with the same dialect the documents are read
/// with, so that nothing a text holds is seen differently once it is inside a document.
pub fn markdown_dialect() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Checks free text written in Markdown. A text may hold paragraphs, lists, quotes,
/// emphasis and links; it may not hold anything that sets the document's structure or
/// reaches outside the text: headings (`#` lines, or lines underlined with `---`/`===`),
/// thematic breaks, tables, code blocks (fenced or indented), raw HTML, images, link
/// reference definitions, invisible control characters, or links other than http(s),
/// mailto, tel and an anchor in the same document.
pub fn check_markdown(s: &str) -> Result<(), String> {
    use pulldown_cmark::{Event, Parser, Tag};
    if let Some(c) = s
        .chars()
        .find(|c| *c != '\n' && *c != '\t' && forbidden_char(*c))
    {
        return Err(format!(
            "[control-character] this text holds an invisible control character (U+{:04X}): it could change how the text shows on screen or on the page; delete it (retype the words around it if you cannot see it)",
            u32::from(c)
        ));
    }
    let mut parser = Parser::new_ext(s, markdown_dialect());
    for event in parser.by_ref() {
        let refused = match &event {
            Event::Start(Tag::Heading { .. }) => Some(
                "[markdown-heading] a text may not hold a heading (a line starting with #, or a line underlined with --- or ===): the templates set the headings; remove the # or the underline, or put the text in quotes"
                    .to_string(),
            ),
            Event::Start(Tag::Image { dest_url, .. }) => Some(format!(
                "[markdown-image] a text may not show images (`{dest_url}`): published policies load nothing from outside the page"
            )),
            Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(dest_url) => Some(format!(
                "[bad-link] the link `{dest_url}` is not allowed: links may go to http(s) addresses, mailto:, tel: or an anchor such as #M-03"
            )),
            Event::Rule => Some(
                "[markdown-structure] a text may not hold a line of only ---, *** or ___ (a dividing line): the templates set the document's structure; remove that line"
                    .to_string(),
            ),
            Event::Start(Tag::Table(_)) => Some(
                "[markdown-structure] a text may not hold a table (lines with | and a |---| line): the templates make the tables; write the items as a list instead"
                    .to_string(),
            ),
            Event::Start(Tag::CodeBlock(_)) => Some(
                "[markdown-structure] a text may not hold a code block (a line starting with ``` or ~~~, or a line indented by four spaces or more after an empty line): remove the ``` or the spaces at the start of the line"
                    .to_string(),
            ),
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => Some(
                "[markdown-html] a text may not hold HTML tags (such as <b> or <br>): write plain text; for emphasis use *asterisks*, for a line break end the line with a backslash"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(message) = refused {
            return Err(message);
        }
    }
    if parser.reference_definitions().iter().next().is_some() {
        return Err(
            "[markdown-structure] a text may not hold a link definition (a line such as `[name]: https://...`): write the link where it is used, as [words](https://...)"
                .to_string(),
        );
    }
    Ok(())
}

/// True for link targets a published policy may carry.
pub fn link_allowed(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || (lower.starts_with('#') && lower.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http() {
        assert!(Url::parse("https://www.comune.valdoria.it/").is_ok());
        assert!(Url::parse("javascript:alert(1)").is_err());
        assert!(Url::parse("ftp://example.it/").is_err());
        assert!(Url::parse("www.comune.it").is_err());
        assert_eq!(
            Url::parse("https://www.facebook.com/x").map(|u| u.host()),
            Ok("facebook.com".to_string())
        );
    }

    #[test]
    fn licences_are_spdx() {
        assert!(LicenceId::parse("CC-BY-4.0").is_ok());
        let e = LicenceId::parse("CC BY 4.0").unwrap_err();
        assert!(e.contains("CC-BY-4.0"), "{e}");
        assert!(LicenceId::parse("Creative Commons").is_err());
    }

    #[test]
    fn markdown_rules() {
        assert!(check_markdown("Un testo con un [link](https://example.it) e *enfasi*.").is_ok());
        assert!(check_markdown("# Titolo").is_err());
        assert!(check_markdown("[x](javascript:alert(1))").is_err());
        assert!(check_markdown("![logo](https://example.it/a.png)").is_err());
        assert!(check_markdown("Vedi la regola [M-03](#M-03).").is_ok());
    }

    #[test]
    fn emails_and_phones() {
        assert!(Email::parse("urp@comune.valdoria.it").is_ok());
        assert!(Email::parse("urp at comune").is_err());
        assert!(Phone::parse("+39 0123 456789").is_ok());
        assert_eq!(
            Phone::parse("+39 0123 456789").map(|p| p.tel()),
            Ok("+390123456789".to_string())
        );
        assert!(Phone::parse("chiamare l'URP").is_err());
    }
}

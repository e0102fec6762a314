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

fn parse_url(s: &str) -> Result<String, String> {
    let parsed = url::Url::parse(s).map_err(|e| {
        format!(
            "[bad-url] `{s}` is not a web address ({e}): write it in full, starting with https://"
        )
    })?;
    if parsed.scheme() != "https" && parsed.scheme() != "http" {
        return Err(format!(
            "[bad-url] `{s}` is not a web address: only http:// and https:// links are allowed here"
        ));
    }
    if parsed.host_str().is_none_or(|h| !h.contains('.')) {
        return Err(format!(
            "[bad-url] `{s}` has no host name: write the full address, such as https://www.comune.example.it/"
        ));
    }
    Ok(s.to_string())
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
            && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    });
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "[bad-email] `{s}` is not an email address: write it as name@domain.it, without spaces"
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

/// Checks free text written in Markdown: no headings (the templates set the outline), no
/// images (nothing may load from outside the page), links only to http(s), mailto, tel or an
/// anchor in the same document.
pub fn check_markdown(s: &str) -> Result<(), String> {
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new(s) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                return Err(
                    "[markdown-heading] a text may not hold a heading (a line starting with #): the templates set the headings; remove the # or put the text in quotes"
                        .to_string(),
                );
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                return Err(format!(
                    "[markdown-image] a text may not show images (`{dest_url}`): published policies load nothing from outside the page"
                ));
            }
            Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
                return Err(format!(
                    "[bad-link] the link `{dest_url}` is not allowed: links may go to http(s) addresses, mailto:, tel: or an anchor such as #M-03"
                ));
            }
            _ => {}
        }
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

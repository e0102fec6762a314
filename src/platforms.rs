//! Platform facts as data: the hosts of account URLs, handle syntax, and the length limits of
//! bios and posts, each with its source. The facts live in `data/platforms.yaml`, embedded in
//! the binary and parsed once; nothing here hard-codes a figure.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::Platform;

/// The data file, as shipped.
pub const DATA: &str = include_str!("../data/platforms.yaml");

/// Every platform's facts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub platforms: BTreeMap<Platform, PlatformFacts>,
}

/// What we know about one platform.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformFacts {
    /// Name to print.
    pub label: String,
    /// Host names an account URL may use.
    pub hosts: Hosts,
    /// Syntax of a handle.
    pub handle: HandleRule,
    /// Limit of the profile description.
    #[serde(default)]
    pub bio: Option<Limit>,
    /// Limit of a post.
    #[serde(default)]
    pub post: Option<Limit>,
}

/// Hosts of a platform: a list, or `any` (Mastodon instances, other platforms).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Hosts {
    List(Vec<String>),
    Any(AnyHost),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnyHost {
    Any,
}

/// How a platform spells handles.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum HandleRule {
    /// `min`..=`max` characters from `allowed`, optionally after one `@`.
    Simple {
        min: usize,
        max: usize,
        allowed: String,
        #[serde(default)]
        at: bool,
        source: String,
        status: String,
    },
    /// A domain name (Bluesky).
    Domain { source: String, status: String },
    /// `@user@instance` (Mastodon).
    Fediverse { source: String, status: String },
    /// Nothing is checked.
    Any,
}

/// A length limit, with how the platform counts and where the figure comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub limit: usize,
    pub counting: Counting,
    /// What the limit applies to, in words.
    #[serde(default)]
    pub what: Option<String>,
    pub source: String,
    pub recorded: String,
    pub status: String,
}

/// How characters are counted.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    Chars,
    Graphemes,
    Utf16,
    XWeighted,
}

impl Counting {
    /// The length of `text` counted this way.
    pub fn count(self, text: &str) -> usize {
        match self {
            Counting::Chars => text.chars().count(),
            Counting::Graphemes => graphemes(text),
            Counting::Utf16 => text.encode_utf16().count(),
            Counting::XWeighted => x_weighted_len(text),
        }
    }

    /// The counting method in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Counting::Chars => "characters",
            Counting::Graphemes => "graphemes (an emoji counts as one)",
            Counting::Utf16 => "UTF-16 units (an emoji counts as two)",
            Counting::XWeighted => {
                "X weighted characters (accented letters 1, emoji and CJK 2, a link 23)"
            }
        }
    }
}

/// The facts, parsed once from [`DATA`].
pub fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| match serde_saphyr::from_str::<Facts>(DATA) {
        Ok(f) => f,
        // The file is part of the binary and parsed by a unit test, so this is a bug in
        // smpolicy, not in the user's input.
        Err(e) => panic!("data/platforms.yaml is invalid: {e}"),
    })
}

/// The facts about `platform`, when the data file has them.
pub fn get(platform: Platform) -> Option<&'static PlatformFacts> {
    facts().platforms.get(&platform)
}

impl PlatformFacts {
    /// True when `host` (lower case, without `www.`) belongs to the platform.
    pub fn host_ok(&self, host: &str) -> bool {
        match &self.hosts {
            Hosts::Any(_) => true,
            Hosts::List(list) => list
                .iter()
                .any(|h| host == h || host.ends_with(&format!(".{h}"))),
        }
    }

    /// The accepted hosts, for hints.
    pub fn host_list(&self) -> String {
        match &self.hosts {
            Hosts::Any(_) => "any host".to_string(),
            Hosts::List(list) => list.join(", "),
        }
    }
}

impl HandleRule {
    /// `Err(reason)` when `handle` breaks the rule.
    pub fn check(&self, handle: &str) -> Result<(), String> {
        match self {
            HandleRule::Any => Ok(()),
            HandleRule::Simple {
                min,
                max,
                allowed,
                at,
                ..
            } => {
                let name = if *at {
                    handle.strip_prefix('@').unwrap_or(handle)
                } else {
                    handle
                };
                let n = name.chars().count();
                if n < *min || n > *max {
                    return Err(format!(
                        "it has {n} characters; it must have {min} to {max}"
                    ));
                }
                let set = CharSet::parse(allowed);
                if let Some(bad) = name.chars().find(|c| !set.contains(*c)) {
                    return Err(format!(
                        "the character `{bad}` is not allowed; use only {}",
                        set.describe()
                    ));
                }
                Ok(())
            }
            HandleRule::Domain { .. } => {
                let name = handle.strip_prefix('@').unwrap_or(handle);
                if is_domain(name) {
                    Ok(())
                } else {
                    Err("it must be a domain name, such as `comune.example.it` or `nome.bsky.social`".to_string())
                }
            }
            HandleRule::Fediverse { .. } => {
                let name = handle.strip_prefix('@').unwrap_or(handle);
                let ok = name.split_once('@').is_some_and(|(user, instance)| {
                    (1..=30).contains(&user.chars().count())
                        && user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && is_domain(instance)
                });
                if ok {
                    Ok(())
                } else {
                    Err(
                        "it must be written @user@instance, such as `@comune@mastodon.uno`"
                            .to_string(),
                    )
                }
            }
        }
    }

    /// Where the rule comes from.
    pub fn source(&self) -> Option<&str> {
        match self {
            HandleRule::Simple { source, .. }
            | HandleRule::Domain { source, .. }
            | HandleRule::Fediverse { source, .. } => Some(source),
            HandleRule::Any => None,
        }
    }
}

/// A set of characters written as in the data file: single characters and ranges (`a-z`).
struct CharSet {
    ranges: Vec<(char, char)>,
}

impl CharSet {
    fn parse(spec: &str) -> CharSet {
        let chars: Vec<char> = spec.chars().collect();
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                ranges.push((chars[i], chars[i + 2]));
                i += 3;
            } else {
                ranges.push((chars[i], chars[i]));
                i += 1;
            }
        }
        CharSet { ranges }
    }

    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&c))
    }

    fn describe(&self) -> String {
        self.ranges
            .iter()
            .map(|(a, b)| {
                if a == b {
                    format!("`{a}`")
                } else {
                    format!("`{a}`-`{b}`")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A domain name: two or more dot-separated labels of letters, digits and dashes.
fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Weight of one code point in X's count.
fn x_weight(c: char) -> usize {
    let u = u32::from(c);
    let light = (0x0000..=0x10FF).contains(&u)
        || (0x2000..=0x200D).contains(&u)
        || (0x2010..=0x201F).contains(&u)
        || (0x2032..=0x2037).contains(&u);
    if light { 1 } else { 2 }
}

/// How many graphemes (user-perceived characters) `text` holds. Every character below
/// U+0300 (ASCII, the Latin letters with their accents already composed, as the policy's
/// texts are read) is a grapheme of its own, except a CR followed by an LF, which is one:
/// such a text is counted without the segmentation rules (the kits count thousands of
/// texts in a check); any other is segmented.
fn graphemes(text: &str) -> usize {
    if text.chars().all(|c| u32::from(c) < 0x300) {
        return text.chars().count() - text.matches("\r\n").count();
    }
    text.graphemes(true).count()
}

/// Length of a link on X, whatever the link.
const X_URL_WEIGHT: usize = 23;

/// Weight of an emoji on X, however many code points make it (twitter-text counts each emoji
/// sequence as 2: a family joined by zero-width joiners, a flag, a skin tone, a keycap).
const X_EMOJI_WEIGHT: usize = 2;

/// X's weighted length, as twitter-text counts (text composed to NFC first): links count 23,
/// an emoji sequence 2, other code points 1 or 2 (see `x_weight`: CJK and most symbols 2).
/// Links are recognised as X does in the common cases: words starting with http:// or
/// https://, and bare domains with a path or not (`comune.example.it/social`).
pub fn x_weighted_len(text: &str) -> usize {
    let text = crate::nfc::nfc(text);
    let mut total = 0;
    let mut word = String::new();
    let flush = |word: &mut String, total: &mut usize| {
        if !word.is_empty() {
            let trimmed = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
            if looks_like_url(trimmed) {
                *total += X_URL_WEIGHT + x_str_weight(&word[trimmed.len()..]);
            } else {
                *total += x_str_weight(word);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut total);
            total += x_weight(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut total);
    total
}

/// The weight of a piece of text without links: grapheme by grapheme, an emoji sequence 2,
/// anything else the sum of its code points.
fn x_str_weight(s: &str) -> usize {
    s.graphemes(true)
        .map(|g| {
            if is_emoji_sequence(g) {
                X_EMOJI_WEIGHT
            } else {
                g.chars().map(x_weight).sum()
            }
        })
        .sum()
}

/// True for a grapheme of two or more code points that is an emoji sequence: it holds a
/// zero-width joiner, an emoji presentation selector (U+FE0F), a skin-tone modifier, a
/// keycap (U+20E3), a regional indicator (flags) or a tag character (subdivision flags).
/// A letter with combining accents is not one.
fn is_emoji_sequence(g: &str) -> bool {
    let mut chars = g.chars();
    if chars.next().is_none() || chars.next().is_none() {
        return false;
    }
    g.chars().any(|c| {
        matches!(u32::from(c),
            0x200D | 0xFE0F | 0x20E3
            | 0x1F3FB..=0x1F3FF
            | 0x1F1E6..=0x1F1FF
            | 0xE0020..=0xE007F)
    })
}

fn looks_like_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        return !rest.is_empty();
    }
    let host = lower.split('/').next().unwrap_or("");
    is_domain(host) && host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count without segmentation is the count of the segmentation rules: for every
    /// pair of characters below U+0300 (controls, CR and LF included), and for texts that
    /// go past it (a combining accent, an emoji with a skin tone, a flag).
    #[test]
    fn graphemes_are_counted_as_the_segmentation_counts_them() {
        let below: Vec<char> = (0..0x300).filter_map(char::from_u32).collect();
        let mut pair = String::new();
        for &a in &below {
            for &b in &below {
                pair.clear();
                pair.push(a);
                pair.push(b);
                assert_eq!(
                    graphemes(&pair),
                    pair.graphemes(true).count(),
                    "{a:?} {b:?}"
                );
            }
        }
        for text in [
            "Perché è così",
            "e\u{301} accento",
            "ok 👍🏽 🇮🇹",
            "riga\r\nriga\r\r\n",
            "",
        ] {
            assert_eq!(graphemes(text), text.graphemes(true).count(), "{text:?}");
        }
    }

    #[test]
    fn data_file_parses_and_covers_every_platform() {
        let f = facts();
        for p in Platform::ALL {
            assert!(f.platforms.contains_key(p), "no facts for {}", p.key());
        }
    }

    #[test]
    fn x_counts_weighted() {
        assert_eq!(x_weighted_len("abc"), 3);
        assert_eq!(x_weighted_len("città"), 5);
        assert_eq!(x_weighted_len("😀"), 2);
        assert_eq!(
            x_weighted_len("vedi https://www.comune.example.it/una/pagina/lunga"),
            28
        );
        assert_eq!(x_weighted_len("vedi comune.example.it/social."), 5 + 23 + 1);
        assert_eq!(x_weighted_len("e.g. niente"), 11);
    }

    /// Known counts of twitter-text (its conformance file, validate.yml `WeightedTweetsCounterTest`,
    /// and docs.x.com "Counting characters"): every emoji sequence weighs 2.
    #[test]
    fn x_counts_emoji_sequences_as_two() {
        // Family: man, ZWJ, woman, ZWJ, girl, ZWJ, boy: seven code points.
        assert_eq!(
            x_weighted_len("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"),
            2
        );
        // Thumbs up with a skin tone.
        assert_eq!(x_weighted_len("\u{1F44D}\u{1F3FD}"), 2);
        // The Italian flag: two regional indicators.
        assert_eq!(x_weighted_len("\u{1F1EE}\u{1F1F9}"), 2);
        // Keycap one: 1, U+FE0F, U+20E3.
        assert_eq!(x_weighted_len("1\u{FE0F}\u{20E3}"), 2);
        // Red heart with the emoji selector: U+2764 U+FE0F.
        assert_eq!(x_weighted_len("\u{2764}\u{FE0F}"), 2);
        // Rainbow flag: white flag, FE0F, ZWJ, rainbow.
        assert_eq!(x_weighted_len("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"), 2);
        // England: black flag and tag characters.
        assert_eq!(
            x_weighted_len("\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
            2
        );
        // Mixed with text and a link: "Ciao " 5 + family 2 + " " 1 + link 23.
        assert_eq!(
            x_weighted_len(
                "Ciao \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} https://www.comune.example.it/policy"
            ),
            31
        );
        // CJK weighs 2 a character; a decomposed "é" is composed first and weighs 1.
        assert_eq!(x_weighted_len("\u{4F60}\u{597D}"), 4);
        assert_eq!(x_weighted_len("citta\u{300}"), 5);
        // 140 CJK characters fill a post; 280 Latin letters too.
        assert_eq!(x_weighted_len(&"\u{6F22}".repeat(140)), 280);
        assert_eq!(x_weighted_len(&"a".repeat(280)), 280);
    }

    #[test]
    fn other_countings() {
        assert_eq!(Counting::Graphemes.count("👍🏽a"), 2);
        assert_eq!(Counting::Utf16.count("👍a"), 3);
        assert_eq!(Counting::Chars.count("città"), 5);
    }

    #[test]
    fn handles() {
        let x = &get(Platform::X).expect("x").handle;
        assert!(x.check("@Comune_Valdoria").is_ok());
        assert!(x.check("@ComuneDiValdoria2026").is_err());
        assert!(x.check("comune-valdoria").is_err());
        let ig = &get(Platform::Instagram).expect("ig").handle;
        assert!(ig.check("@comune.valdoria").is_ok());
        assert!(ig.check("Comune").is_err());
        let bs = &get(Platform::Bluesky).expect("bs").handle;
        assert!(bs.check("@comune.bsky.social").is_ok());
        assert!(bs.check("comune").is_err());
        let m = &get(Platform::Mastodon).expect("m").handle;
        assert!(m.check("@comune@mastodon.uno").is_ok());
        assert!(m.check("@comune").is_err());
        let tg = &get(Platform::Telegram).expect("tg").handle;
        assert!(tg.check("@abcd").is_err());
    }

    #[test]
    fn hosts() {
        let fb = get(Platform::Facebook).expect("fb");
        assert!(fb.host_ok("facebook.com"));
        assert!(fb.host_ok("m.facebook.com"));
        assert!(!fb.host_ok("notfacebook.com"));
        assert!(!fb.host_ok("instagram.com"));
        assert!(get(Platform::Mastodon).expect("m").host_ok("mastodon.uno"));
    }
}

//! Free text, in one or several languages, and the small value types of the model.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::values::check_markdown;

/// A language code such as `it` or `en` (ISO 639-1, lower case).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    pub fn parse(s: &str) -> Result<Lang, String> {
        let ok = (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
        if ok {
            Ok(Lang(s.to_string()))
        } else {
            Err(format!(
                "[bad-language] `{s}` is not a language code: write two lower-case letters, such as `it` or `en`"
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).map_err(de::Error::custom)
    }
}

/// Text written by the officer. Either a plain string, in the policy's first language, or a
/// map from language code to text (`it: ...`, `en: ...`). Plain Markdown is allowed
/// (paragraphs, lists, emphasis, links); headings are not, as the templates set them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<Lang, String>),
}

impl Text {
    /// The text in `lang`, falling back to the plain text when it names no language.
    pub fn get(&self, lang: &Lang) -> Option<&str> {
        match self {
            Text::Plain(s) => Some(s),
            Text::Localized(m) => m.get(lang).map(String::as_str),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map from language code to text (it: ..., en: ...)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                check_markdown(v).map_err(E::custom)?;
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<Lang, String>()? {
                    check_markdown(&v).map_err(de::Error::custom)?;
                    out.insert(k, v);
                }
                Ok(Text::Localized(out))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let err = || {
            format!(
                "[bad-date] `{s}` is not a date: write it as YYYY-MM-DD, for example 2026-03-12"
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        // Digits only: `parse` alone would take a sign (`+202-03-12`).
        if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2)
        {
            return Err(err());
        }
        let year: u16 = parts[0].parse().map_err(|_| err())?;
        let month: u8 = parts[1].parse().map_err(|_| err())?;
        let day: u8 = parts[2].parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("[bad-date] `{s}` is not a day of the calendar"));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = if m <= 2 { y + 1 } else { y };
        Date {
            year: u16::try_from(y).unwrap_or(0),
            month: u8::try_from(m).unwrap_or(1),
            day: u8::try_from(d).unwrap_or(1),
        }
    }

    /// The same day `months` months later (clamped to the month's last day).
    pub fn add_months(&self, months: u32) -> Date {
        let total =
            u64::from(self.year) * 12 + u64::from(self.month).saturating_sub(1) + u64::from(months);
        let Ok(year) = u16::try_from(total / 12) else {
            return Date {
                year: u16::MAX,
                month: 12,
                day: 31,
            };
        };
        let month = u8::try_from(total % 12 + 1).unwrap_or(12);
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

/// A time of day, written `HH:MM` (24 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
}

impl Time {
    pub fn parse(s: &str) -> Result<Time, String> {
        let err = || {
            format!("[bad-time] `{s}` is not a time: write it as HH:MM, for example 08:30 or 17:00")
        };
        let (h, m) = s.split_once(':').ok_or_else(err)?;
        let two_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        // Digits only: `parse` alone would take a sign (`+8:30`).
        if !two_digits(h) || !two_digits(m) {
            return Err(err());
        }
        let hour: u8 = h.parse().map_err(|_| err())?;
        let minute: u8 = m.parse().map_err(|_| err())?;
        if hour > 24 || minute > 59 || (hour == 24 && minute != 0) {
            return Err(err());
        }
        Ok(Time { hour, minute })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse(&s).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_count_days() {
        let d = Date::parse("2026-03-12").expect("valid date");
        assert_eq!(d.to_string(), "2026-03-12");
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(
            Date::parse("1970-01-01").map(|d| d.days_since_epoch()),
            Ok(0)
        );
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("12/03/2026").is_err());
        assert_eq!(
            Date::parse("2026-01-31").map(|d| d.add_months(1).to_string()),
            Ok("2026-02-28".to_string())
        );
    }

    #[test]
    fn times_parse() {
        assert_eq!(
            Time::parse("08:30").map(|t| t.to_string()),
            Ok("08:30".into())
        );
        assert!(Time::parse("8:30").is_err());
        assert!(Time::parse("25:00").is_err());
    }
}

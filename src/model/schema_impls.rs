//! JSON Schema for the value types whose YAML form is not their Rust shape: a `Src<T>` is
//! just a `T`, a `Text` is a string or a map from language to string, dates and times are
//! strings with a pattern, checked strings say what they accept.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::span::Src;
use super::text::{Date, Lang, Text, Time};
use super::values::{Email, LicenceId, Phone, Url};

/// Characters no text may hold, as a regular expression class: controls other than line
/// breaks and tabs, and the marks that reorder text (see `values::forbidden_char`). The
/// schema of `Text`, and of every multi-line value in `crate::schema`.
pub(crate) const TEXT: &str = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]*$";

/// Positions are not part of the YAML: the schema of `Src<T>` is the schema of `T`.
impl<T: JsonSchema> JsonSchema for Src<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Un testo (Markdown semplice: paragrafi, elenchi, *corsivo*, link https://; niente titoli né immagini), oppure una mappa lingua → testo (it: ..., en: ...).",
            "anyOf": [
                { "type": "string", "pattern": TEXT },
                {
                    "type": "object",
                    "propertyNames": { "pattern": "^[a-z]{2,3}$" },
                    // Each language's text is read as it is written: `en: 2026` is a text.
                    "additionalProperties": {
                        "type": ["string", "number", "boolean"],
                        "pattern": TEXT
                    },
                    "minProperties": 1
                }
            ]
        })
    }
}

impl JsonSchema for Lang {
    fn schema_name() -> Cow<'static, str> {
        "Lang".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Codice di lingua ISO 639-1, in minuscolo (es. it, en, de).",
            "type": "string",
            "pattern": "^[a-z]{2,3}$",
            "examples": ["it", "en", "de", "fr", "sl"]
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Data nel formato AAAA-MM-GG (es. 2026-03-12).",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "format": "date"
        })
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Ora nel formato HH:MM, 24 ore, tra virgolette (es. \"08:30\").",
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"
        })
    }
}

impl JsonSchema for Url {
    fn schema_name() -> Cow<'static, str> {
        "Url".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Indirizzo web completo, che comincia con https:// (o http://).",
            "type": "string",
            // As `check` reads it: the scheme in any case (HTTPS://); no spaces, backslashes
            // or invisible controls; a host name with a dot (written as `.`, as `%2E`, or as
            // a dot of another script that web addresses read as one: 。 ． ｡), and no
            // `name@` or `name:password@` before it.
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?:/*(?=[^/?#]*([.\\u3002\\uff0e\\uff61]|%2[eE]|%[eE]3%80%82|%[eE][fF]%[bB][cC]%8[eE]|%[eE][fF]%[bB][dD]%[aA]1))[^/?#@\\s\\\\\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+([/?#][^\\s\\\\\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*)?$"
        })
    }
}

impl JsonSchema for Email {
    fn schema_name() -> Cow<'static, str> {
        "Email".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Indirizzo email (o PEC), nella forma nome@dominio.it.",
            "type": "string",
            // As `check` has it: letters (any alphabet), digits and . + _ ' % - before the @;
            // letters, digits and - in the parts of the domain, at least two parts.
            "pattern": "^[\\p{Alphabetic}\\p{N}.+_'%-]+@[\\p{Alphabetic}\\p{N}-]+(\\.[\\p{Alphabetic}\\p{N}-]+)+$"
        })
    }
}

impl JsonSchema for Phone {
    fn schema_name() -> Cow<'static, str> {
        "Phone".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Numero di telefono: cifre, spazi e un + iniziale facoltativo (es. +39 0123 456789).",
            // Written without quotes, `0123456789` is a number to YAML and a text to `check`.
            "type": ["string", "number"],
            // Digits, spaces and + - . / ( ), 3 to 16 digits, no "+ ".
            "pattern": "^(?!.*\\+ )[ +./()-]*([0-9][ +./()-]*){3,16}$"
        })
    }
}

impl JsonSchema for LicenceId {
    fn schema_name() -> Cow<'static, str> {
        "LicenceId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Licenza come identificativo SPDX (elenco: spdx.org/licenses). Per un ente pubblico di solito CC-BY-4.0 (CAD art. 52).",
            "type": "string",
            // Exactly the identifiers `check` accepts: editors complete them too.
            "enum": spdx::identifiers::LICENSES.iter().map(|l| l.name).collect::<Vec<_>>(),
            "examples": ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "IODL-2.0"]
        })
    }
}

impl JsonSchema for super::ResponseTime {
    fn schema_name() -> Cow<'static, str> {
        "ResponseTime".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let duration = generator.subschema_for::<super::Duration>();
        json_schema!({
            "description": "Tempo di risposta: una durata, oppure `none` se la policy non garantisce un tempo di risposta.",
            "anyOf": [
                { "const": "none", "description": "Nessun tempo di risposta garantito: i documenti scrivono «non garantiamo un tempo di risposta»." },
                duration
            ]
        })
    }
}

/// A map from language to a number (`min_score: { de: 55 }`), in the keywords of draft-07
/// that every consumer of the schema reads: the keys by `propertyNames`, as a [`Text`]'s.
pub(crate) fn by_language_u32(generator: &mut SchemaGenerator) -> Schema {
    let value = generator.subschema_for::<Src<u32>>();
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": "^[a-z]{2,3}$" },
        "additionalProperties": value
    })
}

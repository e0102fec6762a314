//! The schema.org description of the body that the HTML page carries.

use serde_json::{Map, Value};

use crate::model::Public;

/// schema.org `Organization` JSON-LD for the HTML page, safe inside `<script>`: `<`, `>`
/// and `&` are written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` can appear.
pub(super) fn json_ld(public: &Public) -> String {
    let o = &public.organisation.value;
    let mut m = Map::new();
    m.insert("@context".into(), "https://schema.org".into());
    m.insert("@type".into(), "Organization".into());
    m.insert("name".into(), o.name.value.clone().into());
    if let Some(w) = &o.website {
        m.insert("url".into(), w.to_string().into());
    }
    let same_as: Vec<Value> = public
        .accounts
        .iter()
        .map(|a| Value::String(a.url.to_string()))
        .collect();
    if !same_as.is_empty() {
        m.insert("sameAs".into(), Value::Array(same_as));
    }
    let s = serde_json::to_string(&Value::Object(m)).unwrap_or_else(|_| "{}".to_string());
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

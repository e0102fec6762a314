//! The schema.org description the external HTML page carries: the body as a
//! `GovernmentOrganization` and the policy as a document it publishes.

use serde_json::{Map, Value, json};

use crate::model::{AccountScope, Lang, Presence, Public, PublicAccount};

/// Whether an account speaks for the body itself, and so is the body on that platform
/// (`sameAs`): an institutional account (`scope: institutional`) that is a page, channel or
/// group of the body. A topic page (a library, a service), a temporary account (an event, a
/// campaign) and a person's profile are accounts the body runs, not the body.
pub(super) fn speaks_for_the_body(account: &PublicAccount) -> bool {
    account.scope.value == AccountScope::Institutional
        && account.presence.value != Presence::PersonalProfile
}

/// The page's address where the policy says it (`adoption.publication.url`), without a
/// `#fragment`: the page itself (its canonical link and the document's `@id` add their own).
pub(super) fn policy_url(public: &Public) -> Option<String> {
    public
        .adoption
        .value
        .publication
        .as_ref()
        .and_then(|p| p.value.url.as_ref())
        .map(|u| u.as_str().split('#').next().unwrap_or_default().to_string())
}

/// schema.org JSON-LD for the external HTML page in `lang`, titled `title`: a graph of the
/// body (`GovernmentOrganization`, with an `@id`, its site, its IPA code when given, and
/// its institutional accounts as `sameAs`) and of the policy (`DigitalDocument`: version,
/// date, language, licence, published by the body). Safe inside `<script>`: `<`, `>` and
/// `&` are written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` can appear.
pub(super) fn json_ld(public: &Public, lang: &Lang, title: &str) -> String {
    let o = &public.organisation.value;
    let a = &public.adoption.value;
    let page = policy_url(public);
    let website = o.website.as_ref().map(|w| w.to_string());
    let base = website.clone().or_else(|| page.clone()).unwrap_or_default();
    let org_id = format!("{base}#ente");

    let mut org = Map::new();
    org.insert("@type".into(), "GovernmentOrganization".into());
    org.insert("@id".into(), org_id.clone().into());
    org.insert("name".into(), o.name.value.clone().into());
    if let Some(w) = &website {
        org.insert("url".into(), w.clone().into());
    }
    if let Some(ipa) = &o.ipa_code {
        org.insert(
            "identifier".into(),
            json!({ "@type": "PropertyValue", "propertyID": "IPA", "value": ipa.value }),
        );
    }
    let same_as: Vec<Value> = public
        .accounts
        .iter()
        .filter(|a| speaks_for_the_body(a))
        .map(|a| Value::String(a.url.to_string()))
        .collect();
    if !same_as.is_empty() {
        org.insert("sameAs".into(), Value::Array(same_as));
    }

    let mut doc = Map::new();
    doc.insert("@type".into(), "DigitalDocument".into());
    doc.insert(
        "@id".into(),
        format!("{}#policy", page.clone().unwrap_or_default()).into(),
    );
    doc.insert("name".into(), title.into());
    if let Some(p) = &page {
        doc.insert("url".into(), p.clone().into());
    }
    doc.insert("inLanguage".into(), lang.as_str().into());
    if let Some(v) = &a.version {
        doc.insert("version".into(), v.value.clone().into());
    }
    doc.insert("dateCreated".into(), a.date.value.to_string().into());
    if let Some(d) = a.published_on() {
        doc.insert("datePublished".into(), d.to_string().into());
    }
    if let Some(l) = &public.licence {
        doc.insert(
            "license".into(),
            crate::view::licence_url(l.value.own_content.as_str()).into(),
        );
    }
    doc.insert("publisher".into(), json!({ "@id": org_id }));

    let graph = json!({
        "@context": "https://schema.org",
        "@graph": [Value::Object(org), Value::Object(doc)],
    });
    let s = serde_json::to_string(&graph).unwrap_or_else(|_| "{}".to_string());
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

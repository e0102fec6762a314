//! From a checked policy to documents: Markdown through Tera, then HTML (and PDF) from that
//! same Markdown, so the formats cannot say different things.

pub mod html;
pub mod markdown;
pub mod output;
pub mod templates;

use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::{Lang, Policy};
use crate::view::{ExternalView, InternalView};
use markdown::Engine;
use output::Artifact;

/// The two documents of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocKind {
    /// For citizens: the house rules of the accounts.
    External,
    /// For staff and the social media team.
    Internal,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::External, DocKind::Internal];

    pub fn name(self) -> &'static str {
        match self {
            DocKind::External => "external",
            DocKind::Internal => "internal",
        }
    }
}

/// Facts about the build that templates may print.
#[derive(Debug, Serialize, Clone, Default)]
pub struct Meta {
    /// SHA-256 of the policy, templates and smpolicy version; empty until computed.
    pub fingerprint: String,
    /// `smpolicy <version>`.
    pub generator: String,
    /// The version the policy is compared with (`adoption.previous`), if any.
    pub previous: Option<PreviousVersion>,
    /// What changed since that version, for citizens: public data only, one Markdown list
    /// item per change (`- Aggiunto l'account ...`).
    pub changes: Vec<String>,
}

/// The previous version of a policy, as its adoption section names it.
#[derive(Debug, Serialize, Clone, Default)]
pub struct PreviousVersion {
    pub version: String,
    pub act: String,
    pub date: String,
}

/// One document in one language, as Markdown.
#[derive(Debug, Clone)]
pub struct RenderedDoc {
    pub lang: Lang,
    pub kind: DocKind,
    pub markdown: String,
}

/// Renders the Markdown of every document and language of a policy.
pub fn markdown_docs(
    policy: &Policy,
    engine: &Engine,
    meta: &Meta,
) -> Result<Vec<RenderedDoc>, Diagnostic> {
    let mut docs = Vec::new();
    for lang in &policy.languages {
        let lang = &lang.value;
        for kind in DocKind::ALL {
            let template = format!("{}/{}.md.tera", lang, kind.name());
            let md = match kind {
                DocKind::External => engine.render(
                    &template,
                    lang.as_str(),
                    &ExternalView::new(policy, lang),
                    meta,
                )?,
                DocKind::Internal => engine.render(
                    &template,
                    lang.as_str(),
                    &InternalView::new(policy, lang),
                    meta,
                )?,
            };
            docs.push(RenderedDoc {
                lang: lang.clone(),
                kind,
                markdown: markdown::normalise(&md),
            });
        }
    }
    Ok(docs)
}

/// The HTML page of a rendered document, and the fragment (the document alone, for a CMS).
pub fn html_page(
    policy: &Policy,
    doc: &RenderedDoc,
    engine: &Engine,
    css: &str,
    meta: &Meta,
) -> Result<(String, String), Diagnostic> {
    let body = html::body(&doc.markdown);
    let a = &policy.adoption.value;
    let lang = &doc.lang;
    let main = policy.main_language();
    let text = |t: &crate::model::Text| {
        t.get(lang)
            .or_else(|| t.get(main))
            .unwrap_or("")
            .to_string()
    };
    let mut ctx = tera::Context::new();
    ctx.insert("lang", lang.as_str());
    ctx.insert("doc", doc.kind.name());
    ctx.insert("title", &body.title);
    ctx.insert("title_id", &body.title_id);
    ctx.insert("organisation", &policy.organisation.name.value);
    ctx.insert(
        "website",
        &policy.organisation.website.as_ref().map(|u| u.to_string()),
    );
    ctx.insert("version", &a.version.value);
    ctx.insert("act", &text(&a.act));
    ctx.insert("adopted", &a.date.value.dmy());
    ctx.insert("adopted_iso", &a.date.value.to_string());
    ctx.insert("json_ld", &crate::audit::json_ld(policy));
    ctx.insert("toc", &body.toc);
    ctx.insert("body", &body.html);
    ctx.insert("css", css);
    ctx.insert("meta", meta);
    ctx.insert("labels", &engine.labels(lang.as_str()));
    let template = format!("{lang}/page.html.tera");
    let page = engine.render_context(&template, &ctx)?;
    Ok((page, body.fragment))
}

/// Every artifact of one organisation: Markdown and HTML of both documents per language.
pub fn org_artifacts(
    slug: &str,
    policy: &Policy,
    engine: &Engine,
    css: &str,
    meta: &Meta,
) -> Result<Vec<Artifact>, Diagnostic> {
    let mut out = Vec::new();
    for doc in markdown_docs(policy, engine, meta)? {
        let dir = PathBuf::from(slug).join(doc.lang.as_str());
        let (html, fragment) = html_page(policy, &doc, engine, css, meta)?;
        out.push(Artifact {
            path: dir.join(format!("{}.md", doc.kind.name())),
            bytes: doc.markdown.into_bytes(),
        });
        out.push(Artifact {
            path: dir.join(format!("{}.html", doc.kind.name())),
            bytes: html.into_bytes(),
        });
        out.push(Artifact {
            path: dir.join(format!("{}.fragment.html", doc.kind.name())),
            bytes: fragment.into_bytes(),
        });
    }
    Ok(out)
}

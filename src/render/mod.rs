//! From a checked policy to documents: Markdown through Tera, then HTML (and PDF) from that
//! same Markdown, so the formats cannot say different things.

pub mod documents;
pub mod fragment;
pub mod headings;
pub mod html;
mod jsonld;
pub mod kit;
pub mod markdown;
pub mod output;
pub mod parsed;
pub mod pdf;
pub mod templates;

use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::labels::fill;
use crate::model::{Lang, Policy, Public};
use crate::view::{ExternalView, InternalView};
use markdown::Engine;
use output::Artifact;
use parsed::ParsedMarkdown;
use pdf::{PdfMeta, PdfStandard};

/// The Markdown dialect of the templates, shared by the HTML and PDF renderers so that both
/// read the same document: GFM tables, strikethrough, and heading attributes (`{#M-03}`, which
/// the built-in templates no longer write: GitHub prints it; see [`parsed`] for their anchors).
pub fn markdown_options() -> pulldown_cmark::Options {
    crate::model::values::markdown_dialect()
}

/// The one link allow-list of every renderer: http(s), mailto and tel addresses, and `#`
/// links to an anchor that exists in the document (`anchors`). A link that fails it is
/// written as its text alone.
pub fn link_target_ok(dest: &str, anchors: &std::collections::HashSet<String>) -> bool {
    match dest.trim().strip_prefix('#') {
        Some(name) => anchors.contains(name),
        None => crate::model::values::link_allowed(dest),
    }
}

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

    /// The folder of `out/<organisation>/` the document goes in: `public` (what a council
    /// may put online, with `policy.json`, `accounts.json` and its own `SHA256SUMS`) or
    /// `internal` (staff only, with its own `SHA256SUMS`).
    pub fn folder(self) -> &'static str {
        match self {
            DocKind::External => PUBLIC_DIR,
            DocKind::Internal => INTERNAL_DIR,
        }
    }
}

/// `out/<organisation>/public/`: everything meant for the public site, and nothing else.
pub const PUBLIC_DIR: &str = "public";
/// `out/<organisation>/internal/`: the internal documents, for staff only.
pub const INTERNAL_DIR: &str = "internal";

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
    /// `None` when that version had no number.
    pub version: Option<String>,
    /// `None` when that version named no adopting act.
    pub act: Option<String>,
    /// `2026-03-12`; templates write it with the `date_text` filter.
    pub date: String,
    /// The day that version was published on the site, when it says so (`2026-03-12`).
    pub published: Option<String>,
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
    for lang in &policy.public.languages {
        let lang = &lang.value;
        let words = engine.words_or_error(lang.as_str())?;
        for kind in DocKind::ALL
            .into_iter()
            .filter(|k| documents::has(policy, *k))
        {
            let template = format!("{}/{}.md.tera", lang, kind.name());
            let md = match kind {
                DocKind::External => engine.render(
                    &template,
                    lang.as_str(),
                    &ExternalView::new(&policy.public, lang, words),
                    meta,
                )?,
                DocKind::Internal => engine.render(
                    &template,
                    lang.as_str(),
                    &InternalView::new(policy, lang, words),
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

/// The HTML page of a rendered document, and the fragment (the document alone, for a CMS),
/// from its parsed Markdown (`parsed`, the same events as its PDF). Only the external page
/// says what it is to search engines and to a shared link (canonical address, Open Graph,
/// schema.org); the internal page asks not to be indexed.
pub fn html_page(
    public: &Public,
    doc: &RenderedDoc,
    parsed: &ParsedMarkdown,
    engine: &Engine,
    css: &str,
    meta: &Meta,
) -> Result<(String, String), Diagnostic> {
    let body = html::body_of(parsed);
    let a = &public.adoption.value;
    let lang = &doc.lang;
    let main = public.main_language();
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
    ctx.insert("organisation", &public.organisation.name.value);
    ctx.insert(
        "website",
        &public.organisation.website.as_ref().map(|u| u.to_string()),
    );
    let words = engine.words_or_error(lang.as_str())?;
    let record = furniture_record(public, lang, words);
    ctx.insert("version", &a.version.as_ref().map(|v| v.value.as_str()));
    ctx.insert("act", &a.act.as_ref().map(|t| text(t)));
    ctx.insert("record", &record);
    ctx.insert("record_cap", &crate::labels::capitalise_first(&record));
    ctx.insert("adopted", &words.date(&a.date.value));
    ctx.insert("adopted_iso", &a.date.value.to_string());
    let external = doc.kind == DocKind::External;
    let (article, _) = crate::org_kinds::article(&public.organisation.value);
    let of_organisation = words
        .name_forms(article, &public.organisation.name.value)
        .of;
    let vars = [
        ("organisation", public.organisation.name.value.as_str()),
        ("of_organisation", of_organisation.as_str()),
        ("title", body.title.as_str()),
        ("record", record.as_str()),
    ];
    let frame = if external {
        &words.web.description_external
    } else {
        &words.web.description_internal
    };
    let description = if frame.is_empty() {
        format!("{}, {record}", body.title)
    } else {
        fill(frame, &vars)
    };
    ctx.insert("description", &description);
    ctx.insert("og_locale", &words.web.og_locale);
    ctx.insert(
        "canonical",
        &external.then(|| jsonld::policy_url(public)).flatten(),
    );
    ctx.insert(
        "json_ld",
        &external.then(|| jsonld::json_ld(public, lang, &body.title)),
    );
    ctx.insert("toc", &body.toc);
    ctx.insert("body", &body.html);
    ctx.insert("css", css);
    ctx.insert("page_css", engine.stylesheet("page.css"));
    ctx.insert("meta", meta);
    ctx.insert_value("labels", engine.labels(lang.as_str()));
    let template = format!("{lang}/page.html.tera");
    let page = engine.render_context(&template, &ctx)?;
    // The fragment: the same document in the page of a CMS.
    let style = fragment::FragmentStyle::of(public);
    ctx.insert(
        "body",
        &fragment::fragment_body(parsed, &style, &fragment::rule_ids(public)),
    );
    let fragment = engine.render_context(FRAGMENT_TEMPLATE, &ctx)?;
    Ok((page, fragment))
}

/// The template of the fragment for a CMS: one for every language (it has no words).
pub const FRAGMENT_TEMPLATE: &str = "fragment.html.tera";

/// What a build writes besides the Markdown and HTML.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// The PDF flavour: tagged PDF/A-2a + PDF/UA-1 by default.
    pub pdf: PdfStandard,
}

/// The PDF of a rendered document: typeset from its parsed Markdown (`parsed`, the same
/// events as its HTML).
pub fn pdf_document(
    public: &Public,
    doc: &RenderedDoc,
    parsed: &ParsedMarkdown,
    engine: &Engine,
    meta: &Meta,
    standard: PdfStandard,
) -> Result<Vec<u8>, Diagnostic> {
    let pdf_meta = pdf_meta(public, doc, engine, meta)?;
    pdf::render_parsed(parsed, &pdf_meta, standard).map_err(|e| {
        Diagnostic::error(
            "pdf",
            format!(
                "cannot write the PDF of the {} policy ({}): {e}",
                doc.kind.name(),
                doc.lang
            ),
        )
        .hint("the Markdown and HTML are fine; try `--pdf-standard none` to see whether the archival checks are the cause")
    })
}

/// The version and adoption as the furniture of a document names them, in `lang` (the
/// main language's text where `lang` has none), as plain text.
fn furniture_record(public: &Public, lang: &Lang, labels: &crate::labels::Labels) -> String {
    let a = &public.adoption.value;
    let main = public.main_language();
    let act = a
        .act
        .as_ref()
        .map(|t| t.get(lang).or_else(|| t.get(main)).unwrap_or(""));
    let date = labels.date(&a.date.value);
    let published = a.published_on().map(|d| labels.date(&d));
    labels.furniture_record(&crate::labels::Record {
        version: a.version.as_ref().map(|v| v.value.as_str()),
        act,
        date: &date,
        published: published.as_deref(),
    })
}

/// What the PDF of a rendered document says about itself: metadata, title block, footer.
pub fn pdf_meta(
    public: &Public,
    doc: &RenderedDoc,
    engine: &Engine,
    meta: &Meta,
) -> Result<PdfMeta, Diagnostic> {
    let a = &public.adoption.value;
    let lang = &doc.lang;
    let labels = engine.words_or_error(lang.as_str())?;
    let pdf = &labels.pdf;
    let organisation = public.organisation.name.value.as_str();
    let (article, _) = crate::org_kinds::article(&public.organisation.value);
    let of_organisation = labels.name_forms(article, organisation).of;
    let record = furniture_record(public, lang, labels);
    let record_cap = crate::labels::capitalise_first(&record);
    let effective = a
        .effective
        .as_ref()
        .map(|d| labels.date(&d.value))
        .unwrap_or_default();
    let vars = [
        ("organisation", organisation),
        ("of_organisation", of_organisation.as_str()),
        ("record", record.as_str()),
        ("Record", record_cap.as_str()),
        ("effective", effective.as_str()),
    ];
    let mut title_block = vec![organisation.to_string(), fill(&pdf.version_line, &vars)];
    if !effective.is_empty() {
        title_block.push(fill(&pdf.effective_line, &vars));
    }
    let (subject, footer) = match doc.kind {
        DocKind::External => (&pdf.subject_external, &pdf.footer),
        DocKind::Internal => (&pdf.subject_internal, &pdf.footer_internal),
    };
    let mut keywords: Vec<String> = fill(&pdf.keywords, &vars)
        .split(',')
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    keywords.push(organisation.to_string());
    Ok(PdfMeta {
        title: String::new(),
        author: organisation.to_string(),
        subject: fill(subject, &vars),
        keywords,
        lang: lang.to_string(),
        date: (a.date.value.year, a.date.value.month, a.date.value.day),
        title_block,
        footer: Some(fill(footer, &vars))
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| fill(&pdf.footer, &vars)),
        // `{n}` and `{N}` stay for the layout, which knows the pages.
        page_label: fill(&pdf.page, &vars),
        link_alt: pdf.link_alt.clone(),
        typography: labels.typography.to_pdf(),
        fingerprint: Some(
            meta.fingerprint
                .strip_prefix("sha256:")
                .unwrap_or(&meta.fingerprint)
                .to_string(),
        )
        .filter(|f| !f.is_empty()),
    })
}

/// Which formats a build writes (`build --formats md,html`). The Markdown is rendered in
/// any case: the HTML and the PDF are made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub md: bool,
    pub html: bool,
    pub pdf: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            md: true,
            html: true,
            pdf: true,
        }
    }
}

impl Formats {
    /// Every format.
    pub fn all(self) -> bool {
        self == Formats::default()
    }

    /// Whether this build writes the document file `name` (`external.md`,
    /// `internal.fragment.html`, `external.pdf`). Other files are always written.
    pub fn writes(self, name: &str) -> bool {
        if name.ends_with(".md") {
            self.md
        } else if name.ends_with(".html") {
            self.html
        } else if name.ends_with(".pdf") {
            self.pdf
        } else {
            true
        }
    }
}

/// Every artifact of one organisation: Markdown, HTML and PDF of both documents per
/// language, external ones under `<slug>/public/<lang>/`, internal ones under
/// `<slug>/internal/<lang>/`. Documents are rendered in parallel; the result is in a fixed order.
/// Only the documents of `formats` are made.
pub fn org_artifacts(
    slug: &str,
    policy: &Policy,
    engine: &Engine,
    css: &str,
    meta: &Meta,
    options: &RenderOptions,
    formats: Formats,
) -> Result<Vec<Artifact>, Diagnostic> {
    use rayon::prelude::*;
    let docs = markdown_docs(policy, engine, meta)?;
    let per_doc: Vec<Result<Vec<Artifact>, Diagnostic>> = docs
        .par_iter()
        .map(|doc| {
            let dir = PathBuf::from(slug)
                .join(doc.kind.folder())
                .join(doc.lang.as_str());
            let name = doc.kind.name();
            // Parsed once: the HTML and the PDF read the same events.
            let parsed =
                (formats.html || formats.pdf).then(|| ParsedMarkdown::parse(&doc.markdown));
            let mut files = Vec::with_capacity(4);
            if formats.md {
                files.push(Artifact {
                    path: dir.join(format!("{name}.md")),
                    bytes: doc.markdown.clone().into_bytes(),
                });
            }
            if let (true, Some(parsed)) = (formats.html, &parsed) {
                let (html, fragment) = html_page(&policy.public, doc, parsed, engine, css, meta)?;
                files.push(Artifact {
                    path: dir.join(format!("{name}.html")),
                    bytes: html.into_bytes(),
                });
                files.push(Artifact {
                    path: dir.join(format!("{name}.fragment.html")),
                    bytes: fragment.into_bytes(),
                });
            }
            if let (true, Some(parsed)) = (formats.pdf, &parsed) {
                files.push(Artifact {
                    path: dir.join(format!("{name}.pdf")),
                    bytes: pdf_document(&policy.public, doc, parsed, engine, meta, options.pdf)?,
                });
            }
            Ok(files)
        })
        .collect();
    let mut out = Vec::new();
    for r in per_doc {
        out.extend(r?);
    }
    Ok(out)
}

//! What the server adds to what it serves, never written into `out/`: the list page at `/`,
//! the error panel shown over every page while the source has errors, and the
//! small script that reloads the page after each build.
//!
//! Every text here that comes from files (organisation folders, file names, error messages
//! that quote the officer's values, the words of the labels file) is escaped: it is data,
//! never markup.
//!
//! The words are those of the labels file (`preview:` in `templates/<lang>/labels.yaml`),
//! read into [`Preview`]; the error messages themselves are in English, as on the terminal.

use std::collections::BTreeMap;

use super::Status;
use crate::diagnostics::Diagnostic;
use crate::labels::{Labels, PreviewLabels};
use crate::render::templates::TemplateSet;

/// The words of the preview and the language they are in.
///
/// The preview speaks the main language of the first organisation served (the first
/// folder of the last good build, in name order), or `it` when there is none (no build has
/// succeeded yet, or the source has no organisation). Its words come from that language's
/// `labels.yaml`, the project's own when it has one, else the built-in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The language code, as written in `lang="…"`.
    pub lang: String,
    pub words: PreviewLabels,
}

impl Preview {
    /// The preview in `lang`, read from the labels file of `set`.
    pub fn from_set(set: &TemplateSet, lang: &str) -> Result<Preview, Diagnostic> {
        let name = format!("{lang}/labels.yaml");
        let content = set.get(&name).ok_or_else(|| {
            Diagnostic::error(
                "template",
                format!("there is no `{name}` among the templates"),
            )
            .hint(format!("add templates/{name} to your project, copying the built-in templates/it/labels.yaml and translating it"))
        })?;
        Ok(Preview {
            lang: lang.to_string(),
            words: Labels::parse(&name, content)?.preview,
        })
    }
}

/// The path of the reload script, of what it asks for, and of the state for tools.
pub const LIVE_JS: &str = "/__smpolicy/live.js";
pub const BUILD: &str = "/__smpolicy/build";
pub const STATUS: &str = "/__smpolicy/status";

/// Asks the server a few times a second which build it is at, and reloads the page when it
/// is not the one the page was served with (`data-build`); keeps asking quietly while the
/// server is away. A short question, not a request held open: a browser opens only six
/// connections to one server, and a held request per tab would stall the seventh tab.
pub const LIVE_SCRIPT: &str = r#"(() => {
  "use strict";
  const me = document.currentScript;
  const seen = me ? me.dataset.build : "";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  (async () => {
    for (;;) {
      await sleep(250);
      try {
        const r = await fetch("/__smpolicy/build", { cache: "no-store" });
        if (r.ok && (await r.text()).trim() !== seen) {
          location.reload();
          return;
        }
      } catch (e) {
        await sleep(1000);
      }
    }
  })();
})();
"#;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::render::html::pulldown_cmark_escape_html(&mut out, s);
    out
}

/// Escapes text for HTML content, never for an attribute value: `&`, `<` and `>`, the
/// characters that can start markup there. Quotes stay as written (`all'elenco`).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// What stays as it is in a link: letters, digits and `-._~` (RFC 3986 unreserved).
const URL_PART: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path part made safe in a URL (`comune di x` -> `comune%20di%20x`).
fn url_part(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, URL_PART).to_string()
}

/// The panel shown while the last build failed, fixed at the bottom of the window so that it
/// is in view wherever the page is scrolled (a reload keeps the place the officer was
/// reading), over the last good text: the summary, and every error as the terminal shows
/// it (file:line:column, the line, the hint), escaped.
pub fn error_panel(status: &Status, preview: &Preview) -> String {
    let Some(errors) = &status.errors else {
        return String::new();
    };
    format!(
        concat!(
            "<aside id=\"smpolicy-serve-errors\" role=\"alert\" lang=\"en\" style=\"",
            "all:initial;display:block;box-sizing:border-box;position:fixed;left:0;right:0;",
            "bottom:0;max-height:45vh;overflow:auto;z-index:2147483647;margin:0;",
            "padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;",
            "box-shadow:0 -2px 12px rgba(0,0,0,.25);",
            "font:16px/1.4 system-ui,sans-serif\">\n",
            "<p style=\"margin:0 0 .5rem;font-weight:bold\" lang=\"{lang}\">{words}</p>\n",
            "<p style=\"margin:0 0 .5rem\">{summary}</p>\n",
            "<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;",
            "font:14px/1.35 ui-monospace,monospace\">{text}</pre>\n</aside>\n"
        ),
        lang = escape(&preview.lang),
        words = escape_text(&preview.words.errors),
        summary = escape(&printable_lines(&errors.summary)),
        text = escape(&printable_lines(&errors.text))
    )
}

/// `text` with control characters, bidi overrides and other invisible characters written
/// out (`\\u{202e}`), line by line: a value cannot reorder or hide the text of an error.
fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(crate::diagnostics::printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tag that loads the reload script, with the build the page was served at.
pub fn live_tag(status: &Status) -> String {
    format!(
        "<script src=\"{LIVE_JS}\" data-build=\"{}\"></script>\n",
        status.token()
    )
}

/// `html` with the error panel and the reload script before its last `</body>` (at the end
/// when it has none). The panel is fixed in the window, so where it sits in the document
/// does not change where it shows; the last `</body>` is the page's own, since every value
/// in the body is escaped (a `<body` in the head's JSON-LD cannot catch the panel).
pub fn inject(html: &str, status: &Status, preview: &Preview) -> String {
    let panel = error_panel(status, preview);
    let script = live_tag(status);
    let at = html
        .to_ascii_lowercase()
        .rfind("</body")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + panel.len() + script.len());
    out.push_str(&html[..at]);
    out.push_str(&panel);
    out.push_str(&script);
    out.push_str(&html[at..]);
    out
}

/// One organisation folder of `out/` and the files its manifest lists.
#[derive(Debug, Clone)]
pub struct OrgFiles {
    pub slug: String,
    /// Relative to the organisation folder, `/`-separated, sorted.
    pub files: Vec<String>,
}

/// A plain page around `body`, with the error panel and the reload script.
pub fn shell(title: &str, body: &str, status: &Status, preview: &Preview) -> String {
    let html = format!(
        concat!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<title>{title}</title>\n<style>\n",
            "body{{font:17px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem 2rem;color:#1a1a1a}}\n",
            "table{{border-collapse:collapse;margin:.5rem 0 1.5rem}}th,td{{text-align:left;padding:.3rem .8rem .3rem 0;border-bottom:1px solid #ddd}}\n",
            "a{{color:#0645ad}}\n</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
        ),
        lang = escape(&preview.lang),
        title = escape_text(title),
        body = body
    );
    inject(&html, status, preview)
}

/// A document of an organisation: (folder, language, document), as `public`, `it`,
/// `external`.
type DocKey<'a> = (&'a str, &'a str, &'a str);

/// Names the officer recognises for the documents and formats the build writes; any
/// other name is shown as it is.
fn doc_name<'a>(stem: &'a str, words: &'a PreviewLabels) -> &'a str {
    match stem {
        "external" => &words.documents.external,
        "internal" => &words.documents.internal,
        other => other,
    }
}

fn format_name<'a>(ext: &'a str, words: &'a PreviewLabels) -> &'a str {
    let names = &words.format_names;
    match ext {
        "html" => &names.html,
        "pdf" => &names.pdf,
        "md" => &names.md,
        "fragment.html" => &names.fragment_html,
        other => other,
    }
}

/// The list page: every organisation of `out/`, and for each every document in every
/// language and format (PDFs included), then the other files (JSON, SHA256SUMS).
pub fn index(orgs: &[OrgFiles], status: &Status, preview: &Preview) -> String {
    let words = &preview.words;
    let mut body = format!("<h1>{}</h1>\n", escape_text(&words.title));
    if orgs.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape_text(&words.empty)));
    }
    for org in orgs {
        let slug = escape(&org.slug);
        body.push_str(&format!("<h2 id=\"org-{slug}\">{slug}</h2>\n"));
        // (folder, language, document) -> formats; anything else is listed as it is.
        let mut docs: BTreeMap<DocKey, Vec<(&str, &str)>> = BTreeMap::new();
        let mut others = Vec::new();
        for file in &org.files {
            let parts: Vec<&str> = file.split('/').collect();
            match parts.as_slice() {
                [folder, lang, name] => match name.split_once('.') {
                    Some((stem, ext)) => docs
                        .entry((folder, lang, stem))
                        .or_default()
                        .push((ext, file.as_str())),
                    None => others.push(file.as_str()),
                },
                _ => others.push(file.as_str()),
            }
        }
        if !docs.is_empty() {
            body.push_str("<table>\n<thead><tr>");
            for column in [
                &words.document,
                &words.folder,
                &words.language,
                &words.formats,
            ] {
                body.push_str(&format!("<th scope=\"col\">{}</th>", escape_text(column)));
            }
            body.push_str("</tr></thead>\n<tbody>\n");
            for ((folder, lang, stem), mut formats) in docs {
                formats.sort_by_key(|(ext, _)| match *ext {
                    "html" => 0,
                    "pdf" => 1,
                    "md" => 2,
                    _ => 3,
                });
                let links: Vec<String> = formats
                    .iter()
                    .map(|(ext, file)| {
                        format!(
                            "<a href=\"{}\">{}</a>",
                            href(&org.slug, file),
                            escape_text(format_name(ext, words))
                        )
                    })
                    .collect();
                body.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    escape_text(doc_name(stem, words)),
                    escape(folder),
                    escape(lang),
                    links.join(" · ")
                ));
            }
            body.push_str("</tbody>\n</table>\n");
        }
        if !others.is_empty() {
            body.push_str(&format!(
                "<p>{}</p>\n<ul>\n",
                escape_text(&words.other_files)
            ));
            for file in others {
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    href(&org.slug, file),
                    escape(file)
                ));
            }
            body.push_str("</ul>\n");
        }
    }
    shell(&words.title, &body, status, preview)
}

/// The link to `file` of the organisation `slug`, each part percent-encoded.
fn href(slug: &str, file: &str) -> String {
    let mut h = format!("/{}", url_part(slug));
    for part in file.split('/') {
        h.push('/');
        h.push_str(&url_part(part));
    }
    escape(&h)
}

/// The page for a refused or missing path.
pub fn problem(title: &str, detail: &str, status: &Status, preview: &Preview) -> String {
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>\n",
        escape_text(title),
        escape(detail),
        escape_text(&preview.words.back)
    );
    shell(title, &body, status, preview)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::Errors;

    fn it() -> Preview {
        match Preview::from_set(&TemplateSet::builtin(), "it") {
            Ok(p) => p,
            Err(d) => panic!("the built-in preview words do not load: {}", d.message),
        }
    }

    fn failing(text: &str) -> Status {
        Status {
            server: 12,
            generation: 4,
            errors: Some(Errors {
                summary: "policy-src: 1 error(s)".to_string(),
                text: text.to_string(),
            }),
        }
    }

    #[test]
    fn error_text_is_shown_as_text_never_as_markup() {
        let hostile = "a.yaml:3:9: error[x]: `<script>alert(1)</script>` \"quoted\" & <img src=x onerror=alert(2)>";
        let page = inject(
            "<html><body><p>ok</p></body></html>",
            &failing(hostile),
            &it(),
        );
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(page.contains("&quot;quoted&quot; &amp;"), "{page}");
        // The page's own text, then the panel, then the script, inside the body.
        let (text, panel, script, end) = (
            page.find("<p>ok</p>").unwrap_or(usize::MAX),
            page.find("smpolicy-serve-errors").unwrap_or(0),
            page.find(LIVE_JS).unwrap_or(0),
            page.find("</body>").unwrap_or(0),
        );
        assert!(text < panel && panel < script && script < end, "{page}");
        // A bidi override in a value cannot reorder the error text.
        let page = inject("<body></body>", &failing("x: `\u{202e}abc`"), &it());
        assert!(
            page.contains("\\u{202e}abc") && !page.contains('\u{202e}'),
            "{page}"
        );
        // A `<body` or `</body` in the head (JSON-LD data) does not catch the panel.
        let page = inject(
            "<head><script type=\"application/ld+json\">{\"n\":\"<body></body>\"}</script></head><body>t</body>",
            &failing("e"),
            &it(),
        );
        assert!(page.ends_with("</script>\n</body>"), "{page}");
        assert!(page.contains("{\"n\":\"<body></body>\"}"), "{page}");
    }

    #[test]
    fn without_errors_only_the_script_is_added() {
        let status = Status {
            server: 12,
            generation: 7,
            errors: None,
        };
        let page = inject("<HTML><BODY class=x>t</BODY></HTML>", &status, &it());
        assert_eq!(
            page,
            "<HTML><BODY class=x>t<script src=\"/__smpolicy/live.js\" data-build=\"12-7\"></script>\n</BODY></HTML>"
        );
        // A page without body tags still gets both, at the end.
        let page = inject("plain", &failing("e"), &it());
        assert!(
            page.starts_with("plain<aside") && page.contains("</aside>\n<script"),
            "{page}"
        );
    }

    #[test]
    fn the_list_links_every_document_and_format_with_escaped_names() {
        let orgs = [OrgFiles {
            slug: "comune <b>x</b>".to_string(),
            files: vec![
                "internal/it/internal.html".to_string(),
                "internal/it/internal.pdf".to_string(),
                "public/SHA256SUMS".to_string(),
                "public/it/external.fragment.html".to_string(),
                "public/it/external.html".to_string(),
                "public/it/external.md".to_string(),
                "public/it/external.pdf".to_string(),
                "public/policy.json".to_string(),
            ],
        }];
        let page = index(&orgs, &Status::default(), &it());
        assert!(!page.contains("<b>x</b>"), "{page}");
        for href in [
            "/comune%20%3Cb%3Ex%3C%2Fb%3E/public/it/external.pdf",
            "/comune%20%3Cb%3Ex%3C%2Fb%3E/public/it/external.html",
            "/comune%20%3Cb%3Ex%3C%2Fb%3E/public/it/external.fragment.html",
            "/comune%20%3Cb%3Ex%3C%2Fb%3E/internal/it/internal.pdf",
            "/comune%20%3Cb%3Ex%3C%2Fb%3E/public/policy.json",
        ] {
            assert!(
                page.contains(&format!("href=\"{href}\"")),
                "{href} in {page}"
            );
        }
        assert!(page.contains("Policy esterna") && page.contains("Policy interna"));
    }

    /// Every word of the preview comes from the labels: with other words (here English,
    /// with markup in them), the pages carry those, escaped, in their language, and none of
    /// the built-in Italian ones.
    #[test]
    fn the_preview_speaks_the_language_of_its_labels() {
        let mut en = it();
        en.lang = "en".to_string();
        let w = &mut en.words;
        w.title = "Policy <i>preview</i>".into();
        w.empty = "No documents yet.".into();
        w.document = "Document".into();
        w.folder = "Folder".into();
        w.language = "Language".into();
        w.formats = "Formats".into();
        w.other_files = "Other files:".into();
        w.documents.external = "External policy".into();
        w.documents.internal = "Internal policy".into();
        w.format_names.html = "HTML page".into();
        w.format_names.pdf = "PDF file".into();
        w.format_names.md = "Markdown file".into();
        w.format_names.fragment_html = "HTML fragment".into();
        w.errors = "The policy has errors.".into();
        w.refused = "Path refused".into();
        w.not_found = "Document not found".into();
        w.back = "Back to the list".into();
        let orgs = [OrgFiles {
            slug: "town".to_string(),
            files: [
                "internal/it/internal.html",
                "public/it/external.fragment.html",
                "public/it/external.html",
                "public/it/external.md",
                "public/it/external.pdf",
                "public/policy.json",
            ]
            .map(String::from)
            .to_vec(),
        }];
        let pages = [
            index(&orgs, &failing("e"), &en),
            index(&[], &Status::default(), &en),
            problem(&en.words.not_found, "x", &failing("e"), &en),
        ]
        .join("\n");
        for words in [
            "<html lang=\"en\">",
            "<title>Policy &lt;i&gt;preview&lt;/i&gt;</title>",
            "No documents yet.",
            "<th scope=\"col\">Document</th><th scope=\"col\">Folder</th><th scope=\"col\">Language</th><th scope=\"col\">Formats</th>",
            "<p>Other files:</p>",
            "<td>External policy</td>",
            "<td>Internal policy</td>",
            ">HTML page</a> · <a href=\"/town/public/it/external.pdf\">PDF file</a> · <a href=\"/town/public/it/external.md\">Markdown file</a> · <a href=\"/town/public/it/external.fragment.html\">HTML fragment</a>",
            "lang=\"en\">The policy has errors.</p>",
            "<h1>Document not found</h1>",
            "Back to the list</a>",
        ] {
            assert!(pages.contains(words), "{words} in {pages}");
        }
        for italian in [
            "Anteprima",
            "Nessun",
            "Documento",
            "Cartella",
            "Lingua",
            "Formati",
            "Altri",
            "Policy esterna",
            "Policy interna",
            "pagina",
            "frammento",
            "errori",
            "Torna",
            "lang=\"it\"",
        ] {
            assert!(!pages.contains(italian), "{italian} in {pages}");
        }
    }
}

//! Publishing for citizens and councils, through the binary: the HTML fragment a council
//! pastes into its site (one wrapper with `lang`, no H1 by default, prefixed ids with the rule
//! anchors kept, Bootstrap Italia's table classes when asked, a template a project can
//! override), what the external page says about itself (description for the citizen, Open
//! Graph, canonical address, schema.org `GovernmentOrganization`), tables in labelled scroll
//! boxes, links that print their address once, and focus rings that can be seen.
//! The browser checks (320 px reflow, the fragment in a Bootstrap Italia page, axe and pa11y)
//! are in .ci/a11y and run in .ci/run.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{build, copy_tree, doc, read, repo, run, tempdir};
use scraper::{Html, Selector};
use serde_json::Value;

const ORG: &str = "comune-di-valdoria";

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// A copy of the example under `<tmp>/policy-src`, with `edit` applied to its policy.yaml.
fn example_with(tmp: &Path, edit: impl FnOnce(String) -> String) -> PathBuf {
    let src = tmp.join("policy-src");
    copy_tree(&repo().join("policy-src"), &src);
    let file = src.join(ORG).join("policy.yaml");
    std::fs::write(&file, edit(read(&file))).expect("write");
    src
}

fn built(src: &Path, tmp: &Path) -> PathBuf {
    let out = tmp.join("out");
    let r = build(src, &out, tmp);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    out
}

fn json_ld(html: &Html) -> Value {
    let scripts: Vec<String> = html
        .select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    serde_json::from_str(&scripts[0]).expect("JSON-LD parses")
}

fn meta(html: &Html, attr: &str, name: &str) -> Option<String> {
    html.select(&sel(&format!("meta[{attr}=\"{name}\"]")))
        .next()
        .and_then(|m| m.value().attr("content").map(String::from))
}

#[test]
fn the_fragment_is_one_element_without_h1_with_prefixed_ids_and_rule_anchors_kept() {
    let tmp = tempdir();
    let out = built(&repo().join("policy-src"), tmp.path());
    let text = read(&doc(&out, ORG, "external.fragment.html"));
    assert!(
        text.starts_with("<div class=\"smpolicy\" lang=\"it\">\n"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.trim_end().ends_with("</div>"), "one wrapper element");
    let html = Html::parse_fragment(&text);
    let top: Vec<_> = html
        .root_element()
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .collect();
    assert_eq!(top.len(), 1, "one element at the top");
    assert_eq!(html.select(&sel("h1")).count(), 0, "no H1 by default");
    assert!(html.select(&sel("h2")).count() > 5);
    assert_eq!(html.select(&sel("style")).count(), 1);
    // Every id is prefixed but the rules', which citizens cite.
    let ids: Vec<String> = html
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id").map(String::from))
        .collect();
    let rules: BTreeSet<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|i| !i.starts_with("smp-"))
        .collect();
    assert!(
        rules.contains("M-01") && rules.contains("M-03"),
        "{rules:?}"
    );
    assert!(rules.iter().all(|i| i.starts_with("M-")), "{rules:?}");
    assert!(
        ids.iter().any(|i| i == "smp-contatti-fuori-dai-social"),
        "{ids:?}"
    );
    // Every `#` link reaches an id of the fragment.
    let all: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    for a in html.select(&sel("a[href^=\"#\"]")) {
        let target = &a.value().attr("href").unwrap_or_default()[1..];
        assert!(all.contains(target), "dead link #{target}");
    }
    let page_text = read(&doc(&out, ORG, "external.html"));
    assert_eq!(
        text.matches("href=\"#M-").count(),
        page_text[page_text.find("<main id=").expect("main")..]
            .matches("href=\"#M-")
            .count(),
        "rule links keep their anchor"
    );
    // The example asks for Bootstrap Italia's classes.
    let boxes: Vec<_> = html.select(&sel("div.table-scroll")).collect();
    assert!(!boxes.is_empty());
    for b in &boxes {
        let classes: Vec<&str> = b.value().classes().collect();
        assert!(classes.contains(&"table-responsive"), "{classes:?}");
        assert_eq!(b.value().attr("role"), Some("region"));
        assert_eq!(b.value().attr("tabindex"), Some("0"));
        assert!(!b.value().attr("aria-label").unwrap_or_default().is_empty());
        let table = b.select(&sel("table")).next().expect("a table in the box");
        assert_eq!(table.value().attr("class"), Some("table"));
    }
    // The page itself has the H1, unprefixed ids, and plain tables in their boxes.
    let page = Html::parse_document(&read(&doc(&out, ORG, "external.html")));
    assert_eq!(page.select(&sel("h1")).count(), 1);
    assert_eq!(page.select(&sel("#contatti-fuori-dai-social")).count(), 1);
    assert_eq!(page.select(&sel("main.smpolicy")).count(), 1);
    for table in page.select(&sel("table")) {
        assert_eq!(table.value().attr("class"), None);
    }
    assert!(
        page.select(&sel(
            "div.table-scroll[role=region][tabindex=\"0\"] > table"
        ))
        .count()
            > 0
    );
}

#[test]
fn a_heading_offset_keeps_the_title_one_level_down_and_defaults_apply_without_the_section() {
    let tmp = tempdir();
    let src = example_with(tmp.path(), |s| {
        s.replace(
            "    id_prefix: smp-\n    bootstrap_italia: true\n",
            "    heading_offset: 1\n    id_prefix: \"\"\n",
        )
    });
    let out = built(&src, tmp.path());
    let html = Html::parse_fragment(&read(&doc(&out, ORG, "external.fragment.html")));
    assert_eq!(html.select(&sel("h1")).count(), 0);
    let h2: Vec<String> = html
        .select(&sel("h2"))
        .map(|h| h.text().collect::<String>())
        .collect();
    assert_eq!(h2.len(), 1, "the title alone is an H2: {h2:?}");
    assert!(h2[0].contains("Valdoria"), "{h2:?}");
    assert_eq!(
        html.select(&sel("#contatti-fuori-dai-social")).count(),
        1,
        "no prefix"
    );
    assert_eq!(html.select(&sel("h3#contatti-fuori-dai-social")).count(), 1);
    assert_eq!(html.select(&sel("table.table")).count(), 0);

    // Without `publishing:` at all: no H1, `smp-` ids, plain tables.
    let tmp = tempdir();
    let src = example_with(tmp.path(), |s| {
        let start = s
            .find("\n# Il frammento HTML")
            .expect("the example's publishing");
        s[..start].to_string() + "\n"
    });
    let out = built(&src, tmp.path());
    let html = Html::parse_fragment(&read(&doc(&out, ORG, "external.fragment.html")));
    assert_eq!(html.select(&sel("h1")).count(), 0);
    assert_eq!(
        html.select(&sel("h2#smp-contatti-fuori-dai-social"))
            .count(),
        1
    );
    assert_eq!(html.select(&sel("table.table")).count(), 0);
    assert!(html.select(&sel("div.table-scroll > table")).count() > 0);
}

#[test]
fn bad_fragment_options_are_refused_with_their_position() {
    for (option, code, line_text) in [
        (
            "heading_offset: 6",
            "fragment-heading-offset",
            "heading_offset",
        ),
        (
            "id_prefix: '\"><script>x</script>'",
            "fragment-id-prefix",
            "id_prefix",
        ),
        ("id_prefix: 1abc", "fragment-id-prefix", "id_prefix"),
    ] {
        let tmp = tempdir();
        let src = example_with(tmp.path(), |s| {
            s.replace("    id_prefix: smp-\n", &format!("    {option}\n"))
        });
        let file = src.join(ORG).join("policy.yaml");
        let line = read(&file)
            .lines()
            .position(|l| l.trim_start().starts_with(line_text))
            .expect("the line")
            + 1;
        let r = run(&["check", src.to_str().unwrap()], tmp.path());
        assert_ne!(r.code, 0, "{option}: {}{}", r.stdout, r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains(code), "{option}: {all}");
        assert!(
            all.contains(&format!("policy.yaml:{line}:")),
            "{option}: no position policy.yaml:{line}: in {all}"
        );
    }
}

#[test]
fn a_project_can_override_the_fragment_template() {
    let tmp = tempdir();
    let src = example_with(tmp.path(), |s| s);
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/fragment.html.tera"),
        "<section class=\"policy-social\" lang=\"{{ lang }}\">\n{{ body | safe }}\n</section>\n",
    )
    .unwrap();
    let out = built(&src, tmp.path());
    let text = read(&doc(&out, ORG, "external.fragment.html"));
    assert!(
        text.starts_with("<section class=\"policy-social\" lang=\"it\">"),
        "{}",
        &text[..100]
    );
    assert!(!text.contains("<style>"));
    assert!(text.contains("id=\"M-03\""));
}

#[test]
fn the_external_page_speaks_to_the_citizen_and_describes_the_body() {
    let tmp = tempdir();
    let out = built(&repo().join("policy-src"), tmp.path());
    let page = Html::parse_document(&read(&doc(&out, ORG, "external.html")));
    let description = meta(&page, "name", "description").expect("a description");
    assert!(
        description.starts_with(
            "Le regole per commentare e scrivere sui profili social del Comune di Valdoria:"
        ),
        "{description}"
    );
    assert_eq!(meta(&page, "property", "og:description"), Some(description));
    assert_eq!(
        meta(&page, "property", "og:locale").as_deref(),
        Some("it_IT")
    );
    assert_eq!(
        meta(&page, "property", "og:type").as_deref(),
        Some("article")
    );
    let title = page.select(&sel("title")).next().unwrap().inner_html();
    assert_eq!(meta(&page, "property", "og:title"), Some(title));
    // The example names the page of the site that publishes the policy: that address, and
    // no other, is the canonical one.
    let canonical = "https://www.comune.valdoria.it/social-media-policy";
    let links: Vec<_> = page
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(links, vec![canonical]);
    assert_eq!(
        meta(&page, "property", "og:url").as_deref(),
        Some(canonical)
    );

    let ld = json_ld(&page);
    let graph = ld["@graph"].as_array().expect("a graph");
    let org = &graph[0];
    assert_eq!(org["@type"], "GovernmentOrganization");
    assert_eq!(org["@id"], "https://www.comune.valdoria.it/#ente");
    assert_eq!(org["identifier"]["propertyID"], "IPA");
    assert_eq!(org["identifier"]["value"], "c_z999");
    let same_as: Vec<&str> = org["sameAs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(same_as.contains(&"https://www.facebook.com/comunedivaldoria"));
    assert_eq!(same_as.len(), 7, "the institutional accounts: {same_as:?}");
    for not_the_body in ["bibliotecavaldoria", "festivalacquevaldoria"] {
        assert!(
            !same_as.iter().any(|u| u.contains(not_the_body)),
            "{not_the_body} is not the body: {same_as:?}"
        );
    }
    let policy = &graph[1];
    assert_eq!(policy["@type"], "DigitalDocument");
    assert_eq!(policy["version"], "2.0");
    assert_eq!(policy["dateCreated"], "2026-03-12");
    assert_eq!(policy["inLanguage"], "it");
    assert_eq!(
        policy["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(policy["publisher"]["@id"], org["@id"]);

    // The internal page: not indexed, and nothing that presents it to the world.
    let internal = read(&doc(&out, ORG, "internal.html"));
    let page = Html::parse_document(&internal);
    assert_eq!(
        meta(&page, "name", "robots").as_deref(),
        Some("noindex, nofollow")
    );
    assert!(
        !internal.contains("og:"),
        "no Open Graph on the internal page"
    );
    assert!(!internal.contains("application/ld+json"));
    assert!(!internal.contains("rel=\"canonical\""));
}

#[test]
fn the_published_address_becomes_canonical_and_hostile_values_stay_text() {
    let tmp = tempdir();
    let src = example_with(tmp.path(), |s| {
        s.replace(
            "    url: https://www.comune.valdoria.it/social-media-policy\n",
            "    url: https://www.comune.valdoria.it/social-policy?a=1&b=\"2\"\n",
        )
        .replace(
            "  ipa_code: c_z999\n",
            "  ipa_code: \"</script><script>alert(1)</script>\"\n",
        )
        .replace(
            "  name: Comune di Valdoria\n",
            "  name: \"Comune di \\\"Valdoria\\\" & co\"\n",
        )
    });
    let out = built(&src, tmp.path());
    let org = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .expect("an organisation")
        .file_name()
        .to_string_lossy()
        .into_owned();
    let text = read(&doc(&out, &org, "external.html"));
    assert!(!text.contains("<script>alert"), "the JSON-LD is escaped");
    assert!(
        !text.contains("social del Comune di \"Valdoria"),
        "quotes in an attribute are escaped"
    );
    let page = Html::parse_document(&text);
    let canonical: Vec<_> = page
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(canonical.len(), 1);
    assert!(
        canonical[0].starts_with("https://www.comune.valdoria.it/social-policy?a=1&b="),
        "{canonical:?}"
    );
    assert_eq!(
        meta(&page, "property", "og:url").as_deref(),
        Some(canonical[0])
    );
    let description = meta(&page, "name", "description").unwrap();
    assert!(
        description.contains("Comune di \"Valdoria\" & co:"),
        "{description}"
    );
    let ld = json_ld(&page);
    assert_eq!(
        ld["@graph"][0]["identifier"]["value"],
        "</script><script>alert(1)</script>"
    );
    assert_eq!(ld["@graph"][1]["url"], canonical[0]);
    assert_eq!(ld["@graph"][1]["datePublished"], "2026-03-12");
    // Only one script element, the JSON-LD.
    assert_eq!(page.select(&sel("script")).count(), 1);
}

/// A published address with a `#fragment` (a section of the site's page): the canonical
/// link and the document's `@id` name the page, with one `#` at most.
#[test]
fn a_published_address_with_a_fragment_names_the_page() {
    let tmp = tempdir();
    let src = example_with(tmp.path(), |s| {
        s.replace(
            "    url: https://www.comune.valdoria.it/social-media-policy\n",
            "    url: https://www.comune.valdoria.it/social-media-policy#sez\n",
        )
    });
    let out = built(&src, tmp.path());
    let page = Html::parse_document(&read(&doc(&out, ORG, "external.html")));
    let canonical: Vec<_> = page
        .select(&sel("link[rel=canonical]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(
        canonical,
        vec!["https://www.comune.valdoria.it/social-media-policy"]
    );
    let ld = json_ld(&page);
    let id = ld["@graph"][1]["@id"].as_str().expect("an @id");
    assert_eq!(id.matches('#').count(), 1, "{id}");
    assert!(
        id.starts_with("https://www.comune.valdoria.it/social-media-policy#"),
        "{id}"
    );
}

#[test]
fn a_link_showing_its_address_prints_it_once() {
    let tmp = tempdir();
    let out = built(&repo().join("policy-src"), tmp.path());
    let page = Html::parse_document(&read(&doc(&out, ORG, "external.html")));
    let (mut marked, mut other) = (0, 0);
    for a in page.select(&sel("main a[href^=\"http\"]")) {
        let href = a.value().attr("href").unwrap();
        let text: String = a.text().collect();
        let bare = |s: &str| {
            s.trim()
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_lowercase()
        };
        let is_url = a.value().classes().any(|c| c == "url");
        assert_eq!(
            is_url,
            bare(&text) == bare(href),
            "{href} shown as {text:?}"
        );
        if is_url { marked += 1 } else { other += 1 }
    }
    assert!(marked > 0 && other > 0, "{marked} {other}");
    let css = read(&repo().join("templates/style.css"));
    assert!(css.contains("a[href^=\"http\"]:not(.url)::after"), "{css}");
    let page_css = read(&repo().join("templates/page.css"));
    assert!(page_css.contains("@page { size: A4; margin:"), "{page_css}");
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    fn lum(c: &str) -> f64 {
        let v: Vec<f64> = (0..3)
            .map(|i| {
                let s =
                    u8::from_str_radix(&c[1 + 2 * i..3 + 2 * i], 16).expect("hex") as f64 / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The value of a custom property (`--focus: #b35c00;`) in a stylesheet.
fn custom_property(css: &str, name: &str) -> Option<String> {
    let at = css.find(&format!("{name}:"))?;
    let rest = css[at + name.len() + 1..].trim_start();
    Some(rest[..rest.find([';', ' ', '}'])?].to_string())
}

#[test]
fn focus_rings_contrast_three_to_one_with_white_and_the_backgrounds() {
    assert!(contrast("#e6a100", "#ffffff") < 3.0, "the old ring fails");
    for (file, focus, backgrounds) in [
        ("templates/style.css", "--smp-focus", &["--smp-soft"][..]),
        ("templates/page.css", "--focus", &["--bg", "--soft"][..]),
    ] {
        let css = read(&repo().join(file));
        let ring = custom_property(&css, focus).expect("the focus colour");
        // Every outline uses the focus colour.
        // (`outline: none`, as in print, draws nothing.)
        for line in css
            .lines()
            .filter(|l| l.contains("outline:") && !l.contains("outline: none"))
        {
            assert!(line.contains(&format!("var({focus})")), "{file}: {line}");
        }
        let mut behind = vec!["#ffffff".to_string()];
        behind.extend(backgrounds.iter().filter_map(|b| custom_property(&css, b)));
        for bg in behind {
            let ratio = contrast(&ring, &bg);
            assert!(ratio >= 3.0, "{file}: {ring} on {bg} is {ratio:.2}:1");
        }
    }
}

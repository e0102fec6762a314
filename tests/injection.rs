//! The injection matrix: every string value of the example policy, times hostile payloads.
//!
//! For each payload, every field is tried on its own with `check`. A payload a field refuses
//! must be refused cleanly (an error, no panic). The fields that accept it are then all set to
//! it at once, and the policy is built in memory. Against a control build of the unchanged
//! example, the case must hold:
//!
//! - HTML (page and fragment of both documents), read with an HTML parser: no element and no
//!   attribute that the control build or a text's plain Markdown (emphasis, lists, links)
//!   does not make; no `on*` attribute; every `href` on the allow-list (http, https, mailto,
//!   tel, or `#` and an id of the page); every `<script>` is the JSON-LD block and parses as
//!   JSON;
//! - Markdown: the outline of headings (level and explicit `{#id}`) and of tables (rows and
//!   columns) is the control build's;
//! - PDF: every `/URI` is on the allow-list.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;
use smpolicy::compile::{build_str, check_str};
use smpolicy::render::output::Artifact;

const PAYLOADS: &[&str] = &[
    // Structure from a line break (a URL pasted from an e-mail).
    "https://www.comune.example.it/\n# Titolo {#x tabindex=0 autofocus onfocus=alert(1)}",
    "x\n\n## Iniettato {#x tabindex=0 autofocus onfocus=alert(1)}",
    "Testo {#x onfocus=alert(1)}",
    // Raw HTML and script.
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "<!-- commento --><b onclick=alert(1)>x</b>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    // Links the allow-list refuses.
    "\\<javascript:alert(1)>",
    "<javascript:alert(1)>",
    "[clic](javascript:alert(1))",
    "[regole]: javascript:alert(1)",
    "[regole]",
    "[vai](#non-esiste)",
    "data:text/html,<script>alert(1)</script>",
    "javascript:alert(1)",
    "![logo](https://evil.example/a.png)",
    // Addresses that look like one host and go to another, or carry a password.
    "https://www.facebook.com\\@evil.example/x",
    "https://www.facebook.com@evil.example/x",
    "https://user:pass@evil.example/",
    "https://www.facebook.com/x\tevil",
    "https://www.facebook.com/a)b\n[x](javascript:alert(1))",
    // Blocks that would escape the field.
    "```\ncodice non chiuso",
    "~~~\ncodice non chiuso",
    "- voce\n---",
    "testo\n===",
    "***",
    "    codice indentato\n\ntesto",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "cella\r| forged | row |",
    "> citazione\n# titolo",
    // Control characters and marks that reorder text.
    "\u{1b}[2J\u{7}yes: fake",
    "abc\u{202e}fed",
    "a\u{85}b",
    // Plain Markdown a text may hold: it must stay inside its field.
    "1. uno\n2. due\n\n- tre",
    "*enfasi* e **forte** e `codice` e [link](https://www.example.it/)",
    "{#M-01}",
    // A `|` in an address, in a link's address and in code: none may end a table cell.
    "https://www.facebook.com/comunedivaldoria?|**XXJ**|[clic](javascript:alert%601%60",
    "Vedi [testo](https://a.example.it/x|XX6|y) e il codice `a|b|c` qui.",
    // Invisible marks: the Arabic letter mark reorders digits, a zero-width space hides in
    // a name.
    "entro \u{61c}2 5 giorni",
    "Comune\u{200b} di Valdoria",
];

fn example_yaml() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policy-src/comune-di-valdoria");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("example folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read example"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Paths (object keys and array indexes) of every string leaf.
fn string_paths(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::String(_) => out.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Value::from(i));
                string_paths(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(Value::from(k.as_str()));
                string_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn set(v: &mut Value, path: &[Value], to: &str) {
    let mut cur = v;
    for p in path {
        cur = match p {
            Value::String(k) => cur.get_mut(k.as_str()).expect("key"),
            Value::Number(n) => cur
                .get_mut(usize::try_from(n.as_u64().expect("index")).expect("index"))
                .expect("index"),
            _ => unreachable!(),
        };
    }
    *cur = Value::String(to.to_string());
}

/// The policy as YAML in its JSON form (JSON is YAML): one value per line, every string
/// double-quoted with its escapes, so that an error's line names the field it is about.
fn yaml(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("serialise")
}

fn errors(yaml: &str) -> usize {
    error_lines(yaml).len()
}

/// The line of each error `check` finds (0 for an error with no place).
fn error_lines(yaml: &str) -> Vec<usize> {
    let (_, diags) = check_str(yaml, None);
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.location.as_ref().map_or(0, |l| l.line))
        .collect()
}

/// The line each field's value is written on by [`yaml`].
fn field_lines(base: &Value, fields: &[Vec<Value>]) -> Vec<usize> {
    let mut v = base.clone();
    for (i, f) in fields.iter().enumerate() {
        set(&mut v, f, &format!("FIELD-{i}-MARK"));
    }
    let text = yaml(&v);
    let mut lines = vec![0; fields.len()];
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.split("FIELD-").nth(1)
            && let Some(i) = rest.split('-').next().and_then(|i| i.parse::<usize>().ok())
        {
            lines[i] = n + 1;
        }
    }
    lines
}

/// The fields of `cand` that accept `payload` together: fields named by an error's line are
/// dropped until the policy checks clean; errors with no field's line split the set.
fn accepted(
    base: &Value,
    fields: &[Vec<Value>],
    lines: &[usize],
    cand: Vec<usize>,
    payload: &str,
) -> Vec<usize> {
    if cand.is_empty() {
        return cand;
    }
    let mut v = base.clone();
    for &i in &cand {
        set(&mut v, &fields[i], payload);
    }
    let errs = error_lines(&yaml(&v));
    if errs.is_empty() {
        return cand;
    }
    let (bad, good): (Vec<usize>, Vec<usize>) =
        cand.iter().partition(|&&i| errs.contains(&lines[i]));
    if !bad.is_empty() {
        return accepted(base, fields, lines, good, payload);
    }
    if cand.len() == 1 {
        return Vec::new();
    }
    let (a, b) = cand.split_at(cand.len() / 2);
    let mut out = accepted(base, fields, lines, a.to_vec(), payload);
    out.extend(accepted(base, fields, lines, b.to_vec(), payload));
    out
}

fn artifact<'a>(arts: &'a [Artifact], name: &str) -> &'a [u8] {
    &arts
        .iter()
        .find(|a| a.path.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .bytes
}

/// Element names and (element, attribute) pairs of an HTML document.
fn html_shape(html: &str) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let doc = scraper::Html::parse_document(html);
    let mut tags = BTreeSet::new();
    let mut attrs = BTreeSet::new();
    for node in doc.root_element().descendants() {
        if let Some(el) = node.value().as_element() {
            tags.insert(el.name().to_string());
            for (name, _) in el.attrs() {
                attrs.insert((el.name().to_string(), name.to_string()));
            }
        }
    }
    (tags, attrs)
}

/// What a text's own Markdown may add to a page.
const TEXT_ELEMENTS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "br",
    "blockquote",
];

fn check_html(html: &str, control: &str, what: &str) {
    let (ctags, cattrs) = html_shape(control);
    let (tags, attrs) = html_shape(html);
    for t in &tags {
        assert!(
            ctags.contains(t) || TEXT_ELEMENTS.contains(&t.as_str()),
            "{what}: element <{t}> that the templates do not make"
        );
    }
    for (t, a) in &attrs {
        assert!(
            !a.starts_with("on"),
            "{what}: event handler attribute {a} on <{t}>"
        );
        let text_attr = (t == "a" && a == "href") || (t == "ol" && a == "start");
        assert!(
            cattrs.contains(&(t.clone(), a.clone())) || text_attr,
            "{what}: attribute {a} on <{t}> that the templates do not make"
        );
    }
    let doc = scraper::Html::parse_document(html);
    let ids: HashSet<String> = doc
        .select(&scraper::Selector::parse("[id]").expect("selector"))
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect();
    for a in doc.select(&scraper::Selector::parse("[href]").expect("selector")) {
        let href = a.value().attr("href").unwrap_or_default();
        let ok = match href.strip_prefix('#') {
            Some(id) => ids.contains(id),
            None => ["https://", "http://", "mailto:", "tel:"]
                .iter()
                .any(|p| href.starts_with(p)),
        };
        assert!(ok, "{what}: link to {href:?}");
        assert!(!href.contains("evil.example"), "{what}: link to {href:?}");
    }
    for s in doc.select(&scraper::Selector::parse("script").expect("selector")) {
        assert_eq!(
            s.value().attr("type"),
            Some("application/ld+json"),
            "{what}: a script that is not the JSON-LD block"
        );
        let json = s.text().collect::<String>();
        assert!(
            serde_json::from_str::<Value>(&json).is_ok(),
            "{what}: the JSON-LD block no longer parses: {json}"
        );
    }
}

/// Headings (level and explicit id) and tables (rows x columns) of a Markdown document, and
/// the cells each table line is split into: GFM ends a cell at every `|` not escaped, even
/// in a link's address or in code, and drops the cells over the header's count, so a forged
/// cell shows only in the source line.
fn md_outline(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut cols = 0;
    let mut rows = 0;
    for (e, range) in Parser::new_ext(md, smpolicy::render::markdown_options()).into_offset_iter() {
        match e {
            Event::Start(Tag::Heading { level, id, .. }) => out.push(format!("{level:?} {id:?}")),
            Event::Start(Tag::Table(a)) => {
                cols = a.len();
                rows = 0;
            }
            Event::Start(Tag::TableRow) => {
                rows += 1;
                out.push(format!("row of {} bars", unescaped_bars(&md[range])));
            }
            Event::Start(Tag::TableHead) => {
                out.push(format!("head of {} bars", unescaped_bars(&md[range])));
            }
            Event::End(TagEnd::Table) => out.push(format!("table {rows}x{cols}")),
            _ => {}
        }
    }
    out
}

fn unescaped_bars(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        if c == '|' && !escaped {
            n += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    n
}

fn pdf_uris(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF reads back");
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        if let Ok(dict) = obj.as_dict()
            && let Ok(uri) = dict.get(b"URI")
            && let Ok(bytes) = uri.as_str()
        {
            out.push(String::from_utf8_lossy(bytes).into_owned());
        }
    }
    out
}

/// What a Markdown text can add besides its words: raw HTML, links, images, emphasis.
fn md_marks(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for e in Parser::new_ext(md, smpolicy::render::markdown_options()) {
        match e {
            Event::Html(_) | Event::InlineHtml(_) => out.push("html".to_string()),
            Event::Start(Tag::Link { .. }) => out.push("link".to_string()),
            Event::Start(Tag::Image { .. }) => out.push("image".to_string()),
            Event::Start(Tag::Emphasis | Tag::Strong) => out.push("emphasis".to_string()),
            Event::Start(Tag::CodeBlock(_)) => out.push("code block".to_string()),
            _ => {}
        }
    }
    out
}

fn check_case(arts: &[Artifact], control: &[Artifact], what: &str) {
    // The account kits: the texts stay in their code blocks, and nothing else is added.
    let kits: Vec<&Artifact> = control
        .iter()
        .filter(|a| a.path.components().any(|c| c.as_os_str() == "accounts"))
        .collect();
    assert!(!kits.is_empty(), "the example has account kits");
    for ctrl in kits {
        let name = ctrl.path.to_string_lossy();
        let md = String::from_utf8_lossy(artifact(arts, &name)).into_owned();
        let ctrl = String::from_utf8_lossy(&ctrl.bytes).into_owned();
        assert_eq!(
            md_outline(&md),
            md_outline(&ctrl),
            "{what}, {name}: outline"
        );
        assert_eq!(md_marks(&md), md_marks(&ctrl), "{what}, {name}: marks");
    }
    for doc in ["external", "internal"] {
        for file in [format!("{doc}.html"), format!("{doc}.fragment.html")] {
            let html = String::from_utf8_lossy(artifact(arts, &file)).into_owned();
            let ctrl = String::from_utf8_lossy(artifact(control, &file)).into_owned();
            check_html(&html, &ctrl, &format!("{what}, {file}"));
        }
        let md = String::from_utf8_lossy(artifact(arts, &format!("{doc}.md"))).into_owned();
        let ctrl = String::from_utf8_lossy(artifact(control, &format!("{doc}.md"))).into_owned();
        assert_eq!(
            md_outline(&md),
            md_outline(&ctrl),
            "{what}, {doc}.md: the outline of headings and tables changed"
        );
        for uri in pdf_uris(artifact(arts, &format!("{doc}.pdf"))) {
            assert!(
                smpolicy::model::values::link_allowed(&uri) && !uri.starts_with('#'),
                "{what}, {doc}.pdf: /URI {uri:?}"
            );
            assert!(
                !uri.contains("evil.example") && !uri.contains("javascript"),
                "{what}, {doc}.pdf: /URI {uri:?}"
            );
        }
    }
}

/// Builds with `value` in every field of `fields`; when the fields together fail to check
/// (two ids made equal, say), builds each half on its own.
fn build_with(base: &Value, fields: &[Vec<Value>], payload: &str, control: &[Artifact]) -> usize {
    if fields.is_empty() {
        return 0;
    }
    let mut v = base.clone();
    for f in fields {
        set(&mut v, f, payload);
    }
    match build_str(&yaml(&v), None) {
        Ok(arts) => {
            check_case(
                &arts,
                control,
                &format!("payload {payload:?} in {fields:?}"),
            );
            fields.len()
        }
        Err(_) if fields.len() > 1 => {
            let (a, b) = fields.split_at(fields.len() / 2);
            build_with(base, a, payload, control) + build_with(base, b, payload, control)
        }
        Err(_) => 0,
    }
}

#[test]
fn no_payload_in_any_field_changes_the_documents_structure() {
    let base: Value = serde_saphyr::from_str(&example_yaml()).expect("example parses");
    let control = build_str(&yaml(&base), None).expect("the example builds");
    let mut all = Vec::new();
    string_paths(&base, &mut Vec::new(), &mut all);
    // One place per field of the model: `accounts[0].name` stands for every account's name.
    let mut seen = HashSet::new();
    let fields: Vec<Vec<Value>> = all
        .into_iter()
        .filter(|p| {
            let shape: Vec<String> = p
                .iter()
                .map(|k| k.as_str().map_or("[]".to_string(), str::to_string))
                .collect();
            seen.insert(shape)
        })
        .collect();
    assert!(
        fields.len() > 120,
        "only {} string fields in the example",
        fields.len()
    );
    assert!(PAYLOADS.len() >= 25);
    let lines = field_lines(&base, &fields);
    assert!(lines.iter().all(|&l| l > 0), "every field has its own line");
    let per_payload: Vec<usize> = PAYLOADS
        .par_iter()
        .map(|payload| {
            let ok = accepted(&base, &fields, &lines, (0..fields.len()).collect(), payload);
            let ok: Vec<Vec<Value>> = ok.into_iter().map(|i| fields[i].clone()).collect();
            build_with(&base, &ok, payload, &control)
        })
        .collect();
    let tried = fields.len() * PAYLOADS.len();
    let built: usize = per_payload.iter().sum();
    eprintln!(
        "{tried} cases ({} fields x {} payloads); {built} accepted by check and built, the rest refused",
        fields.len(),
        PAYLOADS.len()
    );
    // Not a vacuous matrix: the texts of the policy take the harmless payloads and are built.
    assert!(
        built >= 800,
        "only {built} cases were built: the matrix no longer reaches the renderers"
    );
}

#[test]
fn a_link_definition_in_one_text_cannot_serve_a_link_in_another() {
    let base: Value = serde_saphyr::from_str(&example_yaml()).expect("example parses");
    let control = build_str(&yaml(&base), None).expect("the example builds");
    let mut v = base.clone();
    set(
        &mut v,
        &[Value::from("purposes"), Value::from("intro")],
        "Vedi le [regole].",
    );
    let defined = {
        let mut w = v.clone();
        set(
            &mut w,
            &[Value::from("content"), Value::from("contributions")],
            "[regole]: javascript:alert(1)",
        );
        w
    };
    assert!(errors(&yaml(&defined)) > 0, "a link definition is refused");
    let arts = build_str(&yaml(&v), None).expect("builds");
    check_case(&arts, &control, "shortcut link");
    let md = String::from_utf8_lossy(artifact(&arts, "external.md")).into_owned();
    assert!(md.contains("Vedi le \\[regole\\]."), "{md}");
}

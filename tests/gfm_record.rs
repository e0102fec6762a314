//! The Markdown record as GitHub and GitLab show it. For the example and every body of
//! `tests/corpus/`, built through the binary: the committed kind of Markdown
//! (`external.md`, `internal.md`) is read by pandoc (`-f gfm`) and by cmark-gfm (GitHub's
//! own parser, with GitHub's extensions), and each must give the outline smpolicy's HTML
//! page gives (heading levels and texts, in order), and every `#x` link in each renderer's
//! output must reach an `id` (or, as GitLab keeps it, a `name`) in that same output. No
//! heading carries `{...}` attribute syntax, which GitHub and GitLab print as text.
//!
//! pandoc and cmark-gfm are Debian packages (`.ci/apt-packages.txt`). Where one is missing
//! the test says so and skips it, unless `SMPOLICY_REQUIRE_TOOLS` is set (as `.ci/run` sets
//! it), when a missing tool fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One heading: level and text.
type Outline = Vec<(u8, String)>;

/// A renderer of GFM we compare with.
struct Tool {
    name: &'static str,
    args: &'static [&'static str],
}

const TOOLS: &[Tool] = &[
    Tool {
        name: "pandoc",
        args: &["-f", "gfm", "-t", "html", "--wrap=none"],
    },
    Tool {
        // GitHub's parser with the extensions github.com enables; raw HTML is kept
        // (`--unsafe`) as GitHub keeps it before its sanitizer.
        name: "cmark-gfm",
        args: &[
            "--unsafe",
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "autolink",
            "-e",
            "tagfilter",
        ],
    },
];

fn tool_available(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn render(tool: &Tool, markdown: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(tool.name)
        .args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the renderer");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(markdown.as_bytes())
        .expect("write the Markdown");
    let out = child.wait_with_output().expect("the renderer runs");
    assert!(
        out.status.success(),
        "{} failed: {}",
        tool.name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 HTML")
}

/// The text of some HTML: tags removed, the entities the renderers write decoded,
/// whitespace collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The headings of some HTML, in order.
fn outline(html: &str) -> Outline {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let Some(level) = rest
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .filter(|l| (1..=6).contains(l))
        else {
            continue;
        };
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let close = format!("</h{level}>");
        let Some(end) = rest.find(&close) else { break };
        out.push((level as u8, text_of(&rest[open_end + 1..end])));
        rest = &rest[end..];
    }
    out
}

/// The values of attribute `attr` (`id="..."`) anywhere in some HTML, after any whitespace.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .filter(|(i, _)| html[..*i].ends_with(char::is_whitespace))
        .filter_map(|(i, _)| {
            let v = &html[i + pat.len()..];
            v.find('"').map(|e| v[..e].to_string())
        })
        .collect()
}

/// Every `#x` link target of some HTML.
fn fragment_links(html: &str) -> Vec<String> {
    attr_values(html, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#').map(str::to_string))
        .collect()
}

/// The part of smpolicy's page that is the document: the H1 of its header and the `<main>`.
fn smpolicy_document(page: &str) -> String {
    let h1 = page
        .find("<h1")
        .and_then(|s| page[s..].find("</h1>").map(|e| &page[s..s + e + 5]))
        .unwrap_or("");
    let main = page
        .find("<main")
        .and_then(|s| page[s..].find("</main>").map(|e| &page[s..s + e]))
        .unwrap_or("");
    format!("{h1}\n{main}")
}

/// Builds `src` (Markdown and HTML) into a scratch folder, for every organisation in it.
fn built(src: &Path, name: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let r = common::run(
        &[
            "build",
            src.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--formats",
            "md,html",
        ],
        tmp.path(),
    );
    assert_eq!(r.code, 0, "build of {name}: {}{}", r.stdout, r.stderr);
    let mut docs = Vec::new();
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.expect("walk");
        let p = entry.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "external.md" || name == "internal.md" {
            docs.push(p.to_path_buf());
        }
    }
    assert!(!docs.is_empty(), "{name} built no document");
    (tmp, docs)
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut all = vec![(common::example_src(), "the example".to_string())];
    let corpus = common::repo().join("tests/corpus");
    let mut bodies: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    bodies.sort();
    assert_eq!(bodies.len(), 6, "the six bodies of tests/corpus");
    for b in bodies {
        let name = b.file_name().map(|n| n.to_string_lossy().into_owned());
        all.push((b, name.unwrap_or_default()));
    }
    all
}

/// The problems of one document: outline or link targets that differ.
fn problems(md_path: &Path, tools: &[&Tool]) -> Vec<String> {
    let md = std::fs::read_to_string(md_path).expect("read the Markdown");
    let page = std::fs::read_to_string(md_path.with_extension("html")).expect("read the page");
    let ours = smpolicy_document(&page);
    let our_outline = outline(&ours);
    let mut found = Vec::new();
    let who = md_path.display();
    for line in md.lines().filter(|l| l.starts_with('#')) {
        let t = line.trim_end();
        if t.ends_with('}') && t.contains('{') {
            found.push(format!("{who}: attribute syntax in a heading: {t}"));
        }
    }
    let our_ids = attr_values(&page, "id");
    for link in fragment_links(&ours) {
        if !our_ids.contains(&link) {
            found.push(format!("{who}: smpolicy's page links #{link} to nothing"));
        }
    }
    for tool in tools {
        let html = render(tool, &md);
        let theirs = outline(&html);
        if theirs != our_outline {
            let at = theirs
                .iter()
                .zip(&our_outline)
                .position(|(a, b)| a != b)
                .unwrap_or(theirs.len().min(our_outline.len()));
            found.push(format!(
                "{who}: {} gives another outline; first difference at heading {at}: {:?} against smpolicy's {:?} ({} headings against {})",
                tool.name,
                theirs.get(at),
                our_outline.get(at),
                theirs.len(),
                our_outline.len()
            ));
        }
        let mut targets = attr_values(&html, "id");
        targets.extend(attr_values(&html, "name"));
        let links = fragment_links(&html);
        for link in &links {
            if !targets.contains(link) {
                found.push(format!("{who}: in {}, #{link} leads nowhere", tool.name));
            }
        }
        // The links are the same ones smpolicy keeps.
        let mut ours_sorted = fragment_links(&ours);
        ours_sorted.sort();
        let mut theirs_sorted = links.clone();
        theirs_sorted.sort();
        if ours_sorted != theirs_sorted {
            found.push(format!(
                "{who}: {} has the # links {theirs_sorted:?}, smpolicy {ours_sorted:?}",
                tool.name
            ));
        }
    }
    found
}

#[test]
fn gfm_renderers_agree_with_smpolicy_on_outline_and_anchors() {
    let required = std::env::var_os("SMPOLICY_REQUIRE_TOOLS").is_some();
    let tools: Vec<&Tool> = TOOLS
        .iter()
        .filter(|t| {
            let ok = tool_available(t.name);
            if !ok {
                assert!(
                    !required,
                    "{} is not installed (SMPOLICY_REQUIRE_TOOLS is set)",
                    t.name
                );
                eprintln!(
                    "skipped {}: not installed (Debian package `{}`)",
                    t.name, t.name
                );
            }
            ok
        })
        .collect();
    let mut all = Vec::new();
    let mut links = 0;
    for (src, name) in sources() {
        let (_tmp, docs) = built(&src, &name);
        for doc in &docs {
            let md = std::fs::read_to_string(doc).expect("read");
            links += md.matches("](#").count();
            all.extend(problems(doc, &tools));
        }
    }
    // The example cites its rules: the test is about something.
    assert!(links > 0, "no # link in any document");
    assert!(all.is_empty(), "{}", all.join("\n"));
}

/// The old record wrote `{#M-01}` after each rule heading: GitHub prints it, and `#M-01`
/// leads nowhere there. The checks above see both.
#[test]
fn the_checks_see_attribute_syntax_and_dead_links() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let md = tmp.path().join("external.md");
    std::fs::write(
        &md,
        "# Policy\n\nVedi [M-01](#M-01).\n\n## M-01 – Spam {#M-01}\n\nTesto.\n",
    )
    .expect("write");
    std::fs::write(
        md.with_extension("html"),
        "<header><h1 id=\"policy\">Policy</h1></header><main><p><a href=\"#M-01\">M-01</a></p><h2 id=\"M-01\">M-01 – Spam</h2></main>",
    )
    .expect("write");
    let tools: Vec<&Tool> = TOOLS.iter().filter(|t| tool_available(t.name)).collect();
    let found = problems(&md, &tools);
    assert!(
        found.iter().any(|p| p.contains("attribute syntax")),
        "{found:?}"
    );
    for t in &tools {
        assert!(
            found
                .iter()
                .any(|p| p.contains(&format!("in {}, #M-01 leads nowhere", t.name))),
            "{}: {found:?}",
            t.name
        );
    }
}

/// A `#` link in an officer's text must name a rule of the policy: anything else leads
/// nowhere (smpolicy's HTML would print its words, GitHub and pandoc a link to nothing), so
/// `check` refuses it where it is written. The internal document has no anchors at all.
#[test]
fn a_link_to_an_anchor_that_does_not_exist_is_refused_where_it_is_written() {
    let edit = |file: &str, from: &str, to: &str| {
        let tmp = common::tempdir();
        let src = tmp.path().join("policy-src");
        common::copy_tree(&common::example_src(), &src);
        let path = src.join("comune-di-valdoria").join(file);
        let text = common::read(&path);
        assert!(text.contains(from), "{file} has {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let r = common::run(&["check", src.to_str().expect("utf-8")], tmp.path());
        (r, common::read(&path))
    };
    let intro = "    Togliamo o nascondiamo i contenuti contro le regole qui sotto.";
    // A rule that exists: fine.
    let (r, _) = edit(
        "moderation.yaml",
        intro,
        "    Togliamo o nascondiamo i contenuti contro le regole qui sotto (vedi [M-02](#M-02)).",
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // One that does not, and a section's anchor: refused, each at its place.
    for target in ["M-99", "come-contestare", "\"onmouseover=x"] {
        let (r, text) = edit(
            "moderation.yaml",
            intro,
            &format!("    Togliamo o nascondiamo i contenuti (vedi [qui](#{target}))."),
        );
        let all = format!("{}{}", r.stdout, r.stderr);
        assert_eq!(r.code, 1, "{target}: {all}");
        assert!(
            all.contains(&format!(
                "error[dead-anchor]: a text links to `#{target}`, and the policy has no rule `{target}`"
            )),
            "{target}: {all}"
        );
        let line = text
            .lines()
            .position(|l| l.contains(&format!("(#{target})")))
            .map_or(0, |i| i + 1);
        assert!(
            all.contains(&format!("moderation.yaml:{line}:")),
            "{target}: {all}"
        );
    }
    // In the internal document even a rule's anchor leads nowhere.
    let (r, _) = edit(
        "internal.yaml",
        "    frasi brevi e parole di uso comune",
        "    frasi brevi (vedi [M-01](#M-01)) e parole di uso comune",
    );
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(r.code, 1, "{all}");
    assert!(
        all.contains("a text of the internal document links to `#M-01`"),
        "{all}"
    );
    assert!(all.contains("internal.yaml:"), "{all}");
}

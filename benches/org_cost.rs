//! Where one organisation's build time goes, stage by stage, in process, over a generated
//! corpus (benches/corpus): reading and parsing the YAML (with the credentials and control
//! character scans, timed apart too), checking, rendering Markdown, HTML, PDF layout, PDF
//! writing, and writing the files. Work done once per process (templates, fonts) is timed
//! apart.
//!
//!   cargo bench --bench org_cost [-- N]       (default 100 organisations, seed 1)
//!
//! One thread, so the stages add up to one organisation's cost. Not a test: nothing fails
//! on a figure.

#[path = "corpus/mod.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use smpolicy::compile::{self, CheckOptions};
use smpolicy::diagnostics::SourceSet;
use smpolicy::render::markdown::Engine;
use smpolicy::render::output::{self, Artifact, Plan};
use smpolicy::render::templates::TemplateSet;
use smpolicy::render::{self, pdf};
use smpolicy::{load, validate};

/// The binary's allocator, so the stages run as they do in `smpolicy build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Default)]
struct Clock(Vec<(&'static str, Duration)>);

impl Clock {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let v = f();
        let d = t.elapsed();
        match self.0.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += d,
            None => self.0.push((stage, d)),
        }
        v
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    let tmp = std::env::temp_dir().join(format!("smpolicy-org-cost-{}", std::process::id()));
    let src = tmp.join("src");
    corpus::generate(&src, n, 1).expect("the corpus is written");
    let dirs = load::find_orgs(&src).expect("organisations");

    let mut once = Clock::default();
    let set = once.time("templates read", TemplateSet::builtin);
    let engine = once.time("templates parsed (Tera)", || {
        Engine::new(&set).expect("templates")
    });
    once.time("fonts loaded, kerning flattened", pdf::fonts::metrics);

    let mut c = Clock::default();
    let opts = CheckOptions {
        resolve_previous: false,
        lints: true,
        today: None,
    };
    let css = set.get("style.css").unwrap_or_default();
    let mut rendered: Vec<(String, Vec<Artifact>)> = Vec::new();
    for dir in &dirs {
        // The scans run inside the load too; timed here apart to show their share.
        for entry in std::fs::read_dir(dir).expect("list").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            c.time("  of which: credentials scan", || {
                smpolicy::scan::credentials::scan(&text, "policy.yaml")
            });
            c.time("  of which: control-character scan", || {
                smpolicy::scan::control::scan(&text)
            });
        }
        let mut sources = SourceSet::default();
        let mut diags = Vec::new();
        let org = c.time("load (read, parse YAML)", || {
            load::load_org(dir, &mut sources, &mut diags)
        });
        let policy = c
            .time("check (merge, references, lints)", || {
                let policy = validate::merge(org, &sources, &mut diags)?;
                validate::check_references(&policy, &sources, &mut diags);
                validate::lints::lint(&policy, &sources, opts.today, &mut diags);
                Some(policy)
            })
            .expect("the corpus checks clean");
        let org = compile::Org {
            slug: load::slug_of(dir),
            dir: dir.clone(),
            policy,
            previous: None,
        };
        let meta = c.time("fingerprint, meta", || {
            compile::meta_with(&org, &set, &engine).expect("meta")
        });
        let docs = c.time("render Markdown (Tera)", || {
            render::markdown_docs(&org.policy, &engine, &meta).expect("markdown")
        });
        let mut files = Vec::new();
        for doc in &docs {
            let parsed = c.time("parse Markdown (once for HTML and PDF)", || {
                render::parsed::ParsedMarkdown::parse(&doc.markdown)
            });
            let (page, fragment) = c.time("render HTML", || {
                render::html_page(&org.policy.public, doc, &parsed, &engine, css, &meta)
                    .expect("html")
            });
            let pm = render::pdf_meta(&org.policy.public, doc, &engine, &meta).expect("pdf meta");
            let laid = c.time("PDF layout", || {
                pdf::layout_parsed(&parsed, &pm).expect("layout")
            });
            let bytes = c.time("PDF writing (tagged PDF/A-2a, UA-1)", || {
                pdf::write_display_document(&laid, Default::default()).expect("pdf")
            });
            let dir = PathBuf::from(&org.slug)
                .join(doc.kind.folder())
                .join(doc.lang.as_str());
            for (name, b) in [
                ("md", doc.markdown.clone().into_bytes()),
                ("html", page.into_bytes()),
                ("fragment.html", fragment.into_bytes()),
                ("pdf", bytes),
            ] {
                files.push(Artifact {
                    path: dir.join(format!("{}.{name}", doc.kind.name())),
                    bytes: b,
                });
            }
        }
        rendered.push((org.slug.clone(), files));
    }
    let slugs: Vec<String> = rendered.iter().map(|(s, _)| s.clone()).collect();
    let keep = Default::default();
    let plan = Plan {
        slugs: &slugs,
        prune: false,
        keep: &keep,
    };
    c.time("file writes (stage, syncfs, swap)", || {
        output::write_streaming(&tmp.join("out"), &plan, &|i| Ok(rendered[i].1.clone()))
            .expect("write")
    });

    println!("once per process:");
    for (stage, d) in &once.0 {
        println!("  {stage:<40} {:>8.2} ms", d.as_secs_f64() * 1e3);
    }
    let total: Duration =
        c.0.iter()
            .filter(|(s, _)| !s.starts_with(' '))
            .map(|(_, d)| *d)
            .sum();
    println!("per organisation (mean of {n}, one thread):");
    for (stage, d) in &c.0 {
        let ms = d.as_secs_f64() * 1e3 / n as f64;
        println!(
            "  {stage:<40} {ms:>8.2} ms  {:>5.1} %",
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "  {:<40} {:>8.2} ms",
        "total",
        total.as_secs_f64() * 1e3 / n as f64
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

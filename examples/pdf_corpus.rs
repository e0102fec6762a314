//! The PDF corpus: generated policies and every example of the CommonMark and GFM specs,
//! rendered through the PDF path and validated with `page_validation` for PDF/A-2a and
//! PDF/UA-1 (the default writer) and PDF/A-2b (`--pdf-standard a-2b`). Any failure, of any
//! kind, makes the exit status 1: nothing is allowed.
//!
//!   cargo run --release --example pdf_corpus -- [--policies N] [--examples M] [--seed S]
//!       [--keep DIR] [SPEC.txt ...]
//!
//! * `--policies N` (default 1000): N organisations of the scale corpus (benches/corpus: every
//!   kind of body, 1-20 accounts, 3-30 rules), each with a seeded mix of Markdown added to its
//!   texts (lists long and nested, lead-ins, quotes, inline code, long URLs and names, Greek,
//!   Cyrillic, symbols, emoji, decomposed accents; `check` refuses tables, code blocks and
//!   rules in texts, so the tables are the templates' own, 1-20 accounts long), built in memory as `smpolicy
//!   build` builds them: external and internal PDF each.
//! * `SPEC.txt`: a spec in the CommonMark `spec.txt` format (CommonMark's, GFM's); every
//!   example (or `--examples M` of them, evenly spread) is rendered as a document.
//! * `--keep DIR`: writes the default PDFs there too, for a second checker; with
//!   `--keep-every K`, only every K-th policy's and example's.
//!
//! Prints one line per failure and a summary with counts and times.

use std::path::{Path, PathBuf};
use std::time::Instant;

use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};
use rayon::prelude::*;
use serde_json::{Value, json};

use smpolicy::compile::{self, render_all};
use smpolicy::render::RenderOptions;
use smpolicy::render::pdf::{PdfStandard, render_pdf};
use smpolicy::render::templates::TemplateSet;

#[path = "../benches/corpus/mod.rs"]
mod corpus;
#[path = "../tests/fixtures/pdf/sample_meta.rs"]
mod sample_meta;

/// Markdown added to a generated policy's texts.
const FRAGMENTS: &[&str] = &[
    "Le regole valgono per tutti i canali:\n\n- Facebook\n- Instagram\n- YouTube\n- Telegram\n- LinkedIn\n- Mastodon\n- Threads\n- Bluesky\n- WhatsApp\n- X\n- TikTok\n- Flickr\n",
    "1. primo punto con un testo abbastanza lungo da andare a capo almeno una volta nella pagina\n2. secondo\n   - annidato\n     - più annidato\n       1. numerato\n3. terzo\n",
    "> Citazione della norma: art. 9 della L. 150/2000.\n> > Citazione annidata con **grassetto** e *corsivo*.\n",
    "Testo con `codice in linea` e `M-01`.\n",
    "Un indirizzo lungo: https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.del.presidente.della.repubblica:2013-04-16;62~art11 e [un collegamento](https://example.org/a/b/c/d/e/f/g/h?x=1&y=2).\n",
    "Greco αβγ Ωμέγα, cirillico Привет мир, simboli → ⇒ ✓ ✗ ★ ∞ ≤ ≥ № ℃, legatura ﬁ, emoji 😀 🎉.\n",
    "Accenti scomposti: perche\u{301}, citta\u{300}, pero\u{300}, Niccolo\u{300}.\n",
    "Una parolalunghissimasenzaspazichenonentrainnessunarigaenondeveusciredaimarginiinalcunmodopossibile.\n",
    "Riga con a capo forzato  \nseconda riga\\\nterza riga.\n",
    "~~barrato~~ e **grassetto con *corsivo* dentro** e [](mailto:urp@comune.example.it).\n",
];

struct Args {
    policies: usize,
    examples: Option<usize>,
    seed: u64,
    keep: Option<PathBuf>,
    keep_every: usize,
    specs: Vec<PathBuf>,
}

fn args() -> Args {
    let mut keep_every = 1;
    let mut policies = 1000;
    let mut examples = None;
    let mut seed = 1;
    let mut keep = None;
    let mut specs = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().unwrap_or_default();
        match a.as_str() {
            "--policies" => policies = value().parse().unwrap_or(policies),
            "--examples" => examples = value().parse().ok(),
            "--seed" => seed = value().parse().unwrap_or(seed),
            "--keep" => keep = Some(PathBuf::from(value())),
            "--keep-every" => keep_every = value().parse().unwrap_or(1usize).max(1),
            _ => specs.push(PathBuf::from(a)),
        }
    }
    Args {
        policies,
        examples,
        seed,
        keep,
        keep_every,
        specs,
    }
}

/// The examples of a spec in the `spec.txt` format: (line, Markdown).
fn spec_examples(text: &str) -> Vec<(usize, String)> {
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if !(line.starts_with(&fence) && line.contains(" example")) {
            continue;
        }
        let mut md = String::new();
        for (_, l) in lines.by_ref() {
            if l == "." {
                break;
            }
            md.push_str(&l.replace('→', "\t"));
            md.push('\n');
        }
        for (_, l) in lines.by_ref() {
            if l.starts_with(&fence) {
                break;
            }
        }
        out.push((n + 1, md));
    }
    out
}

/// One generated organisation, its texts varied: (slug, YAML of all its files).
fn policy(i: usize, seed: u64) -> (String, Vec<(&'static str, String)>) {
    let (slug, files) = corpus::organisation(i, seed);
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(31) ^ i as u64);
    let files = files
        .into_iter()
        .map(|(name, text)| {
            if name != "policy.yaml" {
                return (name, text);
            }
            let mut v: Value = serde_saphyr::from_str(&text).expect("a generated policy parses");
            let mut extra = String::new();
            for _ in 0..rng.usize(0..=5) {
                extra.push_str("\n\n");
                extra.push_str(FRAGMENTS[rng.usize(..FRAGMENTS.len())]);
            }
            if let Some(intro) = v["purposes"]["intro"].as_str() {
                let long = " e la cittadinanza tutta".repeat(rng.usize(0..40));
                v["purposes"]["intro"] = json!(format!("{intro}{long}{extra}"));
            }
            if rng.u8(..8) == 0
                && let Some(name) = v["organisation"]["name"].as_str()
            {
                let name = format!("{name} e dei Comuni Associati della Valle e delle Colline");
                v["organisation"]["name"] = json!(name);
            }
            let text = serde_saphyr::to_string(&v).expect("serialises");
            (name, text)
        })
        .collect();
    (slug, files)
}

/// Every failure of `bytes` under `profiles`, as lines naming `what`.
fn validate(what: &str, bytes: &[u8], profiles: &[ValidationProfile]) -> Vec<String> {
    let mut out = Vec::new();
    for profile in profiles {
        let options = ValidationOptions::default().profile(*profile);
        match validate_pdf_bytes(bytes, &options) {
            Ok(report) => {
                for f in &report.failures {
                    out.push(format!("{what} {profile:?}: {f}"));
                }
                if !report.is_compliant && report.failures.is_empty() {
                    out.push(format!("{what} {profile:?}: not compliant"));
                }
            }
            Err(e) => out.push(format!("{what} {profile:?}: unreadable: {e}")),
        }
    }
    out
}

const TAGGED: [ValidationProfile; 2] = [ValidationProfile::PdfA2a, ValidationProfile::PdfUa1];

fn keep_pdf(keep: Option<&Path>, name: &str, bytes: &[u8]) {
    if let Some(dir) = keep
        && let Err(e) = std::fs::write(dir.join(name), bytes)
    {
        eprintln!("cannot write {name}: {e}");
    }
}

/// Builds one generated organisation in memory with both tagged writers; validates each PDF.
fn check_policy(i: usize, seed: u64, keep: Option<&Path>) -> (usize, Vec<String>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (slug, files) = policy(i, seed);
    let dir = tmp.path().join(&slug);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let templates = TemplateSet::builtin();
    let checked = compile::check(tmp.path(), &templates);
    if checked.has_errors() {
        let errors: Vec<String> = checked
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{slug}: check: {}", d.message))
            .collect();
        return (0, errors);
    }
    let mut failures = Vec::new();
    let mut pdfs = 0;
    for (standard, profiles) in [
        (PdfStandard::A2aUa1, &TAGGED[..]),
        (PdfStandard::A2b, &[ValidationProfile::PdfA2b][..]),
    ] {
        match render_all(&checked.orgs, &templates, &RenderOptions { pdf: standard }) {
            Ok(artifacts) => {
                for a in artifacts
                    .iter()
                    .filter(|a| a.path.extension().is_some_and(|e| e == "pdf"))
                {
                    pdfs += 1;
                    let name = format!(
                        "{slug}-{}",
                        a.path
                            .file_name()
                            .and_then(|n| n.to_str())
                            .unwrap_or("x.pdf")
                    );
                    if standard == PdfStandard::A2aUa1 {
                        keep_pdf(keep, &name, &a.bytes);
                    }
                    failures.extend(validate(&name, &a.bytes, profiles));
                }
            }
            Err(d) => failures.push(format!("{slug} {standard}: build: {}", d.message)),
        }
    }
    (pdfs, failures)
}

/// Renders one spec example with both tagged writers; validates each PDF.
fn check_example(spec: &str, line: usize, md: &str, keep: Option<&Path>) -> (usize, Vec<String>) {
    let what = format!("{spec}:{line}");
    let mut failures = Vec::new();
    let mut pdfs = 0;
    for (standard, profiles) in [
        (PdfStandard::A2aUa1, &TAGGED[..]),
        (PdfStandard::A2b, &[ValidationProfile::PdfA2b][..]),
    ] {
        match render_pdf(md, &sample_meta::meta(), standard) {
            Ok(bytes) => {
                pdfs += 1;
                if standard == PdfStandard::A2aUa1 {
                    keep_pdf(keep, &format!("{spec}-{line:05}.pdf"), &bytes);
                }
                failures.extend(validate(&what, &bytes, profiles));
            }
            Err(e) => failures.push(format!("{what} {standard}: render: {e}")),
        }
    }
    (pdfs, failures)
}

fn main() -> std::process::ExitCode {
    let Args {
        policies,
        examples,
        seed,
        keep,
        keep_every,
        specs,
    } = args();
    if let Some(dir) = &keep
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("cannot create {}: {e}", dir.display());
        return std::process::ExitCode::from(2);
    }
    let keep = keep.as_deref();
    let start = Instant::now();
    let results: Vec<(usize, Vec<String>)> = (0..policies)
        .into_par_iter()
        .map(|i| check_policy(i, seed, keep.filter(|_| i % keep_every == 0)))
        .collect();
    let policy_pdfs: usize = results.iter().map(|r| r.0).sum();
    let mut failures: Vec<String> = results.into_iter().flat_map(|r| r.1).collect();
    let policy_time = start.elapsed();
    println!(
        "policies: {policies} generated (seed {seed}), {policy_pdfs} PDFs validated in {:.1} s",
        policy_time.as_secs_f64()
    );
    for spec in &specs {
        let start = Instant::now();
        let text = match std::fs::read_to_string(spec) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read {}: {e}", spec.display());
                return std::process::ExitCode::from(2);
            }
        };
        let name = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("spec")
            .to_string();
        let all = spec_examples(&text);
        let step = examples.map_or(1, |m| (all.len() / m.max(1)).max(1));
        let chosen: Vec<&(usize, String)> = all.iter().step_by(step).collect();
        let results: Vec<(usize, Vec<String>)> = chosen
            .par_iter()
            .enumerate()
            .map(|(k, (line, md))| {
                check_example(&name, *line, md, keep.filter(|_| k % keep_every == 0))
            })
            .collect();
        let pdfs: usize = results.iter().map(|r| r.0).sum();
        failures.extend(results.into_iter().flat_map(|r| r.1));
        println!(
            "{name}: {} of {} examples, {pdfs} PDFs validated in {:.1} s",
            chosen.len(),
            all.len(),
            start.elapsed().as_secs_f64()
        );
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "{} failure(s) in {:.1} s (profiles: PDF/A-2a and PDF/UA-1 for the default writer, PDF/A-2b for a-2b)",
        failures.len(),
        start.elapsed().as_secs_f64()
    );
    if failures.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    }
}

//! `smpolicy verify`: says whether a published file is exactly what the current source
//! builds.

use std::path::{Path, PathBuf};

use smpolicy::audit;
use smpolicy::bundle;
use smpolicy::compile;
use smpolicy::diagnostics::{self, SourceSet};
use smpolicy::render::pdf::PdfStandard;

use super::{Exit, checked_source, refuse};

pub(crate) fn run(
    file: &Path,
    src: &Path,
    templates: Option<PathBuf>,
    mode: audit::verify::Mode,
    pdf: PdfStandard,
) -> Exit {
    use audit::verify::{Difference, Outcome};
    use diagnostics::printable;
    let (bytes, prov) = match audit::verify::read(file) {
        Ok(p) => p,
        Err(d) => return refuse(d, &SourceSet::default()),
    };
    let (set, checked) = match checked_source(src, templates, Exit::Environment) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let found = prov.fingerprint.clone().unwrap_or_default();
    let mut current = Vec::new();
    for org in &checked.orgs {
        match bundle::fingerprint(&org.policy, org.previous.as_ref(), &set) {
            Ok(fp) => current.push((org, fp)),
            Err(d) => return refuse(d, &checked.sources),
        }
    }
    let artifacts = match compile::render_all(
        &checked.orgs,
        &set,
        &smpolicy::render::RenderOptions { pdf },
    ) {
        Ok(a) => a,
        Err(d) => return refuse(d, &checked.sources),
    };
    let same_fp = current.iter().find(|(_, fp)| *fp == found);
    let org_hint = same_fp.map(|(o, _)| o.slug.as_str());
    let describe = |org: &compile::Org| {
        let a = &org.policy.public.adoption.value;
        let version = a
            .version
            .as_ref()
            .map_or_else(String::new, |v| format!("version {}, ", v.value));
        format!(
            "`{}` ({}, {version}adopted {})",
            org.slug, org.policy.public.organisation.name.value, a.date.value
        )
    };
    let outcome = audit::verify::compare(file, &bytes, org_hint, &artifacts, mode);
    if let Outcome::Same { path } = &outcome {
        let org = checked.orgs.iter().find(|o| {
            path.components()
                .next()
                .is_some_and(|c| c.as_os_str() == o.slug.as_str())
        });
        let how = match mode {
            audit::verify::Mode::Bytes => "is byte for byte",
            audit::verify::Mode::Text => "has the same visible text as",
        };
        outln!(
            "yes: {} {how} {} as the current source of {} builds it",
            file.display(),
            path.display(),
            org.map_or_else(String::new, describe)
        );
        if let Some((_, fp)) = org.and_then(|o| current.iter().find(|(c, _)| c.slug == o.slug)) {
            outln!("fingerprint: {fp}");
        }
        return Exit::Ok;
    }
    outln!(
        "no: {} is not what the current source in {} builds",
        file.display(),
        src.display()
    );
    match same_fp {
        Some((org, _)) => outln!(
            "the fingerprint in the file is that of the current source of {}, but the content differs: the file was edited, cut or made by hand",
            describe(org)
        ),
        None => outln!("the fingerprint in the file matches no organisation of the current source"),
    }
    if let Outcome::Differs {
        against: Some(against),
        at,
    } = &outcome
    {
        let place = match at {
            Some(Difference::Line(n)) => format!("the file first differs at line {n}"),
            Some(Difference::Page {
                page,
                file_pages,
                built_pages,
            }) => format!(
                "the file first differs on page {page} (the file has {file_pages} page(s), the build {built_pages})"
            ),
            Some(Difference::Text { chars, file, built }) => format!(
                "the visible text first differs after {chars} character(s): the file has «{}», the build «{}»",
                printable(file),
                printable(built)
            ),
            Some(Difference::Unreadable(e)) => {
                format!("the file cannot be read as a PDF ({})", printable(e))
            }
            None => "the file differs".to_string(),
        };
        outln!(
            "compared with {} as the current source builds it: {place}",
            against.display()
        );
    }
    outln!("the file says it was built from:");
    for (label, value) in &prov.facts {
        outln!("  {}: {}", printable(label), printable(value));
    }
    outln!("  fingerprint: {}", printable(&found));
    if let Some(g) = &prov.generator {
        outln!("  generator: {}", printable(g));
    }
    outln!("the current source gives:");
    for (org, fp) in &current {
        outln!("  {fp} {}", describe(org));
    }
    let this = format!("smpolicy {}", bundle::VERSION);
    if let Some(g) = prov.generator.as_ref().filter(|g| **g != this) {
        outln!(
            "note: the file was made by {} and this is {this}; the version of smpolicy is part of the fingerprint",
            printable(g)
        );
    }
    Exit::Policy
}

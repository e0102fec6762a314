//! The example policy's documents say what its YAML says: every account, rule, contact,
//! role and procedure shows up in the right document, and staff data only in the internal one.

mod common;

use common::*;
use smpolicy::compile;
use smpolicy::model::{Lang, Policy, Text};
use smpolicy::render::templates::TemplateSet;
use smpolicy::view::md_inline;

fn built() -> (Policy, String, String, String, String, tempfile::TempDir) {
    let checked = compile::check(&example_src(), &TemplateSet::builtin());
    assert!(!checked.has_errors(), "{:?}", checked.diags);
    let policy = checked
        .orgs
        .into_iter()
        .next()
        .expect("one organisation")
        .policy;
    let (tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = |f: &str| read(&common::doc(&out, "comune-di-valdoria", f));
    (
        policy,
        doc("external.md"),
        doc("internal.md"),
        doc("external.html"),
        doc("internal.html"),
        tmp,
    )
}

fn it(t: &Text) -> String {
    t.get(&Lang::parse("it").unwrap())
        .unwrap_or_default()
        .to_string()
}

/// The first words of a text, as they appear in Markdown (free texts may wrap or hold links).
fn start(t: &Text) -> String {
    it(t)
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn example_is_realistic_and_complete() {
    let (p, ..) = built();
    let platforms: std::collections::BTreeSet<_> =
        p.public.accounts.iter().map(|a| a.platform.value).collect();
    assert!(p.public.accounts.len() >= 6, "at least 6 accounts");
    assert!(platforms.len() >= 5, "at least 5 platforms");
    assert!(p.staff.roles.len() >= 4, "at least 4 roles");
    let m = p.public.moderation.as_ref().expect("moderation");
    assert!(m.rules.len() >= 8, "at least 8 moderation rules");
    assert!(
        p.public
            .monitoring
            .as_ref()
            .is_some_and(|m| !m.hours.is_empty()),
        "hours"
    );
    assert!(p.public.privacy.is_some(), "privacy notice");
    assert_eq!(
        p.public.licence.as_ref().map(|l| l.own_content.to_string()),
        Some("CC-BY-4.0".into())
    );
    assert!(!p.public.contacts.is_empty(), "contacts");
    assert!(
        p.public.adoption.history.len() >= 2,
        "a history of two versions"
    );
}

#[test]
fn external_policy_holds_every_public_section() {
    let (p, md, _, html, _, _tmp) = built();
    assert_eq!(
        md.matches("\n# ").count() + usize::from(md.starts_with("# ")),
        1,
        "one title"
    );
    assert!(md.contains(&md_inline(&p.public.organisation.name.value)));
    if let Some(office) = &p.public.organisation.managing_office {
        assert!(md.contains(&start(&office.name)), "managing office");
    }
    for a in &p.public.accounts {
        assert!(md.contains(&a.url.to_string()), "account URL {}", a.url);
        assert!(
            html.contains(&format!("href=\"{}\"", a.url)),
            "account link {}",
            a.url
        );
    }
    let m = p.public.moderation.as_ref().unwrap();
    for r in &m.rules {
        assert!(
            md.contains(&format!(
                "### <a id=\"{0}\" name=\"{0}\"></a>{0} – ",
                r.id.value
            )),
            "anchor of {}",
            r.id.value
        );
        assert!(
            html.contains(&format!("id=\"{}\"", r.id.value)),
            "HTML anchor of {}",
            r.id.value
        );
        assert!(
            md.contains(&md_inline(&it(&r.title))),
            "title of {}",
            r.id.value
        );
    }
    if let Some(pu) = &p.public.purposes {
        for l in &pu.legal_basis {
            if let Some(u) = &l.url {
                assert!(md.contains(&u.to_string()), "law link {u}");
            }
        }
    }
    let mon = p.public.monitoring.as_ref().unwrap();
    for h in &mon.hours {
        assert!(
            md.contains(&h.from.to_string()) && md.contains(&h.to.to_string()),
            "hours"
        );
    }
    let privacy = p.public.privacy.as_ref().unwrap();
    for (what, text) in [
        ("recipients", &privacy.recipients),
        ("transfers", &privacy.transfers),
        ("retention", &privacy.retention),
        ("rights", &privacy.rights),
        ("complaint", &privacy.complaint),
    ] {
        let text = text
            .as_ref()
            .unwrap_or_else(|| panic!("the example's privacy notice has no {what}"));
        assert!(
            md.contains(&start(text)),
            "privacy {what} missing from the external policy"
        );
    }
    let dpo = privacy.dpo.as_ref().expect("a DPO");
    let dpo_email = dpo.email.as_ref().expect("a DPO email");
    assert!(md.contains(&dpo_email.to_string()), "DPO email");
    for c in &p.public.contacts {
        if let Some(e) = &c.email {
            assert!(md.contains(&e.to_string()), "contact {e}");
        }
    }
    for n in &p.public.not_for {
        assert!(
            md.contains(&md_inline(&it(&n.topic))),
            "not for: {}",
            it(&n.topic)
        );
    }
    assert!(
        md.contains("creativecommons.org/licenses/by/4.0"),
        "licence link"
    );
    if let Some(e) = &p.public.election_period {
        assert!(md.contains(&start(&e.rule)), "election rule");
    }
    let a = &p.public.adoption.value;
    assert!(md.contains(&dmy(&a.date.value)), "adoption date");
    if let Some(v) = &a.version {
        assert!(md.contains(&md_inline(&v.value)), "version");
    }
    for h in &a.history {
        assert!(
            md.contains(&dmy(&h.date.value)),
            "history {}",
            h.version.value
        );
    }
    // Staff data stays out.
    for r in &p.staff.roles {
        if let Some(h) = &r.holder {
            assert!(
                !md.contains(&h.name.value),
                "staff name {} in the external policy",
                h.name.value
            );
            assert!(!html.contains(&h.name.value));
        }
    }
}

#[test]
fn internal_policy_holds_every_staff_section() {
    let (p, _, md, html, _, _tmp) = built();
    for r in &p.staff.roles {
        assert!(
            md.contains(&md_inline(&it(&r.title))),
            "role {}",
            r.id.value
        );
        if let Some(h) = &r.holder {
            assert!(
                md.contains(&md_inline(&h.name.value)),
                "holder of {}",
                r.id.value
            );
        }
    }
    let i = p.staff.internal.as_ref().expect("internal section");
    if let Some(t) = &i.team {
        assert!(md.contains(&md_inline(&it(&t.name))), "team");
    }
    let lc = i.account_lifecycle.as_ref().expect("lifecycle");
    for e in &lc.recovery_addresses {
        assert!(md.contains(&e.to_string()), "recovery address {e}");
    }
    if let Some(c) = &i.crisis {
        assert!(!c.escalation.is_empty());
        for s in &c.procedure {
            assert!(md.contains(&start(s)), "crisis step {}", it(s));
        }
    }
    for r in &i.crm {
        assert!(
            md.contains(&md_inline(&it(&r.kind))),
            "CRM route {}",
            it(&r.kind)
        );
    }
    if let Some(c) = &i.conduct {
        assert!(c.official_accounts.is_some() && c.personal_accounts.is_some());
    }
    assert!(
        md.contains("11-bis") && md.contains("11-ter"),
        "DPR 62/2013 articles"
    );
    for (name, present) in [
        ("scope", i.scope.is_some()),
        ("general rules", i.general_rules.is_some()),
        ("platform rules", !i.platform_rules.is_empty()),
        ("workflow", i.workflow.is_some()),
        ("nonconformity", i.nonconformity.is_some()),
        ("stakeholders", i.stakeholders.is_some()),
        ("live coverage", i.live_coverage.is_some()),
        ("communication plan", i.communication_plan.is_some()),
    ] {
        assert!(present, "the example has no {name}");
    }
    // One HTML landmark structure for both documents.
    let _ = html;
}

#[test]
fn html_pages_have_the_structure_screen_readers_need() {
    let (_, _, _, ext, int, _tmp) = built();
    for html in [&ext, &int] {
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"it\">"));
        assert_eq!(html.matches("<h1").count(), 1, "exactly one h1");
        for landmark in ["<header", "<nav", "<main", "<footer"] {
            assert!(html.contains(landmark), "missing {landmark}");
        }
        assert!(html.contains("href=\"#contenuto\""), "skip link");
        assert!(html.contains("@media print"), "print stylesheet");
        // The only link element a page may have is its canonical address.
        assert!(
            html.matches("<link ").count() == html.matches("<link rel=\"canonical\"").count(),
            "no external stylesheet"
        );
        assert!(!html.contains("src=\"http"), "nothing loads from outside");
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("<caption>").count(),
            "every table has a caption"
        );
        assert!(!html.contains("<input"), "no unlabelled inputs");
        // Headings never skip a level.
        let mut last = 1;
        for (i, _) in html.match_indices("<h") {
            let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
                continue;
            };
            assert!(level <= last + 1, "heading h{level} after h{last}");
            last = level;
        }
        assert!(html.contains("Versione") || html.contains("versione"));
    }
}

/// The one list of sections (`PolicyFile::SECTIONS`) and the split of the merged policy
/// agree: every public section is a key of the public part (and so of `policy.json`), every
/// staff section a key of the staff part, and nothing else is in either. A section added to
/// the file shape but not to `Public` or `Staff` (or put on the wrong side) fails here.
#[test]
fn the_public_and_staff_parts_hold_exactly_the_sections_of_their_side() {
    use smpolicy::model::{PolicyFile, Side};
    let (p, ..) = built();
    let keys = |v: serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    let public = keys(serde_json::to_value(&p.public).unwrap());
    let staff = keys(serde_json::to_value(&p.staff).unwrap());
    let side = |s: Side| -> Vec<String> {
        PolicyFile::SECTIONS
            .iter()
            .filter(|(_, x)| *x == s)
            .map(|(n, _)| n.to_string())
            .collect()
    };
    assert_eq!(public, side(Side::Public));
    // `acknowledged` is left out of the staff part's form when empty (the example has none),
    // so that policies without it keep their fingerprints.
    assert!(p.staff.acknowledged.is_empty());
    let mut staff_sections = side(Side::Staff);
    staff_sections.retain(|s| s != "acknowledged");
    assert_eq!(staff, staff_sections);
}

/// Each account's staff-only fields (who manages it, where it cross-posts, its draft bio)
/// are in the staff part, beside the account they belong to, and never in `policy.json`.
#[test]
fn account_staff_data_stays_beside_its_account_and_out_of_policy_json() {
    let (p, ..) = built();
    assert_eq!(p.public.accounts.len(), p.staff.accounts.len());
    for (a, s) in p.accounts() {
        assert_eq!(a.id.value, s.account.value);
    }
    assert!(p.staff.accounts.iter().any(|s| !s.managed_by.is_empty()));
    let (_tmp, out, r) = build_example();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = read(&out.join("comune-di-valdoria/public/policy.json"));
    for key in [
        "managed_by",
        "cross_posts_to",
        "\"bio\"",
        "\"roles\"",
        "\"internal\"",
    ] {
        assert!(!json.contains(key), "policy.json holds {key}");
    }
}

/// A date as the Italian documents write it (`date_format` of templates/it/labels.yaml).
fn dmy(d: &smpolicy::model::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

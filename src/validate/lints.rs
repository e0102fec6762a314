//! Lints: mistakes that are valid YAML and valid references but still wrong for a public
//! body's presence on social networks. Each has a stable code (listed in the README), a
//! severity, the position of the value at fault and a hint.

use crate::diagnostics::{Diagnostic, SourceSet};
use std::collections::BTreeSet;

use crate::model::{AccountScope, AccountStaff, Date, Policy, Presence};
use crate::org_kinds::{self, ArticleSource};
use crate::platforms;

/// Runs every lint. `today` drives `review-overdue` only; without it that lint is skipped.
pub fn lint(
    policy: &Policy,
    sources: &SourceSet,
    today: Option<Date>,
    diags: &mut Vec<Diagnostic>,
) {
    accounts(policy, sources, diags);
    privacy_and_contacts(policy, sources, diags);
    monitoring(policy, sources, diags);
    election(policy, sources, diags);
    super::moderation::check(policy, sources, diags);
    article(policy, sources, diags);
    if let Some(today) = today {
        review(policy, sources, today, diags);
    }
}

/// "Today" for `review-overdue`: `SOURCE_DATE_EPOCH` (seconds since 1970) when set, so that a
/// check is reproducible; otherwise the system clock when `clock` is true, else nothing.
pub fn today(clock: bool) -> Option<Date> {
    if let Some(v) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let secs: i64 = v.to_str()?.trim().parse().ok()?;
        return Some(Date::from_days_since_epoch(secs.div_euclid(86_400)));
    }
    if !clock {
        return None;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_days_since_epoch(
        i64::try_from(secs / 86_400).ok()?,
    ))
}

fn accounts(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    for (a, staff) in policy.all_accounts() {
        let id = &a.id.value;
        if managers(policy, staff) < 2 {
            let (message, at) = match staff.managed_by.as_slice() {
                [] => (
                    format!("the account `{id}` names no role that manages it"),
                    a.id.pos,
                ),
                [one] => (
                    format!(
                        "the account `{id}` is managed by one role only (`{}`)",
                        one.value
                    ),
                    one.pos,
                ),
                [first, ..] => (
                    format!("the roles that manage the account `{id}` are all held by one person"),
                    first.pos,
                ),
            };
            diags.push(
                Diagnostic::warning("single-manager", message)
                    .at(sources.locate(at))
                    .about(id)
                    .hint("add a second role to `managed_by`, held by another person, or list two or more members in `internal.team`, so that the account is never left without a manager (holidays, staff changes)"),
            );
        }

        if a.scope.value == AccountScope::Institutional
            && a.presence.value == Presence::PersonalProfile
        {
            diags.push(
                Diagnostic::warning(
                    "personal-profile",
                    format!(
                        "the institutional account `{id}` is a personal profile"
                    ),
                )
                .at(sources.locate(a.presence.pos))
                .about(id)
                .hint("a public body is present with a page or channel registered to the body, not with a person's profile: create a page and set `presence: page`"),
            );
        }

        if let Some(first) = staff.cross_posts_to.first() {
            diags.push(
                Diagnostic::warning(
                    "cross-posting",
                    format!("the account `{id}` republishes its posts automatically to other accounts"),
                )
                .at(sources.locate(first.pos))
                .about(id)
                .hint("write for each platform instead: automatic cross-posting cuts texts, breaks links and mentions, and ignores each audience; remove `cross_posts_to`"),
            );
        }

        let Some(facts) = platforms::get(a.platform.value) else {
            continue;
        };
        let host = a.url.value.host();
        if !facts.host_ok(&host) {
            diags.push(
                Diagnostic::error(
                    "url-platform-mismatch",
                    format!(
                        "the account `{id}` is on {} but its address is on `{host}`",
                        facts.label
                    ),
                )
                .at(sources.locate(a.url.pos))
                .hint(format!(
                    "an address on {} starts with https:// and one of: {}; check `platform:` and `url:`",
                    facts.label,
                    facts.host_list()
                )),
            );
        }
        if let Err(reason) = facts.handle.check(a.handle.value.trim()) {
            let source = facts
                .handle
                .source()
                .map(|s| format!(" (rule: {s})"))
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    "bad-handle",
                    format!(
                        "`{}` is not a valid {} handle: {reason}",
                        a.handle.value, facts.label
                    ),
                )
                .at(sources.locate(a.handle.pos))
                .hint(format!(
                    "copy the handle exactly as the platform shows it{source}"
                )),
            );
        }
        if let (Some(bio), Some(limit)) = (&staff.bio, &facts.bio) {
            let n = limit.counting.count(&bio.value);
            if n > limit.limit {
                diags.push(
                    Diagnostic::error(
                        "bio-too-long",
                        format!(
                            "the bio of `{id}` is {n} long; {} allows {} {}",
                            facts.label,
                            limit.limit,
                            limit.counting.describe()
                        ),
                    )
                    .at(sources.locate(bio.pos))
                    .hint(format!(
                        "shorten it by {}; the limit ({}) comes from {} (recorded {}, status {})",
                        n - limit.limit,
                        limit.what.as_deref().unwrap_or("bio"),
                        limit.source,
                        limit.recorded,
                        limit.status
                    )),
                );
            }
        }
    }
}

/// How many people can manage an account: one per role it names (two roles held by the same
/// person count once), and, when it names no role or names a member of the social media
/// team (`internal.team`), every member of that team.
fn managers(policy: &Policy, staff: &AccountStaff) -> usize {
    let person = |role: &str| -> String {
        policy
            .staff
            .roles
            .iter()
            .find(|r| r.id.value == role)
            .and_then(|r| r.holder.as_ref())
            .map_or_else(
                || format!("role\u{0}{role}"),
                |h| format!("holder\u{0}{}", h.name.value.trim().to_lowercase()),
            )
    };
    let mut people: BTreeSet<String> = staff.managed_by.iter().map(|r| person(&r.value)).collect();
    let team = policy
        .staff
        .internal
        .as_ref()
        .and_then(|i| i.team.as_ref())
        .map(|t| &t.members);
    if let Some(members) = team
        && (staff.managed_by.is_empty()
            || staff
                .managed_by
                .iter()
                .any(|r| members.iter().any(|m| m.value == r.value)))
    {
        people.extend(members.iter().map(|m| person(&m.value)));
    }
    people.len()
}

fn privacy_and_contacts(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let org_loc = sources.locate(policy.public.organisation.pos);
    match &policy.public.privacy {
        None => diags.push(
            Diagnostic::error("no-dpo", "the policy has no `privacy` section, so no data protection officer")
                .at(org_loc.clone())
                .hint("add `privacy:` with the controller and `dpo:` (name and email), or with `notice_url:` only when the body's own privacy notice is on its website: every public body must designate a DPO (GDPR art. 37(1)(a)) and the notice must give its contacts (art. 13(1)(b))"),
        ),
        // The notice is given by reference to the body's own page: the DPO is named there.
        Some(p) if p.controller.is_none() && p.notice_url.is_some() => {}
        Some(p) if p.controller.is_none() => diags.push(
            Diagnostic::error("empty-privacy", "the privacy notice names no controller and links to no notice")
                .at(sources.locate(p.pos))
                .hint("add `notice_url:` with the address of the body's privacy notice, or write the notice here: `controller:` and `dpo:` (name and email)"),
        ),
        Some(p) if p.dpo.is_none() => diags.push(
            Diagnostic::error("no-dpo", "the privacy notice names no data protection officer")
                .at(sources.locate(p.pos))
                .hint("add `dpo:` under `privacy:` with name and email: every public body must designate a DPO (GDPR art. 37(1)(a)) and the notice must give its contacts (art. 13(1)(b))"),
        ),
        Some(_) => {}
    }
    if policy.public.contacts.is_empty() {
        let at = policy
            .section_pos("contacts")
            .map_or(org_loc, |p| sources.locate(p));
        diags.push(
            Diagnostic::warning("no-contacts", "the policy gives no contact outside the social networks")
                .at(at)
                .hint("add `contacts:` with at least the URP (email, phone, office hours): citizens must be able to reach the body without a social network account"),
        );
    }
}

fn monitoring(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let loc = policy
        .public
        .monitoring
        .as_ref()
        .map_or(sources.locate(policy.public.organisation.pos), |m| {
            sources.locate(m.pos)
        });
    let m = policy.public.monitoring.as_ref();
    if let Some(m) = m
        && !m.hours.is_empty()
        && m.is_continuous()
        && let Some(c) = &m.continuous
    {
        diags.push(
            Diagnostic::error(
                "continuous-and-hours",
                "`monitoring` says both that the spaces are watched continuously and in given hours",
            )
            .at(sources.locate(c.pos))
            .hint("keep `hours:` if the spaces are watched only in those hours, or `continuous: true` (and no `hours:`) if they are watched without set hours"),
        );
    }
    // Hours (general, or for one channel or account) and continuous watch both say when the
    // spaces are watched; a response time of `none` says that none is guaranteed, and one
    // for a channel or account counts too.
    let hours = m.is_some_and(|m| m.says_when_watched());
    let response = m.is_some_and(|m| {
        m.response_time.is_some() || m.scoped.iter().any(|s| s.response_time.is_some())
    });
    if !hours {
        diags.push(
            Diagnostic::warning("no-hours", "the policy does not say when the accounts are watched")
                .at(loc.clone())
                .hint("add `monitoring: hours:` with days and times, for example `- { days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\" }`, or `monitoring: continuous: true` if the spaces are watched without set hours"),
        );
    }
    if !response {
        diags.push(
            Diagnostic::warning(
                "no-response-time",
                "the policy does not say how soon the body answers",
            )
            .at(loc)
            .hint("add `monitoring: response_time: { value: 2, unit: working_days }`, or `response_time: none` if the policy guarantees no response time"),
        );
    }
}

fn election(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let org = &policy.public.organisation.value;
    let elected = org
        .elected_bodies
        .unwrap_or(org_kinds::facts(org.kind.value).elected);
    if elected && policy.public.election_period.is_none() {
        diags.push(
            Diagnostic::warning("no-election-rule", "the body has elected organs but the policy has no election-period rule")
                .at(sources.locate(org.kind.pos))
                .hint("add `election_period: rule:` saying that during election periods the accounts publish only impersonal, indispensable information (L. 28/2000 art. 9); set `elected_bodies: false` if the body has none"),
        );
    }
}

/// The documents put an article before the body's name ("della Presidenza ..."): when
/// neither `organisation.article` nor the first word of the name says which, the kind's is
/// a guess, and the officer is told which sentence it makes.
fn article(policy: &Policy, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let org = &policy.public.organisation.value;
    let (article, from) = org_kinds::article(org);
    if from != ArticleSource::Kind {
        return;
    }
    let the = match article.key() {
        "none" => String::new(),
        "l'" => "l'".to_string(),
        a => format!("{a} "),
    };
    diags.push(
        Diagnostic::warning(
            "article-guessed",
            format!(
                "the documents will call the body «{the}{}»: the article is guessed from its kind",
                org.name.value
            ),
        )
        .at(sources.locate(org.name.pos))
        .hint("write the article before the name under `organisation:`, for example `article: la` (il, lo, la, l', i, gli, le, or none for a name without article): the documents then write «della ...», «alla ...» correctly"),
    );
}

fn review(policy: &Policy, sources: &SourceSet, today: Date, diags: &mut Vec<Diagnostic>) {
    let adoption = &policy.public.adoption.value;
    let Some(months) = &adoption.review_months else {
        return;
    };
    let start = adoption.effective.as_ref().unwrap_or(&adoption.date);
    let due = start.value.add_months(months.value);
    if due < today {
        diags.push(
            Diagnostic::warning(
                "review-overdue",
                format!(
                    "the policy was due for review on {due} ({} months after {}); today is {today}",
                    months.value,
                    start.value
                ),
            )
            .at(sources.locate(months.pos))
            .hint("review the policy, then record the new version in `adoption` (act, date, version) and its `history`"),
        );
    }
}

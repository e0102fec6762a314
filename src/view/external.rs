//! The external view: what the documents for citizens may see, built from [`Public`] alone.
//! Each view struct is followed by the code that fills it, so that a new public field is
//! one edit here (the compiler points at the constructor when the struct gains a field).

use serde::Serialize;

use super::{Ctx, DateView, DurationView, HoursView, Link, hours, md_inline};
use crate::labels::{Labels, NameForms};
use crate::model::{self, Lang, Public};

#[derive(Debug, Serialize)]
pub struct ExternalView {
    pub lang: String,
    pub organisation: OrgView,
    pub purposes: Option<PurposesView>,
    pub content: Option<ContentView>,
    pub accounts: Vec<AccountView>,
    pub monitoring: Option<MonitoringView>,
    pub moderation: Option<ModerationView>,
    pub not_for: Vec<NotForView>,
    pub licence: Option<LicenceView>,
    pub privacy: Option<PrivacyView>,
    pub contacts: Vec<ContactView>,
    pub election_period: Option<ElectionView>,
    pub adoption: AdoptionView,
    /// The norms the templates cite, each saying whether it applied on the document's date.
    pub norms: std::collections::BTreeMap<String, crate::norms::NormView>,
}

impl ExternalView {
    /// The external view sees the public part only: nothing in it can name a staff member.
    /// `words` are the labels of `lang`, for the forms of the body's name.
    pub fn new(p: &Public, lang: &Lang, words: &Labels) -> ExternalView {
        let c = Ctx {
            lang,
            main: p.main_language(),
        };
        let c = &c;
        ExternalView {
            lang: lang.to_string(),
            organisation: OrgView::new(c, p, words),
            purposes: p.purposes.as_ref().map(|x| PurposesView::new(c, x)),
            content: p.content.as_ref().map(|x| ContentView::new(c, x)),
            accounts: p.accounts.iter().map(|x| AccountView::new(c, x)).collect(),
            monitoring: p.monitoring.as_ref().map(|x| MonitoringView::new(c, x, p)),
            moderation: p.moderation.as_ref().map(|x| ModerationView::new(c, x)),
            not_for: p.not_for.iter().map(|x| NotForView::new(c, x)).collect(),
            licence: p.licence.as_ref().map(|x| LicenceView::new(c, x)),
            privacy: p.privacy.as_ref().map(|x| PrivacyView::new(c, x)),
            contacts: p.contacts.iter().map(|x| ContactView::new(c, x)).collect(),
            election_period: p.election_period.as_ref().map(|x| ElectionView::new(c, x)),
            adoption: AdoptionView::new(c, &p.adoption),
            norms: crate::norms::on(document_date(&p.adoption)),
        }
    }
}

/// The day a document speaks from: when it takes effect, else when it was adopted.
fn document_date(a: &model::Adoption) -> model::Date {
    a.effective.as_ref().map_or(a.date.value, |d| d.value)
}

#[derive(Debug, Serialize)]
pub struct OrgView {
    pub name: String,
    pub kind: &'static str,
    /// The article before the name (`organisation.article`, or the one its first word or
    /// its kind gives): a key of the labels' `article`.
    pub article: &'static str,
    /// The name with its article and each articulated preposition: `forms.of` is "della
    /// Presidenza ...", `forms.the` "il Comune di ...". Sentences that name the body use
    /// these, never the bare name after "di".
    pub forms: NameForms,
    /// Whether the body has a coat of arms (stemma) rather than a logo.
    pub coat_of_arms: bool,
    pub website: Option<String>,
    pub address: Option<String>,
    /// `None` when the policy names no office: the documents then name none.
    pub office: Option<String>,
    pub office_description: Option<String>,
    pub office_email: Option<String>,
    pub topic_pages: Vec<TopicPageView>,
    /// Whether a project referent, rather than a department, runs some topic page.
    pub any_referent: bool,
}

impl OrgView {
    fn new(c: &Ctx, p: &Public, words: &Labels) -> OrgView {
        let o = &p.organisation.value;
        let name = md_inline(&o.name.value);
        let (article, _) = crate::org_kinds::article(o);
        let office = o.managing_office.as_ref();
        OrgView {
            forms: words.name_forms(article, &name),
            article: article.key(),
            coat_of_arms: crate::org_kinds::facts(o.kind.value).coat_of_arms,
            name,
            kind: o.kind.key(),
            website: o.website.as_ref().map(|u| u.to_string()),
            address: o.address.as_deref().map(md_inline),
            office: office.map(|m| c.inline(&m.name)),
            office_description: office.and_then(|m| c.opt(&m.description)),
            office_email: office.and_then(|m| m.email.as_ref().map(|e| e.to_string())),
            topic_pages: o
                .topic_pages
                .iter()
                .map(|t| TopicPageView::new(c, t, p))
                .collect(),
            any_referent: o.topic_pages.iter().any(|t| t.referent.is_some()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TopicPageView {
    /// Exactly one of `department` and `referent` (checked).
    pub department: Option<String>,
    pub referent: Option<ReferentView>,
    pub accounts: Vec<Link>,
}

/// A project referent who runs a topic page; the name only when the body published it.
#[derive(Debug, Serialize)]
pub struct ReferentView {
    pub project: String,
    pub name: Option<String>,
}

impl TopicPageView {
    fn new(c: &Ctx, t: &model::TopicPage, p: &Public) -> TopicPageView {
        TopicPageView {
            department: t.department.as_ref().map(|d| c.inline(d)),
            referent: t.referent.as_ref().map(|r| ReferentView {
                project: c.inline(&r.project),
                name: r.name.as_ref().map(|n| md_inline(&n.value)),
            }),
            accounts: t
                .accounts
                .iter()
                .filter_map(|id| account_link(p, id))
                .collect(),
        }
    }
}

/// The link to an official account, named as the register names it.
fn account_link(p: &Public, id: &str) -> Option<Link> {
    p.accounts.iter().find(|a| a.id.value == id).map(|a| Link {
        text: md_inline(&format!("{} ({})", a.name.value, a.handle.value)),
        url: a.url.to_string(),
    })
}

#[derive(Debug, Serialize)]
pub struct PurposesView {
    pub intro: Option<String>,
    pub items: Vec<String>,
    pub legal_basis: Vec<LawView>,
}

impl PurposesView {
    fn new(c: &Ctx, pu: &model::Purposes) -> PurposesView {
        PurposesView {
            intro: c.opt(&pu.intro),
            items: c.list(&pu.items),
            legal_basis: pu.legal_basis.iter().map(|l| LawView::new(c, l)).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LawView {
    pub law: String,
    pub article: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

impl LawView {
    fn new(c: &Ctx, l: &model::LawRef) -> LawView {
        LawView {
            law: c.inline(&l.law),
            article: l.article.as_deref().map(md_inline),
            url: l.url.as_ref().map(|u| u.to_string()),
            note: c.opt(&l.note),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ContentView {
    pub published: Vec<PublishedView>,
    pub discussion_topics: Vec<String>,
    pub contributions: Option<String>,
}

impl ContentView {
    fn new(c: &Ctx, ct: &model::Content) -> ContentView {
        ContentView {
            published: ct
                .published
                .iter()
                .map(|i| PublishedView {
                    kind: i.kind.key(),
                    label: i.label.as_ref().map(|l| c.inline(l)),
                    description: c.opt(&i.description),
                })
                .collect(),
            discussion_topics: c.list(&ct.discussion_topics),
            contributions: c.opt(&ct.contributions),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PublishedView {
    pub kind: &'static str,
    /// The body's own name for a content of kind `other`.
    pub label: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub platform: &'static str,
    pub name: String,
    pub handle: String,
    pub url: String,
    pub scope: &'static str,
    pub topic: Option<String>,
    pub languages: Vec<String>,
    pub until: Option<DateView>,
}

impl AccountView {
    fn new(c: &Ctx, a: &model::PublicAccount) -> AccountView {
        AccountView {
            id: a.id.value.clone(),
            platform: a.platform.key(),
            name: md_inline(&a.name.value),
            handle: md_inline(&a.handle.value),
            url: a.url.to_string(),
            scope: a.scope.key(),
            topic: a.topic.as_ref().map(|t| c.inline(t)),
            languages: a.languages.iter().map(|l| l.to_string()).collect(),
            until: a.until.as_ref().map(|d| d.value.into()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MonitoringView {
    pub hours: Vec<HoursView>,
    /// The spaces are watched continuously, without set hours (`continuous: true`).
    pub continuous: bool,
    pub holidays: Option<String>,
    pub emergencies: Option<String>,
    pub response_time: Option<DurationView>,
    /// The policy states that it guarantees no response time (`response_time: none`).
    pub no_response_time: bool,
    pub response_channel: Option<String>,
    /// Hours and response times stated for one channel or account only.
    pub scoped: Vec<ScopedView>,
    /// Whether the spaces are said to be watched: hours, generally or for a channel or
    /// account, or continuous watch.
    pub any_hours: bool,
    /// Whether any response time is promised, generally or for a channel or account (not
    /// `response_time: none`, which promises none).
    pub any_response: bool,
    /// Whether a response time is promised for a channel or account.
    pub scoped_response: bool,
}

impl MonitoringView {
    fn new(c: &Ctx, m: &model::Monitoring, p: &Public) -> MonitoringView {
        let scoped: Vec<ScopedView> = m.scoped.iter().map(|s| ScopedView::new(s, p)).collect();
        MonitoringView {
            hours: hours(&m.hours),
            continuous: m.is_continuous(),
            holidays: c.opt(&m.holidays),
            emergencies: c.opt(&m.emergencies),
            response_time: m
                .response_time
                .as_ref()
                .and_then(|r| r.value.duration())
                .map(Into::into),
            no_response_time: m
                .response_time
                .as_ref()
                .is_some_and(|r| r.value == model::ResponseTime::None),
            response_channel: c.opt(&m.response_channel),
            any_hours: m.says_when_watched(),
            any_response: m
                .response_time
                .as_ref()
                .is_some_and(|r| r.value.duration().is_some())
                || scoped.iter().any(|s| s.response_time.is_some()),
            scoped_response: scoped.iter().any(|s| s.response_time.is_some()),
            scoped,
        }
    }
}

/// Hours and a response time that hold for one channel, one account, or one channel of one
/// account.
#[derive(Debug, Serialize)]
pub struct ScopedView {
    pub channel: Option<&'static str>,
    pub account: Option<ScopedAccountView>,
    pub hours: Vec<HoursView>,
    pub response_time: Option<DurationView>,
}

#[derive(Debug, Serialize)]
pub struct ScopedAccountView {
    pub platform: &'static str,
    pub link: Link,
}

impl ScopedView {
    fn new(s: &model::ScopedMonitoring, p: &Public) -> ScopedView {
        ScopedView {
            channel: s.channel.as_ref().map(|c| c.value.key()),
            account: s.account.as_ref().and_then(|id| {
                let a = p.accounts.iter().find(|a| a.id.value == id.value)?;
                Some(ScopedAccountView {
                    platform: a.platform.key(),
                    link: account_link(p, &id.value)?,
                })
            }),
            hours: hours(&s.hours),
            response_time: s.response_time.as_ref().map(|d| d.value.into()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ModerationView {
    /// `None` when the policy does not say whether moderation is preventive.
    pub mode: Option<&'static str>,
    pub intro: Option<String>,
    /// What participants are asked to do (netiquette), apart from the removal criteria.
    pub duties: Vec<String>,
    pub rules: Vec<RuleView>,
    /// The policy-wide ladder, step by step, as the data says it.
    pub escalation: Vec<StepView>,
    /// Whether at least one rule lists its own actions (else the document says nothing of
    /// actions rule by rule).
    pub any_actions: bool,
    /// Whether every rule lists its own actions.
    pub all_actions: bool,
    /// How many rules follow the ladder (no `actions` of their own, and a ladder exists).
    pub inheriting: usize,
    pub appeal: Option<String>,
}

impl ModerationView {
    fn new(c: &Ctx, m: &model::Moderation) -> ModerationView {
        let ladder = !m.escalation.is_empty();
        let rules: Vec<RuleView> = m
            .rules
            .iter()
            .map(|r| RuleView {
                id: r.id.value.clone(),
                title: c.inline(&r.title),
                description: c.block(&r.description),
                actions: r.actions.iter().flatten().map(|a| a.key()).collect(),
                inherits: ladder && r.actions.is_none(),
                opts_out: ladder && r.actions.as_ref().is_some_and(Vec::is_empty),
            })
            .collect();
        ModerationView {
            mode: m.mode.as_ref().map(|x| x.key()),
            intro: c.opt(&m.intro),
            duties: c.list(&m.duties),
            any_actions: rules.iter().any(|r| !r.actions.is_empty()),
            all_actions: rules.iter().all(|r| !r.actions.is_empty()),
            inheriting: rules.iter().filter(|r| r.inherits).count(),
            rules,
            escalation: m
                .escalation
                .iter()
                .map(|s| StepView {
                    actions: s.actions.iter().map(|a| a.key()).collect(),
                    when: s
                        .when
                        .as_ref()
                        .map(|w| w.value)
                        .filter(|w| *w != model::StepCondition::Always)
                        .map(|w| w.key()),
                })
                .collect(),
            appeal: c.opt(&m.appeal),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The rule's own actions, in the order they are applied.
    pub actions: Vec<&'static str>,
    /// The rule has no actions of its own and follows the ladder.
    pub inherits: bool,
    /// The rule says `actions: []` where a ladder exists: no action for it.
    pub opts_out: bool,
}

/// One step of the ladder: its actions are alternatives (one of them applies).
#[derive(Debug, Serialize)]
pub struct StepView {
    pub actions: Vec<&'static str>,
    /// The condition's key (`when_possible`, ...), none when the step always applies.
    pub when: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct NotForView {
    pub topic: String,
    pub instead: String,
    pub url: Option<String>,
}

impl NotForView {
    fn new(c: &Ctx, n: &model::NotFor) -> NotForView {
        NotForView {
            topic: c.inline(&n.topic),
            instead: c.block(&n.instead),
            url: n.url.as_ref().map(|u| u.to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub id: String,
    pub name: String,
    pub url: String,
    /// For the Creative Commons family: the address of the licence, to which the labels
    /// add the legal code in the document's language (`legalcode.it`).
    pub cc_base: Option<String>,
    pub attribution: Option<String>,
    pub third_party: Option<String>,
    pub ads: Option<String>,
}

impl LicenceView {
    fn new(c: &Ctx, l: &model::Licence) -> LicenceView {
        LicenceView {
            id: l.own_content.to_string(),
            name: l.own_content.full_name().to_string(),
            url: licence_url(l.own_content.as_str()),
            cc_base: Some(licence_url(l.own_content.as_str()))
                .filter(|u| u.starts_with("https://creativecommons.org/")),
            attribution: c.opt(&l.attribution),
            third_party: c.opt(&l.third_party),
            ads: c.opt(&l.ads),
        }
    }
}

/// The licence deed, for the Creative Commons family; the SPDX page otherwise.
pub(crate) fn licence_url(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    if lower == "cc0-1.0" {
        return "https://creativecommons.org/publicdomain/zero/1.0/".to_string();
    }
    if let Some(rest) = lower.strip_prefix("cc-") {
        // `by-sa-4.0`, or a national port such as `by-3.0-it`: the elements, the version,
        // then the jurisdiction if any.
        let parts: Vec<&str> = rest.split('-').collect();
        if let Some(v) = parts
            .iter()
            .position(|p| p.starts_with(|c: char| c.is_ascii_digit()))
            && v > 0
        {
            let port: String = parts[v + 1..].iter().map(|j| format!("{j}/")).collect();
            return format!(
                "https://creativecommons.org/licenses/{}/{}/{port}",
                parts[..v].join("-"),
                parts[v]
            );
        }
    }
    format!("https://spdx.org/licenses/{id}.html")
}

#[derive(Debug, Serialize)]
pub struct PrivacyView {
    /// `None` when the notice is given by reference to the body's own page (`notice_url`).
    pub controller: Option<PartyView>,
    pub dpo: Option<PartyView>,
    pub purposes: Vec<String>,
    pub legal_basis: Option<String>,
    pub recipients: Option<String>,
    pub transfers: Option<String>,
    pub retention: Option<String>,
    pub rights: Option<String>,
    pub complaint: Option<String>,
    pub joint_controllers: Vec<JointView>,
    pub notice_url: Option<String>,
}

impl PrivacyView {
    fn new(c: &Ctx, pr: &model::Privacy) -> PrivacyView {
        PrivacyView {
            controller: pr.controller.as_ref().map(|p| PartyView::new(c, p)),
            dpo: pr.dpo.as_ref().map(|d| PartyView::new(c, d)),
            purposes: c.list(&pr.purposes),
            legal_basis: c.opt(&pr.legal_basis),
            recipients: c.opt(&pr.recipients),
            transfers: c.opt(&pr.transfers),
            retention: c.opt(&pr.retention),
            rights: c.opt(&pr.rights),
            complaint: c.opt(&pr.complaint),
            joint_controllers: pr
                .joint_controllers
                .iter()
                .map(|j| JointView {
                    platform: j.platform.key(),
                    arrangement_url: j.arrangement_url.as_ref().map(|u| u.to_string()),
                })
                .collect(),
            notice_url: pr.notice_url.as_ref().map(|u| u.to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PartyView {
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub pec: Option<String>,
    pub phone: Option<String>,
    pub tel: Option<String>,
}

impl PartyView {
    fn new(c: &Ctx, p: &model::Party) -> PartyView {
        PartyView {
            name: c.inline(&p.name),
            address: p.address.as_deref().map(md_inline),
            email: p.email.as_ref().map(|e| e.to_string()),
            pec: p.pec.as_ref().map(|e| e.to_string()),
            phone: p.phone.as_ref().map(|e| md_inline(e.as_str())),
            tel: p.phone.as_ref().map(|e| e.tel()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JointView {
    pub platform: &'static str,
    pub arrangement_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub label: String,
    pub kind: Option<&'static str>,
    /// The field the kind names (`phone` for a freephone number): its line is labelled
    /// with the kind.
    pub kind_field: Option<&'static str>,
    pub note: Option<String>,
    pub email: Option<String>,
    pub pec: Option<String>,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

impl ContactView {
    fn new(c: &Ctx, k: &model::Contact) -> ContactView {
        ContactView {
            label: c.inline(&k.label),
            kind: k.kind.as_ref().map(|x| x.value.key()),
            kind_field: k.kind.as_ref().map(|x| x.value.field()),
            note: c.opt(&k.note),
            email: k.email.as_ref().map(|e| e.to_string()),
            pec: k.pec.as_ref().map(|e| e.to_string()),
            phone: k.phone.as_ref().map(|e| md_inline(e.as_str())),
            tel: k.phone.as_ref().map(|e| e.tel()),
            url: k.url.as_ref().map(|u| u.to_string()),
            address: k.address.as_deref().map(md_inline),
            hours: c.opt(&k.hours),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ElectionView {
    pub rule: String,
    pub periods: Vec<ElectionWindowView>,
}

impl ElectionView {
    fn new(c: &Ctx, e: &model::ElectionPeriod) -> ElectionView {
        ElectionView {
            rule: c.block(&e.rule),
            periods: e
                .periods
                .iter()
                .map(|w| ElectionWindowView {
                    election: c.inline(&w.election),
                    from: w.from.value.into(),
                    to: w.to.value.into(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ElectionWindowView {
    pub election: String,
    pub from: DateView,
    pub to: DateView,
}

#[derive(Debug, Serialize)]
pub struct AdoptionView {
    /// `None` when the policy names no adopting body.
    pub body: Option<String>,
    /// `None` when the policy names no act (published on the site only, for instance).
    pub act: Option<String>,
    /// The date of the act or, without an act, of the publication.
    pub date: DateView,
    /// `None` when the policy has no version number.
    pub version: Option<String>,
    /// The publication on the site, when the policy says it was published there.
    pub publication: Option<PublicationView>,
    pub effective: Option<DateView>,
    pub review_months: Option<u32>,
    pub review_due: Option<DateView>,
    pub consultation: Option<ConsultationView>,
    pub history: Vec<HistoryView>,
}

impl AdoptionView {
    fn new(c: &Ctx, a: &model::Adoption) -> AdoptionView {
        AdoptionView {
            body: a.body.as_ref().map(|b| c.inline(b)),
            act: a.act.as_ref().map(|t| c.inline(t)),
            date: a.date.value.into(),
            version: a.version.as_ref().map(|v| md_inline(&v.value)),
            publication: a.publication.as_ref().map(|p| PublicationView {
                date: a.published_on().unwrap_or(a.date.value).into(),
                url: p.url.as_ref().map(|u| u.to_string()),
            }),
            effective: a.effective.as_ref().map(|d| d.value.into()),
            review_months: a.review_months.as_ref().map(|m| m.value),
            review_due: review_due(a),
            consultation: a.consultation.as_ref().map(|k| ConsultationView {
                from: k.from.value.into(),
                to: k.to.value.into(),
                description: c.opt(&k.description),
                url: k.url.as_ref().map(|u| u.to_string()),
            }),
            history: a
                .history
                .iter()
                .map(|h| HistoryView {
                    version: md_inline(&h.version.value),
                    date: h.date.value.into(),
                    act: h.act.as_ref().map(|t| c.inline(t)),
                    summary: c.cell(&h.summary),
                })
                .collect(),
        }
    }
}

/// When the policy is due for review: the effective date (or the adoption date) plus the
/// review cycle.
pub fn review_due(a: &model::Adoption) -> Option<DateView> {
    let months = a.review_months.as_ref()?.value;
    let start = a.effective.as_ref().map_or(a.date.value, |d| d.value);
    Some(start.add_months(months).into())
}

#[derive(Debug, Serialize)]
pub struct PublicationView {
    pub date: DateView,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConsultationView {
    pub from: DateView,
    pub to: DateView,
    pub description: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HistoryView {
    pub version: String,
    pub date: DateView,
    /// `None` when that version named no act.
    pub act: Option<String>,
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::licence_url;

    #[test]
    fn licence_deeds() {
        assert_eq!(
            licence_url("CC-BY-4.0"),
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            licence_url("CC-BY-SA-4.0"),
            "https://creativecommons.org/licenses/by-sa/4.0/"
        );
        assert_eq!(
            licence_url("CC-BY-3.0-IT"),
            "https://creativecommons.org/licenses/by/3.0/it/"
        );
        assert_eq!(
            licence_url("CC0-1.0"),
            "https://creativecommons.org/publicdomain/zero/1.0/"
        );
        assert_eq!(
            licence_url("IODL-2.0"),
            "https://spdx.org/licenses/IODL-2.0.html"
        );
    }
}

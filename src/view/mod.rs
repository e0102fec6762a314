//! What each document may see.
//!
//! [`ExternalView`] is built field by field from public data only: it has no place for staff
//! names, phone numbers, procedures or credential custody, so they cannot reach a document
//! for citizens by accident. [`InternalView`] holds the public view and the staff-only parts.
//! Texts are resolved to one language and escaped so that YAML cannot add Markdown structure
//! where the template expects a name.

use serde::Serialize;

use crate::model::{self, Date, Duration, HoursSlot, Lang, Policy, Text};

pub mod safe_markdown;

/// Escapes a one-line value (a name, a handle) for Markdown: it prints as written and can
/// never open a link, emphasis, a table cell, a block or an HTML tag.
pub use safe_markdown::inline as md_inline;

/// A date; templates write it in the language's format with
/// `{{ date | date_text(format=labels.date_format) }}`.
#[derive(Debug, Serialize, Clone)]
pub struct DateView {
    pub iso: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView { iso: d.to_string() }
    }
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Resolves texts to one language.
struct Ctx<'a> {
    lang: &'a Lang,
    main: &'a Lang,
}

impl Ctx<'_> {
    /// The text in the document's language, else in the policy's first language.
    fn pick<'t>(&self, t: &'t Text) -> &'t str {
        t.get(self.lang).or_else(|| t.get(self.main)).unwrap_or("")
    }
    fn block(&self, t: &Text) -> String {
        safe_markdown::block(self.pick(t))
    }
    /// A text for a table cell: on one line, and unable to end the cell.
    fn cell(&self, t: &Text) -> String {
        safe_markdown::cell(self.pick(t))
    }
    fn inline(&self, t: &Text) -> String {
        md_inline(self.pick(t))
    }
    fn opt(&self, t: &Option<model::Src<Text>>) -> Option<String> {
        t.as_ref().map(|t| self.block(t))
    }
    fn list(&self, ts: &[model::Src<Text>]) -> Vec<String> {
        ts.iter().map(|t| self.block(t)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// External view

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
}

#[derive(Debug, Serialize)]
pub struct OrgView {
    pub name: String,
    pub kind: &'static str,
    pub website: Option<String>,
    pub address: Option<String>,
    pub office: String,
    pub office_description: Option<String>,
    pub office_email: Option<String>,
    pub topic_pages: Vec<TopicPageView>,
}

#[derive(Debug, Serialize)]
pub struct TopicPageView {
    pub department: String,
    pub accounts: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct PurposesView {
    pub intro: Option<String>,
    pub items: Vec<String>,
    pub legal_basis: Vec<LawView>,
}

#[derive(Debug, Serialize)]
pub struct LawView {
    pub law: String,
    pub article: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContentView {
    pub published: Vec<PublishedView>,
    pub discussion_topics: Vec<String>,
    pub contributions: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PublishedView {
    pub kind: &'static str,
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

#[derive(Debug, Serialize)]
pub struct HoursView {
    pub days: Vec<&'static str>,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct DurationView {
    pub value: u32,
    pub unit: &'static str,
}

impl From<Duration> for DurationView {
    fn from(d: Duration) -> Self {
        DurationView {
            value: d.value,
            unit: d.unit.key(),
        }
    }
}

fn hours(slots: &[HoursSlot]) -> Vec<HoursView> {
    slots
        .iter()
        .map(|h| HoursView {
            days: h.days.iter().map(|d| d.key()).collect(),
            from: h.from.to_string(),
            to: h.to.to_string(),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct MonitoringView {
    pub hours: Vec<HoursView>,
    pub holidays: Option<String>,
    pub emergencies: Option<String>,
    pub response_time: Option<DurationView>,
    pub response_channel: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ModerationView {
    pub mode: &'static str,
    pub intro: Option<String>,
    pub rules: Vec<RuleView>,
    pub appeal: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub actions: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct NotForView {
    pub topic: String,
    pub instead: String,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub attribution: Option<String>,
    pub third_party: Option<String>,
    pub ads: Option<String>,
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

#[derive(Debug, Serialize)]
pub struct PrivacyView {
    pub controller: PartyView,
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

#[derive(Debug, Serialize)]
pub struct JointView {
    pub platform: &'static str,
    pub arrangement_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub label: String,
    pub email: Option<String>,
    pub pec: Option<String>,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ElectionView {
    pub rule: String,
    pub periods: Vec<ElectionWindowView>,
}

#[derive(Debug, Serialize)]
pub struct ElectionWindowView {
    pub election: String,
    pub from: DateView,
    pub to: DateView,
}

#[derive(Debug, Serialize)]
pub struct AdoptionView {
    pub body: String,
    pub act: String,
    pub date: DateView,
    pub version: String,
    pub effective: Option<DateView>,
    pub review_months: Option<u32>,
    pub review_due: Option<DateView>,
    pub consultation: Option<ConsultationView>,
    pub history: Vec<HistoryView>,
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
    pub act: String,
    pub summary: String,
}

fn party(c: &Ctx, p: &model::Party) -> PartyView {
    PartyView {
        name: c.inline(&p.name),
        address: p.address.as_deref().map(md_inline),
        email: p.email.as_ref().map(|e| e.to_string()),
        pec: p.pec.as_ref().map(|e| e.to_string()),
        phone: p.phone.as_ref().map(|e| md_inline(e.as_str())),
        tel: p.phone.as_ref().map(|e| e.tel()),
    }
}

/// The licence deed, for the Creative Commons family; the SPDX page otherwise.
fn licence_url(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    if lower == "cc0-1.0" {
        return "https://creativecommons.org/publicdomain/zero/1.0/".to_string();
    }
    if let Some(rest) = lower.strip_prefix("cc-") {
        let parts: Vec<&str> = rest.split('-').collect();
        if let Some((version, kinds)) = parts.split_last() {
            return format!(
                "https://creativecommons.org/licenses/{}/{}/",
                kinds.join("-"),
                version
            );
        }
    }
    format!("https://spdx.org/licenses/{id}.html")
}

impl ExternalView {
    pub fn new(p: &Policy, lang: &Lang) -> ExternalView {
        let c = Ctx {
            lang,
            main: p.main_language(),
        };
        let o = &p.organisation.value;
        let account_link = |id: &str| {
            p.accounts.iter().find(|a| a.id.value == id).map(|a| Link {
                text: md_inline(&format!("{} ({})", a.name.value, a.handle.value)),
                url: a.url.to_string(),
            })
        };
        let a = &p.adoption.value;
        ExternalView {
            lang: lang.to_string(),
            organisation: OrgView {
                name: md_inline(&o.name.value),
                kind: o.kind.key(),
                website: o.website.as_ref().map(|u| u.to_string()),
                address: o.address.as_deref().map(md_inline),
                office: c.inline(&o.managing_office.name),
                office_description: c.opt(&o.managing_office.description),
                office_email: o.managing_office.email.as_ref().map(|e| e.to_string()),
                topic_pages: o
                    .topic_pages
                    .iter()
                    .map(|t| TopicPageView {
                        department: c.inline(&t.department),
                        accounts: t
                            .accounts
                            .iter()
                            .filter_map(|id| account_link(id))
                            .collect(),
                    })
                    .collect(),
            },
            purposes: p.purposes.as_ref().map(|pu| PurposesView {
                intro: c.opt(&pu.intro),
                items: c.list(&pu.items),
                legal_basis: pu
                    .legal_basis
                    .iter()
                    .map(|l| LawView {
                        law: c.inline(&l.law),
                        article: l.article.as_deref().map(md_inline),
                        url: l.url.as_ref().map(|u| u.to_string()),
                        note: c.opt(&l.note),
                    })
                    .collect(),
            }),
            content: p.content.as_ref().map(|ct| ContentView {
                published: ct
                    .published
                    .iter()
                    .map(|i| PublishedView {
                        kind: i.kind.key(),
                        description: c.opt(&i.description),
                    })
                    .collect(),
                discussion_topics: c.list(&ct.discussion_topics),
                contributions: c.opt(&ct.contributions),
            }),
            accounts: p
                .accounts
                .iter()
                .map(|a| AccountView {
                    id: a.id.value.clone(),
                    platform: a.platform.key(),
                    name: md_inline(&a.name.value),
                    handle: md_inline(&a.handle.value),
                    url: a.url.to_string(),
                    scope: a.scope.key(),
                    topic: a.topic.as_ref().map(|t| c.inline(t)),
                    languages: a.languages.iter().map(|l| l.to_string()).collect(),
                    until: a.until.as_ref().map(|d| d.value.into()),
                })
                .collect(),
            monitoring: p.monitoring.as_ref().map(|m| MonitoringView {
                hours: hours(&m.hours),
                holidays: c.opt(&m.holidays),
                emergencies: c.opt(&m.emergencies),
                response_time: m.response_time.as_ref().map(|d| d.value.into()),
                response_channel: c.opt(&m.response_channel),
            }),
            moderation: p.moderation.as_ref().map(|m| ModerationView {
                mode: m.mode.key(),
                intro: c.opt(&m.intro),
                rules: m
                    .rules
                    .iter()
                    .map(|r| RuleView {
                        id: r.id.value.clone(),
                        title: c.inline(&r.title),
                        description: c.block(&r.description),
                        actions: r.actions.iter().map(|a| a.key()).collect(),
                    })
                    .collect(),
                appeal: c.opt(&m.appeal),
            }),
            not_for: p
                .not_for
                .iter()
                .map(|n| NotForView {
                    topic: c.inline(&n.topic),
                    instead: c.block(&n.instead),
                    url: n.url.as_ref().map(|u| u.to_string()),
                })
                .collect(),
            licence: p.licence.as_ref().map(|l| LicenceView {
                id: l.own_content.to_string(),
                name: l.own_content.full_name().to_string(),
                url: licence_url(l.own_content.as_str()),
                attribution: c.opt(&l.attribution),
                third_party: c.opt(&l.third_party),
                ads: c.opt(&l.ads),
            }),
            privacy: p.privacy.as_ref().map(|pr| PrivacyView {
                controller: party(&c, &pr.controller),
                dpo: pr.dpo.as_ref().map(|d| party(&c, d)),
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
            }),
            contacts: p
                .contacts
                .iter()
                .map(|k| ContactView {
                    label: c.inline(&k.label),
                    email: k.email.as_ref().map(|e| e.to_string()),
                    pec: k.pec.as_ref().map(|e| e.to_string()),
                    phone: k.phone.as_ref().map(|e| md_inline(e.as_str())),
                    tel: k.phone.as_ref().map(|e| e.tel()),
                    url: k.url.as_ref().map(|u| u.to_string()),
                    address: k.address.as_deref().map(md_inline),
                    hours: c.opt(&k.hours),
                })
                .collect(),
            election_period: p.election_period.as_ref().map(|e| ElectionView {
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
            }),
            adoption: AdoptionView {
                body: c.inline(&a.body),
                act: c.inline(&a.act),
                date: a.date.value.into(),
                version: md_inline(&a.version.value),
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
                        act: c.inline(&h.act),
                        summary: c.cell(&h.summary),
                    })
                    .collect(),
            },
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

// ---------------------------------------------------------------------------------------------
// Internal view

#[derive(Debug, Serialize)]
pub struct InternalView {
    /// Everything citizens see, staff see too.
    pub public: ExternalView,
    pub roles: Vec<RoleView>,
    /// Staff-only facts about each account, in the order of `public.accounts`.
    pub account_management: Vec<AccountManagementView>,
    pub internal: Option<InternalSectionView>,
}

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub id: String,
    pub title: String,
    pub responsibilities: Vec<String>,
    pub holder: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tel: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AccountManagementView {
    pub id: String,
    pub platform: &'static str,
    pub name: String,
    pub handle: String,
    pub url: String,
    pub presence: &'static str,
    pub managed_by: Vec<String>,
    pub cross_posts_to: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct InternalSectionView {
    pub scope: Vec<&'static str>,
    pub scope_note: Option<String>,
    pub general_rules: Option<String>,
    pub strategy: Option<String>,
    pub tone: Option<String>,
    pub platform_rules: Vec<PlatformRuleView>,
    pub team: Option<TeamView>,
    pub lifecycle: Option<LifecycleView>,
    pub workflow: Option<WorkflowView>,
    pub conduct: Option<ConductView>,
    pub crisis: Option<CrisisView>,
    pub nonconformity: Option<NonconformityView>,
    pub stakeholders: Option<String>,
    pub crm: Vec<CrmView>,
    pub live_coverage: Option<LiveView>,
    pub communication_plan: Option<PlanView>,
}

#[derive(Debug, Serialize)]
pub struct PlatformRuleView {
    pub platform: &'static str,
    pub content: Option<String>,
    pub licence: Option<String>,
    pub managed_by: Vec<String>,
    pub feedback: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TeamView {
    pub name: String,
    pub members: Vec<String>,
    pub hours: Vec<HoursView>,
    pub procedures: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LifecycleView {
    pub opening_authorised_by: String,
    pub closing_authorised_by: String,
    pub naming: Option<String>,
    pub logo: Option<String>,
    pub credentials_custodian: String,
    pub credentials_storage: Option<String>,
    pub two_factor: bool,
    pub recovery_addresses: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct WorkflowView {
    pub drafted_by: Vec<String>,
    pub approved_by: Vec<String>,
    pub steps: Vec<String>,
    pub editorial_plan: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConductView {
    pub official_accounts: Option<String>,
    pub personal_accounts: Option<String>,
    pub rules: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CrisisView {
    pub procedure: Vec<String>,
    pub escalation: Vec<EscalationView>,
}

#[derive(Debug, Serialize)]
pub struct EscalationView {
    pub level: u32,
    pub when: String,
    pub notify: String,
    pub within: Option<DurationView>,
}

#[derive(Debug, Serialize)]
pub struct NonconformityView {
    pub reporting: String,
    pub report_to: Option<String>,
    pub sanctions: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CrmView {
    pub kind: String,
    pub route_to: String,
    pub channel: Option<String>,
    pub within: Option<DurationView>,
}

#[derive(Debug, Serialize)]
pub struct LiveView {
    pub council_meetings: Option<String>,
    pub events: Option<String>,
    pub rules: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub url: Option<String>,
    pub audiences: Vec<String>,
    pub objectives: Vec<String>,
    pub channels: Vec<String>,
    pub resources: Option<String>,
}

impl InternalView {
    pub fn new(p: &Policy, lang: &Lang) -> InternalView {
        let c = Ctx {
            lang,
            main: p.main_language(),
        };
        let role_title = |id: &model::Src<String>| {
            p.roles
                .iter()
                .find(|r| r.id.value == id.value)
                .map_or_else(|| md_inline(&id.value), |r| c.inline(&r.title))
        };
        let titles = |ids: &[model::Src<String>]| ids.iter().map(role_title).collect::<Vec<_>>();
        let account_name = |id: &model::Src<String>| {
            p.accounts
                .iter()
                .find(|a| a.id.value == id.value)
                .map_or_else(|| md_inline(&id.value), |a| md_inline(&a.name.value))
        };
        InternalView {
            public: ExternalView::new(p, lang),
            roles: p
                .roles
                .iter()
                .map(|r| RoleView {
                    id: r.id.value.clone(),
                    title: c.inline(&r.title),
                    responsibilities: c.list(&r.responsibilities),
                    holder: r.holder.as_ref().map(|h| md_inline(&h.name.value)),
                    email: r
                        .holder
                        .as_ref()
                        .and_then(|h| h.email.as_ref().map(|e| e.to_string())),
                    phone: r
                        .holder
                        .as_ref()
                        .and_then(|h| h.phone.as_ref().map(|e| md_inline(e.as_str()))),
                    tel: r
                        .holder
                        .as_ref()
                        .and_then(|h| h.phone.as_ref().map(|e| e.tel())),
                })
                .collect(),
            account_management: p
                .accounts
                .iter()
                .map(|a| AccountManagementView {
                    id: a.id.value.clone(),
                    platform: a.platform.key(),
                    name: md_inline(&a.name.value),
                    handle: md_inline(&a.handle.value),
                    url: a.url.to_string(),
                    presence: a.presence.key(),
                    managed_by: titles(&a.managed_by),
                    cross_posts_to: a.cross_posts_to.iter().map(account_name).collect(),
                })
                .collect(),
            internal: p.internal.as_ref().map(|i| InternalSectionView {
                scope: i
                    .scope
                    .as_ref()
                    .map(|s| s.applies_to.iter().map(|a| a.key()).collect())
                    .unwrap_or_default(),
                scope_note: i.scope.as_ref().and_then(|s| c.opt(&s.note)),
                general_rules: c.opt(&i.general_rules),
                strategy: c.opt(&i.strategy),
                tone: c.opt(&i.tone),
                platform_rules: i
                    .platform_rules
                    .iter()
                    .map(|r| PlatformRuleView {
                        platform: r.platform.key(),
                        content: c.opt(&r.content),
                        licence: r.licence.as_ref().map(|l| l.to_string()),
                        managed_by: titles(&r.managed_by),
                        feedback: c.opt(&r.feedback),
                    })
                    .collect(),
                team: i.team.as_ref().map(|t| TeamView {
                    name: c.inline(&t.name),
                    members: titles(&t.members),
                    hours: hours(&t.hours),
                    procedures: c.list(&t.procedures),
                }),
                lifecycle: i.account_lifecycle.as_ref().map(|l| LifecycleView {
                    opening_authorised_by: role_title(&l.opening_authorised_by),
                    closing_authorised_by: role_title(&l.closing_authorised_by),
                    naming: c.opt(&l.naming),
                    logo: c.opt(&l.logo),
                    credentials_custodian: role_title(&l.credentials_custodian),
                    credentials_storage: c.opt(&l.credentials_storage),
                    two_factor: l.two_factor.value,
                    recovery_addresses: l
                        .recovery_addresses
                        .iter()
                        .map(|e| e.to_string())
                        .collect(),
                }),
                workflow: i.workflow.as_ref().map(|w| WorkflowView {
                    drafted_by: titles(&w.drafted_by),
                    approved_by: titles(&w.approved_by),
                    steps: c.list(&w.steps),
                    editorial_plan: c.opt(&w.editorial_plan),
                }),
                conduct: i.conduct.as_ref().map(|k| ConductView {
                    official_accounts: c.opt(&k.official_accounts),
                    personal_accounts: c.opt(&k.personal_accounts),
                    rules: c.list(&k.rules),
                }),
                crisis: i.crisis.as_ref().map(|k| CrisisView {
                    procedure: c.list(&k.procedure),
                    escalation: k
                        .escalation
                        .iter()
                        .map(|e| EscalationView {
                            level: e.level.value,
                            when: c.cell(&e.when),
                            notify: role_title(&e.notify),
                            within: e.within.as_ref().map(|d| d.value.into()),
                        })
                        .collect(),
                }),
                nonconformity: i.nonconformity.as_ref().map(|n| NonconformityView {
                    reporting: c.block(&n.reporting),
                    report_to: n.report_to.as_ref().map(role_title),
                    sanctions: c.opt(&n.sanctions),
                }),
                stakeholders: c.opt(&i.stakeholders),
                crm: i
                    .crm
                    .iter()
                    .map(|r| CrmView {
                        kind: c.inline(&r.kind),
                        route_to: c.inline(&r.route_to),
                        channel: r.channel.as_ref().map(|t| c.inline(t)),
                        within: r.within.as_ref().map(|d| d.value.into()),
                    })
                    .collect(),
                live_coverage: i.live_coverage.as_ref().map(|l| LiveView {
                    council_meetings: c.opt(&l.council_meetings),
                    events: c.opt(&l.events),
                    rules: c.list(&l.rules),
                }),
                communication_plan: i.communication_plan.as_ref().map(|k| PlanView {
                    url: k.url.as_ref().map(|u| u.to_string()),
                    audiences: c.list(&k.audiences),
                    objectives: c.list(&k.objectives),
                    channels: c.list(&k.channels),
                    resources: c.opt(&k.resources),
                }),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_values_cannot_open_markup() {
        assert_eq!(
            md_inline("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(md_inline("<script>"), "\\<script\\>");
        assert_eq!(md_inline("a | b"), "a \\| b");
    }

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
    }
}

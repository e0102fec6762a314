//! The internal view: what the document for staff may see, the public view and the
//! staff-only part. Each view struct is followed by the code that fills it.

use serde::Serialize;

use super::external::ExternalView;
use super::{Ctx, DurationView, HoursView, hours, md_inline};
use crate::model::{self, Lang, Policy, Src};

/// Resolves texts, and the ids of roles and accounts to their names.
struct Refs<'a> {
    c: Ctx<'a>,
    p: &'a Policy,
}

impl Refs<'_> {
    /// The title of a role, or its id as written when no role has it.
    fn role(&self, id: &Src<String>) -> String {
        self.p
            .staff
            .roles
            .iter()
            .find(|r| r.id.value == id.value)
            .map_or_else(|| md_inline(&id.value), |r| self.c.inline(&r.title))
    }

    fn roles(&self, ids: &[Src<String>]) -> Vec<String> {
        ids.iter().map(|id| self.role(id)).collect()
    }

    /// The name of an account, or its id as written when no account has it.
    fn account(&self, id: &Src<String>) -> String {
        self.p
            .all_accounts()
            .map(|(a, _)| a)
            .find(|a| a.id.value == id.value)
            .map_or_else(|| md_inline(&id.value), |a| md_inline(&a.name.value))
    }
}

#[derive(Debug, Serialize)]
pub struct InternalView {
    /// Everything citizens see, staff see too.
    pub public: ExternalView,
    pub roles: Vec<RoleView>,
    /// Staff-only facts about each account: the official ones in the order of
    /// `public.accounts`, then the accounts for staff only.
    pub account_management: Vec<AccountManagementView>,
    pub internal: Option<InternalSectionView>,
    /// Whether a role names the person or office that holds it.
    pub staff_names: bool,
    /// Whether a role gives its holder's email or phone.
    pub staff_contacts: bool,
}

impl InternalView {
    pub fn new(p: &Policy, lang: &Lang, words: &crate::labels::Labels) -> InternalView {
        let r = Refs {
            c: Ctx {
                lang,
                main: p.main_language(),
            },
            p,
        };
        let r = &r;
        let holders = || p.staff.roles.iter().filter_map(|x| x.holder.as_ref());
        InternalView {
            public: ExternalView::new(&p.public, lang, words),
            roles: p.staff.roles.iter().map(|x| RoleView::new(r, x)).collect(),
            account_management: p
                .accounts()
                .map(|(a, staff)| AccountManagementView::new(r, a, staff, false))
                .chain(
                    p.staff
                        .staff_only_accounts
                        .iter()
                        .map(|s| AccountManagementView::new(r, &s.account, &s.staff, true)),
                )
                .collect(),
            internal: p
                .staff
                .internal
                .as_ref()
                .map(|x| InternalSectionView::new(r, x)),
            staff_names: holders().next().is_some(),
            staff_contacts: holders().any(|h| h.email.is_some() || h.phone.is_some()),
        }
    }
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

impl RoleView {
    fn new(r: &Refs, role: &model::Role) -> RoleView {
        let holder = role.holder.as_ref();
        let phone = holder.and_then(|h| h.phone.as_ref());
        RoleView {
            id: role.id.value.clone(),
            title: r.c.inline(&role.title),
            responsibilities: r.c.list(&role.responsibilities),
            holder: holder.map(|h| md_inline(&h.name.value)),
            email: holder.and_then(|h| h.email.as_ref().map(|e| e.to_string())),
            phone: phone.map(|e| md_inline(e.as_str())),
            tel: phone.map(|e| e.tel()),
        }
    }
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
    /// An account for staff only (`audience: staff`), absent from the external documents.
    pub staff_only: bool,
}

impl AccountManagementView {
    fn new(
        r: &Refs,
        a: &model::PublicAccount,
        staff: &model::AccountStaff,
        staff_only: bool,
    ) -> AccountManagementView {
        AccountManagementView {
            id: a.id.value.clone(),
            platform: a.platform.key(),
            name: md_inline(&a.name.value),
            handle: md_inline(&a.handle.value),
            url: a.url.to_string(),
            presence: a.presence.key(),
            managed_by: r.roles(&staff.managed_by),
            cross_posts_to: staff
                .cross_posts_to
                .iter()
                .map(|id| r.account(id))
                .collect(),
            staff_only,
        }
    }
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

impl InternalSectionView {
    fn new(r: &Refs, i: &model::Internal) -> InternalSectionView {
        let c = &r.c;
        InternalSectionView {
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
                .map(|x| PlatformRuleView::new(r, x))
                .collect(),
            team: i.team.as_ref().map(|x| TeamView::new(r, x)),
            lifecycle: i
                .account_lifecycle
                .as_ref()
                .map(|x| LifecycleView::new(r, x)),
            workflow: i.workflow.as_ref().map(|x| WorkflowView::new(r, x)),
            conduct: i.conduct.as_ref().map(|x| ConductView::new(c, x)),
            crisis: i.crisis.as_ref().map(|x| CrisisView::new(r, x)),
            nonconformity: i
                .nonconformity
                .as_ref()
                .map(|x| NonconformityView::new(r, x)),
            stakeholders: c.opt(&i.stakeholders),
            crm: i.crm.iter().map(|x| CrmView::new(c, x)).collect(),
            live_coverage: i.live_coverage.as_ref().map(|x| LiveView::new(c, x)),
            communication_plan: i.communication_plan.as_ref().map(|x| PlanView::new(c, x)),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlatformRuleView {
    pub platform: &'static str,
    pub content: Option<String>,
    pub licence: Option<String>,
    pub managed_by: Vec<String>,
    pub feedback: Option<String>,
}

impl PlatformRuleView {
    fn new(r: &Refs, x: &model::PlatformRule) -> PlatformRuleView {
        PlatformRuleView {
            platform: x.platform.key(),
            content: r.c.opt(&x.content),
            licence: x.licence.as_ref().map(|l| l.to_string()),
            managed_by: r.roles(&x.managed_by),
            feedback: r.c.opt(&x.feedback),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TeamView {
    pub name: String,
    pub members: Vec<String>,
    pub hours: Vec<HoursView>,
    pub procedures: Vec<String>,
}

impl TeamView {
    fn new(r: &Refs, t: &model::Team) -> TeamView {
        TeamView {
            name: r.c.inline(&t.name),
            members: r.roles(&t.members),
            hours: hours(&t.hours),
            procedures: r.c.list(&t.procedures),
        }
    }
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

impl LifecycleView {
    fn new(r: &Refs, l: &model::AccountLifecycle) -> LifecycleView {
        LifecycleView {
            opening_authorised_by: r.role(&l.opening_authorised_by),
            closing_authorised_by: r.role(&l.closing_authorised_by),
            naming: r.c.opt(&l.naming),
            logo: r.c.opt(&l.logo),
            credentials_custodian: r.role(&l.credentials_custodian),
            credentials_storage: r.c.opt(&l.credentials_storage),
            two_factor: l.two_factor.value,
            recovery_addresses: l.recovery_addresses.iter().map(|e| e.to_string()).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct WorkflowView {
    pub drafted_by: Vec<String>,
    pub approved_by: Vec<String>,
    pub steps: Vec<String>,
    pub editorial_plan: Option<String>,
}

impl WorkflowView {
    fn new(r: &Refs, w: &model::Workflow) -> WorkflowView {
        WorkflowView {
            drafted_by: r.roles(&w.drafted_by),
            approved_by: r.roles(&w.approved_by),
            steps: r.c.list(&w.steps),
            editorial_plan: r.c.opt(&w.editorial_plan),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ConductView {
    pub official_accounts: Option<String>,
    pub personal_accounts: Option<String>,
    pub rules: Vec<String>,
}

impl ConductView {
    fn new(c: &Ctx, k: &model::Conduct) -> ConductView {
        ConductView {
            official_accounts: c.opt(&k.official_accounts),
            personal_accounts: c.opt(&k.personal_accounts),
            rules: c.list(&k.rules),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CrisisView {
    pub procedure: Vec<String>,
    pub escalation: Vec<EscalationView>,
}

impl CrisisView {
    fn new(r: &Refs, k: &model::Crisis) -> CrisisView {
        CrisisView {
            procedure: r.c.list(&k.procedure),
            escalation: k
                .escalation
                .iter()
                .map(|e| EscalationView {
                    level: e.level.value,
                    when: r.c.cell(&e.when),
                    notify: r.role(&e.notify),
                    within: e.within.as_ref().map(|d| d.value.into()),
                })
                .collect(),
        }
    }
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

impl NonconformityView {
    fn new(r: &Refs, n: &model::Nonconformity) -> NonconformityView {
        NonconformityView {
            reporting: r.c.block(&n.reporting),
            report_to: n.report_to.as_ref().map(|id| r.role(id)),
            sanctions: r.c.opt(&n.sanctions),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CrmView {
    pub kind: String,
    pub route_to: String,
    pub channel: Option<String>,
    pub within: Option<DurationView>,
}

impl CrmView {
    fn new(c: &Ctx, x: &model::CrmRoute) -> CrmView {
        CrmView {
            kind: c.inline(&x.kind),
            route_to: c.inline(&x.route_to),
            channel: x.channel.as_ref().map(|t| c.cell(t)),
            within: x.within.as_ref().map(|d| d.value.into()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LiveView {
    pub council_meetings: Option<String>,
    pub events: Option<String>,
    pub rules: Vec<String>,
}

impl LiveView {
    fn new(c: &Ctx, l: &model::LiveCoverage) -> LiveView {
        LiveView {
            council_meetings: c.opt(&l.council_meetings),
            events: c.opt(&l.events),
            rules: c.list(&l.rules),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub url: Option<String>,
    pub audiences: Vec<String>,
    pub objectives: Vec<String>,
    pub channels: Vec<String>,
    pub resources: Option<String>,
}

impl PlanView {
    fn new(c: &Ctx, k: &model::CommunicationPlan) -> PlanView {
        PlanView {
            url: k.url.as_ref().map(|u| u.to_string()),
            audiences: c.list(&k.audiences),
            objectives: c.list(&k.objectives),
            channels: c.list(&k.channels),
            resources: c.opt(&k.resources),
        }
    }
}

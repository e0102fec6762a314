//! The typed policy: what a communication officer can say in YAML.
//!
//! Every struct refuses unknown keys, so a typo is an error and never a silently ignored
//! line. The model knows nothing of output formats; the views in [`crate::view`] decide what
//! each document may see.

mod enums;
pub(crate) mod schema_impls;
pub mod span;
pub mod text;
pub mod values;

pub use enums::*;
pub use span::{FileId, Pos, Src};
pub use text::{Date, Lang, Text, Time};
pub use values::{Email, LicenceId, Phone, Url};

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Whether a section is for everyone or for staff only: see [`Public`] and [`Staff`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Public,
    Staff,
}

/// The list of sections, written once: it makes [`PolicyFile`] (the shape of a YAML file,
/// and so of the JSON Schema), [`PolicyFile::SECTIONS`] (their names and sides, which the
/// change list and the tests read) and [`PolicyFile::take`] (the merge of an
/// organisation's files).
macro_rules! sections {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty => $side:ident, )+) => {
        /// One YAML file of an organisation. Every section is optional here: a large body may
        /// split its policy across `policy.yaml`, `accounts.yaml`, `moderation.yaml`, ...
        /// Each section may appear in one file only.
        #[derive(Debug, Default, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct PolicyFile {
            $( $(#[$doc])* pub $name: Option<Src<$ty>>, )+
        }

        impl PolicyFile {
            /// Every section, in the order of the file, with its side.
            pub const SECTIONS: &'static [(&'static str, Side)] =
                &[$( (stringify!($name), Side::$side), )+];

            /// Moves the sections of `file` into `self`. A section `self` already holds is
            /// left as it is and reported to `twice` (its name, the position of the second
            /// and of the first); the position of each section taken is pushed to `taken`.
            pub fn take(
                &mut self,
                file: PolicyFile,
                taken: &mut Vec<(&'static str, Pos)>,
                mut twice: impl FnMut(&'static str, Pos, Pos),
            ) {
                $(
                    if let Some(value) = file.$name {
                        match &self.$name {
                            Some(first) => twice(stringify!($name), value.pos, first.pos),
                            None => {
                                taken.push((stringify!($name), value.pos));
                                self.$name = Some(value);
                            }
                        }
                    }
                )+
            }
        }
    };
}

sections! {
    /// Lingue dei documenti (codici ISO 639-1, es. `it`, `en`); la prima è la principale. Se manca: `[it]`.
    languages: Vec<Src<Lang>> => Public,
    /// L'ente: nome, tipo, ufficio che gestisce i social, pagine tematiche. Obbligatoria in uno dei file.
    organisation: Organisation => Public,
    /// Perché l'ente è presente sui social: finalità e base giuridica (L. 150/2000).
    purposes: Purposes => Public,
    /// Che cosa pubblica l'ente, quali temi sono aperti alla discussione, chi può contribuire.
    content: Content => Public,
    /// Gli account social dell'ente: piattaforma, handle, indirizzo, ambito, chi li gestisce.
    accounts: Vec<Account> => Public,
    /// Quando gli spazi sono presidiati e in quanto tempo l'ente risponde.
    monitoring: Monitoring => Public,
    /// Regole di moderazione, ciascuna con un identificativo stabile e le azioni previste.
    moderation: Moderation => Public,
    /// Che cosa non si chiede sui social (emergenze, reclami, pratiche personali) e dove rivolgersi.
    not_for: Vec<NotFor> => Public,
    /// Licenza dei contenuti dell'ente (CAD art. 52), contenuti di terzi, pubblicità.
    licence: Licence => Public,
    /// Informativa privacy (GDPR art. 13): titolare, DPO, finalità, base giuridica, diritti.
    privacy: Privacy => Public,
    /// Contatti fuori dai social: URP, PEC, telefono, sito, orari. Almeno uno è obbligatorio.
    contacts: Vec<Contact> => Public,
    /// Regola per il periodo elettorale (L. 28/2000 art. 9) e periodi noti.
    election_period: ElectionPeriod => Public,
    /// Adozione: organo, atto, data, versione, revisione, storia. Obbligatoria in uno dei file.
    adoption: Adoption => Public,
    /// Pubblicazione sul sito: come il frammento HTML si inserisce in una pagina del sito (CMS), e la soglia di leggibilità dei documenti per i cittadini.
    publishing: Publishing => Public,
    /// Ruoli della policy interna (solo documento interno), richiamati da account e procedure.
    roles: Vec<Role> => Staff,
    /// Policy interna per il personale: regole, gruppo social, ciclo di vita degli account, crisi.
    internal: Internal => Staff,
    /// Avvisi di `check` che l'ente riconosce, ciascuno con il motivo: `check` li mostra come riconosciuti e `--deny-warnings` non li conta.
    acknowledged: Vec<Acknowledgement> => Staff,
}

/// A whole organisation's policy, merged from its files and split once into what citizens
/// may see ([`Public`]) and what only staff may see ([`Staff`]). Everything meant for
/// citizens (the external documents, their page and PDF metadata, `policy.json`,
/// `accounts.json`, JSON-LD, the change list) is built from [`Policy::public`] alone, so its
/// signature shows that no staff data can reach it.
#[derive(Debug)]
pub struct Policy {
    pub public: Public,
    pub staff: Staff,
    /// Where each section was written, for errors about missing content.
    pub section_pos: Vec<(&'static str, Pos)>,
}

impl Policy {
    pub fn main_language(&self) -> &Lang {
        self.public.main_language()
    }

    pub fn section_pos(&self, name: &str) -> Option<Pos> {
        self.section_pos
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
    }

    /// Each official account with its staff-only data, in the order written.
    pub fn accounts(&self) -> impl Iterator<Item = (&PublicAccount, &AccountStaff)> {
        self.public.accounts.iter().zip(&self.staff.accounts)
    }

    /// Every account, the official ones then those for staff only: what checks look at.
    pub fn all_accounts(&self) -> impl Iterator<Item = (&PublicAccount, &AccountStaff)> {
        self.accounts().chain(
            self.staff
                .staff_only_accounts
                .iter()
                .map(|a| (&a.account, &a.staff)),
        )
    }
}

/// What citizens may see: every section of the policy but the roles and the internal
/// policy, and of each account what the register of official accounts shows. Serialised,
/// it is the `policy` of `policy.json`.
#[derive(Debug, Serialize)]
pub struct Public {
    /// Languages the documents are written in; the first is the main one.
    pub languages: Vec<Src<Lang>>,
    pub organisation: Src<Organisation>,
    pub purposes: Option<Src<Purposes>>,
    pub content: Option<Src<Content>>,
    pub accounts: Vec<PublicAccount>,
    pub monitoring: Option<Src<Monitoring>>,
    pub moderation: Option<Src<Moderation>>,
    pub not_for: Vec<NotFor>,
    pub licence: Option<Src<Licence>>,
    pub privacy: Option<Src<Privacy>>,
    pub contacts: Vec<Contact>,
    pub election_period: Option<Src<ElectionPeriod>>,
    pub adoption: Src<Adoption>,
    /// Left out of the canonical form when not given, so that a policy without it keeps its
    /// fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publishing: Option<Src<Publishing>>,
}

impl Public {
    /// The ids of the moderation rules, each a link anchor of the citizen policy.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.moderation
            .iter()
            .flat_map(|m| &m.value.rules)
            .map(|r| r.id.value.as_str())
    }

    pub fn main_language(&self) -> &Lang {
        &self.languages[0].value
    }
}

/// What only staff may see: the roles (with the names and phone numbers of the people who
/// hold them), the internal policy, and of each account who manages it, where it
/// cross-posts and its draft bio.
#[derive(Debug, Serialize)]
pub struct Staff {
    /// One entry per account, in the order of [`Public::accounts`] (see
    /// [`Policy::accounts`]); serialised with its account, not here.
    #[serde(skip)]
    pub accounts: Vec<AccountStaff>,
    pub roles: Vec<Role>,
    pub internal: Option<Src<Internal>>,
    /// Left out of the canonical form when empty, so that a policy without it keeps its
    /// fingerprint.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<Acknowledgement>,
    /// The accounts for staff only (`audience: staff`), in the order written. Left out of
    /// the canonical form when empty, as above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub staff_only_accounts: Vec<StaffOnlyAccount>,
}

/// Soglia di leggibilità.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Readability {
    /// Indice Gulpease minimo di ogni sezione della policy esterna (da 0 a 100; se manca: 60, il valore consigliato per un pubblico generale). Sotto 40 un testo è difficile per la maggior parte dei lettori.
    #[serde(default)]
    pub min_gulpease: Option<Src<u32>>,
    /// Punteggio minimo di ogni sezione per le altre lingue della policy, con l'indice fatto per ciascuna (data/readability.yaml: Flesch-Amstad per il tedesco, Kandel-Moles per il francese, Flesch per l'inglese, Fernández Huerta per lo spagnolo; da 0 a 100, se manca: 60), per esempio `{ de: 55 }`. Per l'italiano vale `min_gulpease`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "schema_impls::by_language_u32")]
    pub min_score: BTreeMap<Lang, Src<u32>>,
}

/// Un avviso di `check` che l'ente riconosce: la situazione è voluta, e il motivo lo dice.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// Codice dell'avviso, come lo stampa `check` (es. `no-response-time`, `single-manager`).
    pub warning: Src<String>,
    /// Identificativo dell'account a cui l'avviso si riferisce (per gli avvisi su un account), o titolo della sezione per `hard-to-read`; se manca, vale per tutti gli avvisi con quel codice.
    #[serde(default)]
    pub about: Option<Src<String>>,
    /// Perché l'ente lo accetta (es. "La policy non garantisce un tempo di risposta").
    pub reason: Src<Text>,
}

// ---------------------------------------------------------------------------------------------
// Organisation

/// L'ente che adotta la policy.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Nome dell'ente, come compare negli atti (es. "Comune di Valdoria").
    pub name: Src<String>,
    /// Tipo di ente.
    pub kind: Src<OrgKind>,
    /// Articolo davanti al nome dell'ente (il, lo, la, l', i, gli, le, oppure none): i
    /// documenti ne ricavano «della Presidenza», «dell'Agenzia», «al Comune». Se manca, è
    /// ricavato dalla prima parola del nome (Comune → il, Presidenza → la, Agenzia → l') o,
    /// in mancanza, dal tipo di ente, e `check` avvisa.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Src<Article>>,
    /// L'ente ha organi elettivi (consiglio, giunta)? Serve per le regole del periodo elettorale.
    #[serde(default)]
    pub elected_bodies: Option<bool>,
    /// Sede legale.
    #[serde(default)]
    pub address: Option<String>,
    /// Sito istituzionale.
    #[serde(default)]
    pub website: Option<Src<Url>>,
    /// Codice IPA dell'ente (Indice dei domicili digitali della Pubblica Amministrazione,
    /// es. `c_a944`): la pagina web lo riporta nei dati strutturati per i motori di ricerca.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipa_code: Option<Src<String>>,
    /// Ufficio o gruppo che gestisce gli spazi social. Può mancare se la policy non lo
    /// indica: i documenti allora non nominano alcun ufficio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managing_office: Option<ManagingOffice>,
    /// Pagine tematiche gestite da altri settori.
    #[serde(default)]
    pub topic_pages: Vec<Src<TopicPage>>,
}

/// L'ufficio che gestisce gli spazi social.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagingOffice {
    /// Nome dell'ufficio (es. "Ufficio Stampa e Comunicazione").
    pub name: Text,
    /// Descrizione pubblica dell'ufficio e del suo ruolo.
    #[serde(default)]
    pub description: Option<Src<Text>>,
    /// Indirizzo email pubblico dell'ufficio.
    #[serde(default)]
    pub email: Option<Src<Email>>,
}

/// Una pagina tematica gestita da un altro settore o dal referente di un progetto: indicare
/// `department` oppure `referent`, non entrambi.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["department"], "properties": { "department": true } }, { "required": ["referent"], "properties": { "referent": true } }]))]
pub struct TopicPage {
    /// Settore o servizio che gestisce la pagina tematica.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Src<Text>>,
    /// Referente del progetto che gestisce la pagina tematica, al posto del settore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referent: Option<ProjectReferent>,
    /// Identificativi degli account gestiti dal settore (vedi `accounts`).
    pub accounts: Vec<Src<String>>,
}

/// Il referente di un progetto che gestisce una pagina tematica. Il nome, se indicato,
/// compare nella policy pubblica: indicarlo solo se l'ente lo rende pubblico.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectReferent {
    /// Nome del progetto (es. "Valdoria Smart City").
    pub project: Src<Text>,
    /// Nome e cognome del referente, come l'ente lo pubblica (facoltativo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Src<String>>,
}

// ---------------------------------------------------------------------------------------------
// Purposes and content

/// Finalità della presenza sui social e base giuridica.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Purposes {
    /// Introduzione: perché l'ente è presente sui social network.
    #[serde(default)]
    pub intro: Option<Src<Text>>,
    /// Elenco delle finalità.
    #[serde(default)]
    pub items: Vec<Src<Text>>,
    /// Riferimenti normativi (es. L. 150/2000 art. 1).
    #[serde(default)]
    pub legal_basis: Vec<LawRef>,
}

/// Un riferimento normativo.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawRef {
    /// Nome della norma (es. "Legge 7 giugno 2000, n. 150").
    pub law: Text,
    /// Articolo o commi (es. "art. 1").
    #[serde(default)]
    pub article: Option<String>,
    /// Collegamento al testo (normattiva.it o eur-lex.europa.eu).
    #[serde(default)]
    pub url: Option<Src<Url>>,
    /// Che cosa prevede, in breve.
    #[serde(default)]
    pub note: Option<Src<Text>>,
}

/// Contenuti pubblicati e partecipazione.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Che cosa pubblica l'ente.
    #[serde(default)]
    pub published: Vec<PublishedItem>,
    /// Temi aperti alla discussione.
    #[serde(default)]
    pub discussion_topics: Vec<Src<Text>>,
    /// Chi può contribuire e come.
    #[serde(default)]
    pub contributions: Option<Src<Text>>,
}

/// Una categoria di contenuti pubblicati.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "kind": { "const": "other" } } },
    "then" = { "required": ["label"], "properties": { "label": true } },
    "else" = { "not": { "required": ["label"], "properties": { "label": true } } }
))]
pub struct PublishedItem {
    /// Categoria di contenuto.
    pub kind: Src<ContentKind>,
    /// Nome della categoria, solo per `kind: other` (dove è obbligatorio): ogni altra
    /// categoria ha il suo nome fisso.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Src<Text>>,
    /// Precisazioni (facoltativo).
    #[serde(default)]
    pub description: Option<Src<Text>>,
}

// ---------------------------------------------------------------------------------------------
// Accounts

/// The fields of an account, written once: they make [`Account`] (the shape of the YAML
/// and so of the JSON Schema, in this order), [`PublicAccount`] (the `public` fields, what
/// the register of official accounts shows), [`AccountStaff`] (the `staff` fields) and
/// `Account::parts`, which files each field on its side. A new account field is one line
/// here, in the group of its side.
macro_rules! account_fields {
    (
        public { $( $(#[$pmeta:meta])* $pname:ident : $pty:ty, )+ }
        split { $( $(#[$xmeta:meta])* $xname:ident : $xty:ty, )+ }
        staff { $( $(#[$smeta:meta])* $sname:ident : $sty:ty, )+ }
    ) => {
        /// Un account social dell'ente.
        #[derive(Debug, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Account {
            $( $(#[$pmeta])* pub $pname: $pty, )+
            $( $(#[$xmeta])* pub $xname: $xty, )+
            $( $(#[$smeta])* pub $sname: $sty, )+
        }

        /// The public part of an account: what the register of official accounts shows.
        #[derive(Debug, Serialize)]
        pub struct PublicAccount {
            $( $(#[$pmeta])* pub $pname: $pty, )+
        }

        /// The staff-only part of an account, kept beside it in [`Staff::accounts`].
        #[derive(Debug, Serialize)]
        pub struct AccountStaff {
            /// The account's `id`.
            #[serde(skip)]
            pub account: Src<String>,
            $( $(#[$smeta])* pub $sname: $sty, )+
        }

        impl AccountStaff {
            /// The names of the staff-only fields of an account, as the YAML writes them.
            pub const FIELDS: &'static [&'static str] = &[$( stringify!($sname), )+];
        }

        impl Account {
            /// The facts of the account and its staff-only fields.
            fn parts(self) -> (PublicAccount, AccountStaff) {
                let staff = AccountStaff {
                    account: self.id.clone(),
                    $( $sname: self.$sname, )+
                };
                let public = PublicAccount {
                    $( $pname: self.$pname, )+
                };
                (public, staff)
            }
        }
    };
}

account_fields! {
    public {
        /// Identificativo stabile dell'account (es. `fb-comune`), usato nei riferimenti.
        id: Src<String>,
        /// Piattaforma.
        platform: Src<Platform>,
        /// Nome dell'account come appare sulla piattaforma.
        name: Src<String>,
        /// Handle o nome utente, senza URL (es. `@comunevaldoria`).
        handle: Src<String>,
        /// Indirizzo pubblico dell'account (https://...).
        url: Src<Url>,
        /// Ambito: istituzionale, tematico o temporaneo.
        scope: Src<AccountScope>,
        /// Tipo di presenza: pagina dell'ente, canale, gruppo o profilo personale.
        #[serde(default = "default_presence")]
        presence: Src<Presence>,
        /// Tema dell'account tematico o temporaneo.
        #[serde(default)]
        topic: Option<Src<Text>>,
        /// Lingue in cui l'account pubblica.
        #[serde(default)]
        languages: Vec<Src<Lang>>,
        /// Data di chiusura prevista (account temporanei).
        #[serde(default)]
        until: Option<Src<Date>>,
        /// Data di apertura dell'account (AAAA-MM-GG).
        // Left out of the canonical form when not given, so that a policy without it keeps
        // its fingerprint.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opened: Option<Src<Date>>,
    }
    split {
        /// A chi è rivolto: `public` (il default: un account ufficiale elencato ai cittadini) o
        /// `staff` (solo per il personale: compare solo nella policy interna).
        #[serde(default)]
        audience: Option<Src<AccountAudience>>,
    }
    staff {
        /// Ruoli che gestiscono l'account (identificativi di `roles`). Solo policy interna.
        #[serde(default)]
        managed_by: Vec<Src<String>>,
        /// Biografia o descrizione pubblicata sul profilo, per verificarne la lunghezza.
        #[serde(default)]
        bio: Option<Src<String>>,
        /// Pubblicazione automatica verso altri account (identificativi). Sconsigliata.
        #[serde(default)]
        cross_posts_to: Vec<Src<String>>,
    }
}

/// An account as the merge files it: an official account citizens see, with its staff-only
/// fields apart, or an account for staff only, kept whole in the staff part.
pub enum SplitAccount {
    Public(PublicAccount, AccountStaff),
    StaffOnly(StaffOnlyAccount),
}

impl Account {
    /// Files an account by its audience: see [`SplitAccount`].
    pub fn split(self) -> SplitAccount {
        let staff_only = self
            .audience
            .as_ref()
            .is_some_and(|a| a.value == AccountAudience::Staff);
        let (account, staff) = self.parts();
        if staff_only {
            SplitAccount::StaffOnly(StaffOnlyAccount { account, staff })
        } else {
            SplitAccount::Public(account, staff)
        }
    }
}

/// An account for staff only (`audience: staff`): its facts and its staff fields, in the
/// staff part, so nothing for citizens can list it.
#[derive(Debug, Serialize)]
pub struct StaffOnlyAccount {
    #[serde(flatten)]
    pub account: PublicAccount,
    #[serde(flatten)]
    pub staff: AccountStaff,
}

fn default_presence() -> Src<Presence> {
    Src::new(Presence::Page, Pos::default())
}

// ---------------------------------------------------------------------------------------------
// Monitoring and moderation

/// Presidio degli spazi e tempi di risposta.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Fasce orarie in cui gli spazi sono presidiati.
    #[serde(default)]
    pub hours: Vec<HoursSlot>,
    /// `true` se gli spazi sono seguiti con continuità, senza fasce orarie (al posto di
    /// `hours`): i documenti lo dicono e non indicano orari.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuous: Option<Src<bool>>,
    /// Che cosa succede nei giorni festivi.
    #[serde(default)]
    pub holidays: Option<Src<Text>>,
    /// Che cosa succede durante le emergenze.
    #[serde(default)]
    pub emergencies: Option<Src<Text>>,
    /// Tempo di risposta: una durata (`{ value: 2, unit: working_days }`), oppure `none` se
    /// la policy non garantisce un tempo di risposta (i documenti scrivono allora «non
    /// garantiamo un tempo di risposta»).
    #[serde(default)]
    pub response_time: Option<Src<ResponseTime>>,
    /// Come risponde l'ente (commento pubblico, messaggio privato, rinvio all'URP...).
    #[serde(default)]
    pub response_channel: Option<Src<Text>>,
    /// Orari e tempi di risposta che valgono solo per un canale (commenti, messaggi privati,
    /// menzioni) o per un account: i documenti li riportano solo per quel canale o account.
    /// Left out of the canonical form when empty, so that a policy without it keeps its
    /// fingerprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scoped: Vec<Src<ScopedMonitoring>>,
}

impl Monitoring {
    /// Whether the spaces are watched continuously, without set hours (`continuous: true`).
    pub fn is_continuous(&self) -> bool {
        self.continuous.as_ref().is_some_and(|c| c.value)
    }

    /// Whether the policy says when the spaces are watched: general hours, hours for a
    /// channel or account, or continuous watch.
    pub fn says_when_watched(&self) -> bool {
        !self.hours.is_empty()
            || self.is_continuous()
            || self.scoped.iter().any(|s| !s.hours.is_empty())
    }
}

/// Orari e tempo di risposta per un canale o per un account. Indicare `channel`, `account`
/// o entrambi (es. i messaggi privati di un account), e `hours`, `response_time` o entrambi.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("allOf" = [
    { "anyOf": [{ "required": ["channel"], "properties": { "channel": true } }, { "required": ["account"], "properties": { "account": true } }] },
    { "anyOf": [{ "required": ["hours"], "properties": { "hours": true } }, { "required": ["response_time"], "properties": { "response_time": true } }] }
]))]
pub struct ScopedMonitoring {
    /// Canale a cui si riferisce: comments, private_messages, mentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Src<MonitoredChannel>>,
    /// Identificativo dell'account a cui si riferisce (vedi `accounts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Src<String>>,
    /// Fasce orarie in cui questo canale o account è presidiato.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HoursSlot>,
    /// Tempo di risposta per questo canale o account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_time: Option<Src<Duration>>,
}

/// Una fascia oraria settimanale.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursSlot {
    /// Giorni della settimana (mon, tue, wed, thu, fri, sat, sun).
    pub days: Vec<Src<Weekday>>,
    /// Ora di inizio (HH:MM).
    pub from: Src<Time>,
    /// Ora di fine (HH:MM).
    pub to: Src<Time>,
}

/// Una durata (es. 2 giorni lavorativi).
#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// Quantità.
    pub value: u32,
    /// Unità: hours, days, working_days.
    pub unit: DurationUnit,
}

/// A response time: a duration, or `none` when the policy guarantees none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseTime {
    /// `none`: the policy states that it guarantees no response time.
    None,
    /// The body answers within this time.
    Within(Duration),
}

impl ResponseTime {
    pub fn duration(self) -> Option<Duration> {
        match self {
            ResponseTime::None => None,
            ResponseTime::Within(d) => Some(d),
        }
    }
}

impl Serialize for ResponseTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ResponseTime::None => s.serialize_str("none"),
            ResponseTime::Within(d) => d.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ResponseTime;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`none` or a duration such as `{ value: 2, unit: working_days }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ResponseTime, E> {
                if v == "none" {
                    Ok(ResponseTime::None)
                } else {
                    Err(E::custom(format!(
                        "[bad-response-time] `{v}` is not a response time: write `none` (no response time is guaranteed) or a duration such as `{{ value: 2, unit: working_days }}`"
                    )))
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ResponseTime, A::Error> {
                Duration::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ResponseTime::Within)
            }
        }
        d.deserialize_any(V)
    }
}

/// Regole di moderazione.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    /// Moderazione preventiva o successiva alla pubblicazione. Può mancare se la policy non
    /// lo dice: i documenti allora non ne parlano.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Src<ModerationMode>>,
    /// Introduzione alle regole di moderazione.
    #[serde(default)]
    pub intro: Option<Src<Text>>,
    /// Che cosa si chiede a chi partecipa (netiquette): comportamenti attesi, distinti dai
    /// criteri di rimozione (`rules`). Ogni voce è una frase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Src<Text>>,
    /// Criteri di rimozione: le regole, ciascuna con un identificativo stabile (M-01, M-02, ...).
    pub rules: Vec<ModerationRule>,
    /// La scala di intervento comune a tutte le regole, passo per passo, nell'ordine. Una
    /// regola senza `actions` proprie segue questa scala; una regola con `actions` la
    /// sostituisce con le sue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalation: Vec<Src<EscalationStep>>,
    /// Come contestare una decisione di moderazione.
    #[serde(default)]
    pub appeal: Option<Src<Text>>,
}

/// Una regola di moderazione con identificativo stabile.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationRule {
    /// Identificativo stabile della regola, citabile nelle risposte (es. M-03).
    pub id: Src<String>,
    /// Titolo breve della regola.
    pub title: Text,
    /// Che cosa vieta la regola.
    pub description: Src<Text>,
    /// Azioni proprie della regola, nell'ordine in cui vengono applicate; sostituiscono la
    /// scala comune (`escalation`). Se manca, la regola segue la scala comune, se c'è;
    /// `[]` dice che per questa regola non è prevista alcuna azione.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Src<Action>>>,
}

/// Un passo della scala di intervento comune.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationStep {
    /// Azioni del passo. Se sono più d'una, sono alternative: se ne applica una sola (per
    /// esempio `[block, ban]`: blocco o esclusione).
    #[schemars(length(min = 1))]
    pub actions: Vec<Src<Action>>,
    /// Quando si applica il passo: sempre (se manca), quando possibile, se necessario, o in
    /// caso di violazioni ripetute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Src<StepCondition>>,
}

/// Una richiesta da non fare sui social, e dove farla invece.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotFor {
    /// Che cosa non si può chiedere sui social (es. "Reclami formali").
    pub topic: Text,
    /// Dove rivolgersi invece.
    pub instead: Src<Text>,
    /// Collegamento al canale giusto.
    #[serde(default)]
    pub url: Option<Src<Url>>,
}

// ---------------------------------------------------------------------------------------------
// Licence, privacy, contacts

/// Licenza dei contenuti.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// Licenza dei contenuti dell'ente, come identificativo SPDX (es. CC-BY-4.0).
    pub own_content: Src<LicenceId>,
    /// Come citare l'ente quando si riusano i contenuti.
    #[serde(default)]
    pub attribution: Option<Src<Text>>,
    /// Contenuti di terzi (foto, video, testi di altri).
    #[serde(default)]
    pub third_party: Option<Src<Text>>,
    /// Pubblicità mostrata dalle piattaforme, non controllata dall'ente.
    #[serde(default)]
    pub ads: Option<Src<Text>>,
}

/// Informativa sul trattamento dei dati personali (GDPR art. 13).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Titolare del trattamento. Può mancare quando l'informativa è data per rinvio alla
    /// pagina dell'ente (`notice_url`).
    #[serde(default)]
    pub controller: Option<Party>,
    /// Responsabile della protezione dei dati (RPD/DPO).
    #[serde(default)]
    pub dpo: Option<Src<Party>>,
    /// Finalità del trattamento.
    #[serde(default)]
    pub purposes: Vec<Src<Text>>,
    /// Base giuridica (es. art. 6, par. 1, lett. e) GDPR).
    #[serde(default)]
    pub legal_basis: Option<Src<Text>>,
    /// Destinatari o categorie di destinatari dei dati (art. 13, par. 1, lett. e) GDPR).
    #[serde(default)]
    pub recipients: Option<Src<Text>>,
    /// Trasferimenti di dati verso paesi extra UE e garanzie applicate (art. 13, par. 1,
    /// lett. f) GDPR), per esempio da parte delle piattaforme.
    #[serde(default)]
    pub transfers: Option<Src<Text>>,
    /// Conservazione dei dati.
    #[serde(default)]
    pub retention: Option<Src<Text>>,
    /// Diritti degli interessati e come esercitarli.
    #[serde(default)]
    pub rights: Option<Src<Text>>,
    /// Reclamo al Garante per la protezione dei dati personali.
    #[serde(default)]
    pub complaint: Option<Src<Text>>,
    /// Contitolarità con le piattaforme (CGUE C-210/16).
    #[serde(default)]
    pub joint_controllers: Vec<JointController>,
    /// Informativa completa sul sito.
    #[serde(default)]
    pub notice_url: Option<Src<Url>>,
}

/// Un soggetto: nome e recapiti.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Nome o denominazione.
    pub name: Text,
    /// Indirizzo postale.
    #[serde(default)]
    pub address: Option<String>,
    /// Indirizzo email.
    #[serde(default)]
    pub email: Option<Src<Email>>,
    /// Indirizzo di posta elettronica certificata (PEC).
    #[serde(default)]
    pub pec: Option<Src<Email>>,
    /// Numero di telefono (es. +39 0123 456789).
    #[serde(default)]
    pub phone: Option<Src<Phone>>,
}

/// Piattaforma contitolare del trattamento (GDPR art. 26).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JointController {
    /// Piattaforma contitolare.
    pub platform: Src<Platform>,
    /// Accordo di contitolarità pubblicato dalla piattaforma.
    #[serde(default)]
    pub arrangement_url: Option<Src<Url>>,
}

/// Un contatto dell'ente fuori dai social.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("allOf" = [
    { "if": { "required": ["kind"], "properties": { "kind": { "enum": ["email"] } } }, "then": { "required": ["email"], "properties": { "email": true } } },
    { "if": { "required": ["kind"], "properties": { "kind": { "enum": ["pec"] } } }, "then": { "required": ["pec"], "properties": { "pec": true } } },
    { "if": { "required": ["kind"], "properties": { "kind": { "enum": ["phone", "freephone"] } } }, "then": { "required": ["phone"], "properties": { "phone": true } } },
    { "if": { "required": ["kind"], "properties": { "kind": { "enum": ["app", "web_form", "page", "directory"] } } }, "then": { "required": ["url"], "properties": { "url": true } } }
]))]
pub struct Contact {
    /// Nome del canale (es. "Ufficio Relazioni con il Pubblico").
    pub label: Src<Text>,
    /// Tipo di contatto: email, pec, phone, freephone (numero verde), app, web_form (modulo
    /// online), page (pagina web), directory (pagina con i recapiti degli uffici). Il tipo
    /// richiede il suo recapito: `phone` per phone e freephone, `url` per app, web_form, page
    /// e directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Src<ContactKind>>,
    /// Nota per i cittadini (es. "gratuito da rete fissa e mobile").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Src<Text>>,
    /// Indirizzo email.
    #[serde(default)]
    pub email: Option<Src<Email>>,
    /// Indirizzo di posta elettronica certificata (PEC).
    #[serde(default)]
    pub pec: Option<Src<Email>>,
    /// Numero di telefono (es. +39 0123 456789).
    #[serde(default)]
    pub phone: Option<Src<Phone>>,
    /// Pagina web del canale (https://...).
    #[serde(default)]
    pub url: Option<Src<Url>>,
    /// Indirizzo dello sportello.
    #[serde(default)]
    pub address: Option<String>,
    /// Orari di apertura.
    #[serde(default)]
    pub hours: Option<Src<Text>>,
}

// ---------------------------------------------------------------------------------------------
// Election period and adoption

/// Comunicazione nel periodo elettorale (L. 28/2000 art. 9).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectionPeriod {
    /// Regola applicata nel periodo elettorale (L. 28/2000 art. 9).
    pub rule: Src<Text>,
    /// Periodi elettorali noti.
    #[serde(default)]
    pub periods: Vec<ElectionWindow>,
}

/// Un periodo elettorale.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectionWindow {
    /// Consultazione (es. "Elezioni amministrative 2027").
    pub election: Text,
    /// Primo giorno del periodo (AAAA-MM-GG): convocazione dei comizi.
    pub from: Src<Date>,
    /// Ultimo giorno del periodo (AAAA-MM-GG): chiusura delle urne.
    pub to: Src<Date>,
}

/// Adozione della policy.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    /// Organo che adotta la policy (es. "Giunta comunale"). Può mancare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Text>,
    /// Atto di adozione (es. "Deliberazione di Giunta comunale n. 45"). Può mancare se la
    /// policy è stata solo pubblicata sul sito (vedi `publication`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Src<Text>>,
    /// Data dell'atto di adozione o, se non c'è un atto, della pubblicazione sul sito.
    pub date: Src<Date>,
    /// Versione della policy (es. "2.0"). Può mancare se la policy non è numerata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Src<String>>,
    /// Pubblicazione della policy sul sito dell'ente, con o senza un atto di adozione: i
    /// documenti scrivono «pubblicata sul sito il ...».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Src<Publication>>,
    /// Data di entrata in vigore.
    #[serde(default)]
    pub effective: Option<Src<Date>>,
    /// Revisione: ogni quanti mesi la policy va riesaminata.
    #[serde(default)]
    pub review_months: Option<Src<u32>>,
    /// Consultazione pubblica che ha preceduto l'adozione.
    #[serde(default)]
    pub consultation: Option<Src<Consultation>>,
    /// Storia delle versioni, dalla più recente.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Versione precedente, come revisione git (di solito un tag, es. `v1.0`): se indicata,
    /// la policy esterna riassume per i cittadini che cosa è cambiato rispetto a essa.
    #[serde(default)]
    pub previous: Option<Src<String>>,
}

/// Pubblicazione della policy sul sito dell'ente.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Data della pubblicazione (AAAA-MM-GG). Se manca vale `adoption.date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Src<Date>>,
    /// Pagina del sito in cui la policy è pubblicata (https://...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Src<Url>>,
}

impl Adoption {
    /// The day the policy was published on the site, when it says so.
    pub fn published_on(&self) -> Option<Date> {
        self.publication
            .as_ref()
            .map(|p| p.date.as_ref().map_or(self.date.value, |d| d.value))
    }
}

/// Pubblicazione dei documenti sul sito dell'ente.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publishing {
    /// Il frammento HTML (`external.fragment.html`) da incollare in una pagina del sito
    /// (CMS, per esempio un sito Bootstrap Italia).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fragment: Option<Src<FragmentOptions>>,
    /// Leggibilità della policy per i cittadini: `check` calcola l'indice di leggibilità di ogni sezione (Gulpease per l'italiano) e avvisa (`hard-to-read`) quando è sotto la soglia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readability: Option<Src<Readability>>,
}

/// Come il frammento HTML si inserisce nella pagina del sito.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FragmentOptions {
    /// Titoli del frammento. Se manca, il titolo del documento (H1) non compare, perché la
    /// pagina del sito ha già il suo, e le sezioni restano titoli di secondo livello (H2).
    /// Con un numero da 0 a 5 il titolo resta e ogni titolo scende di tanti livelli (con 1
    /// il titolo diventa H2 e le sezioni H3; oltre H6 non si scende).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 5))]
    pub heading_offset: Option<Src<u8>>,
    /// Prefisso degli identificativi dei titoli nel frammento, perché non si confondano con
    /// quelli della pagina del sito (se manca: `smp-`; una stringa vuota per nessun
    /// prefisso). Lettere, cifre, `-` e `_`, iniziando con una lettera. Gli identificativi
    /// delle regole di moderazione (`#M-03`) restano come sono, perché i cittadini li citano.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^([A-Za-z][A-Za-z0-9_-]{0,31})?$"))]
    pub id_prefix: Option<Src<String>>,
    /// Usa le classi di Bootstrap Italia per le tabelle (`table`, e `table-responsive` per
    /// il contenitore che scorre). Se manca: no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap_italia: Option<bool>,
}

/// Consultazione pubblica sulla bozza.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// Inizio della consultazione (AAAA-MM-GG).
    pub from: Src<Date>,
    /// Fine della consultazione (AAAA-MM-GG).
    pub to: Src<Date>,
    /// Come si è svolta e con quali esiti.
    #[serde(default)]
    pub description: Option<Src<Text>>,
    /// Pagina della consultazione (https://...).
    #[serde(default)]
    pub url: Option<Src<Url>>,
}

/// Una versione precedente della policy.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Versione (es. "1.0").
    pub version: Src<String>,
    /// Data dell'atto (AAAA-MM-GG).
    pub date: Src<Date>,
    /// Atto che ha adottato la versione. Può mancare (versione solo pubblicata sul sito).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Text>,
    /// Sintesi delle modifiche.
    pub summary: Src<Text>,
}

// ---------------------------------------------------------------------------------------------
// Internal policy

/// Un ruolo della policy interna.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Identificativo stabile del ruolo (es. `social-media-manager`).
    pub id: Src<String>,
    /// Denominazione del ruolo.
    pub title: Text,
    /// Responsabilità.
    #[serde(default)]
    pub responsibilities: Vec<Src<Text>>,
    /// Persona o ufficio che ricopre il ruolo (solo policy interna).
    #[serde(default)]
    pub holder: Option<Holder>,
}

/// Chi ricopre un ruolo (solo policy interna).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// Nome e cognome, o ufficio.
    pub name: Src<String>,
    /// Indirizzo email di servizio.
    #[serde(default)]
    pub email: Option<Src<Email>>,
    /// Telefono di servizio.
    #[serde(default)]
    pub phone: Option<Src<Phone>>,
}

/// Policy interna per il personale.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Internal {
    /// A chi si applica la policy interna.
    #[serde(default)]
    pub scope: Option<Src<InternalScope>>,
    /// Principi generali: ascolto, presenza, interazione, partecipazione.
    #[serde(default)]
    pub general_rules: Option<Src<Text>>,
    /// Strategia di presenza.
    #[serde(default)]
    pub strategy: Option<Src<Text>>,
    /// Tono di voce.
    #[serde(default)]
    pub tone: Option<Src<Text>>,
    /// Regole per piattaforma.
    #[serde(default)]
    pub platform_rules: Vec<PlatformRule>,
    /// Il gruppo social media.
    #[serde(default)]
    pub team: Option<Src<Team>>,
    /// Ciclo di vita degli account.
    #[serde(default)]
    pub account_lifecycle: Option<Src<AccountLifecycle>>,
    /// Flusso dei contenuti.
    #[serde(default)]
    pub workflow: Option<Src<Workflow>>,
    /// Comportamento del personale (DPR 62/2013, artt. 11-bis e 11-ter).
    #[serde(default)]
    pub conduct: Option<Src<Conduct>>,
    /// Comunicazione di crisi.
    #[serde(default)]
    pub crisis: Option<Src<Crisis>>,
    /// Segnalazione delle non conformità e sanzioni.
    #[serde(default)]
    pub nonconformity: Option<Src<Nonconformity>>,
    /// Indicazioni per i portatori di interesse (partner, aziende del territorio).
    #[serde(default)]
    pub stakeholders: Option<Src<Text>>,
    /// Instradamento delle segnalazioni che arrivano dai social (CRM).
    #[serde(default)]
    pub crm: Vec<CrmRoute>,
    /// Dirette di consigli ed eventi.
    #[serde(default)]
    pub live_coverage: Option<Src<LiveCoverage>>,
    /// Collegamento al piano di comunicazione.
    #[serde(default)]
    pub communication_plan: Option<Src<CommunicationPlan>>,
}

/// A chi si applica la policy interna.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InternalScope {
    /// Categorie di persone a cui si applica.
    pub applies_to: Vec<Src<Audience>>,
    /// Precisazioni sul campo di applicazione.
    #[serde(default)]
    pub note: Option<Src<Text>>,
}

/// Regole per una piattaforma.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformRule {
    /// Piattaforma a cui si applicano le regole.
    pub platform: Src<Platform>,
    /// Contenuti adatti alla piattaforma.
    #[serde(default)]
    pub content: Option<Src<Text>>,
    /// Licenza specifica, se diversa da quella generale (SPDX).
    #[serde(default)]
    pub licence: Option<Src<LicenceId>>,
    /// Ruoli che gestiscono la piattaforma.
    #[serde(default)]
    pub managed_by: Vec<Src<String>>,
    /// Come si gestiscono commenti e messaggi.
    #[serde(default)]
    pub feedback: Option<Src<Text>>,
}

/// Il gruppo social media.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Nome del gruppo.
    pub name: Text,
    /// Ruoli che compongono il gruppo.
    pub members: Vec<Src<String>>,
    /// Orari di lavoro del gruppo.
    #[serde(default)]
    pub hours: Vec<HoursSlot>,
    /// Procedure operative del gruppo.
    #[serde(default)]
    pub procedures: Vec<Src<Text>>,
}

/// Apertura, chiusura e sicurezza degli account. Mai le credenziali.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountLifecycle {
    /// Ruolo che autorizza l'apertura di un account.
    pub opening_authorised_by: Src<String>,
    /// Ruolo che autorizza la chiusura di un account.
    pub closing_authorised_by: Src<String>,
    /// Regole per il nome dell'account.
    #[serde(default)]
    pub naming: Option<Src<Text>>,
    /// Regole per logo e immagine del profilo.
    #[serde(default)]
    pub logo: Option<Src<Text>>,
    /// Ruolo che custodisce le credenziali (mai le credenziali stesse).
    pub credentials_custodian: Src<String>,
    /// Come sono custodite le credenziali (es. gestore di password dell'ente).
    #[serde(default)]
    pub credentials_storage: Option<Src<Text>>,
    /// Autenticazione a due fattori obbligatoria.
    pub two_factor: Src<bool>,
    /// Indirizzi di recupero: caselle istituzionali, mai personali.
    #[serde(default)]
    pub recovery_addresses: Vec<Src<Email>>,
}

/// Flusso di redazione e approvazione dei contenuti.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Ruoli che redigono i contenuti.
    pub drafted_by: Vec<Src<String>>,
    /// Ruoli che approvano i contenuti.
    pub approved_by: Vec<Src<String>>,
    /// Passi del flusso.
    #[serde(default)]
    pub steps: Vec<Src<Text>>,
    /// Piano editoriale.
    #[serde(default)]
    pub editorial_plan: Option<Src<Text>>,
}

/// Comportamento del personale sui social (DPR 62/2013, artt. 11-bis e 11-ter).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conduct {
    /// Uso degli account istituzionali (art. 11-bis).
    #[serde(default)]
    pub official_accounts: Option<Src<Text>>,
    /// Uso degli account personali (art. 11-ter).
    #[serde(default)]
    pub personal_accounts: Option<Src<Text>>,
    /// Regole puntuali.
    #[serde(default)]
    pub rules: Vec<Src<Text>>,
}

/// Comunicazione di crisi.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    /// Procedura, passo per passo.
    #[serde(default)]
    pub procedure: Vec<Src<Text>>,
    /// Livelli di escalation.
    #[serde(default)]
    pub escalation: Vec<EscalationLevel>,
}

/// Un livello di escalation.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// Livello (1, 2, 3...).
    pub level: Src<u32>,
    /// Quando si passa a questo livello.
    pub when: Src<Text>,
    /// Ruolo da coinvolgere.
    pub notify: Src<String>,
    /// Entro quanto tempo.
    #[serde(default)]
    pub within: Option<Src<Duration>>,
}

/// Non conformità e sanzioni.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nonconformity {
    /// Come segnalare una non conformità.
    pub reporting: Src<Text>,
    /// Ruolo che riceve le segnalazioni.
    #[serde(default)]
    pub report_to: Option<Src<String>>,
    /// Conseguenze e sanzioni.
    #[serde(default)]
    pub sanctions: Option<Src<Text>>,
}

/// Instradamento di un tipo di segnalazione.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrmRoute {
    /// Tipo di segnalazione (es. "Guasti all'illuminazione pubblica").
    pub kind: Text,
    /// Ufficio competente.
    pub route_to: Text,
    /// Strumento o canale (es. "ticket nel gestionale segnalazioni").
    #[serde(default)]
    pub channel: Option<Src<Text>>,
    /// Tempo di presa in carico.
    #[serde(default)]
    pub within: Option<Src<Duration>>,
}

/// Dirette di sedute ed eventi.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveCoverage {
    /// Dirette delle sedute del consiglio.
    #[serde(default)]
    pub council_meetings: Option<Src<Text>>,
    /// Eventi.
    #[serde(default)]
    pub events: Option<Src<Text>>,
    /// Regole puntuali.
    #[serde(default)]
    pub rules: Vec<Src<Text>>,
}

/// Collegamento al piano di comunicazione (L. 150/2000 art. 12).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunicationPlan {
    /// Piano di comunicazione pubblicato.
    #[serde(default)]
    pub url: Option<Src<Url>>,
    /// Pubblici.
    #[serde(default)]
    pub audiences: Vec<Src<Text>>,
    /// Obiettivi.
    #[serde(default)]
    pub objectives: Vec<Src<Text>>,
    /// Canali.
    #[serde(default)]
    pub channels: Vec<Src<Text>>,
    /// Risorse.
    #[serde(default)]
    pub resources: Option<Src<Text>>,
}

//! Closed lists of values. Their labels in each language live in
//! `templates/<lang>/labels.yaml`, not here, so a new language needs no code.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! closed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key written in YAML.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }
        }
    };
}

closed_enum! {
    /// Tipo di ente pubblico. I valori predefiniti di ciascun tipo (organo e atto di adozione
    /// proposti da `init`, articolo davanti al nome, stemma o logo) sono in
    /// `data/org_kinds.yaml`.
    OrgKind {
        /// Comune.
        Comune = "comune",
        /// Unione di comuni.
        UnioneComuni = "unione_comuni",
        /// Provincia.
        Provincia = "provincia",
        /// Città metropolitana.
        CittaMetropolitana = "citta_metropolitana",
        /// Regione o provincia autonoma.
        Regione = "regione",
        /// Ministero, o dipartimento o struttura della Presidenza del Consiglio dei ministri.
        Ministero = "ministero",
        /// Ufficio periferico dello Stato (prefettura, soprintendenza, ufficio scolastico regionale...).
        UfficioPeriferico = "ufficio_periferico",
        /// Agenzia o ente strumentale.
        Agenzia = "agenzia",
        /// Ente pubblico nazionale (previdenza, assicurazione, servizi).
        EnteNazionale = "ente_nazionale",
        /// Ente pubblico di ricerca.
        EnteRicerca = "ente_ricerca",
        /// Università.
        Universita = "universita",
        /// Azienda sanitaria o ospedaliera.
        AziendaSanitaria = "azienda_sanitaria",
        /// Istituzione scolastica.
        Scuola = "scuola",
        /// Camera di commercio.
        CameraCommercio = "camera_commercio",
        /// Altro ente pubblico.
        Altro = "altro",
    }
}

closed_enum! {
    /// Articolo davanti al nome dell'ente: da esso i documenti ricavano «del», «della», «dell'», «al», «dalla»...
    Article {
        /// il (il Comune, il Dipartimento, il Ministero).
        Il = "il",
        /// lo (lo Stato).
        Lo = "lo",
        /// la (la Regione, la Presidenza, la Prefettura).
        La = "la",
        /// l' (l'Agenzia, l'Università, l'Istituto).
        Elided = "l'",
        /// i (nomi maschili plurali).
        I = "i",
        /// gli (nomi maschili plurali davanti a vocale, s impura, z).
        Gli = "gli",
        /// le (nomi femminili plurali).
        Le = "le",
        /// Nessun articolo (es. «Roma Capitale»): «di Roma Capitale», «a Roma Capitale».
        None = "none",
    }
}

closed_enum! {
    /// Piattaforma social.
    Platform {
        /// Facebook.
        Facebook = "facebook",
        /// Instagram.
        Instagram = "instagram",
        /// X (già Twitter).
        X = "x",
        /// YouTube.
        Youtube = "youtube",
        /// LinkedIn.
        Linkedin = "linkedin",
        /// Threads.
        Threads = "threads",
        /// Bluesky.
        Bluesky = "bluesky",
        /// Mastodon (qualsiasi istanza).
        Mastodon = "mastodon",
        /// TikTok.
        Tiktok = "tiktok",
        /// Telegram.
        Telegram = "telegram",
        /// WhatsApp (canale).
        Whatsapp = "whatsapp",
        /// Flickr.
        Flickr = "flickr",
        /// Altra piattaforma.
        Other = "other",
    }
}

closed_enum! {
    /// Ambito dell'account.
    AccountScope {
        /// Account principale dell'ente.
        Institutional = "institutional",
        /// Pagina tematica o di un servizio, gestita da un settore.
        Topic = "topic",
        /// Account di una campagna o di un evento, con data di chiusura (`until`).
        Temporary = "temporary",
    }
}

closed_enum! {
    /// A chi è rivolto l'account.
    AccountAudience {
        /// A tutti: è un account ufficiale dell'ente, elencato ai cittadini.
        Public = "public",
        /// Solo al personale (per esempio un gruppo di lavoro): compare solo nella policy
        /// interna, mai nei documenti per i cittadini, in policy.json o in accounts.json.
        Staff = "staff",
    }
}

closed_enum! {
    /// Come l'ente è presente sulla piattaforma.
    Presence {
        /// Pagina intestata all'ente.
        Page = "page",
        /// Canale.
        Channel = "channel",
        /// Gruppo.
        Group = "group",
        /// Profilo personale di una persona (sconsigliato per un account istituzionale).
        PersonalProfile = "personal_profile",
    }
}

closed_enum! {
    /// Categoria di contenuti pubblicati.
    ContentKind {
        /// Notizie.
        News = "news",
        /// Servizi.
        Services = "services",
        /// Eventi.
        Events = "events",
        /// Emergenze e allerte.
        Emergencies = "emergencies",
        /// Dirette delle sedute del consiglio.
        CouncilLive = "council_live",
        /// Consultazioni e partecipazione.
        Consultations = "consultations",
        /// Opportunità (bandi, concorsi, lavoro).
        Opportunities = "opportunities",
        /// Cultura e turismo.
        Culture = "culture",
        /// Altro.
        Other = "other",
    }
}

closed_enum! {
    /// Giorno della settimana.
    Weekday {
        /// Lunedì.
        Mon = "mon",
        /// Martedì.
        Tue = "tue",
        /// Mercoledì.
        Wed = "wed",
        /// Giovedì.
        Thu = "thu",
        /// Venerdì.
        Fri = "fri",
        /// Sabato.
        Sat = "sat",
        /// Domenica.
        Sun = "sun",
    }
}

closed_enum! {
    /// Unità di misura di una durata.
    DurationUnit {
        /// Ore.
        Hours = "hours",
        /// Giorni di calendario.
        Days = "days",
        /// Giorni lavorativi.
        WorkingDays = "working_days",
    }
}

closed_enum! {
    /// Quando avviene la moderazione.
    ModerationMode {
        /// I commenti compaiono solo dopo l'approvazione.
        Preventive = "preventive",
        /// I commenti compaiono subito e sono controllati dopo.
        PostPublication = "post_publication",
    }
}

closed_enum! {
    /// Che cosa fa chi modera quando una regola è violata.
    Action {
        /// Nascondere il contenuto.
        Hide = "hide",
        /// Rimuovere il contenuto.
        Remove = "remove",
        /// Avvisare l'autore.
        Warn = "warn",
        /// Bloccare l'utente per un periodo.
        Block = "block",
        /// Escludere l'utente in modo permanente.
        Ban = "ban",
        /// Segnalare alla piattaforma.
        ReportPlatform = "report_platform",
        /// Segnalare alle autorità competenti.
        ReportAuthorities = "report_authorities",
    }
}

closed_enum! {
    /// Quando si applica un passo della scala di intervento.
    StepCondition {
        /// Sempre.
        Always = "always",
        /// Quando possibile (per esempio un avviso prima di rimuovere).
        WhenPossible = "when_possible",
        /// Se necessario.
        IfNeeded = "if_needed",
        /// In caso di violazioni ripetute.
        IfRepeated = "if_repeated",
    }
}

closed_enum! {
    /// A chi si applica la policy interna.
    Audience {
        /// Personale dipendente.
        Staff = "staff",
        /// Collaboratori.
        Collaborators = "collaborators",
        /// Fornitori e loro personale.
        Contractors = "contractors",
        /// Amministratori eletti.
        ElectedOfficials = "elected_officials",
        /// Volontari.
        Volunteers = "volunteers",
    }
}

closed_enum! {
    /// Canale a cui si riferiscono orari e tempi di risposta indicati solo per esso.
    MonitoredChannel {
        /// Commenti pubblici.
        Comments = "comments",
        /// Messaggi privati.
        PrivateMessages = "private_messages",
        /// Menzioni e tag.
        Mentions = "mentions",
    }
}

closed_enum! {
    /// Tipo di contatto: dice come si legge il recapito principale.
    ContactKind {
        /// Casella di posta elettronica (`email`).
        Email = "email",
        /// Posta elettronica certificata (`pec`).
        Pec = "pec",
        /// Numero di telefono (`phone`).
        Phone = "phone",
        /// Numero verde, gratuito (`phone`).
        Freephone = "freephone",
        /// App dell'ente (`url`: la pagina da cui scaricarla).
        App = "app",
        /// Modulo online (`url`).
        WebForm = "web_form",
        /// Pagina web (`url`).
        Page = "page",
        /// Pagina con i recapiti degli uffici e dei responsabili (`url`).
        Directory = "directory",
    }
}

impl ContactKind {
    /// The field of a contact that holds what this kind of contact is.
    pub fn field(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Pec => "pec",
            ContactKind::Phone | ContactKind::Freephone => "phone",
            ContactKind::App
            | ContactKind::WebForm
            | ContactKind::Page
            | ContactKind::Directory => "url",
        }
    }
}

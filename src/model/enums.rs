//! Closed lists of values. Their labels in each language live in
//! `templates/<lang>/labels.yaml`, not here, so a new language needs no code.

use serde::{Deserialize, Serialize};

macro_rules! closed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
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
    /// Kind of public body.
    OrgKind {
        Comune = "comune",
        Provincia = "provincia",
        CittaMetropolitana = "citta_metropolitana",
        Regione = "regione",
        Agenzia = "agenzia",
        Universita = "universita",
        Altro = "altro",
    }
}

closed_enum! {
    /// Social network.
    Platform {
        Facebook = "facebook",
        Instagram = "instagram",
        X = "x",
        Youtube = "youtube",
        Linkedin = "linkedin",
        Threads = "threads",
        Bluesky = "bluesky",
        Mastodon = "mastodon",
        Tiktok = "tiktok",
        Telegram = "telegram",
        Whatsapp = "whatsapp",
        Flickr = "flickr",
        Other = "other",
    }
}

closed_enum! {
    /// What an account is for.
    AccountScope {
        /// The body's main account.
        Institutional = "institutional",
        /// A topic or service page run by a department.
        Topic = "topic",
        /// A campaign or event account with an end date.
        Temporary = "temporary",
    }
}

closed_enum! {
    /// How the presence is set up on the platform.
    Presence {
        Page = "page",
        Channel = "channel",
        Group = "group",
        PersonalProfile = "personal_profile",
    }
}

closed_enum! {
    /// Categories of published content.
    ContentKind {
        News = "news",
        Services = "services",
        Events = "events",
        Emergencies = "emergencies",
        CouncilLive = "council_live",
        Consultations = "consultations",
        Opportunities = "opportunities",
        Culture = "culture",
        Other = "other",
    }
}

closed_enum! {
    /// Day of the week.
    Weekday {
        Mon = "mon",
        Tue = "tue",
        Wed = "wed",
        Thu = "thu",
        Fri = "fri",
        Sat = "sat",
        Sun = "sun",
    }
}

closed_enum! {
    /// Unit of a duration.
    DurationUnit {
        Hours = "hours",
        Days = "days",
        WorkingDays = "working_days",
    }
}

closed_enum! {
    /// When moderation happens.
    ModerationMode {
        /// Comments appear only after a moderator approves them.
        Preventive = "preventive",
        /// Comments appear at once and are checked afterwards.
        PostPublication = "post_publication",
    }
}

closed_enum! {
    /// What a moderator does when a rule is broken.
    Action {
        Hide = "hide",
        Remove = "remove",
        Warn = "warn",
        Block = "block",
        Ban = "ban",
        ReportPlatform = "report_platform",
        ReportAuthorities = "report_authorities",
    }
}

closed_enum! {
    /// Who the internal policy applies to.
    Audience {
        Staff = "staff",
        Collaborators = "collaborators",
        Contractors = "contractors",
        ElectedOfficials = "elected_officials",
        Volunteers = "volunteers",
    }
}

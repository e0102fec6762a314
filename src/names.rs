//! Closed sets of values with stable names, as an officer types them on the command line
//! (`--kind comune`, `--formats md,pdf`, `--color never`). The binary turns each name into
//! its value; the library knows nothing of the command-line parser.

/// A closed set of values, each with a stable name and a line of help.
pub trait Named: Sized + Copy + Clone + 'static {
    /// Every value, in the order `--help` lists them.
    const ALL: &'static [Self];

    /// The name typed on the command line (lower case, words joined by `-`).
    fn name(self) -> &'static str;

    /// One line for `--help`; empty when the name says it all.
    fn help(self) -> &'static str {
        ""
    }

    /// Another name the command line accepts for the value (such as the spelling of the
    /// YAML file, `citta_metropolitana`), not listed by `--help`.
    fn alias(self) -> Option<&'static str> {
        None
    }

    /// The value of a name (or of an alias), if it is one.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.name() == name || v.alias() == Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::Named;

    /// Every value of every set has a distinct name that reads back as itself.
    fn names_round_trip<T: Named + PartialEq + std::fmt::Debug>() {
        let mut seen = std::collections::BTreeSet::new();
        for v in T::ALL {
            assert!(seen.insert(v.name()), "two values named {}", v.name());
            assert_eq!(T::from_name(v.name()), Some(*v));
        }
        assert_eq!(T::from_name("no-such-value"), None);
    }

    #[test]
    fn every_named_set_round_trips() {
        names_round_trip::<crate::init::StarterKind>();
        names_round_trip::<crate::term::ColorChoice>();
        names_round_trip::<crate::pipeline::Format>();
    }
}

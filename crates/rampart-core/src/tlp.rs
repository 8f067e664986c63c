//! Traffic Light Protocol 2.0 (FIRST, August 2022).
//!
//! Every piece of information Rampart shares carries a [`Tlp`] label. The
//! label says how far the recipient may pass it on; [`Tlp::permits`] is the
//! single place that decides whether an audience may see it.

use std::fmt;
use std::str::FromStr;

/// A TLP 2.0 label, ordered from least to most restrictive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tlp {
    /// TLP:CLEAR — "Recipients can spread this to the world, there is no limit on disclosure."
    Clear,
    /// TLP:GREEN — "Recipients can spread this within their community."
    Green,
    /// TLP:AMBER — "Limited disclosure, recipients can only spread this on a need-to-know basis
    /// within their organization and its clients."
    Amber,
    /// TLP:AMBER+STRICT — "restricts sharing to the organization only."
    AmberStrict,
    /// TLP:RED — "For the eyes and ears of individual recipients only, no further disclosure."
    Red,
}

/// Who would receive the information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// Named individual recipients.
    Individuals,
    /// The recipient's own organisation only.
    Organisation,
    /// The recipient's organisation and its clients.
    OrganisationAndClients,
    /// The recipient's community (e.g. a sharing community of partners).
    Community,
    /// The public (e.g. citizen advisories, no login).
    Public,
}

impl Tlp {
    /// Every label, least restrictive first.
    pub const ALL: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

    /// The canonical label text, e.g. `TLP:AMBER+STRICT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// The widest audience this label permits.
    pub fn widest_audience(self) -> Audience {
        match self {
            Tlp::Clear => Audience::Public,
            Tlp::Green => Audience::Community,
            Tlp::Amber => Audience::OrganisationAndClients,
            Tlp::AmberStrict => Audience::Organisation,
            Tlp::Red => Audience::Individuals,
        }
    }

    /// Whether information with this label may be disclosed to `audience`.
    pub fn permits(self, audience: Audience) -> bool {
        audience <= self.widest_audience()
    }

    /// Whether this label is within an agreement's ceiling (the most
    /// restrictive label the agreement allows to be shared).
    pub fn within_ceiling(self, ceiling: Tlp) -> bool {
        self <= ceiling
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that is not a TLP label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a TLP 2.0 label (expected CLEAR, GREEN, AMBER, AMBER+STRICT or RED)")]
pub struct InvalidTlp(pub String);

impl FromStr for Tlp {
    type Err = InvalidTlp;
    /// Accepts `TLP:AMBER+STRICT`, `amber+strict`, `AMBER_STRICT`; the TLP 1.0
    /// label `WHITE` maps to `CLEAR` as TLP 2.0 prescribes (CSAF 2.0 still uses it).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase();
        let t = t.strip_prefix("TLP:").unwrap_or(&t);
        match t.replace(['_', ' ', '-'], "+").as_str() {
            "CLEAR" | "WHITE" => Ok(Tlp::Clear),
            "GREEN" => Ok(Tlp::Green),
            "AMBER" => Ok(Tlp::Amber),
            "AMBER+STRICT" => Ok(Tlp::AmberStrict),
            "RED" => Ok(Tlp::Red),
            _ => Err(InvalidTlp(s.chars().take(40).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels() {
        assert_eq!("TLP:AMBER+STRICT".parse::<Tlp>(), Ok(Tlp::AmberStrict));
        assert_eq!("white".parse::<Tlp>(), Ok(Tlp::Clear));
        assert_eq!("amber_strict".parse::<Tlp>(), Ok(Tlp::AmberStrict));
        assert!("TLP:BLUE".parse::<Tlp>().is_err());
        for t in Tlp::ALL {
            assert_eq!(t.as_str().parse::<Tlp>(), Ok(t));
        }
    }

    #[test]
    fn disclosure_rules() {
        assert!(Tlp::Clear.permits(Audience::Public));
        assert!(!Tlp::Green.permits(Audience::Public));
        assert!(Tlp::Green.permits(Audience::Community));
        assert!(Tlp::Amber.permits(Audience::OrganisationAndClients));
        assert!(!Tlp::AmberStrict.permits(Audience::OrganisationAndClients));
        assert!(Tlp::AmberStrict.permits(Audience::Organisation));
        assert!(!Tlp::Red.permits(Audience::Organisation));
        assert!(Tlp::Red.permits(Audience::Individuals));
        // A more restrictive label never permits a wider audience.
        for a in Tlp::ALL {
            for b in Tlp::ALL.iter().filter(|b| **b > a) {
                assert!(b.widest_audience() <= a.widest_audience());
            }
        }
        assert!(Tlp::Green.within_ceiling(Tlp::Amber));
        assert!(!Tlp::Red.within_ceiling(Tlp::Amber));
    }
}

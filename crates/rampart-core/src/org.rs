//! Organisations: the city, its agencies, and partner organisations.

use std::fmt;
use std::str::FromStr;

/// What kind of organisation this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    /// The city itself (its security office lives here). There is one.
    City,
    /// A city agency or department (Water, Transportation, Police, ...).
    Agency,
    /// A partner outside the city government.
    Partner,
}

impl OrgKind {
    /// Every kind.
    pub const ALL: [OrgKind; 3] = [OrgKind::City, OrgKind::Agency, OrgKind::Partner];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::City => "city",
            OrgKind::Agency => "agency",
            OrgKind::Partner => "partner",
        }
    }
}

/// The sector of a partner organisation (PRODUCT.md step 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerType {
    /// Another government, a public utility, a public body.
    Public,
    /// A business.
    Private,
    /// A university or research institute.
    Academic,
}

impl PartnerType {
    /// Every partner type.
    pub const ALL: [PartnerType; 3] = [PartnerType::Public, PartnerType::Private, PartnerType::Academic];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerType::Public => "public",
            PartnerType::Private => "private",
            PartnerType::Academic => "academic",
        }
    }
}

/// A name that is not a known kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}` (expected one of: {expected})")]
pub struct UnknownName {
    /// What was being parsed.
    pub what: &'static str,
    /// The offending value.
    pub value: String,
    /// The accepted names.
    pub expected: &'static str,
}

impl FromStr for OrgKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "organisation kind",
                value: s.chars().take(40).collect(),
                expected: "city, agency, partner",
            })
    }
}

impl FromStr for PartnerType {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PartnerType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "partner type",
                value: s.chars().take(40).collect(),
                expected: "public, private, academic",
            })
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for PartnerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A URL-safe short name: lower-case ASCII letters, digits and `-`, 1–64
/// characters, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

/// Text that is not a valid slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid slug (use 1-64 lower-case letters, digits and '-', starting with a letter or digit)")]
pub struct InvalidSlug(pub String);

impl Slug {
    /// Validates `s` as a slug.
    pub fn parse(s: &str) -> Result<Self, InvalidSlug> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-');
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidSlug(s.chars().take(64).collect()))
        }
    }

    /// Derives a slug from a display name (`"Water & Sewer"` → `water-sewer`).
    pub fn from_name(name: &str) -> Option<Self> {
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let out = out.trim_end_matches('-');
        let out: String = out.chars().take(64).collect();
        Self::parse(out.trim_end_matches('-')).ok()
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("water").is_ok());
        assert!(Slug::parse("Water").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("-x").is_err());
        assert_eq!(
            Slug::from_name("Water & Sewer Utility").unwrap().as_str(),
            "water-sewer-utility"
        );
        assert_eq!(Slug::from_name("Fire/EMS").unwrap().as_str(), "fire-ems");
        assert!(Slug::from_name("!!!").is_none());
    }

    #[test]
    fn kinds_parse() {
        assert_eq!("agency".parse::<OrgKind>(), Ok(OrgKind::Agency));
        assert_eq!("academic".parse::<PartnerType>(), Ok(PartnerType::Academic));
        assert!("vendor".parse::<OrgKind>().is_err());
    }
}

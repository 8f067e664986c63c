//! Identifier newtypes. Every stored thing has a typed id so that an
//! organisation id can never be passed where a user id is expected.

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.parse::<i64>() {
                    Ok(v) if v > 0 => Ok(Self(v)),
                    _ => Err(InvalidId { kind: stringify!($name), value: s.chars().take(40).collect() }),
                }
            }
        }
    };
}

id_type!(
    /// An organisation: the city, one of its agencies, or a partner.
    OrgId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// An API token.
    TokenId
);
id_type!(
    /// A background job.
    JobId
);

/// A path or query parameter that is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {kind} (expected a positive integer)")]
pub struct InvalidId {
    /// The id type that was expected.
    pub kind: &'static str,
    /// The offending value (truncated).
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positive_integers_only() {
        assert_eq!("42".parse::<OrgId>(), Ok(OrgId(42)));
        assert!("0".parse::<OrgId>().is_err());
        assert!("-1".parse::<UserId>().is_err());
        let err = "abc".parse::<UserId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`abc` is not a valid UserId (expected a positive integer)"
        );
    }
}

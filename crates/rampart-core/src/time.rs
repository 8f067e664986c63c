//! Timestamps as stored and hashed by Rampart.
//!
//! A [`Timestamp`] is UTC with microsecond precision and one canonical text
//! form (`2026-11-27T23:41:22.123456Z`). The canonical form sorts
//! lexicographically in time order, round-trips exactly through both
//! database backends, and is what the audit chain hashes. The core never
//! reads the clock: callers pass timestamps in.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// Text that is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 timestamp")]
pub struct InvalidTimestamp(pub String);

impl Timestamp {
    /// Truncates `t` to microseconds and converts it to UTC.
    pub fn from_datetime(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        let micros = t.microsecond();
        // Truncation cannot fail: the value is within range by construction.
        let t = t.replace_nanosecond(micros * 1_000).unwrap_or(t);
        Self(t)
    }

    /// Seconds since the Unix epoch.
    pub fn from_unix_seconds(secs: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp(secs).ok().map(Self)
    }

    /// The underlying date-time.
    pub fn as_datetime(self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// This instant moved by `d` (saturating at the representable range).
    pub fn plus(self, d: time::Duration) -> Self {
        Self(self.0.checked_add(d).unwrap_or(self.0))
    }

    /// Parses RFC 3339 text (any offset) into a UTC timestamp.
    pub fn parse(s: &str) -> Result<Self, InvalidTimestamp> {
        OffsetDateTime::parse(s, &Rfc3339)
            .map(Self::from_datetime)
            .map_err(|_| InvalidTimestamp(s.chars().take(64).collect()))
    }

    /// The date part, `YYYY-MM-DD`.
    pub fn date_string(self) -> String {
        let d = self.0.date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl fmt::Display for Timestamp {
    /// The canonical form: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.microsecond()
        )
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_round_trips_and_sorts() {
        let t = Timestamp::parse("2026-11-27T23:41:22.123456789+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-27T22:41:22.123456Z");
        assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        let a = Timestamp::parse("2026-01-02T00:00:00Z").unwrap();
        let b = Timestamp::parse("2026-01-10T00:00:00Z").unwrap();
        assert!(a.to_string() < b.to_string());
        assert!(Timestamp::parse("yesterday").is_err());
    }
}

//! Timestamps as stored and hashed by Rampart.
//!
//! A [`Timestamp`] is UTC with microsecond precision and one canonical text
//! form (`2026-11-27T23:41:22.123456Z`). The canonical form sorts
//! lexicographically in time order, round-trips exactly through both
//! database backends, and is what the audit chain hashes. The core never
//! reads the clock: callers pass timestamps in.
//!
//! Those promises need a four-digit year, so a [`Timestamp`] lies in years
//! 0000–9999 UTC ([`Timestamp::MIN`]..=[`Timestamp::MAX`]): RFC 3339 text
//! whose offset moves it outside (`9999-12-31T23:59:59-00:01`,
//! `0000-01-01T00:00:00+00:01`) is an [`InvalidTimestamp`].

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{OffsetDateTime, UtcOffset};

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// Text that is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 timestamp")]
pub struct InvalidTimestamp(pub String);

impl Timestamp {
    /// The earliest timestamp, `0000-01-01T00:00:00.000000Z`.
    pub const MIN: Timestamp = Timestamp(datetime!(0000-01-01 00:00:00 UTC));

    /// The latest timestamp, `9999-12-31T23:59:59.999999Z`.
    pub const MAX: Timestamp = Timestamp(datetime!(9999-12-31 23:59:59.999_999 UTC));

    /// Truncates `t` to microseconds and converts it to UTC, or an error
    /// when the instant is outside years 0000–9999 UTC.
    pub fn try_from_datetime(t: OffsetDateTime) -> Result<Self, InvalidTimestamp> {
        // `to_offset` panics when the UTC date leaves `time`'s range
        // (`9999-12-31T23:59:59-00:01` is in year 10000).
        let utc = t
            .checked_to_offset(UtcOffset::UTC)
            .filter(|u| (0..=9999).contains(&u.year()))
            .ok_or_else(|| InvalidTimestamp(t.to_string()))?;
        // Cannot fail: the microseconds of a valid time are a valid
        // nanosecond count.
        let truncated = utc.replace_nanosecond(utc.microsecond() * 1_000).unwrap_or(utc);
        Ok(Self(truncated))
    }

    /// Truncates `t` to microseconds and converts it to UTC, saturating at
    /// [`Timestamp::MIN`] and [`Timestamp::MAX`] (for the clock, whose
    /// instants are far inside; use [`Timestamp::try_from_datetime`] for
    /// input).
    pub fn from_datetime(t: OffsetDateTime) -> Self {
        Self::try_from_datetime(t).unwrap_or(if t < Self::MIN.0 { Self::MIN } else { Self::MAX })
    }

    /// Seconds since the Unix epoch (`None` outside years 0000–9999 UTC).
    pub fn from_unix_seconds(secs: i64) -> Option<Self> {
        let t = OffsetDateTime::from_unix_timestamp(secs).ok()?;
        Self::try_from_datetime(t).ok()
    }

    /// The underlying date-time.
    pub fn as_datetime(self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// This instant moved by `d` (saturating at [`Timestamp::MIN`] and
    /// [`Timestamp::MAX`]).
    pub fn plus(self, d: time::Duration) -> Self {
        match self.0.checked_add(d) {
            Some(t) => Self::from_datetime(t),
            None if d.is_negative() => Self::MIN,
            None => Self::MAX,
        }
    }

    /// Parses RFC 3339 text (any offset) into a UTC timestamp; the instant
    /// must lie in years 0000–9999 UTC.
    pub fn parse(s: &str) -> Result<Self, InvalidTimestamp> {
        OffsetDateTime::parse(s, &Rfc3339)
            .ok()
            .and_then(|t| Self::try_from_datetime(t).ok())
            .ok_or_else(|| InvalidTimestamp(s.chars().take(64).collect()))
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

    /// Fuzz regressions `timestamp/year-9999-negative-offset-panics` and
    /// `timestamp/year-0000-positive-offset-canonical-form-unparsable`:
    /// offsets that move the instant out of years 0000–9999 UTC.
    #[test]
    fn instants_outside_four_digit_years_are_rejected() {
        for s in [
            "9999-12-31T10:01:09-13:59",
            "9999-12-31T23:59:59-00:01",
            "0000-01-01T13:14:45+23:59",
            "0000-01-01T00:00:00+00:01",
        ] {
            assert_eq!(Timestamp::parse(s), Err(InvalidTimestamp(s.to_owned())), "{s}");
        }
        for (s, canonical) in [
            ("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999999Z"),
            ("9999-12-31T10:01:09+13:59", "9999-12-30T20:02:09.000000Z"),
            ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000000Z"),
            ("0000-01-01T13:14:45-10:00", "0000-01-01T23:14:45.000000Z"),
        ] {
            let t = Timestamp::parse(s).unwrap();
            assert_eq!(t.to_string(), canonical);
            assert_eq!(Timestamp::parse(canonical), Ok(t));
        }
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00.000000Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59.999999Z");
        let late = datetime!(9999-12-31 23:00 -1:00);
        assert!(Timestamp::try_from_datetime(late).is_err());
        assert_eq!(Timestamp::from_datetime(late), Timestamp::MAX);
        let early = OffsetDateTime::new_in_offset(time::Date::MIN, time::Time::MIDNIGHT, UtcOffset::UTC);
        assert_eq!(Timestamp::from_datetime(early), Timestamp::MIN);
        assert_eq!(Timestamp::MAX.plus(time::Duration::DAY), Timestamp::MAX);
        assert_eq!(Timestamp::MIN.plus(-time::Duration::DAY), Timestamp::MIN);
        assert_eq!(Timestamp::from_unix_seconds(253_402_300_800), None, "year 10000");
        assert_eq!(Timestamp::from_unix_seconds(-62_167_219_201), None, "year -1");
    }
}

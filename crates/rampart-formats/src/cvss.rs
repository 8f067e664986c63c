//! CVSS vectors: a thin wrapper over RustSec's `cvss` crate (v2.0, v3.0, v3.1, v4.0), so the
//! rest of Rampart sees our own small types and the crate can be swapped later.
//!
//! Scores are cross-checked against RedHat's `cvss` Python package on every distinct vector
//! in the data at hand (`tests/feeds_cvss.rs`, oracle `scripts/oracles/cvss_redhat.py`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// CVSS specification version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CvssVersion {
    /// CVSS v2.0 (vectors have no prefix).
    #[serde(rename = "2.0")]
    V2_0,
    /// CVSS v3.0 (`CVSS:3.0/`).
    #[serde(rename = "3.0")]
    V3_0,
    /// CVSS v3.1 (`CVSS:3.1/`).
    #[serde(rename = "3.1")]
    V3_1,
    /// CVSS v4.0 (`CVSS:4.0/`).
    #[serde(rename = "4.0")]
    V4_0,
}

impl CvssVersion {
    /// Parses a version as feeds state it: `2.0`, `2`, `3.0`, `3.1`, `4.0`, `4`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "2.0" | "2" => Some(Self::V2_0),
            "3.0" => Some(Self::V3_0),
            "3.1" => Some(Self::V3_1),
            "4.0" | "4" => Some(Self::V4_0),
            _ => None,
        }
    }

    /// The version as written in vectors and feeds (`3.1`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2_0 => "2.0",
            Self::V3_0 => "3.0",
            Self::V3_1 => "3.1",
            Self::V4_0 => "4.0",
        }
    }
}

impl fmt::Display for CvssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Qualitative severity rating (CVSS v3.1 Specification, Section 5; v4.0 Section 6). For
/// v2.0, which defines none, NVD's Low/Medium/High bands are used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// 0.0
    None,
    /// 0.1–3.9
    Low,
    /// 4.0–6.9
    Medium,
    /// 7.0–8.9 (v2: 7.0–10.0)
    High,
    /// 9.0–10.0
    Critical,
}

impl Severity {
    /// Parses a severity name, case-insensitively (`HIGH`, `High`, `high`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        [
            ("none", Self::None),
            ("low", Self::Low),
            ("medium", Self::Medium),
            ("high", Self::High),
            ("critical", Self::Critical),
        ]
        .into_iter()
        .find(|(name, _)| s.eq_ignore_ascii_case(name))
        .map(|(_, sev)| sev)
    }

    /// The v3/v4 rating of a score.
    pub fn from_score(score: f64) -> Self {
        if score < 0.1 {
            Self::None
        } else if score < 4.0 {
            Self::Low
        } else if score < 7.0 {
            Self::Medium
        } else if score < 9.0 {
            Self::High
        } else {
            Self::Critical
        }
    }

    /// Upper-case name, as NVD writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Low => "LOW",
            Self::Medium => "MEDIUM",
            Self::High => "HIGH",
            Self::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<::cvss::Severity> for Severity {
    fn from(s: ::cvss::Severity) -> Self {
        match s {
            ::cvss::Severity::None => Self::None,
            ::cvss::Severity::Low => Self::Low,
            ::cvss::Severity::Medium => Self::Medium,
            ::cvss::Severity::High => Self::High,
            ::cvss::Severity::Critical => Self::Critical,
        }
    }
}

/// CVSS v4.0 nomenclature: which metric groups a score reflects (v4.0 Specification,
/// Section 1.3: "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Nomenclature {
    /// Base metrics only.
    #[serde(rename = "CVSS-B")]
    CvssB,
    /// Base and Threat metrics.
    #[serde(rename = "CVSS-BT")]
    CvssBT,
    /// Base and Environmental metrics.
    #[serde(rename = "CVSS-BE")]
    CvssBE,
    /// Base, Threat and Environmental metrics.
    #[serde(rename = "CVSS-BTE")]
    CvssBTE,
}

impl fmt::Display for Nomenclature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CvssB => "CVSS-B",
            Self::CvssBT => "CVSS-BT",
            Self::CvssBE => "CVSS-BE",
            Self::CvssBTE => "CVSS-BTE",
        })
    }
}

/// A parsed and scored vector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CvssScore {
    /// The version the vector declares.
    pub version: CvssVersion,
    /// v2/v3: the Base score. v4: the score of the metric groups present (see `nomenclature`),
    /// which is what v4.0 calls the CVSS score.
    pub base_score: f64,
    /// Qualitative rating of `base_score`.
    pub severity: Severity,
    /// v4 only: which groups the score covers.
    pub nomenclature: Option<Nomenclature>,
}

/// A vector that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CvssError {
    /// Nothing to parse.
    #[error("empty CVSS vector")]
    Empty,
    /// The vector is malformed or names an unsupported version.
    #[error("invalid CVSS vector {vector:?}: {message}")]
    Invalid {
        /// The vector as given.
        vector: String,
        /// The underlying parser's message.
        message: String,
    },
}

/// Longest vector we accept; a full v4.0 vector with every metric is ~250 bytes.
const MAX_VECTOR_LEN: usize = 1024;

/// Parses and scores a CVSS vector of any supported version. Accepts surrounding whitespace,
/// v2 vectors wrapped in parentheses (`(AV:N/…)`) or prefixed `CVSS:2.0/`. Never panics.
pub fn parse_vector(vector: &str) -> Result<CvssScore, CvssError> {
    let v = vector.trim();
    let v = v.strip_prefix('(').and_then(|v| v.strip_suffix(')')).unwrap_or(v);
    let v = v.strip_prefix("CVSS:2.0/").unwrap_or(v);
    if v.is_empty() {
        return Err(CvssError::Empty);
    }
    let invalid = |message: String| CvssError::Invalid {
        vector: vector.to_owned(),
        message,
    };
    if v.len() > MAX_VECTOR_LEN {
        return Err(invalid(format!("longer than {MAX_VECTOR_LEN} bytes")));
    }
    let parsed: ::cvss::Cvss = v.parse().map_err(|e: ::cvss::Error| invalid(e.to_string()))?;
    let (version, nomenclature) = match &parsed {
        ::cvss::Cvss::CvssV20(_) => (CvssVersion::V2_0, None),
        ::cvss::Cvss::CvssV30(_) => (CvssVersion::V3_0, None),
        ::cvss::Cvss::CvssV31(_) => (CvssVersion::V3_1, None),
        ::cvss::Cvss::CvssV40(v4) => (
            CvssVersion::V4_0,
            Some(match v4.nomenclature() {
                ::cvss::v4::Nomenclature::CvssB => Nomenclature::CvssB,
                ::cvss::v4::Nomenclature::CvssBT => Nomenclature::CvssBT,
                ::cvss::v4::Nomenclature::CvssBE => Nomenclature::CvssBE,
                ::cvss::v4::Nomenclature::CvssBTE => Nomenclature::CvssBTE,
            }),
        ),
        _ => return Err(invalid("unsupported CVSS version".to_owned())),
    };
    let base_score = parsed.score();
    if !base_score.is_finite() {
        return Err(invalid("score is not a number".to_owned()));
    }
    Ok(CvssScore {
        version,
        base_score,
        severity: parsed.severity().into(),
        nomenclature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(vector: &str, version: CvssVersion, score: f64, severity: Severity) {
        let got = parse_vector(vector).unwrap();
        assert_eq!(
            (got.version, got.base_score, got.severity),
            (version, score, severity),
            "{vector}"
        );
    }

    #[test]
    fn known_scores() {
        check("AV:N/AC:L/Au:N/C:P/I:P/A:P", CvssVersion::V2_0, 7.5, Severity::High);
        check("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", CvssVersion::V2_0, 7.5, Severity::High);
        check(
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            CvssVersion::V3_1,
            9.8,
            Severity::Critical,
        );
        check(
            "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H",
            CvssVersion::V3_0,
            7.2,
            Severity::High,
        );
        check(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            CvssVersion::V4_0,
            9.3,
            Severity::Critical,
        );
        let bt = parse_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U").unwrap();
        // RedHat `cvss` 3.6 agrees: 8.1.
        assert_eq!((bt.base_score, bt.nomenclature), (8.1, Some(Nomenclature::CvssBT)));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "  ",
            "()",
            "CVSS:3.1/",
            "CVSS:9.9/AV:N",
            "AV:N",
            "CVSS:3.1/AV:X/AC:L",
            "é/é",
        ] {
            assert!(parse_vector(bad).is_err(), "{bad:?}");
        }
    }
}

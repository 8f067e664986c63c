//! `vers:` version range specifiers (purl-spec `VERSION-RANGE-SPEC.rst`).
//!
//! Syntax: `vers:<versioning-scheme>/<version-constraint>|<version-constraint>|...`
//! where a constraint is `[comparator]version` with comparator one of
//! `=` (implied), `!=`, `<`, `<=`, `>`, `>=`, or the lone star `*` ("matches
//! any version. It must be used alone").
//!
//! Version comparison per scheme ([`VersionScheme`]):
//! - **exact**: `npm`, `cargo`, `golang`, `semver`, `hex`, `pub`, `swift`
//!   compare by Semantic Versioning 2.0.0 §11 precedence (build metadata
//!   ignored; a leading `v` allowed; missing minor/patch read as 0) when
//!   both versions are semver. Other versions are read the same way
//!   leniently, so the comparison stays one total order (see
//!   [`VersionScheme::compare`]). `deb` follows dpkg's
//!   `epoch:upstream-revision` comparison (Debian Policy §5.6.12, `~`
//!   sorting before everything).
//! - **approximate**: every other scheme (`maven`, `pypi`, `rpm`, `gem`,
//!   `nuget`, `generic`, vendor schemes) uses [`crate::version::Version`]'s
//!   generic order, which agrees with those schemes on dotted numerics,
//!   common pre-release words and suffixes but not on every corner (PEP 440
//!   `1.0a1` is an alpha there, a post-release letter here; rpm tilde/caret
//!   are ignored).
//! - `vers:all/*` contains every version and `vers:none/*` none. CISA's ICS
//!   CSAF advisories write `vers:all/<V1.1` to mean "all versions below
//!   V1.1", so `all` with constraints is evaluated with the generic order
//!   instead of ignoring them.

use std::cmp::Ordering;
use std::fmt;

use crate::version::Version;

/// Errors in a `vers:` string. Constraint indexes are 0-based positions in
/// the `|`-separated list (after empty pieces are dropped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VersError {
    /// The URI scheme is not `vers:`.
    #[error("not a version range: expected \"vers:\", found {found:?}")]
    NotVers {
        /// The beginning of the input.
        found: String,
    },
    /// No `/` separating the versioning scheme from the constraints, or an
    /// empty scheme.
    #[error("missing versioning scheme (expected vers:<scheme>/<constraints>)")]
    MissingScheme,
    /// The constraints string is empty.
    #[error("no version constraint after the versioning scheme")]
    EmptyConstraints,
    /// A `*` together with other constraints ("must only occur once and
    /// alone").
    #[error("constraint {constraint}: '*' must be the only constraint")]
    StarNotAlone {
        /// Index of the offending constraint.
        constraint: usize,
    },
    /// A comparator without a version.
    #[error("constraint {constraint}: empty version")]
    EmptyVersion {
        /// Index of the offending constraint.
        constraint: usize,
    },
    /// A version that is not valid percent-encoded UTF-8.
    #[error("constraint {constraint}: bad percent-encoding")]
    PercentEncoding {
        /// Index of the offending constraint.
        constraint: usize,
    },
    /// The same version appears twice ("Tools must report an error for
    /// duplicated versions").
    #[error("version {version:?} appears in more than one constraint")]
    DuplicateVersion {
        /// The duplicated version.
        version: String,
    },
}

/// A comparator of a version constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `=` (also a bare version).
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Comparator {
    fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "",
            Comparator::Ne => "!=",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }
}

/// One `<comparator><version>` constraint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersConstraint {
    /// The comparator.
    pub comparator: Comparator,
    /// The version, percent-decoded.
    pub version: String,
}

/// How a versioning scheme compares versions (see the module documentation
/// for which are exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionScheme {
    /// Semantic Versioning 2.0.0 precedence.
    Semver,
    /// dpkg version comparison.
    Debian,
    /// [`Version`]'s generic order.
    Generic,
    /// `all`: every version (constraints, if any, compared generically).
    All,
    /// `none`: no version.
    None,
}

impl VersionScheme {
    /// The comparison used for a vers versioning scheme name.
    pub fn for_scheme(name: &str) -> VersionScheme {
        match name {
            "npm" | "cargo" | "golang" | "semver" | "hex" | "pub" | "swift" => VersionScheme::Semver,
            "deb" => VersionScheme::Debian,
            "all" => VersionScheme::All,
            "none" => VersionScheme::None,
            _ => VersionScheme::Generic,
        }
    }

    /// True when the comparison implements the scheme's own rules (for
    /// semver: when both versions are valid semver).
    pub fn is_exact(self) -> bool {
        matches!(self, VersionScheme::Semver | VersionScheme::Debian)
    }

    /// Compares two versions under this scheme. Every scheme's comparison
    /// is a total order over all strings (sorting and [`VersRange::contains`]
    /// rely on it).
    ///
    /// For the semver schemes every string, semver or not, is read as
    /// `release[-pre-release][+build]` (split at the first `+`, then at the
    /// first `-` before it), build metadata is ignored (`7+1` = `7`), and
    /// the rest compares by, in turn:
    /// 1. the release, in [`Version`]'s generic order, which is SemVer's
    ///    numeric major.minor.patch order on semver cores (`v1.2` =
    ///    `1.2.0`) and extends it to others (`1.0.0` < `1.0.0.1`);
    /// 2. a pre-release sorting before no pre-release (`1.0.0-1` <
    ///    `1.0.0`, `0-n` < `0`);
    /// 3. the pre-release identifiers by SemVer §11.4 (numeric ones by
    ///    value and before the others, others in ASCII order, more
    ///    identifiers winning a tie).
    ///
    /// On two semver versions that is SemVer precedence. Falling back to
    /// the generic order only when one side is not semver would not be
    /// transitive: the generic order reads `-1` and `+1` as post-releases
    /// (`1.0.0` < `1.0.0-1`), SemVer does not, and mixing both gave cycles.
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        match self {
            VersionScheme::Semver => Semver::parse(a).cmp(&Semver::parse(b)),
            VersionScheme::Debian => debian_compare(a, b),
            VersionScheme::Generic | VersionScheme::All | VersionScheme::None => {
                Version::parse(a).cmp(&Version::parse(b))
            }
        }
    }
}

/// A parsed `vers:` range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersRange {
    scheme: String,
    /// Empty for `*`; otherwise sorted by version.
    constraints: Vec<VersConstraint>,
    star: bool,
}

impl VersRange {
    /// Parses a `vers:` string per "Parsing and validating version range
    /// specifiers": spaces and tabs removed, scheme names lowercased,
    /// leading/trailing/consecutive pipes ignored, versions
    /// percent-decoded; constraints are then sorted by version and a
    /// duplicated version is an error.
    pub fn parse(s: &str) -> Result<VersRange, VersError> {
        let compact: String = s.chars().filter(|c| *c != ' ' && *c != '\t').collect();
        let Some((uri_scheme, spec)) = compact.split_once(':') else {
            return Err(VersError::NotVers {
                found: s.chars().take(16).collect(),
            });
        };
        if !uri_scheme.eq_ignore_ascii_case("vers") {
            return Err(VersError::NotVers {
                found: s.chars().take(16).collect(),
            });
        }
        let Some((scheme, list)) = spec.split_once('/') else {
            return Err(VersError::MissingScheme);
        };
        if scheme.is_empty() {
            return Err(VersError::MissingScheme);
        }
        let scheme = scheme.to_ascii_lowercase();
        if list.is_empty() || list.chars().all(|c| c == '|') {
            return Err(VersError::EmptyConstraints);
        }
        if list == "*" {
            return Ok(VersRange {
                scheme,
                constraints: Vec::new(),
                star: true,
            });
        }
        let mut constraints = Vec::new();
        for (i, piece) in list.split('|').filter(|p| !p.is_empty()).enumerate() {
            if piece == "*" {
                return Err(VersError::StarNotAlone { constraint: i });
            }
            let (comparator, raw) = [
                (">=", Comparator::Ge),
                ("<=", Comparator::Le),
                ("!=", Comparator::Ne),
                ("<", Comparator::Lt),
                (">", Comparator::Gt),
                ("=", Comparator::Eq),
            ]
            .iter()
            .find_map(|(p, c)| piece.strip_prefix(p).map(|rest| (*c, rest)))
            .unwrap_or((Comparator::Eq, piece));
            if raw.is_empty() {
                return Err(VersError::EmptyVersion { constraint: i });
            }
            let version = if raw.contains('%') {
                percent_decode(raw).ok_or(VersError::PercentEncoding { constraint: i })?
            } else {
                raw.to_owned()
            };
            constraints.push(VersConstraint { comparator, version });
        }
        let cmp = VersionScheme::for_scheme(&scheme);
        constraints.sort_by(|a, b| cmp.compare(&a.version, &b.version));
        if let Some(w) = constraints
            .windows(2)
            .find(|w| cmp.compare(&w[0].version, &w[1].version) == Ordering::Equal)
        {
            return Err(VersError::DuplicateVersion {
                version: w[1].version.clone(),
            });
        }
        Ok(VersRange {
            scheme,
            constraints,
            star: false,
        })
    }

    /// The versioning scheme, lowercase.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// True for `*` (all versions of the scheme).
    pub fn is_star(&self) -> bool {
        self.star
    }

    /// The constraints, sorted by version (empty for `*`).
    pub fn constraints(&self) -> &[VersConstraint] {
        &self.constraints
    }

    /// Whether `version` is in the range ("Checking if a version is
    /// contained within a range"). Two readings where the spec's
    /// procedure is silent: a single `<`/`<=`/`>`/`>=` constraint (no
    /// pairs to iterate) is an open interval on its side, and a list of
    /// only `!=` constraints contains every other version.
    pub fn contains(&self, version: &str) -> bool {
        let scheme = VersionScheme::for_scheme(&self.scheme);
        if scheme == VersionScheme::None {
            return false;
        }
        if self.star {
            return true;
        }
        let cmp = |c: &VersConstraint| scheme.compare(version, &c.version);
        // "equal to any constraint version where the comparator is for
        // equality (=, <=, >=)": in.
        if self
            .constraints
            .iter()
            .any(|c| matches!(c.comparator, Comparator::Eq | Comparator::Le | Comparator::Ge) && cmp(c).is_eq())
        {
            return true;
        }
        // "equal to any constraint version where the comparator is !=": out.
        if self
            .constraints
            .iter()
            .any(|c| c.comparator == Comparator::Ne && cmp(c).is_eq())
        {
            return false;
        }
        let ranges: Vec<&VersConstraint> = self
            .constraints
            .iter()
            .filter(|c| !matches!(c.comparator, Comparator::Eq | Comparator::Ne))
            .collect();
        let is_lesser = |c: &VersConstraint| matches!(c.comparator, Comparator::Lt | Comparator::Le);
        match ranges.as_slice() {
            [] => self.constraints.iter().all(|c| c.comparator == Comparator::Ne),
            [only] => {
                if is_lesser(only) {
                    cmp(only).is_lt()
                } else {
                    cmp(only).is_gt()
                }
            }
            _ => {
                let last = ranges.len() - 2;
                ranges.windows(2).enumerate().any(|(i, w)| {
                    let (cur, next) = (w[0], w[1]);
                    (i == 0 && is_lesser(cur) && cmp(cur).is_lt())
                        || (i == last && !is_lesser(next) && cmp(next).is_gt())
                        || (!is_lesser(cur) && is_lesser(next) && cmp(cur).is_gt() && cmp(next).is_lt())
                })
            }
        }
    }
}

impl fmt::Display for VersRange {
    /// The canonical form: `vers:<scheme>/` and the sorted constraints,
    /// versions percent-encoding the characters `vers` reserves.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vers:{}/", self.scheme)?;
        if self.star {
            return f.write_str("*");
        }
        for (i, c) in self.constraints.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(c.comparator.as_str())?;
            for ch in c.version.chars() {
                // Control characters too: parsing deletes tabs, and a raw
                // newline or NUL is no text to store or show.
                if matches!(ch, '%' | '|' | '<' | '>' | '=' | '!' | '*' | ' ') || ch.is_control() {
                    for b in ch.encode_utf8(&mut [0; 4]).bytes() {
                        write!(f, "%{b:02X}")?;
                    }
                } else {
                    write!(f, "{ch}")?;
                }
            }
        }
        Ok(())
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let h = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Any string read as a Semantic Versioning 2.0.0 version
/// (`release[-pre-release][+build]`), for [`VersionScheme::compare`].
#[derive(Debug)]
struct Semver<'a> {
    /// Before the first `-`, in the generic order.
    release: Version,
    /// After the first `-`.
    pre: Option<&'a str>,
}

impl<'a> Semver<'a> {
    /// Never fails: a string that is not semver still gets a place in the
    /// order.
    fn parse(s: &'a str) -> Semver<'a> {
        let main = s.split_once('+').map_or(s, |(m, _build)| m);
        let (release, pre) = match main.split_once('-') {
            Some((r, p)) => (r, Some(p)),
            None => (main, None),
        };
        Semver {
            release: Version::parse(release),
            pre,
        }
    }
}

fn cmp_numeric(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl Ord for Semver<'_> {
    /// SemVer 2.0.0 §11: major, minor, patch numerically (extended to any
    /// release by the generic order); a pre-release has lower precedence
    /// than the release; identifiers compare numerically when numeric,
    /// numeric < alphanumeric, then by ASCII; a longer identifier list
    /// wins a tie.
    fn cmp(&self, other: &Self) -> Ordering {
        match self.release.cmp(&other.release) {
            Ordering::Equal => {}
            o => return o,
        }
        match (self.pre, other.pre) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => {
                let mut xs = a.split('.');
                let mut ys = b.split('.');
                loop {
                    match (xs.next(), ys.next()) {
                        (None, None) => return Ordering::Equal,
                        (None, Some(_)) => return Ordering::Less,
                        (Some(_), None) => return Ordering::Greater,
                        (Some(x), Some(y)) => {
                            let xn = x.bytes().all(|c| c.is_ascii_digit());
                            let yn = y.bytes().all(|c| c.is_ascii_digit());
                            let o = match (xn, yn) {
                                (true, true) => cmp_numeric(x, y),
                                (true, false) => Ordering::Less,
                                (false, true) => Ordering::Greater,
                                (false, false) => x.cmp(y),
                            };
                            if o != Ordering::Equal {
                                return o;
                            }
                        }
                    }
                }
            }
        }
    }
}

impl PartialEq for Semver<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Semver<'_> {}

impl PartialOrd for Semver<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// dpkg version comparison (Debian Policy §5.6.12): epoch numerically,
/// then upstream version and Debian revision with `verrevcmp`.
fn debian_compare(a: &str, b: &str) -> Ordering {
    fn split(v: &str) -> (&str, &str, &str) {
        let (epoch, rest) = match v.split_once(':') {
            Some((e, r)) if !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit()) => (e, r),
            _ => ("0", v),
        };
        let (upstream, revision) = rest.rsplit_once('-').unwrap_or((rest, ""));
        (epoch, upstream, revision)
    }
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    cmp_numeric(ea, eb)
        .then_with(|| verrevcmp(ua.as_bytes(), ub.as_bytes()))
        .then_with(|| verrevcmp(ra.as_bytes(), rb.as_bytes()))
}

/// dpkg's `verrevcmp`: alternating non-digit parts (letters before other
/// characters, `~` before everything including the end) and digit parts
/// (numerically).
fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    fn order(c: Option<&u8>) -> i32 {
        match c {
            None => 0,
            Some(c) if c.is_ascii_digit() => 0,
            Some(c) if c.is_ascii_alphabetic() => i32::from(*c),
            Some(b'~') => -1,
            Some(c) => i32::from(*c) + 256,
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let (ac, bc) = (order(a.get(i)), order(b.get(j)));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while a.get(i) == Some(&b'0') {
            i += 1;
        }
        while b.get(j) == Some(&b'0') {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while a.get(i).is_some_and(u8::is_ascii_digit) && b.get(j).is_some_and(u8::is_ascii_digit) {
            if first_diff == Ordering::Equal {
                first_diff = a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
        if a.get(i).is_some_and(u8::is_ascii_digit) {
            return Ordering::Greater;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            return Ordering::Less;
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn range(s: &str) -> VersRange {
        VersRange::parse(s).unwrap()
    }

    #[test]
    fn spec_examples_parse() {
        let r = range("vers:npm/1.2.3|>=2.0.0|<5.0.0");
        assert_eq!(r.scheme(), "npm");
        assert_eq!(r.constraints().len(), 3);
        assert!(range("vers:all/*").is_star());
        let r = range("vers:pypi/0.0.0|0.0.1|0.0.2|0.0.3|1.0|2.0pre1");
        assert_eq!(r.constraints().len(), 6);
        let r = range("vers:maven/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-M1|<=8.0.1");
        assert_eq!(r.constraints().len(), 8);
        let r = range("vers:gem/>=2.2.0|!= 2.2.1|<2.3.0");
        assert_eq!(
            r.constraints()[1],
            VersConstraint {
                comparator: Comparator::Ne,
                version: "2.2.1".into()
            }
        );
        // Spaces are not significant.
        assert_eq!(
            range(" vers:npm/ <  1.2. 3 | > = 2  . 0"),
            range("vers:npm/<1.2.3|>=2.0")
        );
    }

    #[test]
    fn errors() {
        assert!(matches!(VersRange::parse("npm/1.0"), Err(VersError::NotVers { .. })));
        assert!(matches!(VersRange::parse("vers:npm"), Err(VersError::MissingScheme)));
        assert!(matches!(VersRange::parse("vers:/1.0"), Err(VersError::MissingScheme)));
        assert!(matches!(
            VersRange::parse("vers:npm/"),
            Err(VersError::EmptyConstraints)
        ));
        assert!(matches!(
            VersRange::parse("vers:npm/||"),
            Err(VersError::EmptyConstraints)
        ));
        assert!(matches!(
            VersRange::parse("vers:npm/*|1.0"),
            Err(VersError::StarNotAlone { constraint: 0 })
        ));
        assert!(matches!(
            VersRange::parse("vers:npm/>=|1.0"),
            Err(VersError::EmptyVersion { constraint: 0 })
        ));
        assert!(matches!(
            VersRange::parse("vers:npm/1.0|%zz"),
            Err(VersError::PercentEncoding { constraint: 1 })
        ));
        assert!(matches!(
            VersRange::parse("vers:npm/>=1.0|<1.0.0"),
            Err(VersError::DuplicateVersion { .. })
        ));
    }

    #[test]
    fn containment() {
        let r = range("vers:npm/1.2.3|>=2.0.0|<5.0.0");
        for (v, expected) in [
            ("1.2.3", true),
            ("1.2.4", false),
            ("2.0.0", true),
            ("4.9.9", true),
            ("5.0.0", false),
        ] {
            assert_eq!(r.contains(v), expected, "{v}");
        }
        let r = range("vers:maven/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-M1|<=8.0.1");
        for (v, expected) in [
            ("1.7.5", true),
            ("2.0", false),
            ("7.0.5", true),
            ("7.1.1", true),
            ("8.0.2", false),
            ("0.9", false),
        ] {
            assert_eq!(r.contains(v), expected, "{v}");
        }
        let r = range("vers:gem/>=2.2.0|!=2.2.1|<2.3.0");
        assert!(r.contains("2.2.0") && !r.contains("2.2.1") && r.contains("2.2.5") && !r.contains("2.3.0"));
        assert!(range("vers:npm/<2.0.0").contains("1.9.9"));
        assert!(!range("vers:npm/<2.0.0").contains("2.0.0"));
        assert!(range("vers:npm/>2.0.0").contains("2.0.1"));
        assert!(range("vers:npm/!=1.0.0").contains("2.0.0"));
        assert!(!range("vers:npm/!=1.0.0").contains("1.0.0"));
        assert!(!range("vers:pypi/1.0|!=2.0").contains("3.0"));
        assert!(!range("vers:none/*").contains("1.0"));
        assert!(range("vers:deb/*").contains("anything"));
        // CISA ICS advisories (CSAF product_version_range).
        let r = range("vers:all/<V1.1");
        assert!(r.contains("V1.0.3") && !r.contains("V1.1"));
        let r = range("vers:all/>=V0|<=V2");
        assert!(r.contains("V1.5") && r.contains("V2") && !r.contains("V2.1"));
    }

    #[test]
    fn semver_precedence() {
        let s = VersionScheme::Semver;
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "v2.0.0",
        ];
        for w in chain.windows(2) {
            assert_eq!(s.compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        }
        assert_eq!(s.compare("1.0.0+build.1", "1.0.0+build.2"), Ordering::Equal);
        assert_eq!(s.compare("1.2", "1.2.0"), Ordering::Equal);
        assert_eq!(
            s.compare("1.0.0-x", "1.0.0"),
            Ordering::Less,
            "any pre-release precedes"
        );
    }

    /// Fuzz regression `vers_scheme_order/npm-semver-fallback-not-transitive`
    /// (`0`, `0-n`, ``) and the `1.0.0`/`1.0.0.1`/`1.0.0-1` cycle: semver
    /// and non-semver versions mixed in one scheme.
    #[test]
    fn semver_scheme_is_a_total_order_on_mixed_versions() {
        let s = VersionScheme::Semver;
        for chain in [
            ["0-n", "0", "0.1"],
            ["1.0.0-1", "1.0.0", "1.0.0.1"],
            ["1.0.0-rc.1", "1.0.0", "1.0.0.0.1"],
            ["7.0.0-foo", "7+1", "7.0.0.1"],
        ] {
            for w in chain.windows(2) {
                assert_eq!(s.compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
            }
            assert_eq!(s.compare(chain[0], chain[2]), Ordering::Less);
        }
        assert_eq!(s.compare("0", ""), Ordering::Equal);
        assert_eq!(s.compare("7+1", "7"), Ordering::Equal, "build metadata is ignored");
        assert_eq!(s.compare("3.", "3"), Ordering::Equal);
        assert_eq!(s.compare("v1.0.1-rc1", "1.0.1-rc1"), Ordering::Equal);
    }

    /// Fuzz regression `vers_range/many-mixed-semver-constraints-sort-panics`:
    /// sorting 21 mixed constraints panicked on the inconsistent order.
    #[test]
    fn many_mixed_semver_constraints_sort() {
        let input = "vers:npm/4.0.0|2.0.0-a|v1.0.1-rc1|1.0.0-1|3.|1.0.0|4.0.0.0.1|7.0.0-2|7.0.0-1|v5.0.1-rc1|3+1|\
                     3.0.0.1|1.0.0.0.1|6.0.0.0.1|7.0.0-foo|v4.0.1-rc1|7.0.0-a|1+1|v6.0.1-rc1|6.0.0.1|4.0.0-a";
        // `3.` = `3+1` and `1.0.0` = `1+1`.
        assert!(matches!(
            VersRange::parse(input),
            Err(VersError::DuplicateVersion { .. })
        ));
        let input = input.replace("|3+1", "").replace("|1+1", "");
        let r = range(&input);
        assert_eq!(r.constraints().len(), 19);
        for w in r.constraints().windows(2) {
            let (a, b) = (&w[0].version, &w[1].version);
            assert_eq!(VersionScheme::Semver.compare(a, b), Ordering::Less, "{a} < {b}");
        }
        for c in r.constraints() {
            assert!(r.contains(&c.version), "{}", c.version);
        }
        assert_eq!(VersRange::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn debian_order() {
        let d = VersionScheme::Debian;
        let chain = ["1.0~rc1", "1.0", "1.0-1", "1.0-1+deb10u1", "1.0a", "1.0.1", "1:0.5"];
        for w in chain.windows(2) {
            assert_eq!(d.compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        }
        assert_eq!(d.compare("1.01", "1.1"), Ordering::Equal);
        assert_eq!(d.compare("0:1.0", "1.0"), Ordering::Equal);
        let r = range("vers:deb/>=1.0~rc1|<1.0-2");
        assert!(r.contains("1.0-1") && r.contains("1.0~rc2") && !r.contains("1.0-2"));
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(
            range("vers:NPM/ <5.0.0 | >=2.0.0 | 1.2.3").to_string(),
            "vers:npm/1.2.3|>=2.0.0|<5.0.0"
        );
        assert_eq!(range("vers:generic/%3E1").to_string(), "vers:generic/%3E1");
        let r = range("vers:generic/%3E1");
        assert_eq!(r.constraints()[0].version, ">1");
        assert_eq!(VersRange::parse(&r.to_string()).unwrap(), r);
    }

    /// Fuzz regression `vers_range/tab-in-version-not-encoded` (`vers:9/%09`):
    /// parsing deletes tabs, so `Display` must encode them.
    #[test]
    fn display_encodes_control_characters() {
        for (s, version, canonical) in [
            ("vers:9/%09", "\t", "vers:9/%09"),
            ("vers:npm/1.0%09", "1.0\t", "vers:npm/1.0%09"),
            ("vers:generic/a%0Ab%00", "a\nb\0", "vers:generic/a%0Ab%00"),
            ("vers:generic/1%7F%C2%85", "1\u{7f}\u{85}", "vers:generic/1%7F%C2%85"),
            ("vers:generic/%C3%A9", "é", "vers:generic/é"),
        ] {
            let r = range(s);
            assert_eq!(r.constraints()[0].version, version, "{s}");
            assert_eq!(r.to_string(), canonical);
            assert_eq!(range(canonical), r);
        }
    }

    fn mixed_version() -> impl Strategy<Value = String> {
        prop_oneof![
            "v?[0-9]{1,2}(\\.[0-9]{1,2}){0,2}(-[0-9a-z]{1,3}(\\.[0-9a-z]{1,2})?)?(\\+[0-9a-z]{1,2})?",
            "[0-9]{1,2}(\\.[0-9]{1,2}){0,4}[-.+]?[a-z0-9]{0,3}",
            "[0-9a-zA-Z.+-]{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_string_never_panics(s in any::<String>(), v in any::<String>()) {
            if let Ok(r) = VersRange::parse(&s) { let _ = r.contains(&v); let _ = r.to_string(); }
            if let Ok(r) = VersRange::parse(&format!("vers:{s}")) { let _ = r.contains(&v); }
            for scheme in [VersionScheme::Semver, VersionScheme::Debian, VersionScheme::Generic] {
                prop_assert_eq!(scheme.compare(&s, &v), scheme.compare(&v, &s).reverse());
            }
        }

        #[test]
        fn display_round_trips(c in proptest::collection::vec(("(<|<=|>|>=|!=|)", "[0-9]{1,2}(\\.[0-9]{1,2}){0,2}"), 1..5)) {
            let s = format!("vers:npm/{}", c.iter().map(|(op, v)| format!("{op}{v}")).collect::<Vec<_>>().join("|"));
            if let Ok(r) = VersRange::parse(&s) {
                prop_assert_eq!(VersRange::parse(&r.to_string()).unwrap(), r);
            }
        }

        /// Sorting and containment need a total order, also on versions that
        /// are not semver in a semver scheme.
        #[test]
        fn semver_scheme_is_transitive(a in mixed_version(), b in mixed_version(), c in mixed_version()) {
            let s = VersionScheme::Semver;
            let v = [&a, &b, &c];
            for x in v { for y in v { for z in v {
                if s.compare(x, y).is_le() && s.compare(y, z).is_le() {
                    prop_assert!(s.compare(x, z).is_le(), "{x:?} <= {y:?} <= {z:?}");
                }
            }}}
            prop_assert_eq!(s.compare(&a, &b), s.compare(&b, &a).reverse());
        }

        /// The containment of a single bound agrees with the comparison.
        #[test]
        fn single_bound_agrees_with_compare(a in "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}", b in "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}") {
            let lt = VersRange::parse(&format!("vers:npm/<{b}")).unwrap();
            prop_assert_eq!(lt.contains(&a), VersionScheme::Semver.compare(&a, &b).is_lt());
            let ge = VersRange::parse(&format!("vers:npm/>={b}")).unwrap();
            prop_assert_eq!(ge.contains(&a), VersionScheme::Semver.compare(&a, &b).is_ge());
        }
    }
}

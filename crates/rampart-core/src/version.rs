//! Version strings as found on devices and in NVD, CVE and CSAF data, and a
//! total order over them.
//!
//! There is no one versioning scheme for firmware: `1.2.10`, `V2.3 SP1`,
//! `R15.3`, `12.2(18)SE`, `22.4R3-S1`, `1.0a`, `2.1.0.1234`,
//! `1.2.3-build45`, `1.0-rc1` all occur. [`Version`] parses any string
//! (never fails, never panics) into tokens and orders them by these rules:
//!
//! 1. **Prefix.** Surrounding whitespace is ignored. A leading `v`, `ver`,
//!    `version`, `r`, `rel`, `release` or `rev` (any case, optionally
//!    followed by `.` or spaces) is dropped when a digit follows: `V2.3` =
//!    `2.3`, `R15.3` = `15.3`, `Ver.9.1` = `9.1`.
//! 2. **Tokens.** The rest splits into runs of ASCII digits (*numbers*) and
//!    runs of letters (*words*, compared in lowercase). Every other
//!    character (`.`, `-`, `_`, `+`, `(`, `)`, space, `\` from NVD quoting,
//!    ...) only separates tokens, so separators are interchangeable:
//!    `1.2.3` = `1-2-3` and `4.5(2a)` = `4.5\(2a\)`. A digit/letter
//!    boundary also separates: `1.0a` is `1`, `0`, `a`.
//! 3. **Numbers** compare by value, without overflow (`1.2.10` > `1.2.9`,
//!    `01` = `1`).
//! 4. **Pre-release words** `dev`/`snapshot` < `alpha` < `beta` <
//!    `pre`/`preview` < `rc`/`cr` sort *before* the release they qualify:
//!    `1.0-rc1` < `1.0`.
//! 5. **Other words** are post-release qualifiers and sort *after* what they
//!    follow, alphabetically among themselves: `1.0` < `1.0a` < `1.0b`,
//!    `V2.3` < `V2.3 SP1`, `1.2.3` < `1.2.3-build45`, `12.2(18)` <
//!    `12.2(18)SE`.
//! 6. **Missing tokens are zero.** Shorter versions are padded with `0`:
//!    `1.0` = `1.0.0` = `1`, and `2.1.0.1234` > `2.1.0`.
//!
//! Formally, at one position the token kinds order as
//! pre-release word < `0` < other word < positive number, and two versions
//! compare lexicographically over their token sequences padded with `0`.
//! That is a total order; [`PartialEq`] and [`Hash`] use the same tokens
//! (trailing zeros removed), so `Eq` is consistent with `Ord`.
//!
//! Known ambiguities, decided by the rules above: a letter directly after a
//! number is post-release (`1.0a` > `1.0`, OpenSSL style) even where a
//! vendor meant alpha (PEP 440 `1.0a1`); `1.0a` < `1.0.1`; Cisco trains
//! compare alphabetically (`12.2(18)SE` < `12.2(18)SG`); git hashes and
//! dates get an order but not a meaningful one.

use std::cmp::Ordering;
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// One token of a version (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Token {
    /// A pre-release word, by rank: 0 dev/snapshot, 1 alpha, 2 beta,
    /// 3 pre/preview, 4 rc/cr.
    Pre(u8),
    /// A number that fits in `u64`.
    Num(u64),
    /// A larger number: its digits without leading zeros.
    BigNum(Box<str>),
    /// Any other word, lowercase.
    Word(Box<str>),
}

const ZERO: Token = Token::Num(0);

impl Token {
    /// Kind rank at one position: pre < 0 < word < positive number.
    fn class(&self) -> u8 {
        match self {
            Token::Pre(_) => 0,
            Token::Num(0) => 1,
            Token::Word(_) => 2,
            Token::Num(_) | Token::BigNum(_) => 3,
        }
    }

    fn cmp_token(&self, other: &Token) -> Ordering {
        self.class().cmp(&other.class()).then_with(|| match (self, other) {
            (Token::Pre(a), Token::Pre(b)) => a.cmp(b),
            (Token::Word(a), Token::Word(b)) => a.cmp(b),
            (Token::Num(a), Token::Num(b)) => a.cmp(b),
            (Token::Num(_), Token::BigNum(_)) => Ordering::Less,
            (Token::BigNum(_), Token::Num(_)) => Ordering::Greater,
            (Token::BigNum(a), Token::BigNum(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            // Same class implies same kind (class 1 is only Num(0)).
            _ => Ordering::Equal,
        })
    }
}

/// A parsed version string with the total order described in the module
/// documentation.
#[derive(Debug, Clone)]
pub struct Version {
    raw: Box<str>,
    /// Tokens with trailing zeros removed (so equal versions have equal
    /// token lists).
    tokens: Box<[Token]>,
}

impl Version {
    /// Parses any string. Never fails: unparseable text still gets a place
    /// in the order.
    pub fn parse(s: &str) -> Version {
        Version {
            raw: s.into(),
            tokens: tokenize(s).into_boxed_slice(),
        }
    }

    /// The original string.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// True when the version has no non-zero token (`""`, `"0"`, `"-"`,
    /// `"0.0"`): such a string says nothing about a release.
    pub fn is_zero(&self) -> bool {
        self.tokens.is_empty()
    }

    /// True when the version contains at least one number (`"all versions"`
    /// or `"Snapdragon"` do not).
    pub fn has_number(&self) -> bool {
        self.raw.bytes().any(|b| b.is_ascii_digit())
    }
}

/// Compares two version strings by the rules of this module.
pub fn compare(a: &str, b: &str) -> Ordering {
    Version::parse(a).cmp(&Version::parse(b))
}

fn tokenize(s: &str) -> Vec<Token> {
    let s = strip_prefix(s.trim());
    let mut tokens = Vec::with_capacity(6);
    let mut chars = s.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            tokens.push(number(&s[start..end]));
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&(_, w)) = chars.peek() {
                if !w.is_alphabetic() {
                    break;
                }
                word.extend(w.to_lowercase());
                chars.next();
            }
            tokens.push(word_token(word));
        } else {
            chars.next();
        }
    }
    while tokens.last() == Some(&ZERO) {
        tokens.pop();
    }
    tokens
}

fn number(digits: &str) -> Token {
    let trimmed = digits.trim_start_matches('0');
    match trimmed.parse::<u64>() {
        Ok(n) => Token::Num(n),
        Err(_) if trimmed.is_empty() => Token::Num(0),
        Err(_) => Token::BigNum(trimmed.into()),
    }
}

fn word_token(word: String) -> Token {
    let rank = match word.as_str() {
        "dev" | "snapshot" => 0,
        "alpha" => 1,
        "beta" => 2,
        "pre" | "preview" => 3,
        "rc" | "cr" => 4,
        _ => return Token::Word(word.into_boxed_str()),
    };
    Token::Pre(rank)
}

/// Rule 1: drop a `v`/`ver`/`version`/`r`/`rel`/`release`/`rev` prefix
/// that is followed (after optional `.` or spaces) by a digit.
fn strip_prefix(s: &str) -> &str {
    const PREFIXES: [&str; 7] = ["version", "release", "ver", "rev", "rel", "v", "r"];
    for p in PREFIXES {
        if let Some(head) = s.get(..p.len())
            && head.eq_ignore_ascii_case(p)
        {
            let rest = s[p.len()..].trim_start_matches(['.', ' ']);
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return rest;
            }
        }
    }
    s
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        let n = self.tokens.len().max(other.tokens.len());
        for i in 0..n {
            let a = self.tokens.get(i).unwrap_or(&ZERO);
            let b = other.tokens.get(i).unwrap_or(&ZERO);
            match a.cmp_token(b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.tokens == other.tokens
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.tokens.hash(state);
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl FromStr for Version {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Version, Infallible> {
        Ok(Version::parse(s))
    }
}

impl From<&str> for Version {
    fn from(s: &str) -> Version {
        Version::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lt(a: &str, b: &str) {
        assert_eq!(compare(a, b), Ordering::Less, "{a} < {b}");
        assert_eq!(compare(b, a), Ordering::Greater, "{b} > {a}");
    }

    fn eq(a: &str, b: &str) {
        assert_eq!(compare(a, b), Ordering::Equal, "{a} = {b}");
        assert_eq!(Version::parse(a), Version::parse(b));
    }

    #[test]
    fn dotted_numerics() {
        lt("1.2.9", "1.2.10");
        lt("1.9", "1.10");
        lt("2.1.0", "2.1.0.1234");
        lt("9.99.99", "10");
        eq("1.0", "1.0.0");
        eq("1", "1.0");
        eq("01.02", "1.2");
        lt("18446744073709551615", "18446744073709551616");
        lt("99999999999999999999", "100000000000000000000");
    }

    #[test]
    fn prefixes() {
        eq("v1.2", "1.2");
        eq("V2.3", "2.3");
        eq("R15.3", "15.3");
        eq("Ver.9.1.0", "9.1.0");
        eq("rev. 6.4.7", "6.4.7");
        eq("v.0.07", "0.07");
        lt("V2.3", "V2.3 SP1");
        lt("V2.3 SP1", "V2.3 SP2");
        lt("V2.3 SP1", "V2.4");
        lt("R15.3", "R15.10");
        // `rc` is not an `r` prefix.
        lt("rc1", "1");
    }

    #[test]
    fn letters_and_qualifiers() {
        lt("1.0a", "1.0b");
        lt("1.0", "1.0a");
        lt("1.0a", "1.0.1");
        lt("1.0.1", "1.0.1u");
        lt("1.2.3", "1.2.3-build45");
        lt("1.2.3-build45", "1.2.3-build46");
        lt("12.2(18)", "12.2(18)SE");
        lt("12.2(18)SE", "12.2(19)");
        eq("4.5(2a)", r"4.5\(2a\)");
        lt("22.4R3", "22.4R3-S1");
        lt("22.4R3-S1", "22.4R10");
        lt("6.5", "6.5_u1");
        eq("1.2.3", "1-2-3");
        eq("1.2.3", "1_2_3");
        eq("1.0-SP1", "1.0 sp1");
    }

    #[test]
    fn pre_releases() {
        lt("1.0-rc1", "1.0");
        lt("1.0-rc1", "1.0-rc2");
        lt("1.0-beta", "1.0-rc1");
        lt("1.0-alpha", "1.0-beta");
        lt("1.0-dev", "1.0-alpha");
        lt("1.0.0-SNAPSHOT", "1.0.0");
        lt("0.9", "1.0-rc1");
        eq("1.0-pre1", "1.0-preview1");
        eq("1.0-CR1", "1.0-rc1");
        // `m` is not a pre-release marker: Cisco's `15.2(4)M5` is a release
        // train, so a Maven milestone sorts after its release.
        lt("10.1.0", "10.1.0-m1");
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "",
            " ",
            "-",
            "*",
            "all versions",
            "Snapdragon 835",
            "ééé",
            "\u{0}",
            "v",
            "r.",
            "version",
        ] {
            let v = Version::parse(s);
            assert_eq!(v.cmp(&v), Ordering::Equal);
        }
        assert!(Version::parse("").is_zero());
        assert!(Version::parse("0.0").is_zero());
        assert!(!Version::parse("all versions").has_number());
    }

    fn version_like() -> impl Strategy<Value = String> {
        prop_oneof![
            "[vVrR]?[0-9]{1,3}([._-][0-9]{1,3}){0,4}",
            "[0-9]{1,2}(\\.[0-9]{1,2}){0,3}([-_ ]?(rc|beta|alpha|sp|build|a|b|se|u|p|dev)[0-9]{0,2})?",
            "[0-9]{1,2}\\.[0-9]{1,2}\\([0-9]{1,2}[a-z]?\\)[a-zA-Z]{0,3}[0-9]?",
            "[a-zA-Z0-9 ._()+-]{0,12}",
        ]
    }

    fn hash_of(v: &Version) -> u64 {
        use std::collections::hash_map::DefaultHasher;
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    proptest! {
        #[test]
        fn arbitrary_string_never_panics(s in any::<String>()) {
            let v = Version::parse(&s);
            prop_assert_eq!(v.cmp(&v), Ordering::Equal);
        }

        #[test]
        fn antisymmetric_and_consistent_with_eq(a in version_like(), b in version_like()) {
            let (va, vb) = (Version::parse(&a), Version::parse(&b));
            prop_assert_eq!(va.cmp(&vb), vb.cmp(&va).reverse());
            prop_assert_eq!(va.cmp(&vb) == Ordering::Equal, va == vb);
            if va == vb {
                prop_assert_eq!(hash_of(&va), hash_of(&vb));
            }
        }

        #[test]
        fn transitive(a in version_like(), b in version_like(), c in version_like()) {
            let mut v = [Version::parse(&a), Version::parse(&b), Version::parse(&c)];
            v.sort();
            prop_assert!(v[0] <= v[1] && v[1] <= v[2] && v[0] <= v[2]);
            for x in &v { for y in &v { for z in &v {
                if x <= y && y <= z { prop_assert!(x <= z); }
                if x == y && y == z { prop_assert!(x == z); }
            }}}
        }

        #[test]
        fn laws_hold_for_arbitrary_strings(a in any::<String>(), b in any::<String>(), c in any::<String>()) {
            let (va, vb, vc) = (Version::parse(&a), Version::parse(&b), Version::parse(&c));
            prop_assert_eq!(va.cmp(&vb), vb.cmp(&va).reverse());
            if va <= vb && vb <= vc { prop_assert!(va <= vc); }
        }

        #[test]
        fn appending_a_positive_component_increases(a in "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}", n in 1u32..1000) {
            let longer = format!("{a}.{n}");
            let pre = format!("{a}-rc{n}");
            prop_assert!(Version::parse(&a) < Version::parse(&longer));
            prop_assert!(Version::parse(&pre) < Version::parse(&a));
        }
    }
}

//! CPE 2.3 names: the well-formed name (WFN) model, its bindings (formatted
//! string and CPE 2.2 URI) and name matching.
//!
//! This module owns everything about a CPE *name*; deciding whether a
//! vulnerability's applicability statement covers an asset lives in
//! [`crate::applicability`].
//!
//! Specifications followed:
//! - NISTIR 7695, *Common Platform Enumeration: Naming Specification Version
//!   2.3* (2011): §5 (WFN), §6.1 (URI binding), §6.2 (formatted string
//!   binding). See [`fs`], [`uri`], [`wfn`].
//! - NISTIR 7696, *Common Platform Enumeration: Name Matching Specification
//!   Version 2.3* (2011): §6 (attribute and name comparison). See
//!   [`matching`].
//!
//! Representation: a [`Cpe`] holds the eleven WFN attributes as
//! [`Component`]s. A string [`Value`] is stored *unquoted* (its logical
//! characters, original case) with its unquoted leading/trailing wildcards
//! kept apart. WFN quoting is canonical (NISTIR 7695 §5.3.2: every printable
//! non-alphanumeric character other than `_` is quoted), so the quoted form
//! is derived on output and nothing is lost. Comparing two literal values is
//! then a case-insensitive byte comparison without allocation, and each
//! [`Cpe`] carries bit masks of its ANY and wildcard attributes so that the
//! superset test used by vulnerability matching can exit early.

pub mod fs;
pub mod matching;
pub mod uri;
mod value;
pub mod wfn;

use std::fmt;
use std::str::FromStr;

pub use matching::{NameComparison, NameRelation, Relation, compare_attribute};
pub use value::{Value, Wildcard};

/// Errors from parsing a CPE name in any of its forms.
///
/// Positions are byte offsets into the string given to the parser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CpeError {
    /// The string does not start with `cpe:2.3:`, `cpe:/` or `wfn:[`.
    #[error("not a CPE name: expected prefix {expected:?}, found {found:?}")]
    InvalidPrefix {
        /// The prefix the parser expected.
        expected: &'static str,
        /// The beginning of the input (at most 16 characters).
        found: String,
    },
    /// A formatted string must have exactly 11 attribute components
    /// (NISTIR 7695 §6.2.1), a URI at most 7 (§6.1.1).
    #[error("expected {expected} components, found {found}")]
    ComponentCount {
        /// How many components the form requires (or allows at most).
        expected: usize,
        /// How many were found.
        found: usize,
    },
    /// A formatted-string component is empty (NISTIR 7695 §6.2.1: "empty
    /// components are not permitted").
    #[error("empty {attribute} component at byte {position}")]
    EmptyComponent {
        /// The attribute whose component is empty.
        attribute: Attribute,
        /// Byte offset of the empty component.
        position: usize,
    },
    /// A character that may not appear in a CPE name (whitespace, control
    /// characters, non-ASCII; NISTIR 7695 §5.3.2 allows printable ASCII only).
    #[error("invalid character {character:?} in {attribute} at byte {position}")]
    InvalidCharacter {
        /// The attribute being parsed.
        attribute: Attribute,
        /// Byte offset of the character.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// A backslash quotes a character that may not be quoted (letters and
    /// digits, NISTIR 7695 §5.3.2) or ends the value.
    #[error("invalid escape in {attribute} at byte {position}")]
    InvalidEscape {
        /// The attribute being parsed.
        attribute: Attribute,
        /// Byte offset of the backslash.
        position: usize,
    },
    /// An unquoted `*` or `?` in the middle of a value (NISTIR 7695 §5.3.2:
    /// special characters may appear only at the beginning and/or end).
    #[error("embedded unquoted wildcard in {attribute} at byte {position}")]
    EmbeddedWildcard {
        /// The attribute being parsed.
        attribute: Attribute,
        /// Byte offset of the wildcard.
        position: usize,
    },
    /// A value made of wildcards only that has no meaning (`*` alone is ANY,
    /// not a value; `**` is not allowed).
    #[error("value of {attribute} at byte {position} consists of wildcards that do not form a value")]
    BadWildcardValue {
        /// The attribute being parsed.
        attribute: Attribute,
        /// Byte offset of the value.
        position: usize,
    },
    /// The part attribute must be `a`, `o`, `h`, ANY or NA.
    #[error("invalid part {value:?} at byte {position}: expected a, o or h")]
    InvalidPart {
        /// The part value found.
        value: String,
        /// Byte offset of the value.
        position: usize,
    },
    /// A percent-encoded form not allowed in a CPE 2.2 URI (NISTIR 7695
    /// §6.1.3.2 `decode`).
    #[error("invalid percent-encoding {found:?} in {attribute} at byte {position}")]
    InvalidPercentEncoding {
        /// The attribute being parsed.
        attribute: Attribute,
        /// Byte offset of the `%`.
        position: usize,
        /// The encoded form found.
        found: String,
    },
    /// A packed URI edition (`~ed~sw~tsw~thw~oth`) without exactly five
    /// fields (NISTIR 7695 §6.1.3.2 `unpack`).
    #[error("packed edition at byte {position} must have five ~-separated fields, found {found}")]
    PackedEdition {
        /// Byte offset of the edition component.
        position: usize,
        /// How many fields were found.
        found: usize,
    },
    /// Malformed WFN string representation (`wfn:[attr=value,...]`).
    #[error("malformed WFN at byte {position}: {problem}")]
    MalformedWfn {
        /// Byte offset of the problem.
        position: usize,
        /// What is wrong.
        problem: &'static str,
    },
}

/// Result alias for CPE parsing.
pub type Result<T> = std::result::Result<T, CpeError>;

/// The eleven WFN attributes, in the order of NISTIR 7695 §5.2 and of the
/// formatted string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attribute {
    /// `part`: application, operating system or hardware.
    Part,
    /// `vendor`.
    Vendor,
    /// `product`.
    Product,
    /// `version`.
    Version,
    /// `update`.
    Update,
    /// `edition` (legacy, NISTIR 7695 §5.3.3.6).
    Edition,
    /// `language` (RFC 5646 tag).
    Language,
    /// `sw_edition`.
    SwEdition,
    /// `target_sw`.
    TargetSw,
    /// `target_hw`.
    TargetHw,
    /// `other`.
    Other,
}

impl Attribute {
    /// All attributes in WFN order.
    pub const ALL: [Attribute; 11] = [
        Attribute::Part,
        Attribute::Vendor,
        Attribute::Product,
        Attribute::Version,
        Attribute::Update,
        Attribute::Edition,
        Attribute::Language,
        Attribute::SwEdition,
        Attribute::TargetSw,
        Attribute::TargetHw,
        Attribute::Other,
    ];

    /// The attribute name as written in a WFN (`sw_edition`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Part => "part",
            Attribute::Vendor => "vendor",
            Attribute::Product => "product",
            Attribute::Version => "version",
            Attribute::Update => "update",
            Attribute::Edition => "edition",
            Attribute::Language => "language",
            Attribute::SwEdition => "sw_edition",
            Attribute::TargetSw => "target_sw",
            Attribute::TargetHw => "target_hw",
            Attribute::Other => "other",
        }
    }

    /// The attribute with that WFN name.
    pub fn from_name(name: &str) -> Option<Attribute> {
        Attribute::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Position of the attribute in WFN order (0 = part).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of one WFN attribute.
///
/// NISTIR 7695 §5.3.1: "each attribute ... SHALL be assigned either a logical
/// value or a character string". The logical values are ANY ("any value") and
/// NA ("not applicable / no legal value").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Component {
    /// Logical value ANY (bound as `*` in a formatted string, empty in a URI).
    Any,
    /// Logical value NA (bound as `-`).
    Na,
    /// A character string, possibly with leading/trailing wildcards.
    Value(Value),
}

impl Component {
    /// A literal value from unquoted text: every character is taken as
    /// itself (`*` and `?` are literal, not wildcards). Use this for data
    /// coming from devices (a firmware version `2.1(3)`).
    ///
    /// Fails on empty text or characters outside printable ASCII.
    pub fn literal(text: &str) -> Result<Component> {
        Value::literal(text).map(Component::Value)
    }

    /// Parses the quoted WFN form of a value (`8\.0\.6001`, `8\.*`).
    pub fn from_wfn_value(quoted: &str) -> Result<Component> {
        Value::from_wfn(quoted, Attribute::Other, 0).map(Component::Value)
    }

    /// The string value, if this is not a logical value.
    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Component::Value(v) => Some(v),
            _ => None,
        }
    }

    /// True for a string value containing unquoted wildcards.
    pub fn has_wildcards(&self) -> bool {
        matches!(self, Component::Value(v) if v.has_wildcards())
    }
}

/// The `part` attribute's three legal string values (NISTIR 7695 §5.3.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `a`: application.
    Application,
    /// `o`: operating system (firmware is `o` in NVD practice).
    OperatingSystem,
    /// `h`: hardware device.
    Hardware,
}

impl Part {
    /// The one-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Part::Application => "a",
            Part::OperatingSystem => "o",
            Part::Hardware => "h",
        }
    }
}

/// A CPE name as a well-formed name (NISTIR 7695 §5): eleven attributes.
///
/// `Display` and [`Cpe::to_fs`] give the formatted-string binding;
/// [`Cpe::parse`] accepts a formatted string, a CPE 2.2 URI or a WFN string.
/// Equality is structural (case-sensitive); use [`Cpe::compare`] for the
/// NISTIR 7696 set relation, which ignores case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cpe {
    attrs: [Component; 11],
    /// Bit i set when attribute i is ANY.
    any_mask: u16,
    /// Bit i set when attribute i is a value with unquoted wildcards.
    wild_mask: u16,
}

impl Default for Cpe {
    fn default() -> Self {
        Cpe::any()
    }
}

impl Cpe {
    /// The name with every attribute ANY (matches everything).
    pub fn any() -> Cpe {
        Cpe::from_components(std::array::from_fn(|_| Component::Any))
    }

    /// Builds a name from its eleven components in WFN order. Checks that a
    /// string `part` is `a`, `o` or `h`.
    pub fn new(attrs: [Component; 11]) -> Result<Cpe> {
        if let Component::Value(v) = &attrs[0] {
            check_part(v, 0)?;
        }
        Ok(Cpe::from_components(attrs))
    }

    fn from_components(attrs: [Component; 11]) -> Cpe {
        let mut any_mask = 0u16;
        let mut wild_mask = 0u16;
        for (i, c) in attrs.iter().enumerate() {
            match c {
                Component::Any => any_mask |= 1 << i,
                Component::Value(v) if v.has_wildcards() => wild_mask |= 1 << i,
                _ => {}
            }
        }
        Cpe {
            attrs,
            any_mask,
            wild_mask,
        }
    }

    /// A copy with one attribute replaced. Fails only for an invalid part.
    pub fn with(&self, attribute: Attribute, component: Component) -> Result<Cpe> {
        let mut attrs = self.attrs.clone();
        attrs[attribute.index()] = component;
        Cpe::new(attrs)
    }

    /// Convenience for inventories: a name from part, vendor, product and
    /// version given as *unquoted* text (every other attribute ANY). An empty
    /// version or `*` gives ANY, `-` gives NA.
    pub fn from_parts(part: Part, vendor: &str, product: &str, version: &str) -> Result<Cpe> {
        let logical = |s: &str| -> Result<Component> {
            match s {
                "" | "*" => Ok(Component::Any),
                "-" => Ok(Component::Na),
                _ => Component::literal(s),
            }
        };
        let mut attrs: [Component; 11] = std::array::from_fn(|_| Component::Any);
        attrs[0] = Component::literal(part.code())?;
        attrs[1] = logical(vendor)?;
        attrs[2] = logical(product)?;
        attrs[3] = logical(version)?;
        Cpe::new(attrs)
    }

    /// Parses any CPE form, chosen by prefix: `cpe:2.3:` (formatted string,
    /// [`fs::parse`]), `cpe:/` (2.2 URI, [`uri::parse`]) or `wfn:[`
    /// ([`wfn::parse`]). Prefixes are case-insensitive.
    pub fn parse(s: &str) -> Result<Cpe> {
        let head = s.get(..8).unwrap_or(s);
        if head.len() >= 8 && head.eq_ignore_ascii_case("cpe:2.3:") {
            fs::parse(s)
        } else if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("cpe:/")) {
            uri::parse(s)
        } else if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("wfn:[")) {
            wfn::parse(s)
        } else {
            Err(CpeError::InvalidPrefix {
                expected: "cpe:2.3:",
                found: s.chars().take(16).collect(),
            })
        }
    }

    /// The formatted-string binding (NISTIR 7695 §6.2.2).
    pub fn to_fs(&self) -> String {
        fs::bind(self)
    }

    /// The CPE 2.2 URI binding (NISTIR 7695 §6.1.2). Unbinding a URI
    /// lowercases it (§6.1.3.2), and a value that is a lone literal `-`
    /// reads back as NA, so the round trip keeps everything else.
    pub fn to_uri(&self) -> String {
        uri::bind(self)
    }

    /// The WFN string representation (NISTIR 7695 §5.4), all eleven
    /// attributes spelled out.
    pub fn to_wfn_string(&self) -> String {
        wfn::bind(self)
    }

    /// One attribute.
    pub fn get(&self, attribute: Attribute) -> &Component {
        &self.attrs[attribute.index()]
    }

    /// The eleven components in WFN order.
    pub fn components(&self) -> &[Component; 11] {
        &self.attrs
    }

    /// The part as an enum, when it is a string value.
    pub fn part(&self) -> Option<Part> {
        let v = self.attrs[0].as_value()?;
        match v.text().as_bytes() {
            [b'a' | b'A'] => Some(Part::Application),
            [b'o' | b'O'] => Some(Part::OperatingSystem),
            [b'h' | b'H'] => Some(Part::Hardware),
            _ => None,
        }
    }

    /// The vendor attribute.
    pub fn vendor(&self) -> &Component {
        &self.attrs[1]
    }

    /// The product attribute.
    pub fn product(&self) -> &Component {
        &self.attrs[2]
    }

    /// The version attribute.
    pub fn version(&self) -> &Component {
        &self.attrs[3]
    }

    /// True when any attribute holds unquoted wildcards (such a name can
    /// only be a *source* in NISTIR 7696 matching; as a target every
    /// comparison of that attribute is UNDEFINED).
    pub fn has_wildcards(&self) -> bool {
        self.wild_mask != 0
    }

    /// NISTIR 7696 §6.2 `compare_wfns`: the attribute-by-attribute relation
    /// of `self` (source) to `target`.
    pub fn compare(&self, target: &Cpe) -> NameComparison {
        matching::compare_wfns(self, target)
    }

    /// NISTIR 7696 §6.2 `cpe_superset(self, target)`: true when every
    /// attribute relation is SUPERSET or EQUAL, i.e. the name `self` (a
    /// pattern such as an NVD criterion) matches the name `target` (an
    /// asset's CPE). Allocation-free and exits at the first failing
    /// attribute, checking product and vendor first.
    pub fn is_superset_of(&self, target: &Cpe) -> bool {
        matching::is_superset(self, target)
    }

    pub(crate) fn any_mask(&self) -> u16 {
        self.any_mask
    }

    pub(crate) fn wild_mask(&self) -> u16 {
        self.wild_mask
    }
}

pub(crate) fn check_part(v: &Value, position: usize) -> Result<()> {
    if v.has_wildcards() || !matches!(v.text(), "a" | "o" | "h" | "A" | "O" | "H") {
        return Err(CpeError::InvalidPart {
            value: v.to_wfn(),
            position,
        });
    }
    Ok(())
}

impl fmt::Display for Cpe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fs::write(self, f)
    }
}

impl FromStr for Cpe {
    type Err = CpeError;

    fn from_str(s: &str) -> Result<Cpe> {
        Cpe::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_dispatches_on_prefix() {
        let fs = Cpe::parse("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*").unwrap();
        let uri = Cpe::parse("cpe:/a:microsoft:internet_explorer:8.0.6001:beta").unwrap();
        let wfn = Cpe::parse(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta"]"#,
        )
        .unwrap();
        assert_eq!(fs, uri);
        assert_eq!(fs, wfn);
        assert!(matches!(Cpe::parse("cpe:2.2:x"), Err(CpeError::InvalidPrefix { .. })));
        assert!(matches!(Cpe::parse(""), Err(CpeError::InvalidPrefix { .. })));
    }

    #[test]
    fn accessors() {
        let c: Cpe = "cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.1:*:*:*:*:*:*:*"
            .parse()
            .unwrap();
        assert_eq!(c.part(), Some(Part::OperatingSystem));
        assert_eq!(c.vendor().as_value().unwrap().text(), "siemens");
        assert_eq!(c.product().as_value().unwrap().text(), "simatic_s7-1500_firmware");
        assert_eq!(c.version().as_value().unwrap().text(), "2.1");
        assert_eq!(c.get(Attribute::Update), &Component::Any);
        assert!(!c.has_wildcards());
    }

    #[test]
    fn from_parts_builds_literal_names() {
        let c = Cpe::from_parts(Part::Hardware, "siemens", "simatic_s7-1500", "-").unwrap();
        assert_eq!(c.to_fs(), "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*");
        let c = Cpe::from_parts(Part::OperatingSystem, "cisco", "ios", "12.2(18)se").unwrap();
        assert_eq!(c.to_fs(), r"cpe:2.3:o:cisco:ios:12.2\(18\)se:*:*:*:*:*:*:*");
        // A literal '*' is quoted, not a wildcard.
        let c = Cpe::from_parts(Part::Application, "a", "b", "1.*").unwrap();
        assert_eq!(c.to_fs(), r"cpe:2.3:a:a:b:1.\*:*:*:*:*:*:*:*");
        assert!(!c.has_wildcards());
    }

    #[test]
    fn invalid_part_is_rejected() {
        assert!(matches!(
            Cpe::any().with(Attribute::Part, Component::literal("x").unwrap()),
            Err(CpeError::InvalidPart { .. })
        ));
        assert!(matches!(
            Cpe::parse("cpe:2.3:x:a:b:*:*:*:*:*:*:*:*"),
            Err(CpeError::InvalidPart { position: 8, .. })
        ));
    }

    #[test]
    fn attribute_names_round_trip() {
        for a in Attribute::ALL {
            assert_eq!(Attribute::from_name(a.name()), Some(a));
        }
        assert_eq!(Attribute::from_name("nope"), None);
    }
    mod props {
        use proptest::prelude::*;

        use super::*;

        fn quote(text: &str) -> String {
            text.chars()
                .flat_map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        vec![c]
                    } else {
                        vec!['\\', c]
                    }
                })
                .collect()
        }

        fn component() -> impl Strategy<Value = Component> {
            let wild = prop_oneof![Just(""), Just("*"), Just("?"), Just("??")];
            let value = (wild.clone(), "[!-~]{0,6}", wild).prop_filter_map("not a valid value", |(l, t, r)| {
                Component::from_wfn_value(&format!("{l}{}{r}", quote(&t))).ok()
            });
            prop_oneof![1 => Just(Component::Any), 1 => Just(Component::Na), 4 => value]
        }

        fn name() -> impl Strategy<Value = Cpe> {
            let lit = |s: &str| Component::literal(s).unwrap();
            let part = prop_oneof![
                Just(Component::Any),
                Just(Component::Na),
                Just(lit("a")),
                Just(lit("o")),
                Just(lit("h")),
            ];
            (part, proptest::collection::vec(component(), 10)).prop_map(|(p, rest)| {
                let mut attrs: [Component; 11] = std::array::from_fn(|_| Component::Any);
                attrs[0] = p;
                for (i, c) in rest.into_iter().enumerate() {
                    attrs[i + 1] = c;
                }
                Cpe::new(attrs).unwrap()
            })
        }

        proptest! {
            #[test]
            fn fs_round_trip(c in name()) {
                let fs = c.to_fs();
                prop_assert_eq!(&Cpe::parse(&fs).unwrap(), &c);
                // Binding is canonical: format(parse(format(c))) == format(c).
                prop_assert_eq!(Cpe::parse(&fs).unwrap().to_fs(), fs);
            }

            #[test]
            fn wfn_round_trip(c in name()) {
                prop_assert_eq!(Cpe::parse(&c.to_wfn_string()).unwrap(), c);
            }

            #[test]
            fn uri_round_trip(c in name()) {
                let lone_hyphen = c.components().iter().any(|x| matches!(x, Component::Value(v) if v.text() == "-" && !v.has_wildcards()));
                prop_assume!(!lone_hyphen);
                let back = Cpe::parse(&c.to_uri()).unwrap();
                prop_assert_eq!(back.to_fs(), c.to_fs().to_ascii_lowercase());
            }

            #[test]
            fn compare_is_reflexive_unless_wildcards(c in name()) {
                let r = c.compare(&c);
                prop_assert_eq!(r.is_equal(), !c.has_wildcards());
                prop_assert_eq!(c.is_superset_of(&c), r.is_superset());
            }

            #[test]
            fn superset_fast_path_agrees(a in name(), b in name()) {
                prop_assert_eq!(a.is_superset_of(&b), a.compare(&b).is_superset());
            }

            #[test]
            fn arbitrary_string_never_panics(s in any::<String>()) {
                let _ = Cpe::parse(&s);
                for prefix in ["cpe:2.3:", "cpe:2.3:a:", "cpe:/", "cpe:/a:", "wfn:[", "wfn:[vendor=\""] {
                    if let Ok(c) = Cpe::parse(&format!("{prefix}{s}")) {
                        let _ = (c.to_fs(), c.to_uri(), c.to_wfn_string());
                    }
                }
            }

            #[test]
            fn fs_like_strings_never_panic(parts in proptest::collection::vec("[a-z0-9*?\\\\:._!%~-]{0,5}", 11)) {
                let s = format!("cpe:2.3:{}", parts.join(":"));
                if let Ok(c) = Cpe::parse(&s) {
                    prop_assert_eq!(Cpe::parse(&c.to_fs()).unwrap(), c);
                }
                let u = format!("cpe:/{}", parts[..7].join(":"));
                let _ = Cpe::parse(&u);
            }
        }
    }
}

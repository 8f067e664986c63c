//! Package URLs (purl) and `vers:` version ranges.
//!
//! Parsing a purl is delegated to the `packageurl` crate (MIT; pure, no
//! I/O) behind our own [`Purl`] type so the crate can be swapped. Version
//! ranges follow the purl-spec *vers* specification
//! (`VERSION-RANGE-SPEC.rst`), implemented in [`vers`].

pub mod vers;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub use vers::{Comparator, VersConstraint, VersError, VersRange, VersionScheme};

/// A purl that failed to parse.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PurlError {
    /// The string is not a valid package URL (purl-spec
    /// `pkg:type/namespace/name@version?qualifiers#subpath`).
    #[error("invalid package URL: {source}")]
    Syntax {
        /// What the purl parser reported (which component is wrong).
        #[source]
        source: packageurl::Error,
    },
}

/// A package URL (purl-spec: `pkg:type/namespace/name@version?qualifiers#subpath`),
/// components decoded and canonicalised per type (e.g. `pypi` names
/// lowercased with `_` as `-`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Purl {
    ty: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
    canonical: String,
}

impl Purl {
    /// Parses and canonicalises a purl.
    pub fn parse(s: &str) -> Result<Purl, PurlError> {
        let mut p = packageurl::PackageUrl::from_str(s).map_err(|source| PurlError::Syntax { source })?;
        // packageurl 0.7.1 keeps a namespace made only of `.`/`..`/empty
        // segments as `Some("")` and prints it as `pkg:t//name`; the purl
        // spec drops such segments, leaving no namespace.
        if p.namespace() == Some("") {
            p.without_namespace();
        }
        // Likewise `pkg:t/name@` has no version, not an empty one.
        if p.version() == Some("") {
            p.without_version();
        }
        let version = p.version().map(str::to_owned);
        // packageurl 0.7.1 prints a `/` in the version raw, but its parser
        // (like the spec's) takes the last `@` followed by no `/` as the
        // version separator: `pkg:npm/foo@1.0%2F2` would print as
        // `pkg:npm/foo@1.0/2`, namespace `foo@1.0` and name `2`. So the
        // version is written here; the rest stays packageurl's.
        p.without_version();
        let unversioned = p.to_string();
        // Names and namespaces are printed with `?` and `#` encoded, so the
        // first one starts the qualifiers or the subpath.
        let key_end = unversioned.find(['?', '#']).unwrap_or(unversioned.len());
        let mut canonical = unversioned[..key_end].to_owned();
        if let Some(v) = &version {
            canonical.push('@');
            encode_version(v, &mut canonical);
        }
        canonical.push_str(&unversioned[key_end..]);
        Ok(Purl {
            ty: p.ty().to_owned(),
            namespace: p.namespace().map(str::to_owned),
            name: p.name().to_owned(),
            version,
            qualifiers: p
                .qualifiers()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            subpath: p.subpath().map(str::to_owned),
            canonical,
        })
    }

    /// The package type (`npm`, `deb`, `maven`, ...), lowercase.
    pub fn ty(&self) -> &str {
        &self.ty
    }

    /// The namespace, decoded.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name, decoded.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version, decoded.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The qualifiers, keys lowercase, values decoded.
    pub fn qualifiers(&self) -> &BTreeMap<String, String> {
        &self.qualifiers
    }

    /// The subpath, decoded.
    pub fn subpath(&self) -> Option<&str> {
        self.subpath.as_deref()
    }

    /// The canonical string form.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// `type/namespace/name` in canonical form, without version, qualifiers
    /// or subpath: the key to index packages by.
    pub fn package_key(&self) -> String {
        let end = self.canonical.find(['@', '?', '#']).unwrap_or(self.canonical.len());
        self.canonical[..end].to_owned()
    }

    /// Whether this purl's version lies in `range`. False when the purl has
    /// no version or the range's scheme is not this purl's type (the vers
    /// spec: "comparing versions from two different versioning schemes is
    /// an error"), except for the generic schemes `all`, `none` and
    /// `generic`.
    pub fn is_in(&self, range: &VersRange) -> bool {
        let Some(v) = self.version() else {
            return false;
        };
        let scheme_ok = range.scheme() == self.ty || matches!(range.scheme(), "all" | "none" | "generic");
        scheme_ok && range.contains(v)
    }
}

/// Percent-encodes a purl version into `out`: the bytes packageurl 0.7.1
/// encodes in versions (controls, non-ASCII, space and
/// ``"#%<>`?{};=+@\[]^|``, so existing canonical forms stay the same) and
/// `/`.
fn encode_version(v: &str, out: &mut String) {
    for ch in v.chars() {
        if ch.is_ascii_graphic() && !"\"#%<>`?{};=+@\\[]^|/".contains(ch) {
            out.push(ch);
        } else {
            for b in ch.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl FromStr for Purl {
    type Err = PurlError;

    fn from_str(s: &str) -> Result<Purl, PurlError> {
        Purl::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn parses_purl_spec_examples() {
        let p = Purl::parse("pkg:npm/%40angular/animation@12.3.1").unwrap();
        assert_eq!(
            (p.ty(), p.namespace(), p.name(), p.version()),
            ("npm", Some("@angular"), "animation", Some("12.3.1"))
        );
        assert_eq!(p.package_key(), "pkg:npm/%40angular/animation");
        let p = Purl::parse("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie").unwrap();
        assert_eq!(p.qualifiers().get("arch").map(String::as_str), Some("i386"));
        assert_eq!(p.to_string(), "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
        let p = Purl::parse("pkg:PyPI/Django_Package@1.11.1").unwrap();
        assert_eq!((p.ty(), p.name()), ("pypi", "django-package"));
        let p = Purl::parse("pkg:golang/google.golang.org/genproto#googleapis/api/annotations").unwrap();
        assert_eq!(p.subpath(), Some("googleapis/api/annotations"));
        assert!(Purl::parse("npm/foo@1").is_err());
        assert!(Purl::parse("pkg:npm").is_err());
        assert!(Purl::parse("").is_err());
    }

    /// Fuzz regression `purl_parse/slash-in-version-not-encoded`
    /// (`pkg:P/c@%2F`): a `/` in the version must stay encoded in the
    /// canonical form.
    #[test]
    fn slash_in_version_is_encoded() {
        for (s, version, canonical, key) in [
            ("pkg:P/c@%2F", "/", "pkg:p/c@%2F", "pkg:p/c"),
            ("pkg:npm/foo@1.0%2F2", "1.0/2", "pkg:npm/foo@1.0%2F2", "pkg:npm/foo"),
            (
                "pkg:pypi/Foo@1%2F2?a=b%2Fc#d/e",
                "1/2",
                "pkg:pypi/foo@1%2F2?a=b%2Fc#d/e",
                "pkg:pypi/foo",
            ),
            (
                "pkg:npm/%40s/n@%2F%40%23%3F%20%C3%A9%09",
                "/@#? é\t",
                "pkg:npm/%40s/n@%2F%40%23%3F%20%C3%A9%09",
                "pkg:npm/%40s/n",
            ),
        ] {
            let p = Purl::parse(s).unwrap();
            assert_eq!(p.version(), Some(version), "{s}");
            assert_eq!(p.as_str(), canonical);
            assert_eq!(p.package_key(), key);
            let back = Purl::parse(canonical).unwrap();
            assert_eq!(back, p);
            assert_eq!(back.as_str(), canonical);
        }
    }

    #[test]
    fn version_in_range() {
        let p = Purl::parse("pkg:npm/lodash@4.17.20").unwrap();
        assert!(p.is_in(&VersRange::parse("vers:npm/<4.17.21").unwrap()));
        assert!(!p.is_in(&VersRange::parse("vers:npm/>=4.17.21").unwrap()));
        assert!(!p.is_in(&VersRange::parse("vers:pypi/<5").unwrap()), "other scheme");
        assert!(p.is_in(&VersRange::parse("vers:all/*").unwrap()));
        assert!(
            !Purl::parse("pkg:npm/lodash")
                .unwrap()
                .is_in(&VersRange::parse("vers:npm/*").unwrap())
        );
    }

    proptest! {
        #[test]
        fn arbitrary_string_never_panics(s in any::<String>()) {
            let _ = Purl::parse(&s);
            let _ = Purl::parse(&format!("pkg:{s}"));
        }

        #[test]
        fn canonical_form_is_a_fixed_point(ty in "[a-z]{1,6}", ns in proptest::option::of("[a-zA-Z0-9._%@-]{1,8}"),
                                           name in "[a-zA-Z0-9._%+-]{1,10}", ver in proptest::option::of("[a-zA-Z0-9._+~-]{1,8}")) {
            let mut s = format!("pkg:{ty}/");
            if let Some(ns) = ns { s.push_str(&ns); s.push('/'); }
            s.push_str(&name);
            if let Some(v) = ver { s.push('@'); s.push_str(&v); }
            if let Ok(p) = Purl::parse(&s) {
                let again = Purl::parse(p.as_str()).unwrap();
                prop_assert!(p.as_str().starts_with(&p.package_key()));
                prop_assert_eq!(again, p);
            }
        }
    }
}

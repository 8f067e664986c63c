//! Recog regexes are written for Ruby (Onigmo) and Java. This module
//! rewrites the Ruby-only syntax into what the `regex` crate accepts and
//! compiles the result, falling back to `fancy-regex` for look-around,
//! backreferences, atomic groups and possessive quantifiers.
//!
//! Semantic differences handled here:
//! - In Ruby `^` and `$` always match at line boundaries: we always compile
//!   in multi-line mode.
//! - Ruby's `m` flag (and Recog's `REG_MULTILINE`, `REG_DOT_NEWLINE`,
//!   `REG_LINE_ANY_CRLF`) means "dot matches newline", Rust's `s`: inline
//!   `(?m)` groups are rewritten to `(?s)`.
//! - `\h` (hex digit), `\Z`, `\e`, `\0`, escaped punctuation that Rust does
//!   not allow escaping (`\/`, `\<`, `\ `...), `{,n}` and a literal `{` are
//!   rewritten.
//! - Banners are bytes: ASCII-only patterns are compiled without Unicode, so
//!   that `.` and `\xHH` match single bytes as in Ruby on binary strings; the
//!   Unicode form is compiled on demand for non-ASCII UTF-8 banners.

use std::sync::OnceLock;

/// Punctuation that `regex` treats as meta (or allows escaping) and so keeps escaped.
const META: &str = r"\.+*?()|[]{}^$#&-~";

/// Compile-time options from the Recog `flags` attribute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Flags {
    pub(super) icase: bool,
    pub(super) dot_newline: bool,
}

impl Flags {
    /// Parse `REG_ICASE,REG_MULTILINE` style flags (Recog uses `,` in the
    /// XML; `|` and spaces are accepted too).
    pub(super) fn parse(s: &str) -> Result<Self, String> {
        let mut f = Flags::default();
        for flag in s.split([',', '|', ' ']).map(str::trim).filter(|x| !x.is_empty()) {
            match flag {
                "REG_ICASE" => f.icase = true,
                "REG_DOT_NEWLINE" | "REG_MULTILINE" | "REG_LINE_ANY_CRLF" => f.dot_newline = true,
                other => return Err(format!("unsupported regex flag `{other}`")),
            }
        }
        Ok(f)
    }
}

/// Captures of a successful match: group `i` as bytes (`None` if the group
/// did not take part).
pub(super) struct Captures(Vec<Option<Vec<u8>>>);

impl Captures {
    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        self.0.get(i).and_then(|c| c.as_deref())
    }
}

/// One compiled form of a pattern.
#[derive(Debug)]
enum Engine {
    /// Compiled by the `regex` crate.
    Plain(regex::bytes::Regex),
    /// Needs fancy-regex (look-around, backreferences, ...).
    Fancy(Box<fancy_regex::Regex>),
}

impl Engine {
    /// `unicode`: `.` and classes work on UTF-8 characters (for text banners);
    /// otherwise on single bytes (for binary banners; ASCII patterns only).
    fn compile(translated: &str, flags: Flags, unicode: bool) -> Result<Self, String> {
        let plain = regex::bytes::RegexBuilder::new(translated)
            .multi_line(true)
            .case_insensitive(flags.icase)
            .dot_matches_new_line(flags.dot_newline)
            .unicode(unicode)
            .size_limit(1 << 23)
            .build();
        if let Ok(re) = plain {
            return Ok(Self::Plain(re));
        }
        let mode = if unicode {
            fancy_regex::BytesMode::UnicodeBytes
        } else {
            fancy_regex::BytesMode::Ascii
        };
        fancy_regex::RegexBuilder::new(translated)
            .multi_line(true)
            .case_insensitive(flags.icase)
            .dot_matches_new_line(flags.dot_newline)
            .oniguruma_mode(true)
            .bytes_mode(mode)
            .backtrack_limit(200_000)
            .build()
            .map(|re| Self::Fancy(Box::new(re)))
            .map_err(|e| e.to_string())
    }

    fn captures(&self, haystack: &[u8]) -> Option<Captures> {
        match self {
            Self::Plain(re) => {
                let c = re.captures(haystack)?;
                Some(Captures(c.iter().map(|m| m.map(|m| m.as_bytes().to_vec())).collect()))
            }
            Self::Fancy(re) => {
                let c = re.captures(haystack).ok()??;
                Some(Captures(
                    (0..c.len()).map(|i| c.get(i).map(|m| m.as_bytes().to_vec())).collect(),
                ))
            }
        }
    }
}

/// A compiled Recog pattern.
///
/// Ruby matches UTF-8 banners character-wise and binary banners byte-wise.
/// An ASCII-only pattern is compiled byte-wise first (fast to build, and
/// identical to character-wise matching on ASCII or binary banners); the
/// Unicode form is built lazily, the first time a banner with non-ASCII
/// UTF-8 text comes along. A pattern with non-ASCII characters is compiled
/// for Unicode only.
#[derive(Debug)]
pub(super) struct Matcher {
    primary: Engine,
    /// Unicode form of an ASCII pattern (`None` inside: it did not compile,
    /// e.g. `\w{1,512}` outgrows the size limit; the byte form is used).
    unicode: OnceLock<Option<Engine>>,
    ascii: bool,
    translated: String,
    flags: Flags,
}

impl Matcher {
    /// Compile a Recog pattern.
    pub(super) fn compile(pattern: &str, flags: Flags) -> Result<Self, String> {
        let translated = translate(pattern);
        let ascii = translated.is_ascii();
        let primary = Engine::compile(&translated, flags, !ascii)?;
        Ok(Self {
            primary,
            unicode: OnceLock::new(),
            ascii,
            translated,
            flags,
        })
    }

    /// Which engine compiled the pattern.
    pub(super) fn engine(&self) -> &'static str {
        match self.primary {
            Engine::Plain(_) => "regex",
            Engine::Fancy(_) => "fancy-regex",
        }
    }

    /// Match `haystack`; `None` when it does not match (or fancy-regex gives
    /// up on its backtracking limit, which counts as no match).
    pub(super) fn captures(&self, haystack: &[u8]) -> Option<Captures> {
        if !self.ascii || haystack.is_ascii() || std::str::from_utf8(haystack).is_err() {
            return self.primary.captures(haystack);
        }
        let unicode = self
            .unicode
            .get_or_init(|| Engine::compile(&self.translated, self.flags, true).ok());
        unicode.as_ref().unwrap_or(&self.primary).captures(haystack)
    }
}

/// Rewrite Ruby regex syntax into the common subset of `regex` and
/// `fancy-regex` syntax (see the module docs).
pub(super) fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&n) = chars.get(i + 1) else {
                    out.push_str(r"\\");
                    break;
                };
                i += 2;
                match n {
                    'h' if class_depth > 0 => out.push_str("0-9a-fA-F"),
                    'h' => out.push_str("[0-9a-fA-F]"),
                    'H' if class_depth == 0 => out.push_str("[^0-9a-fA-F]"),
                    'Z' if class_depth == 0 => out.push_str(r"(?:\n?\z)"),
                    'e' => out.push_str(r"\x1B"),
                    '0' => {
                        // Ruby: \0 followed by up to two more octal digits.
                        let mut v = 0u32;
                        let mut k = 0;
                        while k < 2 && chars.get(i).is_some_and(|d| ('0'..='7').contains(d)) {
                            v = v * 8 + chars[i].to_digit(8).unwrap_or(0);
                            i += 1;
                            k += 1;
                        }
                        out.push_str(&format!(r"\x{{{v:02X}}}"));
                    }
                    n if n.is_ascii_punctuation() || n == ' ' => {
                        if META.contains(n) {
                            out.push('\\');
                            out.push(n);
                        } else {
                            out.push_str(&format!(r"\x{:02X}", u32::from(n)));
                        }
                    }
                    n => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                continue;
            }
            '[' => {
                if class_depth > 0 && chars.get(i + 1) == Some(&':') {
                    // POSIX bracket expression [:alpha:] — copy through ":]"
                    let rest: String = chars[i..].iter().collect();
                    if let Some(end) = rest.find(":]") {
                        out.push_str(&rest[..end + 2]);
                        i += rest[..end + 2].chars().count();
                        continue;
                    }
                }
                class_depth += 1;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
                continue;
            }
            ']' if class_depth > 0 => class_depth -= 1,
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                // inline flag group: (?imx-imx) or (?imx-imx:...)
                let mut j = i + 2;
                while chars.get(j).is_some_and(|f| matches!(f, 'i' | 'm' | 'x' | '-')) {
                    j += 1;
                }
                if j > i + 2 && matches!(chars.get(j), Some(')') | Some(':')) {
                    out.push_str("(?");
                    for f in &chars[i + 2..j] {
                        out.push(if *f == 'm' { 's' } else { *f });
                    }
                    i = j;
                    continue;
                }
            }
            '{' if class_depth == 0 => {
                // A quantifier {n}, {n,}, {n,m} or Ruby's {,m}; anything else is a literal brace.
                let mut j = i + 1;
                let mut digits_before = 0;
                while chars.get(j).is_some_and(char::is_ascii_digit) {
                    j += 1;
                    digits_before += 1;
                }
                let mut comma = false;
                let mut digits_after = 0;
                if chars.get(j) == Some(&',') {
                    comma = true;
                    j += 1;
                    while chars.get(j).is_some_and(char::is_ascii_digit) {
                        j += 1;
                        digits_after += 1;
                    }
                }
                if chars.get(j) == Some(&'}') && (digits_before > 0 || (comma && digits_after > 0)) {
                    out.push('{');
                    if digits_before == 0 {
                        out.push('0');
                    }
                    out.extend(&chars[i + 1..=j]);
                    i = j + 1;
                    continue;
                }
                out.push_str(r"\{");
                i += 1;
                continue;
            }
            '}' if class_depth == 0 => {
                out.push_str(r"\}");
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translations() {
        let check = |ruby: &str, rust: &str| assert_eq!(translate(ruby), rust, "{ruby}");
        check(r"(?m)^foo.*bar$", r"(?s)^foo.*bar$");
        check(r"(?mi:x)", r"(?si:x)");
        check(r"\h+[\h:]", r"[0-9a-fA-F]+[0-9a-fA-F:]");
        check(r"a\/b\<c\>", r"a\x2Fb\x3Cc\x3E");
        check(r"x{,3}y{2}z{1,}", r"x{0,3}y{2}z{1,}");
        check(r"json{a}", r"json\{a\}");
        check(r"end\Z", r"end(?:\n?\z)");
        check(r"\0\012", r"\x{00}\x{0A}");
        check(r"[[:alpha:]\]]", r"[[:alpha:]\]]");
        check(r"[]a]", r"[\]a]");
    }

    #[test]
    fn engines() {
        let f = Flags::default();
        assert_eq!(Matcher::compile(r"^Apache/(\d+)", f).unwrap().engine(), "regex");
        assert_eq!(
            Matcher::compile(r"^(?!Microsoft)(\w+)", f).unwrap().engine(),
            "fancy-regex"
        );
        assert_eq!(Matcher::compile(r"(a)\1", f).unwrap().engine(), "fancy-regex");
        assert!(Matcher::compile(r"(", f).is_err());
        let m = Matcher::compile(r"^a.c$", Flags::default()).unwrap();
        assert!(m.captures(b"x\na\xffc\ny").is_some(), "bytes and line anchors");
        assert!(
            m.captures("x\na\u{b7}c\ny".as_bytes()).is_some(),
            "characters in UTF-8 text"
        );
        let m = Matcher::compile(
            r"a.c",
            Flags {
                dot_newline: true,
                icase: true,
            },
        )
        .unwrap();
        assert!(m.captures(b"A\nC").is_some());
        assert!(Flags::parse("REG_ICASE,REG_MULTILINE").unwrap().icase);
        assert!(Flags::parse("REG_BOGUS").is_err());
    }
}

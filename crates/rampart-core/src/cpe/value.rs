//! A WFN character-string value, stored unquoted with its wildcards apart.

use std::fmt::Write as _;

use super::{Attribute, CpeError, Result};

/// An unquoted wildcard run at the beginning or end of a value.
///
/// NISTIR 7695 §5.3.2: "An unquoted asterisk (*) SHALL be interpreted as a
/// multi-character wildcard ... An unquoted question mark (?) SHALL be
/// interpreted as a single-character wildcard", and both may appear only at
/// the beginning and/or the end of a value string (a single `*`, or a run of
/// one or more `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Wildcard {
    /// No wildcard on this side.
    #[default]
    None,
    /// One unquoted `*`.
    Star,
    /// A run of this many unquoted `?` (at least one).
    Questions(u32),
}

impl Wildcard {
    fn write(self, out: &mut String, star: &str, question: &str) {
        match self {
            Wildcard::None => {}
            Wildcard::Star => out.push_str(star),
            Wildcard::Questions(n) => {
                for _ in 0..n {
                    out.push_str(question);
                }
            }
        }
    }
}

/// A WFN string value (NISTIR 7695 §5.3.2).
///
/// Held as its *logical* characters (quoting removed, original case) plus
/// the unquoted wildcards at either end. Characters are printable ASCII
/// (`!`..`~`); [`Value::to_wfn`] gives back the canonical quoted form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Value {
    text: Box<str>,
    lead: Wildcard,
    trail: Wildcard,
}

impl Value {
    /// A value taking every character of `text` literally (no wildcards).
    pub fn literal(text: &str) -> Result<Value> {
        if text.is_empty() {
            return Err(CpeError::EmptyComponent {
                attribute: Attribute::Other,
                position: 0,
            });
        }
        if let Some((position, character)) = text.char_indices().find(|(_, c)| !is_printable(*c)) {
            return Err(CpeError::InvalidCharacter {
                attribute: Attribute::Other,
                position,
                character,
            });
        }
        Ok(Value {
            text: text.into(),
            lead: Wildcard::None,
            trail: Wildcard::None,
        })
    }

    /// Parses the quoted WFN form (NISTIR 7695 §5.3.2): letters, digits and
    /// `_` unquoted, every other printable character quoted with `\`, and
    /// unquoted `*`/`?` only at the ends. `position` is added to error
    /// offsets.
    pub(crate) fn from_wfn(quoted: &str, attribute: Attribute, position: usize) -> Result<Value> {
        let mut b = ValueBuilder::new(attribute, position);
        let bytes = quoted.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'\\' {
                let Some(&next) = bytes.get(i + 1) else {
                    return Err(CpeError::InvalidEscape {
                        attribute,
                        position: position + i,
                    });
                };
                b.push_quoted(position + i, next)?;
                i += 2;
            } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'*' || c == b'?' {
                b.push_unquoted(position + i, c)?;
                i += 1;
            } else {
                return Err(invalid_char(quoted, i, attribute, position));
            }
        }
        b.finish()
    }

    /// The logical characters between the wildcards, unquoted, original case.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The unquoted wildcard at the beginning.
    pub fn leading(&self) -> Wildcard {
        self.lead
    }

    /// The unquoted wildcard at the end.
    pub fn trailing(&self) -> Wildcard {
        self.trail
    }

    /// True when the value has an unquoted `*` or `?`.
    pub fn has_wildcards(&self) -> bool {
        self.lead != Wildcard::None || self.trail != Wildcard::None
    }

    /// The canonical quoted WFN form (`8\.0\.6001`, `8\.*`).
    pub fn to_wfn(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 8);
        self.lead.write(&mut out, "*", "?");
        for c in self.text.chars() {
            if !(c.is_ascii_alphanumeric() || c == '_') {
                out.push('\\');
            }
            out.push(c);
        }
        self.trail.write(&mut out, "*", "?");
        out
    }

    /// The formatted-string form (NISTIR 7695 §6.2.2.2
    /// `process_quoted_chars`: `.`, `-` and `_` are written unquoted, other
    /// punctuation keeps its backslash).
    pub(crate) fn write_fs(&self, out: &mut String) {
        // A lone literal hyphen written unquoted would read back as NA.
        if !self.has_wildcards() && &*self.text == "-" {
            out.push_str("\\-");
            return;
        }
        self.lead.write(out, "*", "?");
        for c in self.text.chars() {
            if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
                out.push('\\');
            }
            out.push(c);
        }
        self.trail.write(out, "*", "?");
    }

    /// The URI form (NISTIR 7695 §6.1.2.2 `transform_for_uri` and
    /// `pct_encode`): alphanumerics, `_`, `.` and `-` as is, other
    /// punctuation percent-encoded, `?` as `%01`, `*` as `%02`.
    pub(crate) fn write_uri(&self, out: &mut String) {
        self.lead.write(out, "%02", "%01");
        for c in self.text.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                out.push(c);
            } else {
                // Printable ASCII only, so one byte; `{:02x}` gives the
                // lowercase forms of the spec's table (`%2a`, `%7e`).
                let _ = write!(out, "%{:02x}", c as u32);
            }
        }
        self.trail.write(out, "%02", "%01");
    }
}

/// Printable ASCII other than space: the characters a CPE value may hold.
pub(crate) fn is_printable(c: char) -> bool {
    c.is_ascii_graphic()
}

/// The error for a character that cannot appear at `i` of `s`.
pub(crate) fn invalid_char(s: &str, i: usize, attribute: Attribute, base: usize) -> CpeError {
    let character = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('\u{fffd}');
    CpeError::InvalidCharacter {
        attribute,
        position: base + i,
        character,
    }
}

/// Accumulates logical characters (quoted or not) into a [`Value`],
/// enforcing where wildcards may stand (NISTIR 7695 §5.3.2).
pub(crate) struct ValueBuilder {
    attribute: Attribute,
    position: usize,
    text: String,
    lead: Wildcard,
    /// Wildcards seen after the text (or after a leading `*`): the trailing
    /// run, valid only if nothing literal follows. Holds the position of its
    /// first character.
    pending: Wildcard,
    pending_pos: usize,
    started: bool,
}

impl ValueBuilder {
    pub(crate) fn new(attribute: Attribute, position: usize) -> ValueBuilder {
        ValueBuilder::with_capacity(attribute, position, 0)
    }

    /// `capacity`: the length of the bound form, an upper bound of the
    /// logical length (avoids regrowing the text).
    pub(crate) fn with_capacity(attribute: Attribute, position: usize, capacity: usize) -> ValueBuilder {
        ValueBuilder {
            attribute,
            position,
            text: String::with_capacity(capacity),
            lead: Wildcard::None,
            pending: Wildcard::None,
            pending_pos: 0,
            started: false,
        }
    }

    /// A literal character given quoted (`\x`). Letters and digits may not
    /// be quoted; a quoted `_` is accepted as `_`.
    pub(crate) fn push_quoted(&mut self, pos: usize, c: u8) -> Result<()> {
        if c.is_ascii_alphanumeric() {
            return Err(CpeError::InvalidEscape {
                attribute: self.attribute,
                position: pos,
            });
        }
        self.push_literal(pos, c)
    }

    /// An unquoted character: `*` and `?` are wildcards, the rest literal.
    pub(crate) fn push_unquoted(&mut self, pos: usize, c: u8) -> Result<()> {
        match c {
            b'*' | b'?' => self.push_wildcard(pos, c),
            _ => self.push_literal(pos, c),
        }
    }

    pub(crate) fn push_literal(&mut self, pos: usize, c: u8) -> Result<()> {
        if !c.is_ascii_graphic() {
            return Err(CpeError::InvalidCharacter {
                attribute: self.attribute,
                position: pos,
                character: char::from(c),
            });
        }
        if self.pending != Wildcard::None {
            return Err(CpeError::EmbeddedWildcard {
                attribute: self.attribute,
                position: self.pending_pos,
            });
        }
        self.started = true;
        self.text.push(char::from(c));
        Ok(())
    }

    pub(crate) fn push_wildcard(&mut self, pos: usize, c: u8) -> Result<()> {
        let in_lead = self.text.is_empty() && self.pending == Wildcard::None;
        if in_lead {
            match (self.lead, c) {
                (Wildcard::None, b'*') if !self.started => {
                    self.lead = Wildcard::Star;
                    self.started = true;
                    return Ok(());
                }
                (Wildcard::None, b'?') => {
                    self.lead = Wildcard::Questions(1);
                    self.started = true;
                    return Ok(());
                }
                (Wildcard::Questions(n), b'?') => {
                    self.lead = Wildcard::Questions(n.saturating_add(1));
                    return Ok(());
                }
                // `*?`, `?*`, `**`: the second run is a trailing candidate.
                _ => {}
            }
        }
        match (self.pending, c) {
            (Wildcard::None, b'*') => {
                self.pending = Wildcard::Star;
                self.pending_pos = pos;
            }
            (Wildcard::None, _) => {
                self.pending = Wildcard::Questions(1);
                self.pending_pos = pos;
            }
            (Wildcard::Questions(n), b'?') => self.pending = Wildcard::Questions(n.saturating_add(1)),
            // A `*` after `?`s, or anything after a trailing `*`.
            _ => {
                return Err(CpeError::EmbeddedWildcard {
                    attribute: self.attribute,
                    position: if self.pending == Wildcard::Star {
                        self.pending_pos
                    } else {
                        pos
                    },
                });
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Value> {
        let (lead, trail) = (self.lead, self.pending);
        if self.text.is_empty() {
            match (lead, trail) {
                (Wildcard::None, Wildcard::None) => {
                    return Err(CpeError::EmptyComponent {
                        attribute: self.attribute,
                        position: self.position,
                    });
                }
                // A lone `*` is the logical value ANY, not a string; `**`
                // has no meaning.
                (Wildcard::Star, Wildcard::None) | (Wildcard::Star, Wildcard::Star) => {
                    return Err(CpeError::BadWildcardValue {
                        attribute: self.attribute,
                        position: self.position,
                    });
                }
                _ => {}
            }
        }
        Ok(Value {
            text: self.text.into_boxed_str(),
            lead,
            trail,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wfn(s: &str) -> Result<Value> {
        Value::from_wfn(s, Attribute::Vendor, 0)
    }

    #[test]
    fn quoted_form_round_trips() {
        for s in [
            r"8\.0\.6001",
            r"8\.*",
            r"sp?",
            r"foo\\bar",
            r"big\$money_manager_2010",
            r"??icrosoft",
            r"microso??",
            r"*soft",
            r"*dows*",
            r"??",
            r"?*",
            r"*?",
            r"\*\?",
            r"a\:b",
        ] {
            assert_eq!(wfn(s).unwrap().to_wfn(), s, "{s}");
        }
    }

    #[test]
    fn wildcard_placement() {
        let v = wfn("??icrosoft").unwrap();
        assert_eq!(
            (v.leading(), v.text(), v.trailing()),
            (Wildcard::Questions(2), "icrosoft", Wildcard::None)
        );
        let v = wfn("?*").unwrap();
        assert_eq!(
            (v.leading(), v.text(), v.trailing()),
            (Wildcard::Questions(1), "", Wildcard::Star)
        );
        let v = wfn(r"8\.\*").unwrap();
        assert!(!v.has_wildcards());
        assert_eq!(v.text(), "8.*");
        assert!(matches!(
            wfn("a*b"),
            Err(CpeError::EmbeddedWildcard { position: 1, .. })
        ));
        assert!(matches!(
            wfn("a?b"),
            Err(CpeError::EmbeddedWildcard { position: 1, .. })
        ));
        assert!(matches!(
            wfn("a?*"),
            Err(CpeError::EmbeddedWildcard { position: 2, .. })
        ));
        assert!(matches!(
            wfn("a*?"),
            Err(CpeError::EmbeddedWildcard { position: 1, .. })
        ));
        assert!(matches!(wfn("?*?"), Err(CpeError::EmbeddedWildcard { .. })));
        assert!(matches!(wfn("*"), Err(CpeError::BadWildcardValue { .. })));
        assert!(matches!(wfn("**"), Err(CpeError::BadWildcardValue { .. })));
        assert!(matches!(wfn(""), Err(CpeError::EmptyComponent { .. })));
    }

    #[test]
    fn quoting_rules() {
        assert!(matches!(wfn(r"\a"), Err(CpeError::InvalidEscape { position: 0, .. })));
        assert!(matches!(wfn(r"a\"), Err(CpeError::InvalidEscape { position: 1, .. })));
        assert!(matches!(
            wfn("a.b"),
            Err(CpeError::InvalidCharacter {
                position: 1,
                character: '.',
                ..
            })
        ));
        assert!(matches!(wfn("a b"), Err(CpeError::InvalidCharacter { .. })));
        assert_eq!(wfn(r"a\_b").unwrap().to_wfn(), "a_b");
    }

    #[test]
    fn literal_takes_everything_literally() {
        let v = Value::literal("12.2(18)SE*").unwrap();
        assert!(!v.has_wildcards());
        assert_eq!(v.to_wfn(), r"12\.2\(18\)SE\*");
        assert!(Value::literal("").is_err());
        assert!(Value::literal("a b").is_err());
        assert!(Value::literal("é").is_err());
    }
}

//! The formatted-string binding, `cpe:2.3:part:vendor:...:other`
//! (NISTIR 7695 §6.2).

use std::fmt;

use super::value::{ValueBuilder, invalid_char};
use super::{Attribute, Component, Cpe, CpeError, Result, check_part};

const PREFIX: &str = "cpe:2.3:";

/// Unbinds a formatted string to a WFN (NISTIR 7695 §6.2.3 `unbind_fs`).
///
/// §6.2.3.2: "the formatted string is split on unquoted colons ... `*`
/// unbinds to the logical value ANY, `-` to NA", and `add_quoting` keeps
/// quoted characters quoted and quotes "any non-alphanumeric character
/// other than `*` and `?`". Accordingly this parser accepts unquoted
/// punctuation such as `.` and `-` (and, leniently, any other printable
/// punctuation) and allows unquoted `*`/`?` only at the ends of a value.
/// Letters keep their case. The prefix is matched case-insensitively (ABNF
/// literals are case-insensitive). All 11 components are required
/// (§6.2.1: "a formatted string ... SHALL contain all eleven components";
/// empty components are an error).
pub fn parse(s: &str) -> Result<Cpe> {
    let head = s.get(..PREFIX.len());
    if !head.is_some_and(|h| h.eq_ignore_ascii_case(PREFIX)) {
        return Err(CpeError::InvalidPrefix {
            expected: PREFIX,
            found: s.chars().take(16).collect(),
        });
    }
    let bytes = s.as_bytes();
    let mut spans = [(0usize, 0usize); 11];
    let mut count = 0usize;
    let mut start = PREFIX.len();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b':' => {
                if count < 11 {
                    spans[count] = (start, i);
                }
                count += 1;
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if count < 11 {
        spans[count] = (start, bytes.len());
    }
    count += 1;
    if count != 11 {
        return Err(CpeError::ComponentCount {
            expected: 11,
            found: count,
        });
    }
    let mut attrs: [Component; 11] = std::array::from_fn(|_| Component::Any);
    for (k, &(a, b)) in spans.iter().enumerate() {
        let attribute = Attribute::ALL[k];
        attrs[k] = unbind_value(s, a, b.min(bytes.len()), attribute)?;
    }
    if let Component::Value(v) = &attrs[0] {
        check_part(v, spans[0].0)?;
    }
    Cpe::new(attrs)
}

/// `unbind_value_fs` and `add_quoting` (NISTIR 7695 §6.2.3.2) for the
/// component `s[a..b]`.
fn unbind_value(s: &str, a: usize, b: usize, attribute: Attribute) -> Result<Component> {
    let bytes = s.as_bytes();
    let comp = bytes.get(a..b).unwrap_or_default();
    match comp {
        [] => {
            return Err(CpeError::EmptyComponent { attribute, position: a });
        }
        b"*" => return Ok(Component::Any),
        b"-" => return Ok(Component::Na),
        _ => {}
    }
    let mut builder = ValueBuilder::with_capacity(attribute, a, b - a);
    let mut i = a;
    while i < b {
        let c = bytes[i];
        if c == b'\\' {
            match bytes.get(i + 1) {
                Some(&next) if i + 1 < b && next.is_ascii_graphic() => builder.push_quoted(i, next)?,
                Some(_) if i + 1 < b => return Err(invalid_char(s, i + 1, attribute, 0)),
                _ => return Err(CpeError::InvalidEscape { attribute, position: i }),
            }
            i += 2;
        } else if c.is_ascii_graphic() {
            builder.push_unquoted(i, c)?;
            i += 1;
        } else {
            return Err(invalid_char(s, i, attribute, 0));
        }
    }
    builder.finish().map(Component::Value)
}

/// Binds a WFN to a formatted string (NISTIR 7695 §6.2.2 `bind_to_fs`).
pub fn bind(cpe: &Cpe) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(PREFIX);
    for (i, c) in cpe.components().iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        match c {
            Component::Any => out.push('*'),
            Component::Na => out.push('-'),
            Component::Value(v) => v.write_fs(&mut out),
        }
    }
    out
}

pub(crate) fn write(cpe: &Cpe, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&bind(cpe))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpe::{Value, Wildcard, wfn};

    fn fs_to_wfn(s: &str) -> String {
        parse(s).unwrap().to_wfn_string()
    }

    fn wfn_to_fs(s: &str) -> String {
        bind(&wfn::parse(s).unwrap())
    }

    /// NISTIR 7695 §6.2.2.3, Examples 1-6 of binding a WFN to a formatted
    /// string.
    #[test]
    fn nistir_7695_bind_fs_examples() {
        let check = |w: &str, fs: &str| assert_eq!(wfn_to_fs(w), fs, "{w}");
        check(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY]"#,
            "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
        );
        check(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?"]"#,
            "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
        );
        check(
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.\*",update="sp?"]"#,
            r"cpe:2.3:a:microsoft:internet_explorer:8.\*:sp?:*:*:*:*:*:*",
        );
        check(
            r#"wfn:[part="a",vendor="hp",product="insight",version="7\.4\.0\.1570",update=NA,sw_edition="online",target_sw="win2003",target_hw="x64"]"#,
            "cpe:2.3:a:hp:insight:7.4.0.1570:-:*:*:online:win2003:x64:*",
        );
        check(
            r#"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",target_sw="linux"]"#,
            "cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*",
        );
        check(
            r#"wfn:[part="a",vendor="foo\\bar",product="big\$money_manager_2010",sw_edition="special",target_sw="ipod_touch",target_hw="80gb"]"#,
            r"cpe:2.3:a:foo\\bar:big\$money_manager_2010:*:*:*:*:special:ipod_touch:80gb:*",
        );
    }

    /// NISTIR 7695 §6.2.3.3, Examples 1-5 of unbinding a formatted string.
    #[test]
    fn nistir_7695_unbind_fs_examples() {
        let all = |pairs: &[(&str, &str)]| {
            let mut out = String::from("wfn:[");
            for a in Attribute::ALL {
                if a != Attribute::Part {
                    out.push(',');
                }
                out.push_str(a.name());
                out.push('=');
                out.push_str(pairs.iter().find(|(k, _)| *k == a.name()).map_or("ANY", |(_, v)| v));
            }
            out.push(']');
            out
        };
        assert_eq!(
            fs_to_wfn("cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"),
            all(&[
                ("part", r#""a""#),
                ("vendor", r#""microsoft""#),
                ("product", r#""internet_explorer""#),
                ("version", r#""8\.0\.6001""#),
                ("update", r#""beta""#),
            ])
        );
        assert_eq!(
            fs_to_wfn("cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*"),
            all(&[
                ("part", r#""a""#),
                ("vendor", r#""microsoft""#),
                ("product", r#""internet_explorer""#),
                ("version", r#""8\.*""#),
                ("update", r#""sp?""#),
            ])
        );
        assert_eq!(
            fs_to_wfn("cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*"),
            all(&[
                ("part", r#""a""#),
                ("vendor", r#""hp""#),
                ("product", r#""insight_diagnostics""#),
                ("version", r#""7\.4\.0\.1570""#),
                ("update", "NA"),
                ("sw_edition", r#""online""#),
                ("target_sw", r#""win2003""#),
                ("target_hw", r#""x64""#),
            ])
        );
        // Example 4: an embedded unquoted `*` is an error.
        assert!(matches!(
            parse("cpe:2.3:a:hp:insight_diagnostics:7.4.*.1570:*:*:*:*:*:*:*"),
            Err(CpeError::EmbeddedWildcard {
                attribute: Attribute::Version,
                position: 37,
            })
        ));
        assert_eq!(
            fs_to_wfn(r"cpe:2.3:a:foo\\bar:big\$money:2010:*:*:*:special:ipod_touch:80gb:*"),
            all(&[
                ("part", r#""a""#),
                ("vendor", r#""foo\\bar""#),
                ("product", r#""big\$money""#),
                ("version", r#""2010""#),
                ("sw_edition", r#""special""#),
                ("target_sw", r#""ipod_touch""#),
                ("target_hw", r#""80gb""#),
            ])
        );
    }

    #[test]
    fn escaped_colons_and_backslashes() {
        let c = parse(r"cpe:2.3:a:foo\:bar:x\\:*:*:*:*:*:*:*:*").unwrap();
        assert_eq!(c.vendor().as_value().unwrap().text(), "foo:bar");
        assert_eq!(c.product().as_value().unwrap().text(), r"x\");
        assert_eq!(bind(&c), r"cpe:2.3:a:foo\:bar:x\\:*:*:*:*:*:*:*:*");
    }

    #[test]
    fn real_nvd_strings_round_trip() {
        for s in [
            r"cpe:2.3:o:cisco:ios:15.1\(2\)sg3:*:*:*:*:*:*:*",
            r"cpe:2.3:a:yokogawa:fast\/tools:r9.02:*:*:*:*:*:*:*",
            r"cpe:2.3:a:joomla:joomla\!:1.5.10:*:*:*:*:*:*:*",
            r"cpe:2.3:a:hitachi:jp1-netm-dm_manager:*:05-24-e\(\*1\):*:*:*:*:*:*",
            r"cpe:2.3:o:microsoft:windows_11_22H2:10.0.22621.4317:*:*:*:*:*:arm64:*",
            r"cpe:2.3:h:siemens:simatic_s7-300_cpu_319-3_pn\/dp:-:*:*:*:*:*:*:*",
        ] {
            assert_eq!(bind(&parse(s).unwrap()), s);
        }
        let c = parse(r"cpe:2.3:a:hitachi:jp1-netm-dm_manager:*:05-24-e\(\*1\):*:*:*:*:*:*").unwrap();
        assert!(!c.has_wildcards(), "a quoted * is literal");
    }

    #[test]
    fn structural_errors() {
        assert!(matches!(
            parse("cpe:2.3:a:b:c"),
            Err(CpeError::ComponentCount { expected: 11, found: 3 })
        ));
        assert!(matches!(
            parse("cpe:2.3:a:b:c:*:*:*:*:*:*:*:*:*"),
            Err(CpeError::ComponentCount { found: 12, .. })
        ));
        assert!(matches!(
            parse("cpe:2.3:a::c:*:*:*:*:*:*:*:*"),
            Err(CpeError::EmptyComponent {
                attribute: Attribute::Vendor,
                position: 10
            })
        ));
        assert!(matches!(
            parse("cpe:2.3:a:b c:c:*:*:*:*:*:*:*:*"),
            Err(CpeError::InvalidCharacter {
                position: 11,
                character: ' ',
                ..
            })
        ));
        assert!(matches!(
            parse("cpe:2.3:a:b:c:*:*:*:*:*:*:*:x\\"),
            Err(CpeError::InvalidEscape { .. })
        ));
        assert!(matches!(
            parse("cpe:2.3:a:bé:c:*:*:*:*:*:*:*:*"),
            Err(CpeError::InvalidCharacter { character: 'é', .. })
        ));
        assert!(matches!(
            parse("cpe:2.3:a:b:c:*:*:*:*:*:*:*:\\a"),
            Err(CpeError::InvalidEscape { .. })
        ));
    }

    #[test]
    fn lenient_unquoted_punctuation_is_quoted() {
        // add_quoting (§6.2.3.2) quotes what the FS left unquoted.
        let c = parse("cpe:2.3:a:a!b:c:*:*:*:*:*:*:*:*").unwrap();
        assert_eq!(c.vendor(), &Component::Value(Value::literal("a!b").unwrap()));
        assert_eq!(bind(&c), r"cpe:2.3:a:a\!b:c:*:*:*:*:*:*:*:*");
        let c = parse("CPE:2.3:A:x:y:*:*:*:*:*:*:*:*").unwrap();
        assert_eq!(c.vendor().as_value().map(|v| v.leading()), Some(Wildcard::None));
    }
}

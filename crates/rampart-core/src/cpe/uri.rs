//! The CPE 2.2 URI binding, `cpe:/part:vendor:product:version:update:edition:language`
//! (NISTIR 7695 §6.1).

use super::value::{ValueBuilder, invalid_char};
use super::{Attribute, Component, Cpe, CpeError, Result, check_part};

const PREFIX: &str = "cpe:/";

/// Unbinds a CPE 2.2 URI to a WFN (NISTIR 7695 §6.1.3 `unbind_uri`).
///
/// §6.1.3.2: components are separated by `:`, missing trailing components
/// are ANY, an empty component is ANY and `-` is NA. `decode` lowercases
/// the component, quotes `.`, `-` and `~`, turns `%01` into `?` and `%02`
/// into `*` (only where a wildcard may stand), and decodes the other
/// percent-encoded punctuation of the table; "others raise an error". An
/// edition beginning with `~` is unpacked into edition, sw_edition,
/// target_sw, target_hw and other (`unpack`).
pub fn parse(s: &str) -> Result<Cpe> {
    let head = s.get(..PREFIX.len());
    if !head.is_some_and(|h| h.eq_ignore_ascii_case(PREFIX)) {
        return Err(CpeError::InvalidPrefix {
            expected: PREFIX,
            found: s.chars().take(16).collect(),
        });
    }
    let found = s[PREFIX.len()..].split(':').count();
    if found > 7 {
        return Err(CpeError::ComponentCount { expected: 7, found });
    }
    let mut attrs: [Component; 11] = std::array::from_fn(|_| Component::Any);
    let mut pos = PREFIX.len();
    let mut part_pos = pos;
    for (k, comp) in s[PREFIX.len()..].split(':').enumerate() {
        let (a, b) = (pos, pos + comp.len());
        pos = b + 1;
        match k {
            0 => {
                part_pos = a;
                attrs[0] = decode(s, a, b, Attribute::Part)?;
            }
            5 if comp.starts_with('~') => unpack(s, a, b, &mut attrs)?,
            _ => attrs[k] = decode(s, a, b, Attribute::ALL[k])?,
        }
    }
    if let Component::Value(v) = &attrs[0] {
        check_part(v, part_pos)?;
    }
    Cpe::new(attrs)
}

/// `unpack` (NISTIR 7695 §6.1.3.2): `~edition~sw_edition~target_sw~target_hw~other`.
fn unpack(s: &str, a: usize, b: usize, attrs: &mut [Component; 11]) -> Result<()> {
    let packed = &s[a + 1..b];
    let found = packed.split('~').count();
    if found != 5 {
        return Err(CpeError::PackedEdition { position: a, found });
    }
    let mut pos = a + 1;
    for (k, field) in packed.split('~').enumerate() {
        let (fa, fb) = (pos, pos + field.len());
        pos = fb + 1;
        let index = if k == 0 { 5 } else { 6 + k };
        attrs[index] = decode(s, fa, fb, Attribute::ALL[index])?;
    }
    Ok(())
}

/// `decode` (NISTIR 7695 §6.1.3.2) of the component `s[a..b]`.
fn decode(s: &str, a: usize, b: usize, attribute: Attribute) -> Result<Component> {
    let bytes = &s.as_bytes()[a..b];
    match bytes {
        [] => return Ok(Component::Any),
        b"-" => return Ok(Component::Na),
        _ => {}
    }
    let mut builder = ValueBuilder::new(attribute, a);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i].to_ascii_lowercase();
        let pos = a + i;
        match c {
            b'.' | b'-' | b'~' => builder.push_quoted(pos, c)?,
            b'%' => {
                let form = bytes.get(i..i + 3).unwrap_or(&bytes[i..]);
                let decoded = match form {
                    [b'%', h, l] => pct_decode(h.to_ascii_lowercase(), l.to_ascii_lowercase()),
                    _ => None,
                };
                match decoded {
                    Some(PctDecoded::Question) => builder.push_wildcard(pos, b'?')?,
                    Some(PctDecoded::Star) => builder.push_wildcard(pos, b'*')?,
                    Some(PctDecoded::Char(ch)) => builder.push_quoted(pos, ch)?,
                    None => {
                        return Err(CpeError::InvalidPercentEncoding {
                            attribute,
                            position: pos,
                            found: String::from_utf8_lossy(form).into_owned(),
                        });
                    }
                }
                i += 3;
                continue;
            }
            _ if c.is_ascii_graphic() => builder.push_literal(pos, c)?,
            _ => return Err(invalid_char(s, pos, attribute, 0)),
        }
        i += 1;
    }
    builder.finish().map(Component::Value)
}

enum PctDecoded {
    Question,
    Star,
    Char(u8),
}

/// The percent-encoded forms of NISTIR 7695 §6.1.2.3 Table 6-1 (and `%01`,
/// `%02` for the wildcards). `%2d` (`-`), `%2e` (`.`) and `%5f` (`_`) are
/// not in the table and are rejected.
fn pct_decode(h: u8, l: u8) -> Option<PctDecoded> {
    let hex = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    };
    let v = hex(h)? * 16 + hex(l)?;
    match v {
        0x01 => Some(PctDecoded::Question),
        0x02 => Some(PctDecoded::Star),
        0x21..=0x2c | 0x2f | 0x3a..=0x40 | 0x5b..=0x5e | 0x60 | 0x7b..=0x7e => Some(PctDecoded::Char(v)),
        _ => None,
    }
}

/// Binds a WFN to a CPE 2.2 URI (NISTIR 7695 §6.1.2 `bind_to_uri`), packing
/// the extended attributes into the edition component when any of them is
/// not ANY, and trimming trailing colons.
pub fn bind(cpe: &Cpe) -> String {
    let mut out = String::with_capacity(64);
    out.push_str(PREFIX);
    let c = cpe.components();
    for k in 0..7 {
        if k == 5 {
            let extended_blank = c[7..].iter().all(|x| matches!(x, Component::Any));
            if extended_blank {
                bind_value(&c[5], &mut out);
            } else {
                for index in [5, 7, 8, 9, 10] {
                    out.push('~');
                    bind_value(&c[index], &mut out);
                }
            }
        } else {
            bind_value(&c[k], &mut out);
        }
        out.push(':');
    }
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// `bind_value_for_uri`: ANY binds to the empty string, NA to `-`.
fn bind_value(c: &Component, out: &mut String) {
    match c {
        Component::Any => {}
        Component::Na => out.push('-'),
        Component::Value(v) => v.write_uri(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpe::wfn;

    fn wfn_to_uri(s: &str) -> String {
        bind(&wfn::parse(s).unwrap())
    }

    fn uri_eq_wfn(uri: &str, w: &str) {
        assert_eq!(parse(uri).unwrap(), wfn::parse(w).unwrap(), "{uri}");
    }

    /// NISTIR 7695 §6.1.2.3, Examples 1-5 of binding a WFN to a URI.
    #[test]
    fn nistir_7695_bind_uri_examples() {
        assert_eq!(
            wfn_to_uri(
                r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY]"#
            ),
            "cpe:/a:microsoft:internet_explorer:8.0.6001:beta"
        );
        assert_eq!(
            wfn_to_uri(r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?"]"#),
            "cpe:/a:microsoft:internet_explorer:8.%02:sp%01"
        );
        assert_eq!(
            wfn_to_uri(
                r#"wfn:[part="a",vendor="hp",product="insight_diagnostics",version="7\.4\.0\.1570",update=NA,sw_edition="online",target_sw="win2003",target_hw="x64"]"#
            ),
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~"
        );
        assert_eq!(
            wfn_to_uri(
                r#"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",target_sw="linux"]"#
            ),
            "cpe:/a:hp:openview_network_manager:7.51::~~~linux~~"
        );
        assert_eq!(
            wfn_to_uri(
                r#"wfn:[part="a",vendor="foo\\bar",product="big\$money_manager_2010",sw_edition="special",target_sw="ipod_touch",target_hw="80gb"]"#
            ),
            "cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~"
        );
    }

    /// NISTIR 7695 §6.1.3.3, Examples 1-8 of unbinding a URI.
    #[test]
    fn nistir_7695_unbind_uri_examples() {
        uri_eq_wfn(
            "cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.0\.6001",update="beta",edition=ANY,language=ANY]"#,
        );
        uri_eq_wfn(
            "cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f",
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.\*",update="sp\?",edition=ANY,language=ANY]"#,
        );
        uri_eq_wfn(
            "cpe:/a:microsoft:internet_explorer:8.%02:sp%01",
            r#"wfn:[part="a",vendor="microsoft",product="internet_explorer",version="8\.*",update="sp?",edition=ANY,language=ANY]"#,
        );
        uri_eq_wfn(
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
            r#"wfn:[part="a",vendor="hp",product="insight_diagnostics",version="7\.4\.0\.1570",update=ANY,edition=ANY,sw_edition="online",target_sw="win2003",target_hw="x64",other=ANY,language=ANY]"#,
        );
        uri_eq_wfn(
            "cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~",
            r#"wfn:[part="a",vendor="hp",product="openview_network_manager",version="7\.51",update=NA,edition=ANY,sw_edition=ANY,target_sw="linux",target_hw=ANY,other=ANY,language=ANY]"#,
        );
        // Example 6: %07 is not a legal encoding.
        assert!(matches!(
            parse("cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~"),
            Err(CpeError::InvalidPercentEncoding {
                attribute: Attribute::Product,
                ..
            })
        ));
        uri_eq_wfn(
            "cpe:/a:foo~bar:big%7emoney_2010",
            r#"wfn:[part="a",vendor="foo\~bar",product="big\~money_2010",version=ANY,update=ANY,edition=ANY,language=ANY]"#,
        );
        // Example 8: %02 embedded in a value.
        assert!(matches!(
            parse("cpe:/a:foo:bar:12.%02.1234"),
            Err(CpeError::EmbeddedWildcard {
                attribute: Attribute::Version,
                ..
            })
        ));
    }

    #[test]
    fn uri_lowercases_and_round_trips() {
        let c = parse("cpe:/O:Cisco:IOS:12.2%2818%29SE").unwrap();
        assert_eq!(c.to_fs(), r"cpe:2.3:o:cisco:ios:12.2\(18\)se:*:*:*:*:*:*:*");
        assert_eq!(bind(&c), "cpe:/o:cisco:ios:12.2%2818%29se");
        assert_eq!(bind(&parse("cpe:/").unwrap()), "cpe:/");
        assert_eq!(parse("cpe:/").unwrap(), Cpe::any());
    }

    #[test]
    fn uri_errors() {
        assert!(matches!(
            parse("cpe:/a:b:c:d:e:f:g:h"),
            Err(CpeError::ComponentCount { expected: 7, found: 8 })
        ));
        assert!(matches!(
            parse("cpe:/a:b:c:d:e:~x~y"),
            Err(CpeError::PackedEdition { found: 2, .. })
        ));
        assert!(matches!(
            parse("cpe:/q:b"),
            Err(CpeError::InvalidPart { position: 5, .. })
        ));
        assert!(matches!(
            parse("cpe:/a:b%2"),
            Err(CpeError::InvalidPercentEncoding { .. })
        ));
        assert!(matches!(
            parse("cpe:/a:b%2d"),
            Err(CpeError::InvalidPercentEncoding { .. })
        ));
        assert!(matches!(
            parse("cpe:/a:b c"),
            Err(CpeError::InvalidCharacter { position: 8, .. })
        ));
    }
}

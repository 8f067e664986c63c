//! The WFN string representation, `wfn:[part="a",vendor="microsoft",...]`
//! (NISTIR 7695 §5.4).

use super::value::Value;
use super::{Attribute, Component, Cpe, CpeError, Result, check_part};

/// Parses a WFN string (NISTIR 7695 §5.4): `wfn:[` then comma-separated
/// `attribute=value` pairs, `]`. A value is `ANY`, `NA` or a double-quoted
/// string in the quoted WFN form (§5.3.2). "Attributes ... not specified
/// ... SHALL be interpreted as ANY" (§5.4). Spaces around pairs are
/// allowed; an attribute may appear once.
pub fn parse(s: &str) -> Result<Cpe> {
    let bad = |position: usize, problem: &'static str| CpeError::MalformedWfn { position, problem };
    if !s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("wfn:[")) {
        return Err(CpeError::InvalidPrefix {
            expected: "wfn:[",
            found: s.chars().take(16).collect(),
        });
    }
    let bytes = s.as_bytes();
    let mut attrs: [Component; 11] = std::array::from_fn(|_| Component::Any);
    let mut seen = [false; 11];
    let mut part_pos = 0;
    let mut i = 5;
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if bytes.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            skip_ws(&mut i);
            let name_start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let attribute = Attribute::from_name(&s[name_start..i]).ok_or(bad(name_start, "unknown attribute name"))?;
            if std::mem::replace(&mut seen[attribute.index()], true) {
                return Err(bad(name_start, "attribute given twice"));
            }
            skip_ws(&mut i);
            if bytes.get(i) != Some(&b'=') {
                return Err(bad(i, "expected '='"));
            }
            i += 1;
            skip_ws(&mut i);
            let value_start = i;
            let component = if bytes.get(i) == Some(&b'"') {
                let content_start = i + 1;
                let mut j = content_start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    return Err(bad(value_start, "unterminated string value"));
                }
                i = j + 1;
                Component::Value(Value::from_wfn(&s[content_start..j], attribute, content_start)?)
            } else if s[i..].starts_with("ANY") {
                i += 3;
                Component::Any
            } else if s[i..].starts_with("NA") {
                i += 2;
                Component::Na
            } else {
                return Err(bad(i, "expected ANY, NA or a quoted string"));
            };
            if attribute == Attribute::Part {
                part_pos = value_start;
            }
            attrs[attribute.index()] = component;
            skip_ws(&mut i);
            match bytes.get(i) {
                Some(b',') => i += 1,
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return Err(bad(i, "expected ',' or ']'")),
            }
        }
    }
    skip_ws(&mut i);
    if i != bytes.len() {
        return Err(bad(i, "text after ']'"));
    }
    if let Component::Value(v) = &attrs[0] {
        check_part(v, part_pos)?;
    }
    Cpe::new(attrs)
}

/// The WFN string of a name, all eleven attributes spelled out in WFN
/// order (ANY and NA unquoted, strings in quoted form).
pub fn bind(cpe: &Cpe) -> String {
    let mut out = String::from("wfn:[");
    for (k, c) in cpe.components().iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(Attribute::ALL[k].name());
        out.push('=');
        match c {
            Component::Any => out.push_str("ANY"),
            Component::Na => out.push_str("NA"),
            Component::Value(v) => {
                out.push('"');
                out.push_str(&v.to_wfn());
                out.push('"');
            }
        }
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wfn_round_trip_and_defaults() {
        let w = r#"wfn:[part="a", vendor="microsoft", product="internet_explorer", version="8\.0\.6001", update="beta", edition=ANY, language=NA]"#;
        let c = parse(w).unwrap();
        assert_eq!(c.get(Attribute::Language), &Component::Na);
        assert_eq!(c.get(Attribute::Other), &Component::Any);
        assert_eq!(parse(&bind(&c)).unwrap(), c);
        assert_eq!(parse("wfn:[]").unwrap(), Cpe::any());
        assert_eq!(
            parse(r#"wfn:[vendor="a\"b"]"#)
                .unwrap()
                .vendor()
                .as_value()
                .unwrap()
                .text(),
            "a\"b"
        );
    }

    #[test]
    fn wfn_errors() {
        for (s, pos) in [
            (r#"wfn:[vendor="a",vendor="b"]"#, 16),
            (r#"wfn:[colour="a"]"#, 5),
            (r#"wfn:[vendor="a"#, 12),
            (r#"wfn:[vendor=a]"#, 12),
            (r#"wfn:[vendor="a"] x"#, 17),
            (r#"wfn:[vendor="a";]"#, 15),
        ] {
            match parse(s) {
                Err(CpeError::MalformedWfn { position, .. }) => assert_eq!(position, pos, "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
        assert!(matches!(
            parse(r#"wfn:[part="x"]"#),
            Err(CpeError::InvalidPart { position: 10, .. })
        ));
        assert!(matches!(
            parse(r#"wfn:[vendor="a.b"]"#),
            Err(CpeError::InvalidCharacter { position: 14, .. })
        ));
    }
}

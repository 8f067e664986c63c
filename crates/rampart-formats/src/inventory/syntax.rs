//! Light syntax checks for the identifiers an inventory carries: CPE 2.3
//! formatted strings, CPE 2.2 URIs (converted to 2.3) and package URLs.
//!
//! These are deliberately shallow: they catch typos and wrong formats at import
//! time. Full CPE semantics (WFN, matching) belong to `rampart-core`.

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: {reason}")]
pub struct SyntaxError {
    /// `CPE` or `purl`.
    pub what: &'static str,
    /// The rejected input (truncated to 120 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

fn err(what: &'static str, input: &str, reason: impl Into<String>) -> SyntaxError {
    SyntaxError {
        what,
        input: input.chars().take(120).collect(),
        reason: reason.into(),
    }
}

/// Check a CPE 2.3 formatted string: `cpe:2.3:` followed by exactly 11 more
/// colon-separated components (part, vendor, product, version, update,
/// edition, language, sw_edition, target_sw, target_hw, other), where `\:`
/// and other backslash escapes do not split. Per NISTIR 7695 §6.2 the part
/// is `a`, `o`, `h` (or a wildcard); no component is empty; no whitespace.
pub fn check_cpe23(s: &str) -> Result<(), SyntaxError> {
    let rest = s
        .strip_prefix("cpe:2.3:")
        .ok_or_else(|| err("CPE", s, "must start with `cpe:2.3:`"))?;
    // One pass, no allocation: this runs for every CPE of a million-row import.
    let mut count = 1usize;
    let mut len = 0usize; // length of the current component
    let mut part_ok = true;
    let mut bytes = rest.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' => {
                if bytes.next().is_none() {
                    return Err(err("CPE", s, "ends with a lone backslash"));
                }
                len += 2;
            }
            b':' => {
                if len == 0 {
                    return Err(err(
                        "CPE",
                        s,
                        format!("component {} is empty (use `*` for any)", count + 2),
                    ));
                }
                count += 1;
                len = 0;
            }
            b if b.is_ascii_whitespace() || b.is_ascii_control() => {
                return Err(err("CPE", s, "contains whitespace or control characters"));
            }
            b => {
                if count == 1 && (len > 0 || !matches!(b, b'a' | b'o' | b'h' | b'*' | b'-')) {
                    part_ok = false;
                }
                len += 1;
            }
        }
    }
    if !rest.is_ascii() && rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(err("CPE", s, "contains whitespace or control characters"));
    }
    if count != 11 {
        return Err(err(
            "CPE",
            s,
            format!("has {count} components after `cpe:2.3:`, expected 11"),
        ));
    }
    if len == 0 {
        return Err(err("CPE", s, "component 13 is empty (use `*` for any)"));
    }
    if !part_ok {
        return Err(err("CPE", s, "part must be `a`, `o` or `h`"));
    }
    Ok(())
}

/// Accept a CPE in either binding and return the 2.3 formatted string:
/// a 2.3 formatted string is checked and returned as is; a 2.2 URI
/// (`cpe:/o:linux:linux_kernel:2.6`, as nmap and Recog write them) is
/// converted with [`cpe_uri_to_fs`].
pub fn normalize_cpe(s: &str) -> Result<String, SyntaxError> {
    let s = s.trim();
    if is_cpe_uri(s) {
        let fs = cpe_uri_to_fs(s)?;
        check_cpe23(&fs)?;
        Ok(fs)
    } else {
        check_cpe23(s)?;
        Ok(s.to_owned())
    }
}

fn is_cpe_uri(s: &str) -> bool {
    s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("cpe:/"))
}

/// Convert a CPE 2.2 URI to a CPE 2.3 formatted string (NISTIR 7695 §6.1.3
/// unbinding, then §6.2.2 binding).
///
/// Empty URI components mean ANY (`*`), `-` is NA; percent-encoded characters
/// are decoded (`%01` and `%02` are the `?` and `*` wildcards); a packed
/// edition `~ed~sw_ed~target_sw~target_hw~other` is unpacked. In the formatted
/// string, characters other than letters, digits, `_`, `.` and `-` are quoted
/// with `\`. Lenient where producers are sloppy: letters are lower-cased and
/// whitespace becomes `_` (whitespace is never legal in a CPE).
pub fn cpe_uri_to_fs(uri: &str) -> Result<String, SyntaxError> {
    let body = uri.get(5..).filter(|_| is_cpe_uri(uri));
    let body = body.ok_or_else(|| err("CPE", uri, "a CPE 2.2 URI starts with `cpe:/`"))?;
    let raw: Vec<&str> = body.split(':').collect();
    if raw.len() > 7 {
        return Err(err(
            "CPE",
            uri,
            format!("has {} components, a 2.2 URI has at most 7", raw.len()),
        ));
    }
    let part = raw[0].to_ascii_lowercase();
    if !matches!(part.as_str(), "a" | "o" | "h" | "") {
        return Err(err("CPE", uri, "part must be `a`, `o` or `h`"));
    }
    // 11 attributes of the WFN, bound one by one.
    let mut out: Vec<String> = vec![if part.is_empty() { "*".into() } else { part }];
    for i in 1..6 {
        let comp = raw.get(i).copied().unwrap_or("");
        if i == 5 && comp.starts_with('~') {
            // packed edition: ~edition~sw_edition~target_sw~target_hw~other
            let packed: Vec<&str> = comp[1..].split('~').collect();
            if packed.len() != 5 {
                return Err(err("CPE", uri, "packed edition must have 5 `~`-separated fields"));
            }
            // order in the FS: update already pushed; edition, language, sw_edition, target_sw, target_hw, other
            out.push(bind_uri_component(packed[0], uri)?);
            let language = raw.get(6).copied().unwrap_or("");
            out.push(bind_uri_component(language, uri)?);
            for p in &packed[1..] {
                out.push(bind_uri_component(p, uri)?);
            }
            return Ok(format!("cpe:2.3:{}", out.join(":")));
        }
        out.push(bind_uri_component(comp, uri)?);
    }
    out.push(bind_uri_component(raw.get(6).copied().unwrap_or(""), uri)?);
    while out.len() < 11 {
        out.push("*".into());
    }
    Ok(format!("cpe:2.3:{}", out.join(":")))
}

fn bind_uri_component(comp: &str, uri: &str) -> Result<String, SyntaxError> {
    match comp {
        "" => return Ok("*".into()),
        "-" => return Ok("-".into()),
        _ => {}
    }
    let bytes = comp.as_bytes();
    let mut decoded: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = comp
                .get(i + 1..i + 3)
                .ok_or_else(|| err("CPE", uri, "truncated percent escape"))?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(err("CPE", uri, "bad percent escape"));
            }
            let b = u8::from_str_radix(hex, 16).map_err(|_| err("CPE", uri, "bad percent escape"))?;
            decoded.push(b);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8_lossy(&decoded);
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\u{1}' => out.push('?'),
            '\u{2}' => out.push('*'),
            c if c.is_whitespace() => out.push('_'),
            c if c.is_control() => return Err(err("CPE", uri, "contains control characters")),
            c if c.is_alphanumeric() || matches!(c, '_' | '.' | '-') => out.extend(c.to_lowercase()),
            '\\' => out.push_str("\\\\"),
            c => {
                out.push('\\');
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// Check a package URL (purl) syntactically: `pkg:` scheme, a type of ASCII
/// letters, digits, `.`, `+`, `-` starting with a letter, `/`, then a
/// non-empty remainder (namespace/name@version?qualifiers#subpath) with no
/// whitespace.
pub fn check_purl(s: &str) -> Result<(), SyntaxError> {
    let rest = match s.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("pkg:") => &s[4..],
        _ => return Err(err("purl", s, "must start with `pkg:`")),
    };
    let rest = rest.trim_start_matches('/');
    let (ty, tail) = rest
        .split_once('/')
        .ok_or_else(|| err("purl", s, "expected `pkg:type/name`"))?;
    let mut tb = ty.bytes();
    if !tb.next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return Err(err("purl", s, "type must start with a letter"));
    }
    if !tb.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')) {
        return Err(err("purl", s, "type may only contain letters, digits, `.`, `+`, `-`"));
    }
    let name_part = tail.split(['@', '?', '#']).next().unwrap_or("");
    if name_part.trim_matches('/').is_empty() {
        return Err(err("purl", s, "name is empty"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(err("purl", s, "contains whitespace (percent-encode it)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpe23_checks() {
        assert!(check_cpe23("cpe:2.3:h:axis:p1435-le:-:*:*:*:*:*:*:*").is_ok());
        assert!(check_cpe23(r"cpe:2.3:a:foo\:bar:baz:1.0:*:*:*:*:*:*:*").is_ok());
        assert!(
            check_cpe23("cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*").is_err(),
            "10 components"
        );
        assert!(
            check_cpe23("cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*:*").is_err(),
            "12 components"
        );
        assert!(check_cpe23("cpe:2.3:x:foo:bar:1.0:*:*:*:*:*:*:*").is_err(), "bad part");
        assert!(check_cpe23("cpe:2.3:a:foo::1.0:*:*:*:*:*:*:*").is_err(), "empty");
        assert!(check_cpe23("cpe:2.3:a:foo bar:x:1.0:*:*:*:*:*:*:*").is_err(), "space");
        assert!(
            check_cpe23(r"cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*\").is_err(),
            "lone backslash"
        );
        assert!(check_cpe23("cpe:/a:foo:bar").is_err());
    }

    #[test]
    fn uri_to_fs() {
        let check = |uri: &str, fs: &str| assert_eq!(cpe_uri_to_fs(uri).unwrap(), fs, "{uri}");
        check(
            "cpe:/o:linux:linux_kernel",
            "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*",
        );
        check(
            "cpe:/a:openbsd:openssh:5.3p1",
            "cpe:2.3:a:openbsd:openssh:5.3p1:*:*:*:*:*:*:*",
        );
        check(
            "cpe:/o:microsoft:windows_7::sp1",
            "cpe:2.3:o:microsoft:windows_7:*:sp1:*:*:*:*:*:*",
        );
        check(
            "cpe:/a:apache:http_server:2.2.14",
            "cpe:2.3:a:apache:http_server:2.2.14:*:*:*:*:*:*:*",
        );
        check(
            "cpe:/h:hp:integrated_lights-out_firmware:-",
            "cpe:2.3:h:hp:integrated_lights-out_firmware:-:*:*:*:*:*:*:*",
        );
        check("cpe:/a:foo%21:bar", r"cpe:2.3:a:foo\!:bar:*:*:*:*:*:*:*:*");
        check(
            "cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
            "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*",
        );
        check(
            "cpe:/a:microsoft:sql_server:2005:sp2:x64:en-us",
            "cpe:2.3:a:microsoft:sql_server:2005:sp2:x64:en-us:*:*:*:*",
        );
        assert!(cpe_uri_to_fs("cpe:/q:x:y").is_err());
        assert!(cpe_uri_to_fs("cpe:/a:x:y:%zz").is_err());
        assert!(cpe_uri_to_fs("cpe:/a:1:2:3:4:5:6:7").is_err());
    }

    #[test]
    fn purl_checks() {
        assert!(check_purl("pkg:npm/%40angular/animation@12.3.1").is_ok());
        assert!(check_purl("pkg:generic/openssl@1.1.1k?download_url=x").is_ok());
        assert!(check_purl("pkg:maven/org.apache/xml@1.0").is_ok());
        assert!(check_purl("npm/foo").is_err());
        assert!(check_purl("pkg:npm").is_err());
        assert!(check_purl("pkg:1npm/foo").is_err());
        assert!(check_purl("pkg:npm/").is_err());
        assert!(check_purl("pkg:npm/foo bar").is_err());
    }
}

//! Helpers shared by Rampart's fuzz targets (`fuzz_targets/*.rs`).
//!
//! Text targets split one input into several strings at `\n`, so a seed file
//! is just the strings, one per line (e.g. a CPE pair or a version triple).

use std::hash::{DefaultHasher, Hash, Hasher};

/// The input as UTF-8 text, or `None` (the target then does nothing: the
/// string parsers take `&str`, so non-UTF-8 input cannot reach them).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The first `N` lines of `s` (missing lines are empty; the last one keeps
/// the rest of the input, newlines included).
pub fn lines<const N: usize>(s: &str) -> [&str; N] {
    let mut it = s.splitn(N, '\n');
    std::array::from_fn(|_| it.next().unwrap_or(""))
}

/// `std`'s default hash of a value (to check that `Hash` agrees with `Eq`).
pub fn hash_of<T: Hash>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// The six orders of three items, for transitivity checks.
pub fn permutations<T: Copy>(x: [T; 3]) -> [[T; 3]; 6] {
    let [a, b, c] = x;
    [[a, b, c], [a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]]
}

/// Checks what `rampart_formats::inventory::AssetRecord` documents that
/// every parser guarantees: `cpes` pass `check_cpe23`, `purls` pass
/// `check_purl`, text fields are trimmed and never empty. `what` names the
/// parser in the panic message.
pub fn check_asset(what: &str, r: &rampart_formats::inventory::AssetRecord) {
    use rampart_formats::inventory::syntax::{check_cpe23, check_purl};
    let text_ok = |field: &str, s: &str| {
        assert!(
            !s.is_empty() && s.trim() == s,
            "{what}: AssetRecord.{field} is empty or untrimmed: {s:?}"
        );
    };
    text_ok("name", &r.name);
    for (field, v) in [
        ("vendor", &r.vendor),
        ("product", &r.product),
        ("model", &r.model),
        ("version", &r.version),
        ("firmware_version", &r.firmware_version),
        ("serial_number", &r.serial_number),
        ("hostname", &r.hostname),
        ("network_zone", &r.network_zone),
        ("site", &r.site),
        ("district", &r.district),
        ("owner_org", &r.owner_org),
    ] {
        if let Some(s) = v {
            text_ok(field, s);
        }
    }
    for t in &r.tags {
        text_ok("tags[]", t);
    }
    for c in &r.cpes {
        if let Err(e) = check_cpe23(c) {
            panic!("{what}: AssetRecord.cpes holds an invalid CPE 2.3 string: {e}");
        }
    }
    for p in &r.purls {
        if let Err(e) = check_purl(p) {
            panic!("{what}: AssetRecord.purls holds an invalid purl: {e}");
        }
    }
    if let Some(g) = r.location {
        assert!(
            (-90.0..=90.0).contains(&g.lat()) && (-180.0..=180.0).contains(&g.lon()),
            "{what}: location out of range: {g:?}"
        );
    }
}

/// Checks the counters of a feed report and renders its summary (which
/// subtracts them): `records + rejected + skipped <= total`.
pub fn check_feed_report(what: &str, r: &rampart_formats::feed::FeedReport) {
    assert!(
        r.skipped + r.rejected.len() <= r.total,
        "{what}: {} skipped + {} rejected > {} total",
        r.skipped,
        r.rejected.len(),
        r.total
    );
    assert!(
        r.records.len() + r.rejected.len() + r.skipped <= r.total,
        "{what}: {} records + {} rejected + {} skipped > {} total",
        r.records.len(),
        r.rejected.len(),
        r.skipped,
        r.total
    );
    let _ = r.summary();
    for p in &r.problems {
        let _ = p.to_string();
    }
}

/// A kind's `parse_all` (`rampart_formats::estate::zones::parse_all`, ...).
pub type EstateParser<T> =
    fn(&[u8]) -> Result<rampart_formats::estate::EstateCsvReport<T>, rampart_formats::estate::CsvError>;

/// The estate CSV round trip (`rampart_formats::estate`): parse one kind of
/// file; the good rows, written with `write_all`, parse back with no errors
/// to the same records, and writing those again gives the same bytes ("Records
/// the parser produced are written so that they parse back equal").
pub fn check_estate<T>(what: &str, data: &[u8], parse_all: EstateParser<T>)
where
    T: rampart_formats::estate::EstateRecord + PartialEq + std::fmt::Debug,
{
    use rampart_formats::estate::write_all;
    let Ok(report) = parse_all(data) else { return };
    for e in &report.errors {
        let _ = e.to_string();
    }
    let first: Vec<T> = report.rows.into_iter().map(|(_, r)| r).collect();
    let out = write_all(&first).expect("writing to a Vec cannot fail");
    let text = String::from_utf8_lossy(&out);
    let second = parse_all(&out).unwrap_or_else(|e| panic!("{what}: written CSV does not parse: {e}\n{text}"));
    assert!(
        second.errors.is_empty(),
        "{what}: written CSV has bad rows: {:?}\n{text}",
        second.errors
    );
    let second: Vec<T> = second.rows.into_iter().map(|(_, r)| r).collect();
    assert_eq!(first, second, "{what}: round trip changed the records\n{text}");
    let again = write_all(&second).expect("writing to a Vec cannot fail");
    assert_eq!(out, again, "{what}: writer output is not stable");
}

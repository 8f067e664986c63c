//! `rampart_core::normalize::AliasTable::parse` (vendor alias text:
//! `alias ~ canonical` per line, `#` comments).
//!
//! Never panics; for a table that parses: every line's two names are the same
//! vendor afterwards (classes only ever merge); the map is flat (no canonical
//! key is itself an alias); and writing `entries()` back as text parses to an
//! equal table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_core::normalize::AliasTable;
use rampart_fuzz::text;

fuzz_target!(|data: &[u8]| {
    let Some(s) = text(data) else { return };
    let Ok(t) = AliasTable::parse(s) else { return };
    for line in s.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((a, c)) = line.split_once('~') {
            assert!(
                t.same_vendor(a.trim(), c.trim()),
                "{a:?} and {c:?} are not the same vendor"
            );
        }
    }
    let entries = t.entries();
    let keys: std::collections::HashSet<_> = entries.iter().map(|(a, _)| *a).collect();
    for (a, c) in &entries {
        assert!(!keys.contains(c), "{a} points at {c}, which is itself an alias");
    }
    let written: String = entries.iter().map(|(a, c)| format!("{a} ~ {c}\n")).collect();
    let back = AliasTable::parse(&written).unwrap_or_else(|e| panic!("written table does not parse: {e}\n{written}"));
    assert_eq!(back, t, "entries round trip changed the table:\n{written}");
});

//! MAC vendor lookup in the embedded IEEE registry.
// Test helpers (not only #[test] fns) may unwrap: a failure is a test failure.
#![allow(clippy::unwrap_used)]

// Test names carry `inventory` so that `cargo test -p rampart-formats inventory` selects them.
mod inventory_oui {
    use std::time::Instant;

    use rampart_formats::inventory::MacAddr;
    use rampart_formats::inventory::oui;

    fn mac(s: &str) -> MacAddr {
        s.parse().unwrap()
    }

    #[test]
    fn embedded_table_loads() {
        let t = oui::table().expect("embedded OUI table decodes");
        let (s36, m28, l24) = t.len_by_tier();
        assert_eq!((s36, m28, l24), (9604, 4390, 32527));
    }

    #[test]
    fn longest_prefix_match_in_every_registry() {
        let check = |m: &str, org: &str, bits: u8| {
            let e = oui::lookup(mac(m)).unwrap_or_else(|| panic!("{m} not found"));
            assert_eq!((e.organization, e.prefix_bits), (org, bits), "{m}");
        };
        check("00:40:8c:12:34:56", "AXIS COMMUNICATIONS AB", 24); // MA-L
        check("AC-CC-8E-01-02-03", "Axis Communications AB", 24); // MA-L
        check("20:85:93:b1:23:45", "IOG Products LLC", 28); // MA-M
        check("70:b3:d5:f2:f0:01", "TELEPLATFORMS", 36); // MA-S under the IEEE's own 70B3D5 MA-L
        check("00:50:c2:7d:50:99", "DEUTA-WERKE GmbH", 36); // IAB under 0050C2
        // a 36-bit block's parent MA-L is the IEEE itself
        check("70:b3:d5:00:00:01", "IEEE Registration Authority", 24);
    }

    #[test]
    fn no_vendor_for_local_multicast_or_private() {
        assert!(oui::lookup(mac("02:00:00:00:00:01")).is_none(), "locally administered");
        assert!(oui::lookup(mac("01:00:5e:00:00:01")).is_none(), "multicast");
        let private = mac("74:1a:e0:90:00:01"); // MA-M 741AE09 is listed as "Private"
        assert!(oui::vendor(private).is_none());
    }

    #[test]
    fn lookups_are_fast() {
        let _ = oui::table();
        let start = Instant::now();
        let mut hits = 0u32;
        for i in 0..200_000u64 {
            let m = MacAddr::from_octets(
                ((i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16) & 0xfcff_ffff_ffff).to_be_bytes()[2..]
                    .try_into()
                    .unwrap(),
            );
            hits += u32::from(oui::lookup(m).is_some());
        }
        let per = start.elapsed().as_nanos() as f64 / 200_000.0;
        eprintln!("OUI lookup: {per:.0} ns per lookup ({hits} hits of 200000 random unicast MACs)");
        assert!(per < 50_000.0);
    }

    /// Cross-check every registry row against the table (big data, needs /work/shared).
    #[test]
    fn every_registry_row_resolves() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/fingerprints/ieee-oui");
        if !dir.is_dir() {
            eprintln!("SKIP every_registry_row_resolves: {} not present", dir.display());
            return;
        }
        let t = oui::table().unwrap();
        let mut n = 0;
        for (file, bits) in [("oui.csv", 24), ("mam.csv", 28), ("oui36.csv", 36), ("iab.csv", 36)] {
            let mut rdr = csv::Reader::from_path(dir.join(file)).unwrap();
            for rec in rdr.records() {
                let rec = rec.unwrap();
                let hex = rec[1].trim();
                let prefix = u64::from_str_radix(hex, 16).unwrap();
                let full = prefix << (48 - bits);
                let m = MacAddr::from_octets(full.to_be_bytes()[2..].try_into().unwrap());
                let e = t.lookup(m).unwrap_or_else(|| panic!("{file} {hex} missing"));
                // The first address of a block may fall in a longer block carved
                // out of it (e.g. MA-L 980637 and MA-M 9806370): longest wins.
                assert!(e.prefix_bits >= bits, "{file} {hex}");
                if e.prefix_bits == bits {
                    assert_eq!(e.prefix, prefix, "{file} {hex}");
                }
                n += 1;
            }
        }
        eprintln!("{n} IEEE registry rows resolve to their own prefix");
    }
}

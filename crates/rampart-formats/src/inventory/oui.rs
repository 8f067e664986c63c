//! MAC address → vendor, from the IEEE registration authority's public
//! registries (MA-L/OUI, MA-M, MA-S/OUI-36 and the legacy IAB).
//!
//! The table is embedded in the binary: `data/oui.tsv.gz`, built by
//! `scripts/build_oui_table.py` from the IEEE CSV listings as shipped in
//! Debian's `ieee-data` 20220827.1 (see `data/SOURCE.md`). It is decoded
//! once, on first use, into three sorted vectors (one per prefix length)
//! searched by binary search, longest prefix first: MA-S/IAB (36 bits), then
//! MA-M (28 bits), then MA-L (24 bits).

use std::io::Read;
use std::sync::OnceLock;

use super::MacAddr;

const EMBEDDED: &[u8] = include_bytes!("../../data/oui.tsv.gz");

/// One IEEE assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OuiEntry<'a> {
    /// Prefix length in bits: 24 (MA-L), 28 (MA-M) or 36 (MA-S, IAB).
    pub prefix_bits: u8,
    /// The prefix, right-aligned (e.g. `0x00408C` for a 24-bit OUI).
    pub prefix: u64,
    /// Registered organization name as the IEEE lists it.
    pub organization: &'a str,
}

/// The decoded registry.
#[derive(Debug, Default)]
pub struct OuiTable {
    /// Sorted prefixes, one vector per length: [36, 28, 24] bits, apart from
    /// the name ids so that the binary search touches a dense array.
    keys: [Vec<u64>; 3],
    /// Name id of each prefix, parallel to `keys`.
    ids: [Vec<u32>; 3],
    /// Organization names, deduplicated.
    names: Vec<String>,
}

const TIER_BITS: [u8; 3] = [36, 28, 24];

/// The embedded table failed to decode (a build defect, not an input error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("OUI table line {line}: {message}")]
pub struct OuiTableError {
    /// 1-based line of the decompressed table.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl OuiTable {
    /// Parse a table in the `prefix-bits<TAB>prefix-hex<TAB>organization`
    /// format (uncompressed).
    pub fn parse(text: &str) -> Result<Self, OuiTableError> {
        let mut tiers: [Vec<(u64, u32)>; 3] = Default::default();
        let mut table = OuiTable::default();
        let mut name_ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let err = |message: &str| OuiTableError {
                line: i + 1,
                message: message.to_owned(),
            };
            let mut parts = line.splitn(3, '\t');
            let bits: u8 = parts
                .next()
                .and_then(|b| b.parse().ok())
                .ok_or_else(|| err("bad prefix length"))?;
            let hex = parts.next().ok_or_else(|| err("missing prefix"))?;
            let org = parts.next().ok_or_else(|| err("missing organization"))?;
            let tier = TIER_BITS
                .iter()
                .position(|b| *b == bits)
                .ok_or_else(|| err("prefix length not 24/28/36"))?;
            if hex.len() * 4 != usize::from(bits) {
                return Err(err("prefix length does not match the hex digits"));
            }
            let prefix = u64::from_str_radix(hex, 16).map_err(|_| err("prefix is not hex"))?;
            let id = match name_ids.get(org) {
                Some(id) => *id,
                None => {
                    let id = u32::try_from(table.names.len()).map_err(|_| err("too many names"))?;
                    table.names.push(org.to_owned());
                    name_ids.insert(org, id);
                    id
                }
            };
            tiers[tier].push((prefix, id));
        }
        for (i, mut tier) in tiers.into_iter().enumerate() {
            tier.sort_unstable_by_key(|(p, _)| *p);
            tier.dedup_by_key(|(p, _)| *p);
            table.keys[i] = tier.iter().map(|(p, _)| *p).collect();
            table.ids[i] = tier.iter().map(|(_, id)| *id).collect();
        }
        Ok(table)
    }

    /// Decode the gzip-compressed table.
    pub fn from_gzip(bytes: &[u8]) -> Result<Self, OuiTableError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|e| OuiTableError {
                line: 0,
                message: format!("gzip: {e}"),
            })?;
        Self::parse(&text)
    }

    /// Longest-prefix match of a MAC address.
    pub fn lookup(&self, mac: MacAddr) -> Option<OuiEntry<'_>> {
        let value = mac.to_u64();
        for ((keys, ids), bits) in self.keys.iter().zip(&self.ids).zip(TIER_BITS) {
            let key = value >> (48 - u32::from(bits));
            if let Ok(i) = keys.binary_search(&key) {
                let id = *ids.get(i)?;
                let organization = self.names.get(id as usize).map(String::as_str)?;
                return Some(OuiEntry {
                    prefix_bits: bits,
                    prefix: key,
                    organization,
                });
            }
        }
        None
    }

    /// Number of assignments per prefix length: (36-bit, 28-bit, 24-bit).
    pub fn len_by_tier(&self) -> (usize, usize, usize) {
        (self.keys[0].len(), self.keys[1].len(), self.keys[2].len())
    }
}

/// The embedded registry, decoded on first use. `None` only if the embedded
/// data is corrupt, which the crate's tests rule out.
pub fn table() -> Option<&'static OuiTable> {
    static TABLE: OnceLock<Option<OuiTable>> = OnceLock::new();
    TABLE.get_or_init(|| OuiTable::from_gzip(EMBEDDED).ok()).as_ref()
}

/// Vendor (IEEE organization name) of a MAC address, by longest-prefix match
/// in the embedded registry. `None` for locally administered and multicast
/// addresses, unassigned prefixes, and assignments listed as `Private`.
pub fn lookup(mac: MacAddr) -> Option<OuiEntry<'static>> {
    if mac.is_locally_administered() || mac.is_multicast() {
        return None;
    }
    table()?
        .lookup(mac)
        .filter(|e| !e.organization.eq_ignore_ascii_case("private"))
}

/// Shorthand for [`lookup`] returning just the organization name.
pub fn vendor(mac: MacAddr) -> Option<&'static str> {
    lookup(mac).map(|e| e.organization)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let t = OuiTable::parse("24\t0050C2\tIEEE REGISTRATION AUTHORITY\n36\t0050C27D5\tDEUTA-WERKE GmbH\n").unwrap();
        let m = |s: &str| s.parse::<MacAddr>().unwrap();
        assert_eq!(
            t.lookup(m("00:50:c2:7d:50:01")).unwrap().organization,
            "DEUTA-WERKE GmbH"
        );
        assert_eq!(
            t.lookup(m("00:50:c2:7d:60:01")).unwrap().organization,
            "IEEE REGISTRATION AUTHORITY"
        );
        assert!(t.lookup(m("00:50:c3:00:00:01")).is_none());
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(OuiTable::parse("25\t0050C2\tX\n").is_err());
        assert!(OuiTable::parse("24\t0050C\tX\n").is_err());
        assert!(OuiTable::parse("24\t0050CG\tX\n").is_err());
        assert!(OuiTable::from_gzip(b"not gzip").is_err());
    }
}

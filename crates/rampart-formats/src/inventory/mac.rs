//! MAC-48 hardware addresses, parsed from the spellings inventories use.

use std::fmt;
use std::str::FromStr;

/// Positions of the separators in a MAC spelling, and the separators allowed there.
type Separators = (&'static [usize], &'static [u8]);

/// A MAC-48 (EUI-48) address. Displays in lower-case colon form
/// (`00:1a:2b:3c:4d:5e`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MacAddr([u8; 6]);

/// Why a MAC address was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid MAC address `{input}`: {reason}")]
pub struct MacParseError {
    /// The rejected input (truncated to 64 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl MacAddr {
    /// Wrap six octets.
    pub fn from_octets(octets: [u8; 6]) -> Self {
        Self(octets)
    }
    /// The six octets.
    pub fn octets(self) -> [u8; 6] {
        self.0
    }
    /// The address as a 48-bit integer (first octet most significant).
    pub fn to_u64(self) -> u64 {
        self.0.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
    }
    /// Locally administered (U/L bit set): no IEEE vendor applies.
    pub fn is_locally_administered(self) -> bool {
        self.0[0] & 0x02 != 0
    }
    /// Group (multicast/broadcast) address.
    pub fn is_multicast(self) -> bool {
        self.0[0] & 0x01 != 0
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl FromStr for MacAddr {
    type Err = MacParseError;

    /// Accepts `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` (either case),
    /// Cisco `aabb.ccdd.eeff` and bare `aabbccddeeff`. Rejects the all-zero
    /// and broadcast addresses, which never name a device.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| MacParseError {
            input: s.chars().take(64).collect(),
            reason,
        };
        let t = s.trim().as_bytes();
        // Positions of the 12 hex digits for each accepted layout, no allocation.
        let (digits, sep): (&[usize], Option<Separators>) = match t.len() {
            17 => (
                &[0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16],
                Some((&[2, 5, 8, 11, 14], b":-")),
            ),
            14 => (&[0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13], Some((&[4, 9], b"."))),
            12 => (&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], None),
            _ => return Err(err("wrong length")),
        };
        if let Some((positions, allowed)) = sep {
            let first = t[positions[0]];
            if !allowed.contains(&first) || positions.iter().any(|p| t[*p] != first) {
                return Err(err(
                    "expected one separator (`:`, `-` or Cisco `.`) at the usual places",
                ));
            }
        }
        let nibble = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        };
        let mut octets = [0u8; 6];
        for (i, o) in octets.iter_mut().enumerate() {
            let hi = nibble(t[digits[2 * i]]).ok_or_else(|| err("not hexadecimal"))?;
            let lo = nibble(t[digits[2 * i + 1]]).ok_or_else(|| err("not hexadecimal"))?;
            *o = (hi << 4) | lo;
        }
        if octets == [0; 6] {
            return Err(err("all-zero address"));
        }
        if octets == [0xff; 6] {
            return Err(err("broadcast address"));
        }
        Ok(Self(octets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        let want = "00:1a:2b:3c:4d:5e";
        for s in [
            "00:1A:2B:3C:4D:5E",
            "00-1a-2b-3c-4d-5e",
            "001a.2b3c.4d5e",
            "001A2B3C4D5E",
            " 00:1a:2b:3c:4d:5e ",
        ] {
            assert_eq!(s.parse::<MacAddr>().unwrap().to_string(), want, "{s}");
        }
        for s in [
            "",
            "00:1a:2b:3c:4d",
            "00:1a:2b:3c:4d:5g",
            "00:1a-2b:3c:4d:5e",
            "00:00:00:00:00:00",
            "+0:1a:2b:3c:4d:5e",
        ] {
            assert!(s.parse::<MacAddr>().is_err(), "{s}");
        }
    }
}

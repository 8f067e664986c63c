//! A small deterministic hasher and a string interner for the indexes.
//!
//! The standard `RandomState` seeds itself from the operating system; the
//! core does no I/O and draws no random numbers, and the index keys are short
//! strings and integers, so a fixed multiplicative hash (the "Fx" hash used by
//! rustc) is both deterministic and faster.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// rustc's Fx hash: a rotate, xor and multiply per word. Not resistant to
/// crafted collisions; fine for keys taken from vulnerability feeds and an
/// inventory.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with the deterministic Fx hash.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Hashes one value with the Fx hash.
pub(crate) fn fx_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Interns strings as dense `u32` symbols. Several spellings may map to one
/// symbol ([`Interner::alias`]); [`Interner::resolve`] gives the canonical
/// one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    map: FxMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// The symbol of `s`, added if new.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    /// Makes `alias` another spelling of `sym` (unless `alias` is already
    /// known).
    pub(crate) fn alias(&mut self, alias: &str, sym: u32) {
        self.map.entry(alias.into()).or_insert(sym);
    }

    /// The symbol of `s`, if known.
    #[inline]
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    /// The canonical string of a symbol.
    pub(crate) fn resolve(&self, sym: u32) -> &str {
        self.strings.get(sym as usize).map_or("", |s| s)
    }

    /// Number of distinct symbols.
    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.map.shrink_to_fit();
        self.strings.shrink_to_fit();
    }
}

/// Two `u32` symbols as one map key.
#[inline]
pub(crate) fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_aliases_and_resolves() {
        let mut i = Interner::default();
        let a = i.intern("siemens");
        assert_eq!(i.intern("siemens"), a);
        let b = i.intern("ge");
        i.alias("generalelectric", b);
        assert_eq!(i.get("generalelectric"), Some(b));
        assert_eq!(i.resolve(b), "ge");
        assert_eq!(i.get("nope"), None);
        assert_eq!(i.len(), 2);
        assert_eq!(i.resolve(99), "");
    }

    #[test]
    fn hash_is_deterministic() {
        assert_eq!(fx_hash("abc"), fx_hash("abc"));
        assert_ne!(fx_hash("abc"), fx_hash("abd"));
        assert_ne!(pair(1, 2), pair(2, 1));
    }
}

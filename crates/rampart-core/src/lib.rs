//! Rampart's domain core: the types and rules of a city's cybersecurity
//! programme, as plain data and pure functions.
//!
//! Architecture invariant: this crate does no I/O, reads no clock and draws no
//! random numbers. Time and identifiers are passed in by the caller, so every
//! function here is deterministic and testable.
#![warn(missing_docs)]

pub mod applicability;
pub mod audit;
pub mod authz;
pub mod cpe;
pub mod estate;
pub mod ids;
pub mod matching;
pub mod normalize;
pub mod org;
pub mod purl;
pub mod ssvc;
pub mod time;
pub mod tlp;
pub mod version;

//! Parsers and writers for the public standards at Rampart's edges.
//!
//! Architecture invariant: parsing never panics on input. Every parser either
//! returns a structured error naming the place of the problem (file, line,
//! element or record id) or a report listing every problem it found.
#![warn(missing_docs)]
pub mod csaf;
pub mod cve5;
pub mod cvss;
pub mod epss;
pub mod estate;
pub mod feed;
pub mod inventory;
pub mod kev;
pub mod nvd;

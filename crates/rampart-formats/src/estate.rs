//! Estate CSV: the rest of a city's estate as five hand-writable CSV files,
//! parsed into neutral records. Specified in `docs/formats/estate-csv.md`.
//!
//! | file | module | record |
//! |---|---|---|
//! | `zones.csv` | [`zones`] | [`ZoneRecord`]: a network zone |
//! | `conduits.csv` | [`conduits`] | [`ConduitRecord`]: a permitted route between two zones |
//! | `services.csv` | [`services`] | [`ServiceRecord`]: a city service and how much it matters |
//! | `dependencies.csv` | [`dependencies`] | [`DependencyRecord`]: "X needs Y", with k-of-n redundancy groups |
//! | `flows.csv` | [`flows`] | [`FlowRecord`]: a data flow between two assets |
//!
//! References between files and to the asset inventory are by *name* (or by
//! an asset identity such as `serial:…`, see [`EntityRef`]), never by
//! database id, so that a city can write the files by hand. Resolving them is
//! the importer's job; [`name_key`] is how names compare.
//!
//! Every kind follows the inventory CSV conventions
//! ([`crate::inventory::csv`]): a header row with case-insensitive column
//! names, unknown or repeated columns fatal ([`CsvError`], naming the line),
//! one record per row, a bad row reported as [`RowError`]s (line and column)
//! without stopping the rest. [`EstateCsvReader`] streams rows;
//! [`parse_all`] (and the same function in each kind's module) collects a
//! [`EstateCsvReport`]. [`EstateCsvWriter`] / [`write_all`] write a file back
//! that parses to the same records. [`detect_kind`] tells the five apart by
//! their header.
//!
//! Architecture invariant: no parser here panics on input.

/// Declares the column enum of one file kind: variants, canonical names,
/// aliases, `ALL` (writer order), `name` and `from_header`.
macro_rules! estate_columns {
    (
        $(#[$meta:meta])*
        pub enum $Col:ident {
            $( $(#[$vdoc:meta])* $Var:ident = $name:literal $(| $alias:literal)* , )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $Col {
            $( $(#[$vdoc])* $Var, )+
        }

        impl $Col {
            /// Every column, in the order the writer emits them.
            pub const ALL: &'static [$Col] = &[ $( $Col::$Var, )+ ];

            /// Canonical header name.
            pub fn name(self) -> &'static str {
                match self {
                    $( $Col::$Var => $name, )+
                }
            }

            /// Look a header cell up: canonical names and aliases, compared
            /// case-insensitively with spaces and `-` read as `_`.
            pub fn from_header(h: &str) -> Option<Self> {
                match crate::estate::reader::header_key(h).as_str() {
                    $( $name $( | $alias )* => Some($Col::$Var), )+
                    _ => None,
                }
            }
        }
    };
}

mod checks;
pub mod conduits;
pub mod dependencies;
mod entity;
pub mod flows;
mod reader;
pub mod services;
mod values;
mod writer;
pub mod zones;

use std::fmt;
use std::str::FromStr;

pub use conduits::ConduitRecord;
pub use dependencies::{DependencyRecord, DependentKind, Requirement};
pub use entity::{BareName, EntityRef, EntityRefError};
pub use flows::FlowRecord;
pub use reader::{EstateCsvReader, FileError, Row, parse_all};
pub use services::ServiceRecord;
pub use values::{
    ImpactLevel, ValueError, ZoneKind, format_rto_minutes, name_key, parse_likelihood, parse_population,
    parse_rto_minutes,
};
pub use writer::{EstateCsvWriter, WriteError, write_all};
pub use zones::ZoneRecord;

/// A problem with one row (the row is skipped; the import goes on). The same
/// type as the inventory CSV's.
pub use crate::inventory::csv::RowError;

/// One of the five estate CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EstateCsvKind {
    /// `zones.csv`: [`ZoneRecord`].
    Zones,
    /// `conduits.csv`: [`ConduitRecord`].
    Conduits,
    /// `services.csv`: [`ServiceRecord`].
    Services,
    /// `dependencies.csv`: [`DependencyRecord`].
    Dependencies,
    /// `flows.csv`: [`FlowRecord`].
    Flows,
}

impl EstateCsvKind {
    /// Every kind, in the order a full import should load them (zones before
    /// the conduits between them, services before what depends on them).
    pub const ALL: [EstateCsvKind; 5] = [
        Self::Zones,
        Self::Conduits,
        Self::Services,
        Self::Dependencies,
        Self::Flows,
    ];

    /// Lower-case name: `zones`, `conduits`, `services`, `dependencies`, `flows`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zones => "zones",
            Self::Conduits => "conduits",
            Self::Services => "services",
            Self::Dependencies => "dependencies",
            Self::Flows => "flows",
        }
    }

    /// Conventional file name, e.g. `zones.csv`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Zones => "zones.csv",
            Self::Conduits => "conduits.csv",
            Self::Services => "services.csv",
            Self::Dependencies => "dependencies.csv",
            Self::Flows => "flows.csv",
        }
    }

    /// Canonical names of the kind's columns, in writer order.
    pub fn columns(self) -> Vec<&'static str> {
        fn names<C: Copy>(all: &[C], name: fn(C) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|c| name(*c)).collect()
        }
        match self {
            Self::Zones => names(zones::Column::ALL, zones::Column::name),
            Self::Conduits => names(conduits::Column::ALL, conduits::Column::name),
            Self::Services => names(services::Column::ALL, services::Column::name),
            Self::Dependencies => names(dependencies::Column::ALL, dependencies::Column::name),
            Self::Flows => names(flows::Column::ALL, flows::Column::name),
        }
    }
}

impl fmt::Display for EstateCsvKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EstateCsvKind {
    type Err = crate::inventory::ParseEnumError;

    /// Accepts the name in any case, singular or plural, with or without
    /// `.csv` (`zone`, `Zones`, `zones.csv`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_suffix(".csv").unwrap_or(&t);
        let kind = match t {
            "zone" | "zones" => Self::Zones,
            "conduit" | "conduits" => Self::Conduits,
            "service" | "services" => Self::Services,
            "dependency" | "dependencies" => Self::Dependencies,
            "flow" | "flows" | "data_flows" | "dataflows" => Self::Flows,
            _ => {
                return Err(crate::inventory::ParseEnumError {
                    what: "estate file kind",
                    value: s.to_owned(),
                    expected: "zones, conduits, services, dependencies, flows",
                });
            }
        };
        Ok(kind)
    }
}

/// A record type of one estate CSV file: implemented by [`ZoneRecord`],
/// [`ConduitRecord`], [`ServiceRecord`], [`DependencyRecord`] and
/// [`FlowRecord`], and sealed (the parsing machinery is private).
pub trait EstateRecord: reader::Format {
    /// Which file this record type is read from.
    const KIND: EstateCsvKind;
}

/// Recognise which of the five files a CSV is from its header row.
///
/// `header` is the first line of the file (the whole file does as well: only
/// the first CSV record is read). The header matches a kind when every cell
/// is one of the kind's column names or aliases, none is repeated and the
/// kind's required columns are present; the result is the one kind that
/// matches, or `None` when none (or, in theory, more than one) does. Required
/// columns keep the kinds apart: zones need `name` and `kind`, services
/// `name` (and have no `kind`), conduits `from_zone`/`to_zone`, dependencies
/// `dependent`/`target`, flows `from_asset`/`to_asset`.
pub fn detect_kind(header: &str) -> Option<EstateCsvKind> {
    let cells = reader::first_record(header.as_bytes())?;
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    reader::kind_of_header(&cells)
}

/// A fatal problem: the input is not an estate CSV of the expected kind, or
/// stops being readable. Every variant names the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// The input has no rows at all.
    #[error("line {line}: no header row (the input is empty)")]
    NoHeader {
        /// Line where the header was expected.
        line: u64,
    },
    /// The header lacks a required column.
    #[error("line {line}: the header has no `{column}` column, which {} requires{}", kind.file_name(), looks_like_hint(*looks_like))]
    MissingColumn {
        /// Header line.
        line: u64,
        /// Canonical name of the missing column.
        column: &'static str,
        /// The kind being read.
        kind: EstateCsvKind,
        /// The kind the header matches instead, if any ([`detect_kind`]).
        looks_like: Option<EstateCsvKind>,
    },
    /// A header cell is not a column of the kind being read.
    #[error(
        "line {line}: unknown column `{column}` (header cell {index}) for {}; expected: {}{}",
        kind.file_name(),
        kind.columns().join(", "),
        looks_like_hint(*looks_like)
    )]
    UnknownColumn {
        /// Header line.
        line: u64,
        /// The header cell as written (trimmed).
        column: String,
        /// 1-based position of the cell.
        index: usize,
        /// The kind being read.
        kind: EstateCsvKind,
        /// The kind the header matches instead, if any ([`detect_kind`]).
        looks_like: Option<EstateCsvKind>,
    },
    /// A column appears twice in the header (possibly under an alias).
    #[error("line {line}: column `{column}` appears more than once")]
    DuplicateColumn {
        /// Header line.
        line: u64,
        /// Canonical column name.
        column: &'static str,
    },
    /// A cell is not valid UTF-8.
    #[error("line {line}: the file is not UTF-8 text (convert it to UTF-8 first)")]
    NotUtf8 {
        /// Line of the offending record.
        line: u64,
    },
    /// The underlying reader failed.
    #[error("line {line}: read error: {message}")]
    Read {
        /// Last line reached.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

fn looks_like_hint(kind: Option<EstateCsvKind>) -> String {
    kind.map(|k| format!(" (the header looks like {})", k.file_name()))
        .unwrap_or_default()
}

impl CsvError {
    /// The 1-based line the error refers to.
    pub fn line(&self) -> u64 {
        match self {
            Self::NoHeader { line }
            | Self::MissingColumn { line, .. }
            | Self::UnknownColumn { line, .. }
            | Self::DuplicateColumn { line, .. }
            | Self::NotUtf8 { line }
            | Self::Read { line, .. } => *line,
        }
    }
}

/// Everything [`parse_all`] found in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct EstateCsvReport<T> {
    /// Good rows: (line where the row starts, record), in input order.
    pub rows: Vec<(u64, T)>,
    /// Problems: those of bad rows in input order, then those found only
    /// after reading the whole file ([`FileError`]).
    pub errors: Vec<RowError>,
}

impl<T> Default for EstateCsvReport<T> {
    fn default() -> Self {
        Self {
            rows: Vec::new(),
            errors: Vec::new(),
        }
    }
}

//! `dependencies.csv`: what each service (or asset) needs in order to run,
//! one need per row, with k-of-n redundancy groups.
//!
//! Rows of the same dependent without a `group` are separate needs (each
//! 1-of-1). Rows of the same dependent with the same `group` form one need
//! that is met while at least `min_up` of the group's targets are up:
//!
//! ```csv
//! dependent,dependent_kind,target,group,min_up,note
//! Drinking water treatment,,asset:Filter PLC 1,,,
//! Drinking water treatment,,asset:High-lift pump 1,high-lift pumps,2,
//! Drinking water treatment,,asset:High-lift pump 2,high-lift pumps,,
//! Drinking water treatment,,asset:High-lift pump 3,high-lift pumps,,
//! ```
//!
//! A group's `min_up` may be given on one row or repeated on several; given
//! values must agree (a row that disagrees is an error naming both lines),
//! and it defaults to 1. After the file is read, a group whose `min_up`
//! exceeds its number of (good) rows is an error naming the group and its
//! lines ([`FileError`]); [`parse_all`] drops those rows. [`requirements`]
//! folds good rows into k-of-n needs.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use super::checks::{DependencyChecks, GroupKey, GroupState};
use super::entity::{BareName, EntityRef};
use super::reader::{Cells, FileError, Format};
use super::values::{fold, name_key, opt};
use super::{CsvError, EstateCsvKind, EstateCsvReport, EstateRecord, RowError, WriteError};
use crate::inventory::ParseEnumError;

estate_columns! {
    /// A column of `dependencies.csv`.
    pub enum Column {
        /// `dependent` (alias `dependent_name`): required, the name of the service or asset that needs `target`.
        Dependent = "dependent" | "dependent_name",
        /// `dependent_kind` (alias `dependent_type`): `service` (default) or `asset`.
        DependentKind = "dependent_kind" | "dependent_type",
        /// `target` (alias `depends_on`, `requires`): required, an [`EntityRef`]; a bare name is a service.
        Target = "target" | "depends_on" | "requires",
        /// `group` (alias `redundancy_group`): optional redundancy group name.
        Group = "group" | "redundancy_group",
        /// `min_up` (alias `k`): how many of the group must be up; default 1.
        MinUp = "min_up" | "k" | "min_required",
        /// `note` (alias `notes`, `description`).
        Note = "note" | "notes" | "description",
    }
}

/// What the `dependent` column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum DependentKind {
    /// A service in `services.csv` (the default).
    #[default]
    Service,
    /// An asset in the inventory, by name.
    Asset,
}

impl DependentKind {
    /// `service` or `asset`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Asset => "asset",
        }
    }
}

impl fmt::Display for DependentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DependentKind {
    type Err = ParseEnumError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match fold(s).as_str() {
            "service" | "services" | "svc" => Ok(Self::Service),
            "asset" | "assets" | "device" => Ok(Self::Asset),
            _ => Err(ParseEnumError {
                what: "dependent kind",
                value: s.to_owned(),
                expected: "service, asset",
            }),
        }
    }
}

/// One need: `dependent` needs `target` (alone, or as a member of a
/// redundancy `group`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyRecord {
    /// Name of the service or asset that needs the target.
    pub dependent: String,
    /// What `dependent` names.
    pub dependent_kind: DependentKind,
    /// What is needed: a service or an asset.
    pub target: EntityRef,
    /// Redundancy group name; rows of the same dependent and group form one
    /// k-of-n need.
    pub group: Option<String>,
    /// The group's k as written on this row (`None` = not written here; see
    /// [`requirements`] for the resolved value). Only with a `group`; ≥ 1.
    pub min_up: Option<u32>,
    /// Free text.
    pub note: Option<String>,
}

impl DependencyRecord {
    /// A plain (1-of-1) need of a service.
    pub fn new(dependent: impl Into<String>, target: EntityRef) -> Self {
        Self {
            dependent: dependent.into(),
            dependent_kind: DependentKind::Service,
            target,
            group: None,
            min_up: None,
            note: None,
        }
    }

    /// The dependent as an [`EntityRef`].
    pub fn dependent_ref(&self) -> EntityRef {
        match self.dependent_kind {
            DependentKind::Service => EntityRef::Service(self.dependent.clone()),
            DependentKind::Asset => EntityRef::Asset(self.dependent.clone()),
        }
    }
}

fn describe(kind: DependentKind, dependent: &str, group: &str) -> String {
    format!("group `{group}` of {kind} `{dependent}`")
}

fn join_lines(lines: &[u64]) -> String {
    lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

impl Format for DependencyRecord {
    type Column = Column;
    type Checks = DependencyChecks;
    const COLUMNS: &'static [Column] = Column::ALL;
    const REQUIRED: &'static [Column] = &[Column::Dependent, Column::Target];

    fn column_name(col: Column) -> &'static str {
        col.name()
    }

    fn column_from_header(h: &str) -> Option<Column> {
        Column::from_header(h)
    }

    fn parse(cells: &mut Cells<'_, Column>) -> Option<Self> {
        let dependent = cells.required(Column::Dependent);
        let dependent_kind = cells
            .parse(Column::DependentKind, str::parse::<DependentKind>)
            .unwrap_or_default();
        let target = cells
            .required(Column::Target)
            .and_then(|_| cells.parse(Column::Target, |s| EntityRef::parse(s, BareName::Service)));
        let group = cells.text(Column::Group);
        let min_up = cells.parse(Column::MinUp, |s| match s.parse::<u32>() {
            Ok(k) if k >= 1 => Ok(k),
            _ => Err(format!("`{s}` is not a whole number of at least 1")),
        });
        if min_up.is_some() && group.is_none() {
            cells.error(
                Column::MinUp,
                "min_up applies to a redundancy group: name the group in `group`",
            );
        }
        let (dependent, target) = (dependent?, target?);
        let me = match dependent_kind {
            DependentKind::Service => EntityRef::Service(dependent.clone()),
            DependentKind::Asset => EntityRef::Asset(dependent.clone()),
        };
        if me.key() == target.key() {
            cells.error(Column::Target, format!("`{dependent}` cannot depend on itself"));
        }
        Some(Self {
            dependent,
            dependent_kind,
            target,
            group,
            min_up,
            note: cells.text(Column::Note),
        })
    }

    fn check(checks: &mut DependencyChecks, line: u64, r: &Self) -> Vec<RowError> {
        let dep_key = name_key(&r.dependent);
        let group_key = r.group.as_deref().map(name_key).unwrap_or_default();
        let seen_key = (r.dependent_kind, dep_key.clone(), group_key.clone(), r.target.key());
        if let Some(first) = checks.seen.get(&seen_key) {
            let within = match &r.group {
                Some(g) => format!(" in group `{g}`"),
                None => String::new(),
            };
            return vec![RowError {
                line,
                column: Some("target".into()),
                message: format!(
                    "{} `{}` already needs `{}`{within} on line {first}",
                    r.dependent_kind, r.dependent, r.target
                ),
            }];
        }
        if let Some(group) = &r.group {
            let state = checks
                .groups
                .entry((r.dependent_kind, dep_key, group_key))
                .or_insert_with(|| GroupState {
                    name: group.clone(),
                    dependent: r.dependent.clone(),
                    min_up: None,
                    lines: Vec::new(),
                });
            match (state.min_up, r.min_up) {
                (Some((k, first)), Some(mine)) if k != mine => {
                    return vec![RowError {
                        line,
                        column: Some("min_up".into()),
                        message: format!(
                            "min_up {mine} on line {line} disagrees with min_up {k} on line {first} for {}",
                            describe(r.dependent_kind, &state.dependent, &state.name)
                        ),
                    }];
                }
                (None, Some(mine)) => state.min_up = Some((mine, line)),
                _ => {}
            }
            state.lines.push(line);
        }
        checks.seen.insert(seen_key, line);
        Vec::new()
    }

    fn finish(checks: DependencyChecks) -> Vec<FileError> {
        let mut groups: Vec<(GroupKey, GroupState)> = checks.groups.into_iter().collect();
        groups.sort_by_key(|(_, g)| g.lines.first().copied().unwrap_or(0));
        groups
            .into_iter()
            .filter_map(|((kind, _, _), g)| {
                let (k, at) = g.min_up?;
                let n = g.lines.len();
                (k as usize > n).then(|| FileError {
                    error: RowError {
                        line: at,
                        column: Some("min_up".into()),
                        message: format!(
                            "{} needs {k} up (min_up on line {at}) but has only {n} member{} (line{} {})",
                            describe(kind, &g.dependent, &g.name),
                            if n == 1 { "" } else { "s" },
                            if n == 1 { "" } else { "s" },
                            join_lines(&g.lines)
                        ),
                    },
                    lines: g.lines,
                })
            })
            .collect()
    }

    fn cell(&self, col: Column) -> String {
        match col {
            Column::Dependent => self.dependent.clone(),
            Column::DependentKind => self.dependent_kind.as_str().to_owned(),
            Column::Target => self.target.to_cell(BareName::Service),
            Column::Group => opt(&self.group),
            Column::MinUp => self.min_up.map(|k| k.to_string()).unwrap_or_default(),
            Column::Note => opt(&self.note),
        }
    }
}

impl EstateRecord for DependencyRecord {
    const KIND: EstateCsvKind = EstateCsvKind::Dependencies;
}

/// One k-of-n need, folded from the rows of `dependencies.csv` by [`requirements`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// What `dependent` names.
    pub dependent_kind: DependentKind,
    /// The dependent's name, as first written.
    pub dependent: String,
    /// The redundancy group's name as first written; `None` for a plain need.
    pub group: Option<String>,
    /// How many members must be up: the group's `min_up` (default 1); 1 for a plain need.
    pub min_up: u32,
    /// The members with the line of each row, in input order.
    pub members: Vec<(u64, EntityRef)>,
}

/// Fold good rows (as [`parse_all`] returns them) into needs: one per
/// ungrouped row, one per (dependent, group) with the group's `min_up`
/// (first given value, default 1). Names and groups compare by
/// [`name_key`]. In order of each need's first row.
pub fn requirements(rows: &[(u64, DependencyRecord)]) -> Vec<Requirement> {
    let mut out: Vec<Requirement> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    for (line, r) in rows {
        let Some(group) = &r.group else {
            out.push(Requirement {
                dependent_kind: r.dependent_kind,
                dependent: r.dependent.clone(),
                group: None,
                min_up: 1,
                members: vec![(*line, r.target.clone())],
            });
            continue;
        };
        let key = (r.dependent_kind, name_key(&r.dependent), name_key(group));
        let i = *index.entry(key).or_insert_with(|| {
            out.push(Requirement {
                dependent_kind: r.dependent_kind,
                dependent: r.dependent.clone(),
                group: Some(group.clone()),
                min_up: 0,
                members: Vec::new(),
            });
            out.len() - 1
        });
        let req = &mut out[i];
        if req.min_up == 0
            && let Some(k) = r.min_up
        {
            req.min_up = k;
        }
        req.members.push((*line, r.target.clone()));
    }
    for req in &mut out {
        if req.min_up == 0 {
            req.min_up = 1;
        }
    }
    out
}

/// Streaming reader over `dependencies.csv`. Call
/// [`finish`](super::EstateCsvReader::finish) after the last row for the
/// group-size check.
pub type DependenciesReader<R> = super::EstateCsvReader<R, DependencyRecord>;

/// Parse a whole `dependencies.csv` held in memory, group checks included.
pub fn parse_all(input: &[u8]) -> Result<EstateCsvReport<DependencyRecord>, CsvError> {
    super::parse_all(input)
}

/// Render dependencies as a `dependencies.csv` file.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a DependencyRecord>) -> Result<Vec<u8>, WriteError> {
    super::write_all(records)
}

//! State of the checks across the rows of one file. The types are public
//! only because they are associated types of the sealed `Format` trait; they
//! are not reachable from outside the crate.
#![allow(unreachable_pub)]

use std::collections::HashMap;

use super::RowError;
use super::dependencies::DependentKind;
use super::values::name_key;

/// Names seen so far (by [`name_key`]) and the line of each: names are
/// unique in `zones.csv` and `services.csv`.
#[derive(Debug, Default)]
pub struct UniqueNames {
    names: HashMap<String, u64>,
}

impl UniqueNames {
    /// Refuse a name seen on an earlier line; else remember it.
    pub(super) fn check(&mut self, what: &str, column: &str, name: &str, line: u64) -> Vec<RowError> {
        let key = name_key(name);
        match self.names.get(&key) {
            Some(first) => vec![RowError {
                line,
                column: Some(column.to_owned()),
                message: format!("{what} `{name}` is already defined on line {first}"),
            }],
            None => {
                self.names.insert(key, line);
                Vec::new()
            }
        }
    }
}

/// (dependent kind, dependent key, group key).
pub(super) type GroupKey = (DependentKind, String, String);

/// One redundancy group as read so far.
#[derive(Debug)]
pub(super) struct GroupState {
    /// Group name as first written, for messages.
    pub(super) name: String,
    /// Dependent as first written, for messages.
    pub(super) dependent: String,
    /// The `min_up` and the line that first gave it.
    pub(super) min_up: Option<(u32, u64)>,
    /// Good rows of the group.
    pub(super) lines: Vec<u64>,
}

/// Checks across the rows of `dependencies.csv`: duplicate needs, `min_up`
/// agreement, group sizes.
#[derive(Debug, Default)]
pub struct DependencyChecks {
    /// (dependent kind, dependent key, group key or "", target key) → line.
    pub(super) seen: HashMap<(DependentKind, String, String, String), u64>,
    /// Redundancy groups by key.
    pub(super) groups: HashMap<GroupKey, GroupState>,
}

//! Bulk reads of many small rows, packed by the database into one JSON
//! array per query.
//!
//! sqlx's SQLite driver hands rows over one at a time from its worker
//! thread — a channel message, and often a thread switch, per row — which
//! dominates reading millions of rows (2M finding keys: ~6 s that way, the
//! database itself needs under 1 s). For the few reads that walk a whole
//! table at city scale (the matcher's inventory and stored findings, the
//! estate graph) the database packs each chunk into one JSON text instead
//! (`json_group_array(json_array(…))` on SQLite, `json_agg(json_build_array(…))`
//! on PostgreSQL) and serde reads it straight into the row structs: a
//! derived `Deserialize` accepts an array as the fields in order.
//!
//! Booleans arrive as `0`/`1` from SQLite and `true`/`false` from
//! PostgreSQL: fields use [`sql_bool`] / [`sql_opt_bool`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::db::{Backend, Store, on_pool};
use crate::error::{Result, StoreError};
use crate::sql::{Sql, bind_all};

impl Store {
    /// Runs `inner` (a `SELECT` whose output columns include `columns`) and
    /// returns its rows as `T`s, each read from the JSON array of `columns`
    /// in order. The order of rows is not guaranteed: sort when it matters.
    pub(crate) async fn fetch_packed<T: DeserializeOwned>(
        &self,
        what: &'static str,
        inner: &Sql,
        columns: &[&str],
    ) -> Result<Vec<T>> {
        let cols = columns.join(", ");
        let mut sql = Sql::new("");
        match self.backend() {
            Backend::Sqlite => sql.push(&format!("SELECT json_group_array(json_array({cols})) FROM (")),
            Backend::Postgres => sql.push(&format!(
                "SELECT coalesce(json_agg(json_build_array({cols})), '[]')::text FROM ("
            )),
        };
        sql.push(&inner.text).push(") AS packed");
        sql.binds.clone_from(&inner.binds);
        let text = sql.text_for(self.backend());
        let (json,): (Option<String>,) =
            on_pool!(self, p => bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(text)), &sql.binds).fetch_one(p).await)?;
        serde_json::from_str(json.as_deref().unwrap_or("[]")).map_err(|e| StoreError::Corrupt {
            what,
            detail: format!("packed rows: {e}"),
        })
    }
}

impl Store {
    /// Up to `limit` rows of `table` with ids above `after`, in id order:
    /// the chunked whole-table walk, packed. `T` must have an `id` column
    /// and read the columns in the order given.
    pub(crate) async fn packed_chunk<T: DeserializeOwned>(
        &self,
        table: &'static str,
        columns: &[&str],
        after: i64,
        limit: i64,
        id: impl Fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        let mut sql = Sql::new(&format!("SELECT {} FROM {table} WHERE id > ", columns.join(", ")));
        sql.bind(after).push(" ORDER BY id LIMIT ").bind(limit);
        let mut rows: Vec<T> = self.fetch_packed(table, &sql, columns).await?;
        rows.sort_unstable_by_key(|r| id(r));
        Ok(rows)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SqlBool {
    Bool(bool),
    Int(i64),
}

impl From<SqlBool> for bool {
    fn from(b: SqlBool) -> bool {
        match b {
            SqlBool::Bool(b) => b,
            SqlBool::Int(i) => i != 0,
        }
    }
}

/// A boolean column of a packed row.
pub(crate) fn sql_bool<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
    SqlBool::deserialize(d).map(bool::from)
}

/// A nullable boolean column of a packed row.
pub(crate) fn sql_opt_bool<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    Option::<SqlBool>::deserialize(d).map(|b| b.map(bool::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Row {
        id: i64,
        name: Option<String>,
        #[serde(deserialize_with = "sql_bool")]
        on: bool,
        #[serde(deserialize_with = "sql_opt_bool")]
        maybe: Option<bool>,
    }

    #[test]
    fn rows_read_from_arrays_with_either_booleans() {
        let rows: Vec<Row> = serde_json::from_str(r#"[[1,"a\"b",1,null],[2,null,false,true],[3,"",0,0]]"#).unwrap();
        assert_eq!(
            rows,
            vec![
                Row {
                    id: 1,
                    name: Some("a\"b".into()),
                    on: true,
                    maybe: None
                },
                Row {
                    id: 2,
                    name: None,
                    on: false,
                    maybe: Some(true)
                },
                Row {
                    id: 3,
                    name: Some(String::new()),
                    on: false,
                    maybe: Some(false)
                },
            ]
        );
    }
}

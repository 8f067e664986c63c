//! Building dynamic SQL (filters, cursors, multi-row inserts) once for both
//! backends: the text uses `$N` placeholders, which SQLite and PostgreSQL
//! both accept, and the values are bound in order by [`bind_all!`].

/// A value to bind (SQL NULL when `None`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bind {
    I64(Option<i64>),
    F64(Option<f64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

macro_rules! from_bind {
    ($t:ty, $v:ident, $conv:expr) => {
        impl From<$t> for Bind {
            fn from(v: $t) -> Self {
                let $v = v;
                $conv
            }
        }
    };
}
from_bind!(i64, v, Bind::I64(Some(v)));
from_bind!(Option<i64>, v, Bind::I64(v));
from_bind!(f64, v, Bind::F64(Some(v)));
from_bind!(Option<f64>, v, Bind::F64(v));
from_bind!(bool, v, Bind::Bool(Some(v)));
from_bind!(Option<bool>, v, Bind::Bool(v));
from_bind!(String, v, Bind::Text(Some(v)));
from_bind!(Option<String>, v, Bind::Text(v));
from_bind!(&str, v, Bind::Text(Some(v.to_owned())));
from_bind!(Option<&str>, v, Bind::Text(v.map(str::to_owned)));

/// SQL text plus its bind values.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) binds: Vec<Bind>,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            binds: Vec::new(),
        }
    }

    /// Appends raw SQL (never user input).
    pub(crate) fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub(crate) fn bind(&mut self, v: impl Into<Bind>) -> &mut Self {
        self.binds.push(v.into());
        self.text.push('$');
        self.text.push_str(&self.binds.len().to_string());
        self
    }

    /// The text for `backend`. SQLite gets anonymous `?` placeholders: sqlx
    /// looks up every parameter's name, which SQLite does in a linear scan,
    /// so a statement with thousands of `$N` parameters (a multi-row insert)
    /// costs O(n²); `?` parameters have no name and bind in order, which is
    /// what the builder's `$1, $2, …` (each once, in order) mean.
    pub(crate) fn text_for(&self, backend: crate::db::Backend) -> String {
        match backend {
            crate::db::Backend::Postgres => self.text.clone(),
            crate::db::Backend::Sqlite => {
                let mut out = String::with_capacity(self.text.len());
                let mut chars = self.text.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                        while chars.peek().is_some_and(char::is_ascii_digit) {
                            chars.next();
                        }
                        out.push('?');
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// Appends `v1, v2, …` placeholders separated by commas (inside an `IN (…)`).
    pub(crate) fn list<T: Into<Bind>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(v);
        }
        self
    }

    /// Appends `(v1, v2, …)` placeholders for one row of a multi-row insert.
    pub(crate) fn row(&mut self, values: Vec<Bind>) -> &mut Self {
        self.text.push('(');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(v);
        }
        self.text.push(')');
        self
    }
}

/// Binds every value of `$sql.binds` to `$q` in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                $crate::sql::Bind::I64(v) => q.bind(*v),
                $crate::sql::Bind::F64(v) => q.bind(*v),
                $crate::sql::Bind::Text(v) => q.bind(v.as_deref()),
                $crate::sql::Bind::Bool(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

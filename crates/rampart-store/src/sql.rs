//! Building dynamic SQL (filters, cursors) once for both backends: the text
//! uses `$N` placeholders, which SQLite and PostgreSQL both accept, and the
//! values are bound in order by [`bind_all!`].

/// A value to bind.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    I64(i64),
    F64(f64),
    Text(String),
    Bool(bool),
    NullText,
}

impl From<i64> for Bind {
    fn from(v: i64) -> Self {
        Bind::I64(v)
    }
}
impl From<f64> for Bind {
    fn from(v: f64) -> Self {
        Bind::F64(v)
    }
}
impl From<bool> for Bind {
    fn from(v: bool) -> Self {
        Bind::Bool(v)
    }
}
impl From<String> for Bind {
    fn from(v: String) -> Self {
        Bind::Text(v)
    }
}
impl From<&str> for Bind {
    fn from(v: &str) -> Self {
        Bind::Text(v.to_owned())
    }
}
impl From<Option<String>> for Bind {
    fn from(v: Option<String>) -> Self {
        v.map_or(Bind::NullText, Bind::Text)
    }
}

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
}

/// Binds every value of `$sql.binds` to `$q` in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                $crate::sql::Bind::I64(v) => q.bind(*v),
                $crate::sql::Bind::F64(v) => q.bind(*v),
                $crate::sql::Bind::Text(v) => q.bind(v.as_str()),
                $crate::sql::Bind::Bool(v) => q.bind(*v),
                $crate::sql::Bind::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}
pub(crate) use bind_all;

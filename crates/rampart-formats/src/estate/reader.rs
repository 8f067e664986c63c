//! The reading machinery shared by the five kinds: header checks, row
//! splitting, the per-kind [`Format`] hooks, the streaming
//! [`EstateCsvReader`] and [`parse_all`].

use std::collections::BTreeSet;
use std::io;

use super::{
    ConduitRecord, CsvError, DependencyRecord, EstateCsvKind, EstateCsvReport, EstateRecord, FlowRecord, RowError,
    ServiceRecord, ZoneRecord,
};

/// The per-kind parts of reading and writing a file. Sealed: public only so
/// that it can be the supertrait of [`EstateRecord`]; not reachable from
/// outside the crate.
#[allow(unreachable_pub)]
pub trait Format: Sized {
    /// The kind's column enum.
    type Column: Copy + Eq + std::fmt::Debug + 'static;
    /// State of the checks across rows of one file (duplicate names,
    /// redundancy groups).
    type Checks: Default;

    /// Every column, in writer order.
    const COLUMNS: &'static [Self::Column];
    /// Columns the header must have.
    const REQUIRED: &'static [Self::Column];

    /// Canonical header name of `col`.
    fn column_name(col: Self::Column) -> &'static str;
    /// Column named by a header cell.
    fn column_from_header(h: &str) -> Option<Self::Column>;
    /// Build a record from a row's cells; record every problem in `cells`.
    /// `None` when the row cannot make a record (its errors say why).
    fn parse(cells: &mut Cells<'_, Self::Column>) -> Option<Self>;
    /// Check a good record against the rows read before it; on success
    /// remember it for the rows after. Returns the row's errors (empty = good).
    fn check(checks: &mut Self::Checks, line: u64, record: &Self) -> Vec<RowError>;
    /// The checks that need the whole file.
    fn finish(checks: Self::Checks) -> Vec<FileError>;
    /// Render field `col` as a cell (empty = unknown).
    fn cell(&self, col: Self::Column) -> String;
}

/// A problem found only after the whole file was read (today: a dependency
/// redundancy group whose `min_up` exceeds its number of members). It
/// invalidates rows the streaming reader has already yielded as good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The problem, reported at one line (for a group: the line that set
    /// `min_up`).
    pub error: RowError,
    /// Every row the problem invalidates; [`parse_all`] drops them from its
    /// good rows.
    pub lines: Vec<u64>,
}

/// Header cell → lookup key: trimmed, lower-case, spaces and `-` as `_`.
pub(crate) fn header_key(h: &str) -> String {
    h.trim()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The first CSV record of `input` as strings (a leading BOM removed), or
/// `None` when there is none or it is not UTF-8.
pub(crate) fn first_record(input: &[u8]) -> Option<Vec<String>> {
    let mut inner = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut rec = ::csv::ByteRecord::new();
    if !inner.read_byte_record(&mut rec).ok()? {
        return None;
    }
    let mut out = Vec::with_capacity(rec.len());
    for (i, cell) in rec.iter().enumerate() {
        let cell = std::str::from_utf8(cell).ok()?;
        let cell = if i == 0 {
            cell.trim_start_matches('\u{feff}')
        } else {
            cell
        };
        out.push(cell.to_owned());
    }
    Some(out)
}

/// Whether a header (cells as written) is a valid header of format `T`.
fn header_matches<T: Format>(cells: &[&str]) -> bool {
    let mut seen = Vec::with_capacity(cells.len());
    for cell in cells {
        match T::column_from_header(cell) {
            Some(c) if !seen.contains(&c) => seen.push(c),
            _ => return false,
        }
    }
    T::REQUIRED.iter().all(|r| seen.contains(r))
}

/// The one kind whose header `cells` is, if exactly one.
pub(crate) fn kind_of_header(cells: &[&str]) -> Option<EstateCsvKind> {
    let mut found = EstateCsvKind::ALL
        .into_iter()
        .filter(|k| header_matches_kind(*k, cells));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn header_matches_kind(kind: EstateCsvKind, cells: &[&str]) -> bool {
    match kind {
        EstateCsvKind::Zones => header_matches::<ZoneRecord>(cells),
        EstateCsvKind::Conduits => header_matches::<ConduitRecord>(cells),
        EstateCsvKind::Services => header_matches::<ServiceRecord>(cells),
        EstateCsvKind::Dependencies => header_matches::<DependencyRecord>(cells),
        EstateCsvKind::Flows => header_matches::<FlowRecord>(cells),
    }
}

/// The non-empty, trimmed cells of one row, and the errors found so far.
#[allow(unreachable_pub)]
pub struct Cells<'a, C: Copy + Eq + 'static> {
    line: u64,
    cells: Vec<(C, &'a str)>,
    errors: Vec<RowError>,
    name: fn(C) -> &'static str,
}

#[allow(unreachable_pub)]
impl<C: Copy + Eq + 'static> Cells<'_, C> {
    /// The cell of `col`, if the column exists and the cell is not empty.
    pub fn get(&self, col: C) -> Option<&str> {
        self.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| *v)
    }

    /// The cell of `col` as an owned string (`None` when empty).
    pub fn text(&self, col: C) -> Option<String> {
        self.get(col).map(str::to_owned)
    }

    /// A required cell: an error when empty.
    pub fn required(&mut self, col: C) -> Option<String> {
        let v = self.text(col);
        if v.is_none() {
            let name = (self.name)(col);
            self.error(col, format!("{name} is required"));
        }
        v
    }

    /// Parse the cell of `col` with `f`; `None` when empty or invalid (the
    /// error is recorded).
    pub fn parse<T, E: std::fmt::Display>(&mut self, col: C, f: impl FnOnce(&str) -> Result<T, E>) -> Option<T> {
        let v = self.get(col)?;
        match f(v) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(col, e.to_string());
                None
            }
        }
    }

    /// Record an error about the cell of `col`.
    pub fn error(&mut self, col: C, message: impl Into<String>) {
        self.errors.push(RowError {
            line: self.line,
            column: Some((self.name)(col).to_owned()),
            message: message.into(),
        });
    }
}

/// One data row: its line and either the record or every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The parsed record, or the row's errors (at least one).
    pub result: Result<T, Vec<RowError>>,
}

/// Streaming reader over one estate CSV file of record type `T`. Iterate (by
/// `&mut` reference, to keep the reader) to get [`Row`]s; after an `Err` the
/// iterator ends. Then call [`finish`](Self::finish) for the problems that
/// need the whole file.
pub struct EstateCsvReader<R: io::Read, T: EstateRecord> {
    inner: ::csv::Reader<R>,
    columns: Vec<T::Column>,
    record: ::csv::ByteRecord,
    checks: T::Checks,
    done: bool,
}

impl<R: io::Read, T: EstateRecord> std::fmt::Debug for EstateCsvReader<R, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EstateCsvReader")
            .field("kind", &T::KIND)
            .field("columns", &self.columns)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

fn record_line(rec: &::csv::ByteRecord) -> u64 {
    rec.position().map(|p| p.line()).unwrap_or(0)
}

impl<R: io::Read, T: EstateRecord> EstateCsvReader<R, T> {
    /// Read and check the header row.
    pub fn new(reader: R) -> Result<Self, CsvError> {
        let mut inner = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut header = ::csv::ByteRecord::new();
        let got = inner.read_byte_record(&mut header).map_err(|e| CsvError::Read {
            line: e.position().map(|p| p.line()).unwrap_or(1),
            message: e.to_string(),
        })?;
        if !got {
            return Err(CsvError::NoHeader { line: 1 });
        }
        let line = record_line(&header).max(1);
        let mut cells = Vec::with_capacity(header.len());
        for (i, cell) in header.iter().enumerate() {
            let cell = std::str::from_utf8(cell).map_err(|_| CsvError::NotUtf8 { line })?;
            cells.push(if i == 0 {
                cell.trim_start_matches('\u{feff}')
            } else {
                cell
            });
        }
        let looks_like = || kind_of_header(&cells).filter(|k| *k != T::KIND);
        let mut columns = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            let col = T::column_from_header(cell).ok_or_else(|| CsvError::UnknownColumn {
                line,
                column: cell.trim().to_owned(),
                index: i + 1,
                kind: T::KIND,
                looks_like: looks_like(),
            })?;
            if columns.contains(&col) {
                return Err(CsvError::DuplicateColumn {
                    line,
                    column: T::column_name(col),
                });
            }
            columns.push(col);
        }
        if let Some(missing) = T::REQUIRED.iter().find(|c| !columns.contains(c)) {
            return Err(CsvError::MissingColumn {
                line,
                column: T::column_name(*missing),
                kind: T::KIND,
                looks_like: looks_like(),
            });
        }
        Ok(Self {
            inner,
            columns,
            record: ::csv::ByteRecord::new(),
            checks: T::Checks::default(),
            done: false,
        })
    }

    /// The columns of the header, in file order.
    pub fn columns(&self) -> &[T::Column] {
        &self.columns
    }

    /// The problems that need the whole file, once every row has been read.
    /// They may invalidate rows already yielded as good: see
    /// [`FileError::lines`].
    pub fn finish(self) -> Vec<FileError> {
        T::finish(self.checks)
    }

    fn parse_record(&mut self, line: u64) -> Result<Option<Row<T>>, CsvError> {
        let rec = &self.record;
        let mut fields = Vec::with_capacity(rec.len());
        for cell in rec.iter() {
            fields.push(
                std::str::from_utf8(cell)
                    .map_err(|_| CsvError::NotUtf8 { line })?
                    .trim(),
            );
        }
        if fields.iter().all(|f| f.is_empty()) {
            return Ok(None); // a row of empty cells (spreadsheet residue) is no record
        }
        let mut cells = Cells {
            line,
            cells: Vec::with_capacity(fields.len()),
            errors: Vec::new(),
            name: T::column_name,
        };
        if fields.len() != self.columns.len() {
            cells.errors.push(RowError {
                line,
                column: None,
                message: format!(
                    "expected {} fields (as in the header), found {}",
                    self.columns.len(),
                    fields.len()
                ),
            });
        }
        for (col, value) in self.columns.iter().zip(&fields) {
            if !value.is_empty() {
                cells.cells.push((*col, value));
            }
        }
        let parsed = T::parse(&mut cells);
        let mut errors = cells.errors;
        let result = match parsed {
            Some(record) if errors.is_empty() => {
                let errs = T::check(&mut self.checks, line, &record);
                if errs.is_empty() { Ok(record) } else { Err(errs) }
            }
            _ => {
                if errors.is_empty() {
                    errors.push(RowError {
                        line,
                        column: None,
                        message: "the row does not make a record".into(),
                    });
                }
                Err(errors)
            }
        };
        Ok(Some(Row { line, result }))
    }
}

impl<R: io::Read, T: EstateRecord> Iterator for EstateCsvReader<R, T> {
    type Item = Result<Row<T>, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.inner.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    let line = record_line(&self.record);
                    match self.parse_record(line) {
                        Ok(Some(row)) => return Some(Ok(row)),
                        Ok(None) => {}
                        Err(e) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                    }
                }
                Err(e) => {
                    self.done = true;
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    return Some(Err(CsvError::Read {
                        line,
                        message: e.to_string(),
                    }));
                }
            }
        }
        None
    }
}

/// Parse a whole estate CSV of record type `T` held in memory. Rows
/// invalidated by a [`FileError`] are dropped from the good rows, and the
/// error is added after the row errors.
pub fn parse_all<T: EstateRecord>(input: &[u8]) -> Result<EstateCsvReport<T>, CsvError> {
    let mut report = EstateCsvReport::default();
    let mut reader = EstateCsvReader::<_, T>::new(input)?;
    for row in &mut reader {
        let row = row?;
        match row.result {
            Ok(record) => report.rows.push((row.line, record)),
            Err(errs) => report.errors.extend(errs),
        }
    }
    let file_errors = reader.finish();
    if !file_errors.is_empty() {
        let dropped: BTreeSet<u64> = file_errors.iter().flat_map(|e| e.lines.iter().copied()).collect();
        report.rows.retain(|(line, _)| !dropped.contains(line));
        report.errors.extend(file_errors.into_iter().map(|e| e.error));
    }
    Ok(report)
}

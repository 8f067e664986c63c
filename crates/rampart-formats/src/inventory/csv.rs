//! Rampart's inventory CSV format: a header row naming columns, one asset per
//! row. Specified in `docs/formats/inventory-csv.md`.
//!
//! Reading streams: [`CsvReader`] yields one [`Row`] at a time so that an
//! import of a million rows can be inserted in batches without holding every
//! record; [`parse_all`] collects everything into a [`CsvReport`] for small
//! files and tests. A bad row never stops the import: it becomes one or more
//! [`RowError`]s. Only structural problems (no header, no `name` column, an
//! unknown or repeated column, bytes that are not UTF-8) are fatal
//! ([`CsvError`]), each naming its line.

mod columns;

use std::io;

pub use columns::Column;

use crate::inventory::record::{AssetRecord, GeoPoint, SourceRef};

/// A fatal problem: the input is not an inventory CSV at all, or stops being
/// readable. Every variant names the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// The input has no rows at all.
    #[error("line {line}: no header row (the input is empty)")]
    NoHeader {
        /// Line where the header was expected.
        line: u64,
    },
    /// The header lacks the required `name` column.
    #[error("line {line}: the header has no `name` column")]
    NoNameColumn {
        /// Header line.
        line: u64,
    },
    /// A header cell is not a column of the format.
    #[error("line {line}: unknown column `{column}` (header cell {index})")]
    UnknownColumn {
        /// Header line.
        line: u64,
        /// The header cell as written.
        column: String,
        /// 1-based position of the cell.
        index: usize,
    },
    /// A column appears twice in the header.
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

impl CsvError {
    /// The 1-based line the error refers to.
    pub fn line(&self) -> u64 {
        match self {
            Self::NoHeader { line }
            | Self::NoNameColumn { line }
            | Self::UnknownColumn { line, .. }
            | Self::DuplicateColumn { line, .. }
            | Self::NotUtf8 { line }
            | Self::Read { line, .. } => *line,
        }
    }
}

/// A problem with one row (the row is skipped; the import goes on).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.as_deref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
pub struct RowError {
    /// 1-based line where the row starts.
    pub line: u64,
    /// Column of the bad cell, if one cell is to blame.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// One data row: its line and either the record or every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The parsed record, or the row's errors (at least one).
    pub result: Result<AssetRecord, Vec<RowError>>,
}

/// Everything [`parse_all`] found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsvReport {
    /// Good rows: (line, record).
    pub assets: Vec<(u64, AssetRecord)>,
    /// Problems of bad rows, in input order.
    pub errors: Vec<RowError>,
}

/// Streaming reader over an inventory CSV. Iterate to get [`Row`]s; after an
/// `Err` the iterator ends.
pub struct CsvReader<R: io::Read> {
    inner: ::csv::Reader<R>,
    columns: Vec<Column>,
    record: ::csv::ByteRecord,
    done: bool,
}

impl<R: io::Read> std::fmt::Debug for CsvReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvReader")
            .field("columns", &self.columns)
            .field("done", &self.done)
            .finish()
    }
}

fn record_line(rec: &::csv::ByteRecord) -> u64 {
    rec.position().map(|p| p.line()).unwrap_or(0)
}

impl<R: io::Read> CsvReader<R> {
    /// Read and check the header row.
    pub fn new(reader: R) -> Result<Self, CsvError> {
        let mut inner = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        let mut header = ::csv::ByteRecord::new();
        let got = inner.read_byte_record(&mut header).map_err(|e| CsvError::Read {
            line: 1,
            message: e.to_string(),
        })?;
        if !got {
            return Err(CsvError::NoHeader { line: 1 });
        }
        let line = record_line(&header).max(1);
        let mut columns = Vec::with_capacity(header.len());
        for (i, cell) in header.iter().enumerate() {
            let cell = std::str::from_utf8(cell).map_err(|_| CsvError::NotUtf8 { line })?;
            let cell = if i == 0 {
                cell.trim_start_matches('\u{feff}')
            } else {
                cell
            };
            let col = Column::from_header(cell).ok_or_else(|| CsvError::UnknownColumn {
                line,
                column: cell.trim().to_owned(),
                index: i + 1,
            })?;
            if columns.contains(&col) {
                return Err(CsvError::DuplicateColumn {
                    line,
                    column: col.name(),
                });
            }
            columns.push(col);
        }
        if !columns.contains(&Column::Name) {
            return Err(CsvError::NoNameColumn { line });
        }
        Ok(Self {
            inner,
            columns,
            record: ::csv::ByteRecord::new(),
            done: false,
        })
    }

    /// The columns of the header, in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn parse_record(&self, line: u64) -> Result<Option<Row>, CsvError> {
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
            return Ok(None); // a row of empty cells (spreadsheet residue) is no asset
        }
        let mut errors = Vec::new();
        if fields.len() != self.columns.len() {
            errors.push(RowError {
                line,
                column: None,
                message: format!(
                    "expected {} fields (as in the header), found {}",
                    self.columns.len(),
                    fields.len()
                ),
            });
        }
        let mut record = AssetRecord {
            source_ref: Some(SourceRef::Line(line)),
            ..AssetRecord::default()
        };
        let mut geo = (None, None);
        for (col, value) in self.columns.iter().zip(&fields) {
            if value.is_empty() {
                continue;
            }
            if let Err(message) = columns::apply(*col, value, &mut record, &mut geo) {
                errors.push(RowError {
                    line,
                    column: Some(col.name().to_owned()),
                    message,
                });
            }
        }
        if record.name.is_empty() {
            errors.push(RowError {
                line,
                column: Some("name".into()),
                message: "name is required".into(),
            });
        }
        match geo {
            (Some(lat), Some(lon)) => match GeoPoint::new(lat, lon) {
                Some(g) => record.location = Some(g),
                None => errors.push(RowError {
                    line,
                    column: Some(if (-90.0..=90.0).contains(&lat) { "lon" } else { "lat" }.into()),
                    message: format!("({lat}, {lon}) is out of range (lat -90..90, lon -180..180)"),
                }),
            },
            (Some(_), None) => errors.push(RowError {
                line,
                column: Some("lon".into()),
                message: "lat is given without lon".into(),
            }),
            (None, Some(_)) => errors.push(RowError {
                line,
                column: Some("lat".into()),
                message: "lon is given without lat".into(),
            }),
            (None, None) => {}
        }
        let result = if errors.is_empty() { Ok(record) } else { Err(errors) };
        Ok(Some(Row { line, result }))
    }
}

impl<R: io::Read> Iterator for CsvReader<R> {
    type Item = Result<Row, CsvError>;

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

/// Parse a whole inventory CSV held in memory.
pub fn parse_all(input: &[u8]) -> Result<CsvReport, CsvError> {
    let mut report = CsvReport::default();
    for row in CsvReader::new(input)? {
        let row = row?;
        match row.result {
            Ok(record) => report.assets.push((row.line, record)),
            Err(errs) => report.errors.extend(errs),
        }
    }
    Ok(report)
}

/// Parse the rows of an inventory CSV, handing each good record to `on_asset`
/// and each bad row's errors to `on_error`, holding only one row at a time.
/// Returns (good rows, bad rows).
pub fn parse_with<R: io::Read>(
    reader: R,
    mut on_asset: impl FnMut(u64, AssetRecord),
    mut on_error: impl FnMut(Vec<RowError>),
) -> Result<(u64, u64), CsvError> {
    let (mut good, mut bad) = (0, 0);
    for row in CsvReader::new(reader)? {
        let row = row?;
        match row.result {
            Ok(r) => {
                good += 1;
                on_asset(row.line, r);
            }
            Err(e) => {
                bad += 1;
                on_error(e);
            }
        }
    }
    Ok((good, bad))
}

/// The writer failed (I/O).
#[derive(Debug, thiserror::Error)]
#[error("writing inventory CSV failed: {0}")]
pub struct CsvWriteError(#[from] ::csv::Error);

/// Writes records in the inventory CSV format, all columns, header first.
///
/// Lossy where the format is narrower than [`AssetRecord`]: open ports keep
/// only port/protocol/service, OS matches only their names, `source_ref` is
/// dropped, and a `;` inside a tag or OS name (the list separator) is written
/// as `,`.
pub struct CsvWriter<W: io::Write> {
    inner: ::csv::Writer<W>,
}

impl<W: io::Write> std::fmt::Debug for CsvWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvWriter").finish_non_exhaustive()
    }
}

impl<W: io::Write> CsvWriter<W> {
    /// Start a document: writes the header row.
    pub fn new(writer: W) -> Result<Self, CsvWriteError> {
        let mut inner = ::csv::WriterBuilder::new().from_writer(writer);
        inner.write_record(Column::ALL.iter().map(|c| c.name()))?;
        Ok(Self { inner })
    }

    /// Write one record.
    pub fn write(&mut self, record: &AssetRecord) -> Result<(), CsvWriteError> {
        let cells = Column::ALL.iter().map(|c| columns::format(*c, record));
        self.inner.write_record(cells)?;
        Ok(())
    }

    /// Flush and return the underlying writer.
    pub fn finish(self) -> Result<W, CsvWriteError> {
        self.inner
            .into_inner()
            .map_err(|e| CsvWriteError(::csv::Error::from(e.into_error())))
    }
}

/// Render records as an inventory CSV document.
pub fn write_all<'a>(records: impl IntoIterator<Item = &'a AssetRecord>) -> Result<Vec<u8>, CsvWriteError> {
    let mut w = CsvWriter::new(Vec::new())?;
    for r in records {
        w.write(r)?;
    }
    w.finish()
}

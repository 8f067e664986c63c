//! Writing estate CSV files: every column of the kind, canonical header
//! names, so an export can be edited and imported again.

use std::io;
use std::marker::PhantomData;

use super::EstateRecord;

/// The writer failed (I/O).
#[derive(Debug, thiserror::Error)]
#[error("writing estate CSV failed: {0}")]
pub struct WriteError(#[from] ::csv::Error);

/// Writes records of type `T` as an estate CSV file, header first. Records
/// the parser produced are written so that they parse back equal.
pub struct EstateCsvWriter<W: io::Write, T: EstateRecord> {
    inner: ::csv::Writer<W>,
    kind: PhantomData<fn(&T)>,
}

impl<W: io::Write, T: EstateRecord> std::fmt::Debug for EstateCsvWriter<W, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EstateCsvWriter")
            .field("kind", &T::KIND)
            .finish_non_exhaustive()
    }
}

impl<W: io::Write, T: EstateRecord> EstateCsvWriter<W, T> {
    /// Start a file: writes the header row.
    pub fn new(writer: W) -> Result<Self, WriteError> {
        let mut inner = ::csv::WriterBuilder::new().from_writer(writer);
        inner.write_record(T::COLUMNS.iter().map(|c| T::column_name(*c)))?;
        Ok(Self {
            inner,
            kind: PhantomData,
        })
    }

    /// Write one record.
    pub fn write(&mut self, record: &T) -> Result<(), WriteError> {
        self.inner.write_record(T::COLUMNS.iter().map(|c| record.cell(*c)))?;
        Ok(())
    }

    /// Flush and return the underlying writer.
    pub fn finish(self) -> Result<W, WriteError> {
        self.inner
            .into_inner()
            .map_err(|e| WriteError(::csv::Error::from(e.into_error())))
    }
}

/// Render records as an estate CSV file.
pub fn write_all<'a, T: EstateRecord + 'a>(records: impl IntoIterator<Item = &'a T>) -> Result<Vec<u8>, WriteError> {
    let mut w = EstateCsvWriter::<_, T>::new(Vec::new())?;
    for r in records {
        w.write(r)?;
    }
    w.finish()
}

//! NVD 1.1 feed `.meta` files: `lastModifiedDate:`, `size:` (bytes of the uncompressed JSON),
//! `zipSize:`, `gzSize:` and `sha256:` (of the uncompressed JSON, upper-case hex).

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::feed::{self, FeedError, Result};

/// The content of a `.meta` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedMeta {
    /// `lastModifiedDate`.
    pub last_modified: Option<OffsetDateTime>,
    /// `size`: bytes of the uncompressed JSON.
    pub size: Option<u64>,
    /// `zipSize`.
    pub zip_size: Option<u64>,
    /// `gzSize`.
    pub gz_size: Option<u64>,
    /// `sha256` of the uncompressed JSON, lower-case hex.
    pub sha256: Option<String>,
}

impl FeedMeta {
    /// Parses a `.meta` file. Unknown keys are ignored; a known key with a bad value is an
    /// error naming the line.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let mut meta = Self::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| FeedError::Meta {
                file: file.to_owned(),
                line: i + 1,
                message,
            };
            let Some((key, value)) = line.split_once(':') else {
                return Err(err(format!("expected `key:value`, got {line:?}")));
            };
            let number = || {
                value
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| err(format!("{key}: not a byte count: {value:?}")))
            };
            match key.trim() {
                "lastModifiedDate" => {
                    meta.last_modified =
                        Some(feed::parse_timestamp(value).ok_or_else(|| err(format!("bad timestamp {value:?}")))?);
                }
                "size" => meta.size = Some(number()?),
                "zipSize" => meta.zip_size = Some(number()?),
                "gzSize" => meta.gz_size = Some(number()?),
                "sha256" => {
                    let v = value.trim();
                    if v.len() != 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(err(format!("sha256: not 64 hex digits: {v:?}")));
                    }
                    meta.sha256 = Some(v.to_ascii_lowercase());
                }
                _ => {}
            }
        }
        if meta.sha256.is_none() && meta.size.is_none() {
            return Err(FeedError::Meta {
                file: file.to_owned(),
                line: 0,
                message: "neither `size:` nor `sha256:` present".to_owned(),
            });
        }
        Ok(meta)
    }

    /// Checks the uncompressed JSON against `size` and `sha256`. `file` names the feed in the
    /// error.
    pub fn verify(&self, uncompressed_json: &[u8], file: &str) -> Result<()> {
        if let Some(size) = self.size {
            let actual = uncompressed_json.len() as u64;
            if actual != size {
                return Err(FeedError::IntegrityMismatch {
                    file: file.to_owned(),
                    check: "size",
                    expected: size.to_string(),
                    actual: actual.to_string(),
                });
            }
        }
        if let Some(expected) = &self.sha256 {
            let actual = hex::encode(Sha256::digest(uncompressed_json));
            if &actual != expected {
                return Err(FeedError::IntegrityMismatch {
                    file: file.to_owned(),
                    check: "sha256",
                    expected: expected.clone(),
                    actual,
                });
            }
        }
        Ok(())
    }
}

//! A bulk file's bytes as DOJ serves them: the zip archive opened and its one CSV read out,
//! within a size limit, then decoded to text.
//!
//! For: [`unzip_single_csv`] and [`decode`], pure functions over bytes. Not for: what the
//! text says (see [`super`]) or fetching the archive (see `fetch`).

use std::io::{Cursor, Read as _};

use serde::Serialize;

use super::BulkError;

/// The most a bulk CSV may expand to. DOJ's largest file (RegistrantDocs) is tens of MB
/// uncompressed; a zip that inflates past this is a zip bomb or not DOJ's file.
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// Returns the one `.csv` file inside a bulk zip.
pub fn unzip_single_csv(zip_bytes: &[u8]) -> Result<Vec<u8>, BulkError> {
    unzip_single_csv_limited(zip_bytes, MAX_CSV_BYTES)
}

/// [`unzip_single_csv`] with a chosen limit on the inflated size. The limit holds whatever
/// size the archive declares: the entry is read through a cap, not trusted.
pub fn unzip_single_csv_limited(zip_bytes: &[u8], limit: u64) -> Result<Vec<u8>, BulkError> {
    if let Some(what) = looks_like_a_page(zip_bytes) {
        let start: String = String::from_utf8_lossy(&zip_bytes[..zip_bytes.len().min(60)])
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        return Err(BulkError::NotAZip { what, start });
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(zip_bytes)).map_err(BulkError::Zip)?;
    let csvs: Vec<String> = archive
        .file_names()
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .map(str::to_owned)
        .collect();
    let [name] = csvs.as_slice() else {
        return Err(BulkError::NotOneCsv { found: csvs });
    };
    let entry = archive.by_name(name).map_err(BulkError::Zip)?;
    if entry.size() > limit {
        return Err(BulkError::TooLarge {
            name: name.clone(),
            limit,
        });
    }
    let mut out = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|source| BulkError::ZipEntry {
            name: name.clone(),
            source,
        })?;
    if out.len() as u64 > limit {
        return Err(BulkError::TooLarge {
            name: name.clone(),
            limit,
        });
    }
    Ok(out)
}

/// What a body that should have been a zip looks like instead, when it is a web page or JSON
/// (DOJ answers errors and rate limits with pages, sometimes with status 200).
fn looks_like_a_page(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.trim_ascii_start();
    let lower: Vec<u8> = head.iter().take(16).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype") || lower.starts_with(b"<html") || lower.starts_with(b"<?xml")
    {
        Some("an HTML page")
    } else if lower.starts_with(b"<") {
        Some("markup")
    } else if lower.starts_with(b"{") || lower.starts_with(b"[") {
        Some("JSON")
    } else {
        None
    }
}

/// The character encoding a bulk file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// UTF-8 (the 2023-08-03 snapshot), with or without a BOM.
    Utf8,
    /// Windows-1252 (the 2025-04-11 files).
    Windows1252,
}

/// Decodes a bulk file: UTF-8 when the bytes are valid UTF-8 (a leading BOM is dropped),
/// otherwise Windows-1252.
///
/// The 2025-04-11 files are Windows-1252 (`Muñoz` as byte 0xF1, smart quotes 0x93/0x94); the
/// 2023-08-03 snapshot is UTF-8. Valid UTF-8 is almost never accidental in Windows-1252 text
/// with accents, so trying UTF-8 first tells the two apart.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (
            s.strip_prefix('\u{feff}').unwrap_or(s).to_owned(),
            Encoding::Utf8,
        ),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    const REG_HEADER_2025: &str = "\"Registration Number\",\"Registration Date\",\"Termination Date\",\"Name\",\"Business Name\",\"Address 1\",\"Address 2\",\"City\",\"State\",\"Zip\"\r\n";

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn unzips_the_single_csv() {
        let csv = REG_HEADER_2025.repeat(50);
        let zip = zip_of(&[("FARA_All_Registrants.csv", csv.as_bytes())]);
        assert_eq!(unzip_single_csv(&zip).unwrap(), csv.as_bytes());

        let truncated = &zip[..zip.len() / 2];
        let err = unzip_single_csv(truncated).unwrap_err();
        assert!(err.to_string().contains("truncated or corrupt"), "{err}");
        assert!(matches!(
            unzip_single_csv(b"<html>429 Too Many Requests</html>"),
            Err(BulkError::NotAZip {
                what: "an HTML page",
                ..
            })
        ));

        // A zip bomb: 8 MiB of zeros deflate to a few KiB; with a 1 MiB limit it is refused
        // without inflating past the limit.
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(
            "FARA_All_Registrants.csv",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(&vec![0u8; 8 << 20]).unwrap();
        let bomb = w.finish().unwrap().into_inner();
        assert!(bomb.len() < 64 << 10, "{}", bomb.len());
        let err = unzip_single_csv_limited(&bomb, 1 << 20).unwrap_err();
        assert!(
            matches!(err, BulkError::TooLarge { limit, .. } if limit == 1 << 20),
            "{err}"
        );
        assert!(unzip_single_csv_limited(&bomb, 8 << 20).is_ok());
        assert!(matches!(
            unzip_single_csv(b"{Success:false}"),
            Err(BulkError::NotAZip { what: "JSON", .. })
        ));

        let two = zip_of(&[("a.csv", b"x"), ("b.CSV", b"y")]);
        assert!(
            matches!(unzip_single_csv(&two), Err(BulkError::NotOneCsv { found }) if found.len() == 2)
        );
        let none = zip_of(&[("readme.txt", b"x")]);
        assert!(
            matches!(unzip_single_csv(&none), Err(BulkError::NotOneCsv { found }) if found.is_empty())
        );
    }
}

//! The four DOJ FARA bulk files (`bulk/zip/FARA_All_*.csv.zip`): unzipping, decoding, and
//! turning their rows into typed records.
//!
//! For: pure functions from bytes/text to [`ParsedFile`]s, with every row either parsed (maybe
//! repaired, with its field issues) or rejected with a reason. Not for: fetching the zips,
//! storing the rows, or deciding what to do with duplicates (reg. 5769 appears twice in the
//! 2025-04-11 Registrants file; both rows are returned and the store decides).
//!
//! Columns are found by name, not position, so that both header spellings work: the
//! 2025-04-11 files say `Registration Number`, the 2023-08-03 snapshot `Registration_Number`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use serde::Serialize;

use super::csvfix::{self, Read, Records};
use crate::text::{country, dates};

/// One of the four bulk files DOJ publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BulkKind {
    Registrants,
    ForeignPrincipals,
    ShortForms,
    RegistrantDocs,
}

impl BulkKind {
    pub const ALL: [BulkKind; 4] = [
        BulkKind::Registrants,
        BulkKind::ForeignPrincipals,
        BulkKind::ShortForms,
        BulkKind::RegistrantDocs,
    ];

    /// Path of the zip relative to the FARA base URL (or a `sync --from` mirror directory).
    pub fn zip_path(self) -> &'static str {
        match self {
            BulkKind::Registrants => "bulk/zip/FARA_All_Registrants.csv.zip",
            BulkKind::ForeignPrincipals => "bulk/zip/FARA_All_ForeignPrincipals.csv.zip",
            BulkKind::ShortForms => "bulk/zip/FARA_All_ShortForms.csv.zip",
            BulkKind::RegistrantDocs => "bulk/zip/FARA_All_RegistrantDocs.csv.zip",
        }
    }

    /// Name of the source in `sync_runs` and `rejects`.
    pub fn source_name(self) -> &'static str {
        match self {
            BulkKind::Registrants => "fara:registrants",
            BulkKind::ForeignPrincipals => "fara:foreign_principals",
            BulkKind::ShortForms => "fara:short_forms",
            BulkKind::RegistrantDocs => "fara:registrant_docs",
        }
    }

    /// The columns this file must have, in the spelling of the 2025 files.
    fn columns(self) -> &'static [&'static str] {
        match self {
            BulkKind::Registrants => &REGISTRANT_COLUMNS,
            BulkKind::ForeignPrincipals => &FOREIGN_PRINCIPAL_COLUMNS,
            BulkKind::ShortForms => &SHORT_FORM_COLUMNS,
            BulkKind::RegistrantDocs => &REGISTRANT_DOC_COLUMNS,
        }
    }

    fn file_name(self) -> &'static str {
        let zip = self.zip_path();
        let name = zip.rsplit('/').next().unwrap_or(zip);
        name.strip_suffix(".zip").unwrap_or(name)
    }
}

/// What went wrong reading a bulk file as a whole. Row-level problems are never errors: they
/// are [`Reject`]s or [`FieldIssue`]s in the [`ParsedFile`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// The bytes are not a readable zip archive, typically a download cut short. Fetch the
    /// file again.
    #[error("the zip archive is truncated or corrupt ({0}); download it again")]
    Zip(#[source] zip::result::ZipError),
    /// The archive opened, but reading the CSV inside failed (bad CRC, cut-off data).
    #[error("could not read {name} inside the zip archive ({source}); download it again")]
    ZipEntry {
        name: String,
        #[source]
        source: std::io::Error,
    },
    /// The archive does not hold exactly one `.csv` file, so we cannot tell which to read.
    #[error("expected exactly one .csv file in the zip archive, found {}: {found:?}", found.len())]
    NotOneCsv { found: Vec<String> },
    /// The server answered with a web page (an error or maintenance page, often with status
    /// 200) where a zip archive was expected. Try again later; the database is unchanged.
    #[error(
        "expected a zip archive but got {what} (starts {start:?}); the server may be down or rate-limiting: try again later"
    )]
    NotAZip { what: &'static str, start: String },
    /// The CSV inside expands past [`MAX_CSV_BYTES`]: a zip bomb, or not DOJ's file. Nothing
    /// is read past the limit.
    #[error(
        "{name} inside the zip archive expands past {limit} bytes, far beyond any FARA bulk file; refusing to read it"
    )]
    TooLarge { name: String, limit: u64 },
    /// The file has no header line at all.
    #[error("{file} is empty (no header line)")]
    Empty { file: &'static str },
    /// The header lacks columns we need: DOJ may have changed the file layout. The message
    /// lists the missing columns and the header that was found.
    #[error("{file}: header lacks the columns {missing:?}; found {found:?}")]
    MissingColumns {
        file: &'static str,
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
}

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
    Utf8,
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

/// Decodes `bytes` (see [`decode`]) and parses them with `parse` (one of the `parse_*`
/// functions), recording the encoding found. The `parse_*` functions on their own receive
/// text that is already a Rust string and report [`Encoding::Utf8`].
pub fn parse_bytes<T>(
    bytes: &[u8],
    parse: fn(&str) -> Result<ParsedFile<T>, BulkError>,
) -> Result<ParsedFile<T>, BulkError> {
    let (text, encoding) = decode(bytes);
    let mut file = parse(&text)?;
    file.encoding = encoding;
    Ok(file)
}

/// A row that was read, with how it was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed<T> {
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: usize,
    /// The row's text as read (decoded), without its line terminator.
    pub raw: String,
    pub value: T,
    /// True when the quoting had to be repaired or a field had an issue.
    pub repaired: bool,
    pub issues: Vec<FieldIssue>,
}

/// A field whose value could not be used as is; the row was still loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldIssue {
    /// The column, in the 2025 header spelling.
    pub field: &'static str,
    pub raw_value: String,
    pub note: String,
}

/// A row that could not be loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reject {
    pub line: usize,
    pub raw: String,
    pub reason: String,
}

/// A whole bulk file: every non-blank line is in exactly one row or one reject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFile<T> {
    /// The header's column names as written in the file.
    pub header: Vec<String>,
    pub encoding: Encoding,
    pub rows: Vec<Parsed<T>>,
    pub rejects: Vec<Reject>,
}

impl<T> ParsedFile<T> {
    /// How many rows were loaded only after a repair.
    pub fn repaired(&self) -> usize {
        self.rows.iter().filter(|r| r.repaired).count()
    }

    /// How many field issues the rows carry in total.
    pub fn issues(&self) -> usize {
        self.rows.iter().map(|r| r.issues.len()).sum()
    }
}

/// A postal address as DOJ files it; empty parts are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
}

/// A row of `FARA_All_Registrants.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registrant {
    pub registration_number: i64,
    pub name: String,
    pub business_name: Option<String>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    pub address: Address,
}

/// A row of `FARA_All_ForeignPrincipals.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForeignPrincipal {
    pub registration_number: i64,
    pub registrant_name: String,
    pub registrant_date: Option<String>,
    /// The principal's name as filed (trimmed); see [`crate::text::names::split_name`] for its parts.
    pub name: String,
    /// "Country/Location Represented" as filed, trimmed.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code of `country`, when it is a country.
    pub country_code: Option<&'static str>,
    pub registration_date: Option<String>,
    pub termination_date: Option<String>,
    pub address: Address,
}

/// A row of `FARA_All_ShortForms.csv`: a person filing a short-form registration statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortForm {
    pub registration_number: i64,
    pub registrant_name: String,
    pub last_name: String,
    pub first_name: Option<String>,
    pub short_form_date: Option<String>,
    pub termination_date: Option<String>,
    pub registration_date: Option<String>,
    pub address: Address,
}

/// A row of `FARA_All_RegistrantDocs.csv`: one filed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrantDoc {
    pub registration_number: i64,
    pub registrant_name: String,
    pub document_type: Option<String>,
    pub date_stamped: Option<String>,
    pub short_form_name: Option<String>,
    pub foreign_principal_name: Option<String>,
    pub foreign_principal_country: Option<String>,
    /// `None` when DOJ has no copy online (see [`NOT_ONLINE_URL`]).
    pub url: Option<String>,
    /// `"listed"` (a URL to fetch) or `"not_online"`.
    pub status: &'static str,
}

/// What DOJ writes in the URL column of about 18% of RegistrantDocs rows (lehogg325/FARA's
/// API notes): the paper document can be seen at the FARA public office only. Not an error.
pub const NOT_ONLINE_URL: &str = "Available-FARA-Public-Office";

const REGISTRANT_COLUMNS: [&str; 10] = [
    "Registration Number",
    "Registration Date",
    "Termination Date",
    "Name",
    "Business Name",
    "Address 1",
    "Address 2",
    "City",
    "State",
    "Zip",
];

const FOREIGN_PRINCIPAL_COLUMNS: [&str; 12] = [
    "Foreign Principal Termination Date",
    "Foreign Principal",
    "Foreign Principal Registration Date",
    "Country/Location Represented",
    "Registration Number",
    "Registrant Date",
    "Registrant Name",
    "Address 1",
    "Address 2",
    "City",
    "State",
    "Zip",
];

const SHORT_FORM_COLUMNS: [&str; 12] = [
    "Short Form Termination Date",
    "Short Form Date",
    "Short Form Last Name",
    "Short Form First Name",
    "Registration Number",
    "Registration Date",
    "Registrant Name",
    "Address 1",
    "Address 2",
    "City",
    "State",
    "Zip",
];

const REGISTRANT_DOC_COLUMNS: [&str; 8] = [
    "Date Stamped",
    "Registrant Name",
    "Registration Number",
    "Document Type",
    "Short Form Name",
    "Foreign Principal Name",
    "Foreign Principal Country",
    "URL",
];

/// Parses `FARA_All_Registrants.csv`. `Err` only when the header is not recognisable.
pub fn parse_registrants(text: &str) -> Result<ParsedFile<Registrant>, BulkError> {
    parse_file(text, BulkKind::Registrants, || {
        |row: &mut Row<'_, '_>| {
            Ok(Registrant {
                registration_number: row.registration_number("Registration Number")?,
                name: row.required_text("Name"),
                business_name: row.text("Business Name"),
                registration_date: row.date("Registration Date"),
                termination_date: row.date("Termination Date"),
                address: row.address(),
            })
        }
    })
}

/// Parses `FARA_All_ForeignPrincipals.csv`. `Err` only when the header is not recognisable.
pub fn parse_foreign_principals(text: &str) -> Result<ParsedFile<ForeignPrincipal>, BulkError> {
    parse_file(text, BulkKind::ForeignPrincipals, || {
        // About 250 distinct country values over 17,000 rows: look each up once (per core).
        let mut codes: HashMap<String, Option<&'static str>> = HashMap::new();
        move |row: &mut Row<'_, '_>| {
            let country = row.text("Country/Location Represented");
            let country_code = match &country {
                None => None,
                Some(c) => match codes.get(c) {
                    Some(code) => *code,
                    None => *codes
                        .entry(c.clone())
                        .or_insert_with(|| country::country_code(c)),
                },
            };
            Ok(ForeignPrincipal {
                registration_number: row.registration_number("Registration Number")?,
                registrant_name: row.required_text("Registrant Name"),
                registrant_date: row.date("Registrant Date"),
                name: row.required_text("Foreign Principal"),
                country_code,
                country,
                registration_date: row.date("Foreign Principal Registration Date"),
                termination_date: row.date("Foreign Principal Termination Date"),
                address: row.address(),
            })
        }
    })
}

/// Parses `FARA_All_ShortForms.csv`. `Err` only when the header is not recognisable.
pub fn parse_short_forms(text: &str) -> Result<ParsedFile<ShortForm>, BulkError> {
    parse_file(text, BulkKind::ShortForms, || {
        |row: &mut Row<'_, '_>| {
            Ok(ShortForm {
                registration_number: row.registration_number("Registration Number")?,
                registrant_name: row.required_text("Registrant Name"),
                last_name: row.required_text("Short Form Last Name"),
                first_name: row.text("Short Form First Name"),
                short_form_date: row.date("Short Form Date"),
                termination_date: row.date("Short Form Termination Date"),
                registration_date: row.date("Registration Date"),
                address: row.address(),
            })
        }
    })
}

/// Parses `FARA_All_RegistrantDocs.csv`. `Err` only when the header is not recognisable.
///
/// A missing registration number, document type or date is taken from the document URL when
/// it follows DOJ's naming (see [`parse_doc_url`]).
pub fn parse_registrant_docs(text: &str) -> Result<ParsedFile<RegistrantDoc>, BulkError> {
    parse_file(text, BulkKind::RegistrantDocs, || {
        |row: &mut Row<'_, '_>| {
            let url_field = row.text("URL");
            let (url, status) = match url_field {
                Some(u) if u.eq_ignore_ascii_case(NOT_ONLINE_URL) => (None, "not_online"),
                Some(u) => (Some(u), "listed"),
                None => {
                    row.issue(
                        "URL",
                        "",
                        "no URL and no public-office note; treated as not online",
                    );
                    (None, "not_online")
                }
            };
            let slug = url.as_deref().and_then(parse_doc_url);
            let registration_number = match (row.registration_number("Registration Number"), &slug)
            {
                (Ok(n), _) => n,
                (Err(_), Some(slug)) if row.get("Registration Number").is_empty() => {
                    slug.registration_number
                }
                (Err(reason), _) => return Err(reason),
            };
            // The URL's date is better than a stamp date DOJ mistyped.
            let date_stamped = match (row.date("Date Stamped"), &slug) {
                (Some(d), Some(s)) if !dates::is_plausible_iso(&d) => Some(s.date_stamped.clone()),
                (Some(d), _) => Some(d),
                (None, s) => s.as_ref().map(|s| s.date_stamped.clone()),
            };
            let document_type = row
                .text("Document Type")
                .or_else(|| slug.as_ref().map(|s| s.document_type.clone()));
            Ok(RegistrantDoc {
                registration_number,
                registrant_name: row.required_text("Registrant Name"),
                document_type,
                date_stamped,
                short_form_name: row.text("Short Form Name"),
                foreign_principal_name: row.text("Foreign Principal Name"),
                foreign_principal_country: row.text("Foreign Principal Country"),
                url,
                status,
            })
        }
    })
}

/// What a DOJ document file name says: `docs/{reg}-{Type-Slug}-{YYYYMMDD}-{seq}.pdf`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocSlug {
    pub registration_number: i64,
    /// In the spelling of the CSV's "Document Type" column (`Exhibit AB`, `Short-Form`).
    pub document_type: String,
    /// ISO date.
    pub date_stamped: String,
    /// DOJ's sequence; usually a number, but old files have ones like `D1Y2IS02`
    /// (`4776-Exhibit-AB-19930303-D1Y2IS02.pdf`).
    pub seq: String,
}

/// Reads the registration number, document type, date and sequence out of a document URL,
/// e.g. `https://efile.fara.gov/docs/7528-Exhibit-AB-20260815-1.pdf`. `None` when the file
/// name does not follow that pattern.
pub fn parse_doc_url(url: &str) -> Option<DocSlug> {
    let path = url.split(['?', '#']).next()?;
    let file = path.rsplit('/').next()?;
    let stem = file
        .len()
        .checked_sub(4)
        .filter(|&cut| file.is_char_boundary(cut) && file[cut..].eq_ignore_ascii_case(".pdf"))
        .map(|cut| &file[..cut])?;
    let (reg, rest) = stem.split_once('-')?;
    let (rest, seq) = rest.rsplit_once('-')?;
    let (type_slug, date) = rest.rsplit_once('-')?;
    if reg.is_empty() || !reg.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let registration_number: i64 = reg.parse().ok().filter(|&n| n > 0)?;
    if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) || type_slug.is_empty() {
        return None;
    }
    let us = format!("{}/{}/{}", &date[4..6], &date[6..8], &date[..4]);
    let date_stamped = dates::us_date_to_iso(&us).ok()??;
    // The CSV spells every type with spaces ("Exhibit AB", "Supplemental Statement") except
    // "Short-Form", whose slug is the same as its name.
    let document_type = if type_slug.eq_ignore_ascii_case("Short-Form") {
        "Short-Form".to_owned()
    } else {
        type_slug.replace('-', " ")
    };
    Some(DocSlug {
        registration_number,
        document_type,
        date_stamped,
        seq: seq.to_owned(),
    })
}

/// Normalises a header name so both spellings meet: lower case, `_` as space, single spaces.
fn header_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One record's fields, looked up by column name, collecting field issues as it goes.
struct Row<'r, 'a> {
    kind: BulkKind,
    fields: &'r [Cow<'a, str>],
    /// For each of `kind.columns()`, its index in `fields`.
    index: &'r [usize],
    issues: Vec<FieldIssue>,
}

impl Row<'_, '_> {
    fn get(&self, column: &'static str) -> &str {
        let at = self
            .kind
            .columns()
            .iter()
            .position(|c| *c == column)
            .unwrap_or_else(|| unreachable!("{column} is not a column of {:?}", self.kind));
        &self.fields[self.index[at]]
    }

    fn text(&self, column: &'static str) -> Option<String> {
        let v = self.get(column);
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// A text column the row needs; an empty one is kept as "" with an issue.
    fn required_text(&mut self, column: &'static str) -> String {
        let v = self.get(column).to_owned();
        if v.is_empty() {
            self.issue(column, "", "empty");
        }
        v
    }

    /// A date column. A date DOJ mistyped (`03/31/0222`) is kept in the shape it was filed
    /// in (`0222-03-31`, see [`dates::as_filed_iso`]) with an issue naming the raw text; only
    /// text that is no date at all is left empty.
    fn date(&mut self, column: &'static str) -> Option<String> {
        let raw = self.get(column);
        match dates::us_date_to_iso(raw) {
            Ok(d) => d,
            Err(note) => {
                let raw = raw.to_owned();
                let kept = dates::as_filed_iso(&raw);
                let what = match &kept {
                    Some(iso) => format!("{note}; kept as filed, {iso}"),
                    None => format!("{note}; left empty"),
                };
                self.issue(column, &raw, &what);
                kept
            }
        }
    }

    /// A row without a usable registration number cannot be tied to anything: a reject.
    fn registration_number(&self, column: &'static str) -> Result<i64, String> {
        let raw = self.get(column);
        match raw.parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{column} {raw:?} is not a positive integer")),
        }
    }

    fn address(&self) -> Address {
        Address {
            address_1: self.text("Address 1"),
            address_2: self.text("Address 2"),
            city: self.text("City"),
            state: self.text("State"),
            zip: self.text("Zip"),
        }
    }

    fn issue(&mut self, field: &'static str, raw_value: &str, note: &str) {
        self.issues.push(FieldIssue {
            field,
            raw_value: raw_value.to_owned(),
            note: note.to_owned(),
        });
    }
}

/// Reads the header, then every record, building each with `build` (which returns `Err` with
/// a reason to reject the row).
fn parse_file<T: Send, B: FnMut(&mut Row<'_, '_>) -> Result<T, String>>(
    text: &str,
    kind: BulkKind,
    make_build: impl Fn() -> B + Sync,
) -> Result<ParsedFile<T>, BulkError> {
    parse_file_split(text, kind, make_build, SPLIT_BYTES)
}

/// Above this many bytes of records, a file is parsed in two halves on two cores (the
/// principals file, 2.7 MB, is on the critical path of a first sync).
const SPLIT_BYTES: usize = 512 * 1024;

fn parse_file_split<T: Send, B: FnMut(&mut Row<'_, '_>) -> Result<T, String>>(
    text: &str,
    kind: BulkKind,
    make_build: impl Fn() -> B + Sync,
    split_bytes: usize,
) -> Result<ParsedFile<T>, BulkError> {
    // The header is the first non-blank line; blank lines before it still count as lines.
    let mut header_line = 1;
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_text = loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if !line.trim().is_empty() {
            rest = after;
            break line.trim_end_matches('\r');
        }
        if after.is_empty() {
            return Err(BulkError::Empty {
                file: kind.file_name(),
            });
        }
        header_line += 1;
        rest = after;
    };
    let header: Vec<String> = csvfix::strict_split(header_text)
        .map(|f| f.iter().map(|s| s.trim().to_owned()).collect())
        .unwrap_or_else(|| {
            header_text
                .trim_matches('"')
                .split("\",\"")
                .map(|s| s.trim().to_owned())
                .collect()
        });
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut index = Vec::with_capacity(kind.columns().len());
    let mut missing = Vec::new();
    for column in kind.columns() {
        let key = header_key(column);
        match keys.iter().position(|k| *k == key) {
            Some(i) => index.push(i),
            None => missing.push(*column),
        }
    }
    if !missing.is_empty() {
        return Err(BulkError::MissingColumns {
            file: kind.file_name(),
            missing,
            found: header,
        });
    }

    let width = header.len();
    let first_line = header_line + 1;
    let (rows, rejects) = match safe_split(rest, width, split_bytes) {
        Some(at) => {
            let (a, b) = rest.split_at(at);
            let b_line = first_line + a.bytes().filter(|&c| c == b'\n').count();
            let (index, kind, make_build) = (&index, kind, &make_build);
            let (mut first, second) = std::thread::scope(|scope| {
                let second =
                    scope.spawn(move || parse_records(b, b_line, width, kind, index, make_build()));
                let first = parse_records(a, first_line, width, kind, index, make_build());
                (
                    first,
                    second
                        .join()
                        .expect("the second half's parser does not panic"),
                )
            });
            first.0.extend(second.0);
            first.1.extend(second.1);
            first
        }
        None => parse_records(rest, first_line, width, kind, &index, make_build()),
    };
    Ok(ParsedFile {
        header,
        encoding: Encoding::Utf8,
        rows,
        rejects,
    })
}

/// Parses the records of `text` (starting at physical line `first_line`) into rows and rejects.
fn parse_records<T>(
    text: &str,
    first_line: usize,
    width: usize,
    kind: BulkKind,
    index: &[usize],
    mut build: impl FnMut(&mut Row<'_, '_>) -> Result<T, String>,
) -> (Vec<Parsed<T>>, Vec<Reject>) {
    let mut rows = Vec::new();
    let mut rejects = Vec::new();
    for read in Records::new(text, first_line, width) {
        match read {
            Read::Record(record) => {
                let mut row = Row {
                    kind,
                    fields: &record.fields,
                    index,
                    issues: Vec::new(),
                };
                match build(&mut row) {
                    Ok(value) => {
                        let issues = row.issues;
                        rows.push(Parsed {
                            line: record.line,
                            raw: record.raw.to_owned(),
                            value,
                            repaired: record.repaired || !issues.is_empty(),
                            issues,
                        });
                    }
                    Err(reason) => rejects.push(Reject {
                        line: record.line,
                        raw: record.raw.to_owned(),
                        reason,
                    }),
                }
            }
            Read::Bad(bad) => rejects.push(Reject {
                line: bad.line,
                raw: bad.raw.to_owned(),
                reason: bad.reason,
            }),
        }
    }
    (rows, rejects)
}

/// A place near the middle of `text` where it can be cut into two independently parseable
/// halves: the start of a line that is a whole record, right after a line that is one too. A
/// record broken over lines (a line break inside a field) has a partial line on at least one
/// side, so it is never cut. `None` when the text is small or no such place is near.
fn safe_split(text: &str, width: usize, split_bytes: usize) -> Option<usize> {
    if text.len() <= split_bytes || width < 2 {
        return None;
    }
    let whole = |line: &str| {
        let l = line.trim_end_matches('\r');
        l.len() >= 2
            && l.starts_with('"')
            && l.ends_with('"')
            && l.matches("\",\"").count() == width - 1
    };
    let mut start = text[text.len() / 2..].find('\n')? + text.len() / 2 + 1;
    let mut prev = &text[text[..start - 1].rfind('\n').map_or(0, |i| i + 1)..start - 1];
    for _ in 0..1000 {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        if whole(prev) && whole(line) {
            return Some(start);
        }
        if end >= text.len() {
            return None;
        }
        prev = line;
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_parsed_in_two_halves_equals_one_parsed_whole() {
        // Records broken over lines and broken quoting on both sides of the middle: the cut
        // must fall between two whole-record lines, never inside a record.
        let mut text = String::from(FP_HEADER_2023);
        for i in 0..200 {
            match i % 7 {
                0 => text.push_str(&format!("\"\",\"Example {i} Holdings\r\r\n\",\"01/02/2020\",\"UKRAINE\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
                1 => text.push_str(&format!("\"\",\"NGO “Free {i}\"\",\"01/02/2020\",\"UKRAINE\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
                _ => text.push_str(&format!("\"\",\"Principal {i}\",\"01/02/2020\",\"PERU\",\"{}\",\"01/01/2020\",\"Firm\",\"\",\"\",\"\",\"\",\"\"\r\n", 7000 + i)),
            }
        }
        let build = || {
            |row: &mut Row<'_, '_>| {
                Ok((
                    row.registration_number("Registration Number")?,
                    row.required_text("Foreign Principal"),
                ))
            }
        };
        let whole =
            parse_file_split(&text, BulkKind::ForeignPrincipals, build, usize::MAX).unwrap();
        let halves = parse_file_split(&text, BulkKind::ForeignPrincipals, build, 0).unwrap();
        assert!(safe_split(&text[FP_HEADER_2023.len()..], 12, 0).is_some());
        assert_eq!(whole.rows.len(), 200);
        assert_eq!(halves.rows, whole.rows);
        assert_eq!(halves.rejects, whole.rejects);
    }
    use std::io::Write as _;

    const REG_HEADER_2025: &str = "\"Registration Number\",\"Registration Date\",\"Termination Date\",\"Name\",\"Business Name\",\"Address 1\",\"Address 2\",\"City\",\"State\",\"Zip\"\r\n";
    const FP_HEADER_2023: &str = "\"Foreign_Principal_Termination_Date\",\"Foreign_Principal\",\"Foreign_Principal_Registration_Date\",\"Country/Location_Represented\",\"Registration_Number\",\"Registrant_Date\",\"Registrant_Name\",\"Address_1\",\"Address_2\",\"City\",\"State\",\"Zip\"\n";
    const DOC_HEADER: &str = "\"Date Stamped\",\"Registrant Name\",\"Registration Number\",\"Document Type\",\"Short Form Name\",\"Foreign Principal Name\",\"Foreign Principal Country\",\"URL\"\r\n";

    #[test]
    fn registrants_2025_spelling_with_quirks() {
        let text = format!(
            "{REG_HEADER_2025}{}{}{}{}",
            "\"7565\",\"04/02/2025\",\"\",\"Earhart Turner LLC\",\"\",\"300 New Jersey Avenue, NW Suite 300\",\"\",\"Washington\",\"DC\",\" 20001\"\r\n",
            "\"5769\",\"01/01/2007\",\"11/16/0200\",\"Twice Filed LLC\",\"\",\"\",\"\",\" Madison\",\"WI\",\"\"\r\n",
            "\"5769\",\"01/01/2007\",\"\",\"Twice Filed LLC\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n",
            "\"SPAIN\",\"01/01/2007\",\"\",\"Shifted\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n",
        );
        let file = parse_registrants(&text).unwrap();
        assert_eq!(file.header[0], "Registration Number");
        assert_eq!(file.rows.len(), 3);
        let first = &file.rows[0];
        assert_eq!(first.line, 2);
        assert!(!first.repaired);
        assert_eq!(
            first.value,
            Registrant {
                registration_number: 7565,
                name: "Earhart Turner LLC".into(),
                business_name: None,
                registration_date: Some("2025-04-02".into()),
                termination_date: None,
                address: Address {
                    address_1: Some("300 New Jersey Avenue, NW Suite 300".into()),
                    address_2: None,
                    city: Some("Washington".into()),
                    state: Some("DC".into()),
                    zip: Some("20001".into()),
                },
            }
        );
        // A mistyped date keeps the row and the date as filed, and says why.
        let bad_date = &file.rows[1];
        assert!(bad_date.repaired);
        assert_eq!(
            bad_date.value.termination_date.as_deref(),
            Some("0200-11-16")
        );
        assert_eq!(bad_date.value.address.city.as_deref(), Some("Madison"));
        assert_eq!(bad_date.issues.len(), 1);
        assert_eq!(bad_date.issues[0].field, "Termination Date");
        assert_eq!(bad_date.issues[0].raw_value, "11/16/0200");
        // Both 5769 rows are kept.
        assert_eq!(file.rows[2].value.registration_number, 5769);
        // A non-numeric registration number is a reject, with its line and text.
        assert_eq!(file.rejects.len(), 1);
        assert_eq!(file.rejects[0].line, 5);
        assert!(file.rejects[0].raw.starts_with("\"SPAIN\""));
        assert!(
            file.rejects[0].reason.contains("SPAIN"),
            "{}",
            file.rejects[0].reason
        );
        assert_eq!(file.repaired(), 1);
        assert_eq!(file.issues(), 1);
    }

    #[test]
    fn foreign_principals_2023_spelling_reordered_and_repaired() {
        let text = format!(
            "{FP_HEADER_2023}{}{}",
            "\"\",\"\"Ukrainian PR Army\"\",\"04/11/2022\",\"UKRAINE\",\"6915\",\"01/24/2021\",\"Some Firm\",\"\",\"\",\"Kyiv\",\"\",\"\"\n",
            "\"\",\"Ministry X\",\"04/02/2025\",\"CONGO, DEMOCRATIC REPUBLIC OF THE\",\"7564\",\"04/02/2025\",\"Asterix LLC\",\"\",\"\",\"\",\"\",\"\"\n",
        );
        let file = parse_foreign_principals(&text).unwrap();
        assert!(file.rejects.is_empty(), "{:?}", file.rejects);
        let army = &file.rows[0];
        assert!(army.repaired);
        assert_eq!(army.value.name, "\"Ukrainian PR Army\"");
        assert_eq!(army.value.country.as_deref(), Some("UKRAINE"));
        assert_eq!(army.value.country_code, Some("UA"));
        assert_eq!(army.value.registration_date.as_deref(), Some("2022-04-11"));
        assert_eq!(army.value.registrant_date.as_deref(), Some("2021-01-24"));
        assert_eq!(file.rows[1].value.country_code, Some("CD"));

        // Columns are found by name, whatever their order and case.
        let reordered = "\"zip\",\"STATE\",\"City\",\"Address 2\",\"Address 1\",\"Registrant Name\",\"Registrant Date\",\"Registration Number\",\"Country/Location Represented\",\"Foreign Principal Registration Date\",\"Foreign Principal\",\"Foreign Principal Termination Date\"\n\"20001\",\"DC\",\"Washington\",\"\",\"\",\"Firm\",\"\",\"12\",\"JAPAN\",\"\",\"Embassy of Japan\",\"\"\n";
        let file = parse_foreign_principals(reordered).unwrap();
        let row = &file.rows[0].value;
        assert_eq!(
            (row.registration_number, row.name.as_str(), row.country_code),
            (12, "Embassy of Japan", Some("JP"))
        );
        assert_eq!(row.address.zip.as_deref(), Some("20001"));
    }

    #[test]
    fn unrecognisable_header_names_the_missing_columns() {
        let err =
            parse_registrants("\"Registration Number\",\"Name\"\r\n\"1\",\"x\"\r\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("FARA_All_Registrants.csv"), "{msg}");
        assert!(
            msg.contains("Registration Date") && msg.contains("Zip"),
            "{msg}"
        );
        assert!(!msg.contains("\"Name\","), "{msg}");
        assert!(matches!(
            parse_short_forms(""),
            Err(BulkError::Empty { .. })
        ));
    }

    #[test]
    fn short_forms() {
        let text = "\"Short Form Termination Date\",\"Short Form Date\",\"Short Form Last Name\",\"Short Form First Name\",\"Registration Number\",\"Registration Date\",\"Registrant Name\",\"Address 1\",\"Address 2\",\"City\",\"State\",\"Zip\"\n\"\",\"05/07/2025\",\"Halbig von Schleppenbach\",\"Jacqueline\",\"7587\",\"05/07/2025\",\"Sovereign Global Solutions, LLC\",\"\",\"\",\"\",\"\",\"\"\n";
        let file = parse_short_forms(text).unwrap();
        let sf = &file.rows[0].value;
        assert_eq!(sf.last_name, "Halbig von Schleppenbach");
        assert_eq!(sf.first_name.as_deref(), Some("Jacqueline"));
        assert_eq!(sf.short_form_date.as_deref(), Some("2025-05-07"));
        assert_eq!(sf.termination_date, None);
        assert_eq!(sf.registrant_name, "Sovereign Global Solutions, LLC");
    }

    #[test]
    fn registrant_docs_status_and_slug_fallback() {
        let text = format!(
            "{DOC_HEADER}{}{}{}",
            "\"08/15/2026\",\"Firm\",\"7528\",\"Exhibit AB\",\"\",\"Ministry\",\"SAUDI ARABIA\",\"https://efile.fara.gov/docs/7528-Exhibit-AB-20260815-1.pdf\"\r\n",
            "\"03/03/1993\",\"Old Firm\",\"4776\",\"Exhibit AB\",\"\",\"\",\"\",\"Available-FARA-Public-Office\"\r\n",
            "\"\",\"Old Firm\",\"\",\"\",\"\",\"\",\"\",\"https://efile.fara.gov/docs/4776-Exhibit-AB-19930303-D1Y2IS02.pdf\"\r\n",
        );
        let file = parse_registrant_docs(&text).unwrap();
        assert!(file.rejects.is_empty(), "{:?}", file.rejects);
        let listed = &file.rows[0].value;
        assert_eq!(listed.status, "listed");
        assert_eq!(listed.date_stamped.as_deref(), Some("2026-08-15"));
        assert_eq!(
            listed.foreign_principal_country.as_deref(),
            Some("SAUDI ARABIA")
        );
        let office = &file.rows[1];
        assert_eq!(
            (office.value.status, office.value.url.as_deref()),
            ("not_online", None)
        );
        assert!(
            !office.repaired && office.issues.is_empty(),
            "not online is not an error"
        );
        let derived = &file.rows[2].value;
        assert_eq!(derived.registration_number, 4776);
        assert_eq!(derived.document_type.as_deref(), Some("Exhibit AB"));
        assert_eq!(derived.date_stamped.as_deref(), Some("1993-03-03"));
    }

    #[test]
    fn doc_url_slugs() {
        assert_eq!(
            parse_doc_url("https://efile.fara.gov/docs/4776-Exhibit-AB-19930303-D1Y2IS02.pdf"),
            Some(DocSlug {
                registration_number: 4776,
                document_type: "Exhibit AB".into(),
                date_stamped: "1993-03-03".into(),
                seq: "D1Y2IS02".into(),
            })
        );
        let sf =
            parse_doc_url("https://efile.fara.gov/docs/6806-Short-Form-20260818-1.pdf").unwrap();
        assert_eq!(sf.document_type, "Short-Form");
        let ss =
            parse_doc_url("http://www.fara.gov/docs/1481-Supplemental-Statement-20120106-17.PDF")
                .unwrap();
        assert_eq!(
            (
                ss.registration_number,
                ss.document_type.as_str(),
                ss.seq.as_str()
            ),
            (1481, "Supplemental Statement", "17")
        );
        assert_eq!(
            parse_doc_url("docs/7435-Informational-Materials-20260818-10.pdf?x=1")
                .unwrap()
                .document_type,
            "Informational Materials"
        );
        for bad in [
            "Available-FARA-Public-Office",
            "https://efile.fara.gov/docs/7528-Exhibit-AB-20261315-1.pdf",
            "https://efile.fara.gov/docs/abc-Exhibit-AB-20260815-1.pdf",
            "https://efile.fara.gov/docs/7528-20260815-1.pdf",
            "https://efile.fara.gov/docs/7528-Exhibit-AB-20260815-1.txt",
            "https://efile.fara.gov/docs/7528-Exhibit-AB-20260815-.pdf",
            "",
        ] {
            assert_eq!(parse_doc_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn decodes_windows_1252_and_utf8() {
        // 0xF1 ñ, 0x93/0x94 smart double quotes, 0x92 right single quote.
        let bytes = b"654 Mu\xf1oz Rivera Ave, NGO \x93Free and Faithful\x94, Cafe\x92";
        let (text, enc) = decode(bytes);
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "654 Muñoz Rivera Ave, NGO “Free and Faithful”, Cafe’");
        let (text, enc) = decode("\u{feff}\"Registration_Number\" Muñoz".as_bytes());
        assert_eq!(enc, Encoding::Utf8);
        assert_eq!(text, "\"Registration_Number\" Muñoz");

        let mut bytes = REG_HEADER_2025.as_bytes().to_vec();
        bytes.extend_from_slice(b"\"7481\",\"10/21/2024\",\"\",\"WP Group\",\"\",\"654 Mu\xf1oz Rivera Ave \",\"\",\"San Juan\",\"\",\"\"\r\n");
        let file = parse_bytes(&bytes, parse_registrants).unwrap();
        assert_eq!(file.encoding, Encoding::Windows1252);
        assert_eq!(
            file.rows[0].value.address.address_1.as_deref(),
            Some("654 Muñoz Rivera Ave")
        );
    }

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

    #[test]
    fn kinds() {
        assert_eq!(BulkKind::ALL.len(), 4);
        assert_eq!(
            BulkKind::ForeignPrincipals.zip_path(),
            "bulk/zip/FARA_All_ForeignPrincipals.csv.zip"
        );
        assert_eq!(
            BulkKind::RegistrantDocs.source_name(),
            "fara:registrant_docs"
        );
        assert_eq!(BulkKind::ShortForms.file_name(), "FARA_All_ShortForms.csv");
    }
}

//! The four DOJ FARA bulk files (`bulk/zip/FARA_All_*.csv.zip`): unzipping, decoding, and
//! turning their rows into typed records.
//!
//! For: pure functions from bytes/text to [`ParsedFile`]s, with every row either parsed (maybe
//! repaired, with its field issues) or rejected with a reason: the archive and its encoding
//! (`archive`), the header and the records (`reader`), and here what each file's columns
//! mean (`parse_*`) and what a document URL says ([`parse_doc_url`]). Not for: fetching the zips,
//! storing the rows, or deciding what to do with duplicates (reg. 5769 appears twice in the
//! 2025-04-11 Registrants file; both rows are returned and the store decides).
//!
//! Columns are found by name, not position, so that both header spellings work: the
//! 2025-04-11 files say `Registration Number`, the 2023-08-03 snapshot `Registration_Number`.

use std::collections::HashMap;

use serde::Serialize;

use crate::text::{country, dates};

mod archive;
mod reader;

pub use archive::{Encoding, MAX_CSV_BYTES, decode, unzip_single_csv, unzip_single_csv_limited};
use reader::{Row, parse_file};

/// One of the four bulk files DOJ publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BulkKind {
    /// `FARA_All_Registrants.csv`: one row per registration.
    Registrants,
    /// `FARA_All_ForeignPrincipals.csv`: the principals each registrant represents.
    ForeignPrincipals,
    /// `FARA_All_ShortForms.csv`: the people filing short forms under a registration.
    ShortForms,
    /// `FARA_All_RegistrantDocs.csv`: every filed document, with its URL.
    RegistrantDocs,
}

impl BulkKind {
    /// The four files, in the order a sync loads them.
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
        /// The CSV's name in the archive.
        name: String,
        /// What reading it failed with.
        #[source]
        source: std::io::Error,
    },
    /// The archive does not hold exactly one `.csv` file, so we cannot tell which to read:
    /// DOJ changed how it packs the files, or the URL serves another archive. Check the URL.
    #[error("expected exactly one .csv file in the zip archive, found {}: {found:?}", found.len())]
    NotOneCsv {
        /// The `.csv` files found.
        found: Vec<String>,
    },
    /// The server answered with a web page (an error or maintenance page, often with status
    /// 200) where a zip archive was expected. Try again later; the database is unchanged.
    #[error(
        "expected a zip archive but got {what} (starts {start:?}); the server may be down or rate-limiting: try again later"
    )]
    NotAZip {
        /// What the body looks like (`an HTML page`, `JSON`).
        what: &'static str,
        /// The body's first characters.
        start: String,
    },
    /// The CSV inside expands past [`MAX_CSV_BYTES`]: a zip bomb, or not DOJ's file. Nothing
    /// is read past the limit.
    #[error(
        "{name} inside the zip archive expands past {limit} bytes, far beyond any FARA bulk file; refusing to read it"
    )]
    TooLarge {
        /// The CSV's name in the archive.
        name: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file has no header line at all: a download cut short or an empty export. Fetch
    /// it again later; nothing was loaded from it.
    #[error("{file} is empty (no header line)")]
    Empty {
        /// The file's name (`FARA_All_Registrants.csv`).
        file: &'static str,
    },
    /// The header lacks columns we need: DOJ may have changed the file layout. The message
    /// lists the missing columns and the header that was found.
    #[error("{file}: header lacks the columns {missing:?}; found {found:?}")]
    MissingColumns {
        /// The file's name (`FARA_All_Registrants.csv`).
        file: &'static str,
        /// The columns not found, in the 2025 spelling.
        missing: Vec<&'static str>,
        /// The header as found.
        found: Vec<String>,
    },
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
    /// The record built from the row.
    pub value: T,
    /// True when the quoting had to be repaired or a field had an issue.
    pub repaired: bool,
    /// The fields whose values could not be used as filed.
    pub issues: Vec<FieldIssue>,
}

/// A field whose value could not be used as is; the row was still loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldIssue {
    /// The column, in the 2025 header spelling.
    pub field: &'static str,
    /// The value as filed.
    pub raw_value: String,
    /// What was wrong with it and what was kept instead.
    pub note: String,
}

/// A row that could not be loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reject {
    /// 1-based physical line where the row starts.
    pub line: usize,
    /// The row's text as read.
    pub raw: String,
    /// Why it could not be loaded ([`crate::fara::RejectReason`], as text).
    pub reason: String,
}

/// A whole bulk file: every non-blank line is in exactly one row or one reject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFile<T> {
    /// The header's column names as written in the file.
    pub header: Vec<String>,
    /// The encoding the bytes were in ([`parse_bytes`]).
    pub encoding: Encoding,
    /// The rows loaded, repaired or not, in file order.
    pub rows: Vec<Parsed<T>>,
    /// The rows that could not be loaded, in file order.
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
    /// First address line.
    pub address_1: Option<String>,
    /// Second address line.
    pub address_2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or province, as filed.
    pub state: Option<String>,
    /// Postal code, as filed.
    pub zip: Option<String>,
}

/// A row of `FARA_All_Registrants.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registrant {
    /// DOJ's registration number (positive).
    pub registration_number: i64,
    /// The registrant's name as filed.
    pub name: String,
    /// The business name, when it differs from the name.
    pub business_name: Option<String>,
    /// ISO date of the registration.
    pub registration_date: Option<String>,
    /// ISO date of the termination; `None` while active.
    pub termination_date: Option<String>,
    /// The address as filed.
    pub address: Address,
}

/// A row of `FARA_All_ForeignPrincipals.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForeignPrincipal {
    /// DOJ's registration number (positive).
    pub registration_number: i64,
    /// The registrant's name as this file gives it.
    pub registrant_name: String,
    /// ISO date the registrant registered.
    pub registrant_date: Option<String>,
    /// The principal's name as filed (trimmed); see [`crate::text::names::split_name`] for its parts.
    pub name: String,
    /// "Country/Location Represented" as filed, trimmed.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code of `country`, when it is a country.
    pub country_code: Option<&'static str>,
    /// ISO date the principal was registered under the registration.
    pub registration_date: Option<String>,
    /// ISO date the principal was terminated; `None` while active.
    pub termination_date: Option<String>,
    /// The address as filed.
    pub address: Address,
}

/// A row of `FARA_All_ShortForms.csv`: a person filing a short-form registration statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortForm {
    /// DOJ's registration number (positive).
    pub registration_number: i64,
    /// The registrant's name as this file gives it.
    pub registrant_name: String,
    /// The person's last name.
    pub last_name: String,
    /// The person's first name.
    pub first_name: Option<String>,
    /// ISO date of the short form.
    pub short_form_date: Option<String>,
    /// ISO date the short form was terminated; `None` while active.
    pub termination_date: Option<String>,
    /// ISO date of the registration it is filed under.
    pub registration_date: Option<String>,
    /// The address as filed.
    pub address: Address,
}

/// A row of `FARA_All_RegistrantDocs.csv`: one filed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrantDoc {
    /// DOJ's registration number (positive).
    pub registration_number: i64,
    /// The registrant's name as this file gives it.
    pub registrant_name: String,
    /// The type as the CSV spells it (`Exhibit AB`, `Short-Form`).
    pub document_type: Option<String>,
    /// ISO date DOJ stamped the document.
    pub date_stamped: Option<String>,
    /// The person a short form is for.
    pub short_form_name: Option<String>,
    /// The principal the document is about, when it names one.
    pub foreign_principal_name: Option<String>,
    /// That principal's country, as filed.
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
    /// The registration number the name starts with.
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

#[cfg(test)]
mod tests {
    use super::*;

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

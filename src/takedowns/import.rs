//! Takedown files a person hands to `faralink takedowns import`, turned into [`Takedown`]s and
//! rejects: the contract's import format (CSV with a header, or a JSON array of objects with
//! the same keys) and the DFRLab Foreign Interference Attribution Tracker CSV (`dfrlab-fiat`).
//!
//! For: reading one whole file, pure (bytes in, records out). A bad row is a [`Reject`] with its
//! line (CSV) or index (JSON) and why, and the good rows still come out; only a file that cannot
//! be read at all (not UTF-8, broken JSON, a header without the required columns) is an
//! [`ImportError`]. Not for: storing (see `takedowns::store`) or reading one value (see
//! `takedowns::normalize`).

use std::collections::HashMap;
use std::path::Path;

use super::Takedown;
use super::normalize;

/// The contract's import columns, in order.
pub const COLUMNS: [&str; 17] = [
    "takedown_id",
    "platform",
    "announced_on",
    "network_name",
    "attributed_to",
    "origin_countries",
    "target_countries",
    "fb_accounts",
    "fb_pages",
    "fb_groups",
    "ig_accounts",
    "other_accounts",
    "followers",
    "ad_spend_usd",
    "attribution_text",
    "summary",
    "source_url",
];

/// The columns a row must fill.
pub const REQUIRED: [&str; 3] = ["takedown_id", "platform", "announced_on"];

const COUNT_COLUMNS: [&str; 6] = [
    "fb_accounts",
    "fb_pages",
    "fb_groups",
    "ig_accounts",
    "other_accounts",
    "followers",
];

/// The formats `takedowns import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The contract's import format, CSV with a header.
    Csv,
    /// The contract's import format, a JSON array of objects.
    Json,
    /// DFRLab's Foreign Interference Attribution Tracker CSV (`DFRLab_interference2020.csv`).
    DfrlabFiat,
}

impl Format {
    /// The format of a file from its extension (`.json`, else CSV); a CSV whose header has
    /// DFRLab's `case_hash` and `disinformant` columns is `dfrlab-fiat`.
    pub fn guess(path: &Path, bytes: &[u8]) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if ext.as_deref() == Some("json") {
            return Format::Json;
        }
        let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let first = String::from_utf8_lossy(first);
        let has = |c: &str| first.split(',').any(|h| h.trim().trim_matches('"') == c);
        if has("case_hash") && has("disinformant") {
            Format::DfrlabFiat
        } else {
            Format::Csv
        }
    }
}

/// An input row that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The CSV line the record starts on (1 is the header), or the JSON array index (from 0).
    pub line: u64,
    /// The row as it was in the file.
    pub raw: String,
    pub reason: String,
}

/// What a file held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub takedowns: Vec<Takedown>,
    pub rejects: Vec<Reject>,
    /// Records in the file (rows + rejects).
    pub records: u64,
    /// Values of loaded rows that faralink could not read, one entry per distinct value (a
    /// person fixes a spelling once, not once per row).
    pub unread: Vec<Unread>,
}

/// A value in a loaded row that faralink could not read. The row still loads; the value is
/// kept as written (a place as region text, anything else in `import_notes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The value as written (first spelling seen).
    pub value: String,
    /// The columns it appeared in.
    pub columns: Vec<String>,
    /// What it is not and what became of it (`"Atlantis" is not a country or region faralink
    /// knows; kept as written with the regions`).
    pub what: String,
    /// The lines (CSV) or array indexes (JSON) of the rows that hold it, in file order.
    pub lines: Vec<u64>,
}

/// A value of one row that could not be read (see [`Unread`]).
struct RowNote {
    column: &'static str,
    value: String,
    /// `None` for a place (kept as region text), else why the value is not readable.
    problem: Option<String>,
}

/// A file that cannot be read at all. Rows with problems are [`Reject`]s instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The bytes are not UTF-8; save the file as UTF-8 and import it again.
    #[error("{file}: line {line}: not UTF-8 text; save the file as UTF-8")]
    NotUtf8 { file: String, line: u64 },
    /// The file has no header line.
    #[error("{file}: empty file, expected a header line")]
    Empty { file: String },
    /// The CSV could not be split into records.
    #[error("{file}: line {line}: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    /// The header lacks columns the format needs; the message lists what it expects.
    #[error("{file}: line 1: the header lacks {missing}; expected the columns {expected}")]
    MissingColumns {
        file: String,
        missing: String,
        expected: String,
    },
    /// The JSON is malformed.
    #[error("{file}: line {line}, column {column}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is valid but is not an array of objects.
    #[error("{file}: expected a JSON array of takedown objects, found {found}")]
    NotArray { file: String, found: &'static str },
}

/// Reads a whole file in `format`. `file` names it in errors.
pub fn parse(format: Format, bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    match format {
        Format::Csv => parse_csv(bytes, file),
        Format::Json => parse_json(bytes, file),
        Format::DfrlabFiat => parse_dfrlab_fiat(bytes, file),
    }
}

fn text<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        ImportError::NotUtf8 {
            file: file.to_string(),
            line,
        }
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// One CSV file split into its header and records, each with the line it starts on.
struct CsvTable {
    header: Vec<String>,
    records: Vec<(u64, csv::StringRecord)>,
}

impl CsvTable {
    /// Reads a CSV whose header should name `columns`. The delimiter is `,`, `;` (what Excel
    /// writes where the decimal mark is a comma) or tab, whichever splits the header into the
    /// most of `columns`; Excel's `sep=;` first line is obeyed. A UTF-8 byte-order mark and
    /// CRLF line ends are accepted. Header names are matched without regard to case, blanks
    /// around them, or spaces for underscores (`Takedown ID` is `takedown_id`).
    fn read(bytes: &[u8], file: &str, columns: &[&str]) -> Result<CsvTable, ImportError> {
        let mut text = text(bytes, file)?;
        let mut skipped = 0;
        let mut delimiter = None;
        if let Some((first, rest)) = text.split_once('\n') {
            let hint = first.trim_end_matches('\r');
            if let Some(sep) = hint.strip_prefix("sep=")
                && let [b] = sep.as_bytes()
            {
                delimiter = Some(*b);
                text = rest;
                skipped = 1;
            }
        }
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text, columns));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(file, &e, skipped))?
            .iter()
            .map(header_name)
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(ImportError::Empty {
                file: file.to_string(),
            });
        }
        let mut records = Vec::new();
        let mut lines = LineCounter::new(text);
        for rec in reader.records() {
            let rec = rec.map_err(|e| csv_error(file, &e, skipped))?;
            let line = rec.position().map_or(0, |p| lines.line_at(p.byte())) + skipped;
            // A row with no value at all (the empty rows a spreadsheet leaves below its data,
            // saved as ",,,,") is not a record.
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            records.push((line, rec));
        }
        Ok(CsvTable { header, records })
    }

    fn require(&self, columns: &[&str], file: &str) -> Result<HashMap<String, usize>, ImportError> {
        let index: HashMap<String, usize> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !index.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns {
                file: file.to_string(),
                missing: missing.join(", "),
                expected: columns.join(", "),
            });
        }
        Ok(index)
    }
}

/// The line a record starts on, from its byte offset. The csv crate's own line numbers are
/// one short after CRLF line ends (a record is seen to start at the `\n` of the previous
/// line's `\r\n`), so an Excel file's rejects named the line above the bad row.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// Offsets must not decrease between calls (records come in file order).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.text.len());
        // Past the line end the record was seen to start on.
        while target < self.text.len() && matches!(self.text[target], b'\r' | b'\n') {
            target += 1;
        }
        if target > self.byte {
            self.line += self.text[self.byte..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = target;
        }
        self.line
    }
}

fn csv_error(file: &str, e: &csv::Error, skipped: u64) -> ImportError {
    ImportError::Csv {
        file: file.to_string(),
        line: e.position().map_or(0, |p| p.line()) + skipped,
        message: e.to_string(),
    }
}

/// A header cell as a column name: `" Takedown ID "` → `takedown_id`.
fn header_name(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The delimiter that splits the header line into the most of `columns` (ties: the most
/// fields; `,` when nothing tells them apart).
fn detect_delimiter(text: &str, columns: &[&str]) -> u8 {
    let mut best = (b',', 0, 0);
    for d in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let Some(Ok(header)) = reader.records().next() else {
            continue;
        };
        let known = header
            .iter()
            .filter(|h| columns.contains(&header_name(h).as_str()))
            .count();
        if (known, header.len()) > (best.1, best.2) {
            best = (d, known, header.len());
        }
    }
    best.0
}

/// A record as one CSV line, for `rejects.raw`.
fn csv_line(rec: &csv::StringRecord) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if w.write_record(rec).is_err() {
        return rec.iter().collect::<Vec<_>>().join(",");
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

/// The contract's CSV: a header naming at least the required columns (the others may be absent,
/// columns it does not know are ignored), `;` between list items.
pub fn parse_csv(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let table = CsvTable::read(bytes, file, &COLUMNS)?;
    let index = table.require(&REQUIRED, file)?;
    let mut out = Rows::default();
    for (line, rec) in &table.records {
        let raw = csv_line(rec);
        // A short row is read with its missing cells empty (some writers drop trailing empty
        // cells); a long one only when the extra cells are empty (Excel's trailing commas).
        // Text beyond the header means the cells have shifted (an unquoted comma), so no
        // column can be trusted: rejected.
        if rec
            .iter()
            .skip(table.header.len())
            .any(|c| !c.trim().is_empty())
        {
            out.reject(
                *line,
                raw,
                format!(
                    "has {} fields, the header has {}, and the extra ones hold text: a cell \
                     with a comma or delimiter in it needs quotes",
                    rec.len(),
                    table.header.len()
                ),
            );
            continue;
        }
        let cell = |c: &str| index.get(c).and_then(|&i| rec.get(i)).unwrap_or("");
        out.push(*line, raw, takedown_from(cell, &[';']));
    }
    Ok(out.finish())
}

/// The contract's JSON: an array of objects with the import columns as keys. A value may be a
/// string, a number, null or (for lists) an array; the `line` of a reject is the array index.
pub fn parse_json(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let text = text(bytes, file)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        other => {
            return Err(ImportError::NotArray {
                file: file.to_string(),
                found: json_kind(&other),
            });
        }
    };
    let mut out = Rows::default();
    for (i, item) in items.iter().enumerate() {
        let raw = item.to_string();
        let i = i as u64;
        let Some(obj) = item.as_object() else {
            out.reject(
                i,
                raw,
                format!("item {i} is {}, not an object", json_kind(item)),
            );
            continue;
        };
        let mut cells: HashMap<String, String> = HashMap::new();
        let mut bad = Vec::new();
        for (k, v) in obj {
            let key = header_name(k);
            match json_cell(v) {
                Some(s) => {
                    cells.insert(key, s);
                }
                // Only a required value of the wrong kind rejects the item; any other is read
                // as its JSON text, so it is kept and warned about like any unreadable value.
                None if REQUIRED.contains(&key.as_str()) => bad.push(format!(
                    "{k}: expected text, a number or a list, found {}",
                    json_kind(v)
                )),
                None => {
                    cells.insert(key, v.to_string());
                }
            }
        }
        if !bad.is_empty() {
            out.reject(i, raw, bad.join("; "));
            continue;
        }
        let cell = |c: &str| cells.get(c).map_or("", String::as_str);
        out.push(i, raw, takedown_from(cell, &[';']));
    }
    Ok(out.finish())
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn json_cell(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => Some(String::new()),
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(";")),
        _ => None,
    }
}

/// Rows and rejects as they are read, with repeated ids caught.
#[derive(Default)]
struct Rows {
    parsed: Parsed,
    seen: HashMap<String, u64>,
    /// (what kind, column for non-places, lower-case value) → index in `parsed.unread`.
    unread: HashMap<(bool, &'static str, String), usize>,
}

impl Rows {
    fn reject(&mut self, line: u64, raw: String, reason: String) {
        self.parsed.records += 1;
        self.parsed.rejects.push(Reject { line, raw, reason });
    }

    fn push(&mut self, line: u64, raw: String, row: Result<(Takedown, Vec<RowNote>), String>) {
        match row {
            Err(reason) => self.reject(line, raw, reason),
            Ok((t, notes)) => {
                if let Some(first) = self.seen.get(&t.takedown_id) {
                    let reason = format!(
                        "takedown_id {:?} repeats the row at {first}; ids must be unique",
                        t.takedown_id
                    );
                    self.reject(line, raw, reason);
                } else {
                    self.parsed.records += 1;
                    self.seen.insert(t.takedown_id.clone(), line);
                    self.parsed.takedowns.push(t);
                    for note in notes {
                        self.note(line, note);
                    }
                }
            }
        }
    }

    fn note(&mut self, line: u64, note: RowNote) {
        let is_place = note.problem.is_none();
        let key = (
            is_place,
            if is_place { "" } else { note.column },
            note.value.to_lowercase(),
        );
        let i = *self.unread.entry(key).or_insert_with(|| {
            self.parsed.unread.push(Unread {
                value: note.value.clone(),
                columns: Vec::new(),
                what: note.problem.clone().map_or_else(
                    || {
                        format!(
                            "{:?} is not a country or region faralink knows; kept as written \
                             with the regions",
                            note.value
                        )
                    },
                    |p| format!("{p}; left empty and noted in import_notes"),
                ),
                lines: Vec::new(),
            });
            self.parsed.unread.len() - 1
        });
        let u = &mut self.parsed.unread[i];
        if !u.columns.iter().any(|c| c == note.column) {
            u.columns.push(note.column.to_string());
        }
        if u.lines.last() != Some(&line) {
            u.lines.push(line);
        }
    }

    fn finish(self) -> Parsed {
        self.parsed
    }
}

/// One row of the import format, given its cells by column name. The row is rejected only
/// when `takedown_id`, `platform` or `announced_on` is missing or unreadable (every such
/// problem is named in the error, so one look at the reject says all that is wrong with it).
/// Any other value faralink cannot read is kept as written and comes back as a [`RowNote`]:
/// a place as region text, a count or amount as a note in `import_notes`.
fn takedown_from<'a>(
    cell: impl Fn(&str) -> &'a str,
    seps: &[char],
) -> Result<(Takedown, Vec<RowNote>), String> {
    let mut why = Vec::new();
    let mut notes: Vec<RowNote> = Vec::new();
    let text = |c: &str| {
        Some(cell(c).trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut t = Takedown::default();
    for (col, slot) in [
        ("takedown_id", &mut t.takedown_id),
        ("platform", &mut t.platform),
    ] {
        match text(col) {
            Some(v) => *slot = v,
            None => why.push(format!("missing {col}")),
        }
    }
    match normalize::date(cell("announced_on")) {
        Ok(Some(d)) => t.announced_on = d,
        Ok(None) => why.push("missing announced_on".into()),
        Err(e) => why.push(format!("bad date in announced_on: {e}")),
    }
    t.network_name = text("network_name");
    t.attribution_text = text("attribution_text");
    t.summary = text("summary");
    t.source_url = text("source_url");
    t.attributed_to = cell("attributed_to")
        .split(|c| seps.contains(&c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for col in ["origin_countries", "target_countries"] {
        let raw = cell(col).trim();
        let p = normalize::places(raw);
        let (codes, regions, as_written) = if col == "origin_countries" {
            (
                &mut t.origin_countries,
                &mut t.origin_regions,
                &mut t.origin_as_written,
            )
        } else {
            (
                &mut t.target_countries,
                &mut t.target_regions,
                &mut t.target_as_written,
            )
        };
        // The cell as written, when it says more than the codes and regions stored ("Egypt
        // (Cairo)", "Venezuela; MX" stored as VE;MX): as foreign_principals keeps `country`
        // as filed next to `country_code`.
        let stored: Vec<&str> = p
            .countries
            .iter()
            .chain(&p.regions)
            .map(String::as_str)
            .collect();
        let given: Vec<&str> = raw
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if given != stored {
            *as_written = Some(raw.to_string());
        }
        *codes = p.countries;
        *regions = p.regions;
        notes.extend(p.unknown.into_iter().map(|value| RowNote {
            column: col,
            value,
            problem: None,
        }));
    }
    let mut unreadable = Vec::new();
    for col in COUNT_COLUMNS {
        match normalize::count(cell(col)) {
            Ok(n) => {
                let slot = match col {
                    "fb_accounts" => &mut t.fb_accounts,
                    "fb_pages" => &mut t.fb_pages,
                    "fb_groups" => &mut t.fb_groups,
                    "ig_accounts" => &mut t.ig_accounts,
                    "other_accounts" => &mut t.other_accounts,
                    _ => &mut t.followers,
                };
                *slot = n;
            }
            Err(e) => unreadable.push((col, e)),
        }
    }
    match normalize::money(cell("ad_spend_usd")) {
        Ok(Some(m)) => {
            t.ad_spend_usd = m.usd;
            t.ad_spend_amount = Some(m.amount);
            t.ad_spend_currency = Some(m.currency.to_string());
            t.ad_spend_note = m.note;
        }
        Ok(None) => {}
        Err(e) => unreadable.push(("ad_spend_usd", e)),
    }
    if !why.is_empty() {
        return Err(why.join("; "));
    }
    if !unreadable.is_empty() {
        t.import_notes = Some(
            unreadable
                .iter()
                .map(|(col, e)| format!("{col}: {e}, left empty"))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    notes.extend(unreadable.into_iter().map(|(col, e)| RowNote {
        column: col,
        value: cell(col).trim().to_string(),
        problem: Some(e),
    }));
    Ok((t, notes))
}

/// The FIAT columns faralink reads.
const FIAT_COLUMNS: [&str; 20] = [
    "case_hash",
    "case_id",
    "source",
    "source_category",
    "disinformant",
    "disinformant_nation",
    "short_title",
    "short_description",
    "attribution_url",
    "attribution_date",
    "announced_date",
    "url",
    "fb_accounts_total",
    "fb_pages_total",
    "fb_groups_total",
    "ig_accounts_total",
    "fb_pages_followers_total",
    "fb_groups_followers_total",
    "ig_followers_total",
    "budget_usd_total",
];

/// FIAT's `source_category` of the rows that are a platform's own statement. The tracker also
/// lists attributions by governments, media and researchers; those are not takedowns.
const FIAT_PLATFORM_CATEGORY: &str = "Technology Company";

/// FIAT values that name no country ("unspecified", "Multiple, unlisted"): dropped from lists.
const FIAT_NO_VALUE: [&str; 7] = [
    "unspecified",
    "n/a",
    "multiple",
    "unlisted",
    "foreign countries",
    "unknown",
    "none",
];

/// FIAT's comma lists ("Russia, China, Iran", "Russia and/or China") as `;` lists.
fn fiat_list(raw: &str) -> String {
    raw.replace("and/or", ",")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && !FIAT_NO_VALUE.contains(&s.to_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(";")
}

/// The targets in a FIAT `case_id` ("Russia >>> United States, United Kingdom 2020": the
/// countries after the arrows, without the year).
fn fiat_targets(case_id: &str) -> String {
    let Some((_, rest)) = case_id.split_once(">>") else {
        return String::new();
    };
    let rest = rest.trim_start_matches('>').trim();
    let rest = match rest.rsplit_once(' ') {
        Some((head, year)) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => head,
        _ if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) => "",
        _ => rest,
    };
    fiat_list(rest)
}

/// DFRLab's Foreign Interference Attribution Tracker CSV. Each record is one attribution; the
/// ones a platform made (`source_category` "Technology Company") become takedowns:
///
/// | takedown column | FIAT column |
/// |---|---|
/// | `takedown_id` | `dfrlab-fiat-` + `case_hash` (lower case) |
/// | `platform` | `source` |
/// | `announced_on` | `announced_date`, else `attribution_date` |
/// | `network_name` | `short_title` |
/// | `attributed_to` | `disinformant` (comma list) |
/// | `origin_countries` | `disinformant_nation` (comma list) |
/// | `target_countries` | the countries after `>>` in `case_id` |
/// | `fb_accounts`, `fb_pages`, `fb_groups`, `ig_accounts` | `fb_accounts_total`, `fb_pages_total`, `fb_groups_total`, `ig_accounts_total` |
/// | `followers` | `fb_pages_followers_total` + `fb_groups_followers_total` + `ig_followers_total` |
/// | `ad_spend_usd` | `budget_usd_total` |
/// | `summary` | `short_description` |
/// | `source_url` | `url` (the platform's statement), else `attribution_url` |
///
/// Attributions by anyone else (governments, media, researchers) are rejects naming who made
/// them, so every record of the file is accounted for.
pub fn parse_dfrlab_fiat(bytes: &[u8], file: &str) -> Result<Parsed, ImportError> {
    let table = CsvTable::read(bytes, file, &FIAT_COLUMNS)?;
    let index = table.require(&FIAT_COLUMNS, file)?;
    let mut out = Rows::default();
    for (line, rec) in &table.records {
        let raw = csv_line(rec);
        let get = |c: &str| index.get(c).and_then(|&i| rec.get(i)).unwrap_or("").trim();
        let category = get("source_category");
        if category != FIAT_PLATFORM_CATEGORY {
            let who = get("source");
            let reason = if category.is_empty() {
                format!("not a platform takedown: source {who:?} has no source_category")
            } else {
                format!("not a platform takedown: source {who:?} has source_category {category:?}")
            };
            out.reject(*line, raw, reason);
            continue;
        }
        // The three follower counts summed. One that cannot be read makes the sum unknown:
        // the unreadable value goes into `followers` as written, so the row still loads and
        // the value is warned about and kept in import_notes like any other.
        let mut sum: Option<i64> = None;
        let mut unreadable: Option<String> = None;
        for col in [
            "fb_pages_followers_total",
            "fb_groups_followers_total",
            "ig_followers_total",
        ] {
            match normalize::count(get(col)) {
                Ok(Some(n)) => sum = Some(sum.unwrap_or(0) + n),
                Ok(None) => {}
                Err(_) => {
                    unreadable.get_or_insert_with(|| format!("{} ({col})", get(col)));
                }
            }
        }
        let followers =
            unreadable.unwrap_or_else(|| sum.map(|n| n.to_string()).unwrap_or_default());
        let hash = get("case_hash");
        let announced = match get("announced_date") {
            "" => get("attribution_date"),
            d => d,
        };
        let source_url = match get("url") {
            "" => get("attribution_url"),
            u => u,
        };
        let cells: HashMap<&str, String> = [
            (
                "takedown_id",
                if hash.is_empty() {
                    String::new()
                } else {
                    format!("dfrlab-fiat-{}", hash.to_lowercase())
                },
            ),
            ("platform", get("source").to_string()),
            ("announced_on", announced.to_string()),
            ("network_name", get("short_title").to_string()),
            ("attributed_to", fiat_list(get("disinformant"))),
            ("origin_countries", fiat_list(get("disinformant_nation"))),
            ("target_countries", fiat_targets(get("case_id"))),
            ("fb_accounts", get("fb_accounts_total").to_string()),
            ("fb_pages", get("fb_pages_total").to_string()),
            ("fb_groups", get("fb_groups_total").to_string()),
            ("ig_accounts", get("ig_accounts_total").to_string()),
            ("followers", followers),
            ("ad_spend_usd", get("budget_usd_total").to_string()),
            ("summary", get("short_description").to_string()),
            ("source_url", source_url.to_string()),
        ]
        .into_iter()
        .collect();
        let cell = |c: &str| cells.get(c).map_or("", String::as_str);
        let row = takedown_from(cell, &[';']).map_err(|e| {
            if hash.is_empty() {
                format!("{e} (FIAT case_hash is empty)")
            } else {
                e
            }
        });
        out.push(*line, raw, row);
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "takedown_id,platform,announced_on,network_name,attributed_to,origin_countries,target_countries,fb_accounts,fb_pages,fb_groups,ig_accounts,other_accounts,followers,ad_spend_usd,attribution_text,summary,source_url\n";

    #[test]
    fn csv_rows_and_rejects_with_lines() {
        let csv = format!(
            "{HEADER}a,Meta,2020-09-01,Net,CLS Strategies,US,Venezuela;MX;Bolivia,55,42,,36,,\"about 510,000\",\"$3.6 million\",,,\n\
             b,Meta,not a date,,,,,,,,,,,,,,\n\
             ,Meta,2020-09-01,,,Atlantis,,many,,,,,,,,,\n\
             a,Meta,2020-09-01,,,,,,,,,,,,,,\n\
             c,Meta,2020-09-01,,,Atlantis,atlantis;Iran,many,,,,,,a lot,,,\n\
             d,Meta,2020-09-02,,,Atlantis,,,,,,,,,,,\n"
        );
        let p = parse_csv(csv.as_bytes(), "t.csv").unwrap();
        assert_eq!(p.records, 6);
        assert_eq!(p.takedowns.len(), 3);
        let t = &p.takedowns[0];
        assert_eq!(t.target_countries, ["VE", "MX", "BO"]);
        assert_eq!(t.target_as_written.as_deref(), Some("Venezuela;MX;Bolivia"));
        assert_eq!(t.origin_countries, ["US"]);
        assert_eq!(t.origin_as_written, None);
        assert_eq!(
            (t.fb_accounts, t.ig_accounts, t.followers),
            (Some(55), Some(36), Some(510_000))
        );
        assert_eq!(t.ad_spend_usd, Some(3_600_000.0));
        let lines: Vec<u64> = p.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(
            p.rejects[0].reason.contains("bad date in announced_on"),
            "{:?}",
            p.rejects[0]
        );
        // Only the required columns reject a row; the rest is not even mentioned.
        let r = &p.rejects[1].reason;
        assert_eq!(r, "missing takedown_id");
        assert!(
            p.rejects[2].reason.contains("repeats"),
            "{:?}",
            p.rejects[2]
        );
        // An unknown place and unreadable numbers load, kept as written.
        let c = &p.takedowns[1];
        assert_eq!(c.origin_regions, ["Atlantis"]);
        assert_eq!(
            (c.target_countries.as_slice(), c.target_regions.as_slice()),
            (&["IR".to_string()][..], &["atlantis".to_string()][..])
        );
        assert_eq!(c.fb_accounts, None);
        let notes = c.import_notes.as_deref().unwrap();
        assert!(
            notes.contains("fb_accounts: \"many\" is not a count")
                && notes.contains("ad_spend_usd"),
            "{notes}"
        );
        // One warning per distinct value, naming every row and column it was in.
        let values: Vec<&str> = p.unread.iter().map(|u| u.value.as_str()).collect();
        assert_eq!(values, ["Atlantis", "many", "a lot"]);
        assert_eq!(p.unread[0].lines, [6, 7]);
        assert_eq!(
            p.unread[0].columns,
            ["origin_countries", "target_countries"]
        );
        assert_eq!(p.unread[1].lines, [6]);
    }

    #[test]
    fn whole_file_errors() {
        let e = parse_csv(b"platform,announced_on\nMeta,2020-01-01\n", "x.csv").unwrap_err();
        assert!(
            e.to_string().contains("x.csv") && e.to_string().contains("takedown_id"),
            "{e}"
        );
        let e = parse_json(b"[{\"a\": 1},", "x.json").unwrap_err();
        assert!(matches!(e, ImportError::Json { .. }), "{e}");
        let e = parse_json(b"{}", "x.json").unwrap_err();
        assert!(matches!(e, ImportError::NotArray { .. }), "{e}");
        let e = parse_csv(b"takedown_id\n\xff\n", "x.csv").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn json_values_and_indexes() {
        let json = br#"[
          {"takedown_id": "a", "platform": "Meta", "announced_on": "September 1, 2020",
           "target_countries": ["Venezuela", "MX"], "fb_accounts": 55, "ad_spend_usd": null},
          {"takedown_id": "b", "platform": "Meta"},
          {"takedown_id": "c", "platform": "Meta", "announced_on": "2020-01-01", "fb_pages": true},
          "x",
          {"takedown_id": true, "platform": "Meta", "announced_on": "2020-01-01"},
          {"Takedown ID": "f", "Platform": "Meta", "Announced On": "2020-01-02"}
        ]"#;
        let p = parse_json(json, "t.json").unwrap();
        let ids: Vec<&str> = p.takedowns.iter().map(|t| t.takedown_id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "f"]);
        assert_eq!(p.takedowns[0].announced_on, "2020-09-01");
        assert_eq!(p.takedowns[0].target_countries, ["VE", "MX"]);
        // A value of the wrong kind outside the required columns is kept and noted.
        assert_eq!(p.takedowns[1].fb_pages, None);
        assert!(
            p.takedowns[1]
                .import_notes
                .as_deref()
                .is_some_and(|n| n.contains("fb_pages: \"true\" is not a count")),
            "{:?}",
            p.takedowns[1]
        );
        let idx: Vec<u64> = p.rejects.iter().map(|r| r.line).collect();
        assert_eq!(idx, [1, 3, 4]);
        assert!(p.rejects[0].reason.contains("missing announced_on"));
        assert!(p.rejects[2].reason.contains("takedown_id: expected text"));
    }

    #[test]
    fn csv_short_long_and_empty_rows() {
        let csv = "takedown_id,platform,announced_on,network_name,summary\n\
                   a,Meta,2020-09-01\n\
                   b,Meta,2020-09-02,Net,,,\n\
                   ,,,,\n\
                   c,Meta,2020-09-03,Net,a summary, with an unquoted comma\n";
        let p = parse_csv(csv.as_bytes(), "t.csv").unwrap();
        let ids: Vec<&str> = p.takedowns.iter().map(|t| t.takedown_id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        // The blank row is no record; the shifted one is a reject naming the fix.
        assert_eq!(p.records, 3);
        assert_eq!(p.rejects[0].line, 5);
        assert!(
            p.rejects[0].reason.contains("needs quotes"),
            "{:?}",
            p.rejects[0]
        );
    }

    #[test]
    fn fiat_targets_and_lists() {
        assert_eq!(
            fiat_targets("Russia >>> United States, United Kingdom 2020"),
            "United States;United Kingdom"
        );
        assert_eq!(fiat_targets("China >> US 2020"), "US");
        assert_eq!(fiat_targets("Iran >>> United States"), "United States");
        assert_eq!(fiat_targets("no arrow"), "");
        assert_eq!(fiat_list("Russia and/or China"), "Russia;China");
        assert_eq!(fiat_list("unspecified"), "");
        assert_eq!(fiat_list("Multiple, unlisted"), "");
    }

    #[test]
    fn guesses_formats() {
        assert_eq!(Format::guess(Path::new("a.JSON"), b"[]"), Format::Json);
        assert_eq!(
            Format::guess(Path::new("a.csv"), HEADER.as_bytes()),
            Format::Csv
        );
        assert_eq!(
            Format::guess(
                Path::new("f.csv"),
                b"timestamp,case_hash,case_id,disinformant\n"
            ),
            Format::DfrlabFiat
        );
    }
}

//! `faralink export TABLE`: any user table or view to stdout, as CSV (with header) or a JSON
//! array, streamed row by row (memory stays flat on the biggest table); and
//! `faralink export --datasette-metadata`, the metadata file Datasette reads.
//!
//! CSV cells are made safe for spreadsheets: a text cell starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return gets a leading `'`, so Excel, LibreOffice and Google Sheets show it
//! as text instead of running it as a formula (OWASP "CSV injection"). Numbers stored as
//! numbers are left alone. JSON is exact.

use std::io::Write;

use faralink::db::{USER_TABLES, USER_VIEWS};
use rusqlite::types::ValueRef;
use serde_json::json;

use super::{Exit, open_existing_db};
use crate::Cli;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Csv,
    Json,
}

/// The options of `faralink export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table (registrants, foreign_principals, short_forms, documents, agreements, links, ...)
    /// or view (firm_principals, firm_agreements, firm_takedown_links)
    #[arg(required_unless_present = "datasette_metadata")]
    table: Option<String>,
    /// Write Datasette's metadata JSON (titles, descriptions, sources, licences, facets, search
    /// settings) instead of a table: `datasette faralink.db --metadata metadata.json`
    #[arg(long, conflicts_with_all = ["table", "columns"])]
    datasette_metadata: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Only these columns, comma-separated, in this order
    #[arg(long, value_delimiter = ',', value_name = "COL,COL")]
    columns: Vec<String>,
}

/// Runs `faralink export`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    if args.datasette_metadata {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &datasette_metadata())?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Exit::Success);
    }
    let table = args.table.as_deref().unwrap_or_default();
    // Only known names reach SQL: the table name cannot be a bound parameter.
    if !USER_TABLES.contains(&table) && !USER_VIEWS.contains(&table) {
        eprintln!(
            "error: unknown table {table:?}; tables: {}; views: {}",
            USER_TABLES.join(", "),
            USER_VIEWS.join(", ")
        );
        return Ok(Exit::Usage);
    }
    let conn = open_existing_db(cli)?;
    let known: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // Column names are checked against the table too: they go into SQL as identifiers.
    if let Some(bad) = args.columns.iter().find(|c| !known.contains(c)) {
        eprintln!(
            "error: {table} has no column {bad:?}; columns: {}",
            known.join(", ")
        );
        return Ok(Exit::Usage);
    }
    let select = if args.columns.is_empty() {
        "*".to_string()
    } else {
        args.columns.join(", ")
    };
    // Views have no rowid: their own order (the tables' key order) is kept.
    let order = if USER_VIEWS.contains(&table) {
        ""
    } else {
        " ORDER BY rowid"
    };
    let mut stmt = conn.prepare(&format!("SELECT {select} FROM {table}{order}"))?;
    let cols: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([])?;
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(out);
    match args.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&cols)?;
            while let Some(r) = rows.next()? {
                let rec: Vec<String> = (0..cols.len())
                    .map(|i| csv_cell(r.get_ref(i).unwrap_or(ValueRef::Null)))
                    .collect();
                w.write_record(&rec)?;
            }
            w.flush()?;
        }
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            while let Some(r) = rows.next()? {
                let mut obj = serde_json::Map::new();
                for (i, c) in cols.iter().enumerate() {
                    obj.insert(c.clone(), cell_json(r.get_ref(i).unwrap_or(ValueRef::Null)));
                }
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut out, &obj)?;
            }
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// A CSV cell; text that a spreadsheet would run as a formula is made inert
/// ([`faralink::text::csvsafe`]).
fn csv_cell(v: ValueRef) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        // Text in a CSV is what people open in a spreadsheet: no formulas (see csvsafe).
        ValueRef::Text(t) => {
            faralink::text::csvsafe::cell(&String::from_utf8_lossy(t)).into_owned()
        }
        ValueRef::Blob(b) => hex::encode(b),
    }
}

fn cell_json(v: ValueRef) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => hex::encode(b).into(),
    }
}

/// The `tables` of Datasette's metadata, in the order they are put.
struct Tables(serde_json::Map<String, serde_json::Value>);

impl Tables {
    /// Puts table `name`: `v` (its title, description, source) with `extra`'s keys added.
    fn put(&mut self, name: &str, mut v: serde_json::Value, extra: serde_json::Value) {
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        self.0.insert(name.to_string(), v);
    }
}

const FARA_SOURCE: &str =
    "US Department of Justice, FARA eFile (bulk files, API and filed documents)";
const FARA_URL: &str = faralink::sources::FARA_DATA_PAGE;
const FARA_LICENCE: &str = "Public records published by the US Department of Justice; FARA data is a US government work, not subject to copyright in the US (17 U.S.C. 105). Filed documents are the registrants' own.";

/// A table of FARA data: its title and description, with DOJ as source and licence.
fn fara(title: &str, description: &str) -> serde_json::Value {
    json!({
        "title": title,
        "description": description,
        "source": FARA_SOURCE,
        "source_url": FARA_URL,
        "license": FARA_LICENCE,
    })
}

/// What Datasette shows about each table and how it searches them. Datasette finds the
/// `*_fts` tables by itself; `fts_table`/`fts_pk` say so explicitly (and are needed for the
/// views), `searchable_columns` lists the indexed columns for people reading the file.
pub fn datasette_metadata() -> serde_json::Value {
    let mut t = Tables(serde_json::Map::new());
    fara_tables(&mut t);
    takedown_tables(&mut t);
    firm_views(&mut t);
    money_tables(&mut t);
    faralink_tables(&mut t);
    let tables = t.0;
    json!({
        "title": "faralink: FARA registrations and platform takedowns",
        "description": "The US Foreign Agents Registration Act registry mirrored by faralink, with the influence-network takedowns platforms announced and the leads linking them. Registering under FARA is lawful and is not evidence of wrongdoing; a link is a lead to verify, not a finding.",
        "source": FARA_SOURCE,
        "source_url": FARA_URL,
        "license": FARA_LICENCE,
        "about": "faralink",
        "databases": { "faralink": { "tables": tables } }
    })
}

/// The FARA tables and what is read out of filings.
fn fara_tables(t: &mut Tables) {
    t.put(
        "registrants",
        fara(
            "FARA registrants",
            "Every person or firm registered under the Foreign Agents Registration Act, as DOJ lists them. Registering is lawful and is not evidence of wrongdoing.",
        ),
        json!({"facets": ["state", "city"], "sort_desc": "registration_date", "label_column": "name",
               "fts_table": "registrants_fts", "fts_pk": "registration_number",
               "searchable_columns": ["name", "business_name"]}),
    );
    t.put(
        "foreign_principals",
        fara(
            "Foreign principals",
            "The foreign governments, parties, companies and people each registrant works for; country as filed and as an ISO 3166-1 code.",
        ),
        json!({"facets": ["country_code", "country"], "sort_desc": "registration_date", "label_column": "name",
               "fts_table": "foreign_principals_fts", "fts_pk": "id", "searchable_columns": ["name"]}),
    );
    t.put(
        "short_forms",
        fara(
            "Short-form registrations",
            "People acting for a registrant (one short form each).",
        ),
        json!({"facets": ["registration_number"], "sort_desc": "short_form_date"}),
    );
    t.put(
        "documents",
        fara(
            "Filed documents",
            "Every document DOJ lists for a registrant, with its status in faralink and, once fetched, its text.",
        ),
        json!({"facets": ["document_type", "status"], "sort_desc": "date_stamped",
               "fts_table": "documents_fts", "fts_pk": "rowid",
               "searchable_columns": ["registrant_name", "foreign_principal_name", "document_type", "text"]}),
    );
    t.put(
        "name_parts",
        fara(
            "Other names",
            "Former names, trade names, business names and intermediaries carried inside FARA names, so a search for any of them finds the entity.",
        ),
        json!({"facets": ["kind", "source"], "fts_table": "name_parts_fts", "fts_pk": "id", "searchable_columns": ["part"]}),
    );
    t.put(
        "agreements",
        fara(
            "Agreements (read from Exhibit AB)",
            "Fee, term and scope read automatically out of each Exhibit AB's text; evidence holds the sentence each field came from. Check against the PDF.",
        ),
        json!({"facets": ["fee_currency", "fee_period"]}),
    );
    t.put(
        "payments",
        fara(
            "Payments (read from filings)",
            "Receipts (item 14(a)) read automatically out of supplemental statements: principal, date, from whom, purpose, amount and currency as filed, with the page and line in evidence. Check against the PDF.",
        ),
        json!({"facets": ["currency"], "sort_desc": "date"}),
    );
}

/// Takedowns, the links to them and the verdicts on the links.
fn takedown_tables(t: &mut Tables) {
    t.put(
        "takedowns",
        json!({"title": "Platform takedowns", "description": "Influence networks platforms announced they removed, with counts and attribution as the platform stated them.",
               "source": "Platform reports (Meta, Google TAG, Twitter/X, ...); each row's source_url is its source", "license": "Facts as stated in each row's source report; see source_url."}),
        json!({"facets": ["platform", "origin_countries", "target_countries"], "sort_desc": "announced_on", "label_column": "network_name",
               "fts_table": "takedowns_fts", "fts_pk": "rowid",
               "searchable_columns": ["network_name", "attributed_to", "attribution_text", "summary"]}),
    );
    t.put(
        "links",
        json!({"title": "Links: registrants to takedowns", "description": "Leads proposed by faralink's matcher, with the evidence for each. A link is a lead for a reporter to verify, not a finding."}),
        json!({"facets": ["kind", "takedown_id"], "sort_desc": "score"}),
    );
    t.put(
        "judgements",
        json!({"title": "Verdicts on links", "description": "A person's confirm or reject on a link; the latest one counts."}),
        json!({"facets": ["verdict"], "sort_desc": "decided_at"}),
    );
}

/// The views joining firms to their principals, agreements and links.
fn firm_views(t: &mut Tables) {
    t.put(
        "firm_principals",
        fara(
            "Firms and their principals",
            "One row per registrant and foreign principal, with counts of agreements and takedown links.",
        ),
        json!({"facets": ["country_code"]}),
    );
    t.put(
        "firm_agreements",
        fara(
            "Firms' agreements",
            "One row per agreement read from an Exhibit AB, with its firm and principal.",
        ),
        json!({"facets": ["fee_currency", "fee_period", "country_code"]}),
    );
    t.put(
        "firm_takedown_links",
        json!({"title": "Firms linked to takedowns", "description": "One row per link, with the takedown and the latest verdict. A link is a lead to verify, not a finding."}),
        json!({"facets": ["platform", "kind", "verdict"]}),
    );
}

/// Money read out of supplemental statements, row by row and in totals.
fn money_tables(t: &mut Tables) {
    t.put(
        "disbursements",
        fara(
            "Disbursements (read from supplemental statements, 15(a))",
            "What registrants reported paying out, read automatically out of supplemental statements' item 15(a); evidence holds the page and line. Never a receipt. Check against the PDF.",
        ),
        json!({"facets": ["currency"], "sort_desc": "date"}),
    );
    t.put(
        "contributions",
        fara(
            "Political contributions (read from supplemental statements, 15(c))",
            "Political contributions registrants reported in supplemental statements' item 15(c) (item 16 on older forms); evidence holds the page and line. Check against the PDF.",
        ),
        json!({"facets": ["currency"], "sort_desc": "date"}),
    );
    t.put(
        "money_by_country",
        fara(
            "Money received, by country",
            "Receipts reported in supplemental statements (14(a)), totalled per foreign principal's country, calendar year and currency. Currencies are never summed together; country_code is empty where the receipt's principal could not be matched to a listed principal. documents: the statements the receipts came from.",
        ),
        json!({"facets": ["country_code", "year", "currency"], "sort_desc": "amount"}),
    );
    t.put(
        "money_by_registrant",
        fara(
            "Money received, by registrant",
            "Receipts reported in supplemental statements (14(a)), totalled per registrant, calendar year and currency. Currencies are never summed together. documents: the statements the receipts came from.",
        ),
        json!({"facets": ["year", "currency"], "sort_desc": "amount"}),
    );
}

/// faralink's own tables: the change record, the watchlist and its bookkeeping.
fn faralink_tables(t: &mut Tables) {
    t.put(
        "changes",
        json!({"title": "What each sync changed", "description": "One row per addition, change, termination or removal a sync run recorded (new registrants, principals, documents, agreements with fee and term, takedowns, links); `faralink changes` prints it as a digest."}),
        json!({"facets": ["table_name", "change"]}),
    );
    t.put(
        "watches",
        json!({"title": "Watchlist", "description": "Firms and countries whose changes the digest lists first (`faralink watch`)."}),
        json!({}),
    );
    for name in [
        "sync_runs",
        "rejects",
        "load_notes",
        "source_state",
        "fetch_log",
    ] {
        t.put(
            name,
            json!({"description": "faralink's own bookkeeping (syncs, rejected rows, HTTP requests)."}),
            json!({}),
        );
    }
}

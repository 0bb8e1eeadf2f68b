//! What is read out of a filed document's text, stored: the agreement an Exhibit AB (or a
//! registration statement, an amendment) states, in `agreements`, and the receipts,
//! disbursements and political contributions a supplemental statement reports, in
//! `payments`, `disbursements` and `contributions`, each linked to one of the registration's
//! foreign principals when the names allow.
//!
//! For: the table writes of the fields stage, one transaction per document. Not for: finding
//! the fields in the text (pure readers: [`crate::documents::agreement`] and [`super::supplemental`]),
//! nor the text itself (see [`super::text`]).

use rusqlite::{Connection, params};

use super::DocumentsError;
use super::supplemental::{SupplementalStatement, read_statement};
use crate::documents::agreement::{AgreementFields, extract_agreement};

/// What reading fields out of document text did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldCounts {
    /// Documents read (each marked `fields_extracted_at`), whether or not fields were found.
    pub documents: u64,
    /// Agreements stored (documents whose text names a client, fee, term or scope).
    pub agreements: u64,
    /// Receipts stored in `payments`.
    pub payments: u64,
    /// Disbursements stored.
    pub disbursements: u64,
    /// Political contributions stored.
    pub contributions: u64,
}

/// Document types whose text states an agreement (client, fee, term, scope). Supplemental
/// statements report receipts instead; their "six-month reporting period" is not a term.
const AGREEMENT_TYPES: [&str; 3] = ["Exhibit AB", "Registration Statement", "Amendment"];

/// Words of a name, lower-case, without punctuation or accents-as-bytes: for comparing a
/// client named in an agreement with the principals DOJ lists.
fn name_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .filter(|w| !matches!(w.as_str(), "the" | "of" | "and" | "de" | "del" | "la"))
        .collect()
}

/// The principal of the registration that the agreement's client names: the one whose name's
/// words equal the client's, or contain them all, or are all contained in them. Several
/// candidates or none: no link (never a guess).
pub fn match_principal(client: &str, principals: &[(i64, String)]) -> Option<i64> {
    let want = name_words(client);
    if want.is_empty() {
        return None;
    }
    let contains = |a: &[String], b: &[String]| b.iter().all(|w| a.contains(w));
    let exact: Vec<i64> = principals
        .iter()
        .filter(|(_, n)| name_words(n) == want)
        .map(|(id, _)| *id)
        .collect();
    if exact.len() == 1 {
        return Some(exact[0]);
    }
    let close: Vec<i64> = principals
        .iter()
        .filter(|(_, n)| {
            let have = name_words(n);
            !have.is_empty() && (contains(&have, &want) || contains(&want, &have))
        })
        .map(|(id, _)| *id)
        .collect();
    (close.len() == 1).then(|| close[0])
}

/// A document whose text is known, as DOJ listed it.
struct ListedText {
    url: String,
    registration_number: Option<i64>,
    document_type: Option<String>,
    principal: Option<String>,
}

/// Reads agreement fields (client, fee, term, scope) and supplemental statements' receipts,
/// disbursements and contributions out of every document whose text is known and not yet
/// read, into `agreements`, `payments`, `disbursements` and `contributions`.
/// Each document is one transaction: its old rows are replaced, and it is marked read.
/// When `run_id` is given (a sync), each agreement added, changed or dropped is recorded in
/// `changes` in the transaction that stores it.
pub fn extract_fields(
    conn: &mut Connection,
    run_id: Option<i64>,
) -> Result<FieldCounts, DocumentsError> {
    let docs = unread(conn)?;
    let mut counts = FieldCounts::default();
    for doc in docs {
        store_fields(conn, doc, run_id, &mut counts)?;
        counts.documents += 1;
    }
    Ok(counts)
}

/// The documents whose text is known and whose fields are not read yet, by URL.
fn unread(conn: &Connection) -> rusqlite::Result<Vec<ListedText>> {
    let mut stmt = conn.prepare(
        "SELECT url, registration_number, document_type, foreign_principal_name FROM documents
         WHERE text IS NOT NULL AND fields_extracted_at IS NULL ORDER BY url",
    )?;
    stmt.query_map([], |r| {
        Ok(ListedText {
            url: r.get(0)?,
            registration_number: r.get(1)?,
            document_type: r.get(2)?,
            principal: r.get(3)?,
        })
    })?
    .collect()
}

/// Reads one document's fields and replaces its rows, in one transaction that also marks it
/// read (and, in a sync, records the change of its agreement).
fn store_fields(
    conn: &mut Connection,
    doc: ListedText,
    run_id: Option<i64>,
    counts: &mut FieldCounts,
) -> Result<(), DocumentsError> {
    let ListedText {
        url,
        registration_number: reg,
        document_type: doc_type,
        principal: listed_principal,
    } = doc;
    let tx = conn.transaction()?;
    let text: String = tx.query_row("SELECT text FROM documents WHERE url = ?1", [&url], |r| {
        r.get(0)
    })?;
    let doc_type = doc_type.unwrap_or_default();
    let before = match run_id {
        Some(_) => crate::changes::AgreementTerms::read(&tx, &url)?,
        None => None,
    };
    tx.execute("DELETE FROM agreements WHERE document_url = ?1", [&url])?;
    for table in ["payments", "disbursements", "contributions"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE document_url = ?1"),
            [&url],
        )?;
    }
    if AGREEMENT_TYPES.contains(&doc_type.as_str()) {
        let fields = extract_agreement(&text);
        if fields.fee.is_some()
            || fields.term.is_some()
            || fields.scope.is_some()
            || fields.client.is_some()
        {
            store_agreement(&tx, &url, reg, listed_principal.as_deref(), &fields)?;
            counts.agreements += 1;
        }
    } else if doc_type == "Supplemental Statement" {
        let read = store_statement(&tx, &url, reg, listed_principal.as_deref(), &text)
            .map_err(|e| DocumentsError::db(format!("{url}: storing its receipts: "), e))?;
        counts.payments += read.receipts.len() as u64;
        counts.disbursements += read.disbursements.len() as u64;
        counts.contributions += read.contributions.len() as u64;
    }
    if let Some(run) = run_id {
        let after = crate::changes::AgreementTerms::read(&tx, &url)?;
        crate::changes::record_agreement(
            &tx,
            run,
            "documents",
            &url,
            before.as_ref(),
            after.as_ref(),
        )?;
    }
    tx.execute(
        "UPDATE documents SET fields_extracted_at = ?2 WHERE url = ?1",
        params![url, crate::db::now_rfc3339()],
    )?;
    tx.commit()?;
    Ok(())
}

/// The principals DOJ lists for a registration: (row id, name).
fn principals_of(
    tx: &rusqlite::Transaction,
    reg: Option<i64>,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let Some(reg) = reg else {
        return Ok(Vec::new());
    };
    let mut stmt = tx.prepare_cached(
        "SELECT id, name FROM foreign_principals WHERE registration_number = ?1 AND removed_at IS NULL",
    )?;
    stmt.query_map([reg], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// Reads a supplemental statement (see [`super::supplemental`]) and stores its receipts in
/// `payments`, its disbursements and contributions, and its answer to the receipts question in
/// `documents.receipts_reported`. Each receipt is matched to one of the registration's
/// principals with the agreements' matcher: by the principal the row names; a row naming none
/// by DOJ's listing of the document, then by whom it came from, then by the registration's
/// only principal when it has exactly one. No match: null, totalled under no country.
fn store_statement(
    tx: &rusqlite::Transaction,
    url: &str,
    reg: Option<i64>,
    listed_principal: Option<&str>,
    text: &str,
) -> rusqlite::Result<SupplementalStatement> {
    let read = read_statement(text);
    let principals = principals_of(tx, reg)?;
    for r in &read.receipts {
        let principal_id = match r.foreign_principal.as_deref() {
            Some(named) => match_principal(named, &principals),
            None => listed_principal
                .and_then(|p| match_principal(p, &principals))
                .or_else(|| {
                    r.party
                        .as_deref()
                        .and_then(|p| match_principal(p, &principals))
                })
                .or_else(|| (principals.len() == 1).then(|| principals[0].0)),
        };
        tx.execute(
            "INSERT INTO payments (document_url, registration_number, foreign_principal, date, amount, currency, purpose,
                                   received_from, evidence, foreign_principal_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                url,
                reg,
                r.foreign_principal,
                r.date,
                r.amount,
                r.currency,
                r.purpose,
                r.party,
                serde_json::to_string(&r.evidence).unwrap_or_default(),
                principal_id
            ],
        )?;
    }
    for (table, rows) in [
        ("disbursements", &read.disbursements),
        ("contributions", &read.contributions),
    ] {
        for r in rows {
            tx.execute(
                &format!(
                    "INSERT INTO {table} (document_url, registration_number, foreign_principal, date, recipient, purpose, amount, currency, evidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                ),
                params![
                    url,
                    reg,
                    r.foreign_principal,
                    r.date,
                    r.party,
                    r.purpose,
                    r.amount,
                    r.currency,
                    serde_json::to_string(&r.evidence).unwrap_or_default()
                ],
            )?;
        }
    }
    tx.execute(
        "UPDATE documents SET receipts_reported = ?2 WHERE url = ?1",
        params![url, read.receipts_reported()],
    )?;
    Ok(read)
}

/// Stores an agreement's fields, its client linked to one of the registration's principals
/// when the name allows (see [`match_principal`]).
fn store_agreement(
    tx: &rusqlite::Transaction,
    url: &str,
    reg: Option<i64>,
    listed_principal: Option<&str>,
    f: &AgreementFields,
) -> rusqlite::Result<()> {
    // The client as the agreement names it, else as DOJ's document list names it.
    let client = f
        .client
        .as_ref()
        .map(|c| c.name.clone())
        .or_else(|| listed_principal.map(str::to_string));
    let principals = principals_of(tx, reg)?;
    let principal_id = client
        .as_deref()
        .and_then(|c| match_principal(c, &principals));
    tx.execute(
        "INSERT INTO agreements (document_url, registration_number, foreign_principal, foreign_principal_id, fee_amount, fee_currency,
           fee_period, term_start, term_end, term_months, term_until_terminated, scope, evidence, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            url,
            reg,
            client,
            principal_id,
            f.fee.as_ref().map(|x| x.amount),
            f.fee.as_ref().map(|x| x.currency.clone()),
            f.fee.as_ref().map(|x| x.period.as_str()),
            f.term.as_ref().and_then(|t| t.start.clone()),
            f.term.as_ref().and_then(|t| t.end.clone()),
            f.term.as_ref().and_then(|t| t.months),
            f.term.as_ref().map(|t| t.until_terminated),
            f.scope.as_ref().map(|s| s.text.clone()),
            f.evidence_json().to_string(),
            f.confidence(),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_link_to_one_principal_or_none() {
        let fps = vec![
            (1, "Plurinational State of Bolivia".to_string()),
            (2, "Government of Peru".to_string()),
            (3, "Ministry of Foreign Affairs of Peru".to_string()),
        ];
        assert_eq!(
            match_principal("the Plurinational State of Bolivia", &fps),
            Some(1)
        );
        assert_eq!(match_principal("Bolivia", &fps), Some(1));
        // "Peru" names two principals: no link rather than a guess.
        assert_eq!(match_principal("Peru", &fps), None);
        assert_eq!(match_principal("Government of Peru", &fps), Some(2));
        assert_eq!(match_principal("Republic of Kenya", &fps), None);
        assert_eq!(match_principal("", &fps), None);
    }
}

//! What `documents::extract_fields` stores for an agreement, on a real SQLite file made by
//! `db::open` (its migrations): one row whenever the text names the client, each field with
//! the text it came from.

use faralink::documents::extract_fields;
use rusqlite::params;

fn agreement_row(
    text: &str,
    listed_principal: &str,
) -> Option<(Option<String>, Option<f64>, serde_json::Value)> {
    let tmp = tempfile::tempdir().unwrap();
    let mut conn = faralink::db::open(&tmp.path().join("f.db")).unwrap();
    conn.execute(
        "INSERT INTO documents (url, document_type, foreign_principal_name, status, text, first_seen_at, changed_at, row_hash)
         VALUES (?1, 'Exhibit AB', ?2, 'fetched', ?3, '2024-04-12T00:00:00Z', '2024-04-12T00:00:00Z', 0)",
        params!["https://efile.fara.gov/docs/7311-Exhibit-AB-20240412-1.pdf", listed_principal, text],
    )
    .unwrap();
    extract_fields(&mut conn, None).unwrap();
    conn.query_row(
        "SELECT foreign_principal, fee_amount, evidence FROM agreements",
        [],
        |r| {
            let evidence: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                serde_json::from_str(&evidence).unwrap(),
            ))
        },
    )
    .ok()
}

/// A covering letter that names the client and states no fee, term or scope ("The Firm will
/// not engage in political activities" is not a scope): before, no client was read from it,
/// so no row was written at all.
#[test]
fn a_letter_naming_only_its_client_gets_a_row_whose_client_evidence_is_in_the_text() {
    let text = "FOXCOMBE LANE LLP\n\nDear Sir or Madam:\n\nOn behalf of our client, the Bellasca \
                Ports Authority, we enclose the Authority's letter of appointment. The terms of \
                our engagement were agreed orally. The Firm will not engage in political \
                activities on behalf of the Authority.\n";
    let (client, fee, evidence) =
        agreement_row(text, "BELLASCA PORTS AUTH.").expect("an agreement row");
    assert_eq!(client.as_deref(), Some("Bellasca Ports Authority"));
    assert_eq!(fee, None);
    let snippet = evidence["client"]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("our client, the Bellasca Ports Authority"),
        "{evidence}"
    );
    assert!(evidence["scope"].is_null(), "{evidence}");
}

/// When the text does not name the client, DOJ's listing names it, and the evidence says
/// nothing came from the text.
#[test]
fn a_client_only_doj_lists_has_no_text_evidence() {
    let text =
        "RETAINER\n\nThe Agency will organize a press tour in New York for a fee of $9,000.\n";
    let (client, fee, evidence) = agreement_row(text, "Tourism Board of Kerrow").unwrap();
    assert_eq!(client.as_deref(), Some("Tourism Board of Kerrow"));
    assert_eq!(fee, Some(9000.0));
    assert!(evidence["client"].is_null(), "{evidence}");
}

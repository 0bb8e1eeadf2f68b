//! Parsing FARA eFile JSON API responses (`api/v1/...`) into the same records the bulk files
//! give. Pure: bytes in, records out; no HTTP here.
//!
//! The API is used only for what the bulk files lack (registrations newer than DOJ's last bulk
//! refresh), and it is quirky. Seen in real responses:
//! - rows under `{"REGISTRANTS_ACTIVE": {"ROW": [...]}}`, under `{"ROWSET": {"ROW": ...}}`, with
//!   mixed-case (`Registration_Number`) or upper-case (`REGISTRATION_NUMBER`) keys;
//! - `ROW` as an array, or as a single object when there is one row;
//! - numbers where strings are expected (`"Zip":2005`, `"Address_2":850`), keys missing entirely;
//! - "no rows" answered with a 404 whose body is not JSON (`{Success:false,...}`): the caller
//!   treats that as empty, see [`is_no_rows_body`].
//!
//! For: the `parse_*` functions, which turn one response body into [`ApiRows`] (records, and
//! a reject for each row that cannot be one). Not for: the requests, their politeness and
//! which registrations to ask about (see `sync`, `http`), or storing the rows (see
//! [`super::store`]'s `upsert_api_*`).

use serde_json::Value;

use super::RejectReason;
use super::bulk::{Address, ForeignPrincipal, Registrant, RegistrantDoc};
use crate::text::{country, dates};

/// Errors reading an API response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The body is not JSON at all; the endpoint may have changed or returned an error page.
    /// Nothing from it is stored; the next sync asks again.
    #[error("{what}: response is not JSON ({source}); starts with {start:?}")]
    NotJson {
        /// The request, as the caller named it.
        what: String,
        /// The body's first characters.
        start: String,
        /// The JSON parser's error.
        source: serde_json::Error,
    },
    /// The JSON has no `ROW` list anywhere; the endpoint's shape may have changed. Nothing
    /// from the response is stored; report it if it lasts.
    #[error("{what}: no ROW found in the response; top-level keys: {keys}")]
    NoRows {
        /// The request, as the caller named it.
        what: String,
        /// The top-level keys found instead.
        keys: String,
    },
}

/// One API row that could not be turned into a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiReject {
    /// Position of the row in the response, 1-based.
    pub index: usize,
    /// The row's JSON.
    pub raw: String,
    /// Why it could not be used ([`RejectReason`], as text).
    pub reason: String,
}

/// Rows parsed from one response, and the rows that could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRows<T> {
    /// The records, in response order.
    pub rows: Vec<T>,
    /// The rows that could not be turned into records.
    pub rejects: Vec<ApiReject>,
}

/// A body DOJ sends with a 404 to mean "no rows", e.g. `{Success:false, ...}` (invalid JSON, the
/// keys are unquoted) or an empty body.
pub fn is_no_rows_body(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let t = text.trim();
    t.is_empty()
        || t.replace(' ', "")
            .to_ascii_lowercase()
            .contains("success:false")
        || t.contains("\"Success\":false")
}

/// The rows of a response, wherever they sit. `what` names the request in error messages.
pub fn rows(body: &[u8], what: &str) -> Result<Vec<Value>, ApiError> {
    // DOJ serves Latin-1 now and then; JSON must be UTF-8, so decode leniently first.
    let text = match std::str::from_utf8(body) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::WINDOWS_1252.decode(body).0,
    };
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|source| {
        ApiError::NotJson {
            what: what.to_string(),
            start: text.chars().take(80).collect(),
            source,
        }
    })?;
    if let Some(found) = find_rows(&v) {
        return Ok(found);
    }
    let keys = match &v {
        Value::Object(m) if m.is_empty() => return Ok(Vec::new()),
        Value::Object(m) => m.keys().cloned().collect::<Vec<_>>().join(", "),
        Value::Array(a) => return Ok(a.clone()),
        _ => String::from("(not an object)"),
    };
    // An object whose only content is an empty wrapper ({"REGISTRANTS_ACTIVE": {}}) means no rows.
    if let Value::Object(m) = &v
        && m.values()
            .all(|x| matches!(x, Value::Object(o) if o.is_empty()) || x.is_null())
    {
        return Ok(Vec::new());
    }
    Err(ApiError::NoRows {
        what: what.to_string(),
        keys,
    })
}

fn find_rows(v: &Value) -> Option<Vec<Value>> {
    let Value::Object(map) = v else { return None };
    for (k, val) in map {
        if k.eq_ignore_ascii_case("row") {
            return Some(match val {
                Value::Array(a) => a.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            });
        }
    }
    map.values().find_map(find_rows)
}

/// A field of an API row: keys compared lower-case with `_` and spaces removed, values that are
/// numbers turned into text, empty strings into `None`.
fn field(row: &Value, names: &[&str]) -> Option<String> {
    let Value::Object(map) = row else { return None };
    for want in names {
        for (k, v) in map {
            let key: String = k
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if key == *want {
                let s = match v {
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => continue,
                };
                if !s.is_empty() {
                    return Some(s);
                }
            }
        }
    }
    None
}

fn date(row: &Value, names: &[&str]) -> Result<Option<String>, RejectReason> {
    match field(row, names) {
        None => Ok(None),
        // The API gives MM/DD/YYYY like the bulk files; accept ISO too in case that changes.
        // `get` and a real date check, not `s[..10]`: a non-ASCII character there panicked
        // (found by fuzzing, see tests/regression.rs).
        Some(s) if s.as_bytes().get(4) == Some(&b'-') => s
            .get(..10)
            .filter(|d| d.parse::<jiff::civil::Date>().is_ok())
            .map(|d| Some(d.to_string()))
            .ok_or(RejectReason::NotADate { raw: s }),
        // `dates` gives its reason as a note in words.
        Some(s) => dates::us_date_to_iso(&s).map_err(RejectReason::BadDate),
    }
}

fn address(row: &Value) -> Address {
    Address {
        address_1: field(row, &["address1", "foreignprincipaladdress", "fpaddress"]),
        address_2: field(row, &["address2"]),
        city: field(row, &["city"]),
        state: field(row, &["state"]),
        zip: field(row, &["zip", "zipcode"]),
    }
}

fn reg_number(row: &Value) -> Result<i64, RejectReason> {
    let raw = field(row, &["registrationnumber", "regnumber", "registrationno"])
        .ok_or(RejectReason::NoRegistrationNumber)?;
    match raw.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(RejectReason::BadRegistrationNumber {
            column: "registration number",
            raw,
        }),
    }
}

/// The records `f` makes of `rows`, and a reject for each row it refuses.
fn collect<T>(rows: Vec<Value>, f: impl Fn(&Value) -> Result<T, RejectReason>) -> ApiRows<T> {
    let mut out = ApiRows {
        rows: Vec::new(),
        rejects: Vec::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        match f(row) {
            Ok(r) => out.rows.push(r),
            Err(reason) => out.rejects.push(ApiReject {
                index: i + 1,
                raw: row.to_string(),
                reason: reason.to_string(),
            }),
        }
    }
    out
}

/// `Registrants/json/{Active,Terminated,New}`.
pub fn parse_registrants(body: &[u8], what: &str) -> Result<ApiRows<Registrant>, ApiError> {
    Ok(collect(rows(body, what)?, |row| {
        Ok(Registrant {
            registration_number: reg_number(row)?,
            name: field(row, &["name", "registrantname"])
                .ok_or(RejectReason::Missing { field: "name" })?,
            business_name: field(row, &["businessname"]),
            registration_date: date(row, &["registrationdate"])?,
            termination_date: date(row, &["terminationdate"])?,
            address: address(row),
        })
    }))
}

/// `ForeignPrincipals/json/Active/{reg}`. `reg` fills in rows that omit the number.
pub fn parse_foreign_principals(
    body: &[u8],
    what: &str,
    reg: i64,
) -> Result<ApiRows<ForeignPrincipal>, ApiError> {
    Ok(collect(rows(body, what)?, |row| {
        let country = field(
            row,
            &[
                "countrylocationrepresented",
                "country",
                "countryname",
                "fpcountry",
            ],
        );
        Ok(ForeignPrincipal {
            registration_number: reg_number(row).unwrap_or(reg),
            registrant_name: field(row, &["registrantname"]).unwrap_or_default(),
            registrant_date: date(row, &["registrantdate", "registrationdate"])?,
            name: field(row, &["foreignprincipal", "foreignprincipalname", "fpname"]).ok_or(
                RejectReason::Missing {
                    field: "foreign principal name",
                },
            )?,
            country_code: country.as_deref().and_then(country::country_code),
            country,
            registration_date: date(
                row,
                &[
                    "foreignprincipalregistrationdate",
                    "fpregistrationdate",
                    "fpregdate",
                ],
            )?,
            termination_date: date(
                row,
                &["foreignprincipalterminationdate", "fpterminationdate"],
            )?,
            address: address(row),
        })
    }))
}

/// `RegDocs/json/{reg}`.
pub fn parse_registrant_docs(
    body: &[u8],
    what: &str,
    reg: i64,
) -> Result<ApiRows<RegistrantDoc>, ApiError> {
    Ok(collect(rows(body, what)?, |row| {
        let url = field(row, &["url", "documenturl", "docurl", "link"]);
        let online = url.as_deref().is_some_and(|u| u.starts_with("http"));
        Ok(RegistrantDoc {
            registration_number: reg_number(row).unwrap_or(reg),
            registrant_name: field(row, &["registrantname", "name"]).unwrap_or_default(),
            document_type: field(row, &["documenttype", "doctype", "type"]),
            date_stamped: date(row, &["datestamped", "stampeddate", "date"])?,
            short_form_name: field(row, &["shortformname"]),
            foreign_principal_name: field(row, &["foreignprincipalname", "foreignprincipal"]),
            foreign_principal_country: field(row, &["foreignprincipalcountry", "country"]),
            status: if online { "listed" } else { "not_online" },
            url: url.filter(|_| online),
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_array_numbers_and_missing_keys() {
        let body = br#"{"REGISTRANTS_ACTIVE":{"ROW":[
            {"Zip":"07103","Address_1":"81 Woodlawn Avenue","State":"NJ","Registration_Date":"08/10/2026","City":"Clifton","Registration_Number":7758,"Name":"Batista, Aneiry"},
            {"Zip":20005,"Address_1":"1201 I Street, NW","Address_2":850,"Registration_Date":"06/26/2026","Registration_Number":7747,"Name":"Ridgeline Advocacy Group LLC"},
            {"Address_1":"Baghdad Residences","Registration_Date":"07/01/2026","City":"Baghdad","Registration_Number":7748,"Name":"Bakr Assad Ali"}]}}"#;
        let r = parse_registrants(body, "Active").unwrap();
        assert!(r.rejects.is_empty());
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[0].address.zip.as_deref(), Some("07103"));
        assert_eq!(r.rows[1].address.zip.as_deref(), Some("20005"));
        assert_eq!(r.rows[1].address.address_2.as_deref(), Some("850"));
        assert_eq!(r.rows[2].address.zip, None);
        assert_eq!(r.rows[0].registration_date.as_deref(), Some("2026-08-10"));
    }

    #[test]
    fn single_row_object_and_rowset_upper_case() {
        let one = br#"{"REGISTRANTS_TERMINATED":{"ROW":{"Registration_Number":"5198","Name":"Pillsbury","Registration_Date":"07/31/1997","Termination_Date":"03/12/2026"}}}"#;
        let r = parse_registrants(one, "Terminated").unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].termination_date.as_deref(), Some("2026-03-12"));

        let rowset = br#"{"ROWSET":{"ROW":[{"REGISTRATION_NUMBER":6766,"FOREIGN_PRINCIPAL_NAME":"Plurinational State of Bolivia","COUNTRY_LOCATION_REPRESENTED":"BOLIVIA","FOREIGN_PRINCIPAL_REGISTRATION_DATE":"12/11/2019"}]}}"#;
        let fp = parse_foreign_principals(rowset, "FP 6766", 6766).unwrap();
        assert_eq!(fp.rows[0].name, "Plurinational State of Bolivia");
        assert_eq!(fp.rows[0].country_code, Some("BO"));
        assert_eq!(fp.rows[0].registration_date.as_deref(), Some("2019-12-11"));
    }

    #[test]
    fn no_rows_bodies() {
        assert!(is_no_rows_body(b"{Success:false, Message:\"no data\"}"));
        assert!(is_no_rows_body(b""));
        assert!(!is_no_rows_body(br#"{"ROWSET":{"ROW":[]}}"#));
        assert!(
            parse_registrants(br#"{"REGISTRANTS_NEW":{}}"#, "New")
                .unwrap()
                .rows
                .is_empty()
        );
        let err = parse_registrants(b"<html>maintenance</html>", "New").unwrap_err();
        assert!(err.to_string().contains("New"), "{err}");
    }

    #[test]
    fn bad_row_is_rejected_not_dropped() {
        let body = br#"{"X":{"ROW":[{"Registration_Number":"SPAIN","Name":"A"},{"Registration_Number":7,"Name":"B"}]}}"#;
        let r = parse_registrants(body, "t").unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rejects.len(), 1);
        assert_eq!(r.rejects[0].index, 1);
        assert!(r.rejects[0].reason.contains("SPAIN"));
    }

    #[test]
    fn docs_sentinel_is_not_online() {
        let body = br#"{"ROWSET":{"ROW":[{"Registration_Number":6766,"Document_Type":"Exhibit AB","Date_Stamped":"12/11/2019","URL":"https://efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf"},{"Registration_Number":6766,"Document_Type":"Short-Form","URL":"Available-FARA-Public-Office"}]}}"#;
        let r = parse_registrant_docs(body, "docs", 6766).unwrap();
        assert_eq!(r.rows[0].status, "listed");
        assert_eq!(r.rows[1].status, "not_online");
        assert_eq!(r.rows[1].url, None);
    }
}

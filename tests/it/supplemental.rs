//! Supplemental statements end to end: real PDFs written from statements laid out as DOJ's
//! form NSD-2 is (receipts over several periods and currencies, a row wrapped over three lines,
//! subtotal and total lines, disbursements, a "No"), served by a real HTTP mirror, synced by
//! the real binary, and totalled by `faralink money --by country --json`, compared exactly.
//! A total or a disbursement counted as a receipt, or a receipt read twice, changes a total.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::*;

/// A PDF with a text layer: one page per form feed, one text line per line, in Courier with
/// WinAnsi encoding (so "€" and "£" survive), as small as a real filing's text layer needs.
fn pdf_of(text: &str) -> Vec<u8> {
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let n = pages.len();
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 3 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
    ];
    let font = 3 + 2 * n;
    for (i, page) in pages.iter().enumerate() {
        let mut stream = b"BT /F1 8 Tf 24 770 Td 10 TL ".to_vec();
        for line in page.lines() {
            stream.push(b'(');
            for c in line.chars() {
                match c {
                    '\\' | '(' | ')' => stream.extend([b'\\', c as u8]),
                    '€' => stream.push(0x80),
                    c if (c as u32) < 0x100 => stream.push(c as u32 as u8),
                    c => panic!("{c:?} has no WinAnsi code"),
                }
            }
            stream.extend(b") Tj T* ");
        }
        stream.extend(b"ET");
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>",
            4 + 2 * i
        ).into_bytes());
        let mut s = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        s.extend(&stream);
        s.extend(b"\nendstream");
        objs.push(s);
    }
    objs.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

const STAMP: &str = "Received by NSD/FARA Registration Unit";

fn head(stamp: &str, registrant: &str, reg: i64, period_end: &str) -> String {
    format!(
        "{STAMP} {stamp} 3:41:07 PM
                                                          OMB No. 1124-0002; Expires July 31, 2026
U.S. Department of Justice                                Supplemental Statement
Washington, DC 20530                                      Pursuant to the Foreign Agents Registration Act of
                                                          1938, as amended
For 6 Month Period Ending {period_end}

1. (a) Name of Registrant                                         (b) Registration Number
       {registrant:<58}{reg}

                                        IV - FINANCIAL INFORMATION
14. (a) RECEIPTS-MONIES
During this 6 month reporting period, have you received from any foreign principal named in Item 7 any
contributions, income, money, or other things of value in connection with activity on behalf of any foreign
principal named in Item 7?                                                 "
    )
}

const THINGS_AND_15: &str = "
(b) RECEIPTS-THINGS OF VALUE
During this 6 month reporting period, have you received any thing of value other than money from any foreign
principal named in Item 7, or from any other source, for or in the interests of any such foreign principal?
                                                                           Yes [ ]   No [X]

15. (a) DISBURSEMENTS-MONIES
During this 6 month reporting period, have you
(1) disbursed or expended monies in connection with activity on behalf of any foreign principal named in
Item 7?                                                                    Yes [X]   No [ ]
(2) transmitted monies to any such foreign principal?                      Yes [ ]   No [X]
If yes, set forth below in the required detail and separately for each foreign principal an account of such
monies, including monies transmitted, if any, to each foreign principal.
";

const TAIL: &str = "
(c) DISBURSEMENTS-POLITICAL CONTRIBUTIONS
During this 6 month reporting period, have you from your own funds and on your own behalf either directly or
through any other person, made any contributions of money or other things of value in connection with an
election to any political office?                                          Yes [ ]   No [X]

                                        V - INFORMATIONAL MATERIALS
16. (a) During this 6 month reporting period, did you prepare, disseminate or cause to be disseminated any
informational materials?                                                   Yes [ ]   No [X]
                                              VI - EXECUTION
In accordance with 28 U.S.C. § 1746, the undersigned swears or affirms under penalty of perjury that the
contents are in their entirety true and accurate to the best of his/her knowledge and belief.
";

/// The statements: (file name under docs/, stamp date, text). Invented firms and principals.
fn statements() -> Vec<(&'static str, &'static str, String)> {
    let a = format!(
        "{}Yes [X]   No [ ]
If yes, set forth below in the required detail and separately for each foreign principal an account of such
monies.

Foreign Principal        Date        From Whom                Purpose                    Amount/
                         Received                                                        Subtotal
Example Norwegian        01/14/2022  Example Norwegian        Retainer, January 2022       $25,000.00
Seafood Council of the               Seafood Council
Kingdom of Norway
                         04/14/2022  Example Norwegian        Retainer, April 2022         $25,000.00
                                     Seafood Council
                                                                                           $50,000.00
Example Ministry of      05/02/2022  Embassy of Chile         Mining investment            $12,345.67
Mining of Chile                                               outreach
                                                                                           $12,345.67
                                                              Total                        $62,345.67
{THINGS_AND_15}
Foreign Principal        Date        Recipient                Purpose                    Amount/Subtotal
Example Norwegian        03/01/2022  Example Print House      Brochures                     $4,000.00
Seafood Council of the
Kingdom of Norway
                                                              Total                         $4,000.00
{TAIL}",
        head(
            "07/29/2022",
            "Example Fjordline Strategies LLC",
            7901,
            "06/30/2022"
        )
    );
    // The table runs onto a second page, under its repeated header; kroner written the
    // Norwegian way.
    let b = format!(
        "{}Yes [X]   No [ ]

Foreign Principal        Date        From Whom                Purpose                    Amount/Subtotal
Example Norwegian        07/15/2022  Example Norwegian        Retainer, third quarter  NOK 150.000,00
Seafood Council of the               Seafood Council
Kingdom of Norway
                         10/14/2022  Example Norwegian        Retainer, fourth quarter NOK 150.000,00
                                     Seafood Council
\u{c}{STAMP} 01/30/2023 3:41:07 PM
Foreign Principal        Date        From Whom                Purpose                    Amount/Subtotal
Example Norwegian        12/20/2022  Example Norwegian        Event support                $25,000.00
Seafood Council of the               Seafood Council
Kingdom of Norway
                                                              Total (NOK)              NOK 300.000,00
                                                              Total (USD)                  $25,000.00
{THINGS_AND_15}
None.
{TAIL}",
        head(
            "01/30/2023",
            "Example Fjordline Strategies LLC",
            7901,
            "12/31/2022"
        )
    );
    // A large disbursement beside the receipts: it must never be counted as one.
    let c = format!(
        "{}Yes [X]   No [ ]

Foreign Principal        Date        From Whom                Purpose                    Amount/Subtotal
Example Norwegian        01/13/2023  Example Norwegian        Retainer, January 2023       $25,000.00
Seafood Council of the               Seafood Council
Kingdom of Norway
Example Ministry of      02/01/2023  Embassy of Chile         Mining investment            $12,345.67
Mining of Chile                                               outreach, second
                                                              phase
                                                              Total                        $37,345.67
{THINGS_AND_15}
Foreign Principal        Date        Recipient                Purpose                    Amount/Subtotal
Example Ministry of      03/15/2023  Example Media Buying     Television advertising      $100,000.00
Mining of Chile                      Group LLC
                                                              Total                       $100,000.00
{TAIL}",
        head(
            "07/28/2023",
            "Example Fjordline Strategies LLC",
            7901,
            "06/30/2023"
        )
    );
    // Euros as registrants write them.
    let d = format!(
        "{}Yes [X]   No [ ]

Foreign Principal        Date        From Whom                Purpose                    Amount/Subtotal
Example Tourism Board    09/05/2022  Example Tourism Board    Media relations,            EUR 18.000,00
of Portugal                          of Portugal              September
                         10/05/2022  Example Tourism Board    Media relations, October         €18,000
                                     of Portugal
                                                              Total                       EUR 36.000,00
{THINGS_AND_15}
Foreign Principal        Date        Recipient                Purpose                    Amount/Subtotal
Example Tourism Board    10/20/2022  Example Events Co.       Press trip                   EUR 2.000,00
of Portugal
{TAIL}",
        head(
            "12/28/2022",
            "Example Lisbon Row Partners LLP",
            7902,
            "11/30/2022"
        )
    );
    // "No": none received this period (a disbursement still reported).
    let e = format!(
        "{}Yes [ ]   No [X]
If yes, set forth below in the required detail and separately for each foreign principal an account of such
monies.
{THINGS_AND_15}
Foreign Principal        Date        Recipient                Purpose                    Amount/Subtotal
Example Tourism Board    03/03/2023  Example Events Co.       Reception                     $1,500.00
of Portugal
{TAIL}",
        head(
            "06/29/2023",
            "Example Lisbon Row Partners LLP",
            7902,
            "05/31/2023"
        )
    );
    vec![
        (
            "7901-Supplemental-Statement-20220729-1.pdf",
            "07/29/2022",
            a,
        ),
        (
            "7901-Supplemental-Statement-20230130-2.pdf",
            "01/30/2023",
            b,
        ),
        (
            "7901-Supplemental-Statement-20230728-3.pdf",
            "07/28/2023",
            c,
        ),
        (
            "7902-Supplemental-Statement-20221228-1.pdf",
            "12/28/2022",
            d,
        ),
        (
            "7902-Supplemental-Statement-20230629-2.pdf",
            "06/29/2023",
            e,
        ),
    ]
}

fn q(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(",")
        + "\r\n"
}

/// The bundled mirror plus two invented registrants, their principals (in Norway, Chile and
/// Portugal) and their statements as PDFs.
fn mirror(dir: &Path) -> PathBuf {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    let extra = |name: &str, rows: &str| {
        let mut csv = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/bulk")
                .join(name),
        )
        .unwrap();
        csv.extend_from_slice(rows.as_bytes());
        std::fs::write(
            mirror.join(format!("bulk/zip/{name}.zip")),
            zip_one(name, &csv),
        )
        .unwrap();
    };
    extra(
        "FARA_All_Registrants.csv",
        &[
            q(&[
                "7901",
                "01/05/2022",
                "",
                "Example Fjordline Strategies LLC",
                "",
                "1 Example Plaza",
                "",
                "Washington",
                "DC",
                "20001",
            ]),
            q(&[
                "7902",
                "06/01/2022",
                "",
                "Example Lisbon Row Partners LLP",
                "",
                "2 Example Plaza",
                "",
                "Washington",
                "DC",
                "20001",
            ]),
        ]
        .concat(),
    );
    let fp = |name: &str, country: &str, reg: &str, registrant: &str| {
        q(&[
            "",
            name,
            "01/05/2022",
            country,
            reg,
            "01/05/2022",
            registrant,
            "",
            "",
            "",
            "",
            "",
        ])
    };
    extra(
        "FARA_All_ForeignPrincipals.csv",
        &[
            fp(
                "Example Norwegian Seafood Council of the Kingdom of Norway",
                "NORWAY",
                "7901",
                "Example Fjordline Strategies LLC",
            ),
            fp(
                "Example Ministry of Mining of Chile",
                "CHILE",
                "7901",
                "Example Fjordline Strategies LLC",
            ),
            fp(
                "Example Tourism Board of Portugal",
                "PORTUGAL",
                "7902",
                "Example Lisbon Row Partners LLP",
            ),
        ]
        .concat(),
    );
    let mut docs = String::new();
    for (file, stamp, text) in statements() {
        let reg = &file[..4];
        let registrant = if reg == "7901" {
            "Example Fjordline Strategies LLC"
        } else {
            "Example Lisbon Row Partners LLP"
        };
        docs.push_str(&q(&[
            stamp,
            registrant,
            reg,
            "Supplemental Statement",
            "",
            "",
            "",
            &format!("https://efile.fara.gov/docs/{file}"),
        ]));
        std::fs::write(mirror.join("docs").join(file), pdf_of(&text)).unwrap();
    }
    extra("FARA_All_RegistrantDocs.csv", &docs);
    mirror
}

#[test]
fn money_by_country_totals_statements_read_as_filed_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let server = MirrorServer::start(&mirror(tmp.path()));
    for only in ["fara", "documents"] {
        faralink(&db)
            .args(["--fara-url", &server.base_url(), "--rate", "50/1", "sync"])
            .args(["--only", only])
            .timeout(Duration::from_secs(180))
            .assert()
            .success();
    }
    let out = faralink(&db)
        .args(["money", "--by", "country", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let doc = |f: &str| format!("https://efile.fara.gov/docs/{f}");
    let mut got: Vec<(String, i64, String, f64, i64, Vec<String>)> = rows
        .iter()
        .map(|r| {
            let mut docs: Vec<String> = r["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            docs.sort();
            (
                r["country_code"].as_str().unwrap_or("").to_string(),
                r["year"].as_i64().unwrap(),
                r["currency"].as_str().unwrap().to_string(),
                r["amount"].as_f64().unwrap(),
                r["receipts"].as_i64().unwrap(),
                docs,
            )
        })
        .collect();
    got.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    let a = doc("7901-Supplemental-Statement-20220729-1.pdf");
    let b = doc("7901-Supplemental-Statement-20230130-2.pdf");
    let c = doc("7901-Supplemental-Statement-20230728-3.pdf");
    let d = doc("7902-Supplemental-Statement-20221228-1.pdf");
    let mut want = vec![
        (
            "CL".to_string(),
            2022,
            "USD".to_string(),
            12345.67,
            1,
            vec![a.clone()],
        ),
        (
            "CL".into(),
            2023,
            "USD".into(),
            12345.67,
            1,
            vec![c.clone()],
        ),
        (
            "NO".into(),
            2022,
            "NOK".into(),
            300000.0,
            2,
            vec![b.clone()],
        ),
        ("NO".into(), 2022, "USD".into(), 75000.0, 3, vec![a, b]),
        ("NO".into(), 2023, "USD".into(), 25000.0, 1, vec![c]),
        ("PT".into(), 2022, "EUR".into(), 36000.0, 2, vec![d]),
    ];
    want.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(got, want);

    // "No" is recorded as none reported, apart from statements with receipts and from
    // documents that are not statements.
    let conn = open(&db);
    let reported = |f: &str| -> Option<String> {
        conn.query_row(
            "SELECT receipts_reported FROM documents WHERE url = ?1",
            [doc(f)],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        reported("7902-Supplemental-Statement-20230629-2.pdf").as_deref(),
        Some("none")
    );
    assert_eq!(
        reported("7902-Supplemental-Statement-20221228-1.pdf").as_deref(),
        Some("reported")
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE document_type = 'Exhibit AB' AND receipts_reported IS NOT NULL"
        ),
        0
    );
    // Disbursements are their own table, never receipts.
    assert_eq!(count(&conn, "SELECT count(*) FROM disbursements"), 4);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM payments WHERE amount >= 100000 AND currency = 'USD'"
        ),
        0
    );
    // Each receipt keeps from whom and its evidence: page, line and the row's text.
    let (from, evidence): (String, String) = conn
        .query_row(
            "SELECT received_from, evidence FROM payments WHERE date = '2022-12-20'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(from, "Example Norwegian Seafood Council");
    let ev: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert_eq!(ev["page"], 2, "{ev}");
    assert!(ev["line"].as_i64().unwrap() > 0, "{ev}");
    assert!(ev["text"].as_str().unwrap().contains("12/20/2022"), "{ev}");
}

//! Reading text out of fetched PDFs: a good text layer, a scan with none, and broken files
//! (encrypted, corrupt, truncated, empty, not a PDF at all), each getting a recorded status and reason
//! while the sync goes on; and nothing is read twice.

use std::io::Write;
use std::path::Path;

use crate::common::*;

const GOOD: &str = "6766-Exhibit-AB-20191211-1.pdf";

/// A copy of the bundled mirror whose document list also names the broken files below. They
/// belong to registration 9001, which the registrants file does not list: DOJ's files are not
/// consistent with each other, and such rows must still load (regression: the bundled SQLite
/// enforces foreign keys by default, and the whole documents file failed).
fn mirror_with_bad_pdfs(dir: &Path) -> std::path::PathBuf {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    let good = std::fs::read(fixtures_mirror().join("docs").join(GOOD)).unwrap();
    let scan = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/scan-image-only.pdf"),
    )
    .unwrap();
    let encrypted =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/encrypted.pdf"))
            .unwrap();
    let bad: [(&str, Vec<u8>); 6] = [
        ("9001-Exhibit-AB-20240106-1.pdf", encrypted),
        ("9001-Exhibit-AB-20240105-1.pdf", scan),
        (
            "9001-Exhibit-AB-20240104-1.pdf",
            good[..good.len() / 3].to_vec(),
        ),
        ("9001-Exhibit-AB-20240103-1.pdf", Vec::new()),
        (
            "9001-Exhibit-AB-20240102-1.pdf",
            b"<html><body>Service unavailable</body></html>".to_vec(),
        ),
        (
            "9001-Exhibit-AB-20240101-1.pdf",
            [b"%PDF-1.7\n".as_slice(), &[0x8f; 4000]].concat(),
        ),
    ];
    let mut csv = String::from(
        "\"Date Stamped\",\"Registrant Name\",\"Registration Number\",\"Document Type\",\"Short Form Name\",\"Foreign Principal Name\",\"Foreign Principal Country\",\"URL\"\r\n",
    );
    csv.push_str(&format!(
        "\"12/11/2019\",\"CLS Strategies\",\"6766\",\"Exhibit AB\",\"\",\"Plurinational State of Bolivia\",\"BOLIVIA\",\"https://efile.fara.gov/docs/{GOOD}\"\r\n"
    ));
    for (name, bytes) in &bad {
        std::fs::write(mirror.join("docs").join(name), bytes).unwrap();
        let date = &name[18..26];
        csv.push_str(&format!(
            "\"{}/{}/{}\",\"Example Test Registrant\",\"9001\",\"Exhibit AB\",\"\",\"\",\"\",\"https://efile.fara.gov/docs/{name}\"\r\n",
            &date[4..6],
            &date[6..8],
            &date[..4]
        ));
    }
    let f = std::fs::File::create(mirror.join("bulk/zip/FARA_All_RegistrantDocs.csv.zip")).unwrap();
    let mut z = zip::ZipWriter::new(f);
    z.start_file(
        "FARA_All_RegistrantDocs.csv",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(csv.as_bytes()).unwrap();
    z.finish().unwrap();
    mirror
}

fn doc(db: &Path, name: &str) -> (String, Option<String>, Option<String>) {
    open(db)
        .query_row(
            "SELECT status, error, text FROM documents WHERE url = ?1",
            [format!("https://efile.fara.gov/docs/{name}")],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn text_is_read_scans_need_ocr_and_broken_files_are_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let mirror = mirror_with_bad_pdfs(tmp.path());
    let out = faralink(&db)
        .args(["sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    drop(out);
    let out = faralink(&db)
        .args(["sync", "--only", "documents", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("text read from 1, 1 need OCR (no text layer), 5 unreadable"),
        "{stdout}"
    );

    let (status, _, text) = doc(&db, GOOD);
    assert_eq!(status, "fetched");
    let text = text.unwrap();
    assert!(
        text.contains("Name of Foreign Principal: Plurinational State of Bolivia"),
        "{text}"
    );
    assert!(text.contains("$90,000"), "{text}");

    let (status, error, _) = doc(&db, "9001-Exhibit-AB-20240105-1.pdf");
    assert_eq!(
        (status.as_str(), error.as_deref()),
        ("needs_ocr", Some("no text layer: a scan"))
    );
    for (name, reason) in [
        ("9001-Exhibit-AB-20240106-1.pdf", "encrypted PDF"),
        ("9001-Exhibit-AB-20240104-1.pdf", "unreadable PDF"),
        ("9001-Exhibit-AB-20240103-1.pdf", "empty file (0 bytes)"),
        ("9001-Exhibit-AB-20240102-1.pdf", "not a PDF"),
        ("9001-Exhibit-AB-20240101-1.pdf", "unreadable PDF"),
    ] {
        let (status, error, _) = doc(&db, name);
        assert_eq!(status, "failed", "{name}");
        assert!(
            error.as_deref().unwrap_or("").contains(reason),
            "{name}: {error:?}"
        );
    }
    // Full-text search over document text, the sqlite-utils way.
    assert_eq!(
        count(
            &open(&db),
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'plurinational'"
        ),
        1
    );

    // Nothing is fetched or read twice.
    let out = faralink(&db)
        .args(["sync", "--only", "documents", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains(": 0 fetched") && stdout.contains("text read from 0, 0 need OCR"),
        "{stdout}"
    );
}

//! `sync --only documents --ocr`: a scan (pages that are pictures of text) is read by
//! tesseract. Skips, with a message, where pdftoppm or tesseract is not installed; fails there
//! under `FARALINK_REQUIRE_TOOLS=1` (CI).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::*;

/// A one-page PDF whose page is a grey picture (a PGM image, as pdftoppm writes it).
fn image_pdf(pgm: &[u8]) -> Vec<u8> {
    // P5 header: "P5\n<w> <h>\n<max>\n" then the pixels.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while pgm[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !pgm[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..pos]).to_string());
    }
    let pixels = &pgm[pos + 1..];
    let (w, h) = (&fields[1], &fields[2]);
    let content = b"q 612 0 0 792 0 0 cm /Im1 Do Q".to_vec();
    let objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
        [
            format!("<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n", pixels.len()).into_bytes(),
            pixels.to_vec(),
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn scans_are_read_by_ocr_when_asked() {
    let Some(found) = tools(
        &[&["pdftoppm"], &["tesseract"]],
        "apt-get install poppler-utils tesseract-ocr",
    ) else {
        return;
    };
    let pdftoppm = &found[0];
    let tmp = tempfile::tempdir().unwrap();
    // The scan: our text filing rendered to a picture, the way a scanner would deliver it.
    let good = fixtures_mirror().join("docs/6766-Exhibit-AB-20191211-1.pdf");
    let out = std::process::Command::new(pdftoppm)
        .args(["-r", "100", "-gray", "-singlefile"])
        .arg(&good)
        .arg(tmp.path().join("scan"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let scan = image_pdf(&std::fs::read(tmp.path().join("scan.pgm")).unwrap());
    let mirror: PathBuf = tmp.path().join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    std::fs::write(mirror.join("docs/9002-Exhibit-AB-20240201-1.pdf"), scan).unwrap();
    let csv = "\"Date Stamped\",\"Registrant Name\",\"Registration Number\",\"Document Type\",\"Short Form Name\",\"Foreign Principal Name\",\"Foreign Principal Country\",\"URL\"\r\n\
               \"02/01/2024\",\"Example Scan Registrant\",\"9002\",\"Exhibit AB\",\"\",\"\",\"\",\"https://efile.fara.gov/docs/9002-Exhibit-AB-20240201-1.pdf\"\r\n";
    let f = std::fs::File::create(mirror.join("bulk/zip/FARA_All_RegistrantDocs.csv.zip")).unwrap();
    let mut z = zip::ZipWriter::new(f);
    z.start_file(
        "FARA_All_RegistrantDocs.csv",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(csv.as_bytes()).unwrap();
    z.finish().unwrap();

    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    faralink(&db)
        .args(["-q", "sync", "--only", "documents", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let status = |db: &Path| -> (String, Option<String>) {
        open(db)
            .query_row(
                "SELECT status, text FROM documents WHERE url LIKE '%9002-Exhibit-AB%'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(status(&db).0, "needs_ocr");
    faralink(&db)
        .env("PATH", std::env::var_os("PATH").unwrap())
        .args(["sync", "--only", "documents", "--ocr", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let (st, text) = status(&db);
    assert_eq!(st, "fetched");
    let text = text.unwrap();
    assert!(
        text.contains("Foreign Principal") && text.contains("Bolivia"),
        "{text}"
    );
}

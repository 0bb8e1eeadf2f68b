#!/usr/bin/env python3
"""Writes faralink's own small bulk fixtures in DOJ's real formats, and zips them into the
mirror layout (fixtures/mirror/bulk/zip/*.csv.zip), plus the mirror's PDFs.

What is taken from DOJ's files, and from where (DOJ's bulk files of 2025-04-11,
FARA_All_Registrants.csv and FARA_All_ForeignPrincipals.csv, as published at
efile.fara.gov/bulk; checked against the copies in ../shared/real/fara/bulk/2025-04-11):

- Registrants copied verbatim: 6766, 6523 and 5774 (CLS Strategies), 4953 (Chlopak, Leonard,
  Schechter & Associates, Inc.) and 6473 (SCL Social Limited). These are public records.
- Registrants that are DOJ's rows with the name replaced by an invented one, kept for the quirk
  each shows (spaces inside fields, a duplicated number, doubled and unescaped quotes, a line
  break inside a name): 7563, 5769 (city respelled too), 7147, 3133, 6399. Registration
  numbers, dates and addresses are DOJ's.
- Registrants with a real registration number but an invented name, and dates and addresses
  partly invented: 7435, 7120, 6801. Invented outright: 7590 (a number DOJ had not issued on
  2025-04-11) and the shifted "SPAIN" row.
- Foreign principals copied verbatim: Plurinational State of Bolivia (6766), Government of
  Peru (6523), and 5774's Denis Sassou Nguesso row. DOJ's rows with address fields shortened
  or changed: 5774's Mexico and Honduras rows, 4953's PromPeru and Office of the President of
  Mexico, 6473's National Media Council of UAE. 6801's Saudi Arabia row is DOJ's with a
  leading apostrophe added and the closing parenthesis dropped (a quirk DOJ shows elsewhere).
  Every "Example ..." principal is invented, though some reuse a real row's dates (6399's
  Example Holdings DMCC has the date of DOJ's Chessworth DMCC row).
- Short forms: invented people ("Example", "Sample", "Doe") on these registrations.
- RegistrantDocs rows: written by us in DOJ's layout and URL scheme (docs/{reg}-{Type}-
  {YYYYMMDD}-{seq}.pdf), dated with the registrations' own dates; not copied from DOJ's list.
- The PDFs in fixtures/mirror/docs: the wording is ours, in the style of FARA filings, not
  DOJ's documents. The CLS Strategies facts they state are public: registration 6766, its
  client the Plurinational State of Bolivia, and a three-month agreement for $90,000 from
  December 2019 (the registration's Exhibit AB); 6523's client the
  Government of Peru; 5774's client the Consejo de Promocion Turistico de Mexico.
- fixtures/mirror-after: the same rows with the changes listed where it is built, plus the
  invented registrations 7700 and 7601.

Formats, as DOJ serves them in 2025: Windows-1252, CRLF, every field quoted. The short-form
file is the 2023 spelling (UTF-8, underscored header) so both spellings are exercised.

Run from the repository root: python3 scripts/make-fixtures.py
"""
import os
import shutil
import subprocess
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BULK = os.path.join(ROOT, "fixtures", "bulk")
ZIPS = os.path.join(ROOT, "fixtures", "mirror", "bulk", "zip")


def q(fields):
    return ",".join('"' + f + '"' for f in fields)


def write(name, header, rows, encoding="cp1252", newline="\r\n", zips=ZIPS, csv_dir=BULK):
    """rows: lists of fields (quoted and joined here) or raw strings (written as given)."""
    lines = [q(header)] + [r if isinstance(r, str) else q(r) for r in rows]
    data = (newline.join(lines) + newline).encode(encoding)
    if csv_dir:
        path = os.path.join(csv_dir, name)
        with open(path, "wb") as f:
            f.write(data)
    os.makedirs(zips, exist_ok=True)
    # A fixed timestamp keeps the zips byte-identical between runs.
    info = zipfile.ZipInfo(name, date_time=(2025, 4, 11, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(os.path.join(zips, name + ".zip"), "w") as z:
        z.writestr(info, data)


REG_HEADER = ["Registration Number", "Registration Date", "Termination Date", "Name", "Business Name",
              "Address 1", "Address 2", "City", "State", "Zip"]
registrants = [
    # CLS Strategies and its predecessor (public facts).
    ["6766", "12/11/2019", "03/01/2020", "CLS Strategies", "", "1615 L Street, NW", "10th Floor", "Washington", "DC", "20036"],
    ["6523", "02/12/2018", "03/28/2018", "CLS Strategies", "", "1615 L Street, NW", "10th Floor", "Washington", "DC", "20036"],
    ["5774", "10/06/2006", "10/30/2016", "CLS Strategies", "", "1850 M Street, NW", "Suite 900", "Washington", "DC", "20036"],
    ["4953", "09/28/1994", "12/31/1999", "Chlopak, Leonard, Schechter & Associates, Inc.", "", "1850 M Street, N.W.", "Suite 550", "Washington", "DC", "20036"],
    ["6473", "10/06/2017", "10/06/2017", "SCL Social Limited", "", "55 New Oxford Street", "", "London", "", ""],
    # Quirk: leading and trailing spaces inside fields.
    ["7563", "04/01/2025", "", "Bosnian-Example Alliance Inc.", "", "525 Junction Road", "", " Madison", "WI", " 53717 "],
    # Quirk: a registration number listed twice, rows differing only in the termination date.
    ["5769", "09/19/2006", "08/01/2008", "Example, Sheila", "", "98 Herrick Road", "", "Southampton", "NY", "11968"],
    ["5769", "09/19/2006", "09/19/2006", "Example, Sheila", "", "98 Herrick Road", "", "Southampton", "NY", "11968"],
    # Quirk: valid CSV with doubled quotes (must not count as repaired).
    ["7147", "07/27/2022", "07/27/2022", 'Birdwell, Voss & Associates, Inc. (""BVA"")', "", "250 W. Coventry Court", "", "Milwaukee", "WI", "53217"],
    # Quirk: unescaped inner quotes and trailing spaces in the business name.
    '"3133","08/05/1980","02/05/1991","David Example & Associates, Inc.",""The Northwind Information Service"          ","1706 R Street, N.W.","","Washington","DC","20009"',
    # Quirk: a line break inside a quoted name (DOJ's bytes: \r\r\n).
    '"6399","12/11/2016","","Sonoran Example Group, LLC D/B/A Meridian Global Diplomacy\r\r\n","","PO Box 25378","","Washington","DC","20027"',
    # Quirk: a Windows-1252 letter (0xF1).
    ["7590", "05/12/2025", "", "Muñoz, Julián", "", "4170 Martin Luther King Blvd.", "", "Houston", "TX", "77204"],
    # Names that carry former names, trade names.
    ["7435", "03/01/2024", "", "Harborlight LLC d/b/a Harborlight Partners", "", "1 Liberty Plaza", "", "New York", "NY", "10006"],
    ["7120", "02/02/2023", "", "Acme Strategies LLC (FKA FGH Holdings LLC)", "", "555 12th Street NW", "", "Washington", "DC", "20004"],
    ["6801", "03/18/2020", "", "Certus Example Insights, LLC", "", "601 New Hampshire Avenue, NW", "", "Washington", "DC", "20037"],
    # Quirk: a shifted row whose registration number column holds a country: rejected, with its line.
    ["SPAIN", "01/10/2022", "", "Shifted Row Example", "", "", "", "", "", ""],
]
write("FARA_All_Registrants.csv", REG_HEADER, registrants)

FP_HEADER = ["Foreign Principal Termination Date", "Foreign Principal", "Foreign Principal Registration Date",
             "Country/Location Represented", "Registration Number", "Registrant Date", "Registrant Name",
             "Address 1", "Address 2", "City", "State", "Zip"]
principals = [
    # CLS Strategies (public facts). The trailing space in the Bolivia name is one of the
    # quirks: DOJ's cells often carry trailing spaces.
    ["03/01/2020", "Plurinational State of Bolivia ", "12/11/2019", "BOLIVIA", "6766", "12/11/2019", "CLS Strategies", "Av. Arce esq Belisario Salinas, #2409", "", "La Paz", "", ""],
    ["03/28/2018", "Government of Peru", "02/12/2018", "PERU", "6523", "02/12/2018", "CLS Strategies", "1700 Massachusetts Avenue, NW", "", "Washington", "DC", "20036"],
    ["10/30/2016", "Consejo de Promocion Turistico de Mexico", "12/24/2013", "MEXICO", "5774", "10/06/2006", "CLS Strategies", "Viaducto Miguel Aleman", "", "", "", ""],
    ["12/31/2009", "Government of Honduras", "09/18/2009", "HONDURAS", "5774", "10/06/2006", "CLS Strategies", "", "", "Tegucigalpa", "", ""],
    ["12/31/2009", "Denis Sassou Nguesso, President of the Republic of Congo, through Trout Cacheris PLLC", "10/06/2006", "CONGO, DEMOCRATIC REPUBLIC OF THE", "5774", "10/06/2006", "CLS Strategies", "", "", "", "", ""],
    ["12/31/1999", "PromPeru", "05/17/1996", "PERU", "4953", "09/28/1994", "Chlopak, Leonard, Schechter & Associates, Inc.", "", "", "Lima", "", ""],
    ["01/31/1998", "Office of the President of Mexico", "02/06/1995", "MEXICO", "4953", "09/28/1994", "Chlopak, Leonard, Schechter & Associates, Inc.", "", "", "Mexico City", "", ""],
    ["09/23/2017", "National Media Council of UAE (via Project Associates)", "10/06/2017", "UNITED ARAB EMIRATES", "6473", "10/06/2017", "SCL Social Limited", "Al Muroor Street", "", "Abu Dhabi", "", ""],
    # Intermediary inside a name, and a leading apostrophe DOJ sometimes leaves.
    ["", "'The Kingdom of Saudi Arabia (through Qorvis Holding Inc.", "03/18/2020", "SAUDI ARABIA", "6801", "03/18/2020", "Certus Example Insights, LLC", "601 New Hampshire Avenue, NW", "", "Washington", "DC", "20037"],
    # Both spellings of Britain map to GB; a non-country gets no code.
    ["", "Example Tourism Board", "01/05/2021", "GREAT BRITAIN", "7435", "03/01/2024", "Harborlight LLC d/b/a Harborlight Partners", "", "", "London", "", ""],
    ["", "Example Trade Office", "02/05/2024", "UNITED KINGDOM", "7435", "03/01/2024", "Harborlight LLC d/b/a Harborlight Partners", "", "", "London", "", ""],
    ["", "Example Development Bank", "03/05/2024", "INTERNATIONAL", "7435", "03/01/2024", "Harborlight LLC d/b/a Harborlight Partners", "", "", "Abidjan", "", ""],
    # Quirk: unescaped inner quotes, with a Windows-1252 smart quote (0x93).
    '"09/01/2024","NGO “Free and Example"","03/25/2024","UKRAINE","7120","02/02/2023","Acme Strategies LLC (FKA FGH Holdings LLC)","Example street 7","","Kyiv","",""',
    '"",""Example PR Army"","04/11/2022","UKRAINE","7120","02/02/2023","Acme Strategies LLC (FKA FGH Holdings LLC)","","","Arlington","VA","22201"',
    # Quirk: a record spanning two lines (the registrant name carries DOJ's \r\r\n).
    '"","Example Holdings DMCC","12/16/2024","UNITED ARAB EMIRATES","6399","12/11/2016","Sonoran Example Group, LLC D/B/A Meridian Global Diplomacy\r\r\n","Tower 10, Cluster W","","Dubai","",""',
    # Quirk: an impossible date (the row loads, the date becomes null and is noted).
    ["", "Example Ministry of Tourism", "11/16/0200", "DOMINICAN REPUBLIC", "7147", "07/27/2022", 'Birdwell, Voss & Associates, Inc. (""BVA"")', "", "", "", "", ""],
    # Quirk: Korea as DOJ writes it.
    ["", "Example Electronics Co., Ltd.", "11/06/2022", "KOREA, SOUTH", "7590", "05/12/2025", "Muñoz, Julián", "", "", "Suwon", "", ""],
]
write("FARA_All_ForeignPrincipals.csv", FP_HEADER, principals)

SF_HEADER = ["Short_Form_Termination_Date", "Short_Form_Date", "Short_Form_Last_Name", "Short_Form_First_Name",
             "Registration_Number", "Registration_Date", "Registrant_Name", "Address_1", "Address_2", "City", "State", "Zip"]
short_forms = [
    ["03/01/2020", "12/11/2019", "Example", "Alex", "6766", "12/11/2019", "CLS Strategies", "1615 L Street, NW", "10th Floor", "Washington", "DC", "20036"],
    ["03/01/2020", "12/11/2019", "Sample", "Jordan", "6766", "12/11/2019", "CLS Strategies", "1615 L Street, NW", "10th Floor", "Washington", "DC", "20036"],
    ["", "05/07/2025", "Halbig-Example", "Jacqueline", "7590", "05/12/2025", "Muñoz, Julián", "", "", "", "", ""],
    # The same person filing twice on one day: two rows, both kept.
    ["", "04/02/2024", "Doe", "Sam", "7435", "03/01/2024", "Harborlight LLC d/b/a Harborlight Partners", "", "", "", "", ""],
    ["", "04/02/2024", "Doe", "Sam", "7435", "03/01/2024", "Harborlight LLC d/b/a Harborlight Partners", "", "", "", "", ""],
]
write("FARA_All_ShortForms.csv", SF_HEADER, short_forms, encoding="utf-8", newline="\n")

DOC_HEADER = ["Date Stamped", "Registrant Name", "Registration Number", "Document Type", "Short Form Name",
              "Foreign Principal Name", "Foreign Principal Country", "URL"]
E = "https://efile.fara.gov/docs/"
docs = [
    ["12/11/2019", "CLS Strategies", "6766", "Registration Statement", "", "", "", E + "6766-Registration-Statement-20191211-1.pdf"],
    ["12/11/2019", "CLS Strategies", "6766", "Exhibit AB", "", "Plurinational State of Bolivia", "BOLIVIA", E + "6766-Exhibit-AB-20191211-1.pdf"],
    ["12/11/2019", "CLS Strategies", "6766", "Short-Form", "Example, Alex", "", "", E + "6766-Short-Form-20191211-1.pdf"],
    ["03/02/2020", "CLS Strategies", "6766", "Supplemental Statement", "", "", "", E + "6766-Supplemental-Statement-20200302-1.pdf"],
    ["02/12/2018", "CLS Strategies", "6523", "Exhibit AB", "", "Government of Peru", "PERU", E + "6523-Exhibit-AB-20180212-1.pdf"],
    # The old host: fetched later as the same path under the configured FARA base.
    ["12/24/2013", "CLS Strategies", "5774", "Exhibit AB", "", "Consejo de Promocion Turistico de Mexico", "MEXICO", "http://www.fara.gov/docs/5774-Exhibit-AB-20131224-2.pdf"],
    # Exists only at DOJ's public office: not_online, not an error (twice on one day: both kept).
    ["09/28/1994", "Chlopak, Leonard, Schechter & Associates, Inc.", "4953", "Registration Statement", "", "", "", "Available-FARA-Public-Office"],
    ["09/28/1994", "Chlopak, Leonard, Schechter & Associates, Inc.", "4953", "Exhibit AB", "", "Siderca Corporation", "ARGENTINA", "Available-FARA-Public-Office"],
    ["09/28/1994", "Chlopak, Leonard, Schechter & Associates, Inc.", "4953", "Exhibit AB", "", "PromPeru", "PERU", "Available-FARA-Public-Office"],
    # Type and date missing from the row: taken from the URL slug (alphanumeric sequence).
    ["", "Chlopak, Leonard, Schechter & Associates, Inc.", "4953", "", "", "", "", E + "4953-Exhibit-AB-19960517-D1Y2IS02.pdf"],
    # An impossible stamp date: the row loads with no date, and the issue is noted.
    ["11/16/0200", "SCL Social Limited", "6473", "Amendment", "", "", "", E + "6473-Amendment-2001116-1.pdf"],
    # A URL on another host: listed, but never fetched.
    ["10/06/2017", "SCL Social Limited", "6473", "Exhibit AB", "", "National Media Council of UAE (via Project Associates)", "UNITED ARAB EMIRATES", "https://www.documentcloud.org/documents/6473-exhibit-ab.pdf"],
]
write("FARA_All_RegistrantDocs.csv", DOC_HEADER, docs)
print("wrote", BULK, "and", ZIPS)


# Filed documents, as small real PDFs with a text layer. The wording is ours, in the style of
# FARA filings, not DOJ's documents. The facts are public ones, labelled here: CLS Strategies,
# FARA registration 6766, client the Plurinational State of Bolivia, a three-month agreement for
# $90,000 from December 2019; 6523's client the Government of Peru; 5774's the Consejo de
# Promocion Turistico de Mexico. Invented texts (fixtures/agreements/) use invented firms.
def serialize(objs):
    """A PDF file from its objects (object i+1 is objs[i]; 1 is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += str(i).encode() + b" 0 obj\n" + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objs) + 1).encode() + b"\n0000000000 65535 f \n"
    for off in offsets:
        out += ("%010d 00000 n \n" % off).encode()
    out += b"trailer\n<< /Size " + str(len(objs) + 1).encode() + b" /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def pdf(*pages):
    """A minimal valid PDF (Helvetica text, one page per list of lines), built by hand: no PDF
    library needed."""
    n = len(pages)
    font = 3 + 2 * n
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)) + b"] /Count " + str(n).encode() + b" >>",
    ]
    for i, lines in enumerate(pages):
        text = "BT /F1 11 Tf 72 740 Td 14 TL " + " ".join(
            "(" + l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for l in lines) + " ET"
        stream = text.encode("latin-1")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objs.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return serialize(objs)


DOCS = os.path.join(ROOT, "fixtures", "mirror", "docs")
os.makedirs(DOCS, exist_ok=True)
documents = {
    "6766-Exhibit-AB-20191211-1.pdf": [
        "Received by NSD/FARA Registration Unit 12/11/2019",
        "EXHIBIT A TO REGISTRATION STATEMENT",
        "Name of Registrant: CLS Strategies   Registration No. 6766",
        "Name of Foreign Principal: Plurinational State of Bolivia",
        "EXHIBIT B: The registrant will provide strategic communications counsel.",
        "The term of this agreement is three months, for a fee of $90,000.",
    ],
    "6766-Registration-Statement-20191211-1.pdf": [
        "Received by NSD/FARA Registration Unit 12/11/2019",
        "REGISTRATION STATEMENT",
        "Name of Registrant: CLS Strategies   Registration No. 6766",
    ],
    "6523-Exhibit-AB-20180212-1.pdf": [
        "Received by NSD/FARA Registration Unit 02/12/2018",
        "EXHIBIT A TO REGISTRATION STATEMENT",
        "Name of Registrant: CLS Strategies   Registration No. 6523",
        "Name of Foreign Principal: Government of Peru",
    ],
}
# An older filing: a system-generated metadata cover page, then the filing itself.
older = {
    "5774-Exhibit-AB-20131224-2.pdf": [
        [
            "FARA eFile document",
            "Registration Number: 5774",
            "Registrant Name: CLS Strategies",
            "Document Type: Exhibit AB",
            "Date Stamped: 12/24/2013",
        ],
        [
            "EXHIBIT A TO REGISTRATION STATEMENT",
            "Name of Registrant: CLS Strategies   Registration No. 5774",
            "Name of Foreign Principal: Consejo de Promocion Turistico de Mexico",
        ],
    ],
}
for name, lines in documents.items():
    with open(os.path.join(DOCS, name), "wb") as f:
        f.write(pdf(lines))
for name, pages in older.items():
    with open(os.path.join(DOCS, name), "wb") as f:
        f.write(pdf(*pages))
print("wrote", DOCS)


def image_only_pdf():
    """A one-page PDF whose page is a picture and nothing else, like FARA's scanned filings:
    a 16x16 grey image drawn full page, no text operators at all."""
    w = h = 16
    pixels = bytes((x * 16 + y) % 256 for y in range(h) for x in range(w))
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length "
        + str(len(pixels)).encode() + b" >>\nstream\n" + pixels + b"\nendstream",
    ]
    return serialize(objs)


PDFS = os.path.join(ROOT, "fixtures", "pdf")
os.makedirs(PDFS, exist_ok=True)
with open(os.path.join(PDFS, "scan-image-only.pdf"), "wb") as f:
    f.write(image_only_pdf())
print("wrote", PDFS)

# An encrypted filing: made with qpdf when it is installed (the committed copy was made so).
ENC = os.path.join(PDFS, "encrypted.pdf")
if shutil.which("qpdf"):
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--",
                    os.path.join(DOCS, "6523-Exhibit-AB-20180212-1.pdf"), ENC], check=True)
    print("wrote", ENC)
else:
    print("qpdf not installed: kept", ENC)


# The same mirror a few weeks later (fixtures/mirror-after/, an overlay: copy fixtures/mirror,
# then this directory over it), for the changes record and the digest (tests/changes.rs). Each
# difference is one kind of change a sync must report, and report once:
AFTER = os.path.join(ROOT, "fixtures", "mirror-after")
AFTER_ZIPS = os.path.join(AFTER, "bulk", "zip")
after_registrants = [[*r] if isinstance(r, list) else r
                     for r in registrants if isinstance(r, str) or r[0] != "6473"]  # 6473 removed upstream
for r in after_registrants:
    if isinstance(r, list) and r[0] == "7563":
        r[2] = "06/30/2025"                    # terminated
    if isinstance(r, list) and r[0] == "6801":
        r[6] = "Suite 300"                     # moved
after_registrants += [
    # The registration the API announced first (fixtures/mirror/api/.../New): the bulk file
    # catches up with the same row. Not new again.
    ["7700", "04/20/2025", "", "Example Newcomer Strategies LLC", "", "1201 I Street, NW", "850", "Washington", "DC", "20005"],
    # A late filing: published after the last sync, with a registration date before it.
    ["7601", "04/02/2025", "", "Example Late Filer Group LLC", "", "700 13th Street NW", "", "Washington", "DC", "20005"],
]
write("FARA_All_Registrants.csv", REG_HEADER, after_registrants, zips=AFTER_ZIPS, csv_dir=None)
after_principals = [[*r] if isinstance(r, list) else r for r in principals]
for r in after_principals:
    if isinstance(r, list) and r[1] == "Example Trade Office":
        r[0] = "05/30/2025"                    # terminated principal
after_principals.append(
    ["", "Example Tourism Promotion Board of Peru", "04/02/2025", "PERU", "7601", "04/02/2025", "Example Late Filer Group LLC", "", "", "Lima", "", ""])
write("FARA_All_ForeignPrincipals.csv", FP_HEADER, after_principals, zips=AFTER_ZIPS, csv_dir=None)
write("FARA_All_ShortForms.csv", SF_HEADER, short_forms, encoding="utf-8", newline="\n", zips=AFTER_ZIPS, csv_dir=None)
after_docs = docs + [
    # CLS Strategies files again (a watched firm's new filing), stamped weeks before it appeared.
    ["03/28/2025", "CLS Strategies", "6766", "Amendment", "", "", "", E + "6766-Amendment-20250328-1.pdf"],
    ["04/02/2025", "Example Late Filer Group LLC", "7601", "Registration Statement", "", "", "", E + "7601-Registration-Statement-20250402-1.pdf"],
    ["04/02/2025", "Example Late Filer Group LLC", "7601", "Exhibit AB", "", "Example Tourism Promotion Board of Peru", "PERU", E + "7601-Exhibit-AB-20250402-1.pdf"],
]
write("FARA_All_RegistrantDocs.csv", DOC_HEADER, after_docs, zips=AFTER_ZIPS, csv_dir=None)
AFTER_DOCS = os.path.join(AFTER, "docs")
os.makedirs(AFTER_DOCS, exist_ok=True)
with open(os.path.join(AFTER_DOCS, "7601-Exhibit-AB-20250402-1.pdf"), "wb") as f:
    # Invented: a registrant and principal that do not exist.
    f.write(pdf([
        "Received by NSD/FARA Registration Unit 04/02/2025",
        "EXHIBIT A TO REGISTRATION STATEMENT",
        "Name of Registrant: Example Late Filer Group LLC   Registration No. 7601",
        "Name of Foreign Principal: Example Tourism Promotion Board of Peru",
        "EXHIBIT B: The registrant will provide media relations services.",
        "The term of this agreement is six months, for a fee of $25,000 per month.",
    ]))
print("wrote", AFTER)

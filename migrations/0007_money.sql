-- The money reported in supplemental statements (`faralink money`, `faralink country`).
--
-- payments: item 14(a) receipts. received_from is the "from whom" column as filed (often the
-- principal itself, sometimes an embassy, ministry or intermediary); evidence is JSON: the page
-- and line of the statement the row was read from, and the row's text. foreign_principal_id is
-- the foreign_principals row the receipt's principal was matched to (same matcher as
-- agreements), null when none matched: such receipts are totalled under no country.
ALTER TABLE payments ADD COLUMN received_from TEXT;
ALTER TABLE payments ADD COLUMN evidence TEXT;
ALTER TABLE payments ADD COLUMN foreign_principal_id INTEGER REFERENCES foreign_principals(id);
CREATE INDEX payments_foreign_principal_id ON payments(foreign_principal_id);

-- Items 15(a) (disbursements of monies) and 16 (political contributions) of a supplemental
-- statement. A disbursement is what the registrant paid out, never a receipt.
CREATE TABLE disbursements (
    id                  INTEGER PRIMARY KEY,
    document_url        TEXT NOT NULL REFERENCES documents(url),
    registration_number INTEGER,
    foreign_principal   TEXT,
    date                TEXT,
    recipient           TEXT,
    purpose             TEXT,
    amount              REAL,
    currency            TEXT,
    evidence            TEXT
);
CREATE INDEX disbursements_registration_number ON disbursements(registration_number);
CREATE INDEX disbursements_document_url ON disbursements(document_url);

CREATE TABLE contributions (
    id                  INTEGER PRIMARY KEY,
    document_url        TEXT NOT NULL REFERENCES documents(url),
    registration_number INTEGER,
    foreign_principal   TEXT,
    date                TEXT,
    recipient           TEXT,
    purpose             TEXT,
    amount              REAL,
    currency            TEXT,
    evidence            TEXT
);
CREATE INDEX contributions_registration_number ON contributions(registration_number);
CREATE INDEX contributions_document_url ON contributions(document_url);

-- What a supplemental statement answered to item 14(a): 'reported' (a table of receipts was
-- read), 'none' (the registrant answered No: none received), null (not read, or no answer
-- found). "None reported" and "not read" are different facts and stay apart.
ALTER TABLE documents ADD COLUMN receipts_reported TEXT;

-- Totals of reported receipts per principal's country, calendar year of receipt and currency.
-- Amounts in different currencies are never summed together. documents: the statements the
-- receipts came from, comma-separated.
CREATE VIEW money_by_country AS
SELECT fp.country_code                       AS country_code,
       max(fp.country)                       AS country,
       CAST(substr(p.date, 1, 4) AS INTEGER) AS year,
       p.currency                            AS currency,
       sum(p.amount)                         AS amount,
       count(*)                              AS receipts,
       group_concat(DISTINCT p.document_url) AS documents
FROM payments p
LEFT JOIN foreign_principals fp ON fp.id = p.foreign_principal_id
WHERE p.amount IS NOT NULL
GROUP BY fp.country_code, year, p.currency;

-- The same per registrant (registration number), year and currency.
CREATE VIEW money_by_registrant AS
SELECT p.registration_number                 AS registration_number,
       r.name                                AS registrant_name,
       CAST(substr(p.date, 1, 4) AS INTEGER) AS year,
       p.currency                            AS currency,
       sum(p.amount)                         AS amount,
       count(*)                              AS receipts,
       group_concat(DISTINCT p.document_url) AS documents
FROM payments p
LEFT JOIN registrants r ON r.registration_number = p.registration_number
WHERE p.amount IS NOT NULL
GROUP BY p.registration_number, year, p.currency;

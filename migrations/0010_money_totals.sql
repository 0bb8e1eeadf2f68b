-- Receipts totalled per principal's country, calendar year and currency, kept as the receipts
-- change (`faralink money --by country` reads these few thousand rows instead of every receipt;
-- BENCHMARKS.md, "Money totals").
--
-- The tables are written only by the triggers below, on every insert, delete and update of
-- `payments` and on a change of a principal's id or country, so every writer keeps them exact
-- without knowing they exist. A receipt counts when its amount is not null; its country is its
-- matched principal's `country_code` (null: not matched, or the principal has no country); its
-- year is the first four digits of its date (null when they are not four digits); amounts of
-- different currencies are never summed. Amounts are kept in thousandths of the currency's
-- major unit (integers), so that adding and removing receipts in any order gives exactly the
-- sum of the receipts left.
--
-- money_country_totals: one row per (country_code, year, currency) with at least one receipt.
-- documents: the distinct statements (URLs) the receipts came from, newline-separated, in no
-- particular order. money_country_documents: how many of a group's receipts each statement
-- gave (what tells, when a receipt goes, whether its statement leaves the group's list).
-- Everything here is built from scratch, dropping any copy from an earlier application, so
-- that applying it again (a database whose version was set back by hand, as
-- tests/it/identity.rs does) gives the same tables, never receipts counted twice.
DROP TRIGGER IF EXISTS money_country_move;
DROP TRIGGER IF EXISTS money_payment_insert;
DROP TRIGGER IF EXISTS money_payment_delete;
DROP TRIGGER IF EXISTS money_payment_update;
DROP TRIGGER IF EXISTS money_principal_leaves;
DROP TRIGGER IF EXISTS money_principal_arrives;
DROP TRIGGER IF EXISTS money_principal_deleted;
DROP TRIGGER IF EXISTS money_principal_inserted;
DROP VIEW IF EXISTS money_country_moves;
DROP VIEW IF EXISTS money_receipts;
DROP TABLE IF EXISTS money_country_totals;
DROP TABLE IF EXISTS money_country_documents;

CREATE TABLE money_country_totals (
    country_code TEXT,
    year         INTEGER,
    currency     TEXT,
    amount_milli INTEGER NOT NULL,
    receipts     INTEGER NOT NULL,
    documents    TEXT NOT NULL
);
CREATE INDEX money_country_totals_key ON money_country_totals(country_code, year, currency);

CREATE TABLE money_country_documents (
    country_code TEXT,
    year         INTEGER,
    currency     TEXT,
    document_url TEXT,
    receipts     INTEGER NOT NULL
);
CREATE INDEX money_country_documents_key
    ON money_country_documents(country_code, year, currency, document_url);

-- One receipt entering (receipts = 1) or leaving (receipts = -1) a group: the triggers below
-- insert into this view, and its INSTEAD OF trigger applies the change. Never holds rows.
CREATE VIEW money_country_moves AS
SELECT 0 AS receipts, NULL AS country_code, NULL AS year, NULL AS currency,
       NULL AS document_url, 0 AS amount_milli
WHERE 0;

CREATE TRIGGER money_country_move INSTEAD OF INSERT ON money_country_moves
BEGIN
    INSERT INTO money_country_totals (country_code, year, currency, amount_milli, receipts, documents)
    SELECT NEW.country_code, NEW.year, NEW.currency, 0, 0, ''
    WHERE NOT EXISTS (
        SELECT 1 FROM money_country_totals
        WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency);
    INSERT INTO money_country_documents (country_code, year, currency, document_url, receipts)
    SELECT NEW.country_code, NEW.year, NEW.currency, NEW.document_url, 0
    WHERE NOT EXISTS (
        SELECT 1 FROM money_country_documents
        WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency
          AND document_url IS NEW.document_url);
    UPDATE money_country_documents SET receipts = receipts + NEW.receipts
    WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency
      AND document_url IS NEW.document_url;
    -- The statement joins the group's list when its first receipt arrives, and leaves it with
    -- its last.
    UPDATE money_country_totals
    SET amount_milli = amount_milli + NEW.receipts * NEW.amount_milli,
        receipts = receipts + NEW.receipts,
        documents = CASE
            WHEN NEW.receipts > 0 AND (
                SELECT receipts FROM money_country_documents
                WHERE country_code IS NEW.country_code AND year IS NEW.year
                  AND currency IS NEW.currency AND document_url IS NEW.document_url) = 1
            THEN CASE WHEN documents = '' THEN ifnull(NEW.document_url, '')
                      ELSE documents || char(10) || ifnull(NEW.document_url, '') END
            WHEN NEW.receipts < 0 AND (
                SELECT receipts FROM money_country_documents
                WHERE country_code IS NEW.country_code AND year IS NEW.year
                  AND currency IS NEW.currency AND document_url IS NEW.document_url) <= 0
            THEN trim(replace(char(10) || documents || char(10),
                              char(10) || ifnull(NEW.document_url, '') || char(10), char(10)),
                      char(10))
            ELSE documents END
    WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency;
    DELETE FROM money_country_documents
    WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency
      AND document_url IS NEW.document_url AND receipts <= 0;
    DELETE FROM money_country_totals
    WHERE country_code IS NEW.country_code AND year IS NEW.year AND currency IS NEW.currency
      AND receipts <= 0;
END;

CREATE TRIGGER money_payment_insert AFTER INSERT ON payments
WHEN NEW.amount IS NOT NULL
BEGIN
    INSERT INTO money_country_moves
    SELECT 1, (SELECT country_code FROM foreign_principals WHERE id = NEW.foreign_principal_id),
           CASE WHEN substr(NEW.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
                THEN CAST(substr(NEW.date, 1, 4) AS INTEGER) END,
           NEW.currency, NEW.document_url, CAST(round(NEW.amount * 1000) AS INTEGER);
END;

CREATE TRIGGER money_payment_delete AFTER DELETE ON payments
WHEN OLD.amount IS NOT NULL
BEGIN
    INSERT INTO money_country_moves
    SELECT -1, (SELECT country_code FROM foreign_principals WHERE id = OLD.foreign_principal_id),
           CASE WHEN substr(OLD.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
                THEN CAST(substr(OLD.date, 1, 4) AS INTEGER) END,
           OLD.currency, OLD.document_url, CAST(round(OLD.amount * 1000) AS INTEGER);
END;

CREATE TRIGGER money_payment_update
AFTER UPDATE OF amount, date, currency, document_url, foreign_principal_id ON payments
BEGIN
    INSERT INTO money_country_moves
    SELECT -1, (SELECT country_code FROM foreign_principals WHERE id = OLD.foreign_principal_id),
           CASE WHEN substr(OLD.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
                THEN CAST(substr(OLD.date, 1, 4) AS INTEGER) END,
           OLD.currency, OLD.document_url, CAST(round(OLD.amount * 1000) AS INTEGER)
    WHERE OLD.amount IS NOT NULL;
    INSERT INTO money_country_moves
    SELECT 1, (SELECT country_code FROM foreign_principals WHERE id = NEW.foreign_principal_id),
           CASE WHEN substr(NEW.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
                THEN CAST(substr(NEW.date, 1, 4) AS INTEGER) END,
           NEW.currency, NEW.document_url, CAST(round(NEW.amount * 1000) AS INTEGER)
    WHERE NEW.amount IS NOT NULL;
END;

-- Every receipt as the totals count it: its principal, calendar year (null unless the date
-- starts with four digits), currency, statement and amount in thousandths. The triggers on
-- principals and the first fill below read it; the triggers on payments compute the same
-- columns from NEW and OLD, which a view cannot take.
CREATE VIEW money_receipts AS
SELECT p.foreign_principal_id AS foreign_principal_id,
       CASE WHEN substr(p.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
            THEN CAST(substr(p.date, 1, 4) AS INTEGER) END AS year,
       p.currency AS currency,
       p.document_url AS document_url,
       CAST(round(p.amount * 1000) AS INTEGER) AS amount_milli
FROM payments p
WHERE p.amount IS NOT NULL;

-- A principal's receipts move with its country (a DOJ correction). When its id changes, the
-- receipts of the old id are left with no principal (no country) and those of the new id, if
-- any, get it. faralink marks principals removed rather than deleting them, and the matcher
-- links receipts only to listed principals; but it enforces no references, so a principal row
-- deleted or inserted (by hand, or a future writer) moves its receipts' country too.
CREATE TRIGGER money_principal_leaves
BEFORE UPDATE OF id, country_code ON foreign_principals
WHEN OLD.country_code IS NOT NEW.country_code OR OLD.id IS NOT NEW.id
BEGIN
    INSERT INTO money_country_moves
    SELECT -1, OLD.country_code, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = OLD.id;
    INSERT INTO money_country_moves
    SELECT -1, NULL, year, currency, document_url, amount_milli
    FROM money_receipts WHERE OLD.id IS NOT NEW.id AND foreign_principal_id = NEW.id;
END;

CREATE TRIGGER money_principal_arrives
AFTER UPDATE OF id, country_code ON foreign_principals
WHEN OLD.country_code IS NOT NEW.country_code OR OLD.id IS NOT NEW.id
BEGIN
    INSERT INTO money_country_moves
    SELECT 1, NULL, year, currency, document_url, amount_milli
    FROM money_receipts WHERE OLD.id IS NOT NEW.id AND foreign_principal_id = OLD.id;
    INSERT INTO money_country_moves
    SELECT 1, NEW.country_code, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = NEW.id;
END;

CREATE TRIGGER money_principal_deleted
BEFORE DELETE ON foreign_principals
WHEN OLD.country_code IS NOT NULL
BEGIN
    INSERT INTO money_country_moves
    SELECT -1, OLD.country_code, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = OLD.id;
    INSERT INTO money_country_moves
    SELECT 1, NULL, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = OLD.id;
END;

CREATE TRIGGER money_principal_inserted
AFTER INSERT ON foreign_principals
WHEN NEW.country_code IS NOT NULL
BEGIN
    INSERT INTO money_country_moves
    SELECT -1, NULL, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = NEW.id;
    INSERT INTO money_country_moves
    SELECT 1, NEW.country_code, year, currency, document_url, amount_milli
    FROM money_receipts WHERE foreign_principal_id = NEW.id;
END;

-- The receipts already stored.
INSERT INTO money_country_moves
SELECT 1, fp.country_code, r.year, r.currency, r.document_url, r.amount_milli
FROM money_receipts r
LEFT JOIN foreign_principals fp ON fp.id = r.foreign_principal_id;

-- The view keeps its name and columns (CONTRACT.md), read from the totals. country: DOJ's
-- spelling of the country (the greatest, where principals of one code spell it differently);
-- documents: comma-separated.
DROP VIEW money_by_country;
CREATE VIEW money_by_country AS
SELECT t.country_code                      AS country_code,
       c.country                           AS country,
       t.year                              AS year,
       t.currency                          AS currency,
       t.amount_milli / 1000.0             AS amount,
       t.receipts                          AS receipts,
       replace(t.documents, char(10), ',') AS documents
FROM money_country_totals t
LEFT JOIN (SELECT country_code, max(country) AS country
           FROM foreign_principals
           WHERE country_code IS NOT NULL
           GROUP BY country_code) c ON c.country_code = t.country_code;

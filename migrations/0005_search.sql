-- faralink schema: search and spreadsheet views (issue #6).
--
-- name_parts_fts indexes the other names a registrant or principal goes by (former names,
-- trade names, business names, intermediaries), so "Weber Shandwick" finds
-- "IPG DXTRA, Inc. d/b/a Weber Shandwick". sqlite-utils convention like the other *_fts
-- tables: Datasette finds it. Rebuilt with name_parts by each load (src/fara/store.rs).
CREATE VIRTUAL TABLE name_parts_fts USING fts5(part, content="name_parts", content_rowid="id");
INSERT INTO name_parts_fts(name_parts_fts) VALUES ('rebuild');

-- Views for spreadsheets and Datasette: a firm, then its foreign principals, its agreements
-- and the takedown links, one row per pair, with the latest verdict. Rows removed upstream
-- (removed_at set) are left out. Exported like tables: `faralink export firm_principals`.

-- One row per registrant and foreign principal.
CREATE VIEW firm_principals AS
SELECT r.registration_number,
       r.name                AS registrant_name,
       r.registration_date   AS registrant_registration_date,
       r.termination_date    AS registrant_termination_date,
       fp.id                 AS foreign_principal_id,
       fp.name               AS foreign_principal,
       fp.country,
       fp.country_code,
       fp.registration_date  AS principal_registration_date,
       fp.termination_date   AS principal_termination_date,
       (SELECT count(*) FROM agreements a WHERE a.foreign_principal_id = fp.id) AS agreements,
       (SELECT count(*) FROM links l
         WHERE l.registration_number = r.registration_number
           AND l.foreign_principal = fp.name)                                 AS links
FROM registrants r
JOIN foreign_principals fp ON fp.registration_number = r.registration_number
WHERE r.removed_at IS NULL AND fp.removed_at IS NULL;

-- One row per agreement read out of an Exhibit AB, with its firm and the principal it was
-- matched to (null when the client named in the document matched none).
CREATE VIEW firm_agreements AS
SELECT r.registration_number,
       r.name                AS registrant_name,
       coalesce(fp.name, a.foreign_principal) AS foreign_principal,
       fp.country_code,
       a.fee_amount,
       a.fee_currency,
       a.fee_period,
       a.term_start,
       a.term_end,
       a.term_months,
       a.scope,
       a.confidence,
       a.document_url,
       d.document_type,
       d.date_stamped
FROM agreements a
JOIN registrants r ON r.registration_number = a.registration_number
LEFT JOIN foreign_principals fp ON fp.id = a.foreign_principal_id
LEFT JOIN documents d ON d.url = a.document_url;

-- One row per link between a firm (or one of its principals) and a takedown, with the
-- latest verdict a person gave. A link is a lead to verify, not a finding.
CREATE VIEW firm_takedown_links AS
SELECT l.link_id,
       l.registration_number,
       r.name                AS registrant_name,
       l.foreign_principal,
       l.takedown_id,
       t.platform,
       t.announced_on,
       t.network_name,
       l.kind,
       l.score,
       (SELECT j.verdict FROM judgements j WHERE j.link_id = l.link_id
         ORDER BY j.decided_at DESC, j.id DESC LIMIT 1) AS verdict,
       t.source_url          AS takedown_source_url,
       l.evidence
FROM links l
LEFT JOIN registrants r ON r.registration_number = l.registration_number
LEFT JOIN takedowns t ON t.takedown_id = l.takedown_id;

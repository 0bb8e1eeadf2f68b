-- JSON-safe ids, and row identity that ignores quoting, spacing and letter case (issues #16,
-- #17).
--
-- Ids of foreign principals and short forms were 63-bit hashes of the name as filed: JSON
-- readers that use doubles (JavaScript, jq, Datasette) changed 17,338 of 17,358 principal ids,
-- and a principal DOJ merely re-quoted (`House of 4711""` → `House of "4711"`) or re-cased
-- ("WIse" → "Wise") got a new id, so it was reported as removed and added. The new ids are
-- 53-bit hashes of the name key (lower case, no blanks, no quote marks); rows that share a key
-- are numbered by the hash of their country and address, then of their content
-- (src/db/ids.rs, which also defines the faralink_* SQL functions used here). Everything that points at a principal is rewritten to its new id, so
-- links, agreements, payments, name parts and the changes record keep pointing at the same rows. Row
-- hashes are cut to 53 bits, as a load now computes them.
--
-- Links were keyed by the principal's name as filed too: their key now uses the name key, so a
-- re-quoted principal keeps its links and their reviews. Where two links of one registration
-- now share a key (two spellings of one principal), the reviewed one (else the older one) takes
-- the key; the other keeps a key no match produces (`...#link_id`), so the next match drops it
-- unless someone reviewed it.

UPDATE registrants SET row_hash = faralink_json_safe(row_hash);
UPDATE foreign_principals SET row_hash = faralink_json_safe(row_hash);
UPDATE short_forms SET row_hash = faralink_json_safe(row_hash);
UPDATE documents SET row_hash = faralink_json_safe(row_hash);

CREATE TEMP TABLE principal_ids AS
SELECT id AS old_id, CAST(id AS TEXT) AS old_key,
       faralink_row_id(natural_key,
                       row_number() OVER (PARTITION BY natural_key ORDER BY settled, row_hash, id)) AS new_id
FROM (SELECT id, row_hash,
             registration_number || '|' || faralink_name_key(name) || '|'
                 || coalesce(registration_date, '') AS natural_key,
             faralink_hash(country, country_code, address_1, address_2, city, state, zip) AS settled
      FROM foreign_principals);
CREATE UNIQUE INDEX temp.principal_ids_old_id ON principal_ids(old_id);
CREATE UNIQUE INDEX temp.principal_ids_old_key ON principal_ids(old_key);

CREATE TEMP TABLE short_form_ids AS
SELECT id AS old_id,
       faralink_row_id(natural_key,
                       row_number() OVER (PARTITION BY natural_key ORDER BY settled, row_hash, id)) AS new_id
FROM (SELECT id, row_hash,
             registration_number || '|' || faralink_name_key(last_name) || '|'
                 || coalesce(faralink_name_key(first_name), '') || '|'
                 || coalesce(short_form_date, '') AS natural_key,
             faralink_hash(registration_date, address_1, address_2, city, state, zip) AS settled
      FROM short_forms);
CREATE UNIQUE INDEX temp.short_form_ids_old_id ON short_form_ids(old_id);

-- Through negative ids, so that no row takes an id another row still holds.
UPDATE foreign_principals SET id = -1 - id;
UPDATE foreign_principals
   SET id = (SELECT new_id FROM principal_ids WHERE old_id = -1 - foreign_principals.id);
UPDATE short_forms SET id = -1 - id;
UPDATE short_forms SET id = (SELECT new_id FROM short_form_ids WHERE old_id = -1 - short_forms.id);

UPDATE links
   SET foreign_principal_id = (SELECT new_id FROM principal_ids WHERE old_id = links.foreign_principal_id)
 WHERE foreign_principal_id IS NOT NULL;
UPDATE agreements
   SET foreign_principal_id = (SELECT new_id FROM principal_ids WHERE old_id = agreements.foreign_principal_id)
 WHERE foreign_principal_id IS NOT NULL;
UPDATE payments
   SET foreign_principal_id = (SELECT new_id FROM principal_ids WHERE old_id = payments.foreign_principal_id)
 WHERE foreign_principal_id IS NOT NULL;
UPDATE name_parts
   SET foreign_principal_id = (SELECT new_id FROM principal_ids WHERE old_id = name_parts.foreign_principal_id)
 WHERE foreign_principal_id IS NOT NULL;
UPDATE changes
   SET row_key = coalesce((SELECT CAST(new_id AS TEXT) FROM principal_ids
                            WHERE old_key = changes.row_key), row_key)
 WHERE table_name = 'foreign_principals' AND row_key <> '*';

INSERT INTO foreign_principals_fts(foreign_principals_fts) VALUES ('rebuild');
INSERT INTO name_parts_fts(name_parts_fts) VALUES ('rebuild');

CREATE TEMP TABLE link_keys AS
SELECT link_id,
       registration_number || '|' || coalesce(faralink_name_key(foreign_principal), '') || '|'
           || takedown_id || '|' || kind AS new_key,
       EXISTS (SELECT 1 FROM judgements j WHERE j.link_id = links.link_id) AS reviewed
FROM links;
CREATE UNIQUE INDEX temp.link_keys_link_id ON link_keys(link_id);
CREATE TEMP TABLE link_key_holders AS
SELECT link_id FROM (
    SELECT link_id, row_number() OVER (PARTITION BY new_key ORDER BY reviewed DESC, link_id) AS n
    FROM link_keys)
WHERE n = 1;
CREATE UNIQUE INDEX temp.link_key_holders_link_id ON link_key_holders(link_id);
UPDATE links SET link_key = NULL;
UPDATE links
   SET link_key = (SELECT new_key || CASE WHEN link_id IN (SELECT link_id FROM link_key_holders)
                                          THEN '' ELSE '#' || link_id END
                     FROM link_keys k WHERE k.link_id = links.link_id);

DROP TABLE principal_ids;
DROP TABLE short_form_ids;
DROP TABLE link_keys;
DROP TABLE link_key_holders;

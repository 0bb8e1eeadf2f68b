-- What each sync run changed, and what the user watches (`faralink changes`, `sync --digest`,
-- `faralink watch`).
--
-- changes: one row per row a sync added, changed, terminated or removed in registrants,
-- foreign_principals, documents, agreements, takedowns and links. Written in the same
-- transaction as the change itself, so a load that rolls back records nothing, and a row is
-- recorded as added exactly once: by the run that first stored it, whatever its own dates say
-- (DOJ publishes some filings days late with earlier stamp dates). A load into an empty table
-- (the first sync) records one row with change 'loaded' and the count in detail, instead of
-- listing every row of DOJ's history.
CREATE TABLE changes (
    id                  INTEGER PRIMARY KEY,
    run_id              INTEGER NOT NULL,       -- sync_runs.run_id
    source              TEXT NOT NULL,          -- the sync_runs.source that made the change
    table_name          TEXT NOT NULL,          -- registrants / foreign_principals / documents / agreements / takedowns / links
    row_key             TEXT NOT NULL,          -- the row's key in table_name ('*' for 'loaded')
    change              TEXT NOT NULL,          -- added / terminated / changed / removed / loaded
    registration_number INTEGER,
    registrant_name     TEXT,
    name                TEXT,                   -- the row's own name: registrant, principal, document type, network
    country_code        TEXT,                   -- ISO 3166-1 alpha-2 codes the row names, ';'-separated
    detail              TEXT,                   -- JSON: an added row's fields; a changed row's {"column": [old, new]}
    recorded_at         TEXT NOT NULL
);
CREATE INDEX changes_run_id ON changes(run_id);

-- Firms and countries a user follows: the digest lists their changes first.
CREATE TABLE watches (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,                    -- firm / country
    value     TEXT NOT NULL,                    -- the firm name as given, or an ISO 3166-1 alpha-2 code
    added_at  TEXT NOT NULL,
    UNIQUE (kind, value)
);

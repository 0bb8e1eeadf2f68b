-- faralink schema, version 1.
-- Table and column names are the user-facing contract (../CONTRACT.md): add, never rename.
-- Dates are ISO 8601 text (2019-12-11); timestamps are RFC 3339 UTC text.
-- Every FARA row keeps first_seen_at (when faralink first saw it), changed_at (the last sync
-- that inserted or changed it) and removed_at (set when the row disappeared upstream; rows are
-- never deleted). A row without removed_at was in the source's last loaded file
-- (source_state.loaded_at says when that was).

CREATE TABLE registrants (
    registration_number INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    business_name       TEXT,
    registration_date   TEXT,
    termination_date    TEXT,
    address_1           TEXT,
    address_2           TEXT,
    city                TEXT,
    state               TEXT,
    zip                 TEXT,
    first_seen_at       TEXT NOT NULL,
    changed_at        TEXT NOT NULL,
    removed_at          TEXT,
    origin              TEXT NOT NULL DEFAULT 'bulk',   -- bulk | api
    row_hash            INTEGER NOT NULL
);

CREATE TABLE foreign_principals (
    -- A stable id: a hash of registration_number, name, registration_date and occurrence, so
    -- re-loading a file finds the same rows (DOJ gives principals no id of its own).
    id                  INTEGER PRIMARY KEY,
    registration_number INTEGER NOT NULL REFERENCES registrants(registration_number),
    registrant_name     TEXT,
    registrant_date     TEXT,
    name                TEXT NOT NULL,
    country             TEXT,                   -- as filed
    country_code        TEXT,                   -- ISO 3166-1 alpha-2, null when not a country
    registration_date   TEXT,
    termination_date    TEXT,
    address_1           TEXT,
    address_2           TEXT,
    city                TEXT,
    state               TEXT,
    zip                 TEXT,
    first_seen_at       TEXT NOT NULL,
    changed_at        TEXT NOT NULL,
    removed_at          TEXT,
    origin              TEXT NOT NULL DEFAULT 'bulk',
    row_hash            INTEGER NOT NULL
);
CREATE INDEX foreign_principals_registration_number ON foreign_principals(registration_number);

CREATE TABLE short_forms (
    id                  INTEGER PRIMARY KEY,    -- stable: a hash of registration_number, names, short_form_date, occurrence
    registration_number INTEGER NOT NULL REFERENCES registrants(registration_number),
    registrant_name     TEXT,
    last_name           TEXT NOT NULL,
    first_name          TEXT,
    short_form_date     TEXT,
    termination_date    TEXT,
    registration_date   TEXT,
    address_1           TEXT,
    address_2           TEXT,
    city                TEXT,
    state               TEXT,
    zip                 TEXT,
    first_seen_at       TEXT NOT NULL,
    changed_at        TEXT NOT NULL,
    removed_at          TEXT,
    row_hash            INTEGER NOT NULL
);
CREATE INDEX short_forms_registration_number ON short_forms(registration_number);

-- A document listed by DOJ. Documents that exist only at DOJ's public office
-- ("Available-FARA-Public-Office" in place of a URL) get a stable pseudo-URL
-- fara-public-office:{reg}-{Type-Slug}-{YYYYMMDD}-{n} and status not_online; such a URL is never fetched.
CREATE TABLE documents (
    url                       TEXT PRIMARY KEY,
    registration_number       INTEGER REFERENCES registrants(registration_number),
    registrant_name           TEXT,
    document_type             TEXT,
    date_stamped              TEXT,
    short_form_name           TEXT,
    foreign_principal_name    TEXT,
    foreign_principal_country TEXT,
    status                    TEXT NOT NULL DEFAULT 'listed',  -- listed / not_online / fetched / failed / skipped / needs_ocr
    sha256                    TEXT,
    text                      TEXT,
    http_status               INTEGER,
    error                     TEXT,
    fetched_at                TEXT,
    first_seen_at             TEXT NOT NULL,
    changed_at              TEXT NOT NULL,
    removed_at                TEXT,
    origin                    TEXT NOT NULL DEFAULT 'bulk',
    row_hash                  INTEGER NOT NULL
);
CREATE INDEX documents_registration_number ON documents(registration_number);
CREATE INDEX documents_date_stamped ON documents(date_stamped);

-- Former names, trade names and intermediaries carried inside FARA names
-- ("(FKA FGH Holdings LLC)", "d/b/a Weber Shandwick", "... through Qorvis Holding Inc."),
-- and registrants' business names. Only names that carry such parts, or that needed tidying
-- (stray wrapping quotes), have rows here: kind 'name' is the tidied name itself. Derived from
-- the tables by each load.
CREATE TABLE name_parts (
    id                  INTEGER PRIMARY KEY,
    source              TEXT NOT NULL,          -- fara:registrants | fara:foreign_principals
    registration_number INTEGER NOT NULL,
    foreign_principal_id INTEGER,               -- foreign_principals.id, null for registrants
    name                TEXT NOT NULL,          -- the full name as filed
    part                TEXT NOT NULL,
    kind                TEXT NOT NULL           -- name / former / trade / intermediary / business_name
);
CREATE INDEX name_parts_registration_number ON name_parts(registration_number);

CREATE TABLE agreements (
    id                  INTEGER PRIMARY KEY,
    document_url        TEXT NOT NULL REFERENCES documents(url),
    registration_number INTEGER,
    foreign_principal   TEXT,
    fee_amount          REAL,
    fee_currency        TEXT,
    fee_period          TEXT,
    term_start          TEXT,
    term_end            TEXT,
    term_months         REAL,
    scope               TEXT,
    evidence            TEXT,
    confidence          REAL
);

CREATE TABLE payments (
    id                  INTEGER PRIMARY KEY,
    document_url        TEXT NOT NULL REFERENCES documents(url),
    registration_number INTEGER,
    foreign_principal   TEXT,
    date                TEXT,
    amount              REAL,
    currency            TEXT,
    purpose             TEXT
);

CREATE TABLE takedowns (
    takedown_id       TEXT PRIMARY KEY,
    platform          TEXT NOT NULL,
    announced_on      TEXT NOT NULL,
    network_name      TEXT,
    attributed_to     TEXT,
    origin_countries  TEXT,
    target_countries  TEXT,
    fb_accounts       INTEGER,
    fb_pages          INTEGER,
    fb_groups         INTEGER,
    ig_accounts       INTEGER,
    other_accounts    INTEGER,
    followers         INTEGER,
    ad_spend_usd      REAL,
    attribution_text  TEXT,
    summary           TEXT,
    source_url        TEXT
);

CREATE TABLE links (
    link_id             INTEGER PRIMARY KEY,
    registration_number INTEGER,
    foreign_principal   TEXT,
    takedown_id         TEXT REFERENCES takedowns(takedown_id),
    kind                TEXT NOT NULL,
    score               REAL NOT NULL,
    evidence            TEXT
);

CREATE TABLE judgements (
    id          INTEGER PRIMARY KEY,
    link_id     INTEGER NOT NULL,
    verdict     TEXT NOT NULL,
    note        TEXT,
    decided_at  TEXT NOT NULL
);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL,
    source      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL,          -- ok / failed / skipped
    inserted    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    repaired    INTEGER NOT NULL DEFAULT 0,
    removed     INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    detail      TEXT                    -- JSON: what the summary says about this source
);
CREATE INDEX sync_runs_source ON sync_runs(source, run_id);

-- Every input row that could not be loaded. Rejects describe the current state of a source:
-- they are replaced when the source's file is loaded again.
CREATE TABLE rejects (
    id      INTEGER PRIMARY KEY,
    source  TEXT NOT NULL,
    line    INTEGER,
    raw     TEXT,
    reason  TEXT NOT NULL,
    run_id  INTEGER
);
CREATE INDEX rejects_source ON rejects(source);

-- Fields a loaded row carried that could not be kept as filed (an impossible date such as
-- 11/16/0200 is stored as null); the row itself loaded, counted as repaired.
CREATE TABLE load_notes (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    line      INTEGER,
    field     TEXT NOT NULL,
    raw_value TEXT,
    note      TEXT NOT NULL,
    run_id    INTEGER
);
CREATE INDEX load_notes_source ON load_notes(source);

-- What faralink last saw of each upstream file: validators for conditional requests, the
-- content hash (an unchanged file is not parsed again) and the health figures status compares.
CREATE TABLE source_state (
    source         TEXT PRIMARY KEY,
    location       TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    sha256         TEXT,
    header         TEXT,
    encoding       TEXT,
    row_count      INTEGER,
    rejected       INTEGER,
    repaired       INTEGER,
    fetched_at     TEXT,
    loaded_at      TEXT
);

-- Every HTTP request faralink made.
CREATE TABLE fetch_log (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER,
    url         TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    elapsed_ms  INTEGER,
    status      INTEGER,
    bytes       INTEGER,
    conditional INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT NOT NULL
);

-- Full-text search, sqlite-utils convention (<table>_fts, FTS5, external content), so the
-- database opens in Datasette with search working. Rebuilt by each load of its table that
-- changed something. columnsize=0 on the two big name indexes: they are rebuilt on every
-- change, and storing per-row column sizes cost a third of a full load (measured); bm25()
-- still ranks, recomputing sizes at query time. A principal's country is searched through
-- foreign_principals.country_code, not full text.
CREATE VIRTUAL TABLE registrants_fts USING fts5(name, business_name, content="registrants", content_rowid="registration_number", columnsize=0);
CREATE VIRTUAL TABLE foreign_principals_fts USING fts5(name, content="foreign_principals", content_rowid="id", columnsize=0);
CREATE VIRTUAL TABLE documents_fts USING fts5(registrant_name, foreign_principal_name, document_type, text, content="documents");
CREATE VIRTUAL TABLE takedowns_fts USING fts5(network_name, attributed_to, attribution_text, summary, content="takedowns");

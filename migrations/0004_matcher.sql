-- The matcher (issue #5): related registrations, and what keeps link ids stable.
--
-- registrant_relations: registrations of the same firm, both directions stored.
--   kind: same_name | former_name | trade_name | initials (initials are proposed, needing review).
--   reason: human-readable, e.g. "same name after normalisation: cls strategies".
CREATE TABLE registrant_relations (
    registration_number INTEGER NOT NULL,
    related_number      INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    reason              TEXT NOT NULL,
    score               REAL,
    PRIMARY KEY (registration_number, related_number)
);

-- links: link_key is the natural key (registration_number|foreign_principal|takedown_id|kind)
-- every re-match upserts by, so a link keeps its link_id (and its judgements) across syncs.
-- foreign_principal_id: the foreign_principals row, for principal and context links.
-- first_seen_at: when the matcher first proposed the link; matched_at: the last match run that
-- inserted it or changed its score or evidence.
ALTER TABLE links ADD COLUMN link_key TEXT;
ALTER TABLE links ADD COLUMN foreign_principal_id INTEGER;
ALTER TABLE links ADD COLUMN first_seen_at TEXT;
ALTER TABLE links ADD COLUMN matched_at TEXT;
UPDATE links SET link_key = registration_number || '|' || coalesce(foreign_principal, '') || '|'
    || takedown_id || '|' || kind WHERE link_key IS NULL;
CREATE UNIQUE INDEX links_link_key ON links(link_key);
CREATE INDEX links_takedown_id ON links(takedown_id);
CREATE INDEX links_registration_number ON links(registration_number);
CREATE INDEX judgements_link_id ON judgements(link_id);

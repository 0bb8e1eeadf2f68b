-- faralink schema, version 2: what takedown imports carry beyond the contract's columns.
-- Regions that are not one country ("Francophone Africa") are kept as text, never forced into
-- a code; an ad spend keeps the amount and currency as stated (ad_spend_usd is filled only for
-- USD: faralink keeps no exchange rates); source says where each row came from
-- ("curated", "import:<file name>", "meta", ...).

ALTER TABLE takedowns ADD COLUMN origin_regions TEXT;      -- ';'-separated, as written
ALTER TABLE takedowns ADD COLUMN target_regions TEXT;      -- ';'-separated, as written
ALTER TABLE takedowns ADD COLUMN ad_spend_amount REAL;     -- as stated, in ad_spend_currency
ALTER TABLE takedowns ADD COLUMN ad_spend_currency TEXT;   -- ISO 4217
ALTER TABLE takedowns ADD COLUMN ad_spend_note TEXT;       -- e.g. "upper bound: stated as \"less than $316,000\""
ALTER TABLE takedowns ADD COLUMN source TEXT;
ALTER TABLE takedowns ADD COLUMN first_seen_at TEXT;
ALTER TABLE takedowns ADD COLUMN changed_at TEXT;
CREATE INDEX takedowns_announced_on ON takedowns(announced_on);

-- faralink schema, version 7: what a takedown import could not read is kept, not thrown away.
-- A country cell is stored as ISO codes (origin_countries, target_countries) and regions as
-- written (origin_regions, target_regions); when the cell said more than that ("Egypt
-- (Cairo)", "UK (registered) / Russia (run)"), the cell as written is kept here, as
-- foreign_principals keeps `country` as filed next to `country_code`. A count or amount that
-- could not be read is left empty and said in import_notes (the row still loads: only
-- takedown_id, platform and announced_on can reject a row).

ALTER TABLE takedowns ADD COLUMN origin_as_written TEXT;   -- the origin_countries cell as given
ALTER TABLE takedowns ADD COLUMN target_as_written TEXT;   -- the target_countries cell as given
ALTER TABLE takedowns ADD COLUMN import_notes TEXT;        -- e.g. 'fb_accounts: "many" is not a count, left empty'

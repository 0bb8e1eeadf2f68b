-- Field extraction from document text (agreements, payments).
-- documents.fields_extracted_at: when faralink last read agreement fields or payments out of
-- this document's text; null means not yet (set it back to null to read a document again).
ALTER TABLE documents ADD COLUMN fields_extracted_at TEXT;
-- The foreign_principals row an agreement's client was matched to, when one matched.
ALTER TABLE agreements ADD COLUMN foreign_principal_id INTEGER REFERENCES foreign_principals(id);
ALTER TABLE agreements ADD COLUMN term_until_terminated INTEGER;
CREATE INDEX agreements_registration_number ON agreements(registration_number);
CREATE INDEX agreements_document_url ON agreements(document_url);
CREATE INDEX payments_registration_number ON payments(registration_number);
CREATE INDEX payments_document_url ON payments(document_url);

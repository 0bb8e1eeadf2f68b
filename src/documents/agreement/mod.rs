//! Field extraction from the text of FARA agreements: who the client is, what it pays, for
//! how long, for what.
//!
//! For: the text already read out of a filed PDF (`documents.text`) of an Exhibit AB,
//! registration statement or amendment, pages separated by form feeds. Pure functions, no I/O:
//! the sync stores what [`extract_agreement`] returns. Not for: OCR, deciding which documents
//! are agreements, or supplemental statements' receipts (see [`crate::documents::supplemental`]).
//!
//! The parts: `money` (amounts and currencies), `fee`, `term` (dates and durations), `client`,
//! `scope`, `form` (the Exhibit AB / registration statement questions and their answers),
//! `columns` (tables read cell by cell, the English column of a bilingual contract), and
//! `text` (sentences, pages and evidence, shared by the others).
//!
//! The rule throughout is that a value that cannot be found is `None`, never guessed: a fee
//! needs a money amount next to fee wording ("fee", "retainer", "pay", ...), a term needs
//! dates or a duration next to term wording. Each value carries the text it came from
//! ([`Evidence`]) and a confidence in 0..1 that reflects how explicit the phrasing was.
//!
//! Rules a reader would otherwise have to reverse-engineer:
//! - Fee: the amount whose nearest preceding wording in its sentence is fee wording ("fee",
//!   "retainer", "compensation", "rate", "price") beats payment wording ("pay", "receives"),
//!   which beats a total contract value; expense caps ("reimbursement of expenses not to exceed
//!   $5,000"), budgets and instalments are never the fee. A stated period ("per month", "a
//!   $15,000 monthly retainer") adds to the score, so "a monthly fee of $30,000" wins over
//!   "total contract value of $90,000" and is recorded with period `month`: the fee is recorded
//!   as the agreement states it, not converted. With no stated period the period is `total`.
//!   "€20.000" is 20,000 (a separator followed by exactly three digits groups thousands). A
//!   range ("from $500 to $1,100 per hour") is a fee at its lower end, with the range's
//!   period.
//! - Term: a range of two dates joined by "through", "to", "-", "and ending on", "and will
//!   continue through" wins; otherwise the first duration in a sentence about the agreement
//!   ("three months", "one (1) year", "90-day"; notice periods and payment terms excluded), plus
//!   a start date after "effective", "commencing", "beginning", "from", "enters into force on",
//!   "Effective Date:" (not when the sentence dates a change: an amendment's "amending the fee
//!   ... effective March 1, 2021"; "commence on the Effective Date" takes the date defined as
//!   `(the "Effective Date")`), or an end date after "through"/"until" or an "End Date:" label
//!   (an amendment's "is extended to July 31, 2025" beats the end it replaces). Months derived from two dates count whole months plus days
//!   / 30.4375, end date exclusive (December 5 → March 5 is 3.0). An end date is never computed
//!   from a start and a duration.
//! - Client: Exhibit A's "Name of Foreign Principal" first (a name wrapped over two lines of a
//!   narrow column is joined), then a "Client:" / "Prepared for:" / "Item 3. Foreign Principal:" /
//!   "Contracting Authority:" line, an invoice's "Bill To:", then the "First Party:" / "Second Party:" line that is not a
//!   firm, then a party defined as the client (`X (the "Client")`, `(hereinafter called "the
//!   Board")`, `X, hereinafter "the Beneficiary"`, `X ("you" or the "Company")`, `(each a
//!   "Client")`, `(together, "you")`, a role split over two lines, and not the party's
//!   representative: "X, represented by the Minister, Mrs. Y, hereinafter ..." is X), then the
//!   subject of "has retained us" / "X hereby retains" / "X intends to retain" or the agent of
//!   "retained by X" / "our engagement by X", then the party of
//!   "between A and B" (or a title page's "A / and / B") that is not a firm, then any other
//!   defined party that is not the registrant, then "on behalf of (our client) X" / "agreement
//!   with X" / "relationship with X" / "work for (you,) X" / "services to X" / "agency of
//!   record for X", then the organisation in a letter's address block, then the letterhead of
//!   a letter addressed to a firm (the client writing), then a subject line ("Subject:
//!   Engagement - X"). Two organisations named together ("the Ministry of Finance of X and the
//!   National Bank of X", "Mr. Y and Y Holdings Ltd.") give the first; a title ("Mr.", "Dr.")
//!   is dropped. A firm is a name with a legal suffix (LLC, Inc., LLP, also after the name's
//!   comma: "Horizon Institute, Inc."), or one ending in a firm's word ("Consulting",
//!   "Partners", "Public Affairs") without an organisation word, or the letter's signer; a
//!   "Subcontractor" or "Prime Contractor" is a firm, so a subcontract's client is the party
//!   defined as the "Foreign Principal". A name taken out of a sentence is its proper-name run ("We are pleased that the
//!   Office of the Prime Minister" → "Office of the Prime Minister"), without "WHEREAS," or a
//!   list number, and stops at a sentence end; a defined short name ("SIAC engages ...") is
//!   replaced by the name it was defined for.
//! - Scope, by the document's structure first and its wording last:
//!   1. the form's answer (`form`): the activities' ("Describe fully the activities the
//!      registrant engages in ...") before the nature and method of performance's, before the
//!      political activities'; not a pointer elsewhere ("See attached agreement.", "Same as
//!      Item 7.", "As set out in Section 2", "No change.", "Formal written contract. A copy is
//!      attached."), not the question's own further sentences ("The response must include,
//!      but not be limited to, ..."), not an answer that only says how the agreement was
//!      reached or why the registrant files; also when the form puts the answer in a column
//!      beside its wrapped question;
//!   2. the section under the first scope heading: a list of section names ("Scope of
//!      Services", "Statement of Work", "Terms of Reference", "Duties of the Consultant",
//!      "Deliverables", "Object of the Contract", ...) in Title Case or capitals, numbered, on
//!      its own line or after a sentence, or inside an attachment's title ("ANNEX A - STATEMENT
//!      OF WORK"); "Engagement", "Appointment", "Retention" and "Purpose" count only when their
//!      section reads as services, and a strong heading anywhere beats them ("1. ENGAGEMENT"
//!      before "2. SCOPE OF SERVICES"); a block of "Client: / Adviser:" lines is not a
//!      section, nor one that only points elsewhere or is paperwork ("shall register with the
//!      U.S. Department of Justice"). A list after a heading is taken whole, a table is read
//!      cell by cell (`columns`), also under a lead-in ("the following workstreams."); a
//!      column under a "Description of Services      Fee" header, or a "Description" column
//!      in the middle of a table, is read down;
//!   3. the paragraph of the first sentence saying what the registrant does: the work as
//!      subject ("services will include", "our engagement covers", "the object of this Contract
//!      is"), "will/shall/'ll" + a service verb, the third person ("Firm LLP assists the
//!      Ministry"; not for verbs whose third person is a plural noun, "reports"), "is
//!      providing", "is to assist", "agrees to", "is responsible for", or the hiring and its
//!      purpose ("has retained us to provide", "hereby retains Firm, Inc. as its counsel to
//!      secure"). Not a disclaimer ("we will provide no legal advice"), not a document as
//!      subject ("this Agreement provides for a fee"), not a verb followed by money or a
//!      duration ("will run for nine months"), not the client in the third person ("The
//!      Chamber represents shipowners"), not the agreement's own lead-in ("the parties agree as
//!      follows:"), not "will work for you", nothing in a "Background" / "Recitals" section;
//!      a list led in by "we'd propose to:", "we propose a program with three components:",
//!      "the following services will be provided by the Consultant:" or "the Consultant's
//!      tasks shall be:" counts;
//!   4. the clause that defines the Services (`... advice on U.S. trade remedies (the
//!      "Services")`, often a recital);
//!   5. the first thing "we" / "the Consultant" will do that is not paperwork.
//!
//!   A scope that names only the defined term ("appoints the Consultant to provide the
//!   Services, and ...", "to provide the services described above") describes nothing and is
//!   passed over. A scope that only points to an attachment ("the Services described in
//!   Schedule 1", "the programme of work in Appendix 1", "one or more statements of work") is
//!   replaced by that attachment's scope section or first paragraph past its preamble. A
//!   notice ending the agreement, and a contract that leaves its services to be agreed ("such
//!   services as may be agreed between the Parties", "... in written task orders"), state no
//!   scope beyond a form answer or a section. A bilingual contract printed side by side is
//!   read in its English column. A scope stops before a sentence about money or the
//!   term, or a disclaimer; a list led in by ':' belongs to it; it runs on over a page break in
//!   mid-sentence.
//! - The text is first made readable ([`crate::documents::filed_text::readable`]): DOJ stamps and page
//!   footers dropped, line-end hyphens joined, OCR misreadings of the words above undone.
//!
//! Measured on `fixtures/agreements/` (`tests/it/agreement_labels.rs`), each batch written and
//! labelled after the previous change and scored before any change for it (first-run figures;
//! their failures were then fixed, so the committed set no longer measures unseen text):
//! 33-42 fee P/R 0.89/0.89, term 0.71/0.71, client 1.0/0.8; 43-48 fee 0.80/0.80, term
//! 1.0/0.60, client 0.75/0.50, scope 1.0; engagement and PR letters 49-82 client 0.71/0.35,
//! scope 0.58/0.34; 83-92 client 1.0/0.90, scope 1.0/0.50; 93-100 client 1.0/0.88, scope
//! 0.75/0.38. The scope was then rebuilt on structure (above) rather than phrases. Hits per
//! text since: 101-130 (law-firm and PR letters, lobbying contracts, Exhibit AB answers,
//! tables, schedules, OCR) scope 15/29, client 20/30 before the rebuild; 131-145 after it
//! scope 11/15, client 10/15; 146-157 after the fixes for those scope 10/11 (no scope read from
//! the one text that states none), client 11/12; 158-165 after the next fixes scope 6/7,
//! client 5/8; 166-185 (Exhibit AB items, law-firm and PR letters, a subcontract, amendments,
//! a translation, OCR, bullets, an annex, two clients, an email, no scope) scope 14/18 (no
//! scope read from the two that state none), client 15/20, fee 15/17 (one false), term 10/17;
//! after the fixes for those, 186-200 (a form answered on its question's line, a proposal, a
//! French and an OCR contract, a subcontract, a definitions clause, a fee table, an email, two
//! without scope) scope 7/13 (none read from the two without), client 13/15, fee 12/13, term
//! 7/11 (two false); after the fixes for those, 201-212 (form answers after "Response:", a
//! special-counsel letter, a schedule table, a recital, terms of reference, a narrow stamped
//! column, a person and his company, a letter of intent, an Arabic translation, a grant, a
//! letter from the client) scope 9/11 (none read from the one without), client 5/12, fee 7/9,
//! term 6/8 (one false); after the fixes for those, 213-224 (a two-column form, lists after
//! "Our services will include:", headings not in the list, an individual principal, a letter
//! from the client, spaced OCR, an amendment replacing its Exhibit A, a campaign committee,
//! plain-language headings, a fee schedule) scope 9/11 (none read from the one without),
//! client 11/12, fee 9/10, term 4/8 (one false); after the fixes for those, 225-234 (a list
//! after "the Registrant shall:", a heading mid-paragraph, an appendix named without a verb,
//! services defined in a recital, a proposal's components, capitals, a bilingual contract, an
//! invoice) scope 6/9 (one read from the invoice, which states none), client 8/10, fee 9/9,
//! term 8/8; after the fixes for those, 235-244 (an Exhibit AB answering in item 11 after
//! "Formal written contract." in item 10, a purpose-of-this-letter engagement, dashes, a
//! passive lead-in, OCR with '0' and '|', a "Foreign Principal Name:" label) scope 6/9 (one
//! wrong), client 8/10, fee 7/9, term 5/7.
//! Then, three rounds of blind batches written by people who had not seen this code, each
//! scored before any change for it: 245-256 Exhibit AB forms scope 3/10, 257-268 letters 8/10,
//! 269-280 contracts 9/10; after the fixes for those, 281-292 Exhibit AB forms 9/10, 293-304
//! agreements behind "See attached" 5/10; after the fixes for those, 305-316 whole
//! current-form filings 5/10 (the form's "The response must include ..." sentence), 317-328
//! agreements 7/10. Over the thirteen batches since 166: scope 97/141, client 130/163. So on
//! wording unlike the set's, expect the scope about 2 in 3 and the client about 4 in 5, not yet
//! 9 in 10; every batch found shapes no earlier text had.
//!
//! Then whole Exhibit AB filings (`fixtures/exhibit-ab/`), scope first run: 329-340 7/10; after
//! the fixes for those, 341-352 6/10 and 353-364 4/10 (the writers took the nature-and-method
//! answer's summary, the extractor the activities' details: both are now read, in the form's
//! order); after those fixes, 365-376 9/11 and 377-388 7/10; after those, 389-400 10/11 and
//! 401-412 9/11; after those, 413-424 10/11 (a question scanned "Describe fu11y") and 425-436
//! 10/10. The last two rounds: 39 of 43.

use serde::Serialize;

mod client;
mod columns;
mod fee;
mod form;
mod money;
mod scope;
mod term;
#[cfg(test)]
mod tests;
mod text;

use client::find_client;
use fee::find_fee;
use scope::find_scope;
use term::find_term;

/// Where a value came from: the page (1-based, counted by form feeds; `None` when the text has
/// no form feed, so the page is unknown) and the sentence or table row, whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The 1-based page, `None` when the text marks no pages.
    pub page: Option<u32>,
    /// The sentence or row, whitespace collapsed.
    pub snippet: String,
}

/// What period a fee amount covers. `Other` is a stated period that is none of the others
/// (per quarter, per week, per day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeePeriod {
    /// For the whole agreement (also when no period is stated).
    Total,
    /// Per month.
    Month,
    /// Per hour.
    Hour,
    /// Per year.
    Year,
    /// Per quarter, week, day or another stated period.
    Other,
}

impl FeePeriod {
    /// The value stored in `agreements.fee_period`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeePeriod::Total => "total",
            FeePeriod::Month => "month",
            FeePeriod::Hour => "hour",
            FeePeriod::Year => "year",
            FeePeriod::Other => "other",
        }
    }
}

/// The fee as stated for the agreement, in major units of an ISO 4217 currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Fee {
    /// The amount as stated, never converted.
    pub amount: f64,
    /// ISO 4217 code ("USD", "EUR").
    pub currency: String,
    /// What period the amount covers.
    pub period: FeePeriod,
    /// Where it was read.
    pub evidence: Evidence,
    /// 0..1: how explicit the wording was.
    pub confidence: f64,
}

/// How long the agreement runs. `months` is the stated duration, or the span between the stated
/// start and end dates; `until_terminated` is an open-ended agreement ("until terminated by
/// either party"), possibly after an initial term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The stated start date, ISO (`2021-04-01`).
    pub start: Option<String>,
    /// The stated end date, ISO; never computed from a start and a duration.
    pub end: Option<String>,
    /// The stated duration, or the span between the stated start and end.
    pub months: Option<f64>,
    /// Runs until either party ends it.
    pub until_terminated: bool,
    /// Where it was read.
    pub evidence: Evidence,
    /// 0..1: how explicit the wording was.
    pub confidence: f64,
}

/// The nature of the services, as one paragraph (at most [`SCOPE_MAX_CHARS`] characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The paragraph, whitespace collapsed.
    pub text: String,
    /// Where it was read.
    pub evidence: Evidence,
    /// 0..1: 0.9 a form's answer, 0.8 a section under a heading, 0.6 a sentence, 0.4 the
    /// last resort.
    pub confidence: f64,
}

/// The foreign principal the agreement is with.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The name as the text gives it ("Ministry of Energy of Valmoria").
    pub name: String,
    /// Where it was read.
    pub evidence: Evidence,
}

/// Everything [`extract_agreement`] found in one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgreementFields {
    /// The foreign principal, when the text names it.
    pub client: Option<Client>,
    /// The fee, when stated.
    pub fee: Option<Fee>,
    /// The term, when stated.
    pub term: Option<Term>,
    /// The nature of the services, when described.
    pub scope: Option<Scope>,
}

impl AgreementFields {
    /// The `agreements.evidence` column: `{"fee": {"page", "snippet"} | null, "term": ..,
    /// "scope": .., "client": ..}`.
    pub fn evidence_json(&self) -> serde_json::Value {
        serde_json::json!({
            "fee": self.fee.as_ref().map(|f| &f.evidence),
            "term": self.term.as_ref().map(|t| &t.evidence),
            "scope": self.scope.as_ref().map(|s| &s.evidence),
            "client": self.client.as_ref().map(|c| &c.evidence),
        })
    }

    /// The `agreements.confidence` column: the mean confidence of the fee, term and scope that
    /// were found, 0 when none was.
    pub fn confidence(&self) -> f64 {
        let found: Vec<f64> = [
            self.fee.as_ref().map(|f| f.confidence),
            self.term.as_ref().map(|t| t.confidence),
            self.scope.as_ref().map(|s| s.confidence),
        ]
        .into_iter()
        .flatten()
        .collect();
        if found.is_empty() {
            0.0
        } else {
            found.iter().sum::<f64>() / found.len() as f64
        }
    }
}

/// Longest scope kept, in characters: a paragraph, not the whole contract.
pub const SCOPE_MAX_CHARS: usize = 600;

/// Extracts client, fee, term and scope from an agreement's text.
pub fn extract_agreement(text: &str) -> AgreementFields {
    let text = &crate::documents::filed_text::readable(text);
    // A contract printed in two languages side by side is read in its English column.
    let english = columns::english_column(text);
    let text = english.as_deref().unwrap_or(text);
    AgreementFields {
        client: find_client(text),
        fee: find_fee(text),
        term: find_term(text),
        scope: find_scope(text),
    }
}

//! The form-answer rules added for what the blind Exhibit AB batches 329-364 missed, one test
//! per miss, each written when its batch was scored. Every firm and client is invented.

use super::*;

fn scope_text(text: &str) -> Option<String> {
    extract_agreement(text).scope.map(|s| s.text)
}

/// The current form's items 15 to 17, with the given answers.
fn form(nature: &str, activities: &str, political: &str) -> String {
    format!(
        "15. Describe fully the nature and method of performance of the above indicated \
         agreement or understanding.\n    {nature}\n\n16. Describe fully the activities the \
         registrant engages in or proposes to engage in on behalf of the above foreign \
         principal.\n    {activities}\n\n17. Will the activities on behalf of the above foreign \
         principal include political activities as defined in Section 1(o) of the Act?\n    \
         Yes [X]   No [ ]\n    If yes, describe all such political activities indicating, among \
         other things, the relations, interests or policies sought to be influenced and the \
         means to be employed to achieve this purpose.\n    {political}\n\n18. Prior to the date \
         of registration for this foreign principal has the registrant engaged in any \
         registrable activities?\n    Yes [ ]   No [X]\n"
    )
}

#[test]
fn a_field_label_left_blank_is_not_the_scope() {
    // 330, 338: the form's "Name and title of official with whom registrant engages", its
    // field left blank or its words broken by OCR, was read as what the registrant does.
    let head = "8. If the foreign principal is a foreign government, state:\n   a) Branch or \
                agency represented by the registrant\n      \n   b) Name and title 0f officlal \
                with whom registrant engages\n      \n\n";
    let text = format!("{head}{}", form("N/A", "N/A", "N/A"));
    assert_eq!(scope_text(&text), None);
}

#[test]
fn activities_to_be_determined_state_no_scope() {
    // 333, 357: "To be determined. Registrant will amend this Exhibit ..." and "Unknown at
    // this time." say no work; nor does a nature answer that only tells how the agreement
    // was made and what it pays.
    let text = form(
        "Registrant and the foreign principal have an oral agreement. The foreign principal \
         pays Registrant a retainer of $10,000 per month.",
        "To be determined. Registrant will amend this Exhibit when specific activities are \
         agreed.",
        "Unknown at this time.",
    );
    assert_eq!(scope_text(&text), None);
}

#[test]
fn an_engagement_set_out_in_the_attached_proposal_reads_the_proposal() {
    // 339: "The engagement is set out in the attached proposal, ..." points elsewhere.
    let text = format!(
        "{}\nPROPOSAL\n\n1. Background\nThe Railway plans a bond offering.\n\n3. Scope of \
         Work\nTelvern Partners will design and execute a U.S. investor outreach program for \
         the Railway.\n",
        form(
            "The engagement is set out in the attached proposal, which was accepted by the \
             foreign principal by countersignature on December 10, 2024.",
            "Refer to Section 3 of the attached proposal.",
            "N/A",
        )
    );
    assert!(
        scope_text(&text)
            .unwrap()
            .contains("design and execute a U.S. investor outreach program")
    );
}

#[test]
fn the_agreements_recital_beats_a_political_answer_only() {
    // 340: only the political question was answered; the attached agreement states its
    // services only in a WHEREAS recital.
    let text = format!(
        "{}\nCONSULTANCY AGREEMENT\n\nRECITALS\n\nWHEREAS, the Authority desires to retain the \
         Consultant to provide\nstrategic communications and reputation management services in \
         the United States; and\n\nNOW, THEREFORE, the parties agree as follows:\n\n1. \
         Engagement. The Authority hereby engages the Consultant, and the Consultant accepts \
         such engagement, on the terms of this Agreement.\n",
        form(
            "See attached agreement.",
            "See attached agreement.",
            "Registrant may contact U.S. government officials concerning the Authority's \
             investments. See attached agreement.",
        )
    );
    assert!(
        scope_text(&text)
            .unwrap()
            .contains("strategic communications and reputation management services")
    );
}

#[test]
fn the_nature_answers_summary_is_read_with_the_activities() {
    // 341, 344, 351, 353, 359, 360, 364: the nature and method of performance sums the work
    // up ("will provide ... services"), the activities answer details it; the labels took the
    // summary, the extractor the details.
    let text = form(
        "The agreement is oral. On May 20, 2026, registrant and Mr. Orvel agreed by telephone \
         that registrant will provide media relations and reputation management services to \
         Mr. Orvel. Mr. Orvel will pay registrant $9,500 per month.",
        "Registrant will monitor U.S. media coverage of Mr. Orvel, respond to inquiries from \
         U.S. journalists and draft statements for his signature.",
        "N/A",
    );
    let scope = extract_agreement(&text).scope.unwrap();
    assert!(
        scope.text.starts_with(
            "On May 20, 2026, registrant and Mr. Orvel agreed by telephone that registrant \
             will provide media relations and reputation management services to Mr. Orvel."
        ),
        "{}",
        scope.text
    );
    assert!(
        scope
            .text
            .contains("Registrant will monitor U.S. media coverage")
    );
    assert!(!scope.text.contains("$9,500"));
    assert!(scope.evidence.snippet.contains(" … "));
}

#[test]
fn the_old_forms_oral_agreement_box_is_an_answer() {
    // 355: the old Exhibit B's box 3 asks for "a complete description below of the terms and
    // conditions of the oral agreement"; the nature answer only tells the method.
    let text = "3. [X] The agreement or understanding between the registrant and the foreign \
                principal is the result of neither a formal written contract nor an exchange of \
                correspondence between the parties. If this box is checked, give a complete \
                description below of the terms and conditions of the oral agreement or \
                understanding, its duration, the fees and expenses, if any, to be received.\n\n\
                On March 2, 2009, Registrant agreed orally to represent Mr. Dallin before U.S. \
                government agencies in connection with his visa. There is no fixed duration.\n\n\
                4. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n\n     Registrant will prepare written submissions \
                and request meetings.\n\n5. Describe fully the activities the registrant \
                engages in or proposes to engage in on behalf of the above foreign principal.\n\n\
                See response to Items 3 and 4.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("represent Mr. Dallin before U.S. government agencies")
    );
}

#[test]
fn a_documents_title_under_its_heading_gives_way_to_its_scope_section() {
    // 361: "TERMS OF REFERENCE" over the subtitle, then "3. SCOPE OF WORK".
    let text = "TERMS OF REFERENCE\n\n  Strategic Communications Support in the United States\n\n\
                1.  BACKGROUND\n\n    The Government is implementing reforms.\n\n3.  SCOPE OF \
                WORK\n\n    3.1  The Consultant will provide strategic communications counsel to \
                the Office of the President.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("provide strategic communications counsel")
    );
}

#[test]
fn items_left_blank_do_not_answer_with_the_next_items_check_boxes() {
    // 363: items 15 and 16 blank; item 17's "Yes o No x" was read as the answer.
    let text = form("", "", "");
    assert_eq!(scope_text(&text), None);
}

#[test]
fn an_agreement_made_by_emails_is_how_it_was_made_not_the_work() {
    // 348: "agreed by an exchange of emails ..., copies of which are attached"; the emails
    // say the work.
    let text = format!(
        "{}\nSubject: Proposal\n\nDear Anders,\n\nServices: We would represent Kelholt before \
         the U.S. Maritime Administration in connection with the detention of its vessel.\n\n\
         Fee: GBP 8,500 per month.\n",
        form(
            "The registrant and the foreign principal agreed by an exchange of emails dated \
             January 21 and January 23, 2026, copies of which are attached.",
            "See attached email exchange.",
            "N/A",
        )
    );
    assert!(
        scope_text(&text)
            .unwrap()
            .contains("represent Kelholt before the U.S. Maritime Administration")
    );
}

#[test]
fn the_forms_60_day_period_is_not_the_term() {
    // 342-364: item 18's "during the 60-day period prior to the obligation to register" was
    // read as a two-month term.
    let text = "18. Set forth below in the required detail the registrant's activities on behalf \
                of the foreign principal during the 60-day period prior to the obligation to \
                register, if any.\n    None.\n\nThis letter confirms the terms of our engagement, \
                effective as of November 1, 2025. This engagement will continue until terminated \
                by either party upon written notice to the other.\n";
    let term = extract_agreement(text).term.unwrap();
    assert_eq!(term.months, None);
    assert!(term.until_terminated);
}

// Batches 365-388, scored before any change for them: scope 9/11 (365-376) and 7/10
// (377-388) of the texts that state one.

#[test]
fn a_reference_answer_naming_a_section_reads_that_section() {
    // 365: "Please refer to the attached Consultancy Agreement, Sections 2 and 3", with only the
    // political question answered in prose; section 3 is a deliverables table.
    let text = format!(
        "{}\nCONSULTANCY AGREEMENT\n\n1. DEFINITIONS\n1.1 \"Deliverables\" means the work \
         products listed in Section 3.\n\n2. OBJECTIVES\n2.1 The Consultant will raise the \
         profile of Morvania among U.S. tour operators and travel media.\n\n3. DELIVERABLES\n\
         3.1 The Consultant shall deliver to the Client: a market entry plan.\n",
        form(
            "See attached Consultancy Agreement.",
            "Please refer to the attached Consultancy Agreement, Sections 2 and 3 (Objectives \
             and Deliverables).",
            "The Registrant may contact U.S. media and travel trade press regarding tourism.",
        )
    );
    assert!(
        scope_text(&text)
            .unwrap()
            .contains("raise the profile of Morvania among U.S. tour operators")
    );
}

#[test]
fn the_registrants_own_fara_filings_are_not_its_work() {
    // 372: a fee letter whose only "will" sentence is about FARA filings.
    let text = format!(
        "{}\nDear Director,\n\nOur fee will be USD 20,000 per month. The Firm will make any \
         filings that may be required under the Foreign Agents Registration Act in connection \
         with this arrangement.\n",
        form(
            "To be determined.",
            "To be determined.",
            "To be determined."
        )
    );
    assert_eq!(scope_text(&text), None);
}

#[test]
fn an_amendment_that_expands_or_continues_the_services_is_a_summary() {
    // 377: "expands the services to include ..."; 386: "will continue to represent ...".
    let expands = form(
        "This Amended Exhibit AB is filed to report Amendment No. 1. Amendment No. 1 renews the \
         engagement and expands the services to include U.S. media relations and travel trade \
         outreach.",
        "Under the Agreement as amended, Registrant will: 1. Develop a U.S. market strategy; 2. \
         Engage U.S. travel trade associations.",
        "N/A",
    );
    assert!(
        scope_text(&expands)
            .unwrap()
            .contains("U.S. media relations and travel trade outreach")
    );
    let continues = form(
        "Under the Renewal Agreement Registrant will continue to\nrepresent the Federation's trade \
         interests before the U.S. Government.",
        "Under the Renewal Agreement Registrant will: (a) monitor U.S. trade legislation; (b) \
         advocate before the Office of the U.S. Trade Representative.",
        "N/A",
    );
    assert!(
        scope_text(&continues)
            .unwrap()
            .contains("represent the Federation's trade interests")
    );
}

// Batches 389-412, scored on the code with every rule above: scope 10/11 and 9/11 of the
// texts that state one.

#[test]
fn a_pointer_then_a_summary_and_a_named_article_without_a_verb() {
    // 403: "See attached. In summary, Registrant will provide ...".
    let summary = form(
        "See attached. In summary, Registrant will provide strategic communications support to \
         the Company, for an initial period of six months.",
        "See attached.",
        "N/A",
    );
    assert!(
        scope_text(&summary)
            .unwrap()
            .contains("provide strategic communications support")
    );
    // 394, 405: "Registrant is a subcontractor to ... Please refer to the attached Subcontract
    // Agreement, Article 2", where the article's text has no verb of work the extractor knows
    // and points on to an annex; a footnote numbered 2 before it is not the article.
    let article = format!(
        "{}\n2 \"Government of a foreign country,\" as defined in Section 1(e) of the Act, \
         includes any person.\n\nARTICLE 2 - PURPOSE\n\n2.1 The Grant shall be used by the \
         Grantee to carry out a research and dialogue programme on maritime security, as \
         further described in Annex A.\n\nANNEX A\nWorkstream 1 - Research papers.\n",
        form(
            "Registrant is a subcontractor to Harlow Prime Ltd. Please refer to the attached \
             Subcontract Agreement, Article 2.",
            "See attached.",
            "See attached.",
        )
    );
    assert!(
        scope_text(&article)
            .unwrap()
            .contains("carry out a research and dialogue programme on maritime security")
    );
}

#[test]
fn the_forms_footnote_under_a_blank_answer_is_not_the_scope() {
    // 406: item 17, the page's last, left blank; the form's footnote defining "political
    // activity" under it was read as the answer.
    let text = "15. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n    N/A. The agreement was terminated.\n\n16. Describe \
                fully the activities the registrant engages in or proposes to engage in on \
                behalf of the above foreign principal.\n    N/A\n\n17. Will the activities on \
                behalf of the above foreign principal include political activities?   Yes [ ]   \
                No [x]\n\n    If yes, describe all such political activities indicating, among \
                other things, the relations, interests or policies to be influenced together \
                with the means to be employed to achieve this purpose.\n\n\n\n2 \"Political \
                activity,\" as defined in Section 1(o) of the Act, means any activity which the \
                person engaging in believes\nwill, or that the person intends to, in any way \
                influence any agency or official of the Government of the United States.\n";
    assert_eq!(scope_text(text), None);
}

// Batch 413-424, scored on the code with every rule above: scope 10/11.

#[test]
fn a_question_scanned_with_ones_for_ells_is_still_the_question() {
    // 417: "15. Describe fu11y the nature ..." over "Registrant wi1l provide politica1
    // consulting ...": the question was not found, and the attachment was read instead.
    let text = "15. Describe fu11y the nature and method of performance of the above indicated \
                agreernent or understanding.\n    Registrant wi1l provide politica1 consulting \
                and rnedia outreach services to the CRU.\n\n16. Describe fu11y the activities \
                the registrant engages in or proposes to engage in on behalf of the above \
                foreign principal.\n    See attached.\n\nAGREEMENT\n\n2. Services. Consultant \
                shall provide strategic communications advice to CRU.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("provide political consulting and media outreach services")
    );
    // 343, once such questions were found: "Plea5e refer to the attached agreement, Seclion 2"
    // points elsewhere however OCR spells "Please".
    let pointer = format!(
        "{}
AGREEMENT

2. SCOPE OF SERVICES
2.1 The Consultant shall advise the Company on \
         U.S. energy policy.
",
        form(
            "Plea5e refer to the attached agreement, Seclion 2.",
            "Plea5e refer to the attached agreement, Seclion 2.",
            "N/A",
        )
    );
    assert!(
        scope_text(&pointer)
            .unwrap()
            .contains("advise the Company on U.S. energy policy")
    );
}

#[test]
fn the_acts_sections_in_an_answer_are_not_the_attachments() {
    // 247, 251 (fixtures/agreements): "... as defined in Section 1(o) of the Act" in the next
    // question, and "clauses 2 and 3", where clause 2 only engages and clause 3 is the fees.
    let text = format!(
        "{}\nCONSULTANCY AGREEMENT\n\n1. Appointment\nThe Company appoints the Consultant.\n\n2. \
         TERM OF ENGAGEMENT\n\n2.1 The Company shall engage the Consultant and the Consultant \
         shall provide the Services on the terms of this agreement.\n\n3. FEES AND EXPENSES\n\n\
         3.1 The Company shall pay the Consultant a fee of GBP 12,500 per calendar month, \
         payable monthly in arrears.\n\nSCHEDULE 1 - SERVICES\n\n1. Monitoring and reporting on \
         US legislative developments.\n",
        form(
            "See Exhibit 1, in particular clauses 2 and 3 and Schedule 1.",
            "Same as above.",
            "As described in Exhibit 1, Schedule 1.",
        )
    );
    assert!(
        scope_text(&text)
            .unwrap()
            .contains("Monitoring and reporting on US legislative developments")
    );
}

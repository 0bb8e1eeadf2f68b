//! The rules added for what the held-out batches (101-244) missed, one test per miss, each
//! written when its batch was scored.

use super::*;

// The structural scope rules, each from an unseen batch that missed it (101-157).

fn scope_text(text: &str) -> Option<String> {
    extract_agreement(text).scope.map(|s| s.text)
}

#[test]
fn a_form_answer_that_points_elsewhere_passes_to_the_next_question() {
    let text = "13. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\nSee attached agreement.\n\n14. Describe fully the \
                activities the registrant engages in or proposes to engage in on behalf of the \
                above foreign principal.\nRegistrant will conduct outreach to U.S. investors.\n";
    assert_eq!(
        scope_text(text).as_deref(),
        Some("Registrant will conduct outreach to U.S. investors.")
    );
    let political = "13. Describe fully the nature and method of performance of the above \
                     indicated agreement or understanding.\nOral agreement. See item 15.\n15. If \
                     yes, describe all such political activities indicating the means to be \
                     employed to achieve this purpose.\nThe registrant will meet with Members of \
                     Congress.\n";
    assert!(
        scope_text(political)
            .unwrap()
            .starts_with("The registrant will meet")
    );
}

#[test]
fn a_scope_that_points_to_a_schedule_is_read_from_the_schedule() {
    let text = "1. APPOINTMENT\nThe Authority appoints the Consultant to perform the Services \
                described in Schedule 1.\n\n2. FEES\nUSD 14,000 a month.\n\nSCHEDULE 1 - THE \
                SERVICES\n\n1. Advising the Authority on U.S. port security rules.\n2. \
                Facilitating meetings with U.S. Customs.\n";
    let got = scope_text(text).unwrap();
    assert!(got.starts_with("1. Advising the Authority"), "{got}");
    assert!(got.contains("2. Facilitating meetings"), "{got}");
}

#[test]
fn headings_in_attachments_lists_and_table_columns() {
    let annex = "The Contractor shall perform the work set out in Annex A.\n\nANNEX A - STATEMENT \
                 OF WORK\n\nThe Contractor shall produce a documentary series.\n";
    assert_eq!(
        scope_text(annex).as_deref(),
        Some("The Contractor shall produce a documentary series.")
    );
    let bullets = "2. RESPONSIBILITIES OF THE AGENCY\n\n   - Media relations in the United States;\n   \
                   - Social media content.\n\n3. FEES. USD 11,500 per month.\n";
    let got = scope_text(bullets).unwrap();
    assert!(
        got.contains("Media relations") && got.contains("Social media"),
        "{got}"
    );
    let column = "Description of Services                  Fee\n\
                  --------------------------------------   ---------\n\
                  Government relations: advocacy with      $9,000 per month\n\
                  USDA on the sugar quota\n";
    assert_eq!(
        scope_text(column).as_deref(),
        Some("Government relations: advocacy with USDA on the sugar quota")
    );
    // A heading over the parties' labels is a title, not the section.
    let title = "TERMS OF REFERENCE\n\nClient:   Office of the President\nAdviser:  Wynstan \
                 Partners Ltd\n\n2. Terms of Reference\nThe Adviser will brief U.S. think tanks \
                 on the reforms.\n";
    assert!(
        scope_text(title)
            .unwrap()
            .starts_with("The Adviser will brief")
    );
}

#[test]
fn sentences_in_the_third_person_progressive_and_contracted() {
    for (text, want) in [
        (
            "Thornfield Associates assists the Ministry in seeking access for its fruit.",
            "assists the Ministry in seeking access",
        ),
        (
            "Registrant Halloran Reach LLC is providing media relations services to the Ministry.",
            "is providing media relations services",
        ),
        (
            "Confirming per our call: we'll handle U.S. media outreach for the Board's campaign.",
            "handle U.S. media outreach",
        ),
        (
            "Our engagement is to advise the Fund on the review of its acquisitions.",
            "advise the Fund on the review",
        ),
    ] {
        let got = scope_text(text).unwrap_or_else(|| panic!("no scope in {text:?}"));
        assert!(got.contains(want), "{got:?} lacks {want:?}");
    }
    // A document, a duration or a letter's preamble is not the work.
    assert_eq!(
        scope_text("The agreement provides for a fee of $10,000 per month for one year."),
        None
    );
    assert_eq!(
        scope_text("TIMING\nThe program will run for nine months starting February 1."),
        None
    );
    assert_eq!(scope_text("We are writing to confirm the terms."), None);
}

#[test]
fn clients_by_structure() {
    let client = |t: &str| extract_agreement(t).client.map(|c| c.name);
    // The signer is the registrant, so the party it works for is the client.
    assert_eq!(
        client(
            "Fairhaven Bridge Group (\"FBG\") will work for the National Film Centre of \
             Drovania.\n\nYours sincerely,\nFairhaven Bridge Group\n"
        ),
        s("National Film Centre of Drovania")
    );
    // A defined short name resolves to its definition.
    assert_eq!(
        client(
            "between the Sovereign Investment Authority of Caltrea (\"SIAC\") and Orchard Pike \
             LLC (\"Adviser\").\n2. Engagement. SIAC engages the Adviser to provide advice."
        ),
        s("Sovereign Investment Authority of Caltrea")
    );
    // A title page's parties; a firm without a legal suffix.
    assert_eq!(
        client("Belmarra Sugar Producers Association\nand\nFenwright Public Affairs\n"),
        s("Belmarra Sugar Producers Association")
    );
    // A recital's WHEREAS and a list number are not part of the name.
    assert_eq!(
        client("WHEREAS, the Government of Nivara (the \"Government\") desires to retain us"),
        s("Government of Nivara")
    );
    assert_eq!(
        client("BETWEEN:\n(1) LUNARIA PORTS AUTHORITY, of Port Selene (the \"Authority\"); and"),
        s("LUNARIA PORTS AUTHORITY")
    );
    // A name stops at a sentence end.
    assert_eq!(
        client("We confirm our engagement by the Central Bank of Doravia. We will advise it."),
        s("Central Bank of Doravia")
    );
}

// Misses of the unseen batch 166-185, each fixed by a structural rule.

#[test]
fn a_scope_heading_beats_an_engagement_clause_before_it() {
    // 173: "1. ENGAGEMENT" says the Chamber engages the Consultant; "2. SCOPE OF SERVICES" says
    // what the Consultant does.
    let text = "1.  ENGAGEMENT\n    The Club hereby engages Consultant, and Consultant agrees, to provide \
                advisory services to the Club on the terms of this Agreement.\n\n2.  SCOPE OF \
                SERVICES\n    Consultant's services shall include:\n      •  advising the Club on \
                U.S. zoning law;\n      •  drafting comment letters.\n\n3.  COMPENSATION\n";
    let got = scope_text(text).unwrap();
    assert!(
        got.contains("advising the Club on U.S. zoning law"),
        "{got}"
    );
}

#[test]
fn a_project_description_heading_heads_the_scope() {
    // 179: a statement of work's "1. PROJECT DESCRIPTION" comes before its "2. DELIVERABLES".
    let text = "1. PROJECT DESCRIPTION\nContractor will build a website about the Fund's \
                projects.\n\n2. DELIVERABLES\n   2.1 Site map.\n   2.2 Monthly reports.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("build a website about the Fund"), "{got}");
}

#[test]
fn the_agreements_own_lead_in_is_not_a_list_of_services() {
    // 181: "NOW THIS AGREEMENT WITNESSETH as follows:" leads into the whole contract.
    let text = "NOW THIS AGREEMENT WITNESSETH as follows:\n\n1. The Board appoints the Agency as \
                its representative for a term of two (2) years.\n\n2. The Agency shall:\n   (a) develop a marketing plan for \
                the Board;\n   (b) answer media inquiries.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("develop a marketing plan"), "{got}");
    let text = "NOW, THEREFORE, the parties agree as follows:\n\n1. This Agreement has a term of \
                one year.\n\n2. The Adviser shall prepare briefing papers on U.S. trade policy for \
                the Council.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("prepare briefing papers"), "{got}");
}

#[test]
fn working_for_the_client_is_the_relationship_not_the_work() {
    // 182: "the terms on which Firm LLC will work for you" names whom, not what.
    let text = "This email confirms the terms on which Quill Rock LLC will work for you, Ana \
                Petrova, former Minister of Culture.\n\nQuill Rock will advise you on outreach \
                to U.S. universities.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("advise you on outreach"), "{got}");
}

fn client_name(t: &str) -> Option<String> {
    extract_agreement(t).client.map(|c| c.name)
}

#[test]
fn a_subcontract_names_the_foreign_principal_in_its_recitals() {
    let client = client_name;
    // 169: a subcontract between two firms names the foreign principal in its recitals.
    assert_eq!(
        client(
            "This Agreement is entered into by and between Arc Partners LLC, a Delaware limited \
             liability company (\"Prime Contractor\"), and Tollgate Advocacy Group, Inc., a \
             Virginia corporation (\"Subcontractor\").\n\nA. Prime Contractor is party to a \
             consulting agreement (the \"Prime Agreement\") with the Embassy of the Kingdom of \
             Arvel in Washington, D.C. (the \"Foreign\nPrincipal\")."
        ),
        s("Embassy of the Kingdom of Arvel")
    );
}

#[test]
fn two_clients_defined_together_give_the_first() {
    let client = client_name;
    // 175: two clients defined together; the first is the client.
    assert_eq!(
        client(
            "Firm LLC (\"Firm\") will provide services to the Ministry of Finance of the \
             Republic of Ostra and the National Bank of Ostra (each a \"Client\" and together \
             the \"Clients\")."
        ),
        s("Ministry of Finance of the Republic of Ostra")
    );
}

#[test]
fn a_hereinafter_called_role_after_a_descriptive_clause() {
    let client = client_name;
    // 181: "(hereinafter called "the Board")" after a descriptive clause.
    assert_eq!(
        client(
            "BETWEEN\n\nTHE ISLE OF MORRA TOURISM BOARD, a statutory body established under the \
             Tourism Act of\nMorra (hereinafter called \"the Board\")\n\nAND\n\nSUNRISE \
             MARKETING, INC. (hereinafter called \"the Agency\")\n\n1. The Board appoints the \
             Agency."
        ),
        s("ISLE OF MORRA TOURISM BOARD")
    );
}

#[test]
fn the_client_in_apposition_to_you() {
    let client = client_name;
    // 182: "work for you, NAME," names the client in apposition.
    assert_eq!(
        client(
            "This email confirms the terms on which Quill Rock LLC will work for you, Ana \
             Petrova, former Minister of Culture."
        ),
        s("Ana Petrova")
    );
}

#[test]
fn a_cover_letter_names_the_relationship() {
    let client = client_name;
    // 185: a cover letter names the client by the relationship it files for.
    assert_eq!(
        client(
            "On behalf of Granby Associates, enclosed please find the Exhibit AB for our \
             relationship with the Embassy of the Republic of Pellar. The written agreement \
             with the Embassy has not yet been executed."
        ),
        s("Embassy of the Republic of Pellar")
    );
}

#[test]
fn an_amount_in_words_between_the_fee_and_its_period() {
    // 174, 184: "EUR 9,500 (nine thousand five hundred euros) per month".
    assert_eq!(
        fee(
            "The Principal shall pay the Agent a fee of EUR 9,500 (nine thousand five hundred \
             euros) per month."
        ),
        (9_500.0, "EUR".to_string(), FeePeriod::Month)
    );
    assert_eq!(
        fee("The Client shall pay ALMP $40,000 (forty thousand dollars)\nper month."),
        (40_000.0, "USD".to_string(), FeePeriod::Month)
    );
}

// Misses of the unseen batch 186-200, each fixed by a structural rule.

#[test]
fn a_background_section_describes_the_client_not_the_work() {
    // 188: a proposal's BACKGROUND says what the client does.
    let text = "BACKGROUND\nThe Orlan Wine Council (OWC) represents the growers of Orlan.\n\n\
                OUR APPROACH\nHarbor Light will run a media program for U.S. wine buyers.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("run a media program"), "{got}");
    // 194: a subcontract's "Background:" states the prime's engagement.
    let text = "Background: Redwater has been engaged by the Government of Lusen to provide \
                strategic communications services.\n\n1. Work. Sable Point will provide media \
                monitoring to Redwater.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("provide media monitoring"), "{got}");
}

#[test]
fn a_purpose_heading_that_states_the_clients_aim_is_not_the_scope() {
    // 189: "ARTICLE II - PURPOSE" says what the client wishes; Article III what the firm does.
    let text = "ARTICLE II - PURPOSE\nKRDC wishes to strengthen ties between the region and the \
                United States.\n\nARTICLE III - OBLIGATIONS OF WPG\n3.1 WPG shall advise KRDC on \
                U.S. policy toward the region.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("advise KRDC on U.S. policy"), "{got}");
}

#[test]
fn an_appointment_to_provide_the_defined_services_describes_nothing() {
    // 197: "appoints the Consultant to provide the Services" points to the clause that says
    // what they are.
    let text = "2. APPOINTMENT\n2.1 The Authority appoints the Consultant to provide the \
                Services, and the Consultant accepts the appointment.\n\n3. THE CONSULTANT'S \
                OBLIGATIONS\n3.1 The Consultant shall promote the Authority's programme to U.S. \
                pension funds.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("promote the Authority's programme"), "{got}");
}

#[test]
fn the_description_column_of_a_services_table() {
    // 198: "Service   Description   Monthly Fee" over rows that wrap.
    let text = "Service             Description                          Monthly Fee\n\
                ------------------------------------------------------------------\n\
                Trade representation Sales calls on U.S. tour operators   US$6,000\n\
                \x20                    and travel agencies\n\
                Public relations    Press releases and media visits      US$4,500\n\n\
                The fees above apply from May 1, 2025.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("Press releases and media visits"), "{got}");
}

#[test]
fn a_proposal_lead_in_to_a_list_of_services() {
    // 199: "We'd propose to:" and a list; "we will get started" is not the work.
    let text = "Thank you for meeting us.\nWe'd propose to:\n\n - set up meetings with scholars \
                in Washington;\n - prepare you for interviews.\n\nIf you agree, please reply and \
                we will get started.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("set up meetings with scholars"), "{got}");
}

#[test]
fn a_partys_representative_is_not_the_party() {
    // 190: "X, represented by the Minister, Mrs. Y, hereinafter referred to as "the Ministry"".
    assert_eq!(
        client_name(
            "BETWEEN THE UNDERSIGNED:\n\nThe Ministry of Commerce of the Republic of Kemb, \
             represented by the Minister,\nMrs. Awa Senne, hereinafter referred to as \"the \
             Ministry\",\n\non the one hand,"
        ),
        s("Ministry of Commerce of the Republic of Kemb")
    );
}

#[test]
fn terms_as_contracts_amendments_and_statements_of_work_state_them() {
    // Months between dates count days too (11.99); whole months are enough here.
    let term = |t: &str| {
        let (a, b, m, u) = term(t);
        (a, b, m.map(f64::round), u)
    };
    // 174: "enters into force on".
    assert_eq!(
        term(
            "This Agreement enters into force on 1 September 2024 and remains in force for an \
              indefinite period."
        ),
        (s("2024-09-01"), None, None, true)
    );
    // 177: "continues until so terminated".
    assert_eq!(
        term(
            "This agreement may be terminated by either party on thirty days' written notice \
              and otherwise continues until so terminated."
        ),
        (None, None, None, true)
    );
    // 180: "may end this engagement at any time".
    assert_eq!(
        term(
            "Either the Company or the Firm may end this engagement at any time by written \
              notice."
        ),
        (None, None, None, true)
    );
    // 169: "commence on the Effective Date", defined earlier.
    assert_eq!(
        term(
            "This Agreement is entered into as of September 15, 2023 (the \"Effective Date\").\n\
              3. TERM. This Agreement shall commence on the Effective Date and shall remain in \
              effect until September 14, 2024."
        ),
        (s("2023-09-15"), s("2024-09-14"), Some(12.0), false)
    );
    // 179: a statement of work's date labels.
    assert_eq!(
        term("SOW Effective Date: October 1, 2024\nSOW End Date: March 31, 2025\n"),
        (s("2024-10-01"), s("2025-03-31"), Some(6.0), false)
    );
    // 195: an amendment's new end beats the end it replaces.
    assert_eq!(
        term(
            "1. The term of the Agreement, which was to expire on January 31, 2025, is extended \
              to July 31, 2025."
        ),
        (None, s("2025-07-31"), None, false)
    );
    // 194, 211: "This Subcontract ends on", "between A and B".
    assert_eq!(
        term("Effective Date: April 1, 2025\n3. Term. This Subcontract ends on March 31, 2026."),
        (s("2025-04-01"), s("2026-03-31"), Some(12.0), false)
    );
    assert_eq!(
        term("The Program will take place between April 1, 2025 and December 31, 2025."),
        (s("2025-04-01"), s("2025-12-31"), Some(9.0), false)
    );
}

// Misses of the unseen batch 201-212, each fixed by a structural rule.

#[test]
fn client_labels_with_item_numbers_and_contracting_authorities() {
    // 201: "Item 3.  Foreign Principal: X".
    assert_eq!(
        client_name(
            "Item 2.  Registration No.: 9971\nItem 3.  Foreign Principal: Ministry of Digital Affairs of Serev\n"
        ),
        s("Ministry of Digital Affairs of Serev")
    );
    // 205: "Contracting Authority: X" over "Consultant: Firm, Inc.".
    assert_eq!(
        client_name(
            "Contracting Authority: Central Electoral Commission of Ardav\nConsultant: Bramwell Civic Consulting, Inc.\n"
        ),
        s("Central Electoral Commission of Ardav")
    );
}

#[test]
fn a_person_and_his_company_together_give_the_person() {
    // 207: "engaged by Mr. Viktor Alm and Alm Holdings Ltd. (together, "you")".
    assert_eq!(
        client_name(
            "We are pleased to be engaged by Mr. Viktor Alm and Alm Holdings Ltd. (together, \
             \"you\") on the terms of this letter."
        ),
        s("Viktor Alm")
    );
}

#[test]
fn a_client_that_intends_to_retain_the_firm() {
    // 209: a letter of intent; its "To:" line names the firm.
    assert_eq!(
        client_name(
            "To: Sterling Moss Group, Inc.\nFrom: Office of the Governor\n\nThe Office of the \
             Governor of the Province of East Tav intends to retain Sterling Moss Group, Inc. to \
             serve as its adviser."
        ),
        s("Office of the Governor of the Province of East Tav")
    );
}

#[test]
fn first_and_second_party_lines() {
    // 210: "First Party: X, represented by ..." / "Second Party: Firm LLC".
    assert_eq!(
        client_name(
            "First Party: The General Authority for Media of the State of Qirv, represented by \
             its\nPresident.\n\nSecond Party: Westbrook Lane Media LLC, a company registered in \
             Virginia.\n"
        ),
        s("General Authority for Media of the State of Qirv")
    );
}

#[test]
fn a_party_whose_legal_suffix_follows_a_comma_is_a_firm() {
    // 211: "the Atlantic Horizon Institute, Inc., ... (the "Institute")" is the registrant.
    assert_eq!(
        client_name(
            "This Agreement is entered into by and between the Foundation for Civic Dialogue of \
             Mirel (the \"Foundation\") and the Atlantic Horizon Institute, Inc., a District of \
             Columbia nonprofit corporation (the \"Institute\")."
        ),
        s("Foundation for Civic Dialogue of Mirel")
    );
}

#[test]
fn a_letter_from_the_client_to_the_firm_names_the_client_in_its_letterhead() {
    // 212: the Embassy writes to the firm.
    assert_eq!(
        client_name(
            "EMBASSY OF THE REPUBLIC OF TALVEN\nWASHINGTON, D.C.\n\nFebruary 26, 2025\n\nMr. \
             Oliver Hastings\nPresident\nHastings Bridge Consulting LLC\nWashington, D.C.\n\n\
             Dear Mr. Hastings,\n\nPlease be informed that our point of contact changes.\n"
        ),
        s("EMBASSY OF THE REPUBLIC OF TALVEN")
    );
}

#[test]
fn engaged_for_the_purpose_of_and_services_described_above() {
    // 202: "has engaged Firm LLP as its special counsel for the purpose of seeking ...".
    let got = scope_text(
        "This letter will confirm that Nerev Shipping JSC (\"PNSC\") has engaged Ashby LLP as \
         its special counsel for the purpose of seeking the removal of PNSC from the SDN List.\n",
    )
    .unwrap();
    assert!(got.contains("seeking the removal of PNSC"), "{got}");
    // 204: "to provide the services described above" points back to the recital.
    let got = scope_text(
        "WHEREAS, Client desires to engage Fairway Advocates LLC (\"Consultant\") to provide \
         advocacy services before the United States Congress;\n\nNOW, THEREFORE, the parties \
         agree as follows:\n\n1. Engagement. Client hereby engages Consultant to provide the \
         services described above.\n",
    )
    .unwrap();
    assert!(
        got.contains("advocacy services before the United States Congress"),
        "{got}"
    );
}

// Misses of the unseen batch 213-224, each fixed by a structural rule.

#[test]
fn a_form_answered_in_a_column_beside_its_question() {
    // 213: "QUESTION      ANSWER" with both columns wrapped.
    let text = "QUESTION                                  ANSWER\n\
                10. Describe fully the nature and         The registrant will advise the Council on\n\
                method of performance of the above        its U.S. investor outreach and arrange\n\
                indicated agreement or understanding.     meetings with U.S. funds.\n\
                11. Describe fully the activities the     Same as Item 10.\n";
    let got = scope_text(text).unwrap();
    assert_eq!(
        got,
        "The registrant will advise the Council on its U.S. investor outreach and arrange \
         meetings with U.S. funds."
    );
}

#[test]
fn what_the_client_does_is_not_the_scope() {
    // 217: "The Chamber represents shipowners" (the client, in the third person); "The
    // Consultant's tasks shall be: (a) to monitor ...".
    let text = "1. This Memorandum is made between the Chamber of Shipping of Farr (the \
                \"Chamber\") and Bright Maritime Consultants, Inc. (the \"Consultant\").\n\n2. The \
                Chamber represents shipowners registered in Farr.\n\n3. The Consultant's tasks \
                shall be: (a) to monitor U.S. Coast Guard rulemakings; and (b) to brief the \
                Chamber monthly.\n";
    let got = scope_text(text).unwrap();
    assert!(
        got.contains("to monitor U.S. Coast Guard rulemakings"),
        "{got}"
    );
}

#[test]
fn until_completed_or_terminated() {
    // 214.
    assert_eq!(
        term("This engagement continues until completed or terminated by either party."),
        (None, None, None, true)
    );
}

#[test]
fn the_second_party_undertakes_is_the_registrant() {
    // 210 once the client as subject was skipped: "Second Party" is not the client.
    let got = scope_text(
        "Clause (2): The Second Party undertakes to provide the First Party with media \
         consultancy services in the United States.\n",
    )
    .unwrap();
    assert!(got.contains("media consultancy services"), "{got}");
}

// Misses of the unseen batch 225-234, each fixed by a structural rule.

#[test]
fn an_appendix_named_without_a_verb_is_followed() {
    // 227: "carry out the programme of work in Appendix 1".
    let text = "1. MQC shall carry out the programme of work in Appendix 1.\n2. TDA shall pay MQC \
                a fee of USD 13,750 per month.\n\nAPPENDIX 1: PROGRAMME OF WORK\n\n- Media \
                relations: position Selvar as a destination in U.S. travel media;\n- Social \
                media: run TDA's U.S. channels.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("position Selvar as a destination"), "{got}");
}

#[test]
fn services_defined_in_a_recital_are_the_scope() {
    // 228: the recital defines (the "Services"); the appointment names only the term.
    let text = "RECITALS\n\nA. The Client represents the steel industry of Varden.\n\nB. The \
                Client wishes to obtain advice on U.S. trade remedy proceedings (the \
                \"Services\").\n\nAGREEMENT\n\n1. Appointment. The Client appoints the Adviser \
                to provide the Services.\n";
    let got = scope_text(text).unwrap();
    assert!(
        got.contains("advice on U.S. trade remedy proceedings"),
        "{got}"
    );
}

#[test]
fn we_propose_a_program_leads_a_list() {
    // 229: "we propose a program with three components ...:" and numbered components.
    let text = "Following our discussions, we propose a program with three components for the \
                Council:\n\n1) Congressional education: meetings with Senate offices;\n2) \
                Coalition building with U.S. organizations.\n\nOur fee is $11,000 per month.\n";
    let got = scope_text(text).unwrap();
    assert!(
        got.contains("Congressional education: meetings with Senate offices"),
        "{got}"
    );
}

#[test]
fn clients_in_capitals_and_on_an_invoice() {
    // 230: a contract in capitals, "(HEREINAFTER "THE AUTHORITY")".
    assert_eq!(
        client_name(
            "THIS AGREEMENT IS MADE ON 3 MARCH 2025 BETWEEN THE NATIONAL PORTS AUTHORITY OF THE \
             REPUBLIC\nOF KORVAN (HEREINAFTER \"THE AUTHORITY\") AND HALBERD POINT CONSULTING LLC \
             (HEREINAFTER \"THE CONSULTANT\")."
        ),
        s("NATIONAL PORTS AUTHORITY OF THE REPUBLIC OF KORVAN")
    );
    // 234: an invoice's "Bill To:", the name on the next line.
    assert_eq!(
        client_name(
            "INVOICE\n\nBill To:\nEmbassy of the Republic of Lorvan\n3100 Cleveland Avenue NW\n"
        ),
        s("Embassy of the Republic of Lorvan")
    );
}

#[test]
fn an_invoices_description_column_is_not_a_scope() {
    // 234: "Description      Amount" over invoice lines.
    let text = "Description                                              Amount\n\
                Professional services, March 2025                        $25,000.00\n\
                Expenses (travel, per attached receipts)                 $1,240.55\n";
    assert_eq!(scope_text(text), None);
}

// Misses of the unseen batch 235-244, each fixed by a structural rule.

#[test]
fn an_answer_that_only_names_the_form_of_the_agreement_passes_to_the_next_question() {
    // 235: item 10 "Formal written contract. A copy is attached as Exhibit 1."; item 11 answers.
    let text = "10. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n    Formal written contract. A copy is attached as \
                Exhibit 1.\n\n11. Describe fully the activities the registrant engages in or \
                proposes to engage in on behalf of the above foreign principal.\n    The \
                registrant conducts outreach to Members of Congress on Varkon.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("outreach to Members of Congress"), "{got}");
}

#[test]
fn a_passive_lead_in_to_a_list() {
    // 239: "The following services will be provided by the Consultant:".
    let text = "Effective: 1 August 2024\n\nThe following services will be provided by the \
                Consultant:\n  * monitoring of the U.S. sugar program;\n  * monthly written \
                reports.\n\nThe Federation will pay the Consultant US$9,500 per month.\n";
    let got = scope_text(text).unwrap();
    assert!(
        got.contains("monitoring of the U.S. sugar program"),
        "{got}"
    );
}

#[test]
fn ocr_pipes_and_zeros_in_the_vocabulary() {
    // 240: "The C0nsultant wi|| promote ...".
    let text = "The C0nsultant wi|| promote the Kingdom as a trave| destination in the United \
                States.\n";
    let got = scope_text(text).unwrap();
    assert!(got.contains("destination in the United States"), "{got}");
}

#[test]
fn a_foreign_principal_name_label_and_automatic_renewal() {
    // 244.
    assert_eq!(
        client_name(
            "Registrant Name: Silverline LLC\nForeign Principal Name: Tarsan Chamber of Industry\n"
        ),
        s("Tarsan Chamber of Industry")
    );
    // 239: "renews automatically unless either party gives notice".
    assert_eq!(
        term(
            "The agreement runs for one year from 1 August 2024 and renews automatically \
              unless either party gives notice."
        ),
        (s("2024-08-01"), None, Some(12.0), true)
    );
}

// Batches 245-280 (Exhibit AB forms, letters, contracts), scored before any change for them:
// scope 3/10, 8/10 and 9/10 of the texts that state one.

#[test]
fn the_activities_answer_beats_a_nature_answer_about_how_the_agreement_was_made() {
    let text = "7. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\nThe Registrant and Orlavia Steel JSC reached an oral \
                understanding in Vienna. The Registrant will perform the services described in \
                Item 8 below.\n\n8. Describe fully the activities the registrant engages in or \
                proposes to engage in on behalf of the above foreign principal.\nThe Registrant \
                will advise Orlavia Steel on U.S. trade remedy proceedings.\n";
    assert_eq!(
        scope_text(text).as_deref(),
        Some("The Registrant will advise Orlavia Steel on U.S. trade remedy proceedings.")
    );
    // "Same as Item 7": the nature's answer is read, not the political one's.
    let same = "7. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\nRegistrant will advise the Ministry on U.S. export \
                rules.\n\n8. Describe fully the activities the registrant engages in or proposes \
                to engage in on behalf of the above foreign principal.\nSame as Item 7.\n\n9. If \
                yes, describe all such political activities indicating the means to be employed \
                to achieve this purpose.\nMeetings with Commerce officials.\n";
    assert!(
        scope_text(same)
            .unwrap()
            .starts_with("Registrant will advise the Ministry")
    );
}

#[test]
fn the_forms_own_question_is_never_the_scope() {
    let text = "7. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n\nSee attached.\n\n8. Describe fully the activities \
                the registrant engages in or proposes to engage in on behalf of the above \
                foreign principal.\n\nSee attached.\n\nSCHEDULE OF FEES\nPartner  $650 per \
                hour\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn an_answer_reporting_a_termination_is_not_the_scope() {
    let text = "7. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n   This amended Exhibit B is filed to report the \
                termination of the agreement. See attached correspondence.\n\n8. Describe fully \
                the activities the registrant engages in or proposes to engage in on behalf of \
                the above foreign principal.\n   None. See Item 7.\n";
    assert_eq!(scope_text(text), None);
    let letter = "Re:     Notice of Termination - Consulting Agreement\n\nDear Mr. Varn:\n\nBrackwater \
                  Policy LLC hereby gives notice that the Agreement will terminate effective April \
                  30, 2022. Through the termination date we will continue to respond to any \
                  requests, and we will transfer all files to your Brussels office.\n";
    assert_eq!(scope_text(letter), None);
}

#[test]
fn an_attachment_after_a_page_break_is_read_past_its_background() {
    let text = "8. Describe fully the activities the registrant engages in or proposes to engage \
                in on behalf of the above foreign principal.\nThe Registrant will carry out the \
                activities listed in Annex A to the attached Mandate Agreement.\n\nArt. 1 The \
                Agent accepts the mandate.\n\u{c}                 ANNEX A\n\n           TERMS OF \
                REFERENCE\n\nBackground\n\nThe Principal is a Geneva grain trader with operations \
                in the Black Sea region.\n\nServices\n\n1. Prepare a stakeholder map of U.S. \
                agencies.\n2. Arrange meetings with Treasury officials.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("1. Prepare a stakeholder map of U.S. agencies.")
    );
}

#[test]
fn services_left_to_be_agreed_state_no_scope() {
    let text = "2. ENGAGEMENT\n\n2.1 The Client hereby engages the Consultant as an independent \
                consultant, on the terms of this Agreement.\n\n2.2 The Consultant shall be \
                responsible for his own taxes and insurance.\n\n3. SERVICES\n\n3.1 The Consultant \
                shall provide the Client with such consultancy services as may be agreed between \
                the Parties from time to time.\n\n3.2 The Consultant shall report to the \
                Secretary-General of the Council.\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn how_we_would_work_together_is_not_the_work() {
    let text = "Dear Dr. Varo,\n\nAs promised, I am writing to summarize how we would work \
                together, so that you have everything in one place.\n\nTallbrook Advocacy would \
                help you raise awareness in Washington of the detention of opposition figures.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("Tallbrook Advocacy would help you raise awareness")
    );
}

#[test]
fn a_proposals_approach_section_is_its_scope() {
    let text = "OUR APPROACH\n\nWe propose a phased program of government relations and \
                strategic communications designed to establish Quellia as a credible partner.\n\n\
                DELIVERABLES\n\nMonthly reports.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("phased program of government relations")
    );
}

#[test]
fn a_deliverables_table_is_read_cell_by_cell() {
    let text = [
        "DELIVERABLES",
        "",
        "-----------------------------------------------------------",
        " Workstream          Activities                       Timing",
        "-----------------------------------------------------------",
        " Landscape audit     Stakeholder mapping; review of   Weeks 1-3",
        "                     pending bills",
        "-----------------------------------------------------------",
    ]
    .join("\n");
    let text = text.as_str();
    assert_eq!(
        scope_text(text).as_deref(),
        Some("Landscape audit: Stakeholder mapping; review of pending bills — Weeks 1-3.")
    );
}

#[test]
fn a_bilingual_contract_is_read_in_its_english_column() {
    let mut text = String::from(
        "CLÁUSULA PRIMEIRA – OBJETO                        CLAUSE ONE – SUBJECT MATTER\n\n\
         1.1. O presente Contrato tem por objeto a         1.1. The subject matter of this Contract is\n\
         prestação, pela CONSULTORA, de serviços de        the provision by the CONSULTANT of advisory\n\
         assessoria em relações governamentais e           services in government relations and\n\
         comunicação estratégica nos Estados Unidos.       strategic communication in the United States.\n\n",
    );
    for _ in 0..3 {
        text.push_str(
            "2.1. O presente Contrato vigora por um ano e     2.1. This Contract shall be in force for one\n\
             pode ser renovado por acordo das Partes.          year and may be renewed by the Parties.\n\n",
        );
    }
    let scope = scope_text(&text).unwrap();
    assert!(
        scope.contains("strategic communication in the United States"),
        "{scope}"
    );
    assert!(!scope.contains("prestação"), "{scope}");
}

// Batches 281-304 (Exhibit AB forms; agreements behind "See attached"), scored before any
// change for them: scope 9/10 and 5/10 of the texts that state one.

#[test]
fn the_questions_further_sentences_are_not_its_answer() {
    let text = "If yes, describe all such political activities indicating, among other things, \
                the relations, interests or policies to be influenced together with\nthe means \
                to be employed to achieve this purpose. If the registrant arranges, directs, or \
                participates in the preparation or dissemination of\ninformational materials, \
                identify such materials and their intended recipients.\nSee attached.\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn a_forms_field_label_is_not_a_sentence_of_work() {
    let text = "8. If the foreign principal is a foreign government, state:\n   a) Branch or \
                agency represented by the registrant                      N/A\n   b) Name and \
                title of official with whom registrant engages             N/A\n\nWe will \
                render invoices monthly in arrears.\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn services_in_statements_of_work_are_read_from_the_first_one_past_its_preamble() {
    let text = "1. SERVICES\n\n1.1 Agency shall perform the services described in one or more \
                statements of work executed by the parties (each, a \"SOW\").\n\n2. FEES\n\nAs \
                set out in each SOW.\n\n\u{c}                STATEMENT OF WORK NO. 1\n\nThis \
                Statement of Work No. 1 is entered into pursuant to, and is governed by, the \
                Master Services Agreement dated May 1, 2022.\n\nAgency will develop and execute \
                a strategic communications program for the Bank in the United States.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("Agency will develop and execute a strategic communications program")
    );
}

#[test]
fn a_heading_section_that_points_elsewhere_passes_to_the_attachment() {
    let text = "7. Nature and method of performance of the agreement: See attached agreement, \
                Schedule 1.\n8. Activities: See attached agreement, Schedule 1.\n\n1.1 The Client \
                appoints the Consultant to provide the services set out in Schedule 1.\n\n\
                SCHEDULE 1 — THE SERVICES\n\nIdentify and profile U.S. and UK institutional \
                investors for the Agency.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("Identify and profile U.S. and UK institutional investors")
    );
}

#[test]
fn a_section_of_paperwork_under_a_duties_heading_is_passed_over() {
    let text = "ARTICLE 2\nOBJECT OF CONTRACT\n\n2.1 The Contractor shall provide government \
                relations and advocacy services to the Government.\n\nARTICLE 5\nOBLIGATIONS OF \
                THE CONTRACTOR\n\n5.1 The Contractor shall register with the U.S. Department \
                of Justice.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("provide government relations and advocacy")
    );
    let only_paperwork = "OBLIGATIONS OF THE CONTRACTOR\n\n5.1 The Contractor shall register with \
                          the U.S. Department of Justice and shall comply with the Act.\n\n\
                          SERVICES OF THE SERVICE PROVIDER\n\nThe Service Provider undertakes to \
                          design an institutional communication plan.\n";
    assert!(
        scope_text(only_paperwork)
            .unwrap()
            .contains("design an institutional communication plan")
    );
}

#[test]
fn services_left_to_task_orders_state_no_scope() {
    let text = "1. SERVICES\n\n1.1. The Consultant shall render to the Bank consulting services \
                (the \"Services\"), the specific content, volume and timing of which shall be \
                agreed by the Parties from time to time in written task orders.\n\n1.2. The \
                Consultant shall keep the Bank informed.\n";
    assert_eq!(scope_text(text), None);
}

// Batches 305-328 (whole Exhibit AB filings of the current form; varied agreements), scored
// before any change for them: scope 5/10 and 7/10 of the texts that state one.

#[test]
fn the_current_forms_response_must_include_sentence_is_not_an_answer() {
    let text = "If yes, describe all such political activities indicating, among other things, \
                the relations, interests or policies to be influenced together with the means to \
                be employed to achieve this purpose. The response must include, but not be \
                limited to, activities involving lobbying, promotion, perception management, \
                public relations, economic development, and preparation and dissemination of \
                informational materials.\n      See attached.\n";
    assert_eq!(scope_text(text), None);
    let elided = "If yes, describe all such political activities indicating the means to be \
                  employed to achieve this purpose. ...\n    Please refer to Appendix 1 to the \
                  attached agreement.\n";
    assert_eq!(scope_text(elided), None);
}

#[test]
fn an_answer_about_filing_or_how_the_agreement_was_reached_is_not_the_scope() {
    let text = "14. Describe fully the nature and method of performance of the above indicated \
                agreement or understanding.\n      The understanding was reached in a telephone \
                conversation. Registrant will invoice Dr. Varo monthly.\n\n16. Describe fully the \
                activities the registrant engages in or proposes to engage in on behalf of the \
                above foreign principal.\n      None to date.\n\n    If yes, describe all such \
                political activities indicating the means to be employed to achieve this \
                purpose.\n      Registrant is filing this registration out of an abundance of \
                caution.\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn a_principals_aim_is_not_the_registrants_work() {
    let text = "b) Aim, mission or objective of foreign political party The Ostrevian Renewal \
                Party is an opposition party that seeks to consolidate democratic reforms.\n\n\
                Over the coming months Halvard Strategies will help the Party strengthen its \
                relationships with policymakers.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("Over the coming months Halvard Strategies")
    );
}

#[test]
fn a_lead_in_to_the_following_workstreams_takes_the_table_under_it() {
    let text = [
        "ANNEX B - SCOPE OF WORK",
        "",
        "Larch will carry out the following workstreams. Priorities are fixed in the annual plan.",
        "",
        "---------------------------------------------------------------",
        " Workstream          Activities",
        "---------------------------------------------------------------",
        " Destination PR      Pitch Quellport as a destination to",
        "                     travel media",
        "---------------------------------------------------------------",
    ]
    .join("\n");
    let scope = scope_text(&text).unwrap();
    assert!(
        scope.contains("Destination PR: Pitch Quellport as a destination to travel media"),
        "{scope}"
    );
}

#[test]
fn what_the_client_will_do_is_not_the_work_but_the_firms_role_is() {
    let text = "The Association will designate a principal contact and will provide timely \
                information about its exports.\n\nThe Firm's role will be to advise the \
                Association on U.S. trade remedy proceedings.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .starts_with("The Firm's role will be to advise")
    );
}

#[test]
fn an_amendments_lead_in_and_no_change_answer_state_no_scope() {
    let text = "8. Describe fully the activities the registrant engages in or proposes to engage \
                in on behalf of the above foreign principal.\nNo change. See Exhibit AB filed \
                October 20, 2023.\n\nThe Parties agree to amend the Contract No. 14/2-K \
                (hereinafter - the \"Contract\") as follows:\n1. The price is increased to USD \
                780,000.\n";
    assert_eq!(scope_text(text), None);
}

#[test]
fn a_duration_from_the_agreements_own_date_starts_on_that_date() {
    let term = |t: &str| extract_agreement(t).term.map(|t| (t.start, t.months));
    let letter = "LETTER AGREEMENT\n\nJune 2, 2025\n\nDear Minister:\n\nThis letter agreement \
                  will remain in effect for nine months from the date above.\n";
    assert_eq!(term(letter), Some((Some("2025-06-02".into()), Some(9.0))));
    let made = "THIS AGREEMENT is made on 1 February 2025.\n\nThe term is two (2) years \
                commencing on the date hereof.\n";
    assert_eq!(term(made), Some((Some("2025-02-01".into()), Some(24.0))));
    let means = "\"Effective Date\" means 1 January 2022.\n\n3.1 This Contract shall enter into \
                 force on the Effective Date and remain in force for a period of twelve (12) \
                 months.\n";
    assert_eq!(term(means), Some((Some("2022-01-01".into()), Some(12.0))));
}

#[test]
fn payment_lookback_and_renewal_durations_are_not_the_term() {
    let term = |t: &str| {
        extract_agreement(t)
            .term
            .map(|t| (t.start, t.end, t.months))
    };
    let text = "During the period beginning 60 days prior to the obligation to register, has the \
                registrant received anything of value?\n\nThe Firm may suspend work if an invoice \
                remains unpaid for more than sixty (60) days. This engagement shall commence on \
                March 1, 2021 and shall continue for a period of twelve (12) months.\n";
    assert_eq!(
        term(text),
        Some((Some("2021-03-01".into()), None, Some(12.0)))
    );
}

#[test]
fn a_monthly_fee_written_out_in_words_keeps_its_period() {
    let fee = |t: &str| extract_agreement(t).fee.map(|f| (f.amount, f.period));
    let words = "3.1 Client shall pay Consultant a monthly retainer of Fifteen Thousand U.S. \
                 Dollars (US$15,000), payable in arrears.\n";
    assert_eq!(fee(words), Some((15000.0, FeePeriod::Month)));
    let payable = "The Embassy shall pay the Firm a fee of Thirty-Five Thousand U.S. Dollars \
                   (US$35,000), payable in advance on or before the fifth business day of each \
                   month.\n";
    assert_eq!(fee(payable), Some((35000.0, FeePeriod::Month)));
    let wrapped = "4.1 The City shall pay LPC a fixed fee of EUR 18,500 (eighteen thousand five\n\
                   hundred euros) per month.\n";
    assert_eq!(fee(wrapped), Some((18500.0, FeePeriod::Month)));
}

#[test]
fn an_engagement_for_the_purposes_in_the_recitals_reads_the_recital() {
    let text = "WHEREAS, the Company wishes to engage the Advisor to advise the Company on its \
                reputation in the United States;\n\nNOW, THEREFORE, the parties agree as \
                follows:\n\n1. Engagement. The Company hereby engages the Advisor for the \
                purposes set forth in the recitals above, and the Advisor hereby accepts such \
                engagement. The Advisor shall act as an independent contractor and not as an \
                employee or agent of the Company.\n";
    assert!(
        scope_text(text)
            .unwrap()
            .contains("advise the Company on its reputation")
    );
}

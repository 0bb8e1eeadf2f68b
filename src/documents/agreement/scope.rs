//! The scope: the paragraph that says what services the registrant provides.
//!
//! For: finding that paragraph (form answers, headings, lists, sentences) and leaving out
//! disclaimers. Not for: the client or the fee (`client`, `fee`).

use std::sync::LazyLock;

use regex::Regex;

use super::columns::{
    column_under, is_label_block, is_rule_line, read_columns, skip_table_head, table_value,
    without_table_rules,
};
use super::fee::FEE_WORD;
use super::form::Question::Political;
use super::form::{FORM_QUESTION, REFERENCE_ANSWER, referenced_section, scope_after_question};
use super::money::MONEY;
use super::term::TERM_NOUN;
use super::text::{
    ceil_boundary, collapse, cut_at_word, ends_sentence, is_break, page_at, regex, sentence,
};
use super::{Evidence, SCOPE_MAX_CHARS, Scope};

/// A scope that refers to an attachment: "the Services described in Schedule 1", "the services
/// described in one or more statements of work", "the work set
/// out in Annex A", "as set forth in Exhibit A hereto", "the programme of work in Appendix 1".
static ATTACHMENT_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:(?:described|set\s+(?:out|forth)|specified|listed|detailed|defined|attached)\s+(?:in|at|under|as|hereto\s+as)|(?:services|work|programme|program|activities|tasks)\s+(?:in|under|at))\s+(?:the\s+)?(?:attached\s+)?(?:(?:one\s+or\s+more|each|a|any)\s+)?(?:(annex|schedule|appendix|exhibit|attachment)\s+([a-z0-9]{1,3})|(statements?\s+of\s+work))\b",
    )
});
/// Heading words in Title Case or capitals ("Scope" or "SCOPE"); after the first word, a word
/// may also start in lower case ("Nature of services"); joiners ("of", "the") in any case.
fn heading_words(phrase: &str) -> String {
    phrase
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let mut chars = w.chars();
            let first = chars.next().unwrap_or(' ');
            let rest = chars.as_str();
            if first.is_lowercase() {
                format!("(?i:{w})")
            } else if i == 0 {
                format!("(?:{w}|{})", w.to_uppercase())
            } else {
                let lower = first.to_lowercase();
                format!("(?:[{first}{lower}]{rest}|{})", w.to_uppercase())
            }
        })
        .collect::<Vec<_>>()
        .join(r"[ \t]*")
}
/// What a scope section is called. `WEAK_HEADINGS` ("Engagement", "Appointment", "Retention",
/// "Purpose") head a section that may say something else ("KRDC wishes to strengthen ties
/// with the United States"), so what follows them must read as services.
const SCOPE_HEADINGS: &[&str] = &[
    "Scope of the Services",
    "Scope of Services",
    "Scope of Work",
    "Scope of the Engagement",
    "Scope of Engagement",
    "Scope of Representation",
    "Scope of Retention",
    "Scope of the Mandate",
    "Scope of Mandate",
    "Statement of Work",
    "Nature of Our Services",
    "Nature of the Services",
    "Nature of Services",
    "Nature of Our Engagement",
    "Nature of the Engagement",
    "Nature of Engagement",
    "Nature of Our Representation",
    "Nature of the Work",
    "Description of the Services",
    "Description of Services",
    "Description of Work",
    "Description of Activities",
    "Description",
    "Object of the Contract",
    "Object of the Agreement",
    "Object of this Contract",
    "Object of this Agreement",
    "Subject of the Contract",
    "Subject of the Agreement",
    "Project Description",
    "Description of the Project",
    "Scope of the Project",
    "Scope of Project",
    "Project Scope",
    "Our Approach",
    "Proposed Approach",
    "Program Overview",
    "Programme Overview",
    "Proposed Program",
    "Proposed Programme",
    "Purpose of the Engagement",
    "Purpose of this Engagement",
    "Purpose of the Agreement",
    "Purpose of this Agreement",
    "Terms of Reference",
    "Subject Matter",
    "Object of Contract",
    "Subject of Contract",
    "Purpose of Contract",
    "Consulting Services",
    "Consultancy Services",
    "Lobbying Services",
    "Advisory Services",
    "Professional Services",
    "Public Relations Services",
    "Legal Services",
    "The Services",
    "Services",
    "Scope",
    "Purpose",
    "Duties",
    "Responsibilities",
    "Deliverables",
    "Proposed Activities",
    "Activities",
    "Tasks",
    "Work Plan",
    "Mandate",
    "Mission",
    "Engagement",
    "Appointment",
    "Retention",
];
const WEAK_HEADINGS: &[&str] = &["Engagement", "Appointment", "Retention", "Purpose"];
/// What the registrant owes, as a section's name: "Services of the Service Provider",
/// "Duties of the Consultant", "Obligations of the Contractor" (each [`DUTIES`] of each
/// [`ROLES`], with or without "the"). A section under one that is only paperwork ("The
/// Contractor shall register with the U.S. Department of Justice") is passed over
/// ([`paperwork`]).
const DUTIES: &[&str] = &["Services", "Duties", "Obligations", "Responsibilities"];
/// The registrant's role in an agreement, as a section's name puts it.
const ROLES: &[&str] = &[
    "Service Provider",
    "Consultant",
    "Contractor",
    "Agency",
    "Firm",
    "Adviser",
    "Advisor",
    "Provider",
    "Supplier",
    "Registrant",
    "Lobbyist",
    "Agent",
    "Representative",
];
/// Every section name built from [`DUTIES`] and [`ROLES`].
fn role_headings() -> Vec<String> {
    DUTIES
        .iter()
        .flat_map(|d| {
            ROLES
                .iter()
                .flat_map(move |r| [format!("{d} of the {r}"), format!("{d} of {r}")])
        })
        .collect()
}
/// A scope heading (one of [`SCOPE_HEADINGS`]) where a heading can stand: at a line start, after
/// a sentence on the same line ("... each month. Scope of Engagement: ..."), or after a wide gap;
/// optionally numbered ("1.", "(2)", "ARTICLE 2 -", "Section 1.") or inside an attachment's
/// title ("ANNEX A - STATEMENT OF WORK", "SCHEDULE 1 - THE SERVICES"), or bilingual
/// ("Objeto / Purpose"). It ends in '.', ':', a dash, a line end or a wide gap. Group 1 is the
/// heading's words.
static SCOPE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    // Longer names first: "Services of the Consultant" before "Services".
    let names: Vec<String> = role_headings()
        .iter()
        .map(String::as_str)
        .chain(SCOPE_HEADINGS.iter().copied())
        .map(heading_words)
        .collect();
    regex(&format!(
        r"(?m)(?:^[ \t]*|[.:;)][ \t]+|[ \t]{{3,}})(?:(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?|\(\d+\)|\([a-z]\)|[IVX]{{1,4}}\.|(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause)[ \t]+[\dIVX]+[ \t]*[-–.:]?|(?:ANNEX|Annex|SCHEDULE|Schedule|APPENDIX|Appendix|EXHIBIT|Exhibit|ATTACHMENT|Attachment)[ \t]+[A-Z0-9]{{1,3}}[ \t]*[-–.:]?)[ \t]*)?(?:[A-Za-z]+[ \t]*/[ \t]*)?({})(?:[ \t]*[.:][ \t]*|[ \t]+[-–—][ \t]+|[ \t]*\n|[ \t]{{2,}})",
        names.join("|")
    ))
});
/// Verbs of service, as the scope sentences put them. Each is matched as written and, unless
/// its third person reads as a noun, in the third person ("assists", "carries out"), see
/// [`verbs`].
const SERVICE_VERBS: &str = "\
    provide, advise, represent, promote, organize, organise, monitor, conduct, develop, \
    identify, distribute, advocate, arrange, assist, prepare, lobby, manage, design, carry \
    out, perform, counsel, communicate, coordinate, draft, support, facilitate, research, \
    produce, place, plan, handle, undertake, deliver, implement, create, write, educate, \
    inform, publicize, publicise, maintain, analyze, analyse, negotiate, furnish, render, \
    supply, offer, host, oversee, lead, run, help, serve, liaise, brief, meet, contact, \
    engage, work, pitch, secure, seek, obtain, build, strengthen, improve, enhance, track, \
    report, urge, press, encourage, raise, increase, explain, present, introduce, connect, \
    attract, position, defend, protect, correct, counter, shape, launch, execute, recommend, \
    review, evaluate, assess, focus on, translate";
/// Service verbs whose third person is also a common plural noun ("reports", "contacts",
/// "works"): matched only as written.
const NOUN_LIKE_VERBS: &str = "\
    work, press, present, place, report, plan, support, research, track, lead, brief, run, \
    host, draft, counsel, review, increase, raise, position, counter, shape, correct, pitch, \
    contact, design, supply, offer, meet, produce, advocate";
/// The third person of a verb phrase's first word: "assists", "carries out", "teaches".
fn third_person(verb: &str) -> String {
    let (head, tail) = verb.split_once(' ').unwrap_or((verb, ""));
    let head = if let Some(stem) = head.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if head.ends_with(['s', 'x', 'z']) || head.ends_with("sh") || head.ends_with("ch") {
        format!("{head}es")
    } else {
        format!("{head}s")
    };
    if tail.is_empty() {
        head
    } else {
        format!("{head} {tail}")
    }
}
/// The present participle of a verb phrase's first word: "providing", "lobbying", "running".
fn participle(verb: &str) -> String {
    let (head, tail) = verb.split_once(' ').unwrap_or((verb, ""));
    let head = match head {
        "run" | "plan" => format!("{head}{}ing", &head[head.len() - 1..]),
        _ if head.ends_with('e') && !head.ends_with("ee") => {
            format!("{}ing", &head[..head.len() - 1])
        }
        _ => format!("{head}ing"),
    };
    if tail.is_empty() {
        head
    } else {
        format!("{head} {tail}")
    }
}

/// How [`verbs`] inflects the service verbs.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// As written: "provide".
    Base,
    /// The third person, for verbs whose third person is not a plural noun: "provides".
    Third,
    /// The present participle: "providing".
    Participle,
}

/// The service verbs in one form as a regex alternation; words may be split by any whitespace.
fn verbs(form: Form) -> String {
    let noun_like: Vec<&str> = NOUN_LIKE_VERBS.split(", ").collect();
    let forms: Vec<String> = SERVICE_VERBS
        .split(", ")
        .filter(|v| form != Form::Third || !noun_like.contains(v))
        .map(|v| {
            let v = match form {
                Form::Base => v.to_string(),
                Form::Third => third_person(v),
                Form::Participle => participle(v),
            };
            v.replace(' ', r"\s+")
        })
        .collect();
    format!("(?:{})", forms.join("|"))
}
/// A sentence saying what the registrant does or will do:
/// - the work as subject: "services will include", "our engagement covers", "the work
///   consists of", "our role is limited to", "the purpose of this engagement is to";
/// - "will provide", "shall advise", "will be responsible for", "is responsible for";
/// - "is to assist", "agrees to provide", "has agreed to represent";
/// - the third person: "Firm LLP assists the Ministry", "the registrant advises";
/// - the hiring and its purpose: "has retained us to provide", "has asked us to (i) provide",
///   "our engagement by X to provide", "hereby retains Firm, Inc. as its counsel to secure";
/// - a list's lead-in: "we will:", "will perform the following services:", "as follows:".
pub(super) static SCOPE_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    let (v, v3, ving) = (
        verbs(Form::Base),
        verbs(Form::Third),
        verbs(Form::Participle),
    );
    regex(&format!(
        r"\b(?:(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation|[Aa]ctivities|[Rr]ole|[Mm]andate|[Mm]ission|[Aa]ssignment|[Rr]esponsibilities)(?:\s+(?:of|to\s+be\s+(?:provided|performed|rendered)|provided|performed|rendered|under)\b[^.;]{{1,60}}?)?\s+(?:will\s+|shall\s+|may\s+)?(?:includes?|consists?\s+of|involves?|comprises?|encompass(?:es)?|covers?|entails?)|\b(?:expand|extend|broaden)(?:s|ed)?\s+the\s+(?:[Ss]ervices|[Ss]cope(?:\s+of\s+(?:[Ww]ork|[Ss]ervices))?|[Ee]ngagement)\s+to\s+(?:include|cover)|(?:[Pp]urpose|[Oo]bject|[Ss]ubject(?:\s+[Mm]atter)?)\s+of\s+(?:this|the|our)\s+(?:[Ee]ngagement|[Aa]greement|[Cc]ontract|[Rr]epresentation)\s+(?:is|shall\s+be|will\s+be)|(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation|[Rr]ole)\s+(?:is|are|will\s+be)\s+limited\s+to|(?:will|shall|would|['’]ll)\s+(?:also\s+|continue\s+to\s+)?(?:be\s+responsible\s+for|consist\s+of|be\s+to\s+{v}|{v})|(?:is|are)\s+(?:currently\s+|also\s+)?{ving}|(?:is|are)\s+(?:also\s+)?(?:responsible\s+for|to\s+{v})|{v3}|(?:agree|propose|undertake)(?:s|d)?\s+(?:\w+ly\s+)?to\s+(?:also\s+)?{v}|(?:retain(?:ed|s)?|engag(?:e|ed|es|ement)|appoint(?:ed|s)?|asked|hired|commissioned|instructed|selected|chosen)\b(?:[^.;]|\.\S|\.\s+[A-Z]\.|\b(?:Inc|Ltd|Corp|Co|L\.L\.C|S\.A)\.\s){{0,140}}?(?:\bto\s+(?:\([ivx\d]+\)\s*|\([a-z]\)\s*)?{v}|\bfor\s+the\s+purposes?\s+of\s+{ving}))\b|\b(?:(?:will|shall)(?:\s+(?:also\s+)?(?:provide|perform|render|undertake)(?:\s+the\s+following(?:\s+(?:services|activities|tasks))?)?)?\s*:|following\s+(?:services|activities|tasks|work|duties)\s*:|(?:propose|plan|intend|offer)\s+to\s*:|\b[Ww]e\s+(?:would\s+)?(?:propose|recommend|suggest)\b[^.:;]{{0,120}}:|(?:[Tt]asks|[Dd]uties|[Rr]esponsibilities|[Oo]bligations)\s+(?:shall|will)\s+be\s*:|(?:services|activities|tasks|work)\s+(?:will|shall)\s+be\s+(?:provided|performed|rendered|carried\s+out)\s+by\b[^.:;]{{0,60}}:|as\s+follows\s*:)"
    ))
});
/// How long something runs, right after a verb: "will run for nine months", "will continue until".
static LASTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:for\s+(?:\S+\s+){0,2}(?:days?|weeks?|months?|years?)\b|until\b|through\b)")
});
/// The wording of an agreement's lead-in to its clauses: "NOW, THEREFORE, the parties agree as
/// follows:", "THIS AGREEMENT WITNESSETH as follows:", an amendment's "amend the Contract No.
/// 14/2-K (hereinafter - the "Contract") as follows:".
static AGREEMENT_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:witnesseth|witnesses|parties|hereby\s+agreed?|agreed?\s+as\s+follows|amend\w*|hereinafter)\b",
    )
});
/// A section that tells the client's story, not the work: "BACKGROUND", "Background:",
/// "RECITALS", "Context".
static BACKGROUND: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[ \t]*(?:\d{1,2}\.?[ \t]*|[a-z]\.[ \t]*)?(?:background|recitals|context)[ \t]*(?:[:.\-–—]|\n|$)",
    )
});
/// The defined term without its description: "appoints the Consultant to provide the Services,
/// and the Consultant accepts the appointment".
static BARE_SERVICES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:provide|perform|render|deliver|supply)\s+(?:the|such)\s+Services\s*(?:[,.;]|and\b|$|on\s+the\s+terms\b|in\s+accordance\s+with\b|hereunder\b|under\s+this\b)",
    )
});
/// Services that point back to a recital: "to provide the services described above", "engages
/// the Advisor for the purposes set forth in the recitals above".
static SERVICES_ABOVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:(?:provide|perform|render)\s+(?:the|such)\s+services|for\s+the\s+purposes?)\s+(?:described|set\s+(?:out|forth)|referred\s+to|mentioned)\s+(?:above|hereinabove|in\s+the\s+recitals)",
    )
});
/// Services left to be agreed: "provide the Client with such consultancy services as may be
/// agreed between the Parties from time to time", "perform such services as the Company may
/// request".
static VAGUE_SERVICES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:provide|perform|render|supply)\s+(?:to\s+)?(?:the\s+\w+\s+(?:with\s+)?)?such\s+(?:\w+\s+){0,2}services\s+as\s+(?:may\s+be\s+|are\s+|shall\s+be\s+)?(?:the\s+\w+\s+may\s+(?:\w+\s+)?)?(?:agreed|requested|request|require|required|determined|instructed)\b",
    )
});
/// Services whose content is left to later orders: "consulting services (the "Services"), the
/// specific content, volume and timing of which shall be agreed by the Parties from time to
/// time in written task orders".
static LEFT_TO_ORDERS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:content|scope|nature|details?)\b[^.]{0,60}?\bof\s+which\s+(?:shall|will)\s+be\s+(?:agreed|determined|specified|defined)|\b(?:agreed|determined|specified|defined)\b[^.]{0,60}?\bin\s+(?:separate\s+|written\s+|individual\s+)*(?:task|work|purchase|service)\s+orders?\b",
    )
});
/// The client as a sentence's subject: "The Chamber", "the Ministry", "Client", "The Client
/// hereby" ("The Client hereby engages the Consultant as an independent consultant" hires, it
/// does not describe the work).
static CLIENT_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:client|ministry|embassy|government|chamber|board|authority|council|fund|foundation|principal|bank|association|federation|commission)(?:\s+hereby)?\s*$",
    )
});
/// "work for" a party ("for you", "for the Ministry", "for Ana Petrova"), or "work together"
/// / "work with you", after the verb: whom the registrant works with, not what it does.
static WORK_FOR: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:for\s+(?:you\b|us\b|(?:the\s+)?[A-Z])|together\b|with\s+(?:you|us|each\s+other)\b)",
    )
});
/// The registrant's own affairs, after the verb: "(responsible for) his own taxes", "its own
/// costs".
static OWN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:all\s+)?(?:his|her|its|their|your|our)\s+own\b"));
/// Billing, after the verb: "(will render) invoices monthly", "(will provide) a statement of
/// account".
static BILLING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:(?:our|its|monthly|quarterly|an?|the|you\s+with(?:\s+an?)?)\s+)*(?:invoices?|bills?|statements?\s+of\s+account|billing\s+statements?)\b",
    )
});
/// A third-person verb whose subject is a document, not the registrant: "this Agreement
/// provides for a fee", "Section 3 describes".
static DOCUMENT_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:agreement|contract|letter|act|section|item|rule|schedule|annex|exhibit|clause|it|which|this)\s*$",
    )
});
/// The registrant as the subject of "will"/"shall", and the verb.
static REGISTRANT_WILL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:[Ww]e|(?:[Tt]he\s+)?(?:Firm|Consultant|Agency|Registrant|Contractor|Adviser|Advisor|Counsel|Lobbyist))(?:\s+will|\s+shall|['’]ll)\s+(?:also\s+)?([a-z]+)\b",
    )
});
/// A definition, not work: the form's footnote '"Political activity," as defined in Section
/// 1(o) of the Act, means any activity which the person engaging in believes will ...'.
pub(super) static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    regex(r#"["“][^"”\n]{2,40}["”]\s*,?\s*(?:as\s+defined\b|means\b|shall\s+mean\b)"#)
});
/// A sentence about the registrant's own filings under the Act ("The Firm will make any
/// filings that may be required under the Foreign Agents Registration Act"): paperwork.
static FARA_FILING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:filings?|registration|register|supplemental\s+statements?)\b[^.]{0,80}\b(?:Foreign\s+Agents\s+Registration\s+Act|FARA)\b",
    )
});
/// Verbs of the paperwork around an engagement, not of its work.
const ADMIN_VERBS: &[&str] = &[
    "be",
    "bill",
    "invoice",
    "send",
    "submit",
    "keep",
    "comply",
    "notify",
    "charge",
    "require",
    "need",
    "have",
    "treat",
    "file",
    "register",
    "retain",
    "pay",
    "receive",
    "not",
    "sign",
    "return",
    "look",
    "continue",
    "remain",
    "use",
    "get",
    "amend",
    "update",
    "supplement",
];

/// A sentence that says what the registrant will not do: "we will provide no legal advice",
/// "will not include lobbying", "does not include litigation".
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:will|shall|does|do|is|are|would|may)\s+not\b|\b(?:won't|doesn't|don't|cannot)\b|\b(?:provide|include|give|render|offer|undertake)s?\s+no\b|\bno\s+(?:legal\s+)?(?:advice|lobbying|services)\b|\bexclud(?:es?|ing)\b",
    )
});
/// A list item's start: "1.", "2)", "(a)", "(iv)", "a.", "-", "*", "•".
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[ \t]*(?:\d{1,2}[.)]|\([a-z0-9]{1,4}\)|[a-z][.)]|[-*•·▪●◦])[ \t]"));
/// A trailing item number cut from the next item: "... social media. 2."
static TRAILING_ITEM: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+\d{1,2}\.$"));

/// A lead-in to what follows: "the following workstreams", "the following services".
static FOLLOWING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\bthe\s+following\s+(?:\w+\s+)?(?:services|workstreams?|activities|tasks|work|deliverables|components|areas)\b",
    )
});
/// A paragraph that describes the principal, not the work: Exhibit A's "Aim, mission or
/// objective of foreign political party", "Nature of the business or activity".
static PRINCIPAL_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:aim,?\s+mission\s+or\s+objective|nature\s+of\s+(?:the\s+)?business|principal\s+aim|(?:aim|objective)s?\s+of\s+(?:the\s+)?(?:foreign\s+)?political\s+party)\b",
    )
});

/// Where the paragraph starting at `from` ends: a blank line, a page break (unless the
/// sentence runs on over it), or the next numbered item at a line start. A line ending in ':'
/// ("In this engagement, we will:", "the following services:") leads into a list, which is
/// part of the paragraph up to the next blank line.
fn paragraph_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut in_list = LIST_ITEM.is_match(rest);
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x0c || is_break(b, i) {
            // "... will carry out the following workstreams." over a table or list, too.
            let next_line = rest[i..].trim_start_matches(['\n', '\r', ' ', '\t', '\u{c}']);
            let leads_in = rest[..i].trim_end().ends_with(':')
                || (FOLLOWING.is_match(&rest[..i])
                    && (LIST_ITEM.is_match(next_line)
                        || next_line.lines().next().is_some_and(is_rule_line)));
            let into_list = !in_list && leads_in;
            let next_item = in_list && LIST_ITEM.is_match(rest[i..].trim_start());
            if !runs_on_over_page(rest, i) && !into_list && !next_item {
                return i;
            }
            in_list |= into_list;
            // Skip the break and go on with the sentence (or the list) after it.
            i += rest[i..].len() - rest[i..].trim_start().len();
            continue;
        }
        if b[i] == b'\n' {
            // The next numbered item ("9. Compensation"), unless it is an item of a list.
            let next = rest[i + 1..].trim_start_matches([' ', '\t']);
            let digits = next.bytes().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && digits < 3 && next[digits..].starts_with(". ") {
                in_list |= rest[..i].trim_end().ends_with(':');
                if !in_list {
                    return i;
                }
            }
        }
        i += 1;
    }
    b.len()
}

/// `from`, moved past the sentences at its start that say what is not done ("Services do not
/// include legal advice or lobbying. Services include ...").
fn skip_negated(text: &str, mut from: usize) -> usize {
    let b = text.as_bytes();
    loop {
        let end = (from..b.len())
            .take_while(|&i| !is_break(b, i))
            .find(|&i| ends_sentence(b, i));
        match end {
            Some(e) if NEGATED.is_match(&text[from..e]) => from = skip_space(text, e + 1),
            _ => return from,
        }
    }
}

/// Whether the break at `i` is a page break inside a sentence: one form feed, no blank line on
/// this page before it, and the sentence before it unfinished ("including\n\u{c}drafting").
fn runs_on_over_page(rest: &str, i: usize) -> bool {
    let gap_end = i + (rest[i..].len() - rest[i..].trim_start().len());
    let gap = &rest[i..gap_end];
    let before = rest[..i].trim_end();
    gap.matches('\u{c}').count() == 1
        && !gap.split('\u{c}').next().unwrap_or("").contains("\n\n")
        && !before.ends_with(['.', ':', ';', '?', '!'])
        && !before.is_empty()
        && rest[gap_end..].starts_with(|c: char| c.is_lowercase())
}

/// The paragraph that starts at `from` (after any disclaimer, see [`skip_negated`]): up to
/// [`paragraph_end`], stopping before a sentence about money or the term or one that says
/// what is not done, at most [`SCOPE_MAX_CHARS`]
/// characters (cut at a word).
pub(super) fn paragraph_from(text: &str, from: usize) -> Option<(String, usize, usize)> {
    let from = skip_negated(text, skip_table_head(text, from));
    let rest = &text[from..];
    let b = rest.as_bytes();
    let mut end = paragraph_end(rest);
    // A paragraph that goes on to the fee or the term ("... communications counsel. The term
    // of this agreement is three months, for a fee of $90,000.") stops before it.
    let mut j = 0;
    while j < end {
        if ends_sentence(b, j) {
            let next_end = (j + 1..end).find(|&k| ends_sentence(b, k)).unwrap_or(end);
            let next = &rest[j + 1..next_end];
            if MONEY.is_match(next)
                || FEE_WORD.is_match(next)
                || TERM_NOUN.is_match(next)
                || NEGATED.is_match(next)
            {
                end = j + 1;
                break;
            }
            j = next_end;
        } else {
            j += 1;
        }
    }
    // A table is read cell by cell (see `columns`), when the paragraph starts a line; a
    // lead-in above it ("... the following workstreams.") is kept as written.
    let line_start = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let block = text[line_start..from + end].replace('\u{c}', " ");
    let table = text[line_start..from]
        .trim()
        .is_empty()
        .then(|| {
            read_columns(&block).or_else(|| {
                let (lead, rest) = block.split_once("\n\n")?;
                Some(format!("{} {}", collapse(lead), read_columns(rest)?))
            })
        })
        .flatten();
    let para =
        table.unwrap_or_else(|| collapse(&without_table_rules(&rest[..end].replace('\u{c}', " "))));
    let para = cut_at_word(&para, SCOPE_MAX_CHARS);
    let para = TRAILING_ITEM.replace(&para, "").into_owned();
    (para.split_whitespace().count() >= 4).then_some((para, from, from + end))
}

/// Finds the scope: the answer to the form's question, else the section under a scope
/// heading, else the paragraph of the first sentence saying what the registrant does or will
/// do that is not a disclaimer ("we will provide no legal advice on ..." is not scope), else
/// the first thing "we" or "the Consultant" will do that is not paperwork. A scope that only
/// points to an attachment is replaced by the attachment's text ([`follow_reference`]).
pub(super) fn find_scope(text: &str) -> Option<Scope> {
    // The evidence is the text of each span the scope was read from, joined by " … ".
    let read_from = |text_read: String, spans: &[(usize, usize)], confidence: f64| Scope {
        evidence: Evidence {
            page: page_at(text, spans[0].0),
            snippet: spans
                .iter()
                .map(|&(s, e)| collapse(&text[s..e].replace('\u{c}', " ")))
                .collect::<Vec<_>>()
                .join(" … "),
        },
        text: text_read,
        confidence,
    };
    let make = |(para, s, e): (String, usize, usize), confidence: f64| {
        read_from(para, &[(s, e)], confidence)
    };
    // A notice ending an agreement says what happens until the end ("we will continue to
    // respond to requests ... and transfer all files"), not what the agreement was for: only
    // a form's answer or a scope section in it is read.
    // A contract whose services clause leaves them to be agreed ("such consultancy services
    // as may be agreed between the Parties from time to time") states none: its other "shall"
    // sentences are about paperwork ("shall report to the Secretary-General").
    let winding_down = is_termination_notice(text) || services_left_open(text);
    // The agreement's own statement of the work: a scope section, a sentence, the clause
    // defining the Services, a recital.
    let agreement = |text: &str| {
        scope_under_heading(text).map(|p| (p, 0.8)).or_else(|| {
            (!winding_down)
                .then(|| {
                    scope_from_sentence(text)
                        .or_else(|| scope_from_services_definition(text))
                        .or_else(|| scope_from_recital(text))
                        .map(|p| (p, 0.6))
                })
                .flatten()
        })
    };
    let found = match scope_after_question(text, winding_down) {
        // Both the nature and method of performance and the activities say what is done.
        Some(a) if a.spans.len() > 1 => return Some(read_from(a.text, &a.spans, 0.9)),
        // The form answers only the political question ("Registrant may contact U.S.
        // officials ... See attached agreement."): one kind of work. The attached agreement's
        // statement of all of it, after the form, comes first.
        Some(a) if a.question == Political => {
            let (s, e) = a.spans[0];
            referenced_section(text)
                .map(|p| (p, 0.85))
                .or_else(|| {
                    agreement(&text[e..]).map(|((para, ps, pe), c)| ((para, ps + e, pe + e), c))
                })
                .unwrap_or(((a.text, s, e), 0.9))
        }
        Some(a) => ((a.text, a.spans[0].0, a.spans[0].1), 0.9),
        // "Refer to Section 3 of the attached proposal": that section.
        // Read as named, not followed further ("as further described in Annex A").
        None if let Some(p) = referenced_section(text) => return Some(make(p, 0.85)),
        None => agreement(text).or_else(|| {
            (!winding_down)
                .then(|| scope_from_registrant_will(text).map(|p| (p, 0.4)))
                .flatten()
        })?,
    };
    let (p, confidence) = found;
    Some(make(follow_reference(text, p), confidence))
}

/// The subject of a sentence's first "will"/"shall" ("The Association" in "The Association
/// will designate a contact and will provide information"), or the whole text before the verb.
fn subject(before: &str) -> &str {
    static AUX: LazyLock<Regex> = LazyLock::new(|| regex(r"\s(?:will|shall)\s"));
    AUX.find(before).map_or(before, |m| &before[..m.start()])
}

/// Whether a section is paperwork, not work: it opens with the registrant doing one of the
/// [`ADMIN_VERBS`] ("The Contractor shall register with the U.S. Department of Justice and
/// shall comply with ...") and no sentence in it says what the registrant does.
fn paperwork(para: &str) -> bool {
    REGISTRANT_WILL
        .captures(para)
        .is_some_and(|c| c.get(0).is_some_and(|m| m.start() < 40) && ADMIN_VERBS.contains(&&c[1]))
        && scope_from_sentence(para).is_none()
}

/// An agreement's preamble, not its work: "This Statement of Work No. 1 is entered into
/// pursuant to, and is governed by, the Master Services Agreement dated ...".
fn preamble(para: &str) -> bool {
    static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:entered\s+into|issued|made|executed)\s+(?:pursuant\s+to|under|in\s+accordance\s+with)\b|\bis\s+governed\s+by\b",
        )
    });
    PREAMBLE.is_match(para) && scope_from_sentence(para).is_none()
}

/// Whether the services clause leaves the services to be agreed: a short paragraph that says
/// only that ([`VAGUE_SERVICES`]).
fn services_left_open(text: &str) -> bool {
    let vague = VAGUE_SERVICES
        .find_iter(text)
        .chain(LEFT_TO_ORDERS.find_iter(text));
    vague.into_iter().any(|m| {
        let s = skip_space(text, scope_sentence_start(text, m.start()));
        paragraph_from(text, s).is_some_and(|p| describes_nothing(&p.0))
    })
}

/// Whether the document is a notice ending an agreement: its subject or first paragraphs say
/// "Notice of Termination", "Termination Notice", "filed to report the termination", "has been
/// terminated" or "hereby terminates" / "hereby gives notice ... that the Agreement will
/// terminate".
fn is_termination_notice(text: &str) -> bool {
    static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:notice\s+of\s+termination|termination\s+notice|report(?:s|ing)?\s+the\s+termination|(?:has|have)\s+been\s+terminated|hereby\s+(?:terminates?\b|gives?\s+(?:you\s+)?(?:written\s+)?notice\b[^.]{0,120}?\bterminat))",
        )
    });
    NOTICE.is_match(&text[..ceil_boundary(text, 3000.min(text.len()))])
}

/// The section under the first scope heading that yields one: a paragraph (or list) after a
/// heading that ends in '.', ':' or a line end; else a label/value table row or a column under
/// a table header. A weak heading ("Engagement.") counts only when its section reads as
/// services.
fn scope_under_heading(text: &str) -> Option<(String, usize, usize)> {
    // A section under a strong heading ("2. SCOPE OF SERVICES") beats one under a weak heading
    // before it ("1. ENGAGEMENT. The Chamber hereby engages Consultant to provide ...").
    let mut weak_found = None;
    for c in SCOPE_HEADING.captures_iter(text) {
        let (m, name) = (c.get(0).expect("match"), c.get(1).expect("group"));
        let from = skip_space(text, m.end());
        let labelled = m.as_str().trim_end().ends_with(['.', ':', '-', '–', '—'])
            || m.as_str().ends_with('\n');
        let p = if labelled {
            paragraph_from(text, from)
        } else {
            table_value(text, name.start(), from).or_else(|| column_under(text, name.start()))
        };
        let weak = WEAK_HEADINGS
            .iter()
            .any(|w| name.as_str().eq_ignore_ascii_case(w));
        // A document's title over its subtitle ("TERMS OF REFERENCE" over "Strategic
        // Communications Support in the United States"): its own "3. SCOPE OF WORK" further
        // on says more.
        let title = p.as_ref().is_some_and(|p| is_title(&p.0));
        if let Some(p) = p
            && (!weak || scope_from_sentence(&p.0).is_some())
            && !describes_nothing(&p.0)
            && !REFERENCE_ANSWER.is_match(&p.0)
            && !paperwork(&p.0)
            && !is_label_block(&text[p.1..p.2])
        {
            if !weak && !title {
                return Some(p);
            }
            weak_found.get_or_insert(p);
        }
    }
    weak_found
}

/// Whether a paragraph is a title: a few words, most capitalised, with no sentence end
/// ("Strategic Communications Support in the United States of America").
fn is_title(para: &str) -> bool {
    let words: Vec<&str> = para.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    (2..=12).contains(&words.len())
        && !para.trim_end().ends_with(['.', ';', ':'])
        && capitalised * 3 >= words.len() * 2
}

/// The paragraph of the first sentence that says what the registrant does and is neither a
/// disclaimer ("we will provide no legal advice on ...") nor about money ("this Agreement
/// provides for a fee").
pub(super) fn scope_from_sentence(text: &str) -> Option<(String, usize, usize)> {
    sentence_saying_work(text, false)
}

/// The recital that says what the registrant is retained for ("WHEREAS, the Authority desires
/// to retain the Consultant to provide strategic communications ... services"), when no clause
/// of the agreement says it ("1. Engagement. The Authority hereby engages the Consultant ...
/// on the terms of this Agreement").
fn scope_from_recital(text: &str) -> Option<(String, usize, usize)> {
    sentence_saying_work(text, true)
}

/// [`scope_from_sentence`], or with `recitals` the same sentence found only in a section that
/// tells the client's story ([`in_background`]).
fn sentence_saying_work(text: &str, recitals: bool) -> Option<(String, usize, usize)> {
    for m in SCOPE_SENTENCE.find_iter(text) {
        let s = skip_space(text, scope_sentence_start(text, m.start()));
        if NEGATED.is_match(&text[s..ceil_boundary(text, m.end() + 4)])
            || DEFINITION.is_match(&text[s..m.start()])
            || DOCUMENT_SUBJECT.is_match(&text[s..m.start()])
            || FORM_QUESTION.is_match(&text[s..m.start()])
        {
            continue;
        }
        let governed = &text[m.end()..ceil_boundary(text, m.end() + 30)];
        // "We are writing to confirm": a participle with "to" after it is not the work.
        let participle_to = m.as_str().ends_with("ing") && governed.trim_start().starts_with("to ");
        // "the parties agree as follows:", "WITNESSETH as follows:": the agreement's own
        // lead-in, not a list of services.
        let agreement_lead_in =
            m.as_str().ends_with(':') && AGREEMENT_LEAD_IN.is_match(&text[s..m.end()]);
        // "the terms on which Firm LLC will work for you", "how we would work together": whom it
        // works for, not what it does.
        let works_for = m.as_str().ends_with("work") && WORK_FOR.is_match(governed);
        // "shall be responsible for his own taxes", "will render invoices monthly": its own
        // affairs, not the client's work.
        let own_affairs = OWN.is_match(governed) || BILLING.is_match(governed);
        if MONEY.is_match(governed)
            || FEE_WORD.is_match(governed)
            || LASTS.is_match(governed)
            || participle_to
            || agreement_lead_in
            || works_for
            || own_affairs
        {
            continue;
        }
        // "The Chamber represents shipowners": the client, in the third person, says what it
        // is, not what the registrant does; "The Association will provide timely information":
        // what the client does.
        let bare_verb = !m.as_str().contains(char::is_whitespace);
        // "Name and title of official with whom registrant engages: N/A": a form's label.
        // The label may also end its line with its field left blank under it, or be the
        // form's printed "with whom registrant engages" however OCR spells the rest.
        let label = bare_verb && {
            let after = governed.trim_start().trim_start_matches(':').trim_start();
            governed.trim_start().starts_with(':')
                || after.starts_with("N/A")
                || after.starts_with("None")
                || blank_after_line(&text[m.end()..])
                || FIELD_LABEL.is_match(&text[s..m.end()])
        };
        if in_background(text, m.start()) != recitals
            || label
            || PRINCIPAL_FIELD.is_match(&text[s..m.start()])
            || (bare_verb && CLIENT_SUBJECT.is_match(&text[s..m.start()]))
            || (m.as_str().starts_with(['w', 's'])
                && CLIENT_SUBJECT.is_match(subject(&text[s..m.start()])))
        {
            continue;
        }
        if let Some(p) = paragraph_from(text, s)
            && !describes_nothing(&p.0)
        {
            return Some(p);
        }
    }
    None
}

/// The form's printed field labels that end in a verb: "Name and title of official with whom
/// registrant engages".
static FIELD_LABEL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\bwith\s+whom\s+(?:the\s+)?registrant\s+engages$"));

/// Whether nothing follows on the line and the next line is blank: a form's field label
/// left unanswered ("b) Name and title of official with whom registrant engages" over an
/// empty field), not a sentence running on.
fn blank_after_line(rest: &str) -> bool {
    let mut lines = rest.split('\n');
    lines.next().is_some_and(|l| l.trim().is_empty())
        && lines.next().is_none_or(|l| l.trim().is_empty())
}

/// The clause that defines the Services (`... advice on U.S. trade remedy proceedings (the
/// "Services")`, often a recital), when nothing else says what they are.
fn scope_from_services_definition(text: &str) -> Option<(String, usize, usize)> {
    static DEFINED: LazyLock<Regex> =
        LazyLock::new(|| regex(r#"\(\s*(?:the\s+)?["“]Services["”]\s*\)"#));
    let m = DEFINED.find(text)?;
    let s = skip_space(text, scope_sentence_start(text, m.start()));
    let para = collapse(&text[s..m.end()]);
    (para.split_whitespace().count() >= 4).then_some((para, s, m.end()))
}

/// A scope that only points to an attachment ("perform the Services described in Schedule 1")
/// is replaced by what that attachment says, when the text holds it: the section under a scope
/// heading inside it ("Services", past a "Background"), else the paragraph or list after a line
/// that starts with the attachment's name ("SCHEDULE 1 - THE SERVICES", "Annex A"), past a
/// title line under it.
fn follow_reference(text: &str, found: (String, usize, usize)) -> (String, usize, usize) {
    let Some(c) = ATTACHMENT_REFERENCE.captures(&text[found.1..found.2]) else {
        return found;
    };
    static NEXT_ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?m)^[ \t\x0c]*(?:ANNEX|Annex|SCHEDULE|Schedule|APPENDIX|Appendix|EXHIBIT|Exhibit|ATTACHMENT|Attachment)[ \t]+[A-Z0-9]{1,3}\b",
        )
    });
    // "described in one or more statements of work": the first "STATEMENT OF WORK NO. 1".
    let title = match (c.get(1), c.get(2)) {
        (Some(kind), Some(id)) => regex(&format!(
            r"(?mi)^[ \t\x0c]*{}[ \t]+{}\b[^\n]*\n",
            regex::escape(kind.as_str()),
            regex::escape(id.as_str())
        )),
        _ => regex(r"(?mi)^[ \t\x0c]*statement\s+of\s+work\b[^\n]*\n"),
    };
    for t in title.find_iter(text) {
        if (found.1..found.2).contains(&t.start()) {
            continue;
        }
        // A scope section inside the attachment ("THE SERVICES", "Scope of Work"), past its
        // background: the attachment runs to the next one's title.
        let region_end = NEXT_ATTACHMENT
            .find(&text[t.end()..])
            .map_or(text.len(), |m| t.end() + m.start());
        if let Some((p, s, e)) = scope_under_heading(&text[t.end()..region_end]) {
            return (p, t.end() + s, t.end() + e);
        }
        let mut from = skip_space(text, t.end());
        // A title line under the attachment's name ("SERVICES", "Statement of Work").
        let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
        let line = text[from..line_end].trim();
        if line.split_whitespace().count() <= 5 && !line.ends_with(['.', ';', ',']) {
            from = skip_space(text, line_end);
        }
        // Past a preamble ("This Statement of Work is entered into pursuant to ...").
        for _ in 0..3 {
            match paragraph_from(text, from) {
                Some(p) if preamble(&p.0) => from = skip_space(text, p.2),
                Some(p) => return p,
                None => break,
            }
        }
    }
    found
}

/// The last resort: the first sentence in which the registrant ("we", "the Firm", "Agency",
/// "Registrant") will do something that is not about money, the term, reporting to DOJ or
/// not doing something ("Agency shall furnish Client with media relations").
fn scope_from_registrant_will(text: &str) -> Option<(String, usize, usize)> {
    for c in REGISTRANT_WILL.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let verb_end = c.get(1).expect("verb").end();
        if ADMIN_VERBS.contains(&&c[1])
            || BILLING.is_match(&text[verb_end..ceil_boundary(text, verb_end + 60)])
        {
            continue;
        }
        let s = skip_space(text, scope_sentence_start(text, whole.start()));
        let (_, e) = sentence(text, whole.start(), whole.end(), 300);
        let said = &text[s..e.max(s)];
        if in_background(text, whole.start())
            || NEGATED.is_match(said)
            || MONEY.is_match(said)
            || FEE_WORD.is_match(said)
            || TERM_NOUN.is_match(said)
            || FARA_FILING.is_match(said)
        {
            continue;
        }
        if let Some(p) = paragraph_from(text, s) {
            return Some(p);
        }
    }
    None
}

/// Whether byte `at` lies in a section that tells the client's story ([`BACKGROUND`]): its
/// block (back to a blank line) starts with the label, or the block before is the heading
/// alone.
fn in_background(text: &str, at: usize) -> bool {
    static BLANK: LazyLock<Regex> = LazyLock::new(|| regex(r"\n[ \t]*\n"));
    let block_start = |end: usize| BLANK.find_iter(&text[..end]).last().map_or(0, |m| m.end());
    let start = block_start(at);
    if BACKGROUND.is_match(&text[start..at]) {
        return true;
    }
    let prev_end = text[..start].trim_end().len();
    let prev = &text[block_start(prev_end)..prev_end];
    let prev = prev.trim();
    prev.lines().count() == 1 && prev.split_whitespace().count() <= 3 && BACKGROUND.is_match(prev)
}

/// A short paragraph whose only object is the defined term ("to provide the Services, and the
/// Consultant accepts the appointment"): it points to the clause that describes them.
pub(super) fn describes_nothing(para: &str) -> bool {
    // Services left to later orders, or pointed back to the recitals ("engages the Advisor
    // for the purposes set forth in the recitals above, and the Advisor hereby accepts such
    // engagement. The Advisor shall act as an independent contractor."), in a clause of up to
    // 60 words.
    if (LEFT_TO_ORDERS.is_match(para) || SERVICES_ABOVE.is_match(para))
        && para.split_whitespace().count() < 60
    {
        return true;
    }
    (BARE_SERVICES.is_match(para) || SERVICES_ABOVE.is_match(para) || VAGUE_SERVICES.is_match(para))
        && para.split_whitespace().count() < 30
        && !ATTACHMENT_REFERENCE.is_match(para)
}

pub(super) fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

/// Where the sentence holding byte `at` starts: after the previous sentence end, ':' (a label:
/// "EXHIBIT B: The registrant will provide"), blank line or page break; at most 400 bytes back.
fn scope_sentence_start(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let lo = at.saturating_sub(400);
    let mut i = at;
    while i > lo {
        i -= 1;
        if b[i] == b':' || b[i] == 0x0c || ends_sentence(b, i) || (b[i] == b'\n' && is_break(b, i))
        {
            return ceil_boundary(text, i + 1);
        }
    }
    ceil_boundary(text, lo)
}

//! The scope: the paragraph that says what services the registrant provides.
//!
//! For: finding that paragraph (form answers, headings, lists, sentences) and leaving out
//! disclaimers. Not for: the client or the fee (`client`, `fee`).

use std::sync::LazyLock;

use regex::Regex;

use super::fee::FEE_WORD;
use super::money::MONEY;
use super::term::TERM_NOUN;
use super::text::{ceil_boundary, collapse, ends_sentence, is_break, page_at, regex, sentence};
use super::{Evidence, SCOPE_MAX_CHARS, Scope};

/// The form questions whose answer is the scope: Exhibit AB's "Describe fully the nature and
/// method of performance of the above indicated agreement or understanding" and "Describe
/// fully the activities the registrant engages in or proposes to engage in", the registration
/// statement's "Describe in detail the activities the registrant will engage in or the services
/// it will render", and "If yes, describe all such political activities".
static SCOPE_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)describe\s+(?:fully\s+|in\s+detail\s+)?(?:the\s+(?:nature\s+(?:and\s+method\s+of\s+performance\s+)?of\s+the\b|activities\s+(?:the\s+)?registrant\b|services\s+(?:the\s+)?registrant\b)|all\s+such\s+political\s+activities\b)",
    )
});
/// An answer that points elsewhere instead of describing anything: "See attached agreement.",
/// "Same as above.", "Oral agreement. See item 15.", "N/A".
static REFERENCE_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:\(?[a-z0-9]{1,2}[.)]\s*)?(?:please\s+)?(?:see\b|same\s+as\b|refer\b|as\s+(?:described|stated|set\s+out)\s+(?:above|in\s+(?:the\s+)?(?:attached|item|exhibit))|attached\b|n/?a\b|none\b|not\s+applicable\b|oral\s+agreement\s*[.;]\s*see\b)",
    )
});
/// An answer's sentence naming only the form of the agreement or where its copy is: "Formal
/// written contract.", "Oral agreement.", "A copy is attached as Exhibit 1."
static AGREEMENT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:(?:an?\s+)?(?:formal\s+)?(?:written|oral)\s+(?:contract|agreement|understanding)|(?:an?\s+)?copy\s+(?:of\s+(?:the|which)\s+\w+\s+)?is\s+attached[^.\n]{0,40})\s*\.",
    )
});
/// Whether a blank line or a form feed lies between `a` and `b`.
fn is_break_between(text: &str, a: usize, b: usize) -> bool {
    let bytes = text.as_bytes();
    (a..b).any(|i| bytes[i] == 0x0c || is_break(bytes, i))
}
/// A scope that refers to an attachment: "the Services described in Schedule 1", "the work set
/// out in Annex A", "as set forth in Exhibit A hereto", "the programme of work in Appendix 1".
static ATTACHMENT_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:(?:described|set\s+(?:out|forth)|specified|listed|detailed|defined|attached)\s+(?:in|at|under|as|hereto\s+as)|(?:services|work|programme|program|activities|tasks)\s+(?:in|under|at))\s+(?:the\s+)?(?:attached\s+)?(annex|schedule|appendix|exhibit|attachment)\s+([a-z0-9]{1,3})\b",
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
    "Duties of the Consultant",
    "Duties of Consultant",
    "Duties of the Agency",
    "Duties of the Firm",
    "Duties of the Contractor",
    "Duties of the Adviser",
    "Duties of the Advisor",
    "Duties of the Lobbyist",
    "Duties of the Registrant",
    "Responsibilities of the Consultant",
    "Responsibilities of the Agency",
    "Responsibilities of the Firm",
    "Responsibilities of the Contractor",
    "Responsibilities of the Adviser",
    "Responsibilities of the Advisor",
    "Obligations of the Consultant",
    "Obligations of the Agency",
    "Obligations of the Contractor",
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
/// A scope heading (one of [`SCOPE_HEADINGS`]) where a heading can stand: at a line start, after
/// a sentence on the same line ("... each month. Scope of Engagement: ..."), or after a wide gap;
/// optionally numbered ("1.", "(2)", "ARTICLE 2 -", "Section 1.") or inside an attachment's
/// title ("ANNEX A - STATEMENT OF WORK", "SCHEDULE 1 - THE SERVICES"), or bilingual
/// ("Objeto / Purpose"). It ends in '.', ':', a dash, a line end or a wide gap. Group 1 is the
/// heading's words.
static SCOPE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = SCOPE_HEADINGS.iter().map(|h| heading_words(h)).collect();
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
static SCOPE_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    let (v, v3, ving) = (
        verbs(Form::Base),
        verbs(Form::Third),
        verbs(Form::Participle),
    );
    regex(&format!(
        r"\b(?:(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation|[Aa]ctivities|[Rr]ole|[Mm]andate|[Mm]ission|[Aa]ssignment|[Rr]esponsibilities)(?:\s+(?:of|to\s+be\s+(?:provided|performed|rendered)|provided|performed|rendered|under)\b[^.;]{{1,60}}?)?\s+(?:will\s+|shall\s+|may\s+)?(?:includes?|consists?\s+of|involves?|comprises?|encompass(?:es)?|covers?|entails?)|(?:[Pp]urpose|[Oo]bject|[Ss]ubject(?:\s+matter)?)\s+of\s+(?:this|the|our)\s+(?:engagement|agreement|contract|representation)\s+(?:is|shall\s+be|will\s+be)|(?:[Ss]ervices|[Ww]ork|[Ee]ngagement|[Rr]epresentation|[Rr]ole)\s+(?:is|are|will\s+be)\s+limited\s+to|(?:will|shall|would|['’]ll)\s+(?:also\s+)?(?:be\s+responsible\s+for|consist\s+of|{v})|(?:is|are)\s+(?:currently\s+|also\s+)?{ving}|(?:is|are)\s+(?:also\s+)?(?:responsible\s+for|to\s+{v})|{v3}|(?:agree|propose|undertake)(?:s|d)?\s+to\s+(?:also\s+)?{v}|(?:retain(?:ed|s)?|engag(?:e|ed|es|ement)|appoint(?:ed|s)?|asked|hired|commissioned|instructed|selected|chosen)\b(?:[^.;]|\.\S|\.\s+[A-Z]\.|\b(?:Inc|Ltd|Corp|Co|L\.L\.C|S\.A)\.\s){{0,140}}?(?:\bto\s+(?:\([ivx\d]+\)\s*|\([a-z]\)\s*)?{v}|\bfor\s+the\s+purposes?\s+of\s+{ving}))\b|\b(?:(?:will|shall)(?:\s+(?:also\s+)?(?:provide|perform|render|undertake)(?:\s+the\s+following(?:\s+(?:services|activities|tasks))?)?)?\s*:|following\s+(?:services|activities|tasks|work|duties)\s*:|(?:propose|plan|intend|offer)\s+to\s*:|\b[Ww]e\s+(?:would\s+)?(?:propose|recommend|suggest)\b[^.:;]{{0,120}}:|(?:[Tt]asks|[Dd]uties|[Rr]esponsibilities|[Oo]bligations)\s+(?:shall|will)\s+be\s*:|(?:services|activities|tasks|work)\s+(?:will|shall)\s+be\s+(?:provided|performed|rendered|carried\s+out)\s+by\b[^.:;]{{0,60}}:|as\s+follows\s*:)"
    ))
});
/// How long something runs, right after a verb: "will run for nine months", "will continue until".
static LASTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:for\s+(?:\S+\s+){0,2}(?:days?|weeks?|months?|years?)\b|until\b|through\b)")
});
/// The wording of an agreement's lead-in to its clauses: "NOW, THEREFORE, the parties agree as
/// follows:", "THIS AGREEMENT WITNESSETH as follows:".
static AGREEMENT_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:witnesseth|witnesses|parties|hereby\s+agreed?|agreed?\s+as\s+follows)\b")
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
        r"\b(?:provide|perform|render|deliver|supply)\s+(?:the|such)\s+Services\s*(?:[,.;]|and\b|$)",
    )
});
/// Services that point back to a recital: "to provide the services described above".
static SERVICES_ABOVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:provide|perform|render)\s+(?:the|such)\s+services\s+(?:described|set\s+(?:out|forth)|referred\s+to|mentioned)\s+(?:above|hereinabove|in\s+the\s+recitals)",
    )
});
/// The client as a sentence's subject: "The Chamber", "the Ministry", "Client".
static CLIENT_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:client|ministry|embassy|government|chamber|board|authority|council|fund|foundation|principal|bank|association|federation|commission)\s*$",
    )
});
/// "work for" a party ("for you", "for the Ministry", "for Ana Petrova"), after the verb.
static WORK_FOR: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*for\s+(?:you\b|us\b|(?:the\s+)?[A-Z])"));
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
/// Verbs of the paperwork around an engagement, not of its work.
const ADMIN_VERBS: &[&str] = &[
    "be", "bill", "invoice", "send", "submit", "keep", "comply", "notify", "charge", "require",
    "need", "have", "treat", "file", "register", "retain", "pay", "receive", "not", "sign",
    "return", "look", "continue", "remain", "use", "get",
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
/// A line naming a party or the document, not the work: "Client:      Corlandia Office of the
/// President", "Prepared by: ...", "Effective: ...".
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[ \t]*(?:client|customer|principal|foreign\s+principal|adviser|advisor|consultant|agency|firm|registrant|contractor|counsel|prepared\s+(?:for|by)|date|dated|effective(?:\s+date)?|to|from|re|subject|attention|attn)[ \t]*:[ \t]+\S",
    )
});
/// A trailing item number cut from the next item: "... social media. 2."
static TRAILING_ITEM: LazyLock<Regex> = LazyLock::new(|| regex(r"\s+\d{1,2}\.$"));

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
            let into_list = !in_list && rest[..i].trim_end().ends_with(':');
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
fn paragraph_from(text: &str, from: usize) -> Option<(String, usize, usize)> {
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
    let mut para = collapse(&without_table_rules(&rest[..end].replace('\u{c}', " ")));
    if para.chars().count() > SCOPE_MAX_CHARS {
        let cut: String = para.chars().take(SCOPE_MAX_CHARS).collect();
        para = match cut.rfind(' ') {
            Some(i) => cut[..i].to_string(),
            None => cut,
        };
    }
    let para = TRAILING_ITEM.replace(&para, "").into_owned();
    (para.split_whitespace().count() >= 4).then_some((para, from, from + end))
}

/// Finds the scope: the answer to the form's question, else the section under a scope
/// heading, else the paragraph of the first sentence saying what the registrant does or will
/// do that is not a disclaimer ("we will provide no legal advice on ..." is not scope), else
/// the first thing "we" or "the Consultant" will do that is not paperwork. A scope that only
/// points to an attachment is replaced by the attachment's text ([`follow_reference`]).
pub(super) fn find_scope(text: &str) -> Option<Scope> {
    let make = |(para, s, e): (String, usize, usize), confidence: f64| Scope {
        evidence: Evidence {
            page: page_at(text, s),
            snippet: collapse(&text[s..e].replace('\u{c}', " ")),
        },
        text: para,
        confidence,
    };
    let found = scope_after_question(text)
        .map(|p| (p, 0.9))
        .or_else(|| scope_under_heading(text).map(|p| (p, 0.8)))
        .or_else(|| scope_from_sentence(text).map(|p| (p, 0.6)))
        .or_else(|| scope_from_services_definition(text).map(|p| (p, 0.6)))
        .or_else(|| scope_from_registrant_will(text).map(|p| (p, 0.4)))?;
    let (p, confidence) = found;
    Some(make(follow_reference(text, p), confidence))
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
        if let Some(p) = p
            && (!weak || SCOPE_SENTENCE.is_match(&p.0))
            && !describes_nothing(&p.0)
            && !is_label_block(&text[p.1..p.2])
        {
            if !weak {
                return Some(p);
            }
            weak_found.get_or_insert(p);
        }
    }
    weak_found
}

/// The paragraph of the first sentence that says what the registrant does and is neither a
/// disclaimer ("we will provide no legal advice on ...") nor about money ("this Agreement
/// provides for a fee").
fn scope_from_sentence(text: &str) -> Option<(String, usize, usize)> {
    for m in SCOPE_SENTENCE.find_iter(text) {
        let s = skip_space(text, scope_sentence_start(text, m.start()));
        if NEGATED.is_match(&text[s..ceil_boundary(text, m.end() + 4)])
            || DOCUMENT_SUBJECT.is_match(&text[s..m.start()])
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
        // "the terms on which Firm LLC will work for you": whom it works for, not what it does.
        let works_for = m.as_str().ends_with("work") && WORK_FOR.is_match(governed);
        if MONEY.is_match(governed)
            || FEE_WORD.is_match(governed)
            || LASTS.is_match(governed)
            || participle_to
            || agreement_lead_in
            || works_for
        {
            continue;
        }
        // "The Chamber represents shipowners": the client, in the third person, says what it
        // is, not what the registrant does.
        let bare_verb = !m.as_str().contains(char::is_whitespace);
        if in_background(text, m.start())
            || (bare_verb && CLIENT_SUBJECT.is_match(&text[s..m.start()]))
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
/// is replaced by what that attachment says, when the text holds it: the paragraph or list
/// after a line that starts with the attachment's name ("SCHEDULE 1 - THE SERVICES", "Annex
/// A"), past a title line under it.
fn follow_reference(text: &str, found: (String, usize, usize)) -> (String, usize, usize) {
    let Some(c) = ATTACHMENT_REFERENCE.captures(&text[found.1..found.2]) else {
        return found;
    };
    let title = regex(&format!(
        r"(?mi)^[ \t]*{}[ \t]+{}\b[^\n]*\n",
        regex::escape(&c[1]),
        regex::escape(&c[2])
    ));
    for t in title.find_iter(text) {
        if (found.1..found.2).contains(&t.start()) {
            continue;
        }
        let mut from = skip_space(text, t.end());
        // A title line under the attachment's name ("SERVICES", "Statement of Work").
        let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
        let line = text[from..line_end].trim();
        if line.split_whitespace().count() <= 5 && !line.ends_with(['.', ';', ',']) {
            from = skip_space(text, line_end);
        }
        if let Some(p) = paragraph_from(text, from) {
            return p;
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
        if ADMIN_VERBS.contains(&&c[1]) {
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
        {
            continue;
        }
        if let Some(p) = paragraph_from(text, s) {
            return Some(p);
        }
    }
    None
}

/// The value of a label/value table row ("Services        Government relations in Washington,
/// including meetings with\n                congressional offices"): the rest of the line and
/// the indented lines under it. Only for a label that starts its line and a value that is not
/// a title in capitals ("SERVICES     AGREEMENT").
fn table_value(text: &str, label_at: usize, from: usize) -> Option<(String, usize, usize)> {
    let line_start = text[..label_at].rfind('\n').map_or(0, |i| i + 1);
    let first_word = text[from..].split_whitespace().next().unwrap_or("");
    if !text[line_start..label_at].trim().is_empty()
        || text[label_at..from]
            .trim_start()
            .starts_with(['.', ':', ';', ')'])
        || first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return None;
    }
    let mut end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    while end < text.len() {
        let next = text[end + 1..].split('\n').next().unwrap_or("");
        if next.trim().is_empty() || !next.starts_with([' ', '\t']) {
            break;
        }
        end += 1 + next.len();
    }
    let para = collapse(&text[from..end]);
    (para.split_whitespace().count() >= 4).then_some((para, from, end))
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
fn describes_nothing(para: &str) -> bool {
    (BARE_SERVICES.is_match(para) || SERVICES_ABOVE.is_match(para))
        && para.split_whitespace().count() < 30
        && !ATTACHMENT_REFERENCE.is_match(para)
}

fn skip_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start().len())
}

/// The answer to the first of the form's scope questions that is answered with a description:
/// an answer that points elsewhere ("See attached agreement.", "Same as above.") passes to the
/// next question. An answer ends at its question's first sentence end, ':' or '?' (the answer
/// may follow on the same line: "... agreement or understanding. Registrant will").
fn scope_after_question(text: &str) -> Option<(String, usize, usize)> {
    let b = text.as_bytes();
    // A question wrapped beside its answer does not read as one ("Describe fully the nature
    // and      The registrant will ..."): its start is enough to find the column.
    static QUESTION_START: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)\bdescribe\s+(?:fully|in\s+detail)\b"));
    if let Some(p) = QUESTION_START
        .find_iter(text)
        .filter_map(|m| answer_beside(text, m.start()))
        .flatten()
        .next()
    {
        return Some(p);
    }
    SCOPE_QUESTION.find_iter(text).find_map(|m| {
        let mut i = m.end();
        while i < b.len() && !(matches!(b[i], b':' | b'?') || ends_sentence(b, i)) {
            i += 1;
        }
        let mut from = skip_space(text, (i + 1).min(text.len()));
        // "Formal written contract. A copy is attached as Exhibit 1.": the form of the
        // agreement and where it is, not what it is for; what follows in the same answer is.
        let answer_start = from;
        while let Some(m) = AGREEMENT_FORM.find(&text[from..]) {
            from = skip_space(text, from + m.end());
        }
        if from > answer_start && is_break_between(text, answer_start, from) {
            return None;
        }
        let line_end = text[from..].find('\n').map_or(text.len(), |e| from + e);
        if REFERENCE_ANSWER.is_match(&text[from..line_end]) {
            return None;
        }
        paragraph_from(text, from)
    })
}

/// The answer in a column beside its question ("10. Describe fully the nature and      The
/// registrant will advise ..." over several lines, both columns wrapped): `None` when the form
/// is not laid out so, else the column's text (`Some(None)` when it points elsewhere). The
/// column starts after a gap of three spaces or more on the question's line and must have the
/// question's text beside it on a later line; it ends at the next numbered item or a blank
/// line.
#[allow(clippy::option_option)]
fn answer_beside(text: &str, q_at: usize) -> Option<Option<(String, usize, usize)>> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| regex(r"[ \t]{3,}\S"));
    static NEXT_ITEM: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*\d{1,2}\.\s"));
    let line_start = text[..q_at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[q_at..].find('\n').map_or(text.len(), |i| q_at + i);
    let gap = GAP.find(&text[q_at..line_end])?;
    let col = q_at + gap.end() - 1 - line_start;
    let mut cells = Vec::new();
    let mut two_columns = false;
    let mut end = line_start;
    for (n, line) in text[line_start..].split('\n').enumerate() {
        if n > 0 && (line.trim().is_empty() || NEXT_ITEM.is_match(line)) {
            break;
        }
        let (left, right) = match (line.get(..col), line.get(col..)) {
            (Some(l), Some(r)) => (l, r),
            _ => (line, ""),
        };
        two_columns |= n > 0 && !left.trim().is_empty() && !right.trim().is_empty();
        if !right.trim().is_empty() {
            cells.push(right.trim());
        }
        end = line_start + (text[line_start..].len()).min(end - line_start + line.len() + 1);
    }
    if !two_columns {
        return None;
    }
    let para = collapse(&cells.join(" "));
    if REFERENCE_ANSWER.is_match(&para) || para.split_whitespace().count() < 4 {
        return Some(None);
    }
    Some(Some((para, line_start + col, end.min(text.len()))))
}

/// The column under a table header: "Description of Services          Fee" over rows whose
/// first column wraps over several lines. The column runs from the heading's start to the
/// next header's; rule lines ("-----") are skipped; it ends at a blank line.
fn column_under(text: &str, label_at: usize) -> Option<(String, usize, usize)> {
    let line_start = text[..label_at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[label_at..]
        .find('\n')
        .map_or(text.len(), |i| label_at + i);
    let header = &text[line_start..line_end];
    let col = label_at - line_start;
    // The next header starts after a gap of two or more spaces.
    let next_col = header[col..]
        .find("  ")
        .and_then(|gap| {
            let after = col + gap;
            header[after..]
                .find(|c: char| !c.is_whitespace())
                .map(|i| after + i)
        })
        .unwrap_or(usize::MAX);
    // A column in the middle ("Service      Description      Fee") only under "Description".
    let first = text[line_start..label_at].trim().is_empty();
    let describes =
        text[label_at..].starts_with("Description") || text[label_at..].starts_with("DESCRIPTION");
    // A bare "Description" first column is an invoice's or a budget's ("Description   Amount").
    let bare = describes
        && !text[label_at..]
            .to_ascii_lowercase()
            .starts_with("description of");
    let usable = if first { !bare } else { describes };
    if !usable || next_col == usize::MAX {
        return None;
    }
    let mut cells = Vec::new();
    let mut end = line_end;
    for line in text[line_end..].split('\n').skip(1) {
        if line.trim().is_empty() && !cells.is_empty() {
            break;
        }
        end += line.len() + 1;
        if is_rule_line(line) || line.trim().is_empty() {
            continue;
        }
        let cell = line
            .get(col.min(line.len())..next_col.min(line.len()))
            .unwrap_or(line);
        cells.push(cell.trim().to_string());
    }
    let para = collapse(&cells.join(" "));
    (para.split_whitespace().count() >= 4).then_some((para, line_start, end.min(text.len())))
}

/// `from`, moved past a table's header row and rule line ("Task      Description\n----  ----")
/// to its first row.
fn skip_table_head(text: &str, from: usize) -> usize {
    let mut lines = text[from..].split('\n');
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return from;
    };
    if is_rule_line(first) {
        return skip_space(text, from + first.len());
    }
    if is_rule_line(second) && first.split_whitespace().count() <= 4 {
        return skip_space(text, from + first.len() + 1 + second.len());
    }
    from
}

/// Whether a section is a block of "Label: value" lines ("Client: ...\nAdviser: ..."), which
/// names the parties, not the work.
fn is_label_block(section: &str) -> bool {
    section
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| LABEL_LINE.is_match(l))
}

/// `para` without a table's rule lines ("-----"), nor the header row above the first one
/// ("Task        Description").
fn without_table_rules(para: &str) -> String {
    let lines: Vec<&str> = para.split('\n').collect();
    let header =
        lines.len() > 1 && is_rule_line(lines[1]) && lines[0].split_whitespace().count() <= 4;
    lines
        .iter()
        .skip(usize::from(header))
        .filter(|l| !is_rule_line(l))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table's rule line: only dashes, underscores, equals signs and spaces.
fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '–' | '—' | ' ' | '+' | '|'))
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

//! The client: the foreign principal the agreement is with.
//!
//! For: finding the client's name and its evidence in the text. Not for: matching it to DOJ's
//! principals (`documents::fields::match_principal`).

use std::sync::LazyLock;

use regex::Regex;

use super::Client;
use super::term::dates_in;
use super::text::{collapse, ends_sentence, evidence, floor_boundary, regex, sentence};

/// Exhibit A's and the registration statement's "Name of Foreign Principal" (NSD-1's "List
/// every foreign principal for whom the registrant is acting"), the strongest source: the
/// value follows on the same line or on the next.
static PRINCIPAL_LABEL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)name\s+of\s+(?:the\s+)?foreign\s+principal\b[ \t]*:?[ \t]*"));
static PRINCIPAL_LIST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)foreign\s+principals?\s+for\s+whom\s+the\s+registrant\b[^\n:]{0,40}[ \t]*:?[ \t]*")
});
/// "Client: X" in a letter or term sheet, "Client      X" in a label/value table, a proposal's
/// "Prepared for: X".
static CLIENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?m)^[ \t]*(?:(?:Item|ITEM)[ \t]+\d{1,2}[a-z]?\.?[ \t]*|\d{1,2}[a-z]?[.)][ \t]*)?(?:[A-Za-zäöüÄÖÜ]+[ \t]*/[ \t]*)?(?:Client|Foreign [Pp]rincipal(?: [Nn]ame)?|Prepared [Ff]or|Contracting (?:Authority|Entity|Agency|Party)|Beneficiary|Customer)(?:[ \t]*:|[ \t]*\.{2,}|[ \t]{2,})[ \t]*(.+)$",
    )
});
/// A letter's addressee ("To: The State Agency for Export Credit"), the last resort: an
/// addressee is often a person.
static TO_LINE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?m)^[ \t]*To[ \t]*:[ \t]*(.+)$"));
/// A party with its defined roles: `X (the "Client")`, `X ("you" or the "Company")`,
/// `X ("LCCI" or "you")`, or without parentheses `X, hereinafter "the Beneficiary"`. The roles
/// are group 1 or group 2, see [`roles_of`].
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)\(\s*((?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?|(?:collectively|together),?\s+|each\s+(?:a|an|being\s+a)\s+)?(?:the\s+)?["“][^"”()]{1,40}["”](?:\s*,?\s*(?:or|and)?\s*(?:together\s+|collectively\s+)?(?:the\s+)?["“][^"”()]{1,40}["”]){0,3})\s*\)|,\s*((?:hereinafter|henceforth)\s+(?:referred\s+to\s+as\s+|called\s+)?["“]?(?:the\s+)?["“][^"”()]{1,40}["”])"#,
    )
});
/// The roles a [`ROLE`] match defines, in lower case: "client", "the beneficiary".
fn roles_of(c: &regex::Captures) -> Vec<String> {
    let defined = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
    QUOTED
        .captures_iter(defined)
        .map(|q| collapse(&q[1]).trim_matches([',', ' ']).to_lowercase())
        .map(|r| r.strip_prefix("the ").map(str::to_string).unwrap_or(r))
        .collect()
}
static QUOTED: LazyLock<Regex> = LazyLock::new(|| regex(r#"["“]([^"”]{1,40})["”]"#));
/// Where a party's name starts, looking back from its role.
static PARTY_START: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:\bbetween\b|\bby\b|\bwith\b|\)\s*,?\s*and\b|:|\n[ \t]*\n|[a-z)]\.[ \t\n]+|\n[ \t]*\(?\d{1,2}[.)][ \t]+|^)",
    )
});
/// A capitalised name running forward: "Zantara Airways S.A.", "Ministry of Trade and Industry";
/// words may wrap onto the next line, not over a blank line.
const NAME_RUN: &str = r"(?:[A-Z][\w'’.&-]*)(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:(?:of|the|and|for|de|du|la|al|des|del|y|&)(?:[ \t]+|[ \t]*\n[ \t]*))*[A-Z][\w'’.&-]*)*";
/// "on behalf of X", "agreement with X", "to assist X": a mention, weaker than a role.
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:[Oo]n\s+behalf\s+of(?:\s+our\s+client,?)?|\b[Oo]ur\s+client,|(?:agreement|engagement|contract)(?:\s+letter)?(?:\s+(?:of|dated)\s+[A-Z][a-z]+\s+\d{{1,2}},?\s+\d{{4}})?\s+with|act\s+for|work\s+for|services\s+to|relationship\s+with|(?:to|will)\s+(?:represent|assist)|(?:to\s+)?work\s+with|(?:representative|agent|adviser|advisor|agency\s+of\s+record|counsel)(?:\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s+(?:of|to|for))\s+(?:you,\s+)?(?:the\s+)?({NAME_RUN})"
    ))
});
/// "X has retained us", "X has asked Firm LLP to": the subject is the client.
static HAS_RETAINED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:(?:has|have)\s+(?:now\s+)?(?:retained|engaged|asked|chosen|selected|appointed|hired|commissioned|instructed)|(?:hereby\s+)?(?:retains|engages|appoints|hires)|(?:intends?|wish(?:es)?|desires?|has\s+decided|decided)\s+to\s+(?:retain|engage|hire|appoint))\b",
    )
});
/// A subject line about the engagement, and the party it names (group 1).
static SUBJECT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?mi)^[ \t]*(?:re|subject)[ \t]*:[ \t]*[^\n]{0,40}?\b(?:engagement|retention|representation|agreement|retainer|proposal)\b[ \t]*(?:[-–—:]|\bwith\b|\bfor\b|\bby\b)[ \t]*(?:the[ \t]+)?([^\n]+)$",
    )
});
/// A letter's closing, before its signature.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?mi)^[ \t]*(?:(?:very\s+)?(?:truly|sincerely|faithfully|cordially)\s+yours|yours\s+(?:very\s+)?(?:truly|sincerely|faithfully)|sincerely|respectfully(?:\s+submitted)?|(?:with\s+)?(?:best|kind|warm)\s+regards|regards)[ \t]*,?[ \t]*$",
    )
});
/// What may stand before a party's name and is not part of it: a recital's "WHEREAS," and a
/// list number ("(1)", "2.").
static NAME_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:(?i:whereas),?\s+|\(\s*[0-9a-z]{1,3}\s*\)\s*|[0-9]{1,2}[.)]\s+)+")
});
/// A person's title before the name: "Mr. Viktor Alm" is Viktor Alm.
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:Mr|Mrs|Ms|Dr|Messrs|H\.E)\.?\s+"));
/// A legal suffix after the name's comma: "Atlantic Horizon Institute, Inc., a nonprofit".
static SUFFIX_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*,?\s*(?:LLC|L\.L\.C\.|Inc\.?|LLP|PLLC|LP|Ltd\.?|Corp\.?)(?:\W|$)")
});
/// An invoice's "Bill To:", the name on the same line or the next.
static BILL_TO: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?im)^[ \t]*bill(?:ed)?[ \t]+to\b[ \t]*:?[ \t]*"));
/// "First Party: X", "Second Party: Y", "Party A: X".
static PARTY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?mi)^[ \t]*(?:the[ \t]+)?(?:(?:first|second|1st|2nd)[ \t]+party|party[ \t]+[ab12])[ \t]*:[ \t]*(.+)$",
    )
});
/// A sentence end inside a run of capitalised words: a word of three letters or more in lower
/// case before the dot ("Doravia. We"), not an abbreviation ("e.V.", "St. Lucia").
static SENTENCE_END_IN_NAME: LazyLock<Regex> = LazyLock::new(|| regex(r"[A-Za-z][a-z]{2}\. [A-Z]"));
/// The last words of a firm's name without a legal suffix: "Tidewater Ridge Consulting",
/// "Brookmere Law", "Gullwing Public Relations".
static FIRM_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:Consulting|Consultants|Consultancy|Strategies|Partners|Associates|Advisors|Advisers|Advisory|Communications|Lobbying|Solutions|PR|Public\s+Affairs|Public\s+Relations|Law)$",
    )
});
/// "retained by X", "Engagement of Firm LLP by X", "our engagement by X".
static RETAINED_BY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?:\b(?:retained|engaged|hired|commissioned|appointed)|\b(?i:engagement|retention)(?:\s+of\s+[^\n()]{{1,80}}?)?)\s+by\s+(?:the\s+)?({NAME_RUN})"
    ))
});
/// "between A and B", "Between: A / And: B": the client is the one that is not a firm.
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b(?:[Bb]etween|BETWEEN)[ \t]*:?\s+(?:the\s+)?({NAME_RUN}),?\s+(?:and|And|AND)[ \t]*:?\s+(?:the\s+)?({NAME_RUN})"
    ))
});
/// A party's representative clause: "represented by", "represented herein by", "acting
/// through", "acting by".
static REPRESENTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i),?\s*(?:(?:duly\s+)?represented\s+(?:herein\s+|in\s+this\s+act\s+)?by|acting\s+(?:through|by))\b",
    )
});
/// Words that make a capitalised run an organisation rather than a person or a phrase.
static ORG_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:Ministry|Embassy|Government|Republic|Kingdom|Emirate|Sultanate|Principality|State|Office|Bank|Authority|Agency|Council|Board|Fund|Association|Federation|Chamber|Institute|Committee|Commission|Company|Corporation|Party|Organi[sz]ation|Foundation|Society|Union|League|Bureau|Directorate|Administration|Parliament|Centre|Center|Museum|Assembly|Presidency|Province|Municipality|University|Airways|Airlines|Holdings|Group|Trust|AS|S\.A\.|PLC|AG|GmbH|JSC|SpA)\b",
    )
});
/// Addressees that are not the client: DOJ itself.
static DOJ_ADDRESSEE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\bFARA\b|department\s+of\s+justice|national\s+security\s+division|registration\s+unit",
    )
});
/// Defined terms in parentheses that are not parties: (the "Agreement"), (the "Effective Date").
static DEFINED_TERM: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:agreement|contract|date|effective|services|term|parties|schedule|memorandum)\b")
});
/// Roles that name the client, and roles or suffixes that name the registrant.
const CLIENT_ROLES: &[&str] = &[
    "client",
    "principal",
    "foreign principal",
    "ministry",
    "embassy",
    "government",
    "board",
    "chamber",
    "company",
    "customer",
    "authority",
    "you",
    "bank",
    "council",
    "fund",
    "beneficiary",
    "office",
    "association",
    "federation",
    "institute",
    "commission",
    "foundation",
];
const REGISTRANT_ROLES: &[&str] = &[
    "consultant",
    "agency",
    "firm",
    "counsel",
    "advisor",
    "adviser",
    "registrant",
    "attorney",
    "contractor",
    "prime contractor",
    "subcontractor",
    "sub-contractor",
    "provider",
    "we",
    "us",
];
static FIRM_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:LLC|L\.L\.C\.|Inc\.?|LLP|PLLC|LP|Ltd\.?|Corp\.?)(?:\W|$)"));
/// Words that join the parts of a name ("Ministry of Trade and Industry").
const NAME_JOINERS: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "la", "al", "des", "del", "y", "&",
];
/// Capitalised words that open a sentence, not a name ("We are pleased that the Office ...").
const NOT_NAME_OPENERS: &[&str] = &[
    "We", "You", "Our", "Your", "This", "That", "These", "Thank", "Dear", "Please", "As", "In",
    "On", "By", "Re", "Between", "And", "With", "For", "Under", "I",
];

fn clean_name(raw: &str) -> Option<String> {
    let mut name = collapse(raw);
    name = NAME_PREFIX.replace(&name, "").into_owned();
    name = HONORIFIC.replace(&name, "").into_owned();
    // A name runs to a sentence end, not over it: "the Central Bank of Doravia. We will".
    if let Some(end) = SENTENCE_END_IN_NAME.find(&name) {
        name.truncate(end.start() + 3);
    }
    // "Nordhafen Industrieverband e.V., Hamburg", "the Republic of Ostravia, acting through ...":
    // a comma ends the name.
    if let Some(i) = name.find(", ") {
        name.truncate(i);
    }
    let name = name
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches([',', ';', ':', ' '])
        .to_string();
    let name = match name.get(..4) {
        Some(the) if the.eq_ignore_ascii_case("the ") => name[4..].to_string(),
        _ => name,
    };
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 3 && name.chars().next().is_some_and(|c| c.is_uppercase())).then_some(name)
}

/// Whether a word can be part of a name: capitalised, an abbreviation ("e.V."), a number, or
/// a joiner.
fn name_like(word: &str) -> bool {
    let w = word.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '(' | ')'));
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || w.chars().any(char::is_uppercase)
        || NAME_JOINERS.contains(&w)
}

/// The proper name that ends `s`: the run of capitalised words and joiners back to the first
/// word that is not part of a name ("We are pleased that the Office of the Prime Minister" →
/// "Office of the Prime Minister"). A sentence end or a comma before the run stops it.
fn trailing_name(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut first = words.len();
    for (i, w) in words.iter().enumerate().rev() {
        let last = i + 1 == words.len();
        let ends_clause = w.ends_with(',')
            || w.ends_with(';')
            || w.ends_with(':')
            || (w.ends_with('.') && w.matches('.').count() == 1);
        if !name_like(w) || (!last && ends_clause) {
            break;
        }
        first = i;
    }
    let mut run = &words[first..];
    while let Some(w) = run.first()
        && (NAME_JOINERS.contains(w) || NOT_NAME_OPENERS.contains(w) || *w == "The")
    {
        run = &run[1..];
    }
    clean_name(&run.join(" "))
}

/// A name taken from the start of a party's clause: as is when it reads as a name, else the
/// name at its end ("Thank you for choosing Firm LLP to represent the Ministry of X").
fn party_name(raw: &str) -> Option<String> {
    let name = clean_name(raw)?;
    let sentence_like =
        name.split_whitespace().any(|w| !name_like(w)) || NOT_NAME_OPENERS.contains(&name.as_str());
    if sentence_like {
        trailing_name(&collapse(raw)).or_else(|| leading_name(&name))
    } else {
        Some(name)
    }
}

/// The proper name that starts `s`, when a common noun or two follow it ("Morvanian
/// Democratic Union party" → "Morvanian Democratic Union"): two words or more, not a sentence's
/// opener.
fn leading_name(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let n = words.iter().take_while(|w| name_like(w)).count();
    let rest = &words[n..];
    (n >= 2 && rest.len() <= 2 && !NOT_NAME_OPENERS.contains(&words[0]))
        .then(|| clean_name(&words[..n].join(" ")))
        .flatten()
}

/// Whether a name is a firm's: a legal suffix ("LLC", "Inc."), or a firm's last word
/// ("Consulting", "Partners") in a name without an organisation word ("Ministry of
/// Information and Communications" is not a firm).
fn is_registrant_name(name: &str) -> bool {
    FIRM_SUFFIX.is_match(name) || (FIRM_WORD.is_match(name) && !ORG_WORD.is_match(name))
}

/// Finds the client, strongest source first: the form's "Name of Foreign Principal", a
/// "Client:" line, a party defined as the client (`X (the "Client")`, `X ("you")`), the subject
/// of "has retained us" or the agent of "retained by", the party of "between A and B" that is
/// not a firm, any other defined party that is not the registrant, a mention ("on behalf of
/// X"), the letter's addressee. Each returns the text it came from as evidence.
pub(super) fn find_client(text: &str) -> Option<Client> {
    let signers = signers(text);
    let not_signer = |c: &Client| {
        !signers
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&c.name) || c.name.starts_with(s.as_str()))
    };
    client_from_form(text)
        .or_else(|| client_from_client_line(text))
        .or_else(|| client_after_label(text, &BILL_TO))
        .or_else(|| client_from_party_lines(text))
        .or_else(|| client_from_roles(text, true, &signers))
        .or_else(|| client_from_retention(text))
        .or_else(|| client_from_between(text))
        .or_else(|| client_from_parties_block(text))
        .or_else(|| client_from_roles(text, false, &signers))
        .or_else(|| client_from_mention(text).filter(not_signer))
        .or_else(|| client_from_addressee(text).filter(not_signer))
        .or_else(|| client_from_letterhead(text))
        .or_else(|| client_from_subject_line(text))
        .or_else(|| client_from_to_line(text))
        .map(|c| first_of_pair(resolve_alias(text, c)))
}

/// Two organisations named together ("the Ministry of Finance of Ostra and the National Bank
/// of Ostra (each a "Client")"): the first is the client. A name with one organisation word
/// ("Ministry of Culture and the Arts") is one name.
fn first_of_pair(mut client: Client) -> Client {
    client.name = first_of_pair_name(&client.name);
    client
}

/// See [`first_of_pair`]; also a person and a company ("Viktor Alm and Alm Holdings Ltd.").
fn first_of_pair_name(name: &str) -> String {
    if let Some(i) = name.find(" and the ")
        && ORG_WORD.is_match(&name[..i])
        && ORG_WORD.is_match(&name[i + 9..])
    {
        return name[..i].to_string();
    }
    if let Some(i) = name.find(" and ")
        && FIRM_SUFFIX.is_match(&name[i + 5..])
        && !FIRM_SUFFIX.is_match(&name[..i])
        && name[..i].split_whitespace().count() >= 2
        && name[i + 5..].split_whitespace().count() >= 2
    {
        return name[..i].to_string();
    }
    name.to_string()
}

/// "First Party: X, represented by ..." / "Second Party: Firm LLC": the party that is not a
/// firm, when another one is.
fn client_from_party_lines(text: &str) -> Option<Client> {
    let parties: Vec<(String, bool, usize, usize)> = PARTY_LINE
        .captures_iter(text)
        .filter_map(|c| {
            let raw = c.get(1)?.as_str();
            let name = clean_name(raw)?;
            let firm = is_registrant_name(&name)
                || SUFFIX_AFTER
                    .is_match(&raw[raw.find(name.as_str()).map_or(0, |i| i + name.len())..]);
            let whole = c.get(0)?;
            Some((name, firm, whole.start(), whole.end()))
        })
        .collect();
    if !parties.iter().any(|p| p.1) {
        return None;
    }
    let (name, _, s, e) = parties.into_iter().find(|p| !p.1)?;
    Some(client_at(text, name, s, e))
}

/// A letter from the client to the firm: the addressee block (before "Dear") names a firm,
/// and the letterhead (the first line) names an organisation.
fn client_from_letterhead(text: &str) -> Option<Client> {
    let dear = text.find("\nDear ")?;
    let block = &text[..dear];
    let addressed_to_firm = block
        .lines()
        .rev()
        .take(8)
        .any(|l| FIRM_SUFFIX.is_match(l) || is_registrant_name(l.trim()));
    if !addressed_to_firm {
        return None;
    }
    let (start, first) = text
        .split('\n')
        .scan(0, |at, l| {
            let s = *at;
            *at += l.len() + 1;
            Some((s, l))
        })
        .find(|(_, l)| !l.trim().is_empty())?;
    let line = first.trim();
    // Letterheads are often in capitals: "EMBASSY OF THE REPUBLIC OF TALVENIA".
    let titled: String = line
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| {
                f.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    let name = clean_name(line).filter(|n| {
        (ORG_WORD.is_match(n) || ORG_WORD.is_match(&titled))
            && !is_registrant_name(n)
            && !FIRM_SUFFIX.is_match(line)
            && !DOJ_ADDRESSEE.is_match(line)
            && !line.chars().any(|c| c.is_ascii_digit())
    })?;
    Some(client_at(text, name, start, start + first.len()))
}

/// Who signs a letter: the first name-like line of two words or more after its closing
/// ("Sincerely,", "Very truly yours,", "With best regards,"). The signer is the registrant.
fn signers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in CLOSING.find_iter(text) {
        let after = text[m.end()..].split('\n').filter(|l| !l.trim().is_empty());
        for line in after.take(3) {
            if let Some(name) = clean_name(line)
                && name.split_whitespace().count() >= 2
                && name.split_whitespace().all(name_like)
            {
                out.push(name);
                break;
            }
        }
    }
    out
}

fn client_at(text: &str, name: String, start: usize, end: usize) -> Client {
    Client {
        name,
        evidence: evidence(text, start, end.min(text.len())),
    }
}

/// "Name of Foreign Principal": the value on the same line, else the next non-empty line's
/// first column (Exhibit A puts two items side by side).
fn client_from_form(text: &str) -> Option<Client> {
    client_after_label(text, &PRINCIPAL_LABEL)
        .or_else(|| client_after_label(text, &PRINCIPAL_LIST_LABEL))
}

fn client_after_label(text: &str, label: &Regex) -> Option<Client> {
    for m in label.find_iter(text) {
        let line_end = text[m.end()..]
            .find('\n')
            .map_or(text.len(), |i| m.end() + i);
        let same_line = first_column(&text[m.end()..line_end]);
        let candidate = if !same_line.is_empty() && !looks_like_label(same_line) {
            Some((same_line.to_string(), line_end))
        } else {
            let mut at = line_end;
            let mut found = None;
            for line in text[line_end..].split('\n').skip(1).take(3) {
                at += line.len() + 1;
                let col = first_column(line);
                if !col.is_empty() {
                    // `at` is the end of this line (the split skipped the label's own '\n').
                    found = Some((col.to_string(), at));
                    break;
                }
            }
            // A name wrapped in a narrow column: "Sardossa Ministry of\n   Foreign Affairs".
            if let Some((name, end)) = &mut found
                && name
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| NAME_JOINERS.contains(&w))
                && let Some(next) = text.get(*end + 1..).and_then(|t| t.split('\n').next())
                && !first_column(next).is_empty()
            {
                name.push(' ');
                name.push_str(first_column(next));
                *end = (*end + 1 + next.len()).min(text.len());
            }
            found
        };
        if let Some((raw, e)) = candidate
            && !looks_like_label(&raw)
            && let Some(name) = clean_name(&raw)
        {
            return Some(client_at(text, name, m.start(), e));
        }
    }
    None
}

fn client_from_client_line(text: &str) -> Option<Client> {
    CLIENT_LINE.captures_iter(text).find_map(|c| {
        let name = clean_name(first_column(c.get(1)?.as_str()))?;
        let whole = c.get(0)?;
        Some(client_at(text, name, whole.start(), whole.end()))
    })
}

/// A party with a defined role. With `client_role`, only a role that names the client
/// ("Client", "Ministry", "you"); without, the first party of two words or more that is not
/// the registrant.
fn client_from_roles(text: &str, client_role: bool, signers: &[String]) -> Option<Client> {
    for c in ROLE.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let roles = roles_of(&c);
        if roles.iter().all(|r| DEFINED_TERM.is_match(r)) {
            continue;
        }
        let Some((at, name)) = party_before(text, whole.start()) else {
            continue;
        };
        if DEFINED_TERM.is_match(&name.to_ascii_lowercase()) {
            continue;
        }
        // "Atlantic Horizon Institute, Inc., a nonprofit (the "Institute")": the suffix the
        // name stopped before makes it a firm.
        let suffixed = text[at..].starts_with(name.as_str())
            && SUFFIX_AFTER.is_match(&text[at + name.len()..whole.start()]);
        let name = first_of_pair_name(&name);
        let names_client = roles.iter().any(|role| {
            CLIENT_ROLES
                .iter()
                .any(|r| role == r || role.starts_with(r))
        });
        let names_registrant = roles
            .iter()
            .any(|role| REGISTRANT_ROLES.contains(&role.as_str()))
            || is_registrant_name(&name)
            || suffixed;
        let take = if client_role {
            names_client && !is_registrant_name(&name) && !suffixed
        } else {
            !names_registrant
                && name.split_whitespace().count() >= 2
                && !signers.iter().any(|s| s.eq_ignore_ascii_case(&name))
        };
        if take {
            return Some(client_at(text, name, at, whole.end()));
        }
    }
    None
}

/// The party whose role definition starts at `role_at` (`X (the "Client")`): its name and
/// where it starts (at the name when the text quotes it on one line, else at the clause).
fn party_before(text: &str, role_at: usize) -> Option<(usize, String)> {
    // A party's description runs to 400 bytes ("CORVANE HOLDINGS PLC, a public company
    // incorporated under the laws of ... whose registered office is at ... (the "Company")");
    // the window starts at a word, never inside a name ("ALVERA" for "CALVERA").
    let mut window_start = floor_boundary(text, role_at.saturating_sub(400));
    if window_start > 0 {
        window_start = text[window_start..role_at]
            .find(char::is_whitespace)
            .map_or(role_at, |i| window_start + i);
    }
    let mut window = &text[window_start..role_at];
    // "X, represented by the Minister, Mrs. Y, hereinafter "the Ministry"": the party is X,
    // not its representative.
    if let Some(m) = REPRESENTED_BY.find_iter(window).last() {
        window = &window[..m.start()];
    }
    // The nearest start that gives a name: in "the Government of Amaria, represented by its
    // Ministry of Tourism", "by its Ministry" does not, "between the Government" does.
    let starts: Vec<usize> = PARTY_START.find_iter(window).map(|m| m.end()).collect();
    let (party_start, name) = starts
        .iter()
        .rev()
        .find_map(|&s| party_name(&window[s..]).map(|n| (s, n)))?;
    let at = window[party_start..]
        .find(name.as_str())
        .map_or(party_start, |i| party_start + i);
    Some((window_start + at, name))
}

/// A client named by its defined short name ("SIAC engages the Adviser") is named in full, as
/// its definition gives it (`Sovereign Investment Authority of Caltrea ("SIAC")`).
fn resolve_alias(text: &str, client: Client) -> Client {
    if client.name.split_whitespace().count() > 1 {
        return client;
    }
    let alias = client.name.to_lowercase();
    for c in ROLE.captures_iter(text) {
        let defines = roles_of(&c).contains(&alias);
        let whole = c.get(0).expect("match");
        if defines
            && let Some((at, name)) = party_before(text, whole.start())
            && name.split_whitespace().count() > 1
            && !is_registrant_name(&name)
        {
            return client_at(text, name, at, whole.end());
        }
    }
    client
}

/// "The Embassy of X has retained us", "X ("LCCI") has asked Firm LLP to", "has been
/// retained by X", "Re: Engagement of Firm LLP by X".
fn client_from_retention(text: &str) -> Option<Client> {
    for m in HAS_RETAINED.find_iter(text) {
        let (s, _) = sentence(text, m.start(), m.end(), 250);
        let before = text[s..m.start()].trim_end();
        // A role in parentheses between the name and the verb.
        let before = match before.strip_suffix(')').and_then(|b| b.rfind('(')) {
            Some(open) => before[..open].trim_end(),
            None => before,
        };
        if let Some(name) = trailing_name(before).filter(|n| !is_registrant_name(n)) {
            let at = before.rfind(name.as_str()).map_or(s, |i| s + i);
            return Some(client_at(text, name, at, m.end()));
        }
    }
    RETAINED_BY.captures_iter(text).find_map(|c| {
        let name = clean_name(c.get(1)?.as_str()).filter(|n| !is_registrant_name(n))?;
        let whole = c.get(0)?;
        Some(client_at(text, name, whole.start(), whole.end()))
    })
}

fn client_from_between(text: &str) -> Option<Client> {
    BETWEEN.captures_iter(text).find_map(|c| {
        let name = not_the_firm(c.get(1)?.as_str(), c.get(2)?.as_str())?;
        let whole = c.get(0)?;
        Some(client_at(text, name, whole.start(), whole.end()))
    })
}

/// Of two parties, the one that is not a firm; `None` unless exactly one is.
fn not_the_firm(a: &str, b: &str) -> Option<String> {
    let (a, b) = (clean_name(a)?, clean_name(b)?);
    match (is_registrant_name(&a), is_registrant_name(&b)) {
        (true, false) => Some(b),
        (false, true) => Some(a),
        _ => None,
    }
}

/// A title page's parties, one to a line with "and" alone between them:
/// "Belmarra Sugar Producers Association\nand\nFenwright Public Affairs LLC".
fn client_from_parties_block(text: &str) -> Option<Client> {
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len() + 1;
            Some((start, l))
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    lines.windows(3).find_map(|w| {
        let [(a_at, a), (_, and), (b_at, b)] = w else {
            return None;
        };
        let and = and
            .trim()
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        if !and.eq_ignore_ascii_case("and") {
            return None;
        }
        let name = not_the_firm(a, b)?;
        let at = if a.contains(name.as_str()) {
            *a_at
        } else {
            *b_at
        };
        Some(client_at(text, name, at, b_at + b.len()))
    })
}

/// "on behalf of X", "agreement with X", "to represent X": a name of two words or more, and
/// for the weaker wording ("to assist", "work with", "representative of") one that names an
/// organisation.
fn client_from_mention(text: &str) -> Option<Client> {
    for c in MENTION.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let name = c.get(1).expect("group").as_str();
        // The capitalised run may cross a sentence end: "... of Pannonia. Ridgeback will".
        let b = name.as_bytes();
        let name = (0..b.len())
            .find(|&i| ends_sentence(b, i))
            .map_or(name, |i| &name[..i]);
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("registrant") || lower.starts_with("client") {
            continue;
        }
        let weak = {
            let verb = whole.as_str().to_ascii_lowercase();
            [
                "assist",
                "work with",
                "representative",
                "agent",
                "advis",
                "services",
            ]
            .iter()
            .any(|w| verb.contains(w))
        };
        if let Some(clean) = clean_name(name)
            && clean.split_whitespace().count() >= 2
            && !is_registrant_name(&clean)
            && (!weak || ORG_WORD.is_match(&clean))
        {
            let end = c.get(1).expect("group").start() + name.len();
            return Some(client_at(text, clean, whole.start(), end));
        }
    }
    None
}

/// A letter's addressee block: the lines before "Dear ...", back to the date; the first that
/// names an organisation ("Agency for Foreign Investment of the Republic of Olbrecht") and is
/// not DOJ.
fn client_from_addressee(text: &str) -> Option<Client> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if line.trim_start().starts_with("Dear ") {
            break;
        }
        lines.push((at, line));
        at += line.len() + 1;
    }
    if at >= text.len() {
        return None;
    }
    let block: Vec<&(usize, &str)> = lines
        .iter()
        .rev()
        .take(10)
        .take_while(|(_, line)| dates_in(line).is_empty())
        .collect();
    block.into_iter().rev().find_map(|&(start, line)| {
        let line_t = line.trim();
        // "To: The State Agency ...", "Attention: ...".
        let line_t = ["To:", "Attention:", "Attn:"]
            .iter()
            .find_map(|p| line_t.strip_prefix(p))
            .unwrap_or(line_t)
            .trim();
        let usable = ORG_WORD.is_match(line_t)
            && !DOJ_ADDRESSEE.is_match(line_t)
            && !line_t.starts_with("Re")
            && !line_t.chars().any(|c| c.is_ascii_digit());
        let name = clean_name(line_t).filter(|_| usable)?;
        Some(client_at(text, name, start, start + line.len()))
    })
}

/// A letter's or e-mail's subject line naming the engagement's client: "Subject: Engagement -
/// Xalvar National Tourism Board", "Re: Retainer agreement with the Ministry of X"; an
/// organisation only.
fn client_from_subject_line(text: &str) -> Option<Client> {
    SUBJECT_LINE.captures_iter(text).find_map(|c| {
        let name = clean_name(&c[1]).filter(|n| ORG_WORD.is_match(n) && !is_registrant_name(n))?;
        let whole = c.get(0)?;
        Some(client_at(text, name, whole.start(), whole.end()))
    })
}

fn client_from_to_line(text: &str) -> Option<Client> {
    let c = TO_LINE.captures(text)?;
    if c[1].contains('@') || FIRM_SUFFIX.is_match(&c[1]) {
        return None;
    }
    let name = clean_name(first_column(&c[1]))?;
    let whole = c.get(0).expect("match");
    (name.split_whitespace().count() >= 3)
        .then(|| client_at(text, name, whole.start(), whole.end()))
}

/// The first column of a form line: text up to a run of two or more spaces.
fn first_column(line: &str) -> &str {
    let line = line.trim();
    line.find("  ").map_or(line, |i| &line[..i]).trim()
}

/// "4. Principal Address of Foreign Principal", "[X]": another form item, not a value.
fn looks_like_label(s: &str) -> bool {
    let s = s.trim();
    s.starts_with('[')
        || s.starts_with('(')
        || s.chars().next().is_some_and(|c| c.is_ascii_digit())
        || s.to_ascii_lowercase().contains("address")
}

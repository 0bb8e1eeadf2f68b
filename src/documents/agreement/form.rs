//! The form's answers: Exhibit AB's and the registration statement's questions about the
//! agreement, and which of their answers says what the registrant does.
//!
//! For: finding the answer to "Describe fully the activities the registrant engages in ..."
//! (and the nature-and-method and political-activities questions) under its question, on its
//! line or in a column beside it, and passing over answers that point elsewhere. Not for:
//! reading a section or sentence of an attached agreement (`scope`).

use std::sync::LazyLock;

use regex::Regex;

use super::SCOPE_MAX_CHARS;
use super::scope::{
    DEFINITION, SCOPE_SENTENCE, describes_nothing, paragraph_from, scope_from_sentence, skip_space,
};
use super::text::{ceil_boundary, collapse, cut_at_word, ends_sentence, is_break, regex};

/// The form questions whose answer is the scope: Exhibit AB's "Describe fully the nature and
/// method of performance of the above indicated agreement or understanding" and "Describe
/// fully the activities the registrant engages in or proposes to engage in", the registration
/// statement's "Describe in detail the activities the registrant will engage in or the services
/// it will render", "If yes, describe all such political activities", and the old Exhibit B's
/// box for an oral agreement, "give a complete description below of the terms and conditions
/// of the oral agreement or understanding".
static SCOPE_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)describe\s+(?:fully\s+|in\s+detail\s+)?(?:the\s+(?:nature\s+(?:and\s+method\s+of\s+performance\s+)?of\s+the\b|activities\s+(?:the\s+)?registrant\b|services\s+(?:the\s+)?registrant\b)|all\s+such\s+political\s+activities\b)|give\s+a\s+complete\s+description\s+(?:below\s+)?of\s+the\s+terms\s+and\s+conditions\s+of\s+the\s+oral\b",
    )
});

/// An answer that points elsewhere instead of describing anything: "See attached agreement.",
/// "Same as above.", "Oral agreement. See item 15.", "N/A", "To be determined.", "The engagement is set out in the attached proposal, ...", and "Plea5e refer to ..." as
/// OCR reads "Please".
pub(super) static REFERENCE_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[.…·\s]*(?:\(?[a-z0-9]{1,2}[.)]\s*)?(?:please\s+)?(?:\S{5,7}\s+(?:refer\s+to|see)\b|see\b|same\s+as\b|refer\b|as\s+(?:described|stated|set\s+(?:out|forth)|provided)\s+(?:above|in\s+(?:the\s+)?(?:attached|item|exhibit|section|article|clause|paragraph|annex|schedule|appendix))|attached\b|n/?a\b|none\b|no\s+change\b|unchanged\b|not\s+applicable\b|to\s+be\s+(?:determined|agreed|decided|confirmed)\b|tbd\b|unknown\b|not\s+(?:yet\s+)?(?:known|determined)\b|oral\s+agreement\s*[.;]\s*see\b|(?:the\s+|our\s+|its\s+)?(?:engagement|services|terms|agreement|scope|activities|work|nature|understanding)\b[^.\n]{0,40}?\b(?:is|are)\s+(?:fully\s+)?(?:set\s+(?:out|forth)|described|detailed|contained|outlined|specified|explained|defined)\s+in\s+(?:the\s+|its\s+)?(?:attached|enclosed|accompanying|exhibit|section|schedule|annex|appendix|item)\b)",
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

/// The form's own question, not an answer, from its sentence's start: "Describe fully the
/// activities the registrant engages in ...", "If yes, describe all such political
/// activities", "If the registrant arranges, directs, or participates in the preparation or
/// dissemination of informational materials, identify such materials", "The response must
/// include, but not be limited to, activities involving lobbying, promotion, perception
/// management ...", "Will the activities ... include political activities?".
pub(super) static FORM_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\bdescribe\s+(?:fully|in\s+detail|all)\b|\bif\s+the\s+registrant\b|^\s*(?:\d{1,2}[.)]\s*|\([a-z]\)\s*)?(?:if\s+(?:yes|so)\b|will\s+the\b|does\s+the\b|identify\b|state\b|list\b|set\s+forth\b|the\s+response\s+must\b|(?:your|each)\s+response\b|please\s+(?:describe|state|explain|identify)\b)",
    )
});

/// Which of the form's questions a question is, in the order their answers are preferred: the
/// activities ("Describe fully the activities the registrant engages in", the registration
/// statement's "services it will render") say what is done, where the nature and method of
/// performance often says only how the agreement was made ("an oral understanding reached in
/// Vienna", "Registrant is a subcontractor to ..."); when the activities' answer points to it
/// ("Same as Item 10"), the nature's is read; the political activities say it for one kind of
/// work only.
fn question_rank(question: &str) -> Question {
    static ACTIVITIES: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"(?i)^describe\s+(?:fully\s+|in\s+detail\s+)?the\s+(?:activities|services)\b")
    });
    if ACTIVITIES.is_match(question) {
        Question::Activities
    } else if question.to_ascii_lowercase().contains("political") {
        Question::Political
    } else {
        Question::Nature
    }
}

/// The form's scope questions, in the order their answers are preferred ([`question_rank`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Question {
    /// "Describe fully the activities the registrant engages in ...".
    Activities,
    /// "Describe fully the nature and method of performance ...".
    Nature,
    /// "If yes, describe all such political activities ...".
    Political,
}

/// The answer to the form's scope questions that is answered with a description, the
/// activities' first ([`question_rank`]): an answer that points elsewhere ("See attached
/// agreement.", "Same as above.") passes to the next question. An answer ends at its
/// question's first sentence end, ':' or '?' (the answer may follow on the same line: "...
/// agreement or understanding. Registrant will"). In a notice ending the agreement, or when the
/// answer is about an ending ("This amended Exhibit B is filed to report the termination of
/// the agreement."), an answer must say what is done.
pub(super) fn scope_after_question(text: &str, winding_down: bool) -> Option<FormAnswer> {
    // A question wrapped beside its answer does not read as one ("Describe fully the nature
    // and      The registrant will ..."): its start is enough to find the column.
    static QUESTION_START: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)\bdescribe\s+(?:fully|in\s+detail)\b"));
    static TERMINATION: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)\bterminat(?:ion|ed|es|e)\b"));
    // The form's footnote under a blank answer ('2 "Political activity," as defined in ...')
    // defines, it does not describe.
    let describes = |p: &(String, usize, usize)| {
        !DEFINITION.is_match(&p.0)
            && (SCOPE_SENTENCE.is_match(&p.0) || !(winding_down || TERMINATION.is_match(&p.0)))
    };
    // The nature-and-method answer often tells only how the agreement was reached ("The
    // understanding was reached in a telephone conversation ... Registrant will invoice
    // monthly", "Registrant and the foreign principal have an oral agreement. The foreign
    // principal pays a retainer of ...", "agreed by an exchange of emails dated ..., copies of
    // which are attached"), the political one why the registrant files ("out of
    // an abundance of caution"): such an answer counts when a sentence in it says what the registrant does.
    static HOW_MADE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:understanding|agreement|arrangement)\s+was\s+(?:reached|made|concluded|entered)|\breached\s+an?\s+(?:oral\s+)?(?:understanding|agreement)|\bfiling\s+this\s+(?:registration|statement|exhibit)|\babundance\s+of\s+caution\b|\b(?:have|has|is|there\s+is)\s+(?:an?\s+)?(?:oral|verbal|unwritten|written)\s+(?:agreement|understanding|contract|arrangement)\b|\bno\s+written\s+(?:contract|agreement)\b|\bagreed\s+(?:orally\s+)?(?:by|in|through|via|over)\s+(?:an?\s+)?(?:exchange|letters?|e-?mails?|correspondence|telephone|phone|meeting|conversation)\b|\bcop(?:y|ies)\s+of\s+which\s+(?:is|are)\s+attached\b|\bis\s+a\s+sub-?contractor\s+(?:to|of|under)\b",
        )
    });
    let says_work = |rank: Question, p: &(String, usize, usize)| {
        rank == Question::Activities
            || !HOW_MADE.is_match(&p.0)
            || scope_from_sentence(&p.0).is_some()
    };
    let rank = |at: usize| question_rank(&text[at..ceil_boundary(text, at + 60)]);
    let mut answers: Vec<(Question, (String, usize, usize))> = QUESTION_START
        .find_iter(text)
        .filter_map(|m| answer_beside(text, m.start()).map(|a| (rank(m.start()), a)))
        .filter_map(|(r, a)| {
            a.filter(|a| describes(a) && says_work(r, a))
                .map(|a| (r, a))
        })
        .collect();
    if answers.is_empty() {
        answers = SCOPE_QUESTION
            .find_iter(text)
            .filter_map(|m| {
                let r = rank(m.start());
                answer_after(text, m)
                    .filter(|a| describes(a) && says_work(r, a))
                    .map(|a| (r, a))
            })
            .collect();
    }
    let (question, best) = answers.iter().min_by_key(|(r, a)| (*r, a.1))?.clone();
    // The nature and method of performance often sums the work up in a sentence ("Registrant
    // will provide strategic communications services to the Ministry ...") that the
    // activities' answer then details: both are read, in the form's order.
    // Of the nature answer, from its first sentence that says what is done ("The agreement is
    // oral. On May 20, registrant agreed by telephone that registrant will provide media
    // relations services ...").
    let summary = (question == Question::Activities)
        .then(|| {
            answers
                .iter()
                .filter(|(r, _)| *r == Question::Nature)
                .filter_map(|(_, a)| {
                    let work = scope_from_sentence(&a.0)?.0;
                    (!best.0.contains(&work) && !POINTS_ELSEWHERE.is_match(&work))
                        .then_some((work, a.1, a.2))
                })
                .min_by_key(|a| a.1)
        })
        .flatten();
    Some(match summary {
        Some(nature) => {
            let mut parts = [nature, best];
            parts.sort_unstable_by_key(|p| p.1);
            FormAnswer {
                text: cut_at_word(&format!("{} {}", parts[0].0, parts[1].0), SCOPE_MAX_CHARS),
                spans: parts.iter().map(|p| (p.1, p.2)).collect(),
                question,
            }
        }
        None => FormAnswer {
            text: best.0,
            spans: vec![(best.1, best.2)],
            question,
        },
    })
}

/// A summary that only points to another answer or an attachment: "The Registrant will perform
/// the services described in Item 8 below."
static POINTS_ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:services|activities|work|tasks|duties)\s+(?:described|set\s+(?:out|forth)|specified|listed|detailed|outlined)\s+(?:in|under|at|below|above)\b",
    )
});

/// A form's answer that says what the registrant does ([`scope_after_question`]).
pub(super) struct FormAnswer {
    /// The answer as one paragraph: the nature-and-method answer's summary and the activities'
    /// answer, when both say what is done.
    pub text: String,
    /// Where each part is in the text, in order.
    pub spans: Vec<(usize, usize)>,
    /// The question whose answer is preferred.
    pub question: Question,
}

/// The answer under (or on the line of) the question `m` ([`scope_after_question`]).
fn answer_after(text: &str, m: regex::Match) -> Option<(String, usize, usize)> {
    let b = text.as_bytes();
    let question_end = |mut i: usize| {
        while i < b.len() && !(matches!(b[i], b':' | b'?') || ends_sentence(b, i)) {
            i += 1;
        }
        skip_space(text, (i + 1).min(text.len()))
    };
    {
        static NEXT_ITEM: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^\d{1,2}\.\s|^Yes\b.{0,12}\bNo\b"));
        let mut from = question_end(m.end());
        // The question's further sentences ("If the registrant arranges, directs, or
        // participates in the preparation ... of informational materials, identify such
        // materials ..."), before its answer.
        while from < text.len()
            && FORM_QUESTION
                .find(&text[from..])
                .is_some_and(|q| q.start() < 4)
        {
            // A question left unanswered: the next item's question, or its "Yes [ ] No [X]".
            if NEXT_ITEM.is_match(&text[from..]) {
                return None;
            }
            from = question_end(from + 1);
        }
        if NEXT_ITEM.is_match(&text[from..]) && !is_list_item_answer(text, m.start(), from) {
            return None;
        }
        // Leader dots or an ellipsis after the question ("this purpose. ...").
        while text[from..].starts_with(['.', '…', '·']) {
            from = skip_space(
                text,
                from + text[from..].chars().next().map_or(1, char::len_utf8),
            );
        }
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
            // "See attached. In summary, Registrant will ...": the summary is the answer.
            let block_end = text[from..].find("\n\n").map_or(text.len(), |i| from + i);
            let summary = scope_from_sentence(&text[from..block_end])?;
            return paragraph_from(text, from + summary.1);
        }
        paragraph_from(text, from).filter(|p| !DEFINITION.is_match(&p.0))
    }
}

/// Whether the numbered line at `from` starts the answer to the question at `q_at` (a list:
/// "1. Media relations"), not the form's next item: its number is not the question's next.
fn is_list_item_answer(text: &str, q_at: usize, from: usize) -> bool {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(\d{1,2})\s*[.,]\s"));
    let number = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        NUMBER
            .captures(&text[line_start..])
            .and_then(|c| c[1].parse::<u32>().ok())
    };
    match (number(q_at), number(from)) {
        (Some(q), Some(n)) => n != q + 1,
        (_, n) => n.is_some_and(|n| n == 1),
    }
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

/// The section of the attachment that a reference answer names: "Please refer to the attached
/// Consultancy Agreement, Sections 2 and 3", "Refer to Section 3 of the attached proposal",
/// "See attached agreement, paragraph 2", "As set out in the attached MOU, Article 3". The
/// section is the first line after the answer numbered so ("2. OBJECTIVES", "Section 3 -
/// Scope of Work", "ARTICLE 3"), read past its title; it must say what is done.
pub(super) fn referenced_section(text: &str) -> Option<(String, usize, usize)> {
    // "clauses 2 and 3": each number in turn; not the Act's "Section 1(o)".
    static SECTION_REF: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:section|article|paragraph|clause|part)s?\s+(\d{1,2})(?:\s*(?:,|and|&)\s*(\d{1,2}))?(\(|\s+of\s+the\s+act\b)?",
        )
    });
    static NEXT_ITEM: LazyLock<Regex> = LazyLock::new(|| regex(r"\n[ \t]*\d{1,2}\.\s"));
    SCOPE_QUESTION.find_iter(text).find_map(|m| {
        if question_rank(&text[m.start()..ceil_boundary(text, m.start() + 60)])
            == Question::Political
        {
            return None;
        }
        // The answer: from the question's end to the next blank line.
        let from = text[m.end()..]
            .find(['.', '?', ':'])
            .map_or(text.len(), |i| m.end() + i + 1);
        let from = skip_space(text, from);
        let mut end = text[from..]
            .find("\n\n")
            .map_or(text.len(), |i| from + i)
            .min(ceil_boundary(text, from + 300));
        if let Some(next) = NEXT_ITEM.find(&text[from..end]) {
            end = from + next.start();
        }
        let answer = &text[from..end];
        if !REFERENCE_ANSWER.is_match(answer) && !answer.to_lowercase().contains("attached") {
            return None;
        }
        SECTION_REF
            .captures_iter(answer)
            .filter(|c| c.get(3).is_none())
            .flat_map(|c| [c.get(1), c.get(2)])
            .flatten()
            .find_map(|n| section_numbered(text, end, n.as_str()))
    })
}

/// The section numbered `n` after byte `from` that says what is done ([`referenced_section`]).
fn section_numbered(text: &str, from: usize, n: &str) -> Option<(String, usize, usize)> {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?mi)^[ \t]*(?:(?:section|article|paragraph|clause|part)[ \t]+)?(\d{1,2})(?:[.):]|[ \t]+[-–—])?[ \t]+(\S[^\n]*)$",
        )
    });
    HEADING.captures_iter(&text[from..]).find_map(|c| {
        if c.get(1)?.as_str() != n {
            return None;
        }
        let title = c.get(2)?;
        // A footnote ("2 "Political activity," as defined in ..."), not a section.
        if title.as_str().starts_with(['"', '“']) {
            return None;
        }
        let at = from + title.start();
        // "2. OBJECTIVES" over its text, or "2. Services. The Consultant will ...".
        let p = match paragraph_from(text, at) {
            Some(first) if scope_from_sentence(&first.0).is_some() => first,
            _ => {
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                paragraph_from(text, skip_space(text, line_end))?
            }
        };
        // What the answer points to is the answer, under a title about the work ("ARTICLE 2 -
        // PURPOSE ...": "2.1 The Grant shall be used by the Grantee to carry out a research
        // and dialogue programme ..."), unless it says nothing.
        static WORK_TITLE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"(?i)\b(?:scope|services?|purpose|objectives?|activities|work|duties|tasks|deliverables|mandate|terms\s+of\s+reference|subject)\b",
            )
        });
        static MONEY_TITLE: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"(?i)\b(?:fees?|payments?|compensation|expenses|term|duration|termination)\b")
        });
        let work_title =
            WORK_TITLE.is_match(title.as_str()) && !MONEY_TITLE.is_match(title.as_str());
        let says = !describes_nothing(&p.0)
            && (scope_from_sentence(&p.0).is_some()
                || (work_title && p.0.split_whitespace().count() >= 8));
        says.then_some(p)
    })
}

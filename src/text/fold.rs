//! The one accent fold: how faralink makes `Société`, `SOCIETE` and `société` one spelling.
//!
//! For: every comparison of names people typed: name fingerprints ([`super::fingerprint`]),
//! country names ([`super::country`]) and watched firms (`crate::watch`). All of them fold
//! through [`to_ascii`], one transliteration (`any_ascii`: `é` → `e`, `ß` → `ss`, `ł` → `l`,
//! `Газпром` → `Gazprom`, `’` → `'`), so a name folds the same way wherever it is compared.
//!
//! Not for: the words of the full-text search (`search::words`), which must cut and fold text
//! exactly as SQLite's `unicode61` tokenizer indexes it (it keeps Cyrillic as Cyrillic, so a
//! transliterated query word would find nothing), nor a row's identity key, which keeps its
//! accents so that two filed spellings stay two rows.

use std::borrow::Cow;

/// `text` in ASCII, case kept: every other character is replaced by its `any_ascii`
/// transliteration (`Société Générale` → `Societe Generale`, `O’Brien` → `O'Brien`). Borrowed,
/// not copied, when `text` is ASCII already (most names).
pub fn to_ascii(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(any_ascii::any_ascii(text))
    }
}

/// `text` folded for word-by-word comparison: letters and digits in lower-case ASCII (through
/// [`to_ascii`]'s transliteration), `&` as the word `and`, every other character a blank
/// (blanks are not collapsed: split the result on whitespace). `"Muñoz & Cía."` →
/// `"munoz  and  cia "`.
///
/// Only letters and digits are transliterated: a symbol stays a word break (`Acme™` is
/// `acme `, not `acmetm`), as it was before there was one fold.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '&' {
            out.push_str(" and ");
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            for b in any_ascii::any_ascii_char(c).bytes() {
                out.push(if b.is_ascii_alphanumeric() {
                    char::from(b.to_ascii_lowercase())
                } else {
                    ' '
                });
            }
        } else {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fold, to_ascii};

    #[test]
    fn ascii_text_is_borrowed_and_other_scripts_transliterated() {
        assert!(matches!(
            to_ascii("CLS Strategies"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(to_ascii("Société Générale"), "Societe Generale");
        assert_eq!(to_ascii("Газпром"), "Gazprom");
        assert_eq!(to_ascii("O’Brien"), "O'Brien");
    }

    #[test]
    fn fold_keeps_letters_and_digits_and_breaks_on_everything_else() {
        let words = |s: &str| fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words("Muñoz & Cía."), "munoz and cia");
        assert_eq!(words("Côte d’Ivoire"), "cote d ivoire");
        assert_eq!(
            words("PETRÓLEOS MEXICANOS (\"PEMEX\")"),
            "petroleos mexicanos pemex"
        );
        assert_eq!(words("Acme™ Strategies, L.L.C."), "acme strategies l l c");
        assert_eq!(words("Газпром"), "gazprom");
        assert_eq!(words("İstanbul"), "istanbul");
        assert_eq!(words("Studio 5"), "studio 5");
    }

    /// The fold replaced two hand-written tables (country names and watched firms). Every
    /// letter they folded still folds to what they gave (upper case too).
    #[test]
    fn agrees_with_the_tables_it_replaced() {
        let tables: [(&str, &str); 23] = [
            ("àáâãäåāăą", "a"),
            ("çćč", "c"),
            ("èéêëēėęě", "e"),
            ("ìíîïīı", "i"),
            ("ñńň", "n"),
            ("òóôõöøōő", "o"),
            ("ùúûüūůű", "u"),
            ("ýÿ", "y"),
            ("śšşș", "s"),
            ("źżž", "z"),
            ("ř", "r"),
            ("ł", "l"),
            ("țţ", "t"),
            ("đð", "d"),
            ("ß", "ss"),
            ("æ", "ae"),
            ("œ", "oe"),
            ("þ", "th"),
            ("ÀÁÂÃÄÅ", "a"),
            ("ÉÈÊË", "e"),
            ("ÓÒÔÖÕØ", "o"),
            ("Ñ", "n"),
            ("Ç", "c"),
        ];
        for (letters, want) in tables {
            for c in letters.chars() {
                assert_eq!(fold(&c.to_string()), want, "{c}");
            }
        }
    }
}

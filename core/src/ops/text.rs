//! Rules for the short texts people see as names and titles (display names, ticket titles,
//! department names): one Unicode form, and nothing invisible that could disguise them; and how a
//! message counts tickets.
use unicode_normalization::UnicodeNormalization;

/// Trimmed and in NFC, so "é" typed two ways is one name.
pub fn tidy(value: &str) -> String {
    value.trim().nfc().collect()
}

/// Characters that change how text around them reads without showing themselves: bidirectional
/// overrides and isolates (which can make "txt.exe" read as "exe.txt"), and zero-width ones.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

pub fn no_invisible_rule(value: &str) -> Result<(), String> {
    if value.chars().any(invisible) {
        return Err("Remove the invisible characters (direction marks or zero-width spaces).".into());
    }
    Ok(())
}

/// A text only compared with stored ones (a login name, a search for a name) with its control
/// characters, which no stored name holds, as U+FFFD: it still matches nothing it did not, and
/// PostgreSQL, whose text cannot hold a NUL, takes it as SQLite does.
pub fn comparable(value: &str) -> String {
    value.chars().map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c }).collect()
}

/// "1 ticket", "2 tickets": a count of tickets as a message says it.
pub fn tickets_count(count: u64) -> String {
    format!("{count} ticket{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_to_one_form_and_invisible_characters_refused() {
        assert_eq!(tidy("  Cafe\u{301} "), "Café", "a combining accent becomes one character");
        assert_eq!(tidy("Café"), tidy("Cafe\u{301}"));
        for sneaky in ["invoice\u{202E}fdp.exe", "zero\u{200B}width", "\u{2066}isolated\u{2069}", "bom\u{FEFF}"] {
            assert!(no_invisible_rule(sneaky).is_err(), "{sneaky:?}");
        }
        assert!(no_invisible_rule("Ünïcödé 名前 عربى").is_ok(), "letters of any script are fine");
    }

    #[test]
    fn compared_text_holds_no_control_characters() {
        assert_eq!(comparable("a\0b\u{1c}c d"), "a\u{FFFD}b\u{FFFD}c d");
    }
}

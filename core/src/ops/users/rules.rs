//! Account field rules, for every use case that accepts them; the UI mirrors them for inline hints,
//! but these are the authority. Lengths count Unicode characters.

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = crate::infra::passwords::LONGEST;
pub const EMAIL_MAX: usize = 254;

/// Usernames, emails and login names are compared and stored trimmed and lower-cased.
pub fn normalize(raw: &str) -> String {
    raw.trim().to_lowercase()
}

pub const DISPLAY_NAME_MAX: usize = 100;

pub fn display_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > DISPLAY_NAME_MAX || name.chars().any(char::is_control) {
        return Err(format!("Use 1 to {DISPLAY_NAME_MAX} characters, on one line."));
    }
    crate::ops::text::no_invisible_rule(name)
}

pub fn username(value: &str) -> Result<(), String> {
    let length = value.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
        return Err(format!("Use {USERNAME_MIN} to {USERNAME_MAX} characters."));
    }
    if !value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')) {
        return Err("Use only letters, digits, dots, dashes and underscores.".into());
    }
    Ok(())
}

pub fn email(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("Enter an email address.".into());
    }
    // A bare address only: no display name ("Ada <ada@…>"), and nothing that could start a new header.
    let bare = !value.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    if !bare
        || value.chars().count() > EMAIL_MAX
        || !email_address::EmailAddress::is_valid(value)
        || !value.contains('.')
    {
        return Err("Enter a valid email address, like name@example.com.".into());
    }
    Ok(())
}

pub fn password(value: &str, username: &str, email: &str) -> Result<(), String> {
    let length = value.chars().count();
    if length < PASSWORD_MIN {
        return Err(format!("Use at least {PASSWORD_MIN} characters."));
    }
    if length > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    // A team desk's server checks a password in its SASLprep form, which a control or private-use
    // character does not have (its driver then refuses to send it): such a password could be set
    // but never used.
    if stringprep::saslprep(value).is_err() {
        return Err("Use letters, digits, spaces and punctuation: a control or private-use character cannot be \
                    part of a password."
            .into());
    }
    let lowered = value.to_lowercase();
    if lowered == username || lowered == email {
        return Err("Your password must differ from your username and email.".into());
    }
    password_strength(value, &[username, email])
}

/// Rejects guessable passwords (zxcvbn score below 3 of 4), explaining why as zxcvbn does.
fn password_strength(value: &str, personal: &[&str]) -> Result<(), String> {
    let estimate = zxcvbn::zxcvbn(value, personal);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let mut sentences = vec!["This password is too easy to guess.".to_owned()];
    if let Some(feedback) = estimate.feedback() {
        if let Some(warning) = feedback.warning() {
            sentences = vec![warning.to_string()];
        }
        sentences.extend(feedback.suggestions().iter().map(ToString::to_string));
    }
    // zxcvbn ends some of its sentences with a full stop and not others.
    let sentences: Vec<String> = sentences.iter().map(|s| s.trim().trim_end_matches('.').to_owned() + ".").collect();
    Err(sentences.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_password_advice_reads_as_sentences() {
        for weak in ["password1", "qwerty12", "abcabcabc", "11111111", "helpdesk2026", "iloveyou1"] {
            let advice = password(weak, "ann", "ann@example.com").expect_err(weak);
            assert!(!advice.contains(".."), "{weak}: {advice}");
            assert!(advice.ends_with('.') && !advice.contains(".A") && !advice.contains(". ."), "{weak}: {advice}");
        }
    }

    #[test]
    fn usernames() {
        assert!(username("ada").is_ok());
        assert!(username("a.b_c-1").is_ok());
        assert!(username("ab").is_err());
        assert!(username(&"a".repeat(33)).is_err());
        assert!(username("ada lovelace").is_err());
        assert!(username("Ada").is_err(), "callers normalise first");
        assert_eq!(normalize("  Ada@Example.com "), "ada@example.com");
    }

    #[test]
    fn emails() {
        assert!(email("ada@example.com").is_ok());
        assert!(email("").is_err());
        assert!(email("ada").is_err());
        assert!(email("ada@localhost").is_err());
        assert!(email("a b@example.com").is_err());
        for wrapped in [
            "Ada <ada@example.com>",
            "<ada@example.com>",
            "ada@example.com\r\nBcc: eve@example.com",
            "ada@example.com\n",
            "ada\t@example.com",
            "ada@example.com, eve@example.com",
        ] {
            assert!(email(wrapped).is_err(), "{wrapped:?}");
        }
    }

    #[test]
    fn passwords() {
        assert!(password("correct horse battery", "ada", "ada@example.com").is_ok());
        assert!(password("short", "ada", "ada@example.com").is_err());
        assert!(password(&"x".repeat(129), "ada", "ada@example.com").is_err());
        let longest: String =
            "zwölf boxkämpfer jagen viktor quer über den sylter deich ".chars().cycle().take(128).collect();
        assert!(longest.len() > 128, "more bytes than characters");
        assert!(password(&longest, "ada", "ada@example.com").is_ok(), "counts characters, not bytes");
        assert!(password("Ada@Example.com", "ada", "ada@example.com").is_err());
        assert!(password("lovelace1", "lovelace1", "ada@example.com").is_err());
    }

    #[test]
    fn weak_and_common_passwords_are_refused_with_feedback() {
        for weak in ["password", "password123", "qwertyuiop", "12345678", "iloveyou1", "aaaaaaaaaa"] {
            let message = password(weak, "ada", "ada@example.com").expect_err(weak);
            assert!(message.len() > 20, "feedback for {weak}: {message}");
        }
        assert!(password("ada.lovelace.1815", "ada.lovelace", "ada@example.com").is_err(), "built on the username");
        assert!(password("granite-willow-\u{7f}echo", "ada", "ada@example.com").is_err(), "a control character");
        assert!(password("granite-willow-\u{e000}echo", "ada", "ada@example.com").is_err(), "a private-use one");
        assert!(password("granité-wîllow-échø", "ada", "ada@example.com").is_ok(), "accents are letters");
        assert!(password("plum-kettle-harbour", "ada", "ada@example.com").is_ok());
    }
}

//! Keyword search, the one place that knows the full-text engine (SQLite FTS5; the migration that
//! creates `ticket_search` keeps it in step with every write). PostgreSQL would answer the same
//! three questions with a tsvector column: which tickets match, how well, and which words to show.
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Alias, ColumnRef, Expr, IntoTableRef, Order, SelectStatement, SimpleExpr};

/// The full-text table: one row per ticket, rowid = ticket id.
pub const TABLE: &str = "ticket_search";
/// At most this many words of a query count; the rest are ignored.
const MAX_TERMS: usize = 12;
/// Longer "words" are cut: nobody types them, and they only make the index work harder.
const MAX_TERM_CHARS: usize = 40;

/// A query as the engine takes it, and the words it looks for (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keywords {
    pub expression: String,
    pub terms: Vec<String>,
}

/// Turns whatever a user typed into a safe match expression: words are letters and digits only, each
/// quoted, all required, the last one also matching as a prefix (results follow the typing). Quotes,
/// operators, brackets and emoji are separators, so no input can be a syntax error. None when no word
/// is left. Customers search the title and public text only, never internal notes.
pub fn keywords(text: &str, include_notes: bool) -> Option<Keywords> {
    let mut terms: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word: String = word.chars().take(MAX_TERM_CHARS).collect::<String>().to_lowercase();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    let last = terms.len().checked_sub(1)?;
    let phrases: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(i, term)| if i == last { format!("\"{term}\"*") } else { format!("\"{term}\"") })
        .collect();
    let columns = if include_notes { "{title body notes}" } else { "{title body}" };
    Some(Keywords { expression: format!("{columns} : ({})", phrases.join(" AND ")), terms })
}

fn match_condition(keywords: &Keywords) -> SimpleExpr {
    Expr::cust_with_values(format!("{TABLE} MATCH ?"), [keywords.expression.clone()])
}

/// Makes `select` read `tickets` (whose id column is `id`) matching `keywords`, newest first, with their
/// `rank`. The index drives (CROSS JOIN keeps it the outer loop), so a page stops early however many
/// tickets match, and only the tickets read are ranked.
pub fn newest_matches(select: &mut SelectStatement, tickets: impl IntoTableRef, id: ColumnRef, keywords: &Keywords) {
    select
        .from(Alias::new(TABLE))
        .cross_join(tickets)
        .and_where(Expr::col((Alias::new(TABLE), Alias::new("rowid"))).equals(id))
        .and_where(match_condition(keywords))
        .expr_as(rank(), Alias::new("rank"))
        .order_by_expr(Expr::col((Alias::new(TABLE), Alias::new("rowid"))), Order::Desc);
}

/// How well a ticket matched: smaller is better (titles weigh most, set by the migration).
fn rank() -> SimpleExpr {
    Expr::cust(format!("{TABLE}.rank"))
}

/// A short excerpt of `text` around the first of `terms` it contains (case-insensitively), or None.
pub fn excerpt(text: &str, terms: &[String]) -> Option<String> {
    const BEFORE: usize = 60;
    const AFTER: usize = 140;
    // ASCII lower-casing keeps byte offsets, so a position in `lower` is one in `text`.
    let lower = text.to_ascii_lowercase();
    let at = terms.iter().filter_map(|t| lower.find(t.as_str())).min()?;
    let start = text[..at].char_indices().rev().nth(BEFORE).map_or(0, |(i, _)| i);
    let end = text[at..].char_indices().nth(AFTER).map_or(text.len(), |(i, _)| at + i);
    let mut excerpt = text[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        excerpt.insert(0, '…');
    }
    if end < text.len() {
        excerpt.push('…');
    }
    Some(excerpt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_input_becomes_quoted_words() {
        let k = keywords(r#"printer "OFF-line" (AND) NEAR( * ^ 😀 -x"#, false).expect("words");
        assert_eq!(k.terms, ["printer", "off", "line", "and", "near", "x"]);
        assert_eq!(k.expression, r#"{title body} : ("printer" AND "off" AND "line" AND "and" AND "near" AND "x"*)"#);
        assert_eq!(keywords(" \"*()😀 ", true), None);
        assert!(keywords("vpn", true).expect("word").expression.starts_with("{title body notes}"));
    }

    #[test]
    fn excerpts_surround_the_first_match() {
        let text = format!("{} the Printer jammed {}", "a ".repeat(100), "b ".repeat(100));
        let excerpt = excerpt(&text, &["printer".into()]).expect("found");
        assert!(excerpt.starts_with('…') && excerpt.ends_with('…') && excerpt.contains("Printer jammed"));
        assert_eq!(super::excerpt("nothing here", &["printer".into()]), None);
    }
}

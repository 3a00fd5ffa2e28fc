//! The full-text engine: the one place that knows it (SQLite FTS5; the migration that creates
//! `ticket_search` keeps it in step with every write). PostgreSQL would answer the same three
//! questions with a tsvector column: which tickets match, how well, and which words to show.
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Alias, ColumnRef, Expr, IntoTableRef, Order, Query, SelectStatement};

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
/// quoted, all required. Quotes, operators, brackets and emoji are separators, so no input can be a
/// syntax error. None when no word is left. Customers search the title and public text only, never
/// internal notes. Whole words only: a prefix query makes FTS5 merge the whole posting list of every
/// word it covers before the first row comes back (75 ms for a common word at a million tickets).
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
    if terms.is_empty() {
        return None;
    }
    let words: Vec<String> = terms.iter().map(|term| format!("\"{term}\"")).collect();
    let columns = if include_notes { "{title body notes}" } else { "{title body}" };
    Some(Keywords { expression: format!("{columns} : ({})", words.join(" AND ")), terms })
}

/// Where the tickets to search come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Any ticket (with an id in this range, when given): the index drives (CROSS JOIN keeps it the
    /// outer loop), newest first, so a window stops early however many tickets match; the range
    /// lets it start and stop where the tickets wanted lie instead of reading every newer match.
    All(Option<(i64, i64)>),
    /// A few tickets, read by their own filters: each is looked up in the index.
    Few,
}

/// Makes `select` read from `tickets` (with columns `id` and `title`) those matching `keywords`, newest
/// first, with their `rank`: how many of the words the title holds. Not bm25: its weights need the
/// number of tickets holding each word, which FTS5 counts by reading the word's whole posting list on
/// every query (70 ms for a word in most tickets at a million).
pub fn newest_matches(
    select: &mut SelectStatement,
    tickets: impl IntoTableRef + Copy,
    id: ColumnRef,
    title: ColumnRef,
    keywords: &Keywords,
    source: Source,
) {
    let rowid = || Expr::col((Alias::new(TABLE), Alias::new("rowid")));
    let matches = || Expr::cust_with_values(format!("{TABLE} MATCH ?"), [keywords.expression.clone()]);
    match source {
        Source::All(ids) => {
            select
                .from(Alias::new(TABLE))
                .cross_join(tickets)
                .and_where(rowid().equals(id))
                .and_where(matches())
                .order_by_expr(rowid(), Order::Desc);
            if let Some((first, last)) = ids {
                select.and_where(rowid().between(first, last));
            }
        }
        Source::Few => {
            let lookup = Query::select()
                .expr(Expr::val(1))
                .from(Alias::new(TABLE))
                .and_where(rowid().equals(id.clone()))
                .and_where(matches())
                .to_owned();
            select.from(tickets).and_where(Expr::exists(lookup)).order_by_expr(Expr::col(id), Order::Desc);
        }
    }
    let hits = keywords
        .terms
        .iter()
        .map(|term| Expr::cust_with_exprs("(instr(lower(?), ?) > 0)", [Expr::col(title.clone()), Expr::val(term)]))
        .reduce(|sum, hit| sum.add(hit))
        .unwrap_or_else(|| Expr::val(0));
    select.expr_as(hits, Alias::new("rank"));
}

/// The tickets matching `keywords`, in the index's order (to count them, as far as is worth it).
pub fn matching(keywords: &Keywords) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(TABLE))
        .and_where(Expr::cust_with_values(format!("{TABLE} MATCH ?"), [keywords.expression.clone()]))
        .to_owned()
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
        assert_eq!(k.expression, r#"{title body} : ("printer" AND "off" AND "line" AND "and" AND "near" AND "x")"#);
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

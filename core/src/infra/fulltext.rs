//! The full-text engine: the one place that knows it, for both backends side by side. A file has
//! SQLite FTS5 tables, a team desk `tsvector` columns with GIN indexes (the migrations that create
//! `ticket_search` and `ticket_titles` keep them in step with every write); both answer the same
//! questions the same way: which tickets match (whole words, all of them), in which tier of the
//! best-match order, and which words to show.
use sea_orm::sea_query::{Alias, ColumnRef, Expr, IntoTableRef, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{DbBackend, ExprTrait};

/// At most this many words of a query count; the rest are ignored.
const MAX_TERMS: usize = 12;
/// Longer "words" are cut: nobody types them, and they only make the index work harder.
const MAX_TERM_CHARS: usize = 40;

/// A full-text index: one row per ticket, rowid = ticket id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// The title, the public text and the internal notes (`ticket_search`).
    Text,
    /// The titles alone (`ticket_titles`): a word's postings there are its titles only, so asking
    /// whether a title holds a word common in bodies does not read all of that word's postings (a
    /// column filter on `ticket_search` does: 5 ms per ticket for "please").
    Titles,
}

impl Index {
    pub fn table(self) -> &'static str {
        match self {
            Index::Text => "ticket_search",
            Index::Titles => "ticket_titles",
        }
    }
}

/// The column of an index's table holding the ticket's id.
fn ticket_id(table: &'static str, backend: DbBackend) -> Expr {
    let column = if backend == DbBackend::Postgres { "ticket_id" } else { "rowid" };
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// A match expression on one index, in its backend's query language (and its placeholder: `?`
/// for SQLite, `$1` for PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub index: Index,
    pub expression: String,
    pub backend: DbBackend,
    /// Whether the asker may not search internal notes: on PostgreSQL such a search reads the words
    /// of the public text alone (`ticket_search.public_words`), since a customer's login may not
    /// read the words of the notes at all.
    pub public: bool,
}

impl Match {
    fn condition(&self) -> SimpleExpr {
        let table = self.index.table();
        match self.backend {
            DbBackend::Postgres => {
                let column = match self.index {
                    Index::Text if self.public => "public_words",
                    Index::Text => "words",
                    Index::Titles => "title",
                };
                let query = format!("{table}.{column} @@ to_tsquery('helpdesk_words', $1)");
                Expr::cust_with_values(query, [self.expression.clone()])
            }
            _ => Expr::cust_with_values(format!("{table} MATCH ?"), [self.expression.clone()]),
        }
    }
}

/// Where in a ticket words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// `ticket_titles`, which holds nothing else.
    TitlesIndex,
    /// The title within `ticket_search`.
    Title,
    /// The title and the public text (what a customer may search).
    Public,
    /// The title, the public text and the internal notes.
    Everything,
}

/// Best match first: tickets whose title holds every word, then those whose title holds some, then
/// the rest; the newest first within each. Each tier is one match expression read newest first from
/// its index, so a page of best matches stops early however many tickets match (a rank computed
/// per ticket would have to rank every match of a common word). The lower tiers are `NOT`s inside
/// `ticket_search`, which FTS5 answers by walking the postings side by side; a lookup per ticket
/// in another index would cost 0.2 ms a ticket (4 s to find that no match of a word every title
/// holds is left for the last tier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// Higher is better: 2 every word in the title, 1 some, 0 none.
    pub rank: i64,
    pub matches: Match,
}

/// A query as the engine takes it, and the words it looks for (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keywords {
    /// Every word, anywhere the asker may search (`Index::Text`).
    pub expression: String,
    pub terms: Vec<String>,
    backend: DbBackend,
    /// The asker may not search internal notes.
    public: bool,
}

/// Turns whatever a user typed into a safe match expression: words are letters and digits only, each
/// quoted, all required. Quotes, operators, brackets and emoji are separators, so no input can be a
/// syntax error. None when no word is left. Customers search the title and public text only, never
/// internal notes. Whole words only: a prefix query makes FTS5 merge the whole posting list of every
/// word it covers before the first row comes back (75 ms for a common word at a million tickets).
pub fn keywords(text: &str, include_notes: bool, backend: DbBackend) -> Option<Keywords> {
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
    let mut keywords = Keywords { expression: String::new(), terms, backend, public: !include_notes };
    keywords.expression = keywords.words(if include_notes { Scope::Everything } else { Scope::Public }, true);
    Some(keywords)
}

impl Keywords {
    /// The terms in `scope`, every one of them or (`every` false) any. SQLite quotes each word and
    /// names the FTS5 columns; PostgreSQL quotes each lexeme and names the weights the index gave
    /// where it stands (title A, public text B, notes D). A word is letters and digits only, so it
    /// cannot break out of its quotes in either.
    fn words(&self, scope: Scope, every: bool) -> String {
        if self.backend == DbBackend::Postgres {
            let weights = match scope {
                Scope::Title => ":A",
                Scope::Public => ":AB",
                Scope::TitlesIndex | Scope::Everything => "",
            };
            let quoted: Vec<String> = self.terms.iter().map(|term| format!("'{term}'{weights}")).collect();
            return format!("({})", quoted.join(if every { " & " } else { " | " }));
        }
        let joined = self.terms.iter().map(|term| format!("\"{term}\"")).collect::<Vec<_>>();
        let joined = joined.join(if every { " AND " } else { " OR " });
        match scope {
            Scope::TitlesIndex => joined,
            Scope::Title => format!("{{title}} : ({joined})"),
            Scope::Public => format!("{{title body}} : ({joined})"),
            Scope::Everything => format!("{{title body notes}} : ({joined})"),
        }
    }

    /// What matches `first` but not `then`.
    fn but_not(&self, first: &str, then: &str) -> String {
        match self.backend {
            DbBackend::Postgres => format!("{first} & !{then}"),
            _ => format!("({first}) NOT ({then})"),
        }
    }

    /// What matches both.
    fn both(&self, first: &str, second: &str) -> String {
        match self.backend {
            DbBackend::Postgres => format!("{first} & {second}"),
            _ => format!("({first}) AND ({second})"),
        }
    }

    fn on(&self, index: Index, expression: String) -> Match {
        Match { index, expression, backend: self.backend, public: self.public }
    }

    /// Every word, anywhere the asker may search.
    pub fn all(&self) -> Match {
        self.on(Index::Text, self.expression.clone())
    }

    /// The title holding every word or (`every` false) some, in the titles' own index.
    fn in_title(&self, every: bool) -> Match {
        self.on(Index::Titles, self.words(Scope::TitlesIndex, every))
    }

    /// The tiers of the best-match order, best first (no "some" tier for a single word).
    pub fn tiers(&self) -> Vec<Tier> {
        let (every, any) = (self.words(Scope::Title, true), self.words(Scope::Title, false));
        let all = &self.expression;
        let mut tiers = vec![Tier { rank: 2, matches: self.in_title(true) }];
        if self.terms.len() > 1 {
            let some = self.both(all, &self.but_not(&any, &every));
            tiers.push(Tier { rank: 1, matches: self.on(Index::Text, some) });
        }
        tiers.push(Tier { rank: 0, matches: self.on(Index::Text, self.but_not(all, &any)) });
        tiers
    }

    /// What a title must match for a ticket known to match to be in each tier above the last, best
    /// first, and the last tier's rank: for tickets read otherwise than through the tiers' own streams.
    pub fn title_tiers(&self) -> (Vec<(Match, i64)>, i64) {
        let mut above = vec![(self.in_title(true), 2)];
        if self.terms.len() > 1 {
            above.push((self.in_title(false), 1));
        }
        (above, 0)
    }

    /// The tier of a ticket `id` known to match (see `title_tiers`): a lookup or two of its title.
    pub fn rank(&self, id: ColumnRef) -> SimpleExpr {
        let (above, last) = self.title_tiers();
        above.into_iter().rev().fold(Expr::val(last), |otherwise, (title, rank)| {
            Expr::case(lookup(id.clone(), &title), rank).finally(otherwise).into()
        })
    }

    /// Whether the ticket `id` is among every match, gathered once for the statement (SQLite keeps
    /// them in a temporary index: 15 ms for 50,000 matches, then a probe per ticket; PostgreSQL
    /// hashes them). The unary plus keeps SQLite from reading the tickets by these ids instead of
    /// walking the sort's order.
    pub fn among_matches(&self, id: ColumnRef) -> SimpleExpr {
        let all = self.all();
        let matching = Query::select()
            .expr(ticket_id(Index::Text.table(), self.backend))
            .from(Alias::new(Index::Text.table()))
            .and_where(all.condition())
            .to_owned();
        let id = match self.backend {
            DbBackend::Postgres => Expr::col(id),
            _ => Expr::cust_with_expr("+?", Expr::col(id)),
        };
        id.in_subquery(matching)
    }
}

/// Where the tickets to search come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Any ticket (with an id in this range, when given): the index drives (CROSS JOIN keeps it the
    /// outer loop), newest first, so a page stops early however many tickets match; the range lets
    /// it start and stop where the tickets wanted lie instead of reading every newer match.
    All(Option<(i64, i64)>),
    /// Tickets read by their own filters: each is looked up in the index.
    Few,
}

/// Whether the ticket `id` matches: one lookup in the index.
pub fn lookup(id: ColumnRef, matching: &Match) -> SimpleExpr {
    let table = matching.index.table();
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(Alias::new(table))
            .and_where(ticket_id(table, matching.backend).equals(id))
            .and_where(matching.condition())
            .to_owned(),
    )
}

/// Makes `select` read from `tickets` (whose id is `id`) those `matches` takes with an id below
/// `before` (when given), newest first.
pub fn newest_matches(
    select: &mut SelectStatement,
    tickets: impl IntoTableRef + Copy,
    id: ColumnRef,
    matches: &Match,
    source: Source,
    before: Option<i64>,
) {
    match source {
        Source::All(ids) => {
            let table = matches.index.table();
            let rowid = || ticket_id(table, matches.backend);
            select
                .from(Alias::new(table))
                .cross_join(tickets)
                .and_where(rowid().equals(id))
                .and_where(matches.condition())
                .order_by_expr(rowid(), Order::Desc);
            if let Some((first, last)) = ids {
                select.and_where(rowid().between(first, last));
            }
            // On the index's own id, so the index starts there rather than every match being read.
            if let Some(before) = before {
                select.and_where(rowid().lt(before));
            }
        }
        Source::Few => {
            select
                .from(tickets)
                .and_where(lookup(id.clone(), matches))
                .order_by_expr(Expr::col(id.clone()), Order::Desc);
            if let Some(before) = before {
                select.and_where(Expr::col(id).lt(before));
            }
        }
    }
}

/// The tickets matching `keywords`, in the index's order (to count them, as far as is worth it).
pub fn matching(keywords: &Keywords) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(Index::Text.table()))
        .and_where(keywords.all().condition())
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

    const SQLITE: DbBackend = DbBackend::Sqlite;
    const POSTGRES: DbBackend = DbBackend::Postgres;

    #[test]
    fn any_input_becomes_quoted_words() {
        let k = keywords(r#"printer "OFF-line" (AND) NEAR( * ^ 😀 -x"#, false, SQLITE).expect("words");
        assert_eq!(k.terms, ["printer", "off", "line", "and", "near", "x"]);
        assert_eq!(k.expression, r#"{title body} : ("printer" AND "off" AND "line" AND "and" AND "near" AND "x")"#);
        assert_eq!(keywords(" \"*()😀 ", true, SQLITE), None);
        assert!(keywords("vpn", true, SQLITE).expect("word").expression.starts_with("{title body notes}"));
        let k = keywords(r#"Printer's "OFF-line" & !x | y:* <-> '"#, false, POSTGRES).expect("words");
        assert_eq!(k.expression, "('printer':AB & 's':AB & 'off':AB & 'line':AB & 'x':AB & 'y':AB)");
        assert_eq!(keywords("vpn Down", true, POSTGRES).expect("words").expression, "('vpn' & 'down')");
    }

    #[test]
    fn best_match_tiers_split_every_match_once() {
        let one = keywords("vpn", false, SQLITE).expect("word").tiers();
        assert_eq!(one.iter().map(|t| t.rank).collect::<Vec<_>>(), [2, 0]);
        assert_eq!(
            one[0].matches,
            Match { index: Index::Titles, expression: r#""vpn""#.into(), backend: SQLITE, public: true }
        );
        let rest = r#"({title body} : ("vpn")) NOT ({title} : ("vpn"))"#;
        assert_eq!(
            one[1].matches,
            Match { index: Index::Text, expression: rest.into(), backend: SQLITE, public: true }
        );
        let two = keywords("vpn down", false, SQLITE).expect("words").tiers();
        assert_eq!(two.iter().map(|t| t.rank).collect::<Vec<_>>(), [2, 1, 0]);
        let (all, every, any) = (r#"{title body} : ("vpn" AND "down")"#, r#""vpn" AND "down""#, r#""vpn" OR "down""#);
        let some = format!("({all}) AND (({{title}} : ({any})) NOT ({{title}} : ({every})))");
        assert_eq!(two[1].matches, Match { index: Index::Text, expression: some, backend: SQLITE, public: true });
        assert_eq!(two[2].matches.expression, format!("({all}) NOT ({{title}} : ({any}))"));
    }

    #[test]
    fn best_match_tiers_on_postgres_ask_the_same_of_the_weights() {
        let two = keywords("vpn down", false, POSTGRES).expect("words").tiers();
        let expressions: Vec<(Index, &str)> =
            two.iter().map(|t| (t.matches.index, t.matches.expression.as_str())).collect();
        let all = "('vpn':AB & 'down':AB)";
        assert_eq!(
            expressions,
            [
                (Index::Titles, "('vpn' & 'down')"),
                (Index::Text, &*format!("{all} & ('vpn':A | 'down':A) & !('vpn':A & 'down':A)")),
                (Index::Text, &*format!("{all} & !('vpn':A | 'down':A)")),
            ]
        );
    }

    #[test]
    fn excerpts_surround_the_first_match() {
        let text = format!("{} the Printer jammed {}", "a ".repeat(100), "b ".repeat(100));
        let excerpt = excerpt(&text, &["printer".into()]).expect("found");
        assert!(excerpt.starts_with('…') && excerpt.ends_with('…') && excerpt.contains("Printer jammed"));
        assert_eq!(super::excerpt("nothing here", &["printer".into()]), None);
    }
}

"""Full-text search over issue titles and descriptions, on PostgreSQL and SQLite.

PostgreSQL: a stored, generated column `search_vector` (Norwegian and English
text-search vectors of title and description) with a GIN index.
SQLite: an FTS5 table kept in step by triggers (both created in the migrations).
Similar-issue detection asks for any of the words, then keeps candidates that
share enough of them.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.issues.models import Issue

# Created by the issues migration (PostgreSQL only), unknown to the ORM model.
PG_DOCUMENT = "issue.search_vector"
# How many of the newest matching issues the similar-issue check ranks.
RANKED_AT_MOST = 200
SQLITE_TABLE = "issue_search"

STOPWORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "er",
        "det",
        "som",
        "en",
        "et",
        "ei",
        "til",
        "av",
        "for",
        "med",
        "har",
        "ikke",
        "ikkje",
        "kan",
        "vi",
        "jeg",
        "eg",
        "du",
        "de",
        "dei",
        "den",
        "at",
        "å",
        "om",
        "så",
        "men",
        "fra",
        "frå",
        "ved",
        "var",
        "blir",
        "vert",
        "være",
        "vere",
        "bare",
        "berre",
        "også",
        "og",
        "meg",
        "oss",
        "seg",
        "sin",
        "sitt",
        "sine",
        "dette",
        "denne",
        "disse",
        "desse",
        "eller",
        "hva",
        "kva",
        "når",
        "hvor",
        "kvar",
        "mye",
        "mykje",
        "mange",
        "noen",
        "nokon",
        "the",
        "and",
        "for",
        "are",
        "was",
        "were",
        "with",
        "this",
        "that",
        "from",
        "have",
        "has",
        "not",
        "you",
        "your",
        "our",
        "can",
        "all",
        "but",
        "about",
        "into",
        "more",
        "there",
        "their",
        "they",
        "them",
        "then",
        "than",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "would",
    ]
)
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str, limit: int = 12) -> list[str]:
    """Distinct meaningful words of a text, in order, lower-cased."""
    seen: list[str] = []
    for word in WORD.findall((text or "").lower()):
        if len(word) >= 3 and word not in STOPWORDS and not word.isdigit() and word not in seen:
            seen.append(word)
        if len(seen) >= limit:
            break
    return seen


def _stem(word: str) -> str:
    # Norwegian and English endings vary (kantina/kantine, printer/printers): compare the start.
    return word[: max(4, len(word) - 2)] if len(word) > 5 else word


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _pg_query(terms: list[str], any_word: bool):
    joined = (" | " if any_word else " & ").join(terms)
    return sa.text(
        "(to_tsquery('norwegian'::regconfig, :q) || to_tsquery('english'::regconfig, :q))"
    ).bindparams(q=joined)


def _sqlite_match(terms: list[str], any_word: bool) -> str:
    return (" OR " if any_word else " AND ").join(f'"{_stem(t)}"*' for t in terms)


def matching(select: sa.Select, text: str) -> sa.Select:
    """Narrow a select over Issue to issues containing all the words of `text`."""
    terms = words(text)
    if not terms:
        return select
    if _dialect() == "postgresql":
        query = _pg_query(terms, any_word=False)
        return select.where(sa.literal_column(f"({PG_DOCUMENT})").op("@@")(query))
    ids: sa.Select = (
        sa.select(sa.literal_column("rowid"))
        .select_from(sa.table(SQLITE_TABLE))
        .where(sa.literal_column(SQLITE_TABLE).op("MATCH")(_sqlite_match(terms, any_word=False)))
    )
    return select.where(Issue.id.in_(ids))


def similar_issue_ids(*, text: str, base: sa.Select, limit: int = 5) -> list[int]:
    """Ids of issues (from `base`, a select of Issue.id) that share enough words with `text`, best first."""
    terms = words(text)
    if len(terms) < 1:
        return []
    if _dialect() == "postgresql":
        query = _pg_query(terms, any_word=True)
        document: sa.ColumnElement = sa.literal_column(f"({PG_DOCUMENT})")
        # Rank only the newest matches: on a large campus a common word matches thousands of
        # issues, and ranking them all costs more than the student waits for.
        recent = base.where(document.op("@@")(query)).order_by(Issue.id.desc()).limit(RANKED_AT_MOST)
        candidates = db.session.execute(
            sa.select(Issue.id, Issue.title, Issue.description)
            .where(Issue.id.in_(recent.scalar_subquery()))
            .order_by(sa.func.ts_rank(document, query).desc(), Issue.id.desc())
            .limit(limit * 4)
        ).all()
    else:
        match = _sqlite_match(terms, any_word=True)
        ranked = (
            sa.select(
                sa.literal_column("rowid").label("id"),
                sa.literal_column(f"bm25({SQLITE_TABLE})").label("rank"),
            )
            .select_from(sa.table(SQLITE_TABLE))
            .where(sa.literal_column(SQLITE_TABLE).op("MATCH")(match))
            .subquery()
        )
        candidates = db.session.execute(
            base.add_columns(Issue.title, Issue.description)
            .join(ranked, ranked.c.id == Issue.id)
            .order_by(ranked.c.rank, Issue.id.desc())
            .limit(limit * 4)
        ).all()
    wanted = {_stem(t) for t in terms}
    needed = 1 if len(wanted) <= 2 else 2
    chosen = []
    for row in candidates:
        have = {_stem(t) for t in words(f"{row.title} {row.description}", limit=400)}
        if len(wanted & have) >= needed:
            chosen.append(row[0])
        if len(chosen) >= limit:
            break
    return chosen

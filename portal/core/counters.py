"""Gap-free numbering that holds under concurrency (issue references, case numbers).

A counter row per (name, scope, year) is incremented with UPDATE … RETURNING in the
caller's transaction: on PostgreSQL the row lock makes concurrent callers wait in
turn, and SQLite serialises writers anyway. If the caller's transaction rolls back,
so does the increment, so numbers have no gaps.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import Model, db


class Counter(Model):
    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    scope_id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_number(name: str, scope_id: int, year: int) -> int:
    """The next number in the sequence, starting at 1 (flushes nothing else)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(Counter).values(name=name, scope_id=scope_id, year=year, value=0).on_conflict_do_nothing()
    )
    return db.session.execute(
        sa.update(Counter)
        .where(Counter.name == name, Counter.scope_id == scope_id, Counter.year == year)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one()

"""The escalated inbox reads its partial index (ix_issue_escalated, status = 'escalated'):
PostgreSQL takes a partial index only when the query's WHERE implies its predicate as
written (see tests/issues/test_indexes.py)."""

import pytest
import sqlalchemy as sa

from portal.committee.queries import inbox_groups
from portal.extensions import db

pytestmark = pytest.mark.postgresql_only


def _plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    db.session.execute(sa.text("SET LOCAL enable_bitmapscan = off"))
    return "\n".join(db.session.execute(sa.text(f"EXPLAIN {compiled}")).scalars())


@pytest.mark.parametrize(
    "filters",
    [{}, {"category_id": 1}, {"min_age_days": 14}, {"campus_id": 1}],
    ids=["all", "category", "age", "campus"],
)
def test_the_committee_inbox_reads_its_partial_index(app, org, filters):
    plan = _plan(inbox_groups(org.lmu, **filters).limit(25))
    assert "Index Only Scan using ix_issue_escalated on issue" in plan, plan
    assert "Seq Scan on issue" not in plan, plan

"""The lists' partial indexes are usable: PostgreSQL takes a partial index only when the
query's WHERE implies the index's predicate as written, and a status set that changes in
workflow.py without a migration that remakes the index would silently fall back to reading
the whole campus (issue #14). Each list query is planned here and must name its index."""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.issues.queries import public_issues
from portal.triage.queries import inbox

pytestmark = pytest.mark.postgresql_only


def _plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    db.session.execute(sa.text("SET LOCAL enable_bitmapscan = off"))
    return "\n".join(db.session.execute(sa.text(f"EXPLAIN {compiled}")).scalars())


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (lambda campus: public_issues(campus=campus), "ix_issue_public_open_newest"),
        (lambda campus: public_issues(campus=campus, sort="supported"), "ix_issue_public_open_supported"),
        (lambda campus: public_issues(campus=campus, category_id=1), "ix_issue_public_open_category"),
        (lambda campus: public_issues(campus=campus, status="resolved"), "ix_issue_public_status_newest"),
        (lambda campus: inbox(campus=campus), "ix_issue_inbox"),
        (lambda campus: inbox(campus=campus, category_id=1), "ix_issue_inbox_category"),
    ],
    ids=["newest", "supported", "category", "status", "inbox", "inbox-category"],
)
def test_each_list_reads_its_own_partial_index(app, org, query, index):
    plan = _plan(query(org.trd).limit(20))
    assert index in plan, plan

"""The lists' partial indexes include the new status "referred"

"Referred" joined the open statuses and the campus inbox; a partial index is used only when
the query's WHERE implies its predicate, so the indexes are made again with the new sets.

Revision ID: a7f3c2e9d1b4
Revises: 5e1d7c9a3b20
Create Date: 2026-12-05 07:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7f3c2e9d1b4"
down_revision = "5e1d7c9a3b20"
branch_labels = None
depends_on = None

OPEN_BEFORE = "status IN ('accepted', 'escalated', 'needs_info', 'on_agenda', 'submitted')"
INBOX_BEFORE = "status IN ('accepted', 'needs_info', 'submitted')"
OPEN = "status IN ('accepted', 'escalated', 'needs_info', 'on_agenda', 'referred', 'submitted')"
INBOX = "status IN ('accepted', 'needs_info', 'referred', 'submitted')"

# name, columns, predicate (with {public} and {open}/{inbox} filled in)
INDEXES = (
    ("ix_issue_inbox", ["campus_id", "status_changed_at", "id"], "{inbox}"),
    ("ix_issue_open_supported", ["campus_id", "support_count"], "{open}"),
    ("ix_issue_public_open_newest", ["campus_id", "created_at", "id"], "{public} AND {open}"),
    (
        "ix_issue_public_open_supported",
        ["campus_id", "support_count", "created_at", "id"],
        "{public} AND {open}",
    ),
    (
        "ix_issue_public_open_category",
        ["campus_id", "category_id", "created_at", "id"],
        "{public} AND {open}",
    ),
)


def _remake(open_statuses: str, inbox: str) -> None:
    public = "confidential IS false" if op.get_bind().dialect.name == "postgresql" else "confidential IS 0"
    with op.batch_alter_table("issue", schema=None) as batch_op:
        for name, columns, predicate in INDEXES:
            where = sa.text(predicate.format(public=public, open=open_statuses, inbox=inbox))
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False, postgresql_where=where, sqlite_where=where)


def upgrade():
    _remake(OPEN, INBOX)


def downgrade():
    _remake(OPEN_BEFORE, INBOX_BEFORE)

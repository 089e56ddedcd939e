"""The campus inbox filtered by category reads an index of its own

Without it the filter walked the whole inbox index and counted every open issue of the
campus to find one category's (the slowest leader page in bench/README.md).

Revision ID: 8d2e6b4c1f07
Revises: 5c1f0e7a9b42
Create Date: 2026-12-05 09:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8d2e6b4c1f07"
down_revision = "5c1f0e7a9b42"
branch_labels = None
depends_on = None

INBOX = "status IN ('accepted', 'needs_info', 'referred', 'submitted')"


def upgrade():
    where = sa.text(INBOX)
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_issue_inbox_category",
            ["campus_id", "category_id", "status_changed_at", "id"],
            unique=False,
            postgresql_where=where,
            sqlite_where=where,
        )


def downgrade():
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index("ix_issue_inbox_category")

"""Partial indexes for the lists: each sort and filter reads only the rows it shows

The predicates are the ones the queries write (portal/issues/models.py): PostgreSQL uses
a partial index only when the query's WHERE implies the predicate as written.

Revision ID: 0d9e41c701e5
Revises: c13a87bff15c
Create Date: 2026-12-05 05:14:03.589186

"""

import sqlalchemy as sa
from alembic import op

revision = "0d9e41c701e5"
down_revision = "c13a87bff15c"
branch_labels = None
depends_on = None

OPEN = "status IN ('accepted', 'escalated', 'needs_info', 'on_agenda', 'submitted')"
INBOX = "status IN ('accepted', 'needs_info', 'submitted')"


def _partial(batch_op, name: str, columns: list[str], where: str) -> None:
    batch_op.create_index(
        name, columns, unique=False, postgresql_where=sa.text(where), sqlite_where=sa.text(where)
    )


def upgrade():
    public = "confidential IS false" if op.get_bind().dialect.name == "postgresql" else "confidential IS 0"
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index("ix_issue_campus_status_created")
        batch_op.drop_index("ix_issue_campus_status_support")
        batch_op.create_index(
            "ix_issue_campus_status_changed", ["campus_id", "status", "status_changed_at", "id"], unique=False
        )
        _partial(batch_op, "ix_issue_flagged", ["campus_id", "flag_count"], "flag_count > 0")
        _partial(batch_op, "ix_issue_inbox", ["campus_id", "status_changed_at", "id"], INBOX)
        _partial(batch_op, "ix_issue_open_supported", ["campus_id", "support_count"], OPEN)
        _partial(
            batch_op, "ix_issue_public_open_newest", ["campus_id", "created_at", "id"], f"{public} AND {OPEN}"
        )
        _partial(
            batch_op,
            "ix_issue_public_open_supported",
            ["campus_id", "support_count", "created_at", "id"],
            f"{public} AND {OPEN}",
        )
        _partial(
            batch_op,
            "ix_issue_public_open_category",
            ["campus_id", "category_id", "created_at", "id"],
            f"{public} AND {OPEN}",
        )
        _partial(
            batch_op, "ix_issue_public_status_newest", ["campus_id", "status", "created_at", "id"], public
        )


def downgrade():
    with op.batch_alter_table("issue", schema=None) as batch_op:
        for name in (
            "ix_issue_public_status_newest",
            "ix_issue_public_open_supported",
            "ix_issue_public_open_category",
            "ix_issue_public_open_newest",
            "ix_issue_open_supported",
            "ix_issue_inbox",
            "ix_issue_flagged",
            "ix_issue_campus_status_changed",
        ):
            batch_op.drop_index(name)
        batch_op.create_index(
            "ix_issue_campus_status_support", ["campus_id", "status", "support_count"], unique=False
        )
        batch_op.create_index(
            "ix_issue_campus_status_created", ["campus_id", "status", "created_at"], unique=False
        )

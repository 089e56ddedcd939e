"""The escalated inbox's groups, decided at escalation, and the index the inbox reads

`escalated_issue_group` holds each escalated issue's signature and group
(portal/committee/grouping.py). `ix_issue_escalated` is partial on exactly the inbox's
predicate (status = 'escalated') and includes the columns the inbox counts (campus,
supporters), so PostgreSQL can read it alone. Existing escalated issues get their groups from
`flask --app portal portal committee regroup` after the upgrade (it needs the stemmer and,
optionally, Apertium; until then each shows as a group of its own).

Revision ID: 3b8e5f0c2a71
Revises: 20e5fbcb52de
Create Date: 2026-12-05 08:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3b8e5f0c2a71"
down_revision = "20e5fbcb52de"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "escalated_issue_group",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("signature_version", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.Integer(), nullable=False),
        sa.Column("grouped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_escalated_issue_group_issue_id_issue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_escalated_issue_group_committee_id_committee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_escalated_issue_group_category_id_category")
        ),
        sa.PrimaryKeyConstraint("issue_id", name=op.f("pk_escalated_issue_group")),
    )
    with op.batch_alter_table("escalated_issue_group", schema=None) as batch_op:
        batch_op.create_index(
            "ix_escalated_issue_group_key", ["committee_id", "group_key", "issue_id"], unique=False
        )
        batch_op.create_index(
            "ix_escalated_issue_group_category", ["committee_id", "category_id"], unique=False
        )
    where = sa.text("status = 'escalated'")
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_issue_escalated",
            ["committee_id", "category_id", "status_changed_at"],
            unique=False,
            postgresql_where=where,
            sqlite_where=where,
            postgresql_include=["campus_id", "support_count", "id"],
        )


def downgrade():
    with op.batch_alter_table("issue", schema=None) as batch_op:
        batch_op.drop_index("ix_issue_escalated")
    op.drop_table("escalated_issue_group")

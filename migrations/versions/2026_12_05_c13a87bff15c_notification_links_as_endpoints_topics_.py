"""Notification links as endpoints; topics and recipients for erasure

Notifications stored hand-written URLs and were erased by matching them; now they
keep an endpoint with its arguments, and both notifications and outbox messages
name what they are about (topic) so the people concerned can be removed from them.

Revision ID: c13a87bff15c
Revises: c3a9e5d2b7f1
Create Date: 2026-12-05 04:37:03.042087

"""

import re

import sqlalchemy as sa
from alembic import op

revision = "c13a87bff15c"
down_revision = "c3a9e5d2b7f1"
branch_labels = None
depends_on = None

_LINKS = (
    (re.compile(r"^/issues/([A-Z0-9-]+)$"), "issues.detail", "reference"),
    (re.compile(r"^/focus-areas/(\d+)$"), "voting.round_detail", "round_id"),
)


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("endpoint", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("endpoint_args", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("topic", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_notification_user_topic", ["user_id", "topic"], unique=False)

    notification = sa.table(
        "notification",
        sa.column("id", sa.Integer),
        sa.column("link", sa.String),
        sa.column("endpoint", sa.String),
        sa.column("endpoint_args", sa.JSON),
        sa.column("topic", sa.String),
    )
    issue = sa.table("issue", sa.column("id", sa.Integer), sa.column("reference", sa.String))
    connection = op.get_bind()
    issue_ids = dict(connection.execute(sa.select(issue.c.reference, issue.c.id)).all())
    for row_id, link in connection.execute(
        sa.select(notification.c.id, notification.c.link).where(notification.c.link.is_not(None))
    ).all():
        for pattern, endpoint, argument in _LINKS:
            match = pattern.match(link)
            if match:
                value = match.group(1)
                args = {argument: int(value) if value.isdigit() else value}
                topic = f"issue:{issue_ids[value]}" if argument == "reference" and value in issue_ids else None
                connection.execute(
                    notification.update()
                    .where(notification.c.id == row_id)
                    .values(endpoint=endpoint, endpoint_args=args, topic=topic)
                )
                break

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_column("link")

    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("topic", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_message_user_id_user_account"),
            "user_account",
            ["user_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_message_user_id_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_message_user_id"))
        batch_op.drop_column("topic")
        batch_op.drop_column("user_id")

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link", sa.VARCHAR(length=300), nullable=True))
        batch_op.drop_index("ix_notification_user_topic")
        batch_op.drop_column("topic")
        batch_op.drop_column("endpoint_args")
        batch_op.drop_column("endpoint")

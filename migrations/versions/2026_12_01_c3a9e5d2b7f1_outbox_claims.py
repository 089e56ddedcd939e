"""outbox messages are claimed with a token and a lease before they are sent

Revision ID: c3a9e5d2b7f1
Revises: 4095427cc1f9
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a9e5d2b7f1'
down_revision = '4095427cc1f9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # A message caught half-way is sent again rather than lost.
    op.execute("UPDATE outbox_message SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claim_token')

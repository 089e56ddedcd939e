"""a report of an inappropriate issue may say why

Revision ID: 9e4f1a2b3c5d
Revises: eafdae1dfcf2
Create Date: 2026-12-05 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9e4f1a2b3c5d'
down_revision = 'eafdae1dfcf2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.drop_column('reason')

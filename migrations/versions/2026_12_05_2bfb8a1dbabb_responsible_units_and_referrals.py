"""Responsible units and referrals of issues to them

The list of units administrators keep (name in nb/nn/en, contact e-mail, language), and each
referral of an issue to a unit: due date, the nonce of its signed link, the answer.

Revision ID: 2bfb8a1dbabb
Revises: 9e4f1a2b3c5d
Create Date: 2026-12-05 05:26:02.589504

"""

import sqlalchemy as sa
from alembic import op

revision = "2bfb8a1dbabb"
down_revision = "9e4f1a2b3c5d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('responsible_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('name_nb', sa.String(length=120), nullable=False),
    sa.Column('name_nn', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.CheckConstraint("language IN ('nb', 'nn', 'en')", name=op.f('ck_responsible_unit_known_language')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responsible_unit'))
    )
    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('referred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('referred_by_role', sa.String(length=20), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_referral_committee_id_committee'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], name=op.f('fk_referral_issue_id_issue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referred_by_id'], ['user_account.id'], name=op.f('fk_referral_referred_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['responsible_unit.id'], name=op.f('fk_referral_unit_id_responsible_unit')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user_account.id'], name=op.f('fk_referral_withdrawn_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('nonce', name=op.f('uq_referral_nonce'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_due_on', ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_issue_id'), ['issue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_unit_id'))
        batch_op.drop_index(batch_op.f('ix_referral_issue_id'))
        batch_op.drop_index('ix_referral_due_on')

    op.drop_table('referral')
    op.drop_table('responsible_unit')

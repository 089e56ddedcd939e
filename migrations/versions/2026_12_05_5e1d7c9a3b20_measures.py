"""Measures (tiltak): action plans per campus and committee

Measures, the issues they answer and their timeline. survey_round_id is a plain number until the
survey tables exist here (the foreign key comes when the branches meet).

Revision ID: 5e1d7c9a3b20
Revises: 2bfb8a1dbabb
Create Date: 2026-12-05 05:26:02.589504

"""

import sqlalchemy as sa
from alembic import op

revision = "5e1d7c9a3b20"
down_revision = "2bfb8a1dbabb"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('campus_id', sa.Integer(), nullable=True),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('criterion', sa.Text(), nullable=False),
    sa.Column('responsible_unit_id', sa.Integer(), nullable=True),
    sa.Column('responsible_text', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('survey_round_id', sa.Integer(), nullable=True),
    sa.Column('survey_question_id', sa.String(length=80), nullable=True),
    sa.Column('survey_campus_id', sa.Integer(), nullable=True),
    sa.Column('evaluation_purpose', sa.Text(), nullable=True),
    sa.Column('evaluation_result', sa.Text(), nullable=True),
    sa.Column('evaluation_process', sa.Text(), nullable=True),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_soon_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_overdue_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(scope = 'campus' AND campus_id IS NOT NULL AND committee_id IS NULL) OR (scope = 'committee' AND committee_id IS NOT NULL AND campus_id IS NULL)", name=op.f('ck_measure_owner_fits_scope')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f('ck_measure_known_status')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_measure_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campus_id'], ['campus.id'], name=op.f('fk_measure_campus_id_campus')),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_measure_committee_id_committee')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_measure_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['responsible_unit_id'], ['responsible_unit.id'], name=op.f('fk_measure_responsible_unit_id_responsible_unit')),
    sa.ForeignKeyConstraint(['survey_campus_id'], ['campus.id'], name=op.f('fk_measure_survey_campus_id_campus')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index('ix_measure_campus_year', ['campus_id', 'year'], unique=False)
        batch_op.create_index('ix_measure_committee_year', ['committee_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_responsible_unit_id'), ['responsible_unit_id'], unique=False)
        batch_op.create_index('ix_measure_status_due', ['status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_survey_round_id'), ['survey_round_id'], unique=False)

    op.create_table('measure_issue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], name=op.f('fk_measure_issue_issue_id_issue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_issue_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_issue')),
    sa.UniqueConstraint('measure_id', 'issue_id', name=op.f('uq_measure_issue_measure_id_issue_id'))
    )
    with op.batch_alter_table('measure_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_issue_issue_id'), ['issue_id'], unique=False)

    op.create_table('measure_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_measure_update_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_update_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_update'))
    )
    with op.batch_alter_table('measure_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_update_measure_id'), ['measure_id'], unique=False)


def downgrade():
    with op.batch_alter_table('measure_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_update_measure_id'))

    op.drop_table('measure_update')
    with op.batch_alter_table('measure_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_issue_issue_id'))

    op.drop_table('measure_issue')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_survey_round_id'))
        batch_op.drop_index('ix_measure_status_due')
        batch_op.drop_index(batch_op.f('ix_measure_responsible_unit_id'))
        batch_op.drop_index('ix_measure_committee_year')
        batch_op.drop_index('ix_measure_campus_year')
        batch_op.drop_index(batch_op.f('ix_measure_agenda_item_id'))

    op.drop_table('measure')

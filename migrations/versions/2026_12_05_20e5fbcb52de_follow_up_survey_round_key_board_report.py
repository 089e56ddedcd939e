"""follow-up: survey round foreign key on measures, the board report's sections

A measure's survey round becomes a foreign key to survey_round (a number that names no round
is cleared first). board_report holds the sections of the annual report to the board that the
secretary writes: the committee's assessment and its recommendations.

Revision ID: 20e5fbcb52de
Revises: a7f3c2e9d1b4
Create Date: 2026-12-05 06:50:49.076495

"""
from alembic import op
import sqlalchemy as sa


revision = '20e5fbcb52de'
down_revision = 'a7f3c2e9d1b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('board_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('nb', 'nn')", name=op.f('ck_board_report_norwegian')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_board_report_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_board_report_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_board_report_updated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_report')),
    sa.UniqueConstraint('committee_id', 'year', name=op.f('uq_board_report_committee_id_year'))
    )
    op.execute(
        "UPDATE measure SET survey_round_id = NULL WHERE survey_round_id IS NOT NULL"
        " AND survey_round_id NOT IN (SELECT id FROM survey_round)"
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_measure_survey_round_id_survey_round'), 'survey_round', ['survey_round_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_measure_survey_round_id_survey_round'), type_='foreignkey')

    op.drop_table('board_report')

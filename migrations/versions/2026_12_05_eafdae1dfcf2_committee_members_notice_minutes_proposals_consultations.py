"""committee members, notice, attendance, minutes approval, proposals, consultations

New tables only, and plain columns added to `committee` and `meeting`: SQLite adds them in
place, so no table that others reference is rebuilt (a rebuild with foreign keys on would
cascade the drop of the old table into its children).

Revision ID: eafdae1dfcf2
Revises: d19cfecf2e66
Create Date: 2026-12-05 04:39:42.060716

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eafdae1dfcf2'
down_revision = 'd19cfecf2e66'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('seat', sa.String(length=20), nullable=False),
    sa.Column('substitute', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("seat IN ('student', 'staff', 'observer', 'secretary')", name=op.f('ck_committee_member_known_seat')),
    sa.CheckConstraint('term_end >= term_start', name=op.f('ck_committee_member_term_in_order')),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_committee_member_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_committee_member_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member'))
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index('ix_committee_member_committee_term', ['committee_id', 'term_start', 'term_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_member_user_id'), ['user_id'], unique=False)

    op.create_table('committee_chair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=False),
    sa.Column('vice_chair_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['chair_id'], ['committee_member.id'], name=op.f('fk_committee_chair_chair_id_committee_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_committee_chair_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vice_chair_id'], ['committee_member.id'], name=op.f('fk_committee_chair_vice_chair_id_committee_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_chair')),
    sa.UniqueConstraint('committee_id', 'year', name=op.f('uq_committee_chair_committee_id_year'))
    )
    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('called_for_id', sa.Integer(), nullable=True),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('absence_reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('absence_reason', sa.String(length=500), nullable=True),
    sa.Column('absence_reported_by_id', sa.Integer(), nullable=True),
    sa.Column('attended', sa.String(length=10), nullable=True),
    sa.CheckConstraint("attended IS NULL OR attended IN ('present', 'absent')", name=op.f('ck_meeting_attendance_known_attendance')),
    sa.ForeignKeyConstraint(['absence_reported_by_id'], ['user_account.id'], name=op.f('fk_meeting_attendance_absence_reported_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['called_for_id'], ['committee_member.id'], name=op.f('fk_meeting_attendance_called_for_id_committee_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['committee_member.id'], name=op.f('fk_meeting_attendance_member_id_committee_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id_member_id'))
    )
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('campus_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('statement', sa.Text(), nullable=True),
    sa.Column('statement_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('statement_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campus_id'], ['campus.id'], name=op.f('fk_consultation_campus_id_campus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_consultation_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'], name=op.f('fk_consultation_sent_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['statement_by_id'], ['user_account.id'], name=op.f('fk_consultation_statement_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    sa.UniqueConstraint('item_id', 'campus_id', name=op.f('uq_consultation_item_id_campus_id'))
    )
    op.create_table('item_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('proposer_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('campus_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(source = 'campus_council') = (campus_id IS NOT NULL)", name=op.f('ck_item_proposal_campus_only_for_councils')),
    sa.CheckConstraint("source IN ('member', 'campus_council', 'student_parliament')", name=op.f('ck_item_proposal_known_source')),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_item_proposal_known_status')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_item_proposal_answered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campus_id'], ['campus.id'], name=op.f('fk_item_proposal_campus_id_campus'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_item_proposal_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_item_proposal_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_item_proposal_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposer_id'], ['user_account.id'], name=op.f('fk_item_proposal_proposer_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_proposal'))
    )
    with op.batch_alter_table('item_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_proposal_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_minutes_approval_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_approval_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_approval')),
    sa.UniqueConstraint('item_id', name=op.f('uq_minutes_approval_item_id')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_approval_meeting_id'))
    )
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='nb', nullable=False))
        batch_op.add_column(sa.Column('composition_rule', sa.String(length=20), server_default='parity', nullable=False))
        batch_op.add_column(sa.Column('chair_alternates', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('video_link', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('proposal_deadline', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notice_published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('minutes_taker', sa.String(length=120), nullable=True))



def downgrade():
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+, PostgreSQL): no rebuild of tables others reference.
    for table, column in (
        ('meeting', 'minutes_taker'),
        ('meeting', 'notice_published_at'),
        ('meeting', 'proposal_deadline'),
        ('meeting', 'video_link'),
        ('committee', 'chair_alternates'),
        ('committee', 'composition_rule'),
        ('committee', 'language'),
    ):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')

    op.drop_table('minutes_approval')
    with op.batch_alter_table('item_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_proposal_meeting_id'))

    op.drop_table('item_proposal')
    op.drop_table('consultation')
    op.drop_table('meeting_attendance')
    op.drop_table('committee_chair')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_user_id'))
        batch_op.drop_index('ix_committee_member_committee_term')

    op.drop_table('committee_member')

"""issues can be tagged with an adopted focus area

Revision ID: b7c1e2d3f4a5
Revises: f8ae9f315840
Create Date: 2026-11-24 13:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c1e2d3f4a5'
down_revision = 'f8ae9f315840'
branch_labels = None
depends_on = None


# SQLite rebuilds `issue` to add a foreign key, and its triggers go with the old table:
# the full-text search triggers of the issues migration are made again afterwards.
SEARCH_TRIGGERS_SQLITE = [
    "CREATE TRIGGER issue_search_ai AFTER INSERT ON issue BEGIN "
    "INSERT INTO issue_search(rowid, title, description) VALUES (new.id, new.title, new.description); END",
    "CREATE TRIGGER issue_search_ad AFTER DELETE ON issue BEGIN "
    "INSERT INTO issue_search(issue_search, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); END",
    "CREATE TRIGGER issue_search_au AFTER UPDATE OF title, description ON issue BEGIN "
    "INSERT INTO issue_search(issue_search, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); "
    "INSERT INTO issue_search(rowid, title, description) VALUES (new.id, new.title, new.description); END",
]


def _restore_search_triggers():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for name in ('issue_search_ai', 'issue_search_ad', 'issue_search_au'):
        op.execute(f'DROP TRIGGER IF EXISTS {name}')
    for statement in SEARCH_TRIGGERS_SQLITE:
        op.execute(statement)


def upgrade():
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('focus_area_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_issue_focus_area_id'), ['focus_area_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_issue_focus_area_id_focus_proposal'), 'focus_proposal', ['focus_area_id'], ['id'],
            ondelete='SET NULL',
        )
    _restore_search_triggers()


def downgrade():
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_issue_focus_area_id_focus_proposal'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_issue_focus_area_id'))
        batch_op.drop_column('focus_area_id')
    _restore_search_triggers()

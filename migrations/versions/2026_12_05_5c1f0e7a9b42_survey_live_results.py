"""While a round is open its owners see results that move in steps of the minimum group size

Revision ID: 5c1f0e7a9b42
Revises: 3b8e5f0c2a71
Create Date: 2026-12-05 09:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "5c1f0e7a9b42"
down_revision = "3b8e5f0c2a71"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_live_results",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("aggregates", sa.JSON(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_round.id"],
            name=op.f("fk_survey_live_results_round_id_survey_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_survey_live_results")),
    )


def downgrade():
    op.drop_table("survey_live_results")

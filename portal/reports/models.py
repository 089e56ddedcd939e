"""The sections of the annual report to the board that the secretary writes in the portal
(DESIGN.md §3.5): the committee's own assessment of the year and its recommendations to the
board. One row per committee and year, written in the committee's language (bokmål or
nynorsk, kept with the text). Everything else in the report is computed (portal.reports.queries).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import TimestampMixin, UTCDateTime
from portal.extensions import Model

SECTION_MAX = 20000


class BoardReport(TimestampMixin, Model):
    __tablename__ = "board_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(sa.ForeignKey("committee.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column()
    # The language the sections are written in: the committee's (nb or nn) when they were saved.
    language: Mapped[str] = mapped_column(sa.String(2))
    assessment: Mapped[str] = mapped_column(sa.Text, default="")
    recommendations: Mapped[str] = mapped_column(sa.Text, default="")
    # The agenda item the report was placed on, once the secretary has done so.
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # Bumped on every save; the form carries it to detect a change made meanwhile.
    version: Mapped[int] = mapped_column(default=1)

    agenda_item = relationship("AgendaItem", lazy="select")

    __table_args__ = (
        sa.UniqueConstraint("committee_id", "year"),
        sa.CheckConstraint("language IN ('nb', 'nn')", name="norwegian"),
    )

    def __repr__(self) -> str:
        return f"<BoardReport {self.committee_id} {self.year}>"

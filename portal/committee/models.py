"""Committees (e.g. Læringsmiljøutvalget)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import LocalisedNameMixin
from portal.extensions import db


class Committee(LocalisedNameMixin, db.Model):
    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Committee {self.code}>"

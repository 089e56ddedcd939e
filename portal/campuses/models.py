"""Campuses and the five learning-environment categories."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import LocalisedNameMixin
from portal.extensions import Model


class Campus(LocalisedNameMixin, Model):
    __tablename__ = "campus"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Three capital letters, the first part of every issue reference (TRD-2026-0042).
    code: Mapped[str] = mapped_column(sa.String(3), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    response_target_days: Mapped[int] = mapped_column(default=14)
    attention_threshold: Mapped[int] = mapped_column(default=25)

    def __repr__(self) -> str:
        return f"<Campus {self.code}>"


class Category(LocalisedNameMixin, Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    description_nb: Mapped[str] = mapped_column(sa.String(300))
    description_nn: Mapped[str] = mapped_column(sa.String(300))
    description_en: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def description(self) -> str:
        from portal.i18n import current_language

        return getattr(self, f"description_{current_language()}") or self.description_nb

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"

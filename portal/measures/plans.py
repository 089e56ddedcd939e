"""An action plan: one owner's measures for one year (a view over measures, not a table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from portal.measures.models import Scope

if TYPE_CHECKING:
    from portal.campuses.models import Campus
    from portal.committee.models import Committee


@dataclass(frozen=True)
class ActionPlan:
    scope: Scope
    owner: Campus | Committee
    year: int

    @property
    def owner_id(self) -> int:
        return self.owner.id

    @property
    def code(self) -> str:
        return self.owner.code

    @property
    def name(self) -> str:
        """ "Action plan 2026 – Trondheim", in the current language."""
        return _("Action plan %(year)s – %(owner)s", year=self.year, owner=self.owner.name)

    def file_name(self, language: str, extension: str) -> str:
        return f"{self.owner.code}-{self.year}-action-plan-{language}.{extension}"

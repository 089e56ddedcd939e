"""Labels and template helpers for measures, also used by the issue's own page."""

from __future__ import annotations

from flask_login import current_user

from portal.measures import bp
from portal.measures.permissions import can_manage_plan
from portal.measures.queries import measures_for_issue
from portal.measures.texts import status_label, update_label


@bp.app_template_global()
def measure_status_label(status: str) -> str:
    return status_label(status)


@bp.app_template_global()
def measure_update_label(kind: str) -> str:
    return update_label(kind)


@bp.app_template_global()
def issue_measures(issue) -> list:
    """The measures that answer an issue (one query), for the issue's page."""
    return measures_for_issue(issue)


@bp.app_template_global()
def may_add_campus_measure(issue) -> bool:
    return can_manage_plan(current_user, "campus", issue.campus_id)

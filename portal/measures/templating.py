"""Labels and template helpers for measures, also used by the issue's own page."""

from __future__ import annotations

from collections.abc import Sequence

from flask_login import current_user

from portal.i18n import local_year, today_in_oslo
from portal.measures import bp
from portal.measures.models import Scope
from portal.measures.permissions import can_manage_plan
from portal.measures.plans import ActionPlan
from portal.measures.queries import (
    follow_ups_at,
    follow_ups_by_item,
    led_campuses,
    managed_committees,
    measures_for_issue,
    measures_for_round,
    open_follow_ups,
)
from portal.measures.texts import status_label, survey_label, update_label


@bp.app_template_global()
def measure_status_label(status: str) -> str:
    return status_label(status)


@bp.app_template_global()
def measure_update_label(kind: str) -> str:
    return update_label(kind)


@bp.app_template_global()
def issue_measures(issue) -> Sequence:
    """The measures that answer an issue (one query), for the issue's page."""
    return measures_for_issue(issue)


@bp.app_template_global()
def may_add_campus_measure(issue) -> bool:
    return can_manage_plan(current_user, "campus", issue.campus_id)


@bp.app_template_global()
def measure_overdue(measure) -> bool:
    return measure.overdue_on(today_in_oslo())


@bp.app_template_global()
def item_follow_ups(item) -> Sequence:
    """The measures that follow up an agenda item's decision (one query)."""
    return follow_ups_by_item([item.id]).get(item.id, [])


@bp.app_template_global()
def follow_ups_of_items(items) -> dict:
    """{item id: the measures that follow it up}, for a list of items (one query)."""
    return follow_ups_by_item([item.id for item in items])


@bp.app_template_global()
def committee_open_follow_ups(committee) -> Sequence:
    """The committee's follow-up measures not done or dropped, for its overview."""
    return open_follow_ups(committee)


@bp.app_template_global()
def meeting_follow_ups(meeting) -> Sequence:
    """What a meeting's standing item "follow-up of earlier decisions" lists."""
    return follow_ups_at(meeting)


@bp.app_template_global()
def survey_round_measures(survey_round) -> Sequence:
    """The measures that answer a survey round's results (one query)."""
    return measures_for_round(survey_round)


@bp.app_template_global()
def may_add_follow_up(committee) -> bool:
    return can_manage_plan(current_user, "committee", committee.id)


@bp.app_template_global()
def measure_survey_label(measure) -> str:
    return survey_label(measure)


@bp.app_template_global()
def managed_plans() -> list:
    """The action plans (this year) the signed-in person owns: for "set up a measure" links."""
    if not current_user.is_authenticated:
        return []
    year = local_year()
    plans = [ActionPlan(scope=Scope.CAMPUS, owner=campus, year=year) for campus in led_campuses(current_user)]
    plans += [ActionPlan(scope=Scope.COMMITTEE, owner=c, year=year) for c in managed_committees(current_user)]
    return plans

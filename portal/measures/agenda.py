"""An action plan's status report on a committee's agenda, in one step (DESIGN.md §3.5).

The report becomes an information item (O-sak) on a meeting that is still to come, written in
the meeting's language (the committee's): per measure its purpose, result and process, as the
committee's own status reports have it (portal.measures.exports.status_report_text). The item
is made by portal.committee.service.item_create, so it gets the next case number like any other.
Flushes, never commits.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.audit.service import audit_record
from portal.committee.models import BACKGROUND_MAX, ITEM_TITLE_MAX, MeetingStatus
from portal.core.navigation import external_url
from portal.i18n import in_language
from portal.measures.exports import status_report_text
from portal.measures.permissions import can_place_on
from portal.measures.plans import ActionPlan
from portal.measures.queries import plan_measures
from portal.measures.service import MeasureError

OPEN_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED})


def _cut(text: str, maximum: int, tail: str) -> str:
    if len(text) <= maximum:
        return text
    return text[: maximum - len(tail) - 2].rstrip() + " …" + tail


def plan_report_place(*, plan: ActionPlan, meeting, actor):
    """Put `plan`'s status report on `meeting`'s agenda as an information item; returns it.

    Who may: the committee's plan, its secretaries, on its own meetings; a campus's plan, the
    secretaries of the committee whose meeting it is (portal.measures.permissions.can_place_on).

    Raises MeasureError: "meeting-needed" (no such meeting), "meeting-other-committee",
    "meeting-held" (held, or its minutes published), "plan-empty".
    """
    from portal.committee.service import item_create

    if meeting is None:
        raise MeasureError("meeting-needed", "meeting")
    if not can_place_on(actor, plan.scope, plan.owner_id, meeting.committee_id):
        raise MeasureError("meeting-other-committee", "meeting")
    if meeting.status not in OPEN_STATUSES:
        raise MeasureError("meeting-held", "meeting")
    measures = plan_measures(scope=plan.scope, owner_id=plan.owner_id, year=plan.year)
    if not measures:
        raise MeasureError("plan-empty", "meeting")
    language = meeting.committee.language
    url = external_url("measures.plan", scope=plan.scope, code=plan.code, year=plan.year)
    with in_language(language):
        title = _("Status report: %(plan)s", plan=plan.name)
        intro = _(
            "Per measure in the plan: purpose (why it was set up), result (did we get the effect) and "
            "process (why or why not, what we learned)."
        )
        tail = "\n\n" + _("The action plan in Læringsmiljøportalen: %(url)s", url=url)
    # The report's own first paragraph repeats the title: the item says what it holds instead.
    report = status_report_text(plan, measures, language=language).split("\n\n", 1)[-1]
    background = _cut(intro + "\n\n" + report + tail, BACKGROUND_MAX, tail)
    item = item_create(
        meeting=meeting,
        kind="information",
        title=title[:ITEM_TITLE_MAX],
        background=background,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="action-plan.agenda",
        target_type=str(plan.scope),
        target_id=plan.owner_id,
        after={"year": plan.year, "meeting": meeting.id, "item": item.id, "case": item.case_number},
    )
    return item

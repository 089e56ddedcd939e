"""Who hears about measures: the students who raised or support an issue a measure answers
(when it is set up, done or dropped), and the owners (reminders before and after the due date).
Each in their own language, by e-mail only if they want that kind."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.authz import Role
from portal.core.navigation import external_url
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.models import Issue
from portal.issues.notifications import followers_notify
from portal.measures.models import Measure
from portal.measures.queries import due_for_reminders, owners_of
from portal.measures.service import measure_claim_reminder
from portal.notifications.kinds import register_kind
from portal.notifications.service import notify
from portal.signals import measure_changed

REMIND_DAYS_BEFORE = 7


def _render_on_issue(p: dict) -> str:
    what = p.get("what")
    if what == "done":
        return _(
            "The measure “%(measure)s” on %(reference)s is done",
            measure=p["measure"],
            reference=p["reference"],
        )
    if what == "dropped":
        return _(
            "The measure “%(measure)s” on %(reference)s was dropped",
            measure=p["measure"],
            reference=p["reference"],
        )
    return _("A measure answers %(reference)s: “%(measure)s”", measure=p["measure"], reference=p["reference"])


def _render_reminder(p: dict) -> str:
    if p.get("overdue"):
        return _("The measure “%(measure)s” is past its due date", measure=p["measure"])
    return _("The measure “%(measure)s” is due in a week", measure=p["measure"])


register_kind(
    "issue_measure",
    label=_l("a measure is set up, done or dropped on an issue I raised or support"),
    render=_render_on_issue,
)
register_kind(
    "measure_reminder",
    label=_l("reminders of my measures a week before the due date and when overdue"),
    render=_render_reminder,
    audience=lambda user: user.has_role(Role.CAMPUS_LEADER) or user.has_role(Role.SECRETARY),
)


@measure_changed.connect
def _tell_followers(measure: Measure, what: str, issue_ids: list[int], **_extra) -> None:
    for issue_id in issue_ids:
        issue = db.session.get(Issue, issue_id)
        if issue is None:
            continue
        followers_notify(
            issue,
            kind="issue_measure",
            params={"reference": issue.reference, "measure": measure.title, "what": what},
            mail_template="measures/mail/on_issue.txt",
            mail_context={"measure": measure, "what": what},
        )


def send_reminders(now: datetime | None = None) -> list[tuple[Measure, str, int]]:
    """Remind each measure's owners once a week before its due date and once when it is overdue
    (cron, daily). A measure already overdue when first seen gets only the overdue reminder.
    Returns (measure, "soon"/"overdue", people told) for each reminder sent."""
    now = now or utcnow()
    today = today_in_oslo(now)
    sent: list[tuple[Measure, str, int]] = []
    for measure in due_for_reminders(today, today + timedelta(days=REMIND_DAYS_BEFORE)):
        overdue = measure.due_on < today
        # The week-before marker is claimed even when it is too late for it: it is not sent then.
        claimed_soon = measure.reminded_soon_at is None and measure_claim_reminder(
            measure, "reminded_soon_at", now
        )
        if claimed_soon and not overdue:
            sent.append((measure, "soon", _remind(measure, overdue=False)))
        if (
            overdue
            and measure.reminded_overdue_at is None
            and measure_claim_reminder(measure, "reminded_overdue_at", now)
        ):
            sent.append((measure, "overdue", _remind(measure, overdue=True)))
    return sent


def _remind(measure: Measure, *, overdue: bool) -> int:
    told = 0
    for owner in owners_of(measure):
        if notify(
            user=owner,
            kind="measure_reminder",
            params={"measure": measure.title, "overdue": overdue, "measure_id": measure.id},
            link=("measures.measure_page", {"measure_id": measure.id}),
            topic=f"measure:{measure.id}",
            mail_template="measures/mail/reminder.txt",
            mail_context={
                "measure": measure,
                "overdue": overdue,
                "url": external_url("measures.measure_page", measure_id=measure.id),
                "settings_url": external_url("notifications.settings"),
            },
        ):
            told += 1
    return told

"""Template helpers for issues: times that respect anonymity, status and role labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.i18n import format_day, format_moment
from portal.issues import bp
from portal.issues.workflow import status_label

ROLE_LABELS = {
    "author": _l("The person who raised it"),
    "campus_leader": _l("Campus council"),
    "secretary": _l("Committee secretary"),
    "unit": _l("The responsible unit"),
    "system": _l("The portal"),
}


@bp.app_template_global()
def issue_time(issue, moment) -> str:
    """A moment on an issue's page or timeline: the day and time, but for anonymous issues the day
    only (DESIGN.md §3.1: public timestamps rounded to the day). Lists use `|date` for every issue:
    neighbours' times would narrow down an anonymous issue's (issue #9 item 14)."""
    if moment is None:
        return ""
    if issue.anonymous:
        return format_day(moment)
    return format_moment(moment)


@bp.app_template_global()
def issue_status_label(status: str) -> str:
    return status_label(status)


@bp.app_template_global()
def event_actor(event) -> str:
    if event.show_actor_name and event.actor is not None:
        return f"{event.actor.name} ({ROLE_LABELS.get(event.actor_role, '')})"
    return str(ROLE_LABELS.get(event.actor_role, event.actor_role))

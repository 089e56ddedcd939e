"""Template helpers for issues: times that respect anonymity, status and role labels."""

from __future__ import annotations

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

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
    """Anonymous issues show dates only (DESIGN.md §3.1: public timestamps rounded to the day)."""
    if moment is None:
        return ""
    if issue.anonymous:
        return format_date(moment, "medium")
    return format_datetime(moment, "short")


@bp.app_template_global()
def issue_status_label(status: str) -> str:
    return status_label(status)


@bp.app_template_global()
def event_actor(event) -> str:
    if event.show_actor_name and event.actor is not None:
        return f"{event.actor.name} ({ROLE_LABELS.get(event.actor_role, '')})"
    return str(ROLE_LABELS.get(event.actor_role, event.actor_role))

"""Template helpers for surveys: status labels and the home page's open rounds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.surveys import bp
from portal.surveys.models import Status

STATUS_LABELS = {
    Status.UPCOMING: _l("Not open yet"),
    Status.OPEN: _l("Open"),
    Status.CLOSED: _l("Closed"),
    Status.PUBLISHED: _l("Results published"),
}


@bp.app_template_global()
def survey_status_label(status) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def surveys_home() -> dict:
    """For surveys/_home.html, which the home page includes: a student's open rounds (one query)."""
    from flask_login import current_user

    from portal.surveys.queries import open_rounds_for

    return {"open": open_rounds_for(current_user)}

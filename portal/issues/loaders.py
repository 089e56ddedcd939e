"""Loaders a route cannot forget: each loads by the URL's key and checks access in one call.

Unknown keys answer 404; so does an issue the person may not see (a confidential
issue is not confirmed to exist). Known but forbidden actions answer 403.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.authz import ensure
from portal.campuses.models import Campus
from portal.issues.authors import is_author
from portal.issues.models import Issue
from portal.issues.permissions import can_view
from portal.issues.queries import active_campus_by_code, issue_or_404


def viewable_issue_or_404(reference: str) -> Issue:
    issue = issue_or_404(reference)
    if not can_view(current_user, issue):
        abort(404)
    return issue


def authored_issue_or_403(reference: str) -> Issue:
    """An issue the signed-in person raised (and has not cut the link to)."""
    issue = issue_or_404(reference)
    ensure(is_author(current_user, issue))
    return issue


def active_campus_or_404(code: str) -> Campus:
    campus = active_campus_by_code(code)
    if campus is None:
        abort(404)
    return campus

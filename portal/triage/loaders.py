"""Loaders for the campus leaders' pages: load by the URL's key and check scope in one call."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.authz import ensure
from portal.campuses.models import Campus
from portal.issues.models import Issue
from portal.issues.queries import campus_by_code, issue_or_404
from portal.triage.permissions import can_triage, leads_campus


def led_campus_or_404(code: str) -> Campus:
    """A campus the signed-in leader leads (404 unknown, 403 another campus)."""
    campus = campus_by_code(code)
    if campus is None:
        abort(404)
    ensure(leads_campus(current_user, campus))
    return campus


def triaged_issue_or_404(reference: str) -> Issue:
    """An issue of a campus the signed-in leader leads (404 unknown, 403 another campus)."""
    issue = issue_or_404(reference)
    ensure(can_triage(current_user, issue))
    return issue

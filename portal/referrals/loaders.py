"""Loaders a route cannot forget: load by the URL's key and check access in one call."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.authz import ensure
from portal.issues.models import Issue
from portal.issues.queries import issue_or_404
from portal.issues.workflow import Actor, Status
from portal.referrals.models import Referral
from portal.referrals.permissions import can_withdraw, referring_actor
from portal.referrals.queries import referral_by_id, referral_or_404
from portal.referrals.tokens import LinkProblem, nonce_matches, read_link_token


def referable_issue_or_404(reference: str) -> tuple[Issue, Actor]:
    """An issue the signed-in person may refer, and the role they act in (404 unknown, 403 not theirs)."""
    issue = issue_or_404(reference)
    actor = referring_actor(current_user, issue)
    if actor is None:
        abort(403)
    return issue, actor


def withdrawable_referral_or_404(referral_id: int) -> Referral:
    """A referral of the signed-in leader's campus (404 unknown, 403 another campus's)."""
    referral = referral_or_404(referral_id)
    ensure(can_withdraw(current_user, referral))
    return referral


def referral_of_link(token: str) -> tuple[Referral | None, LinkProblem | None]:
    """The referral a unit's link names, and why it cannot be answered through it (None if it can).

    A forged link never says whether a referral exists; an expired or used one names its
    referral only to pick the page's language.
    """
    if len(token) > 500:
        return None, LinkProblem.FORGED
    referral_id, nonce, problem = read_link_token(token)
    referral = referral_by_id(referral_id) if referral_id is not None else None
    if referral is None or nonce is None or not nonce_matches(referral, nonce):
        return None, LinkProblem.FORGED
    if referral.answered_at is not None:
        return referral, LinkProblem.ANSWERED
    if referral.withdrawn_at is not None:
        return referral, LinkProblem.WITHDRAWN
    if problem is not None:
        return referral, problem
    if referral.issue.status != Status.REFERRED:
        return referral, LinkProblem.CLOSED
    return referral, None

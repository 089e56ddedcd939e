"""Template helpers for the pages of other domains that show referrals (issue page, triage).

Each is one query, whatever the page lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from portal.forms import options
from portal.i18n import today_in_oslo
from portal.issues.workflow import Actor, Status
from portal.referrals import public_bp
from portal.referrals.forms import ReferForm
from portal.referrals.mail import answer_url
from portal.referrals.permissions import can_see_referrals, can_withdraw, referring_actor
from portal.referrals.queries import active_units, overdue_referral_issue_ids, referrals_of_issue
from portal.referrals.service import default_due_on


@public_bp.app_template_global()
def issue_referrals(issue) -> Sequence:
    """The issue's referrals, oldest first: shown on its page to everyone who can see the issue
    (the unit's name and dates are public; the message to the unit is not)."""
    return referrals_of_issue(issue)


@public_bp.app_template_global()
def referral_today():
    return today_in_oslo()


@public_bp.app_template_global()
def referral_rights(issue) -> dict:
    """What the signed-in person may do about the issue's referrals."""
    actor = referring_actor(current_user, issue)
    referable = (actor == Actor.LEADER and issue.status == Status.ACCEPTED) or (
        actor == Actor.SECRETARY and issue.status == Status.ESCALATED
    )
    return {
        "refer": referable and not issue.confidential and not issue.hidden,
        "see": can_see_referrals(current_user, issue),
        "leader": actor == Actor.LEADER,
    }


@public_bp.app_template_global()
def referral_withdrawable(referral) -> bool:
    return referral.is_open and can_withdraw(current_user, referral)


@public_bp.app_template_global()
def referral_demo_link(referral) -> str | None:
    """Outside production, the leader sees the unit's link, so a person trying the portal can
    answer as the unit. In production only the unit has it (by e-mail)."""
    if current_app.config["PORTAL_ENV"] == "production" or not referral.is_open:
        return None
    return answer_url(referral)


@public_bp.app_template_global()
def overdue_referrals_of(campus) -> set[int]:
    """Issue ids of the campus whose referral's answer is overdue (the inbox flags them)."""
    return overdue_referral_issue_ids(campus)


@public_bp.app_template_global()
def referral_form(issue):
    """The refer form for the campus council's issue page (it posts to the referral page, which
    shows any refusal with the form again)."""
    form = ReferForm(formdata=None, version=issue.version, due_on=default_due_on())
    form.unit.choices = options([(0, _("Choose a unit"))] + [(u.id, u.name) for u in active_units()])
    return form

"""Helpers for referral tests: units, and issues referred through the service."""

from __future__ import annotations

import itertools
from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.workflow import Actor
from portal.notifications.models import OutboxMessage
from portal.referrals.service import referral_create, unit_save
from portal.referrals.tokens import link_token
from tests.factories import make_issue

_n = itertools.count(1)


def make_unit(*, language: str = "nb", active: bool = True, name: str = "Eiendomsavdelingen"):
    n = next(_n)
    return unit_save(
        unit=None,
        values={
            "name_nb": f"{name} {n}",
            "name_nn": f"Eigedomsavdelinga {n}",
            "name_en": f"Estates {n}",
            "email": f"unit{n}@example.test",
            "language": language,
            "active": active,
        },
        actor=None,
    )


def referred_issue(org, *, unit=None, leader=None, author=None, commit=True, days=14, **issue_values):
    """An accepted issue of TRD referred to `unit` by its leader; returns (issue, referral)."""
    issue = make_issue(org, status="accepted", author=author, **issue_values)
    unit = unit or make_unit()
    referral = referral_create(
        issue=issue,
        unit=unit,
        due_on=today_in_oslo() + timedelta(days=days),
        actor_user=leader or org.leader(issue.campus),
        actor=Actor.LEADER,
        message="Gjelder rom R1.",
    )
    if commit:
        db.session.commit()
    return issue, referral


def answer_path(referral) -> str:
    return f"/referrals/answer/{link_token(referral)}"


def unit_mail(unit) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == unit.email)).all()

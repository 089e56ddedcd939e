"""Reads for referrals and responsible units. Lists run a fixed number of queries."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import abort

from portal.campuses.models import Campus
from portal.extensions import db
from portal.i18n import OSLO, today_in_oslo
from portal.issues.models import Issue
from portal.referrals.models import Referral, ResponsibleUnit

_OPEN = sa.and_(Referral.answered_at.is_(None), Referral.withdrawn_at.is_(None))


def units_all() -> Sequence[ResponsibleUnit]:
    return db.session.scalars(sa.select(ResponsibleUnit).order_by(ResponsibleUnit.name_nb)).all()


def active_units() -> Sequence[ResponsibleUnit]:
    return db.session.scalars(
        sa.select(ResponsibleUnit).where(ResponsibleUnit.active).order_by(ResponsibleUnit.name_nb)
    ).all()


def unit_by_id(unit_id: int | None) -> ResponsibleUnit | None:
    if not isinstance(unit_id, int) or not 0 < unit_id < 2**31:
        return None
    return db.session.get(ResponsibleUnit, unit_id)


def unit_or_404(unit_id: int) -> ResponsibleUnit:
    unit = unit_by_id(unit_id)
    if unit is None:
        abort(404)
    return unit


def referral_or_404(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id) if 0 < referral_id < 2**31 else None
    if referral is None:
        abort(404)
    return referral


def referral_by_id(referral_id: int) -> Referral | None:
    return db.session.get(Referral, referral_id) if 0 < referral_id < 2**31 else None


def referrals_of_issue(issue) -> Sequence[Referral]:
    return db.session.scalars(
        sa.select(Referral).where(Referral.issue_id == issue.id).order_by(Referral.referred_at, Referral.id)
    ).all()


def _overdue(campus: Campus, today: date) -> sa.Select:
    return (
        sa.select(Referral)
        .join(Issue, Issue.id == Referral.issue_id)
        .where(Issue.campus_id == campus.id, _OPEN, Referral.due_on < today)
        .order_by(Referral.due_on, Referral.id)
    )


def overdue_referrals(campus: Campus, today: date | None = None) -> Sequence[Referral]:
    """The campus's referrals still waiting for an answer after their due date, oldest first."""
    return db.session.scalars(_overdue(campus, today or today_in_oslo())).all()


def overdue_referral_issue_ids(campus: Campus, today: date | None = None) -> set[int]:
    """Issue ids of the campus whose referral's answer is overdue: one query, for the inbox."""
    select = _overdue(campus, today or today_in_oslo()).with_only_columns(Referral.issue_id)
    return set(db.session.scalars(select))


@dataclass(frozen=True)
class ReferralCounts:
    """Referrals made in a year, for the annual report."""

    made: int
    answered: int
    answered_in_time: int
    waiting: int
    overdue: int
    withdrawn: int
    median_days_to_answer: float | None


def referral_year_counts(start, end, today: date | None = None) -> ReferralCounts:
    """Referrals made in [start, end) (UTC instants) and how they went; answer times in days."""
    today = today or today_in_oslo()
    rows = db.session.execute(
        sa.select(Referral.referred_at, Referral.due_on, Referral.answered_at, Referral.withdrawn_at).where(
            Referral.referred_at >= start, Referral.referred_at < end
        )
    ).all()
    answered = [r for r in rows if r.answered_at is not None]
    waiting = [r for r in rows if r.answered_at is None and r.withdrawn_at is None]
    days = [max((r.answered_at - r.referred_at).total_seconds(), 0) / 86400 for r in answered]
    return ReferralCounts(
        made=len(rows),
        answered=len(answered),
        answered_in_time=sum(1 for r in answered if r.answered_at.astimezone(OSLO).date() <= r.due_on),
        waiting=len(waiting),
        overdue=sum(1 for r in waiting if r.due_on < today),
        withdrawn=sum(1 for r in rows if r.withdrawn_at is not None and r.answered_at is None),
        median_days_to_answer=round(statistics.median(days), 1) if days else None,
    )

"""Reads for surveys. Nothing here returns a response row next to a person: only counts and aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort

from portal.accounts.models import User
from portal.accounts.queries import active_students
from portal.authz import Role
from portal.campuses.models import Campus
from portal.db import utcnow
from portal.extensions import db
from portal.surveys.models import (
    Survey,
    SurveyResponse,
    SurveyRoll,
    SurveyRound,
    SurveyRoundCampus,
    SurveyVersion,
)


def round_or_404(round_id: int) -> SurveyRound:
    survey_round = db.session.get(SurveyRound, round_id) if 0 < round_id < 2**31 else None
    if survey_round is None:
        abort(404)
    return survey_round


def surveys_list() -> Sequence[Survey]:
    return db.session.scalars(sa.select(Survey).order_by(Survey.key)).all()


def latest_version(survey: Survey) -> SurveyVersion | None:
    return db.session.scalar(
        sa.select(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id)
        .order_by(SurveyVersion.number.desc())
        .limit(1)
    )


def version_has_answers(version: SurveyVersion) -> bool:
    return (
        db.session.scalar(
            sa.select(SurveyResponse.id)
            .join(SurveyRound, SurveyRound.id == SurveyResponse.round_id)
            .where(SurveyRound.version_id == version.id)
            .limit(1)
        )
        is not None
    )


# Audience ---------------------------------------------------------------------------------------


def audience_select(all_campuses: bool, campus_ids: list[int]):
    select = active_students()
    if not all_campuses:
        select = select.where(User.home_campus_id.in_(campus_ids or [-1]))
    return select


def audience_counts(all_campuses: bool, campus_ids: list[int]) -> tuple[int, dict[str, int]]:
    """(total, {"<campus id>" or "": count}) of the students a round with this audience reaches."""
    students = audience_select(all_campuses, campus_ids).subquery()
    rows = db.session.execute(
        sa.select(students.c.home_campus_id, sa.func.count()).group_by(students.c.home_campus_id)
    ).all()
    by_campus = {("" if campus is None else str(campus)): count for campus, count in rows}
    return sum(by_campus.values()), by_campus


def round_audience_select(survey_round: SurveyRound):
    return audience_select(survey_round.all_campuses, survey_round.audience_ids)


def eligible_counts(survey_round: SurveyRound) -> tuple[int, dict[str, int]]:
    """Frozen at the close; live before."""
    if survey_round.eligible_by_campus is not None:
        return survey_round.eligible_count or 0, dict(survey_round.eligible_by_campus)
    return audience_counts(survey_round.all_campuses, survey_round.audience_ids)


def active_campuses() -> Sequence[Campus]:
    return db.session.scalars(sa.select(Campus).where(Campus.active.is_(True)).order_by(Campus.code)).all()


# A person and a round --------------------------------------------------------------------------


def answered_on(survey_round: SurveyRound, user) -> date | None:
    """The day this person answered the round, or None. Never what they answered."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(SurveyRoll.answered_on).where(
            SurveyRoll.round_id == survey_round.id, SurveyRoll.user_id == user.id
        )
    )


def _audience_filter(user):
    return sa.or_(
        SurveyRound.all_campuses.is_(True),
        sa.exists().where(
            SurveyRoundCampus.round_id == SurveyRound.id,
            SurveyRoundCampus.campus_id == user.home_campus_id,
        ),
    )


def open_rounds_for(user, now: datetime | None = None) -> list[tuple[SurveyRound, date | None]]:
    """Open rounds whose audience includes this student, with the day they answered (or None)."""
    now = now or utcnow()
    if not user.is_authenticated or not user.has_role(Role.STUDENT):
        return []
    rows = db.session.execute(
        sa.select(SurveyRound, SurveyRoll.answered_on)
        .outerjoin(SurveyRoll, sa.and_(SurveyRoll.round_id == SurveyRound.id, SurveyRoll.user_id == user.id))
        .where(SurveyRound.opens_at <= now, SurveyRound.closes_at > now, _audience_filter(user))
        .order_by(SurveyRound.closes_at, SurveyRound.id)
    ).all()
    return [(survey_round, day) for survey_round, day in rows]


def published_rounds(limit: int = 10) -> Sequence[SurveyRound]:
    return db.session.scalars(
        sa.select(SurveyRound)
        .where(SurveyRound.published_at.is_not(None))
        .order_by(SurveyRound.published_at.desc(), SurveyRound.id.desc())
        .limit(limit)
    ).all()


def managed_rounds(user, limit: int = 100) -> Sequence[SurveyRound]:
    """Rounds this person owns or reads as a member of the committee."""
    committees = user.committee_ids(Role.SECRETARY, Role.COMMITTEE_MEMBER)
    campuses = user.led_campus_ids
    conditions = []
    if committees:
        conditions.append(SurveyRound.committee_id.in_(committees))
        conditions.append(SurveyRound.campus_id.is_not(None))  # the committee reads campus rounds too
    if campuses:
        conditions.append(SurveyRound.campus_id.in_(campuses))
    if not conditions:
        return []
    return db.session.scalars(
        sa.select(SurveyRound)
        .where(sa.or_(*conditions))
        .order_by(SurveyRound.opens_at.desc(), SurveyRound.id.desc())
        .limit(limit)
    ).all()


def previous_round(survey_round: SurveyRound) -> SurveyRound | None:
    """The latest published round of the same survey and owner that closed before this one opened."""
    return db.session.scalar(
        sa.select(SurveyRound)
        .where(
            SurveyRound.survey_id == survey_round.survey_id,
            SurveyRound.published_at.is_not(None),
            SurveyRound.id != survey_round.id,
            SurveyRound.closes_at <= survey_round.opens_at,
            SurveyRound.committee_id.is_(None)
            if survey_round.committee_id is None
            else SurveyRound.committee_id == survey_round.committee_id,
            SurveyRound.campus_id.is_(None)
            if survey_round.campus_id is None
            else SurveyRound.campus_id == survey_round.campus_id,
        )
        .order_by(SurveyRound.closes_at.desc())
        .limit(1)
    )


def rounds_closed_between(start: datetime, end: datetime) -> Sequence[SurveyRound]:
    return db.session.scalars(
        sa.select(SurveyRound)
        .where(SurveyRound.closes_at >= start, SurveyRound.closes_at < end)
        .order_by(SurveyRound.closes_at, SurveyRound.id)
    ).all()


# Response rate -----------------------------------------------------------------------------------


@dataclass
class CampusRate:
    campus: Campus | None  # None: students with no home campus
    responses: int
    eligible: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.eligible if self.eligible else None


@dataclass
class ResponseRate:
    responses: int
    eligible: int
    campuses: list[CampusRate] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.responses / self.eligible if self.eligible else None


def participants(survey_round: SurveyRound) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(SurveyRoll).where(SurveyRoll.round_id == survey_round.id)
        )
        or 0
    )


def responses_by_campus(survey_round: SurveyRound) -> dict[int | None, int]:
    return dict(
        db.session.execute(
            sa.select(SurveyResponse.campus_id, sa.func.count())
            .where(SurveyResponse.round_id == survey_round.id)
            .group_by(SurveyResponse.campus_id)
        ).all()
    )


def response_rate(survey_round: SurveyRound) -> ResponseRate:
    """Participants / eligible students, overall and per campus: counts only, in four queries."""
    eligible_total, eligible_by = eligible_counts(survey_round)
    responses = responses_by_campus(survey_round)
    ids = {int(key) for key in eligible_by if key} | {key for key in responses if key is not None}
    campuses = (
        {c.id: c for c in db.session.scalars(sa.select(Campus).where(Campus.id.in_(ids)))} if ids else {}
    )
    rows = [
        CampusRate(
            campus=campuses[cid], responses=responses.get(cid, 0), eligible=eligible_by.get(str(cid), 0)
        )
        for cid in sorted(ids, key=lambda cid: campuses[cid].code)
    ]
    if eligible_by.get("") or responses.get(None):
        rows.append(
            CampusRate(campus=None, responses=responses.get(None, 0), eligible=eligible_by.get("", 0))
        )
    return ResponseRate(responses=participants(survey_round), eligible=eligible_total, campuses=rows)

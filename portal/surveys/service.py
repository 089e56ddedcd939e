"""Surveys: every write goes through here.

Functions flush and never commit; the view or command commits once. Rules that say no
raise SurveyError with a code (and the form field it concerns) that portal.errors.refused
turns into a translated message. Answering writes a roll entry and an unlinked response
through portal.secrecy, and nothing else: no audit event, no log line, no timestamp.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from portal.audit.service import audit_record
from portal.campuses.models import Campus
from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.secrecy import AlreadyOnRoll, SecretBox, register_box, reseal, secret_cast
from portal.surveys import answers as answer_rules
from portal.surveys.definition import Definition, digest, read_file
from portal.surveys.live import live_results_drop
from portal.surveys.messages import SurveyError
from portal.surveys.models import (
    MIN_GROUP_CEILING,
    MIN_GROUP_FLOOR,
    REMINDERS_MAX,
    Status,
    Survey,
    SurveyReminder,
    SurveyResponse,
    SurveyRoll,
    SurveyRound,
    SurveyRoundCampus,
    SurveyVersion,
)
from portal.surveys.permissions import can_own, in_audience, is_student
from portal.surveys.queries import audience_counts, latest_version, version_has_answers

# A time typed in a form has no seconds; "now" may be a minute older by the time it is sent.
TYPING_SLACK = timedelta(minutes=2)


def _rounds_taking_answers(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(SurveyRound.id).where(SurveyRound.opens_at <= now, SurveyRound.closes_at > now)
        )
    )


# The roll apart from the box, the same mechanism as the focus-area ballot (portal.secrecy).
SURVEY_BOX = register_box(
    SecretBox(
        name="survey",
        round_table=SurveyRound.__table__,
        roll=SurveyRoll.__table__,
        box=SurveyResponse.__table__,
        roll_day_column="answered_on",
        children={"survey_answer": "response_id"},
        open_rounds=_rounds_taking_answers,
    )
)


# Definitions -------------------------------------------------------------------------------------


def survey_load(
    *, path: Path, source: str | None = None, now: datetime | None = None
) -> tuple[SurveyVersion, str]:
    """Create or update a survey from its file (flushes). Returns (version, what happened).

    "created": a new survey; "unchanged": the file matches the latest version; "updated":
    the latest version had no answers and now has the file's questions; "new-version":
    the latest version has answers, so it stays as it is and a new version is made.
    Raises portal.surveys.definition.DefinitionError.
    """
    now = now or utcnow()
    data = read_file(path, source or path.name)
    fingerprint = digest(data)
    survey = db.session.scalar(sa.select(Survey).where(Survey.key == data["id"]))
    if survey is None:
        survey = Survey(key=data["id"])
        db.session.add(survey)
        db.session.flush()
        latest, outcome = None, "created"
    else:
        latest = latest_version(survey)
        outcome = "new-version"
    if latest is not None:
        if latest.digest == fingerprint:
            return latest, "unchanged"
        if not version_has_answers(latest):
            latest.definition = data
            latest.digest = fingerprint
            latest.source = source or path.name
            latest.loaded_at = now
            db.session.flush()
            return latest, "updated"
    version = SurveyVersion(
        survey_id=survey.id,
        number=(latest.number + 1) if latest is not None else 1,
        definition=data,
        digest=fingerprint,
        source=source or path.name,
        loaded_at=now,
    )
    db.session.add(version)
    db.session.flush()
    return version, outcome


# Rounds ------------------------------------------------------------------------------------------


def _oslo_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def _summary(survey_round: SurveyRound) -> dict:
    return {
        "survey": survey_round.survey.key,
        "version": survey_round.version.number,
        "committee_id": survey_round.committee_id,
        "campus_id": survey_round.campus_id,
        "all_campuses": survey_round.all_campuses,
        "audience": survey_round.audience_ids,
        "opens_at": survey_round.opens_at.isoformat(),
        "closes_at": survey_round.closes_at.isoformat(),
        "min_group": survey_round.min_group,
        "reminders": [r.remind_on.isoformat() for r in survey_round.reminders],
    }


def _check_audience(*, campus_owner: Campus | None, all_campuses: bool, campus_ids: list[int]) -> list[int]:
    campus_ids = sorted(set(campus_ids))
    if campus_owner is not None and (all_campuses or campus_ids != [campus_owner.id]):
        raise SurveyError("campus-audience", "audience")
    if all_campuses:
        return []
    if not campus_ids:
        raise SurveyError("audience-empty", "audience")
    known = set(
        db.session.scalars(sa.select(Campus.id).where(Campus.id.in_(campus_ids), Campus.active.is_(True)))
    )
    if known != set(campus_ids):
        raise SurveyError("campus-unknown", "audience")
    return campus_ids


def _check_size(min_group: int, all_campuses: bool, campus_ids: list[int]) -> None:
    if not MIN_GROUP_FLOOR <= min_group <= MIN_GROUP_CEILING:
        raise SurveyError("min-group", "min_group", low=MIN_GROUP_FLOOR, high=MIN_GROUP_CEILING)
    count, _by_campus = audience_counts(all_campuses, campus_ids)
    if count < 2 * min_group:
        raise SurveyError("audience-too-small", "audience", count=count, needed=2 * min_group)


def _check_reminders(reminders: list[date], opens_at: datetime, closes_at: datetime) -> list[date]:
    days = sorted(set(reminders))
    if len(days) > REMINDERS_MAX:
        raise SurveyError("too-many-reminders", "reminders", max=REMINDERS_MAX)
    first, last = _oslo_day(opens_at), _oslo_day(closes_at)
    if any(not first <= day <= last for day in days):
        raise SurveyError("reminder-outside", "reminders")
    return days


def round_create(
    *,
    actor,
    survey: Survey,
    committee=None,
    campus: Campus | None = None,
    opens_at: datetime,
    closes_at: datetime,
    all_campuses: bool,
    campus_ids: list[int],
    min_group: int,
    reminders: list[date],
    now: datetime | None = None,
) -> SurveyRound:
    """Publish a round of the survey's latest version for a committee or a campus (flushes, audits).

    A campus leader's round is for that campus only. The audience must hold at least twice
    the minimum group size, or results could never be shown. Raises SurveyError.
    """
    now = now or utcnow()
    if (committee is None) == (campus is None):
        raise SurveyError("not-owner")
    if not can_own(
        actor, committee_id=committee.id if committee else None, campus_id=campus.id if campus else None
    ):
        raise SurveyError("not-owner")
    version = latest_version(survey)
    if version is None:
        raise SurveyError("no-survey", "survey")
    if opens_at < now - TYPING_SLACK:
        raise SurveyError("in-past", "opens_at")
    if closes_at <= opens_at:
        raise SurveyError("order", "closes_at")
    campus_ids = _check_audience(campus_owner=campus, all_campuses=all_campuses, campus_ids=campus_ids)
    _check_size(min_group, all_campuses, campus_ids)
    days = _check_reminders(reminders, opens_at, closes_at)
    survey_round = SurveyRound(
        survey_id=survey.id,
        version_id=version.id,
        committee_id=committee.id if committee else None,
        campus_id=campus.id if campus else None,
        all_campuses=all_campuses,
        opens_at=max(opens_at, now),
        closes_at=closes_at,
        min_group=min_group,
        created_by_id=actor.id,
        audience=[SurveyRoundCampus(campus_id=cid) for cid in campus_ids],
        reminders=[SurveyReminder(remind_on=day) for day in days],
    )
    db.session.add(survey_round)
    db.session.flush()
    audit_record(
        actor=actor,
        action="survey.round.create",
        target_type="survey_round",
        target_id=survey_round.id,
        after=_summary(survey_round),
    )
    return survey_round


def round_update(
    *,
    survey_round: SurveyRound,
    actor,
    opens_at: datetime,
    closes_at: datetime,
    all_campuses: bool,
    campus_ids: list[int],
    min_group: int,
    reminders: list[date],
    now: datetime | None = None,
) -> None:
    """Change a round (flushes, audits). Before it opens, everything; while open, only the closing
    time and the reminders; after the close, nothing. Raises SurveyError."""
    now = now or utcnow()
    status = survey_round.status_at(now)
    if status in (Status.CLOSED, Status.PUBLISHED):
        raise SurveyError("closed")
    before = _summary(survey_round)
    campus = survey_round.owner_campus
    if status == Status.OPEN:
        same_open = opens_at.replace(second=0, microsecond=0) == survey_round.opens_at.replace(
            second=0, microsecond=0
        )
        if not same_open:
            raise SurveyError("fixed-after-open", "opens_at")
        if (
            all_campuses != survey_round.all_campuses
            or sorted(set(campus_ids)) != survey_round.audience_ids
            or min_group != survey_round.min_group
        ):
            raise SurveyError("fixed-after-open", "audience")
        opens_at = survey_round.opens_at
        campus_ids = survey_round.audience_ids
    else:
        if opens_at < now - TYPING_SLACK:
            raise SurveyError("in-past", "opens_at")
        opens_at = max(opens_at, now)
        campus_ids = _check_audience(campus_owner=campus, all_campuses=all_campuses, campus_ids=campus_ids)
        _check_size(min_group, all_campuses, campus_ids)
    if closes_at <= opens_at:
        raise SurveyError("order", "closes_at")
    if closes_at < now - TYPING_SLACK:
        raise SurveyError("in-past", "closes_at")
    days = _check_reminders(reminders, opens_at, closes_at)
    survey_round.opens_at = opens_at
    survey_round.closes_at = max(closes_at, now)
    if status == Status.UPCOMING:
        survey_round.all_campuses = all_campuses
        survey_round.min_group = min_group
        survey_round.audience = [SurveyRoundCampus(campus_id=cid) for cid in campus_ids]
        # A round that has not opened takes the survey's latest questions.
        version = latest_version(survey_round.survey)
        if version is not None:
            survey_round.version_id = version.id
    sent = {r.remind_on: r.sent_at for r in survey_round.reminders}
    survey_round.reminders = [SurveyReminder(remind_on=day, sent_at=sent.get(day)) for day in days]
    db.session.flush()
    db.session.refresh(survey_round)
    after = _summary(survey_round)
    if after != before:
        audit_record(
            actor=actor,
            action="survey.round.update",
            target_type="survey_round",
            target_id=survey_round.id,
            before=before,
            after=after,
        )


def round_delete(*, survey_round: SurveyRound, actor, now: datetime | None = None) -> None:
    """Withdraw a round that has not opened (flushes, audits). Raises SurveyError("has-started")."""
    now = now or utcnow()
    if survey_round.status_at(now) != Status.UPCOMING:
        raise SurveyError("has-started")
    before = _summary(survey_round)
    round_id = survey_round.id
    db.session.delete(survey_round)
    db.session.flush()
    audit_record(
        actor=actor,
        action="survey.round.delete",
        target_type="survey_round",
        target_id=round_id,
        before=before,
    )


def round_close(*, survey_round: SurveyRound, actor, now: datetime | None = None) -> None:
    """Close an open round now and seal its box (flushes, audits). Raises SurveyError("not-open")."""
    now = now or utcnow()
    if survey_round.status_at(now) != Status.OPEN:
        raise SurveyError("not-open")
    before = _summary(survey_round)
    survey_round.closes_at = now
    db.session.flush()
    audit_record(
        actor=actor,
        action="survey.round.close",
        target_type="survey_round",
        target_id=survey_round.id,
        before=before,
        after=_summary(survey_round),
    )
    round_seal(survey_round=survey_round, now=now)


def round_publish(*, survey_round: SurveyRound, actor, now: datetime | None = None) -> None:
    """Publish the results of a closed round to every signed-in person (flushes, audits)."""
    now = now or utcnow()
    status = survey_round.status_at(now)
    if status == Status.PUBLISHED:
        raise SurveyError("already-published")
    if status != Status.CLOSED:
        raise SurveyError("not-closed")
    round_seal(survey_round=survey_round, now=now)
    survey_round.published_at = now
    db.session.flush()
    audit_record(
        actor=actor,
        action="survey.round.publish",
        target_type="survey_round",
        target_id=survey_round.id,
        after={"published_at": now.isoformat()},
    )


def round_seal(*, survey_round: SurveyRound, now: datetime | None = None) -> bool:
    """After the close: reseal the box a last time and count the audience (flushes). Once; returns
    False if it was sealed already. Raises SurveyError("not-closed")."""
    now = now or utcnow()
    if survey_round.status_at(now) in (Status.UPCOMING, Status.OPEN):
        raise SurveyError("not-closed")
    if survey_round.sealed_at is not None:
        return False
    claimed = rows_changed(
        sa.update(SurveyRound)
        .where(SurveyRound.id == survey_round.id, SurveyRound.sealed_at.is_(None))
        .values(sealed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not claimed:
        db.session.refresh(survey_round)
        return False
    reseal(SURVEY_BOX, round_id=survey_round.id, force=True, now=now)
    live_results_drop(survey_round)
    total, by_campus = audience_counts(survey_round.all_campuses, survey_round.audience_ids)
    survey_round.eligible_count = total
    survey_round.eligible_by_campus = by_campus
    survey_round.sealed_at = now
    db.session.flush()
    return True


# Answering ---------------------------------------------------------------------------------------


def check_can_answer(survey_round: SurveyRound, respondent, now: datetime | None = None) -> None:
    """Raise SurveyError unless this person may answer the round now (not checking the roll)."""
    now = now or utcnow()
    if not is_student(respondent):
        raise SurveyError("not-student")
    status = survey_round.status_at(now)
    if status == Status.UPCOMING:
        raise SurveyError("not-open-yet")
    if status != Status.OPEN:
        raise SurveyError("closed")
    if not in_audience(respondent, survey_round):
        raise SurveyError("not-in-audience")


def response_submit(
    *, survey_round: SurveyRound, respondent, answers: dict, now: datetime | None = None
) -> None:
    """Record one secret response: a roll entry and an unlinked response, in the caller's transaction.

    `answers` is {question id: value} for the whole survey (portal.surveys.answers). Raises
    SurveyError: "not-student", "not-open-yet", "closed", "not-in-audience",
    "already-answered" (also when a simultaneous request of the same person got there
    first: the roll's primary key decides, and nothing is written), or an answer error
    with the question id as its field ("required", "invalid-choice", "one-only", "too-long").
    """
    now = now or utcnow()
    check_can_answer(survey_round, respondent, now)
    definition: Definition = survey_round.version.spec
    errors = answer_rules.check(definition, answers)
    if errors:
        question_id, (code, params) = next(iter(errors.items()))
        raise SurveyError(code, question_id, **params)
    try:
        secret_cast(
            SURVEY_BOX,
            round_id=survey_round.id,
            person_id=respondent.id,
            values={"campus_id": respondent.home_campus_id},
            children={"survey_answer": answer_rules.answer_rows(definition, answers)},
            now=now,
        )
    except AlreadyOnRoll as error:
        raise SurveyError("already-answered") from error

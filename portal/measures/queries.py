"""Reads for measures and action plans. Lists run a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, lazyload, selectinload

from portal.accounts.models import RoleGrant, User
from portal.authz import Role
from portal.campuses.models import Campus
from portal.committee.models import AgendaItem, AgendaItemIssue, Committee, Meeting, MeetingStatus
from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.measures.models import FINISHED, Measure, MeasureIssue, MeasureStatus, MeasureUpdate, Scope

if TYPE_CHECKING:
    from portal.surveys.models import SurveyRound

FIRST_YEAR, LAST_YEAR = 2000, 2100


def owner_by_code(scope: str, code: str):
    """The campus or committee a plan's address names, or None."""
    code = (code or "").upper()[:12]
    if scope == Scope.CAMPUS:
        return db.session.scalar(sa.select(Campus).where(Campus.code == code))
    if scope == Scope.COMMITTEE:
        return db.session.scalar(sa.select(Committee).where(Committee.code == code))
    return None


def measure_or_404(measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id) if 0 < measure_id < 2**31 else None
    if measure is None:
        abort(404)
    return measure


def _with_answers():
    return (
        selectinload(Measure.issue_links).joinedload(MeasureIssue.issue),
        selectinload(Measure.agenda_item).options(lazyload(AgendaItem.meeting)),
    )


def responsible_key(measure: Measure) -> str:
    """The value the plan's "responsible" filter uses for a measure."""
    if measure.responsible_unit_id:
        return f"unit-{measure.responsible_unit_id}"
    return f"text-{(measure.responsible_text or '').casefold()}"


def plan_measures(
    *,
    scope: str,
    owner_id: int,
    year: int,
    status: str | None = None,
    responsible: str | None = None,
    overdue: bool = False,
    today: date | None = None,
) -> Sequence[Measure]:
    """One plan's measures, soonest due first; filtered by status, responsible (a key from
    responsible_key) and overdue (not done or dropped, and past the due date)."""
    owner_column = Measure.campus_id if scope == Scope.CAMPUS else Measure.committee_id
    select = sa.select(Measure).where(Measure.scope == scope, owner_column == owner_id, Measure.year == year)
    if status:
        select = select.where(Measure.status == status)
    if overdue:
        select = select.where(
            Measure.status.not_in([s.value for s in FINISHED]), Measure.due_on < (today or today_in_oslo())
        )
    if responsible and responsible.startswith("unit-") and responsible[5:].isdigit():
        select = select.where(Measure.responsible_unit_id == int(responsible[5:][:9]))
    elif responsible and responsible.startswith("text-"):
        select = select.where(
            Measure.responsible_unit_id.is_(None),
            sa.func.lower(Measure.responsible_text) == responsible[5:].casefold()[:200],
        )
    select = select.options(*_with_answers()).order_by(Measure.due_on, Measure.id)
    return db.session.scalars(select).all()


def responsible_options(*, scope: str, owner_id: int, year: int) -> list[tuple[str, str]]:
    """(filter key, label) of everyone responsible for something in the plan."""
    found: dict[str, str] = {}
    for measure in plan_measures(scope=scope, owner_id=owner_id, year=year):
        found.setdefault(responsible_key(measure), measure.responsible_label)
    return sorted(found.items(), key=lambda pair: pair[1].casefold())


def plan_years(*, scope: str, owner_id: int, this_year: int) -> list[int]:
    owner_column = Measure.campus_id if scope == Scope.CAMPUS else Measure.committee_id
    years = set(
        db.session.scalars(
            sa.select(Measure.year).where(Measure.scope == scope, owner_column == owner_id).distinct()
        )
    )
    return sorted(years | {this_year}, reverse=True)


def measure_timeline(measure: Measure) -> Sequence[MeasureUpdate]:
    return db.session.scalars(
        sa.select(MeasureUpdate)
        .where(MeasureUpdate.measure_id == measure.id)
        .options(joinedload(MeasureUpdate.author).options(lazyload(User.role_grants)))
        .order_by(MeasureUpdate.id)
    ).all()


def measures_for_issue(issue) -> Sequence[Measure]:
    """The measures that answer an issue, for its page: those attached to it, and those that
    follow up the decision on the agenda item it is on. Open ones first, then by due date."""
    attached = sa.select(MeasureIssue.measure_id).where(MeasureIssue.issue_id == issue.id)
    on_item = sa.select(AgendaItemIssue.item_id).where(AgendaItemIssue.issue_id == issue.id)
    return db.session.scalars(
        sa.select(Measure)
        .where(sa.or_(Measure.id.in_(attached), Measure.agenda_item_id.in_(on_item)))
        .order_by(Measure.closed_at.is_not(None), Measure.due_on, Measure.id)
    ).all()


def follow_up_issue_ids(item_id: int | None) -> list[int]:
    """The issues behind an agenda item: whose followers hear of the measures following it up."""
    if item_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(AgendaItemIssue.issue_id)
            .where(AgendaItemIssue.item_id == item_id)
            .order_by(AgendaItemIssue.position, AgendaItemIssue.id)
        )
    )


def follow_ups_by_item(item_ids: list[int]) -> dict[int, list[Measure]]:
    """The measures that follow up each agenda item's decision (one query), open ones first."""
    if not item_ids:
        return {}
    found: dict[int, list[Measure]] = {}
    for measure in db.session.scalars(
        sa.select(Measure)
        .where(Measure.agenda_item_id.in_(item_ids))
        .order_by(Measure.closed_at.is_not(None), Measure.due_on, Measure.id)
    ):
        if measure.agenda_item_id is not None:
            found.setdefault(measure.agenda_item_id, []).append(measure)
    return found


def open_follow_ups(committee) -> Sequence[Measure]:
    """The committee's measures that follow up a decision and are not done or dropped yet,
    soonest due first (the standing item "follow-up of earlier decisions" lists these)."""
    return db.session.scalars(
        sa.select(Measure)
        .where(
            Measure.scope == Scope.COMMITTEE,
            Measure.committee_id == committee.id,
            Measure.agenda_item_id.is_not(None),
            Measure.status.not_in([s.value for s in FINISHED]),
        )
        .options(*_with_answers())
        .order_by(Measure.due_on, Measure.id)
    ).all()


def open_follow_ups_count(committee) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Measure)
            .where(
                Measure.scope == Scope.COMMITTEE,
                Measure.committee_id == committee.id,
                Measure.agenda_item_id.is_not(None),
                Measure.status.not_in([s.value for s in FINISHED]),
            )
        )
        or 0
    )


def follow_ups_at(meeting) -> Sequence[Measure]:
    """What the standing item "follow-up of earlier decisions" of `meeting` lists: the measures
    following up decisions made at the committee's earlier meetings that were still open when
    the meeting began. For a meeting yet to come that is what is open now; a held meeting's
    list stays as it was, whatever happened to the measures since."""
    began = meeting.starts_at
    return db.session.scalars(
        sa.select(Measure)
        .join(AgendaItem, AgendaItem.id == Measure.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Measure.scope == Scope.COMMITTEE,
            Measure.committee_id == meeting.committee_id,
            Meeting.starts_at < began,
            Measure.created_at < began,
            sa.or_(Measure.status.not_in([s.value for s in FINISHED]), Measure.closed_at >= began),
        )
        .options(*_with_answers())
        .order_by(Measure.due_on, Measure.id)
    ).all()


def agenda_item_choices(committee) -> Sequence[AgendaItem]:
    """The committee's numbered agenda items, newest first: what a follow-up measure can answer."""
    return db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.committee_id == committee.id, AgendaItem.number.is_not(None))
        .options(lazyload(AgendaItem.meeting))
        .order_by(AgendaItem.year.desc(), AgendaItem.number.desc())
        .limit(200)
    ).all()


def agenda_item_of(committee, item_id: int | None) -> AgendaItem | None:
    if not item_id or not 0 < item_id < 2**31:
        return None
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.committee_id == committee.id else None


def owners_of(measure: Measure) -> Sequence[User]:
    """Who a measure's reminders go to: its campus's leaders, or its committee's secretaries."""
    if measure.scope == Scope.CAMPUS:
        grant = sa.and_(RoleGrant.role == Role.CAMPUS_LEADER, RoleGrant.campus_id == measure.campus_id)
    else:
        grant = sa.and_(RoleGrant.role == Role.SECRETARY, RoleGrant.committee_id == measure.committee_id)
    return db.session.scalars(
        sa.select(User)
        .where(
            User.active.is_(True),
            User.deleted_at.is_(None),
            sa.exists().where(RoleGrant.user_id == User.id, grant),
        )
        .order_by(User.id)
    ).all()


def due_for_reminders(today: date, soon_until: date) -> Sequence[Measure]:
    """Measures not done or dropped whose due date is near (on or before `soon_until`) and that
    have a reminder not yet sent."""
    return db.session.scalars(
        sa.select(Measure)
        .where(
            Measure.status.in_([MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value]),
            Measure.due_on <= soon_until,
            sa.or_(
                Measure.reminded_soon_at.is_(None),
                sa.and_(Measure.reminded_overdue_at.is_(None), Measure.due_on < today),
            ),
        )
        .order_by(Measure.due_on, Measure.id)
    ).all()


def led_campuses(user) -> Sequence[Campus]:
    ids = user.led_campus_ids
    if not ids:
        return []
    return db.session.scalars(sa.select(Campus).where(Campus.id.in_(ids)).order_by(Campus.name_nb)).all()


def all_committees() -> Sequence[Committee]:
    return db.session.scalars(sa.select(Committee).where(Committee.active).order_by(Committee.code)).all()


def all_campuses() -> Sequence[Campus]:
    return db.session.scalars(sa.select(Campus).where(Campus.active).order_by(Campus.name_nb)).all()


def plan_counts(*, scope: str, owner_ids: list[int], year: int, today: date) -> dict[int, dict[str, int]]:
    """Per owner: measures in the year, how many open, how many overdue (one query)."""
    if not owner_ids:
        return {}
    owner_column = Measure.campus_id if scope == Scope.CAMPUS else Measure.committee_id
    open_ = Measure.status.not_in([s.value for s in FINISHED])
    rows = db.session.execute(
        sa.select(
            owner_column,
            sa.func.count(),
            sa.func.count().filter(open_),
            sa.func.count().filter(open_, Measure.due_on < today),
        )
        .where(Measure.scope == scope, owner_column.in_(owner_ids), Measure.year == year)
        .group_by(owner_column)
    ).all()
    return {
        row[0]: {"total": row[1], "open": row[2], "overdue": row[3]} for row in rows if row[0] is not None
    }


def progress_of(measure_ids: list[int]) -> dict[int, list[MeasureUpdate]]:
    """Progress updates and status notes per measure, oldest first (one query), for exports."""
    if not measure_ids:
        return {}
    rows = db.session.scalars(
        sa.select(MeasureUpdate)
        .where(MeasureUpdate.measure_id.in_(measure_ids), MeasureUpdate.text.is_not(None))
        .options(lazyload(MeasureUpdate.author))
        .order_by(MeasureUpdate.id)
    ).all()
    found: dict[int, list[MeasureUpdate]] = {}
    for row in rows:
        found.setdefault(row.measure_id, []).append(row)
    return found


# Survey results a measure answers


def published_rounds() -> Sequence[SurveyRound]:
    """Survey rounds whose results are published, newest first: what a measure can answer."""
    from portal.surveys.models import SurveyRound

    return db.session.scalars(
        sa.select(SurveyRound)
        .where(SurveyRound.published_at.is_not(None))
        .order_by(SurveyRound.closes_at.desc(), SurveyRound.id.desc())
        .limit(100)
    ).all()


def published_round(round_id: int | None):
    """The round if it exists and its results are published, else None."""
    from portal.db import utcnow
    from portal.surveys.models import Status, SurveyRound

    if not isinstance(round_id, int) or not 0 < round_id < 2**31:
        return None
    survey_round = db.session.get(SurveyRound, round_id)
    if survey_round is None or survey_round.status_at(utcnow()) != Status.PUBLISHED:
        return None
    return survey_round


def measures_for_round(survey_round) -> Sequence[Measure]:
    """The measures that answer a survey round (the whole round, or one of its questions),
    for the results page: open ones first, then by due date."""
    return db.session.scalars(
        sa.select(Measure)
        .where(Measure.survey_round_id == survey_round.id)
        .options(joinedload(Measure.survey_campus))
        .order_by(Measure.closed_at.is_not(None), Measure.due_on, Measure.id)
    ).all()


# Meetings a plan's status report can be put on


OPEN_MEETING_STATUSES = (MeetingStatus.PLANNED.value, MeetingStatus.AGENDA_PUBLISHED.value)


def upcoming_meetings(committee_ids) -> Sequence[Meeting]:
    """The meetings of these committees that are not held yet, soonest first."""
    if not committee_ids:
        return []
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.committee_id.in_(list(committee_ids)), Meeting.status.in_(OPEN_MEETING_STATUSES))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(50)
    ).all()


def meeting_by_id(meeting_id: int | None) -> Meeting | None:
    if not isinstance(meeting_id, int) or not 0 < meeting_id < 2**31:
        return None
    return db.session.get(Meeting, meeting_id)


def managed_committees(user) -> Sequence[Committee]:
    """The committees the person is secretary of."""
    ids = user.committee_ids(Role.SECRETARY) - {None}
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Committee).where(Committee.id.in_(ids)).order_by(Committee.code)
    ).all()


def campus_by_id(campus_id: int | None) -> Campus | None:
    if not isinstance(campus_id, int) or not 0 < campus_id < 2**31:
        return None
    return db.session.get(Campus, campus_id)

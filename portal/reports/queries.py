"""The numbers of the annual report, computed without HTTP (a fixed number of queries).

"Issues" are all issues raised in the year on every campus: the learning environment
committee answers for the whole institution. Closed issues count under the outcome they
had before they closed. Days are calendar time from raising to the first response of a
campus leader or the secretary, and to the outcome (resolved, rejected, merged, decided).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.campuses.models import Campus, Category
from portal.committee.models import AgendaItem, AgendaItemIssue, Committee, Conclusion, ItemKind
from portal.committee.texts import CONCLUSION_LABELS, KIND_LABELS
from portal.core.cache import remembered
from portal.extensions import db
from portal.i18n import OSLO, local_year
from portal.issues.models import Issue
from portal.issues.workflow import IN_CAMPUS_INBOX, WITH_COMMITTEE, Status
from portal.referrals.queries import referral_year_counts

OUTCOMES = (
    ("with_campus", _l("Still with the campus council"), IN_CAMPUS_INBOX - {Status.REFERRED}),
    ("referred", _l("Waiting for a responsible unit's answer"), {Status.REFERRED}),
    ("with_committee", _l("With the committee"), WITH_COMMITTEE),
    ("resolved", _l("Resolved by the campus council"), {Status.RESOLVED}),
    ("decided", _l("Decided by the committee"), {Status.DECIDED}),
    ("rejected", _l("Rejected"), {Status.REJECTED}),
    ("merged", _l("Merged with another issue"), {Status.MERGED}),
    ("closed", _l("Closed without a recorded outcome"), {Status.CLOSED}),
)
_OUTCOME_OF = {status: key for key, _label, statuses in OUTCOMES for status in statuses}


@dataclass
class AnnualReport:
    committee: Committee
    year: int
    issues_total: int = 0
    by_campus: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    responded: int = 0
    with_outcome: int = 0
    median_days_to_response: float | None = None
    median_days_to_outcome: float | None = None
    items_total: int = 0
    items_by_kind: list[tuple[str, int]] = field(default_factory=list)
    decisions_by_conclusion: list[tuple[str, int]] = field(default_factory=list)
    decisions: list[AgendaItem] = field(default_factory=list)
    agenda_issues: int = 0
    agenda_issues_decided: int = 0
    # Referrals to responsible units made in the year (portal.referrals.queries.ReferralCounts).
    referrals: object = None


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year in Norwegian time, as UTC instants [start, end)."""
    start = datetime(year, 1, 1, tzinfo=OSLO).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=OSLO).astimezone(UTC)
    return start, end


def _seconds(since, until):
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.extract("epoch", until - since)
    return (sa.func.julianday(until) - sa.func.julianday(since)) * 86400


def _timing(of_year) -> tuple[int, int, float | None, float | None]:
    """(responded, with an outcome, median days to first response, median days to outcome)."""
    response = _seconds(Issue.created_at, Issue.first_response_at)
    outcome = _seconds(Issue.created_at, Issue.outcome_at)
    counts = (sa.func.count(Issue.first_response_at), sa.func.count(Issue.outcome_at))
    if db.session.get_bind().dialect.name == "postgresql":
        responded, reached, to_response, to_outcome = db.session.execute(
            sa.select(
                *counts,
                sa.func.percentile_cont(0.5).within_group(response),
                sa.func.percentile_cont(0.5).within_group(outcome),
            ).where(of_year)
        ).one()
    else:  # SQLite (development) has no percentile_cont: one number per row.
        rows = db.session.execute(sa.select(response, outcome).where(of_year)).all()
        firsts = [r[0] for r in rows if r[0] is not None]
        lasts = [r[1] for r in rows if r[1] is not None]
        responded, reached = len(firsts), len(lasts)
        to_response = statistics.median(firsts) if firsts else None
        to_outcome = statistics.median(lasts) if lasts else None

    def days(seconds) -> float | None:
        return round(max(float(seconds), 0) / 86400, 1) if seconds is not None else None

    return responded, reached, days(to_response), days(to_outcome)


def issue_statistics(year: int) -> dict:
    """The year's issue figures as plain numbers (keyed by campus and category id, outcome key),
    aggregated in the database in two passes over a covering index (ix_issue_report)."""
    start, end = year_bounds(year)
    of_year = sa.and_(Issue.created_at >= start, Issue.created_at < end)
    # A closed issue counts by the outcome it reached before it was closed.
    reached = sa.case(
        (Issue.status == Status.CLOSED, sa.func.coalesce(Issue.outcome, Issue.status)), else_=Issue.status
    )
    per_campus: dict[str, int] = {}
    per_category: dict[str, int] = {}
    per_outcome: dict[str, int] = {}
    for campus_id, category_id, status, count in db.session.execute(
        sa.select(Issue.campus_id, Issue.category_id, reached, sa.func.count())
        .where(of_year)
        .group_by(Issue.campus_id, Issue.category_id, reached)
    ):
        per_campus[str(campus_id)] = per_campus.get(str(campus_id), 0) + count
        per_category[str(category_id)] = per_category.get(str(category_id), 0) + count
        key = _OUTCOME_OF.get(status, "closed")
        per_outcome[key] = per_outcome.get(key, 0) + count
    responded, with_outcome, to_response, to_outcome = _timing(of_year)
    return {
        "per_campus": per_campus,
        "per_category": per_category,
        "per_outcome": per_outcome,
        "responded": responded,
        "with_outcome": with_outcome,
        "median_days_to_response": to_response,
        "median_days_to_outcome": to_outcome,
    }


def cached_issue_statistics(year: int) -> dict:
    """issue_statistics(year), kept REPORT_CACHE_SECONDS (a year that has ended, twelve times
    as long): the figures are the same for everyone who may read the report, and computing
    them reads every issue of the year."""
    seconds = current_app.config["REPORT_CACHE_SECONDS"]
    if year < local_year():
        seconds *= 12
    return remembered(f"annual-issues:{year}", seconds, lambda: issue_statistics(year))


def annual_report(committee: Committee, year: int) -> AnnualReport:
    """The year's statistics (shared, cached) and the committee's own work that year."""
    report = AnnualReport(committee=committee, year=year)
    figures = cached_issue_statistics(year)
    per_campus, per_category = figures["per_campus"], figures["per_category"]
    campuses = db.session.scalars(sa.select(Campus).order_by(Campus.name_nb)).all()
    categories = db.session.scalars(sa.select(Category).order_by(Category.position, Category.id)).all()
    report.issues_total = sum(per_campus.values())
    report.by_campus = [
        (c.name, per_campus.get(str(c.id), 0)) for c in campuses if c.active or per_campus.get(str(c.id))
    ]
    report.by_category = [
        (c.name, per_category.get(str(c.id), 0))
        for c in categories
        if c.active or per_category.get(str(c.id))
    ]
    report.by_outcome = [
        (str(label), figures["per_outcome"].get(key, 0))
        for key, label, _s in OUTCOMES
        if key != "closed" or figures["per_outcome"].get(key)
    ]
    report.responded, report.with_outcome = figures["responded"], figures["with_outcome"]
    report.median_days_to_response = figures["median_days_to_response"]
    report.median_days_to_outcome = figures["median_days_to_outcome"]
    _committee_work(report)
    report.referrals = referral_year_counts(*year_bounds(year))
    return report


def _committee_work(report: AnnualReport) -> None:
    """Agenda items of the year (standing items left out), decisions, and the issues behind them."""
    ofyear = sa.and_(
        AgendaItem.committee_id == report.committee.id,
        AgendaItem.year == report.year,
        AgendaItem.standing.is_(None),
    )
    kinds = dict(
        db.session.execute(
            sa.select(AgendaItem.kind, sa.func.count()).where(ofyear).group_by(AgendaItem.kind)
        ).all()
    )
    report.items_by_kind = [(str(KIND_LABELS[k]), kinds.get(k.value, 0)) for k in ItemKind]
    report.items_total = sum(kinds.values())
    report.decisions = list(
        db.session.scalars(
            sa.select(AgendaItem).where(ofyear, AgendaItem.decision.is_not(None)).order_by(AgendaItem.number)
        )
    )
    conclusions = {c: 0 for c in Conclusion}
    for item in report.decisions:
        if item.conclusion is not None:
            conclusions[Conclusion(item.conclusion)] += 1
    report.decisions_by_conclusion = [(str(CONCLUSION_LABELS[c]), n) for c, n in conclusions.items()]
    decided = sa.func.count().filter(Issue.status.in_([Status.DECIDED.value, Status.CLOSED.value]))
    total, done = db.session.execute(
        sa.select(sa.func.count(), decided)
        .select_from(AgendaItemIssue)
        .join(AgendaItem, AgendaItem.id == AgendaItemIssue.item_id)
        .join(Issue, Issue.id == AgendaItemIssue.issue_id)
        .where(ofyear)
    ).one()
    report.agenda_issues, report.agenda_issues_decided = total, done


def focus_area_votes(committee: Committee, year: int) -> list:
    """Results of the committee's focus-area votes that closed in `year` and are published."""
    from portal.db import utcnow
    from portal.voting.models import Phase, VotingRound
    from portal.voting.queries import round_results

    start, end = year_bounds(year)
    rounds = db.session.scalars(
        sa.select(VotingRound)
        .where(
            VotingRound.committee_id == committee.id,
            VotingRound.voting_close_at >= start,
            VotingRound.voting_close_at < end,
        )
        .order_by(VotingRound.year)
    ).all()
    now = utcnow()
    # Results stay hidden until published, in the report as everywhere else.
    return [round_results(r) for r in rounds if r.phase_at(now) == Phase.PUBLISHED]


def survey_rounds(committee: Committee, year: int) -> list:
    """The year's survey rounds (the committee's own and the campus councils'), closed in `year`,
    each with its response rate: [(round, ResponseRate)]. Counts only, never results."""
    from portal.surveys.queries import response_rate, rounds_closed_between

    start, end = year_bounds(year)
    rounds = [r for r in rounds_closed_between(start, end) if r.committee_id in (None, committee.id)]
    return [(r, response_rate(r)) for r in rounds]


# The annual report to the board ----------------------------------------------------------------


@dataclass
class PlanStatusRow:
    """One action plan of the year, with its measures counted by status."""

    label: str
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def measures_by_status(committee: Committee, year: int, today=None) -> list[PlanStatusRow]:
    """The committee's action plan and every campus's for `year`: measures per status, and how
    many are overdue (one query). Plans without measures are left out."""
    from portal.i18n import today_in_oslo
    from portal.measures.models import FINISHED, Measure, MeasureStatus, Scope

    today = today or today_in_oslo()
    open_ = Measure.status.not_in([s.value for s in FINISHED])
    rows = db.session.execute(
        sa.select(
            Measure.scope,
            Measure.campus_id,
            Measure.status,
            sa.func.count(),
            sa.func.count().filter(open_, Measure.due_on < today),
        )
        .where(
            Measure.year == year,
            sa.or_(Measure.scope == Scope.CAMPUS, Measure.committee_id == committee.id),
        )
        .group_by(Measure.scope, Measure.campus_id, Measure.status)
    ).all()
    found: dict[tuple[str, int | None], PlanStatusRow] = {}
    campuses = {c.id: c for c in db.session.scalars(sa.select(Campus))}
    for scope, campus_id, status, count, overdue in rows:
        key = (scope, campus_id)
        if key not in found:
            label = committee.name if campus_id is None else campuses[campus_id].name
            found[key] = PlanStatusRow(label=label, counts={s.value: 0 for s in MeasureStatus}, overdue=0)
        found[key].counts[status] = found[key].counts.get(status, 0) + count
        found[key].overdue += overdue
    committee_rows = [row for (scope, _c), row in found.items() if scope == Scope.COMMITTEE]
    campus_rows = sorted(
        (row for (scope, _c), row in found.items() if scope != Scope.COMMITTEE), key=lambda r: r.label
    )
    return committee_rows + campus_rows


def adopted_focus_areas(focus_votes: list) -> list:
    """The focus areas the committee adopted, from the year's published votes."""
    return [row.proposal for results in focus_votes for row in results.proposals if row.proposal.adopted]


def board_report_of(committee: Committee, year: int):
    from portal.reports.models import BoardReport

    return db.session.scalar(
        sa.select(BoardReport).where(BoardReport.committee_id == committee.id, BoardReport.year == year)
    )


def board_meeting(committee: Committee, year: int, now=None):
    """Where the report to the board goes: (meeting, "in-year") for the committee's first meeting
    in `year` that is still to come and not held, else (meeting, "next") for its first such
    meeting after that year, else (None, None)."""
    from portal.committee.models import Meeting, MeetingStatus
    from portal.db import utcnow

    now = now or utcnow()
    start, end = year_bounds(year)
    upcoming = (
        sa.select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.status.in_([MeetingStatus.PLANNED.value, MeetingStatus.AGENDA_PUBLISHED.value]),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    meeting = db.session.scalar(upcoming.where(Meeting.starts_at >= start, Meeting.starts_at < end))
    if meeting is not None:
        return meeting, "in-year"
    meeting = db.session.scalar(upcoming.where(Meeting.starts_at >= end))
    return (meeting, "next") if meeting is not None else (None, None)


def decisions_with_follow_ups(decisions: list[AgendaItem]) -> list[tuple[AgendaItem, list]]:
    """Each decision of the year with the measures that follow it up (one query)."""
    from portal.measures.queries import follow_ups_by_item

    found = follow_ups_by_item([item.id for item in decisions])
    return [(item, found.get(item.id, [])) for item in decisions]

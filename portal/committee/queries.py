"""Reads for committees: the escalated inbox (grouped across campuses), meetings, agendas,
and the public "You said, we did" list. Lists run a fixed number of queries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, lazyload, selectinload

from portal.campuses.models import Campus, Category
from portal.committee.models import (
    OPEN_MEETING_STATUSES,
    AgendaItem,
    AgendaItemIssue,
    Committee,
    CommitteeChair,
    CommitteeMember,
    Consultation,
    EscalatedIssueGroup,
    ItemProposal,
    Meeting,
    MeetingAttendance,
    MeetingStatus,
    MinutesApproval,
    Seat,
)
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.issues.models import Issue
from portal.issues.workflow import Status

AGE_CHOICES = (7, 14, 30)


MAX_ID = 2**31 - 1  # PostgreSQL integer: a larger id in a URL or form is simply unknown


def known_id(value) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def committee_or_404(code: str) -> Committee:
    committee = db.session.scalar(sa.select(Committee).where(Committee.code == (code or "").upper()[:12]))
    if committee is None:
        abort(404)
    return committee


def committees_of(user) -> Sequence[Committee]:
    """The committees the person reads: by role, or by a seat that covers today."""
    ids = user.committee_ids() | member_committee_ids(user, today_oslo())
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Committee).where(Committee.id.in_(ids)).order_by(Committee.code)
    ).all()


def meeting_or_404(committee: Committee, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id) if known_id(meeting_id) else None
    if meeting is None or meeting.committee_id != committee.id:
        abort(404)
    return meeting


def item_or_404(committee: Committee, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id) if known_id(item_id) else None
    if item is None or item.committee_id != committee.id:
        abort(404)
    return item


def meeting_by_id(value) -> Meeting | None:
    """The meeting with this id from a form, or None (any committee's: the service checks)."""
    return db.session.get(Meeting, value) if known_id(value) else None


def issues_by_id(ids: list[int]) -> tuple[list[Issue], list[int]]:
    """The issues, in the order given, and the ids that match none."""
    if not ids:
        return [], []
    found = {i.id: i for i in db.session.scalars(sa.select(Issue).where(Issue.id.in_(ids)))}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def committee_issue_or_404(committee: Committee, reference: str) -> Issue:
    """An issue that went to this committee (escalated, on its agenda or decided by it)."""
    issue = db.session.scalar(sa.select(Issue).where(Issue.reference == (reference or "").upper()[:20]))
    if issue is None or issue.committee_id != committee.id:
        abort(404)
    return issue


def committee_people(committee: Committee) -> dict[str, list]:
    """The committee's secretaries and members (roles given by administrators), one query."""
    from portal.accounts.models import RoleGrant, User
    from portal.authz import Role

    rows = db.session.execute(
        sa.select(RoleGrant.role, User.name)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.committee_id == committee.id, User.active, User.deleted_at.is_(None))
        .order_by(User.name)
    ).all()
    return {
        "secretaries": [name for role, name in rows if role == Role.SECRETARY],
        "members": [name for role, name in rows if role == Role.COMMITTEE_MEMBER],
    }


def meetings_of(committee: Committee) -> list[tuple[Meeting, int]]:
    """Every meeting, newest first, with its number of agenda items."""
    counts = (
        sa.select(AgendaItem.meeting_id, sa.func.count().label("item_count"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Meeting, sa.func.coalesce(counts.c.item_count, 0))
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .where(Meeting.committee_id == committee.id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    ).all()
    return [(meeting, items) for meeting, items in rows]


def open_meetings(committee: Committee, *, exclude: int | None = None) -> Sequence[Meeting]:
    """Meetings whose agenda can still change (for new items and for moving items)."""
    select = sa.select(Meeting).where(
        Meeting.committee_id == committee.id, Meeting.status.in_([s.value for s in OPEN_MEETING_STATUSES])
    )
    if exclude is not None:
        select = select.where(Meeting.id != exclude)
    return db.session.scalars(select.order_by(Meeting.starts_at, Meeting.id)).all()


def meetings_for_new_items(committee: Committee) -> Sequence[Meeting]:
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.committee_id == committee.id, Meeting.status != MeetingStatus.MINUTES_PUBLISHED)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def _with_issues():
    # Photos are not shown on these pages: do not load them.
    return selectinload(AgendaItem.links).options(
        joinedload(AgendaItemIssue.issue).options(lazyload(Issue.photos))
    )


def agenda(meeting: Meeting) -> Sequence[AgendaItem]:
    """The items in order, with the issues behind each (three queries, whatever the length)."""
    return db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .options(_with_issues())
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()


def issues_of(item: AgendaItem) -> list[Issue]:
    return [link.issue for link in item.links]


def item_of_issue(issue: Issue) -> AgendaItem | None:
    return db.session.scalar(
        sa.select(AgendaItem)
        .join(AgendaItemIssue, AgendaItemIssue.item_id == AgendaItem.id)
        .where(AgendaItemIssue.issue_id == issue.id)
    )


def escalated_issues(
    committee: Committee,
    *,
    category_id: int | None = None,
    min_age_days: int | None = None,
    now: datetime | None = None,
) -> Sequence[Issue]:
    """Issues waiting for this committee, oldest first (one query)."""
    select = sa.select(Issue).where(Issue.committee_id == committee.id, Issue.status == Status.ESCALATED)
    if category_id:
        select = select.where(Issue.category_id == category_id)
    if min_age_days:
        select = select.where(Issue.status_changed_at <= (now or utcnow()) - timedelta(days=min_age_days))
    return db.session.scalars(
        select.options(lazyload(Issue.photos)).order_by(Issue.status_changed_at, Issue.id)
    ).all()


def days_waiting(issue: Issue, now: datetime | None = None) -> int:
    return max(((now or utcnow()) - issue.status_changed_at).days, 0)


# The inbox: groups decided at escalation (portal/committee/grouping.py), paged in SQL

GROUPS_PER_PAGE = 25
GROUP_ISSUES_SHOWN = 100  # an opened group lists at most this many issues (oldest first)


@dataclass
class IssueGroup:
    """One group of the inbox: its figures come from SQL, its issues only when opened."""

    key: int
    category: Category
    issue_count: int
    campus_count: int
    supporters: int
    oldest: datetime
    title: str | None = None  # the most supported visible issue's; None if all are hidden
    language: str | None = None
    campus_counts: list[tuple[Campus, int]] = field(default_factory=list)
    issues: list[Issue] | None = None  # loaded when the group is opened

    @property
    def status_changed_at(self) -> datetime:
        """The oldest issue's, so that days_waiting() tells how long the group has waited."""
        return self.oldest


@dataclass
class CategoryGroups:
    category: Category
    groups: list[IssueGroup]


@dataclass
class InboxPage:
    """A page of groups, by category, with what the page links and the status line need."""

    blocks: list[CategoryGroups]
    page: int
    pages: int
    group_total: int
    issue_total: int
    opened: IssueGroup | None = None

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _group_key():
    # An issue escalated before its group was stored (before `regroup` ran) is a group alone.
    return sa.func.coalesce(EscalatedIssueGroup.group_key, Issue.id)


def _escalated_select(committee: Committee, *columns, category_id=None, min_age_days=None, now=None):
    """The committee's escalated issues with their group keys; the WHERE is the predicate of
    ix_issue_escalated (status = 'escalated') plus the committee, category and age."""
    select = (
        sa.select(*columns)
        .select_from(Issue)
        .outerjoin(
            EscalatedIssueGroup,
            sa.and_(
                EscalatedIssueGroup.issue_id == Issue.id, EscalatedIssueGroup.committee_id == committee.id
            ),
        )
        .where(Issue.status == Status.ESCALATED, Issue.committee_id == committee.id)
    )
    if category_id:
        select = select.where(Issue.category_id == category_id)
    if min_age_days:
        select = select.where(Issue.status_changed_at <= (now or utcnow()) - timedelta(days=min_age_days))
    return select


def inbox_groups(
    committee: Committee,
    *,
    campus_id: int | None = None,
    category_id: int | None = None,
    min_age_days: int | None = None,
    now: datetime | None = None,
):
    """The inbox's groups in display order, one row each: the category, the group key, its
    figures, and the totals over all groups (window functions), so one query pages them."""
    filters = {"category_id": category_id, "min_age_days": min_age_days, "now": now}
    key = _group_key().label("group_key")
    issues = _escalated_select(
        committee,
        Issue.category_id,
        key,
        Issue.campus_id,
        Issue.support_count,
        Issue.status_changed_at,
        **filters,
    ).subquery()
    grouped = sa.select(
        issues.c.category_id,
        issues.c.group_key,
        sa.func.count().label("issue_count"),
        sa.func.count(sa.distinct(issues.c.campus_id)).label("campus_count"),
        sa.func.sum(issues.c.support_count).label("supporters"),
        sa.func.min(issues.c.status_changed_at).label("oldest"),
    ).group_by(issues.c.category_id, issues.c.group_key)
    if campus_id:
        grouped = grouped.having(sa.func.max(sa.case((issues.c.campus_id == campus_id, 1), else_=0)) == 1)
    groups = grouped.subquery()
    return (
        sa.select(
            Category,
            groups,
            sa.func.count().over().label("group_total"),
            sa.func.sum(groups.c.issue_count).over().label("issue_total"),
        )
        .join(Category, Category.id == groups.c.category_id)
        .order_by(
            Category.position,
            Category.id,
            groups.c.campus_count.desc(),
            groups.c.supporters.desc(),
            groups.c.issue_count.desc(),
            groups.c.oldest,
            groups.c.group_key,
        )
    )


def _members(committee: Committee, keys: list[int]):
    """The ids of the issues in these groups (through ix_escalated_issue_group_key; a key is
    also the id of an issue that has no stored group yet), so that what the page shows
    reads only its own groups' issues."""
    return sa.union_all(
        sa.select(EscalatedIssueGroup.issue_id).where(
            EscalatedIssueGroup.committee_id == committee.id, EscalatedIssueGroup.group_key.in_(keys)
        ),
        sa.select(Issue.id).where(Issue.id.in_(keys)),
    )


def escalated_page(
    committee: Committee,
    *,
    campus_id: int | None = None,
    category_id: int | None = None,
    min_age_days: int | None = None,
    page: int = 1,
    opened: int | None = None,
    per_page: int = GROUPS_PER_PAGE,
    now: datetime | None = None,
) -> InboxPage:
    """The escalated inbox: groups of the same problem across campuses, by category, widest
    first (campuses, supporters, issues, the oldest waiting longest), a page at a time.

    The campus filter keeps the groups that include that campus, with their counts from
    every campus, so the secretary still sees that others raised the same problem. Three
    queries (four with an opened group) whatever the number of issues: PostgreSQL counts the
    escalated issues (ix_issue_escalated, no texts read); Python and the HTML deal only
    with the groups of the page."""
    filters: dict = {"category_id": category_id, "min_age_days": min_age_days, "now": now}
    page = max(page, 1)
    select = inbox_groups(
        committee, campus_id=campus_id, category_id=category_id, min_age_days=min_age_days, now=now
    ).limit(per_page)
    rows = db.session.execute(select.offset((page - 1) * per_page)).all()
    if not rows and page > 1:  # a page past the end (the inbox shrank): the first page
        page = 1
        rows = db.session.execute(select).all()
    if not rows:
        return InboxPage([], 1, 1, 0, 0)
    page_groups = [
        IssueGroup(
            key=r.group_key,
            category=r.Category,
            issue_count=r.issue_count,
            campus_count=r.campus_count,
            supporters=int(r.supporters or 0),
            oldest=_aware(r.oldest),
        )
        for r in rows
    ]
    by_key = {g.key: g for g in page_groups}
    keys = list(by_key)
    # Titles: the most supported issue whose text is not hidden, per group of the page.
    rank = (
        sa.func.row_number()
        .over(partition_by=_group_key(), order_by=(Issue.support_count.desc(), Issue.id))
        .label("rank")
    )
    titles = _escalated_select(
        committee, _group_key().label("group_key"), Issue.title, Issue.language, rank, **filters
    ).where(Issue.hidden.is_(False), Issue.id.in_(_members(committee, keys)), _group_key().in_(keys))
    titles = titles.subquery()
    for group_key, title, language, _rank in db.session.execute(sa.select(titles).where(titles.c.rank == 1)):
        by_key[group_key].title, by_key[group_key].language = title, language
    # Issues per campus and group (the campus rows come with the counts).
    tally = db.session.execute(
        _escalated_select(committee, _group_key(), Campus, sa.func.count(), **filters)
        .join(Campus, Campus.id == Issue.campus_id)
        .where(Issue.id.in_(_members(committee, keys)), _group_key().in_(keys))
        .group_by(_group_key(), Campus.id)
    ).all()
    for group_key, campus, count in tally:
        by_key[group_key].campus_counts.append((campus, count))
    for group in page_groups:
        group.campus_counts.sort(key=lambda pair: pair[0].name)
    found = by_key.get(opened) if opened is not None else None
    if found is not None:
        found.issues = list(
            db.session.scalars(
                _escalated_select(committee, Issue, **filters)
                .where(Issue.id.in_(_members(committee, [found.key])), _group_key() == found.key)
                .options(lazyload(Issue.photos))
                .order_by(Issue.status_changed_at, Issue.id)
                .limit(GROUP_ISSUES_SHOWN)
            )
        )
    blocks: list[CategoryGroups] = []
    for group in page_groups:
        if not blocks or blocks[-1].category.id != group.category.id:
            blocks.append(CategoryGroups(group.category, []))
        blocks[-1].groups.append(group)
    group_total = rows[0].group_total
    return InboxPage(
        blocks=blocks,
        page=page,
        pages=max(math.ceil(group_total / per_page), 1),
        group_total=group_total,
        issue_total=int(rows[0].issue_total or 0),
        opened=found,
    )


def _aware(moment: datetime) -> datetime:
    # min() over a UTCDateTime column comes back as the driver gives it (naive on SQLite).
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def group_issue_ids(committee: Committee, key: int) -> list[int]:
    """The escalated issues of one inbox group, oldest first (for an agenda item of it)."""
    return list(
        db.session.scalars(
            _escalated_select(committee, Issue.id)
            .where(Issue.id.in_(_members(committee, [key])), _group_key() == key)
            .order_by(Issue.status_changed_at, Issue.id)
            .limit(GROUP_ISSUES_SHOWN)
        )
    )


def escalated_count(committee: Committee) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Issue)
            .where(Issue.committee_id == committee.id, Issue.status == Status.ESCALATED)
        )
        or 0
    )


# "You said, we did"


def decided_items(committee: Committee, year: int) -> sa.Select:
    """Every decided item of the committee and year except the standing ones, in case order,
    with the issues behind each (to be paged: a busy year has a couple of hundred)."""
    return (
        sa.select(AgendaItem)
        .where(
            AgendaItem.committee_id == committee.id,
            AgendaItem.year == year,
            AgendaItem.decision.is_not(None),
            AgendaItem.standing.is_(None),
        )
        .options(_with_issues())
        .order_by(AgendaItem.number)
    )


def decision_years(committee: Committee) -> Sequence[int]:
    return db.session.scalars(
        sa.select(AgendaItem.year)
        .where(AgendaItem.committee_id == committee.id, AgendaItem.decision.is_not(None))
        .distinct()
        .order_by(AgendaItem.year.desc())
    ).all()


def active_committees() -> Sequence[Committee]:
    return db.session.scalars(sa.select(Committee).where(Committee.active).order_by(Committee.code)).all()


# Members and composition


def local_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def today_oslo() -> date:
    return local_day(utcnow())


def members_of(committee: Committee) -> Sequence[CommitteeMember]:
    """Every membership, current and past: seat order, then substitutes after members, by rank and name."""
    return db.session.scalars(
        sa.select(CommitteeMember)
        .where(CommitteeMember.committee_id == committee.id)
        .order_by(
            CommitteeMember.substitute,
            CommitteeMember.term_end.desc(),
            CommitteeMember.seat,
            CommitteeMember.rank,
            CommitteeMember.name,
            CommitteeMember.id,
        )
    ).all()


def members_serving(
    committee_id: int, day: date, *, substitutes: bool | None = False
) -> Sequence[CommitteeMember]:
    """Memberships whose term covers `day`; substitutes only (True), members only (False) or both (None)."""
    select = sa.select(CommitteeMember).where(
        CommitteeMember.committee_id == committee_id,
        CommitteeMember.term_start <= day,
        CommitteeMember.term_end >= day,
    )
    if substitutes is not None:
        select = select.where(CommitteeMember.substitute.is_(substitutes))
    return db.session.scalars(
        select.order_by(CommitteeMember.seat, CommitteeMember.rank, CommitteeMember.name, CommitteeMember.id)
    ).all()


def member_or_404(committee: Committee, member_id: int) -> CommitteeMember:
    member = db.session.get(CommitteeMember, member_id) if known_id(member_id) else None
    if member is None or member.committee_id != committee.id:
        abort(404)
    return member


def member_by_id(committee_id: int, value) -> CommitteeMember | None:
    member = db.session.get(CommitteeMember, value) if known_id(value) else None
    return member if member is not None and member.committee_id == committee_id else None


def memberships_of_person(committee_id: int, *, user_id: int | None, name: str) -> Sequence[CommitteeMember]:
    """The memberships of one person: by account, or (without an account) by name."""
    select = sa.select(CommitteeMember).where(CommitteeMember.committee_id == committee_id)
    if user_id is not None:
        select = select.where(CommitteeMember.user_id == user_id)
    else:
        select = select.where(
            CommitteeMember.user_id.is_(None), sa.func.lower(CommitteeMember.name) == name.strip().lower()
        )
    return db.session.scalars(select).all()


def membership_of(user, committee_id: int, day: date) -> CommitteeMember | None:
    """The person's own membership (member or substitute) serving on `day`, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(CommitteeMember)
        .where(
            CommitteeMember.committee_id == committee_id,
            CommitteeMember.user_id == user.id,
            CommitteeMember.term_start <= day,
            CommitteeMember.term_end >= day,
        )
        .order_by(CommitteeMember.substitute, CommitteeMember.id)
    )


def member_committee_ids(user, day: date) -> set[int]:
    """Committees the person serves on today through a membership (not a role)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        db.session.scalars(
            sa.select(CommitteeMember.committee_id).where(
                CommitteeMember.user_id == user.id,
                CommitteeMember.term_start <= day,
                CommitteeMember.term_end >= day,
            )
        )
    )


def chairs_of(committee: Committee) -> Sequence[CommitteeChair]:
    return db.session.scalars(
        sa.select(CommitteeChair)
        .where(CommitteeChair.committee_id == committee.id)
        .order_by(CommitteeChair.year.desc())
    ).all()


def chair_of(committee_id: int, year: int) -> CommitteeChair | None:
    return db.session.scalar(
        sa.select(CommitteeChair).where(
            CommitteeChair.committee_id == committee_id, CommitteeChair.year == year
        )
    )


def member_history(member: CommitteeMember) -> bool:
    """Whether the membership is on record: summoned to a meeting or chairing a year."""
    attended = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(MeetingAttendance)
        .where(sa.or_(MeetingAttendance.member_id == member.id, MeetingAttendance.called_for_id == member.id))
    )
    chaired = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(CommitteeChair)
        .where(sa.or_(CommitteeChair.chair_id == member.id, CommitteeChair.vice_chair_id == member.id))
    )
    return bool(attended or chaired)


def committee_secretaries(committee: Committee) -> Sequence:
    """Accounts with the secretary role for the committee (they hear of absences and proposals)."""
    from portal.accounts.models import RoleGrant, User
    from portal.authz import Role

    return db.session.scalars(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            RoleGrant.role == Role.SECRETARY,
            RoleGrant.committee_id == committee.id,
            User.active,
            User.deleted_at.is_(None),
        )
        .order_by(User.name)
    ).all()


def campus_leaders(campus_ids) -> Sequence:
    """Active campus leaders of these campuses (the campus councils), each once."""
    from portal.accounts.models import RoleGrant, User
    from portal.authz import Role

    ids = list(campus_ids)
    if not ids:
        return []
    return db.session.scalars(
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(RoleGrant.user_id).where(
                    RoleGrant.role == Role.CAMPUS_LEADER, RoleGrant.campus_id.in_(ids)
                )
            ),
            User.active,
            User.deleted_at.is_(None),
        )
        .order_by(User.id)
    ).all()


def campuses_by_id(ids) -> Sequence[Campus]:
    ids = [i for i in ids if known_id(i)]
    if not ids:
        return []
    return db.session.scalars(sa.select(Campus).where(Campus.id.in_(ids)).order_by(Campus.code)).all()


# Notice, absence and attendance


@dataclass
class Summoned:
    """One person summoned to a meeting: a member serving on its day, or a substitute called in."""

    member: CommitteeMember
    row: MeetingAttendance | None
    substitute_row: MeetingAttendance | None = None  # the substitute called in for this member

    @property
    def absence_reported(self) -> bool:
        return self.row is not None and self.row.absence_reported

    @property
    def called_for(self) -> CommitteeMember | None:
        return self.row.called_for if self.row is not None else None

    @property
    def attended(self) -> str | None:
        return self.row.attended if self.row is not None else None


def attendance_rows(meeting: Meeting) -> Sequence[MeetingAttendance]:
    return db.session.scalars(
        sa.select(MeetingAttendance)
        .where(MeetingAttendance.meeting_id == meeting.id)
        .order_by(MeetingAttendance.id)
    ).all()


def summoned(meeting: Meeting) -> list[Summoned]:
    """Those summoned: members serving on the meeting's day (seat order), then the substitutes
    called in. Two queries, whatever the size of the committee."""
    day = local_day(meeting.starts_at)
    rows = {row.member_id: row for row in attendance_rows(meeting)}
    order = [seat.value for seat in Seat]
    members = sorted(members_serving(meeting.committee_id, day), key=lambda m: (order.index(m.seat), m.name))
    member_ids = {m.id for m in members}
    replaced = {row.called_for_id: row for row in rows.values() if row.called_for_id is not None}
    lines = [Summoned(member, rows.get(member.id), replaced.get(member.id)) for member in members]
    lines += [
        Summoned(row.member, row)
        for row in rows.values()
        if row.member_id not in member_ids and row.called_for_id is not None
    ]
    return lines


def available_substitutes(meeting: Meeting) -> list[CommitteeMember]:
    """Substitutes serving on the meeting's day who are not called in already."""
    day = local_day(meeting.starts_at)
    taken = {row.member_id for row in attendance_rows(meeting)}
    return [m for m in members_serving(meeting.committee_id, day, substitutes=True) if m.id not in taken]


def minutes_approval_of(meeting: Meeting) -> MinutesApproval | None:
    """The standing item that approves this meeting's minutes (at the meeting after it)."""
    return db.session.scalar(sa.select(MinutesApproval).where(MinutesApproval.meeting_id == meeting.id))


def approved_by_item(item: AgendaItem) -> MinutesApproval | None:
    """For a standing "approval of the minutes" item: the minutes it approves."""
    return db.session.scalar(sa.select(MinutesApproval).where(MinutesApproval.item_id == item.id))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's meeting before this one whose minutes no later meeting approves yet."""
    approved = sa.select(MinutesApproval.meeting_id)
    return db.session.scalar(
        sa.select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.id.not_in(approved),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


# Proposals and consultations


def proposals_for(meeting: Meeting, *, proposer=None) -> Sequence[ItemProposal]:
    select = sa.select(ItemProposal).where(ItemProposal.meeting_id == meeting.id)
    if proposer is not None:
        select = select.where(ItemProposal.proposer_id == proposer.id)
    return db.session.scalars(select.order_by(ItemProposal.created_at, ItemProposal.id)).all()


def proposals_by(user, committee: Committee) -> Sequence[ItemProposal]:
    return db.session.scalars(
        sa.select(ItemProposal)
        .where(ItemProposal.committee_id == committee.id, ItemProposal.proposer_id == user.id)
        .order_by(ItemProposal.created_at.desc(), ItemProposal.id.desc())
    ).all()


def proposal_or_404(committee: Committee, proposal_id: int) -> ItemProposal:
    proposal = db.session.get(ItemProposal, proposal_id) if known_id(proposal_id) else None
    if proposal is None or proposal.committee_id != committee.id:
        abort(404)
    return proposal


def proposal_of_item(item: AgendaItem) -> ItemProposal | None:
    return db.session.scalar(sa.select(ItemProposal).where(ItemProposal.item_id == item.id))


def meetings_open_for_proposals(committee: Committee, now: datetime | None = None) -> Sequence[Meeting]:
    now = now or utcnow()
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.proposal_deadline.is_not(None),
            Meeting.proposal_deadline >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def published_notices(committee: Committee, now: datetime | None = None) -> Sequence[Meeting]:
    """Meetings still to come whose notice is published (campus councils may read them)."""
    now = now or utcnow()
    return db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.notice_published_at.is_not(None),
            Meeting.starts_at >= now - timedelta(days=1),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def consultations_of(item: AgendaItem) -> Sequence[Consultation]:
    return db.session.scalars(
        sa.select(Consultation)
        .join(Campus, Campus.id == Consultation.campus_id)
        .where(Consultation.item_id == item.id)
        .order_by(Campus.code)
    ).all()


def consultations_by_item(items: list[AgendaItem]) -> dict[int, list[Consultation]]:
    """For exports and the agenda: the consultations of many items in one query."""
    ids = [i.id for i in items]
    result: dict[int, list[Consultation]] = {i: [] for i in ids}
    if not ids:
        return result
    for consultation in db.session.scalars(
        sa.select(Consultation)
        .join(Campus, Campus.id == Consultation.campus_id)
        .where(Consultation.item_id.in_(ids))
        .order_by(Campus.code)
    ):
        result[consultation.item_id].append(consultation)
    return result


def consultations_for_campuses(committee: Committee, campus_ids) -> Sequence[Consultation]:
    """What these campus councils were asked, newest first (the council's page)."""
    ids = list(campus_ids)
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Consultation)
        .join(AgendaItem, AgendaItem.id == Consultation.item_id)
        .where(AgendaItem.committee_id == committee.id, Consultation.campus_id.in_(ids))
        .order_by(Consultation.deadline.desc(), Consultation.id.desc())
    ).all()


def consultation_for(item: AgendaItem, campus_id) -> Consultation | None:
    if not known_id(campus_id):
        return None
    return db.session.scalar(
        sa.select(Consultation).where(Consultation.item_id == item.id, Consultation.campus_id == campus_id)
    )


def active_campus_list() -> Sequence[Campus]:
    return db.session.scalars(sa.select(Campus).where(Campus.active).order_by(Campus.code)).all()


def approvals_by_item(items: list[AgendaItem]) -> dict[int, MinutesApproval]:
    ids = [i.id for i in items if i.standing]
    if not ids:
        return {}
    return {
        a.item_id: a
        for a in db.session.scalars(sa.select(MinutesApproval).where(MinutesApproval.item_id.in_(ids)))
    }


def proposals_by_item(items: list[AgendaItem]) -> dict[int, ItemProposal]:
    ids = [i.id for i in items if not i.standing]
    if not ids:
        return {}
    return {
        p.item_id: p
        for p in db.session.scalars(sa.select(ItemProposal).where(ItemProposal.item_id.in_(ids)))
        if p.item_id is not None
    }


def committee_by_id(committee_id: int | None) -> Committee | None:
    return db.session.get(Committee, committee_id) if committee_id else None


def active_committees_with_secretary(user) -> Sequence[Committee]:
    """The active committees the person is secretary of."""
    from portal.authz import Role

    ids = user.committee_ids(Role.SECRETARY)
    if not ids:
        return []
    return db.session.scalars(
        sa.select(Committee).where(Committee.id.in_(ids), Committee.active.is_(True)).order_by(Committee.code)
    ).all()

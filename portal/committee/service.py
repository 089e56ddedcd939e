"""Writes for committees: meetings, agenda items, decisions, issues sent back.

Functions flush and never commit; the view commits once. Every secretary action is
written to the audit log. Issues move only through portal.issues.service.issue_transition
(place_on_agenda, decide, send_back), which records the timeline event and sends the
signal that notifies authors and supporters in their own language.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.audit.service import audit_record, audited
from portal.campuses.service import unique_code_save
from portal.committee.errors import CommitteeError
from portal.committee.models import (
    DECISION_STATUSES,
    MEETING_STATUS_ORDER,
    OPEN_MEETING_STATUSES,
    AgendaItem,
    AgendaItemIssue,
    Committee,
    Conclusion,
    ItemKind,
    Meeting,
    MeetingStatus,
    Standing,
)
from portal.core.counters import next_number
from portal.db import bump_version, utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.issues.service import IssueError, issue_transition
from portal.issues.workflow import Actor, Status

CASE_COUNTER = "case"
COMMITTEE_FIELDS = ("code", "name_nb", "name_nn", "name_en", "active")
ITEM_FIELDS = ("kind", "title", "case_officer", "background", "proposed_decision")
# What the audit log records of a meeting and of an item, before and after each change.
MEETING_AUDITED = ("committee_id", "starts_at", "place", "video_link", "proposal_deadline", "status")
ITEM_AUDITED = ("meeting_id", "year", "number", "position", "standing", *ITEM_FIELDS)
# Items may be moved only to meetings whose agenda can still change.
STANDING_KINDS = {
    Standing.NOTICE: ItemKind.DECISION,
    Standing.MINUTES: ItemKind.DECISION,
    Standing.FOLLOW_UP: ItemKind.INFORMATION,
    Standing.OTHER_BUSINESS: ItemKind.DISCUSSION,
}


def committee_save(*, committee: Committee | None, values: dict, actor) -> Committee:
    values = {**values, "code": values["code"].strip().upper()}
    return unique_code_save(
        model=Committee,
        row=committee,
        values=values,
        actor=actor,
        kind="committee",
        code_field="code",
        fields=COMMITTEE_FIELDS,
    )


def local_year(moment: datetime) -> int:
    return moment.astimezone(OSLO).year


def committee_lock(thing, expected_version: int | None, field: str | None = None) -> None:
    """Optimistic locking: refuse a form loaded before the last change, and let only one
    of two simultaneous writers through (the other gets "stale", nothing is overwritten)."""
    if not bump_version(thing, expected_version):
        raise CommitteeError("stale", field)


def _audit(actor, action: str, thing, before=None, after=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=thing.__tablename__,
        target_id=thing.id,
        before=before,
        after=after,
    )


# Meetings


def meeting_create(
    *,
    committee: Committee,
    starts_at: datetime,
    place: str,
    actor,
    video_link: str | None = None,
    proposal_deadline: datetime | None = None,
) -> Meeting:
    """A planned meeting with the standing items: approval of the notice and agenda, approval
    of the minutes of the last meeting (both numbered; the latter linked to the minutes it
    approves), follow-up of earlier decisions (numbered, only while the committee has
    follow-up measures still open), and any other business (last, no number).

    Raises CommitteeError: "inactive", "deadline-after-meeting"."""
    if not committee.active:
        raise CommitteeError("inactive")
    _check_deadline(starts_at, proposal_deadline)
    meeting = Meeting(
        committee_id=committee.id,
        starts_at=starts_at,
        place=place.strip(),
        video_link=(video_link or "").strip() or None,
        proposal_deadline=proposal_deadline,
        status=MeetingStatus.PLANNED,
        created_by_id=actor.id if actor is not None else None,
    )
    with audited(actor=actor, action="committee.meeting.create", target=meeting, fields=MEETING_AUDITED):
        db.session.add(meeting)
        db.session.flush()
        _add_standing_items(meeting, committee)
    return meeting


def _add_standing_items(meeting: Meeting, committee: Committee) -> None:
    year = local_year(meeting.starts_at)
    standings = [s for s in Standing if s != Standing.FOLLOW_UP or _has_open_follow_ups(committee)]
    for position, standing in enumerate(standings):
        number = (
            None if standing == Standing.OTHER_BUSINESS else next_number(CASE_COUNTER, committee.id, year)
        )
        db.session.add(
            AgendaItem(
                committee_id=committee.id,
                meeting_id=meeting.id,
                year=year,
                number=number,
                position=position,
                standing=standing,
                kind=STANDING_KINDS[standing],
                created_by_id=meeting.created_by_id,
            )
        )
    db.session.flush()
    from portal.committee.attendance import link_minutes_approval

    minutes = next(i for i in meeting.items if i.standing == Standing.MINUTES)
    link_minutes_approval(meeting, minutes)


def _has_open_follow_ups(committee: Committee) -> bool:
    from portal.measures.queries import open_follow_ups_count

    return open_follow_ups_count(committee) > 0


def follow_up_item_add(*, meeting: Meeting, actor) -> AgendaItem:
    """Add the standing item "follow-up of earlier decisions" to a meeting that lacks it (it
    was created before any follow-up was open): numbered now, placed after the other
    standing items.

    Raises CommitteeError: "follow-up-closed" (held), "follow-up-there"."""
    if meeting.status not in OPEN_MEETING_STATUSES:
        raise CommitteeError("follow-up-closed")
    if follow_up_item_of(meeting) is not None:
        raise CommitteeError("follow-up-there")
    items = _ordered_items(meeting.id)
    after = max(
        (n for n, i in enumerate(items) if i.standing in (Standing.NOTICE, Standing.MINUTES)), default=-1
    )
    year = local_year(meeting.starts_at)
    item = AgendaItem(
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
        year=year,
        number=next_number(CASE_COUNTER, meeting.committee_id, year),
        standing=Standing.FOLLOW_UP,
        kind=STANDING_KINDS[Standing.FOLLOW_UP],
        created_by_id=actor.id,
    )
    with audited(actor=actor, action="agenda.item.create", target=item, fields=ITEM_AUDITED):
        items.insert(after + 1, item)
        db.session.add(item)
        for position, each in enumerate(items):
            each.position = position
        db.session.flush()
    db.session.expire(meeting, ["items"])
    return item


def follow_up_item_of(meeting: Meeting) -> AgendaItem | None:
    return db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.standing == Standing.FOLLOW_UP
        )
    )


def _check_deadline(starts_at: datetime, proposal_deadline: datetime | None) -> None:
    if proposal_deadline is not None and proposal_deadline >= starts_at:
        raise CommitteeError("deadline-after-meeting", "proposal_deadline")


def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime,
    place: str,
    actor,
    expected_version: int | None,
    video_link: str | None = None,
    proposal_deadline: datetime | None = None,
) -> Meeting:
    """Change the time, place, video link and deadline for proposals.
    Raises CommitteeError("stale"), ("deadline-after-meeting")."""
    _check_deadline(starts_at, proposal_deadline)
    with audited(actor=actor, action="committee.meeting.update", target=meeting, fields=MEETING_AUDITED):
        committee_lock(meeting, expected_version)
        meeting.starts_at = starts_at
        meeting.place = place.strip()
        meeting.video_link = (video_link or "").strip() or None
        meeting.proposal_deadline = proposal_deadline
    return meeting


def has_decisions(meeting: Meeting) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.decision.is_not(None))
        )
    )


def allowed_statuses(meeting: Meeting) -> list[MeetingStatus]:
    """Forward to any later status; back only as far as the decisions allow (a meeting with
    recorded decisions stays held). "Agenda published" is reached by publishing the notice,
    which tells people (portal.committee.attendance.meeting_publish_notice), not by a label."""
    decided = has_decisions(meeting)
    return [
        status
        for status in MEETING_STATUS_ORDER
        if status != meeting.status
        and (status in DECISION_STATUSES or not decided)
        and (status != MeetingStatus.AGENDA_PUBLISHED or meeting.notice_published_at is not None)
    ]


def meeting_set_status(
    *, meeting: Meeting, status: str, actor, expected_version: int | None = None
) -> Meeting:
    """Raises CommitteeError("status-not-allowed") or ("stale")."""
    if status not in {s.value for s in allowed_statuses(meeting)}:
        raise CommitteeError("status-not-allowed")
    with audited(actor=actor, action="committee.meeting.status", target=meeting, fields=("status",)):
        committee_lock(meeting, expected_version)
        meeting.status = MeetingStatus(status)
    return meeting


# Agenda items


def _check_placeable(issues, committee_id: int) -> None:
    not_escalated = [i.reference for i in issues if i.status != Status.ESCALATED]
    if not_escalated:
        raise CommitteeError("not-escalated", "issues", references=", ".join(not_escalated))
    elsewhere = [i.reference for i in issues if i.committee_id != committee_id]
    if elsewhere:
        raise CommitteeError("other-committee", "issues", references=", ".join(elsewhere))


def _other_business(meeting_id: int) -> AgendaItem | None:
    return db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.standing == Standing.OTHER_BUSINESS
        )
    )


def _position_before_other_business(meeting_id: int) -> int:
    """The next place on the agenda; "any other business" moves down to stay last."""
    last = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting_id,
            sa.or_(AgendaItem.standing.is_(None), AgendaItem.standing != Standing.OTHER_BUSINESS),
        )
    )
    position = 0 if last is None else last + 1
    other = _other_business(meeting_id)
    if other is not None and other.position <= position:
        other.position = position + 1
    return position


def item_title(item: AgendaItem) -> str:
    """The title as the secretary wrote it, or the standing item's text in the current language."""
    if item.title:
        return item.title
    from portal.committee.texts import standing_title

    return standing_title(item.standing) if item.standing else ""


def _gather(item: AgendaItem, issues, actor) -> None:
    """Put issues on the item: each moves to on_agenda with an event on its timeline."""
    start = (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AgendaItemIssue).where(AgendaItemIssue.item_id == item.id)
        )
        or 0
    )
    note = f"{item.case_number} – {item_title(item)}"
    for offset, issue in enumerate(issues):
        try:
            issue_transition(
                issue=issue,
                action="place_on_agenda",
                actor_user=actor,
                actor=Actor.SECRETARY,
                public_note=note,
            )
        except IssueError as error:
            # Someone placed it or sent it back a moment ago.
            raise CommitteeError("not-escalated", "issues", references=issue.reference) from error
        db.session.add(AgendaItemIssue(item_id=item.id, issue_id=issue.id, position=start + offset))
    try:
        db.session.flush()
    except IntegrityError as error:  # the unique issue_id: it is on another item already
        raise CommitteeError(
            "not-escalated", "issues", references=", ".join(i.reference for i in issues)
        ) from error
    db.session.expire(item, ["links"])


def item_create(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    actor,
    case_officer: str = "",
    background: str = "",
    proposed_decision: str | None = None,
    issues=(),
) -> AgendaItem:
    """A new agenda item with the next case number of its committee and year (gap-free:
    if anything below fails, the caller rolls back and the number is not used).

    Raises CommitteeError: "minutes-published", "not-escalated" / "other-committee"
    (with the references), "unknown-kind".
    """
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        raise CommitteeError("minutes-published", "meeting")
    if kind not in {k.value for k in ItemKind}:
        raise CommitteeError("unknown-kind", "kind")
    issues = list(issues)
    _check_placeable(issues, meeting.committee_id)
    year = local_year(meeting.starts_at)
    # The counter row stays locked until commit, so what follows runs one secretary at a time.
    number = next_number(CASE_COUNTER, meeting.committee_id, year)
    item = AgendaItem(
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
        year=year,
        number=number,
        position=_position_before_other_business(meeting.id),
        kind=ItemKind(kind),
        title=title.strip(),
        case_officer=(case_officer or "").strip(),
        background=(background or "").strip(),
        proposed_decision=(proposed_decision or "").strip() or None,
        created_by_id=actor.id,
    )
    with audited(actor=actor, action="agenda.item.create", target=item, fields=ITEM_AUDITED) as audit:
        db.session.add(item)
        db.session.flush()
        _gather(item, issues, actor)
        audit.note(issues=[i.reference for i in issues])
    return item


def item_update(
    *, item: AgendaItem, values: dict, actor, expected_version: int | None, add_issues=()
) -> AgendaItem:
    """Change an item's texts and gather more issues.

    Raises CommitteeError: "stale" (someone saved since the form was loaded: nothing is
    written), "item-decided" (no new issues after the decision), "not-escalated",
    "other-committee", "unknown-kind".
    """
    add_issues = list(add_issues)
    if add_issues and item.decided:
        raise CommitteeError("item-decided", "issues")
    if "kind" in values and values["kind"] not in {k.value for k in ItemKind}:
        raise CommitteeError("unknown-kind", "kind")
    _check_placeable(add_issues, item.committee_id)
    with audited(actor=actor, action="agenda.item.update", target=item, fields=ITEM_FIELDS) as audit:
        committee_lock(item, expected_version)
        for field in ITEM_FIELDS:
            if field in values:
                value = values[field]
                setattr(item, field, value.strip() if isinstance(value, str) else value)
        item.case_officer = item.case_officer or ""
        item.background = item.background or ""
        db.session.flush()
        if add_issues:
            _gather(item, add_issues, actor)
        audit.note(issues_added=[i.reference for i in add_issues])
    return item


def _ordered_items(meeting_id: int) -> list[AgendaItem]:
    """A list the caller may reorder."""
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def item_reorder(*, item: AgendaItem, direction: str, actor) -> bool:
    """Move an item one place up or down. "Any other business" stays last.
    Returns False when the item is already at that end."""
    if direction not in ("up", "down"):
        raise CommitteeError("unknown-direction")
    if item.standing == Standing.OTHER_BUSINESS:
        raise CommitteeError("other-business-last")
    items = _ordered_items(item.meeting_id)
    index = items.index(item)
    neighbour = index - 1 if direction == "up" else index + 1
    if neighbour < 0 or neighbour >= len(items) or items[neighbour].standing == Standing.OTHER_BUSINESS:
        return False
    before = [i.id for i in items]
    items[index], items[neighbour] = items[neighbour], items[index]
    for position, each in enumerate(items):
        each.position = position
    db.session.flush()
    _audit(
        actor, "agenda.item.reorder", item, before={"order": before}, after={"order": [i.id for i in items]}
    )
    return True


def item_move(*, item: AgendaItem, target: Meeting, actor, expected_version: int | None) -> AgendaItem:
    """Move an item to another meeting of the same committee; it keeps its case number.

    Raises CommitteeError: "other-committee-meeting", "same-meeting", "standing-item",
    "item-decided", "meeting-closed", "stale".
    """
    if target.committee_id != item.committee_id:
        raise CommitteeError("other-committee-meeting")
    if target.id == item.meeting_id:
        raise CommitteeError("same-meeting")
    if item.standing:
        raise CommitteeError("standing-item")
    if item.decided:
        raise CommitteeError("item-decided")
    if target.status not in OPEN_MEETING_STATUSES:
        raise CommitteeError("meeting-closed")
    source = item.meeting_id
    committee_lock(item, expected_version)
    item.position = _position_before_other_business(target.id)
    item.meeting_id = target.id
    db.session.flush()
    db.session.expire(item, ["meeting"])
    _audit(actor, "agenda.item.move", item, before={"meeting": source}, after={"meeting": target.id})
    return item


def item_decide(
    *, item: AgendaItem, conclusion: str, decision: str, actor, expected_version: int | None
) -> AgendaItem:
    """Record the committee's decision or recommendation after the meeting.

    Each gathered issue moves to decided with the decision on its timeline; its author and
    supporters are told in their own language (portal.issues.notifications). Recording it
    again corrects the text; issues already decided are not moved or told twice.

    Raises CommitteeError: "meeting-not-held", "decision-needed", "unknown-conclusion", "stale".
    """
    if item.meeting.status not in DECISION_STATUSES:
        raise CommitteeError("meeting-not-held", "decision")
    decision = (decision or "").strip()
    if not decision:
        raise CommitteeError("decision-needed", "decision")
    if conclusion not in {c.value for c in Conclusion}:
        raise CommitteeError("unknown-conclusion", "conclusion")
    with audited(
        actor=actor, action="agenda.item.decide", target=item, fields=("conclusion", "decision")
    ) as audit:
        committee_lock(item, expected_version, field="decision")
        item.conclusion = Conclusion(conclusion)
        item.decision = decision
        if item.decided_at is None:
            item.decided_at = utcnow()
        item.decided_by_id = actor.id
        db.session.flush()
        note = f"{item.case_number} – {item_title(item)}\n\n{decision}"
        moved = []
        for link in db.session.scalars(sa.select(AgendaItemIssue).where(AgendaItemIssue.item_id == item.id)):
            issue = link.issue
            if issue.status != Status.ON_AGENDA:
                continue
            issue_transition(
                issue=issue, action="decide", actor_user=actor, actor=Actor.SECRETARY, public_note=note
            )
            moved.append(issue.reference)
        audit.note(issues_decided=moved)
    return item


# Issues


def issue_send_back(*, issue, committee: Committee, note: str, actor, expected_version: int | None):
    """The secretary sends an escalated issue back to its campus council with a note.

    Raises CommitteeError: "other-committee", "not-escalated", "note-needed", "stale".
    """
    if issue.committee_id != committee.id:
        raise CommitteeError("other-committee", "note", references=issue.reference)
    if issue.status != Status.ESCALATED:
        raise CommitteeError("not-escalated", "note", references=issue.reference)
    if not (note or "").strip():
        raise CommitteeError("note-needed", "note")
    try:
        event = issue_transition(
            issue=issue,
            action="send_back",
            actor_user=actor,
            actor=Actor.SECRETARY,
            public_note=note,
            expected_version=expected_version,
        )
    except IssueError as error:
        raise CommitteeError(
            "stale" if error.code == "stale" else "not-escalated", "note", references=issue.reference
        ) from error
    audit_record(
        actor=actor,
        action="committee.issue.send_back",
        target_type="issue",
        target_id=issue.id,
        before={"status": str(Status.ESCALATED), "committee": committee.id},
        after={"status": str(issue.status), "note": event.public_note},
    )
    return event


def export_record(*, meeting: Meeting, document: str, fmt: str, language: str, actor) -> None:
    """Exports are privileged reads: the audit log says who took which file (DESIGN.md §3.7)."""
    _audit(
        actor,
        "committee.export",
        meeting,
        after={"document": document, "format": fmt, "language": language},
    )

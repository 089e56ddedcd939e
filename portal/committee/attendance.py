"""Writes for a meeting's notice, absence, substitutes and attendance (DESIGN.md §3.3).

The notice (innkalling) names those summoned: the members whose term covers the meeting's
day. Publishing it tells them, and the campus councils the secretary chooses. Members report
absence in the portal up to the meeting; the secretary calls in a substitute in one step;
after the meeting the minutes record who was present, who was absent and who stood in, and
who took the minutes. Functions flush and never commit; each step is in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask import current_app

from portal.audit.service import audit_record
from portal.committee import notifications
from portal.committee.errors import CommitteeError
from portal.committee.models import (
    PERSON_NAME_MAX,
    REASON_MAX,
    Attendance,
    CommitteeMember,
    Meeting,
    MeetingAttendance,
    MeetingStatus,
    MinutesApproval,
    Seat,
)
from portal.committee.queries import (
    approved_by_item,
    attendance_rows,
    campus_leaders,
    committee_secretaries,
    local_day,
    minutes_approval_of,
    previous_meeting,
    summoned,
)
from portal.db import utcnow
from portal.extensions import db

# The notice can be (re)published while the agenda can still change.
NOTICE_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED})


def institution_name() -> str:
    return current_app.config.get("INSTITUTION_NAME") or ""


def secretary_names(meeting: Meeting, people=None) -> str:
    """Who to write to: the members in the secretary's seat, else the secretaries by role.
    `people`: summoned(meeting), when the caller has it already."""
    people = summoned(meeting) if people is None else people
    seated = [line.member.name for line in people if line.member.seat == Seat.SECRETARY]
    if seated:
        return ", ".join(seated)
    return ", ".join(user.name for user in committee_secretaries(meeting.committee))


def _audit(actor, action: str, meeting: Meeting, before=None, after=None) -> None:
    audit_record(
        actor=actor, action=action, target_type="meeting", target_id=meeting.id, before=before, after=after
    )


def meeting_publish_notice(
    *, meeting: Meeting, actor, campuses=(), expected_version: int | None = None
) -> int:
    """Publish the notice and agenda: the meeting's status becomes "agenda published", and
    everyone summoned is told (in the portal, and by e-mail as they chose), and the leaders of
    the chosen campus councils. Publishing again tells them again (the agenda changed).

    Returns how many people were told. Raises CommitteeError: "meeting-held", "stale".
    """
    if meeting.status not in NOTICE_STATUSES:
        raise CommitteeError("meeting-held")
    campuses = list(campuses)
    from portal.committee.service import committee_lock  # the service imports this module

    committee_lock(meeting, expected_version)
    before = {"status": str(meeting.status), "notice_published_at": meeting.notice_published_at}
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.notice_published_at = utcnow()
    db.session.flush()
    lines = summoned(meeting)
    users = [
        line.member.user for line in lines if line.member.user is not None and line.member.user.is_active
    ]
    named = [line.member for line in lines if line.member.user is None]
    told = notifications.tell_notice(
        meeting=meeting,
        users=users,
        named=named,
        councils=campus_leaders(c.id for c in campuses),
        institution=institution_name(),
        secretary=secretary_names(meeting),
    )
    _audit(
        actor,
        "committee.notice.publish",
        meeting,
        before={"status": before["status"], "published": bool(before["notice_published_at"])},
        after={"status": str(meeting.status), "campuses": [c.code for c in campuses], "told": told},
    )
    return told


def _row(meeting: Meeting, member: CommitteeMember) -> MeetingAttendance:
    row = db.session.scalar(
        sa.select(MeetingAttendance).where(
            MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.member_id == member.id
        )
    )
    if row is None:
        row = MeetingAttendance(meeting_id=meeting.id, member_id=member.id)
        db.session.add(row)
    return row


def _own_line(meeting: Meeting, user):
    for line in summoned(meeting):
        if line.member.user_id == user.id:
            return line
    return None


def _before_meeting(meeting: Meeting) -> None:
    if meeting.status not in NOTICE_STATUSES or utcnow() >= meeting.starts_at:
        raise CommitteeError("absence-too-late")


def absence_report(*, meeting: Meeting, user, reason: str | None = None) -> MeetingAttendance:
    """A summoned member (or a substitute called in) cannot come; the reason is optional.
    Reporting again changes the reason. The secretaries are told.

    Raises CommitteeError: "absence-too-late" (the meeting has started or been held),
    "not-summoned" (the person has no seat at this meeting).
    """
    _before_meeting(meeting)
    line = _own_line(meeting, user)
    if line is None:
        raise CommitteeError("not-summoned")
    reason = (reason or "").strip()[:REASON_MAX] or None
    row = line.row or _row(meeting, line.member)
    first = row.absence_reported_at is None
    row.absence_reported_at = utcnow()
    row.absence_reason = reason
    row.absence_reported_by_id = user.id
    db.session.flush()
    if first:
        notifications.tell_absence(
            meeting=meeting,
            member=line.member,
            reason=reason,
            secretaries=committee_secretaries(meeting.committee),
        )
    _audit(
        user, "committee.absence.report", meeting, after={"member": line.member.id, "reason": bool(reason)}
    )
    return row


def absence_withdraw(*, meeting: Meeting, user) -> None:
    """The member can come after all. Once a substitute is called in, the secretary decides.

    Raises CommitteeError: "absence-too-late", "not-summoned", "substitute-called".
    """
    _before_meeting(meeting)
    line = _own_line(meeting, user)
    if line is None or not line.absence_reported:
        raise CommitteeError("not-summoned")
    if line.substitute_row is not None:
        raise CommitteeError("substitute-called")
    line.row.absence_reported_at = None
    line.row.absence_reason = None
    line.row.absence_reported_by_id = None
    db.session.flush()
    _audit(user, "committee.absence.withdraw", meeting, after={"member": line.member.id})


def substitute_call(
    *, meeting: Meeting, absent: CommitteeMember | None, substitute: CommitteeMember | None, actor
) -> MeetingAttendance:
    """Call in a substitute for a summoned member who cannot come, in one step: the member is
    recorded as absent (if they have not said so themselves) and the substitute is told.

    Raises CommitteeError: "meeting-held", "person-not-summoned", "already-replaced", "not-substitute".
    """
    if meeting.status not in NOTICE_STATUSES:
        raise CommitteeError("meeting-held")
    lines = {line.member.id: line for line in summoned(meeting)}
    line = lines.get(absent.id) if absent is not None else None
    if line is None or line.called_for is not None:
        raise CommitteeError("person-not-summoned", "absent")
    if line.substitute_row is not None:
        raise CommitteeError("already-replaced", "absent", name=line.substitute_row.member.name)
    day = local_day(meeting.starts_at)
    taken = {row.member_id for row in attendance_rows(meeting)}
    if (
        substitute is None
        or substitute.committee_id != meeting.committee_id
        or not substitute.substitute
        or not substitute.serves_on(day)
        or substitute.id in taken
    ):
        raise CommitteeError("not-substitute", "substitute")
    row = line.row or _row(meeting, line.member)
    if row.absence_reported_at is None:
        row.absence_reported_at = utcnow()
        row.absence_reported_by_id = actor.id
    called = MeetingAttendance(
        meeting_id=meeting.id, member_id=substitute.id, called_for_id=line.member.id, called_at=utcnow()
    )
    db.session.add(called)
    db.session.flush()
    notifications.tell_substitute(
        meeting=meeting, member=substitute, absent=line.member, institution=institution_name()
    )
    _audit(
        actor,
        "committee.substitute.call",
        meeting,
        after={"absent": line.member.id, "substitute": substitute.id},
    )
    return called


def attendance_record(
    *, meeting: Meeting, attended: Mapping[int, str], minutes_taker: str | None, actor
) -> None:
    """The minutes' attendance: present or absent for each person summoned, and the minute-taker.

    Raises CommitteeError: "meeting-not-held", "minutes-approved", "person-not-summoned", "unknown-attendance".
    """
    if not meeting.decisions_allowed:
        raise CommitteeError("meeting-not-held")
    approval = minutes_approval_of(meeting)
    if approval is not None and approval.item.decided:
        raise CommitteeError("minutes-approved")
    lines = {line.member.id: line for line in summoned(meeting)}
    unknown = set(attended) - set(lines)
    if unknown:
        raise CommitteeError("person-not-summoned")
    if any(value not in {a.value for a in Attendance} for value in attended.values()):
        raise CommitteeError("unknown-attendance")
    before = {member_id: line.attended for member_id, line in lines.items()}
    for member_id, value in attended.items():
        line = lines[member_id]
        row = line.row or _row(meeting, line.member)
        row.attended = Attendance(value)
    meeting.minutes_taker = (minutes_taker or "").strip()[:PERSON_NAME_MAX] or None
    db.session.flush()
    _audit(
        actor,
        "committee.attendance.record",
        meeting,
        before={"attended": before},
        after={"attended": dict(attended), "minutes_taker": meeting.minutes_taker},
    )


def link_minutes_approval(meeting: Meeting, item) -> MinutesApproval | None:
    """The standing item "approval of the minutes" of a new meeting approves the minutes of the
    committee's meeting before it (one no later meeting approves yet)."""
    previous = previous_meeting(meeting)
    if previous is None or approved_by_item(item) is not None:
        return None
    approval = MinutesApproval(item_id=item.id, meeting_id=previous.id)
    db.session.add(approval)
    db.session.flush()
    return approval

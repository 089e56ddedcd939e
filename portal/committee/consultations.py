"""Writes for consultations (høring): an agenda item sent to chosen campus councils for a
statement by a deadline; their leaders write the statement in the portal (DESIGN.md §3.3).
Statements appear under the item and in the agenda documents; those missing after the
deadline are flagged there. Flush, never commit; audited; the leaders are told.
"""

from __future__ import annotations

from datetime import datetime

from portal.audit.service import audit_record
from portal.committee import notifications
from portal.committee.errors import CommitteeError
from portal.committee.models import STATEMENT_MAX, AgendaItem, Consultation, MeetingStatus
from portal.committee.permissions import leads_campus
from portal.committee.queries import campus_leaders, consultations_of
from portal.db import utcnow
from portal.extensions import db

OPEN_STATUSES = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED})


def consultation_send(*, item: AgendaItem, campuses, deadline: datetime | None, actor) -> list[Consultation]:
    """Ask the campus councils of `campuses` for a statement on `item` by `deadline` (before the
    meeting). Councils asked already keep their consultation; the others' leaders are told.

    Raises CommitteeError: "standing-no-consultation", "item-decided", "meeting-held",
    "campuses-needed", "deadline-needed", "deadline-past", "consultation-deadline-after-meeting",
    "already-consulted".
    """
    if item.standing:
        raise CommitteeError("standing-no-consultation")
    if item.decided:
        raise CommitteeError("item-decided")
    if item.meeting.status not in OPEN_STATUSES:
        raise CommitteeError("meeting-held")
    campuses = [c for c in campuses if c.active]
    if not campuses:
        raise CommitteeError("campuses-needed", "campuses")
    if deadline is None:
        raise CommitteeError("deadline-needed", "deadline")
    if deadline <= utcnow():
        raise CommitteeError("deadline-past", "deadline")
    if deadline >= item.meeting.starts_at:
        raise CommitteeError("consultation-deadline-after-meeting", "deadline")
    asked = {c.campus_id for c in consultations_of(item)}
    new = [c for c in campuses if c.id not in asked]
    if not new:
        raise CommitteeError("already-consulted", "campuses", campuses=", ".join(c.name for c in campuses))
    made = []
    for campus in new:
        consultation = Consultation(
            item_id=item.id, campus_id=campus.id, deadline=deadline, sent_at=utcnow(), sent_by_id=actor.id
        )
        db.session.add(consultation)
        made.append(consultation)
    db.session.flush()
    for consultation in made:
        notifications.tell_consultation(
            consultation=consultation, leaders=campus_leaders([consultation.campus_id])
        )
    audit_record(
        actor=actor,
        action="committee.consultation.send",
        target_type="agenda_item",
        target_id=item.id,
        after={"campuses": [c.code for c in new], "deadline": deadline.isoformat()},
    )
    return made


def statement_give(
    *, consultation: Consultation | None, actor, statement: str, expected_version: int | None = None
) -> Consultation:
    """A leader of the consulted campus council writes (or corrects) its statement. After the
    deadline it is still taken, and marked as late; once the meeting is held it is closed.

    Raises CommitteeError: "not-consulted" (no consultation for the leader's campus),
    "consultation-closed", "statement-needed", "stale".
    """
    if consultation is None or not leads_campus(actor, consultation.campus_id):
        raise CommitteeError("not-consulted", "campus")
    if consultation.item.meeting.status not in OPEN_STATUSES:
        raise CommitteeError("consultation-closed")
    statement = (statement or "").strip()
    if not statement:
        raise CommitteeError("statement-needed", "statement")
    if expected_version is not None and expected_version != consultation.version:
        raise CommitteeError("stale")
    before = {"statement": consultation.statement}
    consultation.statement = statement[:STATEMENT_MAX]
    consultation.statement_at = utcnow()
    consultation.statement_by_id = actor.id
    consultation.version += 1
    db.session.flush()
    audit_record(
        actor=actor,
        action="committee.consultation.statement",
        target_type="consultation",
        target_id=consultation.id,
        before=before,
        after={"statement": consultation.statement, "late": consultation.late},
    )
    return consultation

"""Interface words for the committee's things, translated when shown (DESIGN.md §2 vocabulary).

Standing items keep no text of their own until the secretary edits them, so that an agenda
exported in nynorsk says "Godkjenning av innkalling og sakliste" even when a bokmål
secretary created the meeting.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.committee.models import (
    Attendance,
    CompositionRule,
    Conclusion,
    ItemKind,
    MeetingStatus,
    ProposalSource,
    ProposalStatus,
    Seat,
    Standing,
)

KIND_LABELS = {
    ItemKind.DECISION: _l("Decision item (V)"),
    ItemKind.INFORMATION: _l("Information item (O)"),
    ItemKind.DISCUSSION: _l("Discussion item (D)"),
}

MEETING_STATUS_LABELS = {
    MeetingStatus.PLANNED: _l("Planned"),
    MeetingStatus.AGENDA_PUBLISHED: _l("Agenda published"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.MINUTES_PUBLISHED: _l("Minutes published"),
}

# What the button that moves a meeting to this status says.
MEETING_STATUS_ACTIONS = {
    MeetingStatus.PLANNED: _l("Back to planned"),
    MeetingStatus.AGENDA_PUBLISHED: _l("The agenda is published"),
    MeetingStatus.HELD: _l("The meeting has been held"),
    MeetingStatus.MINUTES_PUBLISHED: _l("The minutes are published"),
}

CONCLUSION_LABELS = {
    Conclusion.DECISION: _l("Decision"),
    Conclusion.RECOMMENDATION: _l("Recommendation"),
}

STANDING_TITLES = {
    Standing.NOTICE: _l("Approval of the notice and agenda"),
    Standing.MINUTES: _l("Approval of the minutes of the last meeting"),
    Standing.FOLLOW_UP: _l("Follow-up of earlier decisions"),
    Standing.OTHER_BUSINESS: _l("Any other business"),
}

STANDING_PROPOSALS = {
    Standing.NOTICE: _l("The notice and agenda are approved."),
    Standing.MINUTES: _l("The minutes of the last meeting are approved."),
    Standing.FOLLOW_UP: _l("The committee takes the status of the follow-up to information."),
}

DOCUMENT_TITLES = {
    "agenda": _l("Notice and agenda"),
    "minutes": _l("Minutes"),
}

# File names in the document's language (innkalling-og-sakliste-2026-12-10.pdf): the words are
# the documents' names, written as a records system files them, so they are not in the catalogs.
FILE_NAMES = {
    "agenda": {"nb": "innkalling-og-sakliste", "nn": "innkalling-og-sakliste", "en": "notice-and-agenda"},
    "minutes": {"nb": "protokoll", "nn": "protokoll", "en": "minutes"},
}

SEAT_LABELS = {
    Seat.STUDENT: _l("Student"),
    Seat.STAFF: _l("Staff"),
    Seat.OBSERVER: _l("Observer"),
    Seat.SECRETARY: _l("Secretary"),
}

COMPOSITION_RULE_LABELS = {
    CompositionRule.PARITY: _l("As many students as staff members"),
    CompositionRule.STUDENT_MAJORITY: _l("A student majority"),
}

COMPOSITION_PROBLEMS = {
    "no-members": _l("The committee has no members in student or staff seats."),
    "parity": _l(
        "The rule is as many students as staff members, but the count is %(students)s to %(staff)s "
        "(students to staff)."
    ),
    "student-majority": _l(
        "The rule is a student majority, but the count is %(students)s to %(staff)s (students to staff)."
    ),
    "no-chair": _l("No chair is set for %(year)s."),
    "chair-not-serving": _l("The chair, %(name)s, is not a member on this day."),
    "chair-not-alternating": _l(
        "The chair should alternate between a student and a staff member, but the chair for "
        "%(year)s holds the same kind of seat as the chair the year before."
    ),
}

ATTENDANCE_LABELS = {
    Attendance.PRESENT: _l("Present"),
    Attendance.ABSENT: _l("Absent"),
}

PROPOSAL_SOURCE_LABELS = {
    ProposalSource.MEMBER: _l("A member of the committee"),
    ProposalSource.CAMPUS_COUNCIL: _l("A campus council"),
    ProposalSource.STUDENT_PARLIAMENT: _l("The student parliament"),
}

PROPOSAL_STATUS_LABELS = {
    ProposalStatus.PENDING: _l("Waiting for the secretary"),
    ProposalStatus.ACCEPTED: _l("On the agenda"),
    ProposalStatus.DECLINED: _l("Not on the agenda"),
}


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


def meeting_status_label(status) -> str:
    return str(MEETING_STATUS_LABELS.get(status, status))


def conclusion_label(conclusion) -> str:
    return str(CONCLUSION_LABELS.get(conclusion, conclusion or ""))


def standing_title(standing) -> str:
    return str(STANDING_TITLES.get(standing, ""))


def standing_proposal(standing) -> str:
    text = STANDING_PROPOSALS.get(standing)
    return str(text) if text is not None else ""


def item_proposal(item) -> str:
    """The proposed decision, or the standing item's usual one in the current language."""
    if item.proposed_decision:
        return item.proposed_decision
    return standing_proposal(item.standing) if item.standing else ""


def seat_label(seat) -> str:
    return str(SEAT_LABELS.get(seat, seat))


def composition_problem(code: str, params: dict) -> str:
    text = COMPOSITION_PROBLEMS.get(code)
    return str(text) % params if text is not None else code


def attendance_label(value) -> str:
    return str(ATTENDANCE_LABELS.get(value, value or ""))


def proposal_source_label(source) -> str:
    return str(PROPOSAL_SOURCE_LABELS.get(source, source))


def proposal_status_label(status) -> str:
    return str(PROPOSAL_STATUS_LABELS.get(status, status))

"""Interface words for the committee's things, translated when shown (DESIGN.md §2 vocabulary).

Standing items keep no text of their own until the secretary edits them, so that an agenda
exported in nynorsk says "Godkjenning av innkalling og sakliste" even when a bokmål
secretary created the meeting.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.committee.models import Conclusion, ItemKind, MeetingStatus, Standing

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
    Standing.OTHER_BUSINESS: _l("Any other business"),
}

STANDING_PROPOSALS = {
    Standing.NOTICE: _l("The notice and agenda are approved."),
    Standing.MINUTES: _l("The minutes of the last meeting are approved."),
}

DOCUMENT_TITLES = {
    "agenda": _l("Agenda"),
    "minutes": _l("Minutes"),
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

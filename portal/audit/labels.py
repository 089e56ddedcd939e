"""The audit log as a person reads it: action codes, target kinds and fields in words.

Every action code the portal writes has a label here (tests/admin/test_audit_log.py reads
the source and fails on a code without one). A code from elsewhere (an older version, a
domain that has not added its label yet) is shown as it is stored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    # Issues: what campus leaders and the secretary did (issue_transition writes "issue.<step>").
    "issue.accept": _l("Issue accepted"),
    "issue.ask": _l("Question sent to the author"),
    "issue.answer": _l("Author answered"),
    "issue.reject": _l("Issue rejected"),
    "issue.merge": _l("Issue merged into another"),
    "issue.resolve": _l("Issue resolved locally"),
    "issue.escalate": _l("Issue sent to the committee"),
    "issue.send_back": _l("Issue sent back to the campus council"),
    "issue.place_on_agenda": _l("Issue placed on the agenda"),
    "issue.decide": _l("Decision recorded on the issue"),
    "issue.close": _l("Issue closed"),
    "issue.auto_close": _l("Issue closed automatically"),
    "issue.note": _l("Update or internal note on the issue"),
    "issue.hide": _l("Issue text hidden"),
    "issue.unhide": _l("Issue text shown again"),
    "issue.clear-flags": _l("Reports on the issue cleared"),
    "issue.focus-area": _l("Issue tagged with a focus area"),
    # The committee
    "committee.issue.send_back": _l("Issue sent back to the campus council"),
    "committee.meeting.create": _l("Meeting created"),
    "committee.meeting.update": _l("Meeting changed"),
    "committee.meeting.status": _l("Meeting status changed"),
    "committee.export": _l("Agenda or minutes exported"),
    "committee.settings": _l("Committee settings changed"),
    "committee.member.add": _l("Committee member added"),
    "committee.member.update": _l("Committee member changed"),
    "committee.member.remove": _l("Committee member removed"),
    "committee.chair.set": _l("Chair or vice-chair set"),
    "committee.notice.publish": _l("Notice and agenda published"),
    "committee.absence.report": _l("Absence reported"),
    "committee.absence.withdraw": _l("Absence report withdrawn"),
    "committee.substitute.call": _l("Substitute called in"),
    "committee.attendance.record": _l("Attendance recorded"),
    "committee.proposal.submit": _l("Agenda item proposed"),
    "committee.proposal.accept": _l("Proposed item put on the agenda"),
    "committee.proposal.decline": _l("Proposed item declined"),
    "committee.consultation.send": _l("Item sent to the campus councils for a statement"),
    "committee.consultation.statement": _l("Campus council's statement given"),
    # Surveys
    "survey.round.create": _l("Survey round created"),
    "survey.round.update": _l("Survey round changed"),
    "survey.round.delete": _l("Survey round deleted"),
    "survey.round.close": _l("Survey round closed"),
    "survey.round.publish": _l("Survey results published"),
    "survey.results.export": _l("Survey results exported"),
    # Referrals and measures
    "issue.refer": _l("Issue referred to a responsible unit"),
    "issue.referral_answered": _l("The responsible unit answered"),
    "issue.withdraw_referral": _l("Referral withdrawn"),
    "referral.create": _l("Referral sent to a responsible unit"),
    "referral.answer": _l("Referral answered"),
    "referral.withdraw": _l("Referral withdrawn"),
    "measure.create": _l("Measure created"),
    "measure.update": _l("Measure changed"),
    "measure.status": _l("Measure status changed"),
    "measure.progress": _l("Progress noted on a measure"),
    "measure.evaluate": _l("Measure evaluated"),
    "action-plan.export": _l("Action plan exported"),
    "action-plan.agenda": _l("Action plan's status report put on the agenda"),
    "agenda.item.create": _l("Agenda item created"),
    "agenda.item.update": _l("Agenda item changed"),
    "agenda.item.reorder": _l("Agenda reordered"),
    "agenda.item.move": _l("Agenda item moved to another meeting"),
    "agenda.item.decide": _l("Decision recorded"),
    "report.export": _l("Annual report exported"),
    "board-report.save": _l("Report to the board written"),
    "board-report.place": _l("Report to the board put on the agenda"),
    "board-report.export": _l("Report to the board exported"),
    # Focus-area votes
    "voting.round.create": _l("Voting round created"),
    "voting.round.update": _l("Voting round changed"),
    "voting.round.advance": _l("Voting round moved to its next phase"),
    "voting.proposal.edit": _l("Focus-area proposal edited"),
    "voting.proposal.approve": _l("Focus-area proposal approved"),
    "voting.proposal.decline": _l("Focus-area proposal declined"),
    "voting.proposal.merge": _l("Focus-area proposal merged"),
    "voting.adopt": _l("Focus areas adopted"),
    # People and roles
    "role.grant": _l("Role given"),
    "role.revoke": _l("Role taken away"),
    "user.activate": _l("Account activated"),
    "user.deactivate": _l("Account deactivated"),
    "user.delete": _l("Account deleted"),
    "user.sso-linked": _l("Account linked to single sign-on"),
    # Organisation
    "campus.create": _l("Campus created"),
    "campus.update": _l("Campus changed"),
    "category.create": _l("Category created"),
    "category.update": _l("Category changed"),
    "committee.create": _l("Committee created"),
    "committee.update": _l("Committee changed"),
}

TARGET_LABELS = {
    "issue": _l("Issue"),
    "user": _l("Account"),
    "user_account": _l("Account"),
    "role_grant": _l("Role"),
    "campus": _l("Campus"),
    "category": _l("Category"),
    "committee": _l("Committee"),
    "meeting": _l("Meeting"),
    "agenda_item": _l("Agenda item"),
    "board_report": _l("Report to the board"),
    "voting_round": _l("Voting round"),
    "focus_proposal": _l("Focus-area proposal"),
}

FIELD_LABELS = {
    "status": _l("Status"),
    "hidden": _l("Hidden"),
    "hidden_reason": _l("Reason for hiding"),
    "merged_into_id": _l("Merged into"),
    "into": _l("Merged into"),
    "moved_supporters": _l("Supporters moved"),
    "committee_id": _l("Committee"),
    "committee": _l("Committee"),
    "public_note": _l("Public note"),
    "internal_note": _l("Internal note"),
    "title": _l("Title"),
    "description": _l("Description"),
    "flag_count": _l("Reports"),
    "cleared": _l("Reports cleared"),
    "focus_area_id": _l("Focus area"),
    "year": _l("Year"),
    "max_choices": _l("Choices per voter"),
    "proposals_open_at": _l("Proposals open"),
    "curation_at": _l("Review starts"),
    "voting_open_at": _l("Voting opens"),
    "voting_close_at": _l("Voting closes"),
    "results_at": _l("Results published"),
    "phase": _l("Phase"),
    "round_id": _l("Voting round"),
    "title_nb": _l("Title (bokmål)"),
    "title_nn": _l("Title (nynorsk)"),
    "title_en": _l("Title (English)"),
    "description_nb": _l("Description (bokmål)"),
    "description_nn": _l("Description (nynorsk)"),
    "description_en": _l("Description (English)"),
    "decline_reason": _l("Reason for declining"),
    "adopted": _l("Adopted"),
    "adopted_before": _l("Adopted before"),
    "role": _l("Role"),
    "user_id": _l("Account"),
    "campus_id": _l("Campus"),
    "active": _l("Active"),
    "starts_at": _l("Starts"),
    "place": _l("Place"),
    "meeting": _l("Meeting"),
    "case": _l("Case number"),
    "kind": _l("Kind"),
    "position": _l("Position"),
    "case_officer": _l("Case officer"),
    "background": _l("Background"),
    "proposed_decision": _l("Proposed decision"),
    "conclusion": _l("Conclusion"),
    "decision": _l("Decision"),
    "issues": _l("Issues"),
    "issues_decided": _l("Issues decided"),
    "order": _l("Order"),
    "document": _l("Document"),
    "format": _l("Format"),
    "language": _l("Language"),
    "code": _l("Code"),
    "slug": _l("Code"),
    "name_nb": _l("Name (bokmål)"),
    "name_nn": _l("Name (nynorsk)"),
    "name_en": _l("Name (English)"),
    "response_target_days": _l("Response target (days)"),
    "attention_threshold": _l("Attention threshold (supporters)"),
}
# Bookkeeping that says nothing to a reader.
HIDDEN_FIELDS = frozenset({"version"})
LONG_VALUE = 160


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def target_label(kind: str) -> str:
    label = TARGET_LABELS.get(kind)
    return str(label) if label is not None else kind


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def action_choices(present: list[str]) -> list[tuple[str, str]]:
    """(code, label) for the filter: every labelled action and any other code in the log."""
    codes = set(ACTION_LABELS) | {code for code in present if code}
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1].casefold())


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the field was not there before (created, or a fact noted after)
    after: str | None  # None: the field is not there after (removed)


def readable(value: Any) -> str:
    """A stored JSON value as a person reads it."""
    from portal.i18n import format_moment

    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, list):
        return ", ".join(readable(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(key)}: {readable(item)}" for key, item in value.items())
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return format_moment(datetime.fromisoformat(value))
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= LONG_VALUE else text[: LONG_VALUE - 1].rstrip() + "…"


def changes(before: dict | None, after: dict | None, values: dict | None = None) -> list[Change]:
    """What changed, field by field, in the order the event stored them.

    A field present on both sides with the same value did not change and is left out.
    `values` maps a field to a function that puts its stored value into words.
    """
    values = values or {}
    before, after = before or {}, after or {}
    rows = []
    for name in [*before, *(key for key in after if key not in before)]:
        if name in HIDDEN_FIELDS:
            continue
        old, new = before.get(name), after.get(name)
        if name in before and name in after and old == new:
            continue
        words = values.get(name, lambda value: value)
        rows.append(
            Change(
                field=field_label(name),
                before=readable(words(old)) if name in before else None,
                after=readable(words(new)) if name in after else None,
            )
        )
    return rows

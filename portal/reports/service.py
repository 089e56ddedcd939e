"""Writes for the annual report to the board: the sections the secretary writes, and placing the
report on the committee's agenda. Keyword-only, flush and never commit, audited.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.audit.service import audited
from portal.committee.models import BACKGROUND_MAX, ITEM_TITLE_MAX, Committee
from portal.core.navigation import external_url
from portal.db import bump_version, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.i18n import in_language
from portal.reports.models import SECTION_MAX, BoardReport
from portal.reports.queries import board_meeting, board_report_of

SECTION_FIELDS = ("assessment", "recommendations")
AUDITED_FIELDS = ("committee_id", "year", "language", *SECTION_FIELDS, "agenda_item_id", "version")
# How much of each section the agenda item quotes; the whole report is one link away.
QUOTED_MAX = 8000


class ReportError(DomainError):
    messages_module = "portal.reports.messages"
    conflicts = frozenset({"stale", "placed"})


def _language(committee: Committee) -> str:
    return committee.language if committee.language in ("nb", "nn") else "nb"


def board_report_save(
    *,
    committee: Committee,
    year: int,
    assessment: str | None,
    recommendations: str | None,
    actor,
    expected_version: int | None = None,
) -> BoardReport:
    """Save the committee's assessment and its recommendations to the board for `year`, in the
    committee's language. `expected_version` is the version the form was loaded with (0 when
    there was no report yet); a save made meanwhile is not overwritten.

    Raises ReportError: "too-long" (on the field), "stale".
    """
    texts = {"assessment": (assessment or "").strip(), "recommendations": (recommendations or "").strip()}
    for name, text in texts.items():
        if len(text) > SECTION_MAX:
            raise ReportError("too-long", name, max=SECTION_MAX)
    report = board_report_of(committee, year)
    if report is None:
        if expected_version:
            raise ReportError("stale")
        report = BoardReport(committee_id=committee.id, year=year, version=1, language=_language(committee))
    elif expected_version is not None and expected_version != report.version:
        raise ReportError("stale")
    with audited(actor=actor, action="board-report.save", target=report, fields=AUDITED_FIELDS):
        if report.id is None:
            db.session.add(report)
            try:
                db.session.flush()
            except IntegrityError as error:  # someone else wrote the first version a moment ago
                raise ReportError("stale") from error
        elif not _bump(report):
            raise ReportError("stale")
        report.assessment, report.recommendations = texts["assessment"], texts["recommendations"]
        report.language = _language(committee)
        report.updated_at = utcnow()
        report.updated_by_id = actor.id
    return report


def _bump(report: BoardReport) -> bool:
    """Optimistic lock: move the report to its next version unless someone else did."""
    return bump_version(report)


def _cut(text: str, maximum: int) -> str:
    return text if len(text) <= maximum else text[: maximum - 2].rstrip() + " …"


def board_report_place(*, committee: Committee, year: int, actor):
    """Place the annual report to the board on the committee's agenda as a decision item (the
    committee approves it and sends it on): on its first meeting in `year` that is still to
    come, or else its next one (portal.reports.queries.board_meeting). The item quotes the
    assessment and the recommendations, in the committee's language, and links the report.
    Returns the item.

    Raises ReportError: "no-meeting", "placed" (with the case number).
    """
    from portal.committee.service import item_create

    report = board_report_of(committee, year)
    if report is not None and report.agenda_item is not None:
        raise ReportError("placed", case=report.agenda_item.case_number)
    meeting, _why = board_meeting(committee, year)
    if meeting is None:
        raise ReportError("no-meeting")
    language = _language(committee)
    url = external_url("reports.annual", code=committee.code, year=year)
    with in_language(language):
        title = _("Annual report %(year)s to the board", year=year)
        parts = [
            _(
                "The committee's annual report for %(year)s to the board: the year's issues and how they "
                "were answered, focus areas, decisions and their follow-up, measures, surveys and referrals, "
                "with the committee's assessment and recommendations.",
                year=year,
            )
        ]
        if report is not None and report.assessment:
            parts += [_("The committee's assessment"), _cut(report.assessment, QUOTED_MAX)]
        if report is not None and report.recommendations:
            parts += [_("Recommendations to the board"), _cut(report.recommendations, QUOTED_MAX)]
        parts.append(_("The whole report, as Word (DOCX) and PDF: %(url)s", url=url))
        proposal = _(
            "The committee approves the annual report for %(year)s and sends it to the board.", year=year
        )
    item = item_create(
        meeting=meeting,
        kind="decision",
        title=title[:ITEM_TITLE_MAX],
        background=_cut("\n\n".join(parts), BACKGROUND_MAX),
        proposed_decision=proposal,
        actor=actor,
    )
    if report is None:
        report = BoardReport(committee_id=committee.id, year=year, version=1, language=language)
        db.session.add(report)
        db.session.flush()
    with audited(actor=actor, action="board-report.place", target=report, fields=AUDITED_FIELDS) as audit:
        report.agenda_item_id = item.id
        audit.note(meeting=meeting.id, case=item.case_number)
    return item

"""For secretaries and members (and campus councils, once a notice is published): a meeting's
notice and agenda, and its minutes, as print view, PDF/A and DOCX, in the committee's language."""

from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user

from portal.committee import bp
from portal.committee.attendance import institution_name, secretary_names
from portal.committee.exports import (
    DOCUMENTS,
    DocumentFacts,
    export_language,
    file_name,
    render_docx,
    render_pdf,
    render_print,
)
from portal.committee.loaders import notice_meeting_or_404, readable_meeting_or_404
from portal.committee.models import Standing
from portal.committee.queries import (
    agenda,
    approvals_by_item,
    consultations_by_item,
    minutes_approval_of,
    proposals_by_item,
    summoned,
)
from portal.committee.service import export_record
from portal.core.navigation import external_url
from portal.extensions import db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export(code: str, meeting_id: int, document: str, fmt: str):
    if document == "agenda":
        meeting = notice_meeting_or_404(code, meeting_id)
    else:
        meeting = readable_meeting_or_404(code, meeting_id)
    if document not in DOCUMENTS or fmt not in ("print", "pdf", "docx"):
        abort(404)
    language = export_language(request.args.get("lang"), meeting.committee)
    items = agenda(meeting)
    facts = DocumentFacts(
        institution=institution_name(),
        secretary=secretary_names(meeting),
        summoned=summoned(meeting),
        absence_url=external_url(
            "committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id
        ),
        approval=minutes_approval_of(meeting),
        consultations=consultations_by_item(items),
        approvals=approvals_by_item(items),
        proposals=proposals_by_item(items),
        follow_ups=_follow_ups(meeting, items),
    )
    export_record(meeting=meeting, document=document, fmt=fmt, language=language, actor=current_user)
    # Flushed, not committed: a commit would expire everything loaded for the document.
    if fmt == "print":
        response = render_print(meeting, items, document, language, facts)
        db.session.commit()
        return response
    if fmt == "pdf":
        data, mimetype = render_pdf(meeting, items, document, language, facts), "application/pdf"
    else:
        data, mimetype = render_docx(meeting, items, document, language, facts), DOCX_TYPE
    db.session.commit()
    name = file_name(meeting, document, language, fmt)
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _follow_ups(meeting, items) -> list:
    """What the standing item "follow-up of earlier decisions" lists, if the meeting has it."""
    if not any(item.standing == Standing.FOLLOW_UP for item in items):
        return []
    # Imported here: the measures domain reads the committee's models when it is imported.
    from portal.measures.queries import follow_ups_at

    return follow_ups_at(meeting)


@bp.get("/<code>/meetings/<int:meeting_id>/<document>/print")
def export_print(code: str, meeting_id: int, document: str):
    return _export(code, meeting_id, document, "print")


@bp.get("/<code>/meetings/<int:meeting_id>/<document>.<fmt>")
def export_file(code: str, meeting_id: int, document: str, fmt: str):
    return _export(code, meeting_id, document, fmt)

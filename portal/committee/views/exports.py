"""For secretaries and members (and campus councils, once a notice is published): a meeting's
notice and agenda, and its minutes, as print view, PDF/A and DOCX, in the committee's language.

Everything the document shows is loaded first (a fixed number of queries) and turned into plain
data; then the download is recorded and committed, and the file is made from that data, or
served from the cache when the same content was made before (portal.committee.exports)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, abort, request, url_for
from flask_login import current_user

from portal.committee import bp
from portal.committee.attendance import institution_name, secretary_names
from portal.committee.exports import (
    DOCUMENTS,
    DOCX_TYPE,
    DocumentFacts,
    document_context,
    document_file,
    export_language,
    file_name,
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


def _export(code: str, meeting_id: int, document: str, fmt: str):
    if document == "agenda":
        meeting = notice_meeting_or_404(code, meeting_id)
    else:
        meeting = readable_meeting_or_404(code, meeting_id)
    if document not in DOCUMENTS or fmt not in ("print", "pdf", "docx"):
        abort(404)
    language = export_language(request.args.get("lang"), meeting.committee)
    items = list(agenda(meeting))
    people = summoned(meeting)
    facts = DocumentFacts(
        institution=institution_name(),
        secretary=secretary_names(meeting, people),
        summoned=people,
        absence_url=external_url(
            "committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id
        ),
        approval=minutes_approval_of(meeting),
        consultations=consultations_by_item(items),
        approvals=approvals_by_item(items),
        proposals=proposals_by_item(items),
        follow_ups=_follow_ups(meeting, items),
    )
    context = document_context(meeting, items, document, language, facts)
    meeting_id, stem = meeting.id, file_name(meeting, document, language, fmt)
    back_url = url_for("committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id)
    # Recorded for every download, from the cache or not; the commit expires what was loaded,
    # and nothing after it reads the database: the context is plain data.
    export_record(meeting=meeting, document=document, fmt=fmt, language=language, actor=current_user)
    db.session.commit()
    if fmt == "print":
        return render_print(context, back_url=back_url)
    data = document_file(context, fmt, meeting_id=meeting_id)
    return Response(
        data,
        mimetype="application/pdf" if fmt == "pdf" else DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{stem}"', "Cache-Control": "no-store"},
    )


def _follow_ups(meeting, items) -> Sequence:
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

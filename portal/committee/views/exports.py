"""For secretaries and members: a meeting's agenda and minutes as print view, PDF and DOCX."""

from __future__ import annotations

from flask import Response, abort, request
from flask_login import current_user

from portal.committee import bp
from portal.committee.exports import (
    DOCUMENTS,
    export_language,
    file_name,
    render_docx,
    render_pdf,
    render_print,
)
from portal.committee.loaders import readable_meeting_or_404
from portal.committee.queries import agenda
from portal.committee.service import export_record
from portal.extensions import db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export(code: str, meeting_id: int, document: str, fmt: str):
    meeting = readable_meeting_or_404(code, meeting_id)
    if document not in DOCUMENTS or fmt not in ("print", "pdf", "docx"):
        abort(404)
    language = export_language(request.args.get("lang"))
    items = agenda(meeting)
    export_record(meeting=meeting, document=document, fmt=fmt, language=language, actor=current_user)
    db.session.commit()
    if fmt == "print":
        return render_print(meeting, items, document, language)
    if fmt == "pdf":
        data, mimetype = render_pdf(meeting, items, document, language), "application/pdf"
    else:
        data, mimetype = render_docx(meeting, items, document, language), DOCX_TYPE
    name = file_name(meeting, document, language, fmt)
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.get("/<code>/meetings/<int:meeting_id>/<document>/print")
def export_print(code: str, meeting_id: int, document: str):
    return _export(code, meeting_id, document, "print")


@bp.get("/<code>/meetings/<int:meeting_id>/<document>.<fmt>")
def export_file(code: str, meeting_id: int, document: str, fmt: str):
    return _export(code, meeting_id, document, fmt)

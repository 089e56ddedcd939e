"""The annual report, for the committee's secretaries and members."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.audit.service import audit_record
from portal.authz import ensure
from portal.committee.exports import document_languages, export_language
from portal.committee.permissions import can_manage, can_read
from portal.committee.queries import committee_or_404
from portal.core.charts import bar_chart
from portal.core.documents import kept_pdf_from_html
from portal.errors import refused
from portal.extensions import db
from portal.i18n import LANGUAGE_NAMES, current_language, local_year
from portal.reports import bp
from portal.reports.board import board_docx, board_pdf, file_name
from portal.reports.forms import BoardReportForm
from portal.reports.queries import (
    annual_report,
    board_meeting,
    board_report_of,
    focus_area_votes,
    survey_rounds,
)
from portal.reports.service import ReportError, board_report_place, board_report_save

FIRST_YEAR, LAST_YEAR = 2000, 2100


@bp.before_request
@login_required
def _signed_in_only():
    pass


def _committee(code: str):
    committee = committee_or_404(code)
    ensure(can_read(current_user, committee))
    return committee


def _managed_committee(code: str):
    """A committee whose report to the board the person writes: its secretaries only."""
    committee = committee_or_404(code)
    ensure(can_manage(current_user, committee))
    return committee


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return year


def _board(committee, year: int) -> dict:
    """The report to the board on the annual page: its sections, and for the secretary where
    one step places it on the agenda."""
    manage = can_manage(current_user, committee)
    meeting, why = board_meeting(committee, year) if manage else (None, None)
    return {
        "board": board_report_of(committee, year),
        "board_manage": manage,
        "board_meeting": meeting,
        "board_meeting_why": why,
        "board_languages": [(code, LANGUAGE_NAMES[code]) for code in document_languages(committee)],
    }


def _context(committee, year: int) -> dict:
    _year(year)
    report = annual_report(committee, year)
    charts = [
        ("campus", _("Issues raised per campus"), report.by_campus),
        ("category", _("Issues raised per category"), report.by_category),
        ("outcome", _("Issues by outcome"), report.by_outcome),
        ("kind", _("Agenda items by kind"), report.items_by_kind),
    ]
    return {
        "committee": committee,
        "year": year,
        "report_year": year,
        "report": report,
        "focus_votes": focus_area_votes(committee, year),
        "survey_rounds": survey_rounds(committee, year),
        "charts": {
            key: (title, rows, bar_chart([(label, value, format_decimal(value)) for label, value in rows]))
            for key, title, rows in charts
        },
        "this_year": local_year(),
    }


@bp.get("/<code>/")
def current(code: str):
    committee = _committee(code)
    return redirect(url_for("reports.annual", code=committee.code, year=local_year()))


@bp.get("/<code>/<int:year>")
def annual(code: str, year: int):
    committee = _committee(code)
    return render_template("reports/annual.html", **_context(committee, year), **_board(committee, year))


# The annual report to the board


def _render_board_form(committee, year: int, form: BoardReportForm, status: int = 200, stale: bool = False):
    return render_template(
        "reports/board_form.html",
        committee=committee,
        year=year,
        form=form,
        board=board_report_of(committee, year),
        stale=stale,
    ), status


@bp.route("/<code>/<int:year>/board", methods=["GET", "POST"])
def board_edit(code: str, year: int):
    """The sections the secretary writes: the committee's assessment, its recommendations."""
    committee = _managed_committee(code)
    _year(year)
    form = BoardReportForm()
    if request.method == "GET":
        saved = board_report_of(committee, year)
        form.assessment.data = saved.assessment if saved else ""
        form.recommendations.data = saved.recommendations if saved else ""
        form.version.data = str(saved.version if saved else 0)
        return _render_board_form(committee, year, form)
    if not form.validate_on_submit():
        return _render_board_form(committee, year, form, 400)
    try:
        board_report_save(
            committee=committee,
            year=year,
            assessment=form.assessment.data,
            recommendations=form.recommendations.data,
            actor=current_user,
            expected_version=form.expected_version,
        )
    except ReportError as error:
        status = refused(error, form)
        committee = _managed_committee(code)
        saved = board_report_of(committee, year)
        form.version.data = str(saved.version if saved else 0)
        return _render_board_form(committee, year, form, status, stale=error.code == "stale")
    db.session.commit()
    flash(_("The report to the board is saved."), "success")
    return redirect(url_for("reports.annual", code=committee.code, year=year, _anchor="board-heading"))


@bp.get("/<code>/<int:year>/board.<fmt>")
def board_file(code: str, year: int, fmt: str):
    """The report to the board as DOCX (editable) or PDF (tagged), in the committee's language
    or an English copy of the labels."""
    committee = _managed_committee(code)
    _year(year)
    if fmt not in ("docx", "pdf"):
        abort(404)
    language = export_language(request.args.get("lang"), committee)
    audit_record(
        actor=current_user,
        action="board-report.export",
        target_type="committee",
        target_id=committee.id,
        after={"year": year, "format": fmt, "language": language},
    )
    data = board_docx(committee, year, language) if fmt == "docx" else board_pdf(committee, year, language)
    db.session.commit()
    mimetype = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/pdf"
    )
    return Response(
        data,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(committee, year, language, fmt)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/<code>/<int:year>/board/agenda")
def board_agenda(code: str, year: int):
    """One step: the report to the board becomes an item on the committee's next meeting."""
    committee = _managed_committee(code)
    _year(year)
    back = url_for("reports.annual", code=committee.code, year=year, _anchor="board-heading")
    try:
        item = board_report_place(committee=committee, year=year, actor=current_user)
    except ReportError as error:
        refused(error)
        return redirect(back)
    db.session.commit()
    flash(
        _(
            "The report to the board is on the agenda of the meeting on %(date)s as case %(number)s.",
            date=format_date(item.meeting.starts_at, "long"),
            number=item.case_number,
        ),
        "success",
    )
    return redirect(url_for("committee.item_page", code=committee.code, item_id=item.id))


@bp.get("/<code>/<int:year>.pdf")
def annual_pdf(code: str, year: int):
    committee = _committee(code)
    context = _context(committee, year)
    html = render_template("reports/annual_pdf.html", **context, language=current_language())
    audit_record(
        actor=current_user,
        action="report.export",
        target_type="committee",
        target_id=committee.id,
        after={"year": year, "format": "pdf", "language": current_language()},
    )
    db.session.commit()
    name = f"{committee.code}-{year}-annual-report-{current_language()}.pdf"
    # Kept by the HTML's digest: the statistics change at most every REPORT_CACHE_SECONDS, so
    # the same file is served until they, the committee's work or the language change.
    return Response(
        kept_pdf_from_html(html, name=f"annual-report:{committee.code}:{year}"),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )

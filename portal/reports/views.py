"""The annual report, for the committee's secretaries and members."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.audit.service import audit_record
from portal.authz import ensure
from portal.committee.permissions import can_read
from portal.committee.queries import committee_or_404
from portal.core.charts import bar_chart
from portal.core.documents import pdf_from_html
from portal.extensions import db
from portal.i18n import current_language, local_year
from portal.reports import bp
from portal.reports.queries import annual_report, focus_area_votes, survey_rounds

FIRST_YEAR, LAST_YEAR = 2000, 2100


@bp.before_request
@login_required
def _signed_in_only():
    pass


def _committee(code: str):
    committee = committee_or_404(code)
    ensure(can_read(current_user, committee))
    return committee


def _context(committee, year: int) -> dict:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
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
    return render_template("reports/annual.html", **_context(committee, year))


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
    return Response(
        pdf_from_html(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )

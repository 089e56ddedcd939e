""" "You said, we did": what each committee decided, per year, for everyone (DESIGN.md §3.3)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from portal.committee import public_bp
from portal.committee.exports import issue_line
from portal.committee.queries import active_committees, committee_or_404, decided_items, decision_years
from portal.committee.service import local_year
from portal.core.http_cache import shared_page
from portal.db import utcnow
from portal.extensions import db

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _this_year() -> int:
    return local_year(utcnow())


def home_links() -> list[tuple[object, int]]:
    """For committee/_home.html: this year's page of every active committee (one query, run
    only where the home page asks for it)."""
    year = _this_year()
    return [(committee, year) for committee in active_committees()]


@public_bp.app_context_processor
def _home_helpers():
    return {"you_said_we_did_links": home_links}


@public_bp.get("/you-said-we-did/")
def you_said_we_did_index():
    committees = active_committees()
    if len(committees) == 1:
        return redirect(
            url_for("public_committee.you_said_we_did", code=committees[0].code, year=_this_year())
        )
    return render_template("committee/public_index.html", committees=committees, year=_this_year())


# A phone reads twenty decisions at a time; a busy year has a couple of hundred.
DECISIONS_PER_PAGE = 20


@public_bp.get("/you-said-we-did/<code>/<int:year>")
@shared_page
def you_said_we_did(code: str, year: int):
    committee = committee_or_404(code)
    if not committee.active or not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    select = decided_items(committee, year)
    page = db.paginate(select, per_page=DECISIONS_PER_PAGE, error_out=False)
    if page.pages and page.page > page.pages:  # an old link past the end: the last page
        page = db.paginate(select, page=page.pages, per_page=DECISIONS_PER_PAGE, error_out=False)
    rows = []
    for item in page.items:
        public, confidential = [], 0
        for link in item.links:
            if link.issue.confidential:
                confidential += 1  # counted, never listed: they are not public (DESIGN.md §3.1)
            else:
                public.append(issue_line(link.issue))
        rows.append((item, public, confidential))
    years = sorted(set(decision_years(committee)) | {year, _this_year()}, reverse=True)
    return render_template(
        "committee/you_said_we_did.html", committee=committee, year=year, rows=rows, years=years, page=page
    )

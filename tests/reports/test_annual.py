"""The annual report: numbers computed without HTTP, a page with SVG charts and tables, a PDF."""

import re
from datetime import timedelta

import pytest

from portal.committee.models import MeetingStatus
from portal.committee.service import item_create, item_decide, local_year
from portal.core.charts import bar_chart
from portal.db import utcnow
from portal.extensions import db
from portal.issues.service import issue_transition
from portal.issues.workflow import Actor
from portal.reports.queries import annual_report, year_bounds
from tests.committee.helpers import escalate, make_meeting, pdf_catalog, pdf_text
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


@pytest.fixture
def year_of_work(org):
    """Six issues this year: two decided by the committee, one resolved, one rejected and then
    closed, one waiting at the campus, one escalated."""
    now = utcnow()
    secretary = org.secretary(locale="en")
    leader = org.leader(org.trd)
    issues = [
        raise_issue(org, org.student(), campus=c)
        for c in (org.trd, org.gjo, org.ale, org.trd, org.trd, org.gjo)
    ]
    for issue in issues:
        issue.created_at = now - timedelta(days=10)
    db.session.commit()
    escalate(org, issues[0])
    escalate(org, issues[1])
    escalate(org, issues[5])
    issue_transition(issue=issues[2], action="accept", actor=Actor.LEADER, actor_user=org.leader(org.ale))
    issue_transition(
        issue=issues[2],
        action="resolve",
        actor=Actor.LEADER,
        actor_user=org.leader(org.ale),
        public_note="Fikset",
    )
    issue_transition(
        issue=issues[3], action="reject", actor=Actor.LEADER, actor_user=leader, public_note="Nei"
    )
    issue_transition(issue=issues[3], action="close", actor=Actor.LEADER, actor_user=leader)
    meeting = make_meeting(org, secretary, days=0, hour=9)
    item = item_create(
        meeting=meeting, kind="decision", title="Felles sak", actor=secretary, issues=issues[:2]
    )
    item_create(meeting=meeting, kind="information", title="Orientering", actor=secretary)
    meeting.status = MeetingStatus.HELD
    item_decide(
        item=item,
        conclusion="recommendation",
        decision="Utvalget tilrår tiltak.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    return secretary, meeting, issues


def _report(app, committee, year):
    """Labels in English, whatever the catalogs say."""
    from portal.i18n import in_language

    with app.test_request_context("/"), in_language("en"):
        return annual_report(committee, year)


def test_the_numbers(app, org, year_of_work):
    _secretary, _meeting, _issues = year_of_work
    report = _report(app, org.lmu, local_year(utcnow()))
    assert report.issues_total == 6
    assert dict(report.by_campus) == {"Trondheim": 3, "Gjøvik": 2, "Ålesund": 1}
    outcome = dict(report.by_outcome)
    assert outcome["Decided by the committee"] == 2
    assert outcome["Resolved by the campus council"] == 1
    assert outcome["Rejected"] == 1  # closed, counted under the outcome it had
    assert outcome["With the committee"] == 1
    assert outcome["Still with the campus council"] == 1
    assert "Closed without a recorded outcome" not in outcome
    assert report.responded == 5
    assert report.with_outcome == 4
    assert 9.9 <= report.median_days_to_response <= 10.1
    assert 9.9 <= report.median_days_to_outcome <= 10.1
    assert dict(report.items_by_kind) == {
        "Decision item (V)": 1,
        "Information item (O)": 1,
        "Discussion item (D)": 0,
    }
    assert report.items_total == 2
    assert dict(report.decisions_by_conclusion) == {"Decision": 0, "Recommendation": 1}
    assert (report.agenda_issues, report.agenda_issues_decided) == (2, 2)
    assert [i.title for i in report.decisions] == ["Felles sak"]
    # Another year is empty.
    empty = _report(app, org.lmu, local_year(utcnow()) - 3)
    assert empty.issues_total == 0
    assert empty.median_days_to_response is None


def test_the_year_is_the_norwegian_year():
    start, end = year_bounds(2026)
    assert (start.isoformat(), end.isoformat()) == ("2025-12-31T23:00:00+00:00", "2026-12-31T23:00:00+00:00")


def test_bar_chart_geometry():
    chart = bar_chart([("A", 10), ("B", 5), ("C", 0)])
    assert [b.width for b in chart.bars] == [340, 170, 2]
    assert chart.height > 0
    assert bar_chart([]).bars == []


def test_page_with_charts_followed_by_their_tables(client, org, year_of_work):
    secretary, _meeting, _issues = year_of_work
    sign_in(client, secretary)
    year = local_year(utcnow())
    html = client.get(f"/reports/LMU/{year}").get_data(as_text=True)
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<title" in svg
        assert "style=" not in svg
    # Each chart is followed by a table with the same numbers.
    for title in (
        "Issues raised per campus",
        "Issues raised per category",
        "Issues by outcome",
        "Agenda items by kind",
    ):
        after = html.split(f">{title}</h3>", 1)[1]
        assert after.index("</svg>") < after.index("<table")
    assert "style=" not in html.split("<main", 1)[1]
    assert "Utvalget tilrår tiltak." in html


def test_pdf_report_is_tagged_and_has_the_numbers(client, org, year_of_work):
    _secretary, _meeting, _issues = year_of_work
    member = org.member(locale="en")
    db.session.commit()
    sign_in(client, member)  # members read everything a secretary can
    year = local_year(utcnow())
    response = client.get(f"/reports/LMU/{year}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    catalog = pdf_catalog(response.data)
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    text = pdf_text(response.data)
    for needle in ("Annual report", "Trondheim", "Felles sak", "Utvalget tilrår tiltak."):
        assert needle in text, needle


def test_years_out_of_range_are_404(client, org):
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    assert client.get("/reports/LMU/1800").status_code == 404
    assert client.get("/reports/LMU/3000.pdf").status_code == 404
    assert client.get("/reports/LMU/").status_code == 302


def test_pdf_key_figures_stand_beside_their_labels_and_charts_print_at_table_size(client, org, year_of_work):
    """Issue #9 item 23: labels wrapped in a narrow column and slid out of line with their numbers;
    chart labels printed at 14.7 pt beside 9.5 pt tables."""
    from tests.reports.pdf_layout import text_runs

    secretary, _meeting, _issues = year_of_work
    sign_in(client, secretary)  # English
    runs = text_runs(client.get(f"/reports/LMU/{local_year(utcnow())}.pdf").data)

    def first(text):
        found = next((run for run in runs if run.text == text), None)
        assert found is not None, f"{text!r} is not printed as one line: {[r.text for r in runs[:12]]}"
        return found

    pairs = [
        ("Issues raised", "6"),
        ("Median days to the first response", "10 (5 issues answered)"),
        ("Median days to an outcome", "10 (4 issues with an outcome)"),
    ]
    for label, value in pairs:
        label_run, value_run = first(label), first(value)
        assert label_run.page == value_run.page
        assert abs(label_run.y - value_run.y) < 1, (
            f"{label!r} at {label_run.y:.1f} pt, {value!r} at {value_run.y:.1f}"
        )
        assert value_run.x > label_run.x
    # The rows keep their order down the page.
    tops = [first(value).y for _label, value in pairs]
    assert tops == sorted(tops)
    table_size = first("Trondheim").size  # a row of the campus table
    chart_sizes = {round(run.size, 1) for run in runs if run.text in ("G", "T", "Å") and run.size > 0}
    assert chart_sizes, (
        chart_sizes,
        table_size,
    )
    assert all(abs(size - table_size) <= 0.5 for size in chart_sizes), (
        chart_sizes,
        table_size,
    )

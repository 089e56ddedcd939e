""" "You said, we did": a public page per committee and year, linked from the home page."""

import sqlalchemy as sa

from portal.committee.models import MeetingStatus
from portal.committee.service import item_create, item_decide
from portal.extensions import db
from tests.committee.helpers import escalated_issue, make_meeting
from tests.factories import make_committee


def _decided(org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    public = escalated_issue(org, campus=org.gjo, category="digital", title="Nettet faller ut")
    confidential = escalated_issue(
        org, category="psychosocial", title="Utrygt miljø", description="Hemmelig tekst"
    )
    decided = item_create(
        meeting=meeting,
        kind="decision",
        title="Trådløst nett",
        actor=secretary,
        issues=[public, confidential],
    )
    undecided = item_create(meeting=meeting, kind="information", title="Ikke avgjort ennå", actor=secretary)
    meeting.status = MeetingStatus.HELD
    item_decide(
        item=decided,
        conclusion="decision",
        decision="IT skal bytte aksesspunktene før jul.",
        actor=secretary,
        expected_version=None,
    )
    # Standing items with decisions are not news for students.
    standing = meeting.items[0]
    item_decide(
        item=standing, conclusion="decision", decision="Godkjent.", actor=secretary, expected_version=None
    )
    db.session.commit()
    return decided, undecided, public, confidential


def test_every_decided_item_with_the_issues_behind_it(client, org):
    decided, _undecided, public, confidential = _decided(org)
    client.get("/language/en")
    response = client.get(f"/you-said-we-did/LMU/{decided.year}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in (
        decided.case_number,
        "Trådløst nett",
        "IT skal bytte aksesspunktene før jul.",
        public.reference,
        "Gjøvik",
        "Digital learning environment",
    ):
        assert text in html, text
    assert f'href="/issues/{public.reference}"' in html
    assert "Ikke avgjort ennå" not in html
    assert "Godkjent." not in html
    # A confidential issue is counted, never listed.
    assert confidential.reference not in html
    assert "Utrygt" not in html
    assert "And 1 confidential issue, which is not listed publicly." in html


def test_years_and_unknown_committees(client, org):
    decided, *_ = _decided(org)
    client.get("/language/en")
    empty = client.get(f"/you-said-we-did/LMU/{decided.year - 1}")
    assert empty.status_code == 200
    assert "The committee has recorded no decisions for" in empty.get_data(as_text=True)
    assert client.get("/you-said-we-did/NOPE/2026").status_code == 404
    assert client.get("/you-said-we-did/LMU/1066").status_code == 404
    assert client.get("/you-said-we-did/LMU/99999999999").status_code == 404
    inactive = make_committee("OLD")
    inactive.active = False
    db.session.commit()
    assert client.get("/you-said-we-did/OLD/2026").status_code == 404
    index = client.get("/you-said-we-did/")
    assert index.status_code == 302
    assert "/you-said-we-did/LMU/" in index.headers["Location"]


def _committee_queries(app, client, path):
    statements = []

    def listen(_conn, _cursor, statement, *args):
        statements.append(statement)

    connection = db._app_engines[app][None]
    sa.event.listen(connection, "before_cursor_execute", listen)
    try:
        html = client.get(path).get_data(as_text=True)
    finally:
        sa.event.remove(connection, "before_cursor_execute", listen)
    return html, [
        s for s in statements if "FROM committee" in s and "committee.active" in s.split("WHERE", 1)[-1]
    ]


def test_the_home_page_links_to_this_years_page_with_one_query(app, client, org):
    from portal.committee.service import local_year
    from portal.db import utcnow

    year = local_year(utcnow())
    client.get("/language/en")
    html, queries = _committee_queries(app, client, "/")
    assert f'href="/you-said-we-did/LMU/{year}"' in html
    assert "You said, we did" in html
    assert len(queries) == 1
    make_committee("UU")
    db.session.commit()
    html, queries = _committee_queries(app, client, "/")
    assert f'href="/you-said-we-did/UU/{year}"' in html
    assert len(queries) == 1
    # Other pages do not pay for it.
    assert _committee_queries(app, client, "/privacy")[1] == []


def test_the_page_reads_in_each_language(client, org):
    decided, *_ = _decided(org)
    for language in ("nb", "nn", "en"):
        client.get(f"/language/{language}")
        html = client.get(f"/you-said-we-did/LMU/{decided.year}").get_data(as_text=True)
        assert f'<html lang="{language}">' in html


def test_public_page_query_count_does_not_grow(client, org, count_queries):
    decided, *_ = _decided(org)
    with count_queries() as one:
        client.get(f"/you-said-we-did/LMU/{decided.year}")
    secretary = org.secretary()
    meeting = make_meeting(org, secretary, days=20, status="held")
    for n in range(4):
        issue = escalated_issue(org, campus=org.ale, title=f"Sak {n}")
        item = item_create(
            meeting=meeting, kind="decision", title=f"Mer {n}", actor=secretary, issues=[issue]
        )
        item_decide(item=item, conclusion="decision", decision="Ja.", actor=secretary, expected_version=None)
    db.session.commit()
    with count_queries() as five:
        html = client.get(f"/you-said-we-did/LMU/{decided.year}").get_data(as_text=True)
    assert html.count("Ja.") == 4
    assert five.count == one.count
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(type(item)).where(type(item).decision.is_not(None))
        )
        == 6
    )


def test_a_busy_year_is_read_twenty_decisions_at_a_time(client, org):
    from portal.committee.views.public import DECISIONS_PER_PAGE

    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    items = [
        item_create(meeting=meeting, kind="decision", title=f"Sak nummer {n:02d}", actor=secretary)
        for n in range(DECISIONS_PER_PAGE + 3)
    ]
    meeting.status = MeetingStatus.HELD
    for item in items:
        item_decide(
            item=item, conclusion="decision", decision="Vedtatt.", actor=secretary, expected_version=None
        )
    db.session.commit()
    year = items[0].year
    first = client.get(f"/you-said-we-did/LMU/{year}").get_data(as_text=True)
    assert "Sak nummer 00" in first
    assert f"Sak nummer {DECISIONS_PER_PAGE - 1:02d}" in first
    assert f"Sak nummer {DECISIONS_PER_PAGE:02d}" not in first
    assert f'href="/you-said-we-did/LMU/{year}?page=2"' in first
    second = client.get(f"/you-said-we-did/LMU/{year}?page=2")
    assert second.status_code == 200
    html = second.get_data(as_text=True)
    assert [f"Sak nummer {n:02d}" in html for n in range(DECISIONS_PER_PAGE + 3)] == [
        False
    ] * DECISIONS_PER_PAGE + [True] * 3
    # An old link past the end shows the last page, not "no decisions yet".
    past = client.get(f"/you-said-we-did/LMU/{year}?page=99")
    assert past.status_code == 200
    assert f"Sak nummer {DECISIONS_PER_PAGE + 2:02d}" in past.get_data(as_text=True)

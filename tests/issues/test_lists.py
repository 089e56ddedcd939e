"""Campus lists and "my issues": filters, sorting, search, pages, and a fixed number of queries."""

import sqlalchemy as sa

from portal.extensions import db
from portal.issues.service import issue_transition, support_add
from portal.issues.workflow import Actor
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def refs_in(html: str, issues) -> list[str]:
    return sorted((i.reference for i in issues if i.reference in html), key=html.index)


def test_filter_by_category_and_status_and_search(client, org):
    student = org.student()
    physical = raise_issue(org, student, title="Trekk fra vinduene", description="Det trekker i auditoriet.")
    digital = raise_issue(
        org, student, category="digital", title="Canvas er tregt", description="Innlevering tar evigheter."
    )
    rejected = raise_issue(org, student, title="Parkering", description="For få sykkelparkeringer.")
    issue_transition(
        issue=rejected,
        action="reject",
        actor_user=org.leader(org.trd),
        actor=Actor.LEADER,
        public_note="Kommunens ansvar",
    )
    elsewhere = raise_issue(org, student, campus=org.gjo, title="Trekk", description="Trekk i lesesalen.")
    db.session.commit()
    html = client.get("/campus/TRD/issues").get_data(as_text=True)
    assert physical.reference in html
    assert digital.reference in html
    assert rejected.reference not in html
    assert elsewhere.reference not in html
    html = client.get(f"/campus/TRD/issues?category={org.categories['digital'].id}").get_data(as_text=True)
    assert digital.reference in html
    assert physical.reference not in html
    html = client.get("/campus/TRD/issues?status=rejected").get_data(as_text=True)
    assert rejected.reference in html
    assert physical.reference not in html
    html = client.get("/campus/TRD/issues?q=canvas").get_data(as_text=True)
    assert digital.reference in html
    assert physical.reference not in html
    html = client.get("/campus/TRD/issues?q=vinduene+auditoriet").get_data(as_text=True)
    assert physical.reference in html
    assert digital.reference not in html


def test_sort_by_newest_and_by_support(client, org):
    student = org.student()
    first = raise_issue(org, student, title="Første sak", description="a")
    second = raise_issue(org, student, title="Andre sak", description="b")
    for _ in range(2):
        support_add(issue=first, user=org.student())
    db.session.commit()
    assert refs_in(client.get("/campus/TRD/issues").get_data(as_text=True), [first, second]) == [
        second.reference,
        first.reference,
    ]
    assert refs_in(
        client.get("/campus/TRD/issues?sort=supported").get_data(as_text=True), [first, second]
    ) == [first.reference, second.reference]


def test_odd_filter_values_never_break_the_list(client, org):
    raise_issue(org, org.student())
    for query in (
        "?category=abc",
        "?status=nonsense",
        "?sort=drop+table",
        "?page=-3",
        "?page=99999",
        "?q=" + "ø" * 500,
        "?q=%22%28*%29OR",
        "?q=NEAR(a+b)",
        "?q=a:b+-c",
    ):
        response = client.get("/campus/TRD/issues" + query)
        assert response.status_code == 200, query
    assert client.get("/campus/XYZ/issues").status_code == 404


def test_pagination(client, org):
    student = org.student()
    issues = [
        raise_issue(org, student, title=f"Sak {n}", description="tekst", commit=False) for n in range(25)
    ]
    db.session.commit()
    page1 = client.get("/campus/TRD/issues").get_data(as_text=True)
    page2 = client.get("/campus/TRD/issues?page=2").get_data(as_text=True)
    assert issues[-1].reference in page1
    assert issues[0].reference not in page1
    assert issues[0].reference in page2
    assert 'rel="next"' in page1


def test_list_page_queries_do_not_grow_with_rows(client, org, count_queries):
    student = org.student()
    sign_in(client, student)
    for n in range(3):
        raise_issue(org, student, title=f"Sak {n}", description="tekst", commit=False)
    db.session.commit()
    with count_queries() as few:
        assert client.get("/campus/TRD/issues").status_code == 200
    for n in range(17):
        issue = raise_issue(org, student, title=f"Flere {n}", description="tekst", commit=False)
        support_add(issue=issue, user=org.student())
    db.session.commit()
    with count_queries() as many:
        assert client.get("/campus/TRD/issues").status_code == 200
    assert many.count == few.count, (few.count, many.count)


def test_my_issues_shows_raised_and_supported_with_timeline(client, org, count_queries):
    me = org.student()
    mine = raise_issue(org, me, title="Min sak", description="x")
    issue_transition(issue=mine, action="accept", actor_user=org.leader(org.trd), actor=Actor.LEADER)
    other = raise_issue(org, org.student(), title="Andres sak", description="y")
    support_add(issue=other, user=me)
    issue_transition(
        issue=other,
        action="accept",
        actor_user=org.leader(org.trd),
        actor=Actor.LEADER,
        public_note="Vi ser på det",
    )
    db.session.commit()
    sign_in(client, me)
    html = client.get("/my-issues").get_data(as_text=True)
    assert mine.reference in html
    assert other.reference in html
    assert "Vi ser på det" in html
    with count_queries() as few:
        client.get("/my-issues")
    for n in range(6):
        issue = raise_issue(org, me, title=f"Mer {n}", description="z", commit=False)
        issue_transition(issue=issue, action="accept", actor_user=org.leader(org.trd), actor=Actor.LEADER)
    db.session.commit()
    with count_queries() as many:
        client.get("/my-issues")
    assert many.count == few.count


def test_hidden_text_shows_the_reason_instead(client, org):
    issue = raise_issue(org, org.student(), title="Stygg tittel", description="Stygg tekst")
    issue.hidden, issue.hidden_reason = True, "Navngir en person."
    db.session.commit()
    html = client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert "Navngir en person." in html
    assert "Stygg tekst" not in html
    assert "Stygg tittel" not in html
    leader = org.leader(org.trd)
    db.session.commit()
    sign_in(client, leader)
    assert "Stygg tekst" in client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(type(issue))) == 1


def test_search_never_finds_hidden_text_and_my_issues_hide_it_too(client, org):
    supporter = org.student()
    hidden = raise_issue(org, org.student(), title="Olsenius er slem", description="Navngir Olsenius")
    support_add(issue=hidden, user=supporter)
    hidden.hidden, hidden.hidden_reason = True, "Navngir en person."
    control = raise_issue(org, org.student(), title="Olsenius-bygget er kaldt", description="Kaldt")
    db.session.commit()
    html = client.get("/campus/TRD/issues?q=Olsenius").get_data(as_text=True)
    assert hidden.reference not in html
    assert control.reference in html
    sign_in(client, supporter)
    mine = client.get("/my-issues").get_data(as_text=True)
    assert hidden.reference in mine
    assert "Olsenius er slem" not in mine


def test_my_issues_come_in_pages_of_twenty_each(client, org):
    me = org.student()
    raised = [raise_issue(org, me, title=f"Sak {n:02d}", description="x", commit=False) for n in range(23)]
    db.session.commit()
    sign_in(client, me)
    first = client.get("/my-issues").get_data(as_text=True)
    second = client.get("/my-issues?raised=2").get_data(as_text=True)
    newest_first = [i.reference for i in reversed(raised)]
    assert [ref for ref in newest_first if ref in first] == newest_first[:20]
    assert [ref for ref in newest_first if ref in second] == newest_first[20:]
    assert "/my-issues?raised=2" in first
    assert client.get("/my-issues?raised=x").status_code == 200

"""Small things a user notices (issue #9 item 26): the next issue after acting, merging by
search, reports with a reason, and an error summary that says each thing once."""

import json
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Flag
from portal.issues.workflow import Status
from tests.factories import make_issue, sign_in
from tests.issues.helpers import raise_issue
from tests.triage.test_triage import act


@pytest.fixture
def leader(org):
    leader = org.leader(org.trd, name="Lea Leder")
    db.session.commit()
    return leader


def _aged(issue, days):
    issue.status_changed_at = utcnow() - timedelta(days=days)
    return issue


# The next issue


def test_after_acting_the_leader_is_offered_the_next_issue_in_the_inbox(client, org, leader):
    first = _aged(raise_issue(org, org.student(), title="Eldst", description="a"), 30)
    second = _aged(raise_issue(org, org.student(), title="Nest eldst", description="b"), 20)
    waiting_for_student = _aged(raise_issue(org, org.student(), title="Venter på svar", description="c"), 25)
    waiting_for_student.status = Status.NEEDS_INFO
    _aged(raise_issue(org, org.student(), campus=org.gjo, title="Annen campus", description="d"), 40)
    db.session.commit()
    sign_in(client, leader)
    response = act(client, first, "accept")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ferdig: " in page
    # The one that has waited longest for the council, not the one waiting for the student.
    link = re.search(r'<a class="button secondary small next-issue" href="([^"]+)">Neste innspill', page)
    assert link
    assert link[1] == f"/triage/issues/{second.reference}"
    # On the next one, the next is the one just accepted (now at the end of the queue).
    page = client.get(link[1]).get_data(as_text=True)
    assert f'href="/triage/issues/{first.reference}">Neste innspill' in page


def test_no_next_issue_when_nothing_else_waits(client, org, leader):
    only = raise_issue(org, org.student(), title="Alene", description="a")
    db.session.commit()
    sign_in(client, leader)
    assert "Neste innspill" not in client.get(f"/triage/issues/{only.reference}").get_data(as_text=True)


# Merging by search


def _merge_options(html: str) -> list[str]:
    select = re.search(r'<select id="merge-target" name="merge-target"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.findall(r'<option value="([^"]*)"', select)


def test_merging_offers_open_issues_of_the_campus_and_those_with_the_committee(client, org, leader):
    issue = raise_issue(org, org.student(), title="Kaldt på lesesalen", description="Det er kaldt")
    same_campus = raise_issue(org, org.student(), title="Trekk fra vinduene", description="Det trekker")
    other_open = raise_issue(org, org.student(), campus=org.gjo, title="Gjøvik åpen", description="x")
    other_escalated = make_issue(org, campus=org.gjo, title="Hos LMU", status="escalated")
    confidential = raise_issue(org, org.student(), category="psychosocial", title="Utrygt", description="y")
    rejected = raise_issue(org, org.student(), title="Avvist", description="z")
    rejected.status = Status.REJECTED
    db.session.commit()
    sign_in(client, leader)
    html = client.get(f"/triage/issues/{issue.reference}").get_data(as_text=True)
    options = _merge_options(html)
    assert options[0] == ""
    assert same_campus.reference in options
    assert other_escalated.reference in options
    for absent in (issue, other_open, confidential, rejected):
        assert absent.reference not in options, absent.title
    assert '<optgroup label="Denne campusen">' in html
    assert '<optgroup label="Andre campuser, hos utvalget">' in html

    # A search narrows the list, by words or by reference; the merge panel opens.
    narrowed = client.get(f"/triage/issues/{issue.reference}?merge_q=trekk").get_data(as_text=True)
    assert _merge_options(narrowed) == ["", same_campus.reference]
    assert '<details class="action card" id="action-merge" open>' in narrowed
    by_reference = client.get(
        f"/triage/issues/{issue.reference}", query_string={"merge_q": other_escalated.reference}
    ).get_data(as_text=True)
    assert _merge_options(by_reference) == ["", other_escalated.reference]

    # Choosing one merges.
    assert act(client, issue, "merge", target=same_campus.reference).status_code == 302
    db.session.refresh(issue)
    assert issue.status == Status.MERGED
    assert issue.merged_into_id == same_campus.id


@pytest.mark.parametrize("text", ["x\x00y", "é" * 500, "' OR 1=1 --", "🙂", '"*', "AND OR NOT", "-"])
def test_a_strange_merge_search_is_never_a_server_error(client, org, leader, text):
    issue = raise_issue(org, org.student(), title="Kilde", description="a")
    db.session.commit()
    sign_in(client, leader)
    response = client.get(f"/triage/issues/{issue.reference}", query_string={"merge_q": text})
    assert response.status_code == 200


def test_a_crafted_merge_target_is_refused_next_to_the_field(client, org, leader):
    issue = raise_issue(org, org.student(), title="Kilde", description="a")
    confidential = raise_issue(org, org.student(), category="psychosocial", title="Utrygt", description="y")
    db.session.commit()
    sign_in(client, leader)
    response = act(client, issue, "merge", target=confidential.reference)
    assert response.status_code == 400
    assert 'id="merge-target-error">Taushetsbelagte innspill kan ikke slås sammen. </p>' in response.get_data(
        as_text=True
    )
    db.session.refresh(issue)
    assert issue.status == Status.SUBMITTED


# Reports with a reason


def test_a_report_may_say_why_and_the_council_reads_it_without_the_name(client, org, leader):
    issue = raise_issue(org, org.student(), title="Navn i teksten", description="Per Hansen er dum")
    reporter = org.student(name="Rita Rapport")
    db.session.commit()
    sign_in(client, reporter)
    response = client.post(
        f"/issues/{issue.reference}/flag", data={"flag-reason": "  Teksten nevner en person.  "}
    )
    assert response.status_code == 302
    flag = db.session.scalar(sa.select(Flag).where(Flag.issue_id == issue.id))
    assert flag.reason == "Teksten nevner en person."
    # Only invisible characters: no reason.
    other = org.student()
    db.session.commit()
    sign_in(client, other)
    client.post(f"/issues/{issue.reference}/flag", data={"flag-reason": "\u200b\u2060"})
    assert db.session.scalar(sa.select(Flag.reason).where(Flag.user_id == other.id)) is None

    sign_in(client, leader)
    html = client.get("/triage/TRD/moderation").get_data(as_text=True)
    assert "Dette skrev studentene som meldte det" in html
    assert "<li>Teksten nevner en person.</li>" in html
    assert "Rita Rapport" not in html


def test_a_too_long_reason_is_refused_and_kept(client, org):
    issue = raise_issue(org, org.student(), title="Noe", description="a")
    db.session.commit()
    sign_in(client, org.student())
    db.session.commit()
    reason = "Dette er for langt. " * 40
    response = client.post(f"/issues/{issue.reference}/flag", data={"flag-reason": reason})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bruk høyst 500 tegn." in html
    assert '<details class="flag-form" id="report" open>' in html
    assert reason.strip() in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Flag)) == 0


def test_the_reason_is_in_the_reporters_data_export(client, org):
    issue = raise_issue(org, org.student(), title="Noe", description="a")
    reporter = org.student()
    db.session.commit()
    sign_in(client, reporter)
    client.post(f"/issues/{issue.reference}/flag", data={"flag-reason": "Krenkende ordbruk"})
    export = json.loads(client.get("/account/export").get_data(as_text=True))
    reports = export["issues"]["reported_as_inappropriate"]
    assert [(r["reference"], r["reason"]) for r in reports] == [(issue.reference, "Krenkende ordbruk")]


# The error summary


def test_the_error_summary_says_each_problem_once_linked_to_its_field(client, org):
    sign_in(client, org.student())
    db.session.commit()
    response = client.post("/issues/new", data={"submission_token": "x", "action": "submit"})
    html = response.get_data(as_text=True)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary)
    texts = [text for _href, text in items]
    assert "Beskriv innspillet." in texts
    assert "Gi innspillet en kort tittel." in texts
    assert not any(text.count(":") and text.split(":")[0] in text.split(":", 1)[1] for text in texts), texts
    assert "Beskriv innspillet: Beskriv innspillet." not in summary
    # Every link leads to an element on the page; the category choice to its first radio button.
    for href, _text in items:
        assert f'id="{href}"' in html, href
    assert ("category-0", "Hva handler det om? Velg hva innspillet handler om.") in items

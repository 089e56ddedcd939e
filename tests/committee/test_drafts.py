"""Machine drafts between bokmål and nynorsk with Apertium, on this server (issue 13, item 5):
offered to the secretary for texts in the other Norwegian language, marked as a draft to
check; the same for students reading an issue in the other language. Without Apertium the
button and the link are simply not there, and nothing breaks."""

import shutil

import pytest
import sqlalchemy as sa

from portal.committee.models import AgendaItem
from portal.core import apertium
from portal.extensions import db
from tests.committee.helpers import escalated_issue, make_meeting
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None, reason="Debian's apertium-nno-nob is not installed"
)
DRAFT_BUTTON = 'name="action" value="draft"'


@pytest.fixture
def no_apertium(monkeypatch):
    monkeypatch.setattr(apertium, "apertium_available", lambda source="nn", target="nb": False)
    monkeypatch.setattr(apertium, "machine_translate", lambda text, source, target: None)


@needs_apertium
def test_apertium_drafts_e_infinitive_nynorsk_and_back():
    assert apertium.machine_translate("Vi må gjøre noe med eksamensplanen.", "nb", "nn") == (
        "Vi må gjere noko med eksamensplanen."
    )
    assert apertium.machine_translate("Kva skal vi gjere?", "nn", "nb") == "Hva skal vi gjøre?"
    assert apertium.machine_translate("Hello", "en", "nb") is None
    assert apertium.machine_translate("", "nb", "nn") is None


@needs_apertium
def test_an_item_title_from_nynorsk_issues_is_a_machine_draft_in_the_meetings_language(client, org):
    secretary = org.secretary(locale="en")
    make_meeting(org, secretary)
    nynorsk = escalated_issue(org, title="Eksamensplanen kjem for seint", language="nn")
    english = escalated_issue(org, campus=org.ale, title="Exam timetable published too late", language="en")
    sign_in(client, secretary)
    page = client.get(f"/committee/LMU/items/new?issue={nynorsk.id}&issue={english.id}").get_data(
        as_text=True
    )
    assert 'value="Eksamensplanen kommer for sent"' in page
    assert "Machine draft: check it before you save." in page
    # Only English issues: no title is suggested in another language, the secretary writes it.
    page = client.get(f"/committee/LMU/items/new?issue={english.id}").get_data(as_text=True)
    assert (
        'id="title" maxlength="200" name="title" required type="text" value=""' in page
        or 'value="Exam' not in page
    )
    assert "Machine draft: check it" not in page


@needs_apertium
def test_the_secretary_asks_for_a_draft_and_nothing_typed_is_lost(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    page = client.get("/committee/LMU/items/new").get_data(as_text=True)
    assert DRAFT_BUTTON in page
    assert "Machine draft in Bokmål from Nynorsk" in page
    data = {
        "meeting": meeting.id,
        "kind": "decision",
        "title": "Kva studentane meiner",
        "case_officer": "Eva",
        "background": "Studentane ønskjer ikkje å vente.",
        "proposed_decision": "",
        "action": "draft",
    }
    response = client.post("/committee/LMU/items/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Apertium's own words: a draft for a person to check ("Hvilke" should be "Hva").
    assert 'value="Hvilke studentene mener"' in html
    assert "Studentene ønsker ikke å vente." in html
    assert 'value="Eva"' in html
    assert "Machine draft: check it before you save." in html
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AgendaItem).where(AgendaItem.standing.is_(None))
        )
        == 0
    )
    # A nynorsk committee gets drafts from bokmål.
    org.lmu.language = "nn"
    db.session.commit()
    response = client.post("/committee/LMU/items/new", data={**data, "title": "Hva studentene mener"})
    assert 'value="Kva studentane meiner"' in response.get_data(as_text=True)


def test_without_apertium_there_is_no_button_and_a_crafted_draft_changes_nothing(client, org, no_apertium):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    issue = escalated_issue(org, title="Eksamensplanen kjem for seint", language="nn")
    sign_in(client, secretary)
    page = client.get(f"/committee/LMU/items/new?issue={issue.id}").get_data(as_text=True)
    assert DRAFT_BUTTON not in page
    assert "Machine draft" not in page
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "decision", "title": "Kva studentane meiner", "action": "draft"},
    )
    assert response.status_code == 200
    assert 'value="Kva studentane meiner"' in response.get_data(as_text=True)


@needs_apertium
def test_a_student_reads_an_issue_in_the_other_norwegian_language_with_a_machine_translation(client, org):
    author = org.student(locale="nb")
    issue = raise_issue(
        org, author, title="Eksamensplanen kommer for sent", description="Vi får den to uker før."
    )
    reader = org.student(locale="nn")
    sign_in(client, reader)
    page = client.get(f"/issues/{issue.reference}").get_data(as_text=True)
    assert f'href="/issues/{issue.reference}?translate=nn#translation"' in page
    assert "Vis ei maskinomsetjing til Nynorsk" in page
    page = client.get(f"/issues/{issue.reference}?translate=nn").get_data(as_text=True)
    assert '<p lang="nn"><strong>Eksamensplanen kjem for seint</strong></p>' in page
    assert "Vi får den to veker før." in page
    assert "Omsett av ein maskin" in page
    # Readers in the issue's own language, or in English, are offered nothing; a crafted target does nothing.
    for locale in ("nb", "en"):
        sign_in(client, org.student(locale=locale))
        html = client.get(f"/issues/{issue.reference}?translate=nn").get_data(as_text=True)
        assert "?translate=" not in html
        assert 'lang="nn"><strong>' not in html


def test_without_apertium_students_see_the_issue_as_written(client, org, no_apertium):
    issue = raise_issue(org, org.student(), title="Eksamensplanen kommer for sent")
    sign_in(client, org.student(locale="nn"))
    response = client.get(f"/issues/{issue.reference}?translate=nn")
    assert response.status_code == 200
    assert "?translate=" not in response.get_data(as_text=True)


def test_apertium_failing_is_never_a_500(client, org, monkeypatch):
    def broken(text, source, target):
        raise OSError("apertium crashed")

    monkeypatch.setattr(apertium, "apertium_available", lambda: True)
    monkeypatch.setattr(apertium, "machine_translate", broken)
    issue = raise_issue(org, org.student(), title="Eksamensplanen kommer for sent")
    sign_in(client, org.student(locale="nn"))
    response = client.get(f"/issues/{issue.reference}?translate=nn")
    assert response.status_code == 200
    assert "Ei maskinomsetjing kan ikkje lagast akkurat no." in response.get_data(as_text=True)
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/items/new",
        data={"meeting": meeting.id, "kind": "decision", "title": "Kva studentane meiner", "action": "draft"},
    )
    assert response.status_code == 200
    assert 'value="Kva studentane meiner"' in response.get_data(as_text=True)

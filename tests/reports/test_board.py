"""The annual report to the board (issue 12, part 4): the sections the secretary writes (stored in
the committee's language, audited), an editable A4 DOCX and a tagged PDF with the statistics,
focus areas, decisions and their follow-up, measures by status, survey rounds with response rates,
referrals and the written sections; one step places it on the committee's first meeting still to
come in the year, or the next one. Only the committee's secretaries reach any of it."""

from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.committee.models import AgendaItem, MeetingStatus
from portal.committee.service import item_create, item_decide, meeting_create
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO, today_in_oslo
from portal.measures.models import MeasureStatus
from portal.measures.service import measure_create, measure_set_status
from portal.reports.models import BoardReport
from portal.reports.service import ReportError, board_report_place, board_report_save
from portal.voting.models import Phase
from tests.committee.helpers import (
    docx_document,
    docx_text,
    escalate,
    flat,
    make_meeting,
    pdf_catalog,
    pdf_text,
)
from tests.factories import make_committee, make_user, sign_in
from tests.issues.helpers import raise_issue
from tests.measures.helpers import make_measure
from tests.surveys.helpers import make_round as make_survey_round
from tests.voting.helpers import cast, make_proposal
from tests.voting.helpers import make_round as make_voting_round

YEAR = 2026
ASSESSMENT = "Studentene har brukt portalen mer enn før.\n\nSaker om eksamensplanen kom fra alle campusene."
RECOMMENDATIONS = "Styret bør fastsette en felles frist for eksamensplanen."


@pytest.fixture
def year_of_work(org):
    """A decided case with a follow-up measure, measures in two plans, a published focus-area
    vote with an adopted area, a published survey round, and the written sections."""
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary, days=-5)
    issue = escalate(org, raise_issue(org, org.student(), campus=org.ale, title="Mørkt på gangveien"))
    item = item_create(meeting=meeting, kind="decision", title="Belysning", actor=secretary, issues=[issue])
    meeting.status = MeetingStatus.HELD
    item_decide(
        item=item,
        conclusion="decision",
        decision="Utvalget ber om lys.",
        actor=secretary,
        expected_version=None,
    )
    measure_create(
        actor=secretary,
        committee=org.lmu,
        agenda_item=item,
        title="Lys langs gangveien",
        purpose="Mørkt.",
        criterion="Opplyst.",
        responsible_text="Drift",
        due_on=today_in_oslo() + timedelta(days=30),
    )
    done = make_measure(org, committee=org.lmu, actor=secretary, title="Kartlegging", commit=False)
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=secretary)
    make_measure(org, campus=org.trd, commit=False, title="Stikkontakter")
    voting = make_voting_round(org, Phase.VOTING, year=YEAR + 1)
    adopted = make_proposal(voting, title="Stille lesesaler")
    cast(voting, org.student(), [adopted])
    now = utcnow()
    voting.proposals_open_at = voting.curation_at = voting.voting_open_at = now - timedelta(days=20)
    voting.voting_close_at = now - timedelta(days=10)
    voting.results_at = now - timedelta(days=5)
    adopted.adopted = True
    make_survey_round(org, "published")
    board_report_save(
        committee=org.lmu, year=YEAR, assessment=ASSESSMENT, recommendations=RECOMMENDATIONS, actor=secretary
    )
    db.session.commit()
    return {"secretary": secretary, "item": item}


# The sections the secretary writes


def test_the_secretary_writes_the_sections_in_the_committees_language(client, org):
    org.lmu.language = "nn"
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    annual = client.get(f"/reports/LMU/{YEAR}")
    assert f"/reports/LMU/{YEAR}/board" in annual.text
    form = client.get(f"/reports/LMU/{YEAR}/board")
    assert form.status_code == 200
    assert "Write in nynorsk" in form.text
    assert 'name="version" type="hidden" value="0"' in form.text
    response = client.post(
        f"/reports/LMU/{YEAR}/board",
        data={"assessment": "Vurderinga vår.\x00", "recommendations": "Tilrådinga vår.", "version": "0"},
    )
    assert response.status_code == 302
    report = db.session.scalar(sa.select(BoardReport))
    assert (report.year, report.language, report.assessment, report.recommendations, report.version) == (
        YEAR,
        "nn",
        "Vurderinga vår.",
        "Tilrådinga vår.",
        1,
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "board-report.save"))
    assert event.after["assessment"] == "Vurderinga vår."
    # A second save moves the version on; a form loaded before it is refused, its text kept.
    data = {"assessment": "Ny vurdering.", "recommendations": "", "version": "1"}
    assert client.post(f"/reports/LMU/{YEAR}/board", data=data).status_code == 302
    stale = client.post(f"/reports/LMU/{YEAR}/board", data={**data, "assessment": "Gammal tekst."})
    assert stale.status_code == 409
    assert "Gammal tekst." in stale.text
    assert "What is saved now" in stale.text
    db.session.refresh(report)
    assert (report.assessment, report.version) == ("Ny vurdering.", 2)


def test_bad_input_is_refused_next_to_the_field_and_kept(client, org):
    sign_in(client, org.secretary(locale="en"))
    too_long = "æ" * 20001
    response = client.post(
        f"/reports/LMU/{YEAR}/board",
        data={"assessment": too_long, "recommendations": "Kort.", "version": "0"},
    )
    assert response.status_code == 400
    error = response.text.split('id="assessment-error"', 1)[1].split("</p>", 1)[0]
    assert "Use at most 20000 characters." in error
    assert "Kort." in response.text
    assert db.session.scalar(sa.select(BoardReport)) is None
    odd = client.post(
        f"/reports/LMU/{YEAR}/board",
        data={"assessment": "x", "recommendations": "y", "version": "not a number"},
    )
    assert odd.status_code == 302  # no version read as "no expectation" only before a first save
    with pytest.raises(ReportError) as refused:
        board_report_save(
            committee=org.lmu, year=YEAR, assessment="a", recommendations="b", actor=None, expected_version=0
        )
    assert refused.value.code == "stale"


def test_only_the_committees_secretaries_reach_the_report_to_the_board(client, org):
    other = make_committee("UU")
    people = [
        org.student(),
        org.member(),
        org.leader(org.trd),
        org.admin(),
        make_user(roles=[(Role.SECRETARY, other)], student=False),
    ]
    make_meeting(org, org.secretary(), days=10)
    for person in people:
        sign_in(client, person)
        for path in (
            f"/reports/LMU/{YEAR}/board",
            f"/reports/LMU/{YEAR}/board.docx",
            f"/reports/LMU/{YEAR}/board.pdf",
        ):
            assert client.get(path).status_code == 403, (person, path)
        crafted = client.post(
            f"/reports/LMU/{YEAR}/board",
            data={"assessment": "Inntrenger", "recommendations": "", "version": "0"},
        )
        assert crafted.status_code == 403
        assert client.post(f"/reports/LMU/{YEAR}/board/agenda").status_code == 403
    assert db.session.scalar(sa.select(BoardReport)) is None
    assert db.session.scalar(sa.select(AgendaItem).where(AgendaItem.standing.is_(None))) is None
    # A member reads the annual report, without the secretary's panel.
    sign_in(client, people[1])
    page = client.get(f"/reports/LMU/{YEAR}")
    assert page.status_code == 200
    assert "/board" not in page.text


# The documents


def test_the_docx_is_editable_a4_with_every_section(client, org, year_of_work):
    sign_in(client, year_of_work["secretary"])
    response = client.get(f"/reports/LMU/{YEAR}/board.docx")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="LMU-{YEAR}-arsrapport-til-styret.docx"'
    )
    document = docx_document(response.data)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == "Universitetet – Læringsmiljøutvalget"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    assert document.core_properties.language == "nb-NO"
    text = docx_text(response.data)
    for expected in (
        f"Årsrapport {YEAR} til styret – Læringsmiljøutvalget",
        f"Innspill meldt inn i {YEAR}",
        "Fokusområder",
        "Stille lesesaler",
        "Vedtak og oppfølgingen av dem",
        f"Sak {year_of_work['item'].case_number} Belysning",
        "Utvalget ber om lys.",
        "Lys langs gangveien – Planlagt, frist",
        "Tiltak etter status",
        f"Spørreundersøkelser i {YEAR}",
        "Læringsmiljøundersøkelsen",
        f"Oversendelser til ansvarlige enheter i {YEAR}",
        "Utvalgets vurdering",
        "Saker om eksamensplanen kom fra alle campusene.",
        "Anbefalinger til styret",
        RECOMMENDATIONS,
    ):
        assert expected in text, expected
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Utvalgets vurdering") < headings.index("Anbefalinger til styret")
    # Measures by status: the committee's plan first, then the campuses'.
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiltaksplan")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Tiltaksplan", "Planlagt", "I gang", "Gjennomført", "Avbrutt", "Over fristen", "I alt"]
    assert rows[1] == ["Læringsmiljøutvalget", "1", "0", "1", "0", "0", "2"]
    assert rows[2] == ["Trondheim", "1", "0", "0", "0", "0", "1"]
    english = docx_text(client.get(f"/reports/LMU/{YEAR}/board.docx?lang=en").data)
    assert f"Annual report {YEAR} to the board" in english
    assert "Saker om eksamensplanen kom fra alle campusene." in english  # the texts stay as written
    assert (
        client.get(f"/reports/LMU/{YEAR}/board.docx?lang=de").status_code == 200
    )  # the committee's language
    assert client.get(f"/reports/LMU/{YEAR}/board.odt").status_code == 404
    assert client.get("/reports/LMU/1999/board.docx").status_code == 404
    exports = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "board-report.export")
    ).all()
    assert [e.after["language"] for e in exports] == ["nb", "en", "nb"]


def test_the_docx_in_nynorsk(client, org, year_of_work):
    org.lmu.language = "nn"
    db.session.commit()
    sign_in(client, year_of_work["secretary"])
    data = client.get(f"/reports/LMU/{YEAR}/board.docx").data
    assert docx_document(data).core_properties.language == "nn-NO"
    text = docx_text(data)
    for expected in (
        "Årsrapport 2026 til styret – Læringsmiljøutvalet",
        "Vedtak og oppfølginga av dei",
        "Vurderinga til utvalet",
        "Tilrådingar til styret",
    ):
        assert expected in text, expected


def test_the_pdf_is_tagged_and_says_the_same(client, org, year_of_work):
    sign_in(client, year_of_work["secretary"])
    response = client.get(f"/reports/LMU/{YEAR}/board.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    catalog = pdf_catalog(response.data)
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nb"
    text = flat(pdf_text(response.data))
    for expected in (
        "Universitetet – Læringsmiljøutvalget",
        "Vedtak og oppfølgingen av dem",
        "Lys langs gangveien",
        "Tiltak etter status",
        "Utvalgets vurdering",
        "Styret bør fastsette en felles frist for eksamensplanen.",
        "Side 1 av",
    ):
        assert expected in text, expected


# On the agenda


def _meeting(org, secretary, day, status=None):
    meeting = meeting_create(
        committee=org.lmu,
        starts_at=datetime.combine(day, time(10), tzinfo=OSLO),
        place="Rom",
        actor=secretary,
    )
    if status:
        meeting.status = status
    db.session.commit()
    return meeting


def test_one_step_places_the_report_on_the_first_meeting_still_to_come_in_the_year(client, org):
    secretary = org.secretary(locale="en")
    today = today_in_oslo()
    _meeting(org, secretary, today - timedelta(days=20), MeetingStatus.HELD)
    _meeting(org, secretary, today + timedelta(days=5), MeetingStatus.HELD)  # held early: skipped
    first = _meeting(org, secretary, today + timedelta(days=20))
    _meeting(org, secretary, today + timedelta(days=40))
    board_report_save(
        committee=org.lmu, year=YEAR, assessment=ASSESSMENT, recommendations=RECOMMENDATIONS, actor=secretary
    )
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/reports/LMU/{YEAR}")
    assert "first meeting in 2026 that is not yet held" in page.text
    assert first.starts_at.astimezone(OSLO).strftime("%-d %b %Y").lstrip("0") in page.text
    response = client.post(f"/reports/LMU/{YEAR}/board/agenda")
    assert response.status_code == 302
    [item] = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.standing.is_(None))).all()
    assert response.headers["Location"].endswith(f"/committee/LMU/items/{item.id}")
    assert item.meeting_id == first.id
    assert (item.kind, item.title) == ("decision", f"Årsrapport {YEAR} til styret")
    assert "Saker om eksamensplanen kom fra alle campusene." in item.background
    assert f"/reports/LMU/{YEAR}" in item.background
    assert item.proposed_decision == f"Utvalget godkjenner årsrapporten for {YEAR} og sender den til styret."
    report = db.session.scalar(sa.select(BoardReport))
    assert report.agenda_item_id == item.id
    assert (
        f"The report is on the agenda as case {item.case_number}." in client.get(f"/reports/LMU/{YEAR}").text
    )
    again = client.post(f"/reports/LMU/{YEAR}/board/agenda", follow_redirects=True)
    assert f"The report is already on the agenda as case {item.case_number}." in again.text
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AgendaItem).where(AgendaItem.standing.is_(None))
        )
        == 1
    )


def test_last_years_report_goes_on_the_next_meeting_and_without_one_it_is_refused(client, org):
    secretary = org.secretary(locale="en")
    sign_in(client, secretary)
    refused = client.post(f"/reports/LMU/{YEAR - 1}/board/agenda", follow_redirects=True)
    assert "The committee has no meeting that is still to come." in refused.text
    assert db.session.scalar(sa.select(BoardReport)) is None
    upcoming = _meeting(org, secretary, today_in_oslo() + timedelta(days=10))
    page = client.get(f"/reports/LMU/{YEAR - 1}")
    assert f"no meeting in {YEAR - 1} is left to hold" in page.text
    assert client.post(f"/reports/LMU/{YEAR - 1}/board/agenda").status_code == 302
    report = db.session.scalar(sa.select(BoardReport))
    assert (report.year, report.agenda_item.meeting_id) == (YEAR - 1, upcoming.id)
    assert report.assessment == ""


def test_a_secretary_of_another_committee_cannot_place_it(org):
    other = make_committee("UU")
    make_meeting(org, org.secretary(), days=10)
    their_secretary = make_user(roles=[(Role.SECRETARY, other)], student=False)
    with pytest.raises(ReportError) as refused:
        board_report_place(committee=other, year=YEAR, actor=their_secretary)
    assert refused.value.code == "no-meeting"  # their committee has no meeting; LMU's are not theirs

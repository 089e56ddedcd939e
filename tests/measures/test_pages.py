"""Measure pages as people reach them: owners change their own plan's measures; nobody changes
another campus's, by URL or crafted POST; the exports hold every measure; students see the
measures on their issue's page."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.measures.models import Measure, MeasureStatus
from portal.measures.service import measure_evaluate, measure_set_status
from tests.factories import make_issue, sign_in
from tests.measures.helpers import make_measure
from tests.referrals.helpers import make_unit

YEAR = today_in_oslo().year


def _form(**values):
    return {
        "title": "Stille lesesal til kl. 22",
        "purpose": "Studentene mangler stille plasser om kvelden.",
        "criterion": "Åpent til kl. 22 alle hverdager, og under fem klager i semesteret.",
        "responsible_unit": "0",
        "responsible_text": "Bibliotekleder",
        "contact_email": "bibliotek@example.test",
        "due_on": (today_in_oslo() + timedelta(days=40)).isoformat(),
        "description": "",
        "issues": "",
        **values,
    }


def test_a_leader_sets_up_a_measure_for_an_issue(app, org, client):
    leader = org.leader(org.trd)
    issue = make_issue(org, status="accepted")
    unit = make_unit()
    db.session.commit()
    sign_in(client, leader)
    triage = client.get(f"/triage/issues/{issue.reference}")
    new_link = f"/measures/campus/TRD/new?issue={issue.reference}"
    assert new_link in triage.text
    form = client.get(new_link)
    assert form.status_code == 200
    assert f'value="{issue.reference}"' in form.text
    assert "Et SMART tiltak" in form.text
    assert unit.name_nb in form.text
    response = client.post(
        "/measures/campus/TRD/new", data=_form(issues=issue.reference, responsible_unit=str(unit.id))
    )
    assert response.status_code == 302
    measure = db.session.scalar(sa.select(Measure))
    assert response.headers["Location"].endswith(f"/measures/{measure.id}")
    assert (measure.campus_id, measure.responsible_unit_id, measure.contact_email) == (
        org.trd.id,
        unit.id,
        "bibliotek@example.test",
    )
    assert client.get(f"/measures/{measure.id}").status_code == 200
    assert "Stille lesesal til kl. 22" in client.get(f"/triage/issues/{issue.reference}").text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"criterion": ""}, "(SMART: målbart)"),
        ({"responsible_text": "", "responsible_unit": "0"}, "(SMART: akseptert)"),
        ({"due_on": ""}, "(SMART: tidfestet)"),
        ({"due_on": "2020-02-02"}, "Fristen har gått ut."),
        ({"due_on": "i morgen"}, "Ikke en gyldig dato."),
        ({"title": ""}, "(SMART: spesifikt)"),
        ({"issues": "TRD-1999-0042"}, "Det finnes ikke noe innspill med referansen TRD-1999-0042."),
        ({"contact_email": "ikke-epost"}, "Skriv en e-postadresse"),
        ({"responsible_unit": "987654"}, "Ikke et gyldig valg."),
        ({"purpose": "p" * 5001}, "Bruk høyst 5000 tegn."),
    ],
)
def test_a_measure_that_is_not_smart_is_refused_with_what_was_typed_kept(app, org, client, values, message):
    sign_in(client, org.leader(org.trd))
    db.session.commit()
    response = client.post(
        "/measures/campus/TRD/new", data=_form(description="Beholdt beskrivelse ✓", **values)
    )
    assert response.status_code == 400
    assert (
        message in response.text
        or message.replace("Skriv en e-postadresse", "e-postadresse") in response.text
    )
    assert "Beholdt beskrivelse ✓" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Measure)) == 0


def test_a_leader_cannot_attach_another_campus_issue(app, org, client):
    gjo_issue = make_issue(org, campus=org.gjo, status="accepted")
    sign_in(client, org.leader(org.trd))
    response = client.post("/measures/campus/TRD/new", data=_form(issues=gjo_issue.reference))
    assert response.status_code == 400
    assert f"{gjo_issue.reference} er et innspill fra en annen campus." in response.text
    measure = make_measure(org)
    response = client.post(
        f"/measures/{measure.id}/edit", data=_form(issues=gjo_issue.reference, version=str(measure.version))
    )
    assert response.status_code == 400
    assert measure.issue_links == []


def test_a_leader_cannot_touch_another_campus_measures(app, org, client):
    measure = make_measure(org)  # Trondheim's
    sign_in(client, org.leader(org.gjo))
    db.session.commit()
    assert client.get(f"/measures/campus/TRD/{YEAR}/").status_code == 403
    assert client.get(f"/measures/campus/TRD/{YEAR}/plan.docx").status_code == 403
    assert client.get(f"/measures/{measure.id}").status_code == 403
    assert client.get(f"/measures/{measure.id}/edit").status_code == 403
    assert client.get("/measures/campus/TRD/new").status_code == 403
    assert client.post("/measures/campus/TRD/new", data=_form()).status_code == 403
    assert client.post(f"/measures/{measure.id}/edit", data=_form()).status_code == 403
    assert client.post(f"/measures/{measure.id}/status", data={"status": "done"}).status_code == 403
    assert client.post(f"/measures/{measure.id}/progress", data={"text": "Hei"}).status_code == 403
    evaluation = {"evaluation_purpose": "a", "evaluation_result": "b", "evaluation_process": "c"}
    assert client.post(f"/measures/{measure.id}/evaluation", data=evaluation).status_code == 403
    db.session.refresh(measure)
    assert (measure.status, measure.title, len(measure.updates)) == (
        "planned",
        "Flere stikkontakter på lesesalen",
        1,
    )
    # Their own plan they may use.
    assert client.get(f"/measures/campus/GJO/{YEAR}/").status_code == 200
    assert client.get("/measures/999999").status_code == 404
    assert client.get(f"/measures/campus/XYZ/{YEAR}/").status_code == 404
    assert client.get(f"/measures/planet/TRD/{YEAR}/").status_code == 404


def test_who_reads_which_plan(app, org, client):
    measure = make_measure(org)
    committee_measure = make_measure(org, committee=org.lmu)
    secretary, member, student = org.secretary(), org.member(), org.student()
    db.session.commit()
    sign_in(client, secretary)
    assert client.get(f"/measures/campus/TRD/{YEAR}/").status_code == 200  # reads campus plans
    assert client.get(f"/measures/{measure.id}").status_code == 200
    assert client.post(f"/measures/{measure.id}/status", data={"status": "done"}).status_code == 403
    assert client.get("/measures/campus/TRD/new").status_code == 403
    assert client.get(f"/measures/{committee_measure.id}/edit").status_code == 200
    sign_in(client, member)
    assert client.get(f"/measures/committee/LMU/{YEAR}/").status_code == 200
    assert client.get(f"/measures/{committee_measure.id}/edit").status_code == 403
    sign_in(client, org.leader(org.ale))
    assert client.get(f"/measures/committee/LMU/{YEAR}/").status_code == 200  # leaders read the committee's
    assert client.post(f"/measures/{committee_measure.id}/progress", data={"text": "x"}).status_code == 403
    sign_in(client, student)
    assert client.get("/measures/").status_code == 403
    assert client.get(f"/measures/campus/TRD/{YEAR}/").status_code == 403
    assert client.get(f"/measures/{measure.id}").status_code == 403


def test_the_index_lists_the_plans_one_reads(app, org, client):
    make_measure(org)
    sign_in(client, org.leader(org.trd))
    db.session.commit()
    page = client.get("/measures/")
    assert page.status_code == 200
    assert f"Tiltaksplan {YEAR} – Trondheim" in page.text
    assert f"Tiltaksplan {YEAR} – Læringsmiljøutvalget" in page.text
    assert "Gjøvik" not in page.text
    assert 'href="/measures/"' in client.get("/").text  # in the navigation


def test_the_plan_filters_by_status_responsible_and_overdue(app, org, client, time_machine):
    unit = make_unit(name="Eiendom")
    soon = make_measure(org, title="Snart", days=2)
    later = make_measure(org, title="Senere", days=60, responsible_unit=unit, responsible_text=None)
    done = make_measure(org, title="Ferdig", days=1)
    leader = org.leader(org.trd)
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=leader)
    db.session.commit()
    sign_in(client, leader)
    time_machine.move_to(today_in_oslo() + timedelta(days=5), tick=False)
    base = f"/measures/campus/TRD/{YEAR}/"

    def titles(query=""):
        text = client.get(base + query).text
        found = [t for t in ("Snart", "Senere", "Ferdig") if f">{t}</a>" in text]
        return sorted(found, key=lambda t: text.index(f">{t}</a>"))

    assert titles() == ["Ferdig", "Snart", "Senere"]
    assert titles("?overdue=1") == ["Snart"]
    assert titles("?status=done") == ["Ferdig"]
    assert titles(f"?responsible=unit-{unit.id}") == ["Senere"]
    assert titles("?responsible=text-driftsleder, realfagbygget") == ["Ferdig", "Snart"]
    assert titles("?status=nonsense&responsible=%00x") == ["Ferdig", "Snart", "Senere"]
    page = client.get(base)
    assert page.text.count('<span class="badge badge-error">forsinket</span>') == 1
    assert soon.id
    assert later.id


def test_the_plan_page_runs_a_fixed_number_of_queries(app, org, client, count_queries):
    leader = org.leader(org.trd)
    issue = make_issue(org, status="accepted")
    make_measure(org, issues=[issue])
    db.session.commit()
    sign_in(client, leader)
    with count_queries() as few:
        client.get(f"/measures/campus/TRD/{YEAR}/")
    for n in range(8):
        make_measure(org, issues=[make_issue(org, status="accepted")], title=f"Tiltak {n}")
    db.session.commit()
    with count_queries() as many:
        client.get(f"/measures/campus/TRD/{YEAR}/")
    assert many.count == few.count


def test_status_progress_and_evaluation_through_the_page(app, org, client):
    measure = make_measure(org)
    sign_in(client, org.leader(org.trd))
    db.session.commit()
    page = client.get(f"/measures/{measure.id}")
    assert "Evaluer tiltaket" not in page.text
    # An evaluation on a measure still planned: refused, with the text kept.
    evaluation = {
        "evaluation_purpose": "Hvorfor vi gjorde det ✓",
        "evaluation_result": "Det virket",
        "evaluation_process": "Vi lærte mye",
        "version": str(measure.version),
    }
    refused = client.post(f"/measures/{measure.id}/evaluation", data=evaluation)
    assert refused.status_code == 400
    assert "Evaluer et tiltak når det er gjennomført eller avbrutt." in refused.text
    assert "Hvorfor vi gjorde det ✓" in refused.text
    assert client.post(f"/measures/{measure.id}/progress", data={"text": ""}).status_code == 400
    assert client.post(f"/measures/{measure.id}/progress", data={"text": "Bestilt."}).status_code == 302
    assert client.post(f"/measures/{measure.id}/status", data={"status": "planned"}).status_code == 400
    assert client.post(f"/measures/{measure.id}/status", data={"status": "nonsense"}).status_code == 400
    db.session.refresh(measure)
    stale = client.post(f"/measures/{measure.id}/status", data={"status": "done", "version": "1"})
    assert stale.status_code == 409
    done = client.post(f"/measures/{measure.id}/status", data={"status": "done", "note": "Ferdig montert."})
    assert done.status_code == 302
    page = client.get(f"/measures/{measure.id}")
    assert "Evaluer tiltaket" in page.text
    assert "Ferdig montert." in page.text
    assert "Bestilt." in page.text
    evaluation.pop("version")
    assert client.post(f"/measures/{measure.id}/evaluation", data=evaluation).status_code == 302
    db.session.refresh(measure)
    assert measure.evaluation_process == "Vi lærte mye"


def test_the_student_sees_the_measures_on_the_issue_page(app, org, client):
    author = org.student(locale="en")
    issue = make_issue(org, status="accepted", author=author, anonymous=True)
    measure = make_measure(org, issues=[issue], title="More sockets")
    leader = org.leader(org.trd)
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=leader)
    measure_evaluate(measure=measure, actor=leader, purpose="Charging.", result="Worked.", process="Quick.")
    db.session.commit()
    sign_in(client, author)
    page = client.get(f"/issues/{issue.reference}")
    assert "What is being done" in page.text
    assert "More sockets" in page.text
    assert '<span class="badge measure-done">Done</span>' in page.text
    assert "Result: did we get the effect we wanted?" in page.text
    assert "Worked." in page.text
    # Anyone who can see the issue sees its measures; the contact e-mail is for staff pages.
    public = client.get(f"/issues/{issue.reference}")
    assert "More sockets" in public.text


def test_the_docx_holds_every_measure_and_opens_in_python_docx(app, org, client):
    from docx import Document

    titles = [f"Tiltak nummer {n} «ærlig»" for n in range(5)]
    for title in titles:
        make_measure(org, title=title)
    leader = org.leader(org.trd)
    finished = make_measure(org, title="Evaluert tiltak")
    measure_set_status(measure=finished, status=MeasureStatus.DROPPED, actor=leader)
    measure_evaluate(
        measure=finished, actor=leader, purpose="Formål\x0b.", result="Resultat.", process="Prosess."
    )
    db.session.commit()
    sign_in(client, leader)
    client.set_cookie("lang", "nn")
    response = client.get(f"/measures/campus/TRD/{YEAR}/plan.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="TRD-{YEAR}-action-plan-nb.docx"'
    doc = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    for title in [*titles, "Evaluert tiltak"]:
        assert title in text
    assert "Resultat." in text
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert section.header.paragraphs[0].text == f"Universitetet – Tiltaksplan {YEAR} – Trondheim"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer
    assert 'w:instr=" NUMPAGES "' in footer
    assert "Side " in footer
    assert doc.core_properties.language == "nb-NO"


def test_the_pdf_is_tagged_and_has_its_language(app, org, client):
    from pypdf import PdfReader

    make_measure(org, title="Lesesal åpen lenger")
    sign_in(client, org.leader(org.trd, locale="en"))
    db.session.commit()
    response = client.get(f"/measures/campus/TRD/{YEAR}/plan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Lesesal åpen lenger" in text
    assert f"Action plan {YEAR} – Trondheim" in text


def test_exports_are_audited(app, org, client):
    from portal.audit.models import AuditEvent

    sign_in(client, org.leader(org.trd))
    db.session.commit()
    assert client.get(f"/measures/campus/TRD/{YEAR}/plan.docx").status_code == 200
    assert client.get(f"/measures/campus/TRD/{YEAR}/plan.xls").status_code == 404
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "action-plan.export"))
    assert event.after == {"year": YEAR, "format": "docx", "language": "nb"}


def test_the_secretary_makes_a_follow_up_measure_for_a_decision(app, org, client):
    from tests.measures.test_service import _agenda_item

    item = _agenda_item(org)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    form = client.get(f"/measures/committee/LMU/new?item={item.id}")
    assert form.status_code == 200
    assert "Vedtaket det følger opp" in form.text
    response = client.post("/measures/committee/LMU/new", data=_form(agenda_item=str(item.id)))
    assert response.status_code == 302
    measure = db.session.scalar(sa.select(Measure))
    assert (measure.scope, measure.agenda_item_id) == ("committee", item.id)
    crafted = client.post("/measures/committee/LMU/new", data=_form(agenda_item="424242"))
    assert crafted.status_code == 400


@pytest.mark.parametrize(
    "text",
    ["Ærlig 🙂 \u202e\u0000 ǅ ﬁ <script>alert(1)</script>", "x" * 20000, "-1", "99999999999999999999999"],
)
def test_hostile_measure_input_is_refused_or_cleaned_never_a_server_error(app, org, client, text):
    sign_in(client, org.leader(org.trd))
    db.session.commit()
    values = {
        name: text for name in ("title", "purpose", "criterion", "responsible_text", "issues", "description")
    }
    response = client.post(
        "/measures/campus/TRD/new",
        data=_form(**values, responsible_unit=text, due_on=text, contact_email=text),
    )
    assert response.status_code == 400
    measure = make_measure(org)
    status = client.post(
        f"/measures/{measure.id}/status", data={"status": text, "note": text, "version": text}
    )
    assert status.status_code == 400
    progress = client.post(f"/measures/{measure.id}/progress", data={"text": text})
    assert progress.status_code == (400 if len(text) > 5000 else 302)
    evaluation = client.post(
        f"/measures/{measure.id}/evaluation", data={"evaluation_purpose": text, "version": text}
    )
    assert evaluation.status_code == 400  # a planned measure is not evaluated, whatever is sent

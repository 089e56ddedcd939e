"""The agenda and the minutes as print view, PDF and DOCX: they parse, hold the case numbers and
titles in order, carry their language, are tagged, and keep odd Unicode."""

import unicodedata

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.committee.models import MeetingStatus
from portal.committee.service import item_create, item_decide
from portal.core.documents import url_fetcher, xml_safe
from portal.extensions import db
from portal.i18n import OSLO
from tests.committee.helpers import (
    docx_document,
    docx_text,
    escalated_issue,
    flat,
    in_order,
    make_meeting,
    pdf_catalog,
    pdf_text,
)
from tests.factories import sign_in

ODD = "Ærlig talt – «sitat» ‘x’ 🙂 ǅ ﬁ"
TITLES = ["Eksamensplaner kommer for sent", "Kantina på Gjøvik", ODD]


@pytest.fixture
def agenda_case(org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    first = escalated_issue(org, title="Eksamensplanen kommer for sent", description="To uker før eksamen.")
    second = escalated_issue(org, campus=org.gjo, title="Kantina stenger", description="Klokka 14.")
    items = [
        item_create(
            meeting=meeting,
            kind="decision",
            title=TITLES[0],
            actor=secretary,
            case_officer="Eva Strand",
            background="Tre campus melder det samme.\n\nAndre avsnitt.",
            proposed_decision="Utvalget ber om seks ukers frist.",
            issues=[first],
        ),
        item_create(meeting=meeting, kind="information", title=TITLES[1], actor=secretary, issues=[second]),
        item_create(meeting=meeting, kind="discussion", title=ODD, actor=secretary, background=ODD),
    ]
    db.session.commit()
    return secretary, meeting, items, [first, second]


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response


def _numbers(items):
    return [i.case_number for i in items]


def test_agenda_pdf_parses_with_case_numbers_and_titles_in_order(client, org, agenda_case):
    secretary, meeting, items, issues = agenda_case
    org.lmu.language = "nn"
    db.session.commit()
    sign_in(client, secretary)
    response = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.pdf")
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    assert response.headers["Content-Disposition"].endswith(f'filename="innkalling-og-sakliste-{day}.pdf"')
    data = response.data
    assert data.startswith(b"%PDF-")
    text = flat(pdf_text(data))
    needles = []
    for item in items:
        needles += [item.case_number, item.title if item.title != ODD else "Ærlig talt"]
    # The cover lists the items, then each item follows: both in order.
    assert in_order(text, needles), text
    assert in_order(text, ["1/", "2/", *needles[:2]])
    assert issues[0].reference in text
    assert "Trondheim" in text
    assert "Gjøvik" in text
    # Tagged, with the document language set.
    catalog = pdf_catalog(data)
    assert catalog["/Lang"] == "nn"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "committee.export")
    )


def test_pypdf_reads_an_ordinary_agenda_as_it_is(client, org):
    """Without odd characters pypdf's own extraction reads the file: any ordinary reader can."""
    from io import BytesIO

    from pypdf import PdfReader

    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    item = item_create(meeting=meeting, kind="decision", title="Vanlig sak om lesesaler", actor=secretary)
    db.session.commit()
    sign_in(client, secretary)
    data = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.pdf?lang=nb").data
    text = flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))
    assert in_order(text, [item.case_number, "Vanlig sak om lesesaler"])
    assert PdfReader(BytesIO(data)).metadata.title


def test_agenda_docx_is_editable_with_real_headings_in_order(client, org, agenda_case):
    secretary, meeting, items, issues = agenda_case
    sign_in(client, secretary)
    response = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.docx?lang=en")
    assert response.mimetype.endswith("wordprocessingml.document")
    document = docx_document(response.data)
    assert document.core_properties.language == "en-GB"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0][0] == "Heading 1"
    item_headings = [text for style, text in headings if style == "Heading 2" and "/" in text]
    assert [h.split(" ")[1] for h in item_headings] == [
        i.case_number for i in [*_standing(meeting)[:2], *items]
    ]
    for item, heading in zip(items, item_headings[2:], strict=True):
        assert heading.endswith(item.title)
    assert any(style == "Heading 3" and text == "Background" for style, text in headings)
    text = docx_text(response.data)
    assert issues[0].reference in text
    assert "Trondheim" in text
    assert "Eva Strand" in text


def _standing(meeting):
    from portal.committee.models import AgendaItem

    return db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.standing.is_not(None))
        .order_by(AgendaItem.position)
    ).all()


def test_odd_unicode_survives_pdf_and_docx(client, org, agenda_case):
    secretary, meeting, _items, _issues = agenda_case
    sign_in(client, secretary)
    pdf = pdf_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.pdf").data)
    # Every character is in the PDF's text layer (copy, search and screen readers read it).
    # The ligature ﬁ may come back as "fi": compare compatibility forms.
    assert unicodedata.normalize("NFKC", ODD) in unicodedata.normalize("NFKC", flat(pdf))
    docx = docx_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.docx").data)
    assert ODD in docx
    print_view = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda/print").get_data(as_text=True)
    assert ODD in print_view


def test_texts_xml_cannot_hold_are_dropped_not_a_500(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    # Control characters never reach the database through a form; here they do, directly.
    item_create(
        meeting=meeting, kind="decision", title="Bad\x0bchars\ufffe", actor=secretary, background="a\x01b"
    )
    db.session.commit()
    sign_in(client, secretary)
    for path in ("agenda.pdf", "agenda.docx", "minutes.docx", "agenda/print"):
        assert client.get(f"/committee/LMU/meetings/{meeting.id}/{path}").status_code == 200, path
    assert xml_safe("a\x00b\ud800c") == "abc"


def test_minutes_add_each_decision(client, org, agenda_case):
    secretary, meeting, items, _issues = agenda_case
    meeting.status = MeetingStatus.HELD
    item_decide(
        item=items[0],
        conclusion="recommendation",
        decision="Utvalget tilrår seks ukers frist.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/committee/LMU/meetings/{meeting.id}/minutes.pdf" in html
    pdf = flat(pdf_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/minutes.pdf?lang=en").data))
    assert in_order(
        pdf, [items[0].case_number, TITLES[0], "Recommendation", "Utvalget tilrår seks ukers frist."]
    )
    assert in_order(pdf, [items[1].case_number, TITLES[1], "No decision is recorded."])
    docx = docx_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/minutes.docx?lang=en").data)
    assert in_order(docx, [TITLES[0], "Recommendation", "Utvalget tilrår seks ukers frist."])
    print_view = _get(client, f"/committee/LMU/meetings/{meeting.id}/minutes/print?lang=nb")
    assert '<html lang="nb">' in print_view.get_data(as_text=True)


@pytest.mark.parametrize("committee_language", ["nb", "nn"])
def test_the_language_is_the_committees_not_whoever_clicks(client, org, agenda_case, committee_language):
    """The documents are in the committee's language (an English copy may be asked for), whatever
    the language of the secretary who exports them (English here) or what the URL asks for."""
    secretary, meeting, _items, _issues = agenda_case
    org.lmu.language = committee_language
    db.session.commit()
    sign_in(client, secretary)
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    tags = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
    for asked, language in (
        ("", committee_language),
        ("nb", committee_language),
        ("nn", committee_language),
        ("en", "en"),
        ("xx", committee_language),
    ):
        response = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.pdf?lang={asked}")
        assert pdf_catalog(response.data)["/Lang"] == language, asked
        stem = "notice-and-agenda" if language == "en" else "innkalling-og-sakliste"
        assert response.headers["Content-Disposition"].endswith(f'"{stem}-{day}.pdf"'), asked
        docx = _get(client, f"/committee/LMU/meetings/{meeting.id}/minutes.docx?lang={asked}")
        assert docx_document(docx.data).core_properties.language == tags[language], asked
        stem = "minutes" if language == "en" else "protokoll"
        assert docx.headers["Content-Disposition"].endswith(f'"{stem}-{day}.docx"'), asked
        html = _get(client, f"/committee/LMU/meetings/{meeting.id}/agenda/print?lang={asked}").get_data(
            as_text=True
        )
        assert f'<html lang="{language}">' in html, asked


def test_exports_fetch_nothing():
    fetcher = url_fetcher()
    for url in ("http://example.com/x.png", "https://example.com/font.woff", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="protocol"):
            fetcher.fetch(url)


def test_confidential_issue_text_stays_in_the_portal(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    secret = escalated_issue(
        org,
        category="psychosocial",
        title="Utrygg tone i kullet",
        description="Beskrivelse som skal bli i portalen.",
    )
    item_create(meeting=meeting, kind="discussion", title="Psykososialt", actor=secretary, issues=[secret])
    db.session.commit()
    sign_in(client, secretary)
    pdf = pdf_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.pdf").data)
    docx = docx_text(_get(client, f"/committee/LMU/meetings/{meeting.id}/agenda.docx").data)
    for text in (pdf, docx):
        assert secret.reference in text
        assert "Utrygg tone" not in text
        assert "skal bli i portalen" not in text

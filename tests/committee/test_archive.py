"""Documents ready for the archive (issue 13, item 4): A4, the institution and committee in the
header, page numbers in the footer, PDF/A and still tagged with the document language, « » in
Norwegian, file names in the document's language, the notice's facts on its cover."""

import io
import re

import pytest
from pypdf import PdfReader

from portal.committee.service import item_create
from portal.extensions import db
from portal.i18n import OSLO
from tests.committee.helpers import (
    add_seat,
    docx_document,
    docx_text,
    escalated_issue,
    flat,
    in_order,
    make_meeting,
    pdf_text,
)
from tests.factories import sign_in

A4_POINTS = (595.28, 841.89)


def marks_joined(text: str) -> str:
    """The text layer splits a quotation mark from the words in another language inside it."""
    return re.sub(r"([«“]) | ([»”])", lambda m: m.group(1) or m.group(2), text)


@pytest.fixture
def long_agenda(app, org):
    """An agenda of several pages, with an issue behind an item and the people summoned."""
    app.config["INSTITUTION_NAME"] = "Noregs teknisk-naturvitskaplege universitet"
    secretary = org.secretary(locale="en", name="Eva Sekretær")
    add_seat(org, user=secretary, seat="secretary")
    add_seat(org, name="Sara Student")
    add_seat(org, name="Per Tilsett", seat="staff")
    meeting = make_meeting(org, secretary)
    meeting.video_link = "https://video.example.org/lmu"
    issue = escalated_issue(
        org, title="Eksamensplanen kjem for seint", description="Vi får han to veker før.", language="nn"
    )
    for n in range(6):
        item_create(
            meeting=meeting,
            kind="decision",
            title=f"Sak nummer {n}",
            background="Lang bakgrunn. " * 200,
            actor=secretary,
            issues=[issue] if n == 0 else [],
        )
    db.session.commit()
    yield secretary, meeting
    app.config["INSTITUTION_NAME"] = "Universitetet"


def _xmp(reader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_pdf_is_pdf_a_tagged_a4_with_header_and_page_numbers(client, org, long_agenda, language):
    secretary, meeting = long_agenda
    org.lmu.language = language
    db.session.commit()
    sign_in(client, secretary)
    response = client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.pdf")
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="innkalling-og-sakliste-{day}.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.data))
    root = reader.trailer["/Root"]
    # PDF/A-2a: archivable, and level A keeps the structure tree (tagged) and the language.
    xmp = _xmp(reader)
    assert re.search(r'pdfaid:part="2"', xmp), xmp
    assert re.search(r'pdfaid:conformance="A"', xmp), xmp
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == language
    assert "/OutputIntents" in root
    pages = reader.pages
    assert len(pages) >= 3
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == (595.3, 841.9)
    text = pdf_text(response.data)
    header = "Noregs teknisk-naturvitskaplege universitet – " + org.lmu.name_in(language)
    assert text.count(header) >= len(pages)  # the cover, and every page after the first
    page_word = {"nb": "Side", "nn": "Side"}[language]
    assert f"{page_word} 1 av {len(pages)}" in text
    assert f"{page_word} {len(pages)} av {len(pages)}" in text
    flat_text = marks_joined(flat(text))
    assert in_order(
        flat_text,
        [
            "Innkalling og sakliste",
            "Noregs teknisk-naturvitskaplege universitet",
            "https://video.example.org/lmu",
            "Eva Sekretær",
        ],
    )
    summoned = {"nb": "Innkalt", "nn": "Kalla inn"}[language]
    assert in_order(flat_text, [summoned, "Sara Student (Student)", "Per Tilsett"])
    assert "Meld forfall på sid" in flat_text
    # The issue's title is quoted with Norwegian quotation marks, and keeps its own language; the
    # compact table leaves the issue's description in the portal.
    assert "«Eksamensplanen kjem for seint»" in flat_text
    assert "Vi får han to veker før" not in flat_text
    assert "“" not in flat_text


def test_the_english_copy_quotes_in_english_and_is_named_in_english(client, org, long_agenda):
    secretary, meeting = long_agenda
    sign_in(client, secretary)
    response = client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.pdf?lang=en")
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    assert response.headers["Content-Disposition"].endswith(f'filename="notice-and-agenda-{day}.pdf"')
    text = marks_joined(flat(pdf_text(response.data)))
    assert "“Eksamensplanen kjem for seint”" in text
    assert "Page 1 of" in text
    assert "Notice and agenda" in text


def test_the_docx_is_a4_with_header_and_page_number_fields(client, org, long_agenda):
    from docx.oxml.ns import qn

    secretary, meeting = long_agenda
    org.lmu.language = "nn"
    db.session.commit()
    sign_in(client, secretary)
    response = client.get(f"/committee/LMU/meetings/{meeting.id}/minutes.docx")
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    assert response.headers["Content-Disposition"].endswith(f'filename="protokoll-{day}.docx"')
    document = docx_document(response.data)
    assert document.core_properties.language == "nn-NO"
    for section in document.sections:
        size = section._sectPr.find(qn("w:pgSz"))
        assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")  # A4, as Word writes it
        assert (
            section.header.paragraphs[0].text
            == "Noregs teknisk-naturvitskaplege universitet – Læringsmiljøutvalet"
        )
        footer = section.footer.paragraphs[0]
        fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert footer.text.startswith("Side ")
        assert " av " in footer.text
    text = docx_text(response.data)
    assert in_order(text, ["Protokoll", "Institusjon:", "Til stades:", "Fråverande:", "Referent:"])
    assert in_order(
        text, ["Referanse", "Campus", "Tittel", "Støttespelarar", "«Eksamensplanen kjem for seint»"]
    )


def test_reports_keep_their_plain_tagged_pdf(client, org):
    """The annual report is not an archive document: it stays PDF/UA."""
    secretary = org.secretary()
    sign_in(client, secretary)
    data = client.get("/reports/LMU/2026.pdf").data
    reader = PdfReader(io.BytesIO(data))
    assert "pdfuaid" in _xmp(reader)
    assert "pdfaid" not in _xmp(reader)

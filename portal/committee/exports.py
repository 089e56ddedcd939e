"""The agenda and the minutes as a print view, a PDF (WeasyPrint) and a DOCX (python-docx).

Everything is rendered inside in_language(language), the language the secretary picks.
The PDF is tagged (PDF/UA-1) with its document language set; fonts come from the system
by local name (DejaVu Sans) and nothing is fetched from the network or the disk. The DOCX
uses the real heading styles and carries its language in its core properties and its
default run properties, so office software and records systems read it as written.

Anonymity: nothing here reads who raised an issue. Confidential (psychosocial) issues are
listed by reference, campus and category only: their text stays in the portal.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from flask import render_template
from flask_babel import format_date, format_time
from flask_babel import gettext as _

from portal.committee.models import AgendaItem, Meeting
from portal.committee.service import item_title
from portal.committee.texts import DOCUMENT_TITLES, conclusion_label, item_proposal, kind_label
from portal.i18n import LANGUAGES, OSLO, current_language, in_language

DOCUMENTS = ("agenda", "minutes")
FORMATS = ("print", "pdf", "docx")
PRINT_CSS = Path(__file__).with_name("print.css")
# Office software wants a region with the language.
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
EXCERPT_LENGTH = 300

# Characters XML 1.0 (and so DOCX and PDF metadata) cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def export_language(value: str | None) -> str:
    return value if value in LANGUAGES else current_language()


def excerpt(text: str | None, length: int = EXCERPT_LENGTH) -> str:
    """The start of a student's text, cut at a word: an anonymised quote."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return cut.rstrip(",.;:–- ") + " …"


def paragraphs(text: str | None) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of lines."""
    blocks = re.split(r"\n\s*\n", (text or "").strip())
    return [[line.strip() for line in block.split("\n")] for block in blocks if block.strip()]


@dataclass(frozen=True)
class IssueLine:
    """What an export shows of one issue: never anything about who raised it."""

    reference: str
    campus: str
    category: str
    supporters: int
    language: str
    title: str
    quote: str
    confidential: bool
    hidden: bool


def issue_line(issue) -> IssueLine:
    hidden = bool(issue.hidden)
    return IssueLine(
        reference=issue.reference,
        campus=issue.campus.name,
        category=issue.category.name,
        supporters=issue.support_count,
        language=issue.language,
        title="" if hidden or issue.confidential else issue.title,
        quote="" if hidden or issue.confidential else excerpt(issue.description),
        confidential=issue.confidential,
        hidden=hidden,
    )


@dataclass(frozen=True)
class ItemView:
    item: AgendaItem
    case: str
    title: str
    kind: str
    proposal: str
    conclusion: str
    issues: list[IssueLine]


def item_views(items: list[AgendaItem]) -> list[ItemView]:
    """Call inside in_language(): labels and standing texts come out in that language."""
    return [
        ItemView(
            item=item,
            case=_("Case %(number)s", number=item.case_number) if item.case_number else "",
            title=item_title(item),
            kind=kind_label(item.kind),
            proposal=item_proposal(item),
            conclusion=conclusion_label(item.conclusion) if item.conclusion else "",
            issues=[issue_line(link.issue) for link in item.links],
        )
        for item in items
    ]


def document_title(document: str, meeting: Meeting) -> str:
    return _(
        "%(document)s – %(committee)s, %(date)s",
        document=DOCUMENT_TITLES[document],
        committee=meeting.committee.name,
        date=format_date(meeting.starts_at, "long"),
    )


def file_name(meeting: Meeting, document: str, language: str, extension: str) -> str:
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    return f"{meeting.committee.code}-{day}-{document}-{language}.{extension}"


def _context(meeting: Meeting, items: list[AgendaItem], document: str, language: str) -> dict:
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "document": document,
        "language": language,
        "title": document_title(document, meeting),
        "document_name": str(DOCUMENT_TITLES[document]),
        "items": item_views(items),
        "meeting_date": format_date(meeting.starts_at, "full"),
        "meeting_time": format_time(meeting.starts_at, "short"),
    }


def render_print(meeting: Meeting, items: list[AgendaItem], document: str, language: str) -> str:
    """The print view: a page of the portal, entirely in the chosen language."""
    with in_language(language):
        return render_template("committee/export/print.html", **_context(meeting, items, document, language))


def render_pdf(meeting: Meeting, items: list[AgendaItem], document: str, language: str) -> bytes:
    with in_language(language):
        html = render_template("committee/export/pdf.html", **_context(meeting, items, document, language))
    return pdf_from_html(html)


def url_fetcher():
    """WeasyPrint may read data: URLs only: no network, no files."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1); the document language comes from <html lang>, the title from <title>."""
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return HTML(string=xml_safe(html), url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )


def render_docx(meeting: Meeting, items: list[AgendaItem], document: str, language: str) -> bytes:
    with in_language(language):
        return _build_docx(_context(meeting, items, document, language))


def _set_language(doc, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc.core_properties.language = tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), tag)


def _add_text(doc, text: str, style: str | None = None) -> None:
    for block in paragraphs(text):
        paragraph = doc.add_paragraph(style=style)
        for n, line in enumerate(block):
            run = paragraph.add_run(xml_safe(line))
            if n < len(block) - 1:
                run.add_break()


def _label_line(doc, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(xml_safe(label) + " ").bold = True
    paragraph.add_run(xml_safe(value))


def _build_docx(context: dict) -> bytes:
    from docx import Document

    doc = Document()
    committee = context["committee"]
    _set_language(doc, LANGUAGE_TAGS[context["language"]])
    properties = doc.core_properties
    properties.title = xml_safe(context["title"])
    properties.subject = xml_safe(committee.name)
    # The committee speaks in these documents, not a person.
    properties.author = xml_safe(committee.name)
    properties.last_modified_by = xml_safe(committee.name)
    properties.comments = ""

    doc.add_heading(xml_safe(context["title"]), level=1)
    _label_line(doc, _("Committee:"), committee.name)
    _label_line(doc, _("Date:"), context["meeting_date"])
    _label_line(doc, _("Time:"), context["meeting_time"])
    _label_line(doc, _("Place:"), context["meeting"].place)
    doc.add_heading(_("Items"), level=2)
    for view in context["items"]:
        doc.add_paragraph(xml_safe(" ".join(filter(None, [view.case, view.title]))))

    for view in context["items"]:
        doc.add_heading(xml_safe(" ".join(filter(None, [view.case, view.title]))), level=2)
        details = view.kind
        if view.item.case_officer:
            details += " · " + _("Case officer: %(name)s", name=view.item.case_officer)
        meta = doc.add_paragraph()
        meta.add_run(xml_safe(details)).italic = True
        if view.item.background:
            doc.add_heading(_("Background"), level=3)
            _add_text(doc, view.item.background)
        if view.proposal:
            doc.add_heading(_("Proposed decision"), level=3)
            _add_text(doc, view.proposal)
        if context["document"] == "minutes":
            doc.add_heading(view.conclusion or _("Decision"), level=3)
            if view.item.decision:
                _add_text(doc, view.item.decision)
            else:
                doc.add_paragraph(_("No decision is recorded."))
        if view.issues:
            _issues_docx(doc, view.issues)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _issues_docx(doc, issues: list[IssueLine]) -> None:
    doc.add_heading(_("Issues behind the item"), level=3)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, text in zip(header, (_("Reference"), _("Campus"), _("Category"), _("Supporters")), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for line in issues:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (line.reference, line.campus, line.category, str(line.supporters)), strict=True
        ):
            cell.text = xml_safe(text)
    for line in issues:
        paragraph = doc.add_paragraph(style="Quote")
        paragraph.add_run(line.reference + ": ").bold = True
        if line.hidden:
            paragraph.add_run(_("The campus council has hidden the text of this issue."))
        elif line.confidential:
            paragraph.add_run(_("Confidential: the text stays in the portal."))
        else:
            quote = paragraph.add_run(xml_safe(f"{line.title} – {line.quote}"))
            _run_language(quote, LANGUAGE_TAGS.get(line.language, line.language))


def _run_language(run, tag: str) -> None:
    """The student's own words keep their language (spelling and speech in office software)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    run._r.get_or_add_rPr().append(lang)

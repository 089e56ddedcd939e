"""What every downloadable document shares: PDF from HTML, and DOCX building blocks.

PDFs are made by WeasyPrint from the portal's own HTML: tagged (PDF/UA-1), or PDF/A-2a for
the archive (level A keeps the structure tree and the language), with <html lang> as the
document language; WeasyPrint may read data: URLs only, so no document fetches anything.
DOCX files (python-docx) are A4, carry their language, and number their pages with fields
that Word and LibreOffice keep up to date.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

# Office software wants a region with the language.
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
# PDF/A-2, level A (accessible: tagged, Unicode text): the variant Norwegian archives take.
ARCHIVE_PDF_VARIANT = "pdf/a-2a"
# A4 in twentieths of a point, as Word writes it.
A4_TWIPS = (11906, 16838)
# The print style of the committee's documents, the annual report and survey results.
PRINT_CSS = Path(__file__).with_name("print.css")

# Characters XML 1.0 (and so DOCX and PDF metadata) cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def url_fetcher():
    """WeasyPrint may read data: URLs only: no network, no files."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def pdf_from_html(html: str, *, extra_stylesheet: Path | None = None, archive: bool = False) -> bytes:
    """A tagged PDF; the document language comes from <html lang>, the title from <title>.
    Every document has the portal's print styles (A4, header, page numbers, fonts);
    `extra_stylesheet` adds a domain's own rules.

    PDF/UA-1 by default; `archive` makes it PDF/A-2a, which is tagged as well and is what
    records systems keep."""
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    styles = [
        CSS(string=path.read_text(encoding="utf-8"), url_fetcher=fetcher)
        for path in (PRINT_CSS, extra_stylesheet)
        if path is not None
    ]
    # WeasyPrint makes hundreds of thousands of small objects: the cycle collector's passes
    # over them cost a fifth of the time. It runs again as soon as the PDF is made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=xml_safe(html), url_fetcher=fetcher).write_pdf(
            stylesheets=styles, pdf_variant=ARCHIVE_PDF_VARIANT if archive else "pdf/ua-1", pdf_tags=True
        )
    finally:
        if collecting:
            gc.enable()


def kept_pdf_from_html(
    html: str, *, name: str, extra_stylesheet: Path | None = None, archive: bool = False
) -> bytes:
    """pdf_from_html, kept in the shared cache (portal.core.cache) by a digest of the HTML and
    the code (its styles included): the same page gives the same file without WeasyPrint, and
    any change to what it shows gives another. `name` says what it is in the cache's keys
    (readable, not relied on). The caller checks who may read it first."""
    from flask import current_app

    from portal.core.cache import code_version, digest, remembered_file

    key = f"pdf:{name}:{digest(code_version(), 'archive' if archive else 'ua', html)}"
    return remembered_file(
        key,
        current_app.config["DOCUMENT_CACHE_SECONDS"],
        lambda: pdf_from_html(html, extra_stylesheet=extra_stylesheet, archive=archive),
    )


# DOCX ------------------------------------------------------------------------------------------


def docx_language(doc, language: str) -> None:
    """The document's language, for spelling and for screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tag = LANGUAGE_TAGS.get(language, language)
    doc.core_properties.language = tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), tag)


def docx_field(paragraph, instruction: str) -> None:
    """A field the office software fills in when it lays out the page (PAGE, NUMPAGES)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def docx_page_setup(doc, *, header: str, page_label: str) -> None:
    """A4 with 2 cm margins; `header` at the top of every page, and `page_label` ("Side
    %(page)s av %(pages)s", already translated) at the bottom with the numbers as fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, Twips

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(A4_TWIPS[0]), Twips(A4_TWIPS[1])
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    top = section.header.paragraphs[0]
    top.text = xml_safe(header)
    if top.runs:
        top.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in re.split(r"(%\((?:page|pages)\)s)", page_label):
        if part == "%(page)s":
            docx_field(footer, "PAGE")
        elif part == "%(pages)s":
            docx_field(footer, "NUMPAGES")
        elif part:
            footer.add_run(xml_safe(part))


def docx_label_line(doc, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(xml_safe(label) + " ").bold = True
    paragraph.add_run(xml_safe(value))


def docx_text(doc, text: str | None, style: str | None = None) -> None:
    """Paragraphs separated by blank lines; single line breaks kept within a paragraph."""
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        if not block.strip():
            continue
        paragraph = doc.add_paragraph(style=style)
        lines = block.split("\n")
        for n, line in enumerate(lines):
            run = paragraph.add_run(xml_safe(line.strip()))
            if n < len(lines) - 1:
                run.add_break()

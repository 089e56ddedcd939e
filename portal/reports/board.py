"""The annual report to the board (DESIGN.md §3.5) as an editable DOCX (python-docx) and a
tagged PDF (WeasyPrint): the statistics of the annual report page, the focus areas, the
decisions and their follow-up, the measures by status, the survey rounds with their response
rates, the referrals and their answer times, and the two sections the secretary writes (the
committee's assessment, its recommendations to the board).

In the committee's language (bokmål or nynorsk), or an English copy of the labels (the texts
stay as written). A4, the institution and the committee at the top of every page, page numbers
at the bottom. Everything is gathered and worded inside in_language(language). Nothing here
names a person who raised an issue.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from portal.committee.service import item_title
from portal.committee.texts import conclusion_label
from portal.core.documents import (
    LANGUAGE_TAGS,
    docx_label_line,
    docx_language,
    docx_page_setup,
    docx_text,
    pdf_from_html,
    xml_safe,
)
from portal.i18n import in_language, today_in_oslo
from portal.reports.queries import (
    adopted_focus_areas,
    annual_report,
    board_report_of,
    decisions_with_follow_ups,
    focus_area_votes,
    measures_by_status,
    survey_rounds,
)

FILE_NAMES = {
    "nb": "arsrapport-til-styret",
    "nn": "arsrapport-til-styret",
    "en": "annual-report-to-the-board",
}


@dataclass(frozen=True)
class FollowUp:
    title: str
    status: str
    due: str
    overdue: bool
    evaluated: bool


@dataclass(frozen=True)
class Decision:
    case: str
    title: str
    conclusion: str
    text: str
    follow_ups: list[FollowUp]


def file_name(committee, year: int, language: str, extension: str) -> str:
    return f"{committee.code}-{year}-{FILE_NAMES.get(language, FILE_NAMES['en'])}.{extension}"


def _number(value) -> str:
    return "–" if value is None else format_decimal(value)


def _percent(value) -> str:
    return "–" if value is None else format_percent(value)


def board_context(committee, year: int, language: str) -> dict:
    """Everything the documents say, worded in `language`. Call inside in_language(language)."""
    from portal.measures.models import MeasureStatus
    from portal.measures.texts import STATUS_LABELS, status_label

    today = today_in_oslo()
    report = annual_report(committee, year)
    votes = focus_area_votes(committee, year)
    decisions = [
        Decision(
            case=_("Case %(number)s", number=item.case_number),
            title=item_title(item),
            conclusion=conclusion_label(item.conclusion),
            text=item.decision or "",
            follow_ups=[
                FollowUp(
                    title=m.title,
                    status=status_label(m.status),
                    due=format_date(m.due_on, "long"),
                    overdue=m.overdue_on(today),
                    evaluated=m.finished and m.evaluated,
                )
                for m in measures
            ],
        )
        for item, measures in decisions_with_follow_ups(report.decisions)
    ]
    institution = current_app.config.get("INSTITUTION_NAME", "")
    title = _("Annual report %(year)s to the board – %(committee)s", year=year, committee=committee.name)
    sections = board_report_of(committee, year)
    return {
        "committee": committee,
        "year": year,
        "language": language,
        "title": title,
        "institution": institution,
        "header": f"{institution} – {committee.name}" if institution else committee.name,
        "made_on": format_date(today, "long"),
        "report": report,
        "focus_votes": votes,
        "focus_areas": adopted_focus_areas(votes),
        "decisions": decisions,
        "plans": measures_by_status(committee, year, today),
        "statuses": [(s.value, str(STATUS_LABELS[s])) for s in MeasureStatus],
        "survey_rounds": survey_rounds(committee, year),
        "sections": sections,
        "sections_language": sections.language if sections is not None else committee.language,
        "page_label": _("Page %(page)s of %(pages)s"),
        "number": _number,
        "percent": _percent,
    }


def board_pdf(committee, year: int, language: str) -> bytes:
    """A tagged PDF (PDF/UA-1) in `language`."""
    with in_language(language):
        context = board_context(committee, year, language)
        html = render_template("reports/board_pdf.html", **context)
    return pdf_from_html(html)


def board_docx(committee, year: int, language: str) -> bytes:
    with in_language(language):
        return _build_docx(board_context(committee, year, language))


def _table(doc, headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_safe(text)


def _written(doc, text: str | None, language: str) -> None:
    """A section the secretary wrote: in its own language (bokmål or nynorsk)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not (text or "").strip():
        doc.add_paragraph(_("Not written yet."))
        return
    start = len(doc.paragraphs)
    docx_text(doc, text)
    for paragraph in doc.paragraphs[start:]:
        for run in paragraph.runs:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), LANGUAGE_TAGS.get(language, language))
            run._r.get_or_add_rPr().append(lang)


def _build_docx(c: dict) -> bytes:
    from docx import Document

    committee = c["committee"]
    doc = Document()
    docx_language(doc, c["language"])
    properties = doc.core_properties
    properties.title = xml_safe(c["title"])
    properties.subject = xml_safe(committee.name)
    # The committee speaks in this document, not a person.
    properties.author = xml_safe(committee.name)
    properties.last_modified_by = xml_safe(committee.name)
    properties.comments = ""
    docx_page_setup(doc, header=c["header"], page_label=c["page_label"])

    doc.add_heading(xml_safe(c["title"]), level=1)
    if c["institution"]:
        docx_label_line(doc, _("Institution:"), c["institution"])
    docx_label_line(doc, _("Committee:"), committee.name)
    docx_label_line(doc, _("Made:"), c["made_on"])
    for section in (
        _issues_docx,
        _focus_docx,
        _decisions_docx,
        _measures_docx,
        _surveys_docx,
        _referrals_docx,
    ):
        section(doc, c)
    sections = c["sections"]
    doc.add_heading(_("The committee's assessment"), level=2)
    _written(doc, sections.assessment if sections else "", c["sections_language"])
    doc.add_heading(_("Recommendations to the board"), level=2)
    _written(doc, sections.recommendations if sections else "", c["sections_language"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _issues_docx(doc, c: dict) -> None:
    report, number = c["report"], c["number"]
    doc.add_heading(_("Issues raised in %(year)s", year=c["year"]), level=2)
    docx_label_line(doc, _("Issues raised:"), number(report.issues_total))
    docx_label_line(
        doc,
        _("Median days to the first response:"),
        number(report.median_days_to_response)
        + " "
        + _("(%(count)s issues answered)", count=number(report.responded)),
    )
    docx_label_line(
        doc,
        _("Median days to an outcome:"),
        number(report.median_days_to_outcome)
        + " "
        + _("(%(count)s issues with an outcome)", count=number(report.with_outcome)),
    )
    for heading, label, rows in (
        (_("Issues raised per campus"), _("Campus"), report.by_campus),
        (_("Issues raised per category"), _("Category"), report.by_category),
        (_("Issues by outcome"), _("Outcome"), report.by_outcome),
    ):
        doc.add_heading(heading, level=3)
        _table(doc, (label, _("Issues")), [(name, number(count)) for name, count in rows])


def _focus_docx(doc, c: dict) -> None:
    number, percent = c["number"], c["percent"]
    doc.add_heading(_("Focus areas"), level=2)
    if c["focus_areas"]:
        for proposal in c["focus_areas"]:
            doc.add_paragraph(xml_safe(proposal.display_title), style="List Bullet")
    else:
        doc.add_paragraph(
            _("No focus areas were adopted from a vote that closed in %(year)s.", year=c["year"])
        )
    for results in c["focus_votes"]:
        docx_label_line(
            doc,
            _("Focus areas for %(year)s", year=results.round.year) + ":",
            _(
                "%(voters)s voters, turnout %(turnout)s",
                voters=number(results.voters),
                turnout=percent(results.turnout),
            ),
        )


def _decisions_docx(doc, c: dict) -> None:
    report, number = c["report"], c["number"]
    doc.add_heading(_("Decisions and their follow-up"), level=2)
    docx_label_line(doc, _("Agenda items:"), number(report.items_total))
    for label, count in report.decisions_by_conclusion:
        docx_label_line(doc, label + ":", number(count))
    docx_label_line(doc, _("Issues on the agenda:"), number(report.agenda_issues))
    docx_label_line(doc, _("Of these, decided:"), number(report.agenda_issues_decided))
    if not c["decisions"]:
        doc.add_paragraph(_("No decisions are recorded for %(year)s.", year=c["year"]))
    for decision in c["decisions"]:
        doc.add_heading(xml_safe(f"{decision.case} {decision.title}"), level=3)
        meta = doc.add_paragraph()
        meta.add_run(xml_safe(decision.conclusion)).italic = True
        docx_text(doc, decision.text)
        if not decision.follow_ups:
            doc.add_paragraph(_("No follow-up measure is set up."))
            continue
        doc.add_paragraph().add_run(_("Follow-up:")).bold = True
        for follow_up in decision.follow_ups:
            line = _(
                "%(measure)s – %(status)s, due %(date)s",
                measure=follow_up.title,
                status=follow_up.status,
                date=follow_up.due,
            )
            if follow_up.overdue:
                line += " – " + _("overdue")
            if follow_up.evaluated:
                line += " – " + _("evaluated")
            doc.add_paragraph(xml_safe(line), style="List Bullet")


def _measures_docx(doc, c: dict) -> None:
    number = c["number"]
    doc.add_heading(_("Measures by status"), level=2)
    if not c["plans"]:
        doc.add_paragraph(_("No action plan has measures for %(year)s.", year=c["year"]))
        return
    _table(
        doc,
        (_("Action plan"), *(label for _value, label in c["statuses"]), _("Overdue"), _("In all")),
        [
            (
                row.label,
                *(number(row.counts.get(value, 0)) for value, _label in c["statuses"]),
                number(row.overdue),
                number(row.total),
            )
            for row in c["plans"]
        ],
    )


def _surveys_docx(doc, c: dict) -> None:
    number, percent = c["number"], c["percent"]
    doc.add_heading(_("Surveys in %(year)s", year=c["year"]), level=2)
    if not c["survey_rounds"]:
        doc.add_paragraph(_("No survey round closed in %(year)s.", year=c["year"]))
        return
    _table(
        doc,
        (_("Survey"), _("Closed"), _("Responses"), _("Students asked"), _("Response rate")),
        [
            (
                survey_round.title(),
                format_date(survey_round.closes_at, "medium"),
                number(rate.responses),
                number(rate.eligible),
                percent(rate.rate),
            )
            for survey_round, rate in c["survey_rounds"]
        ],
    )


def _referrals_docx(doc, c: dict) -> None:
    referrals, number = c["report"].referrals, c["number"]
    doc.add_heading(_("Referrals to responsible units in %(year)s", year=c["year"]), level=2)
    for label, value in (
        (_("Issues referred"), referrals.made),
        (_("Answered"), referrals.answered),
        (_("Of these, by the answer date"), referrals.answered_in_time),
        (_("Waiting for an answer"), referrals.waiting),
        (_("Of these, past the answer date"), referrals.overdue),
        (_("Withdrawn"), referrals.withdrawn),
        (_("Median days to an answer"), referrals.median_days_to_answer),
    ):
        docx_label_line(doc, label + ":", number(value))

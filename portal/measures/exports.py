"""The action plan as DOCX (python-docx, editable) and PDF (WeasyPrint, tagged), and its status
report in the three questions (purpose, result, process) for a meeting's information item.

Everything is rendered inside in_language(language). Both documents are A4 with the
institution and the plan's name at the top of each page and page numbers at the bottom, and
carry their language. They name issues by reference only: never who raised them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _

from portal.core.documents import (
    docx_label_line,
    docx_language,
    docx_page_setup,
    docx_text,
    pdf_from_html,
    xml_safe,
)
from portal.i18n import LANGUAGES, in_language, today_in_oslo
from portal.measures.models import Measure, UpdateKind
from portal.measures.plans import ActionPlan
from portal.measures.queries import plan_measures, progress_of
from portal.measures.texts import status_label, survey_label

PRINT_CSS = Path(__file__).with_name("print.css")


@dataclass(frozen=True)
class Progress:
    day: str
    text: str


@dataclass(frozen=True)
class MeasureView:
    """What a document shows of one measure, in the document's language."""

    measure: Measure
    title: str
    status: str
    responsible: str
    contact: str
    due: str
    overdue: bool
    answers: list[str]
    progress: list[Progress] = field(default_factory=list)


def _answers(measure: Measure) -> list[str]:
    found = []
    if measure.agenda_item is not None and measure.agenda_item.case_number:
        found.append(_("Decision in case %(number)s", number=measure.agenda_item.case_number))
    references = [link.issue.reference for link in measure.issue_links]
    if references:
        found.append(_("Issues %(references)s", references=", ".join(references)))
    if measure.survey_round_id is not None:
        found.append(_("Survey result: %(result)s", result=survey_label(measure)))
    return found


def measure_views(measures: Sequence[Measure], today: date | None = None) -> list[MeasureView]:
    """Call inside in_language(). Progress updates come in one query for all measures."""
    today = today or today_in_oslo()
    progress = progress_of([m.id for m in measures])
    return [
        MeasureView(
            measure=m,
            title=m.title,
            status=status_label(m.status),
            responsible=m.responsible_label,
            contact=m.contact or "",
            due=format_date(m.due_on, "long"),
            overdue=m.overdue_on(today),
            answers=_answers(m),
            progress=[
                Progress(format_date(u.created_at, "medium"), u.text or "")
                for u in progress.get(m.id, [])
                if u.kind in (UpdateKind.PROGRESS, UpdateKind.STATUS)
            ],
        )
        for m in measures
    ]


@dataclass(frozen=True)
class StatusReportEntry:
    """One measure in a status report, in the three questions of the committee's reports."""

    title: str
    status: str
    purpose: str
    result: str
    process: str


def action_plan_status_report(
    plan: ActionPlan, measures: Sequence[Measure] | None = None, language: str = "nb"
) -> list[StatusReportEntry]:
    """Per measure: purpose (why we set it up), result (did we get the effect), process (why or
    why not, what we learned). An evaluated measure answers with its evaluation; one not yet
    evaluated with its purpose, its criterion and status, and its latest progress update.
    `measures` defaults to the whole plan (a meeting's information item reports on all of it)."""
    if measures is None:
        measures = plan_measures(scope=plan.scope, owner_id=plan.owner_id, year=plan.year)
    with in_language(language):
        progress = progress_of([m.id for m in measures])
        entries = []
        for m in measures:
            if m.evaluated:
                # An evaluated measure has all three answers (the evaluation form requires them).
                purpose = m.evaluation_purpose or ""
                result = m.evaluation_result or ""
                process = m.evaluation_process or ""
            else:
                latest = [u.text for u in progress.get(m.id, []) if u.text]
                purpose = m.purpose
                result = _(
                    "Not evaluated yet. Status: %(status)s, due %(date)s. Criterion: %(criterion)s",
                    status=status_label(m.status),
                    date=format_date(m.due_on, "long"),
                    criterion=m.criterion,
                )
                process = latest[-1] if latest else _("No progress update yet.")
            entries.append(
                StatusReportEntry(
                    title=m.title,
                    status=status_label(m.status),
                    purpose=purpose,
                    result=result,
                    process=process,
                )
            )
        return entries


def status_report_text(
    plan: ActionPlan, measures: Sequence[Measure] | None = None, language: str = "nb"
) -> str:
    """The status report as plain text, ready to be an information item's background."""
    with in_language(language):
        blocks = [_("Status report: %(plan)s", plan=plan.name)]
        for entry in action_plan_status_report(plan, measures, language):
            blocks.append(
                "\n".join(
                    [
                        f"{entry.title} ({entry.status})",
                        _("Purpose: %(text)s", text=entry.purpose),
                        _("Result: %(text)s", text=entry.result),
                        _("Process: %(text)s", text=entry.process),
                    ]
                )
            )
        return "\n\n".join(blocks)


def _context(plan: ActionPlan, measures: Sequence[Measure], language: str) -> dict:
    return {
        "plan": plan,
        "title": plan.name,
        "language": language if language in LANGUAGES else "nb",
        "institution": current_app.config["INSTITUTION_NAME"],
        "views": measure_views(measures),
        "made_on": format_date(today_in_oslo(), "long"),
    }


def plan_pdf(plan: ActionPlan, measures: Sequence[Measure], language: str) -> bytes:
    """A tagged PDF (PDF/UA-1); its language comes from <html lang>, its title from <title>."""
    with in_language(language):
        html = render_template("measures/export/plan_pdf.html", **_context(plan, measures, language))
    return pdf_from_html(html, extra_stylesheet=PRINT_CSS)


def plan_docx(plan: ActionPlan, measures: Sequence[Measure], language: str) -> bytes:
    with in_language(language):
        return _build_docx(_context(plan, measures, language))


def _build_docx(context: dict) -> bytes:
    from docx import Document

    plan = context["plan"]
    doc = Document()
    docx_language(doc, context["language"])
    properties = doc.core_properties
    properties.title = xml_safe(context["title"])
    properties.subject = xml_safe(plan.owner.name)
    properties.author = xml_safe(plan.owner.name)
    properties.last_modified_by = xml_safe(plan.owner.name)
    properties.comments = ""

    docx_page_setup(
        doc,
        header=f"{context['institution']} – {context['title']}",
        page_label=_("Page %(page)s of %(pages)s", page="%(page)s", pages="%(pages)s"),
    )

    doc.add_heading(xml_safe(context["title"]), level=1)
    docx_label_line(doc, _("Made:"), context["made_on"])
    docx_label_line(doc, _("Measures:"), str(len(context["views"])))

    views = context["views"]
    if views:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        headings = (_("Measure"), _("Responsible"), _("Due date"), _("Status"))
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for view in views:
            due = view.due + (" – " + _("overdue") if view.overdue else "")
            for cell, text in zip(
                table.add_row().cells, (view.title, view.responsible, due, view.status), strict=True
            ):
                cell.text = xml_safe(text)
    else:
        doc.add_paragraph(_("The plan has no measures yet."))

    for view in views:
        m = view.measure
        doc.add_heading(xml_safe(view.title), level=2)
        meta = doc.add_paragraph()
        meta.add_run(xml_safe(f"{view.status} · {_('Due date:')} {view.due}")).italic = True
        if view.overdue:
            meta.add_run(" – " + _("overdue")).bold = True
        docx_label_line(doc, _("Responsible:"), view.responsible)
        if view.contact:
            docx_label_line(doc, _("Contact:"), view.contact)
        if view.answers:
            docx_label_line(doc, _("Answers:"), "; ".join(view.answers))
        doc.add_heading(_("Purpose"), level=3)
        docx_text(doc, m.purpose)
        if m.description:
            doc.add_heading(_("Description"), level=3)
            docx_text(doc, m.description)
        doc.add_heading(_("How we will know it worked"), level=3)
        docx_text(doc, m.criterion)
        if view.progress:
            doc.add_heading(_("Progress"), level=3)
            for step in view.progress:
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(xml_safe(step.day) + ": ").bold = True
                paragraph.add_run(xml_safe(step.text))
        if m.finished and m.evaluated:
            doc.add_heading(_("Evaluation"), level=3)
            for label, text in (
                (_("Purpose:"), m.evaluation_purpose),
                (_("Result:"), m.evaluation_result),
                (_("Process:"), m.evaluation_process),
            ):
                docx_label_line(doc, label, text or "")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

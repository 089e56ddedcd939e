"""The notice and agenda (innkalling og sakliste) and the minutes (protokoll) as a print
view, a PDF (WeasyPrint) and a DOCX (python-docx), ready for the records system.

The documents are in the meeting's language, which the committee sets (bokmål or nynorsk),
whoever exports them; an English copy of the labels may be taken for international members
(the texts stay as written). Everything is rendered inside in_language(language).
A4, with the institution and the committee in the header and page numbers in the footer,
in both formats; Norwegian documents quote with « ». The PDF is PDF/A-2a: archivable and
tagged, with its document language set; fonts come from the system by local name (DejaVu
Sans) and nothing is fetched from the network or the disk. The DOCX uses the real heading
styles and carries its language in its core properties and its default run properties, so
office software and records systems read it as written. File names are in the document's
language: innkalling-og-sakliste-2026-12-10.pdf, protokoll-2026-12-10.docx, minutes-….

Each item lists the issues behind it in one compact table (reference, campus, title in « »,
supporters); the issues' own texts stay in the portal.

Speed: the view loads everything in a fixed number of queries and document_context() turns it
into plain data (no database objects) before the export's audit record is committed; the files
are made from that data after the commit, and kept by a digest of it (document_file): any
change to what a document shows (an item, a decision, the attendance, a statement, an issue's
title or supporters, the notice's facts, the code or the translations) gives a new digest and
so a new file, and an unchanged meeting is served from the cache without WeasyPrint.

Anonymity: nothing here reads who raised an issue. Confidential (psychosocial) issues are
listed by reference and campus only: their text stays in the portal.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_babel import format_date, format_time
from flask_babel import gettext as _

from portal.committee.models import AgendaItem, Attendance, Committee, Meeting, Standing
from portal.committee.service import item_title
from portal.committee.texts import (
    DOCUMENT_TITLES,
    FILE_NAMES,
    conclusion_label,
    item_proposal,
    kind_label,
    proposal_source_label,
    seat_label,
)
from portal.core.cache import code_version, digest, remembered_file
from portal.core.documents import (
    LANGUAGE_TAGS,
    docx_label_line,
    docx_language,
    docx_page_setup,
    pdf_from_html,
    xml_safe,
)
from portal.db import utcnow
from portal.i18n import OSLO, in_language

DOCUMENTS = ("agenda", "minutes")
# An English copy of the labels, for international members, besides the committee's language.
COPY_LANGUAGE = "en"
FORMATS = ("print", "pdf", "docx")
EXCERPT_LENGTH = 300
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_languages(committee: Committee) -> list[str]:
    """The committee's language first, then the English copy."""
    return [committee.language, COPY_LANGUAGE]


def export_language(value: str | None, committee: Committee) -> str:
    """The committee's language unless the English copy is asked for: never whoever clicks."""
    return value if value in document_languages(committee) else committee.language


def quote_marks(language: str) -> tuple[str, str]:
    """Quotation marks of the document's language: «…» in Norwegian, “…” in English."""
    return ("«", "»") if language in ("nb", "nn") else ("“", "”")


def quoted(text: str, language: str) -> str:
    opening, closing = quote_marks(language)
    return f"{opening}{text}{closing}"


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
    """What an export shows of one issue: never anything about who raised it, and no text of a
    hidden or confidential issue."""

    reference: str
    campus: str
    category: str
    supporters: int
    language: str
    title: str
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
        confidential=issue.confidential,
        hidden=hidden,
    )


@dataclass(frozen=True)
class ItemView:
    """One item as the documents show it: plain data, nothing read from the database later."""

    id: int
    standing: str
    case: str
    title: str
    kind: str
    case_officer: str
    background: str
    proposal: str
    conclusion: str
    decision: str
    issues: list[IssueLine]
    statements: list[StatementLine]
    approves: str  # the standing "approval of the minutes": whose minutes
    proposed_by: str
    # The standing "follow-up of earlier decisions": the measures it lists.
    follow_ups: list[FollowUpLine] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUpLine:
    """A measure following up an earlier decision, as the agenda lists it."""

    case: str
    title: str
    status: str
    due: str
    overdue: bool
    responsible: str


def follow_up_lines(measures, today) -> list[FollowUpLine]:
    """Call inside in_language(). `measures` from portal.measures.queries.follow_ups_at."""
    from portal.measures.texts import status_label

    return [
        FollowUpLine(
            case=_("Case %(number)s", number=m.agenda_item.case_number)
            if m.agenda_item is not None and m.agenda_item.case_number
            else "",
            title=m.title,
            status=status_label(m.status),
            due=format_date(m.due_on, "long"),
            overdue=m.overdue_on(today),
            responsible=m.responsible_label,
        )
        for m in measures
    ]


@dataclass(frozen=True)
class StatementLine:
    """A campus council's statement in a consultation, or the lack of one."""

    campus: str
    deadline: str
    statement: str
    late: bool
    overdue: bool


def statement_lines(consultations, now) -> list[StatementLine]:
    return [
        StatementLine(
            campus=c.campus.name,
            deadline=format_date(c.deadline, "long"),
            statement=c.statement or "",
            late=c.late,
            overdue=c.overdue(now),
        )
        for c in consultations
    ]


def item_views(
    items: list[AgendaItem],
    consultations: dict | None = None,
    approvals: dict | None = None,
    proposals=None,
    follow_ups=None,
) -> list[ItemView]:
    """Call inside in_language(): labels and standing texts come out in that language.
    `follow_ups`: the measures the standing item "follow-up of earlier decisions" lists."""
    now = utcnow()
    followed = follow_up_lines(follow_ups, now.astimezone(OSLO).date()) if follow_ups else []
    consultations = consultations or {}
    approvals = approvals or {}
    proposals = proposals or {}
    views = []
    for item in items:
        approved = approvals.get(item.id)
        proposal = proposals.get(item.id)
        views.append(
            ItemView(
                id=item.id,
                standing=item.standing or "",
                case=_("Case %(number)s", number=item.case_number) if item.case_number else "",
                title=item_title(item),
                kind=kind_label(item.kind),
                case_officer=item.case_officer or "",
                background=item.background or "",
                proposal=item_proposal(item),
                conclusion=conclusion_label(item.conclusion) if item.conclusion else "",
                decision=item.decision or "",
                issues=[issue_line(link.issue) for link in item.links],
                statements=statement_lines(consultations.get(item.id, []), now),
                approves=_(
                    "The minutes of the meeting on %(date)s.",
                    date=format_date(approved.meeting.starts_at, "long"),
                )
                if approved is not None
                else "",
                proposed_by=_proposed_by(proposal) if proposal is not None else "",
                follow_ups=followed if item.standing == Standing.FOLLOW_UP else [],
            )
        )
    return views


def _proposed_by(proposal) -> str:
    if proposal.campus is not None:
        return _("Proposed by the campus council of %(campus)s.", campus=proposal.campus.name)
    return _("Proposed by: %(source)s.", source=proposal_source_label(proposal.source))


def document_title(document: str, meeting: Meeting) -> str:
    return _(
        "%(document)s – %(committee)s, %(date)s",
        document=DOCUMENT_TITLES[document],
        committee=meeting.committee.name,
        date=format_date(meeting.starts_at, "long"),
    )


def file_name(meeting: Meeting, document: str, language: str, extension: str) -> str:
    """innkalling-og-sakliste-2026-12-10.pdf, protokoll-2026-12-10.docx, notice-and-agenda-….pdf"""
    day = meeting.starts_at.astimezone(OSLO).date().isoformat()
    return f"{FILE_NAMES[document][language]}-{day}.{extension}"


@dataclass(frozen=True)
class PersonLine:
    name: str
    seat: str
    note: str = ""


@dataclass
class DocumentFacts:
    """What a notice and minutes say about the people: gathered by the view (portal.committee.
    queries), worded here in the document's language."""

    institution: str
    secretary: str
    summoned: list  # queries.Summoned
    absence_url: str
    approval: object = None  # MinutesApproval of this meeting's minutes, or None
    consultations: dict | None = None
    approvals: dict | None = None
    proposals: dict | None = None
    follow_ups: Sequence | None = None  # portal.measures.queries.follow_ups_at(meeting)


def _people(facts: DocumentFacts) -> dict:
    summoned, present, absent, substitutes = [], [], [], []
    for line in facts.summoned:
        member = line.member
        seat = seat_label(member.seat)
        if line.called_for is not None:
            note = _("substitute for %(name)s", name=line.called_for.name)
            substitutes.append(PersonLine(member.name, seat, note))
            summoned.append(PersonLine(member.name, seat, note))
            if line.attended == Attendance.PRESENT:
                present.append(PersonLine(member.name, seat, note))
            continue
        reported = _("has reported absence") if line.absence_reported else ""
        summoned.append(PersonLine(member.name, seat, reported))
        if line.attended == Attendance.PRESENT:
            present.append(PersonLine(member.name, seat))
        elif line.attended == Attendance.ABSENT or (line.attended is None and line.absence_reported):
            absent.append(PersonLine(member.name, seat))
    return {"summoned": summoned, "present": present, "absent": absent, "substitutes": substitutes}


def _approval_text(approval) -> str:
    if approval is None or not approval.item.decided:
        return _("The minutes are approved at the committee's next meeting.")
    return _(
        "The minutes were approved at the meeting on %(date)s (case %(case)s).",
        date=format_date(approval.item.meeting.starts_at, "long"),
        case=approval.item.case_number,
    )


def document_context(
    meeting: Meeting, items: list[AgendaItem], document: str, language: str, facts: DocumentFacts
) -> dict:
    """Everything a document shows, as plain data (strings, numbers, lists, dataclasses of
    them): the files are made from it after the view has committed, and kept by its digest.
    Worded in `language`."""
    committee = meeting.committee
    with in_language(language):
        return {
            "document": document,
            "language": language,
            "title": document_title(document, meeting),
            "document_name": str(DOCUMENT_TITLES[document]),
            "committee_name": committee.name,
            "place": meeting.place or "",
            "video_link": meeting.video_link or "",
            "items": item_views(
                items, facts.consultations, facts.approvals, facts.proposals, facts.follow_ups
            ),
            "meeting_date": format_date(meeting.starts_at, "full"),
            "meeting_time": format_time(meeting.starts_at, "short"),
            "institution": facts.institution,
            "header": f"{facts.institution} – {committee.name}" if facts.institution else committee.name,
            "secretary": facts.secretary,
            "people": _people(facts),
            "absence_line": _(
                "Report absence on the meeting's page in Læringsmiljøportalen before the meeting "
                "starts, or to the secretary: %(url)s",
                url=facts.absence_url,
            ),
            "minutes_taker": meeting.minutes_taker or "",
            "approval": _approval_text(facts.approval),
            "page_label": _("Page %(page)s of %(pages)s"),
            "marks": quote_marks(language),
        }


def _plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    raise TypeError(f"not plain data: {type(value).__name__}")


def context_digest(context: dict, fmt: str) -> str:
    """Names the file made from `context` in `fmt`: the same content, code and translations
    give the same digest; any change to what the document shows gives another."""
    content = json.dumps(context, default=_plain, sort_keys=True, ensure_ascii=False)
    return digest(code_version(), fmt, content)


def document_file(context: dict, fmt: str, *, meeting_id: int) -> bytes:
    """The PDF or DOCX of `context`, kept (Redis or this process) by its digest. The caller has
    checked that the person may read the document: the cache only saves the rendering."""
    key = f"committee:{meeting_id}:{context['document']}:{context['language']}:{fmt}:{context_digest(context, fmt)}"
    render = render_pdf if fmt == "pdf" else render_docx
    return remembered_file(key, current_app.config["DOCUMENT_CACHE_SECONDS"], lambda: render(context))


def render_print(context: dict, *, back_url: str) -> str:
    """The print view: a page of the portal, entirely in the document's language."""
    with in_language(context["language"]):
        return render_template("committee/export/print.html", **context, back_url=back_url)


def render_pdf(context: dict) -> bytes:
    with in_language(context["language"]):
        html = render_template("committee/export/pdf.html", **context)
    return pdf_from_html(html, archive=True)


def page_counter_css(label: str) -> str:
    """A CSS `content` value from a translated "Page %(page)s of %(pages)s"."""
    parts = re.split(r"(%\((?:page|pages)\)s)", label)
    tokens = []
    for part in parts:
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return " ".join(tokens)


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes, line breaks and '<' escaped."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n\r' else c for c in text)
    return f'"{escaped}"'


def render_docx(context: dict) -> bytes:
    with in_language(context["language"]):
        return _build_docx(context)


def _add_text(doc, text: str, style: str | None = None) -> None:
    for block in paragraphs(text):
        paragraph = doc.add_paragraph(style=style)
        for n, line in enumerate(block):
            run = paragraph.add_run(xml_safe(line))
            if n < len(block) - 1:
                run.add_break()


def _page_setup(doc, context: dict) -> None:
    """The header names the institution and the committee; the footer says "Page 1 of 3"."""
    docx_page_setup(doc, header=context["header"], page_label=context["page_label"])


def _people_docx(doc, context: dict) -> None:
    people = context["people"]

    def listed(lines) -> str:
        return (
            "; ".join(f"{line.name} ({line.seat}{', ' + line.note if line.note else ''})" for line in lines)
            or "–"
        )

    if context["document"] == "agenda":
        docx_label_line(doc, _("Summoned:"), listed(people["summoned"]))
        docx_label_line(doc, _("Secretary:"), context["secretary"] or "–")
        doc.add_paragraph(xml_safe(context["absence_line"]))
    else:
        docx_label_line(doc, _("Present:"), listed(people["present"]))
        docx_label_line(doc, _("Absent:"), listed(people["absent"]))
        docx_label_line(doc, _("Substitutes:"), listed(people["substitutes"]))
        docx_label_line(doc, _("Minute-taker:"), context["minutes_taker"] or "–")
        doc.add_paragraph(xml_safe(context["approval"]))


def _build_docx(context: dict) -> bytes:
    from docx import Document

    doc = Document()
    committee_name = context["committee_name"]
    language = context["language"]
    docx_language(doc, language)
    _page_setup(doc, context)
    properties = doc.core_properties
    properties.title = xml_safe(context["title"])
    properties.subject = xml_safe(committee_name)
    # The committee speaks in these documents, not a person.
    properties.author = xml_safe(committee_name)
    properties.last_modified_by = xml_safe(committee_name)
    properties.comments = ""

    doc.add_heading(xml_safe(context["title"]), level=1)
    if context["institution"]:
        docx_label_line(doc, _("Institution:"), context["institution"])
    docx_label_line(doc, _("Committee:"), committee_name)
    docx_label_line(doc, _("Date:"), context["meeting_date"])
    docx_label_line(doc, _("Time:"), context["meeting_time"])
    docx_label_line(doc, _("Place:"), context["place"])
    if context["video_link"]:
        docx_label_line(doc, _("Video link:"), context["video_link"])
    _people_docx(doc, context)
    doc.add_heading(_("Items"), level=2)
    for view in context["items"]:
        doc.add_paragraph(xml_safe(" ".join(filter(None, [view.case, view.title]))))

    for view in context["items"]:
        doc.add_heading(xml_safe(" ".join(filter(None, [view.case, view.title]))), level=2)
        details = view.kind
        if view.case_officer:
            details += " · " + _("Case officer: %(name)s", name=view.case_officer)
        meta = doc.add_paragraph()
        meta.add_run(xml_safe(details)).italic = True
        if view.proposed_by:
            doc.add_paragraph(xml_safe(view.proposed_by))
        if view.approves:
            docx_label_line(doc, _("Minutes to approve:"), view.approves)
        if view.background:
            doc.add_heading(_("Background"), level=3)
            _add_text(doc, view.background)
        if view.standing == Standing.FOLLOW_UP:
            _follow_ups_docx(doc, view.follow_ups)
        if view.statements:
            _statements_docx(doc, view.statements, language)
        if view.proposal:
            doc.add_heading(_("Proposed decision"), level=3)
            _add_text(doc, view.proposal)
        if context["document"] == "minutes":
            doc.add_heading(view.conclusion or _("Decision"), level=3)
            if view.decision:
                _add_text(doc, view.decision)
            else:
                doc.add_paragraph(_("No decision is recorded."))
        if view.issues:
            _issues_docx(doc, view.issues, language)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _follow_ups_docx(doc, lines: list[FollowUpLine]) -> None:
    doc.add_heading(_("Follow-ups still open"), level=3)
    if not lines:
        doc.add_paragraph(_("No follow-up of an earlier decision is open."))
        return
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    headings = (_("Measure"), _("Decision"), _("Responsible"), _("Due date"))
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for line in lines:
        due = line.due + (" – " + _("overdue") if line.overdue else "")
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (f"{line.title} ({line.status})", line.case, line.responsible, due), strict=True
        ):
            cell.text = xml_safe(text)


def _statements_docx(doc, statements: list[StatementLine], language: str) -> None:
    doc.add_heading(_("Statements from the campus councils"), level=3)
    for line in statements:
        paragraph = doc.add_paragraph()
        paragraph.add_run(
            xml_safe(_("The campus council of %(campus)s", campus=line.campus)) + ": "
        ).bold = True
        if line.statement:
            paragraph.add_run(xml_safe(quoted(line.statement, language)))
            if line.late:
                paragraph.add_run(
                    " " + _("(arrived after the deadline, %(date)s)", date=line.deadline)
                ).italic = True
        elif line.overdue:
            paragraph.add_run(
                _("No statement: the deadline, %(date)s, has passed.", date=line.deadline)
            ).italic = True
        else:
            paragraph.add_run(_("The statement is due by %(date)s.", date=line.deadline)).italic = True


def _issues_docx(doc, issues: list[IssueLine], language: str) -> None:
    """One row per issue: reference, campus, the title in the document's quotation marks (the
    words keep the student's language), supporters."""
    doc.add_heading(_("Issues behind the item"), level=3)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, text in zip(header, (_("Reference"), _("Campus"), _("Title"), _("Supporters")), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    opening, closing = quote_marks(language)
    for line in issues:
        cells = table.add_row().cells
        cells[0].text = xml_safe(line.reference)
        cells[1].text = xml_safe(line.campus)
        cells[3].text = str(line.supporters)
        cells[2].text = ""
        title = cells[2].paragraphs[0]
        if line.hidden:
            title.add_run(_("The campus council has hidden the text of this issue.")).italic = True
        elif line.confidential:
            title.add_run(_("Confidential: the text stays in the portal.")).italic = True
        else:
            title.add_run(opening)
            words = title.add_run(xml_safe(line.title))
            _run_language(words, LANGUAGE_TAGS.get(line.language, line.language))
            title.add_run(closing)


def _run_language(run, tag: str) -> None:
    """The student's own words keep their language (spelling and speech in office software)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    run._r.get_or_add_rPr().append(lang)

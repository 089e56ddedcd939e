"""Helpers for committee tests: escalated issues, meetings, and reading the exported files."""

from __future__ import annotations

import io
import re
from datetime import datetime, time, timedelta

from portal.committee.models import Meeting, MeetingStatus
from portal.committee.service import meeting_create
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.issues.service import issue_transition
from portal.issues.workflow import Actor
from tests.issues.helpers import raise_issue


def escalate(org, issue, *, leader=None, committee=None, commit=True):
    """What a campus leader does: accept, then escalate to the committee (as the triage UI does)."""
    leader = leader or org.leader(issue.campus)
    issue_transition(issue=issue, action="accept", actor=Actor.LEADER, actor_user=leader)
    issue_transition(
        issue=issue,
        action="escalate",
        actor=Actor.LEADER,
        actor_user=leader,
        public_note="Dette må utvalget se på.",
        committee=committee or org.lmu,
    )
    if commit:
        db.session.commit()
    return issue


def escalated_issue(org, author=None, *, campus=None, committee=None, **values):
    author = author or org.student(campus=campus or org.trd)
    issue = raise_issue(org, author, campus=campus or org.trd, **values)
    return escalate(org, issue, committee=committee)


def make_meeting(org, secretary, *, committee=None, days: int = 7, status: str | None = None, hour: int = 14):
    day = (utcnow().astimezone(OSLO) + timedelta(days=days)).date()
    meeting = meeting_create(
        committee=committee or org.lmu,
        starts_at=datetime.combine(day, time(hour, 0), tzinfo=OSLO),
        place="Møterom 301",
        actor=secretary,
    )
    if status:
        meeting.status = MeetingStatus(status)
    db.session.commit()
    return meeting


def meeting_year(meeting: Meeting) -> int:
    return meeting.starts_at.astimezone(OSLO).year


# Reading the exports


def _cmap(font) -> dict[int, str]:
    """A font's ToUnicode map (bfchar and bfrange), as WeasyPrint writes it."""
    cmap: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return cmap
    text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            cmap[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be", "surrogatepass")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                cmap[code] = chr(first + offset)
    return cmap


def _decode(operand, cmap: dict[int, str]) -> str:
    raw = getattr(operand, "original_bytes", None)
    if raw is None:
        raw = bytes(operand) if isinstance(operand, bytes) else str(operand).encode("latin-1")
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))


def pdf_text(data: bytes) -> str:
    """The text of a WeasyPrint PDF, decoded through each font's ToUnicode map.

    pypdf's own extract_text() misreads fonts that WeasyPrint gives an embedded CMap
    encoding (it does so when a glyph is missing, e.g. an emoji), so the tests read the
    content streams with pypdf and map the glyph codes themselves.
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    for page in reader.pages:
        fonts = {name: _cmap(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        current: dict[int, str] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = fonts.get(operands[0], {})
            elif operator == b"Tj":
                parts.append(_decode(operands[0], current))
            elif operator == b"TJ":
                parts.append(
                    "".join(_decode(x, current) for x in operands[0] if not isinstance(x, int | float))
                )
            elif operator == b"ET":
                parts.append("\n")
    return "".join(parts)


def pdf_catalog(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).trailer["/Root"]


def docx_document(data: bytes):
    from docx import Document

    return Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell, in document order."""
    document = docx_document(data)
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def in_order(text: str, needles: list[str]) -> bool:
    """Each needle occurs after the one before it."""
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def flat(text: str) -> str:
    return " ".join(text.split())


# Members


def add_seat(
    org,
    *,
    user=None,
    name=None,
    seat="student",
    substitute=False,
    rank=0,
    email=None,
    committee=None,
    start=None,
    end=None,
    actor=None,
):
    """A membership through the service (the suite runs in 2026: the default term is that year)."""
    from datetime import date

    from portal.committee.membership import member_add

    member = member_add(
        committee=committee or org.lmu,
        actor=actor,
        user=user,
        name=name,
        email=email,
        seat=seat,
        substitute=substitute,
        rank=rank,
        term_start=start or date(2026, 1, 1),
        term_end=end or date(2026, 12, 31),
    )
    db.session.commit()
    return member

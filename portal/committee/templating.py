"""Template helpers for committee pages, exports and the home page."""

from __future__ import annotations

from flask_babel import format_date, format_time
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.committee import bp
from portal.committee.exports import excerpt, page_counter_css, paragraphs
from portal.committee.service import item_title
from portal.committee.texts import (
    attendance_label,
    composition_problem,
    conclusion_label,
    item_proposal,
    kind_label,
    meeting_status_label,
    proposal_source_label,
    proposal_status_label,
    seat_label,
)


@bp.app_template_filter("committee_paragraphs")
def paragraphs_filter(text: str | None) -> Markup:
    """Text as written: blank lines make paragraphs, line breaks stay."""
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block))
        for block in paragraphs(text)
    )


@bp.app_template_filter("committee_page_counter")
def page_counter_filter(label: str) -> Markup:
    """For a <style> in the PDF: CSS strings are escaped by page_counter_css, not by HTML rules."""
    return Markup(page_counter_css(label))  # noqa: S704 - escaped for CSS, and < > are escaped too


@bp.app_template_filter("committee_excerpt")
def excerpt_filter(text: str | None, length: int = 300) -> str:
    return excerpt(text, length)


@bp.app_template_global()
def agenda_item_title(item) -> str:
    return item_title(item)


@bp.app_template_global()
def agenda_item_proposal(item) -> str:
    return item_proposal(item)


@bp.app_template_global()
def agenda_kind_label(kind) -> str:
    return kind_label(kind)


@bp.app_template_global()
def agenda_conclusion_label(conclusion) -> str:
    return conclusion_label(conclusion)


@bp.app_template_global()
def meeting_status_name(status) -> str:
    return meeting_status_label(status)


@bp.app_template_global()
def seat_name(seat) -> str:
    return seat_label(seat)


@bp.app_template_global()
def attendance_name(value) -> str:
    return attendance_label(value)


@bp.app_template_global("composition_problem")
def composition_problem_text(code: str, params: dict) -> str:
    return composition_problem(code, params)


@bp.app_template_global()
def composition_rule_name(rule) -> str:
    from portal.committee.texts import COMPOSITION_RULE_LABELS

    return str(COMPOSITION_RULE_LABELS.get(rule, rule))


@bp.app_template_global()
def proposal_status_name(status) -> str:
    return proposal_status_label(status)


@bp.app_template_global()
def proposal_source_name(source) -> str:
    return proposal_source_label(source)


@bp.app_template_global()
def meeting_when(meeting, date_format: str = "full") -> str:
    """“Thursday 3 December 2026, 14:00” in the current language, Oslo time."""
    return _(
        "%(date)s at %(time)s",
        date=format_date(meeting.starts_at, date_format),
        time=format_time(meeting.starts_at, "short"),
    )


@bp.app_template_global()
def current_year_oslo() -> int:
    from portal.committee.service import local_year
    from portal.db import utcnow

    return local_year(utcnow())

"""Survey results as CSV, JSON and PDF, each built from the same RoundResults as the page.

So the suppression of small groups is the same everywhere: a campus not shown on the page
is not in the files either, and "other campuses" holds the same combined numbers. Free-text
answers are never exported.

CSV is for a Norwegian spreadsheet: UTF-8 with a byte order mark, semicolons between
cells, decimal commas, and no cell that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import io
import re

from flask import render_template
from flask_babel import gettext as _

from portal.core.charts import bar_chart
from portal.core.spreadsheets import csv_writer
from portal.i18n import current_language
from portal.surveys.definition import LANGUAGES, localised
from portal.surveys.results import Group, QuestionResult, RoundResults


def decimal(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None) -> str:
    return "" if value is None else decimal(value * 100, 1)


def file_stem(results: RoundResults) -> str:
    key = re.sub(r"[^a-z0-9-]", "", results.definition.key) or "survey"
    return f"{key}-{results.round.opens_at.date().isoformat()}-{results.round.id}"


def question_type_label(question) -> str:
    return {
        "likert": _("Scale 1–5"),
        "single": _("Single choice"),
        "multiple": _("Multiple choice"),
        "text": _("Free text"),
    }[question.type]


def hidden_text(results: RoundResults, hidden) -> str:
    """The words for a campus not shown on its own."""
    if hidden.small:
        return _("%(campus)s: %(count)s answers or fewer", campus=hidden.label, count=results.min_group)
    return _("%(campus)s: hidden so that a smaller group cannot be worked out", campus=hidden.label)


# CSV ---------------------------------------------------------------------------------------------


def _group_rows(result: QuestionResult, group: Group) -> list[list[str]]:
    question = result.question
    head = [question.id, localised(question.text), group.label, str(group.answers)]
    mean = decimal(group.mean, 2) if question.type == "likert" else ""
    if question.type == "text":
        return [[*head, mean, "", "", ""]]
    return [
        [
            *head,
            mean,
            question.choice_label(choice),
            str(group.counts.get(choice, 0)),
            percent(group.share(choice)),
        ]
        for choice in question.choices
    ]


def results_csv(results: RoundResults) -> bytes:
    spec = results.definition
    rows: list[list[str]] = [
        [_("Survey"), spec.text(spec.title)],
        [_("Opened"), results.round.opens_at.date().isoformat()],
        [_("Closed"), results.round.closes_at.date().isoformat()],
        [_("Minimum group size"), str(results.min_group)],
        [_("Responses"), str(results.responses)],
        [_("Eligible students"), str(results.eligible)],
        [_("Response rate (%)"), percent(results.rate)],
        [],
        [_("Campus"), _("Responses"), _("Eligible students"), _("Response rate (%)")],
    ]
    rows += [[row.label, str(row.responses), str(row.eligible), percent(row.rate)] for row in results.rates]
    rows += [[hidden.label, _("Not shown"), "", ""] for hidden in results.rates_hidden]
    rows += [
        [],
        [
            _("Question id"),
            _("Question"),
            _("Group"),
            _("Answers"),
            _("Mean (1–5)"),
            _("Answer"),
            _("Count"),
            _("Share (%)"),
        ],
    ]
    for result in results.questions:
        question = [result.question.id, localised(result.question.text)]
        if result.overall is None:
            rows.append([*question, _("All campuses"), _("Not shown"), "", "", "", ""])
            continue
        for group in [result.overall, *result.groups]:
            rows += _group_rows(result, group)
        rows += [[*question, hidden.label, _("Not shown"), "", "", "", ""] for hidden in result.hidden]
        if result.previous is not None:
            rows += [
                [*row[:2], _("Previous round"), *row[3:]] for row in _group_rows(result, result.previous)
            ]
    rows += [[], [_("Groups with %(count)s answers or fewer are not shown.", count=results.min_group)]]
    out = io.StringIO()
    # Semicolons and decimal commas: what a Norwegian Excel opens as columns and numbers.
    csv_writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# JSON --------------------------------------------------------------------------------------------


def _group_json(result: QuestionResult, group: Group) -> dict:
    data = {"group": group.key, "label": group.label, "answers": group.answers}
    if result.question.type != "text":
        data["counts"] = {choice: group.counts.get(choice, 0) for choice in result.question.choices}
    if result.question.type == "likert":
        data["mean"] = round(group.mean, 3) if group.mean is not None else None
        data["mean_of"] = group.value_count
    return data


def results_json(results: RoundResults) -> dict:
    spec = results.definition
    survey_round = results.round
    return {
        "survey": {"id": spec.key, "title": spec.title, "version": survey_round.version.number},
        "round": {
            "id": survey_round.id,
            "opens_at": survey_round.opens_at.isoformat(),
            "closes_at": survey_round.closes_at.isoformat(),
            "published": survey_round.published_at is not None,
            "min_group": results.min_group,
            "previous_round": results.previous_round.id if results.previous_round else None,
        },
        "responses": results.responses,
        "eligible": results.eligible,
        "response_rate": results.rate,
        "campuses": [
            {"group": row.key, "label": row.label, "responses": row.responses, "eligible": row.eligible}
            for row in results.rates
        ],
        "campuses_not_shown": [
            {"label": h.label, "reason": "small" if h.small else "complementary"}
            for h in results.rates_hidden
        ],
        "questions": [
            {
                "id": result.question.id,
                "type": result.question.type,
                "text": {language: result.question.text[language] for language in LANGUAGES},
                "choices": {
                    choice: {
                        language: result.question.choice_label(choice, language) for language in LANGUAGES
                    }
                    for choice in result.question.choices
                },
                "shown": result.overall is not None,
                "overall": _group_json(result, result.overall) if result.overall else None,
                "groups": [_group_json(result, group) for group in result.groups],
                "not_shown": [
                    {"label": h.label, "reason": "small" if h.small else "complementary"}
                    for h in result.hidden
                ],
                "previous": _group_json(result, result.previous) if result.previous else None,
            }
            for result in results.questions
        ],
    }


# Charts and PDF ----------------------------------------------------------------------------------


def question_chart(result: QuestionResult):
    """The overall distribution as a bar chart (None for free text or hidden results)."""
    if result.overall is None or result.question.type == "text":
        return None
    from flask_babel import format_decimal, format_percent

    overall = result.overall
    return bar_chart(
        [
            (
                result.question.choice_label(choice),
                overall.counts.get(choice, 0),
                f"{format_decimal(overall.counts.get(choice, 0))} ({format_percent(overall.share(choice) or 0)})",
            )
            for choice in result.question.choices
        ],
        value_space=90,
    )


def results_pdf(results: RoundResults) -> bytes:
    from portal.core.documents import pdf_from_html

    html = render_template(
        "surveys/export/results_pdf.html",
        results=results,
        round=results.round,
        charts={r.question.id: question_chart(r) for r in results.questions},
        language=current_language(),
        hidden_text=hidden_text,
    )
    return pdf_from_html(html)

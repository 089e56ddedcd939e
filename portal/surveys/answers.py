"""Answers as posted, checked against a survey definition. Pure: no HTTP, no database.

An answer set is {question id: value}: "1" … "5" or "dont_know" for Likert, an option id
for single choice, a list of option ids for multiple choice, a string for free text.
A question whose "show if" condition is not met is not asked: its answer is dropped
and it is not required.
"""

from __future__ import annotations

import unicodedata

from portal.forms import clean_text
from portal.surveys.definition import DONT_KNOW, Definition, Question

FIELD_PREFIX = "q-"


def field_name(question: Question) -> str:
    return FIELD_PREFIX + question.id


def has_visible_text(value: str) -> bool:
    """Something a person can see: not only spaces or invisible characters (U+200B …)."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs") for ch in value)


def asked(question: Question, answers: dict) -> bool:
    if question.show_if is None:
        return True
    target, options = question.show_if
    return answers.get(target) in options


def read_section(definition: Definition, index: int, formdata) -> dict:
    """The section's answers as posted (a MultiDict), typed text kept as it is (cleaned of
    control characters). Empty answers are left out. Never raises on odd input."""
    answers: dict = {}
    for question in definition.sections[index].questions:
        values = [v for v in formdata.getlist(field_name(question)) if isinstance(v, str)]
        if question.type == "text":
            text = clean_text(values[0]) if values else ""
            if has_visible_text(text):
                answers[question.id] = text.strip()
        elif question.type == "multiple":
            chosen = [clean_text(v) for v in values if v]
            if chosen:
                answers[question.id] = list(dict.fromkeys(chosen))
        else:
            chosen = [clean_text(v) for v in values if v]
            if len(chosen) == 1:
                answers[question.id] = chosen[0]
            elif chosen:
                answers[question.id] = chosen  # more than one: refused by check()
    return answers


def check(
    definition: Definition, answers: dict, sections: range | None = None
) -> dict[str, tuple[str, dict]]:
    """{question id: (error code, params)} for the questions of `sections` (all by default)."""
    errors: dict[str, tuple[str, dict]] = {}
    scope = sections if sections is not None else range(len(definition.sections))
    for index in scope:
        for question in definition.sections[index].questions:
            if not asked(question, answers):
                continue
            error = _check_one(question, answers.get(question.id))
            if error:
                errors[question.id] = error
    return errors


def _check_one(question: Question, value) -> tuple[str, dict] | None:
    if value is None or value == "" or value == []:
        return ("required", {}) if question.required else None
    if question.type == "text":
        if not isinstance(value, str):
            return ("invalid-choice", {})
        if len(value) > question.max_length:
            return ("too-long", {"max": question.max_length})
        return None
    if question.type == "multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return ("invalid-choice", {})
        if len(set(value)) != len(value) or not set(value) <= set(question.choices):
            return ("invalid-choice", {})
        return None
    if isinstance(value, list):
        return ("one-only", {})
    if not isinstance(value, str) or value not in question.choices:
        return ("invalid-choice", {})
    return None


def only_asked(definition: Definition, answers: dict) -> dict:
    """The answers to questions that were asked, in question order (drops the rest)."""
    return {
        question.id: answers[question.id]
        for question in definition.questions
        if question.id in answers and asked(question, answers)
    }


def answer_rows(definition: Definition, answers: dict) -> list[dict]:
    """SurveyAnswer rows (without the response id) for a checked answer set."""
    rows = []
    for question_id, value in only_asked(definition, answers).items():
        question = definition.by_id[question_id]
        if question.type == "likert":
            rows.append(
                {
                    "question": question_id,
                    "option": value,
                    "value": None if value == DONT_KNOW else int(value),
                    "text": None,
                }
            )
        elif question.type == "single":
            rows.append({"question": question_id, "option": value, "value": None, "text": None})
        elif question.type == "multiple":
            order = {choice: n for n, choice in enumerate(question.choices)}
            for option in sorted(value, key=order.__getitem__):
                rows.append({"question": question_id, "option": option, "value": None, "text": None})
        else:
            rows.append({"question": question_id, "option": "", "value": None, "text": value})
    return rows

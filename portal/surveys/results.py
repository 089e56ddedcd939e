"""Survey results: aggregates computed in SQL (GROUP BY), then small groups suppressed.

Two queries per round whatever the number of responses: counts and Likert sums per
(question, option, campus), and the number of respondents per (question, campus) for
multiple-choice questions. Python only adds up those aggregate rows. Every output
(page, CSV, PDF, JSON) is built from a RoundResults, so the suppression rule of
portal.surveys.suppression holds in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.campuses.models import Campus
from portal.extensions import db
from portal.surveys.definition import DONT_KNOW, Definition, Question
from portal.surveys.models import SurveyAnswer, SurveyResponse, SurveyRound
from portal.surveys.queries import eligible_counts, participants, previous_round, responses_by_campus
from portal.surveys.suppression import Breakdown, suppress

TEXTS_SHOWN_MAX = 500
ALL, OTHER, NO_CAMPUS = "all", "other", "none"


@dataclass
class Group:
    """One column of a question's breakdown: all campuses, a campus, or the other campuses together."""

    key: str  # "all", a campus code, "other", or "none" (no home campus)
    label: str
    answers: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    value_sum: int = 0
    value_count: int = 0  # Likert answers other than "don't know"

    @property
    def mean(self) -> float | None:
        return self.value_sum / self.value_count if self.value_count else None

    def share(self, option: str) -> float | None:
        return self.counts.get(option, 0) / self.answers if self.answers else None

    def add(self, other: Group) -> None:
        self.answers += other.answers
        self.value_sum += other.value_sum
        self.value_count += other.value_count
        for option, count in other.counts.items():
            self.counts[option] = self.counts.get(option, 0) + count


@dataclass
class Hidden:
    label: str
    small: bool  # at or below the minimum itself (else hidden so a smaller one cannot be worked out)


@dataclass
class QuestionResult:
    question: Question
    overall: Group | None  # None: too few answers to show anything
    groups: list[Group]  # campuses shown on their own, then "other campuses"
    hidden: list[Hidden]
    answers: int
    previous: Group | None = None  # the previous round's overall result, when it was shown
    texts: list[str] | None = None  # free text, for owners only
    texts_total: int = 0

    @property
    def choices(self) -> tuple[str, ...]:
        return self.question.choices

    @property
    def mean_change(self) -> float | None:
        if self.overall is None or self.previous is None:
            return None
        if self.overall.mean is None or self.previous.mean is None:
            return None
        return self.overall.mean - self.previous.mean


@dataclass
class RateRow:
    key: str
    label: str
    responses: int
    eligible: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.eligible if self.eligible else None


@dataclass
class RoundResults:
    round: SurveyRound
    definition: Definition
    responses: int
    eligible: int
    min_group: int
    rates: list[RateRow]  # per campus, small campuses folded into "other"
    rates_hidden: list[Hidden]
    questions: list[QuestionResult]
    previous_round: SurveyRound | None
    texts_visible: bool

    @property
    def rate(self) -> float | None:
        return self.responses / self.eligible if self.eligible else None

    @property
    def suppressed_campuses(self) -> list[str]:
        """Every campus hidden somewhere in these results (for a summary line)."""
        labels = [h.label for h in self.rates_hidden]
        for question in self.questions:
            labels.extend(h.label for h in question.hidden)
        return list(dict.fromkeys(labels))


def _aggregate(round_id: int) -> dict:
    """{(question, option, campus id): (answers, sum of Likert values)} for a round."""
    return {
        (question, option, campus): (count, value_sum or 0)
        for question, option, campus, count, value_sum in db.session.execute(
            sa.select(
                SurveyAnswer.question,
                SurveyAnswer.option,
                SurveyResponse.campus_id,
                sa.func.count(),
                sa.func.sum(SurveyAnswer.value),
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.round_id == round_id)
            .group_by(SurveyAnswer.question, SurveyAnswer.option, SurveyResponse.campus_id)
        )
    }


def _respondents_multiple(round_id: int, question_ids: list[str]) -> dict:
    if not question_ids:
        return {}
    return {
        (question, campus): count
        for question, campus, count in db.session.execute(
            sa.select(
                SurveyAnswer.question,
                SurveyResponse.campus_id,
                sa.func.count(sa.distinct(SurveyAnswer.response_id)),
            )
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.round_id == round_id, SurveyAnswer.question.in_(question_ids))
            .group_by(SurveyAnswer.question, SurveyResponse.campus_id)
        )
    }


def _groups_by_campus(
    definition: Definition, cells: dict, multiple: dict
) -> dict[str, dict[int | None, Group]]:
    """{question id: {campus id: Group}} from the aggregate rows."""
    result: dict[str, dict[int | None, Group]] = {q.id: {} for q in definition.questions}
    for (question_id, option, campus), (count, value_sum) in cells.items():
        if question_id not in result:
            continue  # a question of another version: not in this definition
        group = result[question_id].setdefault(campus, Group(key="", label=""))
        group.counts[option] = group.counts.get(option, 0) + count
        if definition.by_id[question_id].type == "likert" and option != DONT_KNOW:
            group.value_sum += value_sum
            group.value_count += count
    for question in definition.questions:
        for campus, group in result[question.id].items():
            if question.type == "multiple":
                group.answers = multiple.get((question.id, campus), 0)
            else:
                group.answers = sum(group.counts.values())
    return result


def _labels(campus_ids) -> dict[int | None, tuple[str, str]]:
    ids = [cid for cid in campus_ids if cid is not None]
    campuses = (
        {c.id: c for c in db.session.scalars(sa.select(Campus).where(Campus.id.in_(ids)))} if ids else {}
    )
    labels = {cid: (campuses[cid].code, campuses[cid].name) for cid in ids if cid in campuses}
    for cid in ids:
        labels.setdefault(cid, (str(cid), str(cid)))
    labels[None] = (NO_CAMPUS, _("No home campus"))
    return labels


def _ordered(campus_ids, labels) -> list[int | None]:
    return sorted(campus_ids, key=lambda cid: (cid is None, labels[cid][0]))


def _hidden(breakdown: Breakdown, labels) -> list[Hidden]:
    return [Hidden(label=labels[cid][1], small=cid in breakdown.small) for cid in breakdown.folded]


def _question_result(
    question: Question, by_campus: dict[int | None, Group], keys, labels, minimum
) -> QuestionResult:
    counts = {cid: (by_campus[cid].answers if cid in by_campus else 0) for cid in keys}
    breakdown = suppress(counts, minimum)
    answers = sum(counts.values())
    if not breakdown.total_shown:
        return QuestionResult(question, None, [], _hidden(breakdown, labels), answers)
    overall = Group(key=ALL, label=_("All campuses"))
    for group in by_campus.values():
        overall.add(group)
    groups = []
    for cid in breakdown.shown:
        group = Group(key=labels[cid][0], label=labels[cid][1])
        if cid in by_campus:
            group.add(by_campus[cid])
        groups.append(group)
    if breakdown.other_shown:
        other = Group(key=OTHER, label=_("Other campuses"))
        for cid in breakdown.folded:
            if cid in by_campus:
                other.add(by_campus[cid])
        groups.append(other)
    return QuestionResult(question, overall, groups, _hidden(breakdown, labels), answers)


def _overall_only(definition: Definition, survey_round: SurveyRound) -> dict[str, Group]:
    """The previous round's overall results, for questions with more answers than its minimum."""
    cells = _aggregate(survey_round.id)
    multiple = _respondents_multiple(
        survey_round.id, [q.id for q in definition.questions if q.type == "multiple"]
    )
    by_question = _groups_by_campus(definition, cells, multiple)
    overall = {}
    for question_id, groups in by_question.items():
        total = Group(key=ALL, label="")
        for group in groups.values():
            total.add(group)
        if total.answers > survey_round.min_group:
            overall[question_id] = total
    return overall


def _texts(round_id: int) -> dict[str, tuple[list[str], int]]:
    """Free-text answers per question, in the box's random order, never with a campus."""
    totals = dict(
        db.session.execute(
            sa.select(SurveyAnswer.question, sa.func.count())
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.round_id == round_id, SurveyAnswer.text.is_not(None))
            .group_by(SurveyAnswer.question)
        ).all()
    )
    found: dict[str, tuple[list[str], int]] = {}
    for question_id, total in totals.items():
        texts = db.session.scalars(
            sa.select(SurveyAnswer.text)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.round_id == round_id, SurveyAnswer.question == question_id)
            .order_by(SurveyAnswer.response_id)
            .limit(TEXTS_SHOWN_MAX)
        ).all()
        found[question_id] = ([text for text in texts if text], total)
    return found


@dataclass
class Aggregates:
    """What results are computed from: counts only, no response ids. Taken from the box now
    (current_aggregates), or from the stored step of an open round (portal.surveys.live)."""

    responses: int
    by_campus: dict[int | None, int]
    cells: dict  # {(question, option, campus id): (answers, sum of Likert values)}
    multiple: dict  # {(question, campus id): respondents} for multiple-choice questions
    texts: dict[str, tuple[list[str], int]] | None  # None: not read

    def to_json(self) -> dict:
        return {
            "responses": self.responses,
            "by_campus": [[campus, count] for campus, count in self.by_campus.items()],
            "cells": [[q, o, c, n, v] for (q, o, c), (n, v) in self.cells.items()],
            "multiple": [[q, c, n] for (q, c), n in self.multiple.items()],
            "texts": None if self.texts is None else {q: [t, n] for q, (t, n) in self.texts.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Aggregates:
        texts = data.get("texts")
        return cls(
            responses=data["responses"],
            by_campus={campus: count for campus, count in data["by_campus"]},
            cells={(q, o, c): (n, v) for q, o, c, n, v in data["cells"]},
            multiple={(q, c): n for q, c, n in data["multiple"]},
            texts=None if texts is None else {q: (t, n) for q, (t, n) in texts.items()},
        )


def current_aggregates(survey_round: SurveyRound, *, with_texts: bool) -> Aggregates:
    """The round's aggregates as the box holds them now (a fixed number of queries). Free
    texts are read only when asked for and the round has more answers than its minimum."""
    definition = survey_round.version.spec
    responses = participants(survey_round)
    return Aggregates(
        responses=responses,
        by_campus=responses_by_campus(survey_round),
        cells=_aggregate(survey_round.id),
        multiple=_respondents_multiple(
            survey_round.id, [q.id for q in definition.questions if q.type == "multiple"]
        ),
        texts=_texts(survey_round.id) if with_texts and responses > survey_round.min_group else None,
    )


def round_results(
    survey_round: SurveyRound, *, with_texts: bool = False, aggregates: Aggregates | None = None
) -> RoundResults:
    """Everything the results page and the exports show, from `aggregates` (default: the box
    as it is now). Callers check permissions first."""
    definition = survey_round.version.spec
    minimum = survey_round.min_group
    if aggregates is None:
        aggregates = current_aggregates(survey_round, with_texts=with_texts)
    cells, multiple = aggregates.cells, aggregates.multiple
    by_question = _groups_by_campus(definition, cells, multiple)

    eligible_total, eligible_raw = eligible_counts(survey_round)
    eligible_by = {(int(key) if key else None): count for key, count in eligible_raw.items()}
    responses = aggregates.by_campus
    keys = set(eligible_by) | set(responses)
    if not survey_round.all_campuses:
        keys |= set(survey_round.audience_ids)
    labels = _labels(keys)
    ordered = _ordered(keys, labels)

    rate_breakdown = suppress({cid: responses.get(cid, 0) for cid in ordered}, minimum)
    rates = [
        RateRow(labels[cid][0], labels[cid][1], responses.get(cid, 0), eligible_by.get(cid, 0))
        for cid in rate_breakdown.shown
    ]
    if rate_breakdown.other_shown:
        rates.append(
            RateRow(
                OTHER,
                _("Other campuses"),
                sum(responses.get(cid, 0) for cid in rate_breakdown.folded),
                sum(eligible_by.get(cid, 0) for cid in rate_breakdown.folded),
            )
        )

    questions = [
        _question_result(question, by_question[question.id], ordered, labels, minimum)
        for question in definition.questions
    ]
    total = aggregates.responses
    texts_visible = with_texts and total > minimum and aggregates.texts is not None
    if texts_visible and aggregates.texts is not None:
        texts = aggregates.texts
        for result in questions:
            if result.question.type == "text" and result.question.id in texts:
                result.texts, result.texts_total = texts[result.question.id]
    previous = previous_round(survey_round)
    if previous is not None:
        earlier = _overall_only(previous.version.spec, previous)
        for result in questions:
            if result.overall is not None and result.question.id in earlier:
                result.previous = earlier[result.question.id]
    return RoundResults(
        round=survey_round,
        definition=definition,
        responses=total,
        eligible=eligible_total,
        min_group=minimum,
        rates=rates,
        rates_hidden=_hidden(rate_breakdown, labels) if rate_breakdown.total_shown else [],
        questions=questions,
        previous_round=previous,
        texts_visible=texts_visible,
    )

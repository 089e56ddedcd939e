"""Results while a round is open move in steps of at least the minimum group size.

Owners and the committee read a round's results while it is open. Computed afresh on each
visit, an owner who reloads after every answer would see what that one student answered (a
difference of one response), though the suppression rule hides every campus of five or
fewer. So while the round is open the results come from a stored step
(SurveyLiveResults): it is renewed only once at least `min_group` more students have
answered since it was taken, and every change an owner can see covers that many answers.
After the close the results are the box's, final, and the step is dropped at the seal.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.surveys.models import Status, SurveyLiveResults, SurveyRound
from portal.surveys.queries import participants
from portal.surveys.results import Aggregates, current_aggregates


def step_due(stored: int | None, answered: int, minimum: int) -> bool:
    """A new step once `minimum` more have answered since the last one (or there is none)."""
    return stored is None or answered - stored >= minimum


def live_aggregates(survey_round: SurveyRound, now: datetime | None = None) -> Aggregates | None:
    """The aggregates an open round's results show, renewing the stored step when it is due
    (writes; flushes). None when the round is not open: its results are read from the box."""
    now = now or utcnow()
    if survey_round.status_at(now) != Status.OPEN:
        return None
    step = db.session.get(SurveyLiveResults, survey_round.id)
    answered = participants(survey_round)
    if not step_due(step.responses if step else None, answered, survey_round.min_group):
        assert step is not None
        return Aggregates.from_json(step.aggregates)
    fresh = current_aggregates(survey_round, with_texts=True)
    if step is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    SurveyLiveResults(
                        round_id=survey_round.id,
                        responses=fresh.responses,
                        aggregates=fresh.to_json(),
                        taken_at=now,
                    )
                )
        except IntegrityError:
            pass  # another visit took the first step at the same moment
        return _stored(survey_round) or fresh
    # Only one of two simultaneous visits moves the step; the other shows the step it made,
    # so nobody sees two steps a single answer apart.
    rows_changed(
        sa.update(SurveyLiveResults)
        .where(SurveyLiveResults.round_id == survey_round.id, SurveyLiveResults.responses == step.responses)
        .values(responses=fresh.responses, aggregates=fresh.to_json(), taken_at=now)
        .execution_options(synchronize_session=False)
    )
    return _stored(survey_round) or fresh


def _stored(survey_round: SurveyRound) -> Aggregates | None:
    step = db.session.get(SurveyLiveResults, survey_round.id, populate_existing=True)
    return Aggregates.from_json(step.aggregates) if step is not None else None


def live_results_drop(survey_round: SurveyRound) -> None:
    """At the seal: the final results are the box's; the step has no more use."""
    db.session.execute(sa.delete(SurveyLiveResults).where(SurveyLiveResults.round_id == survey_round.id))

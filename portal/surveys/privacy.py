"""A person's survey data: only the roll says anything about them (which rounds, which day).

Their answers cannot be exported or erased as theirs: nothing links them to the person, by
design. On account deletion the roll entries stay, with the emptied account, so that a round's
count of participants still equals its count of responses.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.privacy import register_personal_data
from portal.extensions import db
from portal.surveys.models import SurveyRoll, SurveyRound


def export(user) -> list[dict]:
    rows = db.session.execute(
        sa.select(SurveyRound, SurveyRoll.answered_on)
        .join(SurveyRoll, SurveyRoll.round_id == SurveyRound.id)
        .where(SurveyRoll.user_id == user.id)
        .order_by(SurveyRoll.answered_on, SurveyRound.id)
    ).all()
    return [
        {
            "survey": survey_round.survey.key,
            "round": survey_round.id,
            "answered_on": day.isoformat(),
            "answers": "not linked to you: stored apart, with nothing that connects them to you",
        }
        for survey_round, day in rows
    ]


def erase(user) -> None:
    """Nothing to remove: the roll holds no more than the emptied account and the day."""


register_personal_data("surveys", export=export, erase=erase)

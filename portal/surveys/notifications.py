"""Telling students when a survey round opens, and reminding those who have not answered.

`flask portal surveys remind` (cron, every few minutes) calls surveys_due(): each round is
announced once when it opens, each reminder date is used once, and rounds that have closed
are sealed. Every notice respects the person's e-mail settings (portal.notifications).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from portal.accounts.models import User
from portal.authz import Role
from portal.core.navigation import external_url
from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.i18n import OSLO, current_language
from portal.notifications.kinds import register_kind
from portal.notifications.service import notify
from portal.surveys.models import SurveyReminder, SurveyRoll, SurveyRound
from portal.surveys.queries import round_audience_select
from portal.surveys.service import round_seal


def _title(params: dict) -> str:
    titles = params.get("title") or {}
    return titles.get(current_language()) or titles.get("nb") or ""


def _is_student(user) -> bool:
    return user.has_role(Role.STUDENT)


register_kind(
    "survey_open",
    label=_l("a survey I can answer opens"),
    render=lambda p: _("Answer the survey “%(title)s”", title=_title(p)),
    audience=_is_student,
)
register_kind(
    "survey_reminder",
    label=_l("reminders about surveys I have not answered"),
    render=lambda p: _("Reminder: the survey “%(title)s” is open", title=_title(p)),
    audience=_is_student,
)


def _claim(statement) -> bool:
    """Set a sent-flag only if nobody else has: two cron runs at once send once."""
    return bool(rows_changed(statement.execution_options(synchronize_session=False)))


def _recipients(survey_round: SurveyRound) -> Sequence[User]:
    """Students in the audience who have not answered, with a confirmed address or single sign-on."""
    return db.session.scalars(
        round_audience_select(survey_round)
        .where(
            sa.or_(User.email_verified_at.is_not(None), User.oidc_subject.is_not(None)),
            ~sa.exists().where(SurveyRoll.round_id == survey_round.id, SurveyRoll.user_id == User.id),
        )
        .options(lazyload(User.role_grants))
        .order_by(User.id)
    ).all()


def tell_students(survey_round: SurveyRound, kind: str, template: str) -> int:
    spec = survey_round.version.spec
    params = {"round_id": survey_round.id, "title": dict(spec.title)}
    context = {
        "round": survey_round,
        "url": external_url("surveys.round_detail", round_id=survey_round.id),
        "settings_url": external_url("notifications.settings"),
    }
    told = 0
    for student in _recipients(survey_round):
        if notify(
            user=student,
            kind=kind,
            params=params,
            link=("surveys.round_detail", {"round_id": survey_round.id}),
            mail_template=template,
            mail_context=context,
        ):
            told += 1
    return told


def surveys_due(now: datetime | None = None) -> list[tuple[SurveyRound, str, int]]:
    """Announce rounds that have opened, send due reminders, seal closed rounds.

    Returns (round, what, count) per thing done: "announced" and "reminded" with the number
    of students told, "skipped-announcement" for a round that closed before it was announced,
    "sealed".
    """
    now = now or utcnow()
    today = now.astimezone(OSLO).date()
    done: list[tuple[SurveyRound, str, int]] = []
    rounds = db.session.scalars(
        sa.select(SurveyRound)
        .where(
            SurveyRound.opens_at <= now,
            sa.or_(SurveyRound.announced_at.is_(None), SurveyRound.sealed_at.is_(None)),
        )
        .order_by(SurveyRound.id)
    ).all()
    for survey_round in rounds:
        taking_answers = survey_round.closes_at > now
        if survey_round.announced_at is None and _claim(
            sa.update(SurveyRound)
            .where(SurveyRound.id == survey_round.id, SurveyRound.announced_at.is_(None))
            .values(announced_at=now)
        ):
            if taking_answers:
                done.append(
                    (
                        survey_round,
                        "announced",
                        tell_students(survey_round, "survey_open", "surveys/mail/round_open.txt"),
                    )
                )
            else:
                done.append((survey_round, "skipped-announcement", 0))
        elif taking_answers:
            due = [r.remind_on for r in survey_round.reminders if r.sent_at is None and r.remind_on <= today]
            if due and _claim(
                sa.update(SurveyReminder)
                .where(
                    SurveyReminder.round_id == survey_round.id,
                    SurveyReminder.remind_on.in_(due),
                    SurveyReminder.sent_at.is_(None),
                )
                .values(sent_at=now)
            ):
                done.append(
                    (
                        survey_round,
                        "reminded",
                        tell_students(survey_round, "survey_reminder", "surveys/mail/reminder.txt"),
                    )
                )
        if (
            not taking_answers
            and survey_round.sealed_at is None
            and round_seal(survey_round=survey_round, now=now)
        ):
            done.append((survey_round, "sealed", 0))
    return done

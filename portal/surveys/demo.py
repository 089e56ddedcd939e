"""Demo surveys: both shipped surveys loaded; last term's learning-environment round closed and
published (one campus too small to show); this term's round open for the demo students; an
upcoming participation pulse for Trondheim, owned by its campus council.

The rounds need more students than the demo accounts, so 22 students without a password
(they cannot sign in) are added as respondents.
"""

from __future__ import annotations

import random
from datetime import timedelta

from portal.accounts.service import user_create
from portal.db import utcnow
from portal.i18n import OSLO
from portal.surveys.cli import SURVEYS_FOLDER
from portal.surveys.definition import DONT_KNOW
from portal.surveys.notifications import tell_students
from portal.surveys.service import response_submit, round_create, round_publish, survey_load

# Respondents without an account one can sign in to, per home campus.
RESPONDENTS = {"TRD": 12, "GJO": 7, "ALE": 3}
# Who answered last term's round: TRD 14, GJO 9, ALE 4 (fewer than six: not shown on its own).
PAST_ACCOUNTS = ["student@demo.test", "leader.trd@demo.test", "student2@demo.test", "leader.gjo@demo.test", "leader.ale@demo.test"]  # fmt: skip


def demo_answers(definition, rng: random.Random, leaning: float) -> dict:
    """A plausible answer set: Likert answers around a campus's leaning, some optional ones left out."""
    answers: dict = {}
    for question in definition.questions:
        if question.show_if is not None and answers.get(question.show_if[0]) not in question.show_if[1]:
            continue
        if question.type == "likert":
            if question.dont_know and rng.random() < 0.08:
                answers[question.id] = DONT_KNOW
            else:
                answers[question.id] = str(min(5, max(1, round(rng.gauss(leaning, 1.0)))))
        elif question.type == "single":
            answers[question.id] = rng.choice(question.choices)
        elif question.type == "multiple":
            if rng.random() < 0.8:
                answers[question.id] = rng.sample(list(question.choices), rng.randint(1, 3))
        elif rng.random() < 0.35:
            answers[question.id] = rng.choice(DEMO_TEXTS)
    return answers


DEMO_TEXTS = [
    "Flere stikkontakter på lesesalen.",
    "Ventilasjonen i auditoriet må fikses, det blir tungt etter en time.",
    "Tilbakemeldinger på innleveringer kommer ofte for sent til at vi kan bruke dem.",
    "Betre samanheng mellom timeplanen og innleveringsfristane.",
    "More group rooms that can be booked in the evening.",
]


def seed_surveys(*, users, campuses, committee) -> None:
    """Load the surveys and make three rounds (flushes; the caller commits)."""
    now = utcnow()
    versions = {}
    for name in ("laeringsmiljo", "medvirkning"):
        version, _outcome = survey_load(path=SURVEYS_FOLDER / f"{name}.toml", source=f"{name}.toml", now=now)
        versions[name] = version
    survey = versions["laeringsmiljo"].survey
    definition = versions["laeringsmiljo"].spec
    secretary = users["secretary@demo.test"]

    respondents: dict[str, list] = {code: [] for code in RESPONDENTS}
    for code, count in RESPONDENTS.items():
        for n in range(1, count + 1):
            respondents[code].append(
                user_create(
                    name=f"Demostudent {code} {n}",
                    email=f"respondent.{code.lower()}{n:02d}@demo.test",
                    password=None,
                    home_campus=campuses[code],
                    verified=True,
                )
            )

    # Last term: closed and published, Ålesund too small to show on its own.
    opened = now - timedelta(days=70)
    past = round_create(
        actor=secretary,
        survey=survey,
        committee=committee,
        opens_at=opened,
        closes_at=opened + timedelta(days=14),
        all_campuses=True,
        campus_ids=[],
        min_group=5,
        reminders=[(opened + timedelta(days=7)).astimezone(OSLO).date()],
        now=opened,
    )
    past.announced_at = opened
    past.reminders[0].sent_at = opened + timedelta(days=7)
    rng = random.Random(2026)
    leaning = {"TRD": 3.6, "GJO": 3.1, "ALE": 2.8}
    answering = [users[email] for email in PAST_ACCOUNTS] + respondents["TRD"] + respondents["GJO"]
    for person in answering:
        code = next(c for c, campus in campuses.items() if campus.id == person.home_campus_id)
        response_submit(
            survey_round=past,
            respondent=person,
            answers=demo_answers(definition, rng, leaning[code]),
            now=opened + timedelta(days=rng.randint(0, 13), hours=rng.randint(1, 10)),
        )
    for person in respondents["ALE"]:
        response_submit(
            survey_round=past,
            respondent=person,
            answers=demo_answers(definition, rng, leaning["ALE"]),
            now=opened + timedelta(days=3),
        )
    round_publish(survey_round=past, actor=secretary, now=opened + timedelta(days=15))

    # This term: open now, for every campus; some respondents have answered, the demo students not.
    current = round_create(
        actor=secretary,
        survey=survey,
        committee=committee,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=11),
        all_campuses=True,
        campus_ids=[],
        min_group=5,
        reminders=[(now + timedelta(days=4)).astimezone(OSLO).date()],
        now=now - timedelta(days=3),
    )
    for person in respondents["TRD"][:6] + respondents["GJO"][:3]:
        response_submit(
            survey_round=current,
            respondent=person,
            answers=demo_answers(definition, rng, 3.5),
            now=now - timedelta(days=rng.randint(0, 2)),
        )
    current.announced_at = current.opens_at
    tell_students(current, "survey_open", "surveys/mail/round_open.txt")

    # Next week: the Trondheim campus council's participation pulse.
    round_create(
        actor=users["leader.trd@demo.test"],
        survey=versions["medvirkning"].survey,
        campus=campuses["TRD"],
        opens_at=now + timedelta(days=7),
        closes_at=now + timedelta(days=21),
        all_campuses=False,
        campus_ids=[campuses["TRD"].id],
        min_group=5,
        reminders=[],
        now=now,
    )

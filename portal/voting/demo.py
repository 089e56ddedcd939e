"""Demo focus-area rounds: last round's results with adopted focus areas, and a round open for voting."""

from __future__ import annotations

from datetime import timedelta

from portal.db import utcnow
from portal.i18n import OSLO
from portal.voting.service import (
    ballot_cast,
    proposal_curate,
    proposal_decline,
    proposal_merge,
    proposal_submit,
    proposals_adopt,
    round_create,
    round_seal,
)

# (proposer, language, title as proposed, reason, {language: (title, description)})
PUBLISHED_PROPOSALS = [
    (
        "student@demo.test",
        "nb",
        "Flere stille leseplasser",
        "Lesesalene er fulle fra klokka ni, og det er bråkete i kantina.",
        {
            "nb": ("Flere stille leseplasser", "Flere plasser der det er ro til å lese, på alle campus."),
            "nn": ("Fleire stille leseplassar", "Fleire plassar der det er ro til å lese, på alle campus."),
            "en": ("More quiet study places", "More places with peace and quiet to study, on every campus."),
        },
    ),
    (
        "student2@demo.test",
        "nn",
        "Betre tilbakemeldingar",
        "Vi får karakter utan å vite kva vi kunne gjort betre.",
        {
            "nb": (
                "Bedre tilbakemeldinger på innleveringer",
                "Tilbakemeldinger som sier hva som kan bli bedre.",
            ),
            "nn": (
                "Betre tilbakemeldingar på innleveringar",
                "Tilbakemeldingar som seier kva som kan bli betre.",
            ),
            "en": ("Better feedback on assignments", "Feedback that says what could be better."),
        },
    ),
    (
        "intl.student@demo.test",
        "en",
        "Step-free access everywhere",
        "Several lecture halls can only be reached by stairs.",
        {
            "nb": ("Universell utforming av bygg og rom", ""),
            "nn": ("Universell utforming av bygg og rom", ""),
            "en": ("Universal design of buildings and rooms", ""),
        },
    ),
    (
        "leader.gjo@demo.test",
        "nn",
        "Mindre stress i eksamensperioden",
        "Mange eksamenar kjem tett, og det går ut over helsa.",
        {
            "nb": ("Mindre stress i eksamensperioden", "Bedre spredning av eksamener og frister."),
            "nn": ("Mindre stress i eksamensperioden", "Betre spreiing av eksamenar og fristar."),
            "en": ("Less stress in exam periods", "Exams and deadlines spread out better."),
        },
    ),
]
# Which of the proposals above each demo student chose (indexes); [] is a blank ballot.
PUBLISHED_BALLOTS = {
    "student@demo.test": [0, 1],
    "student2@demo.test": [1, 3],
    "intl.student@demo.test": [2, 1, 0],
    "leader.trd@demo.test": [0],
    "leader.gjo@demo.test": [3, 1],
    "leader.ale@demo.test": [],
}

OPEN_PROPOSALS = [
    (
        "student@demo.test",
        "nb",
        "Digitale verktøy som virker",
        "Canvas, Teams og eksamenssystemet henger ikke sammen, og vi mister tid hver uke.",
        {
            "nb": ("Digitale verktøy som virker", "Færre systemer, og at de henger sammen."),
            "nn": ("Digitale verktøy som verkar", "Færre system, og at dei heng saman."),
            "en": ("Digital tools that work", "Fewer systems, and systems that work together."),
        },
    ),
    (
        "student2@demo.test",
        "nn",
        "Fleire grupperom",
        "Det er nesten umogleg å få grupperom i eksamensperioden.",
        {
            "nb": ("Flere grupperom", "Rom for gruppearbeid som kan bookes, også om kvelden."),
            "nn": ("Fleire grupperom", "Rom for gruppearbeid som kan bookast, også om kvelden."),
            "en": ("More group study rooms", "Rooms for group work that can be booked, evenings too."),
        },
    ),
    (
        "intl.student@demo.test",
        "en",
        "Fresh air in lecture halls",
        "After an hour in the big lecture hall nobody can concentrate.",
        {
            "nb": ("Bedre inneklima i auditoriene", "Frisk luft og riktig temperatur."),
            "nn": ("Betre inneklima i auditoria", "Frisk luft og rett temperatur."),
            "en": ("Better indoor climate in lecture halls", "Fresh air and the right temperature."),
        },
    ),
    (
        "leader.trd@demo.test",
        "nb",
        "Mat på kveldstid",
        "Kantina stenger klokka tre, men mange er på campus til sent.",
        {
            "nb": ("Mat å få kjøpt på kveldstid", ""),
            "nn": ("Mat å få kjøpt på kveldstid", ""),
            "en": ("Food available in the evening", ""),
        },
    ),
]


def _propose(voting_round, users, proposals, when):
    made = []
    for email, language, title, reason, _wording in proposals:
        made.append(
            proposal_submit(
                voting_round=voting_round,
                author=users[email],
                title=title,
                reason=reason,
                language=language,
                now=when,
            )
        )
    return made


def _approve(made, proposals, secretary, when):
    for proposal, (_e, _l, _t, _r, wording) in zip(made, proposals, strict=True):
        values = {}
        for code, (title, description) in wording.items():
            values[f"title_{code}"] = title
            values[f"description_{code}"] = description
        proposal_curate(proposal=proposal, actor=secretary, wording=values, approve=True, now=when)


def seed_voting(*, users, campuses, committee) -> None:
    """Two rounds for the committee (flushes; the caller commits)."""
    secretary = users["secretary@demo.test"]
    now = utcnow()
    year = now.astimezone(OSLO).year

    # Last autumn's round for this year: closed, published, two focus areas adopted.
    past = round_create(
        actor=secretary,
        committee=committee,
        year=year,
        max_choices=3,
        times={
            "proposals_open_at": now - timedelta(days=150),
            "curation_at": now - timedelta(days=130),
            "voting_open_at": now - timedelta(days=120),
            "voting_close_at": now - timedelta(days=110),
            "results_at": now - timedelta(days=109),
        },
    )
    made = _propose(past, users, PUBLISHED_PROPOSALS, now - timedelta(days=140))
    _approve(made, PUBLISHED_PROPOSALS, secretary, now - timedelta(days=125))
    for email, chosen in PUBLISHED_BALLOTS.items():
        ballot_cast(
            voting_round=past,
            voter=users[email],
            proposal_ids=[made[i].id for i in chosen],
            blank=not chosen,
            now=now - timedelta(days=115),
        )
    past.proposals_announced_at = past.proposals_open_at
    past.voting_announced_at = past.voting_open_at
    round_seal(voting_round=past, now=now)
    proposals_adopt(voting_round=past, actor=secretary, proposal_ids=[made[1].id, made[0].id], now=now)

    # Next year's round: voting is open now; one proposal declined, one merged.
    current = round_create(
        actor=secretary,
        committee=committee,
        year=year + 1,
        max_choices=3,
        times={
            "proposals_open_at": now - timedelta(days=21),
            "curation_at": now - timedelta(days=7),
            "voting_open_at": now - timedelta(days=1),
            "voting_close_at": now + timedelta(days=13),
            "results_at": now + timedelta(days=14),
        },
    )
    proposing = now - timedelta(days=14)
    made = _propose(current, users, OPEN_PROPOSALS, proposing)
    _approve(made, OPEN_PROPOSALS, secretary, now - timedelta(days=3))
    [declined, merged] = _propose(
        current,
        users,
        [
            ("student@demo.test", "nb", "Gratis kaffe", "Kaffe hjelper.", {}),
            ("leader.ale@demo.test", "nb", "Flere rom til kollokviegrupper", "Vi finner ikke rom.", {}),
        ],
        proposing,
    )
    proposal_decline(
        proposal=declined,
        actor=secretary,
        reason="Prisen på kaffe avgjøres av kantinedriften, ikke av læringsmiljøutvalget.",
        now=now - timedelta(days=3),
    )
    proposal_merge(proposal=merged, into=made[1], actor=secretary, now=now - timedelta(days=3))
    current.proposals_announced_at = current.proposals_open_at
    current.voting_announced_at = current.voting_open_at

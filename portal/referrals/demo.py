"""Demo units and one referral waiting for an answer (DESIGN.md §7).

The demo's Wi-Fi issue at Trondheim (TRD-…-0002, accepted) is referred to IT services. Its
answer link is printed, and the campus leader sees it on the issue's page outside production.
"""

from __future__ import annotations

from datetime import timedelta

import click

from portal.db import utcnow
from portal.issues.queries import issue_by_reference
from portal.issues.workflow import Actor, Status
from portal.referrals.mail import answer_url
from portal.referrals.service import referral_create, unit_save

# (nb, nn, en, e-mail, language)
UNITS = [
    ("Eiendomsavdelingen", "Eigedomsavdelinga", "Estates", "eiendom@demo.test", "nb"),
    ("IT-avdelingen", "IT-avdelinga", "IT services", "it@demo.test", "nn"),
    (
        "Studentsamskipnaden",
        "Studentsamskipnaden",
        "Student welfare organisation",
        "samskipnaden@demo.test",
        "nb",
    ),
]


def seed_referrals(*, users, campuses, committee) -> None:
    admin = users["admin@demo.test"]
    units = [
        unit_save(
            unit=None,
            values={
                "name_nb": nb,
                "name_nn": nn,
                "name_en": en,
                "email": email,
                "language": language,
                "active": True,
            },
            actor=admin,
        )
        for nb, nn, en, email, language in UNITS
    ]
    issue = issue_by_reference(f"TRD-{utcnow().year}-0002")
    if issue is None or issue.status != Status.ACCEPTED:
        return
    referral = referral_create(
        issue=issue,
        unit=units[1],
        due_on=(utcnow() + timedelta(days=11)).date(),
        message="Gjeld auditorium R1 i Realfagbygget. Kan de sjå på dekninga før eksamensperioden?",
        public_note="Vi har sendt saka til IT-avdelinga, som har ansvaret for det trådlause nettet.",
        actor_user=users["leader.trd@demo.test"],
        actor=Actor.LEADER,
    )
    click.echo(f"Demo referral to {referral.unit.name_en} waiting for an answer: {answer_url(referral)}")

"""Demo data (DESIGN.md §7): three campuses, the committee, the categories and the demo accounts.

Refused in production configuration.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from portal.accounts.models import User
from portal.accounts.service import role_grant, user_create
from portal.authz import Role
from portal.campuses.defaults import CATEGORIES
from portal.campuses.models import Campus, Category
from portal.committee.models import Committee
from portal.extensions import db

DEMO_PASSWORD = "lmu-demo-2026"  # noqa: S105 - documented demo password

CAMPUSES = [("TRD", "Trondheim"), ("GJO", "Gjøvik"), ("ALE", "Ålesund")]

# (e-mail, name, home campus code, language, roles)
ACCOUNTS: list[tuple[str, str, str | None, str, list[tuple[Role, str | None]]]] = [
    ("student@demo.test", "Kari Nordmann", "TRD", "nb", []),
    ("student2@demo.test", "Ola Nordmann", "GJO", "nn", []),
    ("intl.student@demo.test", "Alex Morgan", "ALE", "en", []),
    ("leader.trd@demo.test", "Sigrid Bakken", "TRD", "nb", [(Role.CAMPUS_LEADER, "TRD")]),
    ("leader.gjo@demo.test", "Jonas Haugen", "GJO", "nn", [(Role.CAMPUS_LEADER, "GJO")]),
    ("leader.ale@demo.test", "Maja Løvik", "ALE", "nb", [(Role.CAMPUS_LEADER, "ALE")]),
    ("secretary@demo.test", "Eva Strand", None, "nb", [(Role.SECRETARY, "LMU")]),
    ("member@demo.test", "Per Lund", None, "nb", [(Role.COMMITTEE_MEMBER, "LMU")]),
    ("admin@demo.test", "Tone Admin", None, "nb", [(Role.ADMINISTRATOR, None)]),
]


class DemoRefused(RuntimeError):
    pass


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def seed_organisation() -> tuple[dict[str, Campus], Committee]:
    campuses = {}
    for code, name in CAMPUSES:
        campus = Campus(code=code, name_nb=name, name_nn=name, name_en=name)
        db.session.add(campus)
        campuses[code] = campus
    for position, values in enumerate(CATEGORIES):
        db.session.add(Category(position=position, **values))
    committee = Committee(
        code="LMU",
        name_nb="Læringsmiljøutvalget",
        name_nn="Læringsmiljøutvalet",
        name_en="Learning Environment Committee",
    )
    db.session.add(committee)
    db.session.flush()
    return campuses, committee


def seed_demo() -> dict[str, User]:
    """Create the demo data in an empty database (flushes; the caller commits)."""
    if current_app.config["PORTAL_ENV"] == "production":
        raise DemoRefused("Demo data is refused in production.")
    campuses, committee = seed_organisation()
    users = {}
    for email, name, campus_code, language, roles in ACCOUNTS:
        user = user_create(
            name=name,
            email=email,
            password=DEMO_PASSWORD,
            home_campus=campuses.get(campus_code) if campus_code else None,
            locale=language,
            verified=True,
            student=not any(
                role in (Role.SECRETARY, Role.COMMITTEE_MEMBER, Role.ADMINISTRATOR) for role, _ in roles
            ),
        )
        for role, scope in roles:
            role_grant(
                user=user,
                role=role,
                actor=None,
                campus=campuses.get(scope) if role.scope == "campus" and scope else None,
                committee=committee if role.scope == "committee" else None,
            )
        users[email] = user
    for seed in _domain_seeders():
        seed(users=users, campuses=campuses, committee=committee)
    return users


def _domain_seeders():
    """Each domain adds its demo content (issues, agenda, voting rounds, referrals, measures, the
    report to the board)."""
    from portal.committee.demo import seed_agenda
    from portal.issues.demo import seed_issues
    from portal.measures.demo import seed_measures
    from portal.referrals.demo import seed_referrals
    from portal.reports.demo import seed_board_report
    from portal.surveys.demo import seed_surveys
    from portal.voting.demo import seed_voting

    return [
        seed_issues,
        seed_voting,
        seed_agenda,
        seed_surveys,
        seed_referrals,
        seed_measures,
        seed_board_report,
    ]

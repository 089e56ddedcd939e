"""Small factory functions: each makes one thing, flushed, with sensible defaults."""

from __future__ import annotations

import itertools

from portal.accounts.models import User
from portal.accounts.service import role_grant, user_create
from portal.authz import Role
from portal.campuses.defaults import CATEGORIES
from portal.campuses.models import Campus, Category
from portal.committee.models import Committee
from portal.extensions import db

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def make_campus(code: str = "TRD", name: str = "Trondheim", **values) -> Campus:
    campus = Campus(code=code, name_nb=name, name_nn=name, name_en=name, **values)
    db.session.add(campus)
    db.session.flush()
    return campus


def make_categories() -> dict[str, Category]:
    categories = {}
    for position, values in enumerate(CATEGORIES):
        category = Category(position=position, **values)
        db.session.add(category)
        categories[values["slug"]] = category
    db.session.flush()
    return categories


def make_committee(code: str = "LMU") -> Committee:
    committee = Committee(
        code=code,
        name_nb="Læringsmiljøutvalget",
        name_nn="Læringsmiljøutvalet",
        name_en="Learning Environment Committee",
    )
    db.session.add(committee)
    db.session.flush()
    return committee


def make_user(
    *,
    name: str | None = None,
    email: str | None = None,
    campus: Campus | None = None,
    locale: str = "nb",
    verified: bool = True,
    password: str = PASSWORD,
    roles: list[tuple[Role, object]] | None = None,
    student: bool = True,
) -> User:
    n = next(_counter)
    user = user_create(
        name=name or f"Person {n}",
        email=email or f"person{n}@example.test",
        password=password,
        home_campus=campus,
        locale=locale,
        verified=verified,
        student=student,
    )
    for role, scope in roles or []:
        role_grant(
            user=user,
            role=role,
            actor=None,
            campus=scope if role.scope == "campus" else None,
            committee=scope if role.scope == "committee" else None,
        )
    return user


class Organisation:
    """Three campuses, the five categories and the committee, as in the demo."""

    def __init__(self):
        self.trd = make_campus("TRD", "Trondheim")
        self.gjo = make_campus("GJO", "Gjøvik")
        self.ale = make_campus("ALE", "Ålesund")
        self.categories = make_categories()
        self.lmu = make_committee()

    def leader(self, campus: Campus, **kwargs) -> User:
        return make_user(campus=campus, roles=[(Role.CAMPUS_LEADER, campus)], **kwargs)

    def secretary(self, **kwargs) -> User:
        return make_user(roles=[(Role.SECRETARY, self.lmu)], student=False, **kwargs)

    def member(self, **kwargs) -> User:
        return make_user(roles=[(Role.COMMITTEE_MEMBER, self.lmu)], student=False, **kwargs)

    def admin(self, **kwargs) -> User:
        return make_user(roles=[(Role.ADMINISTRATOR, None)], student=False, **kwargs)

    def student(self, campus: Campus | None = None, **kwargs) -> User:
        return make_user(campus=campus or self.trd, **kwargs)


def sign_in(client, user: User) -> None:
    """Put the user in the client's session, as a successful sign-in does."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


# How each status is reached through the service, from "submitted": (action, actor) steps.
_PATHS = {
    "submitted": (),
    "accepted": (("accept", "campus_leader"),),
    "needs_info": (("ask", "campus_leader"),),
    "rejected": (("reject", "campus_leader"),),
    "resolved": (("accept", "campus_leader"), ("resolve", "campus_leader")),
    "escalated": (("accept", "campus_leader"), ("escalate", "campus_leader")),
    "referred": (("accept", "campus_leader"), ("refer", "campus_leader")),
    "on_agenda": (
        ("accept", "campus_leader"),
        ("escalate", "campus_leader"),
        ("place_on_agenda", "secretary"),
    ),
    "decided": (
        ("accept", "campus_leader"),
        ("escalate", "campus_leader"),
        ("place_on_agenda", "secretary"),
        ("decide", "secretary"),
    ),
    "closed": (("accept", "campus_leader"), ("resolve", "campus_leader"), ("close", "campus_leader")),
}


def make_issue(
    org,
    *,
    status: str = "submitted",
    author: User | None = None,
    campus: Campus | None = None,
    category: str = "physical",
    committee: Committee | None = None,
    title: str = "Ødelagt stol i lesesalen",
    description: str = "Stolene på lesesal 2 er ødelagte og vonde å sitte på.",
    language: str = "nb",
    anonymous: bool = False,
    commit: bool = True,
):
    """An issue raised by `author` (a new student by default) and moved to `status` the way
    people move it: through the issue service, by that campus's leader and LMU's secretary."""
    from portal.issues.service import issue_merge, issue_submit, issue_transition
    from portal.issues.workflow import Actor

    campus = campus or org.trd
    issue = issue_submit(
        author=author or org.student(campus=campus),
        campus=campus,
        category=org.categories[category],
        title=title,
        description=description,
        language=language,
        anonymous=anonymous,
    )
    if status != "submitted":
        leader, secretary = org.leader(campus), org.secretary()
        if status == "merged":
            target = make_issue(org, campus=campus, commit=False)
            issue_merge(issue=issue, target=target, leader=leader)
        for action, role in _PATHS[status]:
            issue_transition(
                issue=issue,
                action=action,
                actor_user=leader if role == "campus_leader" else secretary,
                actor=Actor(role),
                public_note="Tekst til studenten.",
                committee=committee or org.lmu,
            )
    if commit:
        db.session.commit()
    return issue

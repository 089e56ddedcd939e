from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.models import RoleGrant, User
from portal.authz import Role
from portal.campuses.models import Campus
from portal.extensions import db
from portal.forms import options


def campus_choices(*, include_none: str | None = None):
    campuses = db.session.scalars(sa.select(Campus).where(Campus.active).order_by(Campus.name_nb)).all()
    pairs = [(c.id, c.name) for c in campuses]
    if include_none is not None:
        pairs.insert(0, (0, include_none))
    return options(pairs)


def active_students() -> sa.Select:
    """Every active student account: those who may vote and answer surveys."""
    return sa.select(User).where(
        User.active.is_(True),
        User.deleted_at.is_(None),
        sa.exists().where(RoleGrant.user_id == User.id, RoleGrant.role == Role.STUDENT),
    )


def student_counts_by_campus() -> tuple[int, dict[str, int]]:
    """(total, {"<campus id>" or "": count}) of active students by home campus."""
    students = active_students().subquery()
    rows = db.session.execute(
        sa.select(students.c.home_campus_id, sa.func.count()).group_by(students.c.home_campus_id)
    ).all()
    by_campus = {("" if campus is None else str(campus)): count for campus, count in rows}
    return sum(by_campus.values()), by_campus


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))

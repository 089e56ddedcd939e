"""Roles and the two ways views check access: coarse role gates and predicates."""

from __future__ import annotations

import enum
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


class Role(enum.StrEnum):
    STUDENT = "student"
    CAMPUS_LEADER = "campus_leader"  # scoped to a campus
    SECRETARY = "secretary"  # scoped to a committee
    COMMITTEE_MEMBER = "committee_member"  # scoped to a committee
    ADMINISTRATOR = "administrator"

    @property
    def scope(self) -> str | None:
        if self is Role.CAMPUS_LEADER:
            return "campus"
        if self in (Role.SECRETARY, Role.COMMITTEE_MEMBER):
            return "committee"
        return None


def signed_in(user) -> bool:
    """A signed-in person whose account is active: the start of every permission predicate."""
    return user is not None and user.is_authenticated and user.is_active


def ensure(condition: bool) -> None:
    """Refuse with 403 unless the predicate holds."""
    if not condition:
        abort(403)


def role_required(role: Role):
    """Gate a view on holding a role (in any scope); scope is checked by predicates."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            ensure(current_user.has_role(role))
            return view(*args, **kwargs)

        return wrapped

    return decorator

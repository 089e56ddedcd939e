"""Who may read and change a committee's meetings, agenda items and escalated issues.

Only the committee's own secretaries change anything; its members read everything the
secretaries read. Administrators, campus leaders and students hold neither right unless
they also hold one of those roles for this committee.
"""

from __future__ import annotations

from portal.authz import Role


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def is_secretary(user, committee) -> bool:
    return _signed_in(user) and user.has_role(Role.SECRETARY, committee=committee)


def can_read(user, committee) -> bool:
    """The agenda, the items and the issues behind them, exports, the annual report."""
    return _signed_in(user) and (
        user.has_role(Role.SECRETARY, committee=committee)
        or user.has_role(Role.COMMITTEE_MEMBER, committee=committee)
    )


def can_manage(user, committee) -> bool:
    """Meetings, agenda items, decisions, sending issues back."""
    return is_secretary(user, committee)


def has_committee_role(user) -> bool:
    return _signed_in(user) and bool(user.committee_ids())

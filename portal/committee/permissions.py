"""Who may read and change a committee's meetings, agenda items and escalated issues.

Only the committee's own secretaries change anything; its members read everything the
secretaries read. Members are those with the member role, and those whose membership (a
seat with a term, see CommitteeMember) covers today. Campus leaders speak for their campus
council: they propose items, read published notices and answer consultations of their own
campus. Administrators and students hold none of these rights unless they also hold one
of those roles.
"""

from __future__ import annotations

from flask import g, has_request_context

from portal.authz import Role, signed_in


def _membership_committees(user) -> set[int]:
    """The committees the person serves on today by membership (one query per request)."""
    from portal.committee.queries import member_committee_ids, today_oslo

    if not has_request_context():
        return member_committee_ids(user, today_oslo())
    cache = g.setdefault("_committee_memberships", {})
    if user.id not in cache:
        cache[user.id] = member_committee_ids(user, today_oslo())
    return cache[user.id]


def is_secretary(user, committee) -> bool:
    return signed_in(user) and user.has_role(Role.SECRETARY, committee=committee)


def is_member(user, committee) -> bool:
    """A seat on the committee today (member or substitute), through an account."""
    committee_id = committee if isinstance(committee, int) else committee.id
    return signed_in(user) and committee_id in _membership_committees(user)


def can_read(user, committee) -> bool:
    """The agenda, the items and the issues behind them, exports, the annual report."""
    return signed_in(user) and (
        user.has_role(Role.SECRETARY, committee=committee)
        or user.has_role(Role.COMMITTEE_MEMBER, committee=committee)
        or is_member(user, committee)
    )


def can_manage(user, committee) -> bool:
    """Meetings, agenda items, decisions, sending issues back, members, notices, minutes."""
    return is_secretary(user, committee)


def leads_campus(user, campus) -> bool:
    campus_id = campus if isinstance(campus, int) else campus.id
    return signed_in(user) and user.has_role(Role.CAMPUS_LEADER, campus=campus_id)


def can_contribute(user, committee) -> bool:
    """Propose agenda items and see the committee's published notices: members and secretaries,
    and campus leaders for their campus councils."""
    return can_read(user, committee) or (signed_in(user) and user.has_role(Role.CAMPUS_LEADER))


def can_read_notice(user, meeting) -> bool:
    """The notice and agenda of a meeting: readers always; campus councils once it is published."""
    return can_read(user, meeting.committee) or (
        meeting.notice_published_at is not None and signed_in(user) and user.has_role(Role.CAMPUS_LEADER)
    )


def can_answer_consultation(user, consultation) -> bool:
    """Only the leaders of the campus council that was asked."""
    return leads_campus(user, consultation.campus_id)


def can_see_proposal(user, proposal) -> bool:
    return can_read(user, proposal.committee_id) or (signed_in(user) and proposal.proposer_id == user.id)


def has_committee_role(user) -> bool:
    return signed_in(user) and bool(user.committee_ids())


def has_committee_page(user) -> bool:
    """Whether the main menu links the committee pages: a role, a seat, or a campus council."""
    return signed_in(user) and (
        bool(user.committee_ids()) or user.has_role(Role.CAMPUS_LEADER) or bool(_membership_committees(user))
    )

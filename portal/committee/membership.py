"""Writes for a committee's members, chairs and settings (DESIGN.md §3.3).

Functions flush and never commit; every change is in the audit log. Raises CommitteeError
with the form field the rule concerns.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.audit.service import audit_record, audited, snapshot
from portal.committee.errors import CommitteeError
from portal.committee.models import (
    MEETING_LANGUAGES,
    VOTING_SEATS,
    Committee,
    CommitteeChair,
    CommitteeMember,
    CompositionRule,
    Seat,
)
from portal.committee.queries import chair_of, member_history, memberships_of_person
from portal.db import bump_version
from portal.extensions import db

FIRST_YEAR, LAST_YEAR = 2000, 2100


# What the audit log records of a membership, before and after each change.
MEMBER_AUDITED = ("committee_id", "user_id", "name", "seat", "substitute", "rank", "term_start", "term_end")


def _audit(actor, action: str, target_type: str, target_id, before=None, after=None) -> None:
    audit_record(
        actor=actor, action=action, target_type=target_type, target_id=target_id, before=before, after=after
    )


def _check_term(term_start: date | None, term_end: date | None) -> tuple[date, date]:
    """The term, both dates given and in order."""
    if term_start is None:
        raise CommitteeError("term-needed", "term_start")
    if term_end is None:
        raise CommitteeError("term-needed", "term_end")
    if not (FIRST_YEAR <= term_start.year <= LAST_YEAR and FIRST_YEAR <= term_end.year <= LAST_YEAR):
        raise CommitteeError("term-years", "term_start")
    if term_end < term_start:
        raise CommitteeError("term-order", "term_end")
    return term_start, term_end


def _check_overlap(committee_id: int, *, user_id, name: str, term_start: date, term_end: date, exclude=None):
    """One person holds one seat at a time: the same term again is "added twice", any other
    overlap is "overlapping terms"."""
    field = "user" if user_id is not None else "name"
    for other in memberships_of_person(committee_id, user_id=user_id, name=name):
        if exclude is not None and other.id == exclude.id:
            continue
        if other.term_start <= term_end and term_start <= other.term_end:
            if (other.term_start, other.term_end) == (term_start, term_end):
                raise CommitteeError("member-twice", field, name=other.name)
            raise CommitteeError(
                "terms-overlap",
                "term_start",
                name=other.name,
                start=other.term_start.isoformat(),
                end=other.term_end.isoformat(),
            )


def member_add(
    *,
    committee: Committee,
    actor,
    seat: str,
    term_start: date | None,
    term_end: date | None,
    user=None,
    name: str | None = None,
    email: str | None = None,
    substitute: bool = False,
    rank: int = 0,
) -> CommitteeMember:
    """Give a person (an account, or a name without one) a seat for a term.

    Raises CommitteeError: "unknown-seat", "name-needed", "inactive-account", "term-needed",
    "term-years", "term-order", "member-twice", "terms-overlap".
    """
    if seat not in {s.value for s in Seat}:
        raise CommitteeError("unknown-seat", "seat")
    if user is not None and not user.is_active:
        raise CommitteeError("inactive-account", "user")
    name = (user.name if user is not None else (name or "")).strip()
    if not name:
        raise CommitteeError("name-needed", "name")
    term_start, term_end = _check_term(term_start, term_end)
    _check_overlap(
        committee.id,
        user_id=user.id if user is not None else None,
        name=name,
        term_start=term_start,
        term_end=term_end,
    )
    member = CommitteeMember(
        committee_id=committee.id,
        user_id=user.id if user is not None else None,
        name=name,
        email=None if user is not None else ((email or "").strip() or None),
        seat=Seat(seat),
        substitute=bool(substitute),
        rank=max(0, min(int(rank or 0), 99)),
        term_start=term_start,
        term_end=term_end,
    )
    with audited(actor=actor, action="committee.member.add", target=member, fields=MEMBER_AUDITED):
        db.session.add(member)
    return member


def member_update(
    *,
    member: CommitteeMember,
    actor,
    seat: str,
    term_start: date | None,
    term_end: date | None,
    substitute: bool,
    rank: int,
    email: str | None,
    expected_version: int | None,
) -> CommitteeMember:
    """Change a membership's seat, term (e.g. end it early) or substitute order.

    Raises CommitteeError as member_add, and "chair-outside-term" when the member chairs a
    year the new term no longer covers, "stale".
    """
    if seat not in {s.value for s in Seat}:
        raise CommitteeError("unknown-seat", "seat")
    term_start, term_end = _check_term(term_start, term_end)
    _check_overlap(
        member.committee_id,
        user_id=member.user_id,
        name=member.name,
        term_start=term_start,
        term_end=term_end,
        exclude=member,
    )
    chaired = db.session.scalars(
        sa.select(CommitteeChair.year).where(
            sa.or_(CommitteeChair.chair_id == member.id, CommitteeChair.vice_chair_id == member.id)
        )
    ).all()
    outside = [year for year in chaired if not (term_start.year <= year <= term_end.year)]
    if outside or (chaired and (substitute or seat not in VOTING_SEATS)):
        raise CommitteeError("chair-outside-term", "term_end", years=", ".join(map(str, sorted(chaired))))
    with audited(actor=actor, action="committee.member.update", target=member, fields=MEMBER_AUDITED):
        if not bump_version(member, expected_version):
            raise CommitteeError("stale")
        member.seat = Seat(seat)
        member.term_start, member.term_end = term_start, term_end
        member.substitute = bool(substitute)
        member.rank = max(0, min(int(rank or 0), 99))
        if member.user_id is None:
            member.email = (email or "").strip() or None
    return member


def member_remove(*, member: CommitteeMember, actor) -> None:
    """Remove a membership added by mistake. One that is on record (summoned to a meeting,
    chairing a year) stays: end its term instead. Raises CommitteeError("member-has-history")."""
    if member_history(member):
        raise CommitteeError("member-has-history")
    before = snapshot(member, MEMBER_AUDITED)
    member_id = member.id
    db.session.delete(member)
    db.session.flush()
    _audit(actor, "committee.member.remove", "committee_member", member_id, before=before)


def _chair_candidate(
    member: CommitteeMember | None, committee: Committee, year: int, field: str
) -> CommitteeMember:
    """The member, if they may chair the committee that year."""
    if (
        member is None
        or member.committee_id != committee.id
        or member.substitute
        or member.seat not in VOTING_SEATS
        or not (member.term_start.year <= year <= member.term_end.year)
    ):
        raise CommitteeError(
            "chair-not-member" if field == "chair" else "vice-chair-not-member", field, year=year
        )
    return member


def chair_set(
    *,
    committee: Committee,
    year: int,
    chair: CommitteeMember | None,
    vice_chair: CommitteeMember | None,
    actor,
) -> CommitteeChair:
    """The chair and vice-chair for a year: members of the committee (student or staff seat,
    not substitutes) whose term reaches into that year.

    Raises CommitteeError: "year-range", "chair-not-member", "vice-chair-not-member", "same-person".
    """
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        raise CommitteeError("year-range", "year")
    chair = _chair_candidate(chair, committee, year, "chair")
    if vice_chair is not None:
        _chair_candidate(vice_chair, committee, year, "vice_chair")
        if vice_chair.id == chair.id or (
            vice_chair.user_id is not None and vice_chair.user_id == chair.user_id
        ):
            raise CommitteeError("same-person", "vice_chair")
    row = chair_of(committee.id, year)
    before = {"chair": row.chair_id, "vice_chair": row.vice_chair_id} if row else None
    if row is None:
        row = CommitteeChair(committee_id=committee.id, year=year, chair_id=chair.id)
        db.session.add(row)
    row.chair_id = chair.id
    row.vice_chair_id = vice_chair.id if vice_chair is not None else None
    db.session.flush()
    db.session.expire(row, ["chair", "vice_chair"])
    _audit(
        actor,
        "committee.chair.set",
        "committee_chair",
        row.id,
        before=before,
        after={"year": year, "chair": row.chair_id, "vice_chair": row.vice_chair_id},
    )
    return row


def committee_settings_save(
    *, committee: Committee, language: str, composition_rule: str, chair_alternates: bool, actor
) -> Committee:
    """The committee's meeting language (nb or nn) and its composition rule.

    Raises CommitteeError: "unknown-language", "unknown-rule".
    """
    if language not in MEETING_LANGUAGES:
        raise CommitteeError("unknown-language", "language")
    if composition_rule not in {r.value for r in CompositionRule}:
        raise CommitteeError("unknown-rule", "composition_rule")
    before = {
        "language": committee.language,
        "composition_rule": committee.composition_rule,
        "chair_alternates": committee.chair_alternates,
    }
    committee.language = language
    committee.composition_rule = composition_rule
    committee.chair_alternates = bool(chair_alternates)
    db.session.flush()
    _audit(
        actor,
        "committee.settings",
        "committee",
        committee.id,
        before=before,
        after={
            "language": language,
            "composition_rule": composition_rule,
            "chair_alternates": bool(chair_alternates),
        },
    )
    return committee

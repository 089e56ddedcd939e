"""Who may do what with surveys: small predicates, checked in views with ensure()."""

from __future__ import annotations

from portal.authz import Role
from portal.surveys.models import Status


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_student(user) -> bool:
    return _signed_in(user) and user.has_role(Role.STUDENT)


def owner_scopes(user) -> tuple[set[int], set[int]]:
    """(committee ids, campus ids) this person may publish rounds for."""
    if not _signed_in(user):
        return set(), set()
    return user.committee_ids(Role.SECRETARY), set(user.led_campus_ids)


def can_create_rounds(user) -> bool:
    committees, campuses = owner_scopes(user)
    return bool(committees or campuses)


def can_own(user, *, committee_id: int | None = None, campus_id: int | None = None) -> bool:
    committees, campuses = owner_scopes(user)
    if committee_id is not None:
        return committee_id in committees
    return campus_id is not None and campus_id in campuses


def is_owner(user, survey_round) -> bool:
    """The committee's secretaries for a committee round; the campus's leaders for a campus round."""
    return can_own(user, committee_id=survey_round.committee_id, campus_id=survey_round.campus_id)


def in_committee(user, survey_round) -> bool:
    """Members and secretaries of the owning committee, or of any committee for a campus round."""
    if not _signed_in(user):
        return False
    committees = user.committee_ids(Role.SECRETARY, Role.COMMITTEE_MEMBER)
    if survey_round.committee_id is not None:
        return survey_round.committee_id in committees
    return bool(committees)


def in_audience(user, survey_round) -> bool:
    if not is_student(user):
        return False
    return survey_round.all_campuses or user.home_campus_id in survey_round.audience_ids


def can_see_rate(user, survey_round) -> bool:
    """The live response rate (counts only): the owners and the committee."""
    return is_owner(user, survey_round) or in_committee(user, survey_round)


def can_read_results(user, survey_round, status: Status) -> bool:
    """Owners and the committee during and after the round; every signed-in person once published."""
    if status == Status.UPCOMING:
        return False
    if is_owner(user, survey_round) or in_committee(user, survey_round):
        return True
    return status == Status.PUBLISHED and _signed_in(user)


def can_read_free_text(user, survey_round) -> bool:
    """Free-text answers: the owners only (never broken down by campus, and only above the minimum)."""
    return is_owner(user, survey_round)

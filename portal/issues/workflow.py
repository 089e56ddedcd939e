"""Issue statuses and the one rule table of who may move an issue where (DESIGN.md §3.2).

Views, services and tests all read TRANSITIONS; no status change exists outside it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    NEEDS_INFO = "needs_info"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MERGED = "merged"
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    REFERRED = "referred"
    ON_AGENDA = "on_agenda"
    DECIDED = "decided"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.SUBMITTED: _l("Submitted"),
    Status.NEEDS_INFO: _l("Needs more information"),
    Status.ACCEPTED: _l("Accepted"),
    Status.REJECTED: _l("Rejected"),
    Status.MERGED: _l("Merged"),
    Status.RESOLVED: _l("Resolved"),
    Status.ESCALATED: _l("Sent to the committee"),
    Status.REFERRED: _l("Referred to a responsible unit"),
    Status.ON_AGENDA: _l("On the committee's agenda"),
    Status.DECIDED: _l("Decided"),
    Status.CLOSED: _l("Closed"),
}

# Still being worked on: listed as open, may be supported.
OPEN_STATUSES = frozenset(
    {
        Status.SUBMITTED,
        Status.NEEDS_INFO,
        Status.ACCEPTED,
        Status.ESCALATED,
        Status.REFERRED,
        Status.ON_AGENDA,
    }
)
# In the campus council's inbox. A referred issue stays there: the council follows it up, and
# the inbox flags a referral whose answer is overdue (portal.referrals).
IN_CAMPUS_INBOX = frozenset({Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.REFERRED})
# Waiting for the campus leaders (the inbox counts their age). Not a referred issue: it waits
# for the unit, against the referral's own due date.
WAITING_FOR_LEADERS = frozenset({Status.SUBMITTED, Status.ACCEPTED})
# Sent to a committee and not yet decided.
WITH_COMMITTEE = frozenset({Status.ESCALATED, Status.ON_AGENDA})
# An outcome was reached: these close automatically after 30 days.
OUTCOME_STATUSES = frozenset({Status.REJECTED, Status.RESOLVED, Status.DECIDED})
# Reaching one of these records the issue's outcome time (a merge is the end of the road too).
ENDS_THE_ROAD = OUTCOME_STATUSES | {Status.MERGED}
# An issue in one of these cannot take in another by merging.
NOT_MERGEABLE_INTO = frozenset({Status.MERGED, Status.CLOSED, Status.REJECTED})


class Actor(enum.StrEnum):
    LEADER = "campus_leader"  # a campus leader of the issue's campus
    SECRETARY = "secretary"  # a secretary of the committee the issue went to
    AUTHOR = "author"
    # A responsible unit answering a referral through its signed link: no account, no person recorded.
    UNIT = "unit"
    SYSTEM = "system"


class Needs(enum.StrEnum):
    """What a transition requires besides permission."""

    NOTHING = "nothing"
    QUESTION = "question"  # a question to the author (public)
    ANSWER = "answer"  # the author's answer (public)
    REASON = "reason"  # why it was rejected (public)
    TARGET = "target"  # the issue it merges into
    OUTCOME = "outcome"  # what was done (public)
    JUSTIFICATION = "justification"  # why it needs the committee
    NOTE = "note"  # a note back to the campus
    UNIT = "unit"  # the responsible unit and an answer due date (portal.referrals keeps them)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status
    actor: Actor
    needs: Needs = Needs.NOTHING

    @property
    def needs_public_note(self) -> bool:
        """A text the author and supporters will read is required."""
        return self.needs not in (Needs.NOTHING, Needs.TARGET, Needs.UNIT)

    @property
    def needs_committee(self) -> bool:
        return self.target == Status.ESCALATED


def _t(action, sources, target, actor, needs=Needs.NOTHING) -> Transition:
    return Transition(action, frozenset(sources), target, actor, needs)


TRANSITIONS: tuple[Transition, ...] = (
    _t("accept", {Status.SUBMITTED}, Status.ACCEPTED, Actor.LEADER),
    _t("ask", {Status.SUBMITTED, Status.ACCEPTED}, Status.NEEDS_INFO, Actor.LEADER, Needs.QUESTION),
    _t("answer", {Status.NEEDS_INFO}, Status.SUBMITTED, Actor.AUTHOR, Needs.ANSWER),
    _t("reject", {Status.SUBMITTED, Status.ACCEPTED}, Status.REJECTED, Actor.LEADER, Needs.REASON),
    _t("merge", {Status.SUBMITTED, Status.ACCEPTED}, Status.MERGED, Actor.LEADER, Needs.TARGET),
    _t("resolve", {Status.ACCEPTED}, Status.RESOLVED, Actor.LEADER, Needs.OUTCOME),
    _t("escalate", {Status.ACCEPTED}, Status.ESCALATED, Actor.LEADER, Needs.JUSTIFICATION),
    _t("send_back", {Status.ESCALATED}, Status.ACCEPTED, Actor.SECRETARY, Needs.NOTE),
    _t("place_on_agenda", {Status.ESCALATED}, Status.ON_AGENDA, Actor.SECRETARY),
    _t("decide", {Status.ON_AGENDA}, Status.DECIDED, Actor.SECRETARY),
    # Referral to the line (DESIGN.md §3.2): the campus leader refers an accepted issue; the
    # secretary refers an issue that is with the committee (escalated) instead of putting it on
    # an agenda. Either way the answer (or a withdrawal) returns the issue to the campus council.
    _t("refer", {Status.ACCEPTED}, Status.REFERRED, Actor.LEADER, Needs.UNIT),
    _t("refer", {Status.ESCALATED}, Status.REFERRED, Actor.SECRETARY, Needs.UNIT),
    _t("referral_answered", {Status.REFERRED}, Status.ACCEPTED, Actor.UNIT, Needs.ANSWER),
    _t("withdraw_referral", {Status.REFERRED}, Status.ACCEPTED, Actor.LEADER),
    _t("close", OUTCOME_STATUSES, Status.CLOSED, Actor.LEADER),
    _t("auto_close", OUTCOME_STATUSES, Status.CLOSED, Actor.SYSTEM),
)
# An action may have one row per actor ("refer": the leader from accepted, the secretary from escalated).
BY_ACTION: dict[str, tuple[Transition, ...]] = {}
for _transition in TRANSITIONS:
    BY_ACTION[_transition.action] = (*BY_ACTION.get(_transition.action, ()), _transition)


def permitted(status: str, action: str, actor: Actor) -> Transition | None:
    """The transition `actor` may take with `action` from `status`, or None: the rule table's verdict."""
    for transition in BY_ACTION.get(action, ()):
        if transition.actor == actor and status in transition.sources:
            return transition
    return None


def allowed_actions(status: Status, actor: Actor) -> list[Transition]:
    return [t for t in TRANSITIONS if t.actor == actor and status in t.sources]


def merge_problem(issue, target) -> str | None:
    """Why `issue` cannot merge into `target`, as an error code; None if it can."""
    if target is None:
        return "merge-unknown"
    if target.id == issue.id:
        return "merge-itself"
    if target.status in NOT_MERGEABLE_INTO:
        return "merge-closed"
    if target.campus_id != issue.campus_id and target.status not in WITH_COMMITTEE:
        return "merge-other-campus"
    if target.confidential or issue.confidential:
        # Merging makes the author a supporter of the other issue: it would show a
        # confidential issue to a student who may not see it.
        return "merge-confidential"
    return None


def apply_transition(issue, transition: Transition, *, actor: Actor, now, committee=None) -> None:
    """The side effects every status change has on the issue's own columns."""
    issue.status = transition.target
    issue.status_changed_at = now
    if transition.target == Status.ESCALATED:
        issue.committee_id = committee.id
    elif transition.target == Status.ACCEPTED:
        # Back with the campus council (sent back, or home from a referral): no committee holds it.
        issue.committee_id = None
    if actor in (Actor.LEADER, Actor.SECRETARY) and issue.first_response_at is None:
        issue.first_response_at = now
    if transition.target in ENDS_THE_ROAD:
        issue.outcome_at = now
        issue.outcome = transition.target


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(Status(status), status))

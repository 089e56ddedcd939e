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
    Status.ON_AGENDA: _l("On the committee's agenda"),
    Status.DECIDED: _l("Decided"),
    Status.CLOSED: _l("Closed"),
}

# Still being worked on: listed as open, may be supported.
OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.ESCALATED, Status.ON_AGENDA}
)
# In the campus council's inbox.
IN_CAMPUS_INBOX = frozenset({Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED})
# Waiting for the campus leaders (the inbox counts their age).
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
        return self.needs not in (Needs.NOTHING, Needs.TARGET)

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
    _t("close", OUTCOME_STATUSES, Status.CLOSED, Actor.LEADER),
    _t("auto_close", OUTCOME_STATUSES, Status.CLOSED, Actor.SYSTEM),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}


def transition_for(action: str) -> Transition | None:
    return BY_ACTION.get(action)


def permitted(status: str, action: str, actor: Actor) -> Transition | None:
    """The transition `actor` may take with `action` from `status`, or None: the rule table's verdict."""
    transition = BY_ACTION.get(action)
    if transition is None or transition.actor != actor or status not in transition.sources:
        return None
    return transition


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
    elif transition.action == "send_back":
        issue.committee_id = None
    if actor in (Actor.LEADER, Actor.SECRETARY) and issue.first_response_at is None:
        issue.first_response_at = now
    if transition.target in ENDS_THE_ROAD:
        issue.outcome_at = now
        issue.outcome = transition.target


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(Status(status), status))

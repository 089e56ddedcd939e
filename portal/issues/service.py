"""Writes for issues: raise, support, flag, follow, and every status change.

Functions flush and never commit. Status changes go through `issue_transition`,
which enforces the rule table in workflow.py and records a timeline event.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.authz import Role
from portal.core.counters import next_number
from portal.db import utcnow
from portal.extensions import db
from portal.issues.authors import cut_author_link, is_author, link_author
from portal.issues.models import Flag, Issue, IssueEvent, IssuePhoto, Support
from portal.issues.photos import StoredPhoto
from portal.issues.workflow import OPEN_STATUSES, Actor, Needs, Status, Transition, transition_for

CONFIDENTIAL_CATEGORIES = {"psychosocial"}


class IssueError(Exception):
    """A rule was broken; args[0] is a code the view turns into a translated message."""

    @property
    def code(self) -> str:
        return self.args[0]


def issue_submit(
    *,
    author,
    campus,
    category,
    title: str,
    description: str,
    language: str,
    anonymous: bool,
    photos: list[StoredPhoto] = (),
    submission_token: str | None = None,
) -> Issue:
    """Raise an issue. Gives it the next reference of its campus and year (gap-free).

    Raises IssueError("inactive") for an inactive campus or category.
    """
    if not campus.active or not category.active:
        raise IssueError("inactive")
    now = utcnow()
    sequence = next_number("issue", campus.id, now.year)
    issue = Issue(
        reference=f"{campus.code}-{now.year}-{sequence:04d}",
        campus_id=campus.id,
        year=now.year,
        sequence=sequence,
        category_id=category.id,
        title=title.strip(),
        description=description.strip(),
        language=language,
        anonymous=anonymous,
        confidential=category.slug in CONFIDENTIAL_CATEGORIES,
        status=Status.SUBMITTED,
        status_changed_at=now,
        submission_token=submission_token,
        created_at=now,
    )
    db.session.add(issue)
    db.session.flush()
    link_author(issue=issue, user=author)
    for position, photo in enumerate(photos):
        db.session.add(
            IssuePhoto(
                issue_id=issue.id,
                filename=photo.filename,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
                size=photo.size,
                position=position,
            )
        )
    db.session.add(
        IssueEvent(
            issue_id=issue.id, at=now, action="submit", actor_role=Actor.AUTHOR, to_status=Status.SUBMITTED
        )
    )
    db.session.flush()
    signals.issue_submitted.send(issue)
    return issue


def issue_by_submission_token(token: str | None, author) -> Issue | None:
    if not token:
        return None
    issue = db.session.scalar(sa.select(Issue).where(Issue.submission_token == token))
    if issue is not None and is_author(author, issue):
        return issue
    return None


def supportable(issue: Issue) -> bool:
    return issue.status in OPEN_STATUSES and not issue.confidential and not issue.hidden


def support_add(*, issue: Issue, user) -> bool:
    """Support an issue once. Returns False if the student already supported it.

    Raises IssueError("own-issue"), ("not-supportable") or ("not-student").
    """
    if not user.has_role(Role.STUDENT):
        raise IssueError("not-student")
    if not supportable(issue):
        raise IssueError("not-supportable")
    if is_author(user, issue):
        raise IssueError("own-issue")
    try:
        with db.session.begin_nested():
            db.session.add(Support(issue_id=issue.id, user_id=user.id))
    except IntegrityError:
        return False  # the unique constraint: one support per student per issue
    db.session.execute(
        sa.update(Issue).where(Issue.id == issue.id).values(support_count=Issue.support_count + 1)
    )
    db.session.refresh(issue, ["support_count"])
    return True


def support_withdraw(*, issue: Issue, user) -> bool:
    result = db.session.execute(
        sa.delete(Support).where(Support.issue_id == issue.id, Support.user_id == user.id)
    )
    if result.rowcount:
        db.session.execute(
            sa.update(Issue)
            .where(Issue.id == issue.id)
            .values(support_count=Issue.support_count - result.rowcount)
        )
        db.session.refresh(issue, ["support_count"])
    return bool(result.rowcount)


def supports(user, issue: Issue) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Support)
            .where(Support.issue_id == issue.id, Support.user_id == user.id)
        )
        > 0
    )


def flag_add(*, issue: Issue, user) -> bool:
    """Flag an issue as inappropriate, once per person. Returns False if already flagged."""
    if not user.has_role(Role.STUDENT):
        raise IssueError("not-student")
    try:
        with db.session.begin_nested():
            db.session.add(Flag(issue_id=issue.id, user_id=user.id))
    except IntegrityError:
        return False
    db.session.execute(sa.update(Issue).where(Issue.id == issue.id).values(flag_count=Issue.flag_count + 1))
    db.session.refresh(issue, ["flag_count"])
    return True


def author_unlink(*, issue: Issue, user) -> None:
    """The author cuts the link to their issue; from now on nothing connects them to it."""
    if not cut_author_link(issue=issue, user=user):
        raise IssueError("not-author")
    # What the portal told them about it goes too, so nothing of theirs points to the issue.
    from portal.notifications.models import Notification, OutboxMessage

    db.session.execute(
        sa.delete(Notification).where(
            Notification.user_id == user.id, Notification.link == f"/issues/{issue.reference}"
        )
    )
    if user.email:
        db.session.execute(
            sa.delete(OutboxMessage).where(
                OutboxMessage.to_address == user.email,
                OutboxMessage.status == OutboxMessage.PENDING,
                OutboxMessage.body_text.contains(issue.reference),
            )
        )


def issue_transition(
    *,
    issue: Issue,
    action: str,
    actor_user,
    actor: Actor,
    public_note: str | None = None,
    internal_note: str | None = None,
    show_actor_name: bool = False,
    expected_version: int | None = None,
    related_issue: Issue | None = None,
    committee=None,
) -> IssueEvent:
    """Move an issue by the rule table; records the event, sends issue_status_changed.

    Raises IssueError: "not-allowed" (no such transition from this status for this
    actor), "stale" (the issue changed since the form was loaded), "note-needed"
    (the transition requires a public note), "committee-needed" (escalating needs
    the committee it goes to). Permission to act on this issue (campus scope) is the
    caller's check: see permissions.py.
    """
    transition: Transition | None = transition_for(action)
    if transition is None or transition.actor != actor or issue.status not in transition.sources:
        raise IssueError("not-allowed")
    if expected_version is not None and expected_version != issue.version:
        raise IssueError("stale")
    public_note = (public_note or "").strip() or None
    internal_note = (internal_note or "").strip() or None
    if transition.needs not in (Needs.NOTHING, Needs.TARGET) and not public_note:
        raise IssueError("note-needed")
    if transition.target == Status.ESCALATED and committee is None:
        raise IssueError("committee-needed")
    now = utcnow()
    before = issue.status
    # Guard against a concurrent change: only one writer can move from this version.
    updated = db.session.execute(
        sa.update(Issue)
        .where(Issue.id == issue.id, Issue.version == issue.version)
        .values(version=Issue.version + 1)
    ).rowcount
    if not updated:
        raise IssueError("stale")
    db.session.refresh(issue, ["version"])
    issue.status = transition.target
    issue.status_changed_at = now
    if transition.target == Status.ESCALATED:
        issue.committee_id = committee.id
    elif action == "send_back":
        issue.committee_id = None
    if actor in (Actor.LEADER, Actor.SECRETARY) and issue.first_response_at is None:
        issue.first_response_at = now
    if transition.target in (Status.REJECTED, Status.RESOLVED, Status.DECIDED, Status.MERGED):
        issue.outcome_at = now
    event = IssueEvent(
        issue_id=issue.id,
        at=now,
        action=action,
        # The author of an anonymous issue is never recorded as an actor.
        actor_id=None if actor in (Actor.AUTHOR, Actor.SYSTEM) else actor_user.id,
        actor_role=actor,
        show_actor_name=show_actor_name and actor in (Actor.LEADER, Actor.SECRETARY),
        from_status=before,
        to_status=transition.target,
        public_note=public_note,
        internal_note=internal_note,
        related_issue_id=related_issue.id if related_issue is not None else None,
    )
    db.session.add(event)
    db.session.flush()
    signals.issue_status_changed.send(issue, event=event)
    return event

"""Every write to the issue's tables: raise, support, flag, follow, every status change,
merges, notes, moderation and the focus-area tag.

Functions flush and never commit. Status changes go through `issue_transition`,
which enforces the rule table in workflow.py and records a timeline event; what a
leader or secretary does is audited. Campus scope is the caller's check
(portal/issues/permissions.py, portal/triage/permissions.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.audit.service import audited
from portal.authz import Role
from portal.core.counters import next_number
from portal.db import bump_version, rows_changed, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import visible_or_none
from portal.issues.authors import author_of, cut_author_link, is_author, link_author
from portal.issues.models import Flag, Issue, IssueEvent, IssuePhoto, Support
from portal.issues.photos import StoredPhoto
from portal.issues.workflow import (
    OPEN_STATUSES,
    OUTCOME_STATUSES,
    Actor,
    Status,
    apply_transition,
    merge_problem,
    permitted,
)

CONFIDENTIAL_CATEGORIES = {"psychosocial"}
AUTO_CLOSE_AFTER = timedelta(days=30)
# The issue columns a leader's or secretary's action is audited by.
AUDITED_FIELDS = ("status", "version", "hidden", "hidden_reason", "merged_into_id", "committee_id")


class IssueError(DomainError):
    messages_module = "portal.issues.messages"


def issue_submit(
    *,
    author,
    campus,
    category,
    title: str,
    description: str,
    language: str,
    anonymous: bool,
    photos: Sequence[StoredPhoto] = (),
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
    support_count_adjust([issue], by=1)
    return True


def support_withdraw(*, issue: Issue, user) -> bool:
    removed = rows_changed(sa.delete(Support).where(Support.issue_id == issue.id, Support.user_id == user.id))
    if removed:
        support_count_adjust([issue], by=-removed)
    return bool(removed)


def support_count_adjust(issues: Iterable[Issue | int], *, by: int | None = None) -> None:
    """Keep Issue.support_count equal to the issue's support rows: add `by` atomically when
    one support came or went (safe under concurrent supporters), or recount when supports
    were moved or removed in bulk."""
    ids = [i if isinstance(i, int) else i.id for i in issues]
    if not ids:
        return
    if by is not None:
        values = {"support_count": Issue.support_count + by}
    else:
        values = {
            "support_count": sa.select(sa.func.count())
            .where(Support.issue_id == Issue.id)
            .correlate(Issue)
            .scalar_subquery()
        }
    db.session.execute(
        sa.update(Issue)
        .where(Issue.id.in_(ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for issue in issues:
        if isinstance(issue, Issue):
            db.session.refresh(issue, ["support_count"])


def supports(user, issue: Issue) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Support)
            .where(Support.issue_id == issue.id, Support.user_id == user.id)
        )
        or 0
    ) > 0


def flag_add(*, issue: Issue, user, reason: str | None = None) -> bool:
    """Flag an issue as inappropriate, once per person, with an optional reason (shown to the
    campus council, never with who gave it). Returns False if already flagged."""
    if not user.has_role(Role.STUDENT):
        raise IssueError("not-student")
    try:
        with db.session.begin_nested():
            db.session.add(Flag(issue_id=issue.id, user_id=user.id, reason=visible_or_none(reason)))
    except IntegrityError:
        return False
    db.session.execute(sa.update(Issue).where(Issue.id == issue.id).values(flag_count=Issue.flag_count + 1))
    db.session.refresh(issue, ["flag_count"])
    return True


def author_unlink(*, issue: Issue, user) -> None:
    """The author cuts the link to their issue; from now on nothing connects them to it.

    Sends `author_unlinked`, so the domains that told them about it (notifications,
    mail) remove what ties them to the issue. Raises IssueError("not-author").
    """
    if not cut_author_link(issue=issue, user=user):
        raise IssueError("not-author")
    signals.author_unlinked.send(issue, user=user)


def issue_lock(issue: Issue, expected_version: int | None = None) -> None:
    """Optimistic lock: move the issue to its next version, or raise IssueError("stale") if
    someone else changed it since `expected_version` (the form's) or since it was loaded."""
    if not bump_version(issue, expected_version):
        raise IssueError("stale")


def _clean(text: str | None) -> str | None:
    return visible_or_none(text)


def _privileged(actor: Actor) -> bool:
    return actor in (Actor.LEADER, Actor.SECRETARY)


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
    committee=None,
) -> IssueEvent:
    """Move an issue by the rule table; records the event, sends issue_status_changed.

    What a leader or secretary does is audited. Raises IssueError: "not-allowed" (no
    such transition from this status for this actor), "stale" (the issue changed since
    the form was loaded), "note-needed" (the transition requires a public note),
    "committee-needed" (escalating needs the committee it goes to). Permission to act
    on this issue (campus scope) is the caller's check.
    """
    with audited(actor=actor_user, action=f"issue.{action}", target=issue, fields=AUDITED_FIELDS) as audit:
        audit.skip = not _privileged(actor)
        event = _move(
            issue=issue,
            action=action,
            actor_user=actor_user,
            actor=actor,
            public_note=public_note,
            internal_note=internal_note,
            show_actor_name=show_actor_name,
            expected_version=expected_version,
            committee=committee,
        )
        audit.note(public_note=event.public_note, internal_note=event.internal_note)
    signals.issue_status_changed.send(issue, event=event)
    return event


def _move(
    *,
    issue: Issue,
    action: str,
    actor_user,
    actor: Actor,
    public_note: str | None,
    internal_note: str | None,
    show_actor_name: bool,
    expected_version: int | None,
    committee=None,
    related_issue: Issue | None = None,
) -> IssueEvent:
    transition = permitted(issue.status, action, actor)
    if transition is None:
        raise IssueError("not-allowed")
    public_note, internal_note = _clean(public_note), _clean(internal_note)
    if transition.needs_public_note and not public_note:
        raise IssueError("public-note-needed", "public_note")
    if transition.needs_committee and committee is None:
        raise IssueError("committee-needed", "committee")
    issue_lock(issue, expected_version)
    now = utcnow()
    before = issue.status
    apply_transition(issue, transition, actor=actor, now=now, committee=committee)
    event = IssueEvent(
        issue_id=issue.id,
        at=now,
        action=action,
        # The author of an anonymous issue is never recorded as an actor.
        actor_id=actor_user.id if _privileged(actor) else None,
        actor_role=actor,
        show_actor_name=show_actor_name and _privileged(actor),
        from_status=before,
        to_status=transition.target,
        public_note=public_note,
        internal_note=internal_note,
        related_issue_id=related_issue.id if related_issue is not None else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


def issue_merge(
    *,
    issue: Issue,
    target: Issue | None,
    leader,
    public_note: str | None = None,
    internal_note: str | None = None,
    show_name: bool = False,
    expected_version: int | None = None,
) -> IssueEvent:
    """Merge `issue` into `target`: its author and supporters become supporters of the target
    (nobody twice, nobody supporting their own issue); each is told and may withdraw.

    Raises IssueError with a "merge-…" code (field "target") or from issue_transition.
    """
    problem = merge_problem(issue, target)
    if problem or target is None:
        raise IssueError(problem or "merge-unknown", "target")
    moved_users = list(db.session.scalars(sa.select(Support.user_id).where(Support.issue_id == issue.id)))
    author = author_of(issue)
    target_author = author_of(target)
    with audited(actor=leader, action="issue.merge", target=issue, fields=AUDITED_FIELDS) as audit:
        event = _move(
            issue=issue,
            action="merge",
            actor_user=leader,
            actor=Actor.LEADER,
            public_note=public_note,
            internal_note=internal_note,
            show_actor_name=show_name,
            expected_version=expected_version,
            related_issue=target,
        )
        issue.merged_into_id = target.id
        # Sent before the supports move: the author and supporters of this issue are told.
        signals.issue_status_changed.send(issue, event=event)
        candidates = ([author.id] if author is not None else []) + moved_users
        already = set(db.session.scalars(sa.select(Support.user_id).where(Support.issue_id == target.id)))
        moved = [
            user_id
            for user_id in dict.fromkeys(candidates)
            if user_id not in already and (target_author is None or target_author.id != user_id)
        ]
        db.session.add_all(Support(issue_id=target.id, user_id=user_id) for user_id in moved)
        db.session.execute(sa.delete(Support).where(Support.issue_id == issue.id))
        db.session.flush()
        support_count_adjust([issue, target])
        audit.note(moved_supporters=len(moved), into=target.reference)
    return event


def issue_note(
    *,
    issue: Issue,
    author,
    public_note: str | None,
    internal_note: str | None,
    show_name: bool = False,
    actor: Actor = Actor.LEADER,
) -> IssueEvent:
    """A public update or an internal note without a status change. Audited.

    Sends `issue_noted` when there is a public update (supporters are told).
    Raises IssueError("note-needed").
    """
    public_note, internal_note = _clean(public_note), _clean(internal_note)
    if not public_note and not internal_note:
        raise IssueError("note-needed", "public_note")
    with audited(actor=author, action="issue.note", target=issue, fields=("version",)) as audit:
        issue_lock(issue)
        event = IssueEvent(
            issue_id=issue.id,
            action="note",
            actor_id=author.id,
            actor_role=actor,
            show_actor_name=show_name,
            public_note=public_note,
            internal_note=internal_note,
        )
        db.session.add(event)
        if issue.first_response_at is None and public_note:
            issue.first_response_at = utcnow()
        audit.note(public_note=public_note, internal_note=internal_note)
    if public_note:
        signals.issue_noted.send(issue, event=event)
    return event


def issue_hide(*, issue: Issue, leader, reason: str) -> None:
    """Hide the public text; the reason shows in its place. The original stays (and is in the
    audit log). Raises IssueError("note-needed")."""
    text = visible_or_none(reason)
    if not text:
        raise IssueError("note-needed", "reason")
    # The original text is kept in the audit log's "before".
    fields = (*AUDITED_FIELDS, "title", "description")
    with audited(actor=leader, action="issue.hide", target=issue, fields=fields):
        issue_lock(issue)
        issue.hidden, issue.hidden_reason = True, text


def issue_unhide(*, issue: Issue, leader) -> None:
    with audited(actor=leader, action="issue.unhide", target=issue, fields=AUDITED_FIELDS):
        issue_lock(issue)
        issue.hidden, issue.hidden_reason = False, None


def issue_flags_clear(*, issue: Issue, leader) -> int:
    """Clear the reports of an issue (moderation looked at it). Returns how many were cleared."""
    with audited(actor=leader, action="issue.clear-flags", target=issue, fields=("flag_count",)) as audit:
        cleared = rows_changed(
            sa.update(Flag)
            .where(Flag.issue_id == issue.id, Flag.cleared_at.is_(None))
            .values(cleared_at=utcnow())
        )
        issue.flag_count = 0
        audit.note(cleared=cleared)
    return cleared


def issue_focus_area_set(*, issue: Issue, focus_area, leader, allowed: Sequence) -> None:
    """Tag an issue with one of this year's adopted focus areas, or none. Audited.

    Raises IssueError("focus-area") for anything that is not in `allowed`.
    """
    if focus_area is not None and focus_area.id not in {f.id for f in allowed}:
        raise IssueError("focus-area", "focus_area")
    with audited(actor=leader, action="issue.focus-area", target=issue, fields=("focus_area_id",)):
        issue.focus_area_id = focus_area.id if focus_area is not None else None


def issues_auto_close(*, now=None) -> Sequence[Issue]:
    """Close rejected, resolved and decided issues 30 days after their outcome (daily, cron)."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Issue).where(
            Issue.status.in_(OUTCOME_STATUSES), Issue.status_changed_at <= now - AUTO_CLOSE_AFTER
        )
    ).all()
    for issue in due:
        issue_transition(issue=issue, action="auto_close", actor_user=None, actor=Actor.SYSTEM)
    return due

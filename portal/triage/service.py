"""Triage writes: status changes by the rule table, merges, public updates, moderation.

Every function audits what it did, flushes and never commits.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.audit.service import audit_record
from portal.db import utcnow
from portal.extensions import db
from portal.issues.authors import author_of
from portal.issues.models import Flag, Issue, IssueEvent, Support
from portal.issues.service import IssueError, issue_transition
from portal.issues.workflow import OUTCOME_STATUSES, Actor, Status
from portal.signals import issue_status_changed

AUTO_CLOSE_AFTER = timedelta(days=30)


def _snapshot(issue: Issue) -> dict:
    return {
        "status": issue.status,
        "version": issue.version,
        "hidden": issue.hidden,
        "hidden_reason": issue.hidden_reason,
        "merged_into": issue.merged_into_id,
        "committee": issue.committee_id,
    }


def triage_act(
    *,
    issue: Issue,
    action: str,
    leader,
    public_note: str | None,
    internal_note: str | None,
    show_name: bool,
    expected_version: int | None,
    committee=None,
) -> IssueEvent:
    """A leader moves an issue (accept, ask, reject, resolve, escalate, close). Audited.

    Merging has its own function. Raises IssueError from issue_transition.
    """
    if action == "merge":
        raise IssueError("not-allowed")
    before = _snapshot(issue)
    event = issue_transition(
        issue=issue,
        action=action,
        actor_user=leader,
        actor=Actor.LEADER,
        public_note=public_note,
        internal_note=internal_note,
        show_actor_name=show_name,
        expected_version=expected_version,
        committee=committee,
    )
    audit_record(
        actor=leader,
        action=f"issue.{action}",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after={**_snapshot(issue), "public_note": event.public_note, "internal_note": event.internal_note},
    )
    return event


def merge_target_problem(issue: Issue, target: Issue | None) -> str | None:
    """Why `issue` cannot merge into `target`, as an error code; None if it can."""
    if target is None:
        return "merge-unknown"
    if target.id == issue.id:
        return "merge-itself"
    if target.status in (Status.MERGED, Status.CLOSED, Status.REJECTED):
        return "merge-closed"
    if target.campus_id != issue.campus_id and target.status not in (Status.ESCALATED, Status.ON_AGENDA):
        return "merge-other-campus"
    if target.confidential or issue.confidential:
        # Merging makes the author a supporter of the other issue: it would show a
        # confidential issue to a student who may not see it.
        return "merge-confidential"
    return None


def triage_merge(
    *,
    issue: Issue,
    target: Issue,
    leader,
    public_note: str | None,
    internal_note: str | None,
    show_name: bool,
    expected_version: int | None,
) -> IssueEvent:
    """Merge `issue` into `target`: its author and supporters become supporters of the target
    (nobody twice, nobody supporting their own issue), each is told and may withdraw."""
    problem = merge_target_problem(issue, target)
    if problem:
        raise IssueError(problem)
    before = _snapshot(issue)
    moved_users = [
        u for u in db.session.scalars(sa.select(Support.user_id).where(Support.issue_id == issue.id))
    ]
    author = author_of(issue)
    target_author = author_of(target)
    event = issue_transition(
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
    candidates = ([author.id] if author is not None else []) + moved_users
    already = set(db.session.scalars(sa.select(Support.user_id).where(Support.issue_id == target.id)))
    moved = []
    for user_id in dict.fromkeys(candidates):
        if user_id in already or (target_author is not None and target_author.id == user_id):
            continue
        db.session.add(Support(issue_id=target.id, user_id=user_id))
        moved.append(user_id)
    db.session.execute(sa.delete(Support).where(Support.issue_id == issue.id))
    db.session.flush()
    for counted in (issue, target):
        counted.support_count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Support).where(Support.issue_id == counted.id)
        )
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.merge",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after={**_snapshot(issue), "moved_supporters": len(moved), "into": target.reference},
    )
    return event


def triage_note(
    *,
    issue: Issue,
    leader,
    public_note: str | None,
    internal_note: str | None,
    show_name: bool,
    actor: Actor = Actor.LEADER,
) -> IssueEvent:
    """A public update or an internal note without a status change."""
    public_note = (public_note or "").strip() or None
    internal_note = (internal_note or "").strip() or None
    if not public_note and not internal_note:
        raise IssueError("note-needed")
    event = IssueEvent(
        issue_id=issue.id,
        action="note",
        actor_id=leader.id,
        actor_role=actor,
        show_actor_name=show_name,
        public_note=public_note,
        internal_note=internal_note,
    )
    db.session.add(event)
    issue.version += 1
    if issue.first_response_at is None and public_note:
        issue.first_response_at = utcnow()
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.note",
        target_type="issue",
        target_id=issue.id,
        after={"public_note": public_note, "internal_note": internal_note},
    )
    if public_note:
        issue_status_changed.send(issue, event=event)
    return event


def moderation_hide(*, issue: Issue, leader, reason: str) -> None:
    """Hide the public text; the reason shows in its place. The original stays (and is in the audit log)."""
    reason = (reason or "").strip()
    if not reason:
        raise IssueError("note-needed")
    before = {**_snapshot(issue), "title": issue.title, "description": issue.description}
    issue.hidden, issue.hidden_reason = True, reason
    issue.version += 1
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.hide",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after=_snapshot(issue),
    )


def moderation_unhide(*, issue: Issue, leader) -> None:
    before = _snapshot(issue)
    issue.hidden, issue.hidden_reason = False, None
    issue.version += 1
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.unhide",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after=_snapshot(issue),
    )


def moderation_clear_flags(*, issue: Issue, leader) -> int:
    now = utcnow()
    cleared = db.session.execute(
        sa.update(Flag).where(Flag.issue_id == issue.id, Flag.cleared_at.is_(None)).values(cleared_at=now)
    ).rowcount
    before = {"flag_count": issue.flag_count}
    issue.flag_count = 0
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.clear-flags",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after={"flag_count": 0, "cleared": cleared},
    )
    return cleared


def auto_close(*, now=None) -> list[Issue]:
    """Close rejected, resolved and decided issues 30 days after their outcome (run daily from cron)."""
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(Issue).where(
            Issue.status.in_(OUTCOME_STATUSES), Issue.status_changed_at <= now - AUTO_CLOSE_AFTER
        )
    ).all()
    for issue in due:
        issue_transition(issue=issue, action="auto_close", actor_user=None, actor=Actor.SYSTEM)
    return due


def triage_tag_focus_area(*, issue: Issue, focus_area, leader, allowed: list) -> None:
    """Tag an issue with one of this year's adopted focus areas, or none. Audited.

    Raises IssueError("focus-area") for anything that is not in `allowed`.
    """
    if focus_area is not None and focus_area.id not in {f.id for f in allowed}:
        raise IssueError("focus-area")
    before = {"focus_area": issue.focus_area_id}
    issue.focus_area_id = focus_area.id if focus_area is not None else None
    db.session.flush()
    audit_record(
        actor=leader,
        action="issue.focus-area",
        target_type="issue",
        target_id=issue.id,
        before=before,
        after={"focus_area": issue.focus_area_id},
    )

"""The escalated inbox's groups, decided once per issue instead of on every inbox view.

When an issue is escalated (the `issue_status_changed` signal), its signature is computed
(portal/committee/similarity.py: Apertium for nynorsk when installed, the English bridge
for English) and compared with the stored signatures of the committee's escalated issues in
the same category: it joins the group with the highest average similarity at or above
similarity.THRESHOLD, or starts one keyed by its own id. When it leaves the escalated
status its row is deleted (and if the group was keyed by its id, the group takes the
smallest id left, so a key is always a member's id and never shared), so the table holds
the escalated issues only (the inbox still checks the issue's status).

`regroup()` (`flask --app portal portal committee regroup`) recomputes the groups of all
escalated issues in one batch with `group_signatures`, after a threshold or signature
change, after bulk imports, and once after the migration that made the table.

Only this domain's table is written here; the issues are only read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import cast

import sqlalchemy as sa

from portal.committee import similarity
from portal.committee.models import Committee, EscalatedIssueGroup
from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.workflow import Status
from portal.signals import issue_status_changed

log = logging.getLogger(__name__)


def _escalated(committee_id: int):
    return sa.and_(Issue.status == Status.ESCALATED, Issue.committee_id == committee_id)


def place_issue(issue: Issue) -> EscalatedIssueGroup:
    """Decide the group of a just escalated issue and store it (average link against the
    groups of its committee and category)."""
    committee_id = issue.committee_id
    assert committee_id is not None, "an escalated issue names its committee"
    try:
        signature = similarity.issue_signature(issue.title, issue.description, issue.language)
    except Exception:  # the grouping must never stop an escalation; regroup computes it again
        log.exception("no signature for issue %s", issue.id)
        signature = ""
    rows = db.session.execute(
        sa.select(
            EscalatedIssueGroup.category_id, EscalatedIssueGroup.group_key, EscalatedIssueGroup.signature
        )
        .join(Issue, Issue.id == EscalatedIssueGroup.issue_id)
        .where(
            _escalated(committee_id),
            EscalatedIssueGroup.committee_id == committee_id,
            EscalatedIssueGroup.issue_id != issue.id,
        )
    ).all()
    same = [(key, s) for category, key, s in rows if category == issue.category_id]
    corpus = [s for category, _key, s in rows if category != issue.category_id]
    key = similarity.place(signature, same, corpus)
    row = db.session.get(EscalatedIssueGroup, issue.id) or EscalatedIssueGroup(issue_id=issue.id)
    row.committee_id = committee_id
    row.category_id = issue.category_id
    row.signature = signature
    row.signature_version = similarity.SIGNATURE_VERSION
    row.group_key = key if key is not None else issue.id
    row.grouped_at = utcnow()
    db.session.add(row)
    db.session.flush()
    return row


@issue_status_changed.connect
def _on_status_changed(issue, event, **_extra):
    if event.to_status == Status.ESCALATED and issue.committee_id is not None:
        place_issue(issue)
    elif event.from_status == Status.ESCALATED:
        leave(issue.id)


def leave(issue_id: int) -> None:
    """Remove an issue from its group. A group's key is always one of its members' ids (so
    no two groups share one): when the issue whose id is the key leaves, the group takes
    the smallest id left."""
    row = db.session.get(EscalatedIssueGroup, issue_id)
    if row is None:
        return
    committee_id, key = row.committee_id, row.group_key
    db.session.delete(row)
    db.session.flush()
    if key != issue_id:
        return
    same = (EscalatedIssueGroup.committee_id == committee_id, EscalatedIssueGroup.group_key == key)
    successor = db.session.scalar(sa.select(sa.func.min(EscalatedIssueGroup.issue_id)).where(*same))
    if successor is not None:
        db.session.execute(
            sa.update(EscalatedIssueGroup).where(*same).values(group_key=successor),
            execution_options={"synchronize_session": False},
        )


def regroup(committees: Iterable[Committee] | None = None, *, fresh: bool = False) -> dict[str, int]:
    """Recompute the groups of every escalated issue of these committees (default: all) in
    one batch. Signatures are computed for issues that have none, an older
    SIGNATURE_VERSION, or all of them with `fresh`. Returns counts for the command."""
    if committees is None:
        ids = db.session.scalars(
            sa.select(Issue.committee_id).where(Issue.status == Status.ESCALATED).distinct()
        ).all()
        committee_ids = [i for i in ids if i is not None]
    else:
        committee_ids = [c.id for c in committees]
    stats = {"committees": 0, "issues": 0, "signed": 0, "groups": 0, "removed": 0}
    for committee_id in committee_ids:
        rows = db.session.execute(
            sa.select(
                Issue.id,
                Issue.category_id,
                EscalatedIssueGroup.signature,
                EscalatedIssueGroup.signature_version,
            )
            .outerjoin(EscalatedIssueGroup, EscalatedIssueGroup.issue_id == Issue.id)
            .where(_escalated(committee_id))
            .order_by(Issue.id)
        ).all()
        stale = [
            r.id
            for r in rows
            if fresh or not r.signature or r.signature_version != similarity.SIGNATURE_VERSION
        ]
        signatures = {r.id: r.signature for r in rows}
        for chunk in range(0, len(stale), 500):
            ids = stale[chunk : chunk + 500]
            texts = db.session.execute(
                sa.select(Issue.id, Issue.title, Issue.description, Issue.language).where(Issue.id.in_(ids))
            ).all()
            signed = similarity.issue_signatures([(t.title, t.description, t.language) for t in texts])
            signatures.update({t.id: s for t, s in zip(texts, signed, strict=True)})
        groups = similarity.group_signatures((r.id, r.category_id, signatures[r.id]) for r in rows)
        key_of = {issue_id: min(cast(list[int], group)) for group in groups for issue_id in group}
        category_of = {r.id: r.category_id for r in rows}
        now = utcnow()
        db.session.execute(
            sa.delete(EscalatedIssueGroup).where(
                sa.or_(
                    EscalatedIssueGroup.committee_id == committee_id,
                    EscalatedIssueGroup.issue_id.in_(list(key_of)),
                )
            )
        )
        if key_of:
            db.session.execute(
                sa.insert(EscalatedIssueGroup),
                [
                    {
                        "issue_id": issue_id,
                        "committee_id": committee_id,
                        "category_id": category_of[issue_id],
                        "signature": signatures[issue_id],
                        "signature_version": similarity.SIGNATURE_VERSION,
                        "group_key": key,
                        "grouped_at": now,
                    }
                    for issue_id, key in key_of.items()
                ],
            )
        stats["committees"] += 1
        stats["issues"] += len(rows)
        stats["signed"] += len(stale)
        stats["groups"] += len(groups)
    if committees is None:
        # Rows of issues that left the status without the signal (bulk changes).
        stats["removed"] = rows_changed(
            sa.delete(EscalatedIssueGroup).where(
                ~sa.exists().where(
                    Issue.id == EscalatedIssueGroup.issue_id,
                    Issue.status == Status.ESCALATED,
                    Issue.committee_id == EscalatedIssueGroup.committee_id,
                )
            )
        )
    db.session.flush()
    return stats

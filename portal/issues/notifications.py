"""Tell authors and supporters when their issues move, in each one's own language."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.navigation import external_url
from portal.extensions import db
from portal.issues.authors import author_of
from portal.issues.models import Support
from portal.issues.workflow import status_label
from portal.notifications.kinds import register_kind
from portal.notifications.privacy import issue_topic
from portal.notifications.service import notify
from portal.signals import issue_noted, issue_status_changed


def _render_status(p: dict) -> str:
    if p.get("into"):
        return _(
            "%(reference)s “%(title)s” was merged into %(into)s. You now support that issue.",
            reference=p["reference"],
            title=p["title"],
            into=p["into"],
        )
    if p.get("answered"):
        return _(
            "The responsible unit has answered about %(reference)s “%(title)s”",
            reference=p["reference"],
            title=p["title"],
        )
    if p.get("update"):
        return _(
            "There is an update on %(reference)s “%(title)s”", reference=p["reference"], title=p["title"]
        )
    return _(
        "%(reference)s “%(title)s” is now: %(status)s",
        reference=p["reference"],
        title=p["title"],
        status=status_label(p["status"]),
    )


register_kind("issue_status", label=_l("an issue I raised or support changes status"), render=_render_status)
register_kind(
    "issue_question",
    label=_l("the campus council asks me a question about my issue"),
    render=lambda p: _(
        "The campus council has a question about %(reference)s “%(title)s”",
        reference=p["reference"],
        title=p["title"],
    ),
)


def supporters_of(issue) -> Sequence[User]:
    return db.session.scalars(
        sa.select(User).join(Support, Support.user_id == User.id).where(Support.issue_id == issue.id)
    ).all()


@issue_status_changed.connect
@issue_noted.connect
def _on_issue_changed(issue, event, **_extra) -> None:
    author = author_of(issue)
    params = {"reference": issue.reference, "title": issue.title, "status": event.to_status or issue.status}
    link = ("issues.detail", {"reference": issue.reference})
    if event.action == "merge" and event.related_issue_id:
        target = event.related_issue or db.session.get(type(issue), event.related_issue_id)
        if target is not None:
            params["into"] = target.reference
            link = ("issues.detail", {"reference": target.reference})
    if event.action == "note":
        params["update"] = True
    if event.action == "referral_answered":
        params["answered"] = True
    context = {
        "issue": issue,
        "event": event,
        "url": external_url("issues.detail", reference=params.get("into") or issue.reference),
        "settings_url": external_url("notifications.settings"),
    }
    if event.action == "ask":
        if author is not None:
            notify(
                user=author,
                kind="issue_question",
                params=params,
                link=link,
                topic=issue_topic(issue),
                mail_template="issues/mail/question.txt",
                mail_context=context,
            )
        return
    if event.action == "answer":
        return  # the author's own answer goes back to the campus inbox; supporters need no notice
    recipients: list[tuple[User, str]] = []
    if author is not None:
        recipients.append((author, "author"))
    recipients += [(user, "supporter") for user in supporters_of(issue)]
    seen = set()
    for user, relation in recipients:
        if user.id in seen or user.id == event.actor_id:
            continue
        seen.add(user.id)
        notify(
            user=user,
            kind="issue_status",
            params=params,
            link=link,
            topic=issue_topic(issue),
            mail_template="issues/mail/status_changed.txt",
            mail_context={**context, "relation": relation},
        )


def followers_notify(
    issue, *, kind: str, params: dict, mail_template: str, mail_context: dict | None = None
) -> int:
    """Tell everyone who follows `issue` (its author, anonymous or not, through the author link,
    and its supporters) once each, in the portal and by e-mail if they want `kind`, each in
    their own language. Other domains (measures) reach followers through this function and
    never learn who they are. Returns how many were told."""
    author = author_of(issue)
    recipients: list[tuple[User, str]] = [(author, "author")] if author is not None else []
    recipients += [(user, "supporter") for user in supporters_of(issue)]
    context = {
        "issue": issue,
        "url": external_url("issues.detail", reference=issue.reference),
        "settings_url": external_url("notifications.settings"),
        **(mail_context or {}),
    }
    seen: set[int] = set()
    for user, relation in recipients:
        if user.id in seen:
            continue
        seen.add(user.id)
        notify(
            user=user,
            kind=kind,
            params=params,
            link=("issues.detail", {"reference": issue.reference}),
            topic=issue_topic(issue),
            mail_template=mail_template,
            mail_context={**context, "relation": relation},
        )
    return len(seen)

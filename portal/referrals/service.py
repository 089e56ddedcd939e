"""Writes for referrals and responsible units. Functions flush and never commit.

The issue's status moves only through portal.issues.service.issue_transition (the rule table
decides); this module keeps the referral row, its signed link and the unit's e-mail.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.audit.service import audited
from portal.db import rows_changed, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.service import IssueError, issue_transition
from portal.issues.workflow import Actor
from portal.referrals.mail import mail_unit
from portal.referrals.models import ANSWER_MAX, MESSAGE_MAX, Referral, ResponsibleUnit
from portal.referrals.tokens import new_nonce

DEFAULT_DAYS = 14
MAX_DAYS = 365
UNIT_FIELDS = ("name_nb", "name_nn", "name_en", "email", "language", "active")
REFERRAL_FIELDS = ("issue_id", "unit_id", "due_on", "answered_at", "withdrawn_at")


class ReferralError(DomainError):
    messages_module = "portal.referrals.messages"
    conflicts = frozenset({"stale", "not-referable", "answered", "withdrawn", "closed"})


def default_due_on(today: date | None = None) -> date:
    return (today or today_in_oslo()) + timedelta(days=DEFAULT_DAYS)


def _issue_error(error: IssueError) -> ReferralError:
    if error.code == "stale":
        return ReferralError("stale")
    if error.code == "not-allowed":
        return ReferralError("not-referable")
    return ReferralError(error.code, error.field)


def _text(value: str | None) -> str:
    return (value or "").strip()


def referral_create(
    *,
    issue,
    unit: ResponsibleUnit | None,
    due_on: date | None,
    actor_user,
    actor: Actor,
    message: str | None = None,
    public_note: str | None = None,
    expected_version: int | None = None,
) -> Referral:
    """Refer `issue` to `unit`, to be answered by `due_on`; the unit gets an e-mail in its own
    language with a signed link. Audited.

    Raises ReferralError: "unit" (none, or not in use), "due-needed", "due-past", "due-far",
    "confidential", "hidden", "too-long" (the message), "not-referable" (the rule table says
    no for this status and actor), "stale". Who may refer (campus, committee) is the caller's
    check (portal.referrals.permissions.referring_actor).
    """
    if unit is None or not unit.active:
        raise ReferralError("unit", "unit")
    today = today_in_oslo()
    if due_on is None:
        raise ReferralError("due-needed", "due_on")
    if due_on < today:
        raise ReferralError("due-past", "due_on")
    if due_on > today + timedelta(days=MAX_DAYS):
        raise ReferralError("due-far", "due_on")
    message = _text(message) or None
    if message and len(message) > MESSAGE_MAX:
        raise ReferralError("too-long", "message", max=MESSAGE_MAX)
    if issue.confidential:
        raise ReferralError("confidential")
    if issue.hidden:
        raise ReferralError("hidden")
    try:
        issue_transition(
            issue=issue,
            action="refer",
            actor_user=actor_user,
            actor=actor,
            public_note=public_note,
            expected_version=expected_version,
        )
    except IssueError as error:
        raise _issue_error(error) from error
    referral = Referral(
        issue=issue,
        unit=unit,
        referred_at=utcnow(),
        referred_by_id=actor_user.id,
        referred_by_role=actor,
        committee_id=issue.committee_id if actor == Actor.SECRETARY else None,
        due_on=due_on,
        message=message,
        nonce=new_nonce(),
    )
    with audited(actor=actor_user, action="referral.create", target=referral, fields=REFERRAL_FIELDS):
        db.session.add(referral)
    mail_unit(referral)
    return referral


def _close(referral: Referral, **values) -> bool:
    """Mark an open referral answered or withdrawn, once: two answers at the same time record one."""
    done = rows_changed(
        sa.update(Referral)
        .where(Referral.id == referral.id, Referral.answered_at.is_(None), Referral.withdrawn_at.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(referral)
    return bool(done)


def referral_answer(*, referral: Referral, answer: str | None) -> None:
    """The unit's answer, through its link (no account): it goes on the issue's timeline as a
    public note, and the issue returns to the campus council (accepted). The author and the
    supporters are told by the issue's own notifications. One use: a second answer is refused.

    Raises ReferralError: "answer-needed", "too-long" (field "answer"), "answered",
    "withdrawn", "closed" (the issue has moved on).
    """
    answer = _text(answer)
    if not answer:
        raise ReferralError("answer-needed", "answer")
    if len(answer) > ANSWER_MAX:
        raise ReferralError("too-long", "answer", max=ANSWER_MAX)
    _still_open(referral)
    with audited(actor=None, action="referral.answer", target=referral, fields=REFERRAL_FIELDS):
        if not _close(referral, answered_at=utcnow(), answer=answer):
            _still_open(referral)
        try:
            issue_transition(
                issue=referral.issue,
                action="referral_answered",
                actor_user=None,
                actor=Actor.UNIT,
                public_note=answer,
            )
        except IssueError as error:
            raise ReferralError("stale" if error.code == "stale" else "closed") from error


def _still_open(referral: Referral) -> None:
    if referral.answered_at is not None:
        raise ReferralError("answered")
    if referral.withdrawn_at is not None:
        raise ReferralError("withdrawn")


def referral_withdraw(*, referral: Referral, leader, public_note: str | None = None) -> None:
    """The campus council takes the referral back: the issue returns to accepted and the link stops
    working. Audited. Raises ReferralError: "answered", "withdrawn", "closed", "stale"."""
    _still_open(referral)
    with audited(actor=leader, action="referral.withdraw", target=referral, fields=REFERRAL_FIELDS):
        if not _close(referral, withdrawn_at=utcnow(), withdrawn_by_id=leader.id):
            _still_open(referral)
        try:
            issue_transition(
                issue=referral.issue,
                action="withdraw_referral",
                actor_user=leader,
                actor=Actor.LEADER,
                public_note=public_note,
            )
        except IssueError as error:
            raise ReferralError("stale" if error.code == "stale" else "closed") from error


def unit_save(*, unit: ResponsibleUnit | None, values: dict, actor) -> ResponsibleUnit:
    """Create or update a responsible unit; audited when something changed.

    Raises ReferralError("name-needed") or ("email") for what a form would have caught.
    """
    if not all(_text(values.get(f"name_{code}")) for code in ("nb", "nn", "en")):
        raise ReferralError("name-needed", "name_nb")
    if "@" not in _text(values.get("email")):
        raise ReferralError("email", "email")
    if values.get("language") not in ("nb", "nn", "en"):
        values = {**values, "language": "nb"}
    unit = unit or ResponsibleUnit()
    action = "unit.create" if unit.id is None else "unit.update"
    with audited(actor=actor, action=action, target=unit, fields=UNIT_FIELDS, only_if_changed=True):
        for name in UNIT_FIELDS:
            if name in values:
                value = values[name]
                setattr(unit, name, _text(value) if isinstance(value, str) else value)
        if unit.id is None:
            db.session.add(unit)
    return unit

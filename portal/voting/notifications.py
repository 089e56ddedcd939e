"""Announcements of a round's phases to every student, and news for a proposer, in each one's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload

from portal.accounts.models import User
from portal.accounts.queries import active_students
from portal.core.navigation import external_url
from portal.db import rows_changed, utcnow
from portal.extensions import db
from portal.i18n import current_language
from portal.notifications.kinds import register_kind
from portal.notifications.service import notify
from portal.voting.models import PHASE_ORDER, FocusProposal, Phase, ProposalStatus, VotingRound
from portal.voting.service import round_seal


def _committee(params: dict) -> str:
    names = params.get("committee") or {}
    return names.get(current_language()) or names.get("nb") or ""


def _proposal_title(params: dict) -> str:
    titles = params.get("title") or {}
    return titles.get(current_language()) or params.get("original") or ""


register_kind(
    "focus_proposals_open",
    label=_l("students can propose focus areas for the committee"),
    render=lambda p: _(
        "Propose focus areas for %(year)s to %(committee)s",
        year=p["year"],
        committee=_committee(p),
    ),
)
register_kind(
    "focus_voting_open",
    label=_l("voting on the committee's focus areas opens"),
    render=lambda p: _(
        "Vote on the focus areas for %(year)s of %(committee)s",
        year=p["year"],
        committee=_committee(p),
    ),
)
register_kind(
    "focus_proposal_decided",
    label=_l("a focus area I proposed is approved, declined or merged"),
    render=lambda p: {
        ProposalStatus.APPROVED: _("Your proposal “%(title)s” is on the ballot", title=_proposal_title(p)),
        ProposalStatus.DECLINED: _("Your proposal “%(title)s” was declined", title=_proposal_title(p)),
        ProposalStatus.MERGED: _(
            "Your proposal “%(title)s” was merged with a similar one", title=_proposal_title(p)
        ),
    }[p["status"]],
)


def _round_params(voting_round: VotingRound) -> dict:
    committee = voting_round.committee
    return {
        "round_id": voting_round.id,
        "year": voting_round.year,
        "committee": {code: committee.name_in(code) for code in ("nb", "nn", "en")},
    }


def _students() -> Sequence[User]:
    # Only addresses that were confirmed (or come from single sign-on) get mail.
    return db.session.scalars(
        active_students()
        .where(sa.or_(User.email_verified_at.is_not(None), User.oidc_subject.is_not(None)))
        .options(lazyload(User.role_grants))
        .order_by(User.id)
    ).all()


def _claim(voting_round: VotingRound, flag: str, now: datetime) -> bool:
    """Set a sent-flag only if nobody else has: two cron runs at once send once."""
    column = getattr(VotingRound, flag)
    claimed = rows_changed(
        sa.update(VotingRound)
        .where(VotingRound.id == voting_round.id, column.is_(None))
        .values({flag: now})
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(voting_round, [flag])
    return bool(claimed)


def _announce(voting_round: VotingRound, kind: str, template: str, closes: datetime) -> int:
    params = _round_params(voting_round)
    link = ("voting.round_detail", {"round_id": voting_round.id})
    context = {
        "round": voting_round,
        "url": external_url("voting.round_detail", round_id=voting_round.id),
        "settings_url": external_url("notifications.settings"),
        "closes": closes,
    }
    sent = 0
    for student in _students():
        if notify(
            user=student, kind=kind, params=params, link=link, mail_template=template, mail_context=context
        ):
            sent += 1
    return sent


def announcements_due(now: datetime | None = None) -> list[tuple[VotingRound, str, int]]:
    """Announce phases that have begun, once per round, and seal closed ballot boxes.

    Returns (round, what, count) for each thing done: "proposals" and "voting" with
    the number of students told, "skipped-proposals"/"skipped-voting" when a phase
    ended before the command ran (a stale announcement helps nobody), "sealed".
    """
    now = now or utcnow()
    done: list[tuple[VotingRound, str, int]] = []
    rounds = db.session.scalars(
        sa.select(VotingRound).where(
            VotingRound.proposals_open_at <= now,
            sa.or_(
                VotingRound.proposals_announced_at.is_(None),
                VotingRound.voting_announced_at.is_(None),
                VotingRound.sealed_at.is_(None),
            ),
        )
    ).all()
    for voting_round in rounds:
        phase = voting_round.phase_at(now)
        index = PHASE_ORDER.index(phase)
        if voting_round.proposals_announced_at is None and _claim(
            voting_round, "proposals_announced_at", now
        ):
            if phase == Phase.PROPOSALS:
                count = _announce(
                    voting_round,
                    "focus_proposals_open",
                    "voting/mail/proposals_open.txt",
                    voting_round.curation_at,
                )
                done.append((voting_round, "proposals", count))
            else:
                done.append((voting_round, "skipped-proposals", 0))
        if (
            index >= PHASE_ORDER.index(Phase.VOTING)
            and voting_round.voting_announced_at is None
            and _claim(voting_round, "voting_announced_at", now)
        ):
            if phase == Phase.VOTING:
                count = _announce(
                    voting_round,
                    "focus_voting_open",
                    "voting/mail/voting_open.txt",
                    voting_round.voting_close_at,
                )
                done.append((voting_round, "voting", count))
            else:
                done.append((voting_round, "skipped-voting", 0))
        if (
            index >= PHASE_ORDER.index(Phase.COUNTING)
            and voting_round.sealed_at is None
            and round_seal(voting_round=voting_round, now=now)
        ):
            done.append((voting_round, "sealed", 0))
    return done


def proposal_decided(proposal: FocusProposal) -> None:
    """Tell the proposer their proposal was approved, declined or merged."""
    if proposal.proposer_id is None:
        return
    proposer = db.session.get(User, proposal.proposer_id)
    params = {
        "status": proposal.status,
        "original": proposal.title,
        "title": {code: getattr(proposal, f"title_{code}") or proposal.title for code in ("nb", "nn", "en")},
        "round_id": proposal.round_id,
    }
    notify(
        user=proposer,
        kind="focus_proposal_decided",
        params=params,
        link=("voting.round_detail", {"round_id": proposal.round_id}),
        mail_template="voting/mail/proposal_decided.txt",
        mail_context={
            "proposal": proposal,
            "url": external_url("voting.round_detail", round_id=proposal.round_id),
            "settings_url": external_url("notifications.settings"),
        },
    )

"""Focus-area rounds: every write goes through here.

Functions flush and never commit; the view (or CLI command) commits once. Rules
that break raise VotingError with a code the view turns into a translated message.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import sqlalchemy as sa

from portal.accounts.models import User
from portal.accounts.queries import student_counts_by_campus
from portal.audit.service import audited
from portal.db import rows_changed, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.secrecy import AlreadyOnRoll, SecretBox, register_box, reseal, secret_cast
from portal.voting.models import (
    PHASE_ORDER,
    PHASE_STARTS,
    PROPOSALS_PER_STUDENT,
    Ballot,
    FocusProposal,
    Phase,
    ProposalStatus,
    VoterRoll,
    VotingRound,
)
from portal.voting.permissions import curation_open, is_student

TIME_FIELDS = tuple(attribute for _phase, attribute in PHASE_STARTS)
LANGUAGE_CODES = ("nb", "nn", "en")
# A time typed in a form has no seconds; "now" may be a minute older by the time it is sent.
TYPING_SLACK = timedelta(minutes=2)


def _rounds_voting(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(VotingRound.id).where(
                VotingRound.voting_open_at <= now, VotingRound.voting_close_at > now
            )
        )
    )


# The secret ballot: the voter roll apart from the ballot box (portal.secrecy).
BALLOT_BOX = register_box(
    SecretBox(
        name="ballot",
        round_table=VotingRound.__table__,
        roll=VoterRoll.__table__,
        box=Ballot.__table__,
        roll_day_column="voted_on",
        children={"ballot_choice": "ballot_id"},
        open_rounds=_rounds_voting,
    )
)


class VotingError(DomainError):
    """A rule of the round was broken (words in portal/voting/messages.py)."""

    messages_module = "portal.voting.messages"
    conflicts = frozenset({"stale", "already-voted"})


def _times_in_order(times: dict[str, datetime]) -> bool:
    values = [times[attribute] for attribute in TIME_FIELDS]
    return all(earlier <= later for earlier, later in itertools.pairwise(values))


def _first_out_of_order(times: dict[str, datetime]) -> str:
    for earlier, later in itertools.pairwise(TIME_FIELDS):
        if times[earlier] > times[later]:
            return later
    return TIME_FIELDS[-1]


# What the audit log records of a round and of a proposal.
ROUND_AUDIT_FIELDS = ("committee_id", "year", "max_choices", *TIME_FIELDS)
PROPOSAL_AUDIT_FIELDS = (
    "round_id",
    "status",
    "merged_into_id",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    *(f"description_{code}" for code in LANGUAGE_CODES),
    "decline_reason",
)


# Rounds -------------------------------------------------------------------------------------


def round_create(
    *, actor: User, committee, year: int, max_choices: int, times: dict[str, datetime]
) -> VotingRound:
    """Create a round (flushes, audits).

    Raises VotingError("exists") if the committee has a round that year, and
    VotingError("order", field) if the phases are not in order.
    """
    if not _times_in_order(times):
        raise VotingError("order", _first_out_of_order(times))
    exists = db.session.scalar(
        sa.select(VotingRound.id).where(VotingRound.committee_id == committee.id, VotingRound.year == year)
    )
    if exists is not None:
        raise VotingError("exists", "year")
    voting_round = VotingRound(
        committee_id=committee.id,
        year=year,
        max_choices=max_choices,
        created_by_id=actor.id,
        **{attribute: times[attribute] for attribute in TIME_FIELDS},
    )
    with audited(actor=actor, action="voting.round.create", target=voting_round, fields=ROUND_AUDIT_FIELDS):
        db.session.add(voting_round)
    return voting_round


def round_update(
    *,
    voting_round: VotingRound,
    actor: User,
    max_choices: int,
    times: dict[str, datetime],
    now: datetime | None = None,
) -> None:
    """Change the round's times and N (flushes, audits).

    A time that has passed is history and stays as it is; a future time can move
    to any moment from now on (to start a phase at once, use round_advance). N is
    fixed once voting has opened. Raises VotingError with the offending field.
    """
    now = now or utcnow()
    phase = voting_round.phase_at(now)
    new_times = {}
    for attribute in TIME_FIELDS:
        old, new = getattr(voting_round, attribute), times[attribute]
        # Forms carry minutes only: an unchanged time comes back without its seconds.
        if new == old.replace(second=0, microsecond=0) or new == old:
            new_times[attribute] = old
            continue
        if old <= now:
            raise VotingError("past-fixed", attribute)
        if new < now - TYPING_SLACK:
            raise VotingError("in-past", attribute)
        new_times[attribute] = max(new, now)
    if not _times_in_order(new_times):
        raise VotingError("order", _first_out_of_order(new_times))
    if max_choices != voting_round.max_choices and PHASE_ORDER.index(phase) >= PHASE_ORDER.index(
        Phase.VOTING
    ):
        raise VotingError("choices-locked", "max_choices")
    with audited(
        actor=actor,
        action="voting.round.update",
        target=voting_round,
        fields=ROUND_AUDIT_FIELDS,
        only_if_changed=True,
    ):
        voting_round.max_choices = max_choices
        for attribute, value in new_times.items():
            setattr(voting_round, attribute, value)


def round_advance(
    *, voting_round: VotingRound, actor: User, expected: str, now: datetime | None = None
) -> Phase:
    """Start the next phase now (flushes, audits); returns the new phase.

    `expected` is the phase the secretary saw: a double click or a replayed form
    must not skip a phase, so a mismatch raises VotingError("stale"). Closing the
    vote seals the ballot box at once.
    """
    now = now or utcnow()
    current = voting_round.phase_at(now)
    if current != expected:
        raise VotingError("stale")
    if current == Phase.PUBLISHED:
        raise VotingError("last-phase")
    following = PHASE_ORDER[PHASE_ORDER.index(current) + 1]
    with audited(
        actor=actor, action="voting.round.advance", target=voting_round, fields=ROUND_AUDIT_FIELDS
    ) as audit:
        setattr(voting_round, voting_round_start_attribute(following), now)
        audit.note(phase=following)
    if following in (Phase.COUNTING, Phase.PUBLISHED):
        round_seal(voting_round=voting_round, now=now)
    return following


def voting_round_start_attribute(phase: Phase) -> str:
    return next(attribute for p, attribute in PHASE_STARTS if p == phase)


# Proposals ----------------------------------------------------------------------------------


def proposal_submit(
    *, voting_round: VotingRound, author: User, title: str, reason: str, language: str, now=None
) -> FocusProposal:
    """A student proposes a focus area during the proposal phase (flushes).

    Raises VotingError: "not-student", "not-proposal-phase", "too-many-proposals", "duplicate-proposal".
    """
    now = now or utcnow()
    if not is_student(author):
        raise VotingError("not-student")
    if voting_round.phase_at(now) != Phase.PROPOSALS:
        raise VotingError("not-proposal-phase")
    if language not in LANGUAGE_CODES:
        raise VotingError("language", "language")
    title, reason = (title or "").strip(), (reason or "").strip()
    if not title or not reason:
        raise VotingError("empty", "title" if not title else "reason")
    mine = db.session.scalars(
        sa.select(FocusProposal.title).where(
            FocusProposal.round_id == voting_round.id, FocusProposal.proposer_id == author.id
        )
    ).all()
    if len(mine) >= PROPOSALS_PER_STUDENT:
        raise VotingError("too-many-proposals")
    if title.casefold() in {existing.casefold() for existing in mine}:
        raise VotingError("duplicate-proposal", "title")
    proposal = FocusProposal(
        round_id=voting_round.id,
        proposer_id=author.id,
        title=title,
        reason=reason,
        language=language,
        status=ProposalStatus.PENDING,
    )
    # The proposer's own language is a good first wording; curators adjust it.
    setattr(proposal, f"title_{language}", title)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _check_curation(proposal: FocusProposal, now: datetime) -> None:
    if not curation_open(proposal.round.phase_at(now)):
        raise VotingError("curation-closed")
    if proposal.status == ProposalStatus.MERGED:
        raise VotingError("merged")


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def proposal_curate(
    *, proposal: FocusProposal, actor: User, wording: dict[str, str | None], approve: bool, now=None
) -> bool:
    """Set the nb/nn/en wording and, if `approve`, put the proposal on the ballot (flushes, audits).

    Approval needs a title in all three languages. Returns True if the status changed.
    Raises VotingError: "curation-closed", "merged", "wording-needed" (field: the first missing title).
    """
    now = now or utcnow()
    _check_curation(proposal, now)
    changed = False
    with audited(
        actor=actor,
        action="voting.proposal.edit",
        target=proposal,
        fields=PROPOSAL_AUDIT_FIELDS,
        only_if_changed=True,
    ) as audit:
        for code in LANGUAGE_CODES:
            for stem in ("title", "description"):
                key = f"{stem}_{code}"
                if key in wording:
                    setattr(proposal, key, _clean(wording[key]))
        if approve:
            missing = [code for code in LANGUAGE_CODES if not getattr(proposal, f"title_{code}")]
            if missing:
                raise VotingError("wording-needed", f"title_{missing[0]}")
            changed = proposal.status != ProposalStatus.APPROVED
            proposal.status = ProposalStatus.APPROVED
            proposal.decline_reason = None
        if changed:
            audit.action = "voting.proposal.approve"
    return changed


def proposal_decline(*, proposal: FocusProposal, actor: User, reason: str, now=None) -> None:
    """Keep a proposal off the ballot, with a reason its proposer reads (flushes, audits)."""
    now = now or utcnow()
    _check_curation(proposal, now)
    reason = _clean(reason) or ""
    if not reason:
        raise VotingError("reason-needed", "reason")
    with audited(
        actor=actor, action="voting.proposal.decline", target=proposal, fields=PROPOSAL_AUDIT_FIELDS
    ):
        proposal.status = ProposalStatus.DECLINED
        proposal.decline_reason = reason
        proposal.adopted = False


def proposal_merge(*, proposal: FocusProposal, into: FocusProposal, actor: User, now=None) -> None:
    """Fold a proposal into another of the same round (flushes, audits).

    Proposals already merged into `proposal` follow it, so no chain is left behind.
    Raises VotingError: "curation-closed", "merged", "merge-target".
    """
    now = now or utcnow()
    _check_curation(proposal, now)
    if (
        into.id == proposal.id
        or into.round_id != proposal.round_id
        or into.status in (ProposalStatus.MERGED, ProposalStatus.DECLINED)
    ):
        raise VotingError("merge-target", "into")
    with audited(actor=actor, action="voting.proposal.merge", target=proposal, fields=PROPOSAL_AUDIT_FIELDS):
        proposal.status = ProposalStatus.MERGED
        proposal.merged_into_id = into.id
        proposal.adopted = False
        db.session.execute(
            sa.update(FocusProposal)
            .where(FocusProposal.merged_into_id == proposal.id)
            .values(merged_into_id=into.id)
        )


# Ballots ------------------------------------------------------------------------------------


def has_voted(voting_round: VotingRound, user) -> bool:
    return (
        db.session.scalar(
            sa.select(VoterRoll.voted_on).where(
                VoterRoll.round_id == voting_round.id, VoterRoll.user_id == user.id
            )
        )
        is not None
    )


def ballot_cast(
    *, voting_round: VotingRound, voter: User, proposal_ids: list[int], blank: bool, now=None
) -> None:
    """Cast one secret ballot: a voter-roll entry and an unlinked ballot, in the caller's transaction.

    Approval voting: 1 to N approved proposals of this round, or a blank ballot
    (no choices; it counts for turnout). The roll's primary key (round, user) is the
    one-ballot rule: if another request of the same student got there first, even at
    the same instant, the insert fails and VotingError("already-voted") is raised
    with nothing written. Other codes: "not-student", "not-open", "nothing-chosen",
    "blank-with-choices", "too-many", "invalid-choice".

    Nothing here records what was chosen next to who chose it: no log line, no
    audit event, no timestamp on the ballot.
    """
    now = now or utcnow()
    if not is_student(voter):
        raise VotingError("not-student")
    if voting_round.phase_at(now) != Phase.VOTING:
        raise VotingError("not-open")
    chosen = sorted(set(proposal_ids))
    if blank and chosen:
        raise VotingError("blank-with-choices", "choices")
    if not blank and not chosen:
        raise VotingError("nothing-chosen", "choices")
    if len(chosen) > voting_round.max_choices:
        raise VotingError("too-many", "choices", num=voting_round.max_choices)
    if chosen:
        valid = set(
            db.session.scalars(
                sa.select(FocusProposal.id).where(
                    FocusProposal.round_id == voting_round.id,
                    FocusProposal.status == ProposalStatus.APPROVED,
                    FocusProposal.id.in_(chosen),
                )
            )
        )
        if valid != set(chosen):
            raise VotingError("invalid-choice", "choices")
    if has_voted(voting_round, voter):
        raise VotingError("already-voted")
    try:
        secret_cast(
            BALLOT_BOX,
            round_id=voting_round.id,
            person_id=voter.id,
            values={"campus_id": voter.home_campus_id},
            children={"ballot_choice": [{"proposal_id": pid} for pid in chosen]},
            now=now,
        )
    except AlreadyOnRoll as error:
        raise VotingError("already-voted") from error


def round_seal(*, voting_round: VotingRound, now=None) -> bool:
    """After the close: reseal the round's ballot box a last time (portal.secrecy.reseal).

    Every ballot gets a new random id and all are written again in random order, and
    the roll rows too, in this one transaction, so neither the physical row order nor
    PostgreSQL's per-row transaction id (xmin) links a ballot to the roll any more.
    While voting is open, `flask portal reseal` does the same every few minutes.
    Also records how many students were eligible.
    Idempotent; returns False if there was nothing to do. Raises VotingError("not-closed").
    """
    now = now or utcnow()
    if PHASE_ORDER.index(voting_round.phase_at(now)) < PHASE_ORDER.index(Phase.COUNTING):
        raise VotingError("not-closed")
    if voting_round.sealed_at is not None:
        return False
    claimed = rows_changed(
        sa.update(VotingRound)
        .where(VotingRound.id == voting_round.id, VotingRound.sealed_at.is_(None))
        .values(sealed_at=now)
    )
    if not claimed:
        db.session.refresh(voting_round)
        return False
    reseal(BALLOT_BOX, round_id=voting_round.id, force=True, now=now)
    total, by_campus = student_counts_by_campus()
    voting_round.eligible_count = total
    voting_round.eligible_by_campus = by_campus
    voting_round.sealed_at = now
    db.session.flush()
    return True


def proposals_adopt(*, voting_round: VotingRound, actor: User, proposal_ids: list[int], now=None) -> None:
    """Mark which approved proposals the committee adopts as focus areas (flushes, audits).

    Only after voting has closed. Raises VotingError("not-closed") or ("invalid-choice").
    """
    now = now or utcnow()
    if PHASE_ORDER.index(voting_round.phase_at(now)) < PHASE_ORDER.index(Phase.COUNTING):
        raise VotingError("not-closed")
    approved = db.session.scalars(
        sa.select(FocusProposal).where(
            FocusProposal.round_id == voting_round.id, FocusProposal.status == ProposalStatus.APPROVED
        )
    ).all()
    wanted = set(proposal_ids)
    if not wanted <= {p.id for p in approved}:
        raise VotingError("invalid-choice", "adopted")
    before = sorted(p.id for p in approved if p.adopted)
    with audited(actor=actor, action="voting.adopt", target=voting_round, fields=()) as audit:
        for proposal in approved:
            proposal.adopted = proposal.id in wanted
        audit.note(adopted=sorted(wanted), adopted_before=before)
        audit.skip = before == sorted(wanted)

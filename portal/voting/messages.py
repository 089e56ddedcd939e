"""The person-facing words for each VotingError code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

MESSAGES = {
    "default": _l("That is not possible in this round now."),
    "not-student": _l("Only students can do this."),
    "not-open": _l("Voting is not open in this round."),
    "not-proposal-phase": _l("Proposals are not open in this round."),
    "already-voted": _l("You have already voted in this round. A vote cannot be changed."),
    "nothing-chosen": _l("Choose at least one focus area, or cast a blank ballot."),
    "blank-with-choices": _l(
        "You chose focus areas and pressed “Cast a blank ballot”. Uncheck them to vote blank, "
        "or press “Cast my vote”."
    ),
    "too-many": lambda params: ngettext(
        "Choose at most one focus area.", "Choose at most %(num)d focus areas.", params.get("num", 0)
    ),
    "invalid-choice": _l("One of your choices is not on the ballot. Look at the ballot again."),
    "too-many-proposals": _l("You have made as many proposals as one student can in this round."),
    "duplicate-proposal": _l("You have already proposed this."),
    "language": _l("Choose a language."),
    "empty": _l("Fill in both the focus area and why."),
    "curation-closed": _l("Proposals cannot be changed any more: voting has begun."),
    "merged": _l("This proposal is merged into another. Work on that one instead."),
    "wording-needed": _l("Write the title in bokmål, nynorsk and English before you approve it."),
    "reason-needed": _l("Give a reason. The student who proposed it will read it."),
    "merge-target": _l("Choose another proposal of this round that is not declined or merged."),
    "exists": _l("The committee already has a round for this year."),
    "order": _l("Each phase must start after the one before: check the times."),
    "past-fixed": _l("This time has passed and cannot be changed any more."),
    "in-past": _l("Choose a time from now on. To start a phase at once, use the button on the round page."),
    "choices-locked": _l("Voting has opened: the number of choices cannot be changed any more."),
    "stale": _l("The round had already moved on. Look at it again before you go on."),
    "last-phase": _l("The results are already published."),
    "not-closed": _l("Voting has not closed yet."),
}

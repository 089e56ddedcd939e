"""The committee domain's refusal: one error class, its words in portal.committee.messages."""

from __future__ import annotations

from portal.errors import DomainError


class CommitteeError(DomainError):
    """A committee rule said no. `code` names the rule (see MESSAGES), `field` the form field
    it concerns; `references` (the issues concerned, comma-separated) fills the message."""

    messages_module = "portal.committee.messages"
    # The state changed since the page was loaded, or does not allow the step: 409.
    conflicts = frozenset(
        {
            "stale",
            "not-escalated",
            "meeting-not-held",
            "item-decided",
            "minutes-published",
            "meeting-held",
            "absence-too-late",
            "substitute-called",
            "already-replaced",
            "minutes-approved",
            "proposal-too-late",
            "proposal-answered",
            "consultation-closed",
            "follow-up-closed",
            "follow-up-there",
        }
    )

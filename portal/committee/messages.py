"""What people read when a committee rule says no: one translated sentence per error code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "stale": _l(
        "Someone else saved a change while you had this page open. Nothing was overwritten: "
        "your text is still in the form, and what is saved now is shown above it. "
        "Compare the two, then save again."
    ),
    "not-escalated": _l(
        "%(references)s is no longer waiting for the committee: it is on another item, "
        "or was sent back. Reload the page to see the issues that wait."
    ),
    "other-committee": _l("%(references)s was sent to another committee."),
    "minutes-published": _l(
        "The minutes of this meeting are published, so its agenda cannot change. Choose another meeting."
    ),
    "meeting-not-held": _l(
        "The decision can be recorded when the meeting has been held. Mark the meeting as held first."
    ),
    "decision-needed": _l("Write what the committee concluded."),
    "item-decided": _l("The item has a decision: no more issues can be added to it."),
    "other-committee-meeting": _l("That meeting belongs to another committee."),
    "same-meeting": _l("The item is already on that meeting's agenda."),
    "standing-item": _l("Standing items stay with their meeting."),
    "meeting-closed": _l("Items can be moved only to a meeting that has not been held yet."),
    "status-not-allowed": _l(
        "The meeting cannot get that status now. A meeting with recorded decisions stays held."
    ),
    "note-needed": _l("Write why the issue goes back."),
    "inactive": _l("The committee is not active."),
    "other-business-last": _l("“Any other business” is always the last item."),
    "default": _l("That cannot be done now. Reload the page and try again."),
}

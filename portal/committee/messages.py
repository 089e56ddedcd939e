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
    # Follow-up of decisions
    "follow-up-closed": _l(
        "The item “Follow-up of earlier decisions” can be added only to a meeting that has not been held yet."
    ),
    "follow-up-there": _l("The meeting already has the item “Follow-up of earlier decisions”."),
    "standing-no-follow-up": _l(
        "Follow-up measures answer the committee's decisions on cases, not standing items."
    ),
    # Meetings
    "deadline-after-meeting": _l("The deadline for proposals must be before the meeting."),
    # Members and composition
    "unknown-seat": _l("Choose the seat."),
    "name-needed": _l("Choose a person with an account, or write the name of someone without one."),
    "inactive-account": _l("That account is not active. Choose another person."),
    "term-needed": _l("Give the first and the last day of the term."),
    "term-years": _l("Give dates between the years 2000 and 2100."),
    "term-order": _l("The term must end on or after the day it starts."),
    "member-twice": _l("%(name)s is already a member for that term."),
    "terms-overlap": _l(
        "%(name)s already has a seat from %(start)s to %(end)s, and one person holds one seat at a time. "
        "End that term first, or choose other dates."
    ),
    "chair-outside-term": _l(
        "This member chairs the committee or is vice-chair in %(years)s: the term must cover those years, "
        "in a student or staff seat. Choose another chair for those years first."
    ),
    "member-has-history": _l(
        "This member has been summoned to meetings or has chaired the committee, so the record stays. "
        "End the term instead."
    ),
    "year-range": _l("Give a year between 2000 and 2100."),
    "chair-not-member": _l(
        "The chair must be a member of the committee in a student or staff seat, with a term in %(year)s."
    ),
    "vice-chair-not-member": _l(
        "The vice-chair must be a member of the committee in a student or staff seat, with a term in %(year)s."
    ),
    "same-person": _l("The chair and the vice-chair must be two different people."),
    "unknown-language": _l("Choose one of the languages."),
    "unknown-rule": _l("Choose one of the rules."),
    # Notice, absence, attendance
    "meeting-held": _l("The meeting has been held: this can only be done before it."),
    "absence-too-late": _l(
        "Absence can be reported in the portal only until the meeting starts. Tell the secretary directly."
    ),
    "not-summoned": _l("Only members summoned to this meeting can report absence from it."),
    "person-not-summoned": _l("That person is not summoned to this meeting. Reload the page."),
    "substitute-called": _l(
        "A substitute is already called in for you. Tell the secretary that you can come after all."
    ),
    "already-replaced": _l("%(name)s is already called in for this member."),
    "not-substitute": _l("Choose one of the committee's substitutes who is not called in already."),
    "minutes-approved": _l("These minutes are approved at a later meeting, so they can no longer change."),
    "unknown-attendance": _l("Choose present or absent."),
    # Proposals
    "proposals-closed": _l("This meeting takes no proposals: the secretary has set no deadline for them."),
    "proposal-too-late": _l("The deadline for proposing items to this meeting has passed."),
    "not-allowed-source": _l("You cannot propose an item on behalf of that body."),
    "title-needed": _l("Give the item a title."),
    "proposal-answered": _l("This proposal is answered already."),
    "answer-needed": _l("Write why the item is not put on the agenda."),
    # Consultations
    "standing-no-consultation": _l("Standing items are not sent for consultation."),
    "campuses-needed": _l("Choose at least one campus council."),
    "deadline-needed": _l("Give the deadline for the statements."),
    "deadline-past": _l("The deadline must be a day that has not passed."),
    "consultation-deadline-after-meeting": _l("The deadline for the statements must be before the meeting."),
    "already-consulted": _l("%(campuses)s already have this item for consultation."),
    "not-consulted": _l("Your campus council has not been asked for a statement on this item."),
    "consultation-closed": _l("The meeting has been held: the consultation is closed."),
    "statement-needed": _l("Write the statement."),
    "default": _l("That cannot be done now. Reload the page and try again."),
}

"""The words for each MeasureError code. The SMART ones say which letter they stand for."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That is not possible for this measure now."),
    "title-needed": _l("Give the measure a short title that says what will be done (SMART: specific)."),
    "purpose-needed": _l("Say what the problem is and what you want to achieve (SMART: specific)."),
    "criterion-needed": _l(
        "Say how you will know it worked: a criterion someone can check, like “at most 5 complaints a "
        "term” (SMART: measurable)."
    ),
    "responsible-needed": _l(
        "Name who is responsible: a unit from the list, or a role or person who has agreed to do it "
        "(SMART: accepted)."
    ),
    "due-needed": _l("Give the date it should be done by (SMART: time-bound)."),
    "due-past": _l("The due date has passed. Choose today or a later date (SMART: realistic)."),
    "due-far": _l("Choose a due date within five years (SMART: realistic)."),
    "too-long": _l("Use at most %(max)d characters."),
    "unit": _l("Choose a unit from the list, or none."),
    "email": _l("Enter an e-mail address like name@example.no."),
    "issue-unknown": _l("There is no issue with the reference %(reference)s."),
    "issue-other-campus": _l(
        "%(reference)s is another campus's issue. A campus's measures answer that campus's issues."
    ),
    "issue-not-with-committee": _l(
        "%(reference)s has not been sent to this committee. The committee's measures answer its own issues."
    ),
    "too-many-issues": _l("A measure can answer at most %(max)d issues."),
    "item": _l("Choose one of this committee's agenda items, or none."),
    "survey": _l("Choose a published survey round, or one of its questions, from the list."),
    "survey-round-needed": _l("Choose the survey round first: a question or campus belongs to a round."),
    "survey-other-campus": _l(
        "A campus's measures answer that campus's survey results. Choose your own campus, or all campuses."
    ),
    # Putting a plan's status report on a meeting's agenda
    "meeting-needed": _l("Choose one of the committee's meetings that are not held yet."),
    "meeting-held": _l(
        "That meeting has been held, so its agenda cannot change. Choose a meeting that is still to come."
    ),
    "meeting-other-committee": _l(
        "That meeting belongs to a committee you are not secretary of. Choose one of your committee's meetings."
    ),
    "plan-empty": _l("The plan has no measures yet, so there is nothing to report on."),
    "status": _l("Choose one of the statuses."),
    "same-status": _l("The measure already has this status."),
    "not-finished": _l(
        "Evaluate a measure when it is done or dropped. Change its status first; what you wrote is kept here."
    ),
    "evaluation-needed": _l("Answer all three questions: purpose, result and process."),
    "text-needed": _l("Write the update."),
    "stale": _l(
        "Someone changed this measure while you had it open. Look at it again and repeat what you did."
    ),
}

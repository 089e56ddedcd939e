"""The words for each ReferralError code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That is not possible for this referral now."),
    "unit": _l("Choose a unit from the list."),
    "due-needed": _l("Give the date the unit should answer by."),
    "due-past": _l("The answer date has passed. Choose today or a later date."),
    "due-far": _l("Choose an answer date within a year."),
    "not-referable": _l(
        "This issue cannot be referred now: only an accepted issue (or one with the committee) can."
    ),
    "confidential": _l(
        "Confidential (psychosocial) issues are not referred: their text stays with the campus council "
        "and the committee."
    ),
    "hidden": _l("The issue's text is hidden. Show it again before you refer it: the unit must read it."),
    "answer-needed": _l("Write your answer."),
    "too-long": _l("Use at most %(max)d characters."),
    "answered": _l("This referral is already answered."),
    "withdrawn": _l("This referral was withdrawn."),
    "closed": _l("The issue has moved on, so this referral can no longer be answered."),
    "stale": _l(
        "Someone changed this issue while you had it open. Look at it again and repeat what you did."
    ),
    "email": _l("Enter an e-mail address like name@example.no."),
    "name-needed": _l("Write the name in bokmål, nynorsk and English."),
}

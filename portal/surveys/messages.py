"""What people read when a survey rule says no: one translated sentence per SurveyError code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.errors import DomainError


class SurveyError(DomainError):
    messages_module = "portal.surveys.messages"
    conflicts = frozenset({"stale", "already-answered", "changed"})


MESSAGES = {
    # Answering
    "not-student": _l("Only students can answer surveys."),
    "not-in-audience": _l("This survey is for students at other campuses."),
    "not-open-yet": _l("This survey has not opened yet."),
    "closed": _l("This survey has closed. Thank you for your interest."),
    "already-answered": _l("You have already answered this survey. An answer cannot be changed."),
    "required": _l("Answer this question."),
    "invalid-choice": _l("Choose one of the answers shown."),
    "one-only": _l("Choose only one answer."),
    "too-long": _l("Use at most %(max)d characters."),
    "changed": _l("The survey was changed while you answered. Look at your answers again and send them."),
    "expired": _l("Your earlier answers could not be read. Start again from the first part."),
    # Rounds
    "not-owner": _l("You can publish rounds only for your own committee or campus."),
    "campus-audience": _l("A campus council's round is for its own campus only."),
    "campus-unknown": _l("Choose campuses from the list."),
    "audience-empty": _l("Choose at least one campus, or all campuses."),
    "audience-too-small": _l(
        "Too few students for this round: %(count)d in the audience, and at least %(needed)d are needed "
        "(twice the minimum group size), so that results can be shown without exposing anyone."
    ),
    "order": _l("The survey must close after it opens."),
    "in-past": _l("Choose a time from now on."),
    "min-group": _l("The minimum group size must be between %(low)d and %(high)d."),
    "reminder-outside": _l("Reminders must fall between the opening and the closing day."),
    "too-many-reminders": _l("Choose at most %(max)d reminder dates."),
    "fixed-after-open": _l("The round has opened: only the closing time and the reminders can change now."),
    "not-open": _l("The round is not open."),
    "not-closed": _l("The round has not closed yet."),
    "already-published": _l("The results are already published."),
    "has-started": _l("A round that has opened cannot be deleted."),
    "no-survey": _l("Choose a survey."),
    "stale": _l("The round was changed meanwhile. Look at it again before you go on."),
    "default": _l("That is not possible in this survey now."),
}

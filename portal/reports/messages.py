"""What people read when a rule of the annual report says no."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That cannot be done with the report now. Reload the page and try again."),
    "too-long": _l("Use at most %(max)d characters."),
    "stale": _l(
        "Someone else saved the report while you had this page open. Nothing was overwritten: your "
        "text is still in the form, and what is saved now is shown above it. Compare, then save again."
    ),
    "no-meeting": _l(
        "The committee has no meeting that is still to come. Create the meeting first, then place the report on it."
    ),
    "placed": _l("The report is already on the agenda as case %(case)s."),
}

"""The words for each AccountError code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That cannot be done with this account."),
    "email-taken": _l("An account with this e-mail address exists already."),
    "campus-needed": _l("Choose the campus this leader leads."),
    "committee-needed": _l("Choose the committee."),
    "already-held": _l("The person already has this role."),
}

"""What people read when an issue rule says no: one translated sentence per error code."""

from __future__ import annotations

from flask_babel import gettext as _


def photo_message(code: str, name: str) -> str:
    messages = {
        "too-large": _("“%(name)s” is larger than 8 MB. Choose a smaller photo.", name=name),
        "empty": _("“%(name)s” is empty.", name=name),
        "format": _("“%(name)s” is not a JPEG, PNG or WebP photo.", name=name),
        "too-many-pixels": _("“%(name)s” has too many pixels. Choose a smaller photo.", name=name),
        "broken": _("“%(name)s” could not be read as a photo.", name=name),
    }
    return messages.get(code, messages["broken"])


def issue_error_message(code: str) -> str:
    return {
        "inactive": _("That campus or category is not in use any more. Choose another."),
        "own-issue": _("You cannot support an issue you raised yourself."),
        "not-supportable": _("This issue cannot be supported."),
        "not-student": _("Only students can do this."),
        "not-author": _("Only the person who raised the issue can do this."),
        "not-allowed": _("That step is not possible for this issue now."),
        "stale": _(
            "Someone changed this issue while you had it open. Look at it again and repeat what you did."
        ),
        "note-needed": _("Write a text first."),
    }.get(code, _("That step is not possible for this issue now."))

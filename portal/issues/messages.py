"""What people read when an issue rule says no: one translated sentence per error code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "default": _l("That step is not possible for this issue now."),
    "inactive": _l("That campus or category is not in use any more. Choose another."),
    "own-issue": _l("You cannot support an issue you raised yourself."),
    "not-supportable": _l("This issue cannot be supported."),
    "not-student": _l("Only students can do this."),
    "not-author": _l("Only the person who raised the issue can do this."),
    "not-allowed": _l("That step is not possible for this issue now."),
    "stale": _l(
        "Someone changed this issue while you had it open. Look at it again and repeat what you did."
    ),
    "note-needed": _l("Write a text first."),
    "public-note-needed": _l("Write the text the student will see."),
    "merge-unknown": _l("There is no issue with that reference."),
    "merge-itself": _l("An issue cannot be merged into itself."),
    "merge-closed": _l("That issue is merged, rejected or closed; choose an open one."),
    "merge-other-campus": _l(
        "Merge only into an issue on the same campus, or one already sent to the committee."
    ),
    "merge-confidential": _l("Confidential issues cannot be merged."),
    "committee-needed": _l("Choose the committee."),
    "focus-area": _l("Choose one of this year's focus areas."),
    # Photos: %(name)s is the file's name as the student chose it.
    "too-large": _l("“%(name)s” is larger than 8 MB. Choose a smaller photo."),
    "empty": _l("“%(name)s” is empty."),
    "format": _l("“%(name)s” is not a JPEG, PNG or WebP photo."),
    "too-many-pixels": _l("“%(name)s” has too many pixels. Choose a smaller photo."),
    "broken": _l("“%(name)s” could not be read as a photo."),
}

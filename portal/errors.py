"""One way to refuse: services raise a DomainError, one view helper shows it.

A domain subclasses DomainError once (VotingError, IssueError, …) and keeps the words
for its codes in its own `messages.py` as MESSAGES = {code: _l("…")}; the texts may
use named placeholders filled from the error's params, and a text that depends on a
number is a function of the params (for ngettext). `refused()` rolls the
transaction back, puts the message on the form field the error names (or flashes
it) and returns the HTTP status: 409 for codes that mean "something changed
meanwhile", 400 for the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, ClassVar

from flask import flash


class DomainError(Exception):
    """A rule said no. `code` names the rule, `field` the form field it concerns (or None),
    `params` fill the placeholders of the message."""

    # The module whose MESSAGES table words this domain's codes ("portal.voting.messages").
    messages_module: ClassVar[str]
    # Codes that mean the data changed since the page was loaded: answered with 409.
    conflicts: ClassVar[frozenset[str]] = frozenset({"stale"})

    def __init__(self, code: str, field: str | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    @property
    def status(self) -> int:
        return 409 if self.code in self.conflicts else 400

    @property
    def message(self) -> str:
        """The translated sentence for this code, in the current request's language."""
        table = import_module(self.messages_module).MESSAGES
        entry = table.get(self.code) or table["default"]
        if callable(entry):
            return entry(self.params)
        text = str(entry)
        return text % self.params if self.params else text


def refused(error: DomainError, form=None) -> int:
    """Roll back, show `error` on its form field (or as a flash message), return 400 or 409.

    The view then re-renders its page with that status, or redirects when it has no form.
    """
    from portal.extensions import db

    db.session.rollback()
    field = form._fields.get(error.field) if form is not None and error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
    return error.status


def refusal_status(form, status: int = 200) -> int:
    """The status of a page shown again after its form was sent: 400 when the form did not
    pass (a rule's own status if one said no), 200 when it was only shown."""
    if status != 200 or not form.is_submitted():
        return status
    return 400

"""Signals between domains: senders never import their listeners.

Each signal names its sender and keyword arguments; receivers connect in their own
domain (e.g. portal/issues/notifications.py) and write only their own tables.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the Issue; kwargs: event (IssueEvent). Sent only when the status changed.
issue_status_changed = _signals.signal("issue-status-changed")
# sender: the Issue; kwargs: event (IssueEvent). A public update without a status change.
issue_noted = _signals.signal("issue-noted")
# sender: the Issue; kwargs: user (the former author). The author cut the link to the issue:
# whatever ties them to it (notifications, queued mail) must go.
author_unlinked = _signals.signal("author-unlinked")
# sender: the Measure; kwargs: what ("created", "done" or "dropped"), issue_ids (the issues it
# answers that this concerns: all of them, or those just attached). Their followers are told.
measure_changed = _signals.signal("measure-changed")

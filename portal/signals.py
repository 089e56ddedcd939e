"""Signals between domains: senders never import their listeners."""

from blinker import Namespace

_signals = Namespace()

# sender: the User; kwargs: token (str)
user_registered = _signals.signal("user-registered")
# sender: the User; kwargs: role, campus, committee, actor
role_granted = _signals.signal("role-granted")
role_revoked = _signals.signal("role-revoked")

# sender: the Issue
issue_submitted = _signals.signal("issue-submitted")
# sender: the Issue; kwargs: event (IssueEvent)
issue_status_changed = _signals.signal("issue-status-changed")

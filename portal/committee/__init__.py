"""The committee's agenda (DESIGN.md §3.3): escalated inbox, meetings, agenda items,
exports, decisions; and the public "You said, we did" pages.

Two blueprints: `committee` for secretaries and members (every route needs an account
and a role in that committee), and `public_committee` for what anyone may read.
"""

from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/committee", template_folder="templates")
public_bp = Blueprint("public_committee", __name__, template_folder="templates")

from portal.committee import (  # noqa: E402, F401 - commands, the grouping receiver, personal data, routes, helpers
    cli,
    grouping,
    privacy,
    templating,
    views,
)

"""Campus leaders triage their campus's issues: inbox, status changes, merge, moderation."""

from flask import Blueprint

bp = Blueprint("triage", __name__, url_prefix="/triage", template_folder="templates")

from portal.triage import cli, digest, views  # noqa: E402, F401 - routes, commands, notification kind

"""Focus-area rounds: students propose and vote, with a secret ballot (DESIGN.md §3.4).

Two blueprints: `voting` for everything that needs an account, and
`public_voting` for published results, which anyone may read.
"""

from flask import Blueprint

bp = Blueprint("voting", __name__, url_prefix="/focus-areas", template_folder="templates")
public_bp = Blueprint("public_voting", __name__, url_prefix="/focus-areas")

from portal.voting import cli, notifications, privacy, templating, views  # noqa: E402, F401 - routes, helpers, kinds, commands, personal data

"""Issues students raise, support and follow."""

from flask import Blueprint

bp = Blueprint("issues", __name__, template_folder="templates")

from portal.issues import notifications, privacy, templating, views  # noqa: E402, F401 - routes, helpers, receivers

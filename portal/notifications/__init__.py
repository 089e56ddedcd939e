"""Mail outbox, in-portal notifications and each person's e-mail choices."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")

from portal.notifications import privacy, views  # noqa: E402, F401 - routes, personal data, receivers

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")

from portal.accounts import sso, views  # noqa: E402, F401 - register the routes

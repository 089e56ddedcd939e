"""Flask-Login wiring: sessions carry a token that sign-out and a password change rotate."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from portal.db import utcnow
from portal.extensions import db

# A clock a little ahead on another instance must not sign anyone out.
CLOCK_SKEW_SECONDS = 300


def configure_login(login_manager) -> None:
    from portal.accounts.models import User

    login_manager.login_view = "accounts.sign_in"
    # Flashing a lazy string breaks the session; translate inside the request.
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    # "strong" would sign a phone out when it moves between eduroam and mobile data.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load(user_id: str):
        # "<id>:<session token>:<signed in at>", from User.get_id via the session or the
        # remember-me cookie (both signed). A copy stops working when the token rotates,
        # and whatever happens, SESSION_DAYS after the sign-in.
        parts = user_id.split(":")
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1] or not parts[2].isdigit():
            return None
        age = utcnow().timestamp() - int(parts[2])
        if not -CLOCK_SKEW_SECONDS <= age <= current_app.permanent_session_lifetime.total_seconds():
            return None
        # The roles come in the same query: every page asks for them (navigation, permissions).
        user = db.session.get(User, int(parts[0]), options=[joinedload(User.role_grants)])
        if user is None or user.session_token != parts[1] or not user.is_active:
            return None
        return user

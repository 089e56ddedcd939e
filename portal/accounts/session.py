"""Flask-Login wiring: sessions carry a token that a password change rotates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.extensions import db


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
        user_pk, _, token = user_id.partition(":")
        if not user_pk.isdigit() or not token:
            return None
        user = db.session.get(User, int(user_pk))
        if user is None or user.session_token != token or not user.is_active:
            return None
        return user

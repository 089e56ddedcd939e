"""Single sign-on with OpenID Connect (Feide), enabled when OIDC_* variables are set.

Accounts are matched on the provider's stable subject id (issuer + sub). A first
sign-in links an existing account with the same verified e-mail address, or
creates a new, verified student account.
"""

from __future__ import annotations

import sqlalchemy as sa
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from portal.accounts import bp
from portal.accounts.models import User
from portal.accounts.queries import user_by_email
from portal.accounts.service import user_create, user_signed_in
from portal.audit.service import audit_record
from portal.core.navigation import external_url, safe_next
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import current_language

oauth = OAuth()


def sso_enabled() -> bool:
    config = current_app.config
    return bool(config["OIDC_ISSUER"] and config["OIDC_CLIENT_ID"] and config["OIDC_CLIENT_SECRET"])


def register_sso(app: Flask) -> None:
    config = app.config
    if not (config["OIDC_ISSUER"] and config["OIDC_CLIENT_ID"] and config["OIDC_CLIENT_SECRET"]):
        return
    oauth.init_app(app)
    oauth.register(
        "oidc",
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )


@bp.get("/sso")
def sso_start():
    if not sso_enabled():
        abort(404)
    session["sso_next"] = safe_next(request.args.get("next"))
    return oauth.oidc.authorize_redirect(external_url("accounts.sso_callback"))


@bp.get("/sso/callback")
def sso_callback():
    if not sso_enabled():
        abort(404)
    try:
        token = oauth.oidc.authorize_access_token()
    except Exception:
        current_app.logger.warning("OIDC callback failed", exc_info=True)
        flash(
            _(
                "Sign-in with %(provider)s did not work. Please try again.",
                provider=current_app.config["OIDC_NAME"],
            ),
            "error",
        )
        return redirect(url_for("accounts.sign_in"))
    claims = token.get("userinfo") or {}
    user = sso_user_for_claims(claims)
    if user is None or not user.is_active:
        flash(
            _(
                "Sign-in with %(provider)s did not work. Please try again.",
                provider=current_app.config["OIDC_NAME"],
            ),
            "error",
        )
        return redirect(url_for("accounts.sign_in"))
    user_signed_in(user)
    db.session.commit()
    login_user(user)
    if user.home_campus_id is None:
        flash(_("Welcome! Choose your home campus in your profile."), "info")
        return redirect(url_for("accounts.profile"))
    return redirect(session.pop("sso_next", None) or url_for("core.home"))


def sso_user_for_claims(claims: dict) -> User | None:
    """Find or create the account for an ID token's claims (flushes)."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not issuer or not subject:
        return None
    user = db.session.scalar(
        sa.select(User).where(User.oidc_issuer == issuer, User.oidc_subject == str(subject))
    )
    if user is not None:
        return user
    email = (claims.get("email") or "").strip().lower() or None
    if email and claims.get("email_verified", True) is not False:
        user = user_by_email(email)
        if user is not None:
            user.oidc_issuer, user.oidc_subject = issuer, str(subject)
            if user.email_verified_at is None:
                user.email_verified_at = utcnow()
            audit_record(actor=user, action="user.sso-linked", target_type="user", target_id=user.id)
            return user
    user = user_create(
        name=(claims.get("name") or email or _("Student"))[:120],
        email=email,
        password=None,
        locale=current_language(),
        verified=True,
    )
    user.oidc_issuer, user.oidc_subject = issuer, str(subject)
    return user

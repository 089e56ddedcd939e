"""Læringsmiljøportalen: the application factory.

create_app reads as the checklist of what the portal is made of.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from portal.config import check_production, from_environment


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    load_configuration(app, config)
    register_extensions(app)
    register_languages(app)
    register_security(app)
    register_blueprints(app)
    register_error_pages(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def load_configuration(app: Flask, overrides: dict | None) -> None:
    app.config.update(from_environment(app.instance_path))
    if overrides:
        app.config.update(overrides)
    check_production(app.config)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    if app.config["PORTAL_ENV"] != "production":
        import email_validator

        # Demo and test accounts use the reserved .test domain (DESIGN.md §7).
        email_validator.TEST_ENVIRONMENT = True
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from portal import models  # noqa: F401 - every model is known before migrations run
    from portal.db import configure_engines
    from portal.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    configure_engines(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from portal.accounts.session import configure_login
    from portal.accounts.sso import register_sso

    configure_login(login_manager)
    register_sso(app)


def register_languages(app: Flask) -> None:
    from portal.extensions import babel
    from portal.i18n import install_fast_gettext, select_locale

    # Flask-Babel 4: the selector must be given to init_app, or it is dropped.
    babel.init_app(app, locale_selector=select_locale)
    install_fast_gettext(app, babel)


def register_security(app: Flask) -> None:
    from portal.core.http_cache import register_cache_headers
    from portal.security import register_security_headers

    register_security_headers(app)
    register_cache_headers(app)


def register_blueprints(app: Flask) -> None:
    from portal.accounts import bp as accounts_bp
    from portal.admin import bp as admin_bp
    from portal.committee import bp as committee_bp
    from portal.committee import public_bp as public_committee_bp
    from portal.core import bp as core_bp
    from portal.issues import bp as issues_bp
    from portal.measures import bp as measures_bp
    from portal.notifications import bp as notifications_bp
    from portal.referrals import admin_bp as referral_units_bp
    from portal.referrals import bp as referrals_bp
    from portal.referrals import public_bp as public_referrals_bp
    from portal.reports import bp as reports_bp
    from portal.surveys import bp as surveys_bp
    from portal.triage import bp as triage_bp
    from portal.voting import bp as voting_bp
    from portal.voting import public_bp as public_voting_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(issues_bp)
    app.register_blueprint(triage_bp)
    app.register_blueprint(voting_bp)
    app.register_blueprint(public_voting_bp)
    app.register_blueprint(committee_bp)
    app.register_blueprint(public_committee_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(public_referrals_bp)
    app.register_blueprint(referral_units_bp)
    app.register_blueprint(measures_bp)


def register_error_pages(app: Flask) -> None:
    from portal.core.errors import register_error_handlers

    register_error_handlers(app)


def register_template_helpers(app: Flask) -> None:
    from portal.core.templating import register_template_helpers as register

    register(app)


def register_commands(app: Flask) -> None:
    from portal.cli import portal_cli

    app.cli.add_command(portal_cli)

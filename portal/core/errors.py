"""Translated error pages for every status a person can meet."""

from __future__ import annotations

import contextlib

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, login_manager


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("The request could not be understood"),
            _("Something in what was sent did not make sense to us. Go back and try again."),
        ),
        403: (
            _("You do not have access to this page"),
            _("Your account does not have the role this page needs."),
        ),
        404: (
            _("Page not found"),
            _("The page may have been moved, or the address may be mistyped."),
        ),
        405: (
            _("That cannot be done here"),
            _("This address does not accept that kind of request."),
        ),
        413: (
            _("What you sent is too large"),
            _("Files can be at most 8 MB each. Go back and choose smaller files."),
        ),
        429: (
            _("Too many attempts"),
            _("Please wait a few minutes before you try again."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The error has been logged. Please try again in a little while."),
        ),
    }


# The statuses _messages() has words for (known without choosing a language, which may need the database).
ERROR_PAGES = (400, 403, 404, 405, 413, 429, 500)


def render_error(code: int, detail: str | None = None):
    try:
        return _render_error(code, detail)
    except SQLAlchemyError:
        # The database does not answer, and the page needed it: the signed-in person, their
        # language and the navigation's badges are loaded from it. Show the page as to a visitor.
        _without_database()
        return _render_error(code, detail)


def _render_error(code: int, detail: str | None):
    title, explanation = _messages().get(code, _messages()[500])
    return (
        render_template("errors/error.html", code=code, title=title, explanation=explanation, detail=detail),
        code,
    )


def _without_database() -> None:
    """The rest of this request runs without a query: an anonymous visitor, whose language
    comes from the cookie or the browser, and navigation without badges."""
    from flask import g
    from flask_babel import refresh

    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    # Flask-Login keeps the request's user in g._login_user; a visitor needs no query.
    g._login_user = login_manager.anonymous_user()
    refresh()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        # Lazy: translated while the page renders, where a database outage is handled.
        return render_error(
            400,
            _l("The form had expired or was sent from another page. Go back, reload it and send it again."),
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        code = error.code if error.code in ERROR_PAGES else 500
        response = render_error(code)
        if code == 429:
            retry = getattr(error, "retry_after", None)
            if retry:
                return response[0], 429, {"Retry-After": str(retry)}
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        with contextlib.suppress(SQLAlchemyError):  # the database is down; the page is shown without it
            db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)

"""Who may keep a copy of a page (Cache-Control), and a cheap "not changed" answer (ETag).

Every page is private unless it says otherwise: a browser may keep it for the back button but
must ask again, and no shared cache (a proxy) may store it. A page that is the same for
everyone who may see it is marked with `shared_page`; it is public only when the request
carries no cookie but the language one and the answer sets none, so nothing in it can
belong to a person (no name, no form token, no flash message). It varies on Cookie and
Accept-Language, so a proxy never hands the anonymous copy to someone signed in, or to a
reader of another language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, g, make_response, request, session

from portal.i18n import LANGUAGE_COOKIE

# Short: a moderator who hides an issue expects it gone from every list soon after.
SHARED_MAX_AGE = 60


def shared_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view whose page is the same for every visitor who may see it."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        g.shared_page = True
        return make_response(view(*args, **kwargs))

    return wrapped


def anonymous_request() -> bool:
    """No cookie that can tie the request to a person or a session."""
    return not (set(request.cookies) - {LANGUAGE_COOKIE})


def publicly_cacheable(response: Response) -> bool:
    return (
        g.get("shared_page", False)
        and request.method in ("GET", "HEAD")
        and response.status_code == 200
        and anonymous_request()
        and not session.modified
        and "Set-Cookie" not in response.headers
    )


def register_cache_headers(app: Flask) -> None:
    @app.after_request
    def _cache_headers(response: Response) -> Response:
        if "Cache-Control" in response.headers:
            return response  # static files, downloads and the unit's page say it themselves
        response.vary.add("Cookie")
        if publicly_cacheable(response):
            response.vary.add("Accept-Language")
            response.cache_control.public = True
            response.cache_control.max_age = SHARED_MAX_AGE
            response.add_etag()
            response.make_conditional(request)
        else:
            response.cache_control.private = True
            response.cache_control.no_cache = True
        return response

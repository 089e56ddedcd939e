"""Languages: which locale a request gets, and rendering in someone else's language.

Order (DESIGN.md §4): the signed-in person's preference, else an explicit choice
remembered in a cookie, else the browser's Accept-Language, else bokmål.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import get_datetime_format
from flask import has_app_context, has_request_context, request
from flask.globals import _cv_app
from flask_babel import Domain, force_locale, format_date, format_time, get_locale, refresh
from flask_login import current_user

# People, meetings and voting days are in Norway: local dates and years use this zone.
OSLO = ZoneInfo("Europe/Oslo")


def local_year(moment: datetime | None = None) -> int:
    """The calendar year in Oslo (case numbers, reports and rounds run per Norwegian year)."""
    from portal.db import utcnow

    return (moment or utcnow()).astimezone(OSLO).year


def today_in_oslo(now: datetime | None = None) -> date:
    from portal.db import utcnow

    return (now or utcnow()).astimezone(OSLO).date()


LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
LANGUAGE_COOKIE = "lang"
# Each language named in itself, as a language switch should.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
# The locale Babel formats dates and numbers in. The interface's English is British English:
# "15 Nov 2026, 14:49", not the US "11/15/26, 2:49 PM". Translations for en_GB fall back to
# the "en" catalog, and current_language() (and so <html lang>) stays "en".
FORMAT_LOCALES = {"nb": "nb", "nn": "nn", "en": "en_GB"}


def format_locale(language: str | None) -> str:
    return FORMAT_LOCALES[language_from_tag(language) or DEFAULT_LANGUAGE]


def language_from_tag(tag: str | None) -> str | None:
    """Map a language tag to one of ours.

    Browsers in Norway often send only `no` (or `no-NO`), which Babel's alias
    table would turn into `nb_NO`; it means bokmål here.
    """
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    if primary in {"nb", "no"}:
        return "nb"
    if primary in {"nn", "en"}:
        return primary
    return None


def select_locale() -> str:
    return format_locale(_selected_language())


def _selected_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated:
        preferred = language_from_tag(getattr(current_user, "locale", None))
        if preferred:
            return preferred
    chosen = language_from_tag(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    for tag, _quality in request.accept_languages:
        language = language_from_tag(tag)
        if language:
            return language
    return DEFAULT_LANGUAGE


def _babel_context():
    """Flask-Babel's per-request state, read without the proxy lookups of flask.g (a page asks
    for it hundreds of times: every translated string and every localised name)."""
    app_context = _cv_app.get(None)
    return app_context.g.__dict__.get("_flask_babel") if app_context is not None else None


def fast_translations():
    """The request's gettext catalog, the same object Flask-Babel gives, kept beside the locale
    it belongs to: force_locale() (in_language) sets a new locale object, so mail rendered in
    another language never takes this request's catalog."""
    context = _babel_context()
    locale = getattr(context, "babel_locale", None)
    if locale is not None:
        cached = getattr(context, "portal_translations", None)
        if cached is not None and cached[0] is locale:
            return cached[1]
    translations = Domain.get_translations(_DOMAIN)
    context = _babel_context()
    locale = getattr(context, "babel_locale", None)
    if locale is not None:
        context.portal_translations = (locale, translations)
    return translations


class _FastDomain(Domain):
    """Flask-Babel's message domain, answering from fast_translations()."""

    def get_translations(self):
        return fast_translations()


_DOMAIN = _FastDomain(domain="messages")


def install_fast_gettext(app, babel) -> None:
    """Templates and `_()` translate through fast_translations() (Flask-Babel looks the locale
    up again for every string, hundreds of times a page)."""
    babel.__dict__["domain_instance"] = _DOMAIN  # Flask-Babel's default domain (a cached_property)
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: fast_translations().ugettext(string),
        ngettext=lambda singular, plural, n: fast_translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: fast_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: fast_translations().unpgettext(
            context, singular, plural, n
        ),
    )


def current_language() -> str:
    # In an app context too: mail rendered by cron commands inside in_language() is in the
    # recipient's language, names of campuses and units included.
    context = _babel_context()
    locale = getattr(context, "babel_locale", None)
    if locale is not None:
        cached = getattr(context, "portal_language", None)
        if cached is not None and cached[0] is locale:
            return cached[1]
    else:
        locale = get_locale() if has_app_context() else None
    language = (language_from_tag(str(locale)) if locale else None) or DEFAULT_LANGUAGE
    context = _babel_context()
    if locale is not None and context is not None:
        context.portal_language = (locale, language)
    return language


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Render mail, notifications and exports in a recipient's language."""
    with force_locale(format_locale(language)):
        yield


# One style per context (issue #9 item 25): lists show the day, "15. nov. 2026" /
# "15 Nov 2026"; timelines and deadlines the day and the time, "15. nov. 2026, 14:49" /
# "15 Nov 2026, 14:49". Both in Europe/Oslo (BABEL_DEFAULT_TIMEZONE).
def format_day(value) -> str:
    """The day alone: lists, and anonymous issues, whose times are rounded to the day."""
    return format_date(value, "medium") if value else ""


def format_moment(value) -> str:
    """The day and the time of day, for timelines, logs and deadlines."""
    if not value:
        return ""
    pattern = str(get_datetime_format("medium", locale=get_locale()))
    return pattern.replace("{1}", format_date(value, "medium")).replace("{0}", format_time(value, "short"))


__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "current_language",
    "format_day",
    "format_locale",
    "format_moment",
    "in_language",
    "language_from_tag",
    "refresh",
    "select_locale",
]

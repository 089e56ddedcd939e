"""Template filters and globals: dates in Europe/Oslo per locale, languages, navigation."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import format_decimal, format_percent
from flask_login import current_user

from portal.authz import Role
from portal.i18n import LANGUAGE_NAMES, LANGUAGES, current_language, format_day, format_moment


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    # {% trans %} blocks are trimmed, as the extractor in babel.cfg expects.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # One style per context: `date` in lists, `datetime` in timelines, logs and deadlines. A
    # style argument (`|date('long')`) from older templates is ignored, so a page never mixes
    # "15.11.2026, 14:49" with "26. nov. 2026".
    app.jinja_env.filters["datetime"] = lambda value, _style=None: format_moment(value)
    app.jinja_env.filters["date"] = lambda value, _style=None: format_day(value)
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    app.jinja_env.filters["percent"] = lambda value: format_percent(value)

    @app.context_processor
    def _globals():
        return {
            "LANGUAGES": LANGUAGES,
            "LANGUAGE_NAMES": LANGUAGE_NAMES,
            "current_language": current_language(),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "Role": Role,
            "nav_items": navigation_items(),
            "unread_notifications": _unread_notifications(),
        }


def _unread_notifications() -> int:
    if not current_user.is_authenticated:
        return 0
    from portal.notifications.service import unread_count

    return unread_count(current_user)


def navigation_items() -> list[tuple[str, str]]:
    """Main navigation for the signed-in person's roles: (endpoint, label)."""
    from flask_babel import gettext as _

    items: list[tuple[str, str]] = [("core.home", _("Home")), ("issues.choose_campus", _("Issues"))]
    if not current_user.is_authenticated:
        return items
    if current_user.has_role(Role.STUDENT):
        items.append(("issues.mine", _("My issues")))
    items.append(("voting.index", _("Focus areas")))
    items.append(("surveys.index", _("Surveys")))
    if current_user.has_role(Role.CAMPUS_LEADER):
        items.append(("triage.index", _("Inbox")))
    from portal.committee.permissions import has_committee_page

    if has_committee_page(current_user):  # a role or a seat on a committee, or a campus council
        items.append(("committee.index", _("The committee")))
    if current_user.has_role(Role.CAMPUS_LEADER) or current_user.committee_ids():
        items.append(("measures.index", _("Action plans")))
    items.append(("notifications.index", _("Notifications")))
    if current_user.has_role(Role.ADMINISTRATOR):
        items.append(("admin.index", _("Administration")))
    return items

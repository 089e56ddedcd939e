"""Measures (tiltak) and action plans (DESIGN.md §3.5): what is done about a survey result,
issues or a committee decision, who is responsible, by when, and whether it worked.

Campus leaders own their campus's measures, a committee's secretary owns the committee's.
Students see the measures that answer their issues on the issue's page.
"""

from flask import Blueprint

bp = Blueprint("measures", __name__, url_prefix="/measures", template_folder="templates")

from portal.measures import cli, notifications, templating, views  # noqa: E402, F401 - routes, commands, kinds, helpers

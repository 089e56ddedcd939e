"""Surveys (DESIGN.md §3.5): definitions from surveys/*.toml, rounds for an audience, secret answers,
a live response rate, and results that never show a small group.

One blueprint, `surveys`; every page needs an account. The views are split by audience:
views/answer.py (students), views/manage.py (owners: rounds and the response rate),
views/results.py (results and their CSV, PDF and JSON).
"""

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/surveys", template_folder="templates")

from portal.surveys import notifications, privacy, templating, views  # noqa: E402, F401 - routes, kinds, helpers

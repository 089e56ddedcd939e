"""The committee's annual report (DESIGN.md §3.3): issues by campus, category and outcome,
response times, agenda items and decisions; a page with charts, and a PDF."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

from portal.reports import views  # noqa: E402, F401 - register the routes

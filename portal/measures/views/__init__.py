"""Measure pages, for the people who own and read action plans: plans (lists and exports)
and measures (create, edit, status, progress, evaluation). Students see measures on their
issue's page (portal/issues/templates/issues/detail.html includes measures/_on_issue.html)."""

from portal.measures.views import measures, plans  # noqa: F401 - register the routes

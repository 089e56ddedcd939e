"""The focus-area pages, split by audience: rounds (everyone signed in; secretaries run them),
curation (students propose, curators curate), ballot (students vote) and results."""

from portal.voting.views import ballot, curation, results, rounds  # noqa: F401 - register the routes

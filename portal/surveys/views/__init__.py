"""Survey pages, split by audience: answer (students), manage (owners), results."""

from flask_login import login_required

from portal.surveys import bp


@bp.before_request
@login_required
def _signed_in_only():
    pass


from portal.surveys.views import answer, manage, results  # noqa: E402, F401 - routes

"""The committee's pages, split by audience (as Indico splits a module's controllers):

- overview: the committee page, the escalated inbox and the issues sent to the committee;
- meetings: creating, changing and moving a meeting through its statuses;
- items: agenda items, their order, moves and decisions;
- exports: the agenda and minutes as print view, PDF and DOCX;
- public: "You said, we did", for everyone.

Every route under /committee/ needs an account; each one loads what it works on through a
loader in portal.committee.loaders that also checks the permission.
"""

from flask_login import login_required

from portal.committee import bp


@bp.before_request
@login_required
def _signed_in_only():
    pass


from portal.committee.views import exports, items, meetings, overview, public  # noqa: E402, F401 - routes
